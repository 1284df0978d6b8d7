//! `/unsubscribe?token=…`: the page an event mail's "Stop these e-mails"
//! link opens. It names the event (or the daily digest) and stops its mail with one button (mail
//! programs use the one-click POST instead); no sign-in needed.

use super::api::Unsubscribe;
use crate::components::{PublicHeader, Spinner, SubmitButton};
use crate::i18n::*;
use domain::notify::Category;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let token = query.with_untracked(|q| q.get("token")).unwrap_or_default();
    let token = StoredValue::new(token);
    let target = Resource::new(
        || (),
        move |_| super::api::unsubscribe(token.get_value(), false),
    );
    let action = ServerAction::<Unsubscribe>::new();
    let label = move |key: &str| {
        Category::from_key(key)
            .map(|c| crate::words::category_label(i18n.get_locale(), c).to_owned())
            .unwrap_or_default()
    };
    let link = "mt-6 inline-flex w-full justify-center rounded-lg border border-slate-300 px-4 py-2.5 font-medium text-slate-800 hover:bg-slate-50";
    view! {
        <Title text=move || t_string!(i18n, notify.unsub_title).to_string()/>
        <PublicHeader/>
        <main class="mx-auto max-w-md px-4 py-12 sm:py-16">
            <div class="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
                <h1 class="text-2xl font-semibold tracking-tight">{t!(i18n, notify.unsub_title)}</h1>
                <Suspense fallback=move || view! { <Spinner label=t_string!(i18n, common.loading).to_string()/> }>
                    {move || target.get().map(|found| {
                        let done = action.value().get().and_then(Result::ok).or_else(|| found.clone().ok().filter(|t| !t.email));
                        match (found, done) {
                            (Err(_), _) => view! {
                                <p class="mt-3 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-amber-900" role="alert" data-testid="unsubscribe-problem">{t!(i18n, notify.unsub_invalid)}</p>
                            }.into_any(),
                            (Ok(_), Some(done)) => view! {
                                <p class="mt-3 text-slate-700" role="status" data-testid="unsubscribe-done">{move || t_string!(i18n, notify.unsub_done, event = label(&done.event)).to_string()}</p>
                            }.into_any(),
                            (Ok(found), None) => view! {
                                <p class="mt-3 text-slate-700">{move || t_string!(i18n, notify.unsub_ask, event = label(&found.event)).to_string()}</p>
                                <ActionForm action=action attr:class="mt-6">
                                    <input type="hidden" name="token" value=token.get_value()/>
                                    <input type="hidden" name="confirm" value="true"/>
                                    <SubmitButton pending=action.pending() label=move || t!(i18n, notify.unsub_button) busy_label=move || t!(i18n, recovery.saving)/>
                                </ActionForm>
                                {move || action.value().get().and_then(Result::err).map(|e| view! { <p class="mt-2 text-sm text-rose-700" role="alert">{crate::components::error_words(e)}</p> })}
                            }.into_any(),
                        }
                    })}
                </Suspense>
                <a href="/settings#notifications" class=link>{t!(i18n, notify.to_settings)}</a>
            </div>
        </main>
    }
}
