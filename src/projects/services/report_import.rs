//! Monthly reports from the sheets units send (Excel or CSV, read by the one bounded reader): a
//! row a report, the columns named in Chinese or by their keys, amounts in 万元; all the rows in
//! one transaction or none, unless asked to take the good ones, every bad row named.

use crate::platform::access::actor::Actor;
use crate::platform::db::Db;
use crate::platform::input::FieldError;
use crate::platform::service::{AppError, AppResult};
use crate::platform::sheet::Sheet;
use crate::projects::domain::money;
use crate::projects::domain::reports::Method;
use crate::projects::services::reports::ReportIn;

/// The columns: key and Chinese header, as the template has them.
pub const COLUMNS: [(&str, &str); 9] = [
    ("project_id", "项目编号"),
    ("period", "报送期"),
    ("method", "计算方法"),
    ("progress_percent", "累计形象进度（%）"),
    ("invested_wan", "本期完成投资（万元）"),
    ("in_library", "是否入库"),
    ("funds_wan", "本期到位资金（万元）"),
    ("progress", "形象进度"),
    ("difficulties", "存在的困难和问题"),
];

/// The most rows one sheet brings.
pub const MAX_ROWS: usize = 5_000;

/// A row refused: its number as the sheet shows it (the header is row 1), its column, why.
#[derive(Debug, Clone)]
pub struct RowError {
    /// Row.
    pub row: usize,
    /// Column key.
    pub column: String,
    /// Why.
    pub error: FieldError,
}

/// What an import did.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    /// Reports written.
    pub added: usize,
    /// Rows refused.
    pub errors: Vec<RowError>,
}

fn row_of(cells: &[String], at: &[Option<usize>]) -> Result<(i64, ReportIn), (String, FieldError)> {
    let get = |k: usize| at[k].and_then(|i| cells.get(i)).map_or("", |c| c.trim());
    let project: i64 = get(0).parse().map_err(|_| {
        ("project_id".to_string(), FieldError::new("project_id", "error.projects.no_project"))
    })?;
    let method = match get(2) {
        "形象进度法" | "visible_progress" => Method::VisibleProgress,
        "财务支出法" | "spending" | "" => Method::Spending,
        _ => return Err(("method".into(), FieldError::new("method", "error.choice"))),
    };
    let wan = |k: usize, field: &str| -> Result<i64, (String, FieldError)> {
        if get(k).is_empty() {
            Ok(0)
        } else {
            money::parse_wan(field, get(k)).map_err(|e| (COLUMNS[k].0.to_string(), e))
        }
    };
    let invested = wan(4, "invested_fen")?;
    let funds = wan(6, "funds_arrived_fen")?;
    Ok((
        project,
        ReportIn {
            period: get(1).to_string(),
            method,
            progress_percent: (method == Method::VisibleProgress).then(|| get(3).to_string()),
            invested_fen: (method == Method::Spending).then_some(invested),
            in_library: matches!(get(5), "是" | "yes" | "1" | "true"),
            funds_arrived_fen: funds,
            progress: get(7).to_string(),
            difficulties: get(8).to_string(),
        },
    ))
}

fn refusal(e: AppError) -> Result<Vec<(String, FieldError)>, AppError> {
    Ok(match e {
        AppError::Invalid(fields) => fields.into_iter().map(|f| (f.field.clone(), f)).collect(),
        AppError::NotFound | AppError::Forbidden => {
            vec![("project_id".into(), FieldError::new("project_id", "error.projects.no_project"))]
        }
        AppError::Conflict(key) => vec![("period".into(), FieldError::new("period", key))],
        other => return Err(other),
    })
}

/// Imports the reports of a sheet.
pub async fn import(db: &Db, actor: &Actor, sheet: &Sheet, partial: bool) -> AppResult<Imported> {
    let header =
        sheet.rows.first().ok_or_else(|| FieldError::new("file", "error.sheet_unreadable"))?;
    let at: Vec<Option<usize>> = COLUMNS
        .iter()
        .map(|(k, zh)| header.iter().position(|h| h.trim() == *k || h.trim() == *zh))
        .collect();
    if at[0].is_none() || at[1].is_none() || at[7].is_none() {
        let need = [COLUMNS[0].1, COLUMNS[1].1, COLUMNS[7].1].join("、");
        return Err(FieldError::new("file", "error.projects.import_columns")
            .arg("columns", need)
            .into());
    }
    if sheet.rows.len() > MAX_ROWS + 1 {
        return Err(FieldError::new("file", "error.projects.import_rows")
            .arg("max", MAX_ROWS)
            .into());
    }
    let mut out = Imported::default();
    // All or nothing writes every row in this one transaction; taking the good rows writes each
    // in its own, and this one only opens at the end for the audit (SQLite has one writer).
    let mut whole = if partial { None } else { Some(db.begin().await?) };
    for (i, cells) in sheet.rows.iter().enumerate().skip(1) {
        let row = i + 1;
        let done = match row_of(cells, &at) {
            Err((column, error)) => Err(vec![(column, error)]),
            Ok((project, input)) => {
                let written = match whole.as_mut() {
                    Some(tx) => {
                        crate::projects::services::reports::submit_in(
                            tx, db, actor, project, &input,
                        )
                        .await
                    }
                    None => {
                        crate::projects::services::reports::submit(db, actor, project, &input).await
                    }
                };
                match written {
                    Ok(_) => Ok(()),
                    Err(e) => Err(refusal(e)?),
                }
            }
        };
        match done {
            Ok(()) => out.added += 1,
            Err(errors) => out.errors.extend(errors.into_iter().map(|(column, error)| RowError {
                row,
                column,
                error,
            })),
        }
    }
    if !out.errors.is_empty()
        && let Some(tx) = whole.take()
    {
        tx.rollback().await?;
        out.added = 0;
        return Ok(out);
    }
    let mut tx = match whole {
        Some(tx) => tx,
        None => db.begin().await?,
    };
    let detail =
        serde_json::json!({ "added": out.added, "refused": out.errors.len(), "partial": partial });
    crate::platform::audit::append(
        &mut tx,
        actor.audit("projects.import", "reports:0".into(), detail),
    )
    .await?;
    tx.commit().await?;
    Ok(out)
}
