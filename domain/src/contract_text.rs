//! The contract in words (issue 17, requirement 9.1): a deterministic
//! generator from the confirmed terms and the details form, in English (the
//! reference) or the creator's language, with numbered sections. Every
//! amount and date comes from the structured inputs; nothing is made up.
//! The exact text (`Document::text`) is what each side accepts and what its
//! SHA-256 is taken of; `diff` shows what one version changed.

use crate::contract::ContractDetails;
use crate::contract_words::{Words, BN, EN, HI, MR, TA, TE};
use crate::deal::DealTerms;
use crate::format;
use crate::Language;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

/// What a contract is made from.
#[derive(Debug, Clone)]
pub struct ContractInput<'a> {
    pub brand: &'a str,
    pub creator: &'a str,
    /// A short reference to the deal, printed in the parties clause.
    pub deal: &'a str,
    pub version: u32,
    /// The day the version was made.
    pub date: Date,
    pub terms: &'a DealTerms,
    pub details: &'a ContractDetails,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    Text {
        text: String,
    },
    Table {
        header: Vec<String>,
        rows: Vec<Vec<String>>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Section {
    pub number: u8,
    pub title: String,
    pub blocks: Vec<Block>,
}

/// A contract version in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Document {
    pub language: Language,
    pub title: String,
    /// "Version 2".
    pub version: String,
    /// Which version is the reference (the English one).
    pub reference: String,
    pub sections: Vec<Section>,
}

fn words(language: Language) -> &'static Words {
    match language {
        Language::En => &EN,
        Language::Hi => &HI,
        Language::Mr => &MR,
        Language::Bn => &BN,
        Language::Ta => &TA,
        Language::Te => &TE,
    }
}

/// Who accepted a final version, for the record printed after it.
#[derive(Debug, Clone)]
pub struct Record<'a> {
    /// The name the brand's person typed, and when (UTC).
    pub brand: Option<(&'a str, OffsetDateTime)>,
    pub creator: Option<(&'a str, OffsetDateTime)>,
    /// SHA-256 of the accepted text, hex.
    pub sha256: &'a str,
}

/// The record of acceptance in `language`: its title and its lines.
pub fn record_lines(language: Language, record: &Record<'_>) -> (String, Vec<String>) {
    let w = words(language);
    let when = |at: OffsetDateTime| {
        let at = at.to_offset(time::UtcOffset::UTC);
        format::date_time(at.date(), at.time(), language, false)
    };
    let mut lines = Vec::new();
    if let Some((name, at)) = record.brand {
        lines.push(fill(w.record_brand, &[("name", name), ("time", &when(at))]));
    }
    if let Some((name, at)) = record.creator {
        lines.push(fill(
            w.record_creator,
            &[("name", name), ("time", &when(at))],
        ));
    }
    lines.push(fill(w.record_fingerprint, &[("sha", record.sha256)]));
    (w.record_title.to_owned(), lines)
}

/// "Page 2 of 5" in `language`.
pub fn page_of(language: Language, page: usize, pages: usize) -> String {
    fill(
        words(language).page_of,
        &[("page", &page.to_string()), ("pages", &pages.to_string())],
    )
}

/// `template` with each `{name}` replaced by its value.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

fn text(text: String) -> Block {
    Block::Text { text }
}

/// The contract for `input` in `language`.
pub fn generate(input: &ContractInput<'_>, language: Language) -> Document {
    let w = words(language);
    let d = input.details;
    let date = |day: Date| format::date(day, language, false);
    let fee = input.terms.amount;
    let currency = input.terms.currency;
    let money = |amount: u64| format::money(i64::try_from(amount).unwrap_or(i64::MAX), currency);
    let section = |number: u8, title: &str, blocks: Vec<Block>| Section {
        number,
        title: title.to_owned(),
        blocks,
    };

    let parties = fill(
        w.parties,
        &[
            ("date", &date(input.date)),
            ("brand", input.brand),
            ("creator", input.creator),
            ("deal", input.deal),
        ],
    );
    let deliverables = Block::Table {
        header: [w.th_platform, w.th_format, w.th_quantity, w.th_due]
            .map(str::to_owned)
            .to_vec(),
        rows: d
            .deliverables
            .iter()
            .map(|x| {
                vec![
                    x.platform.name().to_owned(),
                    x.format.as_str().to_owned(),
                    x.quantity.to_string(),
                    date(x.due),
                ]
            })
            .collect(),
    };
    let chat = fill(
        w.scope_chat,
        &[
            ("deliverables", &sentence(input.terms.deliverables.as_str())),
            ("timeline", &sentence(input.terms.timeline.as_str())),
        ],
    );
    let review = fill(
        w.review,
        &[
            ("draft_due", &date(d.draft_due)),
            ("review_days", &d.review_days.to_string()),
            ("rounds", &d.revision_rounds.to_string()),
        ],
    );
    let schedule = Block::Table {
        header: [w.th_payment, w.th_share, w.th_amount, w.th_due]
            .map(str::to_owned)
            .to_vec(),
        rows: d
            .milestones
            .iter()
            .zip(d.amounts(fee))
            .map(|(m, amount)| {
                vec![
                    m.label.as_str().to_owned(),
                    format!("{}%", m.percent),
                    money(amount),
                    date(m.due),
                ]
            })
            .collect(),
    };
    let usage = format!(
        "{} {}",
        fill(
            w.usage,
            &[
                ("channels", d.usage_channels.as_str()),
                ("months", &d.usage_months.to_string()),
                ("territory", d.territory.as_str()),
            ],
        ),
        if d.paid_usage {
            w.usage_paid
        } else {
            w.usage_organic
        }
    );
    let exclusivity = match &d.exclusivity {
        Some(x) => fill(
            w.exclusivity_some,
            &[
                ("days", &x.days.to_string()),
                ("category", x.category.as_str()),
            ],
        ),
        None => w.exclusivity_none.to_owned(),
    };
    let sections = vec![
        section(1, w.parties_title, vec![text(parties)]),
        section(
            2,
            w.scope_title,
            vec![text(w.scope_intro.to_owned()), deliverables, text(chat)],
        ),
        section(3, w.review_title, vec![text(review)]),
        section(
            4,
            w.fees_title,
            vec![
                text(fill(w.fees, &[("fee", &money(fee))])),
                schedule,
                text(w.taxes.to_owned()),
            ],
        ),
        section(
            5,
            w.usage_title,
            vec![
                text(usage),
                text(fill(
                    w.usage_chat,
                    &[("usage_rights", &sentence(input.terms.usage_rights.as_str()))],
                )),
                text(exclusivity),
            ],
        ),
        section(6, w.ownership_title, vec![text(w.ownership.to_owned())]),
        section(7, w.disclosure_title, vec![text(w.disclosure.to_owned())]),
        section(
            8,
            w.cancel_title,
            vec![text(fill(
                w.cancel,
                &[("kill", &d.kill_fee_percent.to_string())],
            ))],
        ),
        section(
            9,
            w.confidentiality_title,
            vec![text(w.confidentiality.to_owned())],
        ),
        section(
            10,
            w.law_title,
            vec![text(fill(
                w.law,
                &[("jurisdiction", d.jurisdiction.as_str())],
            ))],
        ),
        section(11, w.acceptance_title, vec![text(w.acceptance.to_owned())]),
    ];
    Document {
        language,
        title: w.title.to_owned(),
        version: fill(w.version, &[("version", &input.version.to_string())]),
        reference: w.reference.to_owned(),
        sections,
    }
}

/// Free text from the chat as one sentence: its own full stop, or one.
fn sentence(raw: &str) -> String {
    let one_line = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.ends_with(['.', '!', '?', '।']) {
        one_line
    } else {
        format!("{one_line}.")
    }
}

impl Document {
    /// The exact text: one line per heading, paragraph and table row.
    /// What each side accepts, and what the PDF prints.
    pub fn text(&self) -> String {
        let mut out = format!("{}\n{}\n{}\n", self.title, self.version, self.reference);
        for s in &self.sections {
            out.push_str(&format!("\n{}. {}\n", s.number, s.title));
            for block in &s.blocks {
                match block {
                    Block::Text { text } => {
                        out.push_str(text);
                        out.push('\n');
                    }
                    Block::Table { header, rows } => {
                        for row in std::iter::once(header).chain(rows) {
                            out.push_str(&format!("| {} |\n", row.join(" | ")));
                        }
                    }
                }
            }
        }
        out
    }
}

/// One line of a diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "op", content = "line", rename_all = "snake_case")]
pub enum DiffLine {
    Same(String),
    Removed(String),
    Added(String),
}

/// What changed from `old` to `new`, line by line (the longest common
/// subsequence; contracts are a few dozen lines).
pub fn diff(old: &str, new: &str) -> Vec<DiffLine> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    // lcs[i][j]: the longest common run of a[i..] and b[j..].
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            out.push(DiffLine::Same(a[i].to_owned()));
            i += 1;
            j += 1;
        } else if j < b.len() && (i == a.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            out.push(DiffLine::Added(b[j].to_owned()));
            j += 1;
        } else {
            out.push(DiffLine::Removed(a[i].to_owned()));
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::tests::form;
    use crate::deal::DealForm;
    use proptest::prelude::*;
    use time::macros::date;

    fn terms(amount: i64) -> DealTerms {
        DealForm {
            deliverables: "2 reels and 1 YouTube video".into(),
            timeline: "Before 20 December".into(),
            amount: Some(amount),
            currency: "INR".into(),
            usage_rights: "Brand channels, 6 months".into(),
        }
        .parse()
        .unwrap()
    }

    /// The inputs of a test contract made on 2 December 2026.
    fn input<'a>(
        creator: &'a str,
        version: u32,
        terms: &'a DealTerms,
        details: &'a ContractDetails,
    ) -> ContractInput<'a> {
        ContractInput {
            brand: "Chai & Co.",
            creator,
            deal: "01a24e19",
            version,
            date: date!(2026 - 12 - 02),
            terms,
            details,
        }
    }

    fn placeholders(template: &str) -> Vec<&str> {
        let mut names: Vec<&str> = template
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect();
        names.sort_unstable();
        names
    }

    fn all_templates(w: &Words) -> Vec<&'static str> {
        vec![
            w.title,
            w.version,
            w.reference,
            w.parties_title,
            w.parties,
            w.scope_title,
            w.scope_intro,
            w.th_platform,
            w.th_format,
            w.th_quantity,
            w.th_due,
            w.scope_chat,
            w.review_title,
            w.review,
            w.fees_title,
            w.fees,
            w.th_payment,
            w.th_share,
            w.th_amount,
            w.taxes,
            w.usage_title,
            w.usage,
            w.usage_paid,
            w.usage_organic,
            w.usage_chat,
            w.exclusivity_some,
            w.exclusivity_none,
            w.ownership_title,
            w.ownership,
            w.disclosure_title,
            w.disclosure,
            w.cancel_title,
            w.cancel,
            w.confidentiality_title,
            w.confidentiality,
            w.law_title,
            w.law,
            w.acceptance_title,
            w.acceptance,
            w.record_title,
            w.record_brand,
            w.record_creator,
            w.record_fingerprint,
            w.page_of,
        ]
    }

    #[test]
    fn the_record_of_acceptance_names_both_sides_in_each_language() {
        let at = time::macros::datetime!(2026-12-07 04:35 UTC);
        let record = Record {
            brand: Some(("Ananya Rao", at)),
            creator: Some(("மீனா O'Brien", at + time::Duration::minutes(3))),
            sha256: "ab12",
        };
        let (title, lines) = record_lines(Language::En, &record);
        assert_eq!(title, "Record of acceptance");
        assert_eq!(
            lines,
            [
                "Accepted for the Brand by Ananya Rao on 7 December 2026, 04:35 (UTC).",
                "Accepted by the Creator, மீனா O'Brien, on 7 December 2026, 04:38 (UTC).",
                "SHA-256 fingerprint of the accepted text: ab12",
            ]
        );
        for language in Language::ALL {
            let (_, lines) = record_lines(language, &record);
            assert!(lines[0].contains("Ananya Rao") && lines[1].contains("O'Brien"));
            assert!(lines[2].ends_with("ab12"), "{language:?}");
            assert!(page_of(language, 2, 5).contains('2') && page_of(language, 2, 5).contains('5'));
        }
        // Only who accepted is named.
        let half = Record {
            creator: None,
            ..record
        };
        assert_eq!(record_lines(Language::Hi, &half).1.len(), 2);
        assert_eq!(page_of(Language::En, 1, 3), "Page 1 of 3");
    }

    #[test]
    fn every_language_has_every_template_with_the_same_blanks() {
        let english = all_templates(&EN);
        for language in Language::ALL {
            let theirs = all_templates(words(language));
            for (en, t) in english.iter().zip(&theirs) {
                assert!(!t.trim().is_empty(), "{language:?}: an empty template");
                assert_eq!(placeholders(en), placeholders(t), "{language:?}: {t}");
            }
        }
    }

    #[test]
    fn the_english_contract_reads_as_agreed() {
        let details = form().parse(date!(2026 - 12 - 02)).unwrap();
        let terms = terms(75_000);
        let input = input("Meena O'Brien", 1, &terms, &details);
        let doc = generate(&input, Language::En);
        let titles: Vec<&str> = doc.sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Parties",
                "Scope and deliverables",
                "Timeline and review",
                "Fees and payment schedule",
                "Usage rights and exclusivity",
                "Content ownership",
                "Disclosure",
                "Cancellation and kill fee",
                "Confidentiality",
                "Governing law and disputes",
                "Acceptance"
            ]
        );
        let text = doc.text();
        for expected in [
            "This agreement is made on 2 December 2026 between Chai & Co. (“the Brand”) and Meena O'Brien (“the Creator”)",
            "| Instagram | Reel | 2 | 15 December 2026 |",
            "| YouTube | Dedicated video | 1 | 20 December 2026 |",
            "by 8 December 2026",
            "within 3 business days",
            "up to 2 rounds",
            "a fee of ₹75,000 in total",
            "| On script approval | 50% | ₹37,500 | 5 December 2026 |",
            "| 7 days after going live | 50% | ₹37,500 | 27 December 2026 |",
            "for 6 months from publication, in India. This includes paid promotion (ads).",
            "For 30 days from the first publication, the Creator does not promote competing brands in Packaged sweets.",
            "“Ad”, “Sponsored” or “Paid partnership”",
            "a kill fee of 25% of the rest of the fee",
            "the courts at Mumbai",
            "As agreed in the chat: 2 reels and 1 YouTube video. Timeline: Before 20 December.",
            "Usage as agreed in the chat: Brand channels, 6 months.",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in\n{text}");
        }
        assert!(!text.contains('{'), "a blank left unfilled:\n{text}");
    }

    #[test]
    fn a_translation_names_english_as_the_reference_and_keeps_the_figures() {
        let details = form().parse(date!(2026 - 12 - 02)).unwrap();
        let terms = terms(1_234_567);
        let input = input("मीना", 3, &terms, &details);
        let hindi = generate(&input, Language::Hi).text();
        assert!(hindi.starts_with("सहयोग अनुबंध\nसंस्करण 3\n"));
        assert!(hindi.contains("अंग्रेज़ी संस्करण ही मान्य है"));
        assert!(hindi.contains("₹12,34,567"));
        assert!(hindi.contains("15 दिसंबर 2026"));
        let english = generate(&input, Language::En).text();
        assert!(english.contains("This English version is the reference"));
    }

    #[test]
    fn a_diff_shows_the_changed_lines_in_place() {
        let old = "a\nb\nc\nd\n";
        let new = "a\nB\nc\nd\ne\n";
        assert_eq!(
            diff(old, new),
            [
                DiffLine::Same("a".into()),
                DiffLine::Added("B".into()),
                DiffLine::Removed("b".into()),
                DiffLine::Same("c".into()),
                DiffLine::Same("d".into()),
                DiffLine::Added("e".into()),
            ]
        );
        assert!(diff(old, old)
            .iter()
            .all(|l| matches!(l, DiffLine::Same(_))));
    }

    proptest! {
        /// Whatever the fee, the dates and the split, in every language:
        /// every section is there, the schedule's amounts add up to the
        /// fee, and every date of the details is printed.
        #[test]
        fn every_contract_has_every_section_and_the_exact_figures(
            fee in 1i64..=1_000_000_000,
            first in 1u8..=99,
            days in 0i64..400,
            language in proptest::sample::select(Language::ALL.to_vec()),
        ) {
            let today = date!(2026 - 12 - 02);
            let mut details = form().parse(today).unwrap();
            details.milestones[0].percent = first;
            details.milestones[1].percent = 100 - first;
            let later = today + time::Duration::days(days);
            details.deliverables[0].due = later;
            let terms = terms(fee);
            let input = input("Meena", 1, &terms, &details);
            let doc = generate(&input, language);
            prop_assert_eq!(doc.sections.len(), 11);
            prop_assert!(doc.sections.iter().enumerate().all(|(i, s)| usize::from(s.number) == i + 1));
            let amounts = details.amounts(fee as u64);
            prop_assert_eq!(amounts.iter().sum::<u64>(), fee as u64);
            let text = doc.text();
            prop_assert!(!text.contains('{'), "a blank left unfilled");
            for amount in amounts {
                let shown = format::money(amount as i64, crate::Currency::Inr);
                prop_assert!(text.contains(&shown), "{} missing", shown);
            }
            prop_assert!(text.contains(&format::date(later, language, false)));
            prop_assert!(text.contains(&format::money(fee, crate::Currency::Inr)));
        }
    }
}
