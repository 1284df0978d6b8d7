//! The language a request's error sentences are written in: the caller's
//! stored language once an extractor knows the caller, else the language
//! cookie or `Accept-Language` (see `app::server::language::of_headers`).

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use domain::Language;
use std::cell::Cell;

tokio::task_local! {
    static LANGUAGE: Cell<Language>;
}

/// The language of the request being handled (English outside one).
pub fn current() -> Language {
    LANGUAGE.try_with(Cell::get).unwrap_or_default()
}

/// The caller is known: their account's language wins from here on.
pub fn caller_is(user: &app::features::auth::User) {
    let _ = LANGUAGE.try_with(|l| l.set(user.language));
}

pub async fn layer(req: Request, next: Next) -> Response {
    let language = app::server::language::of_headers(req.headers());
    LANGUAGE.scope(Cell::new(language), next.run(req)).await
}
