//! The demo's reports and problems: every key project under construction reported each month
//! of 2015 from its start (by recorded spending, reviewed to September; October's submitted,
//! 焦矿机器's with the source's words of 23 October), some late; and three problems of the
//! source's kind, one solved, the others climbing their ladders as the scheduler finds them.

use crate::platform::db::Tx;
use crate::projects::domain::money::WAN;
use crate::projects::domain::reports::Period;
use crate::projects::store::problems::ProblemRow;
use crate::projects::store::reports::ReportRow;

/// A key project as the demo wrote it: id, name, 2015's plan (fen), started and completed.
pub struct Written {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// 2015's planned investment, fen.
    pub plan_fen: i64,
    /// Started (`YYYY-MM-DD`).
    pub started: Option<String>,
    /// Completed.
    pub completed: Option<String>,
}

/// Each project's pace against its plan, in hundredths: some ahead, most near, some behind.
const PACE: [i64; 7] = [125, 100, 95, 90, 80, 70, 110];

/// Writes the reports of the projects under construction; how many.
pub async fn reports(tx: &mut Tx, written: &[Written]) -> anyhow::Result<usize> {
    let mut n = 0;
    for (i, w) in written.iter().enumerate() {
        let Some(started) = &w.started else { continue };
        if w.completed.as_deref().is_some_and(|c| c < "2015-01-01") {
            continue;
        }
        let first =
            if started.as_str() < "2015-01-01" { 1 } else { started[5..7].parse::<u32>()? };
        let last = w
            .completed
            .as_deref()
            .filter(|c| c.starts_with("2015"))
            .map_or(Ok(10), |c| c[5..7].parse::<u32>())?;
        let monthly = w.plan_fen / 12 * PACE[i % PACE.len()] / 100 / WAN * WAN;
        for month in first..=last {
            let period = Period::parse("period", &format!("2015-{month:02}"))
                .map_err(|e| anyhow::anyhow!("{}", e.key))?;
            let october = month == 10;
            let jiaokuang = october && w.name.starts_with("河南焦矿机器");
            let late = !october && (i + month as usize).is_multiple_of(7);
            let submitted = if october {
                "2015-10-23".to_string()
            } else {
                (period.due() + chrono::Duration::days(if late { 3 } else { -2 })).to_string()
            };
            let row = ReportRow {
                id: 0,
                project_id: w.id,
                period: period.text(),
                method: if jiaokuang { "visible_progress" } else { "spending" }.into(),
                progress_bp: jiaokuang.then_some(6_500),
                invested_fen: monthly,
                in_library: 1,
                funds_arrived_fen: 0,
                progress: if jiaokuang {
                    super::key::JIAOKUANG_PROGRESS.into()
                } else {
                    format!("按计划推进，{}月完成主体施工节点", month)
                },
                difficulties: String::new(),
                due_on: period.due().to_string(),
                late: late as i64,
                submitted_by: "system".into(),
                submitted_by_id: None,
                submitted_at: format!("{submitted}T02:00:00.000000Z"),
                reviewed_by: None,
                reviewed_at: None,
                review_note: String::new(),
            };
            let Some(id) = crate::projects::store::reports::put(tx, &row).await? else { continue };
            if !october {
                crate::projects::store::reports::review(tx, id, "development_reform", "属实")
                    .await?;
            }
            n += 1;
        }
    }
    Ok(n)
}

/// A problem of the demo, given by its project's name.
struct DemoProblem {
    project: &'static str,
    description: &'static str,
    raised: &'static str,
    unit: &'static str,
    person: &'static str,
    head: &'static str,
    days: u32,
    solved: Option<(&'static str, &'static str)>,
}

const PROBLEMS: [DemoProblem; 3] = [
    DemoProblem {
        project: "天宝桓祥年产1000套六面顶液压机项目",
        description: "施工用电负荷不足，需滨湖变电站提前送电",
        raised: "2015-09-10",
        unit: "经济发展局",
        person: "赵磊",
        head: "经济发展局局长",
        days: 10,
        solved: None,
    },
    DemoProblem {
        project: "航空航天3D制造焦作基地项目",
        description: "建设用地指标未落实，影响开工",
        raised: "2015-09-21",
        unit: "国土资源分局",
        person: "孙静",
        head: "国土资源分局局长",
        days: 15,
        solved: None,
    },
    DemoProblem {
        project: "正大国贸中心项目",
        description: "周边个别群众阻挠正常施工",
        raised: "2015-08-17",
        unit: "文昌街道",
        person: "项目服务小组",
        head: "文昌街道党工委书记",
        days: 5,
        solved: Some(("2015-08-21", "街道与公安机关依法处置，施工恢复")),
    },
];

/// Writes the demo's problems; how many.
pub async fn problems(
    tx: &mut Tx,
    written: &[Written],
    calendar: &crate::platform::calendar::WorkCalendar,
) -> anyhow::Result<usize> {
    for DemoProblem { project, description, raised, unit, person, head, days, solved } in PROBLEMS {
        let Some(w) = written.iter().find(|w| w.name == project) else { continue };
        let raised_on: chrono::NaiveDate = raised.parse()?;
        let row = ProblemRow {
            id: 0,
            project_id: w.id,
            description: description.into(),
            raised_on: raised.into(),
            raised_by: "项目服务小组".into(),
            owner_unit: unit.into(),
            owner_person: person.into(),
            unit_head: head.into(),
            leader: super::key::LEADERS[0].into(),
            principal: "管委会主任".into(),
            deadline: crate::projects::domain::problems::deadline(calendar, raised_on, days)
                .to_string(),
            rung: "owner".into(),
            solved_on: solved.map(|s| s.0.to_string()),
            solution: solved.map_or(String::new(), |s| s.1.to_string()),
        };
        crate::projects::store::problems::insert(tx, &row).await?;
    }
    Ok(PROBLEMS.len())
}
