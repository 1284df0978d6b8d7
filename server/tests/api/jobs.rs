//! The durable job queue against real Postgres.

use crate::helpers::TestApp;
use app::server::jobs;
use serde_json::json;
use sqlx::PgPool;
use time::Duration;

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn a_job_is_claimed_once_and_then_done(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let id = jobs::enqueue(&app.state, "embed_creator", json!({"creator": "c1"}), None)
        .await
        .unwrap();
    let claimed = jobs::claim(&app.state, 10).await.unwrap();
    assert_eq!(claimed.len(), 1);
    assert_eq!((claimed[0].id, claimed[0].attempts), (id, 1));
    assert_eq!(claimed[0].payload["creator"], "c1");
    assert!(
        jobs::claim(&app.state, 10).await.unwrap().is_empty(),
        "a leased job is not handed out twice"
    );
    jobs::complete(&app.state, &claimed[0]).await.unwrap();
    app.state.clock.advance(Duration::hours(1));
    assert!(
        jobs::claim(&app.state, 10).await.unwrap().is_empty(),
        "a finished job never comes back"
    );
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn the_same_dedupe_key_queues_one_job(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let a = jobs::enqueue(
        &app.state,
        "embed_creator",
        json!({"v": 1}),
        Some("embed:creator:c1"),
    )
    .await
    .unwrap();
    let b = jobs::enqueue(
        &app.state,
        "embed_creator",
        json!({"v": 2}),
        Some("embed:creator:c1"),
    )
    .await
    .unwrap();
    assert_eq!(a, b);
    let claimed = jobs::claim(&app.state, 10).await.unwrap();
    assert_eq!(claimed.len(), 1);
    assert_eq!(claimed[0].payload["v"], 2, "the latest payload wins");
    // Once finished, the key is free again.
    jobs::complete(&app.state, &claimed[0]).await.unwrap();
    let c = jobs::enqueue(
        &app.state,
        "embed_creator",
        json!({}),
        Some("embed:creator:c1"),
    )
    .await
    .unwrap();
    assert_ne!(c, a);
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn concurrent_workers_never_share_a_job(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    for i in 0..40 {
        jobs::enqueue(&app.state, "work", json!({ "i": i }), None)
            .await
            .unwrap();
    }
    let workers = (0..4).map(|_| jobs::claim(&app.state, 15));
    let batches = futures::future::join_all(workers).await;
    let mut ids: Vec<i64> = batches
        .into_iter()
        .flat_map(|b| b.unwrap())
        .map(|j| j.id)
        .collect();
    let claimed = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), claimed, "a job was claimed twice");
    assert_eq!(claimed, 40);
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn a_failed_job_retries_after_backoff_and_gives_up_after_its_attempts(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    jobs::enqueue(&app.state, "flaky", json!({}), None)
        .await
        .unwrap();
    sqlx::query("UPDATE jobs SET max_attempts = 2")
        .execute(&pool)
        .await
        .unwrap();

    let first = jobs::claim(&app.state, 1).await.unwrap().remove(0);
    jobs::fail(&app.state, &first, "provider timed out")
        .await
        .unwrap();
    assert!(
        jobs::claim(&app.state, 1).await.unwrap().is_empty(),
        "not before the backoff"
    );
    app.state.clock.advance(Duration::seconds(2));
    let second = jobs::claim(&app.state, 1).await.unwrap().remove(0);
    assert_eq!(second.attempts, 2);
    jobs::fail(&app.state, &second, "provider timed out again")
        .await
        .unwrap();

    app.state.clock.advance(Duration::hours(2));
    assert!(
        jobs::claim(&app.state, 1).await.unwrap().is_empty(),
        "given up after max attempts"
    );
    let (failed, error): (bool, String) =
        sqlx::query_as("SELECT failed_at IS NOT NULL, last_error FROM jobs")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(failed);
    assert_eq!(error, "provider timed out again");
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn a_job_whose_worker_died_is_claimed_again_after_the_lease(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    jobs::enqueue(&app.state, "work", json!({}), None)
        .await
        .unwrap();
    let lost = jobs::claim(&app.state, 1).await.unwrap().remove(0);
    app.state.clock.advance(jobs::LEASE - Duration::seconds(1));
    assert!(jobs::claim(&app.state, 1).await.unwrap().is_empty());
    app.state.clock.advance(Duration::seconds(2));
    let again = jobs::claim(&app.state, 1).await.unwrap().remove(0);
    assert_eq!((again.id, again.attempts), (lost.id, 2));
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn workers_run_handlers_and_retry_failures(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let handlers = jobs::Handlers::default().register("greet", |_, payload| async move {
        if payload["name"] == "ok" {
            Ok(())
        } else {
            Err("bad name".to_owned())
        }
    });
    jobs::enqueue(&app.state, "greet", json!({"name": "ok"}), None)
        .await
        .unwrap();
    jobs::enqueue(&app.state, "greet", json!({"name": "nope"}), None)
        .await
        .unwrap();
    jobs::enqueue(&app.state, "unknown_kind", json!({}), None)
        .await
        .unwrap();
    assert_eq!(jobs::work_once(&app.state, &handlers).await.unwrap(), 3);
    let rows: Vec<(String, bool, Option<String>)> = sqlx::query_as(
        "SELECT coalesce(payload->>'name', ''), done_at IS NOT NULL, last_error FROM jobs ORDER BY id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(rows[0], ("ok".to_owned(), true, None));
    assert_eq!((rows[1].1, rows[1].2.as_deref()), (false, Some("bad name")));
    assert!(rows[2].2.as_deref().unwrap().contains("no handler"));
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn an_idle_worker_wakes_on_notify_instead_of_waiting_for_its_poll(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let handlers = jobs::Handlers::default().register("tick", |_, _| async { Ok(()) });
    // A poll of ten minutes: only the notification can make this job run.
    let worker = tokio::spawn(jobs::run_worker(
        app.state.clone(),
        handlers,
        std::time::Duration::from_secs(600),
    ));
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    jobs::enqueue(&app.state, "tick", json!({}), None)
        .await
        .unwrap();
    let done = async {
        loop {
            let (done,): (bool,) = sqlx::query_as("SELECT bool_and(done_at IS NOT NULL) FROM jobs")
                .fetch_one(&pool)
                .await
                .unwrap();
            if done {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(60), done)
        .await
        .expect("the notified worker ran the job");
    worker.abort();
}
