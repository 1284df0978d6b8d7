//! Account recovery: "Forgot password?" asks for a link by e-mail, and the
//! link's page sets a new password. Both pages are in the settings chunk.

pub mod api;
mod forgot_page;
mod reset_page;

pub use forgot_page::ForgotPasswordPage;
pub use reset_page::ResetPasswordPage;
