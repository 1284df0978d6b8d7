//! The collaboration pages: interests on a request (express, accept,
//! reject), the chat list, one live chat with its deal, notifications with
//! the bell, and confirmed deals for the dashboards.

use super::api::{
    chat_view, my_chats, my_deals, my_notifications, older_messages, request_interests,
    ChatOpening, InterestWithScore, MarkRead,
};
use super::live_client::{self, ChatSignals};
use super::{ChatMessage, Deal, Notification};
use crate::components::{
    error_line, shown_name, AppShell, CurrencySelect, EmptyState, FormAlert, FormValues, Protected,
    ScoreBadge, Spinner, BUTTON, INPUT, LABEL,
};
use crate::error::AppError;
use crate::features::auth::messages::FormErrors;
use crate::features::auth::User;
use crate::i18n::*;
use domain::chat_window::{countdown, MAX_MESSAGE_CHARS};
use domain::{DealEvent, DealForm, DealStatus, InterestEvent, InterestStatus, WindowStatus};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

type I18n = leptos_i18n::I18nContext<Locale>;

const SECONDARY: &str = "rounded-lg border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50 disabled:opacity-60";

fn time_of(i18n: I18n, at: time::OffsetDateTime) -> String {
    domain::format::date_time(
        at.date(),
        at.time(),
        crate::components::language_of(i18n.get_locale()),
        true,
    )
}

fn window_label(i18n: I18n, status: WindowStatus) -> String {
    match status {
        WindowStatus::Active => t_string!(i18n, collab.status_active),
        WindowStatus::Closed => t_string!(i18n, collab.status_closed),
        WindowStatus::Expired => t_string!(i18n, collab.status_expired),
    }
    .to_string()
}

#[component]
fn WindowBadge(#[prop(into)] status: Signal<WindowStatus>) -> impl IntoView {
    let i18n = use_i18n();
    let colour = move || match status.get() {
        WindowStatus::Active => "bg-emerald-50 text-emerald-700 ring-emerald-200",
        WindowStatus::Closed => "bg-sky-50 text-sky-700 ring-sky-200",
        WindowStatus::Expired => "bg-slate-100 text-slate-600 ring-slate-200",
    };
    view! {
        <span class=move || format!("inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ring-inset {}", colour())
            data-testid="chat-status" data-status=move || status.get().key()>
            {move || window_label(i18n, status.get())}
        </span>
    }
}

// ---------------------------------------------------------------- interests

/// On a request page: the brand's incoming interests with accept / reject,
/// or the creator's own interest (or the button to express one).
#[component]
pub fn InterestsPanel(request_id: Uuid, brand_side: bool) -> impl IntoView {
    let i18n = use_i18n();
    let express = ServerAction::<super::api::ExpressInterest>::new();
    let decide = ServerAction::<super::api::DecideInterest>::new();
    let list = Resource::new(
        move || (express.version().get(), decide.version().get()),
        move |_| request_interests(request_id),
    );
    view! {
        <section class="mt-6" data-testid="interests">
            <h2 class="mb-3 text-xl font-semibold">
                {move || if brand_side { t_string!(i18n, collab.interests_title) } else { t_string!(i18n, collab.your_interest) }}
            </h2>
            <Transition fallback=move || view! { <Spinner label=t_string!(i18n, common.loading).to_string()/> }>
                {move || list.get().map(|r| match r {
                    Err(e) => view! { <p class="text-rose-700" role="alert">{crate::components::error_words(e)}</p> }.into_any(),
                    Ok(items) if brand_side && items.is_empty() => view! { <EmptyState message=t_string!(i18n, collab.no_interests).to_string()/> }.into_any(),
                    Ok(items) if brand_side => view! { <InterestCards items decide/> }.into_any(),
                    Ok(items) => match items.into_iter().next() {
                        Some(mine) => view! { <InterestCards items=vec![mine] decide/> }.into_any(),
                        None => view! { <ExpressForm request_id express/> }.into_any(),
                    },
                })}
            </Transition>
            {move || decide.value().get().and_then(Result::err).map(|e| view! { <p class="mt-2 text-sm text-rose-700" role="alert">{crate::components::error_words(e)}</p> })}
        </section>
    }
}

#[component]
fn ExpressForm(
    request_id: Uuid,
    express: ServerAction<super::api::ExpressInterest>,
) -> impl IntoView {
    let i18n = use_i18n();
    let errors = FormErrors::new(
        i18n,
        Signal::derive(move || express.value().get().and_then(Result::err)),
    );
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Some(v) = FormValues::from_submit(&ev) else {
            return;
        };
        express.dispatch(super::api::ExpressInterest {
            request: request_id,
            note: v.one("note"),
        });
    };
    view! {
        <form on:submit=on_submit class="space-y-3 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm" data-testid="express-form">
            <p class="text-sm text-slate-600">{t!(i18n, collab.express_hint)}</p>
            <label for="note" class=LABEL>{t!(i18n, collab.note)}</label>
            <textarea id="note" name="note" rows="3" maxlength="1000" class=INPUT></textarea>
            {error_line(errors.field("note"))}
            <FormAlert message=errors.general()/>
            <button type="submit" class=BUTTON disabled=move || express.pending().get()>
                {move || if express.pending().get() { t_string!(i18n, common.saving) } else { t_string!(i18n, collab.express) }}
            </button>
        </form>
    }
}

#[component]
fn InterestCards(
    items: Vec<InterestWithScore>,
    decide: ServerAction<super::api::DecideInterest>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="grid gap-3" data-testid="interest-list">
            {items.into_iter().map(|item| {
                let it = item.interest;
                let id = it.id;
                let status = it.status;
                let status_text = move || match status {
                    InterestStatus::Pending => t_string!(i18n, collab.interest_pending),
                    InterestStatus::Accepted => t_string!(i18n, collab.interest_accepted),
                    InterestStatus::Rejected => t_string!(i18n, collab.interest_rejected),
                }.to_string();
                view! {
                    <li class="rounded-2xl border border-slate-200 bg-white p-4 shadow-sm" data-testid="interest" data-status=status.key()>
                        <div class="flex flex-wrap items-center justify-between gap-3">
                            <div class="flex items-center gap-3">
                                {item.score.map(|s| view! { <ScoreBadge score=s/> })}
                                <div>
                                    <a href=format!("/creators/{}", it.creator_id) class="font-semibold hover:underline">{let name = it.creator_name.clone(); move || shown_name(i18n, &name)}</a>
                                    <p class="text-xs text-slate-500">{let at = it.created_at; move || time_of(i18n, at)}" · "{status_text}</p>
                                </div>
                            </div>
                            <div class="flex gap-2">
                                {it.chat_id.map(|chat| view! { <a href=format!("/chats/{chat}") class=BUTTON data-testid="open-chat">{t!(i18n, collab.open_chat)}</a> })}
                                {it.allowed_events.iter().map(|event| {
                                    let event = *event;
                                    let label = match event {
                                        InterestEvent::Accept => t_string!(i18n, collab.accept),
                                        InterestEvent::Reject => t_string!(i18n, collab.reject),
                                    };
                                    let class = if event == InterestEvent::Accept { BUTTON } else { SECONDARY };
                                    view! {
                                        <button type="button" class=class data-event=format!("{event:?}").to_lowercase()
                                            disabled=move || decide.pending().get()
                                            on:click=move |_| { decide.dispatch(super::api::DecideInterest { id, event }); }>
                                            {label}
                                        </button>
                                    }
                                }).collect_view()}
                            </div>
                        </div>
                        {it.note.clone().map(|n| view! { <p class="mt-2 whitespace-pre-line text-sm text-slate-700">{n}</p> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

// -------------------------------------------------------------------- chats

#[component]
pub fn ChatsPage() -> impl IntoView {
    view! { <Protected view=|user| view! { <ChatList user/> }.into_any()/> }
}

#[component]
fn ChatList(user: User) -> impl IntoView {
    let i18n = use_i18n();
    let list = Resource::new(|| (), |_| my_chats());
    let me = user.id;
    view! {
        <Title text=move || t_string!(i18n, collab.chats_title).to_string()/>
        <AppShell user=user>
            <h1 class="mb-6 text-2xl font-semibold tracking-tight">{t!(i18n, collab.chats_title)}</h1>
            <Suspense fallback=move || view! { <Spinner label=t_string!(i18n, common.loading).to_string()/> }>
                {move || list.get().map(|r| match r {
                    Err(e) => view! { <p class="text-rose-700" role="alert">{crate::components::error_words(e)}</p> }.into_any(),
                    Ok(items) if items.is_empty() => view! { <EmptyState message=t_string!(i18n, collab.no_chats).to_string()/> }.into_any(),
                    Ok(items) => view! {
                        <ul class="grid gap-3" data-testid="chat-list">
                            {items.into_iter().map(|c| {
                                let other = if c.brand_id == me { c.creator_name.clone() } else { c.brand_name.clone() };
                                let left = c.seconds_left;
                                let status = c.status;
                                view! {
                                    <li>
                                        <a href=format!("/chats/{}", c.id) class="flex flex-wrap items-center justify-between gap-3 rounded-2xl border border-slate-200 bg-white p-4 shadow-sm hover:border-emerald-300">
                                            <div>
                                                <p class="font-semibold">{move || shown_name(i18n, &other)}</p>
                                                <p class="text-sm text-slate-500">{c.request_title.clone()}</p>
                                            </div>
                                            <div class="flex items-center gap-3 text-sm text-slate-600">
                                                {(status == WindowStatus::Active).then(|| view! { <span>{countdown(left)}</span> })}
                                                <WindowBadge status=status/>
                                            </div>
                                        </a>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Suspense>
        </AppShell>
    }
}

#[component]
pub fn ChatPage() -> impl IntoView {
    view! { <Protected view=|user| view! { <ChatScreen user/> }.into_any()/> }
}

#[component]
fn ChatScreen(user: User) -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|id| Uuid::parse_str(&id).ok())
    });
    let loaded = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => chat_view(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        <Title text=move || t_string!(i18n, collab.chat_title).to_string()/>
        <AppShell user=user>
            <Suspense fallback=move || view! { <Spinner label=t_string!(i18n, common.loading).to_string()/> }>
                {move || loaded.get().map(|r| match r {
                    Ok(Some(view)) => view! { <LiveChat view/> }.into_any(),
                    Ok(None) => view! { <EmptyState message=t_string!(i18n, collab.chat_not_found).to_string()/> }.into_any(),
                    Err(e) => view! { <EmptyState message=crate::messages::error_text(i18n.get_locale_untracked(), &e)/> }.into_any(),
                })}
            </Suspense>
        </AppShell>
    }
}

#[component]
fn LiveChat(view: ChatOpening) -> impl IntoView {
    let i18n = use_i18n();
    let me = view.me;
    let chat_id = view.chat.id;
    let other_id = if view.chat.brand_id == me {
        view.chat.creator_id
    } else {
        view.chat.brand_id
    };
    let signals = ChatSignals {
        chat: RwSignal::new(view.chat),
        deal: RwSignal::new(view.deal),
        messages: RwSignal::new(view.messages),
        outgoing: RwSignal::new(Vec::new()),
        connected: RwSignal::new(true),
        synced_at: RwSignal::new(0.0),
    };
    let more_before = RwSignal::new(view.more_before);
    let loading_older = RwSignal::new(false);
    let older_error = RwSignal::new(None::<String>);
    let now = RwSignal::new(0.0);
    let handle = StoredValue::new(None::<live_client::ChatHandle>);
    // In the browser: connect, and tick the countdown every second.
    Effect::new(move |_| {
        signals.synced_at.set(web_sys::js_sys::Date::now());
        now.set(web_sys::js_sys::Date::now());
        handle.set_value(Some(live_client::open(chat_id, signals)));
        if let Ok(tick) = set_interval_with_handle(
            move || now.set(web_sys::js_sys::Date::now()),
            std::time::Duration::from_secs(1),
        ) {
            on_cleanup(move || tick.clear());
        }
    });
    on_cleanup(move || {
        if let Some(h) = handle.try_get_value().flatten() {
            live_client::close(h);
        }
    });
    let seconds_left = Signal::derive(move || {
        let elapsed = ((now.get() - signals.synced_at.get()) / 1000.0).max(0.0) as i64;
        (signals.chat.with(|c| c.seconds_left) - elapsed).max(0)
    });
    // The status as of now: an active window whose time ran out reads as
    // expired even before the server's sweep says so.
    // A memo: the views that depend on the status re-render only when it
    // changes, not on every tick of the countdown.
    let status = Memo::new(move |_| {
        let s = signals.chat.with(|c| c.status);
        if s == WindowStatus::Active && seconds_left.get() == 0 && now.get() > 0.0 {
            WindowStatus::Expired
        } else {
            s
        }
    });
    let load_older = move |_| {
        let Some(first) = signals.messages.with_untracked(|m| m.first().map(|m| m.id)) else {
            return;
        };
        loading_older.set(true);
        leptos::task::spawn_local(async move {
            match older_messages(chat_id, first).await {
                Ok(page) => {
                    more_before.set(page.len() as i64 >= super::api::PAGE);
                    for m in page {
                        signals.add(m);
                    }
                    older_error.set(None);
                }
                Err(e) => older_error.set(Some(crate::messages::error_text(
                    i18n.get_locale_untracked(),
                    &e,
                ))),
            }
            loading_older.set(false);
        });
    };
    let other = move || {
        signals.chat.with(|c| {
            if c.brand_id == me {
                c.creator_name.clone()
            } else {
                c.brand_name.clone()
            }
        })
    };
    view! {
        <section class="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm" data-testid="chat-header">
            <div class="flex flex-wrap items-start justify-between gap-3">
                <div>
                    <h1 class="text-xl font-semibold tracking-tight">{move || shown_name(i18n, &other())}</h1>
                    <a href=move || format!("/requests/{}", signals.chat.with(|c| c.request_id)) class="text-sm text-slate-500 hover:underline">
                        {move || signals.chat.with(|c| c.request_title.clone())}
                    </a>
                    <crate::features::moderation::ReportButton target_type="account" target_id=other_id.to_string()/>
                </div>
                <div class="flex items-center gap-3">
                    <span class="font-mono text-sm tabular-nums text-slate-700" data-testid="countdown"
                        title=move || t_string!(i18n, collab.time_left).to_string()
                        hidden=move || status.get() != WindowStatus::Active>
                        {move || format!("{} {}", t_string!(i18n, collab.time_left), countdown(seconds_left.get()))}
                    </span>
                    <WindowBadge status=Signal::from(status)/>
                </div>
            </div>
            {move || (!signals.connected.get()).then(|| view! {
                <p class="mt-3 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-800" role="status" data-testid="reconnecting">{t!(i18n, collab.reconnecting)}</p>
            })}
        </section>
        <div class="mt-4 grid gap-4 lg:grid-cols-[1fr_20rem]">
            <section class="flex min-h-[24rem] flex-col rounded-2xl border border-slate-200 bg-white shadow-sm">
                <div class="flex-1 space-y-2 overflow-y-auto p-4" data-testid="messages" aria-live="polite">
                    {move || more_before.get().then(|| view! {
                        <div class="text-center">
                            <button type="button" class=SECONDARY on:click=load_older disabled=move || loading_older.get() data-testid="load-older">
                                {move || if loading_older.get() { t_string!(i18n, common.loading) } else { t_string!(i18n, collab.load_older) }}
                            </button>
                        </div>
                    })}
                    {move || older_error.get().map(|e| view! { <p class="text-sm text-rose-700" role="alert">{e}</p> })}
                    {move || (signals.messages.with(Vec::is_empty) && signals.outgoing.with(Vec::is_empty)).then(|| view! {
                        <p class="py-10 text-center text-sm text-slate-500">{t!(i18n, collab.no_messages)}</p>
                    })}
                    <For each=move || signals.messages.get() key=|m| m.id let:m>
                        <Bubble mine={m.sender_id == me} message=m/>
                    </For>
                    <For each=move || signals.outgoing.get() key=|o| (o.client_id, o.refused.clone()) let:o>
                        <div class="flex justify-end" data-testid="outgoing">
                            <div class="max-w-[80%] rounded-2xl bg-emerald-100 px-3 py-2 text-slate-800">
                                <p class="whitespace-pre-wrap break-words">{o.body.clone()}</p>
                                {match o.refused.clone() {
                                    Some(reason) => view! { <p class="mt-1 text-xs text-rose-700" role="alert">{reason}</p> }.into_any(),
                                    None => view! { <p class="mt-1 text-right text-xs text-slate-500" data-testid="delivery" data-state="sending">{t!(i18n, collab.sending)}</p> }.into_any(),
                                }}
                            </div>
                        </div>
                    </For>
                </div>
                <Composer status=status.into() handle/>
            </section>
            <DealPanel chat_id signals me status=status.into()/>
        </div>
    }
}

#[component]
fn Bubble(message: ChatMessage, mine: bool) -> impl IntoView {
    let i18n = use_i18n();
    let (row, bubble) = if mine {
        ("flex justify-end", "bg-emerald-600 text-white")
    } else {
        ("flex justify-start", "bg-slate-100 text-slate-900")
    };
    let id = message.id;
    let removed = message.removed;
    view! {
        <div class=row data-testid="message" data-mine=mine.to_string()>
            <div class=format!("max-w-[80%] rounded-2xl px-3 py-2 {bubble}")>
                // Plain text: Leptos escapes it, so markup shows as typed.
                {if removed && !mine {
                    view! { <p class="italic opacity-75" data-testid="message-body" data-removed="true">{t!(i18n, collab.message_removed)}</p> }.into_any()
                } else {
                    view! { <p class="whitespace-pre-wrap break-words" data-testid="message-body">{message.body}</p> }.into_any()
                }}
                {(removed && mine).then(|| view! { <p class="mt-1 text-xs" data-testid="message-removed">{t!(i18n, moderation.notice_removed)}</p> })}
                <p class="mt-1 text-right text-xs opacity-75">
                    {let at = message.created_at; move || time_of(i18n, at)}
                    {mine.then(|| view! { <span data-testid="delivery" data-state="sent">" · "{t!(i18n, collab.sent)}</span> })}
                </p>
                // The other side's messages can be reported (a scam, abuse).
                {(!mine && !removed).then(|| view! { <crate::features::moderation::ReportButton target_type="message" target_id=id.to_string()/> })}
            </div>
        </div>
    }
}

#[component]
fn Composer(
    status: Signal<WindowStatus>,
    handle: StoredValue<Option<live_client::ChatHandle>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let text = RwSignal::new(String::new());
    let too_long = move || text.with(|t| t.chars().count() > MAX_MESSAGE_CHARS);
    let submit = move || {
        let body = text.get_untracked();
        if body.trim().is_empty() || too_long() {
            return;
        }
        if let Some(h) = handle.get_value() {
            live_client::send(h, body);
            text.set(String::new());
        }
    };
    view! {
        {move || match status.get() {
            WindowStatus::Active => view! {
                <form class="border-t border-slate-200 p-3" data-testid="composer"
                    on:submit=move |ev| { ev.prevent_default(); submit(); }>
                    <label for="message" class="sr-only">{t!(i18n, collab.message_label)}</label>
                    <textarea id="message" rows="2" class=INPUT
                        placeholder=move || t_string!(i18n, collab.message_placeholder).to_string()
                        prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))
                        on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                            // Enter sends; Shift+Enter starts a new line.
                            if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
                                ev.prevent_default();
                                submit();
                            }
                        }></textarea>
                    <div class="mt-2 flex items-center justify-between gap-3">
                        <span class=move || if too_long() { "text-xs text-rose-700" } else { "text-xs text-slate-500" }>
                            {move || format!("{} / {MAX_MESSAGE_CHARS}", text.with(|t| t.chars().count()))}
                        </span>
                        <button type="submit" class=BUTTON disabled=move || too_long() || text.with(|t| t.trim().is_empty())>{t!(i18n, collab.send)}</button>
                    </div>
                </form>
            }.into_any(),
            WindowStatus::Closed => view! { <p class="border-t border-slate-200 p-4 text-sm text-slate-600" data-testid="closed-note">{t!(i18n, collab.closed_note)}</p> }.into_any(),
            WindowStatus::Expired => view! { <p class="border-t border-slate-200 p-4 text-sm text-slate-600" data-testid="closed-note">{t!(i18n, collab.expired_note)}</p> }.into_any(),
        }}
    }
}

// -------------------------------------------------------------------- deals

fn deal_status_label(i18n: I18n, status: DealStatus) -> String {
    match status {
        DealStatus::Proposed => t_string!(i18n, collab.deal_proposed),
        DealStatus::Pending => t_string!(i18n, collab.deal_pending),
        DealStatus::Confirmed => t_string!(i18n, collab.deal_confirmed),
    }
    .to_string()
}

#[component]
fn DealPanel(
    chat_id: Uuid,
    signals: ChatSignals,
    me: Uuid,
    status: Signal<WindowStatus>,
) -> impl IntoView {
    let i18n = use_i18n();
    let editing = RwSignal::new(false);
    let confirm = ServerAction::<super::api::ConfirmDeal>::new();
    let save = ServerAction::<super::api::ProposeDeal>::new();
    // The live connection brings each change to both sides; this side gets
    // it at once as well. Owned here, not by the editor, which a live update
    // may replace while a save is on its way.
    Effect::new(move |_| {
        if let Some(Ok(deal)) = confirm.value().get() {
            signals.deal.set(Some(deal));
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(deal)) = save.value().get() {
            signals.deal.set(Some(deal));
            editing.set(false);
        }
    });
    let active = Memo::new(move |_| status.get() == WindowStatus::Active);
    let show_editor = Memo::new(move |_| editing.get() && active.get());
    view! {
        <aside class="space-y-3 rounded-2xl border border-slate-200 bg-white p-5 shadow-sm" data-testid="deal">
            <h2 class="text-lg font-semibold">{t!(i18n, collab.deal_title)}</h2>
            {move || if show_editor.get() {
                // The terms as they were when editing began; a live change
                // does not wipe what is being typed.
                let existing = signals.deal.get_untracked();
                view! { <DealEditor chat_id existing editing save/> }.into_any()
            } else {
                match signals.deal.get() {
                    Some(d) => view! { <DealTerms deal=d me confirm editing/> }.into_any(),
                    None if active.get() => view! {
                        <p class="text-sm text-slate-600">{t!(i18n, collab.no_deal)}</p>
                        <button type="button" class=BUTTON on:click=move |_| editing.set(true) data-testid="propose">{t!(i18n, collab.propose)}</button>
                    }.into_any(),
                    None => view! { <p class="text-sm text-slate-600">{t!(i18n, collab.no_deal_ended)}</p> }.into_any(),
                }
            }}
            {move || confirm.value().get().and_then(Result::err).map(|e| view! { <p class="text-sm text-rose-700" role="alert">{crate::components::error_words(e)}</p> })}
        </aside>
    }
}

#[component]
fn DealTerms(
    deal: Deal,
    me: Uuid,
    confirm: ServerAction<super::api::ConfirmDeal>,
    editing: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (id, version, status) = (deal.id, deal.version, deal.status);
    let mine_confirmed = if deal.brand_id == me {
        deal.brand_confirmed
    } else {
        deal.creator_confirmed
    };
    let theirs_confirmed = if deal.brand_id == me {
        deal.creator_confirmed
    } else {
        deal.brand_confirmed
    };
    view! {
        <div class="flex items-center justify-between gap-2">
            <span class="rounded-full bg-slate-100 px-2.5 py-0.5 text-xs font-medium" data-testid="deal-status" data-status=status.key()>{move || deal_status_label(i18n, status)}</span>
            <span class="text-xs text-slate-500">{move || t_string!(i18n, collab.version, n = version).to_string()}</span>
        </div>
        <dl class="space-y-2 text-sm">
            <div><dt class="text-slate-500">{t!(i18n, collab.deliverables)}</dt><dd class="whitespace-pre-line">{deal.deliverables.clone()}</dd></div>
            <div><dt class="text-slate-500">{t!(i18n, collab.timeline)}</dt><dd>{deal.timeline.clone()}</dd></div>
            <div><dt class="text-slate-500">{t!(i18n, collab.amount)}</dt><dd class="font-medium" data-testid="deal-amount">{deal_amount(&deal)}</dd></div>
            <div><dt class="text-slate-500">{t!(i18n, collab.usage_rights)}</dt><dd class="whitespace-pre-line">{deal.usage_rights.clone()}</dd></div>
        </dl>
        <ul class="space-y-1 text-xs text-slate-600">
            <li>{move || if mine_confirmed { t_string!(i18n, collab.you_confirmed) } else { t_string!(i18n, collab.you_not_confirmed) }}</li>
            <li>{move || if theirs_confirmed { t_string!(i18n, collab.they_confirmed) } else { t_string!(i18n, collab.they_not_confirmed) }}</li>
        </ul>
        <div class="flex flex-wrap gap-2">
            {deal.allowed_events.iter().map(|event| match event {
                DealEvent::Confirm => view! {
                    <button type="button" class=BUTTON data-testid="confirm-deal" disabled=move || confirm.pending().get()
                        on:click=move |_| { confirm.dispatch(super::api::ConfirmDeal { id, version }); }>
                        {t!(i18n, collab.confirm)}
                    </button>
                }.into_any(),
                DealEvent::Revise => view! {
                    <button type="button" class=SECONDARY data-testid="revise-deal" on:click=move |_| editing.set(true)>{t!(i18n, collab.revise)}</button>
                }.into_any(),
            }).collect_view()}
        </div>
    }
}

#[component]
fn DealEditor(
    chat_id: Uuid,
    existing: Option<Deal>,
    editing: RwSignal<bool>,
    save: ServerAction<super::api::ProposeDeal>,
) -> impl IntoView {
    let i18n = use_i18n();
    // Terms are checked here first (the same domain rules the server
    // applies), so field errors show without a round trip.
    let local = RwSignal::new(None::<AppError>);
    let errors = FormErrors::new(
        i18n,
        Signal::derive(move || {
            local
                .get()
                .or_else(|| save.value().get().and_then(Result::err))
        }),
    );
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Some(v) = FormValues::from_submit(&ev) else {
            return;
        };
        let form = DealForm {
            deliverables: v.one("deliverables"),
            timeline: v.one("timeline"),
            amount: v.integer("amount"),
            currency: v.one("currency"),
            usage_rights: v.one("usage_rights"),
        };
        match form.parse() {
            Err(fields) => local.set(Some(AppError::validation(fields))),
            Ok(_) => {
                local.set(None);
                save.dispatch(super::api::ProposeDeal {
                    chat: chat_id,
                    form,
                });
            }
        }
    };
    let currency = existing
        .as_ref()
        .and_then(|d| domain::Currency::parse(&d.currency, "currency").ok());
    let get = move |f: fn(&Deal) -> String| existing.as_ref().map(f).unwrap_or_default();
    view! {
        <form on:submit=on_submit class="space-y-3" novalidate=true data-testid="deal-form">
            <div>
                <label for="deliverables" class=LABEL>{t!(i18n, collab.deliverables)}</label>
                <textarea id="deliverables" name="deliverables" rows="3" class=INPUT>{get(|d| d.deliverables.clone())}</textarea>
                {error_line(errors.field("deliverables"))}
            </div>
            <div>
                <label for="timeline" class=LABEL>{t!(i18n, collab.timeline)}</label>
                <input id="timeline" name="timeline" class=INPUT value=get(|d| d.timeline.clone())/>
                {error_line(errors.field("timeline"))}
            </div>
            <div class="grid grid-cols-[1fr_6rem] gap-2">
                <div>
                    <label for="amount" class=LABEL>{t!(i18n, collab.amount)}</label>
                    <input id="amount" name="amount" type="number" min="1" class=INPUT value=get(|d| d.amount.to_string())/>
                </div>
                <div>
                    <label for="currency" class=LABEL>{t!(i18n, profile.currency)}</label>
                    <CurrencySelect name="currency" selected=currency/>
                </div>
            </div>
            {error_line(Signal::derive(move || errors.field("amount").get().or_else(|| errors.field("currency").get())))}
            <div>
                <label for="usage_rights" class=LABEL>{t!(i18n, collab.usage_rights)}</label>
                <textarea id="usage_rights" name="usage_rights" rows="2" class=INPUT>{get(|d| d.usage_rights.clone())}</textarea>
                {error_line(errors.field("usage_rights"))}
            </div>
            <FormAlert message=errors.general()/>
            <div class="flex gap-2">
                <button type="submit" class=BUTTON disabled=move || save.pending().get() data-testid="send-terms">
                    {move || if save.pending().get() { t_string!(i18n, common.saving) } else { t_string!(i18n, collab.send_terms) }}
                </button>
                <button type="button" class=SECONDARY on:click=move |_| editing.set(false)>{t!(i18n, common.cancel)}</button>
            </div>
        </form>
    }
}

/// Confirmed deals, for both dashboards.
#[component]
pub fn ConfirmedDeals(me: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let deals = Resource::new(|| (), |_| my_deals(true));
    view! {
        <section class="mt-6" data-testid="confirmed-deals">
            <h2 class="mb-3 text-lg font-semibold">{t!(i18n, collab.deals_title)}</h2>
            <Suspense fallback=move || view! { <Spinner label=t_string!(i18n, common.loading).to_string()/> }>
                {move || deals.get().map(|r| match r {
                    Err(e) => view! { <p class="text-rose-700" role="alert">{crate::components::error_words(e)}</p> }.into_any(),
                    Ok(items) if items.is_empty() => view! { <EmptyState message=t_string!(i18n, collab.no_deals).to_string()/> }.into_any(),
                    Ok(items) => view! {
                        <ul class="grid gap-3 sm:grid-cols-2">
                            {items.into_iter().map(|d| {
                                let other = if d.brand_id == me { d.creator_name.clone() } else { d.brand_name.clone() };
                                view! {
                                    <li class="rounded-2xl border border-slate-200 bg-white p-4 shadow-sm" data-testid="deal-card">
                                        <p class="font-semibold">{d.request_title.clone()}</p>
                                        <p class="text-sm text-slate-500">{move || shown_name(i18n, &other)}</p>
                                        <p class="mt-2 text-sm"><span class="font-medium">{deal_amount(&d)}</span>" · "{d.timeline.clone()}</p>
                                        <div class="mt-2 flex flex-wrap gap-4 text-sm font-medium">
                                            <a href=format!("/deals/{}", d.id) class="text-emerald-700 hover:underline" data-testid="open-workspace">{t!(i18n, collab.open_workspace)}</a>
                                            <a href=format!("/chats/{}", d.chat_id) class="text-emerald-700 hover:underline">{t!(i18n, collab.open_chat)}</a>
                                        </div>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

/// A deal's amount with its currency's symbol and grouping (₹12,34,567).
fn deal_amount(d: &Deal) -> String {
    crate::words::money(d.amount, &d.currency)
}

// ------------------------------------------------------------ notifications

#[component]
pub fn NotificationsPage() -> impl IntoView {
    view! { <Protected view=|user| view! { <Notifications user/> }.into_any()/> }
}

#[component]
fn Notifications(user: User) -> impl IntoView {
    let i18n = use_i18n();
    let items = RwSignal::new(Vec::<Notification>::new());
    let unread = RwSignal::new(0i64);
    let more = RwSignal::new(false);
    let first = Resource::new(|| (), |_| my_notifications(None));
    let loading_more = RwSignal::new(false);
    let mark = ServerAction::<MarkRead>::new();
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Some(Ok(page)) = first.get() {
            more.set(page.items.len() >= 30);
            unread.set(page.unread);
            items.set(page.items);
        }
    });
    Effect::new(move |_| match mark.value().get() {
        Some(Ok(n)) => unread.set(n),
        Some(Err(e)) => error.set(Some(crate::messages::error_text(
            i18n.get_locale_untracked(),
            &e,
        ))),
        None => {}
    });
    let read = move |ids: Option<Vec<i64>>| {
        // Marked at once here (the browser's clock; `time` has none in WASM).
        let now = time::OffsetDateTime::from_unix_timestamp_nanos(
            (web_sys::js_sys::Date::now() * 1_000_000.0) as i128,
        )
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
        items.update(|list| {
            for n in list
                .iter_mut()
                .filter(|n| ids.as_ref().is_none_or(|ids| ids.contains(&n.id)))
            {
                n.read_at.get_or_insert(now);
            }
        });
        mark.dispatch(MarkRead { ids });
    };
    let load_more = move |_| {
        let Some(last) = items.with_untracked(|l| l.last().map(|n| n.id)) else {
            return;
        };
        loading_more.set(true);
        leptos::task::spawn_local(async move {
            match my_notifications(Some(last)).await {
                Ok(page) => {
                    more.set(page.items.len() >= 30);
                    items.update(|l| l.extend(page.items));
                }
                Err(e) => error.set(Some(crate::messages::error_text(
                    i18n.get_locale_untracked(),
                    &e,
                ))),
            }
            loading_more.set(false);
        });
    };
    view! {
        <Title text=move || t_string!(i18n, collab.notifications_title).to_string()/>
        <AppShell user=user>
            <div class="mb-6 flex flex-wrap items-center justify-between gap-3">
                <h1 class="text-2xl font-semibold tracking-tight">{t!(i18n, collab.notifications_title)}</h1>
                <button type="button" class=SECONDARY data-testid="mark-all" disabled=move || unread.get() == 0
                    on:click=move |_| read(None)>{t!(i18n, collab.mark_all_read)}</button>
            </div>
            {move || error.get().map(|e| view! { <p class="mb-3 text-sm text-rose-700" role="alert">{e}</p> })}
            <Suspense fallback=move || view! { <Spinner label=t_string!(i18n, common.loading).to_string()/> }>
                {move || first.get().map(|r| match r {
                    Err(e) => view! { <p class="text-rose-700" role="alert">{crate::components::error_words(e)}</p> }.into_any(),
                    Ok(_) => view! {
                        <Show when=move || !items.with(Vec::is_empty)
                            fallback=move || view! { <EmptyState message=t_string!(i18n, collab.no_notifications).to_string()/> }>
                            <ul class="divide-y divide-slate-200 rounded-2xl border border-slate-200 bg-white shadow-sm" data-testid="notification-list">
                                <For each=move || items.get() key=|n| (n.id, n.read_at.is_some()) let:n>
                                    {
                                        let (text, link) = crate::words::notification(i18n.get_locale(), &n);
                                        let id = n.id;
                                        let is_unread = n.read_at.is_none();
                                        view! {
                                            <li class=if is_unread { "flex items-start justify-between gap-3 bg-emerald-50/50 p-4" } else { "flex items-start justify-between gap-3 p-4" }
                                                data-testid="notification" data-kind=n.kind.clone() data-unread=is_unread.to_string()>
                                                <div>
                                                    {match link {
                                                        Some(href) => view! { <a href=href class="font-medium hover:underline" on:click=move |_| if is_unread { read(Some(vec![id])) }>{text}</a> }.into_any(),
                                                        None => view! { <p class="font-medium">{text}</p> }.into_any(),
                                                    }}
                                                    <p class="text-xs text-slate-500">{let at = n.created_at; move || time_of(i18n, at)}</p>
                                                </div>
                                                {is_unread.then(|| view! {
                                                    <button type="button" class="text-xs font-medium text-emerald-700 hover:underline" on:click=move |_| read(Some(vec![id]))>{t!(i18n, collab.mark_read)}</button>
                                                })}
                                            </li>
                                        }
                                    }
                                </For>
                            </ul>
                        </Show>
                        {move || more.get().then(|| view! {
                            <div class="mt-4 text-center">
                                <button type="button" class=SECONDARY on:click=load_more disabled=move || loading_more.get()>
                                    {move || if loading_more.get() { t_string!(i18n, common.loading) } else { t_string!(i18n, common.show_more) }}
                                </button>
                            </div>
                        })}
                    }.into_any(),
                })}
            </Suspense>
        </AppShell>
    }
}

/// The bell in the header: the unread count, kept live.
#[component]
pub fn NotificationBell() -> impl IntoView {
    let i18n = use_i18n();
    let unread = RwSignal::new(None::<i64>);
    let bell = StoredValue::new(None::<live_client::BellHandle>);
    Effect::new(move |_| bell.set_value(live_client::watch_unread(unread)));
    on_cleanup(move || {
        if let Some(h) = bell.try_get_value().flatten() {
            live_client::stop_watching(h);
        }
    });
    let label = move || match unread.get() {
        Some(n) if n > 0 => t_string!(i18n, collab.bell_unread, n = n).to_string(),
        _ => t_string!(i18n, collab.notifications_title).to_string(),
    };
    view! {
        <a href="/notifications" class="relative rounded-lg p-2 text-slate-600 hover:bg-slate-100" aria-label=label title=label data-testid="bell">
            <svg class="h-5 w-5" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true">
                <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9"/><path d="M13.7 21a2 2 0 0 1-3.4 0"/>
            </svg>
            {move || unread.get().filter(|n| *n > 0).map(|n| view! {
                <span class="absolute -right-0.5 -top-0.5 min-w-[1.1rem] rounded-full bg-rose-600 px-1 text-center text-[0.65rem] font-semibold leading-[1.1rem] text-white" data-testid="unread-count">
                    {if n > 99 { "99+".to_string() } else { n.to_string() }}
                </span>
            })}
        </a>
    }
}
