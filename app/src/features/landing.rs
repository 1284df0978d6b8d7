//! The public landing page that explains the product.

use crate::components::PublicHeader;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn LandingPage() -> impl IntoView {
    let i18n = use_i18n();
    let steps = [
        (
            "1",
            t_string!(i18n, landing.step1_title).to_string(),
            t_string!(i18n, landing.step1_body).to_string(),
        ),
        (
            "2",
            t_string!(i18n, landing.step2_title).to_string(),
            t_string!(i18n, landing.step2_body).to_string(),
        ),
        (
            "3",
            t_string!(i18n, landing.step3_title).to_string(),
            t_string!(i18n, landing.step3_body).to_string(),
        ),
    ];
    view! {
        <Title text=move || format!("{} — {}", t_string!(i18n, brand_name), t_string!(i18n, tagline))/>
        <PublicHeader/>
        <main>
            <section class="bg-gradient-to-b from-emerald-50 to-slate-50">
                <div class="mx-auto max-w-6xl px-4 py-16 sm:px-6 sm:py-24">
                    <p class="text-sm font-semibold uppercase tracking-wider text-emerald-700">{t!(i18n, tagline)}</p>
                    <h1 class="mt-3 max-w-3xl text-4xl font-semibold tracking-tight text-slate-900 sm:text-5xl">{t!(i18n, landing.title)}</h1>
                    <p class="mt-5 max-w-2xl text-lg text-slate-600">{t!(i18n, landing.lead)}</p>
                    <div class="mt-8 flex flex-wrap gap-3">
                        <a href="/signup?role=brand" class="rounded-lg bg-emerald-600 px-5 py-3 font-medium text-white shadow-sm hover:bg-emerald-700">{t!(i18n, landing.cta_brand)}</a>
                        <a href="/signup?role=creator" class="rounded-lg border border-slate-300 bg-white px-5 py-3 font-medium text-slate-800 shadow-sm hover:border-emerald-500">{t!(i18n, landing.cta_creator)}</a>
                    </div>
                </div>
            </section>
            <section class="mx-auto max-w-6xl px-4 py-16 sm:px-6">
                <h2 class="text-2xl font-semibold tracking-tight">{t!(i18n, landing.how_title)}</h2>
                <ol class="mt-8 grid gap-6 md:grid-cols-3">
                    {steps.into_iter().map(|(n, title, body)| view! {
                        <li class="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
                            <span class="grid size-9 place-items-center rounded-full bg-emerald-100 font-semibold text-emerald-800" aria-hidden="true">{n}</span>
                            <h3 class="mt-4 font-semibold">{title}</h3>
                            <p class="mt-2 text-slate-600">{body}</p>
                        </li>
                    }).collect_view()}
                </ol>
            </section>
            <section class="mx-auto grid max-w-6xl gap-6 px-4 pb-20 sm:px-6 md:grid-cols-2">
                <div class="rounded-2xl bg-slate-900 p-8 text-white">
                    <h2 class="text-xl font-semibold">{t!(i18n, landing.for_brands_title)}</h2>
                    <p class="mt-3 text-slate-300">{t!(i18n, landing.for_brands_body)}</p>
                </div>
                <div class="rounded-2xl bg-emerald-700 p-8 text-white">
                    <h2 class="text-xl font-semibold">{t!(i18n, landing.for_creators_title)}</h2>
                    <p class="mt-3 text-emerald-50">{t!(i18n, landing.for_creators_body)}</p>
                </div>
            </section>
        </main>
        <footer class="border-t border-slate-200 py-8 text-center text-sm text-slate-500">{t!(i18n, footer.rights)}</footer>
    }
}
