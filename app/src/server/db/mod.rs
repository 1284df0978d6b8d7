//! SQL, one module per table group. Plain functions over a pool or a
//! transaction; no business rules here.

pub mod embeddings;
pub mod jobs;
pub mod portfolio;
pub mod profiles;
pub mod rate_limits;
pub mod requests;
pub mod saved_searches;
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
    /// Every row that passes the filters, compared exactly.
    Exact,
}

/// Sets the knobs of a nearest-neighbour query for the current transaction.
async fn prepare_scan(conn: &mut PgConnection, scan: Scan, k: i64) -> sqlx::Result<()> {
    let query = match scan {
        Scan::Index => sqlx::query(
            "SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true), set_config('hnsw.ef_search', $1, true)",
        )
        .bind(k.clamp(40, 1000).to_string()),
        Scan::Exact => sqlx::query("SELECT set_config('enable_indexscan', 'off', true)"),
    };
    query.execute(conn).await.map(|_| ())
}
