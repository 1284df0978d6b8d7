//! Live fan-out across server instances (issue 4). Writers announce what
//! changed with `NOTIFY` in the transaction that changed it, carrying ids
//! only; each process keeps one `LISTEN` connection, fetches a new message
//! once, and hands it to the connections it holds for that window.
//!
//! Nothing here is the record: a connection that misses anything (the
//! listener reconnected, or the connection fell behind) is told to catch up
//! from Postgres after the last id it has.

use crate::features::collab::ChatMessage;
use sqlx::postgres::PgListener;
use sqlx::PgPool;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;
use tokio::sync::broadcast;
use uuid::Uuid;

/// New chat messages: `<window id>:<message id>`.
pub const MESSAGES: &str = "chat_messages";
/// A window or its deal changed (deal proposed or confirmed, window closed
/// or expired): `<window id>`.
pub const CHAT_EVENTS: &str = "chat_events";
/// A user's notifications changed: `<user id>`.
pub const NOTIFICATIONS: &str = "notifications";
/// A user's tasks changed (a trigger on `tasks`): `<user id>`.
pub const TASKS: &str = "task_changes";

/// Events queued per window and per user before a subscriber counts as too
/// slow (it is then dropped and resumes from Postgres).
const CAPACITY: usize = 256;
/// Notifications fetched in one query when many arrive together.
const BATCH: usize = 256;

#[derive(Clone, Debug)]
pub enum ChatEvent {
    Message(Arc<ChatMessage>),
    /// The window or its deal changed: read them again.
    Changed,
    /// Something may have been missed: catch up from the last id.
    Resync,
}

/// What a unit event about a user says changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum UserTopic {
    Notifications,
    Tasks,
}

#[derive(Clone, Copy, Debug)]
enum Key {
    Chat(Uuid),
    User(Uuid, UserTopic),
}

#[derive(Default)]
struct Topics {
    chats: HashMap<Uuid, broadcast::Sender<ChatEvent>>,
    /// A unit event: "your notifications (or tasks) changed, read again".
    users: HashMap<(Uuid, UserTopic), broadcast::Sender<()>>,
}

struct Inner {
    pool: PgPool,
    topics: Mutex<Topics>,
    started: OnceLock<()>,
}

/// This process's share of the fan-out; cheap to clone.
#[derive(Clone)]
pub struct Hub(Arc<Inner>);

/// A subscription that unregisters its topic when the last one drops.
pub struct Subscription<T: Clone> {
    receiver: Option<broadcast::Receiver<T>>,
    hub: Hub,
    key: Key,
}

impl<T: Clone> Subscription<T> {
    pub async fn recv(&mut self) -> Result<T, broadcast::error::RecvError> {
        match self.receiver.as_mut() {
            Some(r) => r.recv().await,
            None => Err(broadcast::error::RecvError::Closed),
        }
    }
}

impl<T: Clone> Drop for Subscription<T> {
    fn drop(&mut self) {
        self.receiver.take();
        let mut topics = self.hub.topics();
        match self.key {
            Key::Chat(id) => {
                if topics
                    .chats
                    .get(&id)
                    .is_some_and(|s| s.receiver_count() == 0)
                {
                    topics.chats.remove(&id);
                }
            }
            Key::User(id, topic) => {
                if topics
                    .users
                    .get(&(id, topic))
                    .is_some_and(|s| s.receiver_count() == 0)
                {
                    topics.users.remove(&(id, topic));
                }
            }
        }
    }
}

impl Hub {
    pub fn new(pool: PgPool) -> Self {
        Self(Arc::new(Inner {
            pool,
            topics: Mutex::new(Topics::default()),
            started: OnceLock::new(),
        }))
    }

    fn topics(&self) -> std::sync::MutexGuard<'_, Topics> {
        // A panic while holding the lock leaves plain maps behind: still usable.
        self.0.topics.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Starts this process's listener the first time anyone subscribes.
    fn ensure_started(&self) {
        self.0.started.get_or_init(|| {
            tokio::spawn(listen(self.clone()));
        });
    }

    /// Events of chat window `window` from now on.
    pub fn chat(&self, window: Uuid) -> Subscription<ChatEvent> {
        self.ensure_started();
        let receiver = self
            .topics()
            .chats
            .entry(window)
            .or_insert_with(|| broadcast::channel(CAPACITY).0)
            .subscribe();
        Subscription {
            receiver: Some(receiver),
            hub: self.clone(),
            key: Key::Chat(window),
        }
    }

    /// A tick whenever `user`'s notifications change.
    pub fn notifications(&self, user: Uuid) -> Subscription<()> {
        self.user_topic(user, UserTopic::Notifications)
    }

    /// A tick whenever `user`'s tasks change.
    pub fn tasks(&self, user: Uuid) -> Subscription<()> {
        self.user_topic(user, UserTopic::Tasks)
    }

    fn user_topic(&self, user: Uuid, topic: UserTopic) -> Subscription<()> {
        self.ensure_started();
        let receiver = self
            .topics()
            .users
            .entry((user, topic))
            .or_insert_with(|| broadcast::channel(CAPACITY).0)
            .subscribe();
        Subscription {
            receiver: Some(receiver),
            hub: self.clone(),
            key: Key::User(user, topic),
        }
    }

    /// Connections held here (for metrics and the bench).
    pub fn subscribed_chats(&self) -> usize {
        self.topics().chats.len()
    }

    fn to_chat(&self, window: Uuid, event: ChatEvent) {
        if let Some(sender) = self.topics().chats.get(&window) {
            let _ = sender.send(event);
        }
    }

    fn watched(&self, window: Uuid) -> bool {
        self.topics().chats.contains_key(&window)
    }

    /// After the listener (re)connected: whatever was announced while it was
    /// away must be read from Postgres.
    fn resync_all(&self) {
        let topics = self.topics();
        for sender in topics.chats.values() {
            let _ = sender.send(ChatEvent::Resync);
        }
        for sender in topics.users.values() {
            let _ = sender.send(());
        }
    }
}

/// Splits `<uuid>` or `<uuid>:<i64>`.
fn parse_payload(payload: &str) -> Option<(Uuid, Option<i64>)> {
    match payload.split_once(':') {
        Some((window, id)) => Some((Uuid::parse_str(window).ok()?, Some(id.parse().ok()?))),
        None => Some((Uuid::parse_str(payload).ok()?, None)),
    }
}

/// The listener loop: reconnects forever, resyncing everyone each time.
async fn listen(hub: Hub) {
    let mut delay = Duration::from_millis(200);
    loop {
        match PgListener::connect_with(&hub.0.pool).await {
            Ok(mut listener) => {
                if let Err(e) = listener
                    .listen_all([MESSAGES, CHAT_EVENTS, NOTIFICATIONS, TASKS])
                    .await
                {
                    tracing::warn!(error = %e, "LISTEN failed");
                } else {
                    delay = Duration::from_millis(200);
                    hub.resync_all();
                    pump(&hub, &mut listener).await;
                    tracing::warn!("the LISTEN connection was lost; reconnecting");
                }
            }
            Err(e) => tracing::warn!(error = %e, "cannot open the LISTEN connection"),
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(Duration::from_secs(5));
    }
}

/// Hands notifications on until the connection drops.
async fn pump(hub: &Hub, listener: &mut PgListener) {
    loop {
        let first = match listener.try_recv().await {
            Ok(Some(n)) => n,
            Ok(None) | Err(_) => return,
        };
        let mut batch = vec![first];
        while batch.len() < BATCH {
            match listener.next_buffered() {
                Some(n) => batch.push(n),
                None => break,
            }
        }
        let mut wanted = Vec::new();
        for n in &batch {
            let Some((id, message)) = parse_payload(n.payload()) else {
                tracing::warn!(
                    channel = n.channel(),
                    payload = n.payload(),
                    "unreadable NOTIFY"
                );
                continue;
            };
            match n.channel() {
                MESSAGES => {
                    if let Some(message) = message.filter(|_| hub.watched(id)) {
                        wanted.push((id, message));
                    }
                }
                CHAT_EVENTS => {
                    deliver_messages(hub, std::mem::take(&mut wanted)).await;
                    hub.to_chat(id, ChatEvent::Changed);
                }
                channel => {
                    let topic = if channel == TASKS {
                        UserTopic::Tasks
                    } else {
                        UserTopic::Notifications
                    };
                    if let Some(sender) = hub.topics().users.get(&(id, topic)) {
                        let _ = sender.send(());
                    }
                }
            }
        }
        deliver_messages(hub, wanted).await;
    }
}

/// Reads the announced messages in one query and hands each to its window,
/// in id order (the order they were stored in within a window).
async fn deliver_messages(hub: &Hub, wanted: Vec<(Uuid, i64)>) {
    if wanted.is_empty() {
        return;
    }
    let ids: Vec<i64> = wanted.iter().map(|(_, id)| *id).collect();
    match super::db::chats::messages_by_ids(&hub.0.pool, &ids).await {
        Ok(rows) => {
            for (window, row) in rows {
                hub.to_chat(
                    window,
                    ChatEvent::Message(Arc::new(super::chats::message(row, None))),
                );
            }
        }
        Err(e) => {
            tracing::warn!(error = %e, "cannot read announced messages; subscribers catch up");
            for (window, _) in wanted {
                hub.to_chat(window, ChatEvent::Resync);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_payload;
    use uuid::Uuid;

    #[test]
    fn payloads() {
        let w = Uuid::now_v7();
        assert_eq!(parse_payload(&format!("{w}:42")), Some((w, Some(42))));
        assert_eq!(parse_payload(&w.to_string()), Some((w, None)));
        assert_eq!(parse_payload("nonsense"), None);
        assert_eq!(parse_payload(&format!("{w}:x")), None);
    }
}
