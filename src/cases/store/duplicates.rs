//! The cases a new one may repeat: the same category near in place and time, or a shared party.

use super::cases::{CASE_COLUMNS, CaseRow};
use super::typed::read_all;
use crate::cases::domain::case::Case;
use sqlx::AnyPool;

/// Cases of one category reported in a time window inside a subtree, other than `except`.
pub async fn nearby_candidates(
    pool: &AnyPool,
    range: &(String, String),
    category_code: &str,
    window: (&str, &str),
    except: i64,
) -> sqlx::Result<Vec<Case>> {
    let rows: Vec<CaseRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {CASE_COLUMNS} FROM cases WHERE unit_path >= $1 AND unit_path < $2 AND category_code = $3 \
         AND reported_at >= $4 AND reported_at <= $5 AND id <> $6 ORDER BY reported_at DESC LIMIT 200"
    )))
    .bind(&range.0)
    .bind(&range.1)
    .bind(category_code)
    .bind(window.0)
    .bind(window.1)
    .bind(except)
    .fetch_all(pool)
    .await?;
    read_all(rows)
}

/// Cases in a time window that share a party (by ID number) with case `id`.
pub async fn same_party(pool: &AnyPool, id: i64, window: (&str, &str)) -> sqlx::Result<Vec<Case>> {
    let columns: Vec<String> =
        CASE_COLUMNS.split(", ").map(|c| format!("c.{}", c.trim())).collect();
    let rows: Vec<CaseRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT DISTINCT {} FROM cases c JOIN case_parties p ON p.case_id = c.id \
         WHERE p.id_index IN (SELECT id_index FROM case_parties WHERE case_id = $1 AND id_index IS NOT NULL) \
         AND c.id <> $1 AND c.reported_at >= $2 AND c.reported_at <= $3 LIMIT 50",
        columns.join(", ")
    )))
    .bind(id)
    .bind(window.0)
    .bind(window.1)
    .fetch_all(pool)
    .await?;
    read_all(rows)
}

/// The cases with a party of this ID number's blind index, newest first, at most 50.
pub async fn with_party(pool: &AnyPool, index: &[u8]) -> sqlx::Result<Vec<Case>> {
    let columns: Vec<String> =
        CASE_COLUMNS.split(", ").map(|c| format!("c.{}", c.trim())).collect();
    let rows: Vec<CaseRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT DISTINCT {} FROM cases c JOIN case_parties p ON p.case_id = c.id \
         WHERE p.id_index = $1 ORDER BY c.id DESC LIMIT 50",
        columns.join(", ")
    )))
    .bind(index)
    .fetch_all(pool)
    .await?;
    read_all(rows)
}
