//! The Assistant page: the task chat, its past conversations, and a card
//! for every tool call under the reply that made it.

use super::api::{conversation_messages, my_conversations, send_chat};
use super::pages::SECONDARY;
use super::{ConversationMessage, ToolCallRecord};
use crate::components::{AppShell, Protected, Spinner};
use crate::components::{BUTTON, INPUT};
use crate::features::auth::User;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};
use serde_json::Value;
use uuid::Uuid;

#[component]
pub fn AssistantPage() -> impl IntoView {
    view! { <Protected view=|user| view! { <Assistant user/> }.into_any()/> }
}

/// One line about a tool call's result.
fn summary(call: &ToolCallRecord) -> String {
    let r = &call.result;
    if let Some(message) = r.pointer("/error/message").and_then(Value::as_str) {
        return message.to_owned();
    }
    if let Some(items) = r.as_array() {
        return format!("{} tasks", items.len());
    }
    match (r["status"].as_str(), r["title"].as_str()) {
        (Some(status), Some(title)) => format!("{status}: {title}"),
        _ => r.to_string(),
    }
}

fn arguments(call: &ToolCallRecord) -> String {
    match &call.arguments {
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| match v {
                Value::String(s) => format!("{k}: {s}"),
                other => format!("{k}: {other}"),
            })
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

#[component]
fn ToolCard(call: ToolCallRecord) -> impl IntoView {
    let failed = call.result.get("error").is_some();
    view! {
        <div class=if failed { "rounded-lg border border-rose-200 bg-rose-50 px-3 py-2 text-xs" } else { "rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2 text-xs" }
            data-testid="tool-card" data-tool=call.tool.clone()>
            <p class="font-mono font-semibold text-slate-800">{call.tool.clone()}</p>
            <p class="mt-0.5 break-words font-mono text-slate-600">{arguments(&call)}</p>
            <p class=if failed { "mt-0.5 text-rose-800" } else { "mt-0.5 text-emerald-900" }>{summary(&call)}</p>
        </div>
    }
}

#[component]
fn Bubble(message: ConversationMessage) -> impl IntoView {
    let mine = message.role == "user";
    view! {
        <li class=if mine { "flex justify-end" } else { "flex justify-start" } data-testid=if mine { "user-message" } else { "assistant-message" }>
            <div class="max-w-[85%] space-y-2">
                <p class=if mine { "whitespace-pre-wrap break-words rounded-2xl rounded-br-sm bg-emerald-600 px-4 py-2 text-white" } else { "whitespace-pre-wrap break-words rounded-2xl rounded-bl-sm bg-white px-4 py-2 text-slate-900 shadow-sm ring-1 ring-slate-200" }>
                    {message.content.clone()}
                </p>
                {message.tool_calls.into_iter().map(|call| view! { <ToolCard call/> }).collect_view()}
            </div>
        </li>
    }
}

#[component]
fn Assistant(user: User) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let navigate = use_navigate();
    let current =
        Memo::new(move |_| query.with(|q| q.get("c").and_then(|c| Uuid::parse_str(&c).ok())));
    let list_version = RwSignal::new(0u32);
    let conversations = Resource::new(move || list_version.get(), |_| my_conversations());
    let history = Resource::new(
        move || current.get(),
        |id| async move {
            match id {
                Some(id) => conversation_messages(id).await,
                None => Ok(Vec::new()),
            }
        },
    );
    let messages = RwSignal::new(Vec::<ConversationMessage>::new());
    Effect::new(move |_| {
        if let Some(Ok(items)) = history.get() {
            messages.set(items);
        }
    });
    let input = RwSignal::new(String::new());
    let sending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let next_local_id = StoredValue::new(-1i64);
    // The newest message stays in view as the conversation grows.
    let scroller = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        messages.with(Vec::len);
        sending.get();
        request_animation_frame(move || {
            if let Some(el) = scroller.get_untracked() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    });

    let send = {
        let navigate = navigate.clone();
        move |text: String| {
            let text = text.trim().to_owned();
            if text.is_empty() || sending.get_untracked() {
                return;
            }
            let local = next_local_id.get_value();
            next_local_id.set_value(local - 1);
            messages.update(|m| {
                m.push(ConversationMessage {
                    id: local,
                    role: "user".into(),
                    content: text.clone(),
                    tool_calls: Vec::new(),
                    created_at: time::OffsetDateTime::UNIX_EPOCH,
                })
            });
            input.set(String::new());
            error.set(None);
            sending.set(true);
            let conversation = current.get_untracked();
            let navigate = navigate.clone();
            leptos::task::spawn_local(async move {
                match send_chat(conversation, text.clone()).await {
                    Ok(reply) => {
                        messages.update(|m| {
                            m.push(ConversationMessage {
                                id: local - 1_000_000,
                                role: "assistant".into(),
                                content: reply.response,
                                tool_calls: reply.tool_calls,
                                created_at: time::OffsetDateTime::UNIX_EPOCH,
                            })
                        });
                        list_version.update(|v| *v += 1);
                        if conversation.is_none() {
                            // Keep the conversation in the address, without reloading it.
                            navigate(
                                &format!("/assistant?c={}", reply.conversation_id),
                                leptos_router::NavigateOptions {
                                    replace: true,
                                    scroll: false,
                                    ..Default::default()
                                },
                            );
                        }
                    }
                    Err(e) => {
                        messages.update(|m| m.retain(|x| x.id != local));
                        input.set(text);
                        error.set(Some(crate::messages::error_text(
                            i18n.get_locale_untracked(),
                            &e,
                        )));
                    }
                }
                sending.set(false);
            });
        }
    };
    let send_form = {
        let send = send.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            send(input.get_untracked());
        }
    };
    let send_key = {
        let send = send.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            if ev.key() == "Enter" && !ev.shift_key() {
                ev.prevent_default();
                send(input.get_untracked());
            }
        }
    };
    let examples = [
        "Add a task to buy groceries tomorrow",
        "What's still open?",
        "Make it high priority",
        "Tick off the laundry",
    ];
    view! {
        <Title text=move || t_string!(i18n, tasks.assistant_title).to_string()/>
        <AppShell user=user>
            <div class="grid gap-4 lg:grid-cols-[16rem_1fr]">
                <aside class="rounded-2xl border border-slate-200 bg-white p-3 shadow-sm" aria-label=move || t_string!(i18n, tasks.conversations).to_string()>
                    <a href="/assistant" class=format!("{BUTTON} w-full justify-center") data-testid="new-conversation">{t!(i18n, tasks.new_conversation)}</a>
                    <Suspense fallback=|| ()>
                        {move || conversations.get().map(|r| match r {
                            Err(e) => view! { <p class="mt-3 text-sm text-rose-700">{crate::components::error_words(e)}</p> }.into_any(),
                            Ok(list) if list.is_empty() => view! { <p class="mt-3 text-sm text-slate-500">{t!(i18n, tasks.no_conversations)}</p> }.into_any(),
                            Ok(list) => view! {
                                <ul class="mt-3 space-y-1" data-testid="conversation-list">
                                    {list.into_iter().map(|c| {
                                        let id = c.id;
                                        view! {
                                            <li><a href=format!("/assistant?c={id}")
                                                aria-current=move || (current.get() == Some(id)).then_some("page")
                                                class="block truncate rounded-lg px-3 py-2 text-sm text-slate-700 hover:bg-slate-50 aria-[current=page]:bg-emerald-50 aria-[current=page]:text-emerald-800">{c.title}</a></li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }.into_any(),
                        })}
                    </Suspense>
                </aside>
                <section class="flex min-h-[60vh] flex-col rounded-2xl border border-slate-200 bg-slate-50 shadow-sm">
                    <h1 class="border-b border-slate-200 bg-white px-4 py-3 text-lg font-semibold rounded-t-2xl">{t!(i18n, tasks.assistant_title)}</h1>
                    <div class="max-h-[70vh] flex-1 overflow-y-auto p-4" node_ref=scroller data-testid="assistant-scroller">
                        <Suspense fallback=move || view! { <Spinner label=t_string!(i18n, common.loading).to_string()/> }>
                            {move || history.get().map(|r| r.err().map(|e| view! { <p class="text-rose-700" role="alert">{crate::components::error_words(e)}</p> }))}
                            <Show when=move || !messages.with(Vec::is_empty) fallback=move || view! {
                                <div class="py-8 text-center text-slate-600" data-testid="assistant-empty">
                                    <p>{t!(i18n, tasks.assistant_intro)}</p>
                                    // Commands as the assistant reads them today (English).
                                    <div class="mt-4 flex flex-wrap justify-center gap-2" lang="en" translate="no">
                                        {examples.into_iter().map(|e| view! {
                                            <button type="button" class=SECONDARY on:click=move |_| input.set(e.to_owned())>{e}</button>
                                        }).collect_view()}
                                    </div>
                                </div>
                            }>
                                <ol class="space-y-4" data-testid="assistant-messages" aria-live="polite">
                                    <For each=move || messages.get() key=|m| m.id let:m>
                                        <Bubble message=m/>
                                    </For>
                                </ol>
                            </Show>
                        </Suspense>
                        {move || sending.get().then(|| view! { <p class="mt-4 text-sm text-slate-500" data-testid="assistant-thinking">{t!(i18n, tasks.thinking)}</p> })}
                    </div>
                    <form class="border-t border-slate-200 bg-white p-3 rounded-b-2xl" on:submit=send_form>
                        {move || error.get().map(|e| view! { <p class="mb-2 text-sm text-rose-700" role="alert">{e}</p> })}
                        <div class="flex items-end gap-2">
                            <label for="assistant-input" class="sr-only">{t!(i18n, tasks.message)}</label>
                            <textarea id="assistant-input" rows="2" maxlength="2000" class=INPUT data-testid="assistant-input"
                                placeholder=move || t_string!(i18n, tasks.message_placeholder).to_string()
                                prop:value=input on:input=move |ev| input.set(event_target_value(&ev)) on:keydown=send_key></textarea>
                            <button type="submit" class=BUTTON disabled=move || sending.get() || input.with(|t| t.trim().is_empty())>{t!(i18n, tasks.send)}</button>
                        </div>
                    </form>
                </section>
            </div>
        </AppShell>
    }
}
