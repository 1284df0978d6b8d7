//! The Deliverables tab: each line of the final contract with its drafts.
//! The creator sends a draft (a link, or a file up to 20 MB) and, once it
//! is approved, the live post's link; the brand approves or asks for
//! changes, saying what, within the agreed revision rounds.

use super::api::{deal_deliverables, review_submission};
use super::page::label;
use super::{Deliverable, Submission};
use crate::components::{error_words, EmptyState, FormValues, Spinner, BUTTON, INPUT, LABEL};
use crate::error::AppError;
use crate::features::auth::messages::FormErrors;
use crate::i18n::*;
use domain::deliverable::{
    DeliverableStatus, ReviewForm, SubmissionForm, SubmissionKind, MAX_DRAFT_BYTES,
};
use leptos::prelude::*;
use uuid::Uuid;

#[component]
pub fn DeliverablesPanel(deal: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let rows = RwSignal::new(None::<Result<Vec<Deliverable>, AppError>>);
    leptos::task::spawn_local(async move { rows.set(Some(deal_deliverables(deal).await)) });
    let replace = Callback::new(move |d: Deliverable| {
        rows.update(|r| {
            if let Some(Ok(list)) = r {
                if let Some(slot) = list.iter_mut().find(|x| x.id == d.id) {
                    *slot = d;
                }
            }
        })
    });
    view! {
        {move || rows.get().map(|r| match r {
            Ok(list) if list.is_empty() => view! { <EmptyState message=t_string!(i18n, workspace.deliverables_none).to_string()/> }.into_any(),
            Ok(list) => view! {
                <ol class="space-y-4">
                    {list.into_iter().map(|d| view! { <DeliverableCard deliverable=d on_change=replace/> }).collect_view()}
                </ol>
            }.into_any(),
            Err(e) => view! { <p class="text-rose-700" role="alert">{error_words(e)}</p> }.into_any(),
        }).unwrap_or_else(|| view! { <Spinner label=t_string!(i18n, common.loading).to_string()/> }.into_any())}
    }
}

/// "1. Instagram · Reel × 2".
fn title_of(d: &Deliverable) -> String {
    let what = domain::deliverable::label(&d.platform, &d.format, d.quantity);
    format!("{}. {what}", d.position)
}

fn status_key(status: &str) -> &'static str {
    match DeliverableStatus::from_key(status) {
        Some(DeliverableStatus::InReview) => "d_in_review",
        Some(DeliverableStatus::ChangesRequested) => "d_changes_requested",
        Some(DeliverableStatus::Approved) => "d_approved",
        Some(DeliverableStatus::Live) => "d_live",
        _ => "d_pending",
    }
}

#[component]
fn DeliverableCard(deliverable: Deliverable, on_change: Callback<Deliverable>) -> impl IntoView {
    let i18n = use_i18n();
    let text = move |key: &'static str| label(i18n.get_locale(), key);
    let d = deliverable;
    let badge = match d.status.as_str() {
        "live" | "approved" => "bg-emerald-50 text-emerald-800",
        "changes_requested" => "bg-rose-50 text-rose-800",
        "in_review" => "bg-amber-50 text-amber-800",
        _ => "bg-slate-100 text-slate-700",
    };
    let state = status_key(&d.status);
    let (draft_due, due) = (d.draft_due_on.clone(), d.due_on.clone());
    let (used, agreed) = (d.rounds_used.to_string(), d.rounds_agreed.to_string());
    let may = |a: &str| d.allowed_actions.iter().any(|x| x == a);
    let next = if may("submit_live") {
        Some(SubmissionKind::Live)
    } else if may("submit_draft") {
        Some(SubmissionKind::Draft)
    } else {
        None
    };
    let reviewing = may("review");
    // Whom the deliverable waits for, when it is not the reader.
    let waiting = match DeliverableStatus::from_key(&d.status).and_then(|s| s.waiting_for()) {
        Some(_) if next.is_some() || reviewing => None,
        Some(domain::Party::Brand) => Some("waiting_review"),
        Some(domain::Party::Creator) => Some("waiting_for_creator"),
        None => None,
    };
    let under_review = d
        .submissions
        .last()
        .filter(|s| s.kind == "draft" && s.decision.is_none())
        .map(|s| s.id);
    let live_url = d.live_url.clone();
    let mut drafts = 0;
    let history: Vec<(String, Submission)> = d
        .submissions
        .iter()
        .cloned()
        .map(|s| {
            let heading = if s.kind == "live" {
                text("live_post").to_owned()
            } else {
                drafts += 1;
                t_string!(i18n, workspace.draft_n, n = drafts).to_string()
            };
            (heading, s)
        })
        .collect();
    let id = d.id;
    view! {
        <li class="rounded-2xl border border-slate-200 bg-white p-4 shadow-sm" data-testid="deliverable">
            <div class="flex flex-wrap items-baseline gap-x-3 gap-y-1">
                <h3 class="font-semibold">{title_of(&d)}</h3>
                <span class=format!("ml-auto rounded-full px-2.5 py-1 text-xs font-medium {badge}") data-testid="deliverable-status">{move || text(state)}</span>
            </div>
            <p class="mt-1 text-sm text-slate-600">
                {move || t_string!(i18n, workspace.draft_due_on, date = crate::words::iso_date(i18n.get_locale(), &draft_due)).to_string()}
                " · "
                {move || t_string!(i18n, workspace.post_due_on, date = crate::words::iso_date(i18n.get_locale(), &due)).to_string()}
                " · "
                <span data-testid="deliverable-rounds">{move || t_string!(i18n, workspace.rounds_used, used = used.clone(), agreed = agreed.clone()).to_string()}</span>
            </p>
            {live_url.map(|url| view! {
                <p class="mt-2 text-sm">
                    <span class="font-medium">{move || text("live_post")}": "</span>
                    <a class="break-all text-emerald-700 hover:underline" href=url.clone() target="_blank" rel="noopener noreferrer" data-testid="deliverable-live">{url.clone()}</a>
                </p>
            })}
            {(!history.is_empty()).then(|| view! {
                <ol class="mt-3 space-y-2 border-l-2 border-slate-100 pl-3">
                    {history.into_iter().map(|(heading, s)| view! { <SubmissionItem heading submission=s/> }).collect_view()}
                </ol>
            })}
            {waiting.map(|key| view! { <p class="mt-3 text-sm text-slate-500" data-testid="deliverable-waiting">{move || text(key)}</p> })}
            {next.map(|kind| view! { <SubmitForm id kind on_change/> })}
            {under_review.filter(|_| reviewing).map(|submission| view! { <ReviewBox submission on_change/> })}
        </li>
    }
}

#[component]
fn SubmissionItem(heading: String, submission: Submission) -> impl IntoView {
    let i18n = use_i18n();
    let text = move |key: &'static str| label(i18n.get_locale(), key);
    let s = submission;
    let day = domain::format::iso_day(s.submitted_at.date());
    let file = s
        .file_type
        .is_some()
        .then(|| format!("/api/v1/submissions/{}/file", s.id));
    let decision = s.decision.as_deref().map(|d| {
        if d == "approve" {
            ("bg-emerald-50 text-emerald-800", "d_approved")
        } else {
            ("bg-rose-50 text-rose-800", "d_changes_requested")
        }
    });
    view! {
        <li class="text-sm" data-testid="submission">
            <p class="flex flex-wrap items-center gap-x-2">
                <span class="font-medium">{heading}</span>
                <span class="text-slate-500">{move || crate::words::iso_date(i18n.get_locale(), &day)}</span>
                {s.url.clone().map(|url| view! { <a class="text-emerald-700 hover:underline" href=url target="_blank" rel="noopener noreferrer">{move || text("open_link")}</a> })}
                {file.map(|href| view! { <a class="text-emerald-700 hover:underline" href=href download data-testid="submission-file">{move || text("download_file")}</a> })}
                {decision.map(|(class, key)| view! { <span class=format!("rounded-full px-2 py-0.5 text-xs font-medium {class}") data-testid="submission-decision">{move || text(key)}</span> })}
            </p>
            {s.note.map(|note| view! { <p class="mt-1 whitespace-pre-line text-slate-700">{note}</p> })}
            {s.review_note.map(|note| view! { <p class="mt-1 whitespace-pre-line rounded-lg bg-slate-50 px-3 py-2 text-slate-700" data-testid="review-note">{note}</p> })}
        </li>
    }
}

/// The creator's form: a draft (a link or a file, and a note) or the live
/// post's link. Checked here as the service checks it, then posted with
/// its file to the session's upload route.
#[component]
fn SubmitForm(id: Uuid, kind: SubmissionKind, on_change: Callback<Deliverable>) -> impl IntoView {
    let i18n = use_i18n();
    let text = move |key: &'static str| label(i18n.get_locale(), key);
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let errors = FormErrors::new(i18n, error.into());
    let draft = kind == SubmissionKind::Draft;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Some(values) = FormValues::from_submit(&ev) else {
            return;
        };
        let form = SubmissionForm {
            url: values.one("url"),
            note: values.one("note"),
        };
        let size = values.file_size("file");
        let mut problems = form.parse(kind, size.is_some()).err().unwrap_or_default();
        if size.is_some_and(|n| n > MAX_DRAFT_BYTES as f64) {
            problems.push(domain::deliverable::too_large());
        }
        if !problems.is_empty() {
            error.set(Some(AppError::validation(problems)));
            return;
        }
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            #[derive(serde::Deserialize)]
            struct Made {
                deliverable: Deliverable,
            }
            let sent = values
                .post(&format!("/app/deliverables/{id}/submissions"))
                .await
                .and_then(|body| {
                    serde_json::from_str::<Made>(&body).map_err(|_| AppError::internal())
                });
            busy.set(false);
            match sent {
                Ok(made) => on_change.run(made.deliverable),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let field = move |name: &str| format!("{name}-{id}");
    view! {
        <form class="mt-4 space-y-3 rounded-xl bg-slate-50 p-4" novalidate on:submit=on_submit data-testid="submission-form">
            <p class="font-medium">{move || text(if draft { "submit_draft" } else { "submit_live" })}</p>
            <div class="space-y-1">
                <label for=field("url") class=LABEL>{move || text(if draft { "draft_link" } else { "live_link" })}</label>
                <input id=field("url") name="url" type="url" inputmode="url" placeholder="https://" class=INPUT autocomplete="off"/>
                <p class="text-sm text-rose-600" role="alert">{errors.field("url")}</p>
            </div>
            {draft.then(|| view! {
                <div class="space-y-1">
                    <label for=field("file") class=LABEL>{move || text("draft_file")}</label>
                    <input id=field("file") name="file" type="file" accept="image/*,video/mp4,video/quicktime,video/webm,application/pdf" class="block w-full text-sm"/>
                    <p class="text-sm text-rose-600" role="alert">{errors.field("file")}</p>
                </div>
                <div class="space-y-1">
                    <label for=field("note") class=LABEL>{move || text("submission_note")}</label>
                    <textarea id=field("note") name="note" rows="2" class=INPUT></textarea>
                    <p class="text-sm text-rose-600" role="alert">{errors.field("note")}</p>
                </div>
            })}
            <p class="text-sm text-rose-700" role="alert">{errors.general()}</p>
            <button type="submit" class=BUTTON disabled=move || busy.get()>{move || text(if busy.get() { "sending" } else { "send" })}</button>
        </form>
    }
}

/// The brand's answer to the draft under review.
#[component]
fn ReviewBox(submission: Uuid, on_change: Callback<Deliverable>) -> impl IntoView {
    let i18n = use_i18n();
    let text = move |key: &'static str| label(i18n.get_locale(), key);
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let asking = RwSignal::new(false);
    let note = RwSignal::new(String::new());
    let errors = FormErrors::new(i18n, error.into());
    let send = move |decision: &'static str| {
        let form = ReviewForm {
            decision: decision.to_owned(),
            note: note.get_untracked(),
        };
        if let Err(fields) = form.parse() {
            error.set(Some(AppError::validation(fields)));
            return;
        }
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            match review_submission(submission, form).await {
                Ok(d) => on_change.run(d),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <div class="mt-4 space-y-3" data-testid="review-box">
            <div class="flex flex-wrap gap-2">
                <button type="button" class=BUTTON data-testid="review-approve" disabled=move || busy.get() on:click=move |_| send("approve")>{move || text("approve")}</button>
                <button type="button" class="inline-flex items-center rounded-lg border border-slate-300 bg-white px-4 py-2 font-medium text-slate-800 shadow-sm hover:bg-slate-50" data-testid="review-changes"
                    on:click=move |_| { error.set(None); asking.update(|a| *a = !*a); }>{move || text("request_changes")}</button>
            </div>
            <Show when=move || asking.get()>
                <form class="space-y-2" novalidate on:submit=move |ev| { ev.prevent_default(); send("request_changes"); }>
                    <label for=format!("changes-{submission}") class=LABEL>{move || text("changes_note")}</label>
                    <textarea id=format!("changes-{submission}") name="note" rows="3" class=INPUT prop:value=note on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                    <p class="text-sm text-rose-600" role="alert">{errors.field("note")}</p>
                    <button type="submit" class=BUTTON disabled=move || busy.get()>{move || text(if busy.get() { "sending" } else { "send" })}</button>
                </form>
            </Show>
            <p class="text-sm text-rose-700" role="alert">{errors.general()}</p>
        </div>
    }
}
