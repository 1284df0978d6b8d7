//! The demo data loads through the real services and loads once.

use crate::helpers::{row_count, TestApp};
use sqlx::PgPool;

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn the_demo_marketplace_loads_once_with_every_request_state(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    server::demo::seed(&app.state).await.unwrap();
    server::demo::seed(&app.state).await.unwrap();
    assert_eq!(row_count(&pool, "creator_profiles").await, 221);
    assert_eq!(row_count(&pool, "collaboration_requests").await, 30);
    assert_eq!(
        row_count(&pool, "tasks").await,
        8,
        "the demo logins' tasks, once"
    );
    let states: Vec<(String,)> =
        sqlx::query_as("SELECT DISTINCT status FROM collaboration_requests ORDER BY status")
            .fetch_all(&pool)
            .await
            .unwrap();
    let states: Vec<&str> = states.iter().map(|(s,)| s.as_str()).collect();
    assert_eq!(states, ["active", "closed", "paused"]);
    // The demo creator's profile is complete; every profile waits for its
    // embedding (no model in this test).
    let (complete,): (i64,) = sqlx::query_as(
        "SELECT count(*) FROM portfolio_items i JOIN users u ON u.id = i.creator_id
         WHERE u.email = 'creator@demo.mat-cha.app'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(complete, 3);
    let (queued,): (i64,) = sqlx::query_as(
        "SELECT count(*) FROM jobs WHERE kind = 'embed_creator_profile' AND done_at IS NULL",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(queued, 221);
}
