//! The sign-in page.

use super::messages::{error_text, field_error_text};
use super::use_auth;
use crate::components::{FormField, PublicHeader};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = use_auth().sign_in;
    let error = move || action.value().get().and_then(Result::err);
    let field = move |name: &'static str| {
        Signal::derive(move || {
            error().and_then(|e| e.field(name).map(|f| field_error_text(i18n, f)))
        })
    };
    let general = move || {
        error()
            .filter(|e| e.fields.is_empty())
            .map(|e| error_text(i18n, &e))
    };
    view! {
        <Title text=move || t_string!(i18n, auth.sign_in_title).to_string()/>
        <PublicHeader/>
        <main class="mx-auto max-w-md px-4 py-12 sm:py-16">
            <div class="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
                <h1 class="text-2xl font-semibold tracking-tight">{t!(i18n, auth.sign_in_title)}</h1>
                <ActionForm action=action attr:class="mt-6 space-y-5" attr:novalidate=true>
                    <FormField label=move || t!(i18n, auth.email) name="email" input_type="email" autocomplete="email" error=field("email") autofocus=true/>
                    <FormField label=move || t!(i18n, auth.password) name="password" input_type="password" autocomplete="current-password" error=field("password")/>
                    {move || general().map(|text| view! {
                        <div class="rounded-lg border border-rose-200 bg-rose-50 px-4 py-3 text-sm text-rose-800" role="alert" data-testid="form-error">{text}</div>
                    })}
                    <button type="submit" class="w-full rounded-lg bg-emerald-600 px-4 py-2.5 font-medium text-white shadow-sm transition hover:bg-emerald-700 focus:outline-none focus:ring-4 focus:ring-emerald-200 disabled:opacity-60" disabled=move || action.pending().get()>
                        {move || if action.pending().get() { t_string!(i18n, auth.signing_in).to_string() } else { t_string!(i18n, auth.sign_in_button).to_string() }}
                    </button>
                </ActionForm>
                <p class="mt-6 text-center text-sm text-slate-600">
                    {t!(i18n, auth.no_account)}" "
                    <a href="/signup" class="font-medium text-emerald-700 hover:underline">{t!(i18n, auth.create_one)}</a>
                </p>
            </div>
        </main>
    }
}
