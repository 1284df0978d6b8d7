//! Ranked matches, search and saved searches over REST, with the real
//! embedding model and real Postgres + pgvector.

use crate::helpers::{error_of, field_names, row_count, TestApp};
use app::server::{jobs, profiles, requests};
use reqwest::Method;
use serde_json::{json, Value};
use sqlx::PgPool;

struct Market {
    app: TestApp,
    brand: String,
    request_id: String,
    asha: String,
    kavya: String,
    kavya_token: String,
}

fn profile(bio: &str, niches: &[&str], place: [&str; 3], languages: &[&str]) -> Value {
    json!({
        "bio": bio, "niches": niches,
        "country": place[0], "state": place[1], "city": place[2],
        "languages": languages,
    })
}

async fn creator(
    app: &TestApp,
    email: &str,
    name: &str,
    mut body: Value,
    followers: i64,
) -> (String, String) {
    let (id, token) = app.account(email, name, "creator").await;
    let handle: String = email
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    body["socials"] = json!([{"platform": "instagram", "handle": handle, "followers": followers}]);
    let response = app
        .send(Method::PUT, "/api/v1/creator/profile", &token, Some(body))
        .await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    (id, token)
}

fn fitness_brief() -> Value {
    json!({
        "title": "Protein snack launch",
        "description": "Looking for fitness creators to try our high-protein millet snack in their workout videos.",
        "niches": ["fitness", "food"],
        "deliverables": ["1 Instagram reel", "3 stories"],
        "budget_min": 20000, "budget_max": 60000, "budget_currency": "inr",
        "target_countries": ["IN"], "target_languages": ["hi", "mr", "ta"],
        "deadline": "2026-12-15"
    })
}

async fn index_everything(app: &TestApp) {
    let handlers = requests::register_jobs(profiles::register_jobs(jobs::Handlers::default()));
    while jobs::work_once(&app.state, &handlers).await.unwrap() > 0 {}
}

/// Four creators (Hindi and Tamil fitness, English tech and travel) and one
/// fitness request, all indexed.
async fn market(pool: PgPool) -> Market {
    let app = TestApp::spawn_with_embeddings(pool).await;
    let mut asha_profile = profile(
        "मैं पुणे की फिटनेस कोच हूँ। रोज़ वर्कआउट, जिम ट्रेनिंग और हाई-प्रोटीन रेसिपी के वीडियो बनाती हूँ।",
        &["fitness", "health"],
        ["IN", "Maharashtra", "Pune"],
        &["hi", "mr"],
    );
    asha_profile["rate_min"] = json!(15000);
    asha_profile["rate_max"] = json!(40000);
    asha_profile["rate_currency"] = json!("INR");
    let (asha, _) = creator(&app, "asha@example.com", "Asha", asha_profile, 150_000).await;

    let mut kavya_profile = profile(
        "நான் சென்னையைச் சேர்ந்த உடற்பயிற்சி பயிற்றுவிப்பாளர். ஜிம் பயிற்சி மற்றும் ஆரோக்கியமான உணவு வீடியோக்கள்.",
        &["fitness"],
        ["IN", "Tamil Nadu", "Chennai"],
        &["ta"],
    );
    kavya_profile["rate_min"] = json!(80000);
    kavya_profile["rate_max"] = json!(120000);
    kavya_profile["rate_currency"] = json!("inr");
    let (kavya, kavya_token) =
        creator(&app, "kavya@example.com", "Kavya", kavya_profile, 40_000).await;

    let mut tom_profile = profile(
        "I review laptops, smartphones and developer tools, with deep dives into benchmarks and chips.",
        &["tech"],
        ["US", "California", "San Jose"],
        &["en"],
    );
    tom_profile["rate_min"] = json!(1000);
    tom_profile["rate_max"] = json!(3000);
    tom_profile["rate_currency"] = json!("usd");
    creator(&app, "tom@example.com", "Tom O'Brien", tom_profile, 500_000).await;

    creator(
        &app,
        "lena@example.com",
        "Lena Müller",
        profile(
            "Backpacker documenting budget trips across the Himalayas and Southeast Asia.",
            &["travel"],
            ["DE", "Bavaria", "München"],
            &["de", "en"],
        ),
        20_000,
    )
    .await;

    let (_, brand) = app
        .account("brand@example.com", "Chai & Co.", "brand")
        .await;
    let created: Value = app
        .send(
            Method::POST,
            "/api/v1/requests",
            &brand,
            Some(fitness_brief()),
        )
        .await
        .json()
        .await
        .unwrap();
    let request_id = created["request"]["id"].as_str().unwrap().to_owned();
    index_everything(&app).await;
    Market {
        app,
        brand,
        request_id,
        asha,
        kavya,
        kavya_token,
    }
}

async fn matches(m: &Market, query: &str) -> Value {
    let response = m
        .app
        .get_bearer(
            &format!("/api/v1/requests/{}/matches{query}", m.request_id),
            &m.brand,
        )
        .await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

fn creator_ids(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["creator"]["user_id"].as_str().unwrap().to_owned())
        .collect()
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn a_brand_sees_creators_ranked_with_scores_breakdowns_and_reasons(pool: PgPool) {
    let m = market(pool).await;
    let list = matches(&m, "").await;
    assert_eq!(list["indexing"], false);
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 4);
    // The Hindi and Tamil fitness creators rank above the English tech and
    // travel creators for an English fitness brief.
    assert_eq!(creator_ids(&list)[..2], [m.asha.clone(), m.kavya.clone()]);
    let scores: Vec<u64> = items.iter().map(|i| i["score"].as_u64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert!(scores[1] >= 50 && scores[2] <= 25, "{scores:?}");

    let best = &items[0];
    assert_eq!(best["score"], best["breakdown"]["total"]);
    for part in ["semantic", "niche", "budget", "location", "language"] {
        assert!(best["breakdown"][part].as_u64().unwrap() <= 100);
    }
    assert_eq!(best["breakdown"]["budget"], 100);
    let reason = best["explanation"].as_str().unwrap();
    assert!(
        reason.contains("1 of 2 niches shared (Fitness)"),
        "{reason}"
    );
    assert!(reason.contains("rates within budget"), "{reason}");
    // Brands see rates.
    assert_eq!(best["creator"]["rate"]["min"], 15000);
    assert!(items[3]["explanation"]
        .as_str()
        .unwrap()
        .contains("no shared niche"));
    assert_eq!(best["reasons"]["band"], items[0]["reasons"]["band"]);
    assert_eq!(best["reasons"]["niches"]["shared"], json!(["fitness"]));
    assert_eq!(best["reasons"]["budget"], "within");

    // The same facts, worded in the reader's language.
    let saved = m
        .app
        .send(
            Method::PUT,
            "/api/v1/settings",
            &m.brand,
            Some(json!({"language": "hi"})),
        )
        .await;
    assert_eq!(saved.status(), 200);
    let hindi = matches(&m, "").await;
    assert_eq!(hindi["items"][0]["reasons"], best["reasons"]);
    let reason = hindi["items"][0]["explanation"].as_str().unwrap();
    assert!(reason.contains("2 में से 1 विषय साझा (फ़िटनेस)"), "{reason}");
    assert!(reason.contains("रेट बजट के अंदर"), "{reason}");
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn filters_narrow_the_ranking(pool: PgPool) {
    let m = market(pool).await;
    assert_eq!(
        creator_ids(&matches(&m, "?niche=fitness").await),
        [m.asha.clone(), m.kavya.clone()]
    );
    assert_eq!(
        creator_ids(&matches(&m, "?location=chennai").await),
        vec![m.kavya.clone()]
    );
    assert_eq!(
        creator_ids(&matches(&m, "?location=Tamil%20Nadu&language=ta").await),
        vec![m.kavya.clone()]
    );
    assert_eq!(
        creator_ids(&matches(&m, "?budget_fit=true").await),
        vec![m.asha.clone()]
    );
    assert_eq!(
        creator_ids(&matches(&m, "?min_followers=100000&max_followers=200000").await),
        vec![m.asha.clone()]
    );
    let top = matches(&m, "?limit=1").await;
    assert_eq!(creator_ids(&top), vec![m.asha.clone()]);
    let best = top["items"][0]["score"].as_u64().unwrap();
    let above = matches(&m, &format!("?min_score={}", best - 1)).await;
    assert!(creator_ids(&above).contains(&m.asha));
    assert!(above["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["score"].as_u64().unwrap() >= best - 1));
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn when_nothing_passes_the_answer_names_the_filter_to_relax(pool: PgPool) {
    let m = market(pool).await;
    let best = matches(&m, "?limit=1").await["items"][0]["score"]
        .as_u64()
        .unwrap();

    let too_high = matches(&m, "?min_score=100").await;
    assert!(too_high["items"].as_array().unwrap().is_empty());
    assert_eq!(too_high["suggestion"]["filter"], "min_score");
    assert_eq!(too_high["suggestion"]["suggested_min_score"], best);
    assert_eq!(too_high["suggestion"]["would_show"], 1);

    let no_pets = matches(&m, "?niche=pets").await;
    assert!(no_pets["items"].as_array().unwrap().is_empty());
    assert_eq!(no_pets["suggestion"]["filter"], "niche");
    assert_eq!(no_pets["suggestion"]["would_show"], 4);
    assert_eq!(
        no_pets["suggestion"]["message"],
        "Nothing passes these filters. To see 4, clear the niche filter."
    );
    assert!(no_pets["suggestion"]["message"]
        .as_str()
        .unwrap()
        .contains("clear the niche filter"));
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn bad_filters_are_named(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let (_, brand) = app.account("brand@example.com", "Brand", "brand").await;
    let created: Value = app
        .send(
            Method::POST,
            "/api/v1/requests",
            &brand,
            Some(fitness_brief()),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = created["request"]["id"].as_str().unwrap();
    let response = app
        .get_bearer(
            &format!("/api/v1/requests/{id}/matches?min_score=-5&niche=knitting&min_followers=lots&limit=1000"),
            &brand,
        )
        .await;
    let error = error_of(response, 422, "validation_failed").await;
    assert_eq!(
        field_names(&error),
        ["min_score", "niche", "min_followers", "limit"]
    );

    // Not embedded yet: nothing to rank, and the answer says so.
    let pending: Value = app
        .get_json(&format!("/api/v1/requests/{id}/matches"), &brand)
        .await;
    assert_eq!(pending["indexing"], true);
    assert!(pending["items"].as_array().unwrap().is_empty());
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn only_the_requests_brand_sees_its_matches(pool: PgPool) {
    let m = market(pool).await;
    let path = format!("/api/v1/requests/{}/matches", m.request_id);
    let (_, rival) = m.app.account("rival@example.com", "Rival", "brand").await;
    error_of(m.app.get_bearer(&path, &rival).await, 403, "forbidden").await;
    error_of(
        m.app.get_bearer(&path, &m.kavya_token).await,
        403,
        "forbidden",
    )
    .await;
    let unknown = format!("/api/v1/requests/{}/matches", uuid::Uuid::new_v4());
    error_of(m.app.get_bearer(&unknown, &m.brand).await, 404, "not_found").await;
    error_of(
        m.app
            .get_bearer("/api/v1/requests/not-an-id/matches", &m.brand)
            .await,
        404,
        "not_found",
    )
    .await;
    // Once paused, the request is invisible to others: 404, not 403.
    m.app
        .send(
            Method::POST,
            &format!("/api/v1/requests/{}/status", m.request_id),
            &m.brand,
            Some(json!({"status": "paused"})),
        )
        .await;
    error_of(m.app.get_bearer(&path, &rival).await, 404, "not_found").await;
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn a_creator_sees_requests_ranked_for_their_profile(pool: PgPool) {
    let m = market(pool).await;
    let (_, gadgets) = m
        .app
        .account("gadgets@example.com", "Gadget Hub", "brand")
        .await;
    let mut tech = fitness_brief();
    tech["title"] = json!("Laptop review campaign");
    tech["description"] =
        json!("We want honest in-depth reviews of our new ultrabook laptop and its benchmarks.");
    tech["niches"] = json!(["tech"]);
    tech["target_languages"] = json!([]);
    m.app
        .send(Method::POST, "/api/v1/requests", &gadgets, Some(tech))
        .await;
    index_everything(&m.app).await;

    let response = m
        .app
        .get_bearer("/api/v1/creator/matches", &m.kavya_token)
        .await;
    assert_eq!(response.status(), 200);
    let list: Value = response.json().await.unwrap();
    let titles: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["request"]["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Protein snack launch", "Laptop review campaign"]);
    assert!(list["items"][0]["score"].as_u64() > list["items"][1]["score"].as_u64());
    // Kavya's rate is above the fitness budget: with budget_fit nothing is
    // left, and the suggestion says so.
    let within: Value = m
        .app
        .get_json("/api/v1/creator/matches?budget_fit=true", &m.kavya_token)
        .await;
    assert!(within["items"].as_array().unwrap().is_empty());
    assert_eq!(within["suggestion"]["filter"], "budget_fit");

    error_of(
        m.app.get_bearer("/api/v1/creator/matches", &m.brand).await,
        403,
        "forbidden",
    )
    .await;
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn search_fuses_keywords_and_meaning_and_hides_rates_from_other_creators(pool: PgPool) {
    let m = market(pool).await;
    // A keyword that only Tom's bio has, and a meaning only the fitness bios have.
    let laptops: Value = m
        .app
        .get_json("/api/v1/search?kind=creators&q=laptops", &m.brand)
        .await;
    assert_eq!(laptops["semantic"], true);
    assert_eq!(
        laptops["items"][0]["creator"]["display_name"],
        "Tom O'Brien"
    );
    assert_eq!(laptops["items"][0]["keyword_match"], true);

    let gym: Value = m
        .app
        .get_json(
            "/api/v1/search?kind=creators&q=gym%20workout%20coach&limit=2",
            &m.brand,
        )
        .await;
    let mut top: Vec<String> = gym["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["creator"]["user_id"].as_str().unwrap().to_owned())
        .collect();
    top.sort();
    let mut fitness = vec![m.asha.clone(), m.kavya.clone()];
    fitness.sort();
    assert_eq!(top, fitness);
    assert!(
        gym["items"][0]["creator"]["rate"].is_object(),
        "brands see rates"
    );

    // Another creator sees profiles without rates, but their own with it.
    let as_kavya: Value = m
        .app
        .get_json("/api/v1/search?kind=creators&q=fitness", &m.kavya_token)
        .await;
    for item in as_kavya["items"].as_array().unwrap() {
        let own = item["creator"]["user_id"] == m.kavya.as_str();
        assert_eq!(item["creator"]["rate"].is_object(), own, "{item}");
    }
    let asha_by_id: Value = m
        .app
        .get_json(&format!("/api/v1/creators/{}", m.asha), &m.kavya_token)
        .await;
    assert!(asha_by_id["profile"]["rate"].is_null());

    let requests: Value = m
        .app
        .get_json(
            "/api/v1/search?kind=requests&q=प्रोटीन%20स्नैक",
            &m.kavya_token,
        )
        .await;
    assert_eq!(
        requests["items"][0]["request"]["title"],
        "Protein snack launch"
    );

    let error = error_of(
        m.app
            .get_bearer("/api/v1/search?kind=pets&q=", &m.brand)
            .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(field_names(&error), ["q", "kind"]);
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn saved_searches_are_saved_listed_run_and_deleted_by_their_owner_only(pool: PgPool) {
    let m = market(pool.clone()).await;
    let save = |name: &str| json!({"name": name, "kind": "creators", "q": "fitness", "niche": "fitness", "min_score": 10});
    let response = m
        .app
        .send(
            Method::POST,
            "/api/v1/saved-searches",
            &m.brand,
            Some(save("Fitness in India 💪")),
        )
        .await;
    assert_eq!(response.status(), 201);
    let saved: Value = response.json().await.unwrap();
    let id = saved["saved_search"]["id"].as_str().unwrap().to_owned();
    assert_eq!(saved["saved_search"]["filters"]["niche"], "fitness");
    assert_eq!(saved["saved_search"]["filters"]["min_score"], 10);

    let duplicate = m
        .app
        .send(
            Method::POST,
            "/api/v1/saved-searches",
            &m.brand,
            Some(save("FITNESS IN INDIA 💪")),
        )
        .await;
    error_of(duplicate, 409, "conflict").await;
    let bad = m
        .app
        .send(
            Method::POST,
            "/api/v1/saved-searches",
            &m.brand,
            Some(json!({"name": "", "kind": "everything", "q": "x", "limit": -1})),
        )
        .await;
    let error = error_of(bad, 422, "validation_failed").await;
    assert_eq!(field_names(&error), ["name", "kind", "limit"]);
    assert_eq!(row_count(&pool, "saved_searches").await, 1);

    let list: Value = m.app.get_json("/api/v1/saved-searches", &m.brand).await;
    assert_eq!(list["items"][0]["name"], "Fitness in India 💪");
    let theirs: Value = m
        .app
        .get_json("/api/v1/saved-searches", &m.kavya_token)
        .await;
    assert!(theirs["items"].as_array().unwrap().is_empty());

    let run = m
        .app
        .send(
            Method::POST,
            &format!("/api/v1/saved-searches/{id}/run"),
            &m.brand,
            None,
        )
        .await;
    assert_eq!(run.status(), 200);
    let results: Value = run.json().await.unwrap();
    assert_eq!(results["kind"], "creators");
    assert!(results["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["creator"]["niches"]
            .as_array()
            .unwrap()
            .contains(&json!("fitness"))));
    assert!(!results["items"].as_array().unwrap().is_empty());

    // Someone else's id is unknown to them.
    for (method, path) in [
        (Method::POST, format!("/api/v1/saved-searches/{id}/run")),
        (Method::DELETE, format!("/api/v1/saved-searches/{id}")),
    ] {
        error_of(
            m.app.send(method, &path, &m.kavya_token, None).await,
            404,
            "not_found",
        )
        .await;
    }
    let deleted = m
        .app
        .send(
            Method::DELETE,
            &format!("/api/v1/saved-searches/{id}"),
            &m.brand,
            None,
        )
        .await;
    assert_eq!(deleted.status(), 204);
    assert_eq!(row_count(&pool, "saved_searches").await, 0);
    error_of(
        m.app
            .send(
                Method::POST,
                &format!("/api/v1/saved-searches/{id}/run"),
                &m.brand,
                None,
            )
            .await,
        404,
        "not_found",
    )
    .await;
}
