//! What the author of an item held for review (or removed) is told, on the
//! item itself: that only they can see it, and why.

use crate::i18n::*;
use domain::moderation::{Standing, Status};
use leptos::prelude::*;

/// Nothing for a published item.
#[component]
pub fn ModerationNotice(standing: Standing) -> impl IntoView {
    let i18n = use_i18n();
    if standing.status == Status::Approved {
        return ().into_any();
    }
    let removed = standing.status == Status::Removed;
    let keys: Vec<&'static str> = standing.reasons.iter().map(|r| r.category.key()).collect();
    let why = move || {
        let locale = i18n.get_locale();
        let mut names: Vec<String> = keys
            .iter()
            .map(|k| crate::words::moderation_category(locale, k))
            .collect();
        names.dedup();
        (!names.is_empty())
            .then(|| t_string!(i18n, moderation.notice_why, reasons = names.join(", ")).to_string())
    };
    view! {
        <div class="mt-4 rounded-xl border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900"
            role="status" data-testid="moderation-notice" data-status=standing.status.key()>
            <p class="font-medium">{move || if removed {
                t_string!(i18n, moderation.notice_removed).to_string()
            } else {
                t_string!(i18n, moderation.notice_pending).to_string()
            }}</p>
            {move || why().map(|w| view! { <p class="mt-1">{w}</p> })}
        </div>
    }
    .into_any()
}

/// A short badge for lists: "Under review" or "Removed".
#[component]
pub fn ModerationBadge(status: Status) -> impl IntoView {
    let i18n = use_i18n();
    let label = move || match status {
        Status::PendingReview => Some(t_string!(i18n, moderation.badge_pending).to_string()),
        Status::Removed => Some(t_string!(i18n, moderation.badge_removed).to_string()),
        Status::Approved | Status::Rejected => None,
    };
    move || {
        label().map(|l| {
            view! {
                <span class="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-800"
                    data-testid="moderation-badge">{l}</span>
            }
        })
    }
}
