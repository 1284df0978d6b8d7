//! SQL, one module per table group. Plain functions over a pool or a
//! transaction; no business rules here.

pub mod api_tokens;
pub mod chats;
pub mod contracts;
pub mod conversations;
pub mod deals;
pub mod digest;
pub mod embeddings;
pub mod erasure;
pub mod interests;
pub mod jobs;
pub mod mail;
pub mod moderation;
pub mod notifications;
pub mod oauth;
pub mod portfolio;
pub mod preferences;
pub mod profiles;
pub mod rate_limits;
pub mod reports;
pub mod requests;
pub mod saved_searches;
pub mod tasks;
pub mod tokens;
pub mod users;

use sqlx::PgConnection;

/// How a nearest-neighbour query runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scan {
    /// The HNSW index with pgvector's iterative scan (relaxed order, the
    /// final order restored by sorting), so filters do not shorten the list
    /// until `hnsw.max_scan_tuples` rows have been visited.
    Index,
    /// Every row that passes the filters (found through the other indexes),
    /// compared exactly.
    Exact,
}

impl Scan {
    /// The ORDER BY of the candidate query: the distance itself lets the
    /// planner walk the HNSW index; `+ 0` hides it so rows are compared
    /// exactly while the filters still use their own indexes.
    fn order(self, column: &str) -> String {
        match self {
            Scan::Index => format!("{column} <=> $1::vector"),
            Scan::Exact => format!("({column} <=> $1::vector) + 0"),
        }
    }
}

/// Sets the knobs of an index scan for the current transaction. The caller
/// has chosen the index from a count of passing rows; the planner's own
/// estimate for combined filters can make it sort a whole niche instead, so
/// sequential and bitmap scans are switched off for that one query.
async fn prepare_scan(conn: &mut PgConnection, scan: Scan, k: i64) -> sqlx::Result<()> {
    if scan == Scan::Index {
        sqlx::query(
            "SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true), set_config('hnsw.ef_search', $1, true),
                    set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true)",
        )
        .bind((k * 2).clamp(100, 1000).to_string())
        .execute(conn)
        .await?;
    }
    Ok(())
}
