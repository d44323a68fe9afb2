//! A case's append-only history. Events are written from the domain's typed [`Event`] and read
//! back into it here, at the store's edge; the row of text never leaves this file.

use crate::cases::domain::event::Event;
use crate::platform::db::Tx;
use crate::platform::time::Stamp;
use sqlx::AnyPool;

/// An event as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
struct EventRow {
    seq: i64,
    action: String,
    from_state: Option<String>,
    to_state: String,
    actor_id: Option<i64>,
    actor_name: String,
    at: String,
    note: String,
    data: String,
}

impl EventRow {
    /// The event, or a decode error naming the column that does not read.
    fn read(self) -> sqlx::Result<Event> {
        let bad = |column: &str, value: &str| {
            sqlx::Error::Decode(
                format!("event {}: {column} {value:?} does not read", self.seq).into(),
            )
        };
        Ok(Event {
            from_state: match self.from_state.as_deref() {
                Some(s) => Some(s.parse().map_err(|_| bad("from_state", s))?),
                None => None,
            },
            to_state: self.to_state.parse().map_err(|_| bad("to_state", &self.to_state))?,
            at: Stamp::parse(&self.at).ok_or_else(|| bad("at", &self.at))?,
            data: serde_json::from_str(&self.data).map_err(|_| bad("data", &self.data))?,
            seq: self.seq,
            action: self.action,
            actor_id: self.actor_id,
            actor_name: self.actor_name,
            note: self.note,
        })
    }
}

/// The columns of an event, in `EventRow`'s order; an insert puts `case_id` before them.
const EVENT_COLUMNS: &str =
    "seq, action, from_state, to_state, actor_id, actor_name, at, note, data";

/// Appends an event.
pub async fn insert_event(tx: &mut Tx, case_id: i64, e: &Event) -> sqlx::Result<()> {
    insert_events(tx, &[(case_id, e.clone())]).await
}

/// Appends events of many cases at once, many rows a statement.
pub async fn insert_events(tx: &mut Tx, events: &[(i64, Event)]) -> sqlx::Result<()> {
    for chunk in events.chunks(crate::platform::db::ROWS_PER_INSERT) {
        let marks = crate::platform::db::row_marks(tx, chunk.len(), 10);
        let sql = format!("INSERT INTO case_events (case_id, {EVENT_COLUMNS}) VALUES {marks}");
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (case_id, e) in chunk {
            q = q
                .bind(*case_id)
                .bind(e.seq)
                .bind(e.action.clone())
                .bind(e.from_state.map(|s| s.as_str()))
                .bind(e.to_state.as_str())
                .bind(e.actor_id)
                .bind(e.actor_name.clone())
                .bind(e.at.stored())
                .bind(e.note.clone())
                .bind(e.data.to_string());
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// A case's history, oldest first.
pub async fn events(pool: &AnyPool, case_id: i64) -> sqlx::Result<Vec<Event>> {
    let rows: Vec<EventRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {EVENT_COLUMNS} FROM case_events WHERE case_id = $1 ORDER BY seq"
    )))
    .bind(case_id)
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(EventRow::read).collect()
}
