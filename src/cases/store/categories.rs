//! The catalogue's versions and their categories.

use crate::cases::domain::category::Category;
use crate::platform::db::Tx;
use sqlx::AnyPool;

/// A category as stored, with its id.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CategoryRow {
    /// Id.
    pub id: i64,
    /// The catalogue version it belongs to.
    pub version_id: i64,
    /// Code.
    pub code: String,
    /// `incident` or `dispute`.
    pub kind: String,
    /// Chinese name.
    pub name: String,
    /// English name.
    pub name_en: String,
    /// 1 if offered to the public.
    pub public: i64,
    /// Responsible department kind.
    pub department_kind: Option<String>,
    /// Limits, `2h` / `5d`.
    pub register_limit: String,
    /// Dispatch limit.
    pub dispatch_limit: String,
    /// Handle limit.
    pub handle_limit: String,
    /// Verify limit.
    pub verify_limit: String,
    /// Filing condition.
    pub filing_condition: String,
    /// Closing condition.
    pub closing_condition: String,
    /// 1 if every report of it is public, not only the public channels'.
    pub publish_all: i64,
}

impl CategoryRow {
    /// The domain category.
    pub fn category(&self) -> Option<Category> {
        let cells: Vec<String> = vec![
            self.code.clone(),
            self.kind.clone(),
            self.name.clone(),
            self.name_en.clone(),
            self.public.to_string(),
            self.department_kind.clone().unwrap_or_default(),
            self.register_limit.clone(),
            self.dispatch_limit.clone(),
            self.handle_limit.clone(),
            self.verify_limit.clone(),
            self.filing_condition.clone(),
            self.closing_condition.clone(),
            self.publish_all.to_string(),
        ];
        Category::from_row(&cells).ok()
    }
}

/// The columns of a category, in `CategoryRow`'s order.
const CATEGORY_COLUMNS: &str = "id, version_id, code, kind, name, name_en, public, department_kind, register_limit, \
    dispatch_limit, handle_limit, verify_limit, filing_condition, closing_condition, publish_all";

/// The newest catalogue version of a zone: id and number.
pub async fn current_version(pool: &AnyPool, zone_id: i64) -> sqlx::Result<Option<(i64, i64)>> {
    sqlx::query_as("SELECT id, version FROM catalogue_versions WHERE zone_id = $1 ORDER BY version DESC LIMIT 1")
        .bind(zone_id)
        .fetch_optional(pool)
        .await
}

/// Publishes a new catalogue version with its categories; returns its id and number.
pub async fn insert_version(
    tx: &mut Tx,
    zone_id: i64,
    note: &str,
    categories: &[Category],
) -> sqlx::Result<(i64, i64)> {
    let next: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(version), 0) + 1 FROM catalogue_versions WHERE zone_id = $1",
    )
    .bind(zone_id)
    .fetch_one(&mut **tx)
    .await?;
    let id: i64 =
        sqlx::query_scalar("INSERT INTO catalogue_versions (zone_id, version, note, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
            .bind(zone_id)
            .bind(next)
            .bind(note)
            .bind(tx.now())
            .fetch_one(&mut **tx)
            .await?;
    for c in categories {
        let r = c.to_row();
        sqlx::query(
            "INSERT INTO categories (version_id, code, kind, name, name_en, public, department_kind, register_limit, \
             dispatch_limit, handle_limit, verify_limit, filing_condition, closing_condition, publish_all) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        )
        .bind(id)
        .bind(&r[0])
        .bind(&r[1])
        .bind(&r[2])
        .bind(&r[3])
        .bind(i64::from(c.public))
        .bind(c.department_kind.as_deref())
        .bind(&r[6])
        .bind(&r[7])
        .bind(&r[8])
        .bind(&r[9])
        .bind(&r[10])
        .bind(&r[11])
        .bind(i64::from(c.publish_all))
        .execute(&mut **tx)
        .await?;
    }
    Ok((id, next))
}

/// The categories of a catalogue version, in code order.
pub async fn categories(pool: &AnyPool, version_id: i64) -> sqlx::Result<Vec<CategoryRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {CATEGORY_COLUMNS} FROM categories WHERE version_id = $1 ORDER BY code"
    )))
    .bind(version_id)
    .fetch_all(pool)
    .await
}

/// A category by id.
pub async fn category(pool: &AnyPool, id: i64) -> sqlx::Result<Option<CategoryRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {CATEGORY_COLUMNS} FROM categories WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(pool)
    .await
}

/// The newest catalogue version of a zone, read inside a transaction (publishing the shipped
/// catalogue checks it under its lock).
pub async fn current_version_in(tx: &mut Tx, zone_id: i64) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(
        "SELECT id FROM catalogue_versions WHERE zone_id = $1 ORDER BY version DESC LIMIT 1",
    )
    .bind(zone_id)
    .fetch_optional(&mut **tx)
    .await
}
