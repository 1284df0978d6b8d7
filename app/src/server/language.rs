//! Which of the six languages a request is answered in: the signed-in
//! account's, else the language cookie the header menu sets, else the
//! browser's `Accept-Language`, else English.

use axum::http::{header, HeaderMap, HeaderValue};
use domain::Language;

/// The cookie leptos_i18n reads and writes for the chosen locale.
pub const COOKIE: &str = "i18n_pref_locale";

/// A year, in seconds.
const COOKIE_MAX_AGE: i64 = 365 * 24 * 60 * 60;

/// The language of an anonymous request.
pub fn of_headers(headers: &HeaderMap) -> Language {
    cookie(headers)
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Language::negotiate)
        })
        .unwrap_or_default()
}

fn cookie(headers: &HeaderMap) -> Option<Language> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .and_then(|(_, value)| Language::parse(value, "language").ok())
}

/// `Set-Cookie` for the language, readable by the page (the menu changes it).
pub fn set_cookie(language: Language) -> HeaderValue {
    HeaderValue::from_str(&format!(
        "{COOKIE}={}; Path=/; Max-Age={COOKIE_MAX_AGE}; SameSite=Lax",
        language.code()
    ))
    .expect("a language code is a valid header value")
}

/// The language of the current server-function call's request.
pub async fn of_request() -> Language {
    leptos_axum::extract::<HeaderMap>()
        .await
        .map(|headers| of_headers(&headers))
        .unwrap_or_default()
}

/// Makes the current server function's response remember `language`.
pub fn remember(language: Language) {
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.append_header(header::SET_COOKIE, set_cookie(language));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(
                header::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        h
    }

    #[test]
    fn the_cookie_wins_over_the_browser_and_english_is_the_last_resort() {
        assert_eq!(of_headers(&headers(&[])), Language::En);
        assert_eq!(
            of_headers(&headers(&[("accept-language", "ta-IN,ta;q=0.9,en;q=0.5")])),
            Language::Ta
        );
        assert_eq!(
            of_headers(&headers(&[
                ("accept-language", "ta-IN"),
                ("cookie", "id=abc; i18n_pref_locale=bn")
            ])),
            Language::Bn
        );
        assert_eq!(
            of_headers(&headers(&[
                ("accept-language", "mr"),
                ("cookie", "i18n_pref_locale=xx")
            ])),
            Language::Mr
        );
        assert_eq!(
            set_cookie(Language::Hi),
            "i18n_pref_locale=hi; Path=/; Max-Age=31536000; SameSite=Lax"
        );
    }
}
