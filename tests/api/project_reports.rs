//! A project's monthly reports with photos from a phone, on the demo zone the day after the
//! source's (26 October 2015): the team submits, the unit responsible reviews and the period
//! locks; a late report shows as late; last month's photo submitted again, a re-saved copy of
//! it, one without a time and one taken far from the site are each kept and flagged.

use crate::helpers::{TestApp, error_of, invalid_fields};
use crate::project_fixtures::{gps_at, phone_photo, with_exif};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn photo(
    app: &TestApp,
    token: &str,
    project: i64,
    period: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    let part = reqwest::multipart::Part::bytes(bytes).file_name("site.jpg");
    let form = reqwest::multipart::Form::new().part("photo", part);
    let url = app.url(&format!("/api/v1/projects/{project}/reports/{period}/photos"));
    app.client.post(url).bearer_auth(token).multipart(form).send().await.unwrap()
}

async fn flags(res: reqwest::Response) -> String {
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json::<Value>().await.unwrap()["flags"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_team_reports_with_photos_the_unit_reviews_and_recycled_photos_are_flagged() {
    let app = crate::project_fixtures::demo_at("2015-10-26T10:00:00+08:00").await;
    let ningguo = app.token("ningguo").await;
    let list = app.get_json(&ningguo, "/api/v1/projects?level=provincial").await;
    let p = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"].as_str().unwrap().starts_with("河南焦矿机器"))
        .unwrap()
        .clone();
    let (id, site) =
        (p["id"].as_i64().unwrap(), (p["lon"].as_f64().unwrap(), p["lat"].as_f64().unwrap()));
    let reports = format!("/api/v1/projects/{id}/reports");
    // The demo reported March to September, reviewed, and October by visible progress: no
    // period before it can be added now, its share being cumulative.
    let february = json!({ "period": "2015-02", "method": "spending", "invested_fen": 500 * 1_000_000i64,
        "progress": "场地平整", "in_library": true });
    let res = app.send(Method::POST, &ningguo, &reports, february.clone()).await;
    assert_eq!(invalid_fields(res).await, ["period"]);
    // 天宝桓祥 reports by spending: its December 2014, sent now, is late.
    let wenchang = app.token("wenchang").await;
    let tianbao = crate::project_fixtures::provincial(&app, &wenchang, "天宝桓祥").await;
    let mut december = february.clone();
    december["period"] = json!("2014-12");
    let res = app
        .send(Method::POST, &wenchang, &format!("/api/v1/projects/{tianbao}/reports"), december)
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(
        res.json::<Value>().await.unwrap()["late"],
        1,
        "due on 5 January, sent on 26 October"
    );
    let september = json!({ "period": "2015-09", "method": "spending", "invested_fen": 1_000_000, "progress": "改报" });
    let res = app.send(Method::POST, &ningguo, &reports, september).await;
    assert_eq!(
        error_of(res, StatusCode::CONFLICT).await["code"],
        "conflict",
        "September was reviewed"
    );
    let last_month = phone_photo(40, Some("2015-09-20 10:00:00"), Some(gps_at(site)));
    error_of(photo(&app, &ningguo, id, "2015-09", last_month.clone()).await, StatusCode::CONFLICT)
        .await;

    // October, by visible progress, with the source's words, from a phone.
    let october = json!({ "period": "2015-10", "method": "visible_progress", "progress_percent": "60",
        "in_library": true, "progress": zhili::projects::demo::key::JIAOKUANG_PROGRESS });
    let before: i64 = app
        .get_json(&ningguo, &reports)
        .await
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["period"].as_str().unwrap() < "2015-10")
        .map(|l| l["invested_fen"].as_i64().unwrap())
        .sum();
    let res = app.send(Method::POST, &ningguo, &reports, october.clone()).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let row: Value = res.json().await.unwrap();
    assert_eq!(
        (row["late"].as_i64(), row["invested_fen"].as_i64()),
        (Some(0), Some(30_000 * 1_000_000 - before)),
        "60% of the total, less what March to September counted"
    );
    let today = phone_photo(200, Some("2015-10-23 09:30:00"), Some(gps_at(site)));
    assert_eq!(flags(photo(&app, &ningguo, id, "2015-10", today).await).await, "");
    assert_eq!(
        flags(photo(&app, &ningguo, id, "2015-10", last_month.clone()).await).await,
        "outside_period"
    );
    assert_eq!(
        flags(photo(&app, &ningguo, id, "2015-10", last_month.clone()).await).await,
        "outside_period,near_copy"
    );
    let resaved = {
        let picture = image::load_from_memory(&last_month).unwrap().resize(
            160,
            120,
            image::imageops::FilterType::Triangle,
        );
        let mut jpeg = Vec::new();
        picture.write_to(&mut std::io::Cursor::new(&mut jpeg), image::ImageFormat::Jpeg).unwrap();
        with_exif(jpeg, Some("2015-10-24 08:00:00"), Some(gps_at(site)))
    };
    assert_eq!(
        flags(photo(&app, &ningguo, id, "2015-10", resaved).await).await,
        "near_copy",
        "a re-saved copy with a new date"
    );
    assert_eq!(
        flags(photo(&app, &ningguo, id, "2015-10", phone_photo(120, None, None)).await).await,
        "no_time,no_place"
    );
    let far = phone_photo(10, Some("2015-10-22 09:00:00"), Some(gps_at((site.0 + 0.03, site.1))));
    assert_eq!(flags(photo(&app, &ningguo, id, "2015-10", far).await).await, "far_from_site");
    error_of(
        photo(&app, &ningguo, id, "2015-10", b"%PDF-1.7".to_vec()).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;

    // The unit responsible reviews; the period locks.
    let res =
        app.send(Method::POST, &ningguo, &format!("{reports}/2015-10/review"), json!({})).await;
    error_of(res, StatusCode::FORBIDDEN).await;
    let development = app.token("development_reform").await;
    let res = app
        .send(
            Method::POST,
            &development,
            &format!("{reports}/2015-10/review"),
            json!({ "note": "属实" }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    error_of(app.send(Method::POST, &ningguo, &reports, october).await, StatusCode::CONFLICT).await;
    error_of(
        photo(&app, &ningguo, id, "2015-10", phone_photo(60, None, None)).await,
        StatusCode::CONFLICT,
    )
    .await;
    let res =
        app.send(Method::POST, &development, &format!("{reports}/2015-10/review"), json!({})).await;
    error_of(res, StatusCode::CONFLICT).await;

    let lines = app.get_json(&ningguo, &reports).await;
    let lines = lines.as_array().unwrap();
    let oct = lines.iter().find(|l| l["period"] == "2015-10").unwrap();
    let invested: i64 = lines.iter().map(|l| l["invested_fen"].as_i64().unwrap()).sum();
    assert_eq!(oct["year_to_date_fen"].as_i64(), Some(invested));
    assert_eq!(
        (oct["reviewed_by"].as_str(), oct["photos"].as_array().unwrap().len()),
        (Some("development_reform"), 6)
    );
    let first = oct["photos"][1]["id"].as_i64().unwrap();
    assert_eq!(oct["photos"][2]["near_photo_id"].as_i64(), Some(first));
    let res = app.get(&ningguo, &format!("/api/v1/projects/{id}/photos/{first}")).await;
    assert_eq!(
        (res.status(), res.headers()["content-type"].to_str().unwrap().to_string()),
        (StatusCode::OK, "image/jpeg".into())
    );
    let wenchang = app.token("wenchang").await;
    error_of(
        app.get(&wenchang, &format!("/api/v1/projects/{id}/photos/{first}")).await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

#[tokio::test]
async fn a_report_that_cannot_be_right_changes_nothing() {
    let app = crate::project_fixtures::demo_at("2015-10-26T10:00:00+08:00").await;
    let ningguo = app.token("ningguo").await;
    let id = crate::project_fixtures::provincial(&app, &ningguo, "河南焦矿机器").await;
    let reports = format!("/api/v1/projects/{id}/reports");
    let base = json!({ "period": "2015-10", "method": "spending", "invested_fen": 1_000_000, "progress": "钢结构安装" });
    let with = |k: &str, v: Value| {
        let mut b = base.clone();
        b[k] = v;
        b
    };
    let before = app.count("project_reports").await;
    for (body, field) in [
        (with("invested_fen", json!(60_000 * 1_000_000i64)), "invested_fen"),
        (with("invested_fen", json!(-1)), "invested_fen"),
        (with("period", json!("2015-11")), "period"),
        (with("period", json!("2015-13")), "period"),
        (with("progress", json!("")), "progress"),
    ] {
        let res = app.send(Method::POST, &ningguo, &reports, body).await;
        assert_eq!(invalid_fields(res).await, [field]);
    }
    let res =
        app.send(Method::POST, &ningguo, &reports, with("method", json!("visible_progress"))).await;
    assert_eq!(invalid_fields(res).await, ["progress_percent"]);
    assert_eq!(app.count("project_reports").await, before, "nothing half-written");
    let res = app.send(Method::POST, &ningguo, &reports, base.clone()).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let res = app.send(Method::POST, &ningguo, &reports, with("period", json!("2015-10-2"))).await;
    assert_eq!(invalid_fields(res).await, ["period"], "a month is reported whole or by its 旬");
    error_of(
        app.send(Method::POST, &app.token("leader").await, &reports, base.clone()).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    error_of(
        app.send(Method::POST, &app.token("wenchang").await, &reports, base.clone()).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    // Whoever submitted a report does not review it.
    let development = app.token("development_reform").await;
    let res =
        app.send(Method::POST, &development, &reports, with("period", json!("2015-01"))).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let res =
        app.send(Method::POST, &development, &format!("{reports}/2015-01/review"), json!({})).await;
    error_of(res, StatusCode::CONFLICT).await;
    assert_eq!(app.count("project_reports").await, before + 1, "October replaced, January added");
}
