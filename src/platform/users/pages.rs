//! User administration: the people holding roles in a unit's subtree; add a person with a role
//! at the unit; disable, re-enable, set a password.

use crate::platform::web::pages::Ctx;

use crate::platform::web::pages::Errors;

use crate::platform::access::role::Grant;
use crate::platform::access::role::GridRole;
use crate::platform::access::role::Role;
use crate::platform::hierarchy::services::DepartmentRow;
use crate::platform::service::AppError;
use crate::platform::service::Paging;
use crate::platform::web::AppState;
use crate::platform::web::error::PageError;
use crate::platform::web::pages::page;
use crate::platform::web::session::PageActor;
use crate::platform::web::session::SessionForm;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// A user as the table lists them.
pub struct UserLine {
    id: i64,
    username: String,
    name: String,
    phone: String,
    disabled: bool,
    roles: Vec<String>,
}

/// What the create form holds.
#[derive(Debug, Default, Deserialize)]
pub struct CreateForm {
    #[serde(default)]
    unit: i64,
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    grid_role: String,
    #[serde(default)]
    department_id: String,
}

#[derive(Template)]
#[template(path = "platform/templates/users.html")]
struct UsersPage {
    ctx: Ctx,
    unit_id: i64,
    unit_name: String,
    users: Vec<UserLine>,
    total: i64,
    page: i64,
    pages: i64,
    roles: Vec<(String, String)>,
    grid: bool,
    grid_roles: Vec<(String, String)>,
    departments: Vec<DepartmentRow>,
    form: CreateForm,
    errors: Errors,
}

#[derive(Deserialize)]
pub struct ListQuery {
    unit: Option<i64>,
    page: Option<i64>,
    done: Option<String>,
}

/// `GET /admin/users`.
pub async fn index(
    State(state): State<AppState>,
    who: PageActor,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let ctx = Ctx::of(&who).with_notice(q.done.as_deref());
    let unit = q.unit.or_else(|| who.actor.anchors().first().copied()).ok_or(AppError::NotFound)?;
    render(&state, &who, ctx, unit, q.page.unwrap_or(1), CreateForm::default(), Errors::default())
        .await
}

async fn render(
    state: &AppState,
    who: &PageActor,
    ctx: Ctx,
    unit_id: i64,
    page_no: i64,
    form: CreateForm,
    errors: Errors,
) -> Result<Response, PageError> {
    if !who.actor.is_admin() {
        return Err(PageError(AppError::Forbidden));
    }
    let unit = who.actor.unit(&state.db, unit_id).await?;
    let paging = Paging::parse(Some(page_no), Some(50))?;
    let list =
        crate::platform::audit::reads::users_page(&state.db, &who.actor, unit_id, paging).await?;
    let users = list
        .items
        .into_iter()
        .map(|v| UserLine {
            id: v.user.id,
            roles: v.roles.iter().map(|h| crate::platform::web::home::role_text(&ctx, h)).collect(),
            username: v.user.username,
            name: v.user.display_name,
            phone: v.user.phone.unwrap_or_default(),
            disabled: v.user.disabled != 0,
        })
        .collect();
    let level = unit.level();
    let roles = Role::ALL
        .into_iter()
        .filter(|r| r.unit_level() == level)
        .map(|r| (r.as_str().to_string(), ctx.t(&format!("role.{}", r.as_str())).into_owned()))
        .collect();
    let grid_roles = GridRole::ALL
        .into_iter()
        .map(|g| (g.as_str().to_string(), ctx.t(&format!("grid_role.{}", g.as_str())).into_owned()))
        .collect();
    let departments = crate::platform::hierarchy::services::departments(&state.db, &who.actor)
        .await?
        .into_iter()
        .filter(|d| d.zone_id == unit_id)
        .collect();
    let pages = ((list.total + 49) / 50).max(1);
    Ok(page(UsersPage {
        ctx,
        unit_id,
        unit_name: unit.row().name.clone(),
        users,
        total: list.total,
        page: paging.page,
        pages,
        roles,
        grid: level == crate::platform::hierarchy::unit::Level::Grid,
        grid_roles,
        departments,
        form,
        errors,
    }))
}

/// `POST /admin/users`: a new person with a role at the listed unit.
pub async fn create(
    State(state): State<AppState>,
    posted: SessionForm<CreateForm>,
) -> Result<Response, PageError> {
    let SessionForm { who, form } = posted;
    let role: Option<Role> = form.role.parse().ok();
    let grant = role.map(|role| Grant {
        role,
        unit_id: form.unit,
        department_id: form.department_id.parse().ok().filter(|_| role == Role::DepartmentStaff),
        grid_role: form.grid_role.parse().ok().filter(|_| role == Role::GridStaff),
    });
    let input = crate::platform::users::services::UserInput {
        username: form.username.clone(),
        display_name: form.display_name.clone(),
        phone: Some(form.phone.clone()),
        password: form.password.clone(),
        roles: grant.into_iter().collect(),
    };
    match crate::platform::users::services::create(&state.db, &who.actor, input).await {
        Ok(_) => {
            Ok(Redirect::to(&format!("/admin/users?unit={}&done=created", form.unit))
                .into_response())
        }
        Err(AppError::Invalid(fields)) => {
            let errors = Errors::from_fields(who.lang, &fields);
            let unit = form.unit;
            let mut res = render(
                &state,
                &who,
                Ctx::of(&who),
                unit,
                1,
                CreateForm { password: String::new(), ..form },
                errors,
            )
            .await?;
            *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
        Err(e) => Err(e.into()),
    }
}

/// The disable / enable button.
#[derive(Debug, Deserialize)]
pub struct DisabledForm {
    disabled: bool,
    unit: i64,
}

/// `POST /admin/users/{id}/disabled`.
pub async fn set_disabled(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    posted: SessionForm<DisabledForm>,
) -> Result<Response, PageError> {
    let SessionForm { who, form } = posted;
    crate::platform::users::services::set_disabled(&state.db, &who.actor, id, form.disabled)
        .await?;
    Ok(Redirect::to(&format!("/admin/users?unit={}&done=saved", form.unit)).into_response())
}

/// The set-password form.
#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    password: String,
    unit: i64,
}

/// `POST /admin/users/{id}/password`.
pub async fn set_password(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    posted: SessionForm<PasswordForm>,
) -> Result<Response, PageError> {
    let SessionForm { who, form } = posted;
    crate::platform::users::services::set_password(&state.db, &who.actor, id, form.password)
        .await?;
    Ok(Redirect::to(&format!("/admin/users?unit={}&done=saved", form.unit)).into_response())
}

/// `GET /admin/users.xlsx`: everyone holding a role in the unit's subtree, as a workbook.
pub async fn export(
    State(state): State<AppState>,
    who: PageActor,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let listed = crate::platform::audit::reads::users_export(&state.db, &who.actor, q.unit).await?;
    let ctx = Ctx::of(&who);
    let header: Vec<String> =
        ["login.username", "user.name", "user.phone", "user.role", "users.disabled"]
            .iter()
            .map(|k| ctx.t(k).into_owned())
            .collect();
    let rows: Vec<Vec<String>> = listed
        .iter()
        .map(|v| {
            vec![
                v.user.username.clone(),
                v.user.display_name.clone(),
                v.user.phone.clone().unwrap_or_default(),
                v.roles
                    .iter()
                    .map(|h| crate::platform::web::home::role_text(&ctx, h))
                    .collect::<Vec<_>>()
                    .join("；"),
                if v.user.disabled != 0 { "1".into() } else { String::new() },
            ]
        })
        .collect();
    let bytes =
        crate::platform::sheet::xlsx("users", &header, &rows).map_err(|e| anyhow::anyhow!(e))?;
    Ok(crate::platform::web::download::xlsx_response("users.xlsx", bytes))
}
