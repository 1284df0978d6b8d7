//! Every string input of the REST API (JSON fields, query parameters, path
//! segments) fed arbitrary Unicode, NUL and other control characters, lone
//! surrogates and invalid UTF-8: the answer is never a 500, always the JSON
//! error envelope with a status the OpenAPI document declares for the
//! operation, and a refused request changes nothing in the database.

use crate::helpers::TestApp;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use reqwest::Method;
use serde_json::{json, Value};
use sqlx::PgPool;

/// Where a hostile string goes in a JSON body: `"\u{FFFF}HOLE"` is replaced
/// by the raw JSON text of the value (so lone surrogate escapes can be sent).
const HOLE: &str = "\u{FFFF}HOLE";

/// Raw JSON string literals: ordinary hostile text, plus what a Rust string
/// cannot hold (lone surrogate escapes).
fn json_literals(runner: &mut TestRunner, random: usize) -> Vec<String> {
    let mut texts: Vec<String> = [
        "\u{0}",
        "a\u{0}b",
        "O'Brien",
        "Müller",
        "प्रिया शर्मा",
        "உடற்பயிற்சி",
        "🌶️🔥",
        "\u{7}\u{1b}[31m",
        "line\r\nbreak",
        "\u{202e}evil",
        "' OR 1=1 --",
        "%00",
        "",
        " ",
    ]
    .iter()
    .map(|s| serde_json::to_string(s).unwrap())
    .collect();
    texts.extend([r#""\ud800""#.to_owned(), r#""a\udfffb""#.to_owned()]);
    let strategy = (any::<String>(), any::<bool>(), any::<prop::sample::Index>());
    for _ in 0..random {
        let (mut text, nul, at) = strategy.new_tree(runner).unwrap().current();
        if nul {
            let mut chars: Vec<char> = text.chars().collect();
            chars.insert(at.index(chars.len() + 1), '\u{0}');
            text = chars.into_iter().collect();
        }
        texts.push(serde_json::to_string(&text).unwrap());
    }
    texts
}

/// The same strings for a URL: percent-encoded UTF-8, plus a NUL, an
/// encoded lone surrogate and bytes that are not UTF-8.
fn url_parts(literals: &[String]) -> Vec<String> {
    let mut parts: Vec<String> = literals
        .iter()
        .filter_map(|l| serde_json::from_str::<String>(l).ok())
        .map(|s| s.bytes().map(|b| format!("%{b:02X}")).collect())
        .collect();
    parts.extend([
        "%00".into(),
        "%ED%A0%80".into(),
        "%FF%FE".into(),
        "a%".into(),
    ]);
    parts
}

/// A GET with valid parameters: path, template, parameters, token.
type Query<'a> = (String, &'static str, Vec<(&'a str, &'a str)>, &'a str);

struct Case {
    method: Method,
    path: String,
    /// The operation's path template in the OpenAPI document.
    template: &'static str,
    body: Option<String>,
}

fn with_hole(template: &Value, literal: &str) -> String {
    serde_json::to_string(template)
        .unwrap()
        .replace(&serde_json::to_string(HOLE).unwrap(), literal)
}

/// Each JSON field of `body` in turn set to the hostile literal.
fn json_cases(
    method: Method,
    path: &str,
    template: &'static str,
    body: Value,
    literal: &str,
) -> Vec<Case> {
    let mut cases = Vec::new();
    let mut fields = Vec::new();
    collect_string_slots(&body, &mut Vec::new(), &mut fields);
    for slot in fields {
        let mut holed = body.clone();
        *pointer_mut(&mut holed, &slot) = json!(HOLE);
        cases.push(Case {
            method: method.clone(),
            path: path.to_owned(),
            template,
            body: Some(with_hole(&holed, literal)),
        });
    }
    cases
}

fn collect_string_slots(value: &Value, at: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    match value {
        Value::String(_) => out.push(at.clone()),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                at.push(i.to_string());
                collect_string_slots(item, at, out);
                at.pop();
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                at.push(key.clone());
                collect_string_slots(item, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

fn pointer_mut<'a>(value: &'a mut Value, slot: &[String]) -> &'a mut Value {
    slot.iter().fold(value, |v, key| match v {
        Value::Array(items) => &mut items[key.parse::<usize>().unwrap()],
        other => &mut other[key.as_str()],
    })
}

/// A fingerprint of everything a refused request must leave alone.
async fn fingerprint(pool: &PgPool) -> String {
    let tables = [
        "users",
        "tasks",
        "collaboration_requests",
        "creator_profiles",
        "saved_searches",
        "api_tokens",
        "interests",
        "chat_messages",
        "deals",
        "conversation_messages",
    ];
    let mut out = String::new();
    for table in tables {
        let row: (Option<String>,) = sqlx::query_as(&format!(
            "SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM {table} t"
        ))
        .fetch_one(pool)
        .await
        .unwrap();
        out.push_str(&row.0.unwrap_or_default());
    }
    out
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn no_string_input_makes_the_server_fail_or_store_a_refused_request(pool: PgPool) {
    let app = TestApp::spawn_with(pool.clone(), |s| {
        s.auth_rate_limit_per_minute = 100_000;
        s.chat_rate_limit_per_minute = 100_000;
    })
    .await;
    let (_, brand) = app.account("brand@example.com", "Brand", "brand").await;
    let (_, creator) = app
        .account("creator@example.com", "Creator", "creator")
        .await;
    let request: Value = app
        .send(
            Method::POST,
            "/api/v1/requests",
            &brand,
            Some(json!({
                "title": "Diwali reels", "description": "Three reels for our festive range.",
                "niches": ["beauty"], "deliverables": ["3 reels"], "budget_min": 10000,
                "budget_max": 20000, "budget_currency": "inr", "deadline": "2026-12-31"
            })),
        )
        .await
        .json()
        .await
        .unwrap();
    let request_id = request["request"]["id"].as_str().unwrap().to_owned();
    let task: Value = app
        .send(
            Method::POST,
            "/api/v1/tasks",
            &brand,
            Some(json!({"title": "Mine"})),
        )
        .await
        .json()
        .await
        .unwrap();
    let task_id = task["id"].as_i64().unwrap();
    let document: Value = app
        .client
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();

    let mut runner = TestRunner::new(Config {
        rng_algorithm: proptest::test_runner::RngAlgorithm::ChaCha,
        ..Config::default()
    });
    let literals = json_literals(&mut runner, 24);
    let parts = url_parts(&literals);
    let mut cases: Vec<(Case, &str)> = Vec::new();
    // Valid bodies: each of their strings in turn becomes the hostile one,
    // so the others never refuse the request first.
    let profile = json!({
        "bio": "Fitness creator from Chennai.", "niches": ["fitness"], "country": "IN",
        "state": "Tamil Nadu", "city": "Chennai", "languages": ["ta", "en"],
        "socials": [{"platform": "instagram", "handle": "@priya.fit", "followers": 12000}],
        "rate_currency": "inr", "rate_min": 5000, "rate_max": 9000
    });
    let request_body = json!({
        "title": "Diwali reels", "description": "Three reels for our festive range.",
        "niches": ["beauty"], "deliverables": ["3 reels"], "budget_min": 10000,
        "budget_max": 20000, "budget_currency": "inr", "target_countries": ["IN"],
        "target_languages": ["hi"], "deadline": "2026-12-31"
    });
    let task_body = json!({"title": "Call the venue", "description": "Ask about parking", "priority": "high", "due": "tomorrow"});
    let bodies: Vec<(Method, String, &'static str, Value, &str)> = vec![
        (
            Method::PUT,
            "/api/v1/creator/profile".into(),
            "/api/v1/creator/profile",
            profile,
            &creator,
        ),
        (
            Method::POST,
            "/api/v1/requests".into(),
            "/api/v1/requests",
            request_body.clone(),
            &brand,
        ),
        (
            Method::PUT,
            format!("/api/v1/requests/{request_id}"),
            "/api/v1/requests/{id}",
            request_body,
            &brand,
        ),
        (
            Method::POST,
            format!("/api/v1/requests/{request_id}/status"),
            "/api/v1/requests/{id}/status",
            json!({"status": "paused"}),
            &brand,
        ),
        (
            Method::POST,
            format!("/api/v1/requests/{request_id}/interests"),
            "/api/v1/requests/{id}/interests",
            json!({"note": "I make festive reels."}),
            &creator,
        ),
        (
            Method::POST,
            "/api/v1/tasks".into(),
            "/api/v1/tasks",
            task_body.clone(),
            &brand,
        ),
        (
            Method::PUT,
            format!("/api/v1/tasks/{task_id}"),
            "/api/v1/tasks/{id}",
            task_body.clone(),
            &brand,
        ),
        (
            Method::PATCH,
            format!("/api/v1/tasks/{task_id}"),
            "/api/v1/tasks/{id}",
            task_body.clone(),
            &brand,
        ),
        (
            Method::POST,
            "/api/v1/tokens".into(),
            "/api/v1/tokens",
            json!({"name": "CI"}),
            &brand,
        ),
        (
            Method::PUT,
            "/api/v1/settings".into(),
            "/api/v1/settings",
            json!({"time_zone": "Asia/Kolkata"}),
            &brand,
        ),
        (
            Method::POST,
            "/api/v1/saved-searches".into(),
            "/api/v1/saved-searches",
            json!({
                "name": "Chennai fitness", "q": "fitness reels", "kind": "creators", "niche": "fitness",
                "location": "Chennai", "language": "ta", "min_score": "10", "min_followers": "100",
                "max_followers": "100000", "budget_fit": "false", "limit": "20"
            }),
            &brand,
        ),
        (
            Method::POST,
            "/api/v1/chat".into(),
            "/api/v1/chat",
            json!({"message": "add buy milk tomorrow"}),
            &brand,
        ),
        (
            Method::POST,
            "/api/v1/tools/add_task".into(),
            "/api/v1/tools/{name}",
            task_body.clone(),
            &brand,
        ),
        (
            Method::POST,
            "/api/v1/tools/update_task".into(),
            "/api/v1/tools/{name}",
            json!({"task_id": task_id, "title": "Renamed", "description": "x", "priority": "low", "due": "friday", "user_id": ""}),
            &brand,
        ),
        (
            Method::POST,
            "/api/v1/tools/list_tasks".into(),
            "/api/v1/tools/{name}",
            json!({"status": "pending"}),
            &brand,
        ),
        (
            Method::POST,
            "/api/v1/notifications/read".into(),
            "/api/v1/notifications/read",
            json!({}),
            &brand,
        ),
        (
            Method::POST,
            "/api/v1/auth/login".into(),
            "/api/v1/auth/login",
            json!({"email": "nobody@example.com", "password": "wrong"}),
            "",
        ),
        (
            Method::POST,
            "/api/v1/auth/refresh".into(),
            "/api/v1/auth/refresh",
            json!({"refresh_token": "nope"}),
            "",
        ),
    ];
    for literal in &literals {
        for (method, path, template, body, token) in &bodies {
            for case in json_cases(method.clone(), path, template, body.clone(), literal) {
                cases.push((case, token));
            }
        }
    }
    // Sign-up hashes a password per call, so it gets the fixed strings only.
    for literal in literals.iter().take(16) {
        for case in json_cases(
            Method::POST,
            "/api/v1/auth/register",
            "/api/v1/auth/register",
            json!({"email": "new@example.com", "password": "a long passphrase", "display_name": "New", "role": "brand"}),
            literal,
        ) {
            cases.push((case, ""));
        }
    }
    // Valid query strings: each parameter in turn becomes the hostile one.
    let queries: Vec<Query> = vec![
        (
            "/api/v1/tasks".into(),
            "/api/v1/tasks",
            vec![
                ("q", "venue"),
                ("status", "pending"),
                ("priority", "high"),
                ("sort", "due"),
                ("page", "1"),
                ("per_page", "20"),
            ],
            &brand,
        ),
        (
            "/api/v1/search".into(),
            "/api/v1/search",
            vec![
                ("q", "reels"),
                ("kind", "creators"),
                ("location", "Chennai"),
                ("niche", "fitness"),
                ("language", "ta"),
                ("min_followers", "10"),
                ("max_followers", "100000"),
                ("min_score", "0"),
                ("budget_fit", "false"),
                ("limit", "5"),
            ],
            &brand,
        ),
        (
            "/api/v1/search".into(),
            "/api/v1/search",
            vec![
                ("q", "reels"),
                ("kind", "requests"),
                ("location", "IN"),
                ("niche", "beauty"),
                ("language", "hi"),
            ],
            &creator,
        ),
        (
            "/api/v1/creator/matches".into(),
            "/api/v1/creator/matches",
            vec![
                ("location", "IN"),
                ("niche", "beauty"),
                ("language", "hi"),
                ("min_score", "0"),
            ],
            &creator,
        ),
        (
            format!("/api/v1/requests/{request_id}/matches"),
            "/api/v1/requests/{id}/matches",
            vec![
                ("location", "Chennai"),
                ("niche", "fitness"),
                ("language", "ta"),
                ("budget_fit", "true"),
                ("min_followers", "1"),
            ],
            &brand,
        ),
        (
            "/api/v1/notifications".into(),
            "/api/v1/notifications",
            vec![("limit", "10"), ("before_id", "100")],
            &brand,
        ),
        (
            "/api/v1/interests".into(),
            "/api/v1/interests",
            vec![("request_id", &request_id)],
            &brand,
        ),
        (
            "/api/v1/deals".into(),
            "/api/v1/deals",
            vec![("status", "confirmed")],
            &brand,
        ),
    ];
    for part in &parts {
        for (path, template, params, token) in &queries {
            for hostile in 0..params.len() {
                let query: Vec<String> = params
                    .iter()
                    .enumerate()
                    .map(|(i, (k, v))| {
                        if i == hostile {
                            format!("{k}={part}")
                        } else {
                            format!("{k}={v}")
                        }
                    })
                    .collect();
                cases.push((
                    Case {
                        method: Method::GET,
                        path: format!("{path}?{}", query.join("&")),
                        template,
                        body: None,
                    },
                    token,
                ));
            }
        }
        for (path, template) in [
            (format!("/api/v1/tasks/{part}"), "/api/v1/tasks/{id}"),
            (format!("/api/v1/requests/{part}"), "/api/v1/requests/{id}"),
            (format!("/api/v1/creators/{part}"), "/api/v1/creators/{id}"),
            (
                format!("/api/v1/chats/{part}/messages"),
                "/api/v1/chats/{id}/messages",
            ),
            (
                format!("/api/v1/conversations/{part}/messages"),
                "/api/v1/conversations/{id}/messages",
            ),
        ] {
            cases.push((
                Case {
                    method: Method::GET,
                    path,
                    template,
                    body: None,
                },
                &brand,
            ));
        }
        cases.push((
            Case {
                method: Method::POST,
                path: format!("/api/v1/tools/{part}"),
                template: "/api/v1/tools/{name}",
                body: Some("{}".into()),
            },
            &brand,
        ));
    }

    let mut before = fingerprint(&pool).await;
    // One example per kind of failure, operation and status.
    let mut failures = std::collections::BTreeMap::new();
    for (case, token) in &cases {
        let mut request = app.client.request(case.method.clone(), app.url(&case.path));
        if !token.is_empty() {
            request = request.bearer_auth(token);
        }
        if let Some(body) = &case.body {
            request = request
                .header("content-type", "application/json")
                .body(body.clone());
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        let what = format!("{} {} {:?} -> {status}", case.method, case.path, case.body);
        let operation = &document["paths"][case.template][case.method.as_str().to_lowercase()];
        assert!(!operation.is_null(), "no operation for {what}");
        let mut fail = |kind: &str| {
            failures
                .entry(format!(
                    "{kind}: {} {} {status}",
                    case.method, case.template
                ))
                .or_insert_with(|| format!("{what}: {text}"));
        };
        if operation["responses"].get(status.to_string()).is_none() {
            fail("undocumented status");
        }
        if status >= 500 {
            fail("server failure");
        }
        if status >= 400 {
            let body: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
            if body["error"]["code"].as_str().is_none()
                || body["error"]["request_id"].as_str().is_none()
            {
                fail("no error envelope");
            }
            let after = fingerprint(&pool).await;
            if after != before {
                fail("a refused request changed data");
            }
            before = after;
        } else if case.method != Method::GET {
            before = fingerprint(&pool).await;
        }
    }
    assert!(
        failures.is_empty(),
        "{} kinds of misbehaviour in {} requests:\n{}",
        failures.len(),
        cases.len(),
        failures
            .iter()
            .map(|(kind, example)| format!("{kind}\n    e.g. {example}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}
