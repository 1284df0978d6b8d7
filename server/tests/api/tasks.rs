//! Tasks over REST and the tool routes: the caller's own, filtered, sorted,
//! paged, dated in the caller's time zone; everyone else's are not found.

use crate::helpers::{error_of, field_names, row_count, TestApp};
use reqwest::Method;
use serde_json::{json, Value};
use sqlx::PgPool;

async fn add(app: &TestApp, token: &str, body: Value) -> Value {
    let response = app
        .send(Method::POST, "/api/v1/tasks", token, Some(body))
        .await;
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

async fn set_zone(pool: &PgPool, user: &str, zone: &str) {
    sqlx::query("UPDATE users SET time_zone = $2 WHERE id = $1::uuid")
        .bind(user)
        .bind(zone)
        .execute(pool)
        .await
        .unwrap();
}

fn titles(page: &Value) -> Vec<&str> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["title"].as_str().unwrap())
        .collect()
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn tasks_are_added_listed_filtered_sorted_and_paged(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let (me, token) = app
        .account("obrien@example.com", "Siobhán O'Brien", "creator")
        .await;
    // The test clock says 2026-11-22 10:00 UTC: already Monday 00:00 on Kiritimati.
    set_zone(&pool, &me, "Pacific/Kiritimati").await;

    let tax = add(
        &app,
        &token,
        json!({"title": "File the tax return", "priority": "high", "due": "next friday"}),
    )
    .await;
    assert_eq!(tax["due"], "2026-11-27");
    assert_eq!(tax["status"], "pending");
    let call = add(
        &app,
        &token,
        json!({"title": "Call Müller about the shoot 📞", "due": "tomorrow at 9am"}),
    )
    .await;
    assert_eq!(
        call["due"], "2026-11-24T09:00",
        "tomorrow in the user's zone"
    );
    assert_eq!(call["priority"], "medium");
    let hindi = add(
        &app,
        &token,
        json!({"title": "किराने का सामान खरीदें", "description": "दूध, ब्रेड", "priority": "low"}),
    )
    .await;
    let tamil = add(
        &app,
        &token,
        json!({"title": "அம்மாவை அழை", "due": "2026-11-25T18:30", "completed": true}),
    )
    .await;
    assert_eq!(tamil["status"], "completed");
    assert!(tamil["completed_at"].is_string());

    let all = app.get_json("/api/v1/tasks", &token).await;
    assert_eq!(all["total"], 4);
    assert_eq!(all["page"], 1);
    assert_eq!(all["per_page"], 20);
    // Newest first by default.
    assert_eq!(titles(&all)[0], "அம்மாவை அழை");

    let by_due = app.get_json("/api/v1/tasks?sort=due", &token).await;
    assert_eq!(
        titles(&by_due),
        [
            "Call Müller about the shoot 📞",
            "அம்மாவை அழை",
            "File the tax return",
            "किराने का सामान खरीदें"
        ]
    );
    let by_priority = app.get_json("/api/v1/tasks?sort=priority", &token).await;
    assert_eq!(titles(&by_priority)[0], "File the tax return");
    assert_eq!(titles(&by_priority)[3], "किराने का सामान खरीदें");

    let pending = app.get_json("/api/v1/tasks?status=pending", &token).await;
    assert_eq!(pending["total"], 3);
    let done = app.get_json("/api/v1/tasks?status=completed", &token).await;
    assert_eq!(titles(&done), ["அம்மாவை அழை"]);
    let high = app.get_json("/api/v1/tasks?priority=high", &token).await;
    assert_eq!(titles(&high), ["File the tax return"]);
    // Text in titles or descriptions, any script; LIKE wildcards are literal.
    let milk = app
        .get_json("/api/v1/tasks?q=%E0%A4%A6%E0%A5%82%E0%A4%A7", &token)
        .await;
    assert_eq!(titles(&milk), ["किराने का सामान खरीदें"]);
    let muller = app.get_json("/api/v1/tasks?q=m%C3%BCller", &token).await;
    assert_eq!(muller["total"], 1);
    let wildcard = app.get_json("/api/v1/tasks?q=%25", &token).await;
    assert_eq!(wildcard["total"], 0);

    let page2 = app
        .get_json("/api/v1/tasks?sort=due&per_page=3&page=2", &token)
        .await;
    assert_eq!(page2["total"], 4);
    assert_eq!(titles(&page2), ["किराने का सामान खरीदें"]);
    let past_end = app.get_json("/api/v1/tasks?page=9", &token).await;
    assert_eq!(past_end["items"], json!([]));
    assert_eq!(past_end["total"], 4);

    let bad = app
        .get_bearer(
            "/api/v1/tasks?per_page=101&page=-1&status=maybe&sort=name",
            &token,
        )
        .await;
    let error = error_of(bad, 422, "validation_failed").await;
    assert_eq!(field_names(&error), ["status", "sort", "page", "per_page"]);

    let one = app
        .get_json(&format!("/api/v1/tasks/{}", hindi["id"]), &token)
        .await;
    assert_eq!(one["description"], "दूध, ब्रेड");
    assert_eq!(one, hindi);
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn bad_tasks_are_refused_with_every_field_named_and_nothing_stored(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let (_, token) = app.account("a@example.com", "A", "brand").await;
    let response = app
        .send(Method::POST, "/api/v1/tasks", &token,
            Some(json!({"title": "  ", "priority": "critical", "due": "someday", "description": "x".repeat(2001)})))
        .await;
    let error = error_of(response, 422, "validation_failed").await;
    assert_eq!(
        field_names(&error),
        ["title", "description", "priority", "due"]
    );
    let long = app
        .send(
            Method::POST,
            "/api/v1/tasks",
            &token,
            Some(json!({"title": "x".repeat(201)})),
        )
        .await;
    error_of(long, 422, "validation_failed").await;
    assert_eq!(row_count(&pool, "tasks").await, 0);

    let unauthenticated = app
        .client
        .get(app.url("/api/v1/tasks"))
        .send()
        .await
        .unwrap();
    error_of(unauthenticated, 401, "unauthorized").await;
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn tasks_are_edited_completed_reopened_deleted_and_restored(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let (_, token) = app.account("a@example.com", "A", "brand").await;
    let task = add(
        &app,
        &token,
        json!({"title": "Standup", "description": "Daily", "due": "2026-12-01T09:15"}),
    )
    .await;
    let path = format!("/api/v1/tasks/{}", task["id"]);

    let patched: Value = app
        .send(
            Method::PATCH,
            &path,
            &token,
            Some(json!({"title": "Weekly sync", "description": null, "completed": true})),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(patched["title"], "Weekly sync");
    assert_eq!(patched["description"], Value::Null);
    assert_eq!(patched["due"], "2026-12-01T09:15", "untouched");
    assert_eq!(patched["completed"], true);
    let reopened: Value = app
        .send(
            Method::PATCH,
            &path,
            &token,
            Some(json!({"completed": false})),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(reopened["status"], "pending");
    assert_eq!(reopened["completed_at"], Value::Null);

    // PUT replaces: what is not sent is cleared.
    let replaced: Value = app
        .send(
            Method::PUT,
            &path,
            &token,
            Some(json!({"title": "Weekly sync", "priority": "high"})),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(replaced["due"], Value::Null);
    assert_eq!(replaced["priority"], "high");

    let bad = app
        .send(
            Method::PATCH,
            &path,
            &token,
            Some(json!({"priority": "urgentest"})),
        )
        .await;
    error_of(bad, 422, "validation_failed").await;

    let deleted = app.send(Method::DELETE, &path, &token, None).await;
    assert_eq!(deleted.status(), 200);
    error_of(app.get_bearer(&path, &token).await, 404, "not_found").await;
    assert_eq!(app.get_json("/api/v1/tasks", &token).await["total"], 0);
    let restored = app
        .send(Method::POST, &format!("{path}/restore"), &token, None)
        .await;
    assert_eq!(restored.status(), 200);
    assert_eq!(app.get_json("/api/v1/tasks", &token).await["total"], 1);
    // Restoring a task that is not deleted finds nothing to restore.
    let again = app
        .send(Method::POST, &format!("{path}/restore"), &token, None)
        .await;
    error_of(again, 404, "not_found").await;

    // Deleted a day ago: housekeeping removes it for good.
    app.send(Method::DELETE, &path, &token, None).await;
    app.state.clock.advance(time::Duration::hours(25));
    assert_eq!(
        app::server::tasks::purge_deleted(&app.state).await.unwrap(),
        1
    );
    assert_eq!(row_count(&pool, "tasks").await, 0);

    let token = app.token("a@example.com").await;
    for odd in [
        "/api/v1/tasks/abc",
        "/api/v1/tasks/-1",
        "/api/v1/tasks/99999999999999999999",
    ] {
        error_of(app.get_bearer(odd, &token).await, 404, "not_found").await;
    }
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn nobody_reaches_another_users_tasks(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let (a_id, a) = app.account("a@example.com", "A", "creator").await;
    let (_, b) = app.account("b@example.com", "B", "brand").await;
    let task = add(&app, &a, json!({"title": "A's secret"})).await;
    let id = task["id"].as_i64().unwrap();
    let path = format!("/api/v1/tasks/{id}");

    error_of(app.get_bearer(&path, &b).await, 404, "not_found").await;
    for (method, body) in [
        (Method::PUT, Some(json!({"title": "mine now"}))),
        (Method::PATCH, Some(json!({"completed": true}))),
        (Method::DELETE, None),
    ] {
        error_of(app.send(method, &path, &b, body).await, 404, "not_found").await;
    }
    app.send(Method::DELETE, &path, &a, None).await;
    error_of(
        app.send(Method::POST, &format!("{path}/restore"), &b, None)
            .await,
        404,
        "not_found",
    )
    .await;
    app.send(Method::POST, &format!("{path}/restore"), &a, None)
        .await;
    assert_eq!(app.get_json("/api/v1/tasks", &b).await["total"], 0);

    // Through the tools, naming A's task id or A's user id.
    for tool in ["complete_task", "delete_task", "update_task"] {
        let response = app
            .send(
                Method::POST,
                &format!("/api/v1/tools/{tool}"),
                &b,
                Some(json!({"task_id": id, "title": "x"})),
            )
            .await;
        error_of(response, 404, "not_found").await;
    }
    let listed: Value = app
        .send(
            Method::POST,
            "/api/v1/tools/list_tasks",
            &b,
            Some(json!({})),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed, json!([]));
    let as_a = app
        .send(
            Method::POST,
            "/api/v1/tools/list_tasks",
            &b,
            Some(json!({"user_id": a_id})),
        )
        .await;
    error_of(as_a, 403, "forbidden").await;
    let unchanged = app.get_json(&path, &a).await;
    assert_eq!(unchanged["title"], "A's secret");
    assert_eq!(unchanged["completed"], false);
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn the_five_tools_keep_the_seed_contracts(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let (me, token) = app.account("a@example.com", "A", "creator").await;
    let tools = app.get_json("/api/v1/tools", &token).await;
    let names: Vec<&str> = tools
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "add_task",
            "list_tasks",
            "complete_task",
            "delete_task",
            "update_task"
        ]
    );
    assert_eq!(tools[1]["read_only"], true);
    assert_eq!(tools[3]["destructive"], true);
    assert_eq!(tools[0]["input_schema"]["required"], json!(["title"]));

    let call = |name: &'static str, args: Value| {
        let app = &app;
        let token = token.clone();
        async move {
            app.send(
                Method::POST,
                &format!("/api/v1/tools/{name}"),
                &token,
                Some(args),
            )
            .await
        }
    };
    // The user's own id is accepted, as seed clients send it.
    let added: Value = call(
        "add_task",
        json!({"user_id": me, "title": "Buy groceries", "description": "milk"}),
    )
    .await
    .json()
    .await
    .unwrap();
    let id = added["task_id"].as_i64().unwrap();
    assert_eq!(added["status"], "created");
    assert_eq!(added["title"], "Buy groceries");
    let listed: Value = call("list_tasks", json!({"status": "pending"}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed[0]["id"], id);
    assert_eq!(listed[0]["description"], "milk");
    // task_id is an integer, as the schema says; text is not read as a number.
    let as_text: Value = call(
        "update_task",
        json!({"task_id": id.to_string(), "title": "x"}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(
        as_text["error"]["message"],
        format!("Arguments of update_task: task_id must be a whole number (got \"{id}\").")
    );
    let updated: Value = call(
        "update_task",
        json!({"task_id": id, "title": "Buy groceries and fruit"}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(
        updated,
        json!({"task_id": id, "status": "updated", "title": "Buy groceries and fruit", "priority": "medium", "due": null, "completed": false})
    );
    let completed: Value = call("complete_task", json!({"task_id": id}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (
            completed["status"].as_str(),
            completed["completed"].as_bool()
        ),
        (Some("completed"), Some(true))
    );
    let none_pending: Value = call("list_tasks", json!({"status": "pending"}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(none_pending, json!([]));
    let deleted: Value = call("delete_task", json!({"task_id": id}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(deleted["status"], "deleted");
    let empty: Value = call("list_tasks", Value::Null).await.json().await.unwrap();
    assert_eq!(empty, json!([]));

    error_of(
        call("add_task", json!({"description": "no title"})).await,
        400,
        "bad_request",
    )
    .await;
    error_of(
        call("complete_task", json!({"task_id": "twelve"})).await,
        400,
        "bad_request",
    )
    .await;
    error_of(
        call("add_task", json!({"title": ""})).await,
        422,
        "validation_failed",
    )
    .await;
    error_of(
        call("list_tasks", json!({"status": "later"})).await,
        422,
        "validation_failed",
    )
    .await;
    error_of(
        app.send(
            Method::POST,
            "/api/v1/tools/drop_tables",
            &token,
            Some(json!({})),
        )
        .await,
        404,
        "not_found",
    )
    .await;
}

/// Reads the next `event: changed` of a task stream, or None after `wait`.
/// It must carry data: browsers drop events without any.
async fn next_change<B: AsRef<[u8]>>(
    stream: &mut (impl futures::Stream<Item = reqwest::Result<B>> + Unpin),
    wait: std::time::Duration,
) -> Option<()> {
    use futures::StreamExt;
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        let chunk = tokio::time::timeout_at(deadline, stream.next())
            .await
            .ok()??
            .ok()?;
        if String::from_utf8_lossy(chunk.as_ref()).contains("event: changed\ndata: tasks") {
            return Some(());
        }
    }
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn open_task_pages_hear_of_their_owners_changes_only(pool: PgPool) {
    use std::time::Duration;
    let app = TestApp::spawn(pool.clone()).await;
    let (_, a) = app.account("a@example.com", "A", "creator").await;
    let (_, b) = app.account("b@example.com", "B", "brand").await;
    let mut a_stream = app
        .get_bearer("/api/v1/tasks/stream", &a)
        .await
        .bytes_stream();
    // The listener starting up tells everyone to read again once.
    next_change(&mut a_stream, Duration::from_secs(5))
        .await
        .expect("the first read-again");
    let mut b_stream = app
        .get_bearer("/api/v1/tasks/stream", &b)
        .await
        .bytes_stream();

    // A change made through the assistant reaches A's open page…
    let reply = app
        .send(
            Method::POST,
            "/api/v1/chat",
            &a,
            Some(json!({"message": "add a task to water the plants"})),
        )
        .await;
    assert_eq!(reply.status(), 200);
    next_change(&mut a_stream, Duration::from_secs(5))
        .await
        .expect("A hears of A's change");
    // …and not B's.
    assert_eq!(
        next_change(&mut b_stream, Duration::from_millis(800)).await,
        None
    );
    add(&app, &b, json!({"title": "B's own"})).await;
    next_change(&mut b_stream, Duration::from_secs(5))
        .await
        .expect("B hears of B's change");
}
