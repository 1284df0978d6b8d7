//! The rules of OAuth 2.1 sign-in for outside apps (MCP clients): scopes,
//! which redirect URIs a client may register and which ones then match
//! (RFC 8252 loopback ports), and what makes an authorization request
//! valid. Errors either may go back to the client's redirect URI or, when
//! the client or its redirect URI cannot be trusted, must only be shown.

use crate::text::single_line;

/// A path of this site to go back to after signing in (`next`): local,
/// never another host (`//evil.example`), one line.
pub fn local_path(raw: &str) -> Option<&str> {
    let local = raw.starts_with('/')
        && !raw.starts_with("//")
        && !raw.contains('\\')
        && raw.len() <= 4000
        && !raw.chars().any(char::is_control);
    local.then_some(raw)
}

/// What an app may do with a user's tasks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    TasksRead,
    TasksWrite,
}

impl Scope {
    pub const ALL: [Scope; 2] = [Scope::TasksRead, Scope::TasksWrite];

    pub fn key(self) -> &'static str {
        match self {
            Scope::TasksRead => "tasks:read",
            Scope::TasksWrite => "tasks:write",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }

    /// A space-separated scope list; empty asks for every scope.
    pub fn parse_list(raw: &str) -> Result<Vec<Scope>, String> {
        let mut scopes = Vec::new();
        for word in raw.split_whitespace() {
            let scope = Self::from_key(word).ok_or_else(|| {
                format!(
                    "Unknown scope {word:?}; this server knows {}.",
                    Self::list(&Self::ALL)
                )
            })?;
            if !scopes.contains(&scope) {
                scopes.push(scope);
            }
        }
        if scopes.is_empty() {
            scopes = Self::ALL.to_vec();
        }
        scopes.sort();
        Ok(scopes)
    }

    /// `tasks:read tasks:write`.
    pub fn list(scopes: &[Scope]) -> String {
        scopes.iter().map(|s| s.key()).collect::<Vec<_>>().join(" ")
    }
}

/// The parts of an absolute URI that the rules look at.
#[derive(Debug, PartialEq, Eq)]
struct Uri<'a> {
    scheme: String,
    host: &'a str,
    port: Option<&'a str>,
    /// Path and query, as sent.
    rest: &'a str,
}

fn split(uri: &str) -> Option<Uri<'_>> {
    let (scheme, after) = uri.split_once(':')?;
    let valid_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !valid_scheme {
        return None;
    }
    let scheme = scheme.to_ascii_lowercase();
    let Some(after) = after.strip_prefix("//") else {
        // A private-use scheme without authority (`com.example.app:/cb`).
        return Some(Uri {
            scheme,
            host: "",
            port: None,
            rest: after,
        });
    };
    let end = after.find(['/', '?']).unwrap_or(after.len());
    let (authority, rest) = after.split_at(end);
    if authority.contains('@') {
        return None;
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) if !port.contains(']') => (host, Some(port)),
        _ => (authority, None),
    };
    if port.is_some_and(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit())) {
        return None;
    }
    Some(Uri {
        scheme,
        host,
        port,
        rest,
    })
}

fn is_loopback(host: &str) -> bool {
    matches!(
        host.to_ascii_lowercase().as_str(),
        "127.0.0.1" | "[::1]" | "localhost"
    )
}

/// Whether a client may register `uri` as a redirect URI: `https` to any
/// host, `http` only to this machine (RFC 8252 §7.3), or an app's
/// private-use scheme (§7.1); never a fragment, credentials or the schemes
/// a browser would run.
pub fn check_redirect_uri(uri: &str) -> Result<(), String> {
    if uri.len() > 2000 || single_line(uri, "redirect_uris").is_err() || uri.trim() != uri {
        return Err("A redirect URI is one line of at most 2 000 characters.".into());
    }
    if uri.contains('#') {
        return Err(format!("{uri:?} has a fragment; redirect URIs may not."));
    }
    let parsed = split(uri).ok_or_else(|| format!("{uri:?} is not an absolute URI."))?;
    match parsed.scheme.as_str() {
        "https" if !parsed.host.is_empty() => Ok(()),
        "http" if is_loopback(parsed.host) => Ok(()),
        "http" => Err(format!(
            "{uri:?}: plain http is allowed only to 127.0.0.1, [::1] or localhost."
        )),
        "javascript" | "data" | "file" | "vbscript" | "blob" | "about" | "https" | "ws" | "wss"
        | "ftp" => Err(format!("{uri:?} cannot be a redirect URI.")),
        _ => Ok(()),
    }
}

/// Whether `sent` names the registered `registered`: the same string, or,
/// for http to this machine, the same but for the port (RFC 8252 §7.3:
/// native apps listen on whatever port is free).
pub fn redirect_matches(registered: &str, sent: &str) -> bool {
    if registered == sent {
        return true;
    }
    match (split(registered), split(sent)) {
        (Some(r), Some(s)) => {
            r.scheme == "http"
                && s.scheme == "http"
                && is_loopback(r.host)
                && r.host.eq_ignore_ascii_case(s.host)
                && r.rest == s.rest
        }
        _ => false,
    }
}

/// Percent-encodes `value` for a query string (RFC 3986 unreserved kept).
pub fn encode_component(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `redirect_uri` with `params` added to its query.
pub fn redirect_with(redirect_uri: &str, params: &[(&str, &str)]) -> String {
    let query: Vec<String> = params
        .iter()
        .map(|(k, v)| format!("{k}={}", encode_component(v)))
        .collect();
    let joiner = if redirect_uri.contains('?') { '&' } else { '?' };
    format!("{redirect_uri}{joiner}{}", query.join("&"))
}

/// An authorization request (`/oauth/authorize`) as its query string sent it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct AuthorizeQuery {
    pub response_type: Option<String>,
    pub client_id: Option<String>,
    pub redirect_uri: Option<String>,
    pub code_challenge: Option<String>,
    pub code_challenge_method: Option<String>,
    pub scope: Option<String>,
    pub state: Option<String>,
    pub resource: Option<String>,
}

/// A valid authorization request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorizeRequest {
    pub client_id: String,
    pub redirect_uri: String,
    pub code_challenge: String,
    pub scopes: Vec<Scope>,
    pub state: Option<String>,
    pub resource: String,
}

/// Why an authorization request was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthorizeError {
    /// The client or its redirect URI cannot be trusted: show this, never
    /// redirect.
    Show(String),
    /// Tell the client at its redirect URI (RFC 6749 §4.1.2.1).
    Redirect {
        redirect_uri: String,
        error: &'static str,
        description: String,
        state: Option<String>,
    },
}

impl AuthorizeError {
    /// Where the browser goes to tell the client; `None` for errors shown
    /// on the page.
    pub fn redirect_url(&self) -> Option<String> {
        match self {
            AuthorizeError::Show(_) => None,
            AuthorizeError::Redirect {
                redirect_uri,
                error,
                description,
                state,
            } => {
                let mut params = vec![("error", *error), ("error_description", description)];
                if let Some(state) = state {
                    params.push(("state", state));
                }
                Some(redirect_with(redirect_uri, &params))
            }
        }
    }
}

/// A PKCE S256 challenge: 43 characters of base64url (the SHA-256 of a verifier).
fn valid_challenge(challenge: &str) -> bool {
    challenge.len() == 43
        && challenge
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
}

/// A PKCE code verifier (RFC 7636 §4.1): 43–128 unreserved characters.
pub fn valid_verifier(verifier: &str) -> bool {
    (43..=128).contains(&verifier.len())
        && verifier
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~'))
}

impl AuthorizeQuery {
    /// Checks the request against the client's registered redirect URIs
    /// and the one resource this server protects.
    pub fn parse(
        &self,
        registered: Option<&[String]>,
        resource: &str,
    ) -> Result<AuthorizeRequest, AuthorizeError> {
        let show = |m: &str| AuthorizeError::Show(m.to_owned());
        let Some(client_id) = self.client_id.as_deref().filter(|c| !c.is_empty()) else {
            return Err(show(
                "The app did not say who it is (client_id is missing).",
            ));
        };
        let Some(registered) = registered else {
            return Err(show(
                "This app is not registered here. Ask it to connect again.",
            ));
        };
        let redirect_uri = match self.redirect_uri.as_deref() {
            Some(uri) => registered
                .iter()
                .any(|r| redirect_matches(r, uri))
                .then(|| uri.to_owned()),
            // One registered URI may be left out (RFC 6749 §3.1.2.3).
            None if registered.len() == 1 => Some(registered[0].clone()),
            None => None,
        }
        .ok_or_else(|| show("The app asked to return to an address it did not register."))?;
        let state = self.state.clone().filter(|s| !s.is_empty());
        let refuse = |error: &'static str, description: &str| AuthorizeError::Redirect {
            redirect_uri: redirect_uri.clone(),
            error,
            description: description.to_owned(),
            state: state.clone(),
        };
        if self.response_type.as_deref() != Some("code") {
            return Err(refuse(
                "unsupported_response_type",
                "Only response_type=code is supported.",
            ));
        }
        let Some(challenge) = self.code_challenge.as_deref() else {
            return Err(refuse(
                "invalid_request",
                "PKCE is required: send code_challenge with code_challenge_method=S256.",
            ));
        };
        if self.code_challenge_method.as_deref() != Some("S256") {
            return Err(refuse(
                "invalid_request",
                "Only code_challenge_method=S256 is supported.",
            ));
        }
        if !valid_challenge(challenge) {
            return Err(refuse(
                "invalid_request",
                "code_challenge must be the base64url SHA-256 of the verifier (43 characters).",
            ));
        }
        let scopes = Scope::parse_list(self.scope.as_deref().unwrap_or_default())
            .map_err(|m| refuse("invalid_scope", &m))?;
        let resource = match self.resource.as_deref() {
            None | Some("") => resource.to_owned(),
            Some(r) if r.trim_end_matches('/') == resource => resource.to_owned(),
            Some(_) => {
                return Err(refuse(
                    "invalid_target",
                    &format!("This server only issues tokens for {resource}."),
                ))
            }
        };
        if state
            .as_deref()
            .is_some_and(|s| s.len() > 1000 || single_line(s, "state").is_err())
        {
            return Err(refuse(
                "invalid_request",
                "state must be one line of at most 1 000 characters.",
            ));
        }
        Ok(AuthorizeRequest {
            client_id: client_id.to_owned(),
            redirect_uri,
            code_challenge: challenge.to_owned(),
            scopes,
            state,
            resource,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RESOURCE: &str = "https://mat-cha.example/mcp";
    const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    fn query() -> AuthorizeQuery {
        AuthorizeQuery {
            response_type: Some("code".into()),
            client_id: Some("client-1".into()),
            redirect_uri: Some("http://127.0.0.1:33418/callback".into()),
            code_challenge: Some(CHALLENGE.into()),
            code_challenge_method: Some("S256".into()),
            scope: Some("tasks:read".into()),
            state: Some("xyz".into()),
            resource: Some(RESOURCE.into()),
        }
    }

    fn registered() -> Vec<String> {
        vec!["http://127.0.0.1/callback".into()]
    }

    #[test]
    fn a_full_request_parses() {
        let r = query().parse(Some(&registered()), RESOURCE).unwrap();
        assert_eq!(r.scopes, [Scope::TasksRead]);
        assert_eq!(r.redirect_uri, "http://127.0.0.1:33418/callback");
        assert_eq!(r.state.as_deref(), Some("xyz"));
    }

    #[test]
    fn untrusted_clients_and_addresses_are_shown_not_redirected_to() {
        let mut q = query();
        q.redirect_uri = Some("https://evil.example/callback".into());
        assert!(matches!(
            q.parse(Some(&registered()), RESOURCE),
            Err(AuthorizeError::Show(_))
        ));
        assert!(matches!(
            query().parse(None, RESOURCE),
            Err(AuthorizeError::Show(_))
        ));
    }

    #[test]
    fn pkce_is_required_and_only_s256() {
        let refused = |q: AuthorizeQuery| match q.parse(Some(&registered()), RESOURCE) {
            Err(e @ AuthorizeError::Redirect { .. }) => e.redirect_url().unwrap(),
            other => panic!("{other:?}"),
        };
        let mut missing = query();
        missing.code_challenge = None;
        let url = refused(missing);
        assert!(
            url.starts_with("http://127.0.0.1:33418/callback?error=invalid_request&"),
            "{url}"
        );
        assert!(url.ends_with("&state=xyz"), "{url}");
        let mut plain = query();
        plain.code_challenge_method = Some("plain".into());
        assert!(refused(plain).contains("S256"));
        let mut scope = query();
        scope.scope = Some("tasks:admin".into());
        assert!(refused(scope).contains("error=invalid_scope"));
        let mut resource = query();
        resource.resource = Some("https://other.example/mcp".into());
        assert!(refused(resource).contains("error=invalid_target"));
    }

    #[test]
    fn no_scope_asks_for_all_and_duplicates_collapse() {
        assert_eq!(Scope::parse_list("").unwrap(), Scope::ALL);
        assert_eq!(
            Scope::parse_list("tasks:write tasks:read tasks:write").unwrap(),
            Scope::ALL
        );
        assert_eq!(Scope::list(&Scope::ALL), "tasks:read tasks:write");
    }

    #[test]
    fn redirect_uris_that_may_be_registered() {
        for ok in [
            "https://claude.ai/api/mcp/auth_callback",
            "http://127.0.0.1:6274/oauth/callback",
            "http://localhost/callback",
            "http://[::1]:8080/cb",
            "vscode://vscode.github-authentication/did-authenticate",
            "com.example.app:/oauth2redirect",
        ] {
            assert!(check_redirect_uri(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://evil.example/cb",
            "https://a.example/cb#frag",
            "javascript:alert(1)",
            "data:text/html,hi",
            "https://user@a.example/cb",
            "/relative",
            "https://a.example/\u{0}",
            "",
        ] {
            assert!(check_redirect_uri(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn loopback_redirects_match_on_any_port_and_nothing_else_loosely() {
        assert!(redirect_matches(
            "http://127.0.0.1/callback",
            "http://127.0.0.1:50123/callback"
        ));
        assert!(redirect_matches(
            "http://localhost:1/cb",
            "http://localhost:2/cb"
        ));
        assert!(!redirect_matches(
            "http://127.0.0.1/callback",
            "http://127.0.0.1:50123/other"
        ));
        assert!(!redirect_matches(
            "https://app.example/cb",
            "https://app.example/cb/"
        ));
        assert!(!redirect_matches(
            "https://app.example:443/cb",
            "https://app.example:444/cb"
        ));
    }

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(
            local_path("/oauth/authorize?x=1"),
            Some("/oauth/authorize?x=1")
        );
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil.example",
            "/a\nb",
            "",
        ] {
            assert_eq!(local_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn verifiers_follow_rfc_7636() {
        assert!(valid_verifier(&"a".repeat(43)));
        assert!(!valid_verifier(&"a".repeat(42)));
        assert!(!valid_verifier(&"a".repeat(129)));
        assert!(!valid_verifier(&format!("{}!", "a".repeat(43))));
    }

    #[test]
    fn redirects_encode_their_values() {
        assert_eq!(
            redirect_with("myapp:/cb?x=1", &[("code", "a b"), ("state", "ü&")]),
            "myapp:/cb?x=1&code=a%20b&state=%C3%BC%26"
        );
    }
}
