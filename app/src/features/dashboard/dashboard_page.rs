//! The dashboard: a greeting by name and the role's workspace.

use super::api::creator_summary;
use super::short_date;
use crate::components::BUTTON;
use crate::components::{AppShell, CompletenessCard, EmptyState, Protected, Spinner};
use crate::features::auth::User;
use crate::features::matching::api::my_matches;
use crate::features::matching::RequestMatchList;
use crate::features::requests::api::my_requests;
use crate::features::requests::pages::RequestCards;
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
    let joined = user.created_at;
    let since = move || short_date(i18n, joined);
    let email = user.email.clone();
    let unverified = (!user.email_verified).then(|| email.clone());
    let user_id = user.id;
    view! {
        <Title text=move || t_string!(i18n, nav.dashboard).to_string()/>
        <AppShell user=user>
            <section class="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
                <h1 class="text-2xl font-semibold tracking-tight" data-testid="greeting">
                    {let name = name.clone(); move || t_string!(i18n, dashboard.welcome, name = name.clone()).to_string()}
                </h1>
                <p class="mt-2 max-w-2xl text-slate-600">{intro}</p>
            </section>
            {unverified.map(|email| view! { <crate::features::recovery::VerifyEmailBanner email/> })}
            {match role {
                Role::Brand => view! { <BrandWork/> }.into_any(),
                Role::Creator => view! { <CreatorWork/> }.into_any(),
                Role::Admin => ().into_any(),
            }}
            {(role != Role::Admin).then(|| view! { <crate::features::collab::ConfirmedDeals me=user_id/> })}
            <section class="mt-6 grid gap-4 sm:grid-cols-2">
                <div class="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
                    <h2 class="text-sm font-medium text-slate-500">{t!(i18n, dashboard.your_account)}</h2>
                    <p class="mt-1 truncate font-medium">{email}</p>
                    <p class="mt-3 text-sm text-slate-500">{move || format!("{} {}", t_string!(i18n, dashboard.member_since), since())}</p>
                </div>
            </section>
        </AppShell>
    }
}

/// The brand's latest requests with their good-match counts.
#[component]
fn BrandWork() -> impl IntoView {
    let i18n = use_i18n();
    let list = Resource::new(|| (), |_| my_requests());
    view! {
        <section class="mt-6" data-testid="brand-work">
            <div class="mb-3 flex items-center justify-between gap-3">
                <h2 class="text-lg font-semibold">{t!(i18n, dashboard.brand_requests)}</h2>
                <div class="flex items-center gap-3">
                    <a href="/requests" class="text-sm font-medium text-emerald-700 hover:underline">{t!(i18n, dashboard.see_all)}</a>
                    <a href="/requests/new" class=BUTTON>{t!(i18n, requests.post_new)}</a>
                </div>
            </div>
            <Suspense fallback=move || view! { <Spinner label=t_string!(i18n, common.loading).to_string()/> }>
                {move || list.get().map(|r| match r {
                    Ok(items) if items.is_empty() => view! { <EmptyState message=t_string!(i18n, requests.empty).to_string()/> }.into_any(),
                    Ok(items) => view! { <RequestCards items=items.into_iter().take(3).collect()/> }.into_any(),
                    Err(e) => view! { <p class="text-rose-700" role="alert">{crate::components::error_words(e)}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

/// The creator's profile completeness and the requests that fit best.
#[component]
fn CreatorWork() -> impl IntoView {
    let i18n = use_i18n();
    let profile = Resource::new(|| (), |_| creator_summary());
    let best = Resource::new(
        || (),
        |_| {
            my_matches(domain::match_filters::MatchQuery {
                limit: Some("3".into()),
                ..Default::default()
            })
        },
    );
    view! {
        <div class="mt-6 grid gap-6 lg:grid-cols-[20rem_1fr]" data-testid="creator-work">
            <Suspense fallback=|| ()>
                {move || profile.get().map(|r| match r {
                    Ok(mine) => {
                        let samples = mine.samples;
                        view! {
                            <div class="space-y-2">
                                <CompletenessCard completeness=mine.completeness indexing=mine.indexing/>
                                <p class="text-sm text-slate-600">{move || t_string!(i18n, dashboard.portfolio_count, n = samples, count = samples).to_string()}</p>
                                <a href="/profile" class="text-sm font-medium text-emerald-700 hover:underline">{t!(i18n, dashboard.complete_profile)}</a>
                            </div>
                        }.into_any()
                    }
                    Err(e) => view! { <p class="text-rose-700" role="alert">{crate::components::error_words(e)}</p> }.into_any(),
                })}
            </Suspense>
            <section>
                <div class="mb-3 flex items-center justify-between">
                    <h2 class="text-lg font-semibold">{t!(i18n, dashboard.creator_best)}</h2>
                    <a href="/matches" class="text-sm font-medium text-emerald-700 hover:underline">{t!(i18n, dashboard.see_all)}</a>
                </div>
                <Suspense fallback=move || view! { <Spinner label=t_string!(i18n, common.loading).to_string()/> }>
                    {move || best.get().map(|r| match r {
                        Ok(list) => view! { <RequestMatchList list=list/> }.into_any(),
                        Err(e) => view! { <p class="text-rose-700" role="alert">{crate::components::error_words(e)}</p> }.into_any(),
                    })}
                </Suspense>
            </section>
        </div>
    }
}
