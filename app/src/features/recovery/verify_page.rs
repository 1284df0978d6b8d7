//! `/verify-email?token=…`: the page a verification e-mail links to. A
//! button confirms the address (a mail scanner that opens links does not);
//! a link that is unknown, used or expired says which.

use super::api::VerifyEmail;
use crate::components::{PublicHeader, SubmitButton};
use crate::features::auth::use_auth;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let query = use_query_map();
    let token = query
        .with_untracked(|q| q.get("token"))
        .filter(|t| !t.trim().is_empty());
    let action = ServerAction::<VerifyEmail>::new();
    // Verified: the signed-in user (if any) is read again, so the
    // dashboard's reminder is gone.
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(()))) {
            auth.user.refetch();
        }
    });
    let has_token = token.is_some();
    let token = StoredValue::new(token.unwrap_or_default());
    // What the card shows: the button, what is wrong with the link (or the
    // request), or that it worked.
    let stage = Memo::new(move |_| {
        let problem = action.value().with(|v| match v {
            Some(Ok(())) => Some(None),
            Some(Err(e)) => Some(Some(match e.field("token").map(|f| f.reason.as_str()) {
                Some("token_used") => t_string!(i18n, recovery.verify_token_used).to_string(),
                Some("token_expired") => t_string!(i18n, recovery.verify_token_expired).to_string(),
                Some(_) => t_string!(i18n, recovery.verify_token_invalid).to_string(),
                None => crate::messages::error_text(i18n.get_locale(), e),
            })),
            None => None,
        });
        match problem {
            Some(None) => Stage::Done,
            Some(Some(problem)) => Stage::Problem(problem),
            None if query.read().get("done").is_some_and(|v| v == "1") => Stage::Done,
            None if !has_token => {
                Stage::Problem(t_string!(i18n, recovery.verify_link_missing).to_string())
            }
            None => Stage::Form,
        }
    });
    let card = "mt-6 inline-flex w-full justify-center rounded-lg bg-emerald-600 px-4 py-2.5 font-medium text-white hover:bg-emerald-700";
    view! {
        <Title text=move || t_string!(i18n, recovery.verify_title).to_string()/>
        <PublicHeader/>
        <main class="mx-auto max-w-md px-4 py-12 sm:py-16">
            <div class="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
                {move || match stage.get() {
                    Stage::Done => view! {
                        <div role="status" data-testid="verify-done">
                            <h1 class="text-2xl font-semibold tracking-tight">{t!(i18n, recovery.verified_title)}</h1>
                            <p class="mt-3 text-slate-700">{t!(i18n, recovery.verified_body)}</p>
                            <a href="/dashboard" class=card>{t!(i18n, recovery.to_dashboard)}</a>
                        </div>
                    }.into_any(),
                    Stage::Problem(problem) => view! {
                        <div data-testid="verify-link-problem">
                            <h1 class="text-2xl font-semibold tracking-tight">{t!(i18n, recovery.verify_title)}</h1>
                            <p class="mt-3 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-amber-900" role="alert">{problem}</p>
                            <p class="mt-3 text-slate-700">{t!(i18n, recovery.verify_ask_again)}</p>
                            <a href="/dashboard" class=card>{t!(i18n, recovery.to_dashboard)}</a>
                        </div>
                    }.into_any(),
                    Stage::Form => view! {
                        <h1 class="text-2xl font-semibold tracking-tight">{t!(i18n, recovery.verify_title)}</h1>
                        <p class="mt-3 text-slate-700">{t!(i18n, recovery.verify_intro)}</p>
                        <ActionForm action=action attr:class="mt-6">
                            <input type="hidden" name="token" value=token.get_value()/>
                            <SubmitButton pending=action.pending() label=move || t!(i18n, recovery.verify_button) busy_label=move || t!(i18n, recovery.verifying)/>
                        </ActionForm>
                    }.into_any(),
                }}
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
