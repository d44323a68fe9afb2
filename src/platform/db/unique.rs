//! A unique constraint the database refused, answered as the field whose value is taken.
//!
//! A check before an insert reads the table, but two transactions can both read "free" and both
//! insert: on PostgreSQL the second then fails on the unique index. The insert itself maps that
//! failure, so a race is a 422 naming the field, never a 500, on either database.

use crate::platform::input::FieldError;
use crate::platform::service::{AppError, AppResult};

/// Whether the database refused a write for repeating a unique value: SQLite's
/// `SQLITE_CONSTRAINT_UNIQUE` (or primary key), PostgreSQL's `23505`. The `Any` driver hands back
/// each driver's own error, whose kind sqlx reads alike.
pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    e.as_database_error().is_some_and(|d| d.is_unique_violation())
}

/// Maps a write's unique violation to a field's error.
pub trait OrTaken<T> {
    /// For a write whose only unique constraint lies on `field`: a violation becomes the field's
    /// error `key` (`error.code_taken`), any other error stays the database's.
    fn or_taken(self, field: &'static str, key: &'static str) -> AppResult<T>;
}

impl<T> OrTaken<T> for sqlx::Result<T> {
    fn or_taken(self, field: &'static str, key: &'static str) -> AppResult<T> {
        self.map_err(|e| {
            if is_unique_violation(&e) {
                FieldError::new(field, key).into()
            } else {
                AppError::from(e)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_that_is_not_the_database_s_stays_internal() {
        let mapped: AppResult<()> =
            Err(sqlx::Error::RowNotFound).or_taken("code", "error.code_taken");
        assert!(matches!(mapped, Err(AppError::Internal(_))));
        assert!(!is_unique_violation(&sqlx::Error::RowNotFound));
    }

    #[tokio::test]
    async fn sqlite_s_unique_violation_names_the_field() {
        sqlx::any::install_default_drivers();
        // One connection: each connection to `:memory:` is a database of its own.
        let pool = sqlx::any::AnyPoolOptions::new()
            .max_connections(1)
            .connect("sqlite::memory:")
            .await
            .unwrap();
        sqlx::query("CREATE TABLE t (code TEXT UNIQUE)").execute(&pool).await.unwrap();
        sqlx::query("INSERT INTO t (code) VALUES ('a')").execute(&pool).await.unwrap();
        let again = sqlx::query("INSERT INTO t (code) VALUES ('a')").execute(&pool).await;
        assert!(is_unique_violation(again.as_ref().unwrap_err()));
        match again.or_taken("code", "error.code_taken") {
            Err(AppError::Invalid(errors)) => {
                assert_eq!((errors[0].field.as_str(), errors[0].key), ("code", "error.code_taken"))
            }
            other => panic!("expected the field's error, got {other:?}"),
        }
    }
}
