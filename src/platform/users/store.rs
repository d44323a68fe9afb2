//! People and the roles they hold.

use crate::platform::db::Tx;
use sqlx::AnyPool;

/// The columns of [`GrantRow`], then a WHERE and ORDER clause.
macro_rules! select_grants {
    ($tail:literal) => {
        concat!("SELECT ", grant_columns!(), " ", grants_from!(), " ", $tail)
    };
}

/// The columns of [`GrantRow`].
macro_rules! grant_columns {
    () => {
        "g.user_id, g.role, g.unit_id, g.department_id, g.grid_role, \
         u.path AS unit_path, u.name AS unit_name, u.level AS unit_level, d.name AS department_name, d.kind AS department_kind"
    };
}

/// The tables behind [`GrantRow`].
macro_rules! grants_from {
    () => {
        "FROM role_grants g JOIN units u ON u.id = g.unit_id LEFT JOIN departments d ON d.id = g.department_id"
    };
}

/// A user as stored (without the password hash).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    /// Id.
    pub id: i64,
    /// Login name.
    pub username: String,
    /// Name shown to people.
    pub display_name: String,
    /// Phone number.
    pub phone: Option<String>,
    /// 1 when the account may no longer log in.
    pub disabled: i64,
}

/// A role held, with the unit it is held at.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct GrantRow {
    /// The holder.
    pub user_id: i64,
    /// Role identifier.
    pub role: String,
    /// Unit id.
    pub unit_id: i64,
    /// Department, for department staff.
    pub department_id: Option<i64>,
    /// Grid role, for grid staff.
    pub grid_role: Option<String>,
    /// The unit's path.
    pub unit_path: String,
    /// The unit's name.
    pub unit_name: String,
    /// The unit's level.
    pub unit_level: String,
    /// The department's name.
    pub department_name: Option<String>,
    /// The department's kind (`civil_affairs`, …).
    pub department_kind: Option<String>,
}

/// A user and password hash by login name.
pub async fn by_username(
    pool: &AnyPool,
    username: &str,
) -> sqlx::Result<Option<(UserRow, String)>> {
    let row: Option<(i64, String, String, Option<String>, i64, String)> =
        sqlx::query_as("SELECT id, username, display_name, phone, disabled, password_hash FROM users WHERE username = $1")
            .bind(username)
            .fetch_optional(pool)
            .await?;
    Ok(row.map(|(id, username, display_name, phone, disabled, hash)| {
        (UserRow { id, username, display_name, phone, disabled }, hash)
    }))
}

/// A user by id.
pub async fn get(pool: &AnyPool, id: i64) -> sqlx::Result<Option<UserRow>> {
    sqlx::query_as("SELECT id, username, display_name, phone, disabled FROM users WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// Every role a user holds.
pub async fn grants(pool: &AnyPool, user_id: i64) -> sqlx::Result<Vec<GrantRow>> {
    sqlx::query_as(select_grants!("WHERE g.user_id = $1 ORDER BY g.id"))
        .bind(user_id)
        .fetch_all(pool)
        .await
}

/// How many users hold a role in the subtree `[start, end)`.
pub async fn count_in_subtree(pool: &AnyPool, start: &str, end: &str) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "SELECT COUNT(DISTINCT g.user_id) FROM role_grants g JOIN units u ON u.id = g.unit_id \
         WHERE u.path >= $1 AND u.path < $2",
    )
    .bind(start)
    .bind(end)
    .fetch_one(pool)
    .await
}

/// A page of the users holding a role in the subtree `[start, end)`, by username, with the
/// roles they hold inside it (roles elsewhere are not the caller's business).
pub async fn page_in_subtree(
    pool: &AnyPool,
    start: &str,
    end: &str,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Vec<(UserRow, Vec<GrantRow>)>> {
    let users: Vec<UserRow> = sqlx::query_as(
        "SELECT us.id, us.username, us.display_name, us.phone, us.disabled FROM users us WHERE us.id IN \
         (SELECT g.user_id FROM role_grants g JOIN units u ON u.id = g.unit_id WHERE u.path >= $1 AND u.path < $2) \
         ORDER BY us.username LIMIT $3 OFFSET $4",
    )
    .bind(start)
    .bind(end)
    .bind(limit)
    .bind(offset)
    .fetch_all(pool)
    .await?;
    let (Some(first), Some(last)) = (users.first(), users.last()) else { return Ok(Vec::new()) };
    // One query for the page's roles: the page is a username range, so no id list is needed.
    let grants: Vec<GrantRow> = sqlx::query_as(select_grants!(
        "JOIN users us ON us.id = g.user_id WHERE u.path >= $1 AND u.path < $2 \
         AND us.username >= $3 AND us.username <= $4 ORDER BY g.id"
    ))
    .bind(start)
    .bind(end)
    .bind(&first.username)
    .bind(&last.username)
    .fetch_all(pool)
    .await?;
    Ok(users
        .into_iter()
        .map(|u| {
            let mine = grants.iter().filter(|g| g.user_id == u.id).cloned().collect();
            (u, mine)
        })
        .collect())
}

/// A role held at a unit, with its holder.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StaffRow {
    /// The holder.
    #[sqlx(flatten)]
    pub user: UserRow,
    /// The role.
    #[sqlx(flatten)]
    pub grant: GrantRow,
}

/// The staff of one unit (roles held exactly there), for a unit's page.
pub async fn staff_at(pool: &AnyPool, unit_id: i64) -> sqlx::Result<Vec<StaffRow>> {
    sqlx::query_as(concat!(
        "SELECT ",
        grant_columns!(),
        ", us.id, us.username, us.display_name, us.phone, us.disabled ",
        grants_from!(),
        " JOIN users us ON us.id = g.user_id WHERE g.unit_id = $1 ORDER BY g.id"
    ))
    .bind(unit_id)
    .fetch_all(pool)
    .await
}

/// What a new user is made of.
#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    /// Login name.
    pub username: &'a str,
    /// Name shown.
    pub display_name: &'a str,
    /// Phone.
    pub phone: Option<&'a str>,
    /// Argon2id PHC string.
    pub password_hash: &'a str,
}

/// Inserts a user.
pub async fn insert(tx: &mut Tx, user: &NewUser<'_>) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO users (username, display_name, phone, password_hash, disabled, created_at) \
         VALUES ($1, $2, $3, $4, 0, $5) RETURNING id",
    )
    .bind(user.username)
    .bind(user.display_name)
    .bind(user.phone)
    .bind(user.password_hash)
    .bind(tx.now())
    .fetch_one(&mut **tx)
    .await
}

/// Whether a username is taken.
pub async fn username_taken(tx: &mut Tx, username: &str) -> sqlx::Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE username = $1")
        .bind(username)
        .fetch_one(&mut **tx)
        .await?;
    Ok(n > 0)
}

/// Gives a user a role at a unit.
pub async fn insert_grant(
    tx: &mut Tx,
    user_id: i64,
    role: &str,
    unit_id: i64,
    department_id: Option<i64>,
    grid_role: Option<&str>,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO role_grants (user_id, role, unit_id, department_id, grid_role) VALUES ($1, $2, $3, $4, $5)")
        .bind(user_id)
        .bind(role)
        .bind(unit_id)
        .bind(department_id)
        .bind(grid_role)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Sets a user's password hash.
pub async fn set_password(tx: &mut Tx, user_id: i64, password_hash: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(password_hash)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Disables or re-enables an account.
pub async fn set_disabled(tx: &mut Tx, user_id: i64, disabled: bool) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET disabled = $1 WHERE id = $2")
        .bind(disabled as i64)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A user's id by login name, inside a transaction.
pub async fn id_by_username(tx: &mut Tx, username: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT id FROM users WHERE username = $1")
        .bind(username)
        .fetch_optional(&mut **tx)
        .await
}

/// Every role a user holds, inside a transaction.
pub async fn grants_in(tx: &mut Tx, user_id: i64) -> sqlx::Result<Vec<GrantRow>> {
    sqlx::query_as(select_grants!("WHERE g.user_id = $1 ORDER BY g.id"))
        .bind(user_id)
        .fetch_all(&mut **tx)
        .await
}

/// A user with one of their roles (none when they hold no role): what loading an actor needs,
/// in one query.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ActorRow {
    /// User id.
    pub id: i64,
    /// Login name.
    pub username: String,
    /// Name shown.
    pub display_name: String,
    /// 1 when disabled.
    pub disabled: i64,
    /// The role, if any.
    pub role: Option<String>,
    /// Its unit.
    pub unit_id: Option<i64>,
    /// Its department.
    pub department_id: Option<i64>,
    /// Its grid role.
    pub grid_role: Option<String>,
    /// The unit's path.
    pub unit_path: Option<String>,
    /// The unit's name.
    pub unit_name: Option<String>,
    /// The unit's level.
    pub unit_level: Option<String>,
    /// The department's name.
    pub department_name: Option<String>,
    /// The department's kind.
    pub department_kind: Option<String>,
}

/// The columns of [`ActorRow`] and the joins behind them.
macro_rules! actor_select {
    ($from:literal, $where:literal) => {
        concat!(
            "SELECT us.id, us.username, us.display_name, us.disabled, g.role, g.unit_id, g.department_id, g.grid_role, \
             u.path AS unit_path, u.name AS unit_name, u.level AS unit_level, d.name AS department_name, \
             d.kind AS department_kind ",
            $from,
            " LEFT JOIN role_grants g ON g.user_id = us.id LEFT JOIN units u ON u.id = g.unit_id \
             LEFT JOIN departments d ON d.id = g.department_id ",
            $where,
            " ORDER BY g.id"
        )
    };
}

/// A user and every role they hold, in one query.
pub async fn actor_rows(pool: &AnyPool, user_id: i64) -> sqlx::Result<Vec<ActorRow>> {
    sqlx::query_as(actor_select!("FROM users us", "WHERE us.id = $1"))
        .bind(user_id)
        .fetch_all(pool)
        .await
}

/// The user of an API token live at `now` and every role they hold, in one query (every API
/// request makes it).
pub async fn actor_rows_by_token(
    pool: &AnyPool,
    token_hash: &str,
    now: &str,
) -> sqlx::Result<Vec<ActorRow>> {
    sqlx::query_as(actor_select!(
        "FROM api_tokens t JOIN users us ON us.id = t.user_id",
        "WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > $2"
    ))
    .bind(token_hash)
    .bind(now)
    .fetch_all(pool)
    .await
}

/// The names of these ids, for pages that show what the audit chain names.
pub async fn names(
    db: &crate::platform::db::Db,
    ids: Vec<i64>,
) -> anyhow::Result<Vec<(i64, String)>> {
    Ok(crate::platform::db::names_by_id(db, "SELECT id, display_name FROM users", &ids).await?)
}
