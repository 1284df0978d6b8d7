//! `/health` (is the database reachable?) and `/metrics` (Prometheus text).

use crate::rest::error::ApiError;
use app::server::AppState;
use app::{AppError, ErrorCode};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;
use std::time::Duration;

pub async fn health(State(state): State<AppState>) -> impl IntoResponse {
    let probe = tokio::time::timeout(
        Duration::from_secs(2),
        sqlx::query("SELECT 1").execute(&state.pool),
    )
    .await;
    match probe {
        Ok(Ok(_)) => (
            StatusCode::OK,
            Json(json!({"status": "ok", "database": "up"})),
        ),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "health check: database unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({"status": "unavailable", "database": "down"})),
            )
        }
        Err(_) => {
            tracing::warn!("health check: database timed out");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({"status": "unavailable", "database": "timeout"})),
            )
        }
    }
}

/// Prometheus text for a scraper that sends `Authorization: Bearer
/// <METRICS_TOKEN>`; without a configured token `/metrics` is not served.
pub async fn metrics(token: Option<String>, headers: HeaderMap) -> Response {
    let Some(token) = token else {
        return ApiError(AppError::not_found("That page")).into_response();
    };
    let sent = crate::rest::extract::bearer_token_of(&headers).unwrap_or_default();
    if !constant_time_eq(sent.as_bytes(), token.as_bytes()) {
        return ApiError(AppError::new(
            ErrorCode::Unauthorized,
            "Send the metrics token as Authorization: Bearer <METRICS_TOKEN>.",
        ))
        .into_response();
    }
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        crate::telemetry::metrics_handle().render(),
    )
        .into_response()
}

/// Equal bytes, in a time that does not depend on where they differ.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
