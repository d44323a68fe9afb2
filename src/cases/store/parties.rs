//! The parties to a dispute. Their ID numbers and phones are sealed as they are written and
//! opened as they are read (platform/vault), so the row never holds them: what leaves this file
//! is the plain `PartyRow`, and the callers mask or reveal it.

use crate::platform::db::{Db, Tx};
use crate::platform::vault::Vault;

/// A party to a dispute. `Debug` shows the ID number and phone masked.
#[derive(Clone)]
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

impl std::fmt::Debug for PartyRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let id = self
            .id_number
            .clone()
            .map(|n| crate::platform::id_number::IdNumber::from_stored(n).masked());
        f.debug_struct("PartyRow")
            .field("role", &self.role)
            .field("id_number", &id)
            .field("phone", &crate::platform::phone::masked(&self.phone))
            .finish_non_exhaustive()
    }
}

/// The fields the sealed values are bound to.
pub const ID_FIELD: &str = "case_parties.id_number";
const PHONE_FIELD: &str = "case_parties.phone";

/// A party as stored.
#[derive(sqlx::FromRow)]
struct Stored {
    role: String,
    name: String,
    id_sealed: Option<Vec<u8>>,
    phone_sealed: Option<Vec<u8>>,
    address: String,
}

const COLUMNS: &str = "role, name, id_sealed, phone_sealed, address";

impl Stored {
    fn open(self, vault: &Vault) -> sqlx::Result<PartyRow> {
        let open = |field, sealed: Option<Vec<u8>>| -> sqlx::Result<Option<String>> {
            sealed
                .map(|s| vault.open(field, &s).map_err(|e| sqlx::Error::Decode(Box::new(e))))
                .transpose()
        };
        Ok(PartyRow {
            id_number: open(ID_FIELD, self.id_sealed)?,
            phone: open(PHONE_FIELD, self.phone_sealed)?.unwrap_or_default(),
            role: self.role,
            name: self.name,
            address: self.address,
        })
    }
}

/// A party's sealed ID number, its blind index and its sealed phone.
type Sealed = (Option<Vec<u8>>, Option<Vec<u8>>, Option<Vec<u8>>);

/// The sealed ID number, its blind index and the sealed phone of a party.
fn sealed(vault: &Vault, p: &PartyRow) -> Sealed {
    let id = p.id_number.as_deref();
    (
        id.map(|n| vault.seal(ID_FIELD, n)),
        id.map(|n| vault.index(crate::platform::vault::ID_NUMBER, n)),
        (!p.phone.is_empty()).then(|| vault.seal(PHONE_FIELD, &p.phone)),
    )
}

/// Adds a party.
pub async fn insert_party(tx: &mut Tx, case_id: i64, p: &PartyRow) -> sqlx::Result<()> {
    let (id_sealed, id_index, phone_sealed) = sealed(tx.vault(), p);
    sqlx::query(
        "INSERT INTO case_parties (case_id, role, name, id_sealed, id_index, phone_sealed, address) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(case_id)
    .bind(&p.role)
    .bind(&p.name)
    .bind(id_sealed)
    .bind(id_index)
    .bind(phone_sealed)
    .bind(&p.address)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A case's parties, opened.
pub async fn parties(db: &Db, case_id: i64) -> sqlx::Result<Vec<PartyRow>> {
    let rows: Vec<Stored> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM case_parties WHERE case_id = $1 ORDER BY id"
    )))
    .bind(case_id)
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter().map(|r| r.open(&db.vault)).collect()
}

/// Up to `limit` parties an earlier release stored plainly: id, ID number, phone.
pub async fn plain(tx: &mut Tx, limit: i64) -> sqlx::Result<Vec<(i64, Option<String>, String)>> {
    sqlx::query_as(
        "SELECT id, id_number, phone FROM case_parties \
         WHERE id_number IS NOT NULL OR phone <> '' ORDER BY id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(&mut **tx)
    .await
}

/// Seals one plainly stored party and empties its plain columns.
pub async fn seal_plain(
    tx: &mut Tx,
    id: i64,
    number: Option<&str>,
    phone: &str,
) -> sqlx::Result<()> {
    let p = PartyRow {
        role: String::new(),
        name: String::new(),
        id_number: number.map(str::to_string),
        phone: phone.to_string(),
        address: String::new(),
    };
    let (id_sealed, id_index, phone_sealed) = sealed(tx.vault(), &p);
    sqlx::query(
        "UPDATE case_parties SET id_sealed = $1, id_index = $2, phone_sealed = $3, \
         id_number = NULL, phone = '' WHERE id = $4",
    )
    .bind(id_sealed)
    .bind(id_index)
    .bind(phone_sealed)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The parties' sealed columns, which a rotation of the data key seals again.
pub fn sealed_columns() -> Vec<crate::platform::vault::rotate::SealedColumn> {
    use crate::platform::vault::rotate::SealedColumn;
    vec![
        SealedColumn {
            table: "case_parties".into(),
            column: "id_sealed".into(),
            field: ID_FIELD.into(),
            index: Some(("id_index".into(), crate::platform::vault::ID_NUMBER.into())),
        },
        SealedColumn {
            table: "case_parties".into(),
            column: "phone_sealed".into(),
            field: PHONE_FIELD.into(),
            index: None,
        },
    ]
}
