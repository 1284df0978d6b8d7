//! The moderation queue (admins) and appeals (authors): every decision goes
//! through the case state machine (`domain::moderation::case`), changes the
//! item and the account in the same transaction, is recorded with its note,
//! and is told to the author and to the reporters.

use super::{db, AppState};
use crate::error::AppError;
use crate::features::admin::{
    AccessEntry, CaseAction, CaseAuthor, CasePage, CaseReport, ModerationCase,
};
use crate::features::auth::User;
use db::moderation::{QueueRow, Target};
use domain::moderation::case::{CaseActor, CaseEvent, CaseState};
use domain::moderation::queue::QueueQuery;
use domain::moderation::report::AccountStatus;
use domain::moderation::Status;
use domain::text::BoundedText;
use domain::{FieldError, Role};
use std::collections::HashMap;
use uuid::Uuid;

pub const PER_PAGE: i64 = 20;
pub const NOTE_MAX: usize = 2000;

pub fn require_admin(caller: &User) -> Result<(), AppError> {
    if caller.role == Role::Admin {
        Ok(())
    } else {
        Err(AppError::forbidden("Only administrators can do this."))
    }
}

fn target_of(row: &QueueRow) -> Option<Target> {
    domain::moderation::report::Target::parse(&row.target_type, &row.target_id).ok()
}

/// Where a moderator sees the item in context.
fn path_of(target: Option<Target>) -> Option<String> {
    match target? {
        Target::Request(id) => Some(format!("/requests/{id}")),
        Target::Profile(id) | Target::Account(id) => Some(format!("/creators/{id}")),
        _ => None,
    }
}

fn allowed(state: CaseState, target: Option<Target>) -> Vec<String> {
    CaseEvent::ALL
        .into_iter()
        .filter(|e| *e != CaseEvent::Appeal)
        // An account is suspended, not removed.
        .filter(|e| !(*e == CaseEvent::Remove && matches!(target, Some(Target::Account(_)))))
        .filter(|e| state.apply(*e, CaseActor::Moderator).is_ok())
        .map(|e| e.key().to_owned())
        .collect()
}

/// The cases of `rows` with their authors, reports and actions (four
/// queries for the page, plus each author's flags).
async fn views(state: &AppState, rows: Vec<QueueRow>) -> Result<Vec<ModerationCase>, AppError> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut author_ids: Vec<Uuid> = rows.iter().map(|r| r.author_id).collect();
    author_ids.sort();
    author_ids.dedup();
    let now = state.clock.now();
    let mut authors: HashMap<Uuid, CaseAuthor> = HashMap::new();
    let mut conn = state.pool.acquire().await?;
    for (id, name, role, status, joined, cases) in
        db::moderation::authors(&mut *conn, &author_ids).await?
    {
        let (flags, _) = db::moderation::flags_of(&mut conn, id, now).await?;
        authors.insert(
            id,
            CaseAuthor {
                id,
                display_name: name,
                role: Role::from_db(&role).unwrap_or(Role::Creator),
                status: AccountStatus::from_key(&status).unwrap_or_default(),
                joined_at: joined,
                flags: domain::moderation::flags::count(&flags, now) as u32,
                earlier_cases: u32::try_from(cases.saturating_sub(1)).unwrap_or(0),
            },
        );
    }
    let mut reports: HashMap<Uuid, Vec<CaseReport>> = HashMap::new();
    for (case, reporter_name, reason, note, state, created_at) in
        db::moderation::reports_of(&mut *conn, &ids).await?
    {
        reports.entry(case).or_default().push(CaseReport {
            reporter_name,
            reason,
            note,
            state,
            created_at,
        });
    }
    let mut actions: HashMap<Uuid, Vec<CaseAction>> = HashMap::new();
    for (case, action, note, by_name, from_state, to_state, created_at) in
        db::moderation::actions_of(&mut *conn, &ids).await?
    {
        actions.entry(case).or_default().push(CaseAction {
            action,
            note,
            by_name,
            from_state,
            to_state,
            created_at,
        });
    }
    rows.into_iter()
        .map(|row| {
            let target = target_of(&row);
            let state = CaseState::from_key(&row.state).unwrap_or(CaseState::Open);
            let author = authors.get(&row.author_id).cloned().ok_or_else(|| {
                tracing::error!(case = %row.id, "a case's author is gone");
                AppError::internal()
            })?;
            Ok(ModerationCase {
                id: row.id,
                target_path: path_of(target),
                allowed_actions: allowed(state, target),
                target_type: row.target_type,
                target_id: row.target_id,
                state: row.state,
                reasons: row.reasons.0,
                excerpt: row.excerpt,
                appeal: row.appeal,
                author,
                reports: reports.remove(&row.id).unwrap_or_default(),
                actions: actions.remove(&row.id).unwrap_or_default(),
                created_at: row.created_at,
                updated_at: row.updated_at,
            })
        })
        .collect()
}

/// A page of the queue (admins only).
pub async fn list(
    state: &AppState,
    caller: &User,
    query: &QueueQuery,
) -> Result<CasePage, AppError> {
    require_admin(caller)?;
    let mut rows = db::moderation::queue(&state.pool, query, PER_PAGE + 1).await?;
    let more = rows.len() as i64 > PER_PAGE;
    rows.truncate(PER_PAGE as usize);
    let next_before_id = more.then(|| rows.last().map(|r| r.id)).flatten();
    Ok(CasePage {
        items: views(state, rows).await?,
        next_before_id,
    })
}

/// One case (admins only).
pub async fn get(state: &AppState, caller: &User, id: Uuid) -> Result<ModerationCase, AppError> {
    require_admin(caller)?;
    let row = db::moderation::find(&state.pool, id, false)
        .await?
        .ok_or_else(|| AppError::not_found("That case"))?;
    views(state, vec![row])
        .await?
        .pop()
        .ok_or_else(AppError::internal)
}

fn parse_note(raw: &str, field: &str) -> Result<BoundedText, AppError> {
    BoundedText::parse(raw, field, 1, NOTE_MAX).map_err(|e| AppError::validation(vec![e]))
}

/// A moderator's decision on case `id` (`action`: approve, remove, warn,
/// suspend, reinstate), with the note the author is told.
pub async fn decide(
    state: &AppState,
    caller: &User,
    id: Uuid,
    action: &str,
    note: &str,
) -> Result<ModerationCase, AppError> {
    require_admin(caller)?;
    let event = CaseEvent::decision(action.trim());
    let note = parse_note(note, "note");
    let (event, note) = match (event, note) {
        (Some(event), Ok(note)) => (event, note),
        (event, note) => {
            let mut fields = Vec::new();
            if event.is_none() {
                let keys = "approve, remove, warn, suspend, reinstate";
                fields.push(
                    FieldError::new("action", "not_allowed", format!("Choose one of: {keys}."))
                        .with("choices", keys),
                );
            }
            if let Err(e) = note {
                fields.extend(e.fields);
            }
            return Err(AppError::validation(fields));
        }
    };
    let now = state.clock.now();
    let mut tx = state.pool.begin().await?;
    let row = db::moderation::find(&mut *tx, id, true)
        .await?
        .ok_or_else(|| AppError::not_found("That case"))?;
    let target = target_of(&row).ok_or_else(AppError::internal)?;
    let from = CaseState::from_key(&row.state).ok_or_else(AppError::internal)?;
    if event == CaseEvent::Remove && matches!(target, Target::Account(_)) {
        return Err(AppError::conflict("An account is suspended, not removed."));
    }
    let to = from
        .apply(event, CaseActor::Moderator)
        .map_err(|e| AppError::conflict(e.to_string()))?;
    db::moderation::transition(
        &mut tx,
        id,
        caller.id,
        event.key(),
        note.as_str(),
        from.key(),
        to.key(),
        now,
    )
    .await?;

    // The item follows the case.
    let item = if to.takes_content_down() {
        Status::Removed
    } else {
        Status::Approved
    };
    db::moderation::set_item_status(&mut *tx, target, item).await?;
    // So does the account.
    let author = row.author_id;
    let account = match event {
        CaseEvent::Suspend => Some(AccountStatus::Suspended),
        // Reinstating gives the account back when this case (or the account
        // case itself) took it.
        CaseEvent::Reinstate
            if matches!(target, Target::Account(_))
                || db::moderation::suspended_in(&mut *tx, id).await? =>
        {
            Some(AccountStatus::Active)
        }
        CaseEvent::Approve if matches!(target, Target::Account(_)) => Some(AccountStatus::Active),
        _ => None,
    };
    if let Some(status) = account {
        db::users::set_status(&mut *tx, author, status, now).await?;
    }
    // Reports are upheld or dismissed with the decision, and their reporters told.
    let upheld = !matches!(to, CaseState::Approved | CaseState::Reinstated);
    let outcome = if upheld { "upheld" } else { "dismissed" };
    let reporters = db::moderation::settle_reports(&mut *tx, id, outcome).await?;
    for reporter in reporters {
        let data = serde_json::json!({"outcome": outcome, "target_type": row.target_type});
        super::notify::send(
            &mut tx,
            state,
            super::notify::Notice {
                user: reporter,
                kind: "report_outcome",
                data: &data,
                once_key: None,
            },
        )
        .await?;
    }
    let data = serde_json::json!({
        "case_id": id, "action": if to == CaseState::Upheld { "upheld" } else { event.key() },
        "target_type": row.target_type, "target_id": row.target_id, "note": note.as_str(),
    });
    super::notify::send(
        &mut tx,
        state,
        super::notify::Notice {
            user: author,
            kind: "moderation_decision",
            data: &data,
            once_key: None,
        },
    )
    .await?;
    tx.commit().await?;
    get(state, caller, id).await
}

/// What the author of an appealed case is shown.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Appealed {
    pub case_id: Uuid,
    pub state: String,
}

/// The author's one appeal against a removal or suspension.
pub async fn appeal(
    state: &AppState,
    caller: &User,
    id: Uuid,
    statement: &str,
) -> Result<Appealed, AppError> {
    let statement = parse_note(statement, "statement")?;
    let now = state.clock.now();
    let mut tx = state.pool.begin().await?;
    let row = db::moderation::find(&mut *tx, id, true)
        .await?
        .filter(|r| r.author_id == caller.id)
        .ok_or_else(|| AppError::not_found("That case"))?;
    let from = CaseState::from_key(&row.state).ok_or_else(AppError::internal)?;
    let to = from
        .apply(CaseEvent::Appeal, CaseActor::Author)
        .map_err(|e| AppError::conflict(e.to_string()))?;
    db::moderation::transition(
        &mut tx,
        id,
        caller.id,
        "appeal",
        statement.as_str(),
        from.key(),
        to.key(),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Appealed {
        case_id: id,
        state: to.key().to_owned(),
    })
}

/// Writes an admin's view of another user's private fields.
pub async fn log_access(
    state: &AppState,
    admin: &User,
    subject: Option<Uuid>,
    what: &str,
) -> Result<(), AppError> {
    if admin.role == Role::Admin && subject != Some(admin.id) {
        db::moderation::log_access(&state.pool, admin.id, subject, what, state.clock.now()).await?;
    }
    Ok(())
}

/// The access log, newest first (admins only).
pub async fn access_log(
    state: &AppState,
    caller: &User,
    before_id: Option<i64>,
) -> Result<Vec<AccessEntry>, AppError> {
    require_admin(caller)?;
    Ok(db::moderation::access_log(&state.pool, before_id, 50)
        .await?
        .into_iter()
        .map(
            |(id, admin_name, subject_id, subject_name, what, created_at)| AccessEntry {
                id,
                admin_name,
                subject_id,
                subject_name,
                what,
                created_at,
            },
        )
        .collect())
}

/// The decided cases about `caller`'s items and account, newest first (what
/// the appeals page lists).
pub async fn author_cases(
    state: &AppState,
    caller: &User,
) -> Result<Vec<crate::features::moderation::AuthorCase>, AppError> {
    let rows = db::moderation::decided_for_author(&state.pool, caller.id).await?;
    Ok(rows
        .into_iter()
        .map(|(row, note)| {
            let target = target_of(&row);
            let case_state = CaseState::from_key(&row.state).unwrap_or(CaseState::Open);
            crate::features::moderation::AuthorCase {
                id: row.id,
                target_path: match target {
                    Some(Target::Request(id)) => Some(format!("/requests/{id}")),
                    Some(Target::Profile(_) | Target::PortfolioItem(_)) => Some("/profile".into()),
                    _ => None,
                },
                can_appeal: case_state
                    .apply(CaseEvent::Appeal, CaseActor::Author)
                    .is_ok(),
                target_type: row.target_type,
                state: row.state,
                note: note.unwrap_or_default(),
                appeal: row.appeal,
                updated_at: row.updated_at,
            }
        })
        .collect())
}
