//! `moderation_cases`: the queue moderators work.

use domain::moderation::case::CaseState;
use domain::moderation::flags::{Flag, FlagSource, WINDOW};
use domain::moderation::{Reason, Source, Status, Verdict};
use sqlx::types::Json;
use sqlx::PgExecutor;
use time::OffsetDateTime;
use uuid::Uuid;

pub use domain::moderation::report::Target;

fn parts(target: Target) -> (&'static str, String) {
    (target.kind(), target.id())
}

/// Keeps an item's live case in step with the scanner's verdict on the
/// version just saved: held for review opens the case (or refreshes the
/// open one with the new reasons and text); clean closes an open case the
/// scanner alone had opened (the author rephrased it). Appealed cases and
/// cases with reports wait for a moderator either way.
#[tracing::instrument(skip_all)]
pub async fn sync(
    db: impl PgExecutor<'_>,
    target: Target,
    author: Uuid,
    verdict: &Verdict,
    excerpt: &str,
    now: OffsetDateTime,
) -> sqlx::Result<()> {
    let (kind, id) = parts(target);
    if verdict.status == Status::PendingReview {
        sqlx::query(
            "INSERT INTO moderation_cases (id, target_type, target_id, author_id, reasons, excerpt, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
             ON CONFLICT (target_type, target_id) WHERE state IN ('open', 'appealed')
             DO UPDATE SET excerpt = EXCLUDED.excerpt, updated_at = EXCLUDED.updated_at,
                 -- the scanner's reasons for this version, and every report's
                 reasons = EXCLUDED.reasons || coalesce((
                     SELECT jsonb_agg(r) FROM jsonb_array_elements(moderation_cases.reasons) r
                     WHERE r->>'source' = 'report'), '[]'::jsonb)",
        )
        .bind(Uuid::now_v7())
        .bind(kind)
        .bind(id)
        .bind(author)
        .bind(Json(&verdict.reasons))
        .bind(excerpt)
        .bind(now)
        .execute(db)
        .await?;
    } else {
        sqlx::query(
            "UPDATE moderation_cases SET state = 'approved', updated_at = $3
             WHERE target_type = $1 AND target_id = $2 AND state = 'open'
               AND NOT reasons @> '[{\"source\": \"report\"}]'",
        )
        .bind(kind)
        .bind(id)
        .bind(now)
        .execute(db)
        .await?;
    }
    Ok(())
}

/// Adds a report's reason to `target`'s live case, opening one if there is
/// none; returns the case.
#[tracing::instrument(skip_all)]
pub async fn open_for_report(
    db: impl PgExecutor<'_>,
    target: Target,
    author: Uuid,
    reason: &Reason,
    excerpt: &str,
    now: OffsetDateTime,
) -> sqlx::Result<Uuid> {
    let (kind, id) = parts(target);
    sqlx::query_scalar(
        "INSERT INTO moderation_cases (id, target_type, target_id, author_id, reasons, excerpt, created_at, updated_at)
         VALUES ($1, $2, $3, $4, jsonb_build_array($5::jsonb), $6, $7, $7)
         ON CONFLICT (target_type, target_id) WHERE state IN ('open', 'appealed')
         DO UPDATE SET updated_at = EXCLUDED.updated_at,
             reasons = CASE WHEN moderation_cases.reasons @> jsonb_build_array($5::jsonb)
                            THEN moderation_cases.reasons
                            ELSE moderation_cases.reasons || jsonb_build_array($5::jsonb) END
         RETURNING id",
    )
    .bind(Uuid::now_v7())
    .bind(kind)
    .bind(id)
    .bind(author)
    .bind(Json(reason))
    .bind(excerpt)
    .bind(now)
    .fetch_one(db)
    .await
}

/// `author`'s flags of the last thirty days (see `domain::moderation::flags`)
/// and the reasons behind those that count.
#[tracing::instrument(skip_all)]
pub async fn flags_of(
    db: &mut sqlx::PgConnection,
    author: Uuid,
    now: OffsetDateTime,
) -> sqlx::Result<(Vec<Flag>, Vec<Reason>)> {
    let cases: Vec<(Uuid, OffsetDateTime, Json<Vec<Reason>>, String)> = sqlx::query_as(
        "SELECT id, created_at, reasons, state FROM moderation_cases
         WHERE author_id = $1 AND target_type <> 'account' AND created_at > $2",
    )
    .bind(author)
    .bind(now - WINDOW)
    .fetch_all(&mut *db)
    .await?;
    let reports: Vec<(Uuid, OffsetDateTime)> = sqlx::query_as(
        "SELECT reporter_id, created_at FROM reports
         WHERE author_id = $1 AND state <> 'dismissed' AND created_at > $2",
    )
    .bind(author)
    .bind(now - WINDOW)
    .fetch_all(&mut *db)
    .await?;
    let mut reasons: Vec<Reason> = Vec::new();
    let mut flags = Vec::new();
    for (id, at, case_reasons, state) in cases {
        // An open case counts while the scanner holds the item; one opened
        // by reports alone counts through its reporters instead.
        let counts = match CaseState::from_key(&state) {
            Some(CaseState::Open) => case_reasons.0.iter().any(|r| r.source != Source::Report),
            Some(state) => state.counts_as_flag(),
            None => false,
        };
        flags.push(Flag {
            source: FlagSource::Item(id),
            at,
            counts,
        });
        let reported = case_reasons.0.iter().any(|r| r.source == Source::Report);
        for r in case_reasons.0 {
            if (counts || reported)
                && !reasons
                    .iter()
                    .any(|k| k.category == r.category && k.source == r.source)
            {
                reasons.push(r);
            }
        }
    }
    flags.extend(reports.into_iter().map(|(reporter, at)| Flag {
        source: FlagSource::Reporter(reporter),
        at,
        counts: true,
    }));
    Ok((flags, reasons))
}

/// A case as the queue reads it.
#[derive(Debug, sqlx::FromRow)]
pub struct QueueRow {
    pub id: Uuid,
    pub target_type: String,
    pub target_id: String,
    pub author_id: Uuid,
    pub state: String,
    pub reasons: Json<Vec<Reason>>,
    pub excerpt: String,
    pub appeal: Option<String>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

const QUEUE_COLUMNS: &str =
    "id, target_type, target_id, author_id, state, reasons, excerpt, appeal, created_at, updated_at";

/// One page of the queue for `query`.
#[tracing::instrument(skip_all)]
pub async fn queue(
    db: impl PgExecutor<'_>,
    query: &domain::moderation::queue::QueueQuery,
    limit: i64,
) -> sqlx::Result<Vec<QueueRow>> {
    let states: Vec<&str> = query.states.iter().map(|s| s.key()).collect();
    let (cmp, order) = if query.oldest_first {
        (">", "ASC")
    } else {
        ("<", "DESC")
    };
    sqlx::query_as(&format!(
        "SELECT {QUEUE_COLUMNS} FROM moderation_cases
         WHERE (cardinality($1::text[]) = 0 OR state = ANY($1))
           AND ($2::text IS NULL OR reasons @> jsonb_build_array(jsonb_build_object('category', $2::text)))
           AND ($3::text IS NULL OR reasons @> jsonb_build_array(jsonb_build_object('source', $3::text)))
           AND ($4::text IS NULL OR target_type = $4)
           AND ($5::uuid IS NULL OR id {cmp} $5)
         ORDER BY id {order}
         LIMIT $6"
    ))
    .bind(&states)
    .bind(query.category.map(|c| c.key()))
    .bind(query.source.map(|s| s.key()))
    .bind(query.target_type)
    .bind(query.cursor)
    .bind(limit)
    .fetch_all(db)
    .await
}

/// Case `id`; with `lock`, row-locked until the transaction ends.
#[tracing::instrument(skip_all)]
pub async fn find(db: impl PgExecutor<'_>, id: Uuid, lock: bool) -> sqlx::Result<Option<QueueRow>> {
    let lock = if lock { " FOR UPDATE" } else { "" };
    sqlx::query_as(&format!(
        "SELECT {QUEUE_COLUMNS} FROM moderation_cases WHERE id = $1{lock}"
    ))
    .bind(id)
    .fetch_optional(db)
    .await
}

/// Moves case `id` to `state` (with the author's appeal, when there is one)
/// and records who did it and why.
#[allow(clippy::too_many_arguments)]
#[tracing::instrument(skip_all)]
pub async fn transition(
    db: &mut sqlx::PgConnection,
    id: Uuid,
    actor: Uuid,
    action: &str,
    note: &str,
    from: &str,
    to: &str,
    now: OffsetDateTime,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE moderation_cases SET state = $2, updated_at = $3,
             appeal = CASE WHEN $4 = 'appeal' THEN $5 ELSE appeal END
         WHERE id = $1",
    )
    .bind(id)
    .bind(to)
    .bind(now)
    .bind(action)
    .bind(note)
    .execute(&mut *db)
    .await?;
    sqlx::query(
        "INSERT INTO moderation_actions (case_id, actor_id, action, note, from_state, to_state, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(actor)
    .bind(action)
    .bind(note)
    .bind(from)
    .bind(to)
    .bind(now)
    .execute(&mut *db)
    .await
    .map(|_| ())
}

/// Sets the standing of the item `target` names (requests, profiles and
/// portfolio samples have one; a message is removed or not; deals and
/// accounts have none).
#[tracing::instrument(skip_all)]
pub async fn set_item_status(
    db: impl PgExecutor<'_>,
    target: Target,
    status: Status,
) -> sqlx::Result<()> {
    let (table, key) = match target {
        Target::Request(_) => ("collaboration_requests", "id"),
        Target::Profile(_) => ("creator_profiles", "user_id"),
        Target::PortfolioItem(_) => ("portfolio_items", "id"),
        Target::Message(id) => {
            return sqlx::query("UPDATE chat_messages SET removed = $2 WHERE id = $1")
                .bind(id)
                .bind(status == Status::Removed)
                .execute(db)
                .await
                .map(|_| ());
        }
        Target::Account(_) | Target::Deal(_) => return Ok(()),
    };
    sqlx::query(&format!(
        "UPDATE {table} SET moderation_status = $2 WHERE {key} = $1::uuid"
    ))
    .bind(target.id())
    .bind(status.key())
    .execute(db)
    .await
    .map(|_| ())
}

/// Settles the case's reports (`upheld` or `dismissed`); returns their
/// reporters, to be told.
#[tracing::instrument(skip_all)]
pub async fn settle_reports(
    db: impl PgExecutor<'_>,
    case: Uuid,
    outcome: &str,
) -> sqlx::Result<Vec<Uuid>> {
    sqlx::query_scalar(
        "UPDATE reports SET state = $2 WHERE case_id = $1 AND state = 'open' RETURNING reporter_id",
    )
    .bind(case)
    .bind(outcome)
    .fetch_all(db)
    .await
}

/// Whether a moderator suspended the author in this case.
#[tracing::instrument(skip_all)]
pub async fn suspended_in(db: impl PgExecutor<'_>, case: Uuid) -> sqlx::Result<bool> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM moderation_actions WHERE case_id = $1 AND action = 'suspend')",
    )
    .bind(case)
    .fetch_one(db)
    .await
}

/// The reports on these cases, oldest first: (case, reporter's name, reason, note, state, at).
pub type ReportLine = (Uuid, String, String, Option<String>, String, OffsetDateTime);

#[tracing::instrument(skip_all)]
pub async fn reports_of(db: impl PgExecutor<'_>, cases: &[Uuid]) -> sqlx::Result<Vec<ReportLine>> {
    sqlx::query_as(
        "SELECT r.case_id, u.display_name, r.reason, r.note, r.state, r.created_at
         FROM reports r JOIN users u ON u.id = r.reporter_id
         WHERE r.case_id = ANY($1) ORDER BY r.created_at, r.id",
    )
    .bind(cases)
    .fetch_all(db)
    .await
}

/// The actions on these cases, oldest first: (case, action, note, by, from, to, at).
pub type ActionLine = (
    Uuid,
    String,
    String,
    Option<String>,
    String,
    String,
    OffsetDateTime,
);

#[tracing::instrument(skip_all)]
pub async fn actions_of(db: impl PgExecutor<'_>, cases: &[Uuid]) -> sqlx::Result<Vec<ActionLine>> {
    sqlx::query_as(
        "SELECT a.case_id, a.action, a.note, u.display_name, a.from_state, a.to_state, a.created_at
         FROM moderation_actions a LEFT JOIN users u ON u.id = a.actor_id
         WHERE a.case_id = ANY($1) ORDER BY a.id",
    )
    .bind(cases)
    .fetch_all(db)
    .await
}

/// The authors of these cases: (id, name, role, status, joined, cases about them).
pub type AuthorLine = (Uuid, String, String, String, OffsetDateTime, i64);

#[tracing::instrument(skip_all)]
pub async fn authors(db: impl PgExecutor<'_>, ids: &[Uuid]) -> sqlx::Result<Vec<AuthorLine>> {
    sqlx::query_as(
        "SELECT u.id, u.display_name, u.role, u.status, u.created_at,
                (SELECT count(*) FROM moderation_cases c WHERE c.author_id = u.id)
         FROM users u WHERE u.id = ANY($1)",
    )
    .bind(ids)
    .fetch_all(db)
    .await
}

/// Writes that `admin` saw `what` of `subject` (requirement 12.6).
#[tracing::instrument(skip_all)]
pub async fn log_access(
    db: impl PgExecutor<'_>,
    admin: Uuid,
    subject: Option<Uuid>,
    what: &str,
    now: OffsetDateTime,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO access_log (admin_id, subject_id, what, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(admin)
    .bind(subject)
    .bind(what)
    .bind(now)
    .execute(db)
    .await
    .map(|_| ())
}

/// One access-log line: (id, admin's name, subject, subject's name, what, at).
pub type AccessLine = (
    i64,
    Option<String>,
    Option<Uuid>,
    Option<String>,
    String,
    OffsetDateTime,
);

#[tracing::instrument(skip_all)]
pub async fn access_log(
    db: impl PgExecutor<'_>,
    before_id: Option<i64>,
    limit: i64,
) -> sqlx::Result<Vec<AccessLine>> {
    sqlx::query_as(
        "SELECT l.id, a.display_name, l.subject_id, s.display_name, l.what, l.created_at
         FROM access_log l LEFT JOIN users a ON a.id = l.admin_id LEFT JOIN users s ON s.id = l.subject_id
         WHERE ($1::bigint IS NULL OR l.id < $1)
         ORDER BY l.id DESC LIMIT $2",
    )
    .bind(before_id)
    .bind(limit)
    .fetch_all(db)
    .await
}

/// `author`'s decided cases, newest first, each with the moderator's last note.
#[tracing::instrument(skip_all)]
pub async fn decided_for_author(
    db: impl PgExecutor<'_>,
    author: Uuid,
) -> sqlx::Result<Vec<(QueueRow, Option<String>)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        case: QueueRow,
        note: Option<String>,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT c.id, c.target_type, c.target_id, c.author_id, c.state, c.reasons, c.excerpt, c.appeal,
                c.created_at, c.updated_at,
                (SELECT a.note FROM moderation_actions a WHERE a.case_id = c.id AND a.action <> 'appeal'
                 ORDER BY a.id DESC LIMIT 1) AS note
         FROM moderation_cases c
         WHERE c.author_id = $1 AND c.state NOT IN ('open', 'approved')
         ORDER BY c.updated_at DESC, c.id DESC LIMIT 50",
    )
    .bind(author)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.case, r.note)).collect())
}
