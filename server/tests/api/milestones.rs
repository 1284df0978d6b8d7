//! Payment milestones of a final contract (issue 17): made from its
//! schedule, due on their date in the brand's time zone, paid on the
//! manual rail once however often the button is pressed, confirmed or
//! disputed by the creator, and hidden from everyone else.

use crate::contracts::{confirmed_deal, details};
use crate::helpers::{error_of, field_names, TestApp};
use app::server::milestones;
use reqwest::Method;
use serde_json::{json, Value};
use sqlx::PgPool;
use time::macros::datetime;

/// A deal whose contract both sides accepted: (brand, creator, deal).
pub async fn final_contract(app: &TestApp) -> (String, String, String) {
    let (brand, creator, deal) = confirmed_deal(app).await;
    make_final(app, &brand, &creator, &deal).await;
    (brand, creator, deal)
}

/// Generates confirmed deal `deal`'s contract, and both sides accept it.
pub async fn make_final(app: &TestApp, brand: &str, creator: &str, deal: &str) {
    let created: Value = app
        .send(
            Method::POST,
            &format!("/api/v1/deals/{deal}/contract"),
            brand,
            Some(details()),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = created["contract"]["id"].as_str().unwrap().to_owned();
    for token in [brand, creator] {
        let accepted = app
            .send(
                Method::POST,
                &format!("/api/v1/contracts/{id}/accept"),
                token,
                Some(json!({"version": 1, "full_name": "Ananya Rao", "consent": true})),
            )
            .await;
        assert_eq!(accepted.status(), 200);
    }
}

async fn list(app: &TestApp, deal: &str, token: &str) -> Vec<Value> {
    let list: Value = app
        .get_json(&format!("/api/v1/deals/{deal}/milestones"), token)
        .await;
    list["items"].as_array().unwrap().clone()
}

async fn act(app: &TestApp, token: &str, id: &str, action: &str, body: Value) -> reqwest::Response {
    app.send(
        Method::POST,
        &format!("/api/v1/milestones/{id}/{action}"),
        token,
        Some(body),
    )
    .await
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn milestones_are_paid_once_confirmed_or_disputed_by_the_right_side(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let other = TestApp::spawn(pool.clone()).await;
    let (brand, creator, deal) = final_contract(&app).await;
    sqlx::query("UPDATE users SET time_zone = 'Asia/Kolkata' WHERE email = 'brand@example.com'")
        .execute(&pool)
        .await
        .unwrap();

    // The schedule, to the rupee; nothing is due yet.
    let items = list(&app, &deal, &brand).await;
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["label"], "On script approval");
    assert_eq!(items[0]["amount"], 37500);
    assert_eq!(items[0]["status"], "scheduled");
    assert_eq!(items[0]["allowed_events"], json!(["mark_paid"]));
    assert_eq!(
        list(&app, &deal, &creator).await[0]["allowed_events"],
        json!([])
    );

    // 5 December comes in Kolkata first; three days on it is late.
    for instance in [&app, &other] {
        let by = datetime!(2026-12-04 19:00 UTC) - instance.state.clock.now();
        instance.state.clock.advance(by);
    }
    let (a, b) = tokio::join!(
        milestones::become_due(&app.state),
        milestones::become_due(&other.state)
    );
    assert_eq!(a.unwrap() + b.unwrap(), 1);
    for instance in [&app, &other] {
        instance.state.clock.advance(time::Duration::days(3));
    }
    let (brand, creator) = (
        app.token("brand@example.com").await,
        app.token("meena@example.com").await,
    );
    // 19:00 UTC on 7 December: the 8th in Kolkata, the 7th for the
    // creator (UTC); each reads lateness in their own day.
    assert_eq!(list(&app, &deal, &brand).await[0]["days_late"], 3);
    let items = list(&app, &deal, &creator).await;
    assert_eq!(items[0]["status"], "due");
    assert_eq!(items[0]["days_late"], 2);
    assert_eq!(items[1]["status"], "scheduled");
    assert_eq!(items[1]["days_late"], Value::Null);
    // The brand's morning reminder (09:05 on the 8th in Kolkata) names it.
    for instance in [&app, &other] {
        instance
            .state
            .clock
            .advance(time::Duration::minutes(8 * 60 + 35));
    }
    assert_eq!(milestones::become_due(&app.state).await.unwrap(), 0);
    assert!(app::server::daily::run_once(&app.state).await.unwrap() >= 1);
    let (brand, creator) = (
        app.token("brand@example.com").await,
        app.token("meena@example.com").await,
    );
    let reminders: Value = app.get_json("/api/v1/notifications", &brand).await;
    let said: Vec<&str> = reminders["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "daily_summary")
        .map(|n| n["text"].as_str().unwrap())
        .collect();
    assert_eq!(said, ["Waiting for you: 1 overdue payment."]);
    let first = items[0]["id"].as_str().unwrap().to_owned();
    let second = items[1]["id"].as_str().unwrap().to_owned();

    // Only the brand pays, with a reference and a day that has come.
    let paid = json!({"reference": "UPI 4202 1234 5678", "paid_on": "2026-12-07", "idempotency_key": "pay-1"});
    error_of(
        act(&app, &creator, &first, "mark-paid", paid.clone()).await,
        403,
        "forbidden",
    )
    .await;
    let bad = act(
        &app,
        &brand,
        &first,
        "mark-paid",
        json!({"reference": " ", "paid_on": "2030-01-01"}),
    )
    .await;
    assert_eq!(
        field_names(&error_of(bad, 422, "validation_failed").await),
        ["reference", "paid_on"]
    );
    let future = act(
        &app,
        &brand,
        &first,
        "mark-paid",
        json!({"reference": "NEFT 77", "paid_on": "2030-01-01"}),
    )
    .await;
    assert_eq!(
        field_names(&error_of(future, 422, "validation_failed").await),
        ["paid_on"]
    );

    // A double click on two instances records one payment.
    let (x, y) = tokio::join!(
        act(&app, &brand, &first, "mark-paid", paid.clone()),
        act(&other, &brand, &first, "mark-paid", paid.clone())
    );
    assert_eq!((x.status().as_u16(), y.status().as_u16()), (200, 200));
    let (events,): (i64,) = sqlx::query_as(
        "SELECT count(*) FROM milestone_events WHERE milestone_id = $1::uuid AND event = 'mark_paid'",
    )
    .bind(&first)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(events, 1);
    let (told,): (i64,) =
        sqlx::query_as("SELECT count(*) FROM notifications WHERE kind = 'milestone_marked_paid'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(told, 1);
    let again = act(
        &app,
        &brand,
        &first,
        "mark-paid",
        json!({"reference": "UPI 2", "paid_on": "2026-12-07"}),
    )
    .await;
    error_of(again, 409, "conflict").await;
    let items = list(&app, &deal, &creator).await;
    assert_eq!(items[0]["status"], "marked_paid");
    assert_eq!(items[0]["reference"], "UPI 4202 1234 5678");
    assert_eq!(items[0]["days_late"], Value::Null);
    assert_eq!(items[0]["allowed_events"], json!(["confirm", "dispute"]));

    // The creator confirms the first; disputes the second, which the brand settles.
    let done: Value = act(&app, &creator, &first, "confirm", json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(done["milestone"]["status"], "completed");
    assert_eq!(
        act(
            &app,
            &brand,
            &second,
            "mark-paid",
            json!({"reference": "IMPS 9", "paid_on": "2026-12-07"})
        )
        .await
        .status(),
        200
    );
    let no_reason = act(&app, &creator, &second, "dispute", json!({"reason": ""})).await;
    assert_eq!(
        field_names(&error_of(no_reason, 422, "validation_failed").await),
        ["reason"]
    );
    let disputed: Value = act(
        &app,
        &creator,
        &second,
        "dispute",
        json!({"reason": "Only ₹30,000 arrived."}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(disputed["milestone"]["status"], "disputed");
    let resolved: Value = act(
        &app,
        &brand,
        &second,
        "resolve",
        json!({"note": "Sent the missing ₹7,500 by UPI."}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(resolved["milestone"]["status"], "resolved");

    // Nobody else sees or moves them.
    let (_, stranger) = app.account("other@example.com", "Other", "brand").await;
    error_of(
        app.get_bearer(&format!("/api/v1/deals/{deal}/milestones"), &stranger)
            .await,
        404,
        "not_found",
    )
    .await;
    error_of(
        act(&app, &stranger, &first, "confirm", json!({})).await,
        404,
        "not_found",
    )
    .await;
}

/// The CSV's milestone lines and its totals lines, split into cells (the
/// fixture's texts hold no commas or quotes).
fn csv_parts(text: &str) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
    let text = text.strip_prefix('\u{feff}').expect("a byte-order mark");
    let (rows, totals) = text
        .split_once("\r\n\r\n")
        .expect("rows, a blank line, totals");
    let cells = |block: &str| -> Vec<Vec<String>> {
        block
            .split("\r\n")
            .filter(|l| !l.is_empty())
            .skip(1)
            .map(|l| l.split(',').map(str::to_owned).collect())
            .collect()
    };
    assert_eq!(
        rows.lines().next(),
        Some("deal_id,deal,counterparty,milestone,amount,currency,status,due_on,paid_on,reference,days_late")
    );
    (cells(rows), cells(totals))
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn the_payment_report_lists_a_partys_year_and_its_totals_are_the_sum_of_its_rows(
    pool: PgPool,
) {
    let app = TestApp::spawn(pool.clone()).await;
    let (_, _, deal) = final_contract(&app).await;
    let by = datetime!(2026-12-10 06:00 UTC) - app.state.clock.now();
    app.state.clock.advance(by);
    let (brand, creator) = (
        app.token("brand@example.com").await,
        app.token("meena@example.com").await,
    );
    let items = list(&app, &deal, &brand).await;
    let first = items[0]["id"].as_str().unwrap().to_owned();
    let paid = json!({"reference": "UTR 412345678901", "paid_on": "2026-12-07"});
    assert_eq!(
        act(&app, &brand, &first, "mark-paid", paid).await.status(),
        200
    );
    assert_eq!(
        act(&app, &creator, &first, "confirm", json!({}))
            .await
            .status(),
        200
    );

    let csv_of = |token: String, query: &'static str| {
        let app = &app;
        async move {
            let response = app
                .get_bearer(&format!("/api/v1/payments/report{query}"), &token)
                .await;
            assert_eq!(response.status(), 200);
            assert_eq!(
                response.headers()["content-type"],
                "text/csv; charset=utf-8"
            );
            assert_eq!(
                response.headers()["content-disposition"],
                "attachment; filename=\"mat-cha-payments-2026-27.csv\""
            );
            response.text().await.unwrap()
        }
    };
    // The brand's year: both milestones, the counterparty named.
    let (rows, totals) = csv_parts(&csv_of(brand.clone(), "?fy=2026-27&format=csv").await);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0][1], "Monsoon skincare");
    assert_eq!(
        &rows[0][2..],
        [
            "மீனா",
            "On script approval",
            "37500",
            "INR",
            "completed",
            "2026-12-05",
            "2026-12-07",
            "UTR 412345678901",
            "2"
        ]
    );
    assert_eq!(
        &rows[1][2..],
        [
            "மீனா",
            "7 days after going live",
            "37500",
            "INR",
            "scheduled",
            "2026-12-22",
            "",
            "",
            ""
        ]
    );
    let sum: i64 = rows.iter().map(|r| r[4].parse::<i64>().unwrap()).sum();
    let received: i64 = rows
        .iter()
        .filter(|r| r[6] == "completed")
        .map(|r| r[4].parse::<i64>().unwrap())
        .sum();
    let expected = [
        "INR".to_owned(),
        "2".into(),
        sum.to_string(),
        received.to_string(),
        (sum - received).to_string(),
    ];
    assert_eq!(totals, [expected]);
    // The creator's year, the current one by default, names the brand.
    let (rows, _) = csv_parts(&csv_of(creator.clone(), "").await);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0][2], "Chai & Co.");

    // Another year is empty; so is anyone else's report.
    let (rows, totals) = csv_parts(
        &app.get_bearer("/api/v1/payments/report?fy=2025-26", &brand)
            .await
            .text()
            .await
            .unwrap(),
    );
    assert!(rows.is_empty() && totals.is_empty());
    let (_, stranger) = app
        .account("other@example.com", "Other Brand", "brand")
        .await;
    let (rows, _) = csv_parts(&csv_of(stranger, "?fy=2026-27").await);
    assert!(rows.is_empty());

    // As a PDF in the reader's language.
    let pdf = app
        .get_bearer("/api/v1/payments/report?fy=2026-27&format=pdf", &creator)
        .await;
    assert_eq!(pdf.status(), 200);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF-"));

    // Bad input names its fields; no caller, no report.
    let bad = app
        .get_bearer("/api/v1/payments/report?fy=2026&format=xls", &brand)
        .await;
    assert_eq!(
        field_names(&error_of(bad, 422, "validation_failed").await),
        ["fy", "format"]
    );
    let anonymous = app
        .client
        .get(app.url("/api/v1/payments/report?fy=2026-27"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn a_due_milestone_tells_both_sides_and_an_overdue_one_reminds_the_brand_once_a_day(
    pool: PgPool,
) {
    let app = TestApp::spawn(pool.clone()).await;
    let other = TestApp::spawn(pool.clone()).await;
    let (_, _, deal) = final_contract(&app).await;
    sqlx::query("UPDATE users SET time_zone = 'Asia/Kolkata' WHERE email = 'brand@example.com'")
        .execute(&pool)
        .await
        .unwrap();
    let move_to = |at: time::OffsetDateTime| {
        for instance in [&app, &other] {
            let by = at - instance.state.clock.now();
            instance.state.clock.advance(by);
        }
    };
    let count = |kind: &'static str, email: &'static str| {
        let pool = pool.clone();
        async move {
            let (n,): (i64,) = sqlx::query_as(
                "SELECT count(*) FROM notifications n JOIN users u ON u.id = n.user_id
                 WHERE n.kind = $1 AND u.email = $2",
            )
            .bind(kind)
            .bind(email)
            .fetch_one(&pool)
            .await
            .unwrap();
            n
        }
    };
    // 5 December in Kolkata: due, and both sides hear it once.
    move_to(datetime!(2026-12-04 19:00 UTC));
    let (a, b) = tokio::join!(
        milestones::become_due(&app.state),
        milestones::become_due(&other.state)
    );
    assert_eq!(a.unwrap() + b.unwrap(), 1);
    assert_eq!(count("milestone_due", "brand@example.com").await, 1);
    assert_eq!(count("milestone_due", "meena@example.com").await, 1);

    // Before 09:00 on the 8th in Kolkata nothing; at 09:05, one reminder
    // however many instances run the pass, and none for the creator.
    move_to(datetime!(2026-12-08 03:00 UTC));
    assert_eq!(milestones::remind_overdue(&app.state).await.unwrap(), 0);
    move_to(datetime!(2026-12-08 03:35 UTC));
    let (a, b) = tokio::join!(
        milestones::remind_overdue(&app.state),
        milestones::remind_overdue(&other.state)
    );
    assert_eq!(a.unwrap() + b.unwrap(), 1);
    assert_eq!(milestones::remind_overdue(&other.state).await.unwrap(), 0);
    assert_eq!(count("milestone_overdue", "brand@example.com").await, 1);
    assert_eq!(count("milestone_overdue", "meena@example.com").await, 0);
    let brand = app.token("brand@example.com").await;
    let notices: Value = app.get_json("/api/v1/notifications", &brand).await;
    let text = notices["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["kind"] == "milestone_overdue")
        .map(|n| n["text"].as_str().unwrap().to_owned())
        .unwrap();
    assert!(text.contains("3 days late"), "{text}");
    assert!(text.contains("₹37,500"), "{text}");

    // The next morning again; once it is paid, no more.
    move_to(datetime!(2026-12-09 03:35 UTC));
    assert_eq!(milestones::remind_overdue(&other.state).await.unwrap(), 1);
    let brand = app.token("brand@example.com").await;
    let first = list(&app, &deal, &brand).await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let paid = json!({"reference": "UTR 412345678901", "paid_on": "2026-12-09"});
    assert_eq!(
        act(&app, &brand, &first, "mark-paid", paid).await.status(),
        200
    );
    move_to(datetime!(2026-12-10 03:35 UTC));
    assert_eq!(milestones::remind_overdue(&app.state).await.unwrap(), 0);
    assert_eq!(count("milestone_overdue", "brand@example.com").await, 2);
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn the_export_holds_the_contract_and_payments_and_the_purge_keeps_the_record_without_the_address(
    pool: PgPool,
) {
    let app = TestApp::spawn(pool.clone()).await;
    let (_, creator, _) = final_contract(&app).await;
    let data: Value = app.get_json("/api/v1/me/export", &creator).await;
    assert_eq!(data["contracts"].as_array().unwrap().len(), 1);
    assert_eq!(data["contract_versions"].as_array().unwrap().len(), 1);
    // Only the caller's own acceptance: the brand's address is the brand's.
    let accepted = data["contract_acceptances"].as_array().unwrap();
    assert_eq!(accepted.len(), 1);
    assert_eq!(accepted[0]["party"], "creator");
    assert_eq!(data["milestones"].as_array().unwrap().len(), 2);

    sqlx::query("UPDATE contract_acceptances SET ip = '203.0.113.7', user_agent = 'Firefox'")
        .execute(&pool)
        .await
        .unwrap();
    let deleted = app
        .send(
            Method::DELETE,
            "/api/v1/me",
            &creator,
            Some(json!({ "password": crate::helpers::PASSWORD })),
        )
        .await;
    assert_eq!(deleted.status(), 202);
    app.state.clock.advance(time::Duration::days(31));
    assert_eq!(
        app::server::erasure::purge_due(&app.state).await.unwrap(),
        1
    );
    let kept: Vec<(String, String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT party, full_name, ip, user_agent FROM contract_acceptances ORDER BY party",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(kept.len(), 2);
    let brand = &kept[0];
    assert_eq!(
        (brand.2.as_deref(), brand.3.as_deref()),
        (Some("203.0.113.7"), Some("Firefox"))
    );
    let gone = &kept[1];
    assert_eq!(
        (gone.0.as_str(), gone.1.as_str()),
        ("creator", "Ananya Rao")
    );
    assert_eq!((gone.2.as_deref(), gone.3.as_deref()), (None, None));
}
