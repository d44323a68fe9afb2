//! The rates dashboard: disputes and incidents of a unit's subtree over a date range, every
//! figure with its numerator, denominator and exclusions, each opening the cases behind it;
//! bar charts by unit below, by month and by category.

use crate::platform::web::pages::Ctx;

use crate::cases::domain::rates::Counts;
use crate::cases::domain::rates::Rate;
use crate::cases::domain::rates::Rates;
use crate::platform::service::AppError;
use crate::platform::service::Paging;
use crate::platform::web::AppState;
use crate::platform::web::error::PageError;
use crate::platform::web::pages::page;
use crate::platform::web::session::PageActor;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

/// One rate as the page shows it.
pub struct RateLine {
    label: String,
    percent: String,
    numerator: i64,
    denominator: i64,
    excluded: i64,
    measure: &'static str,
}

/// One class (disputes or incidents).
pub struct Panel {
    title: String,
    code: &'static str,
    counts: Counts,
    rates: Vec<RateLine>,
    by_unit: String,
    by_month: String,
    by_category: String,
}

#[derive(Template)]
#[template(path = "cases/templates/dashboard.html")]
struct DashboardPage {
    ctx: Ctx,
    unit_id: i64,
    unit_name: String,
    from: String,
    to: String,
    panels: Vec<Panel>,
    children: Vec<(i64, String)>,
    /// When the default range (this year) holds no case: the sentence saying so, and a link to
    /// the latest year that has cases, with its label.
    empty: Option<(String, Option<(String, String)>)>,
}

#[derive(Debug, Default, Deserialize)]
pub struct DashboardQuery {
    unit: Option<i64>,
    from: Option<String>,
    to: Option<String>,
}

fn percent(r: &Rate) -> String {
    r.value.map(|v| format!("{:.1}%", v * 100.0)).unwrap_or_else(|| "—".into())
}

/// `GET /dashboard`.
pub async fn show(
    State(state): State<AppState>,
    who: PageActor,
    Query(q): Query<DashboardQuery>,
) -> Result<Response, PageError> {
    let ctx = Ctx::of(&who);
    let actor = &who.actor;
    let unit_id = q.unit.or_else(|| actor.anchors().first().copied()).ok_or(AppError::NotFound)?;
    let unit = actor.unit(&state.db, unit_id).await?;
    // The zone's today: from 00:00 to 08:00 here the UTC date would leave today's cases out.
    let today = state.db.clock.today();
    // An empty field is no field; a range given only its end starts on 1 January of that year.
    let (asked_from, asked_to) =
        (q.from.as_deref().filter(|s| !s.is_empty()), q.to.as_deref().filter(|s| !s.is_empty()));
    let to = crate::platform::day::parse_optional("to", asked_to)?.unwrap_or(today);
    let from = crate::platform::day::parse_optional("from", asked_from)?
        .unwrap_or(NaiveDate::from_ymd_opt(to.year(), 1, 1).expect("valid date"));
    let (fs, ts) = (from.to_string(), to.to_string());
    let children = crate::platform::hierarchy::services::children(
        &state.db,
        actor,
        unit_id,
        Paging { page: 1, page_size: 100 },
    )
    .await?
    .items;
    let (_, all) = crate::cases::services::catalogue::current(
        &state.db,
        crate::cases::services::catalogue::zone_of(unit.path()),
    )
    .await?;
    let by_cat =
        crate::cases::services::dashboard::found_by_category(&state.db, &unit, from, to).await?;
    let mut panels = Vec::new();
    for (code, title) in [("D", ctx.t("dashboard.disputes")), ("I", ctx.t("dashboard.incidents"))] {
        let (counts, rates): (Counts, Rates) =
            crate::cases::services::rates(&state.db, actor, unit_id, from, to, Some(code)).await?;
        let line = |key: &str, r: &Rate, measure: &'static str| RateLine {
            label: ctx.t(key).into_owned(),
            percent: percent(r),
            numerator: r.numerator,
            denominator: r.denominator,
            excluded: r.excluded,
            measure,
        };
        let rate_lines = vec![
            line("rate.resolution", &rates.resolution_rate, "resolved"),
            line("rate.closure", &rates.closure_rate, "closed"),
            line("rate.on_time", &rates.on_time_closure_rate, "on_time"),
            line("rate.rework", &rates.rework_rate, "reworked"),
            line("rate.extension", &rates.extension_rate, "deferred"),
        ];
        let mut unit_rows = Vec::new();
        let by_child = crate::cases::services::dashboard::counts_by_child(
            &state.db, &unit, &children, from, to, code,
        )
        .await?;
        for (child, c) in children.iter().zip(by_child) {
            let r = Rates::of(&c).resolution_rate;
            unit_rows.push((
                child.name.clone(),
                c.found as f64,
                format!("{} · {}", c.found, percent(&r)),
            ));
        }
        let months =
            crate::cases::services::dashboard::found_by_month(&state.db, &unit, from, to, code)
                .await?;
        let month_rows: Vec<_> =
            months.iter().map(|(m, f, r)| (m.clone(), *f as f64, format!("{f} / {r}"))).collect();
        let mut cat_rows: Vec<(String, f64, String)> = Vec::new();
        for c in all.iter().filter(|c| {
            c.code.starts_with(code) && crate::cases::services::catalogue::is_leaf(&c.code, &all)
        }) {
            let (found, resolved) = by_cat
                .iter()
                .filter(|(id, _, _)| all.iter().any(|x| x.id == *id && x.code == c.code))
                .fold((0, 0), |a, (_, f, r)| (a.0 + f, a.1 + r));
            if found > 0 {
                let name = if ctx.lang == crate::platform::i18n::Lang::En {
                    c.name_en.clone()
                } else {
                    c.name.clone()
                };
                cat_rows.push((name, found as f64, format!("{found} / {resolved}")));
            }
        }
        cat_rows.sort_by(|a, b| b.1.total_cmp(&a.1));
        panels.push(Panel {
            title: title.into_owned(),
            code,
            counts,
            rates: rate_lines,
            by_unit: crate::platform::svg::bars(&unit_rows),
            by_month: crate::platform::svg::bars(&month_rows),
            by_category: crate::platform::svg::bars(&cat_rows),
        });
    }
    let nothing = panels.iter().all(|p| p.counts.found == 0);
    let empty = if nothing && asked_from.is_none() && asked_to.is_none() {
        let said = ctx.lang.t_args("dashboard.empty_year", &[("year", today.year().to_string())]);
        let latest =
            crate::cases::services::periods::latest_day_with_cases(&state.db, actor, unit_id)
                .await?
                .map(|day| {
                    let y = day.year();
                    (
                        format!("/dashboard?unit={unit_id}&from={y}-01-01&to={y}-12-31"),
                        ctx.lang.t_args("dashboard.latest_year", &[("year", y.to_string())]),
                    )
                });
        Some((said, latest))
    } else {
        None
    };
    Ok(page(DashboardPage {
        empty,
        unit_name: unit.row().name.clone(),
        unit_id,
        from: fs,
        to: ts,
        panels,
        children: children.into_iter().map(|c| (c.id, c.name)).collect(),
        ctx,
    }))
}
