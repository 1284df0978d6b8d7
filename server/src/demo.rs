//! Demo accounts for a first run: one brand, one creator, one admin.
//! Loading twice changes nothing.

use app::server::{auth, AppState};
use app::ErrorCode;
use domain::{DisplayName, Email, Password, Role, SignUp};

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
    Ok(())
}

pub fn print_logins() {
    println!();
    println!("  Demo logins (password: {DEMO_PASSWORD})");
    for (email, _, role) in DEMO_ACCOUNTS {
        println!("    {:<8} {email}", role.as_str());
    }
    println!();
}
