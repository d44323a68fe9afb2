//! The benchmark's bare table: the same rows as text, no checks, no seals, no index, inserted
//! in batches as fast as the database takes them, to measure the import against.

use crate::platform::db::{Tx, row_marks};
use sqlx::AnyPool;

/// Columns of the bare table.
pub const WIDTH: usize = crate::registry::services::columns::PEOPLE.len();

/// Makes the bare table.
pub async fn create_bare(pool: &AnyPool) -> sqlx::Result<()> {
    let columns: Vec<String> = (0..WIDTH).map(|i| format!("c{i} TEXT")).collect();
    let sql = format!("CREATE TABLE bare_people (id INTEGER PRIMARY KEY, {})", columns.join(", "));
    sqlx::query(sqlx::AssertSqlSafe(sql)).execute(pool).await?;
    Ok(())
}

/// Inserts rows of [`WIDTH`] cells into the bare table.
pub async fn insert_bare(tx: &mut Tx, rows: &[Vec<String>]) -> sqlx::Result<()> {
    let columns: Vec<String> = (0..WIDTH).map(|i| format!("c{i}")).collect();
    for chunk in rows.chunks(crate::platform::db::ROWS_PER_INSERT) {
        let sql = format!(
            "INSERT INTO bare_people ({}) VALUES {}",
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
