//! Turns errors from the server into translated sentences for forms.

use crate::error::{AppError, ErrorCode};
use crate::i18n::*;
use domain::FieldError;
use leptos::prelude::*;

pub fn field_error_text(i18n: leptos_i18n::I18nContext<Locale>, err: &FieldError) -> String {
    let text = match err.reason.as_str() {
        "required" => t_string!(i18n, errors.required).to_string(),
        "email_invalid" => t_string!(i18n, errors.email_invalid).to_string(),
        "email_too_long" => t_string!(i18n, errors.email_too_long).to_string(),
        "email_taken" => t_string!(i18n, errors.email_taken).to_string(),
        "password_too_short" => t_string!(i18n, errors.password_too_short).to_string(),
        "password_too_long" => t_string!(i18n, errors.password_too_long).to_string(),
        "password_blank" => t_string!(i18n, errors.password_blank).to_string(),
        "password_common" => t_string!(i18n, errors.password_common).to_string(),
        "display_name_too_long" => t_string!(i18n, errors.display_name_too_long).to_string(),
        "display_name_invalid" => t_string!(i18n, errors.display_name_invalid).to_string(),
        "role_invalid" => t_string!(i18n, errors.role_invalid).to_string(),
        "role_not_public" => t_string!(i18n, errors.role_not_public).to_string(),
        _ => err.message.clone(),
    };
    text
}

/// A sentence for an error that is not about one field.
pub fn error_text(i18n: leptos_i18n::I18nContext<Locale>, err: &AppError) -> String {
    match err.code {
        ErrorCode::InvalidCredentials => t_string!(i18n, errors.invalid_credentials).to_string(),
        ErrorCode::AccountLocked => {
            let minutes = err.retry_after.unwrap_or(60).div_ceil(60);
            t_string!(i18n, errors.account_locked, minutes, count = minutes).to_string()
        }
        ErrorCode::RateLimited => {
            let seconds = err.retry_after.unwrap_or(60);
            t_string!(i18n, errors.rate_limited, seconds, count = seconds).to_string()
        }
        ErrorCode::ValidationFailed => t_string!(i18n, errors.form_has_errors).to_string(),
        ErrorCode::Internal => t_string!(i18n, errors.generic).to_string(),
        _ => err.message.clone(),
    }
}

/// The errors of one form's last submission, as translated text.
#[derive(Clone, Copy)]
pub struct FormErrors {
    i18n: leptos_i18n::I18nContext<Locale>,
    error: Signal<Option<AppError>>,
}

impl FormErrors {
    pub fn new(i18n: leptos_i18n::I18nContext<Locale>, error: Signal<Option<AppError>>) -> Self {
        Self { i18n, error }
    }

    /// The message for one field, if the last submission failed on it.
    pub fn field(self, name: &'static str) -> Signal<Option<String>> {
        Signal::derive(move || {
            self.error
                .get()
                .and_then(|e| e.field(name).map(|f| field_error_text(self.i18n, f)))
        })
    }

    /// The message for a failure that is not about one field.
    pub fn general(self) -> Signal<Option<String>> {
        Signal::derive(move || {
            self.error
                .get()
                .filter(|e| e.fields.is_empty())
                .map(|e| error_text(self.i18n, &e))
        })
    }
}
