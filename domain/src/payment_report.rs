//! The payment history of one party for one Indian financial year (issue
//! 17, requirement 16.5): every milestone of their deals whose day falls in
//! the year (the day it was paid, or its due date while unpaid), its
//! lateness, and totals per currency; as CSV (stable English column keys,
//! ISO dates and plain numbers, for spreadsheets and accounting tools) and
//! in words for the PDF in the reader's language.

use crate::format;
use crate::payment::{FinancialYear, MilestoneStatus};
use crate::Language;
use time::Date;
use uuid::Uuid;

/// One milestone on the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub deal_id: Uuid,
    /// The request the deal came from.
    pub deal: String,
    /// The other party's name; blank for a deleted account.
    pub counterparty: String,
    pub milestone: String,
    /// Whole units of `currency`.
    pub amount: i64,
    pub currency: String,
    pub status: MilestoneStatus,
    pub due_on: Date,
    pub paid_on: Option<Date>,
    pub reference: Option<String>,
    /// Days after the due date it was paid, or, unpaid, days it is late in
    /// the reader's today; `None` when on time or not due yet.
    pub days_late: Option<u32>,
}

/// The day that places a milestone in a year: when it was paid, else when
/// it is due.
pub fn report_day(due_on: Date, paid_on: Option<Date>) -> Date {
    paid_on.unwrap_or(due_on)
}

/// Lateness as the report shows it (see [`Row::days_late`]).
pub fn days_late(
    status: MilestoneStatus,
    due_on: Date,
    paid_on: Option<Date>,
    today: Date,
) -> Option<u32> {
    let until = match paid_on {
        Some(day) => day,
        None if status.unpaid() => today,
        None => return None,
    };
    let late = (until - due_on).whole_days();
    (late > 0).then(|| u32::try_from(late).unwrap_or(u32::MAX))
}

/// Whether a milestone's money has reached the creator: confirmed by
/// them (as the workspace's "₹X of ₹Y received" counts it).
fn received(status: MilestoneStatus) -> bool {
    status == MilestoneStatus::Completed
}

/// One currency's sums.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Total {
    pub currency: String,
    pub milestones: u32,
    pub amount: i64,
    /// Confirmed by the creator.
    pub received: i64,
    /// `amount - received`.
    pub outstanding: i64,
}

/// Sums per currency, in alphabetical order of the currency code.
pub fn totals(rows: &[Row]) -> Vec<Total> {
    let mut out: Vec<Total> = Vec::new();
    for row in rows {
        let at = match out.iter().position(|t| t.currency == row.currency) {
            Some(at) => at,
            None => {
                out.push(Total {
                    currency: row.currency.clone(),
                    milestones: 0,
                    amount: 0,
                    received: 0,
                    outstanding: 0,
                });
                out.len() - 1
            }
        };
        let total = &mut out[at];
        total.milestones += 1;
        total.amount = total.amount.saturating_add(row.amount);
        if received(row.status) {
            total.received = total.received.saturating_add(row.amount);
        }
        total.outstanding = total.amount - total.received;
    }
    out.sort_by(|a, b| a.currency.cmp(&b.currency));
    out
}

/// The CSV's header, a public contract: add columns at the end, rename none.
pub const CSV_COLUMNS: [&str; 11] = [
    "deal_id",
    "deal",
    "counterparty",
    "milestone",
    "amount",
    "currency",
    "status",
    "due_on",
    "paid_on",
    "reference",
    "days_late",
];

/// A CSV field: quoted when it holds a comma, quote or line break; a text
/// that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab,
/// carriage return first) gets a leading apostrophe.
fn field(raw: &str) -> String {
    let text = if raw.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{raw}")
    } else {
        raw.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// The report as CSV (RFC 4180, CRLF line ends, UTF-8 with a byte-order
/// mark so spreadsheet programs read Indic names right): one line per
/// milestone, then a blank line and the totals per currency with their own
/// header. A deleted counterparty is written as `deleted_name`.
pub fn csv(rows: &[Row], totals: &[Total], deleted_name: &str) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&CSV_COLUMNS.join(","));
    out.push_str("\r\n");
    for r in rows {
        let counterparty = if r.counterparty.is_empty() {
            deleted_name
        } else {
            &r.counterparty
        };
        let cells = [
            r.deal_id.to_string(),
            field(&r.deal),
            field(counterparty),
            field(&r.milestone),
            r.amount.to_string(),
            field(&r.currency),
            r.status.key().to_owned(),
            format::iso_day(r.due_on),
            r.paid_on.map(format::iso_day).unwrap_or_default(),
            field(r.reference.as_deref().unwrap_or("")),
            r.days_late.map(|d| d.to_string()).unwrap_or_default(),
        ];
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out.push_str("\r\ncurrency,milestones,amount,received,outstanding\r\n");
    for t in totals {
        out.push_str(&format!(
            "{},{},{},{},{}\r\n",
            field(&t.currency),
            t.milestones,
            t.amount,
            t.received,
            t.outstanding
        ));
    }
    out
}

/// The report's fixed words in one language.
pub struct Words {
    pub title: &'static str,
    /// `{year}` (2026-27), `{from}`, `{to}`.
    pub period: &'static str,
    /// `{name}`, `{date}`.
    pub made_for: &'static str,
    pub deal: &'static str,
    pub counterparty: &'static str,
    pub milestone: &'static str,
    pub amount: &'static str,
    pub due: &'static str,
    pub paid: &'static str,
    pub reference: &'static str,
    pub late: &'static str,
    pub status: &'static str,
    pub totals: &'static str,
    pub currency: &'static str,
    pub count: &'static str,
    pub received: &'static str,
    pub outstanding: &'static str,
    pub empty: &'static str,
    pub deleted_user: &'static str,
    /// `{n}`.
    pub days: &'static str,
    /// scheduled, due, marked_paid, completed, disputed, resolved.
    pub statuses: [&'static str; 6],
}

const EN: Words = Words {
    title: "Payment history",
    period: "Financial year {year} ({from} to {to})",
    made_for: "For {name} · made on {date}",
    deal: "Deal",
    counterparty: "With",
    milestone: "Milestone",
    amount: "Amount",
    due: "Due",
    paid: "Paid",
    reference: "Reference",
    late: "Late",
    status: "Status",
    totals: "Totals",
    currency: "Currency",
    count: "Milestones",
    received: "Received",
    outstanding: "Outstanding",
    empty: "No payments fall in this financial year.",
    deleted_user: "Deleted user",
    days: "{n} d",
    statuses: [
        "Scheduled",
        "Due",
        "Paid, awaiting confirmation",
        "Received",
        "Disputed",
        "Settled",
    ],
};

const HI: Words = Words {
    title: "भुगतान का ब्योरा",
    period: "वित्त वर्ष {year} ({from} से {to})",
    made_for: "{name} के लिए · {date} को बनाया गया",
    deal: "डील",
    counterparty: "किसके साथ",
    milestone: "किस्त",
    amount: "राशि",
    due: "नियत तारीख",
    paid: "भुगतान",
    reference: "रेफ़रेंस",
    late: "देरी",
    status: "स्थिति",
    totals: "कुल",
    currency: "मुद्रा",
    count: "किस्तें",
    received: "मिला",
    outstanding: "बाकी",
    empty: "इस वित्त वर्ष में कोई भुगतान नहीं है।",
    deleted_user: "हटाया गया उपयोगकर्ता",
    days: "{n} दिन",
    statuses: [
        "निर्धारित",
        "देय",
        "भुगतान हुआ, पुष्टि बाकी",
        "मिल गया",
        "विवादित",
        "सुलझ गया",
    ],
};

const TA: Words = Words {
    title: "கட்டண வரலாறு",
    period: "நிதியாண்டு {year} ({from} முதல் {to} வரை)",
    made_for: "{name} அவர்களுக்கு · {date} அன்று உருவாக்கப்பட்டது",
    deal: "ஒப்பந்தம்",
    counterparty: "யாருடன்",
    milestone: "தவணை",
    amount: "தொகை",
    due: "கெடு",
    paid: "செலுத்தியது",
    reference: "குறிப்பு",
    late: "தாமதம்",
    status: "நிலை",
    totals: "மொத்தம்",
    currency: "நாணயம்",
    count: "தவணைகள்",
    received: "பெறப்பட்டது",
    outstanding: "நிலுவை",
    empty: "இந்த நிதியாண்டில் கட்டணங்கள் எதுவும் இல்லை.",
    deleted_user: "நீக்கப்பட்ட பயனர்",
    days: "{n} நாள்",
    statuses: [
        "திட்டமிடப்பட்டது",
        "செலுத்த வேண்டியது",
        "செலுத்தப்பட்டது, உறுதிப்படுத்தல் நிலுவையில்",
        "பெறப்பட்டது",
        "ஆட்சேபிக்கப்பட்டது",
        "தீர்க்கப்பட்டது",
    ],
};

const TE: Words = Words {
    title: "చెల్లింపుల చరిత్ర",
    period: "ఆర్థిక సంవత్సరం {year} ({from} నుండి {to} వరకు)",
    made_for: "{name} కోసం · {date}న తయారైంది",
    deal: "డీల్",
    counterparty: "ఎవరితో",
    milestone: "వాయిదా",
    amount: "మొత్తం",
    due: "గడువు",
    paid: "చెల్లించింది",
    reference: "రిఫరెన్స్",
    late: "ఆలస్యం",
    status: "స్థితి",
    totals: "మొత్తాలు",
    currency: "కరెన్సీ",
    count: "వాయిదాలు",
    received: "అందింది",
    outstanding: "బాకీ",
    empty: "ఈ ఆర్థిక సంవత్సరంలో చెల్లింపులు ఏవీ లేవు.",
    deleted_user: "తొలగించిన వినియోగదారు",
    days: "{n} రోజులు",
    statuses: [
        "షెడ్యూల్ అయింది",
        "చెల్లించాల్సింది",
        "చెల్లించారు, ధృవీకరణ కోసం వేచి ఉంది",
        "అందింది",
        "వివాదంలో ఉంది",
        "పరిష్కారమైంది",
    ],
};

const BN: Words = Words {
    title: "পেমেন্টের ইতিহাস",
    period: "অর্থবর্ষ {year} ({from} থেকে {to})",
    made_for: "{name}-এর জন্য · {date} তারিখে তৈরি",
    deal: "ডিল",
    counterparty: "কার সঙ্গে",
    milestone: "কিস্তি",
    amount: "পরিমাণ",
    due: "নির্ধারিত তারিখ",
    paid: "পেমেন্ট",
    reference: "রেফারেন্স",
    late: "দেরি",
    status: "অবস্থা",
    totals: "মোট",
    currency: "মুদ্রা",
    count: "কিস্তি সংখ্যা",
    received: "পাওয়া গেছে",
    outstanding: "বাকি",
    empty: "এই অর্থবর্ষে কোনো পেমেন্ট নেই।",
    deleted_user: "মুছে ফেলা ব্যবহারকারী",
    days: "{n} দিন",
    statuses: [
        "নির্ধারিত",
        "বকেয়া",
        "পেমেন্ট হয়েছে, নিশ্চিতকরণ বাকি",
        "পাওয়া গেছে",
        "বিতর্কিত",
        "মীমাংসিত",
    ],
};

const MR: Words = Words {
    title: "पेमेंटचा इतिहास",
    period: "आर्थिक वर्ष {year} ({from} ते {to})",
    made_for: "{name} यांच्यासाठी · {date} रोजी तयार केले",
    deal: "डील",
    counterparty: "कोणासोबत",
    milestone: "हप्ता",
    amount: "रक्कम",
    due: "देय तारीख",
    paid: "पेमेंट",
    reference: "रेफरन्स",
    late: "उशीर",
    status: "स्थिती",
    totals: "एकूण",
    currency: "चलन",
    count: "हप्ते",
    received: "मिळाले",
    outstanding: "बाकी",
    empty: "या आर्थिक वर्षात कोणतेही पेमेंट नाही.",
    deleted_user: "हटवलेला वापरकर्ता",
    days: "{n} दिवस",
    statuses: [
        "नियोजित",
        "देय",
        "पेमेंट झाले, खात्री बाकी",
        "मिळाले",
        "वादग्रस्त",
        "निकाली",
    ],
};

pub fn words(language: Language) -> &'static Words {
    match language {
        Language::En => &EN,
        Language::Hi => &HI,
        Language::Ta => &TA,
        Language::Te => &TE,
        Language::Bn => &BN,
        Language::Mr => &MR,
    }
}

/// A status in `language`.
pub fn status_word(language: Language, status: MilestoneStatus) -> &'static str {
    let i = match status {
        MilestoneStatus::Scheduled => 0,
        MilestoneStatus::Due => 1,
        MilestoneStatus::MarkedPaid => 2,
        MilestoneStatus::Completed => 3,
        MilestoneStatus::Disputed => 4,
        MilestoneStatus::Resolved => 5,
    };
    words(language).statuses[i]
}

/// "Financial year 2026-27 (1 April 2026 to 31 March 2027)".
pub fn period(language: Language, year: FinancialYear) -> String {
    words(language)
        .period
        .replace("{year}", &year.label())
        .replace("{from}", &format::date(year.first_day(), language, false))
        .replace("{to}", &format::date(year.last_day(), language, false))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn row(amount: i64, currency: &str, status: MilestoneStatus) -> Row {
        Row {
            deal_id: Uuid::nil(),
            deal: "Diwali reel".into(),
            counterparty: "Meena".into(),
            milestone: "On signing".into(),
            amount,
            currency: currency.into(),
            status,
            due_on: date!(2026 - 12 - 05),
            paid_on: None,
            reference: None,
            days_late: None,
        }
    }

    #[test]
    fn totals_are_the_sums_of_the_rows_per_currency() {
        use MilestoneStatus::*;
        let rows = [
            row(37_500, "INR", Completed),
            row(12_500, "INR", MarkedPaid),
            row(400, "USD", Resolved),
            row(10_000, "INR", Due),
        ];
        let t = totals(&rows);
        assert_eq!(t.len(), 2);
        assert_eq!(
            (t[0].currency.as_str(), t[0].milestones, t[0].amount),
            ("INR", 3, 60_000)
        );
        assert_eq!((t[0].received, t[0].outstanding), (37_500, 22_500));
        assert_eq!(
            (t[1].amount, t[1].received, t[1].outstanding),
            (400, 0, 400)
        );
        assert!(totals(&[]).is_empty());
    }

    #[test]
    fn lateness_counts_to_the_payment_or_to_today() {
        use MilestoneStatus::*;
        let due = date!(2026 - 12 - 05);
        let today = date!(2026 - 12 - 09);
        assert_eq!(days_late(Due, due, None, today), Some(4));
        assert_eq!(days_late(Scheduled, due, None, date!(2026 - 12 - 01)), None);
        assert_eq!(
            days_late(Completed, due, Some(date!(2026 - 12 - 07)), today),
            Some(2)
        );
        assert_eq!(
            days_late(MarkedPaid, due, Some(date!(2026 - 12 - 01)), today),
            None
        );
        assert_eq!(days_late(Due, due, None, due), None);
    }

    #[test]
    fn the_year_is_placed_by_the_payment_day_else_the_due_day() {
        let fy = FinancialYear::parse("2026-27", "fy").unwrap();
        assert!(fy.contains(report_day(date!(2027 - 03 - 31), None)));
        assert!(!fy.contains(report_day(
            date!(2027 - 03 - 31),
            Some(date!(2027 - 04 - 01))
        )));
        assert!(fy.contains(report_day(
            date!(2026 - 03 - 20),
            Some(date!(2026 - 04 - 01))
        )));
    }

    #[test]
    fn csv_quotes_what_needs_it_and_defuses_formulas() {
        let mut r = row(37_500, "INR", MilestoneStatus::Completed);
        r.deal = "Reels, \"Diwali\" edition".into();
        r.counterparty = "மீனா O'Brien".into();
        r.reference = Some("=HYPERLINK(\"x\")".into());
        r.paid_on = Some(date!(2026 - 12 - 07));
        r.days_late = Some(2);
        let mut gone = row(100, "INR", MilestoneStatus::Due);
        gone.counterparty = String::new();
        let rows = [r, gone];
        let text = csv(&rows, &totals(&rows), "Deleted user");
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert_eq!(lines[0], CSV_COLUMNS.join(","));
        assert_eq!(
            lines[1],
            "00000000-0000-0000-0000-000000000000,\"Reels, \"\"Diwali\"\" edition\",மீனா O'Brien,On signing,37500,INR,completed,2026-12-05,2026-12-07,\"'=HYPERLINK(\"\"x\"\")\",2"
        );
        assert!(lines[2].contains(",Deleted user,"));
        assert_eq!(lines[4], "currency,milestones,amount,received,outstanding");
        assert_eq!(lines[5], "INR,2,37600,37500,100");
    }

    #[test]
    fn every_language_has_every_word() {
        for language in Language::ALL {
            let w = words(language);
            assert!(w.period.contains("{year}") && w.period.contains("{to}"));
            assert!(w.made_for.contains("{name}") && w.made_for.contains("{date}"));
            assert!(w.days.contains("{n}"));
            assert!(w.statuses.iter().all(|s| !s.is_empty()));
        }
        let fy = FinancialYear::parse("2026-27", "fy").unwrap();
        assert_eq!(
            period(Language::En, fy),
            "Financial year 2026-27 (1 April 2026 to 31 March 2027)"
        );
    }
}
