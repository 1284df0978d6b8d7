//! The live endpoints: `GET /api/v1/chats/{id}/ws` (a chat window over a
//! WebSocket) and `GET /api/v1/notifications/stream` (the bell's unread
//! count as server-sent events). Both listen to this process's hub and read
//! anything they might have missed from Postgres.

use super::error::{ApiError, ApiPath, ApiQuery};
use super::extract::{uuid_or_404, AnyUser};
use crate::http::csrf::same_site;
use app::features::auth::User;
use app::features::collab::{ClientFrame, ServerFrame};
use app::server::live::ChatEvent;
use app::server::{chats, deals, notifications, AppState};
use app::AppError;
use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;
use tokio::time::{timeout, Instant};
use utoipa::IntoParams;
use uuid::Uuid;

/// The server pings this often; the connection's presence is refreshed then.
const HEARTBEAT: Duration = Duration::from_secs(20);
/// A connection that sent nothing (not even a pong) for this long is gone.
const IDLE: Duration = Duration::from_secs(60);
/// A client that does not take a frame within this long is dropped (it
/// resumes with `after_id`).
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// The largest frame a client may send: one message of 4 000 characters
/// in any script fits easily.
const MAX_FRAME: usize = 64 * 1024;
const READ_BUFFER: usize = 8 * 1024;
/// Close code for a client too slow to keep up: reconnect with `after_id`.
pub const CLOSE_TOO_SLOW: u16 = 4008;
const CATCH_UP_PAGE: i64 = 200;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WsQuery {
    /// Send every message after this id first (the last one the client has);
    /// without it, only messages from now on.
    pub after_id: Option<i64>,
}

/// Browsers send `Origin` on WebSockets; it must name this site (the session
/// cookie would ride along from any page). Other clients send none.
/// Behind a proxy, `PUBLIC_URL` is what names this site.
fn origin_allowed(headers: &HeaderMap, public_url: &str) -> bool {
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        Some(origin) => same_site(origin, headers, public_url, false),
        None => true,
    }
}

/// A chat window live: catch-up after `after_id`, then every new message,
/// acknowledgements of the client's own, and the window's changes.
#[utoipa::path(get, path = "/api/v1/chats/{id}/ws", operation_id = "open_chat_socket", tag = "chats", security(("bearer" = [])),
    params(("id" = Uuid, Path), WsQuery),
    responses(
        (status = 101, description = "WebSocket. Client frames: {\"type\":\"send\",\"client_id\",\"body\"}. Server frames: chat {chat, deal}, message {message}, ready {last_id}, ack {client_id, message}, error {client_id, code, message}. Close 4008: too slow, reconnect with after_id."),
        (status = 401, body = super::error::ErrorBody),
        (status = 403, description = "Another site's Origin", body = super::error::ErrorBody),
        (status = 404, body = super::error::ErrorBody),
    ))]
pub async fn chat_ws(
    State(state): State<AppState>,
    AnyUser(user): AnyUser,
    ApiPath(id): ApiPath<String>,
    ApiQuery(query): ApiQuery<WsQuery>,
    headers: HeaderMap,
    upgrade: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Result<Response, ApiError> {
    if !origin_allowed(&headers, &state.settings.public_url) {
        return Err(AppError::forbidden("Cross-site WebSockets are not allowed.").into());
    }
    let id = uuid_or_404(&id, "That chat")?;
    // Strangers get the same 404 as for the REST endpoints, before upgrading.
    chats::get(&state, &user, id).await?;
    let upgrade = upgrade
        .map_err(|_| AppError::bad_request("Connect with a WebSocket (Upgrade: websocket)."))?;
    // Without `after_id` the client gets what is stored from now on: "now"
    // is read before the upgrade is answered, so a message the client posts
    // right after seeing 101 is always after it and sent as a frame.
    let after_id = match query.after_id {
        Some(after) => after.max(0),
        None => chats::messages(&state, &user, id, None, None, Some(1))
            .await?
            .last()
            .map_or(0, |m| m.id),
    };
    Ok(upgrade
        // tungstenite's 128 KiB default read buffer per connection dominated
        // the memory per client; chat frames are small.
        .read_buffer_size(READ_BUFFER)
        .max_message_size(MAX_FRAME)
        .max_frame_size(MAX_FRAME)
        .on_upgrade(move |socket| async move {
            let connection = Uuid::new_v4();
            let mut live = LiveChat {
                socket,
                state,
                user,
                id,
                connection,
                last_id: 0,
            };
            if let Err(reason) = live.run(after_id).await {
                tracing::debug!(chat = %id, reason, "chat connection ended");
            }
            let _ = chats::leave(&live.state, connection).await;
        }))
}

struct LiveChat {
    socket: WebSocket,
    state: AppState,
    user: User,
    id: Uuid,
    connection: Uuid,
    /// The last message id this connection has sent.
    last_id: i64,
}

type Ended = &'static str;

impl LiveChat {
    async fn put(&mut self, frame: &ServerFrame) -> Result<(), Ended> {
        let text = serde_json::to_string(frame).map_err(|_| "unserialisable frame")?;
        match timeout(WRITE_TIMEOUT, self.socket.send(Message::Text(text.into()))).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(_)) => Err("gone"),
            Err(_) => Err("too slow to write to"),
        }
    }

    async fn put_chat(&mut self) -> Result<(), Ended> {
        let (state, user, id) = (&self.state, &self.user, self.id);
        let chat = chats::get(state, user, id)
            .await
            .map_err(|_| "chat unreadable")?;
        let deal = deals::for_chat(state, user, id)
            .await
            .map_err(|_| "deal unreadable")?;
        self.put(&ServerFrame::Chat {
            chat: Box::new(chat),
            deal: deal.map(Box::new),
        })
        .await
    }

    /// Sends every stored message after `last_id`, in order.
    async fn catch_up(&mut self) -> Result<(), Ended> {
        loop {
            let page = chats::messages(
                &self.state,
                &self.user,
                self.id,
                Some(self.last_id),
                None,
                Some(CATCH_UP_PAGE),
            )
            .await
            .map_err(|_| "catch-up failed")?;
            let full = page.len() as i64 == CATCH_UP_PAGE;
            for message in page {
                self.last_id = message.id;
                self.put(&ServerFrame::Message { message }).await?;
            }
            if !full {
                return Ok(());
            }
        }
    }

    async fn run(&mut self, after_id: i64) -> Result<(), Ended> {
        // Subscribe before reading, so nothing falls between the two.
        let mut events = self.state.live.chat(self.id);
        chats::enter(&self.state, &self.user, self.id, self.connection)
            .await
            .map_err(|_| "cannot enter")?;
        self.put_chat().await?;
        self.last_id = after_id;
        self.catch_up().await?;
        self.put(&ServerFrame::Ready {
            last_id: self.last_id,
        })
        .await?;

        let mut heartbeat = tokio::time::interval(HEARTBEAT);
        heartbeat.tick().await;
        let mut heard = Instant::now();
        loop {
            tokio::select! {
                frame = self.socket.recv() => {
                    heard = Instant::now();
                    match frame {
                        Some(Ok(Message::Text(text))) => self.on_text(text.as_str()).await?,
                        Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return Err("closed by the client"),
                        Some(Ok(_)) => {}
                    }
                }
                event = events.recv() => match event {
                    Ok(ChatEvent::Message(message)) => {
                        if message.id > self.last_id {
                            self.last_id = message.id;
                            self.put(&ServerFrame::Message { message: (*message).clone() }).await?;
                        }
                    }
                    Ok(ChatEvent::Changed) => self.put_chat().await?,
                    Ok(ChatEvent::Resync) => self.catch_up().await?,
                    Err(RecvError::Lagged(_)) => {
                        let _ = self.socket.send(Message::Close(Some(CloseFrame {
                            code: CLOSE_TOO_SLOW,
                            reason: "too slow; reconnect with after_id".into(),
                        }))).await;
                        return Err("fell behind");
                    }
                    Err(RecvError::Closed) => return Err("hub closed"),
                },
                _ = heartbeat.tick() => {
                    if heard.elapsed() > IDLE {
                        return Err("silent");
                    }
                    if timeout(WRITE_TIMEOUT, self.socket.send(Message::Ping(Vec::new().into()))).await.is_err() {
                        return Err("too slow to ping");
                    }
                    let _ = chats::still_here(&self.state, &self.user, self.id, self.connection).await;
                }
            }
        }
    }

    async fn on_text(&mut self, text: &str) -> Result<(), Ended> {
        let frame =
            match serde_json::from_str::<ClientFrame>(text) {
                Ok(frame) => frame,
                Err(_) => return self
                    .put(&ServerFrame::Error {
                        client_id: None,
                        code: "bad_frame".into(),
                        message:
                            "Send {\"type\": \"send\", \"client_id\": \"<uuid>\", \"body\": \"…\"}."
                                .into(),
                    })
                    .await,
            };
        let ClientFrame::Send { client_id, body } = frame;
        let reply = match chats::send(&self.state, &self.user, self.id, client_id, &body).await {
            Ok((message, _)) => ServerFrame::Ack { client_id, message },
            Err(e) => ServerFrame::Error {
                client_id: Some(client_id),
                code: e.code.as_str().to_owned(),
                message: e.message,
            },
        };
        self.put(&reply).await
    }
}

/// The caller's unread count, now and whenever it changes, as server-sent
/// events named `unread`.
#[utoipa::path(get, path = "/api/v1/notifications/stream", operation_id = "stream_notifications", tag = "notifications", security(("bearer" = [])),
    responses(
        (status = 200, description = "text/event-stream: `event: unread` with the count as data, at once and on every change"),
        (status = 401, body = super::error::ErrorBody),
    ))]
pub async fn notification_stream(
    State(state): State<AppState>,
    AnyUser(user): AnyUser,
) -> Result<impl IntoResponse, ApiError> {
    let ticks = state.live.notifications(user.id);
    let first = notifications::unread(&state, &user).await?;
    // Each change is sent once: ticks that leave the count as it was (a
    // listener reconnect, a notification read elsewhere and another added)
    // send nothing.
    let stream = futures::stream::unfold(
        (Some(first), None, ticks, state, user),
        |(mut pending, mut last, mut ticks, state, user)| async move {
            loop {
                let count = match pending.take() {
                    Some(count) => count,
                    None => {
                        match ticks.recv().await {
                            Ok(()) | Err(RecvError::Lagged(_)) => {}
                            Err(RecvError::Closed) => return None,
                        }
                        notifications::unread(&state, &user).await.ok()?
                    }
                };
                if last != Some(count) {
                    last = Some(count);
                    let event = Event::default().event("unread").data(count.to_string());
                    return Some((Ok::<_, Infallible>(event), (None, last, ticks, state, user)));
                }
            }
        },
    );
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

/// `changed` whenever the caller's tasks change, from any instance and any
/// path (the Tasks page, the assistant, REST, MCP): read them again.
#[utoipa::path(get, path = "/api/v1/tasks/stream", operation_id = "stream_tasks", tag = "tasks", security(("bearer" = [])),
    responses(
        (status = 200, description = "text/event-stream: `event: changed` on each change of the caller's tasks", content_type = "text/event-stream"),
        (status = 401, body = super::error::ErrorBody),
    ))]
pub async fn task_stream(
    State(state): State<AppState>,
    AnyUser(user): AnyUser,
) -> impl IntoResponse {
    let ticks = state.live.tasks(user.id);
    let stream = futures::stream::unfold(ticks, |mut ticks| async move {
        match ticks.recv().await {
            Ok(()) | Err(RecvError::Lagged(_)) => {
                // A browser drops an event without data, so it carries a word.
                let event = Event::default().event("changed").data("tasks");
                Some((Ok::<_, Infallible>(event), ticks))
            }
            Err(RecvError::Closed) => None,
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}
