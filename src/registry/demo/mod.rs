//! The demo zone's registry at a realistic density: about 280 people a grid (some 200,000 in
//! all) in households of one to six, a head each, with spouses, children and parents; one in
//! sixteen a floating resident from another county, some living apart from their 户籍; valid ID
//! numbers and phones, the same every time. Among them the people the source names: 李小孬 of
//! 邱庄村, 毋青 of 苏家作村, 申安胜 and 李小四 of 宁郭村. It goes in through the registry's own
//! import, checks, seals and blind indexes included.

pub mod details;
pub mod records;

use crate::platform::access::actor::Actor;
use crate::platform::db::Db;
use crate::platform::demo::{GIVEN, SURNAMES, Seq};
use crate::platform::id_number::IdNumber;
use crate::platform::input::FieldError;
use crate::platform::sheet::stream::Row;
use crate::registry::services::columns::PEOPLE;
use crate::registry::services::import::{Mode, Report, Source};
use chrono::{Datelike, Duration, NaiveDate};
use std::collections::HashMap;

/// People a grid at the zone's density.
pub const PER_GRID: usize = 280;

/// The people the source names, with their villages.
pub const NAMED: [(&str, &str); 4] =
    [("李小孬", "邱庄村"), ("毋青", "苏家作村"), ("申安胜", "宁郭村"), ("李小四", "宁郭村")];

/// Counties the floating residents come from (region codes of 河南).
const ELSEWHERE: [(&str, &str); 4] = [
    ("410821", "河南省焦作市修武县"),
    ("410882", "河南省沁阳市"),
    ("410726", "河南省新乡市延津县"),
    ("411421", "河南省商丘市民权县"),
];
const HERE: &str = "410871";

/// A grid the demo fills: its code and its village's name.
struct Grid {
    code: String,
    village: String,
}

/// The generator of the demo's rows, one household after another, grid by grid.
struct People {
    grids: Vec<Grid>,
    per_grid: usize,
    seq: Seq,
    grid: usize,
    in_grid: usize,
    household: usize,
    pending: Vec<Vec<String>>,
    taken: HashMap<(String, NaiveDate, bool), u32>,
    number: usize,
    surnames: Vec<char>,
    given: Vec<char>,
}

fn heading_index(field: &str) -> usize {
    PEOPLE.iter().position(|c| c.field == field).expect("a template column")
}

impl People {
    fn name(&mut self, surname: Option<char>) -> String {
        let s = surname.unwrap_or_else(|| self.surname());
        let mut name = format!("{s}{}", self.given());
        if !self.seq.next().is_multiple_of(3) {
            name.push(self.given());
        }
        name
    }

    fn surname(&mut self) -> char {
        self.surnames[self.seq.next() as usize % self.surnames.len()]
    }

    fn given(&mut self) -> char {
        self.given[self.seq.next() as usize % self.given.len()]
    }

    /// A valid, unique ID number for someone of this region, birth date and sex.
    fn id(&mut self, region: &str, born: NaiveDate, male: bool) -> String {
        let n = self.taken.entry((region.to_string(), born, male)).or_insert(0);
        *n += 1;
        let order = *n * 2 - u32::from(male);
        let first17 = format!("{region}{}{:03}", born.format("%Y%m%d"), order % 1000);
        IdNumber::with_check(&first17).expect("17 digits").reveal().to_string()
    }

    fn born(&mut self, age: i64) -> NaiveDate {
        let day = (self.seq.next() % 365) as i64;
        NaiveDate::from_ymd_opt(2015, 10, 25).expect("a date") - Duration::days(age * 365 + day)
    }

    fn phone(&mut self) -> String {
        let prefix = [135, 137, 138, 139, 150, 158, 186, 188][(self.seq.next() % 8) as usize];
        format!("{prefix}{:08}", self.seq.next() % 100_000_000)
    }

    /// One household's rows, or one floating resident's.
    fn household(&mut self) -> Vec<Vec<String>> {
        let grid = &self.grids[self.grid];
        let (code, village) = (grid.code.clone(), grid.village.clone());
        let address =
            format!("{village}{}组{}号", 1 + self.seq.next() % 9, 1 + self.seq.next() % 120);
        let row = |name: String,
                   id: String,
                   phone: String,
                   relation: &str,
                   household: &str,
                   kind: &str,
                   registered: String| {
            let mut cells = vec![String::new(); PEOPLE.len()];
            for (field, value) in [
                ("name", name),
                ("id_number", id),
                ("phone", phone),
                ("grid", code.clone()),
                ("address", address.clone()),
                ("registered_address", registered),
                ("household", household.to_string()),
                ("relation", relation.to_string()),
                ("kind", kind.to_string()),
                ("ethnicity", "01".to_string()),
            ] {
                cells[heading_index(field)] = value;
            }
            cells
        };
        if self.seq.next().is_multiple_of(16) {
            let (region, from) = ELSEWHERE[(self.seq.next() % 4) as usize];
            let (age, male) =
                (18 + (self.seq.next() % 40) as i64, self.seq.next().is_multiple_of(2));
            let born = self.born(age);
            let (name, id, phone) = (self.name(None), self.id(region, born, male), self.phone());
            let mut cells = row(name, id, phone, "", "", "流动", from.to_string());
            if let Some(rental) = records::rental_of(&code, self.per_grid, self.seq.next()) {
                // A tenant of one of the grid's rental houses.
                cells[heading_index("place")] = rental;
            }
            return vec![cells];
        }
        self.household += 1;
        let number = format!("{}{:04}", &code[code.len() - 9..], self.household);
        let apart = self.seq.next().is_multiple_of(25);
        let registered = if apart { format!("{village}老宅") } else { address.clone() };
        let surname = self.surname();
        let head_age = 28 + (self.seq.next() % 50) as i64;
        let head_male = !self.seq.next().is_multiple_of(5);
        let mut rows = Vec::new();
        let born = self.born(head_age);
        let (name, id, phone) =
            (self.name(Some(surname)), self.id(HERE, born, head_male), self.phone());
        rows.push(row(name, id, phone, "02", &number, "户籍", registered.clone()));
        let size = [1, 2, 2, 3, 3, 3, 4, 4, 5, 6][(self.seq.next() % 10) as usize];
        for k in 1..size {
            let (relation, age, male, surname) = match k {
                1 => {
                    ("10", (head_age - 3 + (self.seq.next() % 7) as i64).max(20), !head_male, None)
                }
                2..=4 if head_age > 22 => {
                    let male = self.seq.next().is_multiple_of(2);
                    let age = (head_age - 22 - (self.seq.next() % 12) as i64).max(0);
                    (if male { "20" } else { "30" }, age, male, Some(surname))
                }
                _ => {
                    let male = self.seq.next().is_multiple_of(2);
                    (
                        if male { "51" } else { "52" },
                        head_age + 22 + (self.seq.next() % 8) as i64,
                        male,
                        Some(surname),
                    )
                }
            };
            let born = self.born(age);
            let phone = if age >= 16 { self.phone() } else { String::new() };
            let (name, id) = (self.name(surname), self.id(HERE, born, male));
            rows.push(row(name, id, phone, relation, &number, "户籍", registered.clone()));
        }
        rows
    }
}

impl Iterator for People {
    type Item = Result<Row, FieldError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.number == 0 {
            self.number = 1;
            let cells = PEOPLE.iter().map(|c| c.heading.to_string()).collect();
            return Some(Ok(Row { number: 1, cells, ..Row::default() }));
        }
        while self.pending.is_empty() {
            if self.grid >= self.grids.len() {
                return None;
            }
            if self.in_grid >= self.per_grid {
                self.grid += 1;
                self.in_grid = 0;
                continue;
            }
            let rows = self.household();
            self.in_grid += rows.len();
            self.pending = rows.into_iter().rev().collect();
        }
        self.number += 1;
        let cells = self.pending.pop()?;
        Some(Ok(Row {
            number: self.number,
            numbers: vec![false; cells.len()],
            cells,
            undecodable: Vec::new(),
        }))
    }
}

/// Puts the named people at the head of their village's first grid's rows.
fn named(grids: &[Grid], seq: &mut Seq) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for (i, (name, village)) in NAMED.iter().enumerate() {
        let Some(grid) = grids.iter().find(|g| g.village == *village) else { continue };
        let born = NaiveDate::from_ymd_opt(1958 + i as i32 * 5, 3 + i as u32, 8).expect("a date");
        let id = IdNumber::with_check(&format!(
            "{HERE}{}{:03}",
            born.format("%Y%m%d"),
            901 + 2 * i - usize::from(i == 1)
        ))
        .expect("17 digits");
        let mut cells = vec![String::new(); PEOPLE.len()];
        let address = format!("{village}1组{}号", 8 + i);
        for (field, value) in [
            ("name", name.to_string()),
            ("id_number", id.reveal().to_string()),
            ("phone", format!("139{:08}", seq.next() % 100_000_000)),
            ("grid", grid.code.clone()),
            ("address", address.clone()),
            ("registered_address", address),
            ("household", format!("S{:04}{}", born.year(), i + 1)),
            ("relation", "02".into()),
            ("kind", "户籍".into()),
            ("ethnicity", "01".into()),
        ] {
            cells[heading_index(field)] = value;
        }
        out.push(cells);
    }
    out
}

/// The demo's rows, the header first, for about `per_grid` people in every grid of the zone.
pub async fn rows(
    db: &Db,
    per_grid: usize,
) -> anyhow::Result<impl Iterator<Item = Result<Row, FieldError>> + Send + 'static> {
    let system = Actor::system();
    let by_code = crate::platform::hierarchy::services::grids_by_code(db, &system).await?;
    let mut codes: Vec<(String, i64)> =
        by_code.iter().map(|(c, (_, p))| (c.clone(), p.ids()[2])).collect();
    codes.sort();
    let mut villages: Vec<i64> = codes.iter().map(|c| c.1).collect();
    villages.sort_unstable();
    villages.dedup();
    let names: HashMap<i64, String> =
        crate::platform::hierarchy::services::names(db, villages).await?.into_iter().collect();
    let grids: Vec<Grid> = codes
        .into_iter()
        .map(|(code, village)| Grid {
            code,
            village: names.get(&village).cloned().unwrap_or_default(),
        })
        .collect();
    let mut seq = Seq(0x0005_eed0_f91d);
    let pending = named(&grids, &mut seq).into_iter().rev().collect();
    let people = People {
        grids,
        per_grid,
        seq,
        grid: 0,
        in_grid: 0,
        household: 0,
        pending,
        taken: HashMap::new(),
        number: 0,
        surnames: SURNAMES.chars().collect(),
        given: GIVEN.chars().collect(),
    };
    Ok(people)
}

/// Loads about `per_grid` people into every grid of the zone.
pub async fn load(db: &Db, per_grid: usize) -> anyhow::Result<Report> {
    let people = rows(db, per_grid).await?;
    let system = Actor::system();
    let report = crate::registry::services::import::people(
        db,
        &system,
        Source::Rows(Box::new(people)),
        Mode::AllOrNothing,
        &mut |_| {},
    )
    .await?;
    if let Some(e) = report.errors.first() {
        anyhow::bail!("the demo's row {} is refused: {} {}", e.row, e.column, e.error.key);
    }
    Ok(report)
}

/// The demo hook: the zone's density, or `ZHILI_DEMO_PEOPLE` a grid (tests take fewer).
pub fn hook(db: &Db) -> crate::platform::capability::Work<'_, Vec<String>> {
    Box::pin(async move {
        let per_grid = std::env::var("ZHILI_DEMO_PEOPLE")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(PER_GRID);
        // Places first: floating residents rent some of them.
        let started = std::time::Instant::now();
        let places = places(db, per_grid).await?;
        let after_places = started.elapsed().as_millis() as u64;
        let report = load(db, per_grid).await?;
        let after_people = started.elapsed().as_millis() as u64;
        let details = details::load(db, per_grid >= records::FULL).await?;
        tracing::info!(
            places_ms = after_places,
            people_ms = after_people - after_places,
            details_ms = started.elapsed().as_millis() as u64 - after_people,
            "demo registry: loaded"
        );
        Ok(vec![
            format!("demo registry: {} people in their households", report.added),
            places,
            format!("demo registry: {details}"),
        ])
    })
}

/// Loads the demo's places, facilities and organisations at a density; what went in.
pub async fn places(db: &Db, per_grid: usize) -> anyhow::Result<String> {
    records::load(db, &spots(db).await?, per_grid).await
}

/// Every grid with its code, village and the box of its outline, in code order.
async fn spots(db: &Db) -> anyhow::Result<Vec<records::Spot>> {
    let by_code = crate::platform::hierarchy::services::grids_by_code(db, &Actor::system()).await?;
    let outlines: HashMap<String, String> =
        crate::platform::hierarchy::store::grid_boundaries(&db.pool, "/", "0")
            .await?
            .into_iter()
            .collect();
    let mut villages: Vec<i64> = by_code.values().map(|(_, p)| p.ids()[2]).collect();
    villages.sort_unstable();
    villages.dedup();
    let names: HashMap<i64, String> =
        crate::platform::hierarchy::services::names(db, villages).await?.into_iter().collect();
    let mut spots: Vec<records::Spot> = by_code
        .into_iter()
        .filter_map(|(code, (_, path))| {
            let outline = outlines.get(path.as_str())?;
            let bbox = crate::platform::hierarchy::boundary::Boundary::from_stored(outline)?.bbox();
            let village = names.get(&path.ids()[2]).cloned().unwrap_or_default();
            Some(records::Spot { code, village, bbox })
        })
        .collect();
    spots.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(spots)
}
