//! Domain-free building blocks shared by pages.

mod form_field;
mod layout;
mod ui;

pub use form_field::{FormAlert, FormField, SubmitButton};
pub use layout::{role_label, AppShell, Protected, PublicHeader, Spinner};
pub use ui::{
    niche_label, status_label, BreakdownBars, CompletenessCard, EmptyState, FormValues, NicheChips,
    ScoreBadge, StatusBadge,
};
