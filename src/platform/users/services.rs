//! Use-cases on people: list those holding roles in a subtree; administer them.

use crate::platform::access::actor::Held;

use crate::platform::access::actor::Actor;
use crate::platform::access::actor::grants_of;
use crate::platform::access::role::Grant;
use crate::platform::access::role::Role;
use crate::platform::db::Db;
use crate::platform::db::unique::OrTaken;
use crate::platform::input::FieldError;
use crate::platform::input::required_text;
use crate::platform::service::AppError;
use crate::platform::service::AppResult;
use crate::platform::service::Page;
use crate::platform::service::Paging;
use crate::platform::service::check;
use crate::platform::users::store::NewUser;
use crate::platform::users::store::UserRow;
use serde_json::json;

/// A user with the roles the viewer may see.
#[derive(Debug, Clone)]
pub struct UserView {
    /// The user.
    pub user: UserRow,
    /// Roles held inside the listed subtree.
    pub roles: Vec<Held>,
}

/// A page of the users holding roles in a visible unit's subtree.
pub async fn list(
    db: &Db,
    actor: &Actor,
    unit_id: i64,
    paging: Paging,
) -> AppResult<Page<UserView>> {
    let (start, end) = actor.unit_path(db, unit_id).await?.subtree_range();
    let total = crate::platform::users::store::count_in_subtree(&db.pool, &start, &end).await?;
    let rows = crate::platform::users::store::page_in_subtree(
        &db.pool,
        &start,
        &end,
        paging.page_size,
        paging.offset(),
    )
    .await?;
    let items = rows
        .into_iter()
        .map(|(user, grants)| UserView { user, roles: grants_of(grants) })
        .collect();
    Ok(Page { items, total, paging })
}

/// The staff holding roles at exactly this unit (a grid's four).
pub async fn staff_at(db: &Db, actor: &Actor, unit_id: i64) -> AppResult<Vec<UserView>> {
    actor.unit_path(db, unit_id).await?;
    let rows = crate::platform::users::store::staff_at(&db.pool, unit_id).await?;
    Ok(rows
        .into_iter()
        .map(|r| UserView { user: r.user, roles: grants_of(vec![r.grant]) })
        .collect())
}

/// A user the actor administers: every role the user holds lies in the actor's admin subtrees,
/// so a township admin cannot touch a zone leader who also holds a role in the township.
/// Users the actor cannot see at all are `NotFound`.
async fn administered(db: &Db, actor: &Actor, user_id: i64) -> AppResult<UserRow> {
    let user =
        crate::platform::users::store::get(&db.pool, user_id).await?.ok_or(AppError::NotFound)?;
    let held = grants_of(crate::platform::users::store::grants(&db.pool, user_id).await?);
    if !held.iter().any(|h| actor.sees(&h.path)) {
        return Err(AppError::NotFound);
    }
    if !held.iter().all(|h| actor.administers(&h.path)) {
        return Err(AppError::Forbidden);
    }
    Ok(user)
}

/// One user, with the roles the actor may see; themselves always.
pub async fn get(db: &Db, actor: &Actor, user_id: i64) -> AppResult<UserView> {
    let user =
        crate::platform::users::store::get(&db.pool, user_id).await?.ok_or(AppError::NotFound)?;
    let held = grants_of(crate::platform::users::store::grants(&db.pool, user_id).await?);
    let roles: Vec<Held> = held.into_iter().filter(|h| actor.sees(&h.path)).collect();
    if roles.is_empty() && actor.user_id() != Some(user_id) && !actor.is_system() {
        return Err(AppError::NotFound);
    }
    Ok(UserView { user, roles })
}

/// What a new account is made of.
#[derive(Debug, Clone, Default)]
pub struct UserInput {
    /// Login name: 2–32 of a–z, 0–9, `_`, `.`, `-`.
    pub username: String,
    /// Name shown.
    pub display_name: String,
    /// Phone, optional.
    pub phone: Option<String>,
    /// First password.
    pub password: String,
    /// Roles to hold.
    pub roles: Vec<Grant>,
}

fn check_username(name: &str) -> Result<String, FieldError> {
    let name = name.trim();
    let ok = (2..=32).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_.-".contains(&b));
    if ok { Ok(name.to_string()) } else { Err(FieldError::new("username", "error.username")) }
}

/// Checks a new password's length.
pub fn check_password(password: &str) -> Result<(), FieldError> {
    if password.chars().count() < crate::platform::users::password::MIN_LEN {
        return Err(FieldError::new("password", "error.password_short")
            .arg("min", crate::platform::users::password::MIN_LEN));
    }
    Ok(())
}

/// Checks the roles of a new account against the units and departments, inside the
/// transaction that will write them.
async fn check_roles(
    tx: &mut crate::platform::db::Tx,
    actor: &Actor,
    roles: &[Grant],
    errors: &mut Vec<FieldError>,
) -> AppResult<()> {
    if roles.is_empty() {
        errors.push(FieldError::new("roles", "error.roles_empty"));
    }
    for (i, grant) in roles.iter().enumerate() {
        let field = |f: &str| format!("roles[{i}].{f}");
        let unit = crate::platform::hierarchy::store::get_in(tx, grant.unit_id)
            .await?
            .and_then(|u| actor.scope(u));
        let Some(unit) = unit else {
            errors.push(FieldError::new(field("unit_id"), "error.no_such_unit"));
            continue;
        };
        if !actor.administers(unit.path()) {
            return Err(AppError::Forbidden);
        }
        if unit.level() != grant.role.unit_level() {
            errors.push(
                FieldError::new(field("unit_id"), "error.role_level")
                    .arg("level", format!("@level.{}", grant.role.unit_level())),
            );
        }
        if (grant.role == Role::GridStaff) != grant.grid_role.is_some() {
            errors.push(FieldError::new(field("grid_role"), "error.grid_role"));
        }
        match (grant.role, grant.department_id) {
            (Role::DepartmentStaff, Some(dep)) => {
                match crate::platform::hierarchy::store::department(tx, dep).await? {
                    Some(d) if d.zone_id == unit.id() => {}
                    _ => errors
                        .push(FieldError::new(field("department_id"), "error.no_such_department")),
                }
            }
            (Role::DepartmentStaff, None) | (_, Some(_)) => {
                errors.push(FieldError::new(field("department_id"), "error.department_role"))
            }
            _ => {}
        }
    }
    Ok(())
}

/// Creates an account with its roles; the actor must administer every unit named.
pub async fn create(db: &Db, actor: &Actor, input: UserInput) -> AppResult<UserView> {
    let mut errors = Vec::new();
    let username = check_username(&input.username).map_err(|e| errors.push(e)).ok();
    let display_name =
        required_text("display_name", &input.display_name, 64).map_err(|e| errors.push(e)).ok();
    let _ = check_password(&input.password).map_err(|e| errors.push(e));
    let phone = input.phone.as_deref().map(str::trim).filter(|p| !p.is_empty()).map(str::to_string);
    if phone.as_ref().is_some_and(|p| {
        p.len() > 20 || !p.bytes().all(|b| b.is_ascii_digit() || b == b'-' || b == b'+')
    }) {
        errors.push(FieldError::new("phone", "error.phone"));
    }
    // Hash before the transaction: it takes tens of milliseconds and needs no lock.
    let hash = crate::platform::users::password::hash(input.password.clone()).await?;
    let mut tx = db.begin().await?;
    if let Some(name) = &username
        && crate::platform::users::store::username_taken(&mut tx, name).await?
    {
        errors.push(FieldError::new("username", "error.username_taken"));
    }
    check_roles(&mut tx, actor, &input.roles, &mut errors).await?;
    check(errors)?;
    let (username, display_name) = (username.expect("checked"), display_name.expect("checked"));
    // The check above is the friendly answer; two creating the same username at once are told
    // apart by the insert.
    let id = crate::platform::users::store::insert(
        &mut tx,
        &NewUser {
            username: &username,
            display_name: &display_name,
            phone: phone.as_deref(),
            password_hash: &hash,
        },
    )
    .await
    .or_taken("username", "error.username_taken")?;
    for g in &input.roles {
        crate::platform::users::store::insert_grant(
            &mut tx,
            id,
            g.role.as_str(),
            g.unit_id,
            g.department_id,
            g.grid_role.map(|r| r.as_str()),
        )
        .await?;
    }
    crate::platform::audit::append(
        &mut tx,
        actor.audit(
            "user.create",
            format!("user:{id}"),
            json!({"username": username, "display_name": display_name, "roles": input.roles}),
        ),
    )
    .await?;
    let roles = grants_of(crate::platform::users::store::grants_in(&mut tx, id).await?);
    tx.commit().await?;
    let user = UserRow { id, username, display_name, phone, disabled: 0 };
    Ok(UserView { user, roles })
}

/// Disables or re-enables an account; disabling ends its sessions and tokens.
pub async fn set_disabled(db: &Db, actor: &Actor, user_id: i64, disabled: bool) -> AppResult<()> {
    let user = administered(db, actor, user_id).await?;
    if actor.user_id() == Some(user_id) && disabled {
        return Err(AppError::Conflict("error.disable_self"));
    }
    let mut tx = db.begin().await?;
    // Disabling ends the account's sessions and tokens: the database's triggers do it.
    crate::platform::users::store::set_disabled(&mut tx, user.id, disabled).await?;
    crate::platform::audit::append(
        &mut tx,
        actor.audit(
            if disabled { "user.disable" } else { "user.enable" },
            format!("user:{}", user.id),
            json!({"username": user.username}),
        ),
    )
    .await?;
    tx.commit().await?;
    db.epoch.changed();
    Ok(())
}

/// Sets a new password for an account the actor administers (or their own); ends its sessions
/// and tokens.
pub async fn set_password(
    db: &Db,
    actor: &Actor,
    user_id: i64,
    new_password: String,
) -> AppResult<()> {
    let user = if actor.user_id() == Some(user_id) {
        crate::platform::users::store::get(&db.pool, user_id).await?.ok_or(AppError::NotFound)?
    } else {
        administered(db, actor, user_id).await?
    };
    check_password(&new_password)?;
    let hash = crate::platform::users::password::hash(new_password).await?;
    let mut tx = db.begin().await?;
    // A new password ends the account's sessions and tokens: the database's triggers do it.
    crate::platform::users::store::set_password(&mut tx, user.id, &hash).await?;
    crate::platform::audit::append(
        &mut tx,
        actor.audit("user.passwd", format!("user:{}", user.id), json!({"username": user.username})),
    )
    .await?;
    tx.commit().await?;
    db.epoch.changed();
    Ok(())
}

/// Finds a user's id by login name, for the command line.
pub async fn id_by_username(db: &Db, username: &str) -> AppResult<i64> {
    let mut tx = db.begin().await?;
    let id = crate::platform::users::store::id_by_username(&mut tx, username).await?;
    tx.rollback().await?;
    id.ok_or(AppError::NotFound)
}
