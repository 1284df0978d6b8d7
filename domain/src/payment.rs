//! Payment milestones after the deal (issue 17, requirements 16.1–16.5):
//! the schedule a contract sets, each milestone's state machine, when one
//! is late, and the Indian financial year (April–March) the payment history
//! report is cut by. Money moves on the manual rail: the brand pays outside
//! the product (UPI, NEFT, IMPS) and records the reference; the creator
//! confirms receipt or disputes it.

use crate::deal::Party;
use crate::FieldError;
use serde::{Deserialize, Serialize};
use time::{Date, Month, OffsetDateTime, UtcOffset};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneStatus {
    /// Its date has not come.
    Scheduled,
    /// Its date has come; the brand owes it.
    Due,
    /// The brand says it paid, with a reference; the creator has not
    /// confirmed yet.
    MarkedPaid,
    /// The creator confirmed receipt.
    Completed,
    /// The creator (or the brand) says something is wrong, with a reason.
    Disputed,
    /// The parties settled the dispute, with a note.
    Resolved,
}

impl MilestoneStatus {
    pub const ALL: [MilestoneStatus; 6] = [
        MilestoneStatus::Scheduled,
        MilestoneStatus::Due,
        MilestoneStatus::MarkedPaid,
        MilestoneStatus::Completed,
        MilestoneStatus::Disputed,
        MilestoneStatus::Resolved,
    ];

    /// Stored and the REST contract.
    pub fn key(self) -> &'static str {
        match self {
            MilestoneStatus::Scheduled => "scheduled",
            MilestoneStatus::Due => "due",
            MilestoneStatus::MarkedPaid => "marked_paid",
            MilestoneStatus::Completed => "completed",
            MilestoneStatus::Disputed => "disputed",
            MilestoneStatus::Resolved => "resolved",
        }
    }

    pub fn from_key(key: &str) -> Option<MilestoneStatus> {
        MilestoneStatus::ALL.into_iter().find(|s| s.key() == key)
    }

    /// Still owed by the brand: what can be late.
    pub fn unpaid(self) -> bool {
        matches!(self, MilestoneStatus::Scheduled | MilestoneStatus::Due)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneEvent {
    /// Its date came (the clock, not a person).
    BecomeDue,
    MarkPaid,
    Confirm,
    Dispute,
    Resolve,
}

impl MilestoneEvent {
    /// Stored in `milestone_events` and the REST contract.
    pub fn key(self) -> &'static str {
        match self {
            MilestoneEvent::BecomeDue => "become_due",
            MilestoneEvent::MarkPaid => "mark_paid",
            MilestoneEvent::Confirm => "confirm",
            MilestoneEvent::Dispute => "dispute",
            MilestoneEvent::Resolve => "resolve",
        }
    }
}

/// Who acts on a milestone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Actor {
    /// The daily pass that notices a date has come.
    Clock,
    Party(Party),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MilestoneError {
    #[error("Only the brand records a payment.")]
    BrandPays,
    #[error("Only the creator confirms that the money arrived.")]
    CreatorConfirms,
    #[error("This milestone cannot do that now.")]
    NotNow,
}

use Actor::{Clock, Party as By};
use MilestoneEvent::*;
use MilestoneStatus::*;

/// Every allowed move: from, event, who may, to. Anything else is refused.
pub const TRANSITIONS: &[(MilestoneStatus, MilestoneEvent, Actor, MilestoneStatus)] = &[
    (Scheduled, BecomeDue, Clock, Due),
    // Paying early is fine.
    (Scheduled, MarkPaid, By(Party::Brand), MarkedPaid),
    (Due, MarkPaid, By(Party::Brand), MarkedPaid),
    (MarkedPaid, Confirm, By(Party::Creator), Completed),
    (MarkedPaid, Dispute, By(Party::Creator), Disputed),
    (MarkedPaid, Dispute, By(Party::Brand), Disputed),
    (Disputed, Resolve, By(Party::Creator), Resolved),
    (Disputed, Resolve, By(Party::Brand), Resolved),
];

impl MilestoneStatus {
    /// The state after `actor` does `event`, or why not.
    pub fn apply(self, event: MilestoneEvent, actor: Actor) -> Result<Self, MilestoneError> {
        if let Some((.., to)) = TRANSITIONS
            .iter()
            .find(|(from, e, who, _)| *from == self && *e == event && *who == actor)
        {
            return Ok(*to);
        }
        let allowed_to_someone = TRANSITIONS
            .iter()
            .any(|(from, e, ..)| *from == self && *e == event);
        Err(match (event, allowed_to_someone) {
            (MarkPaid, true) => MilestoneError::BrandPays,
            (Confirm, true) => MilestoneError::CreatorConfirms,
            _ => MilestoneError::NotNow,
        })
    }

    /// What `party` may do now; the workspace shows one button for each.
    pub fn allowed_events(self, party: Party) -> Vec<MilestoneEvent> {
        TRANSITIONS
            .iter()
            .filter(|(from, _, who, _)| *from == self && *who == By(party))
            .map(|(_, e, ..)| *e)
            .collect()
    }
}

/// The reader's calendar day at `now`.
pub fn local_today(now: OffsetDateTime, offset: UtcOffset) -> Date {
    now.to_offset(offset).date()
}

/// Whole days an unpaid milestone is past its due date on `today` (the
/// reader's day); `None` when it is not late or no longer owed.
pub fn days_late(status: MilestoneStatus, due: Date, today: Date) -> Option<u32> {
    let late = (today - due).whole_days();
    (status.unpaid() && late > 0).then(|| u32::try_from(late).unwrap_or(u32::MAX))
}

/// An Indian financial year, 1 April to 31 March, named `2026-27`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct FinancialYear {
    /// The calendar year it starts in.
    start: i32,
}

impl FinancialYear {
    /// The year `date` falls in.
    pub fn of(date: Date) -> Self {
        let start = if date.month() >= Month::April {
            date.year()
        } else {
            date.year() - 1
        };
        Self { start }
    }

    /// `2026-27` (also `2026-2027`); `field` names the form field.
    pub fn parse(raw: &str, field: &str) -> Result<Self, FieldError> {
        let wrong = || {
            FieldError::new(
                field,
                "invalid_financial_year",
                "Write the financial year as 2026-27 (April 2026 to March 2027).",
            )
            .with("value", raw)
        };
        let (start, end) = raw.trim().split_once(['-', '–']).ok_or_else(wrong)?;
        let start: i32 = start.parse().map_err(|_| wrong())?;
        if !(2000..=2200).contains(&start) || start.to_string().len() != 4 {
            return Err(wrong());
        }
        let next = start + 1;
        let end_ok = match end.len() {
            2 => end == format!("{:02}", next % 100),
            4 => end == next.to_string(),
            _ => false,
        };
        if !end_ok {
            return Err(wrong());
        }
        Ok(Self { start })
    }

    pub fn first_day(self) -> Date {
        Date::from_calendar_date(self.start, Month::April, 1).expect("1 April exists")
    }

    pub fn last_day(self) -> Date {
        Date::from_calendar_date(self.start + 1, Month::March, 31).expect("31 March exists")
    }

    pub fn contains(self, date: Date) -> bool {
        Self::of(date) == self
    }

    /// `2026-27`.
    pub fn label(self) -> String {
        format!("{}-{:02}", self.start, (self.start + 1) % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime, offset};

    #[test]
    fn the_transition_table_is_the_whole_story() {
        let events = [BecomeDue, MarkPaid, Confirm, Dispute, Resolve];
        let actors = [Clock, By(Party::Brand), By(Party::Creator)];
        let mut allowed = 0;
        for from in MilestoneStatus::ALL {
            for event in events {
                for actor in actors {
                    let listed = TRANSITIONS
                        .iter()
                        .find(|(f, e, a, _)| *f == from && *e == event && *a == actor);
                    match (from.apply(event, actor), listed) {
                        (Ok(to), Some((.., listed_to))) => {
                            assert_eq!(to, *listed_to);
                            allowed += 1;
                        }
                        (Err(_), None) => {}
                        (got, listed) => {
                            panic!("{from:?} {event:?} {actor:?}: {got:?} vs {listed:?}")
                        }
                    }
                }
            }
        }
        assert_eq!(allowed, TRANSITIONS.len());
        // Completed and resolved are the end.
        for end in [Completed, Resolved] {
            assert!(events
                .iter()
                .all(|e| actors.iter().all(|a| end.apply(*e, *a).is_err())));
        }
    }

    #[test]
    fn the_wrong_side_is_told_who_may() {
        assert_eq!(
            Due.apply(MarkPaid, By(Party::Creator)),
            Err(MilestoneError::BrandPays)
        );
        assert_eq!(
            MarkedPaid.apply(Confirm, By(Party::Brand)),
            Err(MilestoneError::CreatorConfirms)
        );
        assert_eq!(
            Completed.apply(MarkPaid, By(Party::Brand)),
            Err(MilestoneError::NotNow)
        );
        assert_eq!(Due.allowed_events(Party::Brand), [MarkPaid]);
        assert_eq!(
            MarkedPaid.allowed_events(Party::Creator),
            [Confirm, Dispute]
        );
        assert!(Due.allowed_events(Party::Creator).is_empty());
    }

    #[test]
    fn lateness_counts_the_readers_days_and_stops_once_paid() {
        let due = date!(2026 - 12 - 15);
        // 16 Dec 01:00 in Kolkata is still 15 Dec in New York.
        let now = datetime!(2026-12-15 19:30 UTC);
        let kolkata = local_today(now, offset!(+5:30));
        let new_york = local_today(now, offset!(-5));
        assert_eq!(days_late(Due, due, kolkata), Some(1));
        assert_eq!(days_late(Due, due, new_york), None);
        assert_eq!(days_late(Scheduled, due, date!(2026 - 12 - 25)), Some(10));
        assert_eq!(days_late(MarkedPaid, due, date!(2026 - 12 - 25)), None);
        assert_eq!(days_late(Disputed, due, date!(2026 - 12 - 25)), None);
        assert_eq!(days_late(Due, due, due), None, "due today is not late");
    }

    #[test]
    fn a_financial_year_runs_april_to_march() {
        let fy = FinancialYear::parse("2026-27", "fy").unwrap();
        assert_eq!(fy.first_day(), date!(2026 - 04 - 01));
        assert_eq!(fy.last_day(), date!(2027 - 03 - 31));
        assert_eq!(fy.label(), "2026-27");
        assert_eq!(FinancialYear::parse("2026-2027", "fy"), Ok(fy));
        assert_eq!(FinancialYear::of(date!(2026 - 04 - 01)), fy);
        assert_eq!(FinancialYear::of(date!(2027 - 03 - 31)), fy);
        assert_eq!(FinancialYear::of(date!(2026 - 03 - 31)).label(), "2025-26");
        assert!(!fy.contains(date!(2027 - 04 - 01)));
        assert_eq!(
            FinancialYear::parse("1999-00", "fy").unwrap_err().reason,
            "invalid_financial_year"
        );
        assert_eq!(
            FinancialYear::parse("2099-00", "fy").unwrap().last_day(),
            date!(2100 - 03 - 31)
        );
        for bad in [
            "2026-28",
            "2026",
            "26-27",
            "२०२६-२७",
            "2026-27-28",
            "",
            "-2026-27",
        ] {
            let error = FinancialYear::parse(bad, "fy").unwrap_err();
            assert_eq!(error.field, "fy", "{bad}");
        }
    }
}
