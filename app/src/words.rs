//! The product's vocabulary in a locale, and the sentences made of it:
//! niche and language names, and why a match scored what it did. Pages
//! (in the page's locale, reactively) and REST answers (in the caller's
//! language) both render through here, so the domain stays structured.

use crate::i18n::*;
use domain::matching::{Band, BudgetRelation, Explanation, Topic};
use domain::Niche;
use leptos_i18n::td_string;

pub fn niche_name(locale: Locale, niche: Niche) -> &'static str {
    match niche {
        Niche::Fitness => td_string!(locale, niche.fitness),
        Niche::Beauty => td_string!(locale, niche.beauty),
        Niche::Fashion => td_string!(locale, niche.fashion),
        Niche::Food => td_string!(locale, niche.food),
        Niche::Travel => td_string!(locale, niche.travel),
        Niche::Tech => td_string!(locale, niche.tech),
        Niche::Gaming => td_string!(locale, niche.gaming),
        Niche::Finance => td_string!(locale, niche.finance),
        Niche::Education => td_string!(locale, niche.education),
        Niche::Parenting => td_string!(locale, niche.parenting),
        Niche::Lifestyle => td_string!(locale, niche.lifestyle),
        Niche::Music => td_string!(locale, niche.music),
        Niche::Comedy => td_string!(locale, niche.comedy),
        Niche::Sports => td_string!(locale, niche.sports),
        Niche::Health => td_string!(locale, niche.health),
        Niche::Automotive => td_string!(locale, niche.automotive),
        Niche::Home => td_string!(locale, niche.home),
        Niche::Pets => td_string!(locale, niche.pets),
        Niche::Art => td_string!(locale, niche.art),
        Niche::Sustainability => td_string!(locale, niche.sustainability),
    }
}

/// A content language (ISO 639-1, one of `profile_input::LANGUAGES`) by
/// name; a code we do not know is shown as it is.
pub fn language_name(locale: Locale, code: &str) -> String {
    let name = match code {
        "en" => td_string!(locale, lang.en),
        "hi" => td_string!(locale, lang.hi),
        "ta" => td_string!(locale, lang.ta),
        "te" => td_string!(locale, lang.te),
        "bn" => td_string!(locale, lang.bn),
        "mr" => td_string!(locale, lang.mr),
        "gu" => td_string!(locale, lang.gu),
        "kn" => td_string!(locale, lang.kn),
        "ml" => td_string!(locale, lang.ml),
        "pa" => td_string!(locale, lang.pa),
        "ur" => td_string!(locale, lang.ur),
        "or" => td_string!(locale, lang.or),
        "as" => td_string!(locale, lang.asm),
        "fr" => td_string!(locale, lang.fr),
        "de" => td_string!(locale, lang.de),
        "es" => td_string!(locale, lang.es),
        "pt" => td_string!(locale, lang.pt),
        "it" => td_string!(locale, lang.it),
        "ar" => td_string!(locale, lang.ar),
        "ja" => td_string!(locale, lang.ja),
        "ko" => td_string!(locale, lang.ko),
        "zh" => td_string!(locale, lang.zh),
        other => return other.to_owned(),
    };
    name.to_owned()
}

/// Language names joined for a list ("Hindi, Tamil").
pub fn language_names(locale: Locale, codes: &[String]) -> String {
    codes
        .iter()
        .map(|c| language_name(locale, c))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The advice for a search whose filters leave nothing: which filter to
/// relax and what that would show.
pub fn relax(locale: Locale, r: &domain::match_filters::Relax) -> String {
    use domain::match_filters::FilterKind;
    let n = r.would_show;
    if let Some(score) = r.suggested_min_score {
        return td_string!(locale, matches.relax_score, score, n).to_string();
    }
    let advice = match r.filter {
        FilterKind::MinScore => td_string!(locale, matches.advice_min_score),
        FilterKind::Niche => td_string!(locale, matches.advice_niche),
        FilterKind::Location => td_string!(locale, matches.advice_location),
        FilterKind::Language => td_string!(locale, matches.advice_language),
        FilterKind::MinFollowers => td_string!(locale, matches.advice_min_followers),
        FilterKind::MaxFollowers => td_string!(locale, matches.advice_max_followers),
        FilterKind::BudgetFit => td_string!(locale, matches.advice_budget_fit),
    };
    td_string!(locale, matches.relax_filter, n, advice).to_string()
}

/// The text of a notification (from its kind and data) and where it leads.
pub fn notification(
    locale: Locale,
    n: &crate::features::collab::Notification,
) -> (String, Option<String>) {
    notice(locale, &n.kind, &n.data)
}

/// The text of a notice of `kind` made of `data`, and where it leads (the
/// bell and event mail word it alike).
pub fn notice(locale: Locale, kind: &str, data: &serde_json::Value) -> (String, Option<String>) {
    let s = |k: &str| {
        data.get(k)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned()
    };
    let chat = data
        .get("chat_id")
        .and_then(|v| v.as_str())
        .map(|c| format!("/chats/{c}"));
    let request = data
        .get("request_id")
        .and_then(|v| v.as_str())
        .map(|r| format!("/requests/{r}"));
    let deal = data
        .get("deal_id")
        .and_then(|v| v.as_str())
        .map(|d| format!("/deals/{d}"));
    let (title, name, by) = (s("request_title"), s("creator_name"), s("by_name"));
    match kind {
        "interest_received" => (
            td_string!(
                locale,
                collab.n_interest_received,
                name = name,
                title = title
            )
            .to_string(),
            request,
        ),
        "interest_accepted" => (
            td_string!(locale, collab.n_interest_accepted, title = title).to_string(),
            chat.or(request),
        ),
        "interest_rejected" => (
            td_string!(locale, collab.n_interest_rejected, title = title).to_string(),
            request,
        ),
        "new_message" => (
            td_string!(locale, collab.n_new_message, name = s("sender_name")).to_string(),
            chat,
        ),
        "new_messages" => {
            let n = data.get("messages").and_then(|v| v.as_u64()).unwrap_or(1);
            (
                td_string!(
                    locale,
                    collab.n_new_messages,
                    name = s("sender_name"),
                    title = title,
                    n,
                    count = n
                )
                .to_string(),
                chat,
            )
        }
        "deal_proposed" => (
            td_string!(locale, collab.n_deal_proposed, name = by, title = title).to_string(),
            chat,
        ),
        "deal_confirmed_by_other" => (
            td_string!(
                locale,
                collab.n_deal_confirmed_by_other,
                name = by,
                title = title
            )
            .to_string(),
            chat,
        ),
        "deal_confirmed" => (
            td_string!(locale, collab.n_deal_confirmed, title = title).to_string(),
            chat,
        ),
        "contract_ready"
        | "contract_revised"
        | "contract_accepted_by_other"
        | "contract_accepted" => {
            let version = data
                .get("version")
                .and_then(|v| v.as_i64())
                .unwrap_or(1)
                .to_string();
            let text = match kind {
                "contract_ready" => {
                    td_string!(locale, collab.n_contract_ready, name = by, title = title)
                        .to_string()
                }
                "contract_revised" => td_string!(
                    locale,
                    collab.n_contract_revised,
                    name = by,
                    title = title,
                    version = version
                )
                .to_string(),
                "contract_accepted_by_other" => td_string!(
                    locale,
                    collab.n_contract_accepted_by_other,
                    name = by,
                    title = title,
                    version = version
                )
                .to_string(),
                _ => td_string!(
                    locale,
                    collab.n_contract_accepted,
                    title = title,
                    version = version
                )
                .to_string(),
            };
            (text, deal)
        }
        "milestone_due" | "milestone_overdue" => {
            let (label, amount) = (s("label"), s("amount"));
            let text = if kind == "milestone_due" {
                td_string!(
                    locale,
                    collab.n_milestone_due,
                    amount = amount,
                    label = label,
                    title = title
                )
                .to_string()
            } else {
                let days = data.get("days_late").and_then(|v| v.as_u64()).unwrap_or(1);
                td_string!(
                    locale,
                    collab.n_milestone_overdue,
                    days,
                    count = days,
                    amount = amount,
                    label = label,
                    title = title
                )
                .to_string()
            };
            (text, deal)
        }
        "milestone_marked_paid"
        | "milestone_confirmed"
        | "milestone_disputed"
        | "milestone_resolved" => {
            let (label, amount) = (s("label"), s("amount"));
            let text = match kind {
                "milestone_marked_paid" => td_string!(
                    locale,
                    collab.n_milestone_marked_paid,
                    name = by,
                    amount = amount,
                    label = label,
                    title = title
                ),
                "milestone_confirmed" => td_string!(
                    locale,
                    collab.n_milestone_confirmed,
                    name = by,
                    amount = amount,
                    label = label,
                    title = title
                ),
                "milestone_disputed" => td_string!(
                    locale,
                    collab.n_milestone_disputed,
                    name = by,
                    amount = amount,
                    label = label,
                    title = title
                ),
                _ => td_string!(
                    locale,
                    collab.n_milestone_resolved,
                    name = by,
                    label = label,
                    title = title
                ),
            };
            (text.to_string(), deal)
        }
        "deliverable_submitted"
        | "deliverable_live"
        | "deliverable_approved"
        | "deliverable_changes_requested" => {
            let what = s("deliverable");
            let text = match kind {
                "deliverable_submitted" => td_string!(
                    locale,
                    collab.n_deliverable_submitted,
                    name = by,
                    deliverable = what,
                    title = title
                ),
                "deliverable_live" => td_string!(
                    locale,
                    collab.n_deliverable_live,
                    name = by,
                    deliverable = what,
                    title = title
                ),
                "deliverable_approved" => td_string!(
                    locale,
                    collab.n_deliverable_approved,
                    name = by,
                    deliverable = what,
                    title = title
                ),
                _ => td_string!(
                    locale,
                    collab.n_deliverable_changes_requested,
                    name = by,
                    deliverable = what,
                    title = title
                ),
            };
            (text.to_string(), deal)
        }
        "chat_reminder" => (
            td_string!(locale, collab.n_chat_reminder, title = title).to_string(),
            chat,
        ),
        "chat_expired" => (
            td_string!(locale, collab.n_chat_expired, title = title).to_string(),
            chat,
        ),
        "daily_summary" => {
            let waiting: domain::notify::DailyReminder =
                serde_json::from_value(data.clone()).unwrap_or_default();
            let mut items = Vec::new();
            if waiting.interests > 0 {
                let n = u64::from(waiting.interests);
                items.push(td_string!(locale, collab.daily_interests, n, count = n).to_string());
            }
            if waiting.deals > 0 {
                let n = u64::from(waiting.deals);
                items.push(td_string!(locale, collab.daily_deals, n, count = n).to_string());
            }
            if waiting.contracts > 0 {
                let n = u64::from(waiting.contracts);
                items.push(td_string!(locale, collab.daily_contracts, n, count = n).to_string());
            }
            if waiting.overdue > 0 {
                let n = u64::from(waiting.overdue);
                items.push(td_string!(locale, collab.daily_overdue, n, count = n).to_string());
            }
            (
                td_string!(locale, collab.n_daily_summary, items = items.join(", ")).to_string(),
                Some("/dashboard".to_owned()),
            )
        }
        "account_under_review" => (
            td_string!(locale, moderation.n_account_under_review).to_string(),
            Some("/appeals".to_owned()),
        ),
        "moderation_decision" => {
            let kind = s("target_type");
            let item = match kind.as_str() {
                "request" => td_string!(locale, moderation.item_request).to_string(),
                "profile" => td_string!(locale, moderation.item_profile).to_string(),
                "portfolio_item" => td_string!(locale, moderation.item_portfolio_item).to_string(),
                "message" => td_string!(locale, moderation.item_message).to_string(),
                "deal" => td_string!(locale, moderation.item_deal).to_string(),
                _ => td_string!(locale, moderation.item_account).to_string(),
            };
            let note = s("note");
            let text = match s("action").as_str() {
                "approve" => {
                    td_string!(locale, moderation.n_decision_approve, item = item).to_string()
                }
                "remove" => td_string!(
                    locale,
                    moderation.n_decision_remove,
                    item = item,
                    note = note
                )
                .to_string(),
                "warn" => td_string!(locale, moderation.n_decision_warn, item = item, note = note)
                    .to_string(),
                "suspend" => {
                    td_string!(locale, moderation.n_decision_suspend, note = note).to_string()
                }
                "reinstate" => td_string!(
                    locale,
                    moderation.n_decision_reinstate,
                    item = item,
                    note = note
                )
                .to_string(),
                _ => td_string!(locale, moderation.n_decision_upheld, note = note).to_string(),
            };
            // Where the author reads the decision and may appeal it.
            let link = Some("/appeals".to_owned());
            (text, link)
        }
        "report_outcome" => (
            if s("outcome") == "upheld" {
                td_string!(locale, moderation.n_report_upheld).to_string()
            } else {
                td_string!(locale, moderation.n_report_dismissed).to_string()
            },
            None,
        ),
        _ => (
            td_string!(locale, collab.n_other).to_string(),
            chat.or(request),
        ),
    }
}

/// An amount with its currency's symbol and grouping (₹12,34,567); an
/// unknown currency as its code.
pub fn money(amount: i64, currency: &str) -> String {
    match domain::Currency::parse(currency, "currency") {
        Ok(known) => domain::format::money(amount, known),
        Err(_) => format!("{} {amount}", currency.to_uppercase()),
    }
}

/// A calendar date as stored (`YYYY-MM-DD`) in the reader's words: "2
/// December 2026", "2 दिसंबर 2026". Anything else is shown as it is.
pub fn iso_date(locale: Locale, iso: &str) -> String {
    let day = time::format_description::well_known::Iso8601::DATE;
    match time::Date::parse(iso, &day) {
        Ok(date) => domain::format::date(date, crate::components::language_of(locale), false),
        Err(_) => iso.to_owned(),
    }
}

/// Why a match scored what it did, as one sentence in `locale`.
pub fn explanation(locale: Locale, why: &Explanation) -> String {
    let band = match why.band {
        Band::Strong => tr!(locale, matches.why.strong),
        Band::Good => tr!(locale, matches.why.good),
        Band::Partial => tr!(locale, matches.why.partial),
        Band::Weak => tr!(locale, matches.why.weak),
    };
    let mut parts = vec![match why.topic {
        Topic::Same => tr!(locale, matches.why.topic_same),
        Topic::Related => tr!(locale, matches.why.topic_related),
        Topic::Distant => tr!(locale, matches.why.topic_distant),
    }];
    if let Some(niches) = &why.niches {
        parts.push(if niches.shared.is_empty() {
            tr!(locale, matches.why.no_shared_niche)
        } else {
            let names: Vec<&str> = niches
                .shared
                .iter()
                .map(|n| niche_name(locale, *n))
                .collect();
            tr!(
                locale,
                matches.why.shared_niches,
                shared = niches.shared.len(),
                wanted = niches.wanted,
                names = names.join(", ")
            )
        });
    }
    parts.push(match why.budget {
        BudgetRelation::Within => tr!(locale, matches.why.rates_within),
        BudgetRelation::Above => tr!(locale, matches.why.rates_above),
        BudgetRelation::Unknown => tr!(locale, matches.why.rates_unknown),
    });
    match why.in_target_country {
        Some(true) => parts.push(tr!(locale, matches.why.in_country)),
        Some(false) => parts.push(tr!(locale, matches.why.outside_country)),
        None => {}
    }
    if let Some(languages) = &why.languages {
        parts.push(if languages.is_empty() {
            tr!(locale, matches.why.no_language)
        } else {
            tr!(
                locale,
                matches.why.publishes_in,
                languages = language_names(locale, languages)
            )
        });
    }
    tr!(
        locale,
        matches.why.sentence,
        band = band,
        parts = parts.join("; ")
    )
}

/// A moderation category (its key, as in `moderation.reasons[].category`)
/// by name; an unknown key is shown as it is.
pub fn moderation_category(locale: Locale, key: &str) -> String {
    use domain::moderation::Category::*;
    let name = match domain::moderation::Category::from_key(key) {
        Some(Sexual) => td_string!(locale, moderation.category_sexual),
        Some(Abuse) => td_string!(locale, moderation.category_abuse),
        Some(Threat) => td_string!(locale, moderation.category_threat),
        Some(Scam) => td_string!(locale, moderation.category_scam),
        Some(FollowerSelling) => td_string!(locale, moderation.category_follower_selling),
        Some(OffPlatform) => td_string!(locale, moderation.category_off_platform),
        Some(OffPlatformPayment) => td_string!(locale, moderation.category_off_platform_payment),
        Some(Discrimination) => td_string!(locale, moderation.category_discrimination),
        Some(Profanity) => td_string!(locale, moderation.category_profanity),
        Some(Impersonation) => td_string!(locale, moderation.category_impersonation),
        Some(Other) => td_string!(locale, moderation.category_other),
        None => return key.to_owned(),
    };
    name.to_string()
}

/// A report's reason (`spam_or_scam`, …) in `locale`.
pub fn report_reason(locale: Locale, key: &str) -> String {
    use domain::moderation::report::ReportReason::*;
    let name = match domain::moderation::report::ReportReason::from_key(key) {
        Some(SpamOrScam) => td_string!(locale, moderation.reason_spam_or_scam),
        Some(Abusive) => td_string!(locale, moderation.reason_abusive),
        Some(Sexual) => td_string!(locale, moderation.reason_sexual),
        Some(Hateful) => td_string!(locale, moderation.reason_hateful),
        Some(Impersonation) => td_string!(locale, moderation.reason_impersonation),
        Some(Other) => td_string!(locale, moderation.reason_other),
        None => return key.to_owned(),
    };
    name.to_string()
}

/// An event's name, as the Settings page lists it and event mail names it.
pub fn event_label(locale: Locale, event: domain::notify::Event) -> &'static str {
    use domain::notify::Event;
    match event {
        Event::InterestReceived => td_string!(locale, notify.interest_received),
        Event::InterestAccepted => td_string!(locale, notify.interest_accepted),
        Event::InterestRejected => td_string!(locale, notify.interest_rejected),
        Event::NewMessage => td_string!(locale, notify.new_message),
        Event::ChatEnding => td_string!(locale, notify.chat_ending),
        Event::DealProposed => td_string!(locale, notify.deal_proposed),
        Event::DealConfirmed => td_string!(locale, notify.deal_confirmed),
        Event::ContractReady => td_string!(locale, notify.contract_ready),
        Event::ContractAccepted => td_string!(locale, notify.contract_accepted),
        Event::MilestoneDue => td_string!(locale, notify.milestone_due),
        Event::MilestoneOverdue => td_string!(locale, notify.milestone_overdue),
        Event::MilestonePaid => td_string!(locale, notify.milestone_paid),
        Event::DeliverableUpdate => td_string!(locale, notify.deliverable_update),
        Event::Moderation => td_string!(locale, notify.moderation),
        Event::DailySummary => td_string!(locale, notify.daily_summary),
    }
}

/// What an unsubscribe link stops, as its page names it.
pub fn category_label(locale: Locale, category: domain::notify::Category) -> &'static str {
    match category {
        domain::notify::Category::Event(event) => event_label(locale, event),
        domain::notify::Category::Digest => td_string!(locale, notify.digest),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_advice_to_relax_a_filter_is_worded_per_language() {
        use domain::match_filters::{suggest_relax, FilterKind::*};
        let niche =
            suggest_relax(&[(80, vec![Niche]), (70, vec![Niche]), (60, vec![Language])]).unwrap();
        assert_eq!(
            relax(Locale::en, &niche),
            "Nothing passes these filters. To see 2, clear the niche filter."
        );
        assert_eq!(
            relax(Locale::hi, &niche),
            "इन फ़िल्टरों पर कोई खरा नहीं उतरता। 2 देखने के लिए विषय फ़िल्टर हटाइए।"
        );
        let score = suggest_relax(&[(42, vec![MinScore]), (37, vec![MinScore])]).unwrap();
        assert_eq!(
            relax(Locale::en, &score),
            "No match reaches this score. Lower the minimum score to 42 to see 1."
        );
    }

    #[test]
    fn stored_dates_read_as_dates_in_each_language() {
        assert_eq!(iso_date(Locale::en, "2026-12-02"), "2 December 2026");
        assert_eq!(iso_date(Locale::hi, "2026-12-02"), "2 दिसंबर 2026");
        assert_eq!(iso_date(Locale::en, "2026-02-30"), "2026-02-30");
        assert_eq!(iso_date(Locale::ta, "soon"), "soon");
    }

    use super::*;
    use domain::matching::SharedNiches;

    fn strong() -> Explanation {
        Explanation {
            band: Band::Strong,
            topic: Topic::Same,
            niches: Some(SharedNiches {
                shared: vec![Niche::Fitness],
                wanted: 2,
            }),
            budget: BudgetRelation::Within,
            in_target_country: Some(true),
            languages: Some(vec!["hi".into()]),
        }
    }

    #[test]
    fn a_reason_reads_in_each_language_from_the_same_facts() {
        assert_eq!(
            explanation(Locale::en, &strong()),
            "Strong match: the profile and the brief are about the same things; 1 of 2 niches shared (Fitness); rates within budget; based in a target country; publishes in Hindi."
        );
        let hindi = explanation(Locale::hi, &strong());
        assert!(hindi.starts_with("मज़बूत मैच: "), "{hindi}");
        assert!(hindi.contains("2 में से 1 विषय साझा"), "{hindi}");
        assert!(hindi.contains("हिन्दी में पोस्ट करते हैं"), "{hindi}");
        for locale in Locale::get_all() {
            let text = explanation(*locale, &strong());
            assert!(!text.contains("{{"), "{text}");
        }
    }

    #[test]
    fn parts_the_brief_does_not_ask_for_are_not_mentioned() {
        let why = Explanation {
            band: Band::Weak,
            topic: Topic::Distant,
            niches: None,
            budget: BudgetRelation::Unknown,
            in_target_country: None,
            languages: None,
        };
        assert_eq!(
            explanation(Locale::en, &why),
            "Weak match: the profile has little in common with the brief; rates not comparable with the budget."
        );
    }

    #[test]
    fn every_content_language_has_a_name_in_every_locale() {
        for locale in Locale::get_all() {
            for code in domain::profile_input::LANGUAGES {
                let name = language_name(*locale, code);
                assert_ne!(name, *code, "{locale:?} {code}");
            }
        }
        assert_eq!(language_name(Locale::ta, "xx"), "xx");
    }
}
