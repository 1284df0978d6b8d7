//! MCP over Streamable HTTP with the official SDK's client: the five tools
//! with schemas and annotations, each called as the token's owner; refused
//! without a token or with a revoked one.

use crate::helpers::TestApp;
use reqwest::Method;
use rmcp::model::{CallToolRequestParams, CallToolResult};
use rmcp::service::RunningService;
use rmcp::transport::streamable_http_client::StreamableHttpClientTransportConfig;
use rmcp::transport::StreamableHttpClientTransport;
use rmcp::{RoleClient, ServiceExt};
use serde_json::{json, Value};
use sqlx::PgPool;

async fn personal_token(app: &TestApp, jwt: &str) -> (String, String) {
    let made: Value = app
        .send(
            Method::POST,
            "/api/v1/tokens",
            jwt,
            Some(json!({"name": "MCP test"})),
        )
        .await
        .json()
        .await
        .unwrap();
    (
        made["token"]["id"].as_str().unwrap().to_owned(),
        made["secret"].as_str().unwrap().to_owned(),
    )
}

async fn connect(app: &TestApp, token: &str) -> Result<RunningService<RoleClient, ()>, String> {
    let config = StreamableHttpClientTransportConfig::with_uri(app.url("/mcp")).auth_header(token);
    ().serve(StreamableHttpClientTransport::from_config(config))
        .await
        .map_err(|e| e.to_string())
}

async fn call(
    client: &RunningService<RoleClient, ()>,
    tool: &'static str,
    args: Value,
) -> CallToolResult {
    let Value::Object(args) = args else {
        panic!("arguments are an object")
    };
    client
        .call_tool(CallToolRequestParams::new(tool).with_arguments(args))
        .await
        .unwrap()
}

fn structured(result: &CallToolResult) -> Value {
    assert_eq!(result.is_error, Some(false), "{result:?}");
    result.structured_content.clone().unwrap()
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn an_agent_lists_and_calls_the_five_tools_as_the_tokens_owner(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let (_, jwt) = app.account("a@example.com", "A", "creator").await;
    let (_, token) = personal_token(&app, &jwt).await;
    let client = connect(&app, &token).await.unwrap();

    let tools = client.list_all_tools().await.unwrap();
    let names: Vec<&str> = tools.iter().map(|t| t.name.as_ref()).collect();
    assert_eq!(
        names,
        [
            "add_task",
            "list_tasks",
            "complete_task",
            "delete_task",
            "update_task"
        ]
    );
    let list = &tools[1];
    assert_eq!(
        list.annotations.as_ref().unwrap().read_only_hint,
        Some(true)
    );
    let delete = &tools[3];
    assert_eq!(
        delete.annotations.as_ref().unwrap().destructive_hint,
        Some(true)
    );
    assert_eq!(tools[0].input_schema["required"], json!(["title"]));

    let added = structured(
        &call(
            &client,
            "add_task",
            json!({"title": "Prepare the Diwali hamper 🎁", "due": "2026-11-30"}),
        )
        .await,
    );
    assert_eq!(added["status"], "created");
    let id = added["task_id"].as_i64().unwrap();
    let listed = structured(&call(&client, "list_tasks", json!({"status": "pending"})).await);
    assert_eq!(listed["items"][0]["title"], "Prepare the Diwali hamper 🎁");
    let updated = structured(
        &call(
            &client,
            "update_task",
            json!({"task_id": id, "title": "Pack the hamper", "priority": "high"}),
        )
        .await,
    );
    assert_eq!(updated["status"], "updated");
    let completed = structured(&call(&client, "complete_task", json!({"task_id": id})).await);
    assert_eq!(completed["status"], "completed");
    // The same task on the REST side, for the token's owner.
    let task = app.get_json(&format!("/api/v1/tasks/{id}"), &jwt).await;
    assert_eq!(
        (task["title"].as_str(), task["completed"].as_bool()),
        (Some("Pack the hamper"), Some(true))
    );
    let deleted = structured(&call(&client, "delete_task", json!({"task_id": id})).await);
    assert_eq!(deleted["status"], "deleted");

    // Mistakes come back as tool errors, not protocol failures.
    let missing = call(&client, "complete_task", json!({"task_id": id})).await;
    assert_eq!(missing.is_error, Some(true));
    let bad = call(&client, "add_task", json!({"title": ""})).await;
    assert_eq!(bad.is_error, Some(true));
    client.cancel().await.unwrap();
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn another_users_tasks_are_out_of_reach_over_mcp(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let (a_id, a) = app.account("a@example.com", "A", "creator").await;
    let (_, b) = app.account("b@example.com", "B", "brand").await;
    let task: Value = app
        .send(
            Method::POST,
            "/api/v1/tasks",
            &a,
            Some(json!({"title": "A's task"})),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = task["id"].as_i64().unwrap();
    let (_, b_token) = personal_token(&app, &b).await;
    let client = connect(&app, &b_token).await.unwrap();
    for tool in ["complete_task", "delete_task", "update_task"] {
        let refused = call(&client, tool, json!({"task_id": id, "title": "mine"})).await;
        assert_eq!(refused.is_error, Some(true), "{tool}");
    }
    let as_a = call(&client, "list_tasks", json!({"user_id": a_id})).await;
    assert_eq!(as_a.is_error, Some(true));
    let own = structured(&call(&client, "list_tasks", json!({})).await);
    assert_eq!(own["items"], json!([]));
    client.cancel().await.unwrap();
    let unchanged = app.get_json(&format!("/api/v1/tasks/{id}"), &a).await;
    assert_eq!(
        (
            unchanged["title"].as_str(),
            unchanged["completed"].as_bool()
        ),
        (Some("A's task"), Some(false))
    );
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn mcp_refuses_missing_and_revoked_tokens_and_says_where_to_authenticate(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let (_, jwt) = app.account("a@example.com", "A", "creator").await;

    let anonymous = app
        .client
        .post(app.url("/mcp"))
        .header("Accept", "application/json, text/event-stream")
        .json(&json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list"}))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    let challenge = anonymous.headers()["www-authenticate"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(challenge.starts_with("Bearer "), "{challenge}");
    assert!(
        challenge.contains("/.well-known/oauth-protected-resource"),
        "{challenge}"
    );
    let body: Value = anonymous.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unauthorized");

    let metadata: Value = app
        .client
        .get(app.url("/.well-known/oauth-protected-resource"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(metadata["resource"], app.url("/mcp"));
    assert_eq!(metadata["bearer_methods_supported"], json!(["header"]));

    assert!(connect(&app, "mct_not-a-real-token").await.is_err());

    let (token_id, token) = personal_token(&app, &jwt).await;
    let client = connect(&app, &token).await.unwrap();
    assert_eq!(client.list_all_tools().await.unwrap().len(), 5);
    client.cancel().await.unwrap();
    app.send(
        Method::DELETE,
        &format!("/api/v1/tokens/{token_id}"),
        &jwt,
        None,
    )
    .await;
    assert!(
        connect(&app, &token).await.is_err(),
        "a revoked token is refused"
    );

    // An access token of a sign-in works too.
    let client = connect(&app, &jwt).await.unwrap();
    assert_eq!(client.list_all_tools().await.unwrap().len(), 5);
    client.cancel().await.unwrap();
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn out_of_schema_arguments_are_tool_errors_that_say_what_is_allowed(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let (_, jwt) = app.account("a@example.com", "A", "creator").await;
    let (_, token) = personal_token(&app, &jwt).await;
    let client = connect(&app, &token).await.unwrap();
    let text = |result: &CallToolResult| {
        assert_eq!(result.is_error, Some(true), "{result:?}");
        let body: Value = serde_json::from_str(&result.content[0].as_text().unwrap().text).unwrap();
        body["error"]["message"].as_str().unwrap().to_owned()
    };
    let urgent = call(
        &client,
        "add_task",
        json!({"title": "x", "priority": "urgent"}),
    )
    .await;
    assert!(text(&urgent).contains("low, medium, high"), "{urgent:?}");
    let done = call(&client, "list_tasks", json!({"status": "done"})).await;
    assert!(text(&done).contains("all, pending, completed"), "{done:?}");
    let fraction = call(&client, "complete_task", json!({"task_id": 1.5})).await;
    assert_eq!(
        text(&fraction),
        "Arguments of complete_task: task_id must be a whole number (got 1.5)."
    );
    // Nothing was made of the refused add_task.
    let listed = structured(&call(&client, "list_tasks", json!({})).await);
    assert_eq!(listed["items"], json!([]));
    client.cancel().await.unwrap();
}

async fn post_mcp(app: &TestApp, token: &str, origin: Option<&str>) -> reqwest::Response {
    let mut request = app
        .client
        .post(app.url("/mcp"))
        .bearer_auth(token)
        .header("Accept", "application/json, text/event-stream")
        .json(&json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list"}));
    if let Some(origin) = origin {
        request = request.header("Origin", origin);
    }
    request.send().await.unwrap()
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn browsers_of_other_origins_are_refused_and_preflights_answered(pool: PgPool) {
    let app = TestApp::spawn_with_http(
        pool,
        server::startup::HttpOptions {
            mcp_allowed_origins: vec!["http://localhost:6274".into()],
            ..Default::default()
        },
    )
    .await;
    let (_, jwt) = app.account("a@example.com", "A", "creator").await;
    let (_, token) = personal_token(&app, &jwt).await;

    // A valid token does not let a foreign page in.
    let foreign = post_mcp(&app, &token, Some("https://evil.example")).await;
    assert_eq!(foreign.status(), 403);
    let body: Value = foreign.json().await.unwrap();
    assert_eq!(body["error"]["code"], "forbidden");

    // This site, an allowed origin, and clients without Origin are served.
    assert_eq!(post_mcp(&app, &token, Some(&app.base)).await.status(), 200);
    let allowed = post_mcp(&app, &token, Some("http://localhost:6274")).await;
    assert_eq!(allowed.status(), 200);
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "http://localhost:6274"
    );
    assert_eq!(post_mcp(&app, &token, None).await.status(), 200);

    let preflight = app
        .client
        .request(Method::OPTIONS, app.url("/mcp"))
        .header("Origin", "http://localhost:6274")
        .header("Access-Control-Request-Method", "POST")
        .header(
            "Access-Control-Request-Headers",
            "authorization, content-type, mcp-protocol-version",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status(), 204);
    let allow_headers = preflight.headers()["access-control-allow-headers"]
        .to_str()
        .unwrap();
    for header in [
        "authorization",
        "content-type",
        "mcp-protocol-version",
        "mcp-session-id",
    ] {
        assert!(allow_headers.contains(header), "{allow_headers}");
    }
    assert!(preflight.headers()["access-control-allow-methods"]
        .to_str()
        .unwrap()
        .contains("POST"));
    let foreign_preflight = app
        .client
        .request(Method::OPTIONS, app.url("/mcp"))
        .header("Origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(foreign_preflight.status(), 403);
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn metadata_names_the_public_url_whatever_host_is_sent(pool: PgPool) {
    let app = TestApp::spawn_with(pool, |s| s.public_url = "https://mat-cha.example".into()).await;
    let metadata = app
        .client
        .get(app.url("/.well-known/oauth-protected-resource/mcp"))
        .header("Host", "evil.example")
        .header("X-Forwarded-Host", "evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(metadata.headers()["access-control-allow-origin"], "*");
    let metadata: Value = metadata.json().await.unwrap();
    assert_eq!(metadata["resource"], "https://mat-cha.example/mcp");
    assert_eq!(
        metadata["authorization_servers"],
        json!(["https://mat-cha.example"])
    );
    let challenge = app
        .client
        .post(app.url("/mcp"))
        .header("Host", "evil.example")
        .json(&json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list"}))
        .send()
        .await
        .unwrap();
    assert_eq!(challenge.status(), 401);
    assert!(challenge.headers()["www-authenticate"]
        .to_str()
        .unwrap()
        .contains(
        "resource_metadata=\"https://mat-cha.example/.well-known/oauth-protected-resource/mcp\""
    ));
}
