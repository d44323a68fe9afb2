//! The names of cases and Open311 keys, for pages that show what the audit chain names.

use crate::platform::db::{Db, names_by_id};

/// Cases' titles.
pub async fn case_titles(db: &Db, ids: Vec<i64>) -> anyhow::Result<Vec<(i64, String)>> {
    Ok(names_by_id(db, "SELECT id, title FROM cases", &ids).await?)
}

/// Open311 keys' names.
pub async fn key_names(db: &Db, ids: Vec<i64>) -> anyhow::Result<Vec<(i64, String)>> {
    Ok(names_by_id(db, "SELECT id, name FROM open311_keys", &ids).await?)
}
