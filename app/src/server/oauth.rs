//! The authorization server for outside apps (issue 13): OAuth 2.1 with
//! dynamic client registration (RFC 7591), the authorization-code flow with
//! PKCE S256, rotating refresh tokens, audience-bound access tokens (RFC
//! 8707) and revocation (RFC 7009). An app's sign-in is a token family, so
//! rotation, reuse detection and "sign-in ended" work as for password
//! sign-ins; every step is in Postgres, so any instance answers any step.

use super::{auth, db, tokens, AppState};
use crate::error::AppError;
use crate::features::auth::User;
use crate::features::settings::{AuthorizedApp, ConsentRequest};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use domain::oauth::{self, AuthorizeError, AuthorizeQuery, AuthorizeRequest, Scope};
use domain::text::BoundedText;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::Duration;

/// A code is swapped for tokens at once; this is generous for slow links.
pub const CODE_TTL: Duration = Duration::minutes(5);
/// Every client id starts with this.
pub const CLIENT_PREFIX: &str = "mcc_";

/// The one resource this server issues tokens for.
pub fn resource(state: &AppState) -> String {
    format!("{}/mcp", state.settings.public_url)
}

pub fn issuer(state: &AppState) -> String {
    state.settings.public_url.clone()
}

/// An error of the registration, token and revocation endpoints, in the
/// shape OAuth clients read (RFC 6749 §5.2): `{error, error_description}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthError {
    pub status: u16,
    pub error: &'static str,
    pub description: String,
}

impl OAuthError {
    fn new(status: u16, error: &'static str, description: impl Into<String>) -> Self {
        Self {
            status,
            error,
            description: description.into(),
        }
    }

    fn invalid_request(description: impl Into<String>) -> Self {
        Self::new(400, "invalid_request", description)
    }

    fn invalid_grant(description: impl Into<String>) -> Self {
        Self::new(400, "invalid_grant", description)
    }

    fn invalid_client(description: impl Into<String>) -> Self {
        Self::new(401, "invalid_client", description)
    }
}

impl From<AppError> for OAuthError {
    fn from(e: AppError) -> Self {
        match e.status() {
            503 => Self::new(503, "temporarily_unavailable", e.message),
            400..=499 => Self::invalid_request(e.message),
            _ => Self::new(500, "server_error", e.message),
        }
    }
}

impl From<sqlx::Error> for OAuthError {
    fn from(e: sqlx::Error) -> Self {
        AppError::from(e).into()
    }
}

/// What a client sends to register (RFC 7591 §2); other fields are ignored.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ClientMetadata {
    pub client_name: Option<String>,
    pub redirect_uris: Vec<String>,
    pub grant_types: Option<Vec<String>>,
    pub response_types: Option<Vec<String>>,
    pub token_endpoint_auth_method: Option<String>,
    pub scope: Option<String>,
}

/// A registered client (RFC 7591 §3.2.1). Every client is public: it proves
/// itself with PKCE, not a secret.
#[derive(Debug, Clone, Serialize)]
pub struct RegisteredClient {
    pub client_id: String,
    pub client_id_issued_at: i64,
    pub client_name: String,
    pub redirect_uris: Vec<String>,
    pub grant_types: Vec<&'static str>,
    pub response_types: Vec<&'static str>,
    pub token_endpoint_auth_method: &'static str,
    pub scope: String,
}

fn random_secret() -> String {
    tokens::new_refresh_token()
}

fn metadata_error(description: impl Into<String>) -> OAuthError {
    OAuthError::new(400, "invalid_client_metadata", description)
}

pub async fn register_client(
    state: &AppState,
    metadata: &ClientMetadata,
) -> Result<RegisteredClient, OAuthError> {
    let uris = &metadata.redirect_uris;
    if uris.is_empty() || uris.len() > 10 {
        return Err(OAuthError::new(
            400,
            "invalid_redirect_uri",
            "Register between 1 and 10 redirect_uris.",
        ));
    }
    for uri in uris {
        oauth::check_redirect_uri(uri)
            .map_err(|m| OAuthError::new(400, "invalid_redirect_uri", m))?;
    }
    let grants = metadata.grant_types.clone().unwrap_or_default();
    if let Some(other) = grants
        .iter()
        .find(|g| !matches!(g.as_str(), "authorization_code" | "refresh_token"))
    {
        return Err(metadata_error(format!(
            "grant_types: {other:?} is not supported; use authorization_code and refresh_token."
        )));
    }
    let responses = metadata.response_types.clone().unwrap_or_default();
    if responses.iter().any(|r| r != "code") {
        return Err(metadata_error("response_types: only code is supported."));
    }
    if let Some(scope) = &metadata.scope {
        Scope::parse_list(scope).map_err(metadata_error)?;
    }
    let name = match metadata.client_name.as_deref().map(str::trim) {
        None | Some("") => "An unnamed app".to_owned(),
        Some(raw) => BoundedText::parse(raw, "client_name", 1, 100)
            .map_err(|e| metadata_error(format!("client_name: {}", e.message)))?
            .as_str()
            .to_owned(),
    };
    let now = state.clock.now();
    let id = format!("{CLIENT_PREFIX}{}", random_secret());
    db::oauth::insert_client(&state.pool, &id, &name, uris, now).await?;
    Ok(RegisteredClient {
        client_id: id,
        client_id_issued_at: now.unix_timestamp(),
        client_name: name,
        redirect_uris: uris.clone(),
        grant_types: vec!["authorization_code", "refresh_token"],
        response_types: vec!["code"],
        token_endpoint_auth_method: "none",
        scope: Scope::list(&Scope::ALL),
    })
}

async fn check_request(
    state: &AppState,
    query: &AuthorizeQuery,
) -> Result<(db::oauth::ClientRow, AuthorizeRequest), AuthorizeError> {
    let client = match query.client_id.as_deref() {
        Some(id) if id.starts_with(CLIENT_PREFIX) && id.len() < 100 => {
            db::oauth::find_client(&state.pool, id)
                .await
                .map_err(|e| AuthorizeError::Show(AppError::from(e).message))?
        }
        _ => None,
    };
    let request = query.parse(
        client.as_ref().map(|c| c.redirect_uris.as_slice()),
        &resource(state),
    )?;
    match client {
        Some(client) => Ok((client, request)),
        None => Err(AuthorizeError::Show(
            "This app is not registered here.".into(),
        )),
    }
}

/// Where the app's answer goes, as a person can judge it.
fn return_to(redirect_uri: &str) -> String {
    match redirect_uri.split_once("://") {
        Some((_, rest)) => rest.split(['/', '?']).next().unwrap_or_default().to_owned(),
        None => redirect_uri
            .split(':')
            .next()
            .unwrap_or_default()
            .to_owned(),
    }
}

/// What the consent page shows for a request of a signed-in user.
pub async fn review(
    state: &AppState,
    _caller: &User,
    query: &AuthorizeQuery,
) -> Result<ConsentRequest, AuthorizeError> {
    let (client, request) = check_request(state, query).await?;
    Ok(ConsentRequest {
        client_name: client.name,
        return_to: return_to(&request.redirect_uri),
        scopes: request.scopes.iter().map(|s| s.key().to_owned()).collect(),
    })
}

/// The user's decision: the address the browser goes to next, with a
/// one-time code when allowed.
pub async fn decide(
    state: &AppState,
    caller: &User,
    query: &AuthorizeQuery,
    allow: bool,
) -> Result<String, AuthorizeError> {
    let (client, request) = check_request(state, query).await?;
    let mut params: Vec<(&str, &str)> = Vec::new();
    let code = random_secret();
    if allow {
        let now = state.clock.now();
        let scopes: Vec<String> = request.scopes.iter().map(|s| s.key().to_owned()).collect();
        db::oauth::insert_code(
            &state.pool,
            &db::oauth::NewCode {
                hash: &tokens::hash_refresh_token(&code),
                client_id: &client.id,
                user_id: caller.id,
                redirect_uri: &request.redirect_uri,
                code_challenge: &request.code_challenge,
                scopes: &scopes,
                resource: &request.resource,
                now,
                expires_at: now + CODE_TTL,
            },
        )
        .await
        .map_err(|e| AuthorizeError::Show(AppError::from(e).message))?;
        params.push(("code", &code));
    } else {
        params.push(("error", "access_denied"));
        params.push(("error_description", "The user did not allow this app."));
    }
    if let Some(sent) = &request.state {
        params.push(("state", sent));
    }
    let issuer = issuer(state);
    params.push(("iss", &issuer));
    Ok(oauth::redirect_with(&request.redirect_uri, &params))
}

/// The token endpoint's form (RFC 6749 §4.1.3, §6).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TokenForm {
    pub grant_type: Option<String>,
    pub code: Option<String>,
    pub redirect_uri: Option<String>,
    pub client_id: Option<String>,
    pub code_verifier: Option<String>,
    pub refresh_token: Option<String>,
    pub resource: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TokenResponse {
    pub access_token: String,
    pub token_type: &'static str,
    pub expires_in: i64,
    pub refresh_token: String,
    pub scope: String,
}

fn s256(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

async fn client_of(state: &AppState, form: &TokenForm) -> Result<String, OAuthError> {
    let id = form
        .client_id
        .as_deref()
        .filter(|id| id.starts_with(CLIENT_PREFIX) && id.len() < 100)
        .ok_or_else(|| OAuthError::invalid_client("Send the client_id you registered."))?;
    match db::oauth::find_client(&state.pool, id).await? {
        Some(client) => Ok(client.id),
        None => Err(OAuthError::invalid_client("This client is not registered.")),
    }
}

#[tracing::instrument(skip_all)]
pub async fn token(state: &AppState, form: &TokenForm) -> Result<TokenResponse, OAuthError> {
    match form.grant_type.as_deref() {
        Some("authorization_code") => exchange_code(state, form).await,
        Some("refresh_token") => {
            let client = client_of(state, form).await?;
            let Some(refresh) = form.refresh_token.as_deref() else {
                return Err(OAuthError::invalid_request("Send refresh_token."));
            };
            let (pair, scope) = auth::rotate(state, refresh, Some(&client))
                .await
                .map_err(|e| match e.status() {
                    401 => OAuthError::invalid_grant(e.message),
                    _ => e.into(),
                })?;
            Ok(TokenResponse {
                access_token: pair.access_token,
                token_type: "Bearer",
                expires_in: pair.expires_in,
                refresh_token: pair.refresh_token,
                scope: scope.unwrap_or_default(),
            })
        }
        Some(other) => Err(OAuthError::new(
            400,
            "unsupported_grant_type",
            format!(
                "grant_type {other:?} is not supported; use authorization_code or refresh_token."
            ),
        )),
        None => Err(OAuthError::invalid_request("Send grant_type.")),
    }
}

async fn exchange_code(state: &AppState, form: &TokenForm) -> Result<TokenResponse, OAuthError> {
    let client = client_of(state, form).await?;
    let (Some(code), Some(verifier)) = (form.code.as_deref(), form.code_verifier.as_deref()) else {
        return Err(OAuthError::invalid_request(
            "Send code and code_verifier (PKCE is required).",
        ));
    };
    if !oauth::valid_verifier(verifier) {
        return Err(OAuthError::invalid_request(
            "code_verifier must be 43 to 128 unreserved characters.",
        ));
    }
    let now = state.clock.now();
    let hash = tokens::hash_refresh_token(code);
    let mut tx = state.pool.begin().await?;
    let Some(row) = db::oauth::find_code_for_update(&mut *tx, &hash).await? else {
        return Err(OAuthError::invalid_grant("The code is not valid."));
    };
    if row.client_id != client {
        return Err(OAuthError::invalid_grant("The code is not valid."));
    }
    if row.used_at.is_some() {
        // A code that comes back was copied: end what it was swapped for.
        if let Some(family) = row.family_id {
            db::tokens::revoke_family(&mut *tx, family, "code_reuse", now).await?;
            tx.commit().await?;
            tracing::warn!(%family, "authorization code reused; its sign-in was revoked");
        }
        return Err(OAuthError::invalid_grant(
            "The code was already used; the tokens it gave were revoked.",
        ));
    }
    if row.expires_at <= now {
        return Err(OAuthError::invalid_grant(
            "The code has expired; sign in again.",
        ));
    }
    if form
        .redirect_uri
        .as_deref()
        .is_some_and(|uri| uri != row.redirect_uri)
    {
        return Err(OAuthError::invalid_grant(
            "redirect_uri is not the one the code was sent to.",
        ));
    }
    if s256(verifier) != row.code_challenge {
        return Err(OAuthError::invalid_grant(
            "code_verifier does not match the code_challenge.",
        ));
    }
    if form
        .resource
        .as_deref()
        .is_some_and(|r| r.trim_end_matches('/') != row.resource)
    {
        return Err(OAuthError::new(
            400,
            "invalid_target",
            format!("The code is for {}.", row.resource),
        ));
    }
    let family = db::oauth::insert_app_family(
        &mut *tx,
        row.user_id,
        &client,
        &row.scopes,
        &row.resource,
        now,
    )
    .await?;
    db::oauth::mark_code_used(&mut *tx, &hash, family, now).await?;
    let scope = row.scopes.join(" ");
    let grant = tokens::Grant {
        resource: &row.resource,
        scope: &scope,
    };
    let pair = auth::new_pair(&mut tx, state, row.user_id, family, Some(grant), now).await?;
    tx.commit().await?;
    Ok(TokenResponse {
        access_token: pair.access_token,
        token_type: "Bearer",
        expires_in: pair.expires_in,
        refresh_token: pair.refresh_token,
        scope,
    })
}

/// RFC 7009: a client ends its own sign-in with one of its tokens. Unknown
/// tokens are not an error (the answer must not tell tokens apart).
pub async fn revoke(
    state: &AppState,
    token: &str,
    client_id: Option<&str>,
) -> Result<(), OAuthError> {
    let now = state.clock.now();
    let hash = tokens::hash_refresh_token(token);
    let mut tx = state.pool.begin().await?;
    let family = match db::tokens::find_refresh_for_update(&mut *tx, &hash).await? {
        Some(row) if row.client_id.is_some() && row.client_id.as_deref() == client_id => {
            Some(row.family_id)
        }
        _ => tokens::decode_access(&state.settings.jwt_secret, token, now)
            .ok()
            .filter(|c| c.aud.is_some())
            .map(|c| c.fam),
    };
    if let Some(family) = family {
        db::tokens::revoke_family(&mut *tx, family, "revoked_by_app", now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The apps the caller allowed, most recent first.
pub async fn apps(state: &AppState, caller: &User) -> Result<Vec<AuthorizedApp>, AppError> {
    Ok(db::oauth::live_apps(&state.pool, caller.id)
        .await?
        .into_iter()
        .map(|r| AuthorizedApp {
            client_id: r.client_id,
            name: r.name,
            scopes: r.scopes,
            authorized_at: r.authorized_at,
        })
        .collect())
}

/// Ends every sign-in of one app for the caller: its tokens stop at once.
pub async fn revoke_app(state: &AppState, caller: &User, client_id: &str) -> Result<(), AppError> {
    let ended = db::oauth::revoke_app(&state.pool, caller.id, client_id, state.clock.now()).await?;
    if ended == 0 {
        return Err(AppError::not_found("That app"));
    }
    Ok(())
}

/// Housekeeping: forget codes long past their life.
pub async fn forget_stale_codes(state: &AppState) -> Result<u64, AppError> {
    Ok(db::oauth::delete_stale_codes(&state.pool, state.clock.now()).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s256_is_the_unpadded_base64url_sha256() {
        // As Python's hashlib and base64.urlsafe_b64encode compute it.
        assert_eq!(
            s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gXFrp6Z9Q"),
            "v58p4fudU0qxAC7XJRaLQepGie3nJnbGLdpJCcXTY14"
        );
    }

    #[test]
    fn the_page_says_where_the_answer_goes() {
        assert_eq!(return_to("http://127.0.0.1:5000/cb?x=1"), "127.0.0.1:5000");
        assert_eq!(
            return_to("https://claude.ai/api/mcp/auth_callback"),
            "claude.ai"
        );
        assert_eq!(return_to("com.example.app:/cb"), "com.example.app");
    }
}
