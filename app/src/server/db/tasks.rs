//! `tasks`: every query names the owner; a deleted task stays for undo
//! until housekeeping purges it.

use domain::{Due, Priority, StatusFilter, TaskQuery, TaskSort};
use sqlx::{FromRow, PgExecutor};
use time::{Date, OffsetDateTime, PrimitiveDateTime, Time};
use uuid::Uuid;

#[derive(FromRow, Debug, Clone)]
pub struct TaskRow {
    pub id: i64,
    pub title: String,
    pub description: Option<String>,
    pub priority: String,
    pub due_date: Option<Date>,
    pub due_time: Option<Time>,
    pub completed: bool,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    pub completed_at: Option<OffsetDateTime>,
}

impl TaskRow {
    pub fn priority(&self) -> Priority {
        Priority::from_key(&self.priority).unwrap_or(Priority::Medium)
    }

    pub fn due(&self) -> Option<Due> {
        self.due_date.map(|date| Due {
            date,
            time: self.due_time,
        })
    }
}

const COLUMNS: &str = "id, title, description, priority, due_date, due_time, completed, created_at, updated_at, completed_at";

/// The fields a task is written with.
pub struct TaskValues<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub priority: Priority,
    pub due: Option<Due>,
    pub completed: bool,
}

/// `user`'s local time now, in the time zone they chose.
#[tracing::instrument(skip_all)]
pub async fn local_now(
    db: impl PgExecutor<'_>,
    user: Uuid,
    now: OffsetDateTime,
) -> sqlx::Result<PrimitiveDateTime> {
    sqlx::query_scalar("SELECT $2::timestamptz AT TIME ZONE time_zone FROM users WHERE id = $1")
        .bind(user)
        .bind(now)
        .fetch_one(db)
        .await
}

#[tracing::instrument(skip_all)]
pub async fn insert(
    db: impl PgExecutor<'_>,
    user: Uuid,
    v: &TaskValues<'_>,
    now: OffsetDateTime,
) -> sqlx::Result<TaskRow> {
    write(db, user, None, v, now)
        .await?
        .ok_or(sqlx::Error::RowNotFound)
}

/// Writes every field of `user`'s task `id` (not deleted).
#[tracing::instrument(skip_all)]
pub async fn update(
    db: impl PgExecutor<'_>,
    user: Uuid,
    id: i64,
    v: &TaskValues<'_>,
    now: OffsetDateTime,
) -> sqlx::Result<Option<TaskRow>> {
    write(db, user, Some(id), v, now).await
}

/// A new task (`id` None) or every field of an existing one; the values
/// are bound the same way for both.
async fn write(
    db: impl PgExecutor<'_>,
    user: Uuid,
    id: Option<i64>,
    v: &TaskValues<'_>,
    now: OffsetDateTime,
) -> sqlx::Result<Option<TaskRow>> {
    let sql = match id {
        None => format!(
            "INSERT INTO tasks (user_id, title, description, priority, due_date, due_time, completed,
                                completed_at, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $7 THEN $8 END, $8, $8)
             RETURNING {COLUMNS}"
        ),
        Some(_) => format!(
            "UPDATE tasks SET title = $2, description = $3, priority = $4, due_date = $5, due_time = $6,
                    completed = $7,
                    completed_at = CASE WHEN NOT $7 THEN NULL WHEN completed THEN completed_at ELSE $8 END,
                    updated_at = $8
             WHERE id = $9 AND user_id = $1 AND deleted_at IS NULL
             RETURNING {COLUMNS}"
        ),
    };
    let mut query = sqlx::query_as(&sql)
        .bind(user)
        .bind(v.title)
        .bind(v.description)
        .bind(v.priority.key())
        .bind(v.due.map(|d| d.date))
        .bind(v.due.and_then(|d| d.time))
        .bind(v.completed)
        .bind(now);
    if let Some(id) = id {
        query = query.bind(id);
    }
    query.fetch_optional(db).await
}

/// `user`'s task `id` unless deleted; `FOR UPDATE` in a transaction.
#[tracing::instrument(skip_all)]
pub async fn find(
    db: impl PgExecutor<'_>,
    user: Uuid,
    id: i64,
    lock: bool,
) -> sqlx::Result<Option<TaskRow>> {
    let lock = if lock { " FOR UPDATE" } else { "" };
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM tasks WHERE id = $1 AND user_id = $2 AND deleted_at IS NULL{lock}"
    ))
    .bind(id)
    .bind(user)
    .fetch_optional(db)
    .await
}

/// Marks `user`'s task `id` deleted (`true`, undoable) or brings a deleted
/// one back (`false`); `None` when it is not in the other state.
#[tracing::instrument(skip_all)]
pub async fn set_deleted(
    db: impl PgExecutor<'_>,
    user: Uuid,
    id: i64,
    deleted: bool,
    now: OffsetDateTime,
) -> sqlx::Result<Option<TaskRow>> {
    let change = if deleted {
        "deleted_at = $3 WHERE id = $1 AND user_id = $2 AND deleted_at IS NULL"
    } else {
        "deleted_at = NULL, updated_at = $3 WHERE id = $1 AND user_id = $2 AND deleted_at IS NOT NULL"
    };
    sqlx::query_as(&format!("UPDATE tasks SET {change} RETURNING {COLUMNS}"))
        .bind(id)
        .bind(user)
        .bind(now)
        .fetch_optional(db)
        .await
}

/// `%`, `_` and `\` taken literally in a LIKE pattern.
fn like_pattern(text: &str) -> String {
    let mut out = String::from("%");
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

fn order_by(sort: TaskSort) -> &'static str {
    match sort {
        TaskSort::Due => "due_date ASC NULLS LAST, due_time ASC NULLS LAST, id",
        TaskSort::Priority => {
            "CASE priority WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, due_date ASC NULLS LAST, due_time ASC NULLS LAST, id"
        }
        TaskSort::Created => "created_at DESC, id DESC",
    }
}

const FILTER: &str = "user_id = $1 AND deleted_at IS NULL
      AND ($2::boolean IS NULL OR completed = $2)
      AND ($3::text IS NULL OR priority = $3)
      AND ($4::text IS NULL OR title ILIKE $4 OR description ILIKE $4)";

/// Binds `$1`–`$4` of [`FILTER`].
fn filtered<'q, O>(
    query: sqlx::query::QueryAs<'q, sqlx::Postgres, O, sqlx::postgres::PgArguments>,
    user: Uuid,
    q: &'q TaskQuery,
) -> sqlx::query::QueryAs<'q, sqlx::Postgres, O, sqlx::postgres::PgArguments> {
    query
        .bind(user)
        .bind(completed_filter(q.status))
        .bind(q.priority.map(Priority::key))
        .bind(q.text.as_deref().map(like_pattern))
}

/// A page of `user`'s tasks.
#[tracing::instrument(skip_all)]
pub async fn page(
    db: impl PgExecutor<'_>,
    user: Uuid,
    q: &TaskQuery,
) -> sqlx::Result<Vec<TaskRow>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM tasks WHERE {FILTER} ORDER BY {} LIMIT $5 OFFSET $6",
        order_by(q.sort)
    );
    filtered(sqlx::query_as(&sql), user, q)
        .bind(q.per_page as i64)
        .bind(q.offset())
        .fetch_all(db)
        .await
}

/// How many of `user`'s tasks pass the filters of `q` (all pages).
#[tracing::instrument(skip_all)]
pub async fn count(db: impl PgExecutor<'_>, user: Uuid, q: &TaskQuery) -> sqlx::Result<i64> {
    let sql = format!("SELECT count(*) FROM tasks WHERE {FILTER}");
    let (n,): (i64,) = filtered(sqlx::query_as(&sql), user, q)
        .fetch_one(db)
        .await?;
    Ok(n)
}

/// Every one of `user`'s tasks in `status`, oldest first (the assistant
/// numbers them this way), at most `limit`.
#[tracing::instrument(skip_all)]
pub async fn all(
    db: impl PgExecutor<'_>,
    user: Uuid,
    status: StatusFilter,
    limit: i64,
) -> sqlx::Result<Vec<TaskRow>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM tasks
         WHERE user_id = $1 AND deleted_at IS NULL AND ($2::boolean IS NULL OR completed = $2)
         ORDER BY created_at, id LIMIT $3"
    ))
    .bind(user)
    .bind(completed_filter(status))
    .bind(limit)
    .fetch_all(db)
    .await
}

/// Removes tasks deleted before `before` for good.
#[tracing::instrument(skip_all)]
pub async fn purge_deleted(db: impl PgExecutor<'_>, before: OffsetDateTime) -> sqlx::Result<u64> {
    Ok(sqlx::query("DELETE FROM tasks WHERE deleted_at < $1")
        .bind(before)
        .execute(db)
        .await?
        .rows_affected())
}

fn completed_filter(status: StatusFilter) -> Option<bool> {
    match status {
        StatusFilter::All => None,
        StatusFilter::Pending => Some(false),
        StatusFilter::Completed => Some(true),
    }
}
