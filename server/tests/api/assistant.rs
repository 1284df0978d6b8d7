//! The task chat over REST: the offline engine end to end, conversations
//! kept per user, limits; the model engine against a mock OpenAI-compatible
//! chat endpoint (the only outside service mocked).

use crate::helpers::{error_of, field_names, row_count, TestApp};
use app::server::assistant::{Engine, LlmEngine};
use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use reqwest::Method;
use serde_json::{json, Value};
use sqlx::PgPool;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

async fn say(app: &TestApp, token: &str, conversation: Option<&str>, message: &str) -> Value {
    let response = app
        .send(
            Method::POST,
            "/api/v1/chat",
            token,
            Some(json!({"conversation_id": conversation, "message": message})),
        )
        .await;
    assert_eq!(response.status(), 200, "{message}");
    response.json().await.unwrap()
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn the_offline_assistant_manages_tasks_in_a_kept_conversation(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let (_, token) = app.account("a@example.com", "A", "creator").await;

    let first = say(&app, &token, None, "Add a task to buy groceries tomorrow").await;
    let conversation = first["conversation_id"].as_str().unwrap().to_owned();
    assert_eq!(first["tool_calls"][0]["tool"], "add_task");
    assert_eq!(
        first["tool_calls"][0]["arguments"],
        json!({"title": "Buy groceries", "due": "2026-11-23"})
    );
    assert_eq!(first["tool_calls"][0]["result"]["status"], "created");
    assert!(
        first["response"]
            .as_str()
            .unwrap()
            .contains("Monday 23 November 2026"),
        "{first}"
    );
    let id = first["tool_calls"][0]["result"]["task_id"]
        .as_i64()
        .unwrap();

    // The task is on the Tasks list at once.
    let listed = app.get_json("/api/v1/tasks", &token).await;
    assert_eq!(listed["items"][0]["title"], "Buy groceries");

    // "it" is the task just added.
    let bumped = say(&app, &token, Some(&conversation), "make it high priority").await;
    assert_eq!(
        bumped["tool_calls"][0]["arguments"],
        json!({"task_id": id, "priority": "high"})
    );
    let renamed = say(
        &app,
        &token,
        Some(&conversation),
        "rename it to buy groceries and fruit",
    )
    .await;
    assert_eq!(
        renamed["tool_calls"][0]["result"]["title"],
        "Buy groceries and fruit"
    );

    // Changed on the Tasks page, seen by the assistant.
    app.send(
        Method::PATCH,
        &format!("/api/v1/tasks/{id}"),
        &token,
        Some(json!({"completed": true})),
    )
    .await;
    let open = say(&app, &token, Some(&conversation), "what's still open?").await;
    assert_eq!(
        open["tool_calls"][0]["arguments"],
        json!({"status": "pending"})
    );
    assert_eq!(open["response"], "You have no open tasks.");

    let list = app.get_json("/api/v1/conversations", &token).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    assert_eq!(
        list["items"][0]["title"],
        "Add a task to buy groceries tomorrow"
    );
    let messages = app
        .get_json(
            &format!("/api/v1/conversations/{conversation}/messages"),
            &token,
        )
        .await;
    let items = messages["items"].as_array().unwrap();
    assert_eq!(items.len(), 8);
    assert_eq!(
        (items[0]["role"].as_str(), items[1]["role"].as_str()),
        (Some("user"), Some("assistant"))
    );
    assert_eq!(items[1]["tool_calls"][0]["tool"], "add_task");
    let older = app
        .get_json(
            &format!(
                "/api/v1/conversations/{conversation}/messages?limit=2&before_id={}",
                items[2]["id"]
            ),
            &token,
        )
        .await;
    assert_eq!(older["items"].as_array().unwrap().len(), 2);
    assert_eq!(older["items"][0]["id"], items[0]["id"]);

    // Another user sees none of it.
    let (_, other) = app.account("b@example.com", "B", "brand").await;
    assert_eq!(
        app.get_json("/api/v1/conversations", &other).await["items"],
        json!([])
    );
    error_of(
        app.get_bearer(
            &format!("/api/v1/conversations/{conversation}/messages"),
            &other,
        )
        .await,
        404,
        "not_found",
    )
    .await;
    let hijack = app
        .send(
            Method::POST,
            "/api/v1/chat",
            &other,
            Some(json!({"conversation_id": conversation, "message": "delete it"})),
        )
        .await;
    error_of(hijack, 404, "not_found").await;
    // Naming A's task id finds nothing of B's.
    let theirs = say(&app, &other, None, &format!("delete task {id}")).await;
    assert_eq!(theirs["tool_calls"], json!([]));
    assert_eq!(theirs["response"], format!("You have no task {id}."));
    let still = app.get_json(&format!("/api/v1/tasks/{id}"), &token).await;
    assert_eq!(still["title"], "Buy groceries and fruit");
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn the_assistant_asks_which_task_and_confirms_deleting_several(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let (_, token) = app.account("a@example.com", "A", "creator").await;
    for title in ["Team meeting prep", "Meeting with Priya", "Do the laundry"] {
        app.send(
            Method::POST,
            "/api/v1/tasks",
            &token,
            Some(json!({"title": title})),
        )
        .await;
    }
    let asked = say(&app, &token, None, "Update the meeting task to tomorrow").await;
    let conversation = asked["conversation_id"].as_str().unwrap().to_owned();
    assert_eq!(asked["tool_calls"], json!([]));
    assert!(
        asked["response"]
            .as_str()
            .unwrap()
            .starts_with("Which one do you mean"),
        "{asked}"
    );
    let chosen = say(&app, &token, Some(&conversation), "the one with Priya").await;
    assert_eq!(
        chosen["tool_calls"][0]["result"]["title"],
        "Meeting with Priya"
    );
    assert_eq!(chosen["tool_calls"][0]["result"]["due"], "2026-11-23");

    let confirm = say(
        &app,
        &token,
        Some(&conversation),
        "delete the meeting tasks",
    )
    .await;
    assert_eq!(confirm["tool_calls"], json!([]), "{confirm}");
    let both = say(&app, &token, Some(&conversation), "both").await;
    assert!(
        both["response"]
            .as_str()
            .unwrap()
            .starts_with("Delete these 2 tasks"),
        "{both}"
    );
    assert_eq!(app.get_json("/api/v1/tasks", &token).await["total"], 3);
    let done = say(&app, &token, Some(&conversation), "yes").await;
    assert_eq!(done["tool_calls"].as_array().unwrap().len(), 2);
    assert_eq!(app.get_json("/api/v1/tasks", &token).await["total"], 1);
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn messages_are_bounded_and_rate_limited(pool: PgPool) {
    let app = TestApp::spawn_with(pool.clone(), |s| s.chat_rate_limit_per_minute = 3).await;
    let (_, token) = app.account("a@example.com", "A", "creator").await;
    for (body, field) in [
        (json!({"message": "  "}), "message"),
        (json!({"message": "x".repeat(2001)}), "message"),
    ] {
        let response = app
            .send(Method::POST, "/api/v1/chat", &token, Some(body))
            .await;
        assert_eq!(
            field_names(&error_of(response, 422, "validation_failed").await),
            [field]
        );
    }
    assert_eq!(row_count(&pool, "conversations").await, 0);
    for _ in 0..3 {
        say(&app, &token, None, "what's still open?").await;
    }
    let limited = app
        .send(
            Method::POST,
            "/api/v1/chat",
            &token,
            Some(json!({"message": "hello"})),
        )
        .await;
    assert!(limited.headers().get("retry-after").is_some());
    error_of(limited, 429, "rate_limited").await;
    assert_eq!(row_count(&pool, "conversations").await, 3);
}

/// A scripted OpenAI-compatible chat endpoint: answers in turn, keeps the requests.
#[derive(Clone, Default)]
struct Script {
    answers: Arc<Mutex<VecDeque<Value>>>,
    requests: Arc<Mutex<Vec<Value>>>,
}

async fn completions(
    State(script): State<Script>,
    Json(body): Json<Value>,
) -> Result<Json<Value>, axum::http::StatusCode> {
    script.requests.lock().unwrap().push(body);
    let answer = script.answers.lock().unwrap().pop_front();
    match answer {
        Some(Value::Null) | None => Err(axum::http::StatusCode::INTERNAL_SERVER_ERROR),
        Some(message) => Ok(Json(json!({
            "id": "chatcmpl-1", "object": "chat.completion", "created": 0, "model": "mock",
            "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
        }))),
    }
}

async fn mock_model(answers: Vec<Value>) -> (String, Script) {
    let script = Script {
        answers: Arc::new(Mutex::new(answers.into())),
        ..Default::default()
    };
    let app = Router::new()
        .route("/v1/chat/completions", post(completions))
        .with_state(script.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}/v1"), script)
}

fn tool_call(id: &str, name: &str, arguments: &str) -> Value {
    json!({"id": id, "type": "function", "function": {"name": name, "arguments": arguments}})
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn the_model_engine_runs_tool_calls_and_feeds_results_back(pool: PgPool) {
    let (url, script) = mock_model(vec![
        json!({"role": "assistant", "content": null, "tool_calls": [tool_call("c1", "add_task", r#"{"title": "Buy milk", "due": "2026-11-23"}"#)]}),
        json!({"role": "assistant", "content": "Added “Buy milk” for Monday 23 November 2026."}),
        // A malformed call and an unknown tool are answered with errors, not a 500.
        json!({"role": "assistant", "content": null, "tool_calls": [tool_call("c2", "add_task", "{not json"), tool_call("c3", "drop_tables", "{}")]}),
        json!({"role": "assistant", "content": "Sorry, I could not do that."}),
    ])
    .await;
    let engine = Engine::Llm {
        engine: LlmEngine::new(&url, "test-key", "mock-model"),
        fallback: false,
    };
    let app = TestApp::spawn_with_assistant(pool.clone(), engine).await;
    let (_, token) = app.account("a@example.com", "A", "creator").await;

    let reply = say(&app, &token, None, "add buy milk for tomorrow").await;
    assert_eq!(
        reply["response"],
        "Added “Buy milk” for Monday 23 November 2026."
    );
    assert_eq!(reply["tool_calls"][0]["result"]["status"], "created");
    assert_eq!(
        app.get_json("/api/v1/tasks", &token).await["items"][0]["title"],
        "Buy milk"
    );
    {
        let requests = script.requests.lock().unwrap();
        assert_eq!(requests[0]["model"], "mock-model");
        let tools: Vec<&str> = requests[0]["tools"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["function"]["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            tools,
            [
                "add_task",
                "list_tasks",
                "complete_task",
                "delete_task",
                "update_task"
            ]
        );
        let system = requests[0]["messages"][0]["content"].as_str().unwrap();
        assert!(system.contains("2026-11-22"), "{system}");
        assert!(
            system.contains("in English (the user's language)"),
            "{system}"
        );
        // The tool's result went back to the model.
        let last = requests[1]["messages"]
            .as_array()
            .unwrap()
            .last()
            .unwrap()
            .clone();
        assert_eq!(last["role"], "tool");
        assert_eq!(last["tool_call_id"], "c1");
        assert!(last["content"].as_str().unwrap().contains("\"created\""));
    }

    let conversation = reply["conversation_id"].as_str().unwrap();
    let odd = say(&app, &token, Some(conversation), "do something odd").await;
    assert_eq!(odd["response"], "Sorry, I could not do that.");
    assert_eq!(
        odd["tool_calls"][0]["result"]["error"]["code"],
        "bad_request"
    );
    assert_eq!(
        odd["tool_calls"][1]["result"]["error"]["code"],
        "bad_request"
    );
    // The earlier turn was sent as context.
    let requests = script.requests.lock().unwrap();
    let history: Vec<&str> = requests[2]["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["content"].as_str())
        .collect();
    assert!(history.contains(&"add buy milk for tomorrow"));
    assert!(history.contains(&"Added “Buy milk” for Monday 23 November 2026."));
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn an_unreachable_model_gives_a_clear_503_or_the_offline_engine_answers(pool: PgPool) {
    let (url, _) = mock_model(vec![Value::Null]).await;
    let strict = Engine::Llm {
        engine: LlmEngine::new(&url, "k", "m"),
        fallback: false,
    };
    let app = TestApp::spawn_with_assistant(pool.clone(), strict).await;
    let (_, token) = app.account("a@example.com", "A", "creator").await;
    let down = app
        .send(
            Method::POST,
            "/api/v1/chat",
            &token,
            Some(json!({"message": "add a task to call mom"})),
        )
        .await;
    let error = error_of(down, 503, "service_unavailable").await;
    assert!(error["message"].as_str().unwrap().contains("not reachable"));
    assert_eq!(row_count(&pool, "conversations").await, 0);
    assert_eq!(row_count(&pool, "tasks").await, 0);

    let nowhere = Engine::Llm {
        engine: LlmEngine::new("http://127.0.0.1:9/v1", "k", "m"),
        fallback: true,
    };
    let app = TestApp::spawn_with_assistant(pool.clone(), nowhere).await;
    let (_, token) = app.account("b@example.com", "B", "creator").await;
    let reply = say(&app, &token, None, "add a task to call mom").await;
    assert!(
        reply["response"]
            .as_str()
            .unwrap()
            .starts_with("(The AI model is not reachable"),
        "{reply}"
    );
    assert_eq!(reply["tool_calls"][0]["result"]["title"], "Call mom");
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn the_assistant_answers_in_the_callers_language_and_rewords_its_replies_when_it_changes(
    pool: PgPool,
) {
    let app = TestApp::spawn(pool).await;
    let (_, token) = app.account("hindi@example.com", "प्रिया", "creator").await;
    let language = |code: &'static str| {
        let app = &app;
        let token = token.clone();
        async move {
            let response = app
                .send(
                    Method::PUT,
                    "/api/v1/settings",
                    &token,
                    Some(json!({"language": code})),
                )
                .await;
            assert_eq!(response.status(), 200);
        }
    };
    language("hi").await;

    let added = say(&app, &token, None, "add a task to call O'Brien on friday").await;
    let conversation = added["conversation_id"].as_str().unwrap().to_owned();
    assert_eq!(
        added["response"],
        format!(
            "“Call O'Brien” जोड़ा (काम {}), 27 नवंबर 2026 तक।",
            added["tool_calls"][0]["result"]["task_id"]
        )
    );
    let unknown = say(&app, &token, Some(&conversation), "sing me a song").await;
    assert!(
        unknown["response"].as_str().unwrap().starts_with("मैं “"),
        "{unknown}"
    );
    // Tool refusals are worded too (the title is too long).
    let long = format!("add a task to {}", "x".repeat(300));
    let refused = say(&app, &token, Some(&conversation), &long).await;
    let text = refused["response"].as_str().unwrap();
    assert!(
        !text.is_empty() && !text.contains("characters"),
        "{refused}"
    );

    // Switched to Tamil, the kept replies read in Tamil; what the user typed
    // stays as typed.
    language("ta").await;
    let messages = app
        .get_json(
            &format!("/api/v1/conversations/{conversation}/messages"),
            &token,
        )
        .await;
    let items = messages["items"].as_array().unwrap();
    assert_eq!(items[0]["content"], "add a task to call O'Brien on friday");
    assert!(
        items[1]["content"]
            .as_str()
            .unwrap()
            .starts_with("“Call O'Brien” சேர்க்கப்பட்டது"),
        "{}",
        items[1]
    );
    assert!(
        items[3]["content"]
            .as_str()
            .unwrap()
            .starts_with("“sing me a song” எனக்குப் புரியவில்லை"),
        "{}",
        items[3]
    );
}
