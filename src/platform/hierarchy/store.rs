//! Units of the tree and departments, as stored. Callers pass paths they have already scoped.

use crate::platform::db::Tx;
use sqlx::AnyPool;

/// A unit with the counts every page shows beside it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UnitRow {
    /// Id.
    pub id: i64,
    /// Parent, none for a zone.
    pub parent_id: Option<i64>,
    /// `zone`, `township`, `village` or `grid`.
    pub level: String,
    /// Name.
    pub name: String,
    /// Division code.
    pub code: String,
    /// `/1/3/17/`.
    pub path: String,
    /// GeoJSON geometry.
    pub boundary: Option<String>,
    /// Direct children.
    pub children: i64,
    /// Grids in the subtree, the unit itself included.
    pub grids: i64,
    /// People holding a role at a unit in the subtree (disabled accounts left out).
    pub staff: i64,
}

/// The columns of [`UnitRow`]: the counts are correlated subqueries on the path index, so one
/// query answers a whole page of children with their counts.
macro_rules! select_units {
    ($where_order:literal) => {
        concat!(
            "SELECT c.id, c.parent_id, c.level, c.name, c.code, c.path, c.boundary, \
             (SELECT COUNT(*) FROM units k WHERE k.parent_id = c.id) AS children, \
             (SELECT COUNT(*) FROM units g WHERE g.level = 'grid' AND g.path >= c.path \
                AND g.path < substr(c.path, 1, length(c.path) - 1) || '0') AS grids, \
             (SELECT COUNT(DISTINCT r.user_id) FROM role_grants r JOIN units s ON s.id = r.unit_id \
                JOIN users us ON us.id = r.user_id WHERE us.disabled = 0 AND s.path >= c.path \
                AND s.path < substr(c.path, 1, length(c.path) - 1) || '0') AS staff \
             FROM units c ",
            $where_order
        )
    };
}

/// A unit by id, with its counts.
pub async fn get(pool: &AnyPool, id: i64) -> sqlx::Result<Option<UnitRow>> {
    sqlx::query_as(select_units!("WHERE c.id = $1")).bind(id).fetch_optional(pool).await
}

/// A unit's path by id.
pub async fn path_of(pool: &AnyPool, id: i64) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT path FROM units WHERE id = $1").bind(id).fetch_optional(pool).await
}

/// A unit's name by id.
pub async fn name_of(pool: &AnyPool, id: i64) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT name FROM units WHERE id = $1").bind(id).fetch_optional(pool).await
}

/// A unit by id inside a transaction (no counts needed, but one row type serves both).
pub async fn get_in(tx: &mut Tx, id: i64) -> sqlx::Result<Option<UnitRow>> {
    sqlx::query_as(select_units!("WHERE c.id = $1")).bind(id).fetch_optional(&mut **tx).await
}

/// A page of a unit's children in code order, with their counts.
pub async fn children(
    pool: &AnyPool,
    parent_id: i64,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Vec<UnitRow>> {
    sqlx::query_as(select_units!("WHERE c.parent_id = $1 ORDER BY c.code LIMIT $2 OFFSET $3"))
        .bind(parent_id)
        .bind(limit)
        .bind(offset)
        .fetch_all(pool)
        .await
}

/// The units whose paths contain `path`: the unit and its ancestors, root first.
pub async fn ancestors(pool: &AnyPool, path: &str) -> sqlx::Result<Vec<(i64, String, String)>> {
    sqlx::query_as("SELECT id, name, level FROM units WHERE path = substr($1, 1, length(path)) ORDER BY length(path)")
        .bind(path)
        .fetch_all(pool)
        .await
}

/// Grids in a subtree with a boundary, for maps: id, name, GeoJSON.
pub async fn boundaries_below(
    pool: &AnyPool,
    parent_id: i64,
) -> sqlx::Result<Vec<(i64, String, String, String)>> {
    sqlx::query_as("SELECT id, name, level, boundary FROM units WHERE parent_id = $1 AND boundary IS NOT NULL ORDER BY code")
        .bind(parent_id)
        .fetch_all(pool)
        .await
}

/// The id of the unit that holds `code`, if any.
pub async fn id_by_code(tx: &mut Tx, code: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT id FROM units WHERE code = $1")
        .bind(code)
        .fetch_optional(&mut **tx)
        .await
}

/// The id of the unit with a division code, outside a transaction (the command line).
pub async fn unit_with_code(pool: &AnyPool, code: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT id FROM units WHERE code = $1").bind(code).fetch_optional(pool).await
}

/// The id of the department of a kind, as `user add --department` names it.
pub async fn department_of_kind(pool: &AnyPool, kind: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT id FROM departments WHERE kind = $1")
        .bind(kind)
        .fetch_optional(pool)
        .await
}

/// What a new unit is made of.
#[derive(Debug, Clone)]
pub struct NewUnit<'a> {
    /// Parent and its path; none for a zone.
    pub parent: Option<(i64, &'a str)>,
    /// Level.
    pub level: &'a str,
    /// Name.
    pub name: &'a str,
    /// Code.
    pub code: &'a str,
    /// GeoJSON geometry.
    pub boundary: Option<&'a str>,
}

/// Inserts a unit and gives it its path (which needs the id the database chose).
pub async fn insert(tx: &mut Tx, unit: &NewUnit<'_>) -> sqlx::Result<(i64, String)> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO units (parent_id, level, name, code, path, boundary, created_at) \
         VALUES ($1, $2, $3, $4, '', $5, $6) RETURNING id",
    )
    .bind(unit.parent.map(|p| p.0))
    .bind(unit.level)
    .bind(unit.name)
    .bind(unit.code)
    .bind(unit.boundary)
    .bind(tx.now())
    .fetch_one(&mut **tx)
    .await?;
    let path = match unit.parent {
        Some((_, parent_path)) => format!("{parent_path}{id}/"),
        None => format!("/{id}/"),
    };
    sqlx::query("UPDATE units SET path = $1 WHERE id = $2")
        .bind(&path)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok((id, path))
}

/// Sets a unit's name, code and boundary.
pub async fn update(
    tx: &mut Tx,
    id: i64,
    name: &str,
    code: &str,
    boundary: Option<&str>,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE units SET name = $1, code = $2, boundary = $3 WHERE id = $4")
        .bind(name)
        .bind(code)
        .bind(boundary)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Hangs a unit under a new parent and rewrites the paths of its whole subtree.
pub async fn reparent(
    tx: &mut Tx,
    id: i64,
    old_path: &str,
    new_parent: (i64, &str),
) -> sqlx::Result<String> {
    let new_path = format!("{}{id}/", new_parent.1);
    sqlx::query("UPDATE units SET parent_id = $1 WHERE id = $2")
        .bind(new_parent.0)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    let (start, end) =
        crate::platform::hierarchy::unit::UnitPath::from_stored(old_path.to_string())
            .subtree_range();
    sqlx::query("UPDATE units SET path = $1 || substr(path, CAST($2 AS INTEGER)) WHERE path >= $3 AND path < $4")
        .bind(&new_path)
        .bind(old_path.len() as i64 + 1)
        .bind(start)
        .bind(end)
        .execute(&mut **tx)
        .await?;
    Ok(new_path)
}

/// A functional department.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct DepartmentRow {
    /// Id.
    pub id: i64,
    /// The zone it serves.
    pub zone_id: i64,
    /// `civil_affairs`, `supervision`, …
    pub kind: String,
    /// Name.
    pub name: String,
}

/// The departments of the zones whose ids are given.
pub async fn departments(pool: &AnyPool, zone_id: i64) -> sqlx::Result<Vec<DepartmentRow>> {
    sqlx::query_as("SELECT id, zone_id, kind, name FROM departments WHERE zone_id = $1 ORDER BY id")
        .bind(zone_id)
        .fetch_all(pool)
        .await
}

/// A department by id.
pub async fn department(tx: &mut Tx, id: i64) -> sqlx::Result<Option<DepartmentRow>> {
    sqlx::query_as("SELECT id, zone_id, kind, name FROM departments WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
}

/// Adds a department to a zone.
pub async fn insert_department(
    tx: &mut Tx,
    zone_id: i64,
    kind: &str,
    name: &str,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO departments (zone_id, kind, name) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(zone_id)
    .bind(kind)
    .bind(name)
    .fetch_one(&mut **tx)
    .await
}

/// The units of one level in a subtree `[start, end)`: id, name, path, in code order.
pub async fn at_level(
    pool: &AnyPool,
    start: &str,
    end: &str,
    level: &str,
) -> sqlx::Result<Vec<(i64, String, String)>> {
    sqlx::query_as("SELECT id, name, path FROM units WHERE path >= $1 AND path < $2 AND level = $3 ORDER BY code")
        .bind(start)
        .bind(end)
        .bind(level)
        .fetch_all(pool)
        .await
}

/// The grids in a subtree `[start, end)` that have a boundary: path and GeoJSON.
pub async fn grid_boundaries(
    pool: &AnyPool,
    start: &str,
    end: &str,
) -> sqlx::Result<Vec<(String, String)>> {
    sqlx::query_as("SELECT path, boundary FROM units WHERE path >= $1 AND path < $2 AND level = 'grid' AND boundary IS NOT NULL")
        .bind(start)
        .bind(end)
        .fetch_all(pool)
        .await
}

/// Every grid that has a boundary, for the grid index: id, name, path and GeoJSON, in code
/// order.
pub async fn grid_outlines(pool: &AnyPool) -> sqlx::Result<Vec<(i64, String, String, String)>> {
    sqlx::query_as("SELECT id, name, path, boundary FROM units WHERE level = 'grid' AND boundary IS NOT NULL ORDER BY code")
        .fetch_all(pool)
        .await
}

/// The names of these ids, for pages that show what the audit chain names.
pub async fn names(
    db: &crate::platform::db::Db,
    ids: Vec<i64>,
) -> anyhow::Result<Vec<(i64, String)>> {
    Ok(crate::platform::db::names_by_id(db, "SELECT id, name FROM units", &ids).await?)
}

/// The grids of a subtree `[start, end)`: code, id and path (imports name grids by code).
pub async fn grids_in(
    pool: &AnyPool,
    start: &str,
    end: &str,
) -> sqlx::Result<Vec<(String, i64, String)>> {
    sqlx::query_as(
        "SELECT code, id, path FROM units WHERE path >= $1 AND path < $2 AND level = 'grid'",
    )
    .bind(start)
    .bind(end)
    .fetch_all(pool)
    .await
}

/// Every unit's code and id, for imports that name units by code.
pub async fn codes(pool: &AnyPool) -> sqlx::Result<Vec<(String, i64)>> {
    sqlx::query_as("SELECT code, id FROM units").fetch_all(pool).await
}

/// The first zone, by id, with its code: the one a single-zone endpoint serves.
pub async fn first_zone(pool: &AnyPool) -> sqlx::Result<Option<(i64, String)>> {
    sqlx::query_as("SELECT id, code FROM units WHERE level = 'zone' ORDER BY id LIMIT 1")
        .fetch_optional(pool)
        .await
}

/// The units of a subtree at some levels, as (id, name, level), in division-code order: each
/// unit right after its parent, since codes nest.
pub async fn subtree_names(
    pool: &AnyPool,
    start: &str,
    end: &str,
    levels: &[&str],
    limit: i64,
) -> sqlx::Result<Vec<(i64, String, String)>> {
    let marks: Vec<String> = (0..levels.len()).map(|i| format!("${}", i + 4)).collect();
    let sql = format!(
        "SELECT id, name, level FROM units WHERE path >= $1 AND path < $2 AND level IN ({}) \
         ORDER BY code LIMIT $3",
        if marks.is_empty() { "NULL".to_string() } else { marks.join(", ") }
    );
    let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(start).bind(end).bind(limit);
    for level in levels {
        q = q.bind(*level);
    }
    q.fetch_all(pool).await
}
