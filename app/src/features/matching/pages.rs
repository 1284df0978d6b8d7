//! Match filters (kept in the URL), the creator's matches page and search
//! with saved searches.

use super::api::{my_matches, saved_searches, search};
use super::api::{DeleteSearch, SaveSearch};
use super::{RequestMatches, SearchResults};
use crate::components::{
    niche_label, AppShell, EmptyState, FormAlert, FormValues, MatchCard, NicheChips, Protected,
    Spinner,
};
use crate::components::{BUTTON, INPUT, LABEL};
use crate::features::auth::messages::FormErrors;
use crate::features::auth::User;
use crate::features::requests::pages::{money, query_from_url};
use crate::i18n::*;
use domain::match_filters::{FilterKind, MatchQuery, Relax};
use domain::profile_input::LANGUAGES;
use domain::search::{SavedSearchForm, SearchForm};
use domain::{Niche, Role};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};

/// The filters as a GET form: applying them changes the URL, which reruns
/// the ranking. `creators` adds the creator-only filters.
#[component]
pub fn MatchFilterForm(query: Memo<MatchQuery>, creators: bool) -> impl IntoView {
    let i18n = use_i18n();
    let q = query.get_untracked();
    let min_score = RwSignal::new(
        q.min_score
            .as_deref()
            .and_then(|s| s.parse::<u8>().ok())
            .unwrap_or(0),
    );
    // The form follows the URL (links and back/forward change it too).
    Effect::new(move |_| {
        let score = query
            .get()
            .min_score
            .and_then(|s| s.parse::<u8>().ok())
            .unwrap_or(0);
        min_score.set(score);
    });
    let submit_on_change = |ev: leptos::ev::Event| {
        use leptos::wasm_bindgen::JsCast;
        if let Some(form) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.form())
        {
            let _ = form.request_submit();
        }
    };
    let path = use_location().pathname.get_untracked();
    let navigate = use_navigate();
    let clear_href = path.clone();
    let on_submit = {
        let path = path.clone();
        move |ev: leptos::ev::SubmitEvent| {
            let Some(values) = FormValues::from_submit(&ev) else {
                return;
            };
            let query: Vec<String> = FilterKind::ALL
                .iter()
                .map(|kind| kind.key())
                .filter_map(|key| {
                    let v = values.one(key);
                    (!v.is_empty()).then(|| format!("{key}={}", urlencode(&v)))
                })
                .collect();
            navigate(&format!("{path}?{}", query.join("&")), Default::default());
        }
    };
    let selected_niche = q.niche.clone().unwrap_or_default();
    let selected_language = q.language.clone().unwrap_or_default();
    view! {
        <form method="GET" action=path on:submit=on_submit class="mb-5 grid gap-4 rounded-2xl border border-slate-200 bg-white p-5 shadow-sm sm:grid-cols-2 lg:grid-cols-4" data-testid="match-filters">
            <div class="sm:col-span-2">
                <label for="min_score" class=LABEL>{move || t_string!(i18n, matches.min_score, score = min_score.get()).to_string()}</label>
                <input id="min_score" name="min_score" type="range" min="0" max="100" step="5" class="mt-2 w-full accent-emerald-600"
                    prop:value=move || min_score.get().to_string()
                    on:input=move |ev| min_score.set(event_target_value(&ev).parse().unwrap_or(0))
                    on:change=submit_on_change/>
            </div>
            <div>
                <label for="niche" class=LABEL>{t!(i18n, matches.niche)}</label>
                <select id="niche" name="niche" class=format!("mt-1.5 {INPUT}") prop:value=move || query.get().niche.unwrap_or_default()>
                    <option value="">{t!(i18n, common.all_niches)}</option>
                    {Niche::ALL.iter().map(|n| {
                        let n = *n;
                        view! { <option value=n.key() selected=selected_niche == n.key()>{move || niche_label(i18n, n)}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div>
                <label for="language" class=LABEL>{t!(i18n, matches.language)}</label>
                <select id="language" name="language" class=format!("mt-1.5 {INPUT}") prop:value=move || query.get().language.unwrap_or_default()>
                    <option value="">{t!(i18n, common.all_languages)}</option>
                    {LANGUAGES.iter().map(|l| view! { <option value=*l selected=selected_language == *l>{move || crate::words::language_name(i18n.get_locale(), l)}</option> }).collect_view()}
                </select>
            </div>
            // Always rendered (hidden for requests): the same structure on
            // server and client.
            <div class={if creators { "contents" } else { "hidden" }}>
                <div>
                    <label for="location" class=LABEL>{t!(i18n, matches.location)}</label>
                    <input id="location" name="location" class=format!("mt-1.5 {INPUT}") placeholder=move || t_string!(i18n, matches.location_hint).to_string() value=q.location.clone().unwrap_or_default() prop:value=move || query.get().location.unwrap_or_default()/>
                </div>
                <div>
                    <label for="min_followers" class=LABEL>{t!(i18n, matches.min_followers)}</label>
                    <input id="min_followers" name="min_followers" type="number" min="0" class=format!("mt-1.5 {INPUT}") value=q.min_followers.clone().unwrap_or_default() prop:value=move || query.get().min_followers.unwrap_or_default()/>
                </div>
                <div>
                    <label for="max_followers" class=LABEL>{t!(i18n, matches.max_followers)}</label>
                    <input id="max_followers" name="max_followers" type="number" min="0" class=format!("mt-1.5 {INPUT}") value=q.max_followers.clone().unwrap_or_default() prop:value=move || query.get().max_followers.unwrap_or_default()/>
                </div>
            </div>
            <label class="flex items-center gap-2 self-end text-sm">
                <input type="checkbox" name="budget_fit" value="true" checked=q.budget_fit.as_deref() == Some("true") prop:checked=move || query.get().budget_fit.as_deref() == Some("true") class="accent-emerald-600"/>
                {t!(i18n, matches.budget_fit)}
            </label>
            <div class="flex items-end gap-2 sm:col-span-2 lg:col-span-4">
                <button type="submit" class=BUTTON>{move || t_string!(i18n, common.apply).to_string()}</button>
                <a href=clear_href class="rounded-lg px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100">{move || t_string!(i18n, common.clear).to_string()}</a>
            </div>
        </form>
    }
}

/// A link that applies the suggested relaxation to the current filters.
#[component]
pub fn SuggestionLink(suggestion: Relax) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let path = use_location().pathname.get_untracked();
    let href = {
        let q = query.get_untracked();
        let mut pairs: Vec<(String, String)> = Vec::new();
        for key in FilterKind::ALL.iter().map(|k| k.key()).chain(["q", "kind"]) {
            if key == suggestion.filter.key() {
                if suggestion.filter == FilterKind::MinScore {
                    if let Some(s) = suggestion.suggested_min_score {
                        pairs.push((key.into(), s.to_string()));
                    }
                }
                continue;
            }
            if let Some(v) = q.get(key).filter(|v| !v.is_empty()) {
                pairs.push((key.into(), v));
            }
        }
        let query: Vec<String> = pairs
            .into_iter()
            .map(|(k, v)| format!("{k}={}", urlencode(&v)))
            .collect();
        format!("{path}?{}", query.join("&"))
    };
    view! {
        <div class="space-y-2" data-testid="suggestion">
            <p class="text-sm text-slate-700">{move || crate::words::relax(i18n.get_locale(), &suggestion)}</p>
            <a href=href class=BUTTON>{t!(i18n, matches.apply_suggestion)}</a>
        </div>
    }
}

fn urlencode(raw: &str) -> String {
    raw.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[component]
pub fn MatchesPage() -> impl IntoView {
    view! { <Protected view=|user| view! { <MyMatches user/> }.into_any()/> }
}

#[component]
fn MyMatches(user: User) -> impl IntoView {
    let i18n = use_i18n();
    let query = query_from_url();
    let matches = Resource::new(move || query.get(), my_matches);
    view! {
        <Title text=move || t_string!(i18n, matches.mine_title).to_string()/>
        <AppShell user=user>
            <h1 class="mb-4 text-2xl font-semibold tracking-tight">{t!(i18n, matches.mine_title)}</h1>
            <MatchFilterForm query=query creators=false/>
            <Transition fallback=move || view! { <Spinner label=t_string!(i18n, common.loading).to_string()/> }>
                {move || matches.get().map(|result| match result {
                    Ok(list) => view! { <RequestMatchList list=list/> }.into_any(),
                    Err(e) => view! { <p class="text-rose-700" role="alert">{crate::components::error_words(e)}</p> }.into_any(),
                })}
            </Transition>
        </AppShell>
    }
}

/// Requests ranked for the creator, with score, reason and breakdown.
#[component]
pub fn RequestMatchList(list: RequestMatches) -> impl IntoView {
    let i18n = use_i18n();
    if list.items.is_empty() {
        let message = if list.indexing {
            t_string!(i18n, matches.indexing_mine).to_string()
        } else {
            t_string!(i18n, matches.none_mine).to_string()
        };
        return view! {
            <EmptyState message=message>
                {list.suggestion.map(|s| view! { <SuggestionLink suggestion=s/> })}
            </EmptyState>
        }
        .into_any();
    }
    view! {
        <ol class="grid gap-4" data-testid="request-matches">
            {list.items.into_iter().map(|m| {
                let r = m.request;
                let brand = r.brand_name.clone();
                let budget = money(&r.budget);
                let deadline = r.deadline.clone();
                view! {
                    <MatchCard score=m.score reasons=m.reasons breakdown=m.breakdown>
                        <h3 class="font-semibold"><a href=format!("/requests/{}", r.id) class="hover:underline">{r.title.clone()}</a></h3>
                        <p class="text-sm text-slate-500">{move || format!("{} · {} · {}", t_string!(i18n, matches.by, brand = brand.clone()), budget, deadline)}<crate::components::VerifiedBadge verified=r.brand_verified/></p>
                        <div class="mt-2"><NicheChips niches=r.niches.clone()/></div>
                    </MatchCard>
                }
            }).collect_view()}
        </ol>
    }
    .into_any()
}

#[component]
pub fn SearchPage() -> impl IntoView {
    view! { <Protected view=|user| view! { <Search user/> }.into_any()/> }
}

#[component]
fn Search(user: User) -> impl IntoView {
    let i18n = use_i18n();
    let url = use_query_map();
    let filters = query_from_url();
    let default_kind = if user.role == Role::Creator {
        "requests"
    } else {
        "creators"
    };
    let form = Memo::new(move |_| {
        let q = url.read();
        SearchForm {
            q: q.get("q").unwrap_or_default(),
            kind: q
                .get("kind")
                .filter(|k| !k.is_empty())
                .unwrap_or_else(|| default_kind.to_owned()),
            filters: filters.get(),
        }
    });
    let results = Resource::new(
        move || form.get(),
        |f| async move {
            if f.q.trim().is_empty() {
                None
            } else {
                Some(search(f).await)
            }
        },
    );
    let saves = ServerAction::<SaveSearch>::new();
    let deletes = ServerAction::<DeleteSearch>::new();
    let saved = Resource::new(
        move || (saves.version().get(), deletes.version().get()),
        |_| saved_searches(),
    );
    let save_errors = FormErrors::new(
        i18n,
        Signal::derive(move || saves.value().get().and_then(Result::err)),
    );
    let initial = form.get_untracked();
    let kind = initial.kind.clone();
    view! {
        <Title text=move || t_string!(i18n, search.title).to_string()/>
        <AppShell user=user>
            <h1 class="mb-4 text-2xl font-semibold tracking-tight">{t!(i18n, search.title)}</h1>
            <div class="grid gap-6 lg:grid-cols-[1fr_18rem]">
                <div>
                    <Form method="GET" action="/search" attr:class="mb-4 flex flex-col gap-3 sm:flex-row" attr:role="search">
                        <input name="q" type="search" class=format!("flex-1 {INPUT}") placeholder=move || t_string!(i18n, search.placeholder).to_string() aria-label=move || t_string!(i18n, search.title).to_string() value=initial.q.clone() autofocus=true/>
                        <select name="kind" class=format!("sm:w-40 {INPUT}") aria-label=move || t_string!(i18n, search.kind_label).to_string()>
                            <option value="creators" selected=kind == "creators">{t!(i18n, search.kind_creators)}</option>
                            <option value="requests" selected=kind == "requests">{t!(i18n, search.kind_requests)}</option>
                        </select>
                        <button type="submit" class=BUTTON>{t!(i18n, search.button)}</button>
                    </Form>
                    <Transition fallback=move || view! { <Spinner label=t_string!(i18n, common.loading).to_string()/> }>
                        {move || results.get().map(|r| match r {
                            None => view! { <EmptyState message=t_string!(i18n, search.start).to_string()/> }.into_any(),
                            Some(Ok(found)) => view! { <SearchList found=found/> }.into_any(),
                            Some(Err(e)) => view! { <p class="text-rose-700" role="alert">{crate::components::error_words(e)}</p> }.into_any(),
                        })}
                    </Transition>
                </div>
                <aside class="space-y-4">
                    <Show when=move || !form.get().q.trim().is_empty()>
                        <form class="space-y-2 rounded-2xl border border-slate-200 bg-white p-4 shadow-sm" data-testid="save-search"
                            on:submit=move |ev: leptos::ev::SubmitEvent| {
                                ev.prevent_default();
                                use leptos::wasm_bindgen::JsCast;
                                let name = ev.target()
                                    .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
                                    .and_then(|f| f.elements().named_item("name"))
                                    .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
                                    .map(|i| i.value())
                                    .unwrap_or_default();
                                saves.dispatch(SaveSearch { form: SavedSearchForm { name, search: form.get_untracked() } });
                            }>
                            <label for="search-name" class=LABEL>{t!(i18n, search.save_name)}</label>
                            <input id="search-name" name="name" class=INPUT/>
                            {move || save_errors.field("name").get().map(|m| view! { <p class="text-sm text-rose-600" role="alert">{m}</p> })}
                            <FormAlert message=save_errors.general()/>
                            <button type="submit" class=BUTTON disabled=move || saves.pending().get()>{t!(i18n, search.save)}</button>
                        </form>
                    </Show>
                    <section class="rounded-2xl border border-slate-200 bg-white p-4 shadow-sm" data-testid="saved-searches">
                        <h2 class="font-medium">{t!(i18n, search.saved_title)}</h2>
                        <Transition fallback=|| ()>
                            {move || saved.get().map(|r| match r {
                                Ok(list) if list.is_empty() => view! { <p class="mt-2 text-sm text-slate-500">{t!(i18n, search.saved_empty)}</p> }.into_any(),
                                Ok(list) => view! {
                                    <ul class="mt-2 divide-y divide-slate-100">
                                        {list.into_iter().map(|s| {
                                            let id = s.id;
                                            let href = saved_href(&s);
                                            view! {
                                                <li class="flex items-center justify-between gap-2 py-2" data-testid="saved-search">
                                                    <a href=href class="min-w-0 truncate text-sm font-medium text-emerald-700 hover:underline" title=s.q.clone()>{s.name.clone()}</a>
                                                    <button type="button" class="text-xs text-rose-700 hover:underline" on:click=move |_| { deletes.dispatch(DeleteSearch { id }); }>{t!(i18n, common.delete)}</button>
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                }.into_any(),
                                Err(e) => view! { <p class="text-sm text-rose-700">{crate::components::error_words(e)}</p> }.into_any(),
                            })}
                        </Transition>
                    </section>
                </aside>
            </div>
        </AppShell>
    }
}

/// The search page URL that re-runs a saved search.
fn saved_href(s: &super::SavedSearch) -> String {
    let f = &s.filters;
    let mut parts = vec![
        format!("q={}", urlencode(&s.q)),
        format!("kind={}", s.kind.key()),
    ];
    if f.min_score > 0 {
        parts.push(format!("min_score={}", f.min_score));
    }
    if let Some(n) = f.niche {
        parts.push(format!("niche={}", n.key()));
    }
    if let Some(l) = &f.location {
        parts.push(format!("location={}", urlencode(l)));
    }
    if let Some(l) = &f.language {
        parts.push(format!("language={l}"));
    }
    if let Some(n) = f.min_followers {
        parts.push(format!("min_followers={n}"));
    }
    if let Some(n) = f.max_followers {
        parts.push(format!("max_followers={n}"));
    }
    format!("/search?{}", parts.join("&"))
}

#[component]
fn SearchList(found: SearchResults) -> impl IntoView {
    let i18n = use_i18n();
    if found.items.is_empty() {
        return view! { <EmptyState message=t_string!(i18n, search.empty).to_string()/> }
            .into_any();
    }
    view! {
        {(!found.semantic).then(|| view! { <p class="mb-3 text-sm text-amber-700">{t!(i18n, search.keyword_only)}</p> })}
        <ol class="grid gap-3" data-testid="search-results">
            {found.items.into_iter().map(|hit| {
                let similarity = hit.similarity;
                let keyword = hit.keyword_match;
                let (href, title, line, niches, verified) = match (hit.creator, hit.request) {
                    (Some(c), _) => (format!("/creators/{}", c.user_id), c.display_name, c.bio, c.niches, c.verified),
                    (_, Some(r)) => (format!("/requests/{}", r.id), r.title, r.description, r.niches, false),
                    _ => (String::new(), String::new(), String::new(), Vec::new(), false),
                };
                view! {
                    <li class="rounded-xl border border-slate-200 bg-white p-4 shadow-sm" data-testid="search-hit">
                        <div class="flex flex-wrap items-baseline justify-between gap-2">
                            <span><a href=href class="font-semibold hover:underline">{title}</a><crate::components::VerifiedBadge verified/></span>
                            <span class="flex gap-2 text-xs">
                                {keyword.then(|| view! { <span class="rounded-full bg-indigo-50 px-2 py-0.5 text-indigo-700">{t!(i18n, search.keyword)}</span> })}
                                {similarity.map(|v| view! { <span class="rounded-full bg-emerald-50 px-2 py-0.5 text-emerald-700">{move || t_string!(i18n, search.similarity, value = v).to_string()}</span> })}
                            </span>
                        </div>
                        <p class="mt-1 line-clamp-2 text-sm text-slate-700">{line}</p>
                        <div class="mt-2"><NicheChips niches=niches/></div>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
    .into_any()
}
