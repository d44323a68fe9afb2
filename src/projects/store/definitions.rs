//! The `rate_definitions` table: a row a version, written once.

use crate::platform::db::Tx;
use sqlx::AnyPool;

/// A version of a definition as stored; its terms are JSON.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DefinitionRow {
    /// The rate (`projects::domain::rates::Code`).
    pub code: String,
    /// Its version.
    pub version: i64,
    /// Terms, JSON.
    pub numerator: String,
    /// Terms, JSON.
    pub denominator: String,
    /// Decimals kept.
    pub scale: i64,
    /// Rounding rule.
    pub rounding: String,
    /// First day it makes figures for.
    pub valid_from: String,
    /// Why it was made.
    pub note: String,
    /// Who made it.
    pub created_by: String,
    /// When.
    pub created_at: String,
}

const COLUMNS: &str = "code, version, numerator, denominator, scale, rounding, valid_from, note, created_by, created_at";

/// Every version of every definition, by rate and version.
pub async fn all(pool: &AnyPool) -> sqlx::Result<Vec<DefinitionRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM rate_definitions ORDER BY code, version"
    )))
    .fetch_all(pool)
    .await
}

/// The newest version of a rate, inside a transaction (a new version is one more).
pub async fn newest_in(tx: &mut Tx, code: &str) -> sqlx::Result<Option<DefinitionRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM rate_definitions WHERE code = $1 ORDER BY version DESC LIMIT 1"
    )))
    .bind(code)
    .fetch_optional(&mut **tx)
    .await
}

/// Writes a version (a second writer of the same version fails on the unique key); its id.
pub async fn insert(tx: &mut Tx, d: &DefinitionRow) -> sqlx::Result<i64> {
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "INSERT INTO rate_definitions ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
         RETURNING id"
    )))
    .bind(&d.code)
    .bind(d.version)
    .bind(&d.numerator)
    .bind(&d.denominator)
    .bind(d.scale)
    .bind(&d.rounding)
    .bind(&d.valid_from)
    .bind(&d.note)
    .bind(&d.created_by)
    .bind(&d.created_at)
    .fetch_one(&mut **tx)
    .await
}
