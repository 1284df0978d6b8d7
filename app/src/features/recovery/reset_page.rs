//! `/reset-password?token=…`: the page a reset e-mail links to. It sets a
//! new password (typed twice); a link that is unknown, used or expired says
//! which, with a way to ask for a new one.

use super::api::ConfirmPasswordReset;
use crate::components::{FormAlert, FormField, PublicHeader, SubmitButton};
use crate::features::auth::messages::FormErrors;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let token = query
        .with_untracked(|q| q.get("token"))
        .filter(|t| !t.trim().is_empty());
    let action = ServerAction::<ConfirmPasswordReset>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let errors = FormErrors::new(i18n, error);
    // Not the form's fault: the link itself cannot be used.
    let link_problem = Signal::derive(move || {
        let reason = error.with(|e| e.as_ref()?.field("token").map(|f| f.reason.clone()));
        match reason.as_deref() {
            Some("token_used") => Some(t_string!(i18n, recovery.token_used).to_string()),
            Some("token_expired") => Some(t_string!(i18n, recovery.token_expired).to_string()),
            Some(_) => Some(t_string!(i18n, recovery.token_invalid).to_string()),
            None => None,
        }
    });
    let mismatch = Signal::derive(move || {
        error
            .with(|e| {
                e.as_ref()
                    .is_some_and(|e| e.field("password_again").is_some())
            })
            .then(|| t_string!(i18n, recovery.mismatch).to_string())
    });
    let has_token = token.is_some();
    let token = StoredValue::new(token.unwrap_or_default());
    // Which of three things the card shows; a field error keeps the form
    // (and what was typed) where it is.
    let stage = Memo::new(move |_| {
        if matches!(action.value().get(), Some(Ok(())))
            || query.read().get("done").is_some_and(|v| v == "1")
        {
            Stage::Done
        } else if let Some(problem) = link_problem.get() {
            Stage::Problem(problem)
        } else if !has_token {
            Stage::Problem(t_string!(i18n, recovery.link_missing).to_string())
        } else {
            Stage::Form
        }
    });
    view! {
        <Title text=move || t_string!(i18n, recovery.reset_title).to_string()/>
        <PublicHeader/>
        <main class="mx-auto max-w-md px-4 py-12 sm:py-16">
            <div class="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
                {move || match stage.get() {
                    Stage::Done => view! {
                        <div role="status" data-testid="reset-done">
                            <h1 class="text-2xl font-semibold tracking-tight">{t!(i18n, recovery.done_title)}</h1>
                            <p class="mt-3 text-slate-700">{t!(i18n, recovery.done_body)}</p>
                            <a href="/signin" class="mt-6 inline-flex w-full justify-center rounded-lg bg-emerald-600 px-4 py-2.5 font-medium text-white hover:bg-emerald-700">{t!(i18n, recovery.sign_in)}</a>
                        </div>
                    }.into_any(),
                    Stage::Problem(problem) => view! {
                        <div data-testid="reset-link-problem">
                            <h1 class="text-2xl font-semibold tracking-tight">{t!(i18n, recovery.reset_title)}</h1>
                            <p class="mt-3 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-amber-900" role="alert">{problem}</p>
                            <a href="/forgot-password" class="mt-6 inline-flex w-full justify-center rounded-lg bg-emerald-600 px-4 py-2.5 font-medium text-white hover:bg-emerald-700">{t!(i18n, recovery.ask_again)}</a>
                        </div>
                    }.into_any(),
                    Stage::Form => view! {
                        <h1 class="text-2xl font-semibold tracking-tight">{t!(i18n, recovery.reset_title)}</h1>
                        <ActionForm action=action attr:class="mt-6 space-y-5" attr:novalidate=true>
                            <input type="hidden" name="token" value=token.get_value()/>
                            <FormField label=move || t!(i18n, recovery.new_password) name="password" input_type="password" autocomplete="new-password" hint=move || t!(i18n, auth.password_hint) error=errors.field("password") autofocus=true/>
                            <FormField label=move || t!(i18n, recovery.repeat_password) name="password_again" input_type="password" autocomplete="new-password" error=mismatch/>
                            <FormAlert message=errors.general()/>
                            <SubmitButton pending=action.pending() label=move || t!(i18n, recovery.save_password) busy_label=move || t!(i18n, recovery.saving)/>
                        </ActionForm>
                    }.into_any(),
                }}
                <p class="mt-6 text-center text-sm">
                    <a href="/signin" class="font-medium text-emerald-700 hover:underline">{t!(i18n, recovery.back_to_sign_in)}</a>
                </p>
            </div>
        </main>
    }
}

#[derive(Clone, PartialEq)]
enum Stage {
    Form,
    Problem(String),
    Done,
}
