//! The Settings page: the time zone dates are read in, and personal API
//! tokens for outside agents (shown once, revocable), with how to connect
//! an MCP client.

use super::api::{delete_account, my_apps, revoke_app};
use super::{ApiToken, AuthorizedApp, NewApiToken};
use crate::components::{language_of, locale_of, AppShell, Protected, Spinner};
use crate::components::{BUTTON, INPUT, LABEL};
use crate::error::AppError;
use crate::features::auth::api::save_language;
use crate::features::auth::User;
use crate::features::dashboard::short_date;
use crate::features::tasks::api::{make_token, my_settings, revoke_token, save_time_zone};
use crate::features::tasks::pages::SECONDARY;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SettingsPage() -> impl IntoView {
    view! { <Protected view=|user| view! { <Settings user/> }.into_any()/> }
}

/// The browser's own time zone (IANA name), if it says.
fn browser_zone() -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        let options = web_sys::js_sys::Intl::DateTimeFormat::new(
            &web_sys::js_sys::Array::new(),
            &web_sys::js_sys::Object::new(),
        )
        .resolved_options();
        web_sys::js_sys::Reflect::get(&options, &"timeZone".into())
            .ok()
            .and_then(|z| z.as_string())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        None
    }
}

fn origin() -> String {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        String::new()
    }
}

#[component]
fn Settings(user: User) -> impl IntoView {
    let i18n = use_i18n();
    let loaded = Resource::new(|| (), |_| my_settings());
    let zone = RwSignal::new(String::new());
    let tokens = RwSignal::new(Vec::<ApiToken>::new());
    Effect::new(move |_| {
        if let Some(Ok((settings, list))) = loaded.get() {
            zone.set(settings.time_zone);
            tokens.set(list);
        }
    });
    let zone_message = RwSignal::new(None::<(bool, String)>);
    let save_zone = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value = zone.get_untracked();
        leptos::task::spawn_local(async move {
            match save_time_zone(value).await {
                Ok(s) => {
                    zone.set(s.time_zone);
                    zone_message.set(Some((true, t_string!(i18n, settings.saved).to_string())));
                }
                Err(e) => zone_message.set(Some((
                    false,
                    e.field("time_zone").map_or_else(
                        || crate::messages::error_text(i18n.get_locale_untracked(), &e),
                        |f| crate::messages::field_text(i18n.get_locale_untracked(), f),
                    ),
                ))),
            }
        });
    };

    let name = RwSignal::new(String::new());
    let made = RwSignal::new(None::<NewApiToken>);
    let token_error = RwSignal::new(None::<String>);
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value = name.get_untracked();
        leptos::task::spawn_local(async move {
            match make_token(value).await {
                Ok(new) => {
                    tokens.update(|t| t.insert(0, new.token.clone()));
                    made.set(Some(new));
                    name.set(String::new());
                    token_error.set(None);
                }
                Err(e) => token_error.set(Some(
                    e.field("name")
                        .map_or(e.message.clone(), |f| f.message.clone()),
                )),
            }
        });
    };
    let revoke = move |id: uuid::Uuid| {
        if !confirmed(t_string!(i18n, settings.revoke_confirm)) {
            return;
        }
        leptos::task::spawn_local(async move {
            match revoke_token(id).await {
                Ok(t) => tokens.update(|list| {
                    if let Some(x) = list.iter_mut().find(|x| x.id == t.id) {
                        *x = t;
                    }
                }),
                Err(e) => token_error.set(Some(e.message)),
            }
        });
    };
    view! {
        <Title text=move || t_string!(i18n, settings.title).to_string()/>
        <AppShell user=user>
            <h1 class="mb-6 text-2xl font-semibold tracking-tight">{t!(i18n, settings.title)}</h1>
            <Suspense fallback=move || view! { <Spinner label=t_string!(i18n, common.loading).to_string()/> }>
                {move || loaded.get().map(|r| r.err().map(|e| view! { <p class="text-rose-700" role="alert">{crate::components::error_words(e)}</p> }))}
                <LanguageSetting/>
                <super::notifications::NotificationMatrix/>
                <section class="mb-6 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
                    <h2 class="text-lg font-semibold">{t!(i18n, settings.time_zone)}</h2>
                    <p class="mt-1 text-sm text-slate-600">{t!(i18n, settings.time_zone_help)}</p>
                    <form class="mt-4 flex flex-wrap items-end gap-3" on:submit=save_zone data-testid="time-zone-form">
                        <label class="min-w-[16rem] flex-1">
                            <span class=LABEL>{t!(i18n, settings.time_zone)}</span>
                            <input class=INPUT name="time_zone" prop:value=zone on:input=move |ev| zone.set(event_target_value(&ev)) placeholder="Asia/Kolkata"/>
                        </label>
                        <button type="button" class=SECONDARY on:click=move |_| if let Some(z) = browser_zone() { zone.set(z) }>{t!(i18n, settings.use_browser_zone)}</button>
                        <button type="submit" class=BUTTON>{t!(i18n, settings.save)}</button>
                    </form>
                    {move || zone_message.get().map(|(ok, m)| view! { <p class=if ok { "mt-2 text-sm text-emerald-700" } else { "mt-2 text-sm text-rose-700" } role="status">{m}</p> })}
                </section>

                <section class="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm" data-testid="api-tokens">
                    <h2 class="text-lg font-semibold">{t!(i18n, settings.tokens)}</h2>
                    <p class="mt-1 text-sm text-slate-600">{t!(i18n, settings.tokens_help)}</p>
                    <form class="mt-4 flex flex-wrap items-end gap-3" on:submit=create>
                        <label class="min-w-[16rem] flex-1">
                            <span class=LABEL>{t!(i18n, settings.token_name)}</span>
                            <input class=INPUT maxlength="100" prop:value=name on:input=move |ev| name.set(event_target_value(&ev)) placeholder="Claude Desktop"/>
                        </label>
                        <button type="submit" class=BUTTON>{t!(i18n, settings.create_token)}</button>
                    </form>
                    {move || token_error.get().map(|e| view! { <p class="mt-2 text-sm text-rose-700" role="alert">{e}</p> })}
                    {move || made.get().map(|new| {
                        let url = format!("{}/mcp", origin());
                        let config = format!(
                            "{{\n  \"mcpServers\": {{\n    \"mat-cha\": {{\n      \"url\": \"{url}\",\n      \"headers\": {{ \"Authorization\": \"Bearer {}\" }}\n    }}\n  }}\n}}",
                            new.secret
                        );
                        view! {
                            <div class="mt-4 rounded-lg border border-amber-300 bg-amber-50 p-4" role="status" data-testid="new-token">
                                <p class="text-sm font-medium text-amber-900">{t!(i18n, settings.copy_now)}</p>
                                <code class="mt-2 block break-all rounded bg-white px-3 py-2 font-mono text-sm" data-testid="token-secret">{new.secret.clone()}</code>
                                <p class="mt-3 text-sm text-slate-700">{t!(i18n, settings.mcp_help)}</p>
                                <pre class="mt-2 overflow-x-auto rounded bg-slate-900 p-3 text-xs text-slate-100">{config}</pre>
                            </div>
                        }
                    })}
                    <Show when=move || !tokens.with(Vec::is_empty) fallback=move || view! { <p class="mt-4 text-sm text-slate-500">{t!(i18n, settings.no_tokens)}</p> }>
                        <table class="mt-4 w-full text-left text-sm">
                            <thead class="text-slate-500"><tr>
                                <th class="py-2 font-medium">{t!(i18n, settings.token_name)}</th>
                                <th class="py-2 font-medium">{t!(i18n, settings.prefix)}</th>
                                <th class="py-2 font-medium">{t!(i18n, settings.created)}</th>
                                <th class="py-2 font-medium">{t!(i18n, settings.last_used)}</th>
                                <th></th>
                            </tr></thead>
                            <tbody class="divide-y divide-slate-100">
                                <For each=move || tokens.get() key=|t| (t.id, t.revoked_at.is_some()) let:t>
                                    {
                                        let id = t.id;
                                        let revoked = t.revoked_at.is_some();
                                        view! {
                                            <tr data-testid="token-row">
                                                <td class="py-2 break-words">{t.name.clone()}</td>
                                                <td class="py-2 font-mono">{format!("{}…", t.prefix)}</td>
                                                <td class="py-2">{move || short_date(i18n, t.created_at)}</td>
                                                <td class="py-2">{move || t.last_used_at.map(|at| short_date(i18n, at)).unwrap_or_else(|| t_string!(i18n, settings.never).to_string())}</td>
                                                <td class="py-2 text-right">{if revoked {
                                                    view! { <span class="text-slate-500">{t!(i18n, settings.revoked)}</span> }.into_any()
                                                } else {
                                                    view! { <button type="button" class=SECONDARY on:click=move |_| revoke(id)>{t!(i18n, settings.revoke)}</button> }.into_any()
                                                }}</td>
                                            </tr>
                                        }
                                    }
                                </For>
                            </tbody>
                        </table>
                    </Show>
                </section>
                <AuthorizedApps/>
                <YourData/>
            </Suspense>
        </AppShell>
    }
}

/// The apps allowed to sign in with the account (OAuth), each removable.
#[component]
fn AuthorizedApps() -> impl IntoView {
    let i18n = use_i18n();
    let loaded = Resource::new(|| (), |_| my_apps());
    let apps = RwSignal::new(Vec::<AuthorizedApp>::new());
    Effect::new(move |_| {
        if let Some(Ok(list)) = loaded.get() {
            apps.set(list);
        }
    });
    let failure = RwSignal::new(None::<String>);
    let remove = move |client_id: String| {
        if !confirmed(t_string!(i18n, settings.remove_confirm)) {
            return;
        }
        leptos::task::spawn_local(async move {
            match revoke_app(client_id.clone()).await {
                Ok(()) => apps.update(|list| list.retain(|a| a.client_id != client_id)),
                Err(e) => failure.set(Some(e.message)),
            }
        });
    };
    let scope_text = move |scope: &str| match scope {
        "tasks:read" => t_string!(i18n, consent.scope_tasks_read).to_string(),
        "tasks:write" => t_string!(i18n, consent.scope_tasks_write).to_string(),
        other => other.to_owned(),
    };
    view! {
        <section class="mt-6 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm" data-testid="authorized-apps">
            <h2 class="text-lg font-semibold">{t!(i18n, settings.apps)}</h2>
            <p class="mt-1 text-sm text-slate-600">{t!(i18n, settings.apps_help)}</p>
            {move || loaded.get().and_then(Result::err).map(|e| view! { <p class="mt-2 text-sm text-rose-700" role="alert">{crate::components::error_words(e)}</p> })}
            {move || failure.get().map(|e| view! { <p class="mt-2 text-sm text-rose-700" role="alert">{e}</p> })}
            <Show when=move || !apps.with(Vec::is_empty) fallback=move || view! { <p class="mt-4 text-sm text-slate-500">{t!(i18n, settings.no_apps)}</p> }>
                <ul class="mt-4 divide-y divide-slate-100">
                    <For each=move || apps.get() key=|a| a.client_id.clone() let:app>
                        {
                            let id = app.client_id.clone();
                            let can = app.scopes.iter().map(|s| scope_text(s)).collect::<Vec<_>>().join(" · ");
                            view! {
                                <li class="flex flex-wrap items-center justify-between gap-3 py-3" data-testid="app-row">
                                    <div class="min-w-0">
                                        <p class="font-medium break-words">{app.name.clone()}</p>
                                        <p class="text-sm text-slate-600">{t!(i18n, settings.can)}": "{can}</p>
                                        <p class="text-xs text-slate-500">{t!(i18n, settings.allowed_on)}" "{move || short_date(i18n, app.authorized_at)}</p>
                                    </div>
                                    <button type="button" class=SECONDARY on:click=move |_| remove(id.clone())>{t!(i18n, settings.remove_access)}</button>
                                </li>
                            }
                        }
                    </For>
                </ul>
            </Show>
        </section>
    }
}

/// The language the whole product uses for this account: switching it
/// changes the page at once and is kept on the account.
#[component]
fn LanguageSetting() -> impl IntoView {
    let i18n = use_i18n();
    // Worded when shown, so the answer to switching is in the new language.
    let message = RwSignal::new(None::<Result<(), AppError>>);
    let change = move |ev: leptos::ev::Event| {
        let code = event_target_value(&ev);
        let Ok(language) = domain::Language::parse(&code, "language") else {
            return;
        };
        crate::locale_strings::switch(i18n, locale_of(language));
        leptos::task::spawn_local(async move {
            message.set(Some(save_language(code).await));
        });
    };
    view! {
        <section class="mb-6 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm" data-testid="language-setting">
            <h2 class="text-lg font-semibold">{t!(i18n, language.setting)}</h2>
            <p class="mt-1 text-sm text-slate-600">{t!(i18n, language.setting_help)}</p>
            <label class="mt-4 block max-w-xs">
                <span class=LABEL>{t!(i18n, language.setting)}</span>
                <select class=INPUT name="language" on:change=change>
                    {domain::Language::ALL.into_iter().map(|l| view! {
                        <option value=l.code() lang=l.code() selected=move || language_of(i18n.get_locale()) == l prop:selected=move || language_of(i18n.get_locale()) == l>{l.native_name()}</option>
                    }).collect_view()}
                </select>
            </label>
            {move || message.get().map(|answer| {
                let ok = answer.is_ok();
                let text = move || match &answer {
                    Ok(()) => t_string!(i18n, settings.saved).to_string(),
                    Err(e) => crate::messages::error_text(i18n.get_locale(), e),
                };
                view! { <p class=if ok { "mt-2 text-sm text-emerald-700" } else { "mt-2 text-sm text-rose-700" } role="status">{text}</p> }
            })}
        </section>
    }
}

/// Leaving: download everything kept about the account, then delete it with
/// the password re-entered (the data is purged 30 days later).
#[component]
fn YourData() -> impl IntoView {
    let i18n = use_i18n();
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let deleted = RwSignal::new(None::<time::OffsetDateTime>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !confirmed(t_string!(i18n, settings.delete_confirm)) {
            return;
        }
        busy.set(true);
        let value = password.get_untracked();
        leptos::task::spawn_local(async move {
            match delete_account(value).await {
                Ok(answer) => deleted.set(Some(answer.purge_after)),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let error_text = move || {
        error.get().map(|e| {
            let locale = i18n.get_locale();
            e.field("password").map_or_else(
                || crate::messages::error_text(locale, &e),
                |f| crate::messages::field_text(locale, f),
            )
        })
    };
    view! {
        <section class="mt-6 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm" data-testid="your-data">
            <h2 class="text-lg font-semibold">{t!(i18n, settings.data_title)}</h2>
            <p class="mt-1 text-sm text-slate-600">{t!(i18n, settings.export_help)}</p>
            <a href="/api/v1/me/export" download class=format!("mt-3 {SECONDARY}") rel="external" data-testid="export-data">{t!(i18n, settings.export)}</a>
            <Show when=move || deleted.get().is_none() fallback=move || view! {
                <div class="mt-6 rounded-lg border border-emerald-200 bg-emerald-50 p-4 text-sm text-emerald-900" role="status" data-testid="account-deleted">
                    <p>{move || deleted.get().map(|at| t_string!(i18n, settings.deleted, date = short_date(i18n, at)).to_string())}</p>
                    <a href="/" rel="external" class="mt-2 inline-block font-medium underline">{t!(i18n, settings.go_home)}</a>
                </div>
            }>
                <form class="mt-6 border-t border-slate-100 pt-5" on:submit=submit novalidate>
                    <h3 class="font-semibold text-rose-800">{t!(i18n, settings.delete_title)}</h3>
                    <p class="mt-1 text-sm text-slate-600">{t!(i18n, settings.delete_help)}</p>
                    <label class="mt-3 block max-w-xs">
                        <span class=LABEL>{t!(i18n, settings.delete_password)}</span>
                        <input class=INPUT type="password" name="password" autocomplete="current-password" required
                            aria-invalid=move || error.with(Option::is_some).to_string()
                            prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
                    </label>
                    {move || error_text().map(|text| view! { <p class="mt-2 text-sm text-rose-700" role="alert">{text}</p> })}
                    <button type="submit" class=DANGER disabled=move || busy.get() || password.with(String::is_empty)>{t!(i18n, settings.delete_button)}</button>
                </form>
            </Show>
        </section>
    }
}

const DANGER: &str = "mt-4 inline-flex items-center rounded-lg bg-rose-700 px-4 py-2 font-medium text-white shadow-sm hover:bg-rose-800 focus:outline-none focus:ring-4 focus:ring-rose-200 disabled:opacity-60";

/// Asks the browser's yes/no question; `false` if it cannot be asked.
fn confirmed(question: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(question).ok())
        .unwrap_or(false)
}
