//! The chat WebSocket: live delivery between the two parties, acks, resume
//! after a reconnect, strangers and other sites refused, two server
//! instances on one database, and "new message" notifications only for a
//! party who is not looking.

use crate::chats::{open_chat, say};
use crate::helpers::{error_of, TestApp};
use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use sqlx::PgPool;
use std::time::Duration;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};
use uuid::Uuid;

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

fn ws_request(
    app: &TestApp,
    chat: &str,
    token: &str,
    after_id: Option<i64>,
) -> tokio_tungstenite::tungstenite::handshake::client::Request {
    let query = after_id
        .map(|a| format!("?after_id={a}"))
        .unwrap_or_default();
    let url = format!(
        "{}/api/v1/chats/{chat}/ws{query}",
        app.base.replacen("http", "ws", 1)
    );
    let mut request = url.into_client_request().unwrap();
    request
        .headers_mut()
        .insert("authorization", format!("Bearer {token}").parse().unwrap());
    request
}

async fn connect(app: &TestApp, chat: &str, token: &str, after_id: Option<i64>) -> Socket {
    let (socket, response) =
        tokio_tungstenite::connect_async(ws_request(app, chat, token, after_id))
            .await
            .expect("the WebSocket opens");
    assert_eq!(response.status(), 101);
    socket
}

/// The next JSON frame (pings and pongs skipped), within five seconds.
async fn next(socket: &mut Socket) -> Value {
    loop {
        let frame = tokio::time::timeout(Duration::from_secs(5), socket.next())
            .await
            .expect("a frame within five seconds")
            .expect("the socket is open")
            .unwrap();
        if let Message::Text(text) = frame {
            return serde_json::from_str(&text).unwrap();
        }
    }
}

/// Frames up to and including the first of `kind`.
async fn until(socket: &mut Socket, kind: &str) -> Vec<Value> {
    let mut seen = Vec::new();
    loop {
        let frame = next(socket).await;
        let done = frame["type"] == kind;
        seen.push(frame);
        if done {
            return seen;
        }
    }
}

fn message_bodies(frames: &[Value]) -> Vec<String> {
    frames
        .iter()
        .filter(|f| f["type"] == "message")
        .map(|f| f["message"]["body"].as_str().unwrap().to_owned())
        .collect()
}

async fn send_frame(socket: &mut Socket, client_id: Uuid, body: &str) {
    let frame = json!({"type": "send", "client_id": client_id, "body": body});
    socket
        .send(Message::Text(frame.to_string().into()))
        .await
        .unwrap();
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn both_sides_see_messages_live_and_resume_after_a_drop(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let (brand, creator, chat) = open_chat(&app).await;

    let mut brand_ws = connect(&app, &chat, &brand, None).await;
    let opening = until(&mut brand_ws, "ready").await;
    assert_eq!(opening[0]["type"], "chat");
    assert_eq!(opening[0]["chat"]["status"], "active");
    assert_eq!(opening[0]["deal"], Value::Null);
    let mut creator_ws = connect(&app, &chat, &creator, Some(0)).await;
    until(&mut creator_ws, "ready").await;

    // The creator sends; the ack carries the stored message, and the brand
    // receives it without asking.
    let first = Uuid::new_v4();
    send_frame(&mut creator_ws, first, "வணக்கம்! O'Brien's reel? 🎬").await;
    let frames = until(&mut creator_ws, "ack").await;
    let ack = frames.last().unwrap();
    assert_eq!(ack["client_id"], first.to_string());
    let first_id = ack["message"]["id"].as_i64().unwrap();
    let live = next(&mut brand_ws).await;
    assert_eq!(live["type"], "message");
    assert_eq!(live["message"]["id"], first_id);
    assert_eq!(live["message"]["body"], "வணக்கம்! O'Brien's reel? 🎬");

    // Resending the same client id stores nothing new: the same id comes back.
    send_frame(&mut creator_ws, first, "வணக்கம்! O'Brien's reel? 🎬").await;
    let again = until(&mut creator_ws, "ack").await;
    assert_eq!(again.last().unwrap()["message"]["id"], first_id);

    // Bad frames are answered, and the connection stays.
    creator_ws
        .send(Message::Text("{\"type\":\"shout\"}".into()))
        .await
        .unwrap();
    let refused = until(&mut creator_ws, "error").await;
    assert_eq!(refused.last().unwrap()["code"], "bad_frame");
    let empty = Uuid::new_v4();
    send_frame(&mut creator_ws, empty, "  ").await;
    let refused = until(&mut creator_ws, "error").await;
    assert_eq!(refused.last().unwrap()["client_id"], empty.to_string());
    assert_eq!(refused.last().unwrap()["code"], "validation_failed");

    // The brand drops; three messages arrive meanwhile (over REST too).
    drop(brand_ws);
    for text in ["one", "two", "three"] {
        assert_eq!(
            say(&app, &creator, &chat, Uuid::new_v4(), text)
                .await
                .status(),
            201
        );
    }
    // Reconnecting after the last id it had gives exactly those, in order.
    let mut brand_ws = connect(&app, &chat, &brand, Some(first_id)).await;
    let resumed = until(&mut brand_ws, "ready").await;
    assert_eq!(message_bodies(&resumed), ["one", "two", "three"]);
    let last_id = resumed.last().unwrap()["last_id"].as_i64().unwrap();
    let ids: Vec<i64> = resumed
        .iter()
        .filter(|f| f["type"] == "message")
        .map(|f| f["message"]["id"].as_i64().unwrap())
        .collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]) && ids[0] > first_id);
    assert_eq!(*ids.last().unwrap(), last_id);

    // Live again, the other way round; nothing arrives twice.
    send_frame(&mut brand_ws, Uuid::new_v4(), "नमस्ते").await;
    let live = next(&mut creator_ws).await;
    // The creator was connected throughout: it saw one, two, three live first.
    let mut seen = vec![live];
    while seen.last().unwrap()["message"]["body"] != "नमस्ते" {
        seen.push(next(&mut creator_ws).await);
    }
    assert_eq!(message_bodies(&seen), ["one", "two", "three", "नमस्ते"]);
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn strangers_and_other_sites_cannot_subscribe(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let (brand, _, chat) = open_chat(&app).await;
    let (_, stranger) = app
        .account("stranger@example.com", "Stranger", "creator")
        .await;

    let refused = tokio_tungstenite::connect_async(ws_request(&app, &chat, &stranger, None)).await;
    match refused {
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            assert_eq!(response.status(), 404)
        }
        other => panic!("a stranger subscribed: {other:?}"),
    }
    let mut no_token = ws_request(&app, &chat, &brand, None);
    no_token.headers_mut().remove("authorization");
    match tokio_tungstenite::connect_async(no_token).await {
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            assert_eq!(response.status(), 401)
        }
        other => panic!("an anonymous client subscribed: {other:?}"),
    }
    let mut cross_site = ws_request(&app, &chat, &brand, None);
    cross_site
        .headers_mut()
        .insert("origin", "https://evil.example".parse().unwrap());
    match tokio_tungstenite::connect_async(cross_site).await {
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            assert_eq!(response.status(), 403)
        }
        other => panic!("another site subscribed: {other:?}"),
    }
    // The plain HTTP GET (no upgrade) of a stranger is the usual 404 envelope.
    error_of(
        app.get_bearer(&format!("/api/v1/chats/{chat}/ws"), &stranger)
            .await,
        404,
        "not_found",
    )
    .await;
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn two_server_instances_deliver_each_others_messages(pool: PgPool) {
    let one = TestApp::spawn(pool.clone()).await;
    let two = TestApp::spawn(pool.clone()).await;
    let (brand, creator, chat) = open_chat(&one).await;

    let mut brand_ws = connect(&one, &chat, &brand, Some(0)).await;
    until(&mut brand_ws, "ready").await;
    let mut creator_ws = connect(&two, &chat, &creator, Some(0)).await;
    until(&mut creator_ws, "ready").await;

    send_frame(&mut creator_ws, Uuid::new_v4(), "from instance two").await;
    until(&mut creator_ws, "ack").await;
    assert_eq!(
        next(&mut brand_ws).await["message"]["body"],
        "from instance two"
    );
    send_frame(&mut brand_ws, Uuid::new_v4(), "from instance one").await;
    let seen = until(&mut creator_ws, "message").await;
    // The creator's own message comes first, then the brand's.
    let mut bodies = message_bodies(&seen);
    if bodies == ["from instance two"] {
        bodies = message_bodies(&[next(&mut creator_ws).await]);
    }
    assert_eq!(bodies, ["from instance one"]);
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn a_new_message_notifies_only_a_party_who_is_not_looking(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let (brand, creator, chat) = open_chat(&app).await;
    let unread = |token: String| {
        let app = &app;
        async move {
            let list: Value = app.get_json("/api/v1/notifications", &token).await;
            list["items"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|n| n["kind"] == "new_message" && n["read_at"].is_null())
                .count()
        }
    };

    // The brand is not looking: one notification, however many messages.
    for text in ["hello", "are you there?"] {
        say(&app, &creator, &chat, Uuid::new_v4(), text).await;
    }
    assert_eq!(unread(brand.clone()).await, 1);

    // Opening the chat clears it; while the brand looks, nothing new comes.
    let mut brand_ws = connect(&app, &chat, &brand, None).await;
    until(&mut brand_ws, "ready").await;
    assert_eq!(unread(brand.clone()).await, 0);
    say(&app, &creator, &chat, Uuid::new_v4(), "still there").await;
    assert_eq!(next(&mut brand_ws).await["message"]["body"], "still there");
    assert_eq!(unread(brand.clone()).await, 0);

    // The creator is not looking: the brand's reply notifies them.
    send_frame(&mut brand_ws, Uuid::new_v4(), "yes!").await;
    until(&mut brand_ws, "ack").await;
    assert_eq!(unread(creator.clone()).await, 1);

    // After the brand leaves, the next message notifies them again.
    drop(brand_ws);
    let gone = async {
        for _ in 0..50 {
            let (n,): (i64,) = sqlx::query_as("SELECT count(*) FROM chat_presence")
                .fetch_one(&pool)
                .await
                .unwrap();
            if n == 0 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the closed connection is still present");
    };
    gone.await;
    say(&app, &creator, &chat, Uuid::new_v4(), "bye").await;
    assert_eq!(unread(brand).await, 1);
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn the_bell_stream_counts_unread_notifications_live(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let (brand, creator, chat) = open_chat(&app).await;
    let mut stream = app
        .get_bearer("/api/v1/notifications/stream", &brand)
        .await
        .bytes_stream();
    let mut text = String::new();
    // The count now (the brand was told of the interest: 1)…
    let mut counts = Vec::new();
    while counts.len() < 2 {
        let chunk = tokio::time::timeout(Duration::from_secs(5), stream.next())
            .await
            .expect("an event within five seconds")
            .unwrap()
            .unwrap();
        text.push_str(std::str::from_utf8(&chunk).unwrap());
        counts = text
            .lines()
            .filter_map(|l| l.strip_prefix("data: "))
            .map(|d| d.parse::<i64>().unwrap())
            .collect();
        if counts.len() == 1 && !text.contains("sent") {
            // …and after the creator writes while the brand is away: 2.
            text.push_str("\n: sent\n");
            say(&app, &creator, &chat, Uuid::new_v4(), "hi").await;
        }
    }
    assert_eq!(counts, [1, 2]);
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn a_message_posted_right_after_connecting_without_after_id_is_sent(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let (brand, creator, chat) = open_chat(&app).await;
    // The race was between answering the upgrade and reading "now": a
    // message stored in between was counted in ready.last_id and never sent.
    for round in 0..40 {
        let mut brand_ws = connect(&app, &chat, &brand, None).await;
        let body = format!("right after the upgrade #{round}");
        assert_eq!(
            say(&app, &creator, &chat, Uuid::new_v4(), &body)
                .await
                .status(),
            201
        );
        // It comes as a message frame, in the catch-up before `ready` or
        // live after it.
        let mut frames = until(&mut brand_ws, "ready").await;
        if message_bodies(&frames).is_empty() {
            frames.push(next(&mut brand_ws).await);
        }
        assert_eq!(message_bodies(&frames), [body], "round {round}");
    }
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn an_account_put_under_review_mid_connection_cannot_send(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let (_brand, creator, chat) = open_chat(&app).await;
    let mut socket = connect(&app, &chat, &creator, None).await;
    sqlx::query("UPDATE users SET status = 'pending_review' WHERE email = 'meena@example.com'")
        .execute(&pool)
        .await
        .unwrap();
    let attempt = Uuid::new_v4();
    send_frame(&mut socket, attempt, "Still here?").await;
    let refused = until(&mut socket, "error").await;
    let frame = refused.last().unwrap();
    assert_eq!(frame["code"], "account_suspended", "{frame}");
    assert_eq!(frame["client_id"], attempt.to_string());
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM chat_messages")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(count, 0);
    // Reading goes on: the history still answers.
    let page = app
        .get_bearer(&format!("/api/v1/chats/{chat}/messages"), &creator)
        .await;
    assert_eq!(page.status(), 200);
}
