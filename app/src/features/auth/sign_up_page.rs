//! The sign-up page: e-mail, password, display name and role.

use super::messages::FormErrors;
use super::use_auth;
use crate::components::{FormAlert, FormField, PublicHeader, SubmitButton};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SignUpPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    // Coming from an app's sign-in (or another page): go back there after.
    let next = query
        .with_untracked(|q| q.get("next"))
        .filter(|n| domain::oauth::local_path(n).is_some());
    let other_page = next.as_deref().map_or_else(
        || "/signin".to_owned(),
        |n| format!("/signin?next={}", domain::oauth::encode_component(n)),
    );
    let action = use_auth().sign_up;
    let preselected = move || query.read().get("role").unwrap_or_default();
    let errors = FormErrors::new(
        i18n,
        Signal::derive(move || action.value().get().and_then(Result::err)),
    );
    let field = move |name: &'static str| errors.field(name);
    let role_error = field("role");
    let role_option = move |value: &'static str, title: AnyView, hint: AnyView| {
        view! {
            <label class="flex cursor-pointer items-start gap-3 rounded-xl border border-slate-200 p-4 transition hover:border-emerald-400 has-[:checked]:border-emerald-600 has-[:checked]:bg-emerald-50">
                <input type="radio" name="role" value=value checked=move || preselected() == value class="mt-1 accent-emerald-600"/>
                <span>
                    <span class="block font-medium text-slate-900">{title}</span>
                    <span class="block text-sm text-slate-600">{hint}</span>
                </span>
            </label>
        }
    };
    view! {
        <Title text=move || t_string!(i18n, auth.sign_up_title).to_string()/>
        <PublicHeader/>
        <main class="mx-auto max-w-lg px-4 py-12 sm:py-16">
            <div class="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
                <h1 class="text-2xl font-semibold tracking-tight">{t!(i18n, auth.sign_up_title)}</h1>
                <ActionForm action=action attr:class="mt-6 space-y-5" attr:novalidate=true>
                    {next.map(|n| view! { <input type="hidden" name="next" value=n/> })}
                    <fieldset aria-describedby="field-role-error">
                        <legend class="mb-2 block text-sm font-medium text-slate-800">{t!(i18n, auth.role_legend)}</legend>
                        <div class="grid gap-3 sm:grid-cols-2">
                            {role_option("brand", t!(i18n, role.brand).into_any(), t!(i18n, auth.role_brand_hint).into_any())}
                            {role_option("creator", t!(i18n, role.creator).into_any(), t!(i18n, auth.role_creator_hint).into_any())}
                        </div>
                        <p id="field-role-error" class="mt-1.5 text-sm text-rose-600" role="alert">{move || role_error.get()}</p>
                    </fieldset>
                    <FormField label=move || t!(i18n, auth.display_name) name="display_name" autocomplete="name" hint=move || t!(i18n, auth.display_name_hint) error=field("display_name")/>
                    <FormField label=move || t!(i18n, auth.email) name="email" input_type="email" autocomplete="email" error=field("email")/>
                    <FormField label=move || t!(i18n, auth.password) name="password" input_type="password" autocomplete="new-password" hint=move || t!(i18n, auth.password_hint) error=field("password")/>
                    <FormAlert message=errors.general()/>
                    <SubmitButton pending=action.pending() label=move || t!(i18n, auth.sign_up_button) busy_label=move || t!(i18n, auth.signing_up)/>
                </ActionForm>
                <p class="mt-6 text-center text-sm text-slate-600">
                    {t!(i18n, auth.have_account)}" "
                    <a href=other_page class="font-medium text-emerald-700 hover:underline">{t!(i18n, nav.sign_in)}</a>
                </p>
            </div>
        </main>
    }
}
