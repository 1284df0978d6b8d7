//! SQL, one module per table group. Plain functions over a pool or a
//! transaction; no business rules here.

pub mod embeddings;
pub mod jobs;
pub mod profiles;
pub mod rate_limits;
pub mod requests;
pub mod tokens;
pub mod users;
