//! Timelines drawn as SVG: one project's gates planned against actual, and the Gantt of many
//! with a baseline's shadows.

use crate::platform::svg::escape;
use crate::platform::web::pages::Ctx;
use crate::projects::domain::gates::Gate;
use crate::projects::services::projects::ProjectDetail;
use chrono::NaiveDate;
use std::fmt::Write;

/// The scale of a timeline: days from its first to its last, on a width.
pub struct Scale {
    first: NaiveDate,
    days: f64,
    left: f64,
    width: f64,
}

impl Scale {
    /// A scale over the days given (at least one), from `left` across `width` units.
    pub fn over(days: impl Iterator<Item = NaiveDate>, left: f64, width: f64) -> Option<Scale> {
        let (mut first, mut last) = (None::<NaiveDate>, None::<NaiveDate>);
        for d in days {
            first = Some(first.map_or(d, |f| f.min(d)));
            last = Some(last.map_or(d, |l| l.max(d)));
        }
        let (first, last) = (first?, last?);
        Some(Scale { first, days: ((last - first).num_days().max(1)) as f64, left, width })
    }

    /// Where a day falls.
    pub fn x(&self, d: NaiveDate) -> f64 {
        self.left + (d - self.first).num_days() as f64 / self.days * self.width
    }

    /// Year ticks: (x, year) for each 1 January inside.
    pub fn years(&self) -> Vec<(f64, i32)> {
        use chrono::Datelike;
        let last = self.first + chrono::Duration::days(self.days as i64);
        (self.first.year() + 1..=last.year())
            .filter_map(|y| NaiveDate::from_ymd_opt(y, 1, 1).map(|d| (self.x(d), y)))
            .collect()
    }
}

/// One project's gates, a row each: the planned day a hollow mark, the actual a filled one
/// (red when after the plan), today a line.
pub fn one(ctx: &Ctx, p: &ProjectDetail, today: &str) -> String {
    let day = |s: &Option<String>| s.as_deref().and_then(|s| s.parse::<NaiveDate>().ok());
    let today: Option<NaiveDate> = today.parse().ok();
    let all = p.gates.iter().flat_map(|g| [day(&g.planned_on), day(&g.actual_on)]).flatten();
    let Some(scale) = Scale::over(all.chain(today), 150.0, 620.0) else { return String::new() };
    let row = 22.0;
    let height = 30.0 + row * p.gates.len() as f64;
    let mut svg = format!(
        r#"<svg class="timeline" viewBox="0 0 800 {height}" role="img" aria-label="{}">"#,
        escape(&ctx.t("projects.gates"))
    );
    for (x, y) in scale.years() {
        let _ = write!(
            svg,
            r#"<line class="tick" x1="{x:.1}" y1="0" x2="{x:.1}" y2="{height}"/><text class="tick" x="{:.1}" y="12">{y}</text>"#,
            x + 2.0
        );
    }
    if let Some(t) = today.filter(|t| scale.x(*t) <= 770.0) {
        let x = scale.x(t);
        let _ =
            write!(svg, r#"<line class="today" x1="{x:.1}" y1="14" x2="{x:.1}" y2="{height}"/>"#);
    }
    for (i, g) in p.gates.iter().enumerate() {
        let y = 30.0 + row * i as f64;
        let label = ctx.t(&format!("projects.gate.{}", g.gate.as_str()));
        let _ = write!(svg, r#"<text x="4" y="{:.1}">{}</text>"#, y + 4.0, escape(&label));
        let (planned, actual) = (day(&g.planned_on), day(&g.actual_on));
        if let (Some(a), Some(b)) = (planned, actual) {
            let (x0, x1) = (scale.x(a.min(b)), scale.x(a.max(b)));
            let _ = write!(
                svg,
                r#"<line class="slip" x1="{x0:.1}" y1="{y:.1}" x2="{x1:.1}" y2="{y:.1}"/>"#
            );
        }
        if let Some(d) = planned {
            let _ = write!(
                svg,
                r#"<circle class="planned" cx="{:.1}" cy="{y:.1}" r="5"><title>{} {d}</title></circle>"#,
                scale.x(d),
                escape(&ctx.t("projects.planned_on"))
            );
        }
        if let Some(d) = actual {
            let late = planned.is_some_and(|p| d > p);
            let _ = write!(
                svg,
                r#"<circle class="actual{}" cx="{:.1}" cy="{y:.1}" r="4"><title>{} {d}</title></circle>"#,
                if late { " late" } else { "" },
                scale.x(d),
                escape(&ctx.t("projects.actual_on"))
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

/// The span of a row's plan or its actual: from its signing (or first gate) to its completion
/// (or, for actuals not completed, today).
fn span(
    gates: &[(Gate, Option<NaiveDate>)],
    until: Option<NaiveDate>,
) -> Option<(NaiveDate, NaiveDate)> {
    let first = gates.iter().filter_map(|g| g.1).min()?;
    let end = gates
        .iter()
        .find(|g| g.0 == Gate::Completed)
        .and_then(|g| g.1)
        .or(until)
        .or_else(|| gates.iter().filter_map(|g| g.1).max())?;
    Some((first, end.max(first)))
}

/// The Gantt of many projects: a row each, its plan a hollow bar from signing to completion,
/// its actual a filled one (red when a gate slipped), and the baseline's plan as a shadow
/// beneath; a cancelled project struck through.
pub fn many(ctx: &Ctx, rows: &[crate::projects::services::board::GanttRow], today: &str) -> String {
    let day = |s: &Option<String>| s.as_deref().and_then(|s| s.parse::<NaiveDate>().ok());
    let today: Option<NaiveDate> = today.parse().ok();
    let all = rows
        .iter()
        .flat_map(|r| {
            r.gates
                .iter()
                .flat_map(|g| [day(&g.planned_on), day(&g.actual_on)])
                .chain(r.baseline.iter().map(|b| day(&b.planned_on)))
        })
        .flatten();
    let Some(scale) = Scale::over(all.chain(today), 230.0, 750.0) else { return String::new() };
    let row_h = 18.0;
    let height = 24.0 + row_h * rows.len() as f64;
    let mut svg = format!(
        r#"<svg class="gantt" viewBox="0 0 1000 {height}" role="img" aria-label="{}">"#,
        escape(&ctx.t("projects.gantt"))
    );
    for (x, y) in scale.years() {
        let _ = write!(
            svg,
            r#"<line class="tick" x1="{x:.1}" y1="0" x2="{x:.1}" y2="{height}"/><text class="tick" x="{:.1}" y="12">{y}</text>"#,
            x + 2.0
        );
    }
    for (i, r) in rows.iter().enumerate() {
        let y = 20.0 + row_h * i as f64;
        let name: String = r.name.chars().take(16).collect();
        let class = if r.cancelled_on.is_some() { "name cancelled" } else { "name" };
        let _ = write!(
            svg,
            r#"<a href="/projects/{}"><text class="{class}" x="4" y="{:.1}">{}</text></a>"#,
            r.id,
            y + 11.0,
            escape(&name)
        );
        let base: Vec<(Gate, Option<NaiveDate>)> =
            r.baseline.iter().map(|b| (b.gate, day(&b.planned_on))).collect();
        if let Some((a, b)) = span(&base, None) {
            let _ = write!(
                svg,
                r#"<rect class="baseline" x="{:.1}" y="{:.1}" width="{:.1}" height="14"><title>{}</title></rect>"#,
                scale.x(a),
                y,
                (scale.x(b) - scale.x(a)).max(2.0),
                escape(&ctx.t("projects.baseline"))
            );
        }
        let planned: Vec<(Gate, Option<NaiveDate>)> =
            r.gates.iter().map(|g| (g.gate, day(&g.planned_on))).collect();
        if let Some((a, b)) = span(&planned, None) {
            let _ = write!(
                svg,
                r#"<rect class="plan" x="{:.1}" y="{:.1}" width="{:.1}" height="8"/>"#,
                scale.x(a),
                y + 3.0,
                (scale.x(b) - scale.x(a)).max(2.0)
            );
        }
        let actual: Vec<(Gate, Option<NaiveDate>)> =
            r.gates.iter().map(|g| (g.gate, day(&g.actual_on))).collect();
        let slipped = r
            .gates
            .iter()
            .any(|g| day(&g.actual_on).zip(day(&g.planned_on)).is_some_and(|(a, p)| a > p));
        if let Some((a, b)) = span(&actual, today) {
            let _ = write!(
                svg,
                r#"<rect class="actual{}" x="{:.1}" y="{:.1}" width="{:.1}" height="4"/>"#,
                if slipped { " late" } else { "" },
                scale.x(a),
                y + 5.0,
                (scale.x(b) - scale.x(a)).max(2.0)
            );
        }
        if r.cancelled_on.is_some() {
            let _ = write!(
                svg,
                r#"<line class="cancelled" x1="4" y1="{:.1}" x2="980" y2="{:.1}"/>"#,
                y + 7.0,
                y + 7.0
            );
        }
    }
    if let Some(t) = today.filter(|t| scale.x(*t) <= 990.0) {
        let x = scale.x(t);
        let _ =
            write!(svg, r#"<line class="today" x1="{x:.1}" y1="14" x2="{x:.1}" y2="{height}"/>"#);
    }
    svg.push_str("</svg>");
    svg
}
