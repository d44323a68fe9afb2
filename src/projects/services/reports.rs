//! Periodic reports: submitted by whoever works the project (its team, the township, the
//! department responsible), reviewed by the unit responsible for it (its department, or the
//! township's staff when it has none), locked once reviewed; a report after its due day is
//! late. A month is reported whole or by its three 旬, never both.

use crate::platform::access::actor::Actor;
use crate::platform::db::Db;
use crate::platform::input::{FieldError, optional_text, required_text};
use crate::platform::service::{AppError, AppResult, check};
use crate::projects::domain::money;
use crate::projects::domain::reports::{Method, Period, by_progress, counted, percent_bp};
pub use crate::projects::store::reports::{PhotoRow, ReportRow};
use serde::{Deserialize, Serialize};

/// A report as a team sends it.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportIn {
    /// `2015-10`, or `2015-10-2` for the month's second 旬.
    pub period: String,
    /// How the period's investment is counted.
    pub method: Method,
    /// By visible progress: the share of the whole work done by the period's end, a percentage
    /// with up to two decimals (`62.5`).
    #[serde(default)]
    pub progress_percent: Option<String>,
    /// By spending: the investment completed in the period, fen.
    #[serde(default)]
    pub invested_fen: Option<i64>,
    /// Whether the project is in the statistics bureau's project library.
    #[serde(default)]
    pub in_library: bool,
    /// Funds arrived in the period, fen.
    #[serde(default)]
    pub funds_arrived_fen: i64,
    /// Visible progress, in words.
    pub progress: String,
    /// Difficulties and problems.
    #[serde(default)]
    pub difficulties: String,
}

/// A report as shown: the row, what the year has reached with it, and its photos.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReportLine {
    /// The report.
    #[serde(flatten)]
    pub report: ReportRow,
    /// Investment completed in its year up to and with it, fen.
    pub year_to_date_fen: i64,
    /// What of its investment counts in the statistics (none for a large project not yet in
    /// the library), fen.
    pub counted_fen: i64,
    /// Its photos.
    pub photos: Vec<PhotoRow>,
}

fn year_of(period: &str) -> &str {
    period.get(..4).unwrap_or("")
}

/// Submits (or, before review, submits again) a project's report for a period.
pub async fn submit(
    db: &Db,
    actor: &Actor,
    project_id: i64,
    input: &ReportIn,
) -> AppResult<ReportRow> {
    let mut tx = db.begin().await?;
    let row = submit_in(&mut tx, db, actor, project_id, input).await?;
    tx.commit().await?;
    Ok(row)
}

/// [`submit`] inside a transaction (an import's, all rows or none).
pub async fn submit_in(
    tx: &mut crate::platform::db::Tx,
    db: &Db,
    actor: &Actor,
    project_id: i64,
    input: &ReportIn,
) -> AppResult<ReportRow> {
    let seen = crate::projects::services::access::visible(db, actor, project_id).await?;
    let work = crate::projects::services::access::may_work(actor, seen)?;
    let project = work.row();
    let today = db.clock.today();
    let mut e = Vec::new();
    let period = Period::parse("period", &input.period).map_err(|x| e.push(x)).ok();
    if period.is_some_and(|p| p.start() > today) {
        e.push(FieldError::new("period", "error.projects.period_future").arg("today", today));
    }
    let progress = required_text("progress", &input.progress, 1000).map_err(|x| e.push(x)).ok();
    let difficulties =
        optional_text("difficulties", &input.difficulties, 1000).map_err(|x| e.push(x)).ok();
    let arrived =
        money::checked("funds_arrived_fen", input.funds_arrived_fen).map_err(|x| e.push(x)).ok();
    check(e)?;
    let (Some(period), Some(progress), Some(difficulties), Some(arrived)) =
        (period, progress, difficulties, arrived)
    else {
        return Err(AppError::Invalid(Vec::new()));
    };
    let text = period.text();
    let reports = crate::projects::store::reports::of_project_in(tx, project_id).await?;
    if reports.iter().any(|r| r.period == text && r.reviewed_at.is_some()) {
        return Err(AppError::Conflict("error.projects.period_locked"));
    }
    let month = &text[..7];
    if reports.iter().any(|r| {
        r.period != text && r.period.starts_with(month) && (r.period.len() == 7 || text.len() == 7)
    }) {
        return Err(FieldError::new("period", "error.projects.period_mixed").into());
    }
    // A report comes before no report by visible progress, which counted every earlier one, and
    // one by visible progress comes after every other: the cumulative share stays the truth.
    let has_later = reports.iter().any(|r| r.period > text);
    let later_by_progress =
        reports.iter().any(|r| r.period > text && r.method == Method::VisibleProgress.as_str());
    if later_by_progress || (input.method == Method::VisibleProgress && has_later) {
        return Err(FieldError::new("period", "error.projects.progress_order").into());
    }
    let counted_before: i64 =
        reports.iter().filter(|r| r.period < text).map(|r| r.invested_fen).sum();
    let (invested, progress_bp) = match input.method {
        Method::VisibleProgress => {
            let bp = percent_bp(input.progress_percent.as_deref().unwrap_or(""))?;
            (by_progress(project.total_fen, counted_before, bp)?, Some(bp))
        }
        Method::Spending => {
            let fen = input
                .invested_fen
                .ok_or_else(|| FieldError::new("invested_fen", "error.required"))?;
            (money::checked("invested_fen", fen)?, None)
        }
    };
    let others: i64 = reports.iter().filter(|r| r.period != text).map(|r| r.invested_fen).sum();
    if invested > project.total_fen || others.saturating_add(invested) > project.total_fen {
        let field =
            if input.method == Method::Spending { "invested_fen" } else { "progress_percent" };
        return Err(FieldError::new(field, "error.projects.invested_over_total")
            .arg("total", money::wan(project.total_fen))
            .into());
    }
    let row = ReportRow {
        id: 0,
        project_id,
        period: text.clone(),
        method: input.method.as_str().into(),
        progress_bp,
        invested_fen: invested,
        in_library: input.in_library as i64,
        funds_arrived_fen: arrived,
        progress,
        difficulties,
        due_on: period.due().to_string(),
        late: (today > period.due()) as i64,
        submitted_by: actor.audit_name().into(),
        submitted_by_id: actor.user_id(),
        submitted_at: tx.now(),
        reviewed_by: None,
        reviewed_at: None,
        review_note: String::new(),
    };
    let id = crate::projects::store::reports::put(tx, &row)
        .await?
        .ok_or(AppError::Conflict("error.projects.period_locked"))?;
    let detail = serde_json::json!({ "period": text, "method": row.method, "invested_fen": invested, "late": row.late == 1 });
    crate::platform::audit::append(
        tx,
        actor.audit("project.report", format!("project:{project_id}"), detail),
    )
    .await?;
    Ok(ReportRow { id, ..row })
}

/// Reviews a project's report for a period, which locks the period; the funds it reports
/// arrived for a promotion deal join the deal's arrivals, dated the period's end.
pub async fn review(
    db: &Db,
    actor: &Actor,
    project_id: i64,
    period: &str,
    note: &str,
) -> AppResult<()> {
    let seen = crate::projects::services::access::visible(db, actor, project_id).await?;
    if !crate::projects::services::access::reviews(actor, seen.row()) {
        return Err(AppError::Forbidden);
    }
    if seen.row().cancelled_on.is_some() {
        return Err(AppError::Conflict("error.projects.cancelled"));
    }
    let period = Period::parse("period", period).map_err(|_| AppError::NotFound)?;
    let note = optional_text("note", note, 500)?;
    let mut tx = db.begin().await?;
    let reports = crate::projects::store::reports::of_project_in(&mut tx, project_id).await?;
    let report =
        reports.into_iter().find(|r| r.period == period.text()).ok_or(AppError::NotFound)?;
    if report.reviewed_at.is_some() {
        return Err(AppError::Conflict("error.projects.period_locked"));
    }
    if report.submitted_by_id.is_some() && report.submitted_by_id == actor.user_id() {
        return Err(AppError::Conflict("error.projects.review_own"));
    }
    if !crate::projects::store::reports::review(&mut tx, report.id, actor.audit_name(), &note)
        .await?
    {
        return Err(AppError::Conflict("error.projects.period_locked"));
    }
    if report.funds_arrived_fen > 0
        && crate::projects::store::deals::get(&db.pool, project_id).await?.is_some()
    {
        // Dated the period's end, or today for a period not over: never a day to come.
        let on = period.end().min(db.clock.today()).to_string();
        let why = format!(
            "{} {}",
            crate::platform::i18n::Lang::Zh.t("projects.report_of"),
            report.period
        );
        crate::projects::store::deals::arrived(
            &mut tx,
            project_id,
            &on,
            report.funds_arrived_fen,
            &why,
        )
        .await?;
    }
    let detail = serde_json::json!({ "period": report.period, "note": note, "funds_arrived_fen": report.funds_arrived_fen });
    crate::platform::audit::append(
        &mut tx,
        actor.audit("project.review", format!("project:{project_id}"), detail),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A project's reports with what each year reached, and their photos.
pub async fn list(db: &Db, actor: &Actor, project_id: i64) -> AppResult<Vec<ReportLine>> {
    let seen = crate::projects::services::access::visible(db, actor, project_id).await?;
    let total = seen.row().total_fen;
    let reports = crate::projects::store::reports::of_project(&db.pool, project_id).await?;
    let photos = crate::projects::store::reports::photos(&db.pool, project_id).await?;
    let mut out = Vec::with_capacity(reports.len());
    let (mut year, mut ytd) = (String::new(), 0i64);
    for r in reports {
        if year_of(&r.period) != year {
            (year, ytd) = (year_of(&r.period).to_string(), 0);
        }
        ytd += r.invested_fen;
        let counted_fen = counted(total, r.in_library == 1, r.invested_fen);
        let own = photos.iter().filter(|p| p.report_id == r.id).cloned().collect();
        out.push(ReportLine { year_to_date_fen: ytd, counted_fen, photos: own, report: r });
    }
    Ok(out)
}

/// Whether the actor reviews a project they see (the page shows the review forms then).
pub async fn may_review(db: &Db, actor: &Actor, project_id: i64) -> AppResult<bool> {
    let seen = crate::projects::services::access::visible(db, actor, project_id).await?;
    Ok(crate::projects::services::access::reviews(actor, seen.row()))
}
