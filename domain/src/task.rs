//! Personal tasks (issue 5): what a task holds, the forms and queries that
//! make and find them, parsed into valid values with every fault named.

use crate::text::BoundedText;
use crate::when::Due;
use crate::FieldError;
use serde::{Deserialize, Serialize};
use time::PrimitiveDateTime;

pub const TITLE_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 2_000;
pub const SEARCH_MAX: usize = 200;
pub const DEFAULT_PER_PAGE: u32 = 20;
pub const MAX_PER_PAGE: u32 = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    Low,
    Medium,
    High,
}

impl Priority {
    pub const ALL: [Priority; 3] = [Priority::Low, Priority::Medium, Priority::High];

    pub fn key(self) -> &'static str {
        match self {
            Priority::Low => "low",
            Priority::Medium => "medium",
            Priority::High => "high",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.key() == key)
    }

    /// A priority as people write it in a form or an API call.
    pub fn parse(raw: &str, field: &str) -> Result<Self, FieldError> {
        match raw.trim().to_lowercase().as_str() {
            "low" => Ok(Priority::Low),
            "medium" | "normal" => Ok(Priority::Medium),
            "high" | "urgent" => Ok(Priority::High),
            _ => Err(FieldError::new(
                field,
                "invalid_priority",
                "Choose low, medium or high.",
            )),
        }
    }
}

/// A task title: 1–200 characters of any script, one line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TaskTitle(String);

impl TaskTitle {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let text = BoundedText::parse(raw, "title", 1, TITLE_MAX)?;
        if text.as_str().contains(['\n', '\r']) {
            return Err(FieldError::new(
                "title",
                "single_line",
                "Keep the title on one line; longer text belongs in the description.",
            ));
        }
        Ok(Self(text.as_str().to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// An optional description: empty means none.
pub fn parse_description(raw: &str) -> Result<Option<String>, FieldError> {
    let text = BoundedText::parse(raw, "description", 0, DESCRIPTION_MAX)?;
    Ok((!text.is_empty()).then(|| text.as_str().to_owned()))
}

/// A task as the user typed it in the form or sent it whole (`PUT`, `POST`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskForm {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    /// low, medium (the default) or high.
    #[serde(default)]
    pub priority: Option<String>,
    /// `2026-03-05`, `2026-03-05T15:00`, or words such as "tomorrow",
    /// "next Friday at 3pm", "in 3 days", read in the user's time zone.
    #[serde(default)]
    pub due: Option<String>,
    #[serde(default)]
    pub completed: Option<bool>,
}

/// A valid task's fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskInput {
    pub title: TaskTitle,
    pub description: Option<String>,
    pub priority: Priority,
    pub due: Option<Due>,
    pub completed: bool,
}

impl TaskForm {
    /// `now` is the user's local time, for words like "tomorrow".
    pub fn parse(&self, now: PrimitiveDateTime) -> Result<TaskInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let title = TaskTitle::parse(&self.title)
            .map_err(|e| errors.push(e))
            .ok();
        let description = parse_description(self.description.as_deref().unwrap_or(""))
            .map_err(|e| errors.push(e))
            .ok()
            .flatten();
        let priority = match self.priority.as_deref().map(str::trim) {
            None | Some("") => Some(Priority::Medium),
            Some(raw) => Priority::parse(raw, "priority")
                .map_err(|e| errors.push(e))
                .ok(),
        };
        let due = parse_due_field(self.due.as_deref(), now)
            .map_err(|e| errors.push(e))
            .ok()
            .flatten();
        match (title, priority) {
            (Some(title), Some(priority)) if errors.is_empty() => Ok(TaskInput {
                title,
                description,
                priority,
                due,
                completed: self.completed.unwrap_or(false),
            }),
            _ => Err(errors),
        }
    }
}

fn parse_due_field(raw: Option<&str>, now: PrimitiveDateTime) -> Result<Option<Due>, FieldError> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(raw) => Due::parse(raw, now).map(Some),
    }
}

/// A partial change (`PATCH`): absent fields stay; `description` and `due`
/// set to `null` or "" are cleared.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskPatch {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default, with = "double_option")]
    pub description: Option<Option<String>>,
    #[serde(default)]
    pub priority: Option<String>,
    #[serde(default, with = "double_option")]
    pub due: Option<Option<String>>,
    #[serde(default)]
    pub completed: Option<bool>,
}

/// A valid partial change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaskChange {
    pub title: Option<TaskTitle>,
    pub description: Option<Option<String>>,
    pub priority: Option<Priority>,
    pub due: Option<Option<Due>>,
    pub completed: Option<bool>,
}

impl TaskChange {
    pub fn is_empty(&self) -> bool {
        *self == TaskChange::default()
    }
}

impl TaskPatch {
    pub fn parse(&self, now: PrimitiveDateTime) -> Result<TaskChange, Vec<FieldError>> {
        let mut errors = Vec::new();
        let title = self
            .title
            .as_deref()
            .map(TaskTitle::parse)
            .transpose()
            .map_err(|e| errors.push(e))
            .ok()
            .flatten();
        let description = self
            .description
            .as_ref()
            .map(|d| parse_description(d.as_deref().unwrap_or("")))
            .transpose()
            .map_err(|e| errors.push(e))
            .ok()
            .flatten();
        let priority = self
            .priority
            .as_deref()
            .map(|p| Priority::parse(p, "priority"))
            .transpose()
            .map_err(|e| errors.push(e))
            .ok()
            .flatten();
        let due = self
            .due
            .as_ref()
            .map(|d| parse_due_field(d.as_deref(), now))
            .transpose()
            .map_err(|e| errors.push(e))
            .ok()
            .flatten();
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(TaskChange {
            title,
            description,
            priority,
            due,
            completed: self.completed,
        })
    }
}

/// `Option<Option<T>>` from JSON: absent → `None`, `null` → `Some(None)`.
mod double_option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer, T: Serialize>(
        v: &Option<Option<T>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match v {
            Some(inner) => inner.serialize(s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
        d: D,
    ) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(d).map(Some)
    }
}

/// Which tasks a list shows (the `list_tasks` tool's `status`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusFilter {
    #[default]
    All,
    Pending,
    Completed,
}

impl StatusFilter {
    pub fn key(self) -> &'static str {
        match self {
            StatusFilter::All => "all",
            StatusFilter::Pending => "pending",
            StatusFilter::Completed => "completed",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        match raw.trim().to_lowercase().as_str() {
            "" | "all" => Ok(StatusFilter::All),
            "pending" | "open" => Ok(StatusFilter::Pending),
            "completed" | "done" => Ok(StatusFilter::Completed),
            _ => Err(FieldError::new(
                "status",
                "invalid_status",
                "Choose all, pending or completed.",
            )),
        }
    }

    pub fn admits(self, completed: bool) -> bool {
        match self {
            StatusFilter::All => true,
            StatusFilter::Pending => !completed,
            StatusFilter::Completed => completed,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskSort {
    /// Soonest due first; tasks without a due date last.
    Due,
    /// High, medium, low; then soonest due.
    Priority,
    /// Newest first.
    #[default]
    Created,
}

impl TaskSort {
    pub fn key(self) -> &'static str {
        match self {
            TaskSort::Due => "due",
            TaskSort::Priority => "priority",
            TaskSort::Created => "created",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        match raw.trim().to_lowercase().as_str() {
            "" | "created" => Ok(TaskSort::Created),
            "due" => Ok(TaskSort::Due),
            "priority" => Ok(TaskSort::Priority),
            _ => Err(FieldError::new(
                "sort",
                "invalid_sort",
                "Sort by due, priority or created.",
            )),
        }
    }
}

/// The query string of a task list, as sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct TaskQueryForm {
    /// `all` (default), `pending` or `completed`.
    #[serde(default)]
    pub status: Option<String>,
    /// `low`, `medium` or `high`.
    #[serde(default)]
    pub priority: Option<String>,
    /// Words in the title or description.
    #[serde(default)]
    pub q: Option<String>,
    /// `created` (newest first, default), `due` (soonest first, undated
    /// last) or `priority` (high first).
    #[serde(default)]
    pub sort: Option<String>,
    /// From 1.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(value_type = Option<u32>))]
    pub page: Option<String>,
    /// 20 by default, at most 100.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(value_type = Option<u32>))]
    pub per_page: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskQuery {
    pub status: StatusFilter,
    pub priority: Option<Priority>,
    /// Words looked for in titles and descriptions.
    pub text: Option<String>,
    pub sort: TaskSort,
    /// From 1.
    pub page: u32,
    pub per_page: u32,
}

impl Default for TaskQuery {
    fn default() -> Self {
        Self {
            status: StatusFilter::All,
            priority: None,
            text: None,
            sort: TaskSort::Created,
            page: 1,
            per_page: DEFAULT_PER_PAGE,
        }
    }
}

impl TaskQuery {
    pub fn offset(&self) -> i64 {
        (self.page as i64 - 1) * self.per_page as i64
    }
}

fn parse_count(raw: Option<&str>, field: &str, default: u32, max: u32) -> Result<u32, FieldError> {
    match raw.map(str::trim) {
        None | Some("") => Ok(default),
        Some(raw) => match raw.parse::<u32>() {
            Ok(n) if (1..=max).contains(&n) => Ok(n),
            _ => Err(FieldError::new(
                field,
                "out_of_range",
                format!("Use a whole number from 1 to {max}."),
            )
            .with("min", 1)
            .with("max", max)),
        },
    }
}

impl TaskQueryForm {
    pub fn parse(&self) -> Result<TaskQuery, Vec<FieldError>> {
        let mut errors = Vec::new();
        let status = StatusFilter::parse(self.status.as_deref().unwrap_or(""))
            .map_err(|e| errors.push(e))
            .unwrap_or_default();
        let priority = match self.priority.as_deref().map(str::trim) {
            None | Some("") | Some("all") => None,
            Some(raw) => Priority::parse(raw, "priority")
                .map_err(|e| errors.push(e))
                .ok(),
        };
        let q = self.q.as_deref().map(crate::text::search_text);
        let text = match q.as_deref() {
            None | Some("") => None,
            Some(q) if q.chars().count() > SEARCH_MAX => {
                errors.push(
                    FieldError::new(
                        "q",
                        "too_long",
                        format!("Search with at most {SEARCH_MAX} characters."),
                    )
                    .with("max", SEARCH_MAX),
                );
                None
            }
            Some(q) => Some(q.to_owned()),
        };
        let sort = TaskSort::parse(self.sort.as_deref().unwrap_or(""))
            .map_err(|e| errors.push(e))
            .unwrap_or_default();
        // A page far past the end is simply empty; the bound keeps offsets sane.
        let page = parse_count(self.page.as_deref(), "page", 1, 1_000_000)
            .map_err(|e| errors.push(e))
            .unwrap_or(1);
        let per_page = parse_count(
            self.per_page.as_deref(),
            "per_page",
            DEFAULT_PER_PAGE,
            MAX_PER_PAGE,
        )
        .map_err(|e| errors.push(e))
        .unwrap_or(DEFAULT_PER_PAGE);
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(TaskQuery {
            status,
            priority,
            text,
            sort,
            page,
            per_page,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime, time};

    const NOW: PrimitiveDateTime = datetime!(2026-11-22 10:00);

    #[test]
    fn a_form_parses_with_defaults_and_words_for_the_due_date() {
        let form = TaskForm {
            title: "  Müller's Steuererklärung 🧾 ".into(),
            due: Some("tomorrow at 3pm".into()),
            ..Default::default()
        };
        let input = form.parse(NOW).unwrap();
        assert_eq!(input.title.as_str(), "Müller's Steuererklärung 🧾");
        assert_eq!(input.priority, Priority::Medium);
        assert_eq!(input.description, None);
        assert_eq!(
            input.due,
            Some(Due {
                date: date!(2026 - 11 - 23),
                time: Some(time!(15:00))
            })
        );
        assert!(!input.completed);
    }

    #[test]
    fn every_bad_field_is_named_at_once() {
        let form = TaskForm {
            title: " ".into(),
            description: Some("x".repeat(DESCRIPTION_MAX + 1)),
            priority: Some("critical".into()),
            due: Some("someday".into()),
            completed: None,
        };
        let fields: Vec<_> = form
            .parse(NOW)
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["title", "description", "priority", "due"]);
        let multi_line = TaskForm {
            title: "a\nb".into(),
            ..Default::default()
        };
        assert_eq!(multi_line.parse(NOW).unwrap_err()[0].reason, "single_line");
    }

    #[test]
    fn a_patch_tells_absent_from_cleared() {
        let patch: TaskPatch =
            serde_json::from_str(r#"{"description": null, "priority": "high"}"#).unwrap();
        let change = patch.parse(NOW).unwrap();
        assert_eq!(change.description, Some(None));
        assert_eq!(change.due, None);
        assert_eq!(change.priority, Some(Priority::High));
        assert_eq!(change.title, None);
        let empty: TaskPatch = serde_json::from_str("{}").unwrap();
        assert!(empty.parse(NOW).unwrap().is_empty());
        let clear_due: TaskPatch = serde_json::from_str(r#"{"due": ""}"#).unwrap();
        assert_eq!(clear_due.parse(NOW).unwrap().due, Some(None));
    }

    #[test]
    fn queries_default_and_refuse_out_of_range_values() {
        assert_eq!(
            TaskQueryForm::default().parse().unwrap(),
            TaskQuery::default()
        );
        let q = TaskQueryForm {
            status: Some("pending".into()),
            priority: Some("HIGH".into()),
            q: Some(" tax ".into()),
            sort: Some("due".into()),
            page: Some("3".into()),
            per_page: Some("100".into()),
        }
        .parse()
        .unwrap();
        assert_eq!(q.offset(), 200);
        assert_eq!(q.text.as_deref(), Some("tax"));
        let bad = TaskQueryForm {
            status: Some("maybe".into()),
            per_page: Some("101".into()),
            page: Some("-1".into()),
            sort: Some("name".into()),
            ..Default::default()
        }
        .parse()
        .unwrap_err();
        let fields: Vec<_> = bad.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["status", "sort", "page", "per_page"]);
    }
}
