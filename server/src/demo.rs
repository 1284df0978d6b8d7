//! Demo data for a first run: the three demo logins (brand, creator, admin)
//! and a marketplace to look at (`demo_data`), embedded before the command
//! returns. Loading twice changes nothing.

use crate::demo_data;
use app::features::auth::User;
use app::server::{auth, db, passwords, portfolio, profiles, requests, AppState};
use app::ErrorCode;
use domain::portfolio::PortfolioForm;
use domain::{DisplayName, Email, Password, RequestStatus, Role, SignUp};

pub const DEMO_PASSWORD: &str = "matcha-demo-2026";

pub const DEMO_ACCOUNTS: &[(&str, &str, Role)] = &[
    (
        "brand@demo.mat-cha.app",
        "Chai & Co. (demo brand)",
        Role::Brand,
    ),
    (
        "creator@demo.mat-cha.app",
        "Priya Sharma (demo creator)",
        Role::Creator,
    ),
    ("admin@demo.mat-cha.app", "Demo Admin", Role::Admin),
];

pub async fn seed(state: &AppState) -> anyhow::Result<()> {
    let password = Password::parse(DEMO_PASSWORD).map_err(|e| anyhow::anyhow!(e))?;
    for (email, name, role) in DEMO_ACCOUNTS {
        let email = Email::parse(email).map_err(|e| anyhow::anyhow!(e))?;
        let name = DisplayName::parse(name).map_err(|e| anyhow::anyhow!(e))?;
        let created = match role {
            Role::Admin => auth::create_admin(state, &email, &password, &name).await,
            _ => {
                auth::register(
                    state,
                    SignUp {
                        email,
                        password: password.clone(),
                        display_name: name,
                        role: *role,
                    },
                    domain::Language::En,
                )
                .await
            }
        };
        match created {
            Ok(_) => {}
            Err(e) if e.code == ErrorCode::Conflict => {}
            Err(e) => anyhow::bail!("could not create a demo account: {}", e.message),
        }
    }
    let loaded = db::users::find_credentials(&state.pool, "creator-001@demo.mat-cha.app")
        .await?
        .is_some();
    if !loaded {
        marketplace(state).await?;
        tasks(state).await?;
    }
    index(state).await
}

fn fail(e: app::AppError) -> anyhow::Error {
    anyhow::anyhow!(e.message)
}

fn fields(errors: Vec<domain::FieldError>) -> anyhow::Error {
    anyhow::anyhow!("demo data does not validate: {errors:?}")
}

async fn user(state: &AppState, email: &str) -> anyhow::Result<User> {
    db::users::find_credentials(&state.pool, email)
        .await?
        .map(|c| c.user)
        .ok_or_else(|| anyhow::anyhow!("demo account {email} is missing"))
}

/// An account with the demo password's hash (hashed once for all).
async fn account(
    state: &AppState,
    email: &str,
    name: &str,
    role: Role,
    hash: &str,
) -> anyhow::Result<User> {
    if let Some(found) = db::users::find_credentials(&state.pool, email).await? {
        return Ok(found.user);
    }
    Ok(db::users::insert(
        &state.pool,
        db::users::NewUser {
            email,
            password_hash: hash,
            display_name: name,
            role,
            language: domain::Language::En,
            verified: true,
            now: state.clock.now(),
        },
    )
    .await?)
}

async fn add_samples(
    state: &AppState,
    creator: &User,
    samples: &[(String, String)],
) -> anyhow::Result<()> {
    for (title, body) in samples {
        let form = PortfolioForm {
            kind: "text".into(),
            title: title.clone(),
            body: body.clone(),
            url: String::new(),
        };
        let input = form.parse().map_err(fields)?;
        portfolio::add(state, creator, input, None)
            .await
            .map_err(fail)?;
    }
    Ok(())
}

async fn marketplace(state: &AppState) -> anyhow::Result<()> {
    let hash = passwords::hash(&Password::parse(DEMO_PASSWORD).map_err(|e| anyhow::anyhow!(e))?)
        .await
        .map_err(fail)?;

    // The demo creator gets a complete profile.
    let priya = user(state, "creator@demo.mat-cha.app").await?;
    let form = domain::profile_input::ProfileForm {
        bio: "पुणे की फिटनेस कोच। I post home workouts, yoga flows and high-protein vegetarian recipes in Hindi, Marathi and English.".into(),
        niches: vec!["fitness".into(), "health".into()],
        country: "IN".into(),
        state: "Maharashtra".into(),
        city: "Pune".into(),
        languages: vec!["hi".into(), "mr".into(), "en".into()],
        socials: vec![domain::profile_input::SocialForm {
            platform: "instagram".into(),
            handle: "priya.moves".into(),
            followers: 86_000,
        }],
        engagement_rate: Some(5.2),
        rate_min: Some(15_000),
        rate_max: Some(45_000),
        rate_currency: "inr".into(),
    };
    profiles::save_own(state, &priya, form.parse().map_err(fields)?)
        .await
        .map_err(fail)?;
    add_samples(
        state,
        &priya,
        &[
            (
                "21-day home workout challenge".into(),
                "A 21-day challenge with a protein brand: 1.2M views, 6.8% engagement.".into(),
            ),
            (
                "Monsoon yoga series".into(),
                "मानसून योग सीरीज़ — 5 reels, 40k saves.".into(),
            ),
            (
                "High-protein thali".into(),
                "A vegetarian high-protein thali recipe reel for a millet brand.".into(),
            ),
        ],
    )
    .await?;

    let generated = demo_data::creators();
    for (n, creator) in generated.iter().enumerate() {
        let account = account(state, &creator.email, &creator.name, Role::Creator, &hash).await?;
        let input = creator.profile.parse().map_err(fields)?;
        profiles::save_own(state, &account, input)
            .await
            .map_err(fail)?;
        add_samples(state, &account, &creator.samples).await?;
        if (n + 1) % 50 == 0 {
            println!("  demo creators: {}/{}", n + 1, generated.len());
        }
    }

    let mut brands = Vec::new();
    for (email, name) in demo_data::BRANDS {
        brands.push(account(state, email, name, Role::Brand, &hash).await?);
    }
    let today = state.clock.now().date();
    for (n, brief) in demo_data::REQUESTS.iter().enumerate() {
        let brand = &brands[brief.0];
        let input = demo_data::request_form(brief, today)
            .parse(today)
            .map_err(fields)?;
        let request = requests::create(state, brand, input).await.map_err(fail)?;
        // A few paused and closed ones, so every state has an example.
        let status = match n % 10 {
            3 => Some(RequestStatus::Paused),
            7 if n > 10 => Some(RequestStatus::Closed),
            _ => None,
        };
        if let Some(status) = status {
            requests::change_status(state, brand, request.id, status)
                .await
                .map_err(fail)?;
        }
    }
    println!(
        "  demo marketplace: {} creators, {} requests",
        generated.len() + 1,
        demo_data::REQUESTS.len()
    );
    Ok(())
}

/// Embeds everything still waiting, so matches work on the first page view.
/// Title, priority, due (words), completed.
type DemoTask = (&'static str, &'static str, &'static str, bool);

/// A few tasks for each demo login, in Indian time, so the Tasks and
/// Assistant pages have something to show.
async fn tasks(state: &AppState) -> anyhow::Result<()> {
    let lists: [(&str, &[DemoTask]); 3] = [
        (
            "brand@demo.mat-cha.app",
            &[
                (
                    "Shortlist creators for the Diwali campaign",
                    "high",
                    "tomorrow",
                    false,
                ),
                ("Send the contract to Priya", "medium", "next friday", false),
                ("Approve the monsoon reel script", "medium", "", true),
            ],
        ),
        (
            "creator@demo.mat-cha.app",
            &[
                ("Film the skincare reel", "high", "in 2 days", false),
                (
                    "Reply to Chai & Co. about usage rights",
                    "medium",
                    "tomorrow at 11am",
                    false,
                ),
                ("Update the portfolio with the Goa shoot", "low", "", false),
                ("Invoice the September collaboration", "medium", "", true),
            ],
        ),
        (
            "admin@demo.mat-cha.app",
            &[("Review flagged portfolio images", "high", "today", false)],
        ),
    ];
    for (email, list) in lists {
        let owner = user(state, email).await?;
        app::server::settings::save(
            state,
            &owner,
            &app::features::settings::SettingsUpdate {
                time_zone: Some("Asia/Kolkata".into()),
                language: None,
            },
        )
        .await
        .map_err(fail)?;
        for (title, priority, due, completed) in list {
            let form = domain::TaskForm {
                title: (*title).into(),
                description: None,
                priority: Some((*priority).into()),
                due: Some((*due).into()),
                completed: Some(*completed),
            };
            app::server::tasks::create(state, &owner, &form)
                .await
                .map_err(fail)?;
        }
    }
    Ok(())
}

async fn index(state: &AppState) -> anyhow::Result<()> {
    if state.embeddings.is_none() {
        println!("  no embedding model configured: the demo data will be indexed once one is");
        return Ok(());
    }
    crate::jobs::drain(state).await.map(|_| ())
}

pub fn print_logins() {
    println!();
    println!("  Demo logins (password: {DEMO_PASSWORD})");
    for (email, _, role) in DEMO_ACCOUNTS {
        println!("    {:<8} {email}", role.as_str());
    }
    println!();
}
