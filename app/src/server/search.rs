//! Search across creators or active requests, keyword and meaning fused
//! into one ranking; and the user's saved searches.

use super::ai::{to_pgvector, Embedder, TextRole};
use super::db::profiles::CreatorFilter;
use super::db::requests::RequestFilter;
use super::matching::{nearest_creators, nearest_requests};
use super::{db, AppState};
use crate::error::AppError;
use crate::features::auth::User;
use crate::features::matching::{SavedSearch, SearchHit, SearchResults};
use domain::search::{fuse, SearchKind, SearchSpec};
use std::collections::HashMap;
use uuid::Uuid;

/// Candidates taken from each of the keyword and semantic lists.
const PER_LIST: i64 = 50;
/// Saved searches per user.
pub const MAX_SAVED: i64 = 50;

/// The query's vector, or `None` without a provider (keyword search only).
async fn query_vector(state: &AppState, q: &str) -> Result<Option<String>, AppError> {
    let Some(provider) = &state.embeddings else {
        return Ok(None);
    };
    let vector = provider
        .embed(vec![q.to_owned()], TextRole::Query)
        .await?
        .pop()
        .ok_or_else(AppError::internal)?;
    Ok(Some(to_pgvector(&vector)))
}

/// One hit per id, in fused order, cut to `limit`.
fn assemble<T>(
    keyword: Vec<(Uuid, T)>,
    semantic: Vec<(Uuid, T, f32)>,
    limit: usize,
    calibration: domain::matching::Calibration,
    hit: impl Fn(T, Option<u8>, bool) -> SearchHit,
) -> Vec<SearchHit> {
    let order = fuse(&[
        keyword.iter().map(|(id, _)| *id).collect(),
        semantic.iter().map(|(id, _, _)| *id).collect(),
    ]);
    let keyword_ids: Vec<Uuid> = keyword.iter().map(|(id, _)| *id).collect();
    let mut items: HashMap<Uuid, (T, Option<u8>)> = HashMap::new();
    for (id, item, cosine) in semantic {
        let similarity = (calibration.semantic(cosine) * 100.0).round() as u8;
        items.insert(id, (item, Some(similarity)));
    }
    for (id, item) in keyword {
        items.entry(id).or_insert((item, None));
    }
    order
        .into_iter()
        .take(limit)
        .filter_map(|(id, _)| {
            let (item, similarity) = items.remove(&id)?;
            Some(hit(item, similarity, keyword_ids.contains(&id)))
        })
        .collect()
}

pub async fn search(
    state: &AppState,
    caller: &User,
    spec: &SearchSpec,
) -> Result<SearchResults, AppError> {
    let q = spec.q.as_str();
    let f = &spec.filters;
    let vector = query_vector(state, q).await?;
    let calibration = state
        .embeddings
        .as_ref()
        .map(|e| e.calibration())
        .unwrap_or(domain::matching::Calibration::E5_SMALL);
    let limit = usize::from(f.limit);
    let items = match spec.kind {
        SearchKind::Creators => {
            let filter = CreatorFilter {
                niche: f.niche,
                location: f.location.as_deref(),
                language: f.language.as_deref(),
                min_followers: f.min_followers,
                max_followers: f.max_followers,
                within_budget: None,
            };
            let keyword = db::profiles::keyword(&state.pool, q, &filter, PER_LIST)
                .await?
                .into_iter()
                .map(|(p, _)| (p.user_id, p))
                .collect();
            let semantic = match &vector {
                Some(v) => nearest_creators(state, v, &filter, PER_LIST)
                    .await?
                    .into_iter()
                    .map(|(p, cosine)| (p.user_id, p, cosine))
                    .collect(),
                None => Vec::new(),
            };
            assemble(
                keyword,
                semantic,
                limit,
                calibration,
                |p, similarity, kw| SearchHit {
                    creator: Some(p.for_viewer(caller.id, caller.role)),
                    request: None,
                    similarity,
                    keyword_match: kw,
                },
            )
        }
        SearchKind::Requests => {
            let filter = RequestFilter {
                niche: f.niche,
                language: f.language.as_deref(),
                budget_reaches: None,
            };
            let keyword = db::requests::keyword(&state.pool, q, &filter, PER_LIST)
                .await?
                .into_iter()
                .map(|(r, _)| (r.id, r))
                .collect();
            let semantic = match &vector {
                Some(v) => nearest_requests(state, v, &filter, PER_LIST)
                    .await?
                    .into_iter()
                    .map(|(r, cosine)| (r.id, r, cosine))
                    .collect(),
                None => Vec::new(),
            };
            let hits = assemble(
                keyword,
                semantic,
                limit,
                calibration,
                |r, similarity, kw| SearchHit {
                    creator: None,
                    request: super::requests::view(r, None).ok(),
                    similarity,
                    keyword_match: kw,
                },
            );
            hits.into_iter().filter(|h| h.request.is_some()).collect()
        }
    };
    Ok(SearchResults {
        q: q.to_owned(),
        kind: spec.kind,
        items,
        semantic: vector.is_some(),
    })
}

fn saved_view(row: db::saved_searches::SavedSearchRow) -> Result<SavedSearch, AppError> {
    let kind = SearchKind::parse(&row.kind).map_err(|_| {
        tracing::error!(saved_search = %row.id, "stored kind does not parse");
        AppError::internal()
    })?;
    Ok(SavedSearch {
        id: row.id,
        name: row.name,
        q: row.q,
        kind,
        filters: row.filters.0,
        created_at: row.created_at,
    })
}

fn saved_not_found() -> AppError {
    AppError::not_found("That saved search")
}

pub async fn save(
    state: &AppState,
    caller: &User,
    name: &str,
    spec: &SearchSpec,
) -> Result<SavedSearch, AppError> {
    let mut tx = state.pool.begin().await?;
    // Serialise one user's saves so the cap holds under concurrent requests.
    sqlx::query("SELECT id FROM users WHERE id = $1 FOR UPDATE")
        .bind(caller.id)
        .execute(&mut *tx)
        .await?;
    if db::saved_searches::count(&mut *tx, caller.id).await? >= MAX_SAVED {
        return Err(AppError::conflict(format!(
            "You can keep at most {MAX_SAVED} saved searches; delete one first."
        )));
    }
    let id = Uuid::now_v7();
    let inserted =
        db::saved_searches::insert(&mut *tx, id, caller.id, name, spec, state.clock.now()).await?;
    if !inserted {
        return Err(AppError::conflict(format!(
            "You already have a saved search called \"{name}\"."
        )));
    }
    let row = db::saved_searches::find(&mut *tx, caller.id, id)
        .await?
        .ok_or_else(AppError::internal)?;
    tx.commit().await?;
    saved_view(row)
}

pub async fn list_saved(state: &AppState, caller: &User) -> Result<Vec<SavedSearch>, AppError> {
    db::saved_searches::list(&state.pool, caller.id, MAX_SAVED)
        .await?
        .into_iter()
        .map(saved_view)
        .collect()
}

pub async fn delete_saved(state: &AppState, caller: &User, id: Uuid) -> Result<(), AppError> {
    if db::saved_searches::delete(&state.pool, caller.id, id).await? {
        Ok(())
    } else {
        Err(saved_not_found())
    }
}

pub async fn run_saved(
    state: &AppState,
    caller: &User,
    id: Uuid,
) -> Result<SearchResults, AppError> {
    let saved = db::saved_searches::find(&state.pool, caller.id, id)
        .await?
        .ok_or_else(saved_not_found)?;
    let saved = saved_view(saved)?;
    let q = domain::text::BoundedText::parse(&saved.q, "q", 1, domain::search::MAX_QUERY_CHARS)
        .map_err(|e| AppError::validation(vec![e]))?;
    let spec = SearchSpec {
        q,
        kind: saved.kind,
        filters: saved.filters,
    };
    search(state, caller, &spec).await
}
