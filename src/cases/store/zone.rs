//! The zone as the demo's cases need it: its id, and its grids with their village and the staff
//! who report and verify there.

use sqlx::AnyPool;

/// A grid cases are reported in: id, path, its village's name, and the `(user id, username)` of
/// its manager and supervisor, if it has them.
#[derive(Debug, Clone)]
pub struct StaffedGrid {
    /// Id.
    pub id: i64,
    /// Path.
    pub path: String,
    /// The village's (or community's) name.
    pub village: String,
    /// The grid manager, who reports.
    pub manager: Option<(i64, String)>,
    /// The grid supervisor, who verifies.
    pub supervisor: Option<(i64, String)>,
}

/// The first zone's id.
pub async fn first_zone(pool: &AnyPool) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT id FROM units WHERE level = 'zone' ORDER BY id LIMIT 1")
        .fetch_one(pool)
        .await
}

/// Every grid in code order with its village and its manager and supervisor.
pub async fn staffed_grids(pool: &AnyPool) -> sqlx::Result<Vec<StaffedGrid>> {
    let grids: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT g.id, g.path, v.name FROM units g JOIN units v ON v.id = g.parent_id WHERE g.level = 'grid' ORDER BY g.code",
    )
    .fetch_all(pool)
    .await?;
    let staff: Vec<(i64, i64, String, String)> = sqlx::query_as(
        "SELECT r.unit_id, u.id, u.username, r.grid_role FROM role_grants r JOIN users u ON u.id = r.user_id \
         WHERE r.role = 'grid_staff' AND r.grid_role IN ('manager', 'supervisor')",
    )
    .fetch_all(pool)
    .await?;
    // The first grant of a role at a grid names it, as the loader always did.
    let find = |grid: i64, role: &str| {
        staff.iter().find(|s| s.0 == grid && s.3 == role).map(|s| (s.1, s.2.clone()))
    };
    Ok(grids
        .into_iter()
        .map(|(id, path, village)| StaffedGrid {
            manager: find(id, "manager"),
            supervisor: find(id, "supervisor"),
            id,
            path,
            village,
        })
        .collect())
}
