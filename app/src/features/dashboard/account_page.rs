//! The account page: what we hold about the signed-in user.

use super::short_date;
use crate::components::{role_label, AppShell, Protected};
use crate::features::auth::User;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AccountPage() -> impl IntoView {
    view! { <Protected view=|user| view! { <Account user/> }.into_any()/> }
}

#[component]
fn Account(user: User) -> impl IntoView {
    let i18n = use_i18n();
    let role = user.role;
    let rows: Vec<(AnyView, AnyView)> = vec![
        (
            t!(i18n, account.display_name).into_any(),
            user.display_name.clone().into_any(),
        ),
        (
            t!(i18n, account.email).into_any(),
            user.email.clone().into_any(),
        ),
        (
            t!(i18n, account.role).into_any(),
            (move || role_label(i18n, role)).into_any(),
        ),
        (t!(i18n, account.member_since).into_any(), {
            let at = user.created_at;
            (move || short_date(i18n, at)).into_any()
        }),
    ];
    view! {
        <Title text=move || t_string!(i18n, account.title).to_string()/>
        <AppShell user=user>
            <section class="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
                <h1 class="text-2xl font-semibold tracking-tight">{t!(i18n, account.title)}</h1>
                <dl class="mt-4 divide-y divide-slate-100">
                    {rows.into_iter().map(|(k, v)| view! {
                        <div class="grid grid-cols-3 gap-4 py-3">
                            <dt class="text-sm font-medium text-slate-500">{k}</dt>
                            <dd class="col-span-2 break-words text-slate-900">{v}</dd>
                        </div>
                    }).collect_view()}
                </dl>
            </section>
        </AppShell>
    }
}
