//! The signed-in home: the dashboard and the account page.

mod account_page;
mod dashboard_page;

pub use account_page::AccountPage;
pub use dashboard_page::DashboardPage;

/// "22 Nov 2026" for a timestamp.
pub(crate) fn short_date(t: time::OffsetDateTime) -> String {
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ][t.month() as usize - 1];
    format!("{} {month} {}", t.day(), t.year())
}
