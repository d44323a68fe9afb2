//! The demo zone's projects and promotion as of 25 October 2015 (the source's day): its 9
//! provincial and 27 municipal key projects with their gates, plans and teams, the year's 73
//! promotion deals, a terminated one and two leads, and the funding won from higher levels.
//! Written as the system in one transaction, with one entry in the audit chain.

pub mod deals;
pub mod key;
pub mod progress;

use crate::platform::db::{Db, Tx};
use crate::projects::domain::Level;
use crate::projects::domain::gates::Gate;
use crate::projects::domain::money::WAN;
use crate::projects::store::deals::DealRow;
use crate::projects::store::gates::GateRow;
use crate::projects::store::projects::ProjectRow;
use chrono::{Duration, NaiveDate};

/// The source's day: every figure of the demo is as of it.
pub const AS_OF: &str = "2015-10-25";

/// The evidence of a gate, as the office that passes it would number it.
fn evidence(gate: Gate, n: usize, year: i32) -> (String, String) {
    match gate {
        Gate::Signed => ("招商服务中心 刘明".into(), format!("投资合同 示招合〔{year}〕{n}号")),
        Gate::Filing => {
            ("经济发展局 赵磊".into(), format!("项目备案确认书 焦示经备〔{year}〕{n}号"))
        }
        Gate::Land => {
            ("国土资源分局 孙静".into(), format!("用地预审意见 焦示国土预〔{year}〕{n}号"))
        }
        Gate::Planning => {
            ("住房和城乡建设局 周涛".into(), format!("建设用地规划许可证 地字第4108{year}{n:04}号"))
        }
        Gate::Environment => ("环保分局 吴敏".into(), format!("环评批复 焦环审〔{year}〕{n}号")),
        Gate::Permit => ("住房和城乡建设局 周涛".into(), format!("施工许可证 4108{year}{n:04}号")),
        Gate::Funds => ("项目单位 财务负责人".into(), "银行进账单及资金到位证明".into()),
        Gate::Started => ("项目服务小组".into(), "开工现场照片".into()),
        Gate::Completed => ("住房和城乡建设局 周涛".into(), "竣工验收备案表".into()),
        Gate::Production => ("经济发展局 赵磊".into(), "投产报告".into()),
        Gate::Capacity => ("经济发展局 赵磊".into(), "达产验收报告".into()),
    }
}

/// The name of the demo's `n`-th team member.
fn member(n: usize) -> String {
    let surnames: Vec<char> = crate::platform::demo::SURNAMES.chars().collect();
    let given: Vec<char> = crate::platform::demo::GIVEN.chars().collect();
    let g = (n * 7) % (given.len() / 2) * 2;
    format!("{}{}{}", surnames[(n * 11) % surnames.len()], given[g], given[g + 1])
}

fn day(s: &str) -> NaiveDate {
    s.parse().expect("the demo's days are days")
}

/// Writes a project's gates: each stage planned between signing and the start (or on the
/// days given), passed where it had been by the source's day.
async fn write_gates(
    tx: &mut Tx,
    project_id: i64,
    signed: NaiveDate,
    start: (NaiveDate, Option<NaiveDate>),
    later: [(NaiveDate, Option<NaiveDate>); 3],
    n: usize,
) -> sqlx::Result<()> {
    let as_of = day(AS_OF);
    let end = start.1.unwrap_or(start.0);
    let span = (end - signed).num_days().max(8);
    let between = |k: i64| signed + Duration::days(span * k / 8);
    let mut plan: Vec<(Gate, NaiveDate, Option<NaiveDate>)> =
        vec![(Gate::Signed, signed, Some(signed))];
    for (k, g) in Gate::ALL[1..6].iter().enumerate() {
        let on = between(k as i64 + 1);
        plan.push((*g, on, (on <= as_of - Duration::days(5)).then_some(on)));
    }
    let funds = between(7);
    plan.push((Gate::Funds, funds, start.1.map(|_| funds)));
    plan.push((Gate::Started, start.0, start.1));
    for (g, (planned, actual)) in
        [Gate::Completed, Gate::Production, Gate::Capacity].into_iter().zip(later)
    {
        plan.push((g, planned, actual));
    }
    for (gate, planned, actual) in plan {
        use chrono::Datelike;
        let (passed_by, evidence) = evidence(gate, n, actual.map_or(planned.year(), |a| a.year()));
        let row = GateRow {
            project_id,
            gate: gate.as_str().into(),
            planned_on: Some(planned.to_string()),
            actual_on: actual.map(|a| a.to_string()),
            passed_by: if actual.is_some() { passed_by } else { String::new() },
            evidence: if actual.is_some() { evidence } else { String::new() },
            recorded_by: "system".into(),
        };
        crate::projects::store::gates::put(tx, &row).await?;
    }
    crate::projects::store::board::refresh(tx, project_id).await
}

/// Where the demo puts the `i`-th project of a township: inside its strip of the zone.
fn point(township: usize, i: usize) -> (f64, f64) {
    let f = |k: usize| ((i * k + 7) % 97) as f64 / 97.0;
    (113.205 + 0.05 * township as f64 + 0.04 * f(31), 35.09 + 0.12 * f(57))
}

struct Place {
    townships: Vec<(i64, String)>,
    key_department: Option<i64>,
    promotion_department: Option<i64>,
}

fn project(
    place: &Place,
    name: &str,
    level: Level,
    industry: &str,
    township: usize,
    total_fen: i64,
    i: usize,
) -> ProjectRow {
    let (unit_id, unit_path) = place.townships[township].clone();
    let (lon, lat) = point(township, i);
    ProjectRow {
        id: 0,
        cancel_reason: String::new(),
        name: name.into(),
        level: level.as_str().into(),
        industry: industry.into(),
        owner_id: None,
        unit_id,
        unit_path,
        department_id: if level == Level::Promotion {
            place.promotion_department
        } else {
            place.key_department
        },
        lon: Some(lon),
        lat: Some(lat),
        content: String::new(),
        total_fen,
        leader: key::LEADERS[i % key::LEADERS.len()].into(),
        cancelled_on: None,
    }
}

/// Loads the demo's projects; says what went in.
pub async fn load(db: &Db) -> anyhow::Result<String> {
    let pool = &db.pool;
    let mut townships = Vec::new();
    for t in crate::platform::demo::TOWNSHIPS.iter() {
        let found = crate::platform::hierarchy::store::at_level(pool, "/", "0", "township").await?;
        let (id, _, path) = found
            .into_iter()
            .find(|(_, n, _)| n == t.name)
            .ok_or_else(|| anyhow::anyhow!("load the demo zone first: no {}", t.name))?;
        townships.push((id, path));
    }
    let place = Place {
        townships,
        key_department: crate::platform::hierarchy::store::department_of_kind(
            pool,
            "development_reform",
        )
        .await?,
        promotion_department: crate::platform::hierarchy::store::department_of_kind(
            pool,
            "investment_promotion",
        )
        .await?,
    };
    let keys = key::keys();
    let owners: Vec<&str> =
        keys.iter().map(|k| k.owner.as_str()).filter(|o| !o.is_empty()).collect();
    let owner_ids = crate::registry::services::records::organisations_named(db, &owners).await?;
    let calendar = crate::platform::calendar::services::calendar(db)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut written = Vec::new();
    let mut tx = db.begin().await?;
    for (i, k) in keys.iter().enumerate() {
        let t =
            crate::platform::demo::TOWNSHIPS.iter().position(|t| t.name == k.township).unwrap_or(0);
        let level = if k.provincial == 1 { Level::Provincial } else { Level::Municipal };
        let mut row = project(&place, &k.name, level, &k.industry, t, k.total_wan * WAN, i);
        row.owner_id = owner_ids.get(&k.owner).copied();
        row.content = k.content.clone();
        let id = crate::projects::store::projects::insert(&mut tx, &row).await?;
        let opt = |s: &Option<String>| s.as_deref().map(day);
        let complete = (day(&k.complete_planned), opt(&k.complete_actual));
        let production = (complete.0 + Duration::days(60), opt(&k.production));
        let capacity = (production.0 + Duration::days(180), None);
        write_gates(
            &mut tx,
            id,
            day(&k.signed),
            (day(&k.start_planned), opt(&k.start_actual)),
            [complete, production, capacity],
            i + 1,
        )
        .await?;
        let third = k.total_wan / 3;
        written.push(progress::Written {
            id,
            name: k.name.clone(),
            plan_fen: third * WAN,
            started: k.start_actual.clone(),
            completed: k.complete_actual.clone(),
        });
        for (year, wan) in [(2015, third), (2016, third), (2017, k.total_wan - 2 * third)] {
            crate::projects::store::projects::plan(&mut tx, id, year, wan * WAN).await?;
        }
        for (j, duty) in ["项目负责人", "乡镇联络员", "部门服务专员"].into_iter().enumerate()
        {
            let phone = format!("0391-35{:05}", 10_000 + i * 3 + j);
            let name = member(i * 3 + j);
            crate::projects::store::projects::add_member(&mut tx, id, &name, duty, &phone).await?;
        }
    }
    let generated = deals::deals();
    for (i, d) in generated.iter().enumerate() {
        let row =
            project(&place, &d.name, Level::Promotion, d.industry, d.township, d.value_fen, i);
        let id = crate::projects::store::projects::insert(&mut tx, &row).await?;
        let deal = DealRow {
            project_id: id,
            contract_value_fen: d.value_fen,
            contract_funds_fen: d.funds_fen,
            source: d.source.as_str().into(),
            region: d.region.into(),
            negotiation_on: Some((day(&d.signed) - Duration::days(60)).to_string()),
            framework_on: Some((day(&d.signed) - Duration::days(20)).to_string()),
            terminated_on: None,
            termination_reason: String::new(),
        };
        crate::projects::store::deals::insert(&mut tx, &deal).await?;
        let started = d.started.as_deref().map(day);
        let start_plan = started.unwrap_or(day(&d.signed) + Duration::days(90));
        let completed = d.completed.as_deref().map(day);
        let complete_plan = completed.unwrap_or(start_plan + Duration::days(300));
        let later = [
            (complete_plan, completed),
            (complete_plan + Duration::days(60), None),
            (complete_plan + Duration::days(240), None),
        ];
        write_gates(&mut tx, id, day(&d.signed), (start_plan, started), later, 100 + i).await?;
        if d.arrived_fen > 0 {
            let on = started.unwrap_or(day(AS_OF)).to_string();
            crate::projects::store::deals::arrived(
                &mut tx,
                id,
                &on,
                d.arrived_fen,
                "合同引进资金到位",
            )
            .await?;
        }
    }
    let extra = others(&mut tx, &place).await?;
    let reported = progress::reports(&mut tx, &written).await?;
    let problems = progress::problems(&mut tx, &written, &calendar).await?;
    let won = deals::higher_funding();
    let zone = crate::platform::hierarchy::store::first_zone(pool)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no zone"))?;
    let zone_path =
        crate::platform::hierarchy::store::path_of(pool, zone.0).await?.unwrap_or_default();
    for (name, channel, township, fen, on) in &won {
        let (unit, path) = match township {
            Some(t) => place.townships[*t].clone(),
            None => (zone.0, zone_path.clone()),
        };
        crate::projects::store::deals::won(&mut tx, (unit, &path), name, channel, *fen, on).await?;
    }
    let detail = serde_json::json!({ "key_projects": keys.len(), "deals": generated.len() + extra, "higher_funding": won.len() });
    crate::platform::audit::append(
        &mut tx,
        crate::platform::access::actor::Actor::system().audit(
            "demo.projects",
            "zone:0".into(),
            detail,
        ),
    )
    .await?;
    tx.commit().await?;
    let climbs = crate::projects::services::problems::sweep(db, db.clock.now()).await?;
    Ok(format!(
        "demo projects: {} key projects with {reported} reports and {problems} problems ({climbs} climbs), \
         {} promotion deals signed in 2015 ({} 亿元), {} more kept, {} won from higher levels",
        keys.len(),
        generated.len(),
        crate::projects::domain::money::yi(deals::SIGNED_WAN * WAN),
        extra,
        won.len()
    ))
}

/// The deal signed in 2014 and terminated in 2015 (kept, out of 2015's figures), two leads not
/// yet signed, and a key project cancelled; how many.
async fn others(tx: &mut Tx, place: &Place) -> anyhow::Result<usize> {
    let rows = [
        ("豫北新型建材项目", "C30", 2, 30_000, Some("2014-11-05"), None, Some("2015-06-30")),
        ("京津冀新能源汽车零部件项目", "C36", 0, 60_000, None, Some("2015-09-01"), None),
        ("长三角智能终端产业园项目", "C39", 1, 85_000, None, Some("2015-10-08"), None),
    ];
    // A zone key project cancelled in July: baselines taken before keep it.
    let mut cancelled =
        project(place, "示范区冷链物流园二期项目", Level::Zone, "G59", 3, 40_000 * WAN, 300);
    cancelled.cancelled_on = Some("2015-07-01".into());
    let id = crate::projects::store::projects::insert(tx, &cancelled).await?;
    write_gates(
        tx,
        id,
        day("2015-02-10"),
        (day("2015-09-01"), None),
        [(day("2016-09-30"), None), (day("2016-11-30"), None), (day("2017-05-31"), None)],
        400,
    )
    .await?;
    for (i, (name, industry, township, wan, signed, talks, terminated)) in
        rows.into_iter().enumerate()
    {
        let row = project(place, name, Level::Promotion, industry, township, wan * WAN, 200 + i);
        let id = crate::projects::store::projects::insert(tx, &row).await?;
        let deal = DealRow {
            project_id: id,
            contract_value_fen: wan * WAN,
            contract_funds_fen: wan * WAN / 10 * 8,
            source: if i == 0 { "by_business" } else { "region" }.into(),
            region: if i == 1 {
                "京津冀"
            } else if i == 2 {
                "长三角"
            } else {
                ""
            }
            .into(),
            negotiation_on: talks.or(Some("2014-09-01")).map(String::from),
            framework_on: if i == 2 { Some("2015-10-20".into()) } else { None },
            terminated_on: terminated.map(String::from),
            termination_reason: if terminated.is_some() {
                "投资方资金链断裂，双方协商解除合同".into()
            } else {
                String::new()
            },
        };
        crate::projects::store::deals::insert(tx, &deal).await?;
        if let Some(s) = signed {
            let (by, ev) = evidence(Gate::Signed, 300 + i, 2014);
            let gate = GateRow {
                project_id: id,
                gate: "signed".into(),
                planned_on: Some(s.into()),
                actual_on: Some(s.into()),
                passed_by: by,
                evidence: ev,
                recorded_by: "system".into(),
            };
            crate::projects::store::gates::put(tx, &gate).await?;
            crate::projects::store::board::refresh(tx, id).await?;
        }
    }
    Ok(rows.len() + 1)
}

/// The capability's demo hook.
pub fn hook(db: &Db) -> crate::platform::capability::Work<'_, Vec<String>> {
    Box::pin(async move { Ok(vec![load(db).await?]) })
}
