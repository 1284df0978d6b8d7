//! Small shared pieces: labels for domain values, badges, score bars and the
//! reader of multi-value forms.

use crate::error::AppError;
use crate::i18n::*;
use domain::matching::Breakdown;
use domain::profile::{Completeness, Missing};
use domain::{Niche, RequestStatus};
use leptos::prelude::*;

type I18n = leptos_i18n::I18nContext<Locale>;

/// A person's display name as shown: a deleted account's name is blank and
/// reads "Deleted user".
pub fn shown_name(i18n: I18n, name: &str) -> String {
    if name.is_empty() {
        t_string!(i18n, common.deleted_user).to_string()
    } else {
        name.to_owned()
    }
}

/// A small mark beside the name of someone who confirmed their e-mail
/// address; nothing for anyone else.
#[component]
pub fn VerifiedBadge(verified: bool) -> impl IntoView {
    let i18n = use_i18n();
    verified.then(|| {
        view! {
            <span class="ml-1.5 inline-flex items-center rounded-full bg-sky-50 px-1.5 py-0.5 align-middle text-xs font-medium text-sky-700" title=move || t_string!(i18n, recovery.verified_badge_hint).to_string() data-testid="verified-badge">
                <span aria-hidden="true">"✓ "</span>{t!(i18n, recovery.verified_badge)}
            </span>
        }
    })
}

/// Classes shared by the app's form controls.
pub const INPUT: &str = "block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 shadow-sm outline-none focus:border-emerald-600 focus:ring-4 focus:ring-emerald-100 aria-[invalid=true]:border-rose-400";
pub const LABEL: &str = "block text-sm font-medium text-slate-800";
pub const BUTTON: &str = "inline-flex items-center rounded-lg bg-emerald-600 px-4 py-2 font-medium text-white shadow-sm hover:bg-emerald-700 focus:outline-none focus:ring-4 focus:ring-emerald-200 disabled:opacity-60";

/// A field's error under it, announced when it appears.
pub fn error_line(message: Signal<Option<String>>) -> impl IntoView {
    move || {
        message
            .get()
            .map(|m| view! { <p class="mt-1 text-sm text-rose-600" role="alert">{m}</p> })
    }
}

/// One checkbox per niche, named `niches`, the `selected` ones checked.
#[component]
pub fn NicheCheckboxes(selected: Vec<Niche>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="mt-2 grid grid-cols-2 gap-1.5 sm:grid-cols-4">
            {Niche::ALL.iter().map(|n| {
                let n = *n;
                let checked = selected.contains(&n);
                view! {
                    <label class="flex items-center gap-2 text-sm">
                        <input type="checkbox" name="niches" value=n.key() checked=checked class="accent-emerald-600"/>
                        {move || niche_label(i18n, n)}
                    </label>
                }
            }).collect_view()}
        </div>
    }
}

/// One checkbox per supported language code, named `name`.
#[component]
pub fn LanguageCheckboxes(name: &'static str, selected: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="mt-2 flex flex-wrap gap-x-4 gap-y-1.5">
            {domain::profile_input::LANGUAGES.iter().map(|code| {
                let checked = selected.iter().any(|l| l == code);
                view! {
                    <label class="flex items-center gap-1.5 text-sm">
                        <input type="checkbox" name=name value=*code checked=checked class="accent-emerald-600"/>
                        {move || crate::words::language_name(i18n.get_locale(), code)}
                    </label>
                }
            }).collect_view()}
        </div>
    }
}

/// The currency choice, named and identified by `name`.
#[component]
pub fn CurrencySelect(name: &'static str, selected: Option<domain::Currency>) -> impl IntoView {
    view! {
        <select id=name name=name class=format!("mt-1.5 {INPUT}")>
            {domain::Currency::ALL.iter().map(|c| view! { <option value=c.key() selected=selected == Some(*c)>{c.key().to_uppercase()}</option> }).collect_view()}
        </select>
    }
}

pub fn niche_label(i18n: I18n, niche: Niche) -> String {
    crate::words::niche_name(i18n.get_locale(), niche).to_owned()
}

pub fn status_label(i18n: I18n, status: RequestStatus) -> String {
    match status {
        RequestStatus::Active => t_string!(i18n, status.active),
        RequestStatus::Paused => t_string!(i18n, status.paused),
        RequestStatus::Closed => t_string!(i18n, status.closed),
    }
    .to_string()
}

#[component]
pub fn StatusBadge(status: RequestStatus) -> impl IntoView {
    let i18n = use_i18n();
    let colour = match status {
        RequestStatus::Active => "bg-emerald-50 text-emerald-700 ring-emerald-200",
        RequestStatus::Paused => "bg-amber-50 text-amber-800 ring-amber-200",
        RequestStatus::Closed => "bg-slate-100 text-slate-600 ring-slate-200",
    };
    view! {
        <span class=format!("inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ring-inset {colour}") data-testid="status-badge">
            {move || status_label(i18n, status)}
        </span>
    }
}

#[component]
pub fn NicheChips(niches: Vec<Niche>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="flex flex-wrap gap-1.5">
            {niches.into_iter().map(|n| view! {
                <li class="rounded-full bg-slate-100 px-2.5 py-0.5 text-xs font-medium text-slate-700">{move || niche_label(i18n, n)}</li>
            }).collect_view()}
        </ul>
    }
}

fn score_colour(score: u8) -> &'static str {
    match score {
        75.. => "bg-emerald-600 text-white",
        50..=74 => "bg-emerald-100 text-emerald-800",
        25..=49 => "bg-amber-100 text-amber-800",
        _ => "bg-slate-100 text-slate-600",
    }
}

/// The 0–100 score in a coloured circle.
#[component]
pub fn ScoreBadge(score: u8) -> impl IntoView {
    view! {
        <span class=format!("grid size-12 shrink-0 place-items-center rounded-full text-lg font-semibold {}", score_colour(score)) data-testid="score" aria-label=format!("{score} / 100")>
            {score}
        </span>
    }
}

/// The parts of a score as bars, so the reason is visible at a glance.
#[component]
pub fn BreakdownBars(breakdown: Breakdown) -> impl IntoView {
    let i18n = use_i18n();
    let parts = [
        ("semantic", breakdown.semantic),
        ("niche", breakdown.niche),
        ("budget", breakdown.budget),
        ("location", breakdown.location),
        ("language", breakdown.language),
    ];
    let label = move |key: &str| match key {
        "semantic" => t_string!(i18n, matches.semantic).to_string(),
        "niche" => t_string!(i18n, matches.niche_part).to_string(),
        "budget" => t_string!(i18n, matches.budget_part).to_string(),
        "location" => t_string!(i18n, matches.location_part).to_string(),
        _ => t_string!(i18n, matches.language_part).to_string(),
    };
    view! {
        <dl class="grid gap-1.5 text-xs" data-testid="breakdown">
            {parts.into_iter().map(|(key, value)| view! {
                <div class="grid grid-cols-[7rem_1fr_2.5rem] items-center gap-2">
                    <dt class="text-slate-600">{move || label(key)}</dt>
                    <dd class="h-2 overflow-hidden rounded-full bg-slate-100" aria-hidden="true">
                        <div class="h-full rounded-full bg-emerald-500" style=format!("width: {value}%")></div>
                    </dd>
                    <dd class="text-right tabular-nums text-slate-700" data-part=key>{value}</dd>
                </div>
            }).collect_view()}
        </dl>
    }
}

/// One ranked match: the score, what `children` says about the other
/// side, the sentence on why and the breakdown behind a disclosure.
#[component]
pub fn MatchCard(
    score: u8,
    reasons: domain::matching::Explanation,
    breakdown: Breakdown,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let explanation = move || crate::words::explanation(i18n.get_locale(), &reasons);
    view! {
        <li class="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm" data-testid="match">
            <div class="flex items-start gap-4">
                <ScoreBadge score=score/>
                <div class="min-w-0 flex-1">
                    {children()}
                    <p class="mt-3 text-sm text-slate-800" data-testid="explanation">{explanation}</p>
                    <details class="mt-2">
                        <summary class="cursor-pointer text-sm font-medium text-emerald-700">{t!(i18n, matches.breakdown)}</summary>
                        <div class="mt-2 max-w-md"><BreakdownBars breakdown=breakdown/></div>
                    </details>
                </div>
            </div>
        </li>
    }
}

/// How complete a creator profile is, and what is missing.
#[component]
pub fn CompletenessCard(completeness: Completeness, indexing: bool) -> impl IntoView {
    let i18n = use_i18n();
    let percent = completeness.percent;
    let missing = completeness.missing.clone();
    let complete = completeness.complete;
    view! {
        <section class="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm" data-testid="completeness">
            <div class="flex items-center justify-between gap-4">
                <h2 class="font-medium">{t!(i18n, profile.completeness)}</h2>
                <span class="text-2xl font-semibold tabular-nums" data-testid="completeness-percent">{format!("{percent}%")}</span>
            </div>
            <div class="mt-3 h-2.5 overflow-hidden rounded-full bg-slate-100" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow=percent>
                <div class="h-full rounded-full bg-emerald-500 transition-all" style=format!("width: {percent}%")></div>
            </div>
            {if complete {
                view! { <p class="mt-3 text-sm text-emerald-700">{t!(i18n, profile.complete)}</p> }.into_any()
            } else {
                view! {
                    <ul class="mt-3 list-inside list-disc space-y-1 text-sm text-slate-600">
                        {missing.into_iter().map(|m| {
                            let text = move || match m {
                                Missing::Bio => t_string!(i18n, profile.missing_bio).to_string(),
                                Missing::Niche => t_string!(i18n, profile.missing_niche).to_string(),
                                Missing::PortfolioSamples { have, need } => t_string!(i18n, profile.missing_samples, have, need).to_string(),
                            };
                            view! { <li>{text}</li> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {indexing.then(|| view! { <p class="mt-3 text-xs text-amber-700" data-testid="indexing">{t!(i18n, common.indexing)}</p> })}
        </section>
    }
}

#[component]
pub fn EmptyState(
    #[prop(into)] message: String,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <div class="rounded-2xl border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600" data-testid="empty-state">
            <p>{message}</p>
            {children.map(|c| view! { <div class="mt-4">{c()}</div> })}
        </div>
    }
}

/// The values of a submitted form, read from the DOM: one value, all values
/// of a repeated name (checkboxes), or a number.
pub struct FormValues(web_sys::FormData);

impl FormValues {
    /// Reads the form behind a submit event and stops the browser's own submit.
    pub fn from_submit(ev: &leptos::ev::SubmitEvent) -> Option<Self> {
        use leptos::wasm_bindgen::JsCast;
        ev.prevent_default();
        let form = ev.target()?.dyn_into::<web_sys::HtmlFormElement>().ok()?;
        web_sys::FormData::new_with_form(&form).ok().map(Self)
    }

    /// The size in bytes of the file chosen for `name`, if one is.
    pub fn file_size(&self, name: &str) -> Option<f64> {
        use leptos::wasm_bindgen::JsCast;
        self.0
            .get(name)
            .dyn_into::<web_sys::File>()
            .ok()
            .map(|f| f.size())
            .filter(|size| *size > 0.0)
    }

    /// Posts the form, its files included, to an upload route of the
    /// session (`/app/…`); the answer's body, or its error. Browser only.
    pub async fn post(self, url: &str) -> Result<String, AppError> {
        use leptos::wasm_bindgen::{JsCast, JsValue};
        let fail = || AppError::internal();
        let init = web_sys::RequestInit::new();
        init.set_method("POST");
        init.set_body(&JsValue::from(self.0));
        let window = web_sys::window().ok_or_else(fail)?;
        let response =
            wasm_bindgen_futures::JsFuture::from(window.fetch_with_str_and_init(url, &init))
                .await
                .map_err(|_| fail())?
                .dyn_into::<web_sys::Response>()
                .map_err(|_| fail())?;
        let body = wasm_bindgen_futures::JsFuture::from(response.text().map_err(|_| fail())?)
            .await
            .map_err(|_| fail())?
            .as_string()
            .unwrap_or_default();
        if response.ok() {
            Ok(body)
        } else {
            Err(AppError::from_envelope(&body).unwrap_or_else(fail))
        }
    }

    pub fn one(&self, name: &str) -> String {
        self.0.get(name).as_string().unwrap_or_default()
    }

    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .get_all(name)
            .iter()
            .filter_map(|v| v.as_string())
            .collect()
    }

    /// `None` when blank; a value that is not a number becomes `i64::MIN`
    /// so validation refuses it rather than dropping it silently.
    pub fn integer(&self, name: &str) -> Option<i64> {
        let raw = self.one(name);
        let raw = raw.trim();
        (!raw.is_empty()).then(|| raw.parse().unwrap_or(i64::MIN))
    }
}
