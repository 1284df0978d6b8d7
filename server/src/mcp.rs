//! `/mcp`: the five task tools for outside agents over MCP's Streamable
//! HTTP transport (the official Rust SDK, rmcp). Served statelessly, so any
//! instance answers any request; every call runs as the user whose bearer
//! token (personal API token or access token) came with it. Without a valid
//! token the answer is 401 with `WWW-Authenticate` pointing at the
//! protected-resource metadata (`/.well-known/oauth-protected-resource`).

use crate::rest::error::ApiError;
use crate::rest::extract::BearerUser;
use app::features::auth::User;
use app::server::task_tools::{self, ToolName};
use app::server::AppState;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::WWW_AUTHENTICATE;
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation,
    ListToolsResult, PaginatedRequestParams, ServerCapabilities, ServerConfig, Tool,
    ToolAnnotations,
};
use rmcp::service::{RequestContext, RoleServer};
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};
use rmcp::{ErrorData, ServerHandler};
use serde_json::json;
use std::sync::Arc;

/// The MCP server of one request: the application state; the caller comes
/// with the request.
#[derive(Clone)]
pub struct TaskServer {
    state: AppState,
}

fn tools() -> Vec<Tool> {
    ToolName::ALL
        .into_iter()
        .map(|t| {
            let schema = match t.input_schema() {
                serde_json::Value::Object(map) => map,
                _ => serde_json::Map::new(),
            };
            Tool::new(t.as_str(), t.description(), Arc::new(schema)).with_annotations(
                ToolAnnotations::new()
                    .read_only(t.read_only())
                    .destructive(t.destructive())
                    .idempotent(matches!(
                        t,
                        ToolName::ListTasks | ToolName::CompleteTask | ToolName::DeleteTask
                    ))
                    .open_world(false),
            )
        })
        .collect()
}

impl ServerHandler for TaskServer {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("mat-cha-tasks", env!("CARGO_PKG_VERSION")))
            .with_instructions(
                "The signed-in user's personal tasks. list_tasks shows ids; add_task, complete_task, \
                 delete_task and update_task change them. Due dates are in the user's time zone.",
            )
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(tools()))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let user = context
            .extensions
            .get::<axum::http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<User>())
            .cloned()
            .ok_or_else(|| ErrorData::internal_error("no authenticated user", None))?;
        if ToolName::parse(&request.name).is_none() {
            return Err(ErrorData::invalid_params(
                format!("There is no tool called {:?}.", request.name),
                None,
            ));
        }
        let arguments = serde_json::Value::Object(request.arguments.unwrap_or_default());
        let result = match task_tools::call(&self.state, &user, &request.name, &arguments).await {
            Ok(value) => {
                let mut result =
                    CallToolResult::success(vec![ContentBlock::text(value.to_string())]);
                // Objects also go as structured content (list_tasks answers an array).
                if value.is_object() {
                    result.structured_content = Some(value);
                } else {
                    result.structured_content = Some(json!({"items": value}));
                }
                result
            }
            Err(e) if e.code == app::ErrorCode::Internal => {
                return Err(ErrorData::internal_error(
                    "the server failed; try again",
                    None,
                ))
            }
            // The caller's own mistakes are shown to them as tool errors.
            Err(e) => CallToolResult::error(vec![ContentBlock::text(
                json!({"error": {"code": e.code.as_str(), "message": e.message}}).to_string(),
            )]),
        };
        Ok(result.into())
    }
}

/// The public base URL of a request (`https://host`), for metadata links.
fn base_url(headers: &HeaderMap) -> String {
    let host = headers
        .get("x-forwarded-host")
        .or_else(|| headers.get(axum::http::header::HOST))
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let scheme = headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
        .unwrap_or("http");
    format!("{scheme}://{host}")
}

/// Authenticates every `/mcp` request; the user rides in the request's
/// extensions to the tool call.
pub async fn require_token(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let (mut parts, body) = request.into_parts();
    match BearerUser::from_request_parts(&mut parts, &state).await {
        Ok(caller) => {
            parts.extensions.insert(caller.user);
            next.run(Request::from_parts(parts, body)).await
        }
        Err(ApiError(error)) => {
            let metadata = format!(
                "{}/.well-known/oauth-protected-resource",
                base_url(&parts.headers)
            );
            let mut response = ApiError(error).into_response();
            if let Ok(value) = HeaderValue::from_str(&format!(
                "Bearer realm=\"mat-cha\", resource_metadata=\"{metadata}\""
            )) {
                response.headers_mut().insert(WWW_AUTHENTICATE, value);
            }
            response
        }
    }
}

/// RFC 9728 protected-resource metadata for `/mcp`.
pub async fn protected_resource(headers: HeaderMap) -> Json<serde_json::Value> {
    let base = base_url(&headers);
    Json(json!({
        "resource": format!("{base}/mcp"),
        "authorization_servers": [base],
        "bearer_methods_supported": ["header"],
        "resource_name": "MAT-CHA tasks",
        "resource_documentation": format!("{base}/api/v1/docs"),
    }))
}

/// The MCP service. `allowed_hosts` are the host names clients may use to
/// reach it (DNS-rebinding protection); empty allows any.
pub fn service(
    state: AppState,
    allowed_hosts: &[String],
) -> StreamableHttpService<TaskServer, LocalSessionManager> {
    let mut config = StreamableHttpServerConfig::default()
        // Stateless: no session lives in this process, so any instance can
        // answer, and simple calls are plain JSON.
        .with_legacy_session_mode(false)
        .with_json_response(true)
        .with_sse_keep_alive(None);
    config = if allowed_hosts.is_empty() {
        config.disable_allowed_hosts()
    } else {
        config.with_allowed_hosts(allowed_hosts.iter().cloned())
    };
    StreamableHttpService::new(
        move || {
            Ok(TaskServer {
                state: state.clone(),
            })
        },
        Arc::new(LocalSessionManager::default()),
        config,
    )
}
