//! A creator's profile as brands (and other creators) see it.

use super::api::{profile_of, ProfileWithSamples};
use crate::components::{AppShell, EmptyState, NicheChips, Protected, Spinner};
use crate::features::auth::User;
use crate::features::moderation::ReportButton;
use crate::features::requests::pages::money;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

#[component]
pub fn CreatorPage() -> impl IntoView {
    view! { <Protected view=|user| view! { <Creator user/> }.into_any()/> }
}

#[component]
fn Creator(user: User) -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|id| Uuid::parse_str(&id).ok())
    });
    let loaded = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => profile_of(id).await.ok(),
                None => None,
            }
        },
    );
    let viewer = user.id;
    view! {
        <Title text=move || t_string!(i18n, profile.public_title).to_string()/>
        <AppShell user=user>
            <Suspense fallback=move || view! { <Spinner label=t_string!(i18n, common.loading).to_string()/> }>
                {move || loaded.get().map(|found| match found {
                    Some(mine) => view! { <CreatorCard mine=mine viewer/> }.into_any(),
                    None => view! { <EmptyState message=t_string!(i18n, not_found.body).to_string()/> }.into_any(),
                })}
            </Suspense>
        </AppShell>
    }
}

#[component]
fn CreatorCard(mine: ProfileWithSamples, viewer: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let p = mine.profile;
    // Others may report the profile and its samples.
    let others = viewer != p.user_id;
    let creator = p.user_id;
    let place: Vec<String> = [p.city.clone(), p.state.clone(), p.country.clone()]
        .into_iter()
        .flatten()
        .collect();
    let followers = p.total_followers;
    let languages = p.languages.clone();
    let bio = if p.bio.is_empty() {
        None
    } else {
        Some(p.bio.clone())
    };
    view! {
        <section class="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm" data-testid="creator-profile">
            <h1 class="text-2xl font-semibold tracking-tight">{p.display_name.clone()}<crate::components::VerifiedBadge verified=p.verified/></h1>
            <p class="mt-1 text-sm text-slate-500">{move || format!("{} · {} · {}", place.join(", "), t_string!(i18n, common.followers, n = domain::format::count(followers), count = followers), crate::words::language_names(i18n.get_locale(), &languages))}</p>
            <p class="mt-4 whitespace-pre-line text-slate-700">{bio.unwrap_or_else(|| t_string!(i18n, profile.no_bio).to_string())}</p>
            <div class="mt-4"><NicheChips niches=p.niches.clone()/></div>
            <dl class="mt-4 grid gap-3 text-sm sm:grid-cols-3">
                <div>
                    <dt class="text-slate-500">{t!(i18n, profile.rate)}</dt>
                    <dd class="font-medium" data-testid="rate">{p.rate.map(|r| money(&r)).unwrap_or_else(|| t_string!(i18n, profile.rate_hidden).to_string())}</dd>
                </div>
                <div>
                    <dt class="text-slate-500">{t!(i18n, profile.engagement)}</dt>
                    <dd class="font-medium">{p.engagement_rate.map(|e| format!("{e:.1} %")).unwrap_or_else(|| t_string!(i18n, common.not_given).to_string())}</dd>
                </div>
                <div>
                    <dt class="text-slate-500">{t!(i18n, profile.socials)}</dt>
                    <dd class="font-medium">{p.socials.iter().map(|s| format!("{} @{}", s.platform.name(), s.handle)).collect::<Vec<_>>().join(", ")}</dd>
                </div>
            </dl>
            {others.then(|| view! {
                <div class="flex flex-wrap gap-x-6">
                    <ReportButton target_type="profile" target_id=creator.to_string()/>
                    <ReportButton target_type="account" target_id=creator.to_string()/>
                </div>
            })}
        </section>
        <section class="mt-6">
            <h2 class="mb-3 text-lg font-semibold">{t!(i18n, profile.portfolio)}</h2>
            <ul class="grid gap-4 sm:grid-cols-2">
                {mine.portfolio.into_iter().map(|item| view! {
                    <li class="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
                        <h3 class="font-medium">{item.title.clone()}</h3>
                        {item.image_url.clone().map(|src| view! { <img src=src alt=item.title.clone() class="mt-2 max-h-56 rounded-lg object-cover" loading="lazy"/> })}
                        {item.body.clone().map(|b| view! { <p class="mt-2 whitespace-pre-line text-sm text-slate-700">{b}</p> })}
                        {item.url.clone().map(|u| view! { <a href=u rel="noopener noreferrer nofollow" target="_blank" class="mt-2 block text-sm text-emerald-700 underline">{t!(i18n, profile.open_video)}</a> })}
                        {others.then(|| view! { <ReportButton target_type="portfolio_item" target_id=item.id.to_string()/> })}
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}
