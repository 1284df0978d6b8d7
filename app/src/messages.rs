//! Errors in the reader's language: the one place a `FieldError` reason or
//! an `ErrorCode` becomes a sentence. Forms (in the page's locale) and REST
//! answers (in the caller's language) both render through here; `code` and
//! `reason` stay the stable English identifiers.
//!
//! English keeps the service's own sentence, which names the field ("Choose
//! at most 5 niches."); the other languages say it from the reason and its
//! parameters, next to the field it is about.

use crate::error::{AppError, ErrorCode};
use crate::i18n::*;
use domain::FieldError;

/// One field's failure as a sentence in `locale`.
pub fn field_text(locale: Locale, err: &FieldError) -> String {
    if locale == Locale::en && !err.message.is_empty() {
        return err.message.clone();
    }
    let p = |name: &str| err.param(name).to_owned();
    match err.reason.as_str() {
        "required" => tr!(locale, errors.required),
        "email_invalid" => tr!(locale, errors.email_invalid),
        "email_too_long" => tr!(locale, errors.email_too_long),
        "email_taken" => tr!(locale, errors.email_taken),
        "password_too_short" => tr!(locale, errors.password_too_short),
        "password_too_long" => tr!(locale, errors.password_too_long),
        "password_blank" => tr!(locale, errors.password_blank),
        "password_common" => tr!(locale, errors.password_common),
        "password_wrong" => tr!(locale, errors.password_wrong),
        "display_name_too_long" => tr!(locale, errors.display_name_too_long),
        "display_name_invalid" => tr!(locale, errors.display_name_invalid),
        "role_invalid" => tr!(locale, errors.role_invalid),
        "role_not_public" => tr!(locale, errors.role_not_public),
        "too_many" => tr!(locale, errors.too_many, max = p("max")),
        "too_short" => tr!(locale, errors.too_short, min = p("min")),
        "too_long" => tr!(locale, errors.too_long, max = p("max")),
        "invalid_characters" => tr!(locale, errors.invalid_characters),
        "out_of_range" => tr!(locale, errors.out_of_range, min = p("min"), max = p("max")),
        "negative" => tr!(locale, errors.negative),
        "min_above_max" => tr!(locale, errors.min_above_max),
        "too_large" => tr!(locale, errors.too_large, max = p("max")),
        "not_positive" => tr!(locale, errors.not_positive),
        "not_a_number" => tr!(locale, errors.not_a_number),
        "not_a_boolean" => tr!(locale, errors.not_a_boolean),
        "incomplete" => tr!(locale, errors.incomplete),
        "niche_unknown" => tr!(locale, errors.niche_unknown, value = p("value")),
        "currency_unknown" => tr!(locale, errors.currency_unknown, value = p("value")),
        "platform_unknown" => tr!(locale, errors.platform_unknown, value = p("value")),
        "language_unknown" => tr!(locale, errors.language_unknown, value = p("value")),
        "kind_unknown" => tr!(locale, errors.kind_unknown),
        "country_invalid" => tr!(locale, errors.country_invalid),
        "handle_invalid" => tr!(locale, errors.handle_invalid),
        "followers_invalid" => tr!(locale, errors.followers_invalid),
        "platform_repeated" => tr!(locale, errors.platform_repeated, value = p("value")),
        "in_the_past" => tr!(locale, errors.in_the_past),
        "date_invalid" => tr!(locale, errors.date_invalid),
        "type_unsupported" => tr!(locale, errors.type_unsupported),
        "file_type_unsupported" => tr!(locale, errors.file_type_unsupported),
        "url_invalid" => tr!(locale, errors.url_invalid),
        "unknown_time_zone" => tr!(locale, errors.unknown_time_zone),
        "invalid_due" => tr!(locale, errors.invalid_due),
        "invalid_priority" => tr!(locale, errors.invalid_priority),
        "single_line" => tr!(locale, errors.single_line),
        "invalid_status" => tr!(locale, errors.invalid_status),
        "invalid_sort" => tr!(locale, errors.invalid_sort),
        "status_invalid" => tr!(locale, errors.status_invalid),
        "client_id_invalid" => tr!(locale, errors.client_id_invalid),
        "not_allowed" => tr!(locale, errors.not_allowed, choices = p("choices")),
        "id_invalid" => tr!(locale, errors.id_invalid),
        "own_item" => tr!(locale, errors.own_item),
        "count" => tr!(locale, errors.count),
        "after_deliverable" => tr!(locale, errors.after_deliverable),
        "percent_total" => tr!(locale, errors.percent_total, total = p("total")),
        "unchanged" => tr!(locale, errors.unchanged),
        "in_the_future" => tr!(locale, errors.in_the_future),
        "content_blocked" => tr!(
            locale,
            errors.content_blocked,
            category = crate::words::moderation_category(locale, err.param("category"))
        ),
        _ => tr!(locale, errors.invalid),
    }
}

/// The envelope's `message` in `locale`: for a validation failure the field
/// at fault (or the list of them), otherwise what the code means.
pub fn error_text(locale: Locale, err: &AppError) -> String {
    if locale == Locale::en && !err.message.is_empty() {
        return err.message.clone();
    }
    match err.code {
        ErrorCode::ValidationFailed | ErrorCode::ContentBlocked => match err.fields.as_slice() {
            [] => tr!(locale, api_error.bad_request),
            [only] => format!("{}: {}", only.field, field_text(locale, only)),
            many => {
                let names: Vec<&str> = many.iter().map(|f| f.field.as_str()).collect();
                tr!(locale, api_error.fields_invalid, fields = names.join(", "))
            }
        },
        ErrorCode::BadRequest => tr!(locale, api_error.bad_request),
        ErrorCode::Unauthorized => tr!(locale, api_error.unauthorized),
        ErrorCode::InvalidCredentials => tr!(locale, errors.invalid_credentials),
        ErrorCode::Forbidden => tr!(locale, api_error.forbidden),
        ErrorCode::AccountSuspended => tr!(locale, errors.account_suspended),
        ErrorCode::NotFound => tr!(locale, api_error.not_found),
        ErrorCode::Conflict => tr!(locale, api_error.conflict),
        ErrorCode::PayloadTooLarge => tr!(locale, api_error.payload_too_large),
        ErrorCode::AccountLocked => {
            let minutes = err.retry_after.unwrap_or(60).div_ceil(60);
            tr!(locale, errors.account_locked, minutes, count = minutes)
        }
        ErrorCode::RateLimited => {
            let seconds = err.retry_after.unwrap_or(60);
            tr!(locale, errors.rate_limited, seconds, count = seconds)
        }
        ErrorCode::Internal => tr!(locale, errors.generic),
        ErrorCode::ServiceUnavailable => tr!(locale, api_error.service_unavailable),
    }
}

/// The same error with every sentence in `locale` (codes and reasons kept).
pub fn localized(locale: Locale, mut err: AppError) -> AppError {
    err.message = error_text(locale, &err);
    for field in &mut err.fields {
        field.message = field_text(locale, field);
    }
    err
}

#[cfg(test)]
mod tests {
    use super::*;

    fn too_many() -> FieldError {
        FieldError::new("niches", "too_many", "Choose at most 5 niches.").with("max", 5)
    }

    #[test]
    fn english_keeps_the_services_sentence_and_others_say_the_reason() {
        assert_eq!(
            field_text(Locale::en, &too_many()),
            "Choose at most 5 niches."
        );
        assert_eq!(field_text(Locale::hi, &too_many()), "ज़्यादा से ज़्यादा 5 चुनिए।");
        assert_eq!(
            field_text(Locale::ta, &too_many()),
            "அதிகபட்சம் 5 மட்டும் தேர்ந்தெடுங்கள்."
        );
    }

    #[test]
    fn an_unknown_reason_still_reads_as_a_sentence() {
        let odd = FieldError::new("x", "something_new", "Something new is wrong.");
        assert_eq!(field_text(Locale::en, &odd), "Something new is wrong.");
        assert_eq!(field_text(Locale::mr, &odd), "हे मूल्य योग्य नाही.");
    }

    #[test]
    fn the_envelope_message_names_the_field_and_keeps_the_code() {
        let err = localized(Locale::bn, AppError::validation(vec![too_many()]));
        assert_eq!(err.code, ErrorCode::ValidationFailed);
        assert_eq!(err.message, "niches: সর্বোচ্চ 5টি বেছে নিন।");
        assert_eq!(err.fields[0].reason, "too_many");
        assert_eq!(err.fields[0].message, "সর্বোচ্চ 5টি বেছে নিন।");
        let locked = AppError {
            retry_after: Some(120),
            ..AppError::new(ErrorCode::AccountLocked, "locked")
        };
        assert!(error_text(Locale::te, &locked).contains('2'));
    }

    #[test]
    fn every_code_has_a_sentence_in_every_language() {
        use ErrorCode::*;
        let codes = [
            BadRequest,
            ValidationFailed,
            Unauthorized,
            InvalidCredentials,
            Forbidden,
            AccountSuspended,
            NotFound,
            Conflict,
            PayloadTooLarge,
            AccountLocked,
            RateLimited,
            Internal,
            ServiceUnavailable,
        ];
        for locale in Locale::get_all() {
            for code in codes {
                let text = error_text(*locale, &AppError::new(code, ""));
                assert!(!text.is_empty(), "{locale:?} {code:?}");
            }
        }
    }
}
