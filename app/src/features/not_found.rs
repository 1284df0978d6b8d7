//! The 404 page (sent with status 404 on the server).

use crate::components::PublicHeader;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, not_found.title).to_string()/>
        <PublicHeader/>
        <main class="mx-auto max-w-xl px-4 py-24 text-center">
            <p class="text-sm font-semibold text-emerald-700">"404"</p>
            <h1 class="mt-2 text-3xl font-semibold tracking-tight">{t!(i18n, not_found.title)}</h1>
            <p class="mt-3 text-slate-600">{t!(i18n, not_found.body)}</p>
            <a href="/" class="mt-8 inline-block rounded-lg bg-emerald-600 px-4 py-2.5 font-medium text-white hover:bg-emerald-700">{t!(i18n, not_found.home)}</a>
        </main>
    }
}
