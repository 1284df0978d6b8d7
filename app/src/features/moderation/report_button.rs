//! "Report": a small form under an item (reason and an optional note) that
//! files a report and thanks the reporter.

use super::api::FileReport;
use crate::components::{error_line, FormValues, BUTTON, INPUT, LABEL};
use crate::error::ErrorCode;
use crate::features::auth::messages::FormErrors;
use crate::i18n::*;
use domain::moderation::report::ReportReason;
use leptos::prelude::*;

/// Reports `target_type` `target_id` (see `POST /api/v1/reports`).
#[component]
pub fn ReportButton(target_type: &'static str, #[prop(into)] target_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let send = ServerAction::<FileReport>::new();
    let errors = FormErrors::new(
        i18n,
        Signal::derive(move || {
            send.value()
                .get()
                .and_then(Result::err)
                .filter(|e| e.code != ErrorCode::Conflict)
        }),
    );
    let done = move || match send.value().get() {
        Some(Ok(_)) => Some(t_string!(i18n, moderation.report_thanks).to_string()),
        Some(Err(e)) if e.code == ErrorCode::Conflict => {
            Some(t_string!(i18n, moderation.report_already).to_string())
        }
        _ => None,
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Some(v) = FormValues::from_submit(&ev) else {
            return;
        };
        let note = v.one("note");
        send.dispatch(FileReport {
            target_type: target_type.to_owned(),
            target_id: target_id.clone(),
            reason: v.one("reason"),
            note: (!note.trim().is_empty()).then_some(note),
        });
    };
    view! {
        <div class="mt-3 text-sm" data-testid="report">
            {move || match done() {
                Some(text) => view! { <p class="text-slate-600" role="status" data-testid="report-done">{text}</p> }.into_any(),
                None if !open.get() => view! {
                    <button type="button" class="text-slate-500 underline hover:text-rose-700" on:click=move |_| open.set(true)>
                        {move || if target_type == "account" {
                            t_string!(i18n, moderation.report_account)
                        } else {
                            t_string!(i18n, moderation.report)
                        }}
                    </button>
                }.into_any(),
                None => view! {
                    <form on:submit=on_submit.clone() class="space-y-2 rounded-xl border border-slate-200 bg-white p-3" novalidate=true>
                        <label class=LABEL>{t!(i18n, moderation.report_reason)}
                            <select name="reason" class=format!("mt-1 {INPUT}")>
                                {ReportReason::ALL.into_iter().map(|r| view! { <option value=r.key()>{move || crate::words::report_reason(i18n.get_locale(), r.key())}</option> }).collect_view()}
                            </select>
                        </label>
                        {error_line(errors.field("reason"))}
                        <label class=LABEL>{t!(i18n, moderation.report_note)}
                            <textarea name="note" rows="2" class=format!("mt-1 {INPUT}")></textarea>
                        </label>
                        {error_line(errors.field("note"))}
                        {error_line(errors.general())}
                        <div class="flex gap-2">
                            <button type="submit" class=BUTTON disabled=move || send.pending().get()>{t!(i18n, moderation.report_send)}</button>
                            <button type="button" class="rounded-lg px-3 py-2 text-slate-700 hover:bg-slate-100" on:click=move |_| open.set(false)>{t!(i18n, common.cancel)}</button>
                        </div>
                    </form>
                }.into_any(),
            }}
        </div>
    }
}
