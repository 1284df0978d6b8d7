//! The contract after a confirmed deal (issue 17, requirements 9.1–9.3):
//! the details the chat's terms leave open (due dates, review and revision
//! rounds, rights, exclusivity, kill fee, the payment schedule), asked for
//! in one form and never invented; the payment schedule's exact amounts;
//! and the versions both sides accept. The words are in `contract_text`.

use crate::deal::Party;
use crate::text::BoundedText;
use crate::FieldError;
use serde::{Deserialize, Serialize};
use time::Date;

pub const MAX_DELIVERABLES: usize = 20;
pub const MAX_MILESTONES: usize = 10;

crate::catalog::vocabulary!(
    /// Where a deliverable is published.
    Platform, "platform" {
        Instagram => "instagram",
        YouTube => "youtube",
        Facebook => "facebook",
        X => "x",
        LinkedIn => "linkedin",
        ShareChat => "sharechat",
        Moj => "moj",
        Josh => "josh",
        Snapchat => "snapchat",
        Blog => "blog",
        Other => "other",
    }
);

impl Platform {
    /// Its name, the same in every language.
    pub fn name(self) -> &'static str {
        match self {
            Platform::Instagram => "Instagram",
            Platform::YouTube => "YouTube",
            Platform::Facebook => "Facebook",
            Platform::X => "X",
            Platform::LinkedIn => "LinkedIn",
            Platform::ShareChat => "ShareChat",
            Platform::Moj => "Moj",
            Platform::Josh => "Josh",
            Platform::Snapchat => "Snapchat",
            Platform::Blog => "Blog",
            Platform::Other => "—",
        }
    }
}

/// One row of the deliverables table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deliverable {
    pub platform: Platform,
    /// "Reel", "Dedicated video", "Story set", …
    pub format: BoundedText,
    pub quantity: u16,
    pub due: Date,
}

/// One payment of the schedule, as a share of the fee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedMilestone {
    /// "On script approval", "7 days after going live", …
    pub label: BoundedText,
    pub percent: u8,
    pub due: Date,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exclusivity {
    /// The category the creator does not promote competitors in.
    pub category: BoundedText,
    pub days: u16,
}

/// What the contract says beyond the chat's terms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractDetails {
    pub deliverables: Vec<Deliverable>,
    /// When the first draft of every deliverable reaches the brand.
    pub draft_due: Date,
    /// Business days the brand has to review a draft.
    pub review_days: u8,
    pub revision_rounds: u8,
    /// Where the brand may use the content ("Brand's Instagram and website").
    pub usage_channels: BoundedText,
    /// Whether the brand may run it as paid ads.
    pub paid_usage: bool,
    pub usage_months: u16,
    pub territory: BoundedText,
    pub exclusivity: Option<Exclusivity>,
    /// Share of the fee owed if the brand cancels after acceptance.
    pub kill_fee_percent: u8,
    pub milestones: Vec<PlannedMilestone>,
    /// The city whose courts hear a dispute.
    pub jurisdiction: BoundedText,
}

/// The details form, as typed or sent as JSON; dates are `YYYY-MM-DD`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ContractDetailsForm {
    pub deliverables: Vec<DeliverableForm>,
    pub draft_due: String,
    pub review_days: Option<i64>,
    pub revision_rounds: Option<i64>,
    pub usage_channels: String,
    pub paid_usage: bool,
    pub usage_months: Option<i64>,
    pub territory: String,
    /// Empty: no exclusivity.
    pub exclusivity_category: String,
    pub exclusivity_days: Option<i64>,
    pub kill_fee_percent: Option<i64>,
    pub milestones: Vec<MilestoneForm>,
    pub jurisdiction: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct DeliverableForm {
    /// `instagram`, `youtube`, `facebook`, `x`, `linkedin`, `sharechat`,
    /// `moj`, `josh`, `snapchat`, `blog`, `other`.
    pub platform: String,
    pub format: String,
    pub quantity: Option<i64>,
    pub due: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct MilestoneForm {
    pub label: String,
    pub percent: Option<i64>,
    pub due: String,
}

fn date_of(raw: &str, field: &str, today: Date) -> Result<Date, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(FieldError::new(field, "required", "Choose a date."));
    }
    let date = crate::format::parse_iso_day(raw).ok_or_else(|| {
        FieldError::new(field, "date_invalid", "Write the date as YYYY-MM-DD.").with("value", raw)
    })?;
    if date < today {
        return Err(FieldError::new(
            field,
            "in_the_past",
            "This date has passed; choose today or later.",
        ));
    }
    Ok(date)
}

fn number(value: Option<i64>, field: &str, min: i64, max: i64) -> Result<i64, FieldError> {
    let value = value.ok_or_else(|| FieldError::new(field, "required", "Enter a number."))?;
    if value < min || value > max {
        return Err(FieldError::new(
            field,
            "out_of_range",
            format!("Enter a number from {min} to {max}."),
        )
        .with("min", min)
        .with("max", max));
    }
    Ok(value)
}

/// Every item, if every item parsed.
fn all<T>(items: Vec<Option<T>>) -> Option<Vec<T>> {
    items.into_iter().collect()
}

/// Keeps the value, or records its error.
fn keep<T>(result: Result<T, FieldError>, errors: &mut Vec<FieldError>) -> Option<T> {
    result.map_err(|e| errors.push(e)).ok()
}

impl ContractDetailsForm {
    /// Every failure at once, each naming its field (`deliverables.0.due`,
    /// `milestones`, …); `today` is the first day a date may be.
    pub fn parse(&self, today: Date) -> Result<ContractDetails, Vec<FieldError>> {
        let mut errors = Vec::new();
        let e = &mut errors;
        if self.deliverables.is_empty() || self.deliverables.len() > MAX_DELIVERABLES {
            e.push(FieldError::new(
                "deliverables",
                "count",
                format!("List from 1 to {MAX_DELIVERABLES} deliverables."),
            ));
        }
        let deliverables: Vec<Option<Deliverable>> = self
            .deliverables
            .iter()
            .take(MAX_DELIVERABLES)
            .enumerate()
            .map(|(i, d)| {
                let at = |name: &str| format!("deliverables.{i}.{name}");
                let platform = keep(Platform::parse(&d.platform, &at("platform")), e);
                let format = keep(BoundedText::parse(&d.format, &at("format"), 1, 60), e);
                let quantity = keep(number(d.quantity, &at("quantity"), 1, 100), e);
                let due = keep(date_of(&d.due, &at("due"), today), e);
                Some(Deliverable {
                    platform: platform?,
                    format: format?,
                    quantity: quantity? as u16,
                    due: due?,
                })
            })
            .collect();
        let draft_due = keep(date_of(&self.draft_due, "draft_due", today), e);
        if let (Some(draft), Some(first)) = (
            draft_due,
            deliverables.iter().flatten().map(|d| d.due).min(),
        ) {
            if draft > first {
                e.push(FieldError::new(
                    "draft_due",
                    "after_deliverable",
                    "Drafts are due before the first deliverable is.",
                ));
            }
        }
        let review_days = keep(number(self.review_days, "review_days", 1, 30), e);
        let revision_rounds = keep(number(self.revision_rounds, "revision_rounds", 0, 10), e);
        let usage_channels = keep(
            BoundedText::parse(&self.usage_channels, "usage_channels", 1, 200),
            e,
        );
        let usage_months = keep(number(self.usage_months, "usage_months", 1, 120), e);
        let territory = keep(BoundedText::parse(&self.territory, "territory", 1, 100), e);
        let exclusivity = if self.exclusivity_category.trim().is_empty() {
            if self.exclusivity_days.is_some_and(|d| d != 0) {
                e.push(FieldError::new(
                    "exclusivity_category",
                    "required",
                    "Name the category the exclusivity covers, or clear its days.",
                ));
            }
            Some(None)
        } else {
            let category = keep(
                BoundedText::parse(&self.exclusivity_category, "exclusivity_category", 1, 100),
                e,
            );
            let days = keep(number(self.exclusivity_days, "exclusivity_days", 1, 730), e);
            category.zip(days).map(|(category, days)| {
                Some(Exclusivity {
                    category,
                    days: days as u16,
                })
            })
        };
        let kill_fee_percent = keep(number(self.kill_fee_percent, "kill_fee_percent", 0, 100), e);
        if self.milestones.is_empty() || self.milestones.len() > MAX_MILESTONES {
            e.push(FieldError::new(
                "milestones",
                "count",
                format!("Plan from 1 to {MAX_MILESTONES} payments."),
            ));
        }
        let milestones: Vec<Option<PlannedMilestone>> = self
            .milestones
            .iter()
            .take(MAX_MILESTONES)
            .enumerate()
            .map(|(i, m)| {
                let at = |name: &str| format!("milestones.{i}.{name}");
                let label = keep(BoundedText::parse(&m.label, &at("label"), 1, 80), e);
                let percent = keep(number(m.percent, &at("percent"), 1, 100), e);
                let due = keep(date_of(&m.due, &at("due"), today), e);
                Some(PlannedMilestone {
                    label: label?,
                    percent: percent? as u8,
                    due: due?,
                })
            })
            .collect();
        let total: u32 = milestones
            .iter()
            .flatten()
            .map(|m| u32::from(m.percent))
            .sum();
        if milestones.iter().all(Option::is_some) && !milestones.is_empty() && total != 100 {
            e.push(
                FieldError::new(
                    "milestones",
                    "percent_total",
                    format!("The payments add up to {total} %; they must add up to 100 %."),
                )
                .with("total", total),
            );
        }
        let jurisdiction = keep(
            BoundedText::parse(&self.jurisdiction, "jurisdiction", 1, 80),
            e,
        );
        if !errors.is_empty() {
            return Err(errors);
        }
        let details = (|| {
            Some(ContractDetails {
                deliverables: all(deliverables)?,
                draft_due: draft_due?,
                review_days: review_days? as u8,
                revision_rounds: revision_rounds? as u8,
                usage_channels: usage_channels?,
                paid_usage: self.paid_usage,
                usage_months: usage_months? as u16,
                territory: territory?,
                exclusivity: exclusivity?,
                kill_fee_percent: kill_fee_percent? as u8,
                milestones: all(milestones)?,
                jurisdiction: jurisdiction?,
            })
        })();
        details.ok_or_else(Vec::new)
    }
}

impl ContractDetails {
    /// The form that gives these details back: what the edit form starts
    /// from, and what a partial change is laid over.
    pub fn to_form(&self) -> ContractDetailsForm {
        let day = |d: Date| format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day());
        ContractDetailsForm {
            deliverables: self
                .deliverables
                .iter()
                .map(|d| DeliverableForm {
                    platform: d.platform.key().to_owned(),
                    format: d.format.as_str().to_owned(),
                    quantity: Some(i64::from(d.quantity)),
                    due: day(d.due),
                })
                .collect(),
            draft_due: day(self.draft_due),
            review_days: Some(i64::from(self.review_days)),
            revision_rounds: Some(i64::from(self.revision_rounds)),
            usage_channels: self.usage_channels.as_str().to_owned(),
            paid_usage: self.paid_usage,
            usage_months: Some(i64::from(self.usage_months)),
            territory: self.territory.as_str().to_owned(),
            exclusivity_category: self
                .exclusivity
                .as_ref()
                .map(|x| x.category.as_str().to_owned())
                .unwrap_or_default(),
            exclusivity_days: self.exclusivity.as_ref().map(|x| i64::from(x.days)),
            kill_fee_percent: Some(i64::from(self.kill_fee_percent)),
            milestones: self
                .milestones
                .iter()
                .map(|m| MilestoneForm {
                    label: m.label.as_str().to_owned(),
                    percent: Some(i64::from(m.percent)),
                    due: day(m.due),
                })
                .collect(),
            jurisdiction: self.jurisdiction.as_str().to_owned(),
        }
    }

    /// Each planned payment's exact amount of `fee`: its share rounded
    /// down, the last taking what rounding left, so they add up to `fee`.
    pub fn amounts(&self, fee: u64) -> Vec<u64> {
        let mut left = fee;
        let n = self.milestones.len();
        self.milestones
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let share = if i + 1 == n {
                    left
                } else {
                    (u128::from(fee) * u128::from(m.percent) / 100) as u64
                };
                left -= share;
                share
            })
            .collect()
    }
}

/// Who accepted which version of a contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Acceptances {
    /// The version each side accepted, if any.
    pub brand: Option<u32>,
    pub creator: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ContractError {
    #[error("Version {latest} is the latest; read it and accept that one.")]
    Stale { latest: u32 },
    #[error("You have already accepted this version.")]
    AlreadyAccepted,
    #[error("Both sides accepted this contract; it is final and can no longer change.")]
    Final,
}

impl Acceptances {
    pub fn by(self, party: Party) -> Option<u32> {
        match party {
            Party::Brand => self.brand,
            Party::Creator => self.creator,
        }
    }

    /// Final once both accepted the same version.
    pub fn final_version(self) -> Option<u32> {
        self.brand.filter(|v| self.creator == Some(*v))
    }

    /// `party` accepts `version` while `latest` is the newest.
    pub fn accept(self, party: Party, version: u32, latest: u32) -> Result<Self, ContractError> {
        if self.final_version().is_some() {
            return Err(ContractError::Final);
        }
        if version != latest {
            return Err(ContractError::Stale { latest });
        }
        if self.by(party) == Some(version) {
            return Err(ContractError::AlreadyAccepted);
        }
        Ok(match party {
            Party::Brand => Self {
                brand: Some(version),
                ..self
            },
            Party::Creator => Self {
                creator: Some(version),
                ..self
            },
        })
    }

    /// A new version: nobody has accepted it yet.
    pub fn revise(self) -> Result<Self, ContractError> {
        match self.final_version() {
            Some(_) => Err(ContractError::Final),
            None => Ok(Self::default()),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use time::macros::date;

    pub(crate) fn form() -> ContractDetailsForm {
        ContractDetailsForm {
            deliverables: vec![
                DeliverableForm {
                    platform: "instagram".into(),
                    format: "Reel".into(),
                    quantity: Some(2),
                    due: "2026-12-15".into(),
                },
                DeliverableForm {
                    platform: "youtube".into(),
                    format: "Dedicated video".into(),
                    quantity: Some(1),
                    due: "2026-12-20".into(),
                },
            ],
            draft_due: "2026-12-08".into(),
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
                    due: "2026-12-05".into(),
                },
                MilestoneForm {
                    label: "7 days after going live".into(),
                    percent: Some(50),
                    due: "2026-12-27".into(),
                },
            ],
            jurisdiction: "Mumbai".into(),
        }
    }

    const TODAY: Date = date!(2026 - 12 - 02);

    #[test]
    fn a_complete_form_gives_the_details() {
        let details = form().parse(TODAY).unwrap();
        assert_eq!(details.deliverables.len(), 2);
        assert_eq!(details.deliverables[1].platform, Platform::YouTube);
        assert_eq!(details.exclusivity.as_ref().map(|x| x.days), Some(30));
        assert_eq!(details.to_form(), form(), "the form round-trips");
        let open = ContractDetailsForm {
            exclusivity_category: " ".into(),
            exclusivity_days: None,
            ..form()
        };
        assert_eq!(open.parse(TODAY).unwrap().exclusivity, None);
    }

    #[test]
    fn every_wrong_field_is_named_and_nothing_is_guessed() {
        let mut bad = form();
        bad.deliverables[0].due = "2026-11-30".into();
        bad.deliverables[1].platform = "myspace".into();
        bad.deliverables[1].quantity = Some(-1);
        bad.draft_due = "8 Dec".into();
        bad.review_days = None;
        bad.revision_rounds = Some(11);
        bad.usage_channels = "".into();
        bad.exclusivity_days = None;
        bad.kill_fee_percent = Some(101);
        bad.milestones[1].percent = Some(40);
        bad.jurisdiction = "\u{0}".into();
        let errors = bad.parse(TODAY).unwrap_err();
        let fields: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.reason.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                ("deliverables.0.due", "in_the_past"),
                ("deliverables.1.platform", "platform_unknown"),
                ("deliverables.1.quantity", "out_of_range"),
                ("draft_due", "date_invalid"),
                ("review_days", "required"),
                ("revision_rounds", "out_of_range"),
                ("usage_channels", "required"),
                ("exclusivity_days", "required"),
                ("kill_fee_percent", "out_of_range"),
                ("milestones", "percent_total"),
                ("jurisdiction", "invalid_characters"),
            ]
        );
        let empty = ContractDetailsForm::default().parse(TODAY).unwrap_err();
        assert!(empty
            .iter()
            .any(|e| e.field == "deliverables" && e.reason == "count"));
        assert!(empty
            .iter()
            .any(|e| e.field == "milestones" && e.reason == "count"));
        let late_draft = ContractDetailsForm {
            draft_due: "2026-12-16".into(),
            ..form()
        };
        assert_eq!(
            late_draft.parse(TODAY).unwrap_err()[0].reason,
            "after_deliverable"
        );
    }

    #[test]
    fn the_schedule_adds_up_to_the_fee_to_the_rupee() {
        let mut details = form().parse(TODAY).unwrap();
        assert_eq!(details.amounts(75_000), [37_500, 37_500]);
        details.milestones[0].percent = 33;
        details.milestones[1].percent = 67;
        assert_eq!(details.amounts(10_001), [3_300, 6_701]);
        for fee in [1, 7, 99, 1_000_000_000] {
            assert_eq!(details.amounts(fee).iter().sum::<u64>(), fee);
        }
    }

    #[test]
    fn both_sides_accept_the_latest_version_and_a_revision_starts_over() {
        let none = Acceptances::default();
        let brand = none.accept(Party::Brand, 2, 2).unwrap();
        assert_eq!(
            none.accept(Party::Creator, 1, 2),
            Err(ContractError::Stale { latest: 2 })
        );
        assert_eq!(
            brand.accept(Party::Brand, 2, 2),
            Err(ContractError::AlreadyAccepted)
        );
        assert_eq!(brand.final_version(), None);
        assert_eq!(brand.revise(), Ok(Acceptances::default()));
        let both = brand.accept(Party::Creator, 2, 2).unwrap();
        assert_eq!(both.final_version(), Some(2));
        assert_eq!(both.revise(), Err(ContractError::Final));
        assert_eq!(both.accept(Party::Brand, 2, 2), Err(ContractError::Final));
    }
}
