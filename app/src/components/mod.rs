//! Domain-free building blocks shared by pages.

mod form_field;
mod layout;

pub use form_field::FormField;
pub use layout::{AppShell, Protected, PublicHeader, Spinner};
