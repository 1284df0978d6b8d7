#![recursion_limit = "256"]
//! MAT-CHA's Leptos application: pages, server functions, and (with `ssr`)
//! the service layer they call.

/// `key` (with its arguments) in `locale`, as an owned string: how the
/// edge words structured text outside the reactive views.
macro_rules! tr {
    ($locale:expr, $($key:tt)*) => { leptos_i18n::td_string!($locale, $($key)*).to_string() };
}

pub mod app;
pub mod components;
pub mod error;
pub mod features;
mod lazy;
pub mod locale_strings;
pub mod messages;
#[cfg(feature = "ssr")]
pub mod server;
pub mod words;

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub use app::{shell, App};
pub use error::{AppError, ErrorCode};
