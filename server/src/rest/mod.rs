//! The REST API under `/api/v1`, its OpenAPI document and offline docs page.

pub mod admin;
pub mod assistant;
pub mod auth;
pub mod chats;
pub mod contracts;
pub mod creator;
pub mod deals;
pub mod deliverables;
pub mod error;
pub mod extract;
pub mod interests;
pub mod live;
pub mod matching;
pub mod milestones;
pub mod notifications;
pub mod openapi;
pub mod portfolio;
pub mod reports;
pub mod requests;
pub mod settings;
pub mod tasks;
pub mod upload;

pub use openapi::{openapi_json, ApiDoc};

use app::server::AppState;
use axum::routing::{get, post};
use axum::Router;
use utoipa::OpenApi;
use utoipa_swagger_ui::SwaggerUi;

/// Routes relative to `/api/v1`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/register", post(auth::register))
        .route("/auth/login", post(auth::login))
        .route("/auth/refresh", post(auth::refresh))
        .route("/auth/logout", post(auth::logout))
        .route("/auth/password-reset", post(auth::password_reset))
        .route(
            "/auth/password-reset/confirm",
            post(auth::password_reset_confirm),
        )
        .route("/auth/verify-email", post(auth::verify_email))
        .route("/auth/verify-email/resend", post(auth::verify_email_resend))
        .route("/me", get(auth::me).delete(auth::delete_me))
        .route("/me/export", get(auth::export_me))
        .route(
            "/creator/profile",
            get(creator::get_own).put(creator::save_own),
        )
        .route("/creators/{id}", get(creator::get_one))
        .route(
            "/creator/portfolio/{id}",
            axum::routing::delete(portfolio::delete),
        )
        .route("/requests", post(requests::create).get(requests::list_own))
        .route(
            "/requests/{id}",
            get(requests::get_one).put(requests::update),
        )
        .route("/requests/{id}/status", post(requests::change_status))
        .route("/requests/{id}/matches", get(matching::for_request))
        .route("/requests/{id}/interests", post(interests::express))
        .route("/interests", get(interests::list))
        .route("/interests/{id}/accept", post(interests::accept))
        .route("/interests/{id}/reject", post(interests::reject))
        .route("/reports", post(reports::file))
        .route("/admin/moderation", get(admin::queue))
        .route("/admin/moderation/{id}/decision", post(admin::decide))
        .route("/moderation/{id}/appeal", post(admin::appeal))
        .route("/admin/access-log", get(admin::access_log))
        .route("/admin/outbox", get(admin::outbox))
        .route("/notifications", get(notifications::list))
        .route("/notifications/read", post(notifications::mark_read))
        .route("/notifications/stream", get(live::notification_stream))
        .route("/chats/{id}/ws", get(live::chat_ws))
        .route("/chats/{id}/deal", post(deals::propose))
        .route("/deals", get(deals::list))
        .route("/deals/{id}/confirm", post(deals::confirm))
        .route("/deals/{id}", get(contracts::workspace))
        .route("/deals/{id}/contract", post(contracts::generate))
        .route("/contracts/{id}", get(contracts::get_one))
        .route("/contracts/{id}/versions", post(contracts::revise))
        .route("/contracts/{id}/versions/{n}", get(contracts::version))
        .route("/contracts/{id}/accept", post(contracts::accept))
        .route("/contracts/{id}/pdf", get(contracts::pdf))
        .route("/deals/{id}/milestones", get(milestones::list))
        .route("/milestones/{id}/mark-paid", post(milestones::mark_paid))
        .route("/milestones/{id}/confirm", post(milestones::confirm))
        .route("/milestones/{id}/dispute", post(milestones::dispute))
        .route("/milestones/{id}/resolve", post(milestones::resolve))
        .route("/payments/report", get(milestones::report))
        .route("/deals/{id}/deliverables", get(deliverables::list))
        .route("/submissions/{id}/review", post(deliverables::review))
        .route("/submissions/{id}/file", get(deliverables::file))
        .route("/chats", get(chats::list))
        .route("/chats/{id}", get(chats::get_one))
        .route(
            "/chats/{id}/messages",
            get(chats::messages).post(chats::send),
        )
        .route("/tasks", get(tasks::list).post(tasks::create))
        .route("/tasks/stream", get(live::task_stream))
        .route(
            "/tasks/{id}",
            get(tasks::get_one)
                .put(tasks::replace)
                .patch(tasks::patch)
                .delete(tasks::delete),
        )
        .route("/tasks/{id}/restore", post(tasks::restore))
        .route("/tokens", get(settings::list).post(settings::create))
        .route("/tokens/{id}", axum::routing::delete(settings::revoke))
        .route("/settings", get(settings::get).put(settings::save))
        .route(
            "/settings/notifications",
            get(settings::notifications).put(settings::save_notifications),
        )
        .route(
            "/unsubscribe",
            get(settings::unsubscribe_target).post(settings::unsubscribe),
        )
        .route("/chat", post(assistant::chat))
        .route("/conversations", get(assistant::conversations))
        .route("/conversations/{id}/messages", get(assistant::messages))
        .route("/tools", get(tasks::tools))
        .route("/tools/{name}", post(tasks::call_tool))
        .route("/creator/matches", get(matching::for_creator))
        .route("/search", get(matching::search))
        .route(
            "/saved-searches",
            get(matching::list_saved).post(matching::save),
        )
        .route(
            "/saved-searches/{id}",
            axum::routing::delete(matching::delete_saved),
        )
        .route("/saved-searches/{id}/run", post(matching::run_saved))
        .fallback(error::not_found)
}

/// The docs page at `/api/v1/docs` and the document at `/api/v1/openapi.json`.
pub fn docs() -> SwaggerUi {
    SwaggerUi::new("/api/v1/docs").url("/api/v1/openapi.json", ApiDoc::openapi())
}
