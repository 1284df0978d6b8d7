//! `/admin/moderation`: the queue. Accounts under review come first; then
//! flagged items, newest first, filtered by status, category, source and
//! order. Each case shows its text, why it is here, its author's history,
//! the reports and every decision so far, and the decisions it can take.

use super::api::{moderation_queue, DecideCase};
use super::{CasePage, ModerationCase};
use crate::components::{error_line, AppShell, EmptyState, Protected, Spinner, INPUT, LABEL};
use crate::features::auth::messages::FormErrors;
use crate::features::auth::User;
use crate::features::dashboard::short_date;
use crate::i18n::*;
use domain::moderation::queue::QueueForm;
use domain::moderation::Category;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ModerationPage() -> impl IntoView {
    view! { <Protected view=|user| view! { <Queue user/> }.into_any()/> }
}

type I18n = leptos_i18n::I18nContext<Locale>;

pub fn state_label(i18n: I18n, key: &str) -> String {
    match key {
        "open" => t_string!(i18n, admin.state_open),
        "approved" => t_string!(i18n, admin.state_approved),
        "warned" => t_string!(i18n, admin.state_warned),
        "removed" => t_string!(i18n, admin.state_removed),
        "suspended" => t_string!(i18n, admin.state_suspended),
        "appealed" => t_string!(i18n, admin.state_appealed),
        "reinstated" => t_string!(i18n, admin.state_reinstated),
        _ => t_string!(i18n, admin.state_upheld),
    }
    .to_string()
}

fn source_label(i18n: I18n, key: &str) -> String {
    match key {
        "lexicon" => t_string!(i18n, admin.source_lexicon),
        "pattern" => t_string!(i18n, admin.source_pattern),
        "embedding" => t_string!(i18n, admin.source_embedding),
        "model" => t_string!(i18n, admin.source_model),
        _ => t_string!(i18n, admin.source_report),
    }
    .to_string()
}

fn action_label(i18n: I18n, key: &str) -> String {
    match key {
        "approve" => t_string!(i18n, admin.action_approve),
        "remove" => t_string!(i18n, admin.action_remove),
        "warn" => t_string!(i18n, admin.action_warn),
        "suspend" => t_string!(i18n, admin.action_suspend),
        "reinstate" => t_string!(i18n, admin.action_reinstate),
        _ => t_string!(i18n, admin.action_appeal),
    }
    .to_string()
}

pub fn item_label(i18n: I18n, key: &str) -> String {
    match key {
        "request" => t_string!(i18n, moderation.item_request),
        "profile" => t_string!(i18n, moderation.item_profile),
        "portfolio_item" => t_string!(i18n, moderation.item_portfolio_item),
        "message" => t_string!(i18n, moderation.item_message),
        "deal" => t_string!(i18n, moderation.item_deal),
        _ => t_string!(i18n, moderation.item_account),
    }
    .to_string()
}

fn query_form(get: impl Fn(&str) -> Option<String>) -> QueueForm {
    QueueForm {
        status: get("status"),
        category: get("category"),
        source: get("source"),
        target_type: get("target_type"),
        order: get("order"),
        before_id: get("before_id"),
    }
}

#[component]
fn Queue(user: User) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let form = Memo::new(move |_| {
        let q = query.read();
        query_form(|k| q.get(k).filter(|v| !v.is_empty()))
    });
    let accounts = Resource::new(
        || (),
        |_| {
            moderation_queue(QueueForm {
                target_type: Some("account".into()),
                ..QueueForm::default()
            })
        },
    );
    let items = Resource::new(move || form.get(), moderation_queue);
    let selected = move |k: &'static str| {
        move || {
            form.with(|f| match k {
                "status" => f.status.clone(),
                "category" => f.category.clone(),
                "source" => f.source.clone(),
                _ => f.order.clone(),
            })
            .unwrap_or_default()
        }
    };
    view! {
        <Title text=move || t_string!(i18n, admin.moderation_title).to_string()/>
        <AppShell user=user>
            <h1 class="text-2xl font-semibold tracking-tight">{t!(i18n, admin.moderation_title)}</h1>
            <section class="mt-4" data-testid="accounts-under-review">
                <h2 class="text-lg font-semibold">{t!(i18n, admin.accounts_under_review)}</h2>
                <Transition fallback=move || view! { <Spinner label=t_string!(i18n, common.loading).to_string()/> }>
                    {move || accounts.get().map(|r| view! { <Cases page=r empty=t_string!(i18n, admin.no_accounts).to_string() more=None/> })}
                </Transition>
            </section>
            <section class="mt-8">
                <h2 class="text-lg font-semibold">{t!(i18n, admin.queue)}</h2>
                <form method="get" action="/admin/moderation" class="mt-3 grid gap-3 rounded-2xl border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-5" data-testid="queue-filters">
                    <label class=LABEL>{t!(i18n, admin.filter_status)}
                        <select name="status" class=format!("mt-1 {INPUT}") prop:value=selected("status")>
                            <option value="">{t!(i18n, admin.waiting)}</option>
                            <option value="all">{t!(i18n, admin.all)}</option>
                            {["open", "appealed", "approved", "warned", "removed", "suspended", "reinstated", "upheld"].into_iter().map(|s| view! { <option value=s>{move || state_label(i18n, s)}</option> }).collect_view()}
                        </select>
                    </label>
                    <label class=LABEL>{t!(i18n, admin.filter_category)}
                        <select name="category" class=format!("mt-1 {INPUT}") prop:value=selected("category")>
                            <option value="">{t!(i18n, admin.all)}</option>
                            {Category::ALL.into_iter().map(|c| view! { <option value=c.key()>{move || crate::words::moderation_category(i18n.get_locale(), c.key())}</option> }).collect_view()}
                        </select>
                    </label>
                    <label class=LABEL>{t!(i18n, admin.filter_source)}
                        <select name="source" class=format!("mt-1 {INPUT}") prop:value=selected("source")>
                            <option value="">{t!(i18n, admin.all)}</option>
                            {["lexicon", "pattern", "embedding", "report"].into_iter().map(|s| view! { <option value=s>{move || source_label(i18n, s)}</option> }).collect_view()}
                        </select>
                    </label>
                    <label class=LABEL>{t!(i18n, admin.filter_order)}
                        <select name="order" class=format!("mt-1 {INPUT}") prop:value=selected("order")>
                            <option value="newest">{t!(i18n, admin.newest)}</option>
                            <option value="oldest">{t!(i18n, admin.oldest)}</option>
                        </select>
                    </label>
                    <div class="flex items-end">
                        <button type="submit" class="rounded-lg border border-slate-300 px-4 py-2 font-medium hover:bg-slate-50">{t!(i18n, admin.apply)}</button>
                    </div>
                </form>
                <Transition fallback=move || view! { <Spinner label=t_string!(i18n, common.loading).to_string()/> }>
                    {move || items.get().map(|r| {
                        let more = r.as_ref().ok().and_then(|p| p.next_before_id).map(|next| {
                            let f = form.get();
                            let mut pairs = vec![("before_id".to_owned(), next.to_string())];
                            for (k, v) in [("status", f.status), ("category", f.category), ("source", f.source), ("order", f.order)] {
                                if let Some(v) = v { pairs.push((k.to_owned(), v)); }
                            }
                            let qs: Vec<String> = pairs.into_iter().map(|(k, v)| format!("{k}={v}")).collect();
                            format!("/admin/moderation?{}", qs.join("&"))
                        });
                        view! { <Cases page=r empty=t_string!(i18n, admin.no_cases).to_string() more/> }
                    })}
                </Transition>
            </section>
        </AppShell>
    }
}

#[component]
fn Cases(
    page: Result<CasePage, crate::AppError>,
    empty: String,
    more: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    match page {
        Err(e) => view! { <p class="mt-3 text-rose-700" role="alert">{crate::components::error_words(e)}</p> }.into_any(),
        Ok(p) if p.items.is_empty() => view! { <div class="mt-3"><EmptyState message=empty/></div> }.into_any(),
        Ok(p) => view! {
            <ul class="mt-3 space-y-4">
                {p.items.into_iter().map(|c| view! { <CaseCard case=c/> }).collect_view()}
            </ul>
            {more.map(|href| view! { <a href=href class="mt-4 inline-block rounded-lg border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50">{t!(i18n, admin.older)}</a> })}
        }.into_any(),
    }
}

/// A case that shows itself again as decided: the moderator sees the result
/// (the state, the history) where they acted.
#[component]
fn CaseCard(case: ModerationCase) -> impl IntoView {
    let decide = ServerAction::<DecideCase>::new();
    let current = RwSignal::new(case);
    Effect::new(move |_| {
        if let Some(Ok(case)) = decide.value().get() {
            current.set(case);
        }
    });
    let note = RwSignal::new(String::new());
    move || view! { <CaseBody case=current.get() decide note/> }
}

#[component]
fn CaseBody(
    case: ModerationCase,
    decide: ServerAction<DecideCase>,
    note: RwSignal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let errors = FormErrors::new(
        i18n,
        Signal::derive(move || decide.value().get().and_then(Result::err)),
    );
    let c = case;
    let id = c.id;
    let (target_type, state) = (c.target_type.clone(), c.state.clone());
    let author = c.author.clone();
    let joined = author.joined_at;
    let status = author.status;
    let role = author.role;
    view! {
        <li class="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm" data-testid="case" data-state=c.state.clone() data-target=c.target_type.clone()>
            <div class="flex flex-wrap items-center justify-between gap-2">
                <p class="font-medium">{move || item_label(i18n, &target_type)}
                    <span class="ml-2 rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700" data-testid="case-state">{move || state_label(i18n, &state)}</span>
                </p>
                <p class="text-xs text-slate-500">{move || short_date(i18n, c.created_at)}</p>
            </div>
            <p class="mt-3 whitespace-pre-line rounded-lg bg-slate-50 p-3 text-sm text-slate-800" data-testid="case-excerpt" translate="no">{c.excerpt.clone()}</p>
            <ul class="mt-2 flex flex-wrap gap-1.5 text-xs">
                {c.reasons.iter().map(|r| {
                    let (category, source, evidence) = (r.category.key(), r.source.key(), r.evidence.clone());
                    view! { <li class="rounded-full bg-amber-50 px-2 py-0.5 text-amber-900" title=evidence>{move || format!("{} · {}", crate::words::moderation_category(i18n.get_locale(), category), source_label(i18n, source))}</li> }
                }).collect_view()}
            </ul>
            {c.target_path.clone().map(|href| view! { <a href=href class="mt-2 inline-block text-sm text-emerald-700 underline">{t!(i18n, admin.see_in_context)}</a> })}
            <dl class="mt-3 grid gap-2 text-sm sm:grid-cols-3">
                <div><dt class="text-slate-500">{t!(i18n, admin.author)}</dt><dd class="font-medium" translate="no">{let name = author.display_name.clone(); move || crate::components::shown_name(i18n, &name)}</dd>
                    <dd class="text-xs text-slate-500">{move || format!("{} · {}", crate::components::role_label(i18n, role), short_date(i18n, joined))}</dd>
                </div>
                <div><dt class="text-slate-500">{t!(i18n, admin.account_status)}</dt><dd class="font-medium" data-testid="author-status">{move || match status {
                    domain::moderation::report::AccountStatus::Active => t_string!(i18n, admin.status_active).to_string(),
                    domain::moderation::report::AccountStatus::PendingReview => t_string!(i18n, admin.status_review).to_string(),
                    domain::moderation::report::AccountStatus::Suspended => t_string!(i18n, admin.status_suspended).to_string(),
                }}</dd></div>
                <div><dt class="text-slate-500">{t!(i18n, admin.history)}</dt><dd>{move || t_string!(i18n, admin.flags_and_cases, flags = author.flags, cases = author.earlier_cases).to_string()}</dd></div>
            </dl>
            {(!c.reports.is_empty()).then(|| view! {
                <div class="mt-3">
                    <h3 class="text-sm font-medium text-slate-700">{t!(i18n, admin.reports)}</h3>
                    <ul class="mt-1 space-y-1 text-sm">
                        {c.reports.iter().map(|r| {
                            let reason = r.reason.clone();
                            view! { <li><span translate="no">{r.reporter_name.clone()}</span>": "{move || crate::words::report_reason(i18n.get_locale(), &reason)}{r.note.clone().map(|n| view! { <span class="text-slate-600" translate="no">" — "{n}</span> })}</li> }
                        }).collect_view()}
                    </ul>
                </div>
            })}
            {c.appeal.clone().map(|a| view! {
                <div class="mt-3 rounded-lg border border-sky-200 bg-sky-50 p-3 text-sm" data-testid="case-appeal">
                    <h3 class="font-medium">{t!(i18n, admin.appeal)}</h3>
                    <p class="mt-1 whitespace-pre-line" translate="no">{a}</p>
                </div>
            })}
            {(!c.actions.is_empty()).then(|| view! {
                <ol class="mt-3 space-y-1 border-l-2 border-slate-200 pl-3 text-sm" data-testid="case-history">
                    {c.actions.iter().map(|a| {
                        let (action, at, by) = (a.action.clone(), a.created_at, a.by_name.clone().unwrap_or_default());
                        view! { <li><span class="font-medium">{move || action_label(i18n, &action)}</span>" · "<span translate="no">{by}</span>" · "{move || short_date(i18n, at)}{(!a.note.is_empty()).then(|| view! { <p class="text-slate-600" translate="no">{a.note.clone()}</p> })}</li> }
                    }).collect_view()}
                </ol>
            })}
            {(!c.allowed_actions.is_empty()).then(|| view! {
                <div class="mt-4 space-y-2 border-t border-slate-100 pt-3">
                    <label class=LABEL>{t!(i18n, admin.note_label)}
                        <textarea rows="2" class=format!("mt-1 {INPUT}") prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                    </label>
                    {error_line(errors.field("note"))}
                    {error_line(errors.general())}
                    <div class="flex flex-wrap gap-2">
                        {c.allowed_actions.iter().map(|a| {
                            let action = a.clone();
                            let label = a.clone();
                            view! {
                                <button type="button" class="rounded-lg border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50 disabled:opacity-60" data-action=a.clone()
                                    disabled=move || decide.pending().get()
                                    on:click=move |_| { decide.dispatch(DecideCase { id, action: action.clone(), note: note.get_untracked() }); }>
                                    {move || action_label(i18n, &label)}
                                </button>
                            }
                        }).collect_view()}
                    </div>
                </div>
            })}
        </li>
    }
}
