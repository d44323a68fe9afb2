//! The benchmark's bare tables: the same rows as text, no checks, no seals, inserted in batches
//! as fast as the database takes them, to measure the import against: one with no index at
//! all, and one indexed as `people` is (the ID number unique, the name, the phone, the grid, the
//! household and its one head, the place), so that what is left is the import's own work.

use crate::platform::db::{Tx, row_marks};
use sqlx::AnyPool;

/// Columns of the bare table.
pub const WIDTH: usize = crate::registry::services::columns::PEOPLE.len();

/// The indexes of `people`, on the bare table's columns of the same cells (the template's
/// order: 0 name, 1 ID number, 5 phone, 6 grid, 9 household, 10 place, 11 relation).
const LIKE_PEOPLE: [&str; 7] = [
    "CREATE UNIQUE INDEX bare_indexed_id ON bare_indexed (c1)",
    "CREATE INDEX bare_indexed_grid ON bare_indexed (c6, id)",
    "CREATE INDEX bare_indexed_name ON bare_indexed (c0)",
    "CREATE INDEX bare_indexed_phone ON bare_indexed (c5) WHERE c5 <> ''",
    "CREATE INDEX bare_indexed_household ON bare_indexed (c9) WHERE c9 <> ''",
    "CREATE INDEX bare_indexed_place ON bare_indexed (c10) WHERE c10 <> ''",
    "CREATE UNIQUE INDEX bare_indexed_head ON bare_indexed (c9) WHERE c11 = '02'",
];

/// Makes the bare table `table` (`bare_people`, or `bare_indexed` with the indexes of people).
pub async fn create_bare(pool: &AnyPool, table: &str) -> sqlx::Result<()> {
    let columns: Vec<String> = (0..WIDTH).map(|i| format!("c{i} TEXT")).collect();
    let sql = format!("CREATE TABLE {table} (id INTEGER PRIMARY KEY, {})", columns.join(", "));
    sqlx::query(sqlx::AssertSqlSafe(sql)).execute(pool).await?;
    if table == "bare_indexed" {
        for sql in LIKE_PEOPLE {
            sqlx::query(sql).execute(pool).await?;
        }
    }
    Ok(())
}

/// Inserts rows of [`WIDTH`] cells into a bare table.
pub async fn insert_bare(tx: &mut Tx, table: &str, rows: &[Vec<String>]) -> sqlx::Result<()> {
    let columns: Vec<String> = (0..WIDTH).map(|i| format!("c{i}")).collect();
    for chunk in rows.chunks(crate::platform::db::ROWS_PER_INSERT) {
        let sql = format!(
            "INSERT INTO {table} ({}) VALUES {}",
            columns.join(", "),
            row_marks(tx, chunk.len(), WIDTH)
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for row in chunk {
            for i in 0..WIDTH {
                q = q.bind(row.get(i).cloned().unwrap_or_default());
            }
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}
