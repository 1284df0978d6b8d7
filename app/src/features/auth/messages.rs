//! Turns errors from the server into translated sentences for forms.

use crate::error::{AppError, ErrorCode};
use crate::i18n::*;
use domain::FieldError;
use leptos::prelude::*;

pub fn field_error_text(i18n: leptos_i18n::I18nContext<Locale>, err: &FieldError) -> String {
    crate::messages::field_text(i18n.get_locale(), err)
}

/// A sentence for an error that is not about one field.
pub fn error_text(i18n: leptos_i18n::I18nContext<Locale>, err: &AppError) -> String {
    match err.code {
        ErrorCode::ValidationFailed => t_string!(i18n, errors.form_has_errors).to_string(),
        _ => crate::messages::error_text(i18n.get_locale(), err),
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
