//! The dashboard's reminder while the account's address is not verified,
//! with a button that mails the link again (three links an hour).

use super::api::ResendVerification;
use crate::error::ErrorCode;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn VerifyEmailBanner(email: String) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let action = ServerAction::<ResendVerification>::new();
    let email = StoredValue::new(email);
    // `?resent=1`: the form was posted before the page's code ran.
    let resent = move || {
        matches!(action.value().get(), Some(Ok(())))
            || query.read().get("resent").is_some_and(|v| v == "1")
    };
    let problem = move || {
        action.value().with(|v| match v {
            Some(Err(e)) if e.code == ErrorCode::RateLimited => {
                let minutes = e.retry_after.unwrap_or(3600).div_ceil(60);
                Some(t_string!(i18n, recovery.resend_limited, minutes, count = minutes).to_string())
            }
            Some(Err(e)) => Some(crate::messages::error_text(i18n.get_locale(), e)),
            _ => None,
        })
    };
    view! {
        <section class="mt-6 rounded-2xl border border-amber-200 bg-amber-50 p-5 text-amber-950" data-testid="verify-banner">
            <h2 class="font-semibold">{t!(i18n, recovery.banner_title)}</h2>
            <p class="mt-1 text-sm">{move || t_string!(i18n, recovery.banner_body, email = email.get_value()).to_string()}</p>
            <ActionForm action=action attr:class="mt-3 flex flex-wrap items-center gap-3">
                <button type="submit" class="rounded-lg border border-amber-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-amber-100 focus:outline-none focus:ring-4 focus:ring-amber-200 disabled:opacity-60" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { t_string!(i18n, recovery.sending) } else { t_string!(i18n, recovery.resend) }}
                </button>
                <Show when=resent>
                    <span role="status" class="text-sm" data-testid="verify-resent">{move || t_string!(i18n, recovery.resent, email = email.get_value()).to_string()}</span>
                </Show>
                {move || problem().map(|text| view! { <span role="alert" class="text-sm text-rose-800">{text}</span> })}
            </ActionForm>
        </section>
    }
}
