//! The demo's details of people: the floating details of floating residents, left-behind
//! elders with their children's contacts, and a few records of each special population, all of
//! generated residents (none of the people the source names).

use crate::platform::db::Db;
use crate::platform::demo::Seq;
use crate::registry::domain::kinds;
use crate::registry::domain::records::Kind;

async fn ids(
    db: &Db,
    kind: &str,
    born: (&str, &str),
    step: i64,
    limit: i64,
) -> anyhow::Result<Vec<String>> {
    let sealed = crate::registry::store::people::sample(&db.pool, kind, born, step, limit).await?;
    let field = crate::registry::services::people::ID_FIELD;
    Ok(sealed.iter().filter_map(|s| db.vault.open(field, s).ok()).collect())
}

type Rows = Vec<Vec<(&'static str, String)>>;

fn of(people: &[String], row: impl Fn(usize, &str) -> Vec<(&'static str, String)>) -> Rows {
    people.iter().enumerate().map(|(i, p)| row(i, p)).collect()
}

async fn put(db: &Db, kind: &'static Kind, rows: Rows) -> anyhow::Result<usize> {
    crate::registry::demo::records::import_rows(db, kind, rows).await
}

/// Loads the details; what went in.
pub async fn load(db: &Db, full: bool) -> anyhow::Result<String> {
    let seq = &mut Seq(0x000d_e7a1);
    let (many, few) = if full { (100_000, 25) } else { (3, 1) };
    let floating = ids(db, "floating", ("1900", "2100"), 1, many).await?;
    let reasons = ["务工", "经商", "投靠亲友", "就学", "随迁家属"];
    let dwellings = ["租赁房屋", "单位内部", "借住亲友家", "工地现场"];
    let mut draws: Vec<u64> = (0..floating.len()).map(|_| seq.next()).collect();
    let rows = of(&floating, |i, p| {
        let d = draws[i];
        let month = 1 + d % 12;
        vec![
            ("person", p.to_string()),
            ("reason", reasons[(d % 5) as usize].into()),
            ("permit_type", "居住证".into()),
            ("permit_number", format!("豫H{:08}", d % 100_000_000)),
            ("registered_on", format!("2025-{month:02}-15")),
            ("expires_on", format!("2027-{month:02}-14")),
            ("dwelling", dwellings[(d / 7 % 4) as usize].into()),
        ]
    });
    let n_floating = put(db, &kinds::FLOATING, rows).await?;
    let elders = ids(
        db,
        "resident",
        ("1900", "1956"),
        if full { 20 } else { 1 },
        if full { 1_500 } else { 2 },
    )
    .await?;
    draws = (0..elders.len()).map(|_| seq.next()).collect();
    let rows = of(&elders, |i, p| {
        let d = draws[i];
        vec![
            ("person", p.to_string()),
            ("left_type", "留守老人".into()),
            ("health", ["健康或良好", "一般或较弱", "有慢性病"][(d % 3) as usize].into()),
            ("contact", "子女".into()),
            ("contact_relation", "子女".into()),
            ("contact_phone", format!("137{:08}", d % 100_000_000)),
            (
                "contact_address",
                ["广东省东莞市", "浙江省义乌市", "郑州市航空港区"][(d / 3 % 3) as usize].into(),
            ),
        ]
    });
    let n_left = put(db, &kinds::LEFT_BEHIND, rows).await?;
    let adults = ids(db, "resident", ("1960", "2000"), if full { 997 } else { 1 }, few * 4).await?;
    let youth = ids(db, "resident", ("2004", "2012"), if full { 499 } else { 1 }, few).await?;
    let quarter = |k: usize| -> &[String] {
        let q = adults.len() / 4;
        &adults[(k * q).min(adults.len())..((k + 1) * q).min(adults.len())]
    };
    let released = of(quarter(0), |i, p| {
        vec![
            ("person", p.to_string()),
            ("crime", ["盗窃罪", "诈骗罪", "故意伤害罪"][i % 3].into()),
            ("sentence", "有期徒刑三年".into()),
            ("released_on", format!("202{}-0{}-1{}", 3 + i % 3, 1 + i % 9, i % 10)),
            ("handover", "已衔接".into()),
            ("placement", if i % 5 == 0 { "未安置" } else { "已安置" }.into()),
            ("risk", "低".into()),
        ]
    });
    let correction = of(quarter(1), |i, p| {
        vec![
            ("person", p.to_string()),
            ("correction_type", ["缓刑", "假释", "管制"][i % 3].into()),
            ("crime", "危险驾驶罪".into()),
            ("starts_on", format!("2026-0{}-01", 1 + i % 9)),
            ("ends_on", format!("2027-0{}-01", 1 + i % 9)),
        ]
    });
    let mental = of(quarter(2), |i, p| {
        vec![
            ("person", p.to_string()),
            ("diagnosis", ["精神分裂症", "双相情感障碍"][i % 2].into()),
            ("mental_risk", (i % 3).to_string()),
            ("treatment", "居家服药".into()),
            ("guardian", "家属".into()),
        ]
    });
    let drug = of(quarter(3), |i, p| {
        vec![
            ("person", p.to_string()),
            ("found_on", format!("2022-0{}-20", 1 + i % 9)),
            ("drug_control", ["社区康复", "戒断三年未复吸"][i % 2].into()),
        ]
    });
    let at_risk = of(&youth, |i, p| {
        vec![
            ("person", p.to_string()),
            ("youth_type", ["闲散青少年", "有不良行为青少年"][i % 2].into()),
            ("guardian", "父母".into()),
            ("risk", "低".into()),
        ]
    });
    let mut special = 0;
    for (kind, rows) in [
        (&kinds::RELEASED, released),
        (&kinds::CORRECTION, correction),
        (&kinds::MENTAL, mental),
        (&kinds::DRUG, drug),
        (&kinds::YOUTH, at_risk),
    ] {
        special += put(db, kind, rows).await?;
    }
    Ok(format!(
        "{n_floating} floating details, {n_left} left-behind, {special} in special populations"
    ))
}
