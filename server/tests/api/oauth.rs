//! OAuth for outside apps, driven exactly as the MCP authorization spec
//! tells a client to: discovery from `/mcp`'s 401, registration, consent
//! in a signed-in browser session (the consent page's server functions),
//! code + PKCE, tokens, the official SDK's client on `/mcp`, refresh
//! rotation, reuse detection and revocation; and every refusal the spec asks
//! for.

use crate::helpers::{TestApp, PASSWORD};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rmcp::model::CallToolRequestParams;
use rmcp::transport::streamable_http_client::StreamableHttpClientTransportConfig;
use rmcp::transport::StreamableHttpClientTransport;
use rmcp::ServiceExt;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use sqlx::PgPool;

const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gXFrp6Z9Q";

fn challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// A browser session of a new account (cookies live in the client).
async fn browser(app: &TestApp, email: &str) -> reqwest::Client {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let response = client
        .post(app.url("/api/auth/sign_up"))
        .header("origin", &app.base)
        .form(&[
            ("email", email),
            ("password", PASSWORD),
            ("display_name", "Priya"),
            ("role", "creator"),
        ])
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "{}", response.status());
    client
}

async fn register(app: &TestApp, redirect: &str) -> String {
    let response = app
        .client
        .post(app.url("/oauth/register"))
        .json(
            &json!({"client_name": "Test MCP client", "redirect_uris": [redirect],
                      "grant_types": ["authorization_code", "refresh_token"],
                      "token_endpoint_auth_method": "none"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let client: Value = response.json().await.unwrap();
    assert_eq!(client["token_endpoint_auth_method"], "none");
    client["client_id"].as_str().unwrap().to_owned()
}

fn authorize_query(
    client_id: &str,
    redirect: &str,
    scope: &str,
    app: &TestApp,
) -> Vec<(String, String)> {
    [
        ("response_type", "code".to_owned()),
        ("client_id", client_id.to_owned()),
        ("redirect_uri", redirect.to_owned()),
        ("code_challenge", challenge(VERIFIER)),
        ("code_challenge_method", "S256".to_owned()),
        ("scope", scope.to_owned()),
        ("state", "st-ü 1".to_owned()),
        ("resource", app.url("/mcp")),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

/// Calls a consent-page server function the way the page does.
async fn consent(
    app: &TestApp,
    browser: &reqwest::Client,
    endpoint: &str,
    query: &[(String, String)],
    allow: Option<bool>,
) -> Value {
    let mut form: Vec<(String, String)> = query
        .iter()
        .map(|(k, v)| (format!("query[{k}]"), v.clone()))
        .collect();
    if let Some(allow) = allow {
        form.push(("allow".into(), allow.to_string()));
    }
    let response = browser
        .post(app.url(endpoint))
        .header("origin", &app.base)
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{endpoint}");
    response.json().await.unwrap()
}

fn param(url: &str, name: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

async fn token(app: &TestApp, form: &[(&str, &str)]) -> (u16, Value) {
    let response = app
        .client
        .post(app.url("/oauth/token"))
        .form(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["cache-control"], "no-store");
    (response.status().as_u16(), response.json().await.unwrap())
}

/// Swaps a code for tokens as the client that asked for it.
async fn swap(app: &TestApp, client_id: &str, redirect: &str, code: &str) -> Value {
    let (status, tokens) = token(
        app,
        &[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirect),
            ("client_id", client_id),
            ("code_verifier", VERIFIER),
        ],
    )
    .await;
    assert_eq!(status, 200, "{tokens}");
    tokens
}

async fn refresh(app: &TestApp, client_id: &str, refresh_token: &str) -> (u16, Value) {
    token(
        app,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token),
            ("client_id", client_id),
        ],
    )
    .await
}

async fn mcp_status(app: &TestApp, access: &str) -> u16 {
    app.client
        .post(app.url("/mcp"))
        .bearer_auth(access)
        .header("Accept", "application/json, text/event-stream")
        .json(&json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list"}))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// Discovery, registration and consent up to the code.
async fn code_for(
    app: &TestApp,
    browser: &reqwest::Client,
    scope: &str,
) -> (String, String, String) {
    let redirect = "http://127.0.0.1/callback";
    let client_id = register(app, redirect).await;
    // A native app listens on whatever port is free (RFC 8252 §7.3).
    let sent_redirect = "http://127.0.0.1:53682/callback";
    let query = authorize_query(&client_id, sent_redirect, scope, app);
    let review = consent(app, browser, "/api/oauth/review", &query, None).await;
    assert_eq!(review["Ask"]["client_name"], "Test MCP client", "{review}");
    assert_eq!(review["Ask"]["return_to"], "127.0.0.1:53682");
    let decided = consent(app, browser, "/api/oauth/decide", &query, Some(true)).await;
    let url = decided["Redirect"].as_str().unwrap().to_owned();
    assert!(url.starts_with(sent_redirect), "{url}");
    assert_eq!(param(&url, "state").as_deref(), Some("st-ü 1"));
    assert_eq!(param(&url, "iss").as_deref(), Some(app.base.as_str()));
    (
        client_id,
        sent_redirect.to_owned(),
        param(&url, "code").unwrap(),
    )
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn an_mcp_client_signs_in_with_oauth_and_the_user_can_revoke_it(pool: PgPool) {
    let app = TestApp::spawn(pool).await;

    // Discovery from the 401 of /mcp.
    let challenge_header = app
        .client
        .post(app.url("/mcp"))
        .json(&json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list"}))
        .send()
        .await
        .unwrap()
        .headers()["www-authenticate"]
        .to_str()
        .unwrap()
        .to_owned();
    let metadata_url = challenge_header
        .split("resource_metadata=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_owned();
    let resource: Value = app
        .client
        .get(&metadata_url)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let issuer = resource["authorization_servers"][0].as_str().unwrap();
    let server: Value = app
        .client
        .get(format!("{issuer}/.well-known/oauth-authorization-server"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(server["issuer"], issuer);
    assert_eq!(server["code_challenge_methods_supported"], json!(["S256"]));
    assert_eq!(server["registration_endpoint"], app.url("/oauth/register"));

    let browser = browser(&app, "priya@example.com").await;
    let (client_id, redirect, code) = code_for(&app, &browser, "tasks:read tasks:write").await;
    let (status, tokens) = token(
        &app,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", &redirect),
            ("client_id", &client_id),
            ("code_verifier", VERIFIER),
            ("resource", &app.url("/mcp")),
        ],
    )
    .await;
    assert_eq!(status, 200, "{tokens}");
    assert_eq!(tokens["token_type"], "Bearer");
    assert_eq!(tokens["scope"], "tasks:read tasks:write");
    assert_eq!(tokens["expires_in"], 3600);
    let access = tokens["access_token"].as_str().unwrap().to_owned();

    // The official SDK's client on /mcp with the app's token.
    let config =
        StreamableHttpClientTransportConfig::with_uri(app.url("/mcp")).auth_header(&access);
    let mcp = ().serve(StreamableHttpClientTransport::from_config(config)).await.unwrap();
    assert_eq!(mcp.list_all_tools().await.unwrap().len(), 5);
    let Value::Object(args) = json!({"title": "Allowed by OAuth"}) else {
        unreachable!()
    };
    let added = mcp
        .call_tool(CallToolRequestParams::new("add_task").with_arguments(args))
        .await
        .unwrap();
    assert_eq!(added.is_error, Some(false), "{added:?}");
    mcp.cancel().await.unwrap();
    // The token is for /mcp only (RFC 8707).
    let rest = app
        .client
        .get(app.url("/api/v1/tasks"))
        .bearer_auth(&access)
        .send()
        .await
        .unwrap();
    assert_eq!(rest.status(), 401);

    // The code works once; its second use ends what it gave.
    let (status, reused) = token(
        &app,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("client_id", &client_id),
            ("code_verifier", VERIFIER),
        ],
    )
    .await;
    assert_eq!(
        (status, reused["error"].as_str()),
        (400, Some("invalid_grant"))
    );
    assert_eq!(mcp_status(&app, &access).await, 401);

    // A second sign-in: refresh tokens rotate, and an old one coming back
    // revokes the whole family.
    let (client_id, redirect, code) = code_for(&app, &browser, "").await;
    let first = swap(&app, &client_id, &redirect, &code).await;
    let old_refresh = first["refresh_token"].as_str().unwrap().to_owned();
    let (status, second) = refresh(&app, &client_id, &old_refresh).await;
    assert_eq!(status, 200, "{second}");
    assert_ne!(second["refresh_token"], first["refresh_token"]);
    assert_eq!(second["scope"], "tasks:read tasks:write");
    let rotated_access = second["access_token"].as_str().unwrap().to_owned();
    assert_eq!(mcp_status(&app, &rotated_access).await, 200);
    let (status, refused) = refresh(&app, &client_id, &old_refresh).await;
    assert_eq!(
        (status, refused["error"].as_str()),
        (400, Some("invalid_grant"))
    );
    assert_eq!(mcp_status(&app, &rotated_access).await, 401);
    let (status, _) = token(
        &app,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", second["refresh_token"].as_str().unwrap()),
            ("client_id", &client_id),
        ],
    )
    .await;
    assert_eq!(status, 400, "the family is revoked");

    // A third: Settings lists the app, and removing it ends its access.
    let (client_id, redirect, code) = code_for(&app, &browser, "tasks:read").await;
    let third = swap(&app, &client_id, &redirect, &code).await;
    let access = third["access_token"].as_str().unwrap().to_owned();
    assert_eq!(mcp_status(&app, &access).await, 200);
    let apps: Value = browser
        .post(app.url("/api/settings/apps"))
        .header("origin", &app.base)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let listed = apps.as_array().unwrap();
    assert_eq!(listed.len(), 1, "{apps}");
    assert_eq!(listed[0]["scopes"], json!(["tasks:read"]));
    let revoked = browser
        .post(app.url("/api/settings/revoke_app"))
        .header("origin", &app.base)
        .form(&[("client_id", &client_id)])
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 200);
    assert_eq!(mcp_status(&app, &access).await, 401);
    let (status, _) = token(
        &app,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", third["refresh_token"].as_str().unwrap()),
            ("client_id", &client_id),
        ],
    )
    .await;
    assert_eq!(status, 400);
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn a_read_only_app_sees_and_calls_only_the_read_tool(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let browser = browser(&app, "priya@example.com").await;
    let (client_id, redirect, code) = code_for(&app, &browser, "tasks:read").await;
    let tokens = swap(&app, &client_id, &redirect, &code).await;
    let config = StreamableHttpClientTransportConfig::with_uri(app.url("/mcp"))
        .auth_header(tokens["access_token"].as_str().unwrap());
    let mcp = ().serve(StreamableHttpClientTransport::from_config(config)).await.unwrap();
    let tools = mcp.list_all_tools().await.unwrap();
    assert_eq!(
        tools.iter().map(|t| t.name.to_string()).collect::<Vec<_>>(),
        ["list_tasks"]
    );
    let Value::Object(args) = json!({"title": "Sneaky"}) else {
        unreachable!()
    };
    let refused = mcp
        .call_tool(CallToolRequestParams::new("add_task").with_arguments(args))
        .await
        .unwrap();
    assert_eq!(refused.is_error, Some(true));
    assert!(format!("{refused:?}").contains("insufficient_scope"));
    mcp.cancel().await.unwrap();
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn the_flow_refuses_what_the_spec_says_to_refuse(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let browser = browser(&app, "priya@example.com").await;
    let redirect = "http://127.0.0.1/callback";
    let client_id = register(&app, redirect).await;
    let query = authorize_query(&client_id, "http://127.0.0.1:4000/callback", "", &app);
    let with = |key: &str, value: Option<&str>| -> Vec<(String, String)> {
        let mut q: Vec<(String, String)> =
            query.iter().filter(|(k, _)| k != key).cloned().collect();
        if let Some(v) = value {
            q.push((key.to_owned(), v.to_owned()));
        }
        q
    };

    // A redirect URI the client did not register is never redirected to.
    for bad in [
        "https://evil.example/callback",
        "http://127.0.0.1:4000/other",
    ] {
        let step = consent(
            &app,
            &browser,
            "/api/oauth/decide",
            &with("redirect_uri", Some(bad)),
            Some(true),
        )
        .await;
        assert!(step["Refused"].is_string(), "{bad}: {step}");
    }
    let unknown = consent(
        &app,
        &browser,
        "/api/oauth/review",
        &with("client_id", Some("mcc_nobody")),
        None,
    )
    .await;
    assert!(unknown["Refused"].is_string(), "{unknown}");
    // Missing or plain PKCE goes back to the app as invalid_request.
    for q in [
        with("code_challenge", None),
        with("code_challenge_method", Some("plain")),
    ] {
        let step = consent(&app, &browser, "/api/oauth/decide", &q, Some(true)).await;
        let url = step["Redirect"].as_str().unwrap();
        assert_eq!(
            param(url, "error").as_deref(),
            Some("invalid_request"),
            "{url}"
        );
        assert!(param(url, "code").is_none());
    }
    // Denying sends access_denied.
    let denied = consent(&app, &browser, "/api/oauth/decide", &query, Some(false)).await;
    assert_eq!(
        param(denied["Redirect"].as_str().unwrap(), "error").as_deref(),
        Some("access_denied")
    );

    // A code only works for its client, its redirect URI and its verifier.
    let allowed = consent(&app, &browser, "/api/oauth/decide", &query, Some(true)).await;
    let code = param(allowed["Redirect"].as_str().unwrap(), "code").unwrap();
    let other_client = register(&app, redirect).await;
    for form in [
        vec![
            ("client_id", other_client.as_str()),
            ("code_verifier", VERIFIER),
        ],
        vec![
            ("client_id", client_id.as_str()),
            ("code_verifier", "x".repeat(43).leak()),
        ],
        vec![
            ("client_id", client_id.as_str()),
            ("code_verifier", VERIFIER),
            ("redirect_uri", "http://127.0.0.1:4001/callback"),
        ],
    ] {
        let mut full = vec![
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
        ];
        full.extend(form);
        let (status, body) = token(&app, &full).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (400, Some("invalid_grant")),
            "{full:?}"
        );
    }
    let (status, body) = token(
        &app,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("client_id", &client_id),
        ],
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_request"))
    );
    let (status, body) = token(
        &app,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("client_id", "mcc_nobody"),
            ("code_verifier", VERIFIER),
        ],
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("invalid_client"))
    );
    let (status, body) = token(
        &app,
        &[("grant_type", "password"), ("client_id", &client_id)],
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("unsupported_grant_type"))
    );
    // After all that, the right request still works: refusals used nothing up.
    let (status, body) = token(
        &app,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("client_id", &client_id),
            ("code_verifier", VERIFIER),
            ("redirect_uri", "http://127.0.0.1:4000/callback"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");

    // Another user's code is the other user's: it signs in as them, and a
    // password sign-in's refresh token is not an app's (nor the reverse).
    app.account("other@example.com", "Other", "brand").await;
    let login: Value = app
        .login("other@example.com", PASSWORD)
        .await
        .json()
        .await
        .unwrap();
    let (status, body) = token(
        &app,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", login["refresh_token"].as_str().unwrap()),
            ("client_id", &client_id),
        ],
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant"))
    );
    let app_refresh = app
        .client
        .post(app.url("/api/v1/auth/refresh"))
        .json(&json!({"refresh_token": body_refresh(&app, &browser, &client_id).await}))
        .send()
        .await
        .unwrap();
    assert_eq!(app_refresh.status(), 401);

    // Registration refuses what a browser would run or a stranger could catch.
    for uris in [
        json!(["http://evil.example/cb"]),
        json!(["javascript:alert(1)"]),
        json!([]),
        json!(["https://a.example/cb#x"]),
    ] {
        let response = app
            .client
            .post(app.url("/oauth/register"))
            .json(&json!({"client_name": "Bad", "redirect_uris": uris}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{uris}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"], "invalid_redirect_uri", "{uris}");
    }
}

/// A fresh app refresh token of the signed-in browser user.
async fn body_refresh(app: &TestApp, browser: &reqwest::Client, client_id: &str) -> String {
    let query = authorize_query(client_id, "http://127.0.0.1:4000/callback", "", app);
    let allowed = consent(app, browser, "/api/oauth/decide", &query, Some(true)).await;
    let code = param(allowed["Redirect"].as_str().unwrap(), "code").unwrap();
    let (_, body) = token(
        app,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("client_id", client_id),
            ("code_verifier", VERIFIER),
        ],
    )
    .await;
    body["refresh_token"].as_str().unwrap().to_owned()
}
