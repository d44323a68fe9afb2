//! The demo zone's places, facilities and organisations, and the details of its people, loaded
//! through the registry's own import from sheets made here: houses (rental ones with tenants'
//! hazards noted) and facilities at points inside their grids, a committee for every village,
//! a shop in every grid and the enterprises the source names (天宝桓祥, 华晶, 光源电力, 金宇阳,
//! 新立康, 迪生电子, 厦工机械, 伟彤科技, 大江重工, 瑞诚机械, 明仁天然药物, 中轴矿山, 河南焦矿机器); the
//! floating details of every floating resident, left-behind elders, and a few records of each
//! special population. The same every time; at the tests' small density only the named ones.

use crate::platform::access::actor::Actor;
use crate::platform::db::Db;
use crate::platform::demo::Seq;
use crate::platform::sheet::stream::{Row, Rows};
use crate::registry::domain::kinds;
use crate::registry::domain::records::Kind;
use crate::registry::services::import::Mode;
use crate::registry::services::record_import::RecordSource;
use std::collections::HashMap;

/// The enterprises the source names, with their full names as the demo registers them.
pub const ENTERPRISES: [&str; 13] = [
    "焦作天宝桓祥机械科技有限公司",
    "焦作华晶钻石有限公司",
    "焦作光源电力有限公司",
    "河南金宇阳新材料有限公司",
    "焦作新立康药业有限公司",
    "焦作迪生电子科技有限公司",
    "焦作厦工机械有限公司",
    "焦作伟彤科技有限公司",
    "焦作大江重工机械有限公司",
    "焦作瑞诚机械有限公司",
    "焦作明仁天然药物有限责任公司",
    "焦作中轴矿山机械有限公司",
    "河南焦矿机器有限公司",
];

/// The density from which the demo loads places, facilities and organisations in every grid
/// (below it, as in the tests, only a few).
pub const FULL: usize = 100;

/// Houses a grid has at a density.
fn houses(per_grid: usize) -> usize {
    per_grid / 25
}

/// Whether the `h`-th house of a grid (from 0) is let.
fn rental(h: usize) -> bool {
    h % 4 == 1
}

/// The number of one of a grid's rental houses, picked by `draw`, if the demo has any there.
pub fn rental_of(code: &str, per_grid: usize, draw: u64) -> Option<String> {
    let rentals: Vec<usize> = (0..houses(per_grid)).filter(|h| rental(*h)).collect();
    if per_grid < FULL || rentals.is_empty() {
        return None;
    }
    Some(number(code, rentals[(draw % rentals.len() as u64) as usize]))
}

fn number(code: &str, h: usize) -> String {
    format!("{code}-{:03}", h + 1)
}

/// A grid the demo fills: its code, its village's name and a box inside its outline.
pub struct Spot {
    /// The grid's code.
    pub code: String,
    /// Its village.
    pub village: String,
    /// (west, south, east, north) of its outline.
    pub bbox: (f64, f64, f64, f64),
}

impl Spot {
    /// A point inside the grid's box, at fractions `(fx, fy)` of its width and height.
    fn at(&self, seq: &mut Seq) -> (String, String) {
        let (w, s, e, n) = self.bbox;
        let f = |seq: &mut Seq| 0.2 + (seq.next() % 600) as f64 / 1000.0;
        (format!("{:.6}", w + (e - w) * f(seq)), format!("{:.6}", s + (n - s) * f(seq)))
    }
}

/// A sheet of a kind from rows of (key, value).
fn sheet(kind: &Kind, rows: Vec<Vec<(&'static str, String)>>) -> Rows {
    let header: Vec<String> = kind.fields.iter().map(|f| f.heading.to_string()).collect();
    let mut out = vec![Ok(Row { number: 1, cells: header, ..Row::default() })];
    for (i, row) in rows.into_iter().enumerate() {
        let values: HashMap<&str, String> = row.into_iter().collect();
        let cells =
            kind.fields.iter().map(|f| values.get(f.key).cloned().unwrap_or_default()).collect();
        out.push(Ok(Row { number: i + 2, cells, ..Row::default() }));
    }
    Box::new(out.into_iter())
}

/// Imports rows of a kind as the system; how many were added.
pub async fn import_rows(
    db: &Db,
    kind: &'static Kind,
    rows: Vec<Vec<(&'static str, String)>>,
) -> anyhow::Result<usize> {
    let source = RecordSource::Rows(sheet(kind, rows));
    let system = Actor::system();
    let report = crate::registry::services::record_import::import(
        db,
        &system,
        kind,
        source,
        Mode::AllOrNothing,
        &mut |_| {},
    )
    .await?;
    if let Some(e) = report.errors.first() {
        anyhow::bail!(
            "the demo's {} row {} is refused: {} {}",
            kind.name,
            e.row,
            e.column,
            e.error.key
        );
    }
    Ok(report.added)
}

/// A credit code with its check character: registration authority and kind, the zone's region,
/// then a serial.
fn credit_code(prefix: &str, serial: u64) -> String {
    crate::platform::credit_code::with_check(&format!("{prefix}410871{serial:09}"))
        .expect("17 characters")
}

/// Loads the records; what went in, for the demo's banner.
pub async fn load(db: &Db, spots: &[Spot], per_grid: usize) -> anyhow::Result<String> {
    if spots.is_empty() {
        return Ok("demo registry: no grid has an outline to place records in".into());
    }
    let mut seq = Seq(0x0007_ac3d);
    let full = per_grid >= FULL;
    let mut places = Vec::new();
    let mut facilities = Vec::new();
    let mut organisations = Vec::new();
    let mut villages_done = std::collections::HashSet::new();
    for (g, spot) in spots.iter().enumerate() {
        let houses = if full { houses(per_grid) } else { usize::from(g == 0) };
        for h in 0..houses {
            let (lon, lat) = spot.at(&mut seq);
            let rental = rental(h);
            let hazard = if rental && seq.next().is_multiple_of(3) {
                "电线私拉乱接，缺少灭火器"
            } else {
                ""
            };
            places.push(vec![
                ("number", number(&spot.code, h)),
                ("place_kind", if h % 5 == 0 { "楼房" } else { "平房" }.into()),
                ("place_use", if rental { "出租" } else { "自住" }.into()),
                ("grid", spot.code.clone()),
                ("address", format!("{}{}组{}号", spot.village, h % 6 + 1, h + 1)),
                ("floors", (1 + seq.next() % 3).to_string()),
                ("area", (80 + seq.next() % 240).to_string()),
                ("lon", lon),
                ("lat", lat),
                ("hazards", hazard.into()),
            ]);
        }
        let things = if full { 4 } else { usize::from(g == 0) };
        for t in 0..things {
            let (lon, lat) = spot.at(&mut seq);
            let (kind, name) = [
                ("机井", "机井"),
                ("路灯", "路灯"),
                ("监控探头", "监控探头"),
                ("消防栓", "消防栓"),
            ][t % 4];
            facilities.push(vec![
                ("number", format!("F{}-{:02}", spot.code, t + 1)),
                ("name", format!("{}{}号{name}", spot.village, t + 1)),
                ("facility_kind", kind.into()),
                ("grid", spot.code.clone()),
                ("lon", lon),
                ("lat", lat),
                ("state", if seq.next().is_multiple_of(9) { "损坏" } else { "正常" }.into()),
            ]);
        }
        if full && villages_done.insert(spot.village.clone()) {
            organisations.push(vec![
                ("name", format!("{}村民委员会", spot.village.trim_end_matches('村'))),
                ("credit_code", credit_code("54", 10_000 + g as u64)),
                ("org_type", "村（居）民委员会".into()),
                ("grid", spot.code.clone()),
                ("address", format!("{}村委会", spot.village)),
            ]);
        }
        if full {
            organisations.push(vec![
                ("name", format!("{}便民超市", spot.village)),
                ("org_type", "个体工商户".into()),
                ("grid", spot.code.clone()),
                ("employees", (1 + seq.next() % 4).to_string()),
            ]);
        }
    }
    for (i, name) in ENTERPRISES.iter().enumerate() {
        let spot = &spots[(i * 53) % spots.len()];
        let (lon, lat) = spot.at(&mut seq);
        let hazardous = i % 4 == 2;
        organisations.push(vec![
            ("name", name.to_string()),
            ("credit_code", credit_code("91", 500_000 + i as u64 * 7919)),
            ("org_type", "企业".into()),
            ("grid", spot.code.clone()),
            ("address", format!("示范区{}工业园", spot.village)),
            ("lon", lon),
            ("lat", lat),
            ("employees", (60 + seq.next() % 900).to_string()),
            ("hazardous", if hazardous { "是" } else { "否" }.into()),
            ("safety_officer", if hazardous { "王建国".into() } else { String::new() }),
        ]);
    }
    let counts = [
        import_rows(db, &kinds::PLACES, places).await?,
        import_rows(db, &kinds::FACILITIES, facilities).await?,
        import_rows(db, &kinds::ORGANISATIONS, organisations).await?,
    ];
    Ok(format!(
        "demo registry: {} places, {} facilities, {} organisations",
        counts[0], counts[1], counts[2]
    ))
}
