//! Timelines drawn as SVG: one project's gates planned against actual.

use crate::platform::svg::escape;
use crate::platform::web::pages::Ctx;
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
