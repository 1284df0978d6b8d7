//! Domain-free building blocks shared by pages.

mod form_field;
mod language_menu;
mod layout;
mod moderation_notice;
mod ui;

pub use form_field::{FormAlert, FormField, SubmitButton};
pub use language_menu::{error_words, language_of, locale_of, LanguageMenu, LanguageSync};
pub use layout::{role_label, AppShell, Protected, PublicHeader, Spinner};
pub use moderation_notice::{ModerationBadge, ModerationNotice};
pub use ui::{
    error_line, niche_label, shown_name, status_label, BreakdownBars, CompletenessCard,
    CurrencySelect, EmptyState, FormValues, LanguageCheckboxes, MatchCard, NicheCheckboxes,
    NicheChips, ScoreBadge, StatusBadge, VerifiedBadge, BUTTON, INPUT, LABEL,
};
