//! What the tests of projects make: photos as a phone takes them, with the EXIF it writes, and
//! open reports and problems written straight to the store for the permission matrices.

use crate::helpers::TestApp;

/// The demo zone with the registry's organisations and the projects, on a server whose clock
/// stands still at `at` (RFC 3339).
pub async fn demo_at(at: &str) -> TestApp {
    let at = chrono::DateTime::parse_from_rfc3339(at).unwrap().to_utc();
    let app = TestApp::spawn_at(at).await;
    zhili::registry::demo::places(&app.db, 1).await.unwrap();
    zhili::projects::demo::load(&app.db).await.unwrap();
    app
}

/// The id of the provincial key project whose name starts with `prefix`, as `token` lists them.
pub async fn provincial(app: &TestApp, token: &str, prefix: &str) -> i64 {
    let list = app.get_json(token, "/api/v1/projects?level=provincial").await;
    let found = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"].as_str().unwrap().starts_with(prefix));
    found.unwrap_or_else(|| panic!("no provincial project {prefix}"))["id"].as_i64().unwrap()
}

/// A photo of a site (a building whose place `at` moves), with the EXIF a phone writes: the
/// time taken and the GPS point (WGS-84), either left out when `None`.
pub fn phone_photo(at: u32, taken: Option<&str>, point: Option<(f64, f64)>) -> Vec<u8> {
    let picture = image::RgbImage::from_fn(320, 240, |x, y| {
        let building = (at..at + 90).contains(&x) && (60..200).contains(&y);
        match (building, y < 120) {
            (true, _) => image::Rgb([120, 80, 60]),
            (false, true) => image::Rgb([140, 180, 230 - (y as u8) / 2]),
            (false, false) => image::Rgb([90 + (x as u8) / 4, 110, 60]),
        }
    });
    let mut jpeg = Vec::new();
    image::DynamicImage::ImageRgb8(picture)
        .write_to(&mut std::io::Cursor::new(&mut jpeg), image::ImageFormat::Jpeg)
        .unwrap();
    with_exif(jpeg, taken, point)
}

/// The JPEG with an EXIF segment of this time and point put after its start.
pub fn with_exif(jpeg: Vec<u8>, taken: Option<&str>, point: Option<(f64, f64)>) -> Vec<u8> {
    use exif::{Field, In, Rational, Tag, Value};
    let ascii = |s: &str| Value::Ascii(vec![s.as_bytes().to_vec()]);
    let dms = |v: f64| {
        let v = v.abs();
        let (d, m) = (v.trunc(), (v.fract() * 60.0).trunc());
        let s = ((v * 3600.0 - d * 3600.0 - m * 60.0) * 10_000.0).round() as u32;
        Value::Rational(vec![
            Rational { num: d as u32, denom: 1 },
            Rational { num: m as u32, denom: 1 },
            Rational { num: s, denom: 10_000 },
        ])
    };
    let mut fields = Vec::new();
    if let Some(t) = taken {
        fields.push(Field {
            tag: Tag::DateTimeOriginal,
            ifd_num: In::PRIMARY,
            value: ascii(&t.replace('-', ":")),
        });
    }
    if let Some((lon, lat)) = point {
        fields.push(Field { tag: Tag::GPSLatitudeRef, ifd_num: In::PRIMARY, value: ascii("N") });
        fields.push(Field { tag: Tag::GPSLatitude, ifd_num: In::PRIMARY, value: dms(lat) });
        fields.push(Field { tag: Tag::GPSLongitudeRef, ifd_num: In::PRIMARY, value: ascii("E") });
        fields.push(Field { tag: Tag::GPSLongitude, ifd_num: In::PRIMARY, value: dms(lon) });
    }
    if fields.is_empty() {
        return jpeg;
    }
    let mut writer = exif::experimental::Writer::new();
    for f in &fields {
        writer.push_field(f);
    }
    let mut tiff = std::io::Cursor::new(Vec::new());
    writer.write(&mut tiff, false).unwrap();
    let tiff = tiff.into_inner();
    let mut out = jpeg[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(((2 + 6 + tiff.len()) as u16).to_be_bytes());
    out.extend(b"Exif\0\0");
    out.extend(tiff);
    out.extend(&jpeg[2..]);
    out
}

/// The WGS-84 point GPS would read at a site picked on a map (GCJ-02): the transform undone
/// by one step, within a few metres.
pub fn gps_at(site: (f64, f64)) -> (f64, f64) {
    let p = zhili::platform::geo::Point::new(site.0, site.1);
    let shifted = p.wgs84_to_gcj02();
    (2.0 * p.lon - shifted.lon, 2.0 * p.lat - shifted.lat)
}

/// Writes an open report of the project for a period of its own (`n` makes it), submitted by
/// nobody the matrix's callers are, so that whoever may review it can; its period.
pub async fn open_report(app: &TestApp, project: i64, n: u32) -> String {
    let period = format!("{}-{:02}", 2000 + n % 1200 / 12, 1 + n % 12);
    let row = zhili::projects::store::reports::ReportRow {
        id: 0,
        project_id: project,
        period: period.clone(),
        method: "spending".into(),
        progress_bp: None,
        invested_fen: 0,
        in_library: 0,
        funds_arrived_fen: 0,
        progress: "矩阵".into(),
        difficulties: String::new(),
        due_on: "2000-01-05".into(),
        late: 0,
        submitted_by: "system".into(),
        submitted_by_id: None,
        submitted_at: "2000-01-01T00:00:00.000000Z".into(),
        reviewed_by: None,
        reviewed_at: None,
        review_note: String::new(),
    };
    let mut tx = app.db.begin().await.unwrap();
    zhili::projects::store::reports::put(&mut tx, &row).await.unwrap();
    tx.commit().await.unwrap();
    period
}

/// Writes an open problem of the project, for the matrix to solve; its id.
pub async fn open_problem(app: &TestApp, project: i64) -> i64 {
    let row = zhili::projects::store::problems::ProblemRow {
        id: 0,
        project_id: project,
        description: "矩阵问题".into(),
        raised_on: "2015-10-01".into(),
        raised_by: "system".into(),
        owner_unit: "经济发展局".into(),
        owner_person: "赵磊".into(),
        unit_head: "局长".into(),
        leader: "张志强".into(),
        principal: "管委会主任".into(),
        deadline: "2015-10-15".into(),
        rung: "owner".into(),
        solved_on: None,
        solution: String::new(),
    };
    let mut tx = app.db.begin().await.unwrap();
    let id = zhili::projects::store::problems::insert(&mut tx, &row).await.unwrap();
    tx.commit().await.unwrap();
    id
}

/// Writes another project where `project` lies, for the matrix to cancel; its id.
pub async fn another_project(app: &TestApp, project: i64, n: u32) -> i64 {
    let mut row =
        zhili::projects::store::projects::get(&app.db.pool, project).await.unwrap().unwrap();
    row.name = format!("矩阵撤销项目{n}");
    let mut tx = app.db.begin().await.unwrap();
    let id = zhili::projects::store::projects::insert(&mut tx, &row).await.unwrap();
    tx.commit().await.unwrap();
    id
}
