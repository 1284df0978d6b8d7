//! `/deals/{id}`: the workspace of a confirmed deal for its brand and its
//! creator. Terms as confirmed; the contract: its details form, the
//! generated document in English (the reference) and the creator's
//! language, what each version changed, and acceptance with a typed name.

use super::api::{
    accept_contract, contract_pdf_link, deal_milestones, deal_workspace, generate_contract,
    milestone_act, revise_contract,
};
use super::{AcceptForm, Contract, Milestone, MilestoneAction, Workspace};
use crate::components::{
    error_words, shown_name, AppShell, EmptyState, Protected, Spinner, BUTTON, INPUT, LABEL,
};
use crate::error::AppError;
use crate::features::auth::messages::FormErrors;
use crate::features::auth::User;
use crate::i18n::*;
use domain::contract::{ContractDetailsForm, DeliverableForm, MilestoneForm, Platform};
use domain::contract_text::{Block, DiffLine, Document};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

const LINK_BUTTON: &str = "inline-flex items-center rounded-lg border border-slate-300 bg-white px-4 py-2 font-medium text-slate-800 shadow-sm hover:bg-slate-50 focus:outline-none focus:ring-4 focus:ring-emerald-100";

#[component]
pub fn DealWorkspacePage() -> impl IntoView {
    view! { <Protected view=|user| view! { <WorkspaceScreen user/> }.into_any()/> }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Terms,
    Contract,
    Deliverables,
    Payments,
}

#[component]
fn WorkspaceScreen(user: User) -> impl IntoView {
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
                Some(id) => deal_workspace(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let me = user.id;
    view! {
        <Title text=move || t_string!(i18n, workspace.title).to_string()/>
        <AppShell user=user>
            <Suspense fallback=move || view! { <Spinner label=t_string!(i18n, common.loading).to_string()/> }>
                {move || loaded.get().map(|r| match r {
                    Ok(Some(w)) => view! { <Loaded workspace=w me/> }.into_any(),
                    Ok(None) => view! { <EmptyState message=t_string!(i18n, workspace.not_found).to_string()/> }.into_any(),
                    Err(e) => view! { <p class="text-rose-700" role="alert">{error_words(e)}</p> }.into_any(),
                })}
            </Suspense>
        </AppShell>
    }
}

#[component]
fn Loaded(workspace: Workspace, me: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let deal = workspace.deal;
    let contract = RwSignal::new(workspace.contract);
    let tab = RwSignal::new(Tab::Contract);
    let other = if deal.brand_id == me {
        deal.creator_name.clone()
    } else {
        deal.brand_name.clone()
    };
    let amount = crate::words::money(deal.amount, &deal.currency);
    let tab_button = move |which: Tab, label: Signal<String>, test: &'static str| {
        view! {
            <button type="button" role="tab" data-testid=test
                aria-selected=move || if tab.get() == which { "true" } else { "false" }
                class=move || if tab.get() == which {
                    "border-b-2 border-emerald-600 px-3 py-2 font-medium text-emerald-800"
                } else {
                    "border-b-2 border-transparent px-3 py-2 text-slate-600 hover:text-slate-900"
                }
                on:click=move |_| tab.set(which)>
                {label}
            </button>
        }
    };
    let confirmed = deal.status == domain::DealStatus::Confirmed;
    let deal_id = deal.id;
    let terms = deal.clone();
    view! {
        <header class="mb-4">
            <p class="text-sm text-slate-500">{t!(i18n, workspace.title)}</p>
            <h1 class="text-2xl font-semibold tracking-tight" data-testid="workspace-title">{deal.request_title.clone()}</h1>
            <p class="mt-1 text-slate-600">{move || t_string!(i18n, workspace.with_party, name = shown_name(i18n, &other)).to_string()}" · "<span class="font-medium">{amount.clone()}</span></p>
        </header>
        <div role="tablist" class="mb-4 flex gap-2 border-b border-slate-200">
            {tab_button(Tab::Terms, Signal::derive(move || t_string!(i18n, workspace.tab_terms).to_string()), "tab-terms")}
            {tab_button(Tab::Contract, Signal::derive(move || t_string!(i18n, workspace.tab_contract).to_string()), "tab-contract")}
            {tab_button(Tab::Deliverables, Signal::derive(move || t_string!(i18n, workspace.tab_deliverables).to_string()), "tab-deliverables")}
            {tab_button(Tab::Payments, Signal::derive(move || t_string!(i18n, workspace.tab_payments).to_string()), "tab-payments")}
        </div>
        <Show when=move || tab.get() == Tab::Terms>
            <section role="tabpanel" class="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
                <dl class="grid gap-4 sm:grid-cols-2">
                    <div><dt class="text-sm text-slate-500">{t!(i18n, workspace.terms_deliverables)}</dt><dd class="whitespace-pre-line">{terms.deliverables.clone()}</dd></div>
                    <div><dt class="text-sm text-slate-500">{t!(i18n, workspace.terms_timeline)}</dt><dd>{terms.timeline.clone()}</dd></div>
                    <div><dt class="text-sm text-slate-500">{t!(i18n, workspace.terms_usage)}</dt><dd class="whitespace-pre-line">{terms.usage_rights.clone()}</dd></div>
                    <div><dt class="text-sm text-slate-500">{t!(i18n, workspace.terms_chat)}</dt><dd><a class="font-medium text-emerald-700 hover:underline" href=format!("/chats/{}", terms.chat_id)>{t!(i18n, collab.open_chat)}</a></dd></div>
                </dl>
            </section>
        </Show>
        <Show when=move || tab.get() == Tab::Contract>
            <section role="tabpanel" data-testid="contract-panel">
                {move || match contract.get() {
                    Some(c) => view! { <ContractView contract=c on_change=contract/> }.into_any(),
                    None if confirmed => view! {
                        <div class="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
                            <h2 class="text-lg font-semibold">{t!(i18n, workspace.details_title)}</h2>
                            <p class="mt-1 text-sm text-slate-600">{t!(i18n, workspace.no_contract)}</p>
                            <DetailsForm initial=blank_form() submit_label=WorkspaceAction::Generate
                                send=move |form| async move { generate_contract(deal_id, form).await }
                                done=move |c| contract.set(Some(c)) cancel=None/>
                        </div>
                    }.into_any(),
                    None => view! { <EmptyState message=t_string!(i18n, workspace.not_confirmed).to_string()/> }.into_any(),
                }}
            </section>
        </Show>
        <Show when=move || tab.get() == Tab::Deliverables>
            <section role="tabpanel" data-testid="deliverables-panel">
                {move || if contract.with(|c| c.as_ref().is_some_and(|c| c.status == "final")) {
                    view! { <super::deliverables::DeliverablesPanel deal=deal_id/> }.into_any()
                } else {
                    view! { <EmptyState message=t_string!(i18n, workspace.deliverables_none).to_string()/> }.into_any()
                }}
            </section>
        </Show>
        <Show when=move || tab.get() == Tab::Payments>
            <section role="tabpanel" data-testid="payments-panel">
                {move || if contract.with(|c| c.as_ref().is_some_and(|c| c.status == "final")) {
                    view! { <PaymentsPanel deal=deal_id/> }.into_any()
                } else {
                    view! { <EmptyState message=t_string!(i18n, workspace.payments_none).to_string()/> }.into_any()
                }}
            </section>
        </Show>
    }
}

/// A details form with nothing invented: one empty deliverable, a
/// two-part schedule to date, and the usual review terms to confirm.
fn blank_form() -> ContractDetailsForm {
    ContractDetailsForm {
        deliverables: vec![DeliverableForm {
            platform: Platform::Instagram.key().to_owned(),
            quantity: Some(1),
            ..Default::default()
        }],
        review_days: Some(3),
        revision_rounds: Some(2),
        territory: "India".into(),
        kill_fee_percent: Some(0),
        milestones: vec![
            MilestoneForm {
                percent: Some(50),
                ..Default::default()
            },
            MilestoneForm {
                percent: Some(50),
                ..Default::default()
            },
        ],
        ..Default::default()
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum WorkspaceAction {
    Generate,
    Propose,
}

/// The details form; `send` is generate or revise, `done` takes the answer.
#[component]
fn DetailsForm<S, Fut>(
    initial: ContractDetailsForm,
    submit_label: WorkspaceAction,
    send: S,
    done: impl Fn(Contract) + Copy + Send + Sync + 'static,
    cancel: Option<Callback<()>>,
) -> impl IntoView
where
    S: Fn(ContractDetailsForm) -> Fut + Copy + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<Contract, AppError>> + 'static,
{
    let i18n = use_i18n();
    let deliverables = RwSignal::new(
        initial
            .deliverables
            .iter()
            .cloned()
            .enumerate()
            .collect::<Vec<_>>(),
    );
    let milestones = RwSignal::new(
        initial
            .milestones
            .iter()
            .cloned()
            .enumerate()
            .collect::<Vec<_>>(),
    );
    let next_key = StoredValue::new(initial.deliverables.len() + initial.milestones.len());
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let field_error = move |name: String| {
        Signal::derive(move || {
            error.with(|e| {
                e.as_ref()
                    .and_then(|e| e.field(&name))
                    .map(|f| crate::messages::field_text(i18n.get_locale(), f))
            })
        })
    };
    let fresh_key = move || {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        key
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        let Some(values) = crate::components::FormValues::from_submit(&ev) else {
            return;
        };
        let form = ContractDetailsForm {
            deliverables: deliverables.with_untracked(|rows| {
                rows.iter()
                    .map(|(key, _)| DeliverableForm {
                        platform: values.one(&format!("d{key}_platform")),
                        format: values.one(&format!("d{key}_format")),
                        quantity: values.integer(&format!("d{key}_quantity")),
                        due: values.one(&format!("d{key}_due")),
                    })
                    .collect()
            }),
            draft_due: values.one("draft_due"),
            review_days: values.integer("review_days"),
            revision_rounds: values.integer("revision_rounds"),
            usage_channels: values.one("usage_channels"),
            paid_usage: !values.one("paid_usage").is_empty(),
            usage_months: values.integer("usage_months"),
            territory: values.one("territory"),
            exclusivity_category: values.one("exclusivity_category"),
            exclusivity_days: values.integer("exclusivity_days"),
            kill_fee_percent: values.integer("kill_fee_percent"),
            milestones: milestones.with_untracked(|rows| {
                rows.iter()
                    .map(|(key, _)| MilestoneForm {
                        label: values.one(&format!("m{key}_label")),
                        percent: values.integer(&format!("m{key}_percent")),
                        due: values.one(&format!("m{key}_due")),
                    })
                    .collect()
            }),
            jurisdiction: values.one("jurisdiction"),
        };
        // Checked here first, as the server would: nothing is sent for a
        // form with a missing detail.
        if let Err(fields) = form.parse(browser_today()) {
            error.set(Some(AppError::validation(fields)));
            return;
        }
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            match send(form).await {
                Ok(contract) => done(contract),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    // A labelled input whose error is the field's.
    let input = move |label: Signal<String>,
                      name: String,
                      field: String,
                      value: String,
                      kind: &'static str| {
        let id = format!("contract-{name}");
        let message = field_error(field);
        view! {
            <div class="space-y-1">
                <label for=id.clone() class=LABEL>{label}</label>
                <input id=id name=name type=kind value=value class=INPUT
                    aria-invalid=move || if message.get().is_some() { "true" } else { "false" }/>
                <p class="text-sm text-rose-600" role="alert">{move || message.get()}</p>
            </div>
        }
    };
    let number = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
    let text =
        move |key: &'static str| Signal::derive(move || label(i18n.get_locale(), key).to_owned());
    let form_error = move || {
        error
            .get()
            .filter(|e| {
                e.fields.is_empty()
                    || e.field("deliverables").is_some()
                    || e.field("milestones").is_some()
                    || e.field("changes").is_some()
            })
            .map(|e| crate::messages::error_text(i18n.get_locale(), &e))
    };
    let initial = StoredValue::new(initial);
    view! {
        <form class="mt-4 space-y-6" on:submit=submit novalidate data-testid="contract-details">
            <fieldset class="space-y-3">
                <legend class="font-medium">{move || text("deliverables").get()}</legend>
                <For each=move || deliverables.get() key=|(key, _)| *key let:((key, row))>
                    <div class="grid gap-3 rounded-xl border border-slate-200 p-3 sm:grid-cols-5" data-testid="deliverable-row">
                        <div class="space-y-1">
                            <label for=format!("contract-d{key}_platform") class=LABEL>{move || text("platform").get()}</label>
                            <select id=format!("contract-d{key}_platform") name=format!("d{key}_platform") class=INPUT>
                                {Platform::ALL.iter().map(|p| {
                                    let selected = p.key() == row.platform;
                                    let name = if *p == Platform::Other { text("other").get_untracked() } else { p.name().to_owned() };
                                    view! { <option value=p.key() selected=selected>{name}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                        <div class="sm:col-span-2">{input(text("format"), format!("d{key}_format"), format!("deliverables.{}.format", index_of(deliverables, key)), row.format.clone(), "text")}</div>
                        {input(text("quantity"), format!("d{key}_quantity"), format!("deliverables.{}.quantity", index_of(deliverables, key)), number(row.quantity), "number")}
                        {input(text("due"), format!("d{key}_due"), format!("deliverables.{}.due", index_of(deliverables, key)), row.due.clone(), "date")}
                        <Show when=move || { deliverables.with(|r| r.len() > 1) }>
                            <button type="button" class="text-sm text-rose-700 hover:underline sm:col-span-5 sm:justify-self-end"
                                on:click=move |_| deliverables.update(|r| r.retain(|(k, _)| *k != key))>{move || text("remove").get()}</button>
                        </Show>
                    </div>
                </For>
                <button type="button" class=LINK_BUTTON
                    on:click=move |_| { let key = fresh_key(); deliverables.update(|r| r.push((key, DeliverableForm { platform: Platform::Instagram.key().into(), quantity: Some(1), ..Default::default() }))); }>
                    {move || text("add_deliverable").get()}
                </button>
            </fieldset>
            <div class="grid gap-4 sm:grid-cols-3">
                {input(text("draft_due"), "draft_due".into(), "draft_due".into(), initial.with_value(|f| f.draft_due.clone()), "date")}
                {input(text("review_days"), "review_days".into(), "review_days".into(), initial.with_value(|f| number(f.review_days)), "number")}
                {input(text("revision_rounds"), "revision_rounds".into(), "revision_rounds".into(), initial.with_value(|f| number(f.revision_rounds)), "number")}
            </div>
            <div class="grid gap-4 sm:grid-cols-3">
                <div class="sm:col-span-2">{input(text("usage_channels"), "usage_channels".into(), "usage_channels".into(), initial.with_value(|f| f.usage_channels.clone()), "text")}</div>
                {input(text("usage_months"), "usage_months".into(), "usage_months".into(), initial.with_value(|f| number(f.usage_months)), "number")}
                {input(text("territory"), "territory".into(), "territory".into(), initial.with_value(|f| f.territory.clone()), "text")}
                <label class="flex items-center gap-2 self-end pb-3 text-sm">
                    <input type="checkbox" name="paid_usage" value="on" class="h-4 w-4 accent-emerald-600" checked=initial.with_value(|f| f.paid_usage)/>
                    {move || text("paid_usage").get()}
                </label>
            </div>
            <div class="grid gap-4 sm:grid-cols-3">
                <div class="sm:col-span-2">{input(text("exclusivity_category"), "exclusivity_category".into(), "exclusivity_category".into(), initial.with_value(|f| f.exclusivity_category.clone()), "text")}</div>
                {input(text("exclusivity_days"), "exclusivity_days".into(), "exclusivity_days".into(), initial.with_value(|f| number(f.exclusivity_days)), "number")}
                {input(text("kill_fee_percent"), "kill_fee_percent".into(), "kill_fee_percent".into(), initial.with_value(|f| number(f.kill_fee_percent)), "number")}
                <div class="sm:col-span-2">{input(text("jurisdiction"), "jurisdiction".into(), "jurisdiction".into(), initial.with_value(|f| f.jurisdiction.clone()), "text")}</div>
            </div>
            <fieldset class="space-y-3">
                <legend class="font-medium">{move || text("milestones").get()}</legend>
                <For each=move || milestones.get() key=|(key, _)| *key let:((key, row))>
                    <div class="grid gap-3 rounded-xl border border-slate-200 p-3 sm:grid-cols-4" data-testid="milestone-row">
                        <div class="sm:col-span-2">{input(text("payment"), format!("m{key}_label"), format!("milestones.{}.label", index_of(milestones, key)), row.label.clone(), "text")}</div>
                        {input(text("percent"), format!("m{key}_percent"), format!("milestones.{}.percent", index_of(milestones, key)), number(row.percent), "number")}
                        {input(text("due"), format!("m{key}_due"), format!("milestones.{}.due", index_of(milestones, key)), row.due.clone(), "date")}
                        <Show when=move || { milestones.with(|r| r.len() > 1) }>
                            <button type="button" class="text-sm text-rose-700 hover:underline sm:col-span-4 sm:justify-self-end"
                                on:click=move |_| milestones.update(|r| r.retain(|(k, _)| *k != key))>{move || text("remove").get()}</button>
                        </Show>
                    </div>
                </For>
                <button type="button" class=LINK_BUTTON
                    on:click=move |_| { let key = fresh_key(); milestones.update(|r| r.push((key, MilestoneForm::default()))); }>
                    {move || text("add_milestone").get()}
                </button>
            </fieldset>
            <p class="text-sm text-rose-700" role="alert" data-testid="contract-form-error">{form_error}</p>
            <div class="flex flex-wrap gap-3">
                <button type="submit" class=BUTTON disabled=move || busy.get()>
                    {move || match (submit_label, busy.get()) {
                        (WorkspaceAction::Generate, false) => text("generate").get(),
                        (WorkspaceAction::Generate, true) => text("generating").get(),
                        (WorkspaceAction::Propose, false) => text("propose").get(),
                        (WorkspaceAction::Propose, true) => text("proposing").get(),
                    }}
                </button>
                {cancel.map(|cancel| view! { <button type="button" class=LINK_BUTTON on:click=move |_| cancel.run(())>{move || text("cancel").get()}</button> })}
            </div>
        </form>
    }
}

/// The reader's calendar day, for the dates a form may name.
fn browser_today() -> time::Date {
    let now = web_sys::js_sys::Date::new_0();
    time::Month::try_from(now.get_month() as u8 + 1)
        .ok()
        .and_then(|month| {
            time::Date::from_calendar_date(now.get_full_year() as i32, month, now.get_date() as u8)
                .ok()
        })
        .unwrap_or(time::Date::MIN)
}

/// Where row `key` stands now: field errors name rows by position.
fn index_of<T: Clone + Send + Sync + 'static>(
    rows: RwSignal<Vec<(usize, T)>>,
    key: usize,
) -> usize {
    rows.with_untracked(|r| r.iter().position(|(k, _)| *k == key).unwrap_or(0))
}

#[component]
fn ContractView(contract: Contract, on_change: RwSignal<Option<Contract>>) -> impl IntoView {
    let i18n = use_i18n();
    let text = move |key: &'static str| label(i18n.get_locale(), key);
    let shown = RwSignal::new(0usize);
    let editing = RwSignal::new(false);
    let latest = contract.latest.clone();
    let version = latest.version;
    let documents = StoredValue::new(latest.documents.clone());
    let is_final = contract.status == "final";
    let can_accept = contract.allowed_actions.iter().any(|a| a == "accept");
    let can_revise = contract.allowed_actions.iter().any(|a| a == "revise");
    let can_download = contract.allowed_actions.iter().any(|a| a == "download_pdf");
    let pdf_sha = contract.pdf_sha256.clone();
    let id = contract.id;
    let details = latest.details.clone();
    let status = if is_final {
        t_string!(i18n, workspace.status_final, version = version).to_string()
    } else {
        t_string!(i18n, workspace.status_open, version = version).to_string()
    };
    let badge = |done: bool, yes: &'static str, no: &'static str| {
        view! {
            <span class=if done { "rounded-full bg-emerald-50 px-2.5 py-1 text-xs font-medium text-emerald-800" } else { "rounded-full bg-slate-100 px-2.5 py-1 text-xs text-slate-600" }>
                {move || text(if done { yes } else { no })}
            </span>
        }
    };
    let diff = latest.diff.clone();
    let versions = contract.versions.clone();
    let sha = latest.sha256.clone();
    view! {
        <div class="space-y-4">
            <div class="flex flex-wrap items-center gap-2 rounded-2xl border border-slate-200 bg-white p-4 shadow-sm">
                <p class="mr-auto font-medium" data-testid="contract-status">{status}</p>
                {badge(contract.brand_accepted, "accepted_brand", "waiting_brand")}
                {badge(contract.creator_accepted, "accepted_creator", "waiting_creator")}
            </div>
            <Show when=move || { documents.with_value(|d| d.len() > 1) }>
                <div class="flex gap-2" role="group">
                    {documents.with_value(|d| d.iter().enumerate().map(|(i, doc)| {
                        let label = if i == 0 { text("reference_tab").to_owned() } else { doc.language.native_name().to_owned() };
                        view! {
                            <button type="button" data-testid="contract-language"
                                aria-pressed=move || if shown.get() == i { "true" } else { "false" }
                                class=move || if shown.get() == i { "rounded-lg bg-emerald-600 px-3 py-1.5 text-sm font-medium text-white" } else { "rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm" }
                                on:click=move |_| shown.set(i)>{label}</button>
                        }
                    }).collect_view())}
                </div>
            </Show>
            {move || documents.with_value(|d| d.get(shown.get()).cloned()).map(|doc| view! { <DocumentView doc/> })}
            <p class="break-all text-xs text-slate-500" data-testid="contract-sha">{move || text("fingerprint")}": "<code>{sha.clone()}</code></p>
            {can_download.then(|| view! { <PdfDownload id pdf_sha/> })}
            {diff.map(|lines| view! {
                <details class="rounded-2xl border border-slate-200 bg-white p-4 shadow-sm" data-testid="contract-diff">
                    <summary class="cursor-pointer font-medium">{move || t_string!(i18n, workspace.diff_title, version = version - 1).to_string()}</summary>
                    <div class="mt-3 space-y-0.5 font-mono text-sm">
                        {lines.into_iter().filter(|l| !matches!(l, DiffLine::Same(_))).map(|l| match l {
                            DiffLine::Added(t) => view! { <p class="whitespace-pre-wrap bg-emerald-50 text-emerald-900">"+ "{t}</p> }.into_any(),
                            DiffLine::Removed(t) => view! { <p class="whitespace-pre-wrap bg-rose-50 text-rose-900 line-through">"− "{t}</p> }.into_any(),
                            DiffLine::Same(_) => ().into_any(),
                        }).collect_view()}
                    </div>
                </details>
            })}
            {can_accept.then(|| view! { <AcceptBox id version on_change/> })}
            {(!can_accept && !is_final).then(|| view! { <p class="text-sm text-slate-600" data-testid="contract-you-accepted">{move || text("you_accepted")}</p> })}
            {can_revise.then(|| view! {
                <Show when=move || !editing.get() fallback=move || {
                    let details = details.clone();
                    view! {
                        <div class="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
                            <h2 class="text-lg font-semibold">{move || text("change")}</h2>
                            <DetailsForm initial=details submit_label=WorkspaceAction::Propose
                                send=move |form| async move { revise_contract(id, form).await }
                                done=move |c| { editing.set(false); on_change.set(Some(c)); }
                                cancel=Some(Callback::new(move |_| editing.set(false)))/>
                        </div>
                    }
                }>
                    <button type="button" class=LINK_BUTTON data-testid="contract-change" on:click=move |_| editing.set(true)>{move || text("change")}</button>
                </Show>
            })}
            <section class="rounded-2xl border border-slate-200 bg-white p-4 shadow-sm">
                <h2 class="font-medium">{move || text("history")}</h2>
                <ol class="mt-2 space-y-1 text-sm text-slate-700">
                    {versions.into_iter().rev().map(|v| {
                        let accepted: Vec<String> = v.acceptances.iter().map(|a| a.full_name.clone()).collect();
                        view! {
                            <li>{move || t_string!(i18n, workspace.history_line, version = v.version, name = v.proposed_by_name.clone()).to_string()}
                                {(!accepted.is_empty()).then(|| view! { <span class="text-emerald-700">" · ✓ "{accepted.join(", ")}</span> })}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            </section>
        </div>
    }
}

/// The final PDF: a fresh short-lived link on each click.
#[component]
fn PdfDownload(id: Uuid, pdf_sha: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let text = move |key: &'static str| label(i18n.get_locale(), key);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let download = move |_| {
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            match contract_pdf_link(id).await {
                Ok(url) => {
                    if let Some(window) = web_sys::window() {
                        let _ = window.location().set_href(&url);
                    }
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <div class="flex flex-wrap items-center gap-3 rounded-2xl border border-slate-200 bg-white p-4 shadow-sm">
            <button type="button" class=BUTTON data-testid="contract-pdf" disabled=move || busy.get() on:click=download>
                {move || text(if busy.get() { "pdf_preparing" } else { "pdf_download" })}
            </button>
            {pdf_sha.map(|sha| view! { <p class="break-all text-xs text-slate-500" data-testid="contract-pdf-sha">{move || text("pdf_fingerprint")}": "<code>{sha.clone()}</code></p> })}
            <p class="text-sm text-rose-700" role="alert">{move || error.get().map(|e| crate::messages::error_text(i18n.get_locale(), &e))}</p>
        </div>
    }
}

#[component]
fn DocumentView(doc: Document) -> impl IntoView {
    view! {
        <article class="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm" lang=doc.language.code() data-testid="contract-document">
            <h2 class="text-xl font-semibold">{doc.title}</h2>
            <p class="text-sm text-slate-500">{doc.version}</p>
            <p class="mt-2 rounded-lg bg-slate-50 px-3 py-2 text-sm text-slate-700">{doc.reference}</p>
            {doc.sections.into_iter().map(|s| view! {
                <section class="mt-5">
                    <h3 class="font-semibold">{format!("{}. {}", s.number, s.title)}</h3>
                    {s.blocks.into_iter().map(|b| match b {
                        Block::Text { text } => view! { <p class="mt-2 leading-relaxed">{text}</p> }.into_any(),
                        Block::Table { header, rows } => view! {
                            <div class="mt-2 overflow-x-auto">
                                <table class="w-full text-left text-sm">
                                    <thead class="text-slate-500"><tr>{header.into_iter().map(|h| view! { <th class="border-b border-slate-200 py-1.5 pr-3 font-medium">{h}</th> }).collect_view()}</tr></thead>
                                    <tbody>{rows.into_iter().map(|r| view! { <tr>{r.into_iter().map(|c| view! { <td class="border-b border-slate-100 py-1.5 pr-3">{c}</td> }).collect_view()}</tr> }).collect_view()}</tbody>
                                </table>
                            </div>
                        }.into_any(),
                    }).collect_view()}
                </section>
            }).collect_view()}
        </article>
    }
}

#[component]
fn AcceptBox(id: Uuid, version: i32, on_change: RwSignal<Option<Contract>>) -> impl IntoView {
    let i18n = use_i18n();
    let text = move |key: &'static str| label(i18n.get_locale(), key);
    let name = RwSignal::new(String::new());
    let consent = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let errors = FormErrors::new(i18n, error.into());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = AcceptForm {
            version: Some(version),
            full_name: name.get_untracked(),
            consent: consent.get_untracked(),
        };
        if let Err(fields) = form.check() {
            error.set(Some(AppError::validation(fields)));
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            match accept_contract(id, form).await {
                Ok(c) => on_change.set(Some(c)),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="space-y-3 rounded-2xl border border-emerald-200 bg-emerald-50/40 p-5" on:submit=submit novalidate data-testid="contract-accept">
            <h2 class="font-semibold">{move || t_string!(i18n, workspace.accept_title, version = version).to_string()}</h2>
            <div class="space-y-1">
                <label for="accept-name" class=LABEL>{move || text("full_name")}</label>
                <input id="accept-name" name="full_name" class=INPUT autocomplete="name" prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/>
                <p class="text-sm text-rose-600" role="alert">{errors.field("full_name")}</p>
            </div>
            <label class="flex items-start gap-2 text-sm">
                <input type="checkbox" name="consent" class="mt-0.5 h-4 w-4 accent-emerald-600" prop:checked=consent on:change=move |ev| consent.set(event_target_checked(&ev))/>
                <span>{move || text("consent")}</span>
            </label>
            <p class="text-sm text-rose-600" role="alert">{errors.field("consent")}</p>
            <p class="text-sm text-rose-700" role="alert">{errors.general()}</p>
            <button type="submit" class=BUTTON disabled=move || busy.get()>{move || text(if busy.get() { "accepting" } else { "accept" })}</button>
        </form>
    }
}

/// The schedule of a final contract: each payment with its state, what
/// the reader may do with it, and how much has been received.
#[component]
fn PaymentsPanel(deal: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let rows = RwSignal::new(None::<Result<Vec<Milestone>, AppError>>);
    leptos::task::spawn_local(async move { rows.set(Some(deal_milestones(deal).await)) });
    let replace = move |m: Milestone| {
        rows.update(|r| {
            if let Some(Ok(list)) = r {
                if let Some(slot) = list.iter_mut().find(|x| x.id == m.id) {
                    *slot = m;
                }
            }
        })
    };
    view! {
        <div class="space-y-4">
            <p class="text-sm text-slate-600">{move || label(i18n.get_locale(), "payments_manual")}</p>
            {move || rows.get().map(|r| match r {
                Ok(list) if list.is_empty() => view! { <EmptyState message=t_string!(i18n, workspace.payments_none).to_string()/> }.into_any(),
                Ok(list) => {
                    let summary = payment_summary(&list);
                    view! {
                        {summary.map(|(received, total, share)| view! {
                            <div class="rounded-2xl border border-slate-200 bg-white p-4 shadow-sm">
                                <p class="font-medium" data-testid="payments-received">{move || t_string!(i18n, workspace.payments_received, received = received.clone(), total = total.clone()).to_string()}</p>
                                <div class="mt-2 h-2 overflow-hidden rounded-full bg-slate-100" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow=share.to_string()>
                                    <div class="h-full rounded-full bg-emerald-500" style=format!("width: {share}%")></div>
                                </div>
                            </div>
                        })}
                        <ReportLinks years=report_years(&list)/>
                        <ol class="space-y-3">
                            {list.into_iter().map(|m| view! { <MilestoneCard milestone=m on_change=Callback::new(replace)/> }).collect_view()}
                        </ol>
                    }.into_any()
                }
                Err(e) => view! { <p class="text-rose-700" role="alert">{error_words(e)}</p> }.into_any(),
            }).unwrap_or_else(|| view! { <Spinner label=t_string!(i18n, common.loading).to_string()/> }.into_any())}
        </div>
    }
}

/// The financial years this deal's payments fall in, latest first (a
/// payment's day: when it was paid, else when it is due); the report
/// itself covers all the reader's deals.
fn report_years(list: &[Milestone]) -> Vec<domain::payment::FinancialYear> {
    let mut years: Vec<_> = list
        .iter()
        .filter_map(|m| domain::format::parse_iso_day(m.paid_on.as_deref().unwrap_or(&m.due_on)))
        .map(domain::payment::FinancialYear::of)
        .collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    years
}

/// The reader's payment history over all their deals for a financial
/// year, as CSV or PDF (`GET /api/v1/payments/report`, the session's
/// account).
#[component]
fn ReportLinks(years: Vec<domain::payment::FinancialYear>) -> impl IntoView {
    let i18n = use_i18n();
    let Some(first) = years.first().map(|y| y.label()) else {
        return ().into_any();
    };
    let year = RwSignal::new(first);
    // The browser's current year when the deal has payments in it (the
    // server renders the latest; effects run only after hydration).
    let labels: Vec<String> = years.iter().map(|y| y.label()).collect();
    Effect::new(move |_| {
        let current = domain::payment::FinancialYear::of(browser_today()).label();
        if labels.contains(&current) {
            year.set(current);
        }
    });
    let href =
        move |format: &str| format!("/api/v1/payments/report?fy={}&format={format}", year.get());
    view! {
        <div class="flex flex-wrap items-end gap-3 rounded-2xl border border-slate-200 bg-white p-4 shadow-sm" data-testid="payment-report">
            <div>
                <p class="font-medium">{t!(i18n, workspace.report_title)}</p>
                <label for="report-year" class="mt-1 block text-sm text-slate-600">{t!(i18n, workspace.report_year)}</label>
                <select id="report-year" class=INPUT prop:value=move || year.get() on:change=move |ev| year.set(event_target_value(&ev))>
                    {years.iter().map(|y| { let v = y.label(); view! { <option value=v.clone()>{v.clone()}</option> } }).collect_view()}
                </select>
            </div>
            <a class=LINK_BUTTON href=move || href("csv") download data-testid="report-csv">{t!(i18n, workspace.report_csv)}</a>
            <a class=LINK_BUTTON href=move || href("pdf") download data-testid="report-pdf">{t!(i18n, workspace.report_pdf)}</a>
        </div>
    }
    .into_any()
}

/// Received and scheduled totals, formatted, and the received share in
/// percent; `None` for an empty schedule.
fn payment_summary(list: &[Milestone]) -> Option<(String, String, i64)> {
    let currency = &list.first()?.currency;
    let total: i64 = list.iter().map(|m| m.amount).sum();
    let received: i64 = list
        .iter()
        .filter(|m| m.status == "completed")
        .map(|m| m.amount)
        .sum();
    let share = if total > 0 { received * 100 / total } else { 0 };
    Some((
        crate::words::money(received, currency),
        crate::words::money(total, currency),
        share,
    ))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    None,
    MarkPaid,
    Dispute,
    Resolve,
}

#[component]
fn MilestoneCard(milestone: Milestone, on_change: Callback<Milestone>) -> impl IntoView {
    let i18n = use_i18n();
    let text = move |key: &'static str| label(i18n.get_locale(), key);
    let open = RwSignal::new(Open::None);
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let id = milestone.id;
    // One key per transition from this state: a double click or a retry
    // records the payment once (the states never repeat).
    let status = StoredValue::new(milestone.status.clone());
    let send = move |action: MilestoneAction| {
        let event = match action.check(browser_today()) {
            Ok(checked) => checked.event,
            Err(fields) => {
                error.set(Some(AppError::validation(fields)));
                return;
            }
        };
        let key = status.with_value(|s| format!("{}@{s}", event.key()));
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            match milestone_act(id, action, key).await {
                Ok(m) => {
                    open.set(Open::None);
                    on_change.run(m);
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let errors = FormErrors::new(i18n, error.into());
    let amount = crate::words::money(milestone.amount, &milestone.currency);
    let badge = match milestone.status.as_str() {
        "completed" | "resolved" => "bg-emerald-50 text-emerald-800",
        "disputed" => "bg-rose-50 text-rose-800",
        "due" | "marked_paid" => "bg-amber-50 text-amber-800",
        _ => "bg-slate-100 text-slate-700",
    };
    let status_key = status_word(&milestone.status);
    let due = milestone.due_on.clone();
    let late = milestone.days_late;
    let paid = milestone
        .reference
        .clone()
        .map(|r| (r, milestone.paid_on.clone().unwrap_or_default()));
    let note = milestone.note.clone();
    let allowed = milestone.allowed_events.clone();
    let may = move |e: &str| allowed.iter().any(|a| a == e);
    let (can_pay, can_confirm, can_dispute, can_resolve) = (
        may("mark_paid"),
        may("confirm"),
        may("dispute"),
        may("resolve"),
    );
    let reference = RwSignal::new(String::new());
    let paid_on = RwSignal::new(domain::format::iso_day(browser_today()));
    let words = RwSignal::new(String::new());
    let toggle = move |which: Open| {
        error.set(None);
        words.set(String::new());
        open.update(|o| *o = if *o == which { Open::None } else { which });
    };
    view! {
        <li class="rounded-2xl border border-slate-200 bg-white p-4 shadow-sm" data-testid="milestone">
            <div class="flex flex-wrap items-baseline gap-x-3 gap-y-1">
                <h3 class="font-semibold">{format!("{}. {}", milestone.position, milestone.label)}</h3>
                <span class="font-medium" data-testid="milestone-amount">{amount}</span>
                <span class=format!("ml-auto rounded-full px-2.5 py-1 text-xs font-medium {badge}") data-testid="milestone-status">{move || text(status_key)}</span>
            </div>
            <p class="mt-1 text-sm text-slate-600">
                {move || t_string!(i18n, workspace.due_on, date = crate::words::iso_date(i18n.get_locale(), &due)).to_string()}
                {late.map(|n| { let n = u64::from(n); view! { <span class="ml-2 font-medium text-rose-700" data-testid="milestone-late">{move || td_string!(i18n.get_locale(), workspace.days_late, n, count = n).to_string()}</span> } })}
            </p>
            {paid.map(|(reference, day)| view! {
                <p class="mt-1 text-sm text-slate-700" data-testid="milestone-paid">{move || t_string!(i18n, workspace.paid_line, date = crate::words::iso_date(i18n.get_locale(), &day), reference = reference.clone()).to_string()}</p>
            })}
            {note.map(|note| view! { <p class="mt-1 whitespace-pre-line rounded-lg bg-slate-50 px-3 py-2 text-sm text-slate-700" data-testid="milestone-note">{note}</p> })}
            <div class="mt-3 flex flex-wrap gap-2">
                {can_pay.then(|| view! { <button type="button" class=BUTTON data-testid="milestone-mark-paid" on:click=move |_| toggle(Open::MarkPaid)>{move || text("mark_paid")}</button> })}
                {can_confirm.then(|| view! { <button type="button" class=BUTTON data-testid="milestone-confirm" disabled=move || busy.get() on:click=move |_| send(MilestoneAction::Confirm)>{move || text("confirm_receipt")}</button> })}
                {can_dispute.then(|| view! { <button type="button" class=LINK_BUTTON data-testid="milestone-dispute" on:click=move |_| toggle(Open::Dispute)>{move || text("dispute")}</button> })}
                {can_resolve.then(|| view! { <button type="button" class=LINK_BUTTON data-testid="milestone-resolve" on:click=move |_| toggle(Open::Resolve)>{move || text("resolve")}</button> })}
            </div>
            <Show when=move || open.get() == Open::MarkPaid>
                <form class="mt-3 grid gap-3 sm:grid-cols-3" novalidate data-testid="mark-paid-form"
                    on:submit=move |ev| { ev.prevent_default(); send(MilestoneAction::MarkPaid { reference: reference.get_untracked(), paid_on: paid_on.get_untracked() }); }>
                    <div class="space-y-1 sm:col-span-2">
                        <label for=format!("ref-{id}") class=LABEL>{move || text("reference")}</label>
                        <input id=format!("ref-{id}") name="reference" class=INPUT autocomplete="off" prop:value=reference on:input=move |ev| reference.set(event_target_value(&ev))/>
                        <p class="text-sm text-rose-600" role="alert">{errors.field("reference")}</p>
                    </div>
                    <div class="space-y-1">
                        <label for=format!("paid-{id}") class=LABEL>{move || text("paid_on")}</label>
                        <input id=format!("paid-{id}") name="paid_on" type="date" class=INPUT prop:value=paid_on on:input=move |ev| paid_on.set(event_target_value(&ev))/>
                        <p class="text-sm text-rose-600" role="alert">{errors.field("paid_on")}</p>
                    </div>
                    <div class="sm:col-span-3"><button type="submit" class=BUTTON disabled=move || busy.get()>{move || text(if busy.get() { "saving" } else { "save_payment" })}</button></div>
                </form>
            </Show>
            <Show when=move || matches!(open.get(), Open::Dispute | Open::Resolve)>
                <form class="mt-3 space-y-2" novalidate data-testid="milestone-note-form"
                    on:submit=move |ev| {
                        ev.prevent_default();
                        let words = words.get_untracked();
                        send(if open.get_untracked() == Open::Dispute { MilestoneAction::Dispute { reason: words } } else { MilestoneAction::Resolve { note: words } });
                    }>
                    <label for=format!("note-{id}") class=LABEL>{move || text(if open.get() == Open::Dispute { "dispute_reason" } else { "resolve_note" })}</label>
                    <textarea id=format!("note-{id}") name="note" rows="3" class=INPUT prop:value=words on:input=move |ev| words.set(event_target_value(&ev))></textarea>
                    <p class="text-sm text-rose-600" role="alert">{errors.field("reason")}{errors.field("note")}</p>
                    <button type="submit" class=BUTTON disabled=move || busy.get()>{move || text(if open.get() == Open::Dispute { "send_dispute" } else { "send_resolve" })}</button>
                </form>
            </Show>
            <p class="mt-2 text-sm text-rose-700" role="alert">{errors.general()}</p>
        </li>
    }
}

/// The word for a milestone's state.
fn status_word(status: &str) -> &'static str {
    match status {
        "due" => "status_due",
        "marked_paid" => "status_marked_paid",
        "completed" => "status_completed",
        "disputed" => "status_disputed",
        "resolved" => "status_resolved",
        _ => "status_scheduled",
    }
}

/// The workspace's fixed words by key (the form builds its fields from a
/// table of them).
pub(super) fn label(locale: Locale, key: &str) -> &'static str {
    match key {
        "deliverables" => td_string!(locale, workspace.deliverables),
        "platform" => td_string!(locale, workspace.platform),
        "other" => td_string!(locale, workspace.other),
        "format" => td_string!(locale, workspace.format),
        "quantity" => td_string!(locale, workspace.quantity),
        "due" => td_string!(locale, workspace.due),
        "remove" => td_string!(locale, workspace.remove),
        "add_deliverable" => td_string!(locale, workspace.add_deliverable),
        "draft_due" => td_string!(locale, workspace.draft_due),
        "review_days" => td_string!(locale, workspace.review_days),
        "revision_rounds" => td_string!(locale, workspace.revision_rounds),
        "usage_channels" => td_string!(locale, workspace.usage_channels),
        "usage_months" => td_string!(locale, workspace.usage_months),
        "territory" => td_string!(locale, workspace.territory),
        "paid_usage" => td_string!(locale, workspace.paid_usage),
        "exclusivity_category" => td_string!(locale, workspace.exclusivity_category),
        "exclusivity_days" => td_string!(locale, workspace.exclusivity_days),
        "kill_fee_percent" => td_string!(locale, workspace.kill_fee_percent),
        "jurisdiction" => td_string!(locale, workspace.jurisdiction),
        "milestones" => td_string!(locale, workspace.milestones),
        "payment" => td_string!(locale, workspace.payment),
        "percent" => td_string!(locale, workspace.percent),
        "add_milestone" => td_string!(locale, workspace.add_milestone),
        "generate" => td_string!(locale, workspace.generate),
        "generating" => td_string!(locale, workspace.generating),
        "propose" => td_string!(locale, workspace.propose),
        "proposing" => td_string!(locale, workspace.proposing),
        "cancel" => td_string!(locale, workspace.cancel),
        "change" => td_string!(locale, workspace.change),
        "accepted_brand" => td_string!(locale, workspace.accepted_brand),
        "waiting_brand" => td_string!(locale, workspace.waiting_brand),
        "accepted_creator" => td_string!(locale, workspace.accepted_creator),
        "waiting_creator" => td_string!(locale, workspace.waiting_creator),
        "reference_tab" => td_string!(locale, workspace.reference_tab),
        "fingerprint" => td_string!(locale, workspace.fingerprint),
        "you_accepted" => td_string!(locale, workspace.you_accepted),
        "history" => td_string!(locale, workspace.history),
        "full_name" => td_string!(locale, workspace.full_name),
        "consent" => td_string!(locale, workspace.consent),
        "accepting" => td_string!(locale, workspace.accepting),
        "accept" => td_string!(locale, workspace.accept),
        "pdf_download" => td_string!(locale, workspace.pdf_download),
        "pdf_preparing" => td_string!(locale, workspace.pdf_preparing),
        "pdf_fingerprint" => td_string!(locale, workspace.pdf_fingerprint),
        "payments_manual" => td_string!(locale, workspace.payments_manual),
        "status_scheduled" => td_string!(locale, workspace.status_scheduled),
        "status_due" => td_string!(locale, workspace.status_due),
        "status_marked_paid" => td_string!(locale, workspace.status_marked_paid),
        "status_completed" => td_string!(locale, workspace.status_completed),
        "status_disputed" => td_string!(locale, workspace.status_disputed),
        "status_resolved" => td_string!(locale, workspace.status_resolved),
        "mark_paid" => td_string!(locale, workspace.mark_paid),
        "confirm_receipt" => td_string!(locale, workspace.confirm_receipt),
        "dispute" => td_string!(locale, workspace.dispute),
        "resolve" => td_string!(locale, workspace.resolve),
        "reference" => td_string!(locale, workspace.reference),
        "paid_on" => td_string!(locale, workspace.paid_on),
        "save_payment" => td_string!(locale, workspace.save_payment),
        "saving" => td_string!(locale, workspace.saving),
        "dispute_reason" => td_string!(locale, workspace.dispute_reason),
        "resolve_note" => td_string!(locale, workspace.resolve_note),
        "send_dispute" => td_string!(locale, workspace.send_dispute),
        "send_resolve" => td_string!(locale, workspace.send_resolve),
        "d_pending" => td_string!(locale, workspace.d_pending),
        "d_in_review" => td_string!(locale, workspace.d_in_review),
        "d_changes_requested" => td_string!(locale, workspace.d_changes_requested),
        "d_approved" => td_string!(locale, workspace.d_approved),
        "d_live" => td_string!(locale, workspace.d_live),
        "live_post" => td_string!(locale, workspace.live_post),
        "submit_draft" => td_string!(locale, workspace.submit_draft),
        "submit_live" => td_string!(locale, workspace.submit_live),
        "draft_link" => td_string!(locale, workspace.draft_link),
        "live_link" => td_string!(locale, workspace.live_link),
        "draft_file" => td_string!(locale, workspace.draft_file),
        "submission_note" => td_string!(locale, workspace.submission_note),
        "send" => td_string!(locale, workspace.send),
        "sending" => td_string!(locale, workspace.sending),
        "approve" => td_string!(locale, workspace.approve),
        "request_changes" => td_string!(locale, workspace.request_changes),
        "changes_note" => td_string!(locale, workspace.changes_note),
        "open_link" => td_string!(locale, workspace.open_link),
        "download_file" => td_string!(locale, workspace.download_file),
        "waiting_review" => td_string!(locale, workspace.waiting_review),
        "waiting_for_creator" => td_string!(locale, workspace.waiting_for_creator),
        _ => "",
    }
}
