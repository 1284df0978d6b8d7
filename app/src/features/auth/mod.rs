//! Accounts: sign-up, sign-in, sign-out and who is signed in.

pub mod api;
pub(crate) mod messages;
mod sign_in_page;
mod sign_up_page;

pub use sign_in_page::SignInPage;
pub use sign_up_page::SignUpPage;

use crate::error::AppError;
use domain::Role;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

/// An account as its owner sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct User {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String, example = "creator"))]
    pub role: Role,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
    /// The language the user reads the product in.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(value_type = String, example = "hi"))]
    pub language: domain::Language,
    /// `active`, or `pending_review` / `suspended`: the account may sign in
    /// and read, but not publish, express interest, accept or send messages.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(value_type = String, example = "active"))]
    pub status: domain::moderation::report::AccountStatus,
    /// Whether the owner has followed the link mailed to `email`.
    #[serde(default)]
    pub email_verified: bool,
}

/// What an API sign-in returns.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TokenPair {
    pub access_token: String,
    pub refresh_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
}

/// The signed-in state shared by every page: the actions that change it and
/// the resource that reads it.
#[derive(Clone, Copy)]
pub struct Auth {
    pub sign_in: ServerAction<api::SignIn>,
    pub sign_up: ServerAction<api::SignUp>,
    pub sign_out: ServerAction<api::SignOut>,
    pub user: Resource<Result<Option<User>, AppError>>,
}

impl Auth {
    pub fn provide() -> Self {
        let sign_in = ServerAction::<api::SignIn>::new();
        let sign_up = ServerAction::<api::SignUp>::new();
        let sign_out = ServerAction::<api::SignOut>::new();
        let user = Resource::new(|| (), |_| api::current_user());
        // A change of who is signed in reloads the page from the server, so no
        // view (or cached data) of the previous user survives on the client.
        Effect::new(move |_| {
            if matches!(sign_in.value().get(), Some(Ok(_)))
                || matches!(sign_up.value().get(), Some(Ok(_)))
            {
                hard_navigate(api::after_sign_in(next_in_address().as_deref()));
            }
        });
        Effect::new(move |_| {
            if matches!(sign_out.value().get(), Some(Ok(()))) {
                hard_navigate("/");
            }
        });
        let auth = Self {
            sign_in,
            sign_up,
            sign_out,
            user,
        };
        provide_context(auth);
        auth
    }
}

/// The `next` parameter of the address in the browser.
fn next_in_address() -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        let search = window().location().search().ok()?;
        web_sys::UrlSearchParams::new_with_str(&search)
            .ok()?
            .get("next")
    }
    #[cfg(not(feature = "hydrate"))]
    {
        None
    }
}

fn hard_navigate(path: &str) {
    #[cfg(feature = "hydrate")]
    if let Err(e) = window().location().set_href(path) {
        leptos::logging::error!("navigation to {path} failed: {e:?}");
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}
