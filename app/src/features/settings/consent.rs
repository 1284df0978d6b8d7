//! `/oauth/authorize`: an outside app (an MCP client) asks to use the
//! account. A signed-out visitor signs in first and comes back here; the
//! page names the app, what it asks for and where it returns, and the user
//! allows or denies. Either way the browser goes back to the app.

use super::api::{decide_app, review_app};
use super::{ConsentRequest, ConsentStep};
use crate::components::{PublicHeader, Spinner, BUTTON};
use crate::features::auth::{use_auth, User};
use crate::features::tasks::pages::SECONDARY;
use crate::i18n::*;
use domain::oauth::{encode_component, AuthorizeQuery};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::{use_location, use_query_map};

#[component]
pub fn ConsentPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let location = use_location();
    view! {
        <Title text=move || t_string!(i18n, consent.title).to_string()/>
        <PublicHeader/>
        <main class="mx-auto max-w-lg px-4 py-10 sm:py-16">
            <Suspense fallback=move || view! { <Spinner label=t_string!(i18n, common.loading).to_string()/> }>
                {move || auth.user.get().map(|result| match result {
                    Ok(Some(user)) => view! { <Consent user/> }.into_any(),
                    Ok(None) => {
                        let search = location.search.get_untracked();
                        let here = if search.is_empty() {
                            location.pathname.get_untracked()
                        } else {
                            format!("{}?{search}", location.pathname.get_untracked())
                        };
                        view! { <Redirect path=format!("/signin?next={}", encode_component(&here))/> }.into_any()
                    }
                    Err(e) => view! { <p class="text-rose-700" role="alert">{crate::components::error_words(e)}</p> }.into_any(),
                })}
            </Suspense>
        </main>
    }
}

/// Leaves the site for the app's address.
fn go_to(url: &str) {
    #[cfg(feature = "hydrate")]
    if let Err(e) = window().location().set_href(url) {
        leptos::logging::error!("could not return to the app: {e:?}");
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = url;
}

fn scope_label(i18n: leptos_i18n::I18nContext<Locale>, scope: &str) -> String {
    match scope {
        "tasks:read" => t_string!(i18n, consent.scope_tasks_read).to_string(),
        "tasks:write" => t_string!(i18n, consent.scope_tasks_write).to_string(),
        other => other.to_owned(),
    }
}

#[component]
fn Consent(user: User) -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let query = move || {
        params.with(|p| AuthorizeQuery {
            response_type: p.get("response_type"),
            client_id: p.get("client_id"),
            redirect_uri: p.get("redirect_uri"),
            code_challenge: p.get("code_challenge"),
            code_challenge_method: p.get("code_challenge_method"),
            scope: p.get("scope"),
            state: p.get("state"),
            resource: p.get("resource"),
        })
    };
    let review = Resource::new(query, review_app);
    // Set by the decision; it wins over the review.
    let decided = RwSignal::new(None::<ConsentStep>);
    let failure = RwSignal::new(None::<String>);
    let decide = Action::new(move |allow: &bool| {
        let allow = *allow;
        let q = query();
        async move {
            match decide_app(q, allow).await {
                Ok(step) => decided.set(Some(step)),
                Err(e) => failure.set(Some(e.message)),
            }
        }
    });
    let step = move || decided.get().or_else(|| review.get().and_then(Result::ok));
    Effect::new(move |_| {
        if let Some(ConsentStep::Redirect(url)) = step() {
            go_to(&url);
        }
    });
    let email = user.email.clone();
    let name = user.display_name.clone();
    view! {
        <div class="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8" data-testid="consent">
            <Suspense fallback=move || view! { <Spinner label=t_string!(i18n, common.loading).to_string()/> }>
            {move || review.get().and_then(Result::err).map(|e| view! { <p class="text-rose-700" role="alert">{crate::components::error_words(e)}</p> })}
            {move || match step() {
                None => None,
                Some(ConsentStep::Ask(request)) => Some(view! {
                    <Ask request name=name.clone() email=email.clone() pending=decide.pending() on_decide=move |allow| { decide.dispatch(allow); }/>
                }.into_any()),
                Some(ConsentStep::Redirect(url)) => Some(view! {
                    <p role="status" data-testid="consent-returning">{t!(i18n, consent.returning)}</p>
                    <a class="mt-3 inline-block text-sm font-medium text-emerald-700 hover:underline" href=url>{t!(i18n, consent.return_link)}</a>
                }.into_any()),
                Some(ConsentStep::Refused(message)) => Some(view! {
                    <h1 class="text-xl font-semibold">{t!(i18n, consent.invalid_title)}</h1>
                    <p class="mt-2 text-slate-700" role="alert" data-testid="consent-refused">{message}</p>
                    <a class="mt-4 inline-block text-sm font-medium text-emerald-700 hover:underline" href="/dashboard">{t!(i18n, consent.to_dashboard)}</a>
                }.into_any()),
            }}
            {move || failure.get().map(|m| view! { <p class="mt-3 text-sm text-rose-700" role="alert">{m}</p> })}
            </Suspense>
        </div>
    }
}

#[component]
fn Ask(
    request: ConsentRequest,
    name: String,
    email: String,
    pending: Memo<bool>,
    on_decide: impl Fn(bool) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let client = request.client_name.clone();
    view! {
        <h1 class="text-xl font-semibold tracking-tight break-words" data-testid="consent-client">
            {t!(i18n, consent.asks, app = client)}
        </h1>
        <p class="mt-2 text-sm text-slate-600">{t!(i18n, consent.signed_in_as, name = name, email = email)}</p>
        <h2 class="mt-6 text-sm font-medium text-slate-800">{t!(i18n, consent.it_may)}</h2>
        <ul class="mt-2 space-y-2" data-testid="consent-scopes">
            {request.scopes.iter().map(|s| view! {
                <li class="flex items-start gap-2 text-slate-800"><span aria-hidden="true" class="text-emerald-600">"✓"</span>{scope_label(i18n, s)}</li>
            }).collect_view()}
        </ul>
        <p class="mt-6 text-sm text-slate-600">{t!(i18n, consent.returns_to, place = request.return_to.clone())}</p>
        <p class="mt-2 text-sm text-slate-600">{t!(i18n, consent.trust_note)}</p>
        <div class="mt-6 flex flex-wrap justify-end gap-3">
            <button type="button" class=SECONDARY disabled=move || pending.get() on:click=move |_| on_decide(false)>{t!(i18n, consent.deny)}</button>
            <button type="button" class=BUTTON disabled=move || pending.get() on:click=move |_| on_decide(true) autofocus>{t!(i18n, consent.allow)}</button>
        </div>
    }
}
