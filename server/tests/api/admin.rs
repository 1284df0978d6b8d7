//! The accounts list is for administrators only.

use crate::helpers::{TestApp, PASSWORD};
use app::server::{accounts, auth};
use app::ErrorCode;
use domain::{DisplayName, Email, Password};
use sqlx::PgPool;

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn only_admins_can_list_accounts_and_pages_hold_twenty(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    for i in 0..24 {
        assert_eq!(
            app.register(
                &format!("user{i}@example.com"),
                &format!("User {i}"),
                "creator"
            )
            .await
            .status(),
            201
        );
    }
    let creator = auth::authenticate(&app.state, "user0@example.com", PASSWORD)
        .await
        .unwrap();
    let refused = accounts::list(&app.state, &creator, 1).await.unwrap_err();
    assert_eq!(refused.code, ErrorCode::Forbidden);

    let admin = create_admin(&app).await;
    let first = accounts::list(&app.state, &admin, 1).await.unwrap();
    assert_eq!((first.items.len(), first.total, first.pages()), (20, 25, 2));
    let second = accounts::list(&app.state, &admin, 2).await.unwrap();
    assert_eq!(second.items.len(), 5);
    let all: std::collections::HashSet<_> = first
        .items
        .iter()
        .chain(&second.items)
        .map(|a| a.user.id)
        .collect();
    assert_eq!(all.len(), 25, "pages must not overlap");
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn a_locked_account_shows_as_locked_to_admins(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    app.register("victim@example.com", "Victim", "brand").await;
    for _ in 0..3 {
        app.login("victim@example.com", "wrong password!").await;
    }
    let admin = create_admin(&app).await;
    let list = accounts::list(&app.state, &admin, 1).await.unwrap();
    let victim = list
        .items
        .iter()
        .find(|a| a.user.email == "victim@example.com")
        .unwrap();
    assert!(victim.locked);
}

pub async fn create_admin(app: &TestApp) -> app::features::auth::User {
    auth::create_admin(
        &app.state,
        &Email::parse("ops@example.com").unwrap(),
        &Password::parse(PASSWORD).unwrap(),
        &DisplayName::parse("Ops").unwrap(),
    )
    .await
    .unwrap()
}
