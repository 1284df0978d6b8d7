//! The brand's requests: the list, the editor, and one request with its
//! ranked, explained matches.

use super::api::{my_requests, request, request_matches, ChangeStatus, SaveRequest};
use super::CollabRequest;
use crate::components::{
    error_line, AppShell, CurrencySelect, EmptyState, FormAlert, FormValues, LanguageCheckboxes,
    MatchCard, NicheCheckboxes, NicheChips, Protected, Spinner, StatusBadge, BUTTON, INPUT, LABEL,
};
use crate::features::auth::messages::FormErrors;
use crate::features::auth::User;
use crate::features::matching::{CreatorMatches, MatchFilterForm};
use crate::i18n::*;
use domain::match_filters::MatchQuery;
use domain::request_input::RequestForm;
use domain::{RequestEvent, RequestStatus};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use uuid::Uuid;

/// ₹10,000–₹50,000 (lakh grouping for the rupee, its own for the others).
pub(crate) fn money(range: &domain::money::MoneyRange) -> String {
    domain::format::money_range(range.min(), range.max(), range.currency())
}

fn id_param() -> Memo<Option<Uuid>> {
    let params = use_params_map();
    Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|id| Uuid::parse_str(&id).ok())
    })
}

#[component]
pub fn RequestsPage() -> impl IntoView {
    view! { <Protected view=|user| view! { <RequestList user/> }.into_any()/> }
}

#[component]
fn RequestList(user: User) -> impl IntoView {
    let i18n = use_i18n();
    let list = Resource::new(|| (), |_| my_requests());
    view! {
        <Title text=move || t_string!(i18n, requests.title).to_string()/>
        <AppShell user=user>
            <div class="mb-6 flex flex-wrap items-center justify-between gap-3">
                <h1 class="text-2xl font-semibold tracking-tight">{t!(i18n, requests.title)}</h1>
                <a href="/requests/new" class=BUTTON>{t!(i18n, requests.post_new)}</a>
            </div>
            <Suspense fallback=move || view! { <Spinner label=t_string!(i18n, common.loading).to_string()/> }>
                {move || list.get().map(|result| match result {
                    Ok(items) if items.is_empty() => view! {
                        <EmptyState message=t_string!(i18n, requests.empty).to_string()>
                            <a href="/requests/new" class=BUTTON>{t!(i18n, requests.post_new)}</a>
                        </EmptyState>
                    }.into_any(),
                    Ok(items) => view! { <RequestCards items=items/> }.into_any(),
                    Err(e) => view! { <p class="text-rose-700" role="alert">{crate::components::error_words(e)}</p> }.into_any(),
                })}
            </Suspense>
        </AppShell>
    }
}

/// Requests as cards with status and good-match counts.
#[component]
pub fn RequestCards(items: Vec<super::api::RequestSummary>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="grid gap-4" data-testid="request-list">
            {items.into_iter().map(|s| {
                let r = s.request;
                let good = s.good_matches;
                let deadline = r.deadline.clone();
                view! {
                    <li>
                        <a href=format!("/requests/{}", r.id) class="block rounded-2xl border border-slate-200 bg-white p-5 shadow-sm transition hover:border-emerald-400">
                            <div class="flex flex-wrap items-start justify-between gap-3">
                                <h2 class="font-semibold">{r.title.clone()}</h2>
                                <div class="flex items-center gap-2">
                                    <crate::components::ModerationBadge status=r.moderation.status/>
                                    <StatusBadge status=r.status/>
                                </div>
                            </div>
                            <div class="mt-2"><NicheChips niches=r.niches.clone()/></div>
                            <p class="mt-3 flex flex-wrap gap-x-4 text-sm text-slate-600">
                                <span>{money(&r.budget)}</span>
                                <span>{move || t_string!(i18n, requests.deadline, date = crate::words::iso_date(i18n.get_locale(), &deadline)).to_string()}</span>
                                {good.map(|n| view! {
                                    <span class="font-medium text-emerald-700" data-testid="good-matches">{move || t_string!(i18n, requests.good_matches, n = n, count = n as u64).to_string()}</span>
                                })}
                            </p>
                        </a>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
pub fn NewRequestPage() -> impl IntoView {
    view! { <Protected view=|user| view! { <NewRequest user/> }.into_any()/> }
}

#[component]
fn NewRequest(user: User) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, requests.new_title).to_string()/>
        <AppShell user=user>
            <RequestEditor existing=None/>
        </AppShell>
    }
}

#[component]
pub fn EditRequestPage() -> impl IntoView {
    view! { <Protected view=|user| view! { <EditRequest user/> }.into_any()/> }
}

#[component]
fn EditRequest(user: User) -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let loaded = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => request(id).await.ok(),
                None => None,
            }
        },
    );
    view! {
        <Title text=move || t_string!(i18n, requests.edit_title).to_string()/>
        <AppShell user=user>
            <Suspense fallback=move || view! { <Spinner label=t_string!(i18n, common.loading).to_string()/> }>
                {move || loaded.get().map(|r| match r {
                    Some(r) => view! { <RequestEditor existing=Some(r)/> }.into_any(),
                    None => view! { <EmptyState message=t_string!(i18n, requests.not_found).to_string()/> }.into_any(),
                })}
            </Suspense>
        </AppShell>
    }
}

#[component]
fn RequestEditor(existing: Option<CollabRequest>) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveRequest>::new();
    let errors = FormErrors::new(
        i18n,
        Signal::derive(move || save.value().get().and_then(Result::err)),
    );
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(saved)) = save.value().get() {
            navigate(&format!("/requests/{}", saved.id), Default::default());
        }
    });
    let id = existing.as_ref().map(|r| r.id);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Some(v) = FormValues::from_submit(&ev) else {
            return;
        };
        let split = |raw: String, by: char| -> Vec<String> {
            raw.split(by)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let form = RequestForm {
            title: v.one("title"),
            description: v.one("description"),
            niches: v.all("niches"),
            deliverables: split(v.one("deliverables"), '\n'),
            budget_min: v.integer("budget_min"),
            budget_max: v.integer("budget_max"),
            budget_currency: v.one("budget_currency"),
            target_countries: split(v.one("target_countries"), ','),
            target_languages: v.all("target_languages"),
            deadline: v.one("deadline"),
        };
        save.dispatch(SaveRequest { id, form });
    };
    let r = existing.clone();
    let title_key = if id.is_some() { "edit" } else { "new" };
    let heading = move || {
        if title_key == "edit" {
            t_string!(i18n, requests.edit_title).to_string()
        } else {
            t_string!(i18n, requests.new_title).to_string()
        }
    };
    let get = move |f: fn(&CollabRequest) -> String| r.as_ref().map(f).unwrap_or_default();
    let niches = existing
        .as_ref()
        .map(|r| r.niches.clone())
        .unwrap_or_default();
    let languages = existing
        .as_ref()
        .map(|r| r.target_languages.clone())
        .unwrap_or_default();
    let budget = existing.as_ref().map(|r| r.budget);
    view! {
        <h1 class="mb-6 text-2xl font-semibold tracking-tight">{heading}</h1>
        <form on:submit=on_submit class="space-y-5 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm" novalidate=true data-testid="request-form">
            <div>
                <label for="title" class=LABEL>{t!(i18n, requests.field_title)}</label>
                <input id="title" name="title" class=format!("mt-1.5 {INPUT}") value=get(|r| r.title.clone())/>
                {error_line(errors.field("title"))}
            </div>
            <div>
                <label for="description" class=LABEL>{t!(i18n, requests.field_description)}</label>
                <p class="text-xs text-slate-500">{t!(i18n, requests.field_description_hint)}</p>
                <textarea id="description" name="description" rows="5" class=format!("mt-1.5 {INPUT}") >{get(|r| r.description.clone())}</textarea>
                {error_line(errors.field("description"))}
            </div>
            <fieldset>
                <legend class=LABEL>{t!(i18n, requests.field_niches)}</legend>
                <NicheCheckboxes selected=niches.clone()/>
                {error_line(errors.field("niches"))}
            </fieldset>
            <div>
                <label for="deliverables" class=LABEL>{t!(i18n, requests.field_deliverables)}</label>
                <p class="text-xs text-slate-500">{t!(i18n, requests.field_deliverables_hint)}</p>
                <textarea id="deliverables" name="deliverables" rows="3" class=format!("mt-1.5 {INPUT}") >{get(|r| r.deliverables.join("\n"))}</textarea>
                {error_line(errors.field("deliverables"))}
            </div>
            <div class="grid gap-4 sm:grid-cols-3">
                <div>
                    <label for="budget_min" class=LABEL>{t!(i18n, requests.budget_min)}</label>
                    <input id="budget_min" name="budget_min" type="number" min="0" class=format!("mt-1.5 {INPUT}") value=budget.map(|b| b.min().to_string()).unwrap_or_default()/>
                </div>
                <div>
                    <label for="budget_max" class=LABEL>{t!(i18n, requests.budget_max)}</label>
                    <input id="budget_max" name="budget_max" type="number" min="0" class=format!("mt-1.5 {INPUT}") value=budget.map(|b| b.max().to_string()).unwrap_or_default()/>
                </div>
                <div>
                    <label for="budget_currency" class=LABEL>{t!(i18n, profile.currency)}</label>
                    <CurrencySelect name="budget_currency" selected=budget.map(|b| b.currency())/>
                </div>
            </div>
            {error_line(Signal::derive(move || errors.field("budget").get().or_else(|| errors.field("budget_currency").get())))}
            <div class="grid gap-4 sm:grid-cols-2">
                <div>
                    <label for="target_countries" class=LABEL>{t!(i18n, requests.field_countries)}</label>
                    <input id="target_countries" name="target_countries" class=format!("mt-1.5 {INPUT}") placeholder="IN, GB" value=get(|r| r.target_countries.join(", "))/>
                    <p class="mt-1 text-xs text-slate-500">{t!(i18n, requests.field_countries_hint)}</p>
                    {error_line(errors.field("target_countries"))}
                </div>
                <div>
                    <label for="deadline" class=LABEL>{t!(i18n, requests.field_deadline)}</label>
                    <input id="deadline" name="deadline" type="date" class=format!("mt-1.5 {INPUT}") value=get(|r| r.deadline.clone())/>
                    {error_line(errors.field("deadline"))}
                </div>
            </div>
            <fieldset>
                <legend class=LABEL>{t!(i18n, requests.field_languages)}</legend>
                <LanguageCheckboxes name="target_languages" selected=languages.clone()/>
                {error_line(errors.field("target_languages"))}
            </fieldset>
            <FormAlert message=errors.general()/>
            <div class="flex gap-3">
                <button type="submit" class=BUTTON disabled=move || save.pending().get()>
                    {move || if save.pending().get() { t_string!(i18n, common.saving).to_string() } else if id.is_some() { t_string!(i18n, requests.save_changes).to_string() } else { t_string!(i18n, requests.publish).to_string() }}
                </button>
                <a href=id.map(|id| format!("/requests/{id}")).unwrap_or_else(|| "/requests".into()) class="rounded-lg px-4 py-2 font-medium text-slate-700 hover:bg-slate-100">{t!(i18n, common.cancel)}</a>
            </div>
        </form>
    }
}

#[component]
pub fn RequestPage() -> impl IntoView {
    view! { <Protected view=|user| view! { <RequestDetail user/> }.into_any()/> }
}

#[component]
fn RequestDetail(user: User) -> impl IntoView {
    let i18n = use_i18n();
    let brand_side = user.role != domain::Role::Creator;
    let id = id_param();
    let status = ServerAction::<ChangeStatus>::new();
    let loaded = Resource::new(
        move || (id.get(), status.version().get()),
        |(id, _)| async move {
            match id {
                Some(id) => request(id).await.ok(),
                None => None,
            }
        },
    );
    view! {
        <Title text=move || t_string!(i18n, requests.detail_title).to_string()/>
        <AppShell user=user.clone()>
            <Suspense fallback=move || view! { <Spinner label=t_string!(i18n, common.loading).to_string()/> }>
                {move || loaded.get().map(|r| match r {
                    None => view! { <EmptyState message=t_string!(i18n, requests.not_found).to_string()/> }.into_any(),
                    Some(r) => view! { <RequestSummaryCard request=r status_action=status/> }.into_any(),
                })}
            </Suspense>
            {move || status.value().get().and_then(Result::err).map(|e| view! { <p class="mt-3 text-sm text-rose-700" role="alert">{crate::components::error_words(e)}</p> })}
            // Creators may report what brands post.
            {move || id.get().filter(|_| !brand_side).map(|id| view! { <crate::features::moderation::ReportButton target_type="request" target_id=id.to_string()/> })}
            // The server answers only the request's brand.
            {move || id.get().map(|id| view! { <crate::features::collab::InterestsPanel request_id=id brand_side/> })}
            {move || id.get().filter(|_| brand_side).map(|id| view! { <MatchesPanel request_id=id/> })}
        </AppShell>
    }
}

#[component]
fn RequestSummaryCard(
    request: CollabRequest,
    status_action: ServerAction<ChangeStatus>,
) -> impl IntoView {
    let i18n = use_i18n();
    let r = request;
    let id = r.id;
    let countries = if r.target_countries.is_empty() {
        None
    } else {
        Some(r.target_countries.join(", "))
    };
    let languages = r.target_languages.clone();
    let deadline = r.deadline.clone();
    let editable = r.status != RequestStatus::Closed && !r.allowed_events.is_empty();
    view! {
        <section class="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm" data-testid="request-detail">
            <div class="flex flex-wrap items-start justify-between gap-3">
                <div>
                    <h1 class="text-2xl font-semibold tracking-tight">{r.title.clone()}</h1>
                    <p class="mt-1 text-sm text-slate-500">{let name = r.brand_name.clone(); move || crate::components::shown_name(i18n, &name)}<crate::components::VerifiedBadge verified=r.brand_verified/></p>
                </div>
                <div class="flex items-center gap-2">
                    <StatusBadge status=r.status/>
                    {r.indexing.then(|| view! { <span class="text-xs text-amber-700" data-testid="indexing">{t!(i18n, common.indexing)}</span> })}
                </div>
            </div>
            <crate::components::ModerationNotice standing=r.moderation.clone()/>
            <p class="mt-4 whitespace-pre-line text-slate-700">{r.description.clone()}</p>
            <div class="mt-4"><NicheChips niches=r.niches.clone()/></div>
            <dl class="mt-4 grid gap-3 text-sm sm:grid-cols-3">
                <div><dt class="text-slate-500">{t!(i18n, requests.budget)}</dt><dd class="font-medium">{money(&r.budget)}</dd></div>
                <div><dt class="text-slate-500">{t!(i18n, requests.targets)}</dt><dd class="font-medium">{move || format!(
                    "{} · {}",
                    countries.clone().unwrap_or_else(|| t_string!(i18n, requests.anywhere).to_string()),
                    if languages.is_empty() {
                        t_string!(i18n, requests.any_language).to_string()
                    } else {
                        crate::words::language_names(i18n.get_locale(), &languages)
                    }
                )}</dd></div>
                <div><dt class="text-slate-500">{t!(i18n, requests.field_deadline)}</dt><dd class="font-medium">{move || crate::words::iso_date(i18n.get_locale(), &deadline)}</dd></div>
            </dl>
            <div class="mt-4">
                <h2 class="text-sm text-slate-500">{t!(i18n, requests.deliverables)}</h2>
                <ul class="mt-1 list-inside list-disc text-sm">{r.deliverables.iter().map(|d| view! { <li>{d.clone()}</li> }).collect_view()}</ul>
            </div>
            <div class="mt-5 flex flex-wrap gap-2">
                {editable.then(|| view! { <a href=format!("/requests/{id}/edit") class="rounded-lg border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50">{t!(i18n, common.edit)}</a> })}
                {r.allowed_events.iter().map(|event| {
                    let event = *event;
                    let (target, label) = match event {
                        RequestEvent::Pause => (RequestStatus::Paused, t_string!(i18n, status.pause).to_string()),
                        RequestEvent::Resume => (RequestStatus::Active, t_string!(i18n, status.resume).to_string()),
                        RequestEvent::Close => (RequestStatus::Closed, t_string!(i18n, status.close).to_string()),
                    };
                    let confirm_text = t_string!(i18n, status.close_confirm).to_string();
                    view! {
                        <button type="button" class="rounded-lg border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50 disabled:opacity-60"
                            data-event=format!("{event:?}").to_lowercase()
                            disabled=move || status_action.pending().get()
                            on:click=move |_| {
                                let sure = event != RequestEvent::Close
                                    || web_sys::window().and_then(|w| w.confirm_with_message(&confirm_text).ok()).unwrap_or(false);
                                if sure {
                                    status_action.dispatch(ChangeStatus { id, status: target });
                                }
                            }>
                            {label}
                        </button>
                    }
                }).collect_view()}
            </div>
        </section>
    }
}

/// The match query in the page's URL, so a filtered view can be shared and
/// survives a reload.
pub(crate) fn query_from_url() -> Memo<MatchQuery> {
    let query = use_query_map();
    Memo::new(move |_| {
        let q = query.read();
        let get = |k: &str| q.get(k).filter(|v| !v.is_empty());
        MatchQuery {
            min_score: get("min_score"),
            niche: get("niche"),
            location: get("location"),
            language: get("language"),
            min_followers: get("min_followers"),
            max_followers: get("max_followers"),
            budget_fit: get("budget_fit"),
            limit: get("limit"),
        }
    })
}

#[component]
fn MatchesPanel(request_id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let query = query_from_url();
    let matches = Resource::new(move || query.get(), move |q| request_matches(request_id, q));
    // While the request is being indexed, look again shortly.
    Effect::new(move |_| {
        if matches
            .get()
            .is_some_and(|r| r.is_ok_and(|l| l.indexing && l.items.is_empty()))
        {
            set_timeout(
                move || matches.refetch(),
                std::time::Duration::from_millis(1500),
            );
        }
    });
    view! {
        <section class="mt-6" data-testid="matches">
            <h2 class="mb-3 text-xl font-semibold">{t!(i18n, matches.title)}</h2>
            <MatchFilterForm query=query creators=true/>
            <Transition fallback=move || view! { <Spinner label=t_string!(i18n, common.loading).to_string()/> }>
                {move || matches.get().map(|result| match result {
                    Ok(list) => view! { <CreatorMatchList list=list/> }.into_any(),
                    Err(e) => view! { <p class="text-rose-700" role="alert">{crate::components::error_words(e)}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn CreatorMatchList(list: CreatorMatches) -> impl IntoView {
    let i18n = use_i18n();
    if list.items.is_empty() {
        let message = if list.indexing {
            t_string!(i18n, matches.indexing).to_string()
        } else {
            t_string!(i18n, matches.none).to_string()
        };
        return view! {
            <EmptyState message=message>
                {list.suggestion.map(|s| view! { <crate::features::matching::SuggestionLink suggestion=s/> })}
            </EmptyState>
        }
        .into_any();
    }
    let count = list.items.len();
    view! {
        <p class="mb-3 text-sm text-slate-500" data-testid="match-count">{move || t_string!(i18n, matches.count, n = count, count = count as u64).to_string()}</p>
        <ol class="grid gap-4">
            {list.items.into_iter().map(|m| {
                let c = m.creator;
                let place: Vec<String> = [c.city.clone(), c.state.clone(), c.country.clone()].into_iter().flatten().collect();
                let followers = c.total_followers;
                view! {
                    <MatchCard score=m.score reasons=m.reasons breakdown=m.breakdown>
                        <div class="flex flex-wrap items-baseline justify-between gap-2">
                            <h3 class="font-semibold"><a href=format!("/creators/{}", c.user_id) class="hover:underline">{c.display_name.clone()}</a><crate::components::VerifiedBadge verified=c.verified/></h3>
                            <span class="text-sm text-slate-500">{move || format!("{} · {}", place.join(", "), t_string!(i18n, common.followers, n = domain::format::compact(followers, crate::components::language_of(i18n.get_locale())), count = followers))}</span>
                        </div>
                        <p class="mt-1 line-clamp-2 text-sm text-slate-700">{c.bio.clone()}</p>
                        <div class="mt-2"><NicheChips niches=c.niches.clone()/></div>
                    </MatchCard>
                }
            }).collect_view()}
        </ol>
    }
    .into_any()
}
