//! A case's photos, kept in the database with their facts.

use crate::platform::db::Tx;
use sqlx::AnyPool;

/// A photo's facts (its bytes are read apart), as stored and as the API shows them.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct PhotoRow {
    /// Id; the image is at `/api/v1/photos/{id}`.
    pub id: i64,
    /// The case.
    pub case_id: i64,
    /// Sniffed type: JPEG, PNG or WebP.
    pub content_type: String,
    /// Bytes.
    pub size: i64,
    /// Hex SHA-256 of the bytes.
    pub sha256: String,
    /// When the camera says it was taken (EXIF).
    pub taken_at: Option<String>,
    /// EXIF longitude.
    pub lon: Option<f64>,
    /// EXIF latitude.
    pub lat: Option<f64>,
    /// When uploaded.
    pub created_at: String,
}

/// The columns of a photo's facts, in `PhotoRow`'s order (the bytes are read only by `photo_data`).
const PHOTO_COLUMNS: &str =
    "id, case_id, content_type, size, sha256, taken_at, lon, lat, created_at";

/// Stores a photo.
pub async fn insert_photo(
    tx: &mut Tx,
    case_id: i64,
    f: &crate::platform::photo::PhotoFacts,
    data: &[u8],
    by: Option<i64>,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO case_photos (case_id, content_type, size, sha256, taken_at, lon, lat, data, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(case_id)
    .bind(f.content_type)
    .bind(data.len() as i64)
    .bind(&f.sha256)
    .bind(f.taken_at.as_deref())
    .bind(f.point.map(|p| p.0))
    .bind(f.point.map(|p| p.1))
    .bind(data.to_vec())
    .bind(by)
    .bind(tx.now())
    .fetch_one(&mut **tx)
    .await
}

/// A case's photos, oldest first.
pub async fn photos(pool: &AnyPool, case_id: i64) -> sqlx::Result<Vec<PhotoRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {PHOTO_COLUMNS} FROM case_photos WHERE case_id = $1 ORDER BY id"
    )))
    .bind(case_id)
    .fetch_all(pool)
    .await
}

/// A photo's case, type and bytes.
pub async fn photo_data(pool: &AnyPool, id: i64) -> sqlx::Result<Option<(i64, String, Vec<u8>)>> {
    sqlx::query_as("SELECT case_id, content_type, data FROM case_photos WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await
}
