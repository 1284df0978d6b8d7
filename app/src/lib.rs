#![recursion_limit = "256"]
//! MAT-CHA's Leptos application: pages, server functions, and (with `ssr`)
//! the service layer they call.

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
