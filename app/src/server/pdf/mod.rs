//! PDF typesetting for final contracts and payment reports: A4 pages of
//! headings, wrapped paragraphs and tables, in every script the product
//! speaks. Text is split into runs by the first font that has each
//! character (Latin, then Devanagari, Tamil, Telugu, Bengali), each run is
//! shaped with HarfBuzz's rules (rustybuzz: conjuncts, vowel signs and
//! reordering come out as the fonts intend), lines break at spaces, and the
//! glyphs go to krilla, which embeds the subset of each font used. Layout
//! is done first into pages of positioned runs, so a footer can say
//! "page 2 of 5"; then the pages are drawn.

mod woff;

pub mod contract;
pub mod payments;

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::text::{Font, GlyphId, KrillaGlyph};
use std::path::Path;

/// The fonts, in fallback order: the first that has a character draws it.
/// Each is a file pair `{name}-400-normal.woff` / `{name}-700-normal.woff`
/// from the `@fontsource` packages (SIL Open Font License).
pub const FONT_FILES: [&str; 6] = [
    "noto-sans-latin",
    "noto-sans-latin-ext",
    "noto-sans-devanagari-devanagari",
    "noto-sans-tamil-tamil",
    "noto-sans-telugu-telugu",
    "noto-sans-bengali-bengali",
];

struct Face {
    font: Font,
    shaper: rustybuzz::Face<'static>,
    units: f32,
    /// The space, shaped once at 1 pt: drawn between words so copied and
    /// searched text has it.
    space: Vec<KrillaGlyph>,
    space_advance: f32,
}

impl Face {
    fn load(bytes: Vec<u8>) -> Option<Face> {
        // Loaded once per process and kept for its life (a cache of a few
        // hundred kilobytes); the shaper borrows the bytes.
        let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
        let shaper = rustybuzz::Face::from_slice(bytes, 0)?;
        let font = Font::new(bytes.into(), 0)?;
        let units = shaper.units_per_em() as f32;
        let mut face = Face {
            font,
            shaper,
            units,
            space: Vec::new(),
            space_advance: 0.0,
        };
        let space = shape(&face, 0, " ".into(), 1.0);
        face.space = space.glyphs;
        face.space_advance = space.width;
        Some(face)
    }

    fn has(&self, c: char) -> bool {
        self.shaper.glyph_index(c).is_some()
    }
}

/// Every font the pages may use, regular and bold.
pub struct Fonts {
    regular: Vec<Face>,
    bold: Vec<Face>,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fonts")
            .field("faces", &self.regular.len())
            .finish()
    }
}

impl Fonts {
    /// The fonts from folder `dir`, or which file is missing or unreadable.
    pub fn load(dir: &Path) -> Result<Fonts, String> {
        let read = |name: &str, weight: u16| -> Result<Face, String> {
            let path = dir.join(format!("{name}-{weight}-normal.woff"));
            let raw =
                std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let sfnt = woff::decode(&raw)
                .ok_or_else(|| format!("{} is not a WOFF font", path.display()))?;
            Face::load(sfnt).ok_or_else(|| format!("{} is not a usable font", path.display()))
        };
        let mut regular = Vec::new();
        let mut bold = Vec::new();
        for name in FONT_FILES {
            regular.push(read(name, 400)?);
            bold.push(read(name, 700)?);
        }
        Ok(Fonts { regular, bold })
    }

    fn faces(&self, bold: bool) -> &[Face] {
        if bold {
            &self.bold
        } else {
            &self.regular
        }
    }
}

/// Where the fonts are, loaded on first use and kept (a per-process cache).
#[derive(Clone, Debug)]
pub struct FontSource {
    dir: std::path::PathBuf,
    loaded: std::sync::Arc<std::sync::OnceLock<Result<Fonts, String>>>,
}

impl Default for FontSource {
    /// `public/fonts/pdf` under the working folder, else under this
    /// checkout (tests run from the crate's folder).
    fn default() -> Self {
        let here = Path::new("public/fonts/pdf");
        let dir = if here.is_dir() {
            here.to_path_buf()
        } else {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../public/fonts/pdf")
        };
        FontSource::new(dir)
    }
}

impl FontSource {
    pub fn new(dir: impl Into<std::path::PathBuf>) -> Self {
        FontSource {
            dir: dir.into(),
            loaded: Default::default(),
        }
    }

    /// The fonts, or 503 when they cannot be read (said once in the log
    /// with the reason).
    pub fn fonts(&self) -> Result<&Fonts, crate::error::AppError> {
        self.loaded
            .get_or_init(|| {
                let fonts = Fonts::load(&self.dir);
                if let Err(e) = &fonts {
                    tracing::error!(error = %e, "the PDF fonts are not available");
                }
                fonts
            })
            .as_ref()
            .map_err(|_| {
                crate::error::AppError::new(
                    crate::error::ErrorCode::ServiceUnavailable,
                    "PDF files cannot be made right now. Try again later.",
                )
            })
    }
}

/// How a piece of text looks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Style {
    pub size: f32,
    pub bold: bool,
    /// 0 = black … 255 = white.
    pub gray: u8,
}

impl Style {
    pub const fn new(size: f32) -> Self {
        Style {
            size,
            bold: false,
            gray: 0,
        }
    }

    pub const fn bold(self) -> Self {
        Style { bold: true, ..self }
    }

    pub const fn gray(self, gray: u8) -> Self {
        Style { gray, ..self }
    }

    fn leading(self) -> f32 {
        self.size * 1.45
    }
}

/// A shaped run in one font.
#[derive(Clone, Debug)]
struct Run {
    face: usize,
    text: String,
    glyphs: Vec<KrillaGlyph>,
    width: f32,
}

/// A word: the runs between two spaces.
#[derive(Clone, Debug)]
struct Word {
    runs: Vec<Run>,
    width: f32,
}

/// What a page shows, positioned (y grows downwards from the top edge).
#[derive(Clone, Debug)]
enum Mark {
    Run {
        x: f32,
        baseline: f32,
        style: Style,
        run: Run,
    },
    Rule {
        x: f32,
        y: f32,
        width: f32,
        gray: u8,
    },
}

pub const PAGE_WIDTH: f32 = 595.0;
pub const PAGE_HEIGHT: f32 = 842.0;
pub const MARGIN: f32 = 56.0;
const FOOTER_SPACE: f32 = 36.0;

/// A document being laid out.
pub struct Layout<'f> {
    fonts: &'f Fonts,
    pages: Vec<Vec<Mark>>,
    y: f32,
    /// Characters no font has (drawn as the first font's empty box).
    pub missing: usize,
}

impl<'f> Layout<'f> {
    pub fn new(fonts: &'f Fonts) -> Self {
        Layout {
            fonts,
            pages: vec![Vec::new()],
            y: MARGIN,
            missing: 0,
        }
    }

    /// The width text may take.
    pub fn width(&self) -> f32 {
        PAGE_WIDTH - 2.0 * MARGIN
    }

    fn bottom(&self) -> f32 {
        PAGE_HEIGHT - MARGIN - FOOTER_SPACE
    }

    /// Starts a new page unless this one is still empty.
    pub fn page_break(&mut self) {
        if self.pages.last().is_some_and(|p| !p.is_empty()) {
            self.pages.push(Vec::new());
        }
        self.y = MARGIN;
    }

    /// Room for `height` more on this page, or a new page.
    fn room(&mut self, height: f32) {
        if self.y + height > self.bottom() {
            self.page_break();
        }
    }

    pub fn space(&mut self, height: f32) {
        self.y += height;
    }

    fn mark(&mut self, mark: Mark) {
        if let Some(page) = self.pages.last_mut() {
            page.push(mark);
        }
    }

    /// Shapes `text` in `style` into words.
    fn words(&mut self, text: &str, style: Style) -> Vec<Word> {
        text.split(' ')
            .filter(|w| !w.is_empty())
            .map(|w| self.word(w, style))
            .collect()
    }

    fn word(&mut self, text: &str, style: Style) -> Word {
        let faces = self.fonts.faces(style.bold);
        let mut pieces: Vec<(usize, String)> = Vec::new();
        for c in text.chars() {
            // Marks and joiners stay with what they join; anything else
            // goes to the first font that has it.
            let current = pieces.last().map(|(f, _)| *f);
            let face = match current {
                Some(f) if faces[f].has(c) || is_joining(c) => f,
                _ => match faces.iter().position(|f| f.has(c)) {
                    Some(f) => f,
                    None => {
                        self.missing += 1;
                        current.unwrap_or(0)
                    }
                },
            };
            match pieces.last_mut() {
                Some((f, s)) if *f == face => s.push(c),
                _ => pieces.push((face, c.to_string())),
            }
        }
        let runs: Vec<Run> = pieces
            .into_iter()
            .map(|(face, text)| shape(&faces[face], face, text, style.size))
            .collect();
        let width = runs.iter().map(|r| r.width).sum();
        Word { runs, width }
    }

    /// `text` as one word, or, when wider than `width` (a fingerprint, a
    /// long link), as pieces that fit, cut between characters.
    fn fit(&mut self, text: &str, style: Style, width: f32) -> Vec<Word> {
        let word = self.word(text, style);
        if word.width <= width {
            return vec![word];
        }
        let missing = self.missing;
        let mut out = Vec::new();
        let mut piece = String::new();
        for c in text.chars() {
            let mut trial = piece.clone();
            trial.push(c);
            if !piece.is_empty() && self.word(&trial, style).width > width {
                out.push(self.word(&piece, style));
                piece = c.to_string();
            } else {
                piece = trial;
            }
        }
        if !piece.is_empty() {
            out.push(self.word(&piece, style));
        }
        self.missing = missing;
        out
    }

    /// The Latin font's space: lines are measured and set with it.
    fn space_width(&self, style: Style) -> f32 {
        self.fonts.faces(style.bold)[0].space_advance * style.size
    }

    /// A paragraph wrapped to `width`, starting `indent` from the margin.
    pub fn paragraph(&mut self, text: &str, style: Style) {
        let width = self.width();
        for line in text.split('\n') {
            let lines = self.wrap(line, style, width);
            for words in lines {
                self.line(MARGIN, words, style);
            }
        }
    }

    /// Lines of words, each at most `width` wide (a longer word alone).
    fn wrap(&mut self, text: &str, style: Style, width: f32) -> Vec<Vec<Word>> {
        let space = self.space_width(style);
        let mut lines: Vec<Vec<Word>> = Vec::new();
        let mut current: Vec<Word> = Vec::new();
        let mut used = 0.0;
        for word in text.split(' ').filter(|w| !w.is_empty()) {
            for word in self.fit(word, style, width) {
                let extra = if current.is_empty() {
                    word.width
                } else {
                    space + word.width
                };
                if !current.is_empty() && used + extra > width {
                    lines.push(std::mem::take(&mut current));
                    used = word.width;
                } else {
                    used += extra;
                }
                current.push(word);
            }
        }
        if !current.is_empty() || lines.is_empty() {
            lines.push(current);
        }
        lines
    }

    fn line(&mut self, x: f32, words: Vec<Word>, style: Style) {
        self.room(style.leading());
        let baseline = self.y + style.size;
        self.place(x, baseline, words, style);
        self.y += style.leading();
    }

    fn place(&mut self, x: f32, baseline: f32, words: Vec<Word>, style: Style) {
        let marks = self.runs(x, baseline, words, style);
        if let Some(page) = self.pages.last_mut() {
            page.extend(marks);
        }
    }

    /// The marks of one line of `words` from `x`.
    fn runs(&self, x: f32, baseline: f32, words: Vec<Word>, style: Style) -> Vec<Mark> {
        let space = self.space_width(style);
        let count = words.len();
        let mut marks = Vec::new();
        let mut at = x;
        for (i, word) in words.into_iter().enumerate() {
            let mut face = 0;
            for run in word.runs {
                let width = run.width;
                face = run.face;
                marks.push(Mark::Run {
                    x: at,
                    baseline,
                    style,
                    run,
                });
                at += width;
            }
            if i + 1 < count {
                let gap = Run {
                    face,
                    text: " ".into(),
                    glyphs: self.fonts.faces(style.bold)[face].space.clone(),
                    width: space,
                };
                marks.push(Mark::Run {
                    x: at,
                    baseline,
                    style,
                    run: gap,
                });
                at += space;
            }
        }
        marks
    }

    /// A thin horizontal line across the text width.
    pub fn rule(&mut self, gray: u8) {
        self.room(6.0);
        let y = self.y + 2.0;
        let width = self.width();
        self.mark(Mark::Rule {
            x: MARGIN,
            y,
            width,
            gray,
        });
        self.y += 6.0;
    }

    /// A table: `columns` are the shares of the width, header in bold; a
    /// row never splits across pages, and the header repeats after a break.
    pub fn table(
        &mut self,
        header: &[String],
        rows: &[Vec<String>],
        columns: &[f32],
        style: Style,
    ) {
        let total: f32 = columns.iter().sum();
        let gap = 8.0;
        let widths: Vec<f32> = columns
            .iter()
            .map(|c| c / total * self.width() - gap)
            .collect();
        let header_style = style.bold().gray(70);
        let head = self.cells(header, &widths, header_style);
        let draw_header = |layout: &mut Self| {
            layout.row(head.clone(), &widths, gap, header_style);
            layout.rule(170);
        };
        draw_header(self);
        for row in rows {
            let cells = self.cells(row, &widths, style);
            let lines = cells.iter().map(Vec::len).max().unwrap_or(1) as f32;
            if self.y + lines * style.leading() + 6.0 > self.bottom() {
                self.page_break();
                draw_header(self);
            }
            self.row(cells, &widths, gap, style);
            self.rule(225);
        }
    }

    fn cells(&mut self, row: &[String], widths: &[f32], style: Style) -> Vec<Vec<Vec<Word>>> {
        row.iter()
            .zip(widths)
            .map(|(cell, w)| self.wrap(cell, style, *w))
            .collect()
    }

    fn row(&mut self, cells: Vec<Vec<Vec<Word>>>, widths: &[f32], gap: f32, style: Style) {
        let lines = cells.iter().map(Vec::len).max().unwrap_or(1);
        self.room(lines as f32 * style.leading());
        let top = self.y;
        let mut x = MARGIN;
        for (cell, w) in cells.into_iter().zip(widths) {
            for (i, words) in cell.into_iter().enumerate() {
                let baseline = top + i as f32 * style.leading() + style.size;
                self.place(x, baseline, words, style);
            }
            x += w + gap;
        }
        self.y = top + lines as f32 * style.leading();
    }

    /// The pages drawn, with `footer(page, pages)` at the foot of each.
    pub fn finish(
        mut self,
        title: &str,
        language: &str,
        footer: impl Fn(usize, usize) -> String,
    ) -> Result<Vec<u8>, String> {
        let pages = self.pages.len();
        let footer_style = Style::new(8.0).gray(110);
        for n in 0..pages {
            let text = footer(n + 1, pages);
            let words = self.words(&text, footer_style);
            let marks = self.runs(MARGIN, PAGE_HEIGHT - MARGIN + 8.0, words, footer_style);
            if let Some(page) = self.pages.get_mut(n) {
                page.extend(marks);
            }
        }
        let mut document = krilla::Document::new();
        document.set_metadata(
            krilla::metadata::Metadata::new()
                .title(title.to_owned())
                .language(language.to_owned())
                .creator("MAT-CHA".to_owned()),
        );
        let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).ok_or("page size")?;
        for marks in &self.pages {
            let mut page = document.start_page_with(settings.clone());
            let mut surface = page.surface();
            for mark in marks {
                match mark {
                    Mark::Run {
                        x,
                        baseline,
                        style,
                        run,
                    } => {
                        surface.set_fill(Some(fill(style.gray)));
                        surface.draw_glyphs(
                            Point::from_xy(*x, *baseline),
                            &run.glyphs,
                            self.fonts.faces(style.bold)[run.face].font.clone(),
                            &run.text,
                            style.size,
                            false,
                        );
                    }
                    Mark::Rule { x, y, width, gray } => {
                        let mut path = PathBuilder::new();
                        if let Some(rect) = Rect::from_xywh(*x, *y, *width, 0.6) {
                            path.push_rect(rect);
                        }
                        if let Some(path) = path.finish() {
                            surface.set_fill(Some(fill(*gray)));
                            surface.draw_path(&path);
                        }
                    }
                }
            }
            surface.finish();
            page.finish();
        }
        document.finish().map_err(|e| format!("{e:?}"))
    }
}

fn fill(gray: u8) -> Fill {
    Fill {
        paint: rgb::Color::new(gray, gray, gray).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

/// Zero-width joiners, variation selectors and combining marks belong to
/// the character before them.
fn is_joining(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}' | '\u{FE00}'..='\u{FE0F}' | '\u{0300}'..='\u{036F}')
}

/// `text` shaped in `face` at `size` (a run in one font).
fn shape(face: &Face, index: usize, text: String, size: f32) -> Run {
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(&text);
    buffer.guess_segment_properties();
    let output = rustybuzz::shape(&face.shaper, &[], buffer);
    let infos = output.glyph_infos();
    let positions = output.glyph_positions();
    let mut glyphs = Vec::with_capacity(infos.len());
    for (i, (info, pos)) in infos.iter().zip(positions).enumerate() {
        let start = info.cluster as usize;
        let end = infos[i..]
            .iter()
            .find(|next| next.cluster != info.cluster)
            .map_or(text.len(), |next| next.cluster as usize);
        glyphs.push(KrillaGlyph::new(
            GlyphId::new(info.glyph_id),
            pos.x_advance as f32 / face.units,
            pos.x_offset as f32 / face.units,
            pos.y_offset as f32 / face.units,
            pos.y_advance as f32 / face.units,
            start..end.max(start),
            None,
        ));
    }
    let width = glyphs.iter().map(|g| g.x_advance).sum::<f32>() * size;
    Run {
        face: index,
        text,
        glyphs,
        width,
    }
}
