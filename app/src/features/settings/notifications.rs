//! Settings' notification matrix: each event in the app and by e-mail, how
//! soon its mail goes (at once or in the 09:00 digest), and the master
//! switch for e-mail. Saved with one button; what is saved is what the
//! server answers.

use super::api::{notification_settings, save_notification_settings};
use super::NotificationSettings;
use crate::components::BUTTON;
use crate::error::AppError;
use crate::i18n::*;
use domain::notify::{Event, Frequency, PreferencesForm, SettingForm};
use leptos::prelude::*;

/// One event's row: its key, its two switches and its mail's timing.
#[derive(Clone, Copy)]
struct Row {
    event: StoredValue<String>,
    in_app: RwSignal<bool>,
    email: RwSignal<bool>,
    frequency: RwSignal<Frequency>,
}

fn frequency_of(key: &str) -> Frequency {
    Frequency::from_key(key).unwrap_or_default()
}

#[component]
pub fn NotificationMatrix() -> impl IntoView {
    let i18n = use_i18n();
    let loaded = Resource::new(|| (), |_| notification_settings());
    let master = RwSignal::new(true);
    let verified = RwSignal::new(true);
    let rows = RwSignal::new(Vec::<Row>::new());
    // The switches take what the server says (on load and after saving).
    let show = move |settings: NotificationSettings| {
        master.set(settings.email);
        verified.set(settings.email_verified);
        let known = rows.with_untracked(|r| r.len() == settings.events.len());
        if known {
            rows.with_untracked(|r| {
                for (row, saved) in r.iter().zip(&settings.events) {
                    row.in_app.set(saved.in_app);
                    row.email.set(saved.email);
                    row.frequency.set(frequency_of(&saved.frequency));
                }
            });
        } else {
            rows.set(
                settings
                    .events
                    .into_iter()
                    .map(|r| Row {
                        frequency: RwSignal::new(frequency_of(&r.frequency)),
                        event: StoredValue::new(r.event),
                        in_app: RwSignal::new(r.in_app),
                        email: RwSignal::new(r.email),
                    })
                    .collect(),
            );
        }
    };
    Effect::new(move |_| {
        if let Some(Ok(settings)) = loaded.get() {
            show(settings);
        }
    });
    let answer = RwSignal::new(None::<Result<(), AppError>>);
    let busy = RwSignal::new(false);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = PreferencesForm {
            email: Some(master.get_untracked()),
            events: rows.with_untracked(|r| {
                r.iter()
                    .map(|row| SettingForm {
                        event: row.event.get_value(),
                        in_app: Some(row.in_app.get_untracked()),
                        email: Some(row.email.get_untracked()),
                        frequency: Some(row.frequency.get_untracked().key().to_owned()),
                    })
                    .collect()
            }),
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            match save_notification_settings(form).await {
                Ok(saved) => {
                    show(saved);
                    answer.set(Some(Ok(())));
                }
                Err(e) => answer.set(Some(Err(e))),
            }
            busy.set(false);
        });
    };
    let label = move |key: &str| {
        Event::from_key(key)
            .map(|e| crate::words::event_label(i18n.get_locale(), e))
            .unwrap_or_default()
    };
    let changed = move || answer.set(None);
    view! {
        <section id="notifications" class="mb-6 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm" data-testid="notification-settings">
            <h2 class="text-lg font-semibold">{t!(i18n, notify.title)}</h2>
            <p class="mt-1 text-sm text-slate-600">{t!(i18n, notify.help)}</p>
            {move || loaded.get().and_then(Result::err).map(|e| view! { <p class="mt-2 text-sm text-rose-700" role="alert">{crate::components::error_words(e)}</p> })}
            <Show when=move || !rows.with(Vec::is_empty)>
                <form class="mt-4" on:submit=save>
                    <Show when=move || !verified.get()>
                        <p class="mb-3 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900">{t!(i18n, notify.unverified)}</p>
                    </Show>
                    <label class="flex items-center gap-2 font-medium">
                        <input type="checkbox" name="email" class="h-4 w-4 accent-emerald-600" prop:checked=master
                            on:change=move |ev| { changed(); master.set(event_target_checked(&ev)); }/>
                        {t!(i18n, notify.master)}
                    </label>
                    <div class="mt-4 overflow-x-auto">
                        <table class="w-full text-left text-sm">
                            <thead class="text-slate-500"><tr>
                                <th class="py-2 font-medium">{t!(i18n, notify.col_event)}</th>
                                <th class="px-3 py-2 text-center font-medium">{t!(i18n, notify.col_in_app)}</th>
                                <th class="px-3 py-2 text-center font-medium">{t!(i18n, notify.col_email)}</th>
                                <th class="px-3 py-2 font-medium">{t!(i18n, notify.col_frequency)}</th>
                            </tr></thead>
                            <tbody class="divide-y divide-slate-100">
                                {move || rows.get().into_iter().map(|Row { event, in_app, email, frequency }| {
                                    let key = event.get_value();
                                    let name = move || event.with_value(|k| label(k));
                                    let can_wait = Event::from_key(&key).is_some_and(Event::can_wait);
                                    view! {
                                        <tr data-testid="notification-row" data-event=key>
                                            <td class="py-2 pr-3">{name}</td>
                                            <td class="px-3 py-2 text-center">
                                                <input type="checkbox" class="h-4 w-4 accent-emerald-600" prop:checked=in_app
                                                    aria-label=move || format!("{} · {}", name(), t_string!(i18n, notify.col_in_app))
                                                    on:change=move |ev| { changed(); in_app.set(event_target_checked(&ev)); }/>
                                            </td>
                                            <td class="px-3 py-2 text-center">
                                                <input type="checkbox" class="h-4 w-4 accent-emerald-600" prop:checked=email disabled=move || !master.get()
                                                    aria-label=move || format!("{} · {}", name(), t_string!(i18n, notify.col_email))
                                                    on:change=move |ev| { changed(); email.set(event_target_checked(&ev)); }/>
                                            </td>
                                            <td class="px-3 py-2">
                                                {if can_wait {
                                                    view! {
                                                        <select class="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm disabled:opacity-50" data-testid="notification-frequency"
                                                            disabled=move || !master.get() || !email.get()
                                                            aria-label=move || format!("{} · {}", name(), t_string!(i18n, notify.col_frequency))
                                                            on:change=move |ev| { changed(); frequency.set(frequency_of(&event_target_value(&ev))); }>
                                                            <option value="immediately" prop:selected=move || frequency.get() == Frequency::Immediately>{t!(i18n, notify.freq_immediately)}</option>
                                                            <option value="daily" prop:selected=move || frequency.get() == Frequency::Daily>{t!(i18n, notify.freq_daily)}</option>
                                                        </select>
                                                    }.into_any()
                                                } else {
                                                    view! { <span class="text-sm text-slate-500">{t!(i18n, notify.freq_immediately)}</span> }.into_any()
                                                }}
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <p class="mt-3 text-xs text-slate-500">{t!(i18n, notify.digest_note)}</p>
                    <p class="mt-1 text-xs text-slate-500">{t!(i18n, notify.security_note)}</p>
                    <div class="mt-4 flex flex-wrap items-center gap-3">
                        <button type="submit" class=BUTTON disabled=move || busy.get()>{t!(i18n, notify.save)}</button>
                        {move || answer.get().map(|a| {
                            let ok = a.is_ok();
                            let text = move || match &a {
                                Ok(()) => t_string!(i18n, settings.saved).to_string(),
                                Err(e) => crate::messages::error_text(i18n.get_locale(), e),
                            };
                            view! { <span class=if ok { "text-sm text-emerald-700" } else { "text-sm text-rose-700" } role="status" data-testid="notification-saved">{text}</span> }
                        })}
                    </div>
                </form>
            </Show>
        </section>
    }
}
