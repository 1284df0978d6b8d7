//! Ranked matches: creators for a brand's request, requests for a creator.
//!
//! Candidates come from one SQL query (hard filters plus the pgvector HNSW
//! cosine search, exact search when the index returns a short list); the
//! domain crate turns each into a 0–100 score with a breakdown and a
//! sentence, and says which filter to relax when nothing passes.

use super::db::profiles::CreatorFilter;
use super::db::requests::{RequestFilter, RequestRow};
use super::db::{self, Scan};
use super::AppState;
use crate::components::locale_of;
use crate::error::AppError;
use crate::features::auth::User;
use crate::features::creator::CreatorProfile;
use crate::features::matching::{CreatorMatch, CreatorMatches, RequestMatch, RequestMatches};
use domain::match_filters::{suggest_relax, CandidateFacts, MatchFilters};
use domain::matching::{
    budget_relation, explain, fit, score, Breakdown, BudgetRelation, Calibration, Explanation,
    Offer, Weights,
};
use domain::{RequestStatus, Role};
use uuid::Uuid;

/// How many candidates to rank for `limit` results: the score blends more
/// than similarity, so the nearest few are not always the best few.
pub fn pool_size(limit: u16) -> i64 {
    (i64::from(limit) * 5).clamp(100, 500)
}

/// How many unfiltered candidates to look at when suggesting a filter to relax.
const RELAX_POOL: i64 = 200;

fn calibration(state: &AppState) -> Calibration {
    state
        .embeddings
        .as_ref()
        .map(|e| e.calibration())
        .unwrap_or(Calibration::E5_SMALL)
}

/// Below this many passing rows, comparing them all is cheaper than
/// walking the index past the ones a filter rejects (measured: see
/// docs/benchmarks.md).
const EXACT_BELOW: i64 = 1000;

/// Nearest creators. A niche alone is answered through that niche's partial
/// HNSW index; other filters are counted first, and a selective one is
/// answered exactly (the filters' own indexes find the few rows); otherwise
/// through the index, and exactly after all if the index comes back short,
/// so no filter silently shortens a list.
pub async fn nearest_creators(
    state: &AppState,
    vector: &str,
    filter: &CreatorFilter<'_>,
    k: i64,
) -> Result<Vec<(CreatorProfile, f32)>, AppError> {
    if filter.beyond_niche()
        && db::profiles::count_passing(&state.pool, filter, EXACT_BELOW).await? < EXACT_BELOW
    {
        return Ok(db::profiles::nearest(&state.pool, Scan::Exact, vector, filter, k).await?);
    }
    let hits = db::profiles::nearest(&state.pool, Scan::Index, vector, filter, k).await?;
    if (hits.len() as i64) < k {
        return Ok(db::profiles::nearest(&state.pool, Scan::Exact, vector, filter, k).await?);
    }
    Ok(hits)
}

/// Nearest active requests, with the same exact fallback.
pub async fn nearest_requests(
    state: &AppState,
    vector: &str,
    filter: &RequestFilter<'_>,
    k: i64,
) -> Result<Vec<(RequestRow, f32)>, AppError> {
    let hits = db::requests::nearest(&state.pool, Scan::Index, vector, filter, k).await?;
    if (hits.len() as i64) < k {
        return Ok(db::requests::nearest(&state.pool, Scan::Exact, vector, filter, k).await?);
    }
    Ok(hits)
}

fn offer(creator: &CreatorProfile) -> Offer<'_> {
    Offer {
        niches: &creator.niches,
        country: creator.country.as_deref(),
        languages: &creator.languages,
        rate: creator.rate,
    }
}

fn within(relation: BudgetRelation) -> Option<bool> {
    match relation {
        BudgetRelation::Within => Some(true),
        BudgetRelation::Above => Some(false),
        BudgetRelation::Unknown => None,
    }
}

/// The brief side of a request, borrowed for scoring.
struct Brief {
    niches: Vec<domain::Niche>,
    budget: Option<domain::money::MoneyRange>,
    countries: Vec<String>,
    languages: Vec<String>,
}

impl Brief {
    fn of(request: &RequestRow) -> Self {
        Self {
            niches: request.niches(),
            budget: request.budget(),
            countries: request.target_countries.clone(),
            languages: request.target_languages.clone(),
        }
    }

    fn get(&self) -> domain::matching::Brief<'_> {
        domain::matching::Brief {
            niches: &self.niches,
            budget: self.budget,
            countries: &self.countries,
            languages: &self.languages,
        }
    }

    fn score(
        &self,
        calibration: Calibration,
        cosine: f32,
        creator: &CreatorProfile,
    ) -> (Breakdown, Explanation) {
        let breakdown = score(
            fit(cosine, self.get(), offer(creator)),
            calibration,
            Weights::DEFAULT,
        );
        let sentence = explain(&breakdown, self.get(), offer(creator));
        (breakdown, sentence)
    }

    fn facts<'a>(&self, creator: &'a CreatorProfile, score: u8) -> CandidateFacts<'a> {
        CandidateFacts {
            score,
            niches: &creator.niches,
            country: creator.country.as_deref(),
            state: creator.state.as_deref(),
            city: creator.city.as_deref(),
            languages: &creator.languages,
            followers: creator.total_followers,
            within_budget: within(budget_relation(self.budget, creator.rate)),
        }
    }
}

fn creator_filter<'a>(filters: &'a MatchFilters, brief: &'a Brief) -> CreatorFilter<'a> {
    CreatorFilter {
        niche: filters.niche,
        location: filters.location.as_deref(),
        language: filters.language.as_deref(),
        min_followers: filters.min_followers,
        max_followers: filters.max_followers,
        within_budget: filters
            .budget_fit
            .then(|| brief.budget.map(|b| (b.max(), b.currency().key())))
            .flatten(),
    }
}

fn request_filter(
    filters: &MatchFilters,
    rate: Option<domain::money::MoneyRange>,
) -> RequestFilter<'_> {
    RequestFilter {
        niche: filters.niche,
        language: filters.language.as_deref(),
        budget_reaches: filters
            .budget_fit
            .then(|| rate.map(|r| (r.min(), r.currency().key())))
            .flatten(),
    }
}

/// Creators ranked for request `id`; only its brand (and admins) may ask.
pub async fn for_request(
    state: &AppState,
    caller: &User,
    id: Uuid,
    filters: &MatchFilters,
) -> Result<CreatorMatches, AppError> {
    ranked_for_request(state, caller, id, filters, true).await
}

/// The ranking behind `for_request`; `suggest` asks for the extra query
/// that finds a filter to relax when nothing passes.
async fn ranked_for_request(
    state: &AppState,
    caller: &User,
    id: Uuid,
    filters: &MatchFilters,
    suggest: bool,
) -> Result<CreatorMatches, AppError> {
    let not_found = || AppError::not_found("That collaboration request");
    let request = db::requests::find(&state.pool, id)
        .await?
        .ok_or_else(not_found)?;
    if request.brand_id != caller.id && caller.role != Role::Admin {
        return Err(if request.status() == RequestStatus::Active {
            AppError::forbidden("Only the brand that posted this request sees its matches.")
        } else {
            not_found()
        });
    }
    let Some(vector) = db::requests::embedding(&state.pool, id).await? else {
        return Ok(CreatorMatches {
            items: Vec::new(),
            indexing: true,
            suggestion: None,
        });
    };
    let brief = Brief::of(&request);
    let calibration = calibration(state);
    let candidates = nearest_creators(
        state,
        &vector,
        &creator_filter(filters, &brief),
        pool_size(filters.limit),
    )
    .await?;
    let mut ranked: Vec<(Uuid, Breakdown, Explanation, CreatorProfile)> = candidates
        .into_iter()
        .map(|(creator, cosine)| {
            let (breakdown, sentence) = brief.score(calibration, cosine, &creator);
            (creator.user_id, breakdown, sentence, creator)
        })
        .filter(|(_, b, _, _)| b.total >= filters.min_score)
        .collect();
    ranked.sort_by(|a, b| b.1.total.cmp(&a.1.total).then_with(|| a.0.cmp(&b.0)));
    ranked.truncate(usize::from(filters.limit));

    let suggestion = if suggest && ranked.is_empty() {
        let everyone = nearest_creators(
            state,
            &vector,
            &creator_filter(&MatchFilters::default(), &brief),
            RELAX_POOL,
        )
        .await?;
        let failures: Vec<_> = everyone
            .iter()
            .map(|(creator, cosine)| {
                let total = brief.score(calibration, *cosine, creator).0.total;
                (total, filters.failures(&brief.facts(creator, total)))
            })
            .collect();
        suggest_relax(&failures).map(|mut relax| {
            relax.message = crate::words::relax(locale_of(caller.language), &relax);
            relax
        })
    } else {
        None
    };
    Ok(CreatorMatches {
        items: ranked
            .into_iter()
            .map(|(_, breakdown, reasons, creator)| CreatorMatch {
                creator: creator.for_viewer(caller.id, caller.role),
                score: breakdown.total,
                breakdown,
                explanation: crate::words::explanation(locale_of(caller.language), &reasons),
                reasons,
            })
            .collect(),
        indexing: request.indexing,
        suggestion,
    })
}

/// Requests ranked for the signed-in creator. Of the filters, `min_score`,
/// `niche`, `language`, `budget_fit` and `limit` apply; the creator-only
/// ones (location, followers) are ignored.
pub async fn for_creator(
    state: &AppState,
    caller: &User,
    filters: &MatchFilters,
) -> Result<RequestMatches, AppError> {
    let profile = super::profiles::get_own(state, caller).await?;
    let Some(vector) = db::profiles::embedding(&state.pool, caller.id).await? else {
        return Ok(RequestMatches {
            items: Vec::new(),
            indexing: true,
            suggestion: None,
        });
    };
    let filters = MatchFilters {
        location: None,
        min_followers: None,
        max_followers: None,
        ..filters.clone()
    };
    let calibration = calibration(state);
    let scored = |rows: Vec<(RequestRow, f32)>| -> Vec<(RequestRow, Breakdown, Explanation)> {
        rows.into_iter()
            .map(|(row, cosine)| {
                let brief = Brief::of(&row);
                let (breakdown, sentence) = brief.score(calibration, cosine, &profile);
                (row, breakdown, sentence)
            })
            .collect()
    };
    let mut ranked: Vec<_> = scored(
        nearest_requests(
            state,
            &vector,
            &request_filter(&filters, profile.rate),
            pool_size(filters.limit),
        )
        .await?,
    )
    .into_iter()
    .filter(|(_, b, _)| b.total >= filters.min_score)
    .collect();
    ranked.sort_by(|a, b| b.1.total.cmp(&a.1.total).then_with(|| a.0.id.cmp(&b.0.id)));
    ranked.truncate(usize::from(filters.limit));

    let suggestion = if ranked.is_empty() {
        let all = scored(
            nearest_requests(
                state,
                &vector,
                &request_filter(&MatchFilters::default(), profile.rate),
                RELAX_POOL,
            )
            .await?,
        );
        let failures: Vec<_> = all
            .iter()
            .map(|(row, breakdown, _)| {
                let brief = Brief::of(row);
                // A request open to any language accepts the wanted one.
                let languages = if row.target_languages.is_empty() {
                    filters.language.iter().cloned().collect()
                } else {
                    row.target_languages.clone()
                };
                let facts = CandidateFacts {
                    score: breakdown.total,
                    niches: &brief.niches,
                    country: None,
                    state: None,
                    city: None,
                    languages: &languages,
                    followers: 0,
                    within_budget: within(budget_relation(brief.budget, profile.rate)),
                };
                (breakdown.total, filters.failures(&facts))
            })
            .collect();
        suggest_relax(&failures).map(|mut relax| {
            relax.message = crate::words::relax(locale_of(caller.language), &relax);
            relax
        })
    } else {
        None
    };
    let items = ranked
        .into_iter()
        .map(|(row, breakdown, reasons)| {
            Ok(RequestMatch {
                request: super::requests::view(row, None)?,
                score: breakdown.total,
                breakdown,
                explanation: crate::words::explanation(locale_of(caller.language), &reasons),
                reasons,
            })
        })
        .collect::<Result<_, AppError>>()?;
    Ok(RequestMatches {
        items,
        indexing: profile.indexing,
        suggestion,
    })
}

/// How many creators score at least `threshold` for request `id` (among
/// the best 100), for summaries.
pub async fn count_good(
    state: &AppState,
    caller: &User,
    id: Uuid,
    threshold: u8,
) -> Result<usize, AppError> {
    let filters = MatchFilters {
        min_score: threshold,
        limit: domain::match_filters::MAX_LIMIT,
        ..MatchFilters::default()
    };
    // Summaries need the count only, not a suggestion for an empty list.
    Ok(ranked_for_request(state, caller, id, &filters, false)
        .await?
        .items
        .len())
}
