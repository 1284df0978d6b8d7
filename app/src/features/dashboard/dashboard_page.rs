//! The dashboard: a greeting by name and the role's workspace.

use super::short_date;
use crate::components::{AppShell, Protected};
use crate::features::auth::User;
use crate::i18n::*;
use domain::Role;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn DashboardPage() -> impl IntoView {
    view! { <Protected view=|user| view! { <Dashboard user/> }.into_any()/> }
}

#[component]
fn Dashboard(user: User) -> impl IntoView {
    let i18n = use_i18n();
    let name = user.display_name.clone();
    let role = user.role;
    let intro = move || match role {
        Role::Brand => t_string!(i18n, dashboard.brand_intro).to_string(),
        Role::Creator => t_string!(i18n, dashboard.creator_intro).to_string(),
        Role::Admin => t_string!(i18n, dashboard.admin_intro).to_string(),
    };
    let since = short_date(user.created_at);
    let email = user.email.clone();
    view! {
        <Title text=move || t_string!(i18n, nav.dashboard).to_string()/>
        <AppShell user=user>
            <section class="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
                <h1 class="text-2xl font-semibold tracking-tight" data-testid="greeting">
                    {let name = name.clone(); move || t_string!(i18n, dashboard.welcome, name = name.clone()).to_string()}
                </h1>
                <p class="mt-2 max-w-2xl text-slate-600">{intro}</p>
            </section>
            <section class="mt-6 grid gap-4 sm:grid-cols-2">
                <div class="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
                    <h2 class="text-sm font-medium text-slate-500">{t!(i18n, dashboard.your_account)}</h2>
                    <p class="mt-1 truncate font-medium">{email}</p>
                    <p class="mt-3 text-sm text-slate-500">{t!(i18n, dashboard.member_since)}" "{since}</p>
                </div>
            </section>
        </AppShell>
    }
}
