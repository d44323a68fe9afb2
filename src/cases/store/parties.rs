//! The parties to a dispute.

use crate::platform::db::Tx;
use sqlx::AnyPool;

/// A party to a dispute.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PartyRow {
    /// `applicant`, `respondent`, `other`.
    pub role: String,
    /// Name.
    pub name: String,
    /// Resident ID number (sensitive).
    pub id_number: Option<String>,
    /// Phone.
    pub phone: String,
    /// Address.
    pub address: String,
}

/// The columns of a party, in `PartyRow`'s order; an insert puts `case_id` before them.
const PARTY_COLUMNS: &str = "role, name, id_number, phone, address";

/// Adds a party.
pub async fn insert_party(tx: &mut Tx, case_id: i64, p: &PartyRow) -> sqlx::Result<()> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO case_parties (case_id, {PARTY_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)"
    )))
    .bind(case_id)
    .bind(&p.role)
    .bind(&p.name)
    .bind(p.id_number.as_deref())
    .bind(&p.phone)
    .bind(&p.address)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A case's parties.
pub async fn parties(pool: &AnyPool, case_id: i64) -> sqlx::Result<Vec<PartyRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {PARTY_COLUMNS} FROM case_parties WHERE case_id = $1 ORDER BY id"
    )))
    .bind(case_id)
    .fetch_all(pool)
    .await
}
