//! Account recovery and verification: "Forgot password?" asks for a link by
//! e-mail, and the link's page sets a new password; a new account's mailed
//! link verifies its address. The pages are in the settings chunk; the
//! dashboard's reminder to verify is in the dashboard's.

pub mod api;
mod forgot_page;
mod reset_page;
mod verify_banner;
mod verify_page;

pub use forgot_page::ForgotPasswordPage;
pub use reset_page::ResetPasswordPage;
pub use verify_banner::VerifyEmailBanner;
pub use verify_page::VerifyEmailPage;
