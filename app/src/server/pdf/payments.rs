//! A payment history report as a PDF: the year, one table row per
//! milestone, the totals per currency, "page n of m" in the reader's
//! language.

use super::{Fonts, Layout, Style};
use crate::server::payment_report::Report;
use crate::words::money;
use domain::payment_report::{period, status_word, words};
use domain::{contract_text, format, Language};

pub fn render(
    fonts: &Fonts,
    report: &Report,
    name: &str,
    language: Language,
) -> Result<Vec<u8>, String> {
    let title = format!("{} {}", words(language).title, report.year.label());
    lay_out(fonts, report, name, language).finish(&title, language.code(), |page, pages| {
        format!(
            "MAT-CHA · {} · {}",
            report.year.label(),
            contract_text::page_of(language, page, pages)
        )
    })
}

fn lay_out<'f>(fonts: &'f Fonts, report: &Report, name: &str, language: Language) -> Layout<'f> {
    let w = words(language);
    let day = |d: time::Date| format::date(d, language, true);
    let mut layout = Layout::new(fonts);
    layout.paragraph(w.title, Style::new(18.0).bold());
    layout.paragraph(&period(language, report.year), Style::new(10.5).gray(60));
    layout.paragraph(
        &w.made_for
            .replace("{name}", name)
            .replace("{date}", &day(report.made_on)),
        Style::new(9.5).gray(100),
    );
    layout.space(6.0);
    layout.rule(200);
    layout.space(8.0);
    if report.rows.is_empty() {
        layout.paragraph(w.empty, Style::new(10.5));
    } else {
        let header: Vec<String> = [
            w.deal,
            w.counterparty,
            w.milestone,
            w.amount,
            w.due,
            w.paid,
            w.reference,
            w.late,
            w.status,
        ]
        .map(str::to_owned)
        .to_vec();
        let rows: Vec<Vec<String>> = report
            .rows
            .iter()
            .map(|r| {
                vec![
                    r.deal.clone(),
                    if r.counterparty.is_empty() {
                        w.deleted_user.to_owned()
                    } else {
                        r.counterparty.clone()
                    },
                    r.milestone.clone(),
                    money(r.amount, &r.currency),
                    day(r.due_on),
                    r.paid_on.map(day).unwrap_or_default(),
                    r.reference.clone().unwrap_or_default(),
                    r.days_late
                        .map(|n| w.days.replace("{n}", &n.to_string()))
                        .unwrap_or_default(),
                    status_word(language, r.status).to_owned(),
                ]
            })
            .collect();
        layout.table(
            &header,
            &rows,
            &[1.5, 1.2, 1.2, 1.1, 1.0, 1.0, 1.3, 0.7, 1.2],
            Style::new(7.5),
        );
    }
    layout.space(14.0);
    layout.paragraph(w.totals, Style::new(12.0).bold());
    layout.space(3.0);
    let header: Vec<String> = [w.currency, w.count, w.amount, w.received, w.outstanding]
        .map(str::to_owned)
        .to_vec();
    let rows: Vec<Vec<String>> = report
        .totals
        .iter()
        .map(|t| {
            vec![
                t.currency.clone(),
                format::count(u64::from(t.milestones)),
                money(t.amount, &t.currency),
                money(t.received, &t.currency),
                money(t.outstanding, &t.currency),
            ]
        })
        .collect();
    layout.table(&header, &rows, &[1.0; 5], Style::new(9.5));
    layout
}

/// A report of `rows` milestones in every state, for the tests and
/// `server bench payment-report`.
#[doc(hidden)]
pub fn sample(rows: usize) -> Report {
    use domain::payment::{FinancialYear, MilestoneStatus};
    use domain::payment_report::{totals, Row};
    use time::macros::date;
    let rows: Vec<Row> = (0..rows)
        .map(|i| Row {
            deal_id: uuid::Uuid::nil(),
            deal: format!("दिवाली रील {i}"),
            counterparty: if i % 7 == 3 {
                String::new()
            } else {
                "மீனா O'Brien".into()
            },
            milestone: "On signing".into(),
            amount: 1_234_567,
            currency: "INR".into(),
            status: MilestoneStatus::ALL[i % 6],
            due_on: date!(2026 - 12 - 05),
            paid_on: (i % 2 == 0).then_some(date!(2026 - 12 - 07)),
            reference: Some(format!("UTR 4123456789{i:02}")),
            days_late: Some(2),
        })
        .collect();
    Report {
        year: FinancialYear::of(date!(2026 - 12 - 07)),
        totals: totals(&rows),
        rows,
        made_on: date!(2026 - 12 - 07),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_renders_in_every_language_and_breaks_pages() {
        let fonts = Fonts::load(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../public/fonts/pdf"),
        )
        .expect("scripts/lib.sh copy_fonts puts the PDF fonts in public/fonts/pdf");
        for language in Language::ALL {
            let layout = lay_out(&fonts, &sample(3), "Ananya", language);
            assert_eq!(layout.missing, 0, "{language:?}");
            assert_eq!(layout.pages.len(), 1);
            let bytes = render(&fonts, &sample(3), "Ananya", language).unwrap();
            assert!(bytes.starts_with(b"%PDF-"));
        }
        assert_eq!(
            lay_out(&fonts, &sample(0), "Ananya", Language::Ta)
                .pages
                .len(),
            1
        );
        assert!(
            lay_out(&fonts, &sample(120), "Ananya", Language::En)
                .pages
                .len()
                > 2
        );
    }
}
