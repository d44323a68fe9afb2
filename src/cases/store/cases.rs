//! The cases table: a case's current state, written and read whole, and the lists of cases.

use crate::cases::domain::case::Case;
use crate::cases::store::typed::read;
use crate::platform::db::Tx;
use sqlx::AnyPool;

/// A case's current state as stored: text and 0/1 integers, all the `Any` driver carries. It
/// never leaves the store: reads hand out [`Case`], writes take one.
#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub(in crate::cases::store) struct CaseRow {
    /// Id.
    pub id: i64,
    /// `incident` or `dispute`.
    pub kind: String,
    /// Category.
    pub category_id: i64,
    /// Its code.
    pub category_code: String,
    /// Where it happened.
    pub unit_id: i64,
    /// That unit's path.
    pub unit_path: String,
    /// Who handles it now.
    pub handler_unit_id: i64,
    /// The department it was dispatched to.
    pub department_id: Option<i64>,
    /// State.
    pub state: String,
    /// Outcome, once closed.
    pub outcome: Option<String>,
    /// Short title.
    pub title: String,
    /// What was found.
    pub description: String,
    /// Address.
    pub address: String,
    /// Longitude.
    pub lon: Option<f64>,
    /// Latitude.
    pub lat: Option<f64>,
    /// `grid`, `public`, `hotline`, `api`.
    pub source: String,
    /// Reporter's name.
    pub reporter_name: String,
    /// Reporter's phone.
    pub reporter_phone: String,
    /// When reported (UTC).
    pub reported_at: String,
    /// The report's date in Beijing time: the cohort it counts in.
    pub report_day: String,
    /// When closed.
    pub closed_at: Option<String>,
    /// When the current step runs out.
    pub step_deadline: Option<String>,
    /// When handling is due.
    pub due_at: Option<String>,
    /// 1 once registered.
    pub registered: i64,
    /// 1 when flagged overdue.
    pub overdue: i64,
    /// 1 with an approved deferral.
    pub deferred: i64,
    /// Times sent back for rework.
    pub reworks: i64,
    /// 1 once verified.
    pub verified: i64,
    /// 1 if closed by the due time.
    pub on_time: i64,
    /// Follow-up satisfaction.
    pub satisfaction: Option<i64>,
    /// The case it was merged into.
    pub merged_into: Option<i64>,
    /// The user who reported it.
    pub created_by: Option<i64>,
    /// Events so far.
    pub events: i64,
    /// While suspended: the office minutes the step had left.
    pub paused_step_minutes: Option<i64>,
    /// While suspended: the office minutes handling had left.
    pub paused_due_minutes: Option<i64>,
}

/// The columns of a case, in `CaseRow`'s order: every read of whole cases selects these.
pub const CASE_COLUMNS: &str = "id, kind, category_id, category_code, unit_id, unit_path, handler_unit_id, department_id, state, \
    outcome, title, description, address, lon, lat, source, reporter_name, reporter_phone, reported_at, report_day, closed_at, \
    step_deadline, due_at, registered, overdue, deferred, reworks, verified, on_time, satisfaction, merged_into, created_by, events, \
    paused_step_minutes, paused_due_minutes";

/// Inserts a new case row (its events come separately); returns its id.
pub async fn insert(tx: &mut Tx, c: &Case) -> sqlx::Result<i64> {
    let c = &CaseRow::from(c);
    sqlx::query_scalar(
        "INSERT INTO cases (kind, category_id, category_code, unit_id, unit_path, handler_unit_id, department_id, state, \
         outcome, title, description, address, lon, lat, source, reporter_name, reporter_phone, reported_at, report_day, \
         step_deadline, created_by, events) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, \
         $20, $21, $22) \
         RETURNING id",
    )
    .bind(&c.kind)
    .bind(c.category_id)
    .bind(&c.category_code)
    .bind(c.unit_id)
    .bind(&c.unit_path)
    .bind(c.handler_unit_id)
    .bind(c.department_id)
    .bind(&c.state)
    .bind(c.outcome.as_deref())
    .bind(&c.title)
    .bind(&c.description)
    .bind(&c.address)
    .bind(c.lon)
    .bind(c.lat)
    .bind(&c.source)
    .bind(&c.reporter_name)
    .bind(&c.reporter_phone)
    .bind(&c.reported_at)
    .bind(&c.report_day)
    .bind(c.step_deadline.as_deref())
    .bind(c.created_by)
    .bind(c.events)
    .fetch_one(&mut **tx)
    .await
}

/// Takes `n` fresh case ids inside the writing transaction: on SQLite the write lock is held,
/// so the next ids after the largest are free; on PostgreSQL they come from the id sequence.
pub async fn allocate_ids(tx: &mut Tx, n: usize) -> sqlx::Result<Vec<i64>> {
    if tx.backend_name() == "PostgreSQL" {
        sqlx::query_scalar("SELECT nextval(pg_get_serial_sequence('cases', 'id')) FROM generate_series(1, CAST($1 AS INTEGER))")
            .bind(n as i64)
            .fetch_all(&mut **tx)
            .await
    } else {
        let max: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM cases")
            .fetch_one(&mut **tx)
            .await?;
        Ok((1..=n as i64).map(|i| max + i).collect())
    }
}

/// Inserts many new case rows with the ids they already carry, many rows a statement.
pub async fn insert_many(tx: &mut Tx, cases: &[Case]) -> sqlx::Result<()> {
    let rows: Vec<CaseRow> = cases.iter().map(CaseRow::from).collect();
    const WIDTH: usize = 23;
    for chunk in rows.chunks(crate::platform::db::ROWS_PER_INSERT) {
        let marks = crate::platform::db::row_marks(tx, chunk.len(), WIDTH);
        let sql = format!(
            "INSERT INTO cases (id, kind, category_id, category_code, unit_id, unit_path, handler_unit_id, department_id, state, \
             outcome, title, description, address, lon, lat, source, reporter_name, reporter_phone, reported_at, report_day, \
             step_deadline, created_by, events) VALUES {}",
            marks
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for c in chunk {
            q = q
                .bind(c.id)
                .bind(c.kind.clone())
                .bind(c.category_id)
                .bind(c.category_code.clone())
                .bind(c.unit_id)
                .bind(c.unit_path.clone())
                .bind(c.handler_unit_id)
                .bind(c.department_id)
                .bind(c.state.clone())
                .bind(c.outcome.clone())
                .bind(c.title.clone())
                .bind(c.description.clone())
                .bind(c.address.clone())
                .bind(c.lon)
                .bind(c.lat)
                .bind(c.source.clone())
                .bind(c.reporter_name.clone())
                .bind(c.reporter_phone.clone())
                .bind(c.reported_at.clone())
                .bind(c.report_day.clone())
                .bind(c.step_deadline.clone())
                .bind(c.created_by)
                .bind(c.events);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Writes a case's changing fields back. `events` guards against a lost update: the write
/// only lands if nobody else added an event since the row was read.
pub async fn update(tx: &mut Tx, c: &Case, events_read: i64) -> sqlx::Result<bool> {
    let c = &CaseRow::from(c);
    let done = sqlx::query(
        "UPDATE cases SET handler_unit_id = $1, department_id = $2, state = $3, outcome = $4, closed_at = $5, \
         step_deadline = $6, due_at = $7, registered = $8, overdue = $9, deferred = $10, reworks = $11, verified = $12, \
         on_time = $13, satisfaction = $14, merged_into = $15, events = $16, paused_step_minutes = $17, paused_due_minutes = $18 \
         WHERE id = $19 AND events = $20",
    )
    .bind(c.handler_unit_id)
    .bind(c.department_id)
    .bind(&c.state)
    .bind(c.outcome.as_deref())
    .bind(c.closed_at.as_deref())
    .bind(c.step_deadline.as_deref())
    .bind(c.due_at.as_deref())
    .bind(c.registered)
    .bind(c.overdue)
    .bind(c.deferred)
    .bind(c.reworks)
    .bind(c.verified)
    .bind(c.on_time)
    .bind(c.satisfaction)
    .bind(c.merged_into)
    .bind(c.events)
    .bind(c.paused_step_minutes)
    .bind(c.paused_due_minutes)
    .bind(c.id)
    .bind(events_read)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A case by id.
pub async fn get(pool: &AnyPool, id: i64) -> sqlx::Result<Option<Case>> {
    let row: Option<CaseRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {CASE_COLUMNS} FROM cases WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(pool)
    .await?;
    row.map(read).transpose()
}

/// How many cases there are.
pub async fn count(pool: &AnyPool) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM cases").fetch_one(pool).await
}

/// A case by id inside a transaction.
pub async fn get_in(tx: &mut Tx, id: i64) -> sqlx::Result<Option<Case>> {
    let row: Option<CaseRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {CASE_COLUMNS} FROM cases WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    row.map(read).transpose()
}
