//! The authorization server's HTTP side for outside apps (MCP clients):
//! metadata (RFC 8414), dynamic registration (RFC 7591), the token endpoint
//! and revocation (RFC 7009). The consent page is a Leptos page
//! (`/oauth/authorize`); the rules are in `app::server::oauth`. Errors use
//! OAuth's shape, `{"error": "invalid_grant", "error_description": …}`,
//! which stock clients read; these endpoints take no cookies, so browsers
//! of any origin may call them.

use app::server::oauth::{self, ClientMetadata, OAuthError, TokenForm};
use app::server::AppState;
use axum::body::Bytes;
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, Request, State};
use axum::http::header::{
    ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN,
    ACCESS_CONTROL_MAX_AGE, CACHE_CONTROL, PRAGMA,
};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use domain::oauth::Scope;
use serde::Deserialize;
use serde_json::json;

/// Paths that never read the session cookie: the cross-site check lets
/// them through (a code, a verifier or a refresh token is the credential).
pub const COOKIELESS: &[&str] = &["/oauth/register", "/oauth/token", "/oauth/revoke"];

pub struct Refusal(pub OAuthError);

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let e = self.0;
        let status = StatusCode::from_u16(e.status).unwrap_or(StatusCode::BAD_REQUEST);
        let mut response = (
            status,
            Json(json!({"error": e.error, "error_description": e.description})),
        )
            .into_response();
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"mat-cha\""),
            );
        }
        no_store(response)
    }
}

fn no_store(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(PRAGMA, HeaderValue::from_static("no-cache"));
    response
}

/// Any origin may read these answers and send these requests (no
/// credentials ride along); preflights are answered here.
pub async fn open_to_any_origin(request: Request, next: Next) -> Response {
    let mut response = if request.method() == Method::OPTIONS {
        let mut response = StatusCode::NO_CONTENT.into_response();
        let headers = response.headers_mut();
        headers.insert(
            ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, POST, OPTIONS"),
        );
        headers.insert(
            ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("authorization, content-type, mcp-protocol-version"),
        );
        headers.insert(ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
        response
    } else {
        next.run(request).await
    };
    response
        .headers_mut()
        .insert(ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    response
}

/// RFC 8414 authorization-server metadata.
pub async fn metadata(State(state): State<AppState>) -> Json<serde_json::Value> {
    let issuer = oauth::issuer(&state);
    Json(json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{issuer}/oauth/authorize"),
        "token_endpoint": format!("{issuer}/oauth/token"),
        "registration_endpoint": format!("{issuer}/oauth/register"),
        "revocation_endpoint": format!("{issuer}/oauth/revoke"),
        "scopes_supported": Scope::ALL.iter().map(|s| s.key()).collect::<Vec<_>>(),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "token_endpoint_auth_methods_supported": ["none"],
        "revocation_endpoint_auth_methods_supported": ["none"],
        "code_challenge_methods_supported": ["S256"],
        "authorization_response_iss_parameter_supported": true,
        "service_documentation": format!("{issuer}/api/v1/docs"),
    }))
}

/// RFC 7591 dynamic client registration.
pub async fn register(State(state): State<AppState>, body: Bytes) -> Response {
    let metadata: ClientMetadata = match serde_json::from_slice(&body) {
        Ok(m) => m,
        Err(_) => {
            return Refusal(OAuthError {
                status: 400,
                error: "invalid_client_metadata",
                description: "Send the client metadata as a JSON object with redirect_uris.".into(),
            })
            .into_response()
        }
    };
    match oauth::register_client(&state, &metadata).await {
        Ok(client) => no_store((StatusCode::CREATED, Json(client)).into_response()),
        Err(e) => Refusal(e).into_response(),
    }
}

fn form<T>(form: Result<Form<T>, FormRejection>) -> Result<T, Refusal> {
    form.map(|Form(f)| f).map_err(|_| {
        Refusal(OAuthError {
            status: 400,
            error: "invalid_request",
            description:
                "Send the parameters form-encoded (application/x-www-form-urlencoded), each once."
                    .into(),
        })
    })
}

/// The token endpoint: a code (with its PKCE verifier) or a refresh token
/// for a new pair.
pub async fn token(
    State(state): State<AppState>,
    sent: Result<Form<TokenForm>, FormRejection>,
) -> Response {
    let form = match form(sent) {
        Ok(f) => f,
        Err(r) => return r.into_response(),
    };
    match oauth::token(&state, &form).await {
        Ok(tokens) => no_store(Json(tokens).into_response()),
        Err(e) => Refusal(e).into_response(),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RevokeForm {
    token: String,
    client_id: Option<String>,
}

/// RFC 7009: 200 whether or not the token was known.
pub async fn revoke(
    State(state): State<AppState>,
    sent: Result<Form<RevokeForm>, FormRejection>,
) -> Response {
    let form = match form(sent) {
        Ok(f) => f,
        Err(r) => return r.into_response(),
    };
    match oauth::revoke(&state, &form.token, form.client_id.as_deref()).await {
        Ok(()) => no_store(StatusCode::OK.into_response()),
        Err(e) => Refusal(e).into_response(),
    }
}
