//! The language menu in every header: the six languages, each named in its
//! own script. Choosing one switches the page in place (no reload, typed
//! text stays), remembers it in a cookie and, when signed in, on the account.

use crate::features::auth::{api::SaveLanguage, use_auth};
use crate::i18n::*;
use domain::Language;
use leptos::prelude::*;

/// The generated locale of one of our languages (the build check keeps the
/// two lists the same).
pub fn locale_of(language: Language) -> Locale {
    match language {
        Language::En => Locale::en,
        Language::Hi => Locale::hi,
        Language::Ta => Locale::ta,
        Language::Te => Locale::te,
        Language::Bn => Locale::bn,
        Language::Mr => Locale::mr,
    }
}

pub fn language_of(locale: Locale) -> Language {
    match locale {
        Locale::en => Language::En,
        Locale::hi => Language::Hi,
        Locale::ta => Language::Ta,
        Locale::te => Language::Te,
        Locale::bn => Language::Bn,
        Locale::mr => Language::Mr,
    }
}

/// Once the signed-in user is known, the account's language wins over a
/// stale cookie (chosen on another device). Mounted once, in the root, so a
/// later choice in the menu is not undone by the user loaded at start.
///
/// A page served in another language than English also tells the browser
/// to fetch that language's strings at once, beside the page's code.
#[component]
pub fn LanguageSync() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    Effect::new(move |_| {
        if let Some(Ok(Some(user))) = auth.user.get() {
            if language_of(i18n.get_locale_untracked()) != user.language {
                crate::locale_strings::switch(i18n, locale_of(user.language));
            }
        }
    });
    crate::locale_strings::url(i18n.get_locale_untracked()).map(|href| {
        view! { <leptos_meta::Link rel="preload" href=href as_="fetch" crossorigin="anonymous"/> }
    })
}

#[component]
pub fn LanguageMenu() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let open = RwSignal::new(false);
    let save = ServerAction::<SaveLanguage>::new();
    let current = move || language_of(i18n.get_locale());
    let choose = move |language: Language| {
        open.set(false);
        crate::locale_strings::switch(i18n, locale_of(language));
        if matches!(auth.user.get_untracked(), Some(Ok(Some(_)))) {
            save.dispatch(SaveLanguage {
                language: language.code().to_owned(),
            });
        }
    };
    view! {
        <div class="relative" on:keydown=move |ev| if ev.key() == "Escape" { open.set(false) }>
            <button
                type="button"
                class="flex items-center gap-1.5 rounded-lg px-2.5 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100"
                aria-haspopup="menu"
                aria-expanded=move || open.get().to_string()
                title=move || t_string!(i18n, language.choose).to_string()
                data-testid="language-menu"
                on:click=move |_| open.update(|o| *o = !*o)
            >
                <svg class="size-4" viewBox="0 0 20 20" fill="none" stroke="currentColor" stroke-width="1.5" aria-hidden="true">
                    <circle cx="10" cy="10" r="7.5"/>
                    <path d="M2.5 10h15M10 2.5c2 2.2 3 4.7 3 7.5s-1 5.3-3 7.5c-2-2.2-3-4.7-3-7.5s1-5.3 3-7.5z"/>
                </svg>
                <span class="sr-only">{move || t_string!(i18n, language.menu).to_string()}": "</span>
                <span lang=move || current().code()>{move || current().native_name()}</span>
            </button>
            // The list exists only while open, so its scripts' fonts load only then.
            <Show when=move || open.get()>
                <div class="fixed inset-0 z-30" aria-hidden="true" on:click=move |_| open.set(false)></div>
                <ul role="menu" aria-label=move || t_string!(i18n, language.choose).to_string() class="absolute right-0 z-40 mt-1 w-40 rounded-xl border border-slate-200 bg-white py-1 shadow-lg">
                    {Language::ALL.into_iter().map(|language| view! {
                        <li role="none">
                            <button
                                type="button"
                                role="menuitemradio"
                                lang=language.code()
                                aria-checked=move || (current() == language).to_string()
                                class="block w-full px-3 py-2 text-left text-sm text-slate-700 hover:bg-slate-50 aria-[checked=true]:font-semibold aria-[checked=true]:text-emerald-700"
                                on:click=move |_| choose(language)
                            >
                                {language.native_name()}
                            </button>
                        </li>
                    }).collect_view()}
                </ul>
            </Show>
        </div>
    }
}

/// An error from a server function in the page's language (English keeps
/// the service's own sentence), re-worded when the language changes. One
/// concrete type for every page, so their code shares one text node.
pub fn error_words(error: crate::error::AppError) -> Signal<String> {
    let i18n = use_i18n();
    Signal::derive(move || crate::messages::error_text(i18n.get_locale(), &error))
}
