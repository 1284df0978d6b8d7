//! The browser's end of the live chat and the notification bell. A chat
//! page keeps one WebSocket: every message typed is kept, with its own id,
//! until the server acknowledges it, and is sent again after a reconnect
//! (the server stores it once); a reconnect asks for everything after the
//! last id on the page. Runs only in the browser (started from effects).

use super::{ChatMessage, ChatWindow, ClientFrame, Deal, ServerFrame};
use leptos::prelude::*;
use leptos::wasm_bindgen::closure::Closure;
use leptos::wasm_bindgen::JsCast;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use uuid::Uuid;
use web_sys::{CloseEvent, EventSource, MessageEvent, WebSocket};

/// A browser event handler kept alive for as long as its target may call it.
type Handler = Closure<dyn FnMut(web_sys::Event)>;

/// A message typed here that the server has not acknowledged yet.
#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing {
    pub client_id: Uuid,
    pub body: String,
    /// The server refused it, with its reason (it is not sent again).
    pub refused: Option<String>,
}

/// The signals a chat page shows; the connection keeps them current.
#[derive(Clone, Copy)]
pub struct ChatSignals {
    pub chat: RwSignal<ChatWindow>,
    pub deal: RwSignal<Option<Deal>>,
    /// In id order.
    pub messages: RwSignal<Vec<ChatMessage>>,
    pub outgoing: RwSignal<Vec<Outgoing>>,
    pub connected: RwSignal<bool>,
    /// `Date.now()` when `chat.seconds_left` was last read from the server.
    pub synced_at: RwSignal<f64>,
}

impl ChatSignals {
    /// Adds a stored message once, in id order, and forgets it as outgoing.
    pub fn add(&self, message: ChatMessage) {
        let client_id = message.client_id;
        self.messages.update(|list| {
            if let Err(at) = list.binary_search_by_key(&message.id, |m| m.id) {
                list.insert(at, message);
            }
        });
        self.outgoing
            .update(|o| o.retain(|m| m.client_id != client_id));
    }

    fn last_id(&self) -> i64 {
        self.messages
            .with_untracked(|m| m.last().map_or(0, |m| m.id))
    }
}

struct Connection {
    chat_id: Uuid,
    signals: ChatSignals,
    socket: RefCell<Option<WebSocket>>,
    /// Seconds until the next reconnect attempt (doubles up to 10).
    backoff: RefCell<u32>,
    closed: RefCell<bool>,
    // Kept alive as long as the socket may call them.
    handlers: RefCell<Vec<Handler>>,
}

thread_local! {
    static CONNECTIONS: RefCell<HashMap<u64, Rc<Connection>>> = RefCell::new(HashMap::new());
    static NEXT: RefCell<u64> = const { RefCell::new(0) };
}

/// A handle to this page's connection (plain data, so closures can hold it).
#[derive(Clone, Copy, Debug)]
pub struct ChatHandle(u64);

fn with_connection(handle: ChatHandle, f: impl FnOnce(&Rc<Connection>)) {
    if let Some(c) = CONNECTIONS.with(|all| all.borrow().get(&handle.0).cloned()) {
        f(&c);
    }
}

fn socket_url(chat: Uuid, after_id: i64) -> Option<String> {
    let location = web_sys::window()?.location();
    let scheme = if location.protocol().ok()? == "https:" {
        "wss"
    } else {
        "ws"
    };
    let host = location.host().ok()?;
    Some(format!(
        "{scheme}://{host}/api/v1/chats/{chat}/ws?after_id={after_id}"
    ))
}

/// Opens the live connection of chat `chat_id`; closed by `close`.
pub fn open(chat_id: Uuid, signals: ChatSignals) -> ChatHandle {
    let id = NEXT.with(|n| {
        let mut n = n.borrow_mut();
        *n += 1;
        *n
    });
    let connection = Rc::new(Connection {
        chat_id,
        signals,
        socket: RefCell::new(None),
        backoff: RefCell::new(1),
        closed: RefCell::new(false),
        handlers: RefCell::new(Vec::new()),
    });
    CONNECTIONS.with(|all| all.borrow_mut().insert(id, connection.clone()));
    connect(&connection);
    ChatHandle(id)
}

pub fn close(handle: ChatHandle) {
    if let Some(c) = CONNECTIONS.with(|all| all.borrow_mut().remove(&handle.0)) {
        *c.closed.borrow_mut() = true;
        if let Some(socket) = c.socket.borrow_mut().take() {
            let _ = socket.close();
        }
    }
}

fn send_frame(socket: &WebSocket, outgoing: &Outgoing) {
    let frame = ClientFrame::Send {
        client_id: outgoing.client_id,
        body: outgoing.body.clone(),
    };
    if let Ok(text) = serde_json::to_string(&frame) {
        let _ = socket.send_with_str(&text);
    }
}

/// Queues `body` with a fresh id and sends it if connected; otherwise it
/// goes out when the connection is back.
pub fn send(handle: ChatHandle, body: String) {
    let Some(client_id) = random_id() else { return };
    let outgoing = Outgoing {
        client_id,
        body,
        refused: None,
    };
    with_connection(handle, |c| {
        c.signals.outgoing.update(|o| o.push(outgoing.clone()));
        if let Some(socket) = c.socket.borrow().as_ref() {
            if socket.ready_state() == WebSocket::OPEN {
                send_frame(socket, &outgoing);
            }
        }
    });
}

/// A random (version 4) UUID from the browser's `crypto.getRandomValues`.
fn random_id() -> Option<Uuid> {
    let mut bytes = [0u8; 16];
    web_sys::window()?
        .crypto()
        .ok()?
        .get_random_values_with_u8_array(&mut bytes)
        .ok()?;
    Some(uuid::Builder::from_random_bytes(bytes).into_uuid())
}

fn on_frame(c: &Connection, frame: ServerFrame) {
    let s = c.signals;
    match frame {
        ServerFrame::Chat { chat, deal } => {
            s.chat.set(*chat);
            s.deal.set(deal.map(|d| *d));
            s.synced_at.set(web_sys::js_sys::Date::now());
        }
        ServerFrame::Message { message } | ServerFrame::Ack { message, .. } => s.add(message),
        ServerFrame::Ready { .. } => {}
        ServerFrame::Error {
            client_id: Some(client_id),
            message,
            ..
        } => s.outgoing.update(|o| {
            for m in o.iter_mut().filter(|m| m.client_id == client_id) {
                m.refused = Some(message.clone());
            }
        }),
        ServerFrame::Error { .. } => {}
    }
}

fn connect(c: &Rc<Connection>) {
    let Some(url) = socket_url(c.chat_id, c.signals.last_id()) else {
        return;
    };
    let Ok(socket) = WebSocket::new(&url) else {
        schedule_reconnect(c);
        return;
    };
    let mut handlers = Vec::new();
    {
        let c = c.clone();
        let on_open = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            *c.backoff.borrow_mut() = 1;
            c.signals.connected.set(true);
            // Whatever was not acknowledged goes again; the server stores it once.
            if let Some(socket) = c.socket.borrow().as_ref() {
                for o in c.signals.outgoing.get_untracked() {
                    if o.refused.is_none() {
                        send_frame(socket, &o);
                    }
                }
            }
        });
        socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        handlers.push(on_open);
    }
    {
        let c = c.clone();
        let on_message = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
            let text = e
                .dyn_ref::<MessageEvent>()
                .and_then(|m| m.data().as_string());
            if let Some(frame) = text.and_then(|t| serde_json::from_str::<ServerFrame>(&t).ok()) {
                on_frame(&c, frame);
            }
        });
        socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        handlers.push(on_message);
    }
    {
        let c = c.clone();
        let on_close = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
            let _ = e.dyn_ref::<CloseEvent>();
            c.signals.connected.set(false);
            if !*c.closed.borrow() {
                schedule_reconnect(&c);
            }
        });
        socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        handlers.push(on_close);
    }
    *c.handlers.borrow_mut() = handlers;
    *c.socket.borrow_mut() = Some(socket);
}

fn schedule_reconnect(c: &Rc<Connection>) {
    let delay = {
        let mut backoff = c.backoff.borrow_mut();
        let now = *backoff;
        *backoff = (now * 2).min(10);
        now
    };
    let c = c.clone();
    let again = Closure::once_into_js(move || {
        if !*c.closed.borrow() {
            connect(&c);
        }
    });
    if let Some(window) = web_sys::window() {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
            again.unchecked_ref(),
            (delay * 1000) as i32,
        );
    }
}

/// The bell: keeps `unread` at the server's count, live, until the page is
/// left.
pub fn watch_unread(unread: RwSignal<Option<i64>>) -> Option<BellHandle> {
    watch("/api/v1/notifications/stream", "unread", move |data| {
        if let Ok(n) = data.parse() {
            unread.set(Some(n));
        }
    })
}

/// Calls `on_event` with the data of every `event` the server-sent event
/// stream at `url` sends, until [`stop_watching`] or until the user starts
/// signing out (the stream ends with the session, and the EventSource,
/// which reconnects on its own, would knock with no session left).
pub fn watch(url: &str, event: &str, on_event: impl Fn(String) + 'static) -> Option<BellHandle> {
    let source = EventSource::new(url).ok()?;
    let handler = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
        if let Some(data) = e
            .dyn_ref::<MessageEvent>()
            .and_then(|m| m.data().as_string())
        {
            on_event(data);
        }
    });
    source
        .add_event_listener_with_callback(event, handler.as_ref().unchecked_ref())
        .ok()?;
    let id = NEXT.with(|n| {
        let mut n = n.borrow_mut();
        *n += 1;
        *n
    });
    BELLS.with(|b| b.borrow_mut().insert(id, (source, handler)));
    let handle = BellHandle(id);
    if let Some(auth) = use_context::<crate::features::auth::Auth>() {
        let signing_out = auth.sign_out.pending();
        Effect::new(move |_| {
            if signing_out.get() {
                stop_watching(handle);
            }
        });
    }
    Some(handle)
}

type Bell = (EventSource, Handler);

thread_local! {
    static BELLS: RefCell<HashMap<u64, Bell>> = RefCell::new(HashMap::new());
}

#[derive(Clone, Copy, Debug)]
pub struct BellHandle(u64);

pub fn stop_watching(handle: BellHandle) {
    if let Some((source, _)) = BELLS.with(|b| b.borrow_mut().remove(&handle.0)) {
        source.close();
    }
}
