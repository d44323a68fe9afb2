//! `GET /promotion/rates`: every version of every rate's definition, in words, and for those
//! who keep them a form for the next version; `POST /promotion/rates/{code}` makes it.

use crate::platform::service::AppError;
use crate::platform::web::AppState;
use crate::platform::web::error::PageError;
use crate::platform::web::pages::{Ctx, Errors, page};
use crate::platform::web::session::{PageActor, SessionForm};
use crate::projects::domain::gates::Gate;
use crate::projects::domain::rates::{Amount, Code, Rounding, Term};
use crate::projects::services::definitions::{NewVersion, Version};
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::HashMap;

/// A version as the page shows it.
pub struct Line {
    anchor: String,
    version: i64,
    numerator: String,
    denominator: String,
    rounding: String,
    valid_from: String,
    note: String,
    by: String,
}

/// A rate with its versions.
pub struct RateBlock {
    code: &'static str,
    label: String,
    versions: Vec<Line>,
}

#[derive(Template)]
#[template(path = "projects/templates/rates.html")]
struct RatesPage {
    ctx: Ctx,
    rates: Vec<RateBlock>,
    may_define: bool,
    gates: Vec<(&'static str, String)>,
    today: String,
    errors: Errors,
    failed: Option<&'static str>,
}

/// A term in words: what it adds and which deals.
pub fn words(ctx: &Ctx, t: &Term) -> String {
    let what = match t.sum {
        None => ctx.t("projects.term.count"),
        Some(Amount::ContractValue) => ctx.t("projects.term.contract_value"),
        Some(Amount::ContractFunds) => ctx.t("projects.term.contract_funds"),
        Some(Amount::FundsArrived) => ctx.t("projects.term.funds_arrived"),
    };
    let mut filters = Vec::new();
    if let Some(g) = t.reached {
        filters.push(format!(
            "{}{}",
            ctx.t("projects.term.reached"),
            ctx.t(&format!("projects.gate.{}", g.as_str()))
        ));
    }
    if let Some(g) = t.not_reached {
        filters.push(format!(
            "{}{}",
            ctx.t("projects.term.not_reached"),
            ctx.t(&format!("projects.gate.{}", g.as_str()))
        ));
    }
    match t.terminated {
        Some(true) => filters.push(ctx.t("projects.term.terminated").into_owned()),
        Some(false) => filters.push(ctx.t("projects.term.in_force").into_owned()),
        None => {}
    }
    if filters.is_empty() {
        what.into_owned()
    } else {
        format!("{what}（{}）", filters.join("，"))
    }
}

fn side(ctx: &Ctx, terms: &[Term]) -> String {
    terms.iter().map(|t| words(ctx, t)).collect::<Vec<_>>().join(" + ")
}

async fn show(
    state: &AppState,
    who: &PageActor,
    errors: Errors,
    failed: Option<&'static str>,
    done: Option<&str>,
) -> Result<Response, PageError> {
    let ctx = Ctx::of(who).with_notice(done);
    let all: Vec<Version> = crate::projects::services::definitions::all(&state.db).await?;
    let rates = Code::ALL
        .iter()
        .map(|code| RateBlock {
            code: code.as_str(),
            label: ctx.t(&format!("projects.rate.{}", code.as_str())).into_owned(),
            versions: all
                .iter()
                .filter(|v| v.definition.code == *code)
                .map(|v| {
                    let d = &v.definition;
                    let rounding = ctx.t(if d.rounding == Rounding::HalfUp {
                        "projects.rounding.half_up"
                    } else {
                        "projects.rounding.down"
                    });
                    Line {
                        anchor: format!("{}-v{}", code.as_str(), d.version),
                        version: d.version,
                        numerator: side(&ctx, &d.numerator),
                        denominator: side(&ctx, &d.denominator),
                        rounding: format!(
                            "{rounding} · {} {}",
                            d.scale,
                            ctx.t("projects.decimals")
                        ),
                        valid_from: d.valid_from.to_string(),
                        note: v.note.clone(),
                        by: format!("{} · {}", v.created_by, ctx.time(&v.created_at)),
                    }
                })
                .collect(),
        })
        .collect();
    let gates = Gate::ALL
        .iter()
        .map(|g| (g.as_str(), ctx.t(&format!("projects.gate.{}", g.as_str())).into_owned()))
        .collect();
    let may_define = crate::projects::services::access::defines(&who.actor);
    Ok(page(RatesPage {
        rates,
        may_define,
        gates,
        today: (state.db.clock.today() + chrono::Duration::days(1)).to_string(),
        errors,
        failed,
        ctx,
    }))
}

/// `GET /promotion/rates`.
pub async fn index(
    State(state): State<AppState>,
    who: PageActor,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let done =
        crate::platform::web::session::form_value(raw.unwrap_or_default().as_bytes(), "done");
    show(&state, &who, Errors::default(), None, done.as_deref()).await
}

/// Reads a side's terms from the form: `{side}_{i}_what`, `_reached`, `_not_reached`,
/// `_terminated` for rows 0 to 2; a row whose `what` is empty is left out.
fn terms(form: &HashMap<String, String>, side: &str) -> Result<Vec<Term>, String> {
    let get =
        |i: usize, k: &str| form.get(&format!("{side}_{i}_{k}")).map(String::as_str).unwrap_or("");
    let gate = |v: &str| {
        if v.is_empty() {
            Ok(None)
        } else {
            v.parse::<Gate>().map(Some).map_err(|_| side.to_string())
        }
    };
    let mut out = Vec::new();
    for i in 0..3 {
        let sum = match get(i, "what") {
            "" => continue,
            "count" => None,
            "contract_value" => Some(Amount::ContractValue),
            "contract_funds" => Some(Amount::ContractFunds),
            "funds_arrived" => Some(Amount::FundsArrived),
            _ => return Err(side.into()),
        };
        let terminated = match get(i, "terminated") {
            "" => None,
            "yes" => Some(true),
            "no" => Some(false),
            _ => return Err(side.into()),
        };
        out.push(Term {
            sum,
            reached: gate(get(i, "reached"))?,
            not_reached: gate(get(i, "not_reached"))?,
            terminated,
        });
    }
    Ok(out)
}

/// `POST /promotion/rates/{code}`.
pub async fn add_version(
    State(state): State<AppState>,
    Path(code): Path<String>,
    posted: SessionForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let SessionForm { who, form } = posted;
    let code: Code = code.parse().map_err(|_| AppError::NotFound)?;
    let field = |k: &str| form.get(k).cloned().unwrap_or_default();
    let bad = |f: &str| {
        Errors::from_fields(who.lang, &[crate::platform::input::FieldError::new(f, "error.choice")])
    };
    let (numerator, denominator) = match (terms(&form, "numerator"), terms(&form, "denominator")) {
        (Ok(n), Ok(d)) => (n, d),
        (Err(f), _) | (_, Err(f)) => return refused(&state, &who, bad(&f), code).await,
    };
    let rounding = if field("rounding") == "down" { Rounding::Down } else { Rounding::HalfUp };
    let Ok(scale) = field("scale").parse::<u32>() else {
        return refused(&state, &who, bad("scale"), code).await;
    };
    let input = NewVersion {
        numerator,
        denominator,
        scale,
        rounding,
        valid_from: field("valid_from"),
        note: field("note"),
    };
    match crate::projects::services::definitions::add_version(&state.db, &who.actor, code, input)
        .await
    {
        Ok(v) => Ok(Redirect::to(&format!(
            "/promotion/rates?done=saved#{}-v{}",
            code.as_str(),
            v.definition.version
        ))
        .into_response()),
        Err(AppError::Invalid(fields)) => {
            refused(&state, &who, Errors::from_fields(who.lang, &fields), code).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn refused(
    state: &AppState,
    who: &PageActor,
    errors: Errors,
    code: Code,
) -> Result<Response, PageError> {
    let mut res = show(state, who, errors, Some(code.as_str()), None).await?;
    *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    Ok(res)
}
