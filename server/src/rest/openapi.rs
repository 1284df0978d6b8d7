//! The REST API's OpenAPI 3.1 document. Each handler's annotation says
//! what it answers; `CommonResponses` adds the answers every operation of a
//! kind shares (a missing token, an unreadable body, a path id that names
//! nothing, a server failure), so that no status a handler can return is
//! left out, and the tests below hold the document to the rules stock
//! generators rely on.

use super::*;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
use utoipa::Modify;

#[derive(OpenApi)]
#[openapi(
    info(title = "MAT-CHA API", version = "1", description = "Brand–creator collaboration marketplace. Errors always answer `{\"error\": {\"code\", \"message\", \"request_id\"}}`."),
    paths(auth::register, auth::login, auth::refresh, auth::logout, auth::password_reset, auth::password_reset_confirm, auth::verify_email, auth::verify_email_resend, auth::me, auth::delete_me, auth::export_me, creator::get_own, creator::save_own, creator::get_one, requests::create, requests::list_own, requests::get_one, requests::update, requests::change_status, matching::for_request, matching::for_creator, matching::search, matching::list_saved, matching::save, matching::delete_saved, matching::run_saved, portfolio::create, portfolio::delete, interests::express, interests::list, interests::accept, interests::reject, chats::list, chats::get_one, chats::messages, chats::send, live::chat_ws, deals::propose, deals::confirm, deals::list, contracts::workspace, contracts::generate, contracts::get_one, contracts::revise, contracts::version, contracts::accept, contracts::pdf, milestones::list, milestones::mark_paid, milestones::confirm, milestones::dispute, milestones::resolve, milestones::report, deliverables::list, deliverables::create, deliverables::review, deliverables::file, notifications::list, notifications::mark_read, live::notification_stream, live::task_stream, tasks::list, tasks::create, tasks::get_one, tasks::replace, tasks::patch, tasks::delete, tasks::restore, tasks::tools, tasks::call_tool, settings::list, settings::create, settings::revoke, settings::get, settings::save, settings::notifications, settings::save_notifications, settings::unsubscribe_target, settings::unsubscribe, assistant::chat, assistant::conversations, assistant::messages, reports::file, admin::queue, admin::decide, admin::appeal, admin::access_log, admin::outbox),
    components(schemas(error::ErrorBody, error::ErrorDetail, error::FieldDetail)),
    modifiers(&BearerAuth, &CommonResponses),
    tags((name = "auth", description = "Accounts and tokens"), (name = "creators", description = "Creator profiles"), (name = "requests", description = "Collaboration requests"), (name = "matching", description = "Ranked matches, search and saved searches"), (name = "interests", description = "Creators' interests in requests and the brands' decisions"), (name = "chats", description = "48-hour chat windows and their messages"), (name = "deals", description = "Terms proposed and confirmed by both sides of a chat"), (name = "contracts", description = "A confirmed deal's workspace and its contract: versions, diffs and both sides' acceptance"), (name = "notifications", description = "In-app notifications"), (name = "tasks", description = "Personal tasks and the five task tools"), (name = "tokens", description = "Personal API tokens and settings"), (name = "moderation", description = "Reports and the moderation queue"))
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT access token or personal API token (mct_…)")
                    .build(),
            ),
        );
    }
}

/// What an error status means wherever a handler's annotation does not say more.
fn error_meaning(status: &str) -> Option<&'static str> {
    Some(match status {
        "400" => "The request could not be read: malformed JSON, a wrong content type or a malformed query string",
        "401" => "No valid access token or personal API token was sent (`WWW-Authenticate` says how to get one)",
        "403" => "The caller may not do this",
        "404" => "Nothing the caller may see has this id",
        "409" => "The change conflicts with the current state; the message says how",
        "413" => "The request body is larger than the server accepts",
        "422" => "A value is not valid; `error.fields` names every invalid field with its reason",
        "429" => "Too many requests; wait the seconds in `Retry-After`",
        "500" => "The server failed; nothing was changed. Quote `error.request_id` when reporting it",
        "503" => "A service the server needs is unavailable; try again later",
        _ => return None,
    })
}

struct CommonResponses;

impl CommonResponses {
    fn add(operation: &mut Operation, path: &str, method: &str) {
        let mut statuses = vec!["500"];
        let secured = operation.security.as_ref().is_some_and(|s| !s.is_empty());
        if secured {
            statuses.push("401");
        }
        if path.contains('{') {
            statuses.push("404");
        }
        let has_query = operation
            .parameters
            .iter()
            .flatten()
            .any(|p| matches!(p, RefOr::T(p) if matches!(p.parameter_in, ParameterIn::Query)));
        if operation.request_body.is_some() || has_query {
            statuses.push("400");
        }
        if operation.request_body.is_some() {
            statuses.extend(["413", "422"]);
        }
        if method != "get" {
            // A browser's request from another site is refused (see `http::csrf`).
            statuses.push("403");
        }
        if crate::http::rate_limit::LIMITED.contains(&path) {
            statuses.push("429");
        }
        let responses = &mut operation.responses.responses;
        for status in statuses {
            responses.entry(status.to_owned()).or_insert_with(|| {
                RefOr::T(
                    ResponseBuilder::new()
                        .description(error_meaning(status).unwrap_or_default())
                        .content(
                            "application/json",
                            ContentBuilder::new()
                                .schema(Some(Ref::from_schema_name("ErrorBody")))
                                .build(),
                        )
                        .build(),
                )
            });
        }
        for (status, response) in responses.iter_mut() {
            if let RefOr::T(response) = response {
                if response.description.is_empty() {
                    response.description = error_meaning(status).unwrap_or_default().to_owned();
                }
            }
        }
    }
}

impl Modify for CommonResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for (path, item) in openapi.paths.paths.iter_mut() {
            for (method, operation) in [
                ("get", &mut item.get),
                ("put", &mut item.put),
                ("post", &mut item.post),
                ("delete", &mut item.delete),
                ("patch", &mut item.patch),
            ] {
                if let Some(operation) = operation {
                    Self::add(operation, path, method);
                }
            }
        }
    }
}

/// The OpenAPI document as pretty JSON (`server openapi` prints it).
pub fn openapi_json() -> String {
    ApiDoc::openapi()
        .to_pretty_json()
        .expect("the OpenAPI document serialises")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;
    use std::collections::BTreeSet;

    fn operations() -> Vec<(String, String, Value)> {
        let doc: Value = serde_json::from_str(&openapi_json()).unwrap();
        let mut out = Vec::new();
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, op) in item.as_object().unwrap() {
                out.push((path.clone(), method.clone(), op.clone()));
            }
        }
        out
    }

    #[test]
    fn operation_ids_are_unique_snake_case_names() {
        let mut seen = BTreeSet::new();
        for (path, method, op) in operations() {
            let id = op["operationId"].as_str().unwrap_or_default().to_owned();
            assert!(
                !id.is_empty() && id.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{method} {path}: operationId {id:?}"
            );
            assert!(
                seen.insert(id.clone()),
                "{method} {path}: {id} is used twice"
            );
        }
    }

    #[test]
    fn every_response_is_described_and_every_error_has_the_envelope() {
        for (path, method, op) in operations() {
            for (status, response) in op["responses"].as_object().unwrap() {
                let text = response["description"].as_str().unwrap_or_default();
                assert!(!text.is_empty(), "{method} {path} {status}: no description");
                if status.starts_with('4') || status.starts_with('5') {
                    assert_eq!(
                        response["content"]["application/json"]["schema"]["$ref"],
                        "#/components/schemas/ErrorBody",
                        "{method} {path} {status}"
                    );
                }
            }
            assert!(
                op["responses"].get("500").is_some(),
                "{method} {path}: no 500"
            );
        }
    }

    #[test]
    fn path_parameters_are_the_ones_in_the_template_and_nothing_else_is_in_path() {
        for (path, method, op) in operations() {
            let in_template: BTreeSet<String> = path
                .split('{')
                .skip(1)
                .filter_map(|s| s.split_once('}').map(|(name, _)| name.to_owned()))
                .collect();
            let declared: BTreeSet<String> = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|p| p["in"] == "path")
                .map(|p| p["name"].as_str().unwrap().to_owned())
                .collect();
            assert_eq!(in_template, declared, "{method} {path}");
        }
    }

    #[test]
    fn secured_operations_document_a_missing_token() {
        for (path, method, op) in operations() {
            if op.get("security").is_some() {
                assert!(op["responses"].get("401").is_some(), "{method} {path}");
            }
        }
    }
}
