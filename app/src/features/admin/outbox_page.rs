//! `/admin/outbox`: every e-mail the platform queued, newest first, as its
//! recipient gets it: the HTML part in a sandboxed frame, the plain part,
//! the headers, and for mail not delivered yet its attempts and last error.
//! Without an SMTP server this is where mail is read.

use super::api::outbox;
use super::{OutboxMail, OutboxPage};
use crate::components::{AppShell, EmptyState, Protected, Spinner, INPUT, LABEL};
use crate::features::auth::User;
use crate::features::dashboard::short_date;
use crate::i18n::*;
use domain::mail::{MailStatus, OutboxForm};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn MailOutboxPage() -> impl IntoView {
    view! { <Protected view=|user| view! { <Outbox user/> }.into_any()/> }
}

type I18n = leptos_i18n::I18nContext<Locale>;

fn status_label(i18n: I18n, key: &str) -> String {
    match key {
        "queued" => t_string!(i18n, admin.mail_queued),
        "sent" => t_string!(i18n, admin.mail_sent),
        "kept" => t_string!(i18n, admin.mail_kept),
        _ => t_string!(i18n, admin.mail_failed),
    }
    .to_string()
}

fn kind_label(i18n: I18n, key: &str) -> String {
    match key {
        "password_reset" => t_string!(i18n, admin.kind_password_reset).to_string(),
        "verify_email" => t_string!(i18n, admin.kind_verify_email).to_string(),
        "notification" => t_string!(i18n, admin.kind_notification).to_string(),
        other => other.replace('_', " "),
    }
}

#[component]
fn Outbox(user: User) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let form = Memo::new(move |_| {
        let q = query.read();
        let get = |k: &str| q.get(k).filter(|v| !v.is_empty());
        OutboxForm {
            to: get("to"),
            status: get("status"),
            before_id: get("before_id"),
        }
    });
    let page = Resource::new(move || form.get(), outbox);
    view! {
        <Title text=move || t_string!(i18n, admin.outbox_title).to_string()/>
        <AppShell user=user>
            <h1 class="text-2xl font-semibold tracking-tight">{t!(i18n, admin.outbox_title)}</h1>
            <p class="mt-1 text-sm text-slate-600">{t!(i18n, admin.outbox_intro)}</p>
            <form method="get" action="/admin/outbox" class="mt-4 grid gap-3 rounded-2xl border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-3" data-testid="outbox-filters">
                <label class=LABEL>{t!(i18n, admin.mail_to)}
                    <input type="search" name="to" class=format!("mt-1 {INPUT}") prop:value=move || form.with(|f| f.to.clone().unwrap_or_default())/>
                </label>
                <label class=LABEL>{t!(i18n, admin.filter_status)}
                    <select name="status" class=format!("mt-1 {INPUT}") prop:value=move || form.with(|f| f.status.clone().unwrap_or_default())>
                        <option value="">{t!(i18n, admin.all)}</option>
                        {MailStatus::ALL.into_iter().map(|s| view! { <option value=s.key()>{move || status_label(i18n, s.key())}</option> }).collect_view()}
                    </select>
                </label>
                <div class="flex items-end">
                    <button type="submit" class="rounded-lg border border-slate-300 px-4 py-2 font-medium hover:bg-slate-50">{t!(i18n, admin.apply)}</button>
                </div>
            </form>
            <Transition fallback=move || view! { <div class="py-8"><Spinner label=t_string!(i18n, common.loading).to_string()/></div> }>
                {move || page.get().map(|result| {
                    let more = result.as_ref().ok().and_then(|p| p.next_before_id).map(|next| {
                        let f = form.get();
                        let mut pairs = vec![format!("before_id={next}")];
                        for (k, v) in [("to", f.to), ("status", f.status)] {
                            if let Some(v) = v { pairs.push(format!("{k}={}", domain::oauth::encode_component(&v))); }
                        }
                        format!("/admin/outbox?{}", pairs.join("&"))
                    });
                    view! { <Mails page=result more/> }
                })}
            </Transition>
        </AppShell>
    }
}

#[component]
fn Mails(page: Result<OutboxPage, crate::AppError>, more: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    match page {
        Err(e) => view! { <p class="mt-4 text-rose-700" role="alert">{crate::components::error_words(e)}</p> }.into_any(),
        Ok(p) if p.items.is_empty() => view! { <div class="mt-4"><EmptyState message=t_string!(i18n, admin.outbox_empty).to_string()/></div> }.into_any(),
        Ok(p) => view! {
            <ul class="mt-4 space-y-3">
                {p.items.into_iter().map(|m| view! { <Mail mail=m/> }).collect_view()}
            </ul>
            {more.map(|href| view! { <a href=href class="mt-4 inline-block rounded-lg border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50">{t!(i18n, admin.older)}</a> })}
        }.into_any(),
    }
}

#[component]
fn Mail(mail: OutboxMail) -> impl IntoView {
    let i18n = use_i18n();
    let m = mail;
    let status = m.status.clone();
    let badge = match m.status.as_str() {
        "sent" => "bg-emerald-50 text-emerald-800",
        "kept" => "bg-sky-50 text-sky-800",
        "queued" => "bg-amber-50 text-amber-900",
        _ => "bg-rose-50 text-rose-800",
    };
    let kind = m.kind.clone();
    let created = m.created_at;
    let attempts = m.attempts;
    let headers = m
        .headers
        .iter()
        .map(|h| format!("{}: {}", h.name, h.value))
        .collect::<Vec<_>>()
        .join("\n");
    view! {
        <li class="rounded-2xl border border-slate-200 bg-white shadow-sm" data-testid="mail" data-status=m.status.clone() data-kind=m.kind.clone()>
            <details>
                <summary class="flex cursor-pointer flex-wrap items-center gap-x-3 gap-y-1 p-4">
                    <span class="min-w-0 flex-1 font-medium" translate="no" data-testid="mail-subject">{m.subject.clone().unwrap_or_else(|| kind.clone())}</span>
                    <span class=format!("rounded-full px-2 py-0.5 text-xs {badge}") data-testid="mail-status">{move || status_label(i18n, &status)}</span>
                    <span class="w-full text-sm text-slate-600 sm:w-auto">
                        <span translate="no">{m.to_address.clone()}</span>" · "{move || kind_label(i18n, &kind)}" · "{move || short_date(i18n, created)}
                    </span>
                </summary>
                <div class="space-y-4 border-t border-slate-100 p-4">
                    {(m.attempts > 0 && m.status != "sent" && m.status != "kept").then(|| view! {
                        <p class="text-sm text-slate-700">{move || t_string!(i18n, admin.mail_attempts, count = attempts).to_string()}</p>
                    })}
                    {m.last_error.clone().map(|e| view! {
                        <div class="rounded-lg border border-rose-200 bg-rose-50 p-3 text-sm text-rose-900">
                            <p class="font-medium">{t!(i18n, admin.mail_last_error)}</p>
                            <p class="mt-1 break-words" translate="no">{e}</p>
                        </div>
                    })}
                    <section>
                        <h3 class="text-sm font-medium text-slate-700">{t!(i18n, admin.mail_headers)}</h3>
                        <pre class="mt-1 overflow-x-auto whitespace-pre-wrap break-all rounded-lg bg-slate-50 p-3 text-xs" translate="no" data-testid="mail-headers">{headers}</pre>
                    </section>
                    {match (m.html_body.clone(), m.text_body.clone()) {
                        (Some(html), Some(text)) => view! {
                            <section>
                                <h3 class="text-sm font-medium text-slate-700">{t!(i18n, admin.mail_as_received)}</h3>
                                // No scripts, forms or same-origin access: the frame only shows.
                                <iframe sandbox="" srcdoc=html class="mt-1 h-96 w-full rounded-lg border border-slate-200 bg-white" title=move || t_string!(i18n, admin.mail_as_received).to_string() data-testid="mail-html"></iframe>
                            </section>
                            <section>
                                <h3 class="text-sm font-medium text-slate-700">{t!(i18n, admin.mail_plain)}</h3>
                                <pre class="mt-1 overflow-x-auto whitespace-pre-wrap break-words rounded-lg bg-slate-50 p-3 text-sm" translate="no" data-testid="mail-text">{text}</pre>
                            </section>
                        }.into_any(),
                        _ => view! { <p class="text-sm text-slate-600">{t!(i18n, admin.mail_not_rendered)}</p> }.into_any(),
                    }}
                </div>
            </details>
        </li>
    }
}
