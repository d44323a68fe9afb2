//! Adding and changing a record of any kind on one form made from its description: a select for
//! a coded field, a yes/no for a flag, text for the rest; each field's error beside it and what
//! was typed kept. A record of a person is added from the person's page, which names them.

use crate::platform::service::AppError;
use crate::platform::web::AppState;
use crate::platform::web::error::PageError;
use crate::platform::web::pages::{Ctx, Errors, page};
use crate::platform::web::session::{PageActor, SessionForm};
use crate::registry::domain::records::{Kind, Ty};
use crate::registry::pages::records::{kind_of, label_of};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::Value;
use std::collections::HashMap;

/// One input of the form.
pub struct Input {
    key: &'static str,
    label: String,
    /// `text`, `select`, `flag`.
    input: &'static str,
    value: String,
    /// The masked value kept when a sealed field is left empty.
    now: String,
    options: Vec<(String, String)>,
    required: bool,
}

#[derive(Template)]
#[template(path = "registry/templates/record_form.html")]
struct FormPage {
    ctx: Ctx,
    kind: &'static Kind,
    kind_title: String,
    id: Option<i64>,
    person: Option<(i64, String)>,
    inputs: Vec<Input>,
    errors: Errors,
}

fn inputs(
    ctx: &Ctx,
    kind: &Kind,
    typed: &HashMap<String, String>,
    now: &HashMap<String, String>,
    person: bool,
) -> Vec<Input> {
    kind.fields
        .iter()
        .filter(|f| !(person && matches!(f.ty, Ty::Person)))
        .map(|f| {
            let (input, options) = match f.ty {
                Ty::Code(list) => (
                    "select",
                    list.entries().iter().map(|e| (e.code.clone(), e.name.clone())).collect(),
                ),
                Ty::Flag => (
                    "select",
                    vec![
                        ("1".into(), ctx.t("registry.yes").into_owned()),
                        ("0".into(), ctx.t("registry.no").into_owned()),
                    ],
                ),
                _ => ("text", Vec::new()),
            };
            Input {
                key: f.key,
                label: ctx.t(label_of(f)).into_owned(),
                input,
                value: typed.get(f.key).cloned().unwrap_or_default(),
                now: now.get(f.key).cloned().unwrap_or_default(),
                options,
                required: f.required,
            }
        })
        .collect()
}

fn form_page(
    ctx: Ctx,
    kind: &'static Kind,
    id: Option<i64>,
    person: Option<(i64, String)>,
    typed: HashMap<String, String>,
    now: HashMap<String, String>,
    errors: Errors,
) -> Response {
    let inputs =
        inputs(&ctx, kind, &typed, &now, person.is_some() || id.is_some() && kind.of_person());
    page(FormPage {
        kind_title: ctx.t(&format!("kind.{}", kind.name)).into_owned(),
        ctx,
        kind,
        id,
        person,
        inputs,
        errors,
    })
}

/// The person a new record of a person is for, by their id (`?person=` on the link from their
/// page, `person_id` in the form posted), if the actor sees them.
async fn person_named(
    state: &AppState,
    who: &PageActor,
    q: &HashMap<String, String>,
    key: &str,
) -> Result<Option<(i64, String)>, PageError> {
    match q.get(key).and_then(|p| p.parse::<i64>().ok()) {
        Some(id) => {
            let p = crate::registry::services::people::row(&state.db, &who.actor, id).await?;
            Ok(Some((p.id, p.name)))
        }
        None => Ok(None),
    }
}

/// `GET /registry/{kind}/new`.
pub async fn new(
    State(state): State<AppState>,
    who: PageActor,
    Path(name): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let kind = kind_of(&name)?;
    if kind.restricted
        && !crate::registry::services::record_import::writes_any(&state.db, &who.actor, kind)
            .await?
    {
        // A special population's form is for those who write it.
        return Err(AppError::Forbidden.into());
    }
    let person = person_named(&state, &who, &q, "person").await?;
    Ok(form_page(
        Ctx::of(&who),
        kind,
        None,
        person,
        HashMap::new(),
        HashMap::new(),
        Errors::default(),
    ))
}

fn refused(mut res: Response) -> Response {
    *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    res
}

async fn saved(
    state: &AppState,
    who: PageActor,
    kind: &'static Kind,
    id: Option<i64>,
    mut form: HashMap<String, String>,
) -> Result<Response, PageError> {
    form.remove("csrf");
    let person = person_named(state, &who, &form, "person_id").await?;
    match crate::registry::services::record_import::save(
        &state.db,
        &who.actor,
        kind,
        id,
        form.clone(),
    )
    .await
    {
        Ok(id) => {
            Ok(Redirect::to(&format!("/registry/{}/{id}?done=saved", kind.name)).into_response())
        }
        Err(AppError::Invalid(fields)) => {
            let errors = Errors::from_fields(who.lang, &fields);
            Ok(refused(form_page(Ctx::of(&who), kind, id, person, form, HashMap::new(), errors)))
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /registry/{kind}/new`.
pub async fn create(
    State(state): State<AppState>,
    Path(name): Path<String>,
    posted: SessionForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let kind = kind_of(&name)?;
    saved(&state, posted.who, kind, None, posted.form).await
}

/// A stored value as the form's input holds it.
fn as_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Bool(b) => if *b { "1" } else { "0" }.into(),
        Value::Null => String::new(),
        v => v.to_string(),
    }
}

/// `GET /registry/{kind}/{id}/edit`.
pub async fn edit_form(
    State(state): State<AppState>,
    who: PageActor,
    Path((name, id)): Path<(String, i64)>,
) -> Result<Response, PageError> {
    let kind = kind_of(&name)?;
    let db = &state.db;
    let r = crate::registry::services::records::view(db, &who.actor, kind, id).await?;
    let path = who.actor.unit(db, r.unit_id).await?.path().clone();
    if !crate::registry::services::records::may_write(db, &who.actor, kind, &path).await? {
        return Err(AppError::Forbidden.into());
    }
    let (mut typed, mut now) = (HashMap::new(), HashMap::new());
    for (f, v) in kind.fields.iter().zip(&r.values) {
        let into = if f.ty.sealed() { &mut now } else { &mut typed };
        into.insert(f.key.to_string(), as_text(v));
    }
    if !kind.of_person() {
        typed.insert(
            "grid".into(),
            crate::platform::hierarchy::services::code_of(db, r.unit_id).await?,
        );
    }
    Ok(form_page(Ctx::of(&who), kind, Some(id), r.person, typed, now, Errors::default()))
}

/// `POST /registry/{kind}/{id}/edit`.
pub async fn edit(
    State(state): State<AppState>,
    Path((name, id)): Path<(String, i64)>,
    posted: SessionForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let kind = kind_of(&name)?;
    let mut form = posted.form;
    if kind.of_person() {
        // The person of a record stays who it is about.
        let r = crate::registry::services::records::stored(&state.db, &posted.who.actor, kind, id)
            .await?;
        form.insert("person_id".into(), r.person_id.unwrap_or_default().to_string());
        form.remove("person");
    }
    saved(&state, posted.who, kind, Some(id), form).await
}

/// `GET /registry/{kind}/template.xlsx`.
pub async fn template(_who: PageActor, Path(name): Path<String>) -> Result<Response, PageError> {
    let kind = kind_of(&name)?;
    let bytes = crate::registry::services::template::kind_template(kind)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("template: {e}")))?;
    Ok(crate::platform::web::download::xlsx_response(
        &format!("{}-template.xlsx", kind.name),
        bytes,
    ))
}
