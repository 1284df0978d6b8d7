//! Portfolio samples (seed 004, requirement 2.2): text, an uploaded image,
//! or a link to a video. Images are recognised by their bytes, not by the
//! name or type the client claims.

use crate::text::BoundedText;
use crate::FieldError;
use serde::{Deserialize, Serialize};

/// The largest image accepted, in bytes.
pub const MAX_IMAGE_BYTES: usize = 5 * 1024 * 1024;
/// Samples per creator.
pub const MAX_ITEMS: usize = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PortfolioKind {
    Text,
    Image,
    VideoLink,
}

impl PortfolioKind {
    pub fn key(self) -> &'static str {
        match self {
            PortfolioKind::Text => "text",
            PortfolioKind::Image => "image",
            PortfolioKind::VideoLink => "video_link",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        match raw.trim() {
            "text" => Ok(PortfolioKind::Text),
            "image" => Ok(PortfolioKind::Image),
            "video_link" => Ok(PortfolioKind::VideoLink),
            _ => Err(FieldError::new(
                "kind",
                "kind_unknown",
                "A sample is text, image or video_link.",
            )),
        }
    }
}

/// An image type we store and serve back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImageType {
    Png,
    Jpeg,
    Webp,
    Gif,
}

impl ImageType {
    pub fn content_type(self) -> &'static str {
        match self {
            ImageType::Png => "image/png",
            ImageType::Jpeg => "image/jpeg",
            ImageType::Webp => "image/webp",
            ImageType::Gif => "image/gif",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ImageType::Png => "png",
            ImageType::Jpeg => "jpg",
            ImageType::Webp => "webp",
            ImageType::Gif => "gif",
        }
    }

    /// Recognises an image by its first bytes.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        match bytes {
            [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => Some(ImageType::Png),
            [0xFF, 0xD8, 0xFF, ..] => Some(ImageType::Jpeg),
            [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => {
                Some(ImageType::Webp)
            }
            [b'G', b'I', b'F', b'8', b'7' | b'9', b'a', ..] => Some(ImageType::Gif),
            _ => None,
        }
    }
}

/// Checks an uploaded image: not empty, not too large, a known type.
pub fn check_image(bytes: &[u8]) -> Result<ImageType, FieldError> {
    if bytes.is_empty() {
        return Err(FieldError::new(
            "file",
            "required",
            "Choose an image to upload.",
        ));
    }
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(FieldError::new(
            "file",
            "too_large",
            format!(
                "Images can be at most {} MB.",
                MAX_IMAGE_BYTES / (1024 * 1024)
            ),
        )
        .with("max", format!("{} MB", MAX_IMAGE_BYTES / (1024 * 1024))));
    }
    ImageType::sniff(bytes).ok_or_else(|| {
        FieldError::new(
            "file",
            "type_unsupported",
            "Upload a PNG, JPEG, WebP or GIF image.",
        )
    })
}

/// The text parts of a sample, as a client sends them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PortfolioForm {
    pub kind: String,
    pub title: String,
    /// The text of a text sample; a caption otherwise.
    pub body: String,
    /// The link of a video sample.
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PortfolioInput {
    pub kind: PortfolioKind,
    pub title: BoundedText,
    pub body: Option<BoundedText>,
    pub url: Option<String>,
}

/// An `http(s)` link with a host, at most 500 characters.
pub(crate) fn parse_link(raw: &str) -> Result<String, FieldError> {
    let link = raw.trim();
    let bad = || {
        FieldError::new(
            "url",
            "url_invalid",
            "Give the full link, starting with https://.",
        )
    };
    let rest = link
        .strip_prefix("https://")
        .or_else(|| link.strip_prefix("http://"))
        .ok_or_else(bad)?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_ok = !host.is_empty()
        && host.contains('.')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'));
    if !host_ok || link.chars().count() > 500 || link.chars().any(char::is_whitespace) {
        return Err(bad());
    }
    Ok(link.to_owned())
}

impl PortfolioForm {
    /// Every failure at once. An image's file is checked separately
    /// (`check_image`), since it does not arrive as text.
    pub fn parse(&self) -> Result<PortfolioInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let kind = PortfolioKind::parse(&self.kind)
            .map_err(|e| errors.push(e))
            .ok();
        let title = BoundedText::parse(&self.title, "title", 1, 120)
            .map_err(|e| errors.push(e))
            .ok();
        let min_body = if kind == Some(PortfolioKind::Text) {
            1
        } else {
            0
        };
        let body = BoundedText::parse(&self.body, "body", min_body, 5000)
            .map_err(|e| errors.push(e))
            .ok()
            .filter(|b| !b.is_empty());
        let url = match kind {
            Some(PortfolioKind::VideoLink) => {
                parse_link(&self.url).map_err(|e| errors.push(e)).ok()
            }
            _ => None,
        };
        match (kind, title) {
            (Some(kind), Some(title)) if errors.is_empty() => Ok(PortfolioInput {
                kind,
                title,
                body,
                url,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(kind: &str, title: &str, body: &str, url: &str) -> PortfolioForm {
        PortfolioForm {
            kind: kind.into(),
            title: title.into(),
            body: body.into(),
            url: url.into(),
        }
    }

    #[test]
    fn images_are_recognised_by_their_bytes() {
        assert_eq!(
            ImageType::sniff(b"\x89PNG\r\n\x1a\n...."),
            Some(ImageType::Png)
        );
        assert_eq!(
            ImageType::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Some(ImageType::Jpeg)
        );
        assert_eq!(
            ImageType::sniff(b"RIFF\0\0\0\0WEBPVP8 "),
            Some(ImageType::Webp)
        );
        assert_eq!(ImageType::sniff(b"GIF89a"), Some(ImageType::Gif));
        assert_eq!(ImageType::sniff(b"<svg onload=alert(1)>"), None);
        assert_eq!(ImageType::sniff(b"%PDF-1.7"), None);
    }

    #[test]
    fn uploads_that_are_empty_huge_or_not_images_are_refused() {
        assert_eq!(check_image(b"").unwrap_err().reason, "required");
        let mut huge = b"\x89PNG\r\n\x1a\n".to_vec();
        huge.resize(MAX_IMAGE_BYTES + 1, 0);
        assert_eq!(check_image(&huge).unwrap_err().reason, "too_large");
        assert_eq!(
            check_image(b"hello").unwrap_err().reason,
            "type_unsupported"
        );
        assert_eq!(check_image(b"GIF87a..").unwrap(), ImageType::Gif);
    }

    #[test]
    fn each_kind_needs_its_own_parts() {
        let text = form("text", "Diwali campaign recap", "दिवाली पर 2M views 🎉", "")
            .parse()
            .unwrap();
        assert_eq!(text.body.unwrap().as_str(), "दिवाली पर 2M views 🎉");
        let fields = |f: PortfolioForm| -> Vec<String> {
            f.parse()
                .unwrap_err()
                .into_iter()
                .map(|e| e.field)
                .collect()
        };
        assert_eq!(fields(form("text", "", "", "")), ["title", "body"]);
        assert_eq!(
            fields(form("video_link", "Reel", "", "javascript:alert(1)")),
            ["url"]
        );
        assert_eq!(fields(form("video_link", "Reel", "", "https://")), ["url"]);
        assert_eq!(fields(form("poem", "x", "", "")), ["kind"]);
        let video = form("video_link", "Reel", "", " https://youtu.be/abc?t=3 ")
            .parse()
            .unwrap();
        assert_eq!(video.url.as_deref(), Some("https://youtu.be/abc?t=3"));
        let image = form("image", "Shoot", "", "https://ignored.example")
            .parse()
            .unwrap();
        assert_eq!((image.kind, image.url), (PortfolioKind::Image, None));
    }
}
