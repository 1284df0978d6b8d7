//! The other languages' strings, loaded when chosen. English is compiled
//! into the WASM; each other language is one JSON array the server sends
//! from `/i18n/<code>.<hash>.json` (cached for good) and the browser loads
//! before it shows that language: before hydrating a page served in it
//! (the page preloads the file), and before switching to it. The build
//! (`build/locale_strings.rs`) makes the generated i18n module read them
//! from here; the server keeps them all compiled in.

use crate::i18n::Locale;
use leptos_i18n::I18nContext;
use leptos_i18n::Locale as _;

include!(concat!(env!("OUT_DIR"), "/i18n/strings.rs"));

fn position(locale: Locale) -> Option<usize> {
    let code = locale.as_str();
    LOADED.iter().position(|(c, _, _)| *c == code)
}

/// Where a language's strings are fetched from; `None` for English.
pub fn url(locale: Locale) -> Option<String> {
    position(locale).map(|i| {
        let (code, hash, _) = LOADED[i];
        format!("/i18n/{code}.{hash}.json")
    })
}

/// The JSON behind a file name `<code>.<hash>.json`; `None` for any other
/// name (an old hash included: the page that asks is from another build).
#[cfg(feature = "ssr")]
pub fn file(name: &str) -> Option<&'static str> {
    let (code, rest) = name.split_once('.')?;
    let hash = rest.strip_suffix(".json")?;
    LOADED
        .iter()
        .any(|(c, h, _)| *c == code && *h == hash)
        .then(|| json(code))
        .flatten()
}

/// Switches the page to `locale` once its strings are there (at once when
/// they already are); a language whose strings cannot be fetched is not
/// switched to, so the page never shows blanks.
pub fn switch(i18n: I18nContext<Locale>, locale: Locale) {
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    leptos::task::spawn_local(async move {
        if browser::load(locale).await {
            i18n.set_locale(locale);
        }
    });
    #[cfg(not(all(feature = "hydrate", not(feature = "ssr"))))]
    i18n.set_locale(locale);
}

#[cfg(all(feature = "hydrate", not(feature = "ssr")))]
pub use browser::{get, load_page_language};

#[cfg(all(feature = "hydrate", not(feature = "ssr")))]
mod browser {
    use super::{position, url, Locale, LOADED};
    use leptos::wasm_bindgen::JsCast;
    use std::sync::OnceLock;

    /// What each language of `LOADED` has loaded (kept for the page's life:
    /// at most five small arrays).
    static STORE: [OnceLock<&'static [&'static str]>; LOADED.len()] =
        [const { OnceLock::new() }; LOADED.len()];

    /// A language's strings for the generated module. Before they are loaded
    /// (which `switch` and `load_page_language` make sure of) every string
    /// is empty rather than a panic.
    pub fn get<const N: usize>(locale: Locale) -> &'static [&'static str; N] {
        position(locale)
            .and_then(|i| STORE[i].get())
            .and_then(|strings| (*strings).try_into().ok())
            .unwrap_or(const { &[""; N] })
    }

    /// Fetches and keeps a language's strings; true once they are there
    /// (English always is).
    pub async fn load(locale: Locale) -> bool {
        let Some(i) = position(locale) else {
            return true;
        };
        if STORE[i].get().is_some() {
            return true;
        }
        let Some(text) = fetch_text(&url(locale).unwrap_or_default()).await else {
            return false;
        };
        match serde_json::from_str::<Vec<String>>(&text) {
            Ok(strings) if strings.len() == LOADED[i].2 => {
                let kept: Vec<&'static str> = strings
                    .into_iter()
                    .map(|s| &*Box::leak(s.into_boxed_str()))
                    .collect();
                let _ = STORE[i].set(Box::leak(kept.into_boxed_slice()));
                true
            }
            _ => false,
        }
    }

    /// Loads the language the server rendered the page in (`<html lang>`),
    /// before the page hydrates.
    pub async fn load_page_language() {
        let lang = leptos::prelude::document()
            .document_element()
            .and_then(|html| html.get_attribute("lang"))
            .unwrap_or_default();
        if let Some(locale) = <Locale as leptos_i18n::Locale>::get_all()
            .iter()
            .find(|l| leptos_i18n::Locale::as_str(**l) == lang)
        {
            load(*locale).await;
        }
    }

    async fn fetch_text(url: &str) -> Option<String> {
        let window = web_sys::window()?;
        let response = wasm_bindgen_futures::JsFuture::from(window.fetch_with_str(url))
            .await
            .ok()?
            .dyn_into::<web_sys::Response>()
            .ok()?;
        if !response.ok() {
            return None;
        }
        wasm_bindgen_futures::JsFuture::from(response.text().ok()?)
            .await
            .ok()?
            .as_string()
    }
}
