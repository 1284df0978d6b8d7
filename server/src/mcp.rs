//! `/mcp`: the five task tools for outside agents over MCP's Streamable
//! HTTP transport (the official Rust SDK, rmcp). Served statelessly, so any
//! instance answers any request; every call runs as the user whose bearer
//! token (personal API token or access token) came with it. Without a valid
//! token the answer is 401 with `WWW-Authenticate` pointing at the
//! protected-resource metadata (`/.well-known/oauth-protected-resource`).

use crate::rest::error::ApiError;
use crate::rest::extract::{bearer, Bearer};
use app::features::auth::User;
use app::server::task_tools::{self, ToolName};
use app::server::AppState;
use app::AppError;
use axum::extract::{Request, State};
use axum::http::header::{
    ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN,
    ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_MAX_AGE, ORIGIN, VARY, WWW_AUTHENTICATE,
};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use domain::oauth::Scope;
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

/// Who is calling and what they may do: an app's token (OAuth) carries
/// scopes; personal tokens and sign-ins may do anything their user may.
#[derive(Clone)]
pub struct McpCaller {
    pub user: User,
    pub scopes: Option<Vec<Scope>>,
}

impl McpCaller {
    fn may(&self, tool: ToolName) -> bool {
        self.scopes
            .as_ref()
            .is_none_or(|s| s.contains(&required_scope(tool)))
    }
}

fn required_scope(tool: ToolName) -> Scope {
    if tool.read_only() {
        Scope::TasksRead
    } else {
        Scope::TasksWrite
    }
}

fn caller_of(context: &RequestContext<RoleServer>) -> Result<McpCaller, ErrorData> {
    context
        .extensions
        .get::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<McpCaller>())
        .cloned()
        .ok_or_else(|| ErrorData::internal_error("no authenticated user", None))
}

fn tools(caller: &McpCaller) -> Vec<Tool> {
    ToolName::ALL
        .into_iter()
        .filter(|t| caller.may(*t))
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
        context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(tools(&caller_of(
            &context,
        )?)))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let caller = caller_of(&context)?;
        let Some(tool) = ToolName::parse(&request.name) else {
            return Err(ErrorData::invalid_params(
                format!("There is no tool called {:?}.", request.name),
                None,
            ));
        };
        if !caller.may(tool) {
            let needed = required_scope(tool).key();
            return Ok(CallToolResult::error(vec![ContentBlock::text(
                json!({"error": {"code": "insufficient_scope", "message": format!(
                    "You allowed this app only {}; {} needs {needed}. Connect it again and allow {needed}.",
                    Scope::list(caller.scopes.as_deref().unwrap_or_default()),
                    tool.as_str(),
                )}})
                .to_string(),
            )])
            .into());
        }
        let user = caller.user;
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

/// The browser origins that may call `/mcp`: this site's and the
/// configured ones (`MCP_ALLOWED_ORIGINS`). Requests without `Origin` come
/// from clients that are not browsers and pass.
#[derive(Clone)]
pub struct McpOrigins {
    pub public_url: String,
    pub extra: Arc<Vec<String>>,
}

impl McpOrigins {
    fn allows(&self, origin: &str) -> bool {
        origin.eq_ignore_ascii_case(&self.public_url)
            || self.extra.iter().any(|o| o.eq_ignore_ascii_case(origin))
    }
}

const ALLOWED_HEADERS: &str =
    "authorization, content-type, accept, mcp-protocol-version, mcp-session-id, last-event-id";
const EXPOSED_HEADERS: &str = "mcp-session-id, www-authenticate";

/// Refuses browsers of other origins with 403 (the transport's rule
/// against DNS rebinding), answers CORS preflights, and lets the allowed
/// origins read the answers.
pub async fn check_origin(
    State(origins): State<McpOrigins>,
    request: Request,
    next: Next,
) -> Response {
    let origin = request
        .headers()
        .get(ORIGIN)
        .map(|v| v.to_str().map(str::to_owned));
    let origin = match origin {
        None => None,
        Some(Ok(o)) if origins.allows(&o) => Some(o),
        Some(_) => {
            tracing::warn!("an /mcp request from a foreign origin was refused");
            return ApiError(AppError::forbidden(
                "This site's MCP endpoint does not accept requests from that origin.",
            ))
            .into_response();
        }
    };
    let mut response = if request.method() == Method::OPTIONS {
        let mut response = StatusCode::NO_CONTENT.into_response();
        let headers = response.headers_mut();
        headers.insert(
            ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, POST, DELETE, OPTIONS"),
        );
        headers.insert(
            ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static(ALLOWED_HEADERS),
        );
        headers.insert(ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
        response
    } else {
        next.run(request).await
    };
    if let Some(value) = origin.and_then(|o| HeaderValue::from_str(&o).ok()) {
        let headers = response.headers_mut();
        headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, value);
        headers.insert(
            ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static(EXPOSED_HEADERS),
        );
        headers.insert(VARY, HeaderValue::from_static("origin"));
    }
    response
}

/// Authenticates every `/mcp` request; the user rides in the request's
/// extensions to the tool call.
pub async fn require_token(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let (mut parts, body) = request.into_parts();
    let resource = app::server::oauth::resource(&state);
    let caller = match bearer(&parts, &state).await {
        Ok(Bearer::Personal(user)) => Ok(McpCaller { user, scopes: None }),
        Ok(Bearer::Access(access)) => match &access.audience {
            None => Ok(McpCaller {
                user: access.user,
                scopes: None,
            }),
            Some(aud) if *aud == resource => Ok(McpCaller {
                user: access.user,
                scopes: access.scopes,
            }),
            Some(_) => Err(AppError::new(
                app::ErrorCode::Unauthorized,
                "This token was issued for another resource.",
            )),
        },
        Err(e) => Err(e),
    };
    match caller {
        Ok(caller) => {
            parts.extensions.insert(caller);
            next.run(Request::from_parts(parts, body)).await
        }
        Err(error) => {
            let metadata = format!(
                "{}/.well-known/oauth-protected-resource/mcp",
                state.settings.public_url
            );
            let mut response = ApiError(error).into_response();
            if let Ok(value) = HeaderValue::from_str(&format!(
                "Bearer realm=\"mat-cha\", resource_metadata=\"{metadata}\", scope=\"{}\"",
                Scope::list(&Scope::ALL)
            )) {
                response.headers_mut().insert(WWW_AUTHENTICATE, value);
            }
            response
        }
    }
}

/// RFC 9728 protected-resource metadata for `/mcp`, readable from any
/// origin (browser-based MCP clients fetch it).
pub async fn protected_resource(State(state): State<AppState>) -> impl IntoResponse {
    let base = &state.settings.public_url;
    let body = Json(json!({
        "resource": format!("{base}/mcp"),
        "authorization_servers": [base],
        "bearer_methods_supported": ["header"],
        "scopes_supported": Scope::ALL.iter().map(|s| s.key()).collect::<Vec<_>>(),
        "resource_name": "MAT-CHA tasks",
        "resource_documentation": format!("{base}/api/v1/docs"),
    }));
    ([(ACCESS_CONTROL_ALLOW_ORIGIN, "*")], body)
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
