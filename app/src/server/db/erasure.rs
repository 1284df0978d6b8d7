//! Account deletion, export and the purge (issue 15, requirement 12.5).

use sqlx::{PgConnection, PgExecutor};
use time::OffsetDateTime;
use uuid::Uuid;

/// One table's rows of `$1` as a JSON array, oldest first, without the
/// columns that are not the user's to read (hashes, vectors, index data).
fn rows(table: &str, owner: &str, order: &str, hidden: &[&str]) -> String {
    let minus: String = hidden.iter().map(|c| format!(" - '{c}'")).collect();
    format!(
        "coalesce((SELECT jsonb_agg(to_jsonb(t){minus} ORDER BY t.{order}) FROM {table} t WHERE {owner}), '[]'::jsonb)"
    )
}

/// Everything kept about user `$1`, as one JSON object (what the export
/// sends). Chat messages are the user's own; the other side's are theirs.
#[tracing::instrument(skip_all)]
pub async fn export(db: impl PgExecutor<'_>, user: Uuid) -> sqlx::Result<serde_json::Value> {
    let mine_windows = "(t.brand_id = $1 OR t.creator_id = $1)";
    let my_deals = "SELECT d.id FROM deals d JOIN chat_windows w ON w.id = d.window_id
                    WHERE w.brand_id = $1 OR w.creator_id = $1";
    let sql = format!(
        "SELECT jsonb_build_object(
            'account', (SELECT to_jsonb(t) - 'password_hash' - 'failed_logins' - 'locked_until'
                               - 'deleted_at' - 'purged_at'
                        FROM users t WHERE t.id = $1),
            'creator_profile', (SELECT to_jsonb(t) - 'embedding' - 'search' - 'embedded_at' - 'listed'
                                FROM creator_profiles t WHERE t.user_id = $1),
            'portfolio', {portfolio},
            'requests', {requests},
            'interests', {interests},
            'chats', {chats},
            'chat_messages', {messages},
            'deals', {deals},
            'deal_versions', {versions},
            'contracts', {contracts},
            'contract_versions', {contract_versions},
            'contract_acceptances', {acceptances},
            'milestones', {milestones},
            'milestone_events', {milestone_events},
            'deliverables', {deliverables},
            'deliverable_submissions', {submissions},
            'notifications', {notifications},
            'saved_searches', {searches},
            'tasks', {tasks},
            'assistant_conversations', {conversations},
            'assistant_messages', {said},
            'api_tokens', {tokens},
            'reports_filed', {reports},
            'moderation_cases', {cases})",
        portfolio = rows("portfolio_items", "t.creator_id = $1", "created_at", &[]),
        requests = rows(
            "collaboration_requests",
            "t.brand_id = $1",
            "created_at",
            &["embedding", "search", "embedded_at"]
        ),
        interests = rows(
            "interests",
            "(t.creator_id = $1 OR t.request_id IN (SELECT id FROM collaboration_requests WHERE brand_id = $1))",
            "created_at",
            &[]
        ),
        chats = rows("chat_windows", mine_windows, "opened_at", &[]),
        messages = rows("chat_messages", "t.sender_id = $1", "id", &[]),
        deals = rows(
            "deals",
            "t.window_id IN (SELECT id FROM chat_windows w WHERE w.brand_id = $1 OR w.creator_id = $1)",
            "proposed_at",
            &[]
        ),
        versions = rows(
            "deal_versions",
            &format!("t.deal_id IN ({my_deals})"),
            "proposed_at",
            &[]
        ),
        contracts = rows(
            "contracts",
            &format!("t.deal_id IN ({my_deals})"),
            "created_at",
            &[]
        ),
        contract_versions = rows(
            "contract_versions",
            &format!("t.contract_id IN (SELECT id FROM contracts WHERE deal_id IN ({my_deals}))"),
            "created_at",
            &[]
        ),
        // The caller's own acceptances: the other side's address is theirs.
        acceptances = rows("contract_acceptances", "t.user_id = $1", "accepted_at", &[]),
        milestones = rows(
            "milestones",
            &format!("t.deal_id IN ({my_deals})"),
            "due_on",
            &[]
        ),
        milestone_events = rows(
            "milestone_events",
            &format!("t.milestone_id IN (SELECT id FROM milestones WHERE deal_id IN ({my_deals}))"),
            "created_at",
            &[]
        ),
        deliverables = rows(
            "deliverables",
            &format!("t.deal_id IN ({my_deals})"),
            "due_on",
            &[]
        ),
        submissions = rows(
            "deliverable_submissions",
            &format!("t.deliverable_id IN (SELECT id FROM deliverables WHERE deal_id IN ({my_deals}))"),
            "submitted_at",
            &[]
        ),
        notifications = rows("notifications", "t.user_id = $1", "created_at", &[]),
        searches = rows("saved_searches", "t.user_id = $1", "created_at", &[]),
        tasks = rows("tasks", "t.user_id = $1", "created_at", &[]),
        conversations = rows("conversations", "t.user_id = $1", "created_at", &[]),
        said = rows(
            "conversation_messages",
            "t.conversation_id IN (SELECT id FROM conversations WHERE user_id = $1)",
            "id",
            &[]
        ),
        tokens = rows("api_tokens", "t.user_id = $1", "created_at", &["token_hash"]),
        reports = rows("reports", "t.reporter_id = $1", "created_at", &[]),
        cases = rows("moderation_cases", "t.author_id = $1", "created_at", &[]),
    );
    sqlx::query_scalar(&sql).bind(user).fetch_one(db).await
}

/// Hides `user` everywhere at once (the caller holds no lock yet): `false`
/// when the account was already deleted. Their name is gone from others'
/// chats and deals, their profile from search, matches and public pages,
/// their requests closed, their live chats ended, their pending interests
/// withdrawn, every token revoked. Returns the chats that were ended.
#[tracing::instrument(skip_all)]
pub async fn hide(
    tx: &mut PgConnection,
    user: Uuid,
    now: OffsetDateTime,
) -> sqlx::Result<Option<Vec<Uuid>>> {
    let marked = sqlx::query(
        "UPDATE users SET deleted_at = $2, display_name = '', updated_at = $2
         WHERE id = $1 AND deleted_at IS NULL",
    )
    .bind(user)
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if marked == 0 {
        return Ok(None);
    }
    for sql in [
        "UPDATE creator_profiles SET listed = false WHERE user_id = $1",
        "DELETE FROM interests WHERE creator_id = $1 AND status = 'pending'",
        "DELETE FROM oauth_codes WHERE user_id = $1",
        // Mail holds the address and what it said; links and choices go too.
        "DELETE FROM mail_outbox WHERE user_id = $1",
        "DELETE FROM mail_digest_items WHERE user_id = $1",
        "DELETE FROM email_tokens WHERE user_id = $1",
        "DELETE FROM notification_preferences WHERE user_id = $1",
        // A contract's record of acceptance stays for the other side (the
        // typed name, the time, the text's hash); where it was typed from
        // goes.
        "UPDATE contract_acceptances SET ip = NULL, user_agent = NULL WHERE user_id = $1",
    ] {
        sqlx::query(sql).bind(user).execute(&mut *tx).await?;
    }
    for sql in [
        "UPDATE collaboration_requests SET status = 'closed', updated_at = $2
         WHERE brand_id = $1 AND status <> 'closed'",
        "UPDATE token_families SET revoked_at = $2, revoked_reason = 'account_deleted'
         WHERE user_id = $1 AND revoked_at IS NULL",
        "UPDATE api_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL",
    ] {
        sqlx::query(sql)
            .bind(user)
            .bind(now)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query_scalar(
        "UPDATE chat_windows SET status = 'closed', ended_at = $2, archived_at = $2, outcome = 'declined'
         WHERE (brand_id = $1 OR creator_id = $1) AND status = 'active'
         RETURNING id",
    )
    .bind(user)
    .bind(now)
    .fetch_all(&mut *tx)
    .await
    .map(Some)
}

/// Claims one deleted account whose grace period ended before `due`,
/// row-locked until the transaction ends; other instances skip it.
#[tracing::instrument(skip_all)]
pub async fn claim_due(tx: &mut PgConnection, due: OffsetDateTime) -> sqlx::Result<Option<Uuid>> {
    sqlx::query_scalar(
        "SELECT id FROM users WHERE deleted_at <= $1 AND purged_at IS NULL
         ORDER BY deleted_at LIMIT 1 FOR UPDATE SKIP LOCKED",
    )
    .bind(due)
    .fetch_optional(&mut *tx)
    .await
}

/// The object-store keys of `user`'s portfolio files.
#[tracing::instrument(skip_all)]
pub async fn file_keys(tx: &mut PgConnection, user: Uuid) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar(
        "SELECT object_key FROM portfolio_items WHERE creator_id = $1 AND object_key IS NOT NULL",
    )
    .bind(user)
    .fetch_all(&mut *tx)
    .await
}

/// Removes `user`'s personal data and leaves a nameless row that others'
/// chats, deals and moderation records may still point at. Requests others
/// answered stay with those chats; the rest go.
#[tracing::instrument(skip_all)]
pub async fn purge(tx: &mut PgConnection, user: Uuid, now: OffsetDateTime) -> sqlx::Result<()> {
    for sql in [
        "DELETE FROM creator_profiles WHERE user_id = $1",
        "DELETE FROM collaboration_requests r WHERE brand_id = $1
         AND NOT EXISTS (SELECT 1 FROM interests i WHERE i.request_id = r.id)",
        "DELETE FROM saved_searches WHERE user_id = $1",
        "DELETE FROM notifications WHERE user_id = $1",
        "DELETE FROM chat_presence WHERE user_id = $1",
        "DELETE FROM chat_unseen WHERE user_id = $1",
        "DELETE FROM daily_reminders WHERE user_id = $1",
        "DELETE FROM tasks WHERE user_id = $1",
        "DELETE FROM conversations WHERE user_id = $1",
        "DELETE FROM api_tokens WHERE user_id = $1",
        "DELETE FROM token_families WHERE user_id = $1",
        "DELETE FROM oauth_codes WHERE user_id = $1",
        // Mail holds the address and what it said; links and choices go too.
        "DELETE FROM mail_outbox WHERE user_id = $1",
        "DELETE FROM mail_digest_items WHERE user_id = $1",
        "DELETE FROM email_tokens WHERE user_id = $1",
        "DELETE FROM notification_preferences WHERE user_id = $1",
        // A contract's record of acceptance stays for the other side (the
        // typed name, the time, the text's hash); where it was typed from
        // goes.
        "UPDATE contract_acceptances SET ip = NULL, user_agent = NULL WHERE user_id = $1",
    ] {
        sqlx::query(sql).bind(user).execute(&mut *tx).await?;
    }
    sqlx::query(
        "UPDATE users SET email = 'deleted-' || id || '@deleted.invalid', password_hash = '',
                display_name = '', time_zone = 'UTC', email_verified_at = NULL, purged_at = $2, updated_at = $2
         WHERE id = $1",
    )
    .bind(user)
    .bind(now)
    .execute(&mut *tx)
    .await
    .map(|_| ())
}
