//! Who hears of what, and how (issue 16): the events a user can be told
//! about, the two channels (in the app, by e-mail) and the defaults. Security mail (reset,
//! verification, deletion) is not an event here: it always goes.

use crate::FieldError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What happened. Keys are stored and are the REST contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Event {
    InterestReceived,
    InterestAccepted,
    InterestRejected,
    NewMessage,
    ChatEnding,
    DealProposed,
    DealConfirmed,
    ContractReady,
    ContractAccepted,
    MilestoneDue,
    MilestoneOverdue,
    MilestonePaid,
    DeliverableUpdate,
    Moderation,
    DailySummary,
}

impl Event {
    /// Every event the product knows.
    pub const ALL: [Event; 15] = [
        Event::InterestReceived,
        Event::InterestAccepted,
        Event::InterestRejected,
        Event::NewMessage,
        Event::ChatEnding,
        Event::DealProposed,
        Event::DealConfirmed,
        Event::ContractReady,
        Event::ContractAccepted,
        Event::MilestoneDue,
        Event::MilestoneOverdue,
        Event::MilestonePaid,
        Event::DeliverableUpdate,
        Event::Moderation,
        Event::DailySummary,
    ];

    /// The events offered on the Settings page, in its order.
    pub const OFFERED: [Event; 15] = [
        Event::InterestReceived,
        Event::InterestAccepted,
        Event::InterestRejected,
        Event::NewMessage,
        Event::ChatEnding,
        Event::DealProposed,
        Event::DealConfirmed,
        Event::ContractReady,
        Event::ContractAccepted,
        Event::MilestoneDue,
        Event::MilestoneOverdue,
        Event::MilestonePaid,
        Event::DeliverableUpdate,
        Event::Moderation,
        Event::DailySummary,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Event::InterestReceived => "interest_received",
            Event::InterestAccepted => "interest_accepted",
            Event::InterestRejected => "interest_rejected",
            Event::NewMessage => "new_message",
            Event::ChatEnding => "chat_ending",
            Event::DealProposed => "deal_proposed",
            Event::DealConfirmed => "deal_confirmed",
            Event::ContractReady => "contract_ready",
            Event::ContractAccepted => "contract_accepted",
            Event::MilestoneDue => "milestone_due",
            Event::MilestoneOverdue => "milestone_overdue",
            Event::MilestonePaid => "milestone_paid",
            Event::DeliverableUpdate => "deliverable_update",
            Event::Moderation => "moderation",
            Event::DailySummary => "daily_summary",
        }
    }

    pub fn from_key(key: &str) -> Option<Event> {
        Event::ALL.into_iter().find(|e| e.key() == key)
    }

    /// The event an in-app notification `kind` belongs to; `None` for a
    /// kind no one can turn off.
    pub fn of_notification(kind: &str) -> Option<Event> {
        Some(match kind {
            "interest_received" => Event::InterestReceived,
            "interest_accepted" => Event::InterestAccepted,
            "interest_rejected" => Event::InterestRejected,
            "new_message" | "new_messages" => Event::NewMessage,
            "chat_reminder" | "chat_expired" => Event::ChatEnding,
            "deal_proposed" => Event::DealProposed,
            "deal_confirmed" | "deal_confirmed_by_other" => Event::DealConfirmed,
            "contract_ready" | "contract_revised" => Event::ContractReady,
            "contract_accepted" | "contract_accepted_by_other" => Event::ContractAccepted,
            "milestone_due" => Event::MilestoneDue,
            "milestone_overdue" => Event::MilestoneOverdue,
            "milestone_marked_paid"
            | "milestone_confirmed"
            | "milestone_disputed"
            | "milestone_resolved" => Event::MilestonePaid,
            "deliverable_submitted"
            | "deliverable_live"
            | "deliverable_approved"
            | "deliverable_changes_requested" => Event::DeliverableUpdate,
            "moderation_decision" | "report_outcome" => Event::Moderation,
            "daily_summary" => Event::DailySummary,
            _ => return None,
        })
    }

    /// Everything is shown in the app; what needs an answer, or changes
    /// money or standing, is also mailed at once.
    pub fn default_setting(self) -> Setting {
        let email = !matches!(
            self,
            Event::InterestRejected | Event::ContractAccepted | Event::MilestoneDue
        );
        Setting {
            in_app: true,
            email,
            frequency: Frequency::Immediately,
        }
    }

    /// Whether its mail may wait for the daily digest: the daily summary
    /// is itself the morning mail.
    pub fn can_wait(self) -> bool {
        self != Event::DailySummary
    }
}

/// How soon an event's mail goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    /// Within a minute of the event.
    #[default]
    Immediately,
    /// Held for one mail at 09:00 with the others held that day.
    Daily,
}

impl Frequency {
    pub const ALL: [Frequency; 2] = [Frequency::Immediately, Frequency::Daily];

    /// Stored and the REST contract.
    pub fn key(self) -> &'static str {
        match self {
            Frequency::Immediately => "immediately",
            Frequency::Daily => "daily",
        }
    }

    pub fn from_key(key: &str) -> Option<Frequency> {
        Frequency::ALL.into_iter().find(|f| f.key() == key)
    }
}

/// What one unsubscribe link stops: one event's mail, or the daily digest
/// (every event whose mail waits for it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    Event(Event),
    Digest,
}

impl Category {
    /// In the link and the REST answer: the event's key, or `digest`.
    pub fn key(self) -> &'static str {
        match self {
            Category::Event(event) => event.key(),
            Category::Digest => "digest",
        }
    }

    pub fn from_key(key: &str) -> Option<Category> {
        match key {
            "digest" => Some(Category::Digest),
            key => Event::from_key(key).map(Category::Event),
        }
    }
}

/// The daily reminder goes at this time of the reader's day (requirement
/// 11.5)…
pub const DAILY_AT: time::Time = time::macros::time!(09:00);
/// …or within this long after it (an instance starting at 09:20); a day
/// whose hour passed with every instance down is skipped, not sent late.
pub const DAILY_WINDOW: time::Duration = time::Duration::hours(1);

/// What waits for one user's answer: the daily reminder's facts, kept with
/// its notification and worded when read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DailyReminder {
    /// Interests in the user's requests not yet accepted or declined.
    #[serde(default)]
    pub interests: u32,
    /// Proposed terms the user has not confirmed.
    #[serde(default)]
    pub deals: u32,
    /// Contracts whose latest version the user has not accepted.
    #[serde(default)]
    pub contracts: u32,
    /// The brand's unpaid milestones past their date.
    #[serde(default)]
    pub overdue: u32,
}

/// One event's row of the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Setting {
    pub in_app: bool,
    pub email: bool,
    /// Rows stored before frequencies existed read as `immediately`.
    #[serde(default)]
    pub frequency: Frequency,
}

/// A user's choices: the master switch for e-mail and each event's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preferences {
    /// Off: no event mail at all (security mail still goes).
    pub email: bool,
    settings: BTreeMap<Event, Setting>,
}

impl Default for Preferences {
    fn default() -> Self {
        Self {
            email: true,
            settings: BTreeMap::new(),
        }
    }
}

/// Where an event goes for one user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Delivery {
    pub in_app: bool,
    pub email: bool,
    /// The mail waits for the morning digest instead of going now.
    pub digest: bool,
}

impl Preferences {
    /// From what is stored: the master switch and the rows that differ from
    /// the defaults (unknown keys, from a newer version, are skipped).
    pub fn from_stored(email: bool, stored: &BTreeMap<String, Setting>) -> Self {
        let settings = stored
            .iter()
            .filter_map(|(key, setting)| Some((Event::from_key(key)?, *setting)))
            .collect();
        Self { email, settings }
    }

    /// The rows that differ from the defaults, to store.
    pub fn to_stored(&self) -> BTreeMap<String, Setting> {
        self.settings
            .iter()
            .filter(|(event, setting)| event.default_setting() != **setting)
            .map(|(event, setting)| (event.key().to_owned(), *setting))
            .collect()
    }

    pub fn setting(&self, event: Event) -> Setting {
        self.settings
            .get(&event)
            .copied()
            .unwrap_or_else(|| event.default_setting())
    }

    pub fn set(&mut self, event: Event, setting: Setting) {
        self.settings.insert(event, setting);
    }

    /// Turns `event`'s mail off (the one-click unsubscribe).
    fn unsubscribe(&mut self, event: Event) {
        let setting = self.setting(event);
        self.set(
            event,
            Setting {
                email: false,
                ..setting
            },
        );
    }

    /// The events whose mail waits for the daily digest.
    pub fn digested(&self) -> Vec<Event> {
        Event::OFFERED
            .into_iter()
            .filter(|e| self.delivery(*e).digest)
            .collect()
    }

    /// Turns off the mail of every event in the digest (its one-click
    /// unsubscribe); the events mailed at once keep going.
    fn unsubscribe_digest(&mut self) {
        for event in self.digested() {
            self.unsubscribe(event);
        }
    }

    /// Whether mail of `category` goes now.
    pub fn mails(&self, category: Category) -> bool {
        match category {
            Category::Event(event) => self.delivery(event).email,
            Category::Digest => !self.digested().is_empty(),
        }
    }

    /// Stops mail of `category` (the one click).
    pub fn stop(&mut self, category: Category) {
        match category {
            Category::Event(event) => self.unsubscribe(event),
            Category::Digest => self.unsubscribe_digest(),
        }
    }

    pub fn delivery(&self, event: Event) -> Delivery {
        let setting = self.setting(event);
        let email = self.email && setting.email;
        Delivery {
            in_app: setting.in_app,
            email,
            digest: email && event.can_wait() && setting.frequency == Frequency::Daily,
        }
    }

    /// Every offered event's row, in the Settings page's order: what a
    /// client reads it can send back unchanged.
    pub fn rows(&self) -> Vec<(Event, Setting)> {
        Event::OFFERED
            .into_iter()
            .map(|e| (e, self.setting(e)))
            .collect()
    }
}

/// What a client sends: `{email, events: [{event, in_app, email,
/// frequency}]}`, the
/// shape it reads; events and fields left out keep their current value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct PreferencesForm {
    /// The master switch for event mail.
    pub email: Option<bool>,
    pub events: Vec<SettingForm>,
}

/// One row as sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct SettingForm {
    /// `interest_received`, `new_message`, … (see the GET answer).
    pub event: String,
    pub in_app: Option<bool>,
    pub email: Option<bool>,
    /// `immediately` or `daily` (held for the 09:00 digest).
    pub frequency: Option<String>,
}

impl PreferencesForm {
    /// `current` with the form's changes; every unknown event is named
    /// (`events.<key>`), and every frequency that is not one
    /// (`events.<key>.frequency`).
    pub fn apply(&self, current: &Preferences) -> Result<Preferences, Vec<FieldError>> {
        let mut next = current.clone();
        let mut errors = Vec::new();
        if let Some(email) = self.email {
            next.email = email;
        }
        for form in &self.events {
            let key = form.event.as_str();
            let Some(event) = Event::from_key(key).filter(|e| Event::OFFERED.contains(e)) else {
                errors.push(FieldError::new(
                    &format!("events.{key}"),
                    "unknown_event",
                    format!("There is no event called {key:?}."),
                ));
                continue;
            };
            let was = next.setting(event);
            let frequency = match form.frequency.as_deref().map(str::trim) {
                None => was.frequency,
                Some(given) => match Frequency::from_key(given) {
                    Some(Frequency::Daily) if !event.can_wait() => {
                        errors.push(FieldError::new(
                            &format!("events.{key}.frequency"),
                            "frequency_not_offered",
                            "The daily summary already comes once a day; it cannot wait for the digest.",
                        ));
                        continue;
                    }
                    Some(frequency) => frequency,
                    None => {
                        errors.push(FieldError::new(
                            &format!("events.{key}.frequency"),
                            "invalid_frequency",
                            "Choose \"immediately\" or \"daily\".",
                        ));
                        continue;
                    }
                },
            };
            next.set(
                event,
                Setting {
                    in_app: form.in_app.unwrap_or(was.in_app),
                    email: form.email.unwrap_or(was.email),
                    frequency,
                },
            );
        }
        if errors.is_empty() {
            Ok(next)
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_every_notification_kind_has_its_event() {
        for event in Event::ALL {
            assert_eq!(Event::from_key(event.key()), Some(event));
        }
        assert_eq!(
            Event::of_notification("chat_reminder"),
            Some(Event::ChatEnding)
        );
        assert_eq!(
            Event::of_notification("deal_confirmed_by_other"),
            Some(Event::DealConfirmed)
        );
        assert_eq!(
            Event::of_notification("new_messages"),
            Some(Event::NewMessage)
        );
        assert_eq!(
            Event::of_notification("daily_summary"),
            Some(Event::DailySummary)
        );
        assert_eq!(Event::of_notification("account_under_review"), None);
    }

    #[test]
    fn a_daily_reminder_keeps_its_facts_under_stable_keys() {
        let waiting = DailyReminder {
            interests: 2,
            deals: 1,
            contracts: 1,
            overdue: 0,
        };
        let stored = serde_json::to_value(waiting).unwrap();
        assert_eq!(
            stored,
            serde_json::json!({"interests": 2, "deals": 1, "contracts": 1, "overdue": 0})
        );
        assert_eq!(
            serde_json::from_value::<DailyReminder>(serde_json::json!({"deals": 3})).unwrap(),
            DailyReminder {
                deals: 3,
                ..DailyReminder::default()
            }
        );
    }

    #[test]
    fn defaults_show_everything_in_the_app_and_mail_what_needs_an_answer() {
        let prefs = Preferences::default();
        assert!(prefs.rows().iter().all(|(_, s)| s.in_app));
        assert!(prefs.delivery(Event::InterestReceived).email);
        assert!(prefs.delivery(Event::DealProposed).email);
        assert!(!prefs.delivery(Event::InterestRejected).email);
    }

    #[test]
    fn every_row_shown_can_be_saved_back() {
        let prefs = Preferences::default();
        let form = PreferencesForm {
            email: Some(true),
            events: prefs
                .rows()
                .into_iter()
                .map(|(event, setting)| SettingForm {
                    event: event.key().to_owned(),
                    in_app: Some(setting.in_app),
                    email: Some(setting.email),
                    frequency: Some(setting.frequency.key().to_owned()),
                })
                .collect(),
        };
        let saved = form.apply(&prefs).unwrap();
        assert_eq!(saved.rows(), prefs.rows());
        assert!(saved.to_stored().is_empty());
    }

    #[test]
    fn a_form_changes_only_what_it_names_and_names_what_is_wrong() {
        let form: PreferencesForm = serde_json::from_value(serde_json::json!({
            "events": [{"event": "chat_ending", "email": false}, {"event": "deal_proposed", "in_app": false}]
        }))
        .unwrap();
        let prefs = form.apply(&Preferences::default()).unwrap();
        assert!(!prefs.delivery(Event::ChatEnding).email);
        assert_eq!(
            prefs.delivery(Event::DealProposed),
            Delivery {
                in_app: false,
                email: true,
                digest: false
            }
        );
        assert_eq!(
            prefs.setting(Event::InterestReceived),
            Event::InterestReceived.default_setting()
        );
        assert_eq!(prefs.to_stored().len(), 2, "only what differs is stored");

        let bad: PreferencesForm = serde_json::from_value(serde_json::json!({
            "events": [{"event": "lottery_won", "email": true}, {"event": "payment_late", "email": true}, {"event": "chat_ending"}]
        }))
        .unwrap();
        let errors = bad.apply(&prefs).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["events.lottery_won", "events.payment_late"]);
    }

    #[test]
    fn the_master_switch_stops_every_event_mail_and_unsubscribing_one_keeps_the_rest() {
        let mut prefs = Preferences::default();
        prefs.unsubscribe(Event::InterestReceived);
        assert!(!prefs.delivery(Event::InterestReceived).email);
        assert!(prefs.delivery(Event::InterestReceived).in_app);
        assert!(prefs.delivery(Event::DealProposed).email);
        prefs.email = false;
        assert!(Event::ALL.iter().all(|e| !prefs.delivery(*e).email));
        let stored = prefs.to_stored();
        assert_eq!(Preferences::from_stored(false, &stored), prefs);
    }

    #[test]
    fn a_daily_event_waits_for_the_digest_and_its_unsubscribe_stops_only_those() {
        let form: PreferencesForm = serde_json::from_value(serde_json::json!({
            "events": [
                {"event": "interest_received", "frequency": "daily"},
                {"event": "deal_proposed", "frequency": "daily", "email": false},
                {"event": "chat_ending", "frequency": "immediately"}
            ]
        }))
        .unwrap();
        let mut prefs = form.apply(&Preferences::default()).unwrap();
        assert!(prefs.delivery(Event::InterestReceived).digest);
        assert!(
            !prefs.delivery(Event::DealProposed).digest,
            "no mail, nothing held"
        );
        assert!(!prefs.delivery(Event::ChatEnding).digest);
        assert_eq!(prefs.digested(), [Event::InterestReceived]);
        let stored = prefs.to_stored();
        assert_eq!(
            serde_json::to_value(stored["interest_received"]).unwrap(),
            serde_json::json!({"in_app": true, "email": true, "frequency": "daily"})
        );
        assert_eq!(Preferences::from_stored(true, &stored).rows(), prefs.rows());
        // A row stored before frequencies existed.
        let old: Setting =
            serde_json::from_value(serde_json::json!({"in_app": true, "email": false})).unwrap();
        assert_eq!(old.frequency, Frequency::Immediately);

        assert!(prefs.mails(Category::Digest));
        for category in [Category::Digest, Category::Event(Event::Moderation)] {
            assert_eq!(Category::from_key(category.key()), Some(category));
        }
        prefs.stop(Category::Digest);
        assert!(!prefs.mails(Category::Digest));
        assert!(!prefs.delivery(Event::InterestReceived).email);
        assert!(prefs.delivery(Event::ChatEnding).email);
        assert!(prefs.digested().is_empty());

        let bad: PreferencesForm = serde_json::from_value(serde_json::json!({
            "events": [
                {"event": "daily_summary", "frequency": "daily"},
                {"event": "new_message", "frequency": "weekly"}
            ]
        }))
        .unwrap();
        let errors = bad.apply(&prefs).unwrap_err();
        let fields: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.reason.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                ("events.daily_summary.frequency", "frequency_not_offered"),
                ("events.new_message.frequency", "invalid_frequency")
            ]
        );
    }
}
