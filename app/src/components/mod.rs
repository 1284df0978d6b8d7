//! Domain-free building blocks shared by pages.

mod form_field;
mod layout;

pub use form_field::{FormAlert, FormField, SubmitButton};
pub use layout::{role_label, AppShell, Protected, PublicHeader, Spinner};
