//! A case's append-only history.

use crate::platform::db::Tx;
use sqlx::AnyPool;

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

/// The columns of an event, in `EventRow`'s order; an insert puts `case_id` before them.
const EVENT_COLUMNS: &str =
    "seq, action, from_state, to_state, actor_id, actor_name, at, note, data";

/// Appends an event.
pub async fn insert_event(tx: &mut Tx, case_id: i64, e: &EventRow) -> sqlx::Result<()> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO case_events (case_id, {EVENT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
    )))
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
        let sql = format!("INSERT INTO case_events (case_id, {EVENT_COLUMNS}) VALUES {marks}");
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
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {EVENT_COLUMNS} FROM case_events WHERE case_id = $1 ORDER BY seq"
    )))
    .bind(case_id)
    .fetch_all(pool)
    .await
}
