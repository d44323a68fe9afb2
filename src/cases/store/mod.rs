//! Cases, their events and parties, the catalogue and calendar they run on, and the rollups.

pub mod bench;
pub mod mediation;
pub mod names;
pub mod open311;
pub mod periods;
pub mod tokens;

use crate::cases::domain::category::Category;
use crate::cases::domain::rates::COLUMNS;
use crate::cases::domain::rates::Counts;
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
pub async fn insert_version(tx: &mut Tx, zone_id: i64, note: &str, categories: &[Category]) -> sqlx::Result<(i64, i64)> {
    let next: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) + 1 FROM catalogue_versions WHERE zone_id = $1")
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
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {CATEGORY_COLUMNS} FROM categories WHERE version_id = $1 ORDER BY code")))
        .bind(version_id)
        .fetch_all(pool)
        .await
}

/// A category by id.
pub async fn category(pool: &AnyPool, id: i64) -> sqlx::Result<Option<CategoryRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {CATEGORY_COLUMNS} FROM categories WHERE id = $1")))
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// A case's current state.
#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct CaseRow {
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

pub const CASE_COLUMNS: &str = "id, kind, category_id, category_code, unit_id, unit_path, handler_unit_id, department_id, state, \
    outcome, title, description, address, lon, lat, source, reporter_name, reporter_phone, reported_at, report_day, closed_at, \
    step_deadline, due_at, registered, overdue, deferred, reworks, verified, on_time, satisfaction, merged_into, created_by, events, \
    paused_step_minutes, paused_due_minutes";

/// Inserts a new case row (its events come separately); returns its id.
pub async fn insert(tx: &mut Tx, c: &CaseRow) -> sqlx::Result<i64> {
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
        let max: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM cases").fetch_one(&mut **tx).await?;
        Ok((1..=n as i64).map(|i| max + i).collect())
    }
}

/// Inserts many new case rows with the ids they already carry, many rows a statement.
pub async fn insert_many(tx: &mut Tx, rows: &[CaseRow]) -> sqlx::Result<()> {
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
pub async fn update(tx: &mut Tx, c: &CaseRow, events_read: i64) -> sqlx::Result<bool> {
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
pub async fn get(pool: &AnyPool, id: i64) -> sqlx::Result<Option<CaseRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {CASE_COLUMNS} FROM cases WHERE id = $1"))).bind(id).fetch_optional(pool).await
}

/// A case by id inside a transaction.
pub async fn get_in(tx: &mut Tx, id: i64) -> sqlx::Result<Option<CaseRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {CASE_COLUMNS} FROM cases WHERE id = $1"))).bind(id).fetch_optional(&mut **tx).await
}

/// Which cases to list: a subtree, a report-day range, a category prefix, states, and a
/// measure (a rollup column: the cases behind a figure).
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Subtree range of the case's unit.
    pub range: (String, String),
    /// First report day, inclusive.
    pub from: Option<String>,
    /// Last report day, inclusive.
    pub to: Option<String>,
    /// Category code prefix (`D` for every dispute).
    pub category: Option<String>,
    /// Only these states.
    pub states: Vec<String>,
    /// Only cases counted in this measure.
    pub measure: Option<&'static str>,
    /// Only cases handled by this unit now.
    pub handler_unit_id: Option<i64>,
    /// Soonest deadline first (a work queue) instead of newest first.
    pub by_deadline: bool,
    /// Words the title, description or address contain.
    pub keyword: Option<String>,
    /// Only cases past their step's deadline.
    pub overdue: bool,
    /// A column to sort by, and whether largest first; before `by_deadline`.
    pub sort: Option<(Sort, bool)>,
}

/// The columns a list of cases sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    /// The case number.
    Id,
    /// When it was reported.
    Reported,
    /// Its step's deadline (cases without one last).
    Deadline,
    /// Its category's code.
    Category,
    /// Its state.
    State,
}

impl Sort {
    /// The ORDER BY of a sort, the id breaking ties.
    fn sql(self, descending: bool) -> String {
        let dir = if descending { "DESC" } else { "ASC" };
        match self {
            Sort::Id => format!("id {dir}"),
            Sort::Reported => format!("reported_at {dir}, id {dir}"),
            Sort::Deadline => format!("step_deadline IS NULL, step_deadline {dir}, id"),
            Sort::Category => format!("category_code {dir}, id DESC"),
            Sort::State => format!("state {dir}, id DESC"),
        }
    }
}

/// The SQL condition of a measure on the cases table, mirroring `Counts::of`.
pub fn measure_sql(measure: &str) -> Option<&'static str> {
    Some(match measure {
        "found" => "1 = 1",
        "registered" => "registered = 1",
        "resolved" => "state = 'closed' AND outcome = 'resolved'",
        "closed" => "state = 'closed'",
        "left_out" => "state = 'closed' AND outcome IN ('duplicate', 'withdrawn')",
        "due" => {
            "registered = 1 AND NOT (state = 'closed' AND outcome IN ('duplicate', 'withdrawn')) AND (state = 'closed' OR overdue = 1)"
        }
        "due_deferred" => {
            "registered = 1 AND deferred = 1 AND NOT (state = 'closed' AND outcome IN ('duplicate', 'withdrawn')) \
             AND (state = 'closed' OR overdue = 1)"
        }
        "on_time" => "registered = 1 AND deferred = 0 AND state = 'closed' AND on_time = 1 AND outcome NOT IN ('duplicate', 'withdrawn')",
        "deferred" => "deferred = 1",
        "verified" => "verified = 1",
        "reworked" => "reworks > 0",
        "followed_up" => "satisfaction IS NOT NULL",
        _ => return None,
    })
}

fn filter_sql(f: &Filter) -> (String, Vec<String>) {
    // Every value is bound as text; numeric columns are cast so both databases compare alike.
    let mut conds = vec!["unit_path >= $1".to_string(), "unit_path < $2".to_string()];
    let mut args = vec![f.range.0.clone(), f.range.1.clone()];
    let mut push = |cond: &str, value: String| {
        args.push(value);
        conds.push(format!("{cond} ${}", args.len()));
    };
    if let Some(from) = &f.from {
        push("report_day >=", from.clone());
    }
    if let Some(to) = &f.to {
        push("report_day <=", to.clone());
    }
    if let Some(code) = &f.category {
        // A code prefix as a range, like unit paths: 'D' covers 'D' ≤ code < 'E'.
        let mut end = code.clone();
        if let Some(last) = end.pop() {
            end.push(char::from_u32(last as u32 + 1).unwrap_or(last));
        }
        push("category_code >=", code.clone());
        push("category_code <", end);
    }
    if let Some(id) = f.handler_unit_id {
        push("CAST(handler_unit_id AS TEXT) =", id.to_string());
    }
    if !f.states.is_empty() {
        let first = args.len() + 1;
        let marks: Vec<String> = (0..f.states.len()).map(|i| format!("${}", first + i)).collect();
        conds.push(format!("state IN ({})", marks.join(", ")));
        args.extend(f.states.iter().cloned());
    }
    if let Some(m) = f.measure.and_then(measure_sql) {
        conds.push(m.to_string());
    }
    if f.overdue {
        conds.push("overdue = 1".into());
    }
    if let Some(words) = &f.keyword {
        // Matched as written: % and _ in the words are themselves, not wildcards.
        let escaped = words.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        args.push(format!("%{escaped}%"));
        let n = args.len();
        conds.push(format!("(title LIKE ${n} ESCAPE '\\' OR description LIKE ${n} ESCAPE '\\' OR address LIKE ${n} ESCAPE '\\')"));
    }
    (conds.join(" AND "), args)
}

/// A page of cases matching a filter, newest first, and how many match.
pub async fn list(pool: &AnyPool, f: &Filter, limit: i64, offset: i64) -> sqlx::Result<(Vec<CaseRow>, i64)> {
    let (cond, args) = filter_sql(f);
    let mut count = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM cases WHERE {cond}")));
    for a in &args {
        count = count.bind(a.clone());
    }
    let total = count.fetch_one(pool).await?;
    let order = match f.sort {
        Some((sort, descending)) => sort.sql(descending),
        None if f.by_deadline => "step_deadline IS NULL, step_deadline, id".into(),
        None => "reported_at DESC, id DESC".into(),
    };
    let sql =
        format!("SELECT {CASE_COLUMNS} FROM cases WHERE {cond} ORDER BY {order} LIMIT ${} OFFSET ${}", args.len() + 1, args.len() + 2);
    let mut q = sqlx::query_as::<_, CaseRow>(sqlx::AssertSqlSafe(sql));
    for a in &args {
        q = q.bind(a.clone());
    }
    let rows = q.bind(limit).bind(offset).fetch_all(pool).await?;
    Ok((rows, total))
}

/// An event of a case's history.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EventRow {
    /// Position in the case's history, from 1.
    pub seq: i64,
    /// `report`, or an action.
    pub action: String,
    /// State before.
    pub from_state: Option<String>,
    /// State after.
    pub to_state: String,
    /// Who.
    pub actor_id: Option<i64>,
    /// Their name.
    pub actor_name: String,
    /// When (UTC).
    pub at: String,
    /// Why, what was done.
    pub note: String,
    /// The action's details as JSON.
    pub data: String,
}

impl EventRow {
    /// The `seq`-th event of a case: an action moving it `(from, to)`, by `(actor id, name)`.
    pub fn new(
        seq: i64,
        action: &str,
        (from, to): (Option<&str>, &str),
        (actor_id, actor_name): (Option<i64>, &str),
        at: String,
        note: &str,
        data: serde_json::Value,
    ) -> EventRow {
        EventRow {
            seq,
            action: action.into(),
            from_state: from.map(str::to_string),
            to_state: to.into(),
            actor_id,
            actor_name: actor_name.into(),
            at,
            note: note.into(),
            data: data.to_string(),
        }
    }
}

/// Appends an event.
pub async fn insert_event(tx: &mut Tx, case_id: i64, e: &EventRow) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO case_events (case_id, seq, action, from_state, to_state, actor_id, actor_name, at, note, data) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(case_id)
    .bind(e.seq)
    .bind(&e.action)
    .bind(e.from_state.as_deref())
    .bind(&e.to_state)
    .bind(e.actor_id)
    .bind(&e.actor_name)
    .bind(&e.at)
    .bind(&e.note)
    .bind(&e.data)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Appends the first events of many cases at once.
pub async fn insert_events(tx: &mut Tx, events: &[(i64, EventRow)]) -> sqlx::Result<()> {
    for chunk in events.chunks(crate::platform::db::ROWS_PER_INSERT) {
        let marks = crate::platform::db::row_marks(tx, chunk.len(), 10);
        let sql = format!(
            "INSERT INTO case_events (case_id, seq, action, from_state, to_state, actor_id, actor_name, at, note, data) VALUES {}",
            marks
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (case_id, e) in chunk {
            q = q
                .bind(*case_id)
                .bind(e.seq)
                .bind(e.action.clone())
                .bind(e.from_state.clone())
                .bind(e.to_state.clone())
                .bind(e.actor_id)
                .bind(e.actor_name.clone())
                .bind(e.at.clone())
                .bind(e.note.clone())
                .bind(e.data.clone());
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// A case's history, oldest first.
pub async fn events(pool: &AnyPool, case_id: i64) -> sqlx::Result<Vec<EventRow>> {
    sqlx::query_as(
        "SELECT seq, action, from_state, to_state, actor_id, actor_name, at, note, data FROM case_events WHERE case_id = $1 ORDER BY seq",
    )
    .bind(case_id)
    .fetch_all(pool)
    .await
}

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

/// Adds a party.
pub async fn insert_party(tx: &mut Tx, case_id: i64, p: &PartyRow) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO case_parties (case_id, role, name, id_number, phone, address) VALUES ($1, $2, $3, $4, $5, $6)")
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
    sqlx::query_as("SELECT role, name, id_number, phone, address FROM case_parties WHERE case_id = $1 ORDER BY id")
        .bind(case_id)
        .fetch_all(pool)
        .await
}

/// Adds `delta` to the rollup rows of one day and category for each unit in `unit_ids`.
pub async fn add_to_rollups(tx: &mut Tx, unit_ids: &[i64], day: &str, category_id: i64, delta: &Counts) -> sqlx::Result<()> {
    let keyed: Vec<((i64, String, i64), Counts)> = unit_ids.iter().map(|u| ((*u, day.to_string(), category_id), *delta)).collect();
    add_many_to_rollups(tx, &keyed).await
}

/// Adds each delta to its rollup row (unit, day, category), many rows a statement. The keys
/// must differ from each other (sum them first).
pub async fn add_many_to_rollups(tx: &mut Tx, deltas: &[((i64, String, i64), Counts)]) -> sqlx::Result<()> {
    let deltas: Vec<_> = deltas.iter().filter(|(_, d)| !d.is_zero()).collect();
    let width = 3 + COLUMNS.len();
    let sets: Vec<String> = COLUMNS.iter().map(|c| format!("{c} = case_rollups.{c} + excluded.{c}")).collect();
    for chunk in deltas.chunks(crate::platform::db::ROWS_PER_INSERT) {
        let rows = crate::platform::db::row_marks(tx, chunk.len(), width);
        let sql = format!(
            "INSERT INTO case_rollups (unit_id, day, category_id, {}) VALUES {} ON CONFLICT (unit_id, day, category_id) DO UPDATE SET {}",
            COLUMNS.join(", "),
            rows,
            sets.join(", ")
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for ((unit, day, category), delta) in chunk {
            q = q.bind(*unit).bind(day.clone()).bind(*category);
            for v in delta.fields() {
                q = q.bind(v);
            }
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// The summed rollups of one unit's subtree over a day range, for categories whose code
/// starts with `category` (all when none).
pub async fn sum_rollups(pool: &AnyPool, unit_id: i64, from: &str, to: &str, category: Option<&str>) -> sqlx::Result<Counts> {
    let sums: Vec<String> = COLUMNS.iter().map(|c| format!("CAST(COALESCE(SUM(r.{c}), 0) AS BIGINT)")).collect();
    let (cond, prefix) = match category {
        Some(code) => ("AND r.category_id IN (SELECT id FROM categories WHERE substr(code, 1, length($4)) = $4)", code),
        None => ("AND $4 = $4", ""),
    };
    let sql = format!("SELECT {} FROM case_rollups r WHERE r.unit_id = $1 AND r.day >= $2 AND r.day <= $3 {cond}", sums.join(", "));
    let row: sqlx::any::AnyRow =
        sqlx::query(sqlx::AssertSqlSafe(sql)).bind(unit_id).bind(from).bind(to).bind(prefix).fetch_one(pool).await?;
    use sqlx::Row;
    let mut f = [0i64; 13];
    for (i, v) in f.iter_mut().enumerate() {
        *v = row.try_get::<i64, _>(i)?;
    }
    Ok(Counts::from_fields(f))
}

/// Found and resolved per category (id) in one unit's subtree over a day range.
pub async fn found_by_category(pool: &AnyPool, unit_id: i64, from: &str, to: &str) -> sqlx::Result<Vec<(i64, i64, i64)>> {
    sqlx::query_as(
        "SELECT category_id, CAST(SUM(found) AS BIGINT), CAST(SUM(resolved) AS BIGINT) FROM case_rollups \
         WHERE unit_id = $1 AND day >= $2 AND day <= $3 GROUP BY category_id",
    )
    .bind(unit_id)
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await
}

/// Found and resolved per month (`YYYY-MM`) in one unit's subtree, for categories whose code
/// starts with `prefix`.
pub async fn found_by_month(pool: &AnyPool, unit_id: i64, from: &str, to: &str, prefix: &str) -> sqlx::Result<Vec<(String, i64, i64)>> {
    sqlx::query_as(
        "SELECT substr(r.day, 1, 7) AS month, CAST(SUM(r.found) AS BIGINT), CAST(SUM(r.resolved) AS BIGINT) FROM case_rollups r \
         WHERE r.unit_id = $1 AND r.day >= $2 AND r.day <= $3 \
         AND r.category_id IN (SELECT id FROM categories WHERE substr(code, 1, length($4)) = $4) \
         GROUP BY substr(r.day, 1, 7) ORDER BY month",
    )
    .bind(unit_id)
    .bind(from)
    .bind(to)
    .bind(prefix)
    .fetch_all(pool)
    .await
}

/// Cases of one category reported in a time window inside a subtree, other than `except`.
pub async fn nearby_candidates(
    pool: &AnyPool,
    range: &(String, String),
    category_code: &str,
    window: (&str, &str),
    except: i64,
) -> sqlx::Result<Vec<CaseRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
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
    .await
}

/// Cases in a time window that share a party (by ID number) with case `id`.
pub async fn same_party(pool: &AnyPool, id: i64, window: (&str, &str)) -> sqlx::Result<Vec<CaseRow>> {
    let columns: Vec<String> = CASE_COLUMNS.split(", ").map(|c| format!("c.{}", c.trim())).collect();
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT DISTINCT {} FROM cases c JOIN case_parties p ON p.case_id = c.id \
         WHERE p.id_number IN (SELECT id_number FROM case_parties WHERE case_id = $1 AND id_number IS NOT NULL) \
         AND c.id <> $1 AND c.reported_at >= $2 AND c.reported_at <= $3 LIMIT 50",
        columns.join(", ")
    )))
    .bind(id)
    .bind(window.0)
    .bind(window.1)
    .fetch_all(pool)
    .await
}

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

/// Stores a photo.
pub async fn insert_photo(
    tx: &mut Tx,
    case_id: i64,
    f: &crate::cases::domain::photo::PhotoFacts,
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
    sqlx::query_as(
        "SELECT id, case_id, content_type, size, sha256, taken_at, lon, lat, created_at FROM case_photos WHERE case_id = $1 ORDER BY id",
    )
    .bind(case_id)
    .fetch_all(pool)
    .await
}

/// A photo's case, type and bytes.
pub async fn photo_data(pool: &AnyPool, id: i64) -> sqlx::Result<Option<(i64, String, Vec<u8>)>> {
    sqlx::query_as("SELECT case_id, content_type, data FROM case_photos WHERE id = $1").bind(id).fetch_optional(pool).await
}
