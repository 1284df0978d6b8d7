//! `/forgot-password`: asks for the account's e-mail address and sends it a
//! reset link. The answer is the same whether or not the address has an
//! account.

use super::api::RequestPasswordReset;
use crate::components::{FormAlert, FormField, PublicHeader, SubmitButton};
use crate::features::auth::messages::FormErrors;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let action = ServerAction::<RequestPasswordReset>::new();
    let errors = FormErrors::new(
        i18n,
        Signal::derive(move || action.value().get().and_then(Result::err)),
    );
    // `?sent=1`: the form was posted before the page's code ran.
    let sent = move || {
        matches!(action.value().get(), Some(Ok(())))
            || query.read().get("sent").is_some_and(|v| v == "1")
    };
    view! {
        <Title text=move || t_string!(i18n, recovery.forgot_title).to_string()/>
        <PublicHeader/>
        <main class="mx-auto max-w-md px-4 py-12 sm:py-16">
            <div class="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
                <Show
                    when=sent
                    fallback=move || view! {
                        <h1 class="text-2xl font-semibold tracking-tight">{t!(i18n, recovery.forgot_title)}</h1>
                        <p class="mt-2 text-sm text-slate-600">{t!(i18n, recovery.forgot_intro)}</p>
                        <ActionForm action=action attr:class="mt-6 space-y-5" attr:novalidate=true>
                            <FormField label=move || t!(i18n, auth.email) name="email" input_type="email" autocomplete="email" error=errors.field("email") autofocus=true/>
                            <FormAlert message=errors.general()/>
                            <SubmitButton pending=action.pending() label=move || t!(i18n, recovery.send_link) busy_label=move || t!(i18n, recovery.sending)/>
                        </ActionForm>
                    }
                >
                    <div role="status" data-testid="reset-sent">
                        <h1 class="text-2xl font-semibold tracking-tight">{t!(i18n, recovery.sent_title)}</h1>
                        <p class="mt-3 text-slate-700">{t!(i18n, recovery.sent_body)}</p>
                    </div>
                </Show>
                <p class="mt-6 text-center text-sm">
                    <a href="/signin" class="font-medium text-emerald-700 hover:underline">{t!(i18n, recovery.back_to_sign_in)}</a>
                </p>
            </div>
        </main>
    }
}
