//! The signed-in home: the dashboard and the account page.

mod account_page;
pub mod api;
mod dashboard_page;

pub use account_page::AccountPage;
pub use dashboard_page::DashboardPage;

/// "22 Nov 2026" / "22 नवंबर 2026" for a timestamp, in the page's language
/// (reactive: call it inside a closure so a language switch redraws it).
pub(crate) fn short_date(
    i18n: leptos_i18n::I18nContext<crate::i18n::Locale>,
    t: time::OffsetDateTime,
) -> String {
    domain::format::date(
        t.date(),
        crate::components::language_of(i18n.get_locale()),
        true,
    )
}
