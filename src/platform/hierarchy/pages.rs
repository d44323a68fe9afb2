//! The hierarchy from the zone down to one grid and its four staff, with counts and maps;
//! admins edit, add and move units here.

use crate::platform::web::pages::Ctx;

use crate::platform::web::pages::Errors;

use crate::platform::access::actor::ScopedUnit;
use crate::platform::hierarchy::services::UnitRow;
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

/// A person listed on a unit's page.
pub struct StaffLine {
    /// Name.
    pub name: String,
    /// Role in words.
    pub role: String,
    /// Phone.
    pub phone: String,
    /// Login.
    pub username: String,
}

/// What the forms on the page hold: what was entered, and what was wrong with it.
#[derive(Default)]
struct Forms {
    edit: EditForm,
    child: ChildForm,
    edit_errors: Errors,
    child_errors: Errors,
    move_errors: Errors,
}

#[derive(Template)]
#[template(path = "platform/templates/unit.html")]
struct UnitPage {
    ctx: Ctx,
    unit: UnitRow,
    level: String,
    child_level: String,
    trail: Vec<(i64, String, bool)>,
    children: Vec<UnitRow>,
    page: i64,
    pages: i64,
    map: String,
    staff: Vec<StaffLine>,
    admin: bool,
    forms: Forms,
    move_options: Vec<(i64, String)>,
}

#[derive(Deserialize)]
pub struct ShowQuery {
    page: Option<i64>,
    done: Option<String>,
}

/// `GET /units`: the top of the person's hierarchy.
pub async fn index(State(state): State<AppState>, who: PageActor) -> Result<Response, PageError> {
    let top = crate::platform::hierarchy::services::top(&state.db, &who.actor).await?;
    match top.first() {
        Some(u) => Ok(Redirect::to(&format!("/units/{}", u.id())).into_response()),
        None => Err(PageError(AppError::NotFound)),
    }
}

/// `GET /units/{id}`.
pub async fn show(
    State(state): State<AppState>,
    who: PageActor,
    Path(id): Path<i64>,
    Query(q): Query<ShowQuery>,
) -> Result<Response, PageError> {
    let ctx = Ctx::of(&who).with_notice(q.done.as_deref());
    render(&state, &who, ctx, id, q.page.unwrap_or(1), Forms::default()).await
}

async fn render(
    state: &AppState,
    who: &PageActor,
    ctx: Ctx,
    id: i64,
    page_no: i64,
    mut forms: Forms,
) -> Result<Response, PageError> {
    let actor = &who.actor;
    let unit: ScopedUnit = actor.unit(&state.db, id).await?;
    let paging = Paging::parse(Some(page_no), Some(100))?;
    let children =
        crate::platform::hierarchy::services::children(&state.db, actor, id, paging).await?;
    let trail = crate::platform::hierarchy::services::trail(&state.db, actor, &unit).await?;
    let layers = crate::platform::hierarchy::services::map_of(&state.db, &unit).await?;
    let map = crate::platform::svg::svg(&layers, &unit.row().name);
    let staff = crate::platform::users::services::staff_at(&state.db, actor, id)
        .await?
        .into_iter()
        .map(|v| StaffLine {
            role: v
                .roles
                .first()
                .map(|h| crate::platform::web::home::role_text(&ctx, h))
                .unwrap_or_default(),
            name: v.user.display_name,
            phone: v.user.phone.unwrap_or_default(),
            username: v.user.username,
        })
        .collect();
    let admin = actor.administers(unit.path());
    let move_options = if admin {
        crate::platform::hierarchy::services::move_targets(&state.db, actor, &unit).await?
    } else {
        Vec::new()
    };
    if forms.edit.name.is_empty() && !forms.edit_errors.any() {
        forms.edit = EditForm {
            name: unit.row().name.clone(),
            code: unit.row().code.clone(),
            boundary: unit.row().boundary.clone().unwrap_or_default(),
        };
    }
    let level = ctx.t(&format!("level.{}", unit.level())).into_owned();
    let child_level =
        unit.level().child().map(|l| ctx.t(&format!("level.{l}")).into_owned()).unwrap_or_default();
    let pages = ((children.total + 99) / 100).max(1);
    Ok(page(UnitPage {
        ctx,
        unit: unit.into_row(),
        level,
        child_level,
        trail,
        children: children.items,
        page: paging.page,
        pages,
        map,
        staff,
        admin,
        forms,
        move_options,
    }))
}

/// The edit form.
#[derive(Debug, Default, Deserialize)]
pub struct EditForm {
    name: String,
    code: String,
    #[serde(default)]
    boundary: String,
}

/// `POST /units/{id}/edit`.
pub async fn edit(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    posted: SessionForm<EditForm>,
) -> Result<Response, PageError> {
    let SessionForm { who, form } = posted;
    let patch = crate::platform::hierarchy::services::UnitPatch {
        name: Some(form.name.clone()),
        code: Some(form.code.clone()),
        boundary: Some(form.boundary.clone()),
    };
    match crate::platform::hierarchy::services::update(&state.db, &who.actor, id, patch).await {
        Ok(_) => Ok(Redirect::to(&format!("/units/{id}?done=saved")).into_response()),
        Err(AppError::Invalid(fields)) => {
            let forms = Forms {
                edit_errors: Errors::from_fields(who.lang, &fields),
                edit: form,
                ..Default::default()
            };
            failed(&state, &who, id, forms).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The add-a-child form.
#[derive(Debug, Default, Deserialize)]
pub struct ChildForm {
    name: String,
    code: String,
}

/// `POST /units/{id}/children`.
pub async fn add_child(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    posted: SessionForm<ChildForm>,
) -> Result<Response, PageError> {
    let SessionForm { who, form } = posted;
    let input = crate::platform::hierarchy::services::UnitInput {
        parent_id: id,
        name: form.name.clone(),
        code: form.code.clone(),
        boundary: None,
    };
    match crate::platform::hierarchy::services::create(&state.db, &who.actor, input).await {
        Ok(row) => Ok(Redirect::to(&format!("/units/{}?done=created", row.id)).into_response()),
        Err(AppError::Invalid(fields)) => {
            let forms = Forms {
                child_errors: Errors::from_fields(who.lang, &fields),
                child: form,
                ..Default::default()
            };
            failed(&state, &who, id, forms).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The move form.
#[derive(Debug, Deserialize)]
pub struct MoveForm {
    parent_id: i64,
}

/// `POST /units/{id}/move`.
pub async fn move_to(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    posted: SessionForm<MoveForm>,
) -> Result<Response, PageError> {
    let SessionForm { who, form } = posted;
    match crate::platform::hierarchy::services::move_unit(&state.db, &who.actor, id, form.parent_id)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/units/{id}?done=moved")).into_response()),
        Err(AppError::Invalid(fields)) => {
            let forms =
                Forms { move_errors: Errors::from_fields(who.lang, &fields), ..Default::default() };
            failed(&state, &who, id, forms).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The page again with what was entered and why it was refused, answered 422.
async fn failed(
    state: &AppState,
    who: &PageActor,
    id: i64,
    forms: Forms,
) -> Result<Response, PageError> {
    let mut res = render(state, who, Ctx::of(who), id, 1, forms).await?;
    *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    Ok(res)
}
