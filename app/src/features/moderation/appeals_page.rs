//! `/appeals`: what moderators decided about the caller's items and
//! account, with the note they wrote, and one appeal for each removal or
//! suspension.

use super::api::{my_cases, AppealCase};
use super::AuthorCase;
use crate::components::{
    error_line, AppShell, EmptyState, Protected, Spinner, BUTTON, INPUT, LABEL,
};
use crate::features::auth::messages::FormErrors;
use crate::features::auth::User;
use crate::features::dashboard::short_date;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AppealsPage() -> impl IntoView {
    view! { <Protected view=|user| view! { <Appeals user/> }.into_any()/> }
}

#[component]
fn Appeals(user: User) -> impl IntoView {
    let i18n = use_i18n();
    let sent = RwSignal::new(0u32);
    let cases = Resource::new(move || sent.get(), |_| my_cases());
    view! {
        <Title text=move || t_string!(i18n, moderation.appeals_title).to_string()/>
        <AppShell user=user>
            <h1 class="text-2xl font-semibold tracking-tight">{t!(i18n, moderation.appeals_title)}</h1>
            <p class="mt-1 text-sm text-slate-600">{t!(i18n, moderation.appeals_intro)}</p>
            <Transition fallback=move || view! { <Spinner label=t_string!(i18n, common.loading).to_string()/> }>
                {move || cases.get().map(|r| match r {
                    Err(e) => view! { <p class="mt-4 text-rose-700" role="alert">{crate::components::error_words(e)}</p> }.into_any(),
                    Ok(items) if items.is_empty() => view! { <div class="mt-4"><EmptyState message=t_string!(i18n, moderation.appeals_empty).to_string()/></div> }.into_any(),
                    Ok(items) => view! {
                        <ul class="mt-4 space-y-4">
                            {items.into_iter().map(|c| view! { <Decided case=c sent/> }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Transition>
        </AppShell>
    }
}

#[component]
fn Decided(case: AuthorCase, sent: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let appeal = ServerAction::<AppealCase>::new();
    let errors = FormErrors::new(
        i18n,
        Signal::derive(move || appeal.value().get().and_then(Result::err)),
    );
    Effect::new(move |_| {
        if let Some(Ok(())) = appeal.value().get() {
            sent.update(|n| *n += 1);
        }
    });
    let c = case;
    let id = c.id;
    let (kind, state, at) = (c.target_type.clone(), c.state.clone(), c.updated_at);
    let statement = RwSignal::new(String::new());
    view! {
        <li class="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm" data-testid="decided-case" data-state=c.state.clone()>
            <p class="font-medium">{move || crate::features::admin::item_label(i18n, &kind)}
                <span class="ml-2 rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700">{move || crate::features::admin::state_label(i18n, &state)}</span>
                <span class="ml-2 text-xs text-slate-500">{move || short_date(i18n, at)}</span>
            </p>
            {(!c.note.is_empty()).then(|| view! { <p class="mt-2 text-sm text-slate-700" translate="no">{c.note.clone()}</p> })}
            {c.target_path.clone().map(|href| view! { <a href=href class="mt-2 inline-block text-sm text-emerald-700 underline">{t!(i18n, moderation.appeals_open_item)}</a> })}
            {c.appeal.clone().map(|a| view! {
                <div class="mt-3 rounded-lg bg-sky-50 p-3 text-sm">
                    <p class="font-medium">{t!(i18n, moderation.appeals_yours)}</p>
                    <p class="mt-1 whitespace-pre-line" translate="no">{a}</p>
                </div>
            })}
            {c.can_appeal.then(|| view! {
                <form class="mt-3 space-y-2" novalidate=true on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    appeal.dispatch(AppealCase { id, statement: statement.get_untracked() });
                }>
                    <label class=LABEL>{t!(i18n, moderation.appeals_statement)}
                        <textarea rows="3" class=format!("mt-1 {INPUT}") prop:value=move || statement.get() on:input=move |ev| statement.set(event_target_value(&ev))></textarea>
                    </label>
                    {error_line(errors.field("statement"))}
                    {error_line(errors.general())}
                    <button type="submit" class=BUTTON disabled=move || appeal.pending().get()>{t!(i18n, moderation.appeals_send)}</button>
                </form>
            })}
        </li>
    }
}
