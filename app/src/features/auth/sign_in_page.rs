//! The sign-in page.

use super::messages::FormErrors;
use super::use_auth;
use crate::components::{FormAlert, FormField, PublicHeader, SubmitButton};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    // Coming from an app's sign-in (or another page): go back there after.
    let next = query
        .with_untracked(|q| q.get("next"))
        .filter(|n| domain::oauth::local_path(n).is_some());
    let other_page = next.as_deref().map_or_else(
        || "/signup".to_owned(),
        |n| format!("/signup?next={}", domain::oauth::encode_component(n)),
    );
    let action = use_auth().sign_in;
    let errors = FormErrors::new(
        i18n,
        Signal::derive(move || action.value().get().and_then(Result::err)),
    );
    let field = move |name: &'static str| errors.field(name);
    view! {
        <Title text=move || t_string!(i18n, auth.sign_in_title).to_string()/>
        <PublicHeader/>
        <main class="mx-auto max-w-md px-4 py-12 sm:py-16">
            <div class="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
                <h1 class="text-2xl font-semibold tracking-tight">{t!(i18n, auth.sign_in_title)}</h1>
                <ActionForm action=action attr:class="mt-6 space-y-5" attr:novalidate=true>
                    {next.map(|n| view! { <input type="hidden" name="next" value=n/> })}
                    <FormField label=move || t!(i18n, auth.email) name="email" input_type="email" autocomplete="email" error=field("email") autofocus=true/>
                    <FormField label=move || t!(i18n, auth.password) name="password" input_type="password" autocomplete="current-password" error=field("password")/>
                    <p class="-mt-3 text-right text-sm">
                        <a href="/forgot-password" class="font-medium text-emerald-700 hover:underline">{t!(i18n, auth.forgot_password)}</a>
                    </p>
                    <FormAlert message=errors.general()/>
                    <SubmitButton pending=action.pending() label=move || t!(i18n, auth.sign_in_button) busy_label=move || t!(i18n, auth.signing_in)/>
                </ActionForm>
                <p class="mt-6 text-center text-sm text-slate-600">
                    {t!(i18n, auth.no_account)}" "
                    <a href=other_page class="font-medium text-emerald-700 hover:underline">{t!(i18n, auth.create_one)}</a>
                </p>
            </div>
        </main>
    }
}
