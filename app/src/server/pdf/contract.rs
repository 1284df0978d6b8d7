//! A final contract as a PDF: each document (English, the reference, then
//! the creator's language) from a new page, its numbered sections, the
//! deliverables and payment tables, and the record of acceptance, with
//! "page n of m" in each page's own language.

use super::{Fonts, Layout, Style};
use domain::contract_text::{self, Block, Document, Record};

/// A rendered PDF and how many characters no font could draw (0 for
/// every supported language; tests hold it to that).
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub missing: usize,
}

/// Column shares for a table by its number of columns: the first column
/// (platform, payment) and the last (dates) get more room.
fn columns(count: usize) -> Vec<f32> {
    match count {
        4 => vec![2.2, 1.9, 1.0, 1.4],
        n => vec![1.0; n],
    }
}

pub fn render(
    fonts: &Fonts,
    documents: &[Document],
    record: &Record<'_>,
) -> Result<Rendered, String> {
    let mut layout = Layout::new(fonts);
    let body = Style::new(10.5);
    // Which document each page belongs to, for its footer's language.
    let mut starts = Vec::new();
    for doc in documents {
        layout.page_break();
        starts.push((layout.pages.len() - 1, doc.language));
        layout.paragraph(&doc.title, Style::new(18.0).bold());
        layout.paragraph(&doc.version, Style::new(10.0).gray(100));
        layout.space(6.0);
        layout.paragraph(&doc.reference, Style::new(9.5).gray(60));
        layout.space(4.0);
        layout.rule(200);
        for section in &doc.sections {
            layout.space(10.0);
            layout.paragraph(
                &format!("{}. {}", section.number, section.title),
                Style::new(12.0).bold(),
            );
            layout.space(3.0);
            for block in &section.blocks {
                match block {
                    Block::Text { text } => layout.paragraph(text, body),
                    Block::Table { header, rows } => {
                        layout.space(3.0);
                        layout.table(header, rows, &columns(header.len()), Style::new(9.5));
                    }
                }
                layout.space(4.0);
            }
        }
        let (title, lines) = contract_text::record_lines(doc.language, record);
        layout.space(14.0);
        layout.paragraph(&title, Style::new(12.0).bold());
        layout.space(3.0);
        for line in lines {
            layout.paragraph(&line, Style::new(9.5).gray(40));
        }
    }
    let title = documents
        .first()
        .map(|d| d.title.clone())
        .unwrap_or_default();
    let language = documents
        .first()
        .map(|d| d.language.code().to_owned())
        .unwrap_or_default();
    let missing = layout.missing;
    let bytes = layout.finish(&title, &language, |page, pages| {
        let language = starts
            .iter()
            .rev()
            .find(|(start, _)| *start < page)
            .map(|(_, language)| *language)
            .unwrap_or(domain::Language::En);
        format!(
            "MAT-CHA · {} · {}",
            record.sha256.get(..16).unwrap_or(record.sha256),
            contract_text::page_of(language, page, pages)
        )
    })?;
    Ok(Rendered { bytes, missing })
}

/// A contract of every kind of clause, in `language` and English, for the
/// tests and `server bench contract-pdf`.
#[doc(hidden)]
pub fn sample(language: domain::Language) -> Vec<Document> {
    use domain::contract::{ContractDetailsForm, DeliverableForm, MilestoneForm};
    use time::macros::date;
    let terms = domain::deal::DealForm {
        deliverables: "2 reels and 1 YouTube video · ரீல்கள் · रील".into(),
        timeline: "Before 20 December".into(),
        amount: Some(1_234_567),
        currency: "INR".into(),
        usage_rights: "Brand channels, 6 months".into(),
    }
    .parse()
    .expect("sample terms");
    let form = ContractDetailsForm {
        deliverables: vec![
            DeliverableForm {
                platform: "instagram".into(),
                format: "Reel with Müller's product".into(),
                quantity: Some(2),
                due: "2030-12-15".into(),
            },
            DeliverableForm {
                platform: "youtube".into(),
                format: "समर्पित वीडियो".into(),
                quantity: Some(1),
                due: "2030-12-20".into(),
            },
        ],
        draft_due: "2030-12-08".into(),
        review_days: Some(3),
        revision_rounds: Some(2),
        usage_channels: "Brand's Instagram, YouTube and website".into(),
        paid_usage: true,
        usage_months: Some(6),
        territory: "India".into(),
        exclusivity_category: "Packaged sweets".into(),
        exclusivity_days: Some(30),
        kill_fee_percent: Some(25),
        milestones: vec![
            MilestoneForm {
                label: "On script approval".into(),
                percent: Some(50),
                due: "2030-12-05".into(),
            },
            MilestoneForm {
                label: "7 days after going live".into(),
                percent: Some(50),
                due: "2030-12-27".into(),
            },
        ],
        jurisdiction: "Mumbai".into(),
    };
    let details = form.parse(date!(2030 - 12 - 01)).expect("sample details");
    let input = contract_text::ContractInput {
        brand: "Chai & Co. 🍵",
        creator: "மீனா O'Brien",
        deal: "01a24e19",
        version: 2,
        date: date!(2030 - 12 - 02),
        terms: &terms,
        details: &details,
    };
    let mut documents = vec![contract_text::generate(&input, domain::Language::En)];
    if language != domain::Language::En {
        documents.push(contract_text::generate(&input, language));
    }
    documents
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::Language;

    fn fonts() -> Fonts {
        Fonts::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../public/fonts/pdf"))
            .expect("scripts/lib.sh copy_fonts puts the PDF fonts in public/fonts/pdf")
    }

    #[test]
    fn every_language_renders_with_a_font_for_every_character() {
        let fonts = fonts();
        let at = time::macros::datetime!(2030-12-03 10:00 UTC);
        let record = Record {
            brand: Some(("Ananya Rao", at)),
            creator: Some(("மீனா O'Brien", at)),
            sha256: "9f2c6a1e0b7d4c3a9f2c6a1e0b7d4c3a9f2c6a1e0b7d4c3a9f2c6a1e0b7d4c3a",
        };
        for language in Language::ALL {
            let rendered = render(&fonts, &sample(language), &record).unwrap();
            assert!(rendered.bytes.starts_with(b"%PDF-"), "{language:?}");
            // Only the emoji in the brand's name has no font (a box, as in
            // a browser without an emoji font): once per document.
            let documents = if language == Language::En { 1 } else { 2 };
            assert_eq!(rendered.missing, documents, "{language:?}");
        }
    }

    #[test]
    fn indic_text_is_shaped_not_drawn_letter_by_letter() {
        let fonts = fonts();
        let mut layout = Layout::new(&fonts);
        // क्ष: three characters, one conjunct; ि comes before क visually.
        let word = layout.word("क्षत्रिय", Style::new(10.0));
        let glyphs: usize = word.runs.iter().map(|r| r.glyphs.len()).sum();
        assert!(glyphs < "क्षत्रिय".chars().count(), "{glyphs} glyphs");
        assert_eq!(word.runs.len(), 1);
        // Tamil கொ splits its vowel sign around the consonant: reordered.
        let tamil = layout.word("கொடு", Style::new(10.0));
        assert_eq!(tamil.runs.len(), 1);
        assert_eq!(layout.missing, 0);
        // Mixed text takes each script from its own font.
        let mixed = layout.word("₹12,34,567/मास", Style::new(10.0));
        assert!(mixed.runs.len() >= 2);
        assert_eq!(layout.missing, 0);
    }

    #[test]
    fn long_text_wraps_and_breaks_pages() {
        let fonts = fonts();
        let mut layout = Layout::new(&fonts);
        let paragraph = "Each party accepts this agreement on MAT-CHA. ".repeat(400);
        layout.paragraph(&paragraph, Style::new(10.5));
        assert!(layout.pages.len() > 2, "{} pages", layout.pages.len());
        // A 64-character fingerprint at a large size is cut to fit.
        let words = layout.fit(&"f".repeat(64), Style::new(40.0), layout.width());
        assert!(words.len() > 1);
        assert!(words.iter().all(|w| w.width <= layout.width()));
        let pdf = layout.finish("t", "en", |p, n| format!("{p}/{n}")).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
    }
}
