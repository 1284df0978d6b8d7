//! A party's payment history for one financial year (issue 17,
//! requirement 16.5): every milestone of the caller's deals placed in the
//! year by the day it was paid (else its due date), as CSV or as PDF in the
//! caller's language. Scoped to deals the caller is a party to.

use super::AppState;
use crate::error::AppError;
use crate::features::auth::User;
use domain::payment::{FinancialYear, MilestoneStatus};
use domain::payment_report::{self as report, Row, Total};
use domain::Language;
use time::Date;
use uuid::Uuid;

pub struct Report {
    pub year: FinancialYear,
    pub rows: Vec<Row>,
    pub totals: Vec<Total>,
    /// The caller's calendar day it was made on.
    pub made_on: Date,
}

#[derive(sqlx::FromRow)]
struct Stored {
    deal_id: Uuid,
    deal: String,
    counterparty: String,
    milestone: String,
    amount: i64,
    currency: String,
    status: String,
    due_on: Date,
    paid_on: Option<Date>,
    reference: Option<String>,
}

/// The caller's report for `year`, by default the year of the caller's
/// today.
pub async fn build(
    state: &AppState,
    caller: &User,
    year: Option<FinancialYear>,
) -> Result<Report, AppError> {
    let now = state.clock.now();
    let today: Date = sqlx::query_scalar(
        "SELECT ($2::timestamptz AT TIME ZONE time_zone)::date FROM users WHERE id = $1",
    )
    .bind(caller.id)
    .bind(now)
    .fetch_one(&state.pool)
    .await?;
    let year = year.unwrap_or_else(|| FinancialYear::of(today));
    let stored: Vec<Stored> = sqlx::query_as(
        "SELECT m.deal_id, r.title AS deal,
                CASE WHEN w.brand_id = $1 THEN c.display_name ELSE b.display_name END AS counterparty,
                m.label AS milestone, m.amount, m.currency, m.status, m.due_on, m.paid_on,
                m.reference
         FROM milestones m
         JOIN deals d ON d.id = m.deal_id
         JOIN chat_windows w ON w.id = d.window_id
         JOIN collaboration_requests r ON r.id = w.request_id
         JOIN users b ON b.id = w.brand_id
         JOIN users c ON c.id = w.creator_id
         WHERE (w.brand_id = $1 OR w.creator_id = $1)
           AND coalesce(m.paid_on, m.due_on) BETWEEN $2 AND $3
         ORDER BY coalesce(m.paid_on, m.due_on), r.title, m.deal_id, m.position",
    )
    .bind(caller.id)
    .bind(year.first_day())
    .bind(year.last_day())
    .fetch_all(&state.pool)
    .await?;
    let rows: Vec<Row> = stored
        .into_iter()
        .map(|s| {
            let status = MilestoneStatus::from_key(&s.status).unwrap_or(MilestoneStatus::Scheduled);
            Row {
                days_late: report::days_late(status, s.due_on, s.paid_on, today),
                deal_id: s.deal_id,
                deal: s.deal,
                counterparty: s.counterparty,
                milestone: s.milestone,
                amount: s.amount,
                currency: s.currency.to_uppercase(),
                status,
                due_on: s.due_on,
                paid_on: s.paid_on,
                reference: s.reference,
            }
        })
        .collect();
    let totals = report::totals(&rows);
    Ok(Report {
        year,
        rows,
        totals,
        made_on: today,
    })
}

/// The report as CSV; a deleted counterparty named in `language`.
pub fn csv(report: &Report, language: Language) -> String {
    report::csv(
        &report.rows,
        &report.totals,
        report::words(language).deleted_user,
    )
}

/// The report as a PDF in `language` (typeset off the async workers).
pub async fn pdf(
    state: &AppState,
    caller: &User,
    report: Report,
    language: Language,
) -> Result<Vec<u8>, AppError> {
    let source = state.pdf_fonts.clone();
    let name = caller.display_name.clone();
    tokio::task::spawn_blocking(move || {
        let fonts = source.fonts().map_err(|e| e.message.clone())?;
        super::pdf::payments::render(fonts, &report, &name, language)
    })
    .await
    .map_err(|_| AppError::internal())?
    .map_err(|e| {
        tracing::error!(error = %e, "could not render a payment report");
        AppError::internal()
    })
}
