//! Contracts after a confirmed deal (issue 17, requirements 8.6, 9.1–9.3).
//! Either party generates the contract from the confirmed terms and the
//! details form, and proposes changes as new versions; each side accepts
//! the latest version with its typed name and consent, recorded with the
//! time, address, browser and the SHA-256 of the exact text. Both on one
//! version: final. Every step holds the contract's row lock.

use super::{db, notify, AppState};
use crate::error::AppError;
use crate::features::auth::User;
use crate::features::workspace::{
    AcceptForm, Acceptance, Contract, ContractVersion, VersionSummary,
};
use db::contracts::{ContractRow, VersionRow};
use db::deals::DealRow;
use domain::contract::{Acceptances, ContractDetails, ContractDetailsForm, ContractError};
use domain::contract_text::{self, ContractInput, Document};
use domain::{FieldError, Language, Party};
use serde_json::json;
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// The client's address as the HTTP layer found it (the peer, or the
/// first trusted `X-Forwarded-For` hop), in every request's extensions.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub Option<std::net::IpAddr>);

/// Where an acceptance came from.
#[derive(Debug, Clone, Default)]
pub struct Witness {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

impl Witness {
    /// The address and browser of a request.
    pub fn of(addr: Option<&ClientAddr>, headers: &axum::http::HeaderMap) -> Self {
        Self {
            ip: addr.and_then(|a| a.0).map(|ip| ip.to_string()),
            user_agent: headers
                .get(axum::http::header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .map(|ua| ua.chars().take(500).collect()),
        }
    }
}

fn not_found() -> AppError {
    AppError::not_found("That contract")
}

fn party_of(user: Uuid, brand: Uuid) -> Party {
    if user == brand {
        Party::Brand
    } else {
        Party::Creator
    }
}

fn party_key(party: Party) -> &'static str {
    match party {
        Party::Brand => "brand",
        Party::Creator => "creator",
    }
}

fn conflict(e: ContractError) -> AppError {
    AppError::conflict(e.to_string())
}

/// The documents of a version: English first (the reference), then the
/// creator's language when it is another; their exact text and its hash.
fn write(input: &ContractInput<'_>, creator_language: Language) -> (Vec<Document>, String, String) {
    let mut documents = vec![contract_text::generate(input, Language::En)];
    if creator_language != Language::En {
        documents.push(contract_text::generate(input, creator_language));
    }
    let body = documents
        .iter()
        .map(Document::text)
        .collect::<Vec<_>>()
        .join("\n\n");
    let sha256 = hex(&Sha256::digest(body.as_bytes()));
    (documents, body, sha256)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Severe words in the typed details are refused at their field, as
/// anywhere else text is published to another user.
async fn screen(state: &AppState, details: &ContractDetails) -> Result<(), AppError> {
    let mut fields: Vec<(String, &str)> = vec![
        ("usage_channels".into(), details.usage_channels.as_str()),
        ("territory".into(), details.territory.as_str()),
        ("jurisdiction".into(), details.jurisdiction.as_str()),
    ];
    if let Some(x) = &details.exclusivity {
        fields.push(("exclusivity_category".into(), x.category.as_str()));
    }
    for (i, d) in details.deliverables.iter().enumerate() {
        fields.push((format!("deliverables.{i}.format"), d.format.as_str()));
    }
    for (i, m) in details.milestones.iter().enumerate() {
        fields.push((format!("milestones.{i}.label"), m.label.as_str()));
    }
    let named: Vec<(&str, &str)> = fields.iter().map(|(f, t)| (f.as_str(), *t)).collect();
    super::moderation::check(state, domain::moderation::Context::Listing, &named).await?;
    Ok(())
}

struct Facts<'a> {
    deal: &'a DealRow,
    creator_language: Language,
}

async fn creator_language(
    tx: &mut sqlx::PgConnection,
    deal: &DealRow,
) -> Result<Language, AppError> {
    Ok(db::users::find_by_id(&mut *tx, deal.creator_id)
        .await?
        .map(|u| u.language)
        .unwrap_or_default())
}

fn terms_of(deal: &DealRow) -> Result<domain::DealTerms, AppError> {
    domain::DealForm {
        deliverables: deal.deliverables.clone(),
        timeline: deal.timeline.clone(),
        amount: Some(deal.amount),
        currency: deal.currency.clone(),
        usage_rights: deal.usage_rights.clone(),
    }
    .parse()
    .map_err(|_| AppError::internal())
}

/// Writes version `version` of `contract` from `details`.
async fn add_version(
    tx: &mut sqlx::PgConnection,
    state: &AppState,
    caller: &User,
    contract: Uuid,
    version: i32,
    facts: &Facts<'_>,
    details: &ContractDetails,
) -> Result<(), AppError> {
    let now = state.clock.now();
    let terms = terms_of(facts.deal)?;
    let reference = facts.deal.id.simple().to_string();
    let input = ContractInput {
        brand: &facts.deal.brand_name,
        creator: &facts.deal.creator_name,
        deal: &reference[..8],
        version: u32::try_from(version).unwrap_or(1),
        date: now.date(),
        terms: &terms,
        details,
    };
    let (documents, body, sha256) = write(&input, facts.creator_language);
    db::contracts::add_version(
        &mut *tx,
        db::contracts::NewVersion {
            contract,
            version,
            details,
            documents: &documents,
            body: &body,
            sha256: &sha256,
            by: caller.id,
            now,
        },
    )
    .await?;
    Ok(())
}

/// What a contract notification says: the deal, the version and who acted.
fn told(deal: &DealRow, contract: Uuid, version: i32, by: &User) -> serde_json::Value {
    json!({
        "deal_id": deal.id, "contract_id": contract, "version": version,
        "request_title": deal.request_title, "by_name": by.display_name,
    })
}

async fn tell(
    tx: &mut sqlx::PgConnection,
    state: &AppState,
    users: &[Uuid],
    kind: &str,
    data: &serde_json::Value,
) -> Result<(), AppError> {
    for user in users {
        notify::send(
            &mut *tx,
            state,
            notify::Notice {
                user: *user,
                kind,
                data,
                once_key: None,
            },
        )
        .await?;
    }
    Ok(())
}

fn other(deal: &DealRow, caller: &User) -> Uuid {
    if caller.id == deal.brand_id {
        deal.creator_id
    } else {
        deal.brand_id
    }
}

/// Generates deal `deal`'s contract (version 1) from its confirmed terms
/// and `form`; the other side is told. 409 before both confirmed the deal,
/// or when it has a contract already.
pub async fn generate(
    state: &AppState,
    caller: &User,
    deal: Uuid,
    form: &ContractDetailsForm,
) -> Result<Contract, AppError> {
    super::moderation::require_active(caller)?;
    let details = form
        .parse(state.clock.now().date())
        .map_err(AppError::validation)?;
    screen(state, &details).await?;
    let mut tx = state.pool.begin().await?;
    let deal = db::deals::get_for(&mut *tx, deal, caller.id)
        .await?
        .ok_or_else(|| AppError::not_found("That deal"))?;
    if deal.confirmed_at.is_none() {
        return Err(AppError::conflict(
            "Both sides confirm the deal's terms before its contract is written.",
        ));
    }
    let id = Uuid::now_v7();
    if !db::contracts::insert(&mut *tx, id, deal.id, state.clock.now()).await? {
        return Err(AppError::conflict(
            "This deal has its contract; propose changes to it as a new version.",
        ));
    }
    let facts = Facts {
        creator_language: creator_language(&mut tx, &deal).await?,
        deal: &deal,
    };
    add_version(&mut tx, state, caller, id, 1, &facts, &details).await?;
    let data = told(&deal, id, 1, caller);
    tell(
        &mut tx,
        state,
        &[other(&deal, caller)],
        "contract_ready",
        &data,
    )
    .await?;
    let contract = view(&mut tx, caller, id).await?;
    tx.commit().await?;
    Ok(contract)
}

/// Lays `changes` (some fields of the details form, as JSON) over the
/// latest version's details.
fn changed(
    current: &ContractDetails,
    changes: &serde_json::Value,
    today: time::Date,
) -> Result<ContractDetails, AppError> {
    let Some(changes) = changes.as_object() else {
        return Err(AppError::validation(vec![FieldError::new(
            "changes",
            "invalid",
            "Send the fields to change, as an object.",
        )]));
    };
    let mut form = serde_json::to_value(current.to_form()).map_err(|_| AppError::internal())?;
    if let Some(form) = form.as_object_mut() {
        for (key, value) in changes {
            form.insert(key.clone(), value.clone());
        }
    }
    let form: ContractDetailsForm = serde_json::from_value(form).map_err(|e| {
        AppError::validation(vec![FieldError::new(
            "changes",
            "invalid",
            format!("These changes do not fit the contract's details: {e}"),
        )])
    })?;
    let next = form.parse(today).map_err(AppError::validation)?;
    if next == *current {
        return Err(AppError::validation(vec![FieldError::new(
            "changes",
            "unchanged",
            "These changes leave the contract as it is.",
        )]));
    }
    Ok(next)
}

/// A new version of contract `id` with `changes`; it clears both
/// acceptances, and the other side is told. 409 once the contract is final.
pub async fn revise(
    state: &AppState,
    caller: &User,
    id: Uuid,
    changes: &serde_json::Value,
) -> Result<Contract, AppError> {
    super::moderation::require_active(caller)?;
    let mut tx = state.pool.begin().await?;
    let row = db::contracts::get_for(&mut *tx, id, caller.id)
        .await?
        .ok_or_else(not_found)?;
    db::contracts::lock(&mut tx, id).await?;
    let row = db::contracts::get_for(&mut *tx, row.id, caller.id)
        .await?
        .ok_or_else(not_found)?;
    acceptances(&mut tx, &row)
        .await?
        .revise()
        .map_err(conflict)?;
    let latest = db::contracts::version(&mut *tx, id, row.latest_version)
        .await?
        .ok_or_else(AppError::internal)?;
    let details = changed(&latest.details.0, changes, state.clock.now().date())?;
    screen(state, &details).await?;
    let deal = db::deals::get_for(&mut *tx, row.deal_id, caller.id)
        .await?
        .ok_or_else(not_found)?;
    let facts = Facts {
        creator_language: creator_language(&mut tx, &deal).await?,
        deal: &deal,
    };
    let version = row.latest_version + 1;
    add_version(&mut tx, state, caller, id, version, &facts, &details).await?;
    let data = told(&deal, id, version, caller);
    tell(
        &mut tx,
        state,
        &[other(&deal, caller)],
        "contract_revised",
        &data,
    )
    .await?;
    let contract = view(&mut tx, caller, id).await?;
    tx.commit().await?;
    Ok(contract)
}

/// Who accepted the latest version (or the final one).
async fn acceptances(
    tx: &mut sqlx::PgConnection,
    row: &ContractRow,
) -> Result<Acceptances, AppError> {
    let of = row.final_version.unwrap_or(row.latest_version);
    let mut out = Acceptances::default();
    for a in db::contracts::acceptances(&mut *tx, row.id).await? {
        if a.version != of {
            continue;
        }
        let version = u32::try_from(a.version).ok();
        match a.party.as_str() {
            "brand" => out.brand = version,
            _ => out.creator = version,
        }
    }
    Ok(out)
}

/// The caller accepts `form.version` of contract `id`: 409 when it is not
/// the latest, when they accepted it already or when the contract is final;
/// 422 without a typed name or consent. Both on one version: final, and
/// both are told.
pub async fn accept(
    state: &AppState,
    caller: &User,
    id: Uuid,
    form: &AcceptForm,
    witness: &Witness,
) -> Result<Contract, AppError> {
    super::moderation::require_active(caller)?;
    let (version, full_name) = form.check().map_err(AppError::validation)?;
    let now = state.clock.now();
    let mut tx = state.pool.begin().await?;
    db::contracts::get_for(&mut *tx, id, caller.id)
        .await?
        .ok_or_else(not_found)?;
    db::contracts::lock(&mut tx, id).await?;
    let row = db::contracts::get_for(&mut *tx, id, caller.id)
        .await?
        .ok_or_else(not_found)?;
    let party = party_of(caller.id, row.brand_id);
    let before = acceptances(&mut tx, &row).await?;
    let after = before
        .accept(
            party,
            u32::try_from(version).unwrap_or(0),
            u32::try_from(row.latest_version).unwrap_or(0),
        )
        .map_err(conflict)?;
    let accepted = db::contracts::version(&mut *tx, id, version)
        .await?
        .ok_or_else(AppError::internal)?;
    db::contracts::accept(
        &mut *tx,
        db::contracts::NewAcceptance {
            contract: id,
            version,
            party: party_key(party),
            user: caller.id,
            full_name,
            ip: witness.ip.as_deref(),
            user_agent: witness.user_agent.as_deref(),
            sha256: &accepted.sha256,
            now,
        },
    )
    .await?;
    let deal = db::deals::get_for(&mut *tx, row.deal_id, caller.id)
        .await?
        .ok_or_else(not_found)?;
    let data = told(&deal, id, version, caller);
    if after.final_version().is_some() {
        db::contracts::finalize(&mut *tx, id, version, now).await?;
        super::milestones::create_for(
            &mut tx,
            id,
            deal.id,
            deal.amount,
            &deal.currency,
            &accepted.details.0,
            now,
        )
        .await?;
        super::deliverables::create_for(&mut tx, id, deal.id, &accepted.details.0, now).await?;
        let both = [deal.brand_id, deal.creator_id];
        tell(&mut tx, state, &both, "contract_accepted", &data).await?;
    } else {
        let them = [other(&deal, caller)];
        tell(&mut tx, state, &them, "contract_accepted_by_other", &data).await?;
    }
    let contract = view(&mut tx, caller, id).await?;
    tx.commit().await?;
    Ok(contract)
}

/// Contract `id` as the caller sees it; 404 for anyone but its parties.
pub async fn get(state: &AppState, caller: &User, id: Uuid) -> Result<Contract, AppError> {
    let mut conn = state.pool.acquire().await?;
    db::contracts::get_for(&mut *conn, id, caller.id)
        .await?
        .ok_or_else(not_found)?;
    view(&mut conn, caller, id).await
}

/// The contract of deal `deal`, if it has one (caller checked).
pub async fn for_deal(
    conn: &mut sqlx::PgConnection,
    caller: &User,
    deal: Uuid,
) -> Result<Option<Contract>, AppError> {
    match db::contracts::for_deal(&mut *conn, deal).await? {
        Some(row) => Ok(Some(view(conn, caller, row.id).await?)),
        None => Ok(None),
    }
}

/// Version `n` of contract `id` with what changed from `n − 1`.
pub async fn version(
    state: &AppState,
    caller: &User,
    id: Uuid,
    n: i32,
) -> Result<ContractVersion, AppError> {
    db::contracts::get_for(&state.pool, id, caller.id)
        .await?
        .ok_or_else(not_found)?;
    let row = db::contracts::version(&state.pool, id, n)
        .await?
        .ok_or_else(|| AppError::not_found("That version"))?;
    let before = match n {
        1 => None,
        _ => db::contracts::version(&state.pool, id, n - 1).await?,
    };
    Ok(version_view(row, before.as_ref()))
}

fn version_view(row: VersionRow, before: Option<&VersionRow>) -> ContractVersion {
    ContractVersion {
        version: row.version,
        details: row.details.0.to_form(),
        diff: before.map(|b| contract_text::diff(&b.body, &row.body)),
        documents: row.documents.0,
        text: row.body,
        sha256: row.sha256,
        proposed_by: row.proposed_by,
        proposed_by_name: row.proposed_by_name,
        created_at: row.created_at,
    }
}

async fn view(
    conn: &mut sqlx::PgConnection,
    caller: &User,
    id: Uuid,
) -> Result<Contract, AppError> {
    let row = db::contracts::get_for(&mut *conn, id, caller.id)
        .await?
        .ok_or_else(not_found)?;
    let accepted = acceptances(conn, &row).await?;
    let latest = db::contracts::version(&mut *conn, id, row.latest_version)
        .await?
        .ok_or_else(AppError::internal)?;
    let before = match row.latest_version {
        1 => None,
        n => db::contracts::version(&mut *conn, id, n - 1).await?,
    };
    let all_acceptances = db::contracts::acceptances(&mut *conn, id).await?;
    let versions = db::contracts::history(&mut *conn, id)
        .await?
        .into_iter()
        .map(|h| VersionSummary {
            acceptances: all_acceptances
                .iter()
                .filter(|a| a.version == h.version)
                .map(|a| Acceptance {
                    party: a.party.clone(),
                    full_name: a.full_name.clone(),
                    accepted_at: a.accepted_at,
                })
                .collect(),
            version: h.version,
            sha256: h.sha256,
            proposed_by: h.proposed_by,
            proposed_by_name: h.proposed_by_name,
            created_at: h.created_at,
        })
        .collect();
    let party = party_of(caller.id, row.brand_id);
    let is_final = accepted.final_version().is_some();
    let mut allowed_actions = Vec::new();
    if !is_final && caller.status.may_act() {
        allowed_actions.push("revise".to_owned());
        if accepted.by(party).is_none() {
            allowed_actions.push("accept".to_owned());
        }
    }
    if is_final {
        allowed_actions.push("download_pdf".to_owned());
    }
    Ok(Contract {
        id: row.id,
        deal_id: row.deal_id,
        status: if is_final { "final" } else { "open" }.to_owned(),
        latest_version: row.latest_version,
        final_version: row.final_version,
        finalized_at: row.finalized_at,
        brand_accepted: accepted.brand.is_some(),
        creator_accepted: accepted.creator.is_some(),
        allowed_actions,
        latest: version_view(latest, before.as_ref()),
        versions,
        pdf_sha256: row.pdf_sha256,
    })
}

/// A short-lived link to the final PDF of contract `id` for one of its
/// parties (made now if the sweep has not made it yet); 404 for anyone
/// else, 409 while the contract is not final.
pub async fn pdf_link(state: &AppState, caller: &User, id: Uuid) -> Result<String, AppError> {
    let row = db::contracts::get_for(&state.pool, id, caller.id)
        .await?
        .ok_or_else(not_found)?;
    if row.final_version.is_none() {
        return Err(AppError::conflict(
            "The PDF is made when both sides have accepted the same version.",
        ));
    }
    let key = match row.pdf_key {
        Some(key) => key,
        None => make_pdf(state, id).await?,
    };
    Ok(super::files::signed_url(state, &key, state.clock.now()))
}

/// Makes and stores the final PDF of contract `id` once, under its row
/// lock (another instance waits, then finds it made); answers its key.
pub async fn make_pdf(state: &AppState, id: Uuid) -> Result<String, AppError> {
    state.pdf_fonts.fonts()?;
    let mut tx = state.pool.begin().await?;
    db::contracts::lock(&mut tx, id).await?;
    let row: Option<(Option<i32>, Option<String>)> =
        sqlx::query_as("SELECT final_version, pdf_key FROM contracts WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    let (version, key) = row.ok_or_else(not_found)?;
    if let Some(key) = key {
        return Ok(key);
    }
    let version = version.ok_or_else(|| AppError::conflict("The contract is not final."))?;
    let accepted = db::contracts::version(&mut *tx, id, version)
        .await?
        .ok_or_else(AppError::internal)?;
    let acceptances = db::contracts::acceptances(&mut *tx, id).await?;
    let by = |party: &str| {
        acceptances
            .iter()
            .find(|a| a.version == version && a.party == party)
            .map(|a| (a.full_name.clone(), a.accepted_at))
    };
    let (brand, creator) = (by("brand"), by("creator"));
    let sha256 = accepted.sha256.clone();
    let documents = accepted.documents.0;
    // Typesetting is CPU work: off the async workers.
    let source = state.pdf_fonts.clone();
    let rendered = tokio::task::spawn_blocking(move || {
        let fonts = source.fonts().map_err(|e| e.message.clone())?;
        let record = contract_text::Record {
            brand: brand.as_ref().map(|(name, at)| (name.as_str(), *at)),
            creator: creator.as_ref().map(|(name, at)| (name.as_str(), *at)),
            sha256: &sha256,
        };
        super::pdf::contract::render(fonts, &documents, &record)
    })
    .await
    .map_err(|_| AppError::internal())?
    .map_err(|e| {
        tracing::error!(contract = %id, error = %e, "could not render a contract");
        AppError::internal()
    })?;
    if rendered.missing > 0 {
        tracing::warn!(contract = %id, missing = rendered.missing, "characters without a font in a contract PDF");
    }
    let key = format!("contracts/{id}/v{version}.pdf");
    let sha = hex(&Sha256::digest(&rendered.bytes));
    state
        .objects
        .put(&key, rendered.bytes, "application/pdf")
        .await?;
    db::contracts::set_pdf(&mut *tx, id, &key, &sha).await?;
    tx.commit().await?;
    Ok(key)
}

/// Makes the files of contracts that became final (the sweep, on every
/// instance); how many were made. Without fonts it waits quietly.
pub async fn make_pending_pdfs(state: &AppState) -> Result<usize, AppError> {
    if state.pdf_fonts.fonts().is_err() {
        return Ok(0);
    }
    let pending = db::contracts::pdf_pending(&state.pool, 4).await?;
    let count = pending.len();
    for id in pending {
        make_pdf(state, id).await?;
    }
    Ok(count)
}
