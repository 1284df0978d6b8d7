//! Page frames: the public header, the signed-in shell with role navigation,
//! and the guard that sends signed-out visitors to sign-in.

use crate::features::auth::{use_auth, User};
use crate::i18n::*;
use domain::Role;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

#[component]
pub fn Logo() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a href="/" class="flex items-center gap-2 font-semibold tracking-tight text-slate-900">
            <span class="grid size-8 place-items-center rounded-lg bg-emerald-600 text-sm font-bold text-white" aria-hidden="true">"M"</span>
            <span>{t!(i18n, brand_name)}</span>
        </a>
    }
}

#[component]
pub fn Spinner(#[prop(into)] label: String) -> impl IntoView {
    view! {
        <div class="flex items-center gap-3 text-slate-500" role="status" aria-live="polite">
            <span class="size-5 animate-spin rounded-full border-2 border-slate-300 border-t-emerald-600" aria-hidden="true"></span>
            <span>{label}</span>
        </div>
    }
}

#[component]
pub fn PublicHeader() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let signed_in = move || matches!(auth.user.get(), Some(Ok(Some(_))));
    view! {
        <header class="border-b border-slate-200 bg-white/80 backdrop-blur">
            <div class="mx-auto flex max-w-6xl items-center justify-between px-4 py-3 sm:px-6">
                <Logo/>
                <nav class="flex items-center gap-2 text-sm" aria-label=move || t_string!(i18n, nav.main_navigation).to_string()>
                    <super::LanguageMenu/>
                    <Transition fallback=|| ()>
                        <Show
                            when=signed_in
                            fallback=move || view! {
                                <a href="/signin" class="rounded-lg px-3 py-2 font-medium text-slate-700 hover:bg-slate-100">{t!(i18n, nav.sign_in)}</a>
                                <a href="/signup" class="rounded-lg bg-emerald-600 px-3 py-2 font-medium text-white shadow-sm hover:bg-emerald-700">{t!(i18n, nav.get_started)}</a>
                            }
                        >
                            <a href="/dashboard" class="rounded-lg bg-emerald-600 px-3 py-2 font-medium text-white shadow-sm hover:bg-emerald-700">{t!(i18n, nav.dashboard)}</a>
                        </Show>
                    </Transition>
                </nav>
            </div>
        </header>
    }
}

/// The navigation a role sees, in order: (path, label).
fn nav_items(role: Role) -> Vec<(&'static str, &'static str)> {
    match role {
        Role::Brand => vec![
            ("/dashboard", "dashboard"),
            ("/requests", "requests"),
            ("/chats", "chats"),
            ("/search", "search"),
            ("/tasks", "tasks"),
            ("/assistant", "assistant"),
            ("/account", "account"),
            ("/settings", "settings"),
            ("/api/v1/docs/", "api_docs"),
        ],
        Role::Creator => vec![
            ("/dashboard", "dashboard"),
            ("/profile", "profile"),
            ("/matches", "matches"),
            ("/chats", "chats"),
            ("/search", "search"),
            ("/tasks", "tasks"),
            ("/assistant", "assistant"),
            ("/account", "account"),
            ("/settings", "settings"),
            ("/api/v1/docs/", "api_docs"),
        ],
        Role::Admin => vec![
            ("/dashboard", "dashboard"),
            ("/admin/users", "users"),
            ("/admin/moderation", "moderation"),
            ("/admin/outbox", "outbox"),
            ("/tasks", "tasks"),
            ("/assistant", "assistant"),
            ("/account", "account"),
            ("/settings", "settings"),
            ("/api/v1/docs/", "api_docs"),
        ],
    }
}

/// The translated name of a role.
pub fn role_label(i18n: leptos_i18n::I18nContext<Locale>, role: Role) -> String {
    match role {
        Role::Brand => t_string!(i18n, role.brand).to_string(),
        Role::Creator => t_string!(i18n, role.creator).to_string(),
        Role::Admin => t_string!(i18n, role.admin).to_string(),
    }
}

#[component]
pub fn RoleBadge(role: Role) -> impl IntoView {
    let i18n = use_i18n();
    let colour = match role {
        Role::Brand => "bg-indigo-50 text-indigo-700 ring-indigo-200",
        Role::Creator => "bg-amber-50 text-amber-800 ring-amber-200",
        Role::Admin => "bg-rose-50 text-rose-700 ring-rose-200",
    };
    view! {
        <span class=format!("inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ring-inset {colour}") data-testid="role-badge">
            {move || role_label(i18n, role)}
        </span>
    }
}

/// The signed-in frame: header with the user's name and sign-out, and the
/// navigation for their role.
#[component]
pub fn AppShell(user: User, children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let role = user.role;
    let items = nav_items(role);
    let location = use_location();
    let label = move |key: &str| match key {
        "dashboard" => t_string!(i18n, nav.dashboard).to_string(),
        "account" => t_string!(i18n, nav.account).to_string(),
        "users" => t_string!(i18n, nav.users).to_string(),
        "moderation" => t_string!(i18n, nav.moderation).to_string(),
        "outbox" => t_string!(i18n, nav.outbox).to_string(),
        "profile" => t_string!(i18n, nav.profile).to_string(),
        "requests" => t_string!(i18n, nav.requests).to_string(),
        "matches" => t_string!(i18n, nav.matches).to_string(),
        "search" => t_string!(i18n, nav.search).to_string(),
        "chats" => t_string!(i18n, nav.chats).to_string(),
        "tasks" => t_string!(i18n, nav.tasks).to_string(),
        "assistant" => t_string!(i18n, nav.assistant).to_string(),
        "settings" => t_string!(i18n, nav.settings).to_string(),
        _ => t_string!(i18n, nav.api_docs).to_string(),
    };
    view! {
        <div class="min-h-screen bg-slate-50">
            <header class="border-b border-slate-200 bg-white">
                <div class="mx-auto flex max-w-6xl items-center justify-between gap-4 px-4 py-3 sm:px-6">
                    <Logo/>
                    <div class="flex items-center gap-3">
                        <super::LanguageMenu/>
                        <span class="hidden text-sm text-slate-600 sm:inline">{user.display_name.clone()}</span>
                        <crate::features::collab::NotificationBell/>
                        <RoleBadge role=role/>
                        <ActionForm action=auth.sign_out>
                            <button type="submit" class="rounded-lg px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 disabled:opacity-60" disabled=move || auth.sign_out.pending().get()>
                                {move || if auth.sign_out.pending().get() { t_string!(i18n, auth.signing_out).to_string() } else { t_string!(i18n, nav.sign_out).to_string() }}
                            </button>
                        </ActionForm>
                    </div>
                </div>
            </header>
            <div class="mx-auto flex max-w-6xl flex-col gap-6 px-4 py-6 sm:px-6 md:flex-row">
                <nav class="md:w-56 md:shrink-0" aria-label=move || t_string!(i18n, nav.main_navigation).to_string() data-testid="role-nav" data-role=role.as_str()>
                    <ul class="flex gap-1 overflow-x-auto md:flex-col">
                        {items.into_iter().map(|(href, key)| {
                            let text = move || label(key);
                            if href.starts_with("/api/") {
                                view! { <li><a href=href rel="external" class="block rounded-lg px-3 py-2 text-sm font-medium text-slate-700 hover:bg-white hover:shadow-sm">{text}</a></li> }.into_any()
                            } else {
                                let current = move || {
                                    let here = location.pathname.get();
                                    (here == href || (href != "/dashboard" && here.starts_with(&format!("{href}/")))).then_some("page")
                                };
                                view! { <li><a href=href aria-current=current class="block rounded-lg px-3 py-2 text-sm font-medium text-slate-700 hover:bg-white hover:shadow-sm aria-[current=page]:bg-white aria-[current=page]:text-emerald-700 aria-[current=page]:shadow-sm">{text}</a></li> }.into_any()
                            }
                        }).collect_view()}
                    </ul>
                </nav>
                <main class="min-w-0 flex-1">
                    {(!user.status.may_act()).then(|| {
                        let suspended = user.status == domain::moderation::report::AccountStatus::Suspended;
                        view! {
                        <div class="mb-4 rounded-xl border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900" role="status" data-testid="account-review-notice" data-status=user.status.key()>
                            <p class="font-medium">{move || if suspended { t_string!(i18n, moderation.account_suspended_title).to_string() } else { t_string!(i18n, moderation.account_review_title).to_string() }}</p>
                            <p class="mt-1">{move || if suspended { t_string!(i18n, moderation.account_suspended_body).to_string() } else { t_string!(i18n, moderation.account_review_body).to_string() }}</p>
                            <a href="/appeals" class="mt-2 inline-block font-medium underline">{t!(i18n, moderation.appeals_link)}</a>
                        </div>
                    }})}
                    {children()}
                </main>
            </div>
        </div>
    }
}

/// Renders `view` with the signed-in user, or redirects to sign-in.

#[component]
pub fn Protected(view: fn(User) -> AnyView) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    view! {
        <Suspense fallback=move || view! { <div class="p-10"><Spinner label=t_string!(i18n, dashboard.loading).to_string()/></div> }>
            {move || auth.user.get().map(|result| match result {
                Ok(Some(user)) => view(user),
                Ok(None) => view! { <Redirect path="/signin"/> }.into_any(),
                Err(e) => view! { <p class="p-10 text-rose-700" role="alert">{crate::components::error_words(e)}</p> }.into_any(),
            })}
        </Suspense>
    }
}
