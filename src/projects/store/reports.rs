//! The `project_reports` and `report_photos` tables.

use crate::platform::db::Tx;
use sqlx::AnyPool;

/// A report as stored.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct ReportRow {
    /// Id.
    pub id: i64,
    /// Its project.
    pub project_id: i64,
    /// `2015-10`, or `2015-10-2` for a 旬.
    pub period: String,
    /// `visible_progress` or `spending`.
    pub method: String,
    /// The visible progress reached, in hundredths of a percent (by visible progress).
    pub progress_bp: Option<i64>,
    /// Investment completed in the period, fen.
    pub invested_fen: i64,
    /// Whether the project is in the statistics bureau's project library (0 or 1).
    pub in_library: i64,
    /// Funds arrived in the period, fen.
    pub funds_arrived_fen: i64,
    /// Visible progress, in words (形象进度).
    pub progress: String,
    /// Difficulties and problems.
    pub difficulties: String,
    /// When it was due.
    pub due_on: String,
    /// Whether it came after that (0 or 1).
    pub late: i64,
    /// Who submitted it.
    pub submitted_by: String,
    /// Their account.
    pub submitted_by_id: Option<i64>,
    /// When, as stored.
    pub submitted_at: String,
    /// Who reviewed it; its period is locked since.
    pub reviewed_by: Option<String>,
    /// When.
    pub reviewed_at: Option<String>,
    /// What the reviewer said.
    pub review_note: String,
}

const COLUMNS: &str = "id, project_id, period, method, progress_bp, invested_fen, in_library, \
    funds_arrived_fen, progress, difficulties, due_on, late, submitted_by, submitted_by_id, \
    submitted_at, reviewed_by, reviewed_at, review_note";

/// The reports of a project, by period.
pub async fn of_project(pool: &AnyPool, project_id: i64) -> sqlx::Result<Vec<ReportRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM project_reports WHERE project_id = $1 ORDER BY period"
    )))
    .bind(project_id)
    .fetch_all(pool)
    .await
}

/// The same, inside a transaction.
pub async fn of_project_in(tx: &mut Tx, project_id: i64) -> sqlx::Result<Vec<ReportRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM project_reports WHERE project_id = $1 ORDER BY period"
    )))
    .bind(project_id)
    .fetch_all(&mut **tx)
    .await
}

/// Writes a report, or replaces the one of its period unless that one was reviewed meanwhile;
/// its id, or none when the period is locked.
pub async fn put(tx: &mut Tx, r: &ReportRow) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(
        "INSERT INTO project_reports (project_id, period, method, progress_bp, invested_fen, \
         in_library, funds_arrived_fen, progress, difficulties, due_on, late, submitted_by, \
         submitted_by_id, submitted_at, review_note) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, '') \
         ON CONFLICT (project_id, period) DO UPDATE SET method = excluded.method, \
         progress_bp = excluded.progress_bp, invested_fen = excluded.invested_fen, \
         in_library = excluded.in_library, funds_arrived_fen = excluded.funds_arrived_fen, \
         progress = excluded.progress, difficulties = excluded.difficulties, \
         late = excluded.late, submitted_by = excluded.submitted_by, \
         submitted_by_id = excluded.submitted_by_id, submitted_at = excluded.submitted_at \
         WHERE project_reports.reviewed_at IS NULL RETURNING id",
    )
    .bind(r.project_id)
    .bind(&r.period)
    .bind(&r.method)
    .bind(r.progress_bp)
    .bind(r.invested_fen)
    .bind(r.in_library)
    .bind(r.funds_arrived_fen)
    .bind(&r.progress)
    .bind(&r.difficulties)
    .bind(&r.due_on)
    .bind(r.late)
    .bind(&r.submitted_by)
    .bind(r.submitted_by_id)
    .bind(&r.submitted_at)
    .fetch_optional(&mut **tx)
    .await
}

/// Locks a report as reviewed, if nobody did first; whether this did.
pub async fn review(tx: &mut Tx, id: i64, by: &str, note: &str) -> sqlx::Result<bool> {
    let now = tx.now();
    let done = sqlx::query(
        "UPDATE project_reports SET reviewed_by = $1, reviewed_at = $2, review_note = $3 \
         WHERE id = $4 AND reviewed_at IS NULL",
    )
    .bind(by)
    .bind(&now)
    .bind(note)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A photo's facts as stored, without its bytes.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
#[schema(as = ProgressPhotoRow)]
pub struct PhotoRow {
    /// Id.
    pub id: i64,
    /// Its report.
    pub report_id: i64,
    /// Its project.
    pub project_id: i64,
    /// `image/jpeg`, `image/png` or `image/webp`.
    pub content_type: String,
    /// Bytes.
    pub size: i64,
    /// Hex SHA-256.
    pub sha256: String,
    /// Perceptual hash, 16 hex digits.
    pub phash: Option<String>,
    /// When its EXIF says it was taken.
    pub taken_at: Option<String>,
    /// Where (WGS-84, as GPS gives it).
    pub lon: Option<f64>,
    /// Where.
    pub lat: Option<f64>,
    /// The doubts it raised, comma-separated (`outside_period,near_copy`).
    pub flags: String,
    /// The project's photo it is a near-copy of.
    pub near_photo_id: Option<i64>,
    /// How far from the site it was taken, metres.
    pub metres: Option<f64>,
    /// Who added it.
    pub created_by: String,
    /// When.
    pub created_at: String,
}

const PHOTO_COLUMNS: &str = "id, report_id, project_id, content_type, size, sha256, phash, \
    taken_at, lon, lat, flags, near_photo_id, metres, created_by, created_at";

/// Writes a photo with its bytes; its id.
pub async fn add_photo(tx: &mut Tx, p: &PhotoRow, data: &[u8]) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO report_photos (report_id, project_id, content_type, size, sha256, phash, \
         taken_at, lon, lat, flags, near_photo_id, metres, data, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
    )
    .bind(p.report_id)
    .bind(p.project_id)
    .bind(&p.content_type)
    .bind(p.size)
    .bind(&p.sha256)
    .bind(&p.phash)
    .bind(&p.taken_at)
    .bind(p.lon)
    .bind(p.lat)
    .bind(&p.flags)
    .bind(p.near_photo_id)
    .bind(p.metres)
    .bind(data)
    .bind(&p.created_by)
    .bind(&p.created_at)
    .fetch_one(&mut **tx)
    .await
}

/// A project's photos, oldest first, without their bytes.
pub async fn photos(pool: &AnyPool, project_id: i64) -> sqlx::Result<Vec<PhotoRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {PHOTO_COLUMNS} FROM report_photos WHERE project_id = $1 ORDER BY id"
    )))
    .bind(project_id)
    .fetch_all(pool)
    .await
}

/// The hashes of a project's photos, inside a transaction: (id, SHA-256, perceptual hash).
pub async fn hashes_in(
    tx: &mut Tx,
    project_id: i64,
) -> sqlx::Result<Vec<(i64, String, Option<String>)>> {
    sqlx::query_as("SELECT id, sha256, phash FROM report_photos WHERE project_id = $1 ORDER BY id")
        .bind(project_id)
        .fetch_all(&mut **tx)
        .await
}

/// A photo's type and bytes, with its project.
pub async fn photo_data(pool: &AnyPool, id: i64) -> sqlx::Result<Option<(i64, String, Vec<u8>)>> {
    sqlx::query_as("SELECT project_id, content_type, data FROM report_photos WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await
}
