//! The `registry_counts` table: each grid's people by kind, those living apart from their 户籍,
//! and its households, moved by differences as the registry changes.

use crate::platform::db::Tx;
use sqlx::AnyPool;

/// A grid's counts, or the difference a change makes to them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct Counts {
    /// 户籍人口.
    pub resident: i64,
    /// 流动人口.
    pub floating: i64,
    /// 人户分离.
    pub apart: i64,
    /// 户数.
    pub households: i64,
    /// 房屋.
    pub places: i64,
    /// 设施.
    pub facilities: i64,
    /// 组织.
    pub organisations: i64,
}

impl Counts {
    /// What one person adds: by kind, and whether they live apart.
    pub fn person(kind: &str, agrees: bool) -> Counts {
        Counts {
            resident: i64::from(kind == "resident"),
            floating: i64::from(kind == "floating"),
            apart: i64::from(!agrees),
            ..Counts::default()
        }
    }

    /// What one record of a counted kind adds (`households`, `places`, …).
    pub fn one(column: &str) -> Counts {
        let mut c = Counts::default();
        match column {
            "households" => c.households = 1,
            "places" => c.places = 1,
            "facilities" => c.facilities = 1,
            _ => c.organisations = 1,
        }
        c
    }

    /// Adds `other`, times `sign`.
    pub fn add(&mut self, other: Counts, sign: i64) {
        self.resident += sign * other.resident;
        self.floating += sign * other.floating;
        self.apart += sign * other.apart;
        self.households += sign * other.households;
        self.places += sign * other.places;
        self.facilities += sign * other.facilities;
        self.organisations += sign * other.organisations;
    }
}

/// Moves the counts of grids by these differences.
pub async fn apply(tx: &mut Tx, deltas: &[(i64, Counts)]) -> sqlx::Result<()> {
    for (unit, d) in deltas.iter().filter(|(_, d)| *d != Counts::default()) {
        sqlx::query(
            "INSERT INTO registry_counts (unit_id, resident, floating, apart, households, places, \
             facilities, organisations) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (unit_id) DO UPDATE SET \
             resident = registry_counts.resident + excluded.resident, \
             floating = registry_counts.floating + excluded.floating, \
             apart = registry_counts.apart + excluded.apart, \
             households = registry_counts.households + excluded.households, \
             places = registry_counts.places + excluded.places, \
             facilities = registry_counts.facilities + excluded.facilities, \
             organisations = registry_counts.organisations + excluded.organisations",
        )
        .bind(unit)
        .bind(d.resident)
        .bind(d.floating)
        .bind(d.apart)
        .bind(d.households)
        .bind(d.places)
        .bind(d.facilities)
        .bind(d.organisations)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// The counts of a subtree `[start, end)`: the sum over its grids.
pub async fn sum(pool: &AnyPool, range: &(String, String)) -> sqlx::Result<Counts> {
    sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(c.resident), 0) AS BIGINT) AS resident, \
         CAST(COALESCE(SUM(c.floating), 0) AS BIGINT) AS floating, \
         CAST(COALESCE(SUM(c.apart), 0) AS BIGINT) AS apart, \
         CAST(COALESCE(SUM(c.households), 0) AS BIGINT) AS households, \
         CAST(COALESCE(SUM(c.places), 0) AS BIGINT) AS places, \
         CAST(COALESCE(SUM(c.facilities), 0) AS BIGINT) AS facilities, \
         CAST(COALESCE(SUM(c.organisations), 0) AS BIGINT) AS organisations \
         FROM registry_counts c JOIN units u ON u.id = c.unit_id \
         WHERE u.path >= $1 AND u.path < $2",
    )
    .bind(&range.0)
    .bind(&range.1)
    .fetch_one(pool)
    .await
}

/// The same counted from the people and households themselves, to check the kept ones against.
pub async fn recount(pool: &AnyPool, range: &(String, String)) -> sqlx::Result<Counts> {
    sqlx::query_as(
        "SELECT \
         (SELECT COUNT(*) FROM people WHERE unit_path >= $1 AND unit_path < $2 AND kind = 'resident') AS resident, \
         (SELECT COUNT(*) FROM people WHERE unit_path >= $1 AND unit_path < $2 AND kind = 'floating') AS floating, \
         (SELECT COUNT(*) FROM people WHERE unit_path >= $1 AND unit_path < $2 AND residence_agrees = 0) AS apart, \
         (SELECT COUNT(*) FROM households WHERE unit_path >= $1 AND unit_path < $2) AS households, \
         (SELECT COUNT(*) FROM places WHERE unit_path >= $1 AND unit_path < $2) AS places, \
         (SELECT COUNT(*) FROM facilities WHERE unit_path >= $1 AND unit_path < $2) AS facilities, \
         (SELECT COUNT(*) FROM organisations WHERE unit_path >= $1 AND unit_path < $2) AS organisations",
    )
    .bind(&range.0)
    .bind(&range.1)
    .fetch_one(pool)
    .await
}
