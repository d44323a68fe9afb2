//! The rate definitions: every version kept, the one in force on a day found by its
//! `valid_from`, a new version made only forward in time so that a figure once given for a day
//! is given again for it.

use crate::platform::access::actor::Actor;
use crate::platform::db::Db;
use crate::platform::input::FieldError;
use crate::platform::service::{AppError, AppResult};
use crate::projects::domain::rates::{Code, Definition, Rounding, Term};
use crate::projects::store::definitions::{self as store, DefinitionRow};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A version as the API shows it: the definition and who made it, when and why.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Version {
    /// The definition.
    #[serde(flatten)]
    pub definition: Definition,
    /// Why it was made.
    pub note: String,
    /// Who made it.
    pub created_by: String,
    /// When, as stored.
    pub created_at: String,
}

/// A new version, as a caller sends it.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewVersion {
    /// Its numerator's terms.
    pub numerator: Vec<Term>,
    /// Its denominator's terms.
    pub denominator: Vec<Term>,
    /// Decimals of the percentage, 0 to 4.
    pub scale: u32,
    /// How it is rounded.
    pub rounding: Rounding,
    /// The first day it makes figures for: today or later (`YYYY-MM-DD`).
    pub valid_from: String,
    /// Why (the document that changed the rule).
    #[serde(default)]
    pub note: String,
}

fn typed(row: DefinitionRow) -> AppResult<Version> {
    let broken = |what: &str| {
        AppError::Internal(anyhow::anyhow!("definition {} v{}: {what}", row.code, row.version))
    };
    let definition = Definition {
        code: row.code.parse().map_err(|_| broken("code"))?,
        version: row.version,
        numerator: serde_json::from_str(&row.numerator).map_err(|_| broken("numerator"))?,
        denominator: serde_json::from_str(&row.denominator).map_err(|_| broken("denominator"))?,
        scale: row.scale as u32,
        rounding: row.rounding.parse().map_err(|_| broken("rounding"))?,
        valid_from: row.valid_from.parse().map_err(|_| broken("valid_from"))?,
    };
    Ok(Version {
        definition,
        note: row.note,
        created_by: row.created_by,
        created_at: row.created_at,
    })
}

/// Every version of every rate, by rate and version. Anyone signed in may read them: a figure
/// must be explainable to whoever sees it.
pub async fn all(db: &Db) -> AppResult<Vec<Version>> {
    store::all(&db.pool).await?.into_iter().map(typed).collect()
}

/// The version of a rate in force on a day: the newest whose `valid_from` is not after it.
pub fn in_force(versions: &[Version], code: Code, by: NaiveDate) -> AppResult<&Definition> {
    versions
        .iter()
        .map(|v| &v.definition)
        .filter(|d| d.code == code && d.valid_from <= by)
        .max_by_key(|d| d.version)
        .ok_or(AppError::NotFound)
}

/// One version of a rate, or `NotFound`.
pub fn version(versions: &[Version], code: Code, number: i64) -> AppResult<&Definition> {
    versions
        .iter()
        .map(|v| &v.definition)
        .find(|d| d.code == code && d.version == number)
        .ok_or(AppError::NotFound)
}

fn row_of(d: &Definition, note: &str, by: &str, at: String) -> AppResult<DefinitionRow> {
    Ok(DefinitionRow {
        code: d.code.as_str().into(),
        version: d.version,
        numerator: serde_json::to_string(&d.numerator).map_err(anyhow::Error::from)?,
        denominator: serde_json::to_string(&d.denominator).map_err(anyhow::Error::from)?,
        scale: d.scale as i64,
        rounding: <&str>::from(d.rounding).into(),
        valid_from: d.valid_from.to_string(),
        note: note.into(),
        created_by: by.into(),
        created_at: at,
    })
}

/// Makes the next version of a rate's definition; the old ones stay as they were.
pub async fn add_version(
    db: &Db,
    actor: &Actor,
    code: Code,
    input: NewVersion,
) -> AppResult<Version> {
    if !crate::projects::services::access::defines(actor) {
        return Err(AppError::Forbidden);
    }
    let note = crate::platform::input::optional_text("note", &input.note, 500)?;
    let valid_from = crate::platform::day::parse("valid_from", &input.valid_from)?;
    let today = db.clock.today();
    if valid_from <= today {
        return Err(FieldError::new("valid_from", "error.projects.rate_backdated")
            .arg("today", today)
            .into());
    }
    let mut tx = db.begin().await?;
    let newest = store::newest_in(&mut tx, code.as_str()).await?;
    let definition = Definition {
        code,
        version: newest.as_ref().map_or(1, |n| n.version + 1),
        numerator: input.numerator,
        denominator: input.denominator,
        scale: input.scale,
        rounding: input.rounding,
        valid_from,
    };
    definition.check().map_err(AppError::Invalid)?;
    if let Some(n) = &newest
        && n.valid_from.as_str() > input.valid_from.trim()
    {
        return Err(FieldError::new("valid_from", "error.projects.rate_before_newest")
            .arg("day", &n.valid_from)
            .into());
    }
    let row = row_of(&definition, &note, actor.audit_name(), tx.now())?;
    let id = store::insert(&mut tx, &row).await?;
    let detail = serde_json::json!({ "code": row.code, "version": row.version,
        "numerator": definition.numerator, "denominator": definition.denominator,
        "scale": row.scale, "rounding": row.rounding, "valid_from": row.valid_from, "note": note });
    crate::platform::audit::append(
        &mut tx,
        actor.audit("rate.define", format!("rate_definition:{id}"), detail),
    )
    .await?;
    tx.commit().await?;
    typed(row)
}

/// Writes the first version of each rate a database lacks (DOMAIN.md's definitions): run by
/// every opening that writes, so a new zone starts with rates it can change.
pub async fn seed(db: &Db) -> anyhow::Result<()> {
    let have = store::all(&db.pool).await?;
    let missing: Vec<Definition> = crate::projects::domain::rates::first_versions()
        .into_iter()
        .filter(|d| !have.iter().any(|h| h.code == d.code.as_str()))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let mut tx = db.begin().await?;
    for d in &missing {
        let row = row_of(d, "初始定义（通行口径）", "system", tx.now())
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        store::insert(&mut tx, &row).await?;
    }
    tx.commit().await?;
    Ok(())
}
