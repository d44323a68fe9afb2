//! The demo zone: the zone of the source document (焦作市城乡一体化示范区), its five townships
//! and streets, 44 villages and communities, 715 grids that tile their villages, four staff in
//! every grid, the departments and the demo accounts. The same data every time.

use crate::platform::access::role::GridRole;
use crate::platform::access::role::Role;
use crate::platform::db::Db;
use crate::platform::db::Tx;
use crate::platform::hierarchy::boundary::Boundary;
use crate::platform::hierarchy::store::NewUnit;
use crate::platform::users::store::NewUser;
use serde_json::json;

pub use zone::*;

mod zone;

/// What the loader made, for the start-up message.
#[derive(Debug, Clone)]
pub struct Summary {
    /// The zone's id.
    pub zone_id: i64,
    /// Units made, by level from the zone down.
    pub units: [usize; 4],
    /// Accounts made.
    pub users: usize,
    /// (login, what it is) of the accounts worth trying first.
    pub accounts: Vec<(String, String)>,
}

/// A tiny deterministic generator (xorshift), so the demo is the same on every machine.
pub(crate) struct Seq(pub(crate) u64);

impl Seq {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub(crate) fn pick(&mut self, chars: &[char]) -> char {
        chars[(self.next() % chars.len() as u64) as usize]
    }
}

/// How many grids each of the 44 villages has: 13 to 19, adding up to [`GRIDS`].
fn grid_counts(villages: usize) -> Vec<usize> {
    let mut counts: Vec<usize> = (0..villages).map(|i| 13 + (i * 5) % 7).collect();
    let mut i = 0;
    while counts.iter().sum::<usize>() != GRIDS {
        if counts.iter().sum::<usize>() < GRIDS {
            counts[i % villages] += 1
        } else {
            counts[i % villages] -= 1
        }
        i += 1;
    }
    counts
}

/// A rectangle (west, south, east, north) as a boundary.
fn rect(w: f64, s: f64, e: f64, n: f64) -> Boundary {
    let r = |v: f64| (v * 1e6).round() / 1e6;
    Boundary::from_ring(&[(r(w), r(s)), (r(e), r(s)), (r(e), r(n)), (r(w), r(n))])
}

/// Splits a rectangle into `n` cells that tile it exactly: rows of `cols` cells, the last row
/// shared out among what is left. Row-major from the north-west.
fn tile(w: f64, s: f64, e: f64, n: f64, count: usize, cols: usize) -> Vec<(f64, f64, f64, f64)> {
    let rows = count.div_ceil(cols);
    let height = (n - s) / rows as f64;
    let mut out = Vec::with_capacity(count);
    for row in 0..rows {
        let in_row = if row + 1 == rows { count - cols * (rows - 1) } else { cols };
        let width = (e - w) / in_row as f64;
        let top = n - height * row as f64;
        for col in 0..in_row {
            let left = w + width * col as f64;
            out.push((left, top - height, left + width, top));
        }
    }
    out
}

/// Loads the demo zone into an empty database; every account gets `password`.
pub async fn load(db: &Db, password_text: &str) -> anyhow::Result<Summary> {
    anyhow::ensure!(
        db.is_empty().await?,
        "the database already holds units; the demo loads only into an empty one"
    );
    // One hash for every demo account: hashing 2,872 passwords one by one would take minutes.
    let hash = crate::platform::users::password::hash(password_text.to_string()).await?;
    let mut tx = db.begin().await?;
    let summary = load_in(&mut tx, &hash).await?;
    crate::platform::audit::append(
        &mut tx,
        crate::platform::audit::Entry {
            actor_id: None,
            actor_name: "system",
            action: "demo.load",
            object: format!("unit:{}", summary.zone_id),
            detail: json!({"units": summary.units, "users": summary.users}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(summary)
}

async fn load_in(tx: &mut Tx, hash: &str) -> anyhow::Result<Summary> {
    let mut summary = Summary { zone_id: 0, units: [0; 4], users: 0, accounts: Vec::new() };
    let zone_geo = rect(WEST, SOUTH, EAST, NORTH).to_geojson();
    let zone = NewUnit {
        parent: None,
        level: "zone",
        name: ZONE_NAME,
        code: ZONE_CODE,
        boundary: Some(&zone_geo),
    };
    let (zone_id, zone_path) = crate::platform::hierarchy::store::insert(tx, &zone).await?;
    summary.zone_id = zone_id;
    summary.units[0] = 1;

    let add_user = async |tx: &mut Tx,
                          username: &str,
                          name: &str,
                          phone: &str,
                          grant: (Role, i64, Option<i64>, Option<GridRole>)|
           -> anyhow::Result<()> {
        let id = crate::platform::users::store::insert(
            tx,
            &NewUser { username, display_name: name, phone: Some(phone), password_hash: hash },
        )
        .await?;
        let (role, unit, dep, grid_role) = grant;
        crate::platform::users::store::insert_grant(
            tx,
            id,
            role.as_str(),
            unit,
            dep,
            grid_role.map(GridRole::as_str),
        )
        .await?;
        Ok(())
    };
    let mut seq = Seq(0x5eed_2015_1025);
    let surnames: Vec<char> = SURNAMES.chars().collect();
    let given: Vec<char> = GIVEN.chars().collect();
    let person = |seq: &mut Seq| {
        let name = format!("{}{}{}", seq.pick(&surnames), seq.pick(&given), seq.pick(&given));
        let phone = format!("13{:09}", seq.next() % 1_000_000_000);
        (name, phone)
    };

    let (n, p) = person(&mut seq);
    add_user(tx, ADMIN, &format!("系统管理员 {n}"), &p, (Role::Admin, zone_id, None, None)).await?;
    let (n, p) = person(&mut seq);
    add_user(tx, LEADER, &format!("{n}（区领导）"), &p, (Role::Leader, zone_id, None, None))
        .await?;
    summary.accounts.push((ADMIN.into(), "系统管理员 administrator".into()));
    summary.accounts.push((LEADER.into(), "区领导 zone leader, reads all 715 grids".into()));
    for (kind, name) in DEPARTMENTS {
        let dep =
            crate::platform::hierarchy::store::insert_department(tx, zone_id, kind, name).await?;
        let (n, p) = person(&mut seq);
        add_user(tx, kind, &n, &p, (Role::DepartmentStaff, zone_id, Some(dep), None)).await?;
        summary.accounts.push((kind.into(), format!("{name} department staff")));
    }
    summary.users = 2 + DEPARTMENTS.len();

    let villages_total: usize = TOWNSHIPS.iter().map(|t| t.villages.len()).sum();
    let counts = grid_counts(villages_total);
    let strip = (EAST - WEST) / TOWNSHIPS.len() as f64;
    let (mut village_no, mut grid_no) = (0usize, 0usize);
    for (t, town) in TOWNSHIPS.iter().enumerate() {
        let (t_name, login, villages) = (town.name, town.login, town.villages);
        let (tw, te) = (WEST + strip * t as f64, WEST + strip * (t + 1) as f64);
        let t_geo = rect(tw, SOUTH, te, NORTH).to_geojson();
        let t_full = town.full_code();
        let township = NewUnit {
            parent: Some((zone_id, &zone_path)),
            level: "township",
            name: t_name,
            code: &t_full,
            boundary: Some(&t_geo),
        };
        let (t_id, t_path) = crate::platform::hierarchy::store::insert(tx, &township).await?;
        summary.units[1] += 1;
        let (n, p) = person(&mut seq);
        add_user(tx, login, &n, &p, (Role::TownshipStaff, t_id, None, None)).await?;
        summary.accounts.push((login.into(), format!("{t_name} township staff")));
        summary.users += 1;

        let cols = if villages.len() % 2 == 0 { 2 } else { 3 };
        let cells = tile(tw, SOUTH, te, NORTH, villages.len(), cols);
        for (v, (v_name, &(vw, vs, ve, vn))) in villages.iter().zip(&cells).enumerate() {
            let v_code = town.village_code(v);
            let v_geo = rect(vw, vs, ve, vn).to_geojson();
            let village = NewUnit {
                parent: Some((t_id, &t_path)),
                level: "village",
                name: v_name,
                code: &v_code,
                boundary: Some(&v_geo),
            };
            let (v_id, v_path) = crate::platform::hierarchy::store::insert(tx, &village).await?;
            summary.units[2] += 1;
            let grids = counts[village_no];
            village_no += 1;
            let cols = (grids as f64).sqrt().ceil() as usize;
            for (g, &(gw, gs, ge, gn)) in tile(vw, vs, ve, vn, grids, cols).iter().enumerate() {
                grid_no += 1;
                let g_code = grid_code(&v_code, g + 1);
                let g_name = grid_name(v_name, g + 1);
                let g_geo = rect(gw, gs, ge, gn).to_geojson();
                let grid = NewUnit {
                    parent: Some((v_id, &v_path)),
                    level: "grid",
                    name: &g_name,
                    code: &g_code,
                    boundary: Some(&g_geo),
                };
                let (g_id, _) = crate::platform::hierarchy::store::insert(tx, &grid).await?;
                summary.units[3] += 1;
                for role in GridRole::ALL {
                    let (mut n, p) = person(&mut seq);
                    // The source's grid mediator: 宁郭村's director 申安胜.
                    if *v_name == "宁郭村" && g == 0 && role == GridRole::Manager {
                        n = SOURCE_MEDIATOR.into();
                    }
                    let login = grid_login(grid_no, role);
                    add_user(tx, &login, &n, &p, (Role::GridStaff, g_id, None, Some(role))).await?;
                    summary.users += 1;
                }
            }
        }
    }
    summary.accounts.push((
        "g001-manager … g715-supervisor".into(),
        "grid staff: manager, assistant, police, supervisor of grids 001 to 715".into(),
    ));
    Ok(summary)
}

/// The grid role as it appears in demo logins.
pub(super) fn short(role: GridRole) -> &'static str {
    match role {
        GridRole::Manager => "manager",
        GridRole::Assistant => "assistant",
        GridRole::PoliceLiaison => "police",
        GridRole::Supervisor => "supervisor",
    }
}

/// The demo zone and every capability's share of the demo, in the order of the list: what the
/// zone holds, and the lines each capability says of what it loaded.
pub async fn load_all(
    db: &Db,
    password_text: &str,
    capabilities: crate::platform::capability::Capabilities,
) -> anyhow::Result<(Summary, Vec<String>)> {
    let progress = crate::platform::cli::progress::Progress::steps(
        1 + capabilities.len() as u64,
        "demo: the zone, its units and accounts",
    );
    let started = std::time::Instant::now();
    let summary = load(db, password_text).await?;
    tracing::info!(ms = started.elapsed().as_millis() as u64, "demo: the zone loaded");
    let mut lines = Vec::new();
    for c in capabilities {
        progress.inc(1);
        progress.stage(format!("demo: {}", c.name));
        let started = std::time::Instant::now();
        lines.extend((c.demo)(db).await?);
        // Each capability's share of the load's time, for the figure docs/performance.md keeps.
        tracing::info!(
            capability = c.name,
            ms = started.elapsed().as_millis() as u64,
            "demo: loaded"
        );
    }
    progress.finish();
    Ok((summary, lines))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn villages_hold_715_grids() {
        let villages: usize = TOWNSHIPS.iter().map(|t| t.villages.len()).sum();
        assert_eq!(villages, 44);
        let counts = grid_counts(villages);
        assert_eq!(counts.iter().sum::<usize>(), GRIDS);
        assert!(counts.iter().all(|&c| (12..=20).contains(&c)));
    }

    #[test]
    fn division_codes_extend_their_parents() {
        let ningguo = township("宁郭镇").unwrap();
        assert_eq!(
            (ningguo.full_code().as_str(), ningguo.village_code(0).as_str()),
            ("410871100000", "410871100200")
        );
        let wenchang = township("文昌街道").unwrap();
        assert_eq!(wenchang.village_code(0), "410871001001", "communities number from 001");
        assert_eq!(grid_code(&ningguo.village_code(0), 1), "410871100200001");
        assert_eq!(grid_login(1, GridRole::Manager), "g001-manager");
        assert!(township("北京").is_none());
    }

    #[test]
    fn cells_tile_their_rectangle() {
        for count in [1, 5, 13, 17, 20] {
            let cells = tile(0.0, 0.0, 1.0, 1.0, count, (count as f64).sqrt().ceil() as usize);
            assert_eq!(cells.len(), count);
            let area: f64 = cells.iter().map(|(w, s, e, n)| (e - w) * (n - s)).sum();
            assert!((area - 1.0).abs() < 1e-9, "{count}: {area}");
        }
    }
}
