//! Open311 GeoReport v2, driven the way FixMyStreet's client posts (form-encoded, XML back)
//! and read in JSON and XML.

use crate::helpers::TestApp;
use reqwest::StatusCode;
use serde_json::Value;

async fn key(app: &TestApp) -> String {
    let admin = zhili::platform::access::actor::Actor::system();
    zhili::cases::services::open311::add_key(&app.db, &admin, "FixMyStreet").await.unwrap().1
}

/// A point inside 宁郭村's first grid.
async fn point(app: &TestApp) -> (f64, f64) {
    let boundary: String =
        sqlx::query_scalar("SELECT boundary FROM units WHERE code = '410871100200001'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    zhili::platform::hierarchy::boundary::Boundary::from_stored(&boundary).unwrap().label_point()
}

#[tokio::test]
async fn discovery_services_and_definitions_in_json_and_xml() {
    let app = TestApp::spawn().await;
    let get = |path: &str| app.client.get(app.url(path)).send();
    let d: Value = get("/open311/v2/discovery.json").await.unwrap().json().await.unwrap();
    assert_eq!(d["endpoints"][0]["jurisdiction_id"], "410871000000");
    let services: Value = get("/open311/v2/services.json").await.unwrap().json().await.unwrap();
    let codes: Vec<&str> =
        services.as_array().unwrap().iter().map(|s| s["service_code"].as_str().unwrap()).collect();
    assert!(
        codes.contains(&"I0101") && !codes.iter().any(|c| c.starts_with('D')),
        "only public incident categories: {codes:?}"
    );
    let xml = get("/open311/v2/services.xml").await.unwrap().text().await.unwrap();
    assert!(
        xml.starts_with("<?xml")
            && xml.contains("<services><service>")
            && xml.contains("<service_code>I0101</service_code>")
    );
    let def = get("/open311/v2/services/I0101.xml?jurisdiction_id=410871000000")
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        def.contains("<service_definition>")
            && def.contains("<attributes><attribute>")
            && def.contains("<values><value><key>yes</key>")
    );
    let res = get("/open311/v2/services.json?jurisdiction_id=999").await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let errors: Value = res.json().await.unwrap();
    assert_eq!(errors[0]["code"], 404);
    let res = get("/open311/v2/services/D01.xml").await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(res.text().await.unwrap().contains("<errors><error><code>404</code>"));
}

#[tokio::test]
async fn a_fixmystreet_style_post_is_taken_and_read_back() {
    let app = TestApp::spawn().await;
    let key = key(&app).await;
    let (lon, lat) = point(&app).await;
    let (lat, lon) = (lat.to_string(), lon.to_string());
    let form = vec![
        ("api_key", key.as_str()),
        ("jurisdiction_id", "410871000000"),
        ("service_code", "I0101"),
        ("lat", lat.as_str()),
        ("long", lon.as_str()),
        ("address_string", "宁郭村村委会门口"),
        ("description", "井盖缺失，夜间危险"),
        ("first_name", "小明"),
        ("last_name", "王"),
        ("email", "someone@example.org"),
        ("attribute[hazard]", "yes"),
    ];
    let res =
        app.client.post(app.url("/open311/v2/requests.xml")).form(&form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let xml = res.text().await.unwrap();
    let id =
        xml.split("<service_request_id>").nth(1).unwrap().split('<').next().unwrap().to_string();
    assert!(xml.contains("<service_requests><request>"));

    let one: Value = app.public_json(&format!("/open311/v2/requests/{id}.json")).await;
    assert_eq!(one.as_array().unwrap().len(), 1);
    assert_eq!(
        (one[0]["status"].as_str(), one[0]["service_code"].as_str()),
        (Some("open"), Some("I0101"))
    );
    assert!(one[0]["requested_datetime"].as_str().unwrap().ends_with("+08:00"));
    let grid: i64 = sqlx::query_scalar("SELECT unit_id FROM cases WHERE id = $1")
        .bind(id.parse::<i64>().unwrap())
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(grid, app.unit_id("410871100200001").await, "the point found its grid");
    let all: Value =
        app.public_json("/open311/v2/requests.json?status=open&service_code=I0101").await;
    assert_eq!(all.as_array().unwrap().len(), 1);
    let none: Value = app.public_json("/open311/v2/requests.json?status=closed").await;
    assert!(none.as_array().unwrap().is_empty(), "{none}");
    // The token the POST gave names the request, and is a request id the reporter follows.
    let token = xml.split("<token>").nth(1).unwrap().split('<').next().unwrap().to_string();
    assert!(
        token.len() == 32 && token.bytes().all(|b| b.is_ascii_hexdigit()),
        "128 random bits: {token}"
    );
    let named = app
        .client
        .get(app.url(&format!("/open311/v2/tokens/{token}.xml")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(named.contains(&format!("<service_request_id>{id}</service_request_id>")), "{named}");
    let by_token: Value = app.public_json(&format!("/open311/v2/requests/{token}.json")).await;
    assert_eq!(by_token[0]["service_request_id"].as_str(), Some(id.as_str()));
    let res =
        app.client.get(app.url(&format!("/open311/v2/tokens/t{id}.xml"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND, "a guessable token names nothing");
}

#[tokio::test]
async fn bad_posts_get_errors_in_the_specifications_shape_and_change_nothing() {
    let app = TestApp::spawn().await;
    let key = key(&app).await;
    let cases = app.count("cases").await;
    let post = |form: Vec<(&'static str, String)>| {
        app.client.post(app.url("/open311/v2/requests.json")).form(&form).send()
    };
    let res = post(vec![
        ("service_code", "I0101".into()),
        ("lat", "35.1".into()),
        ("long", "113.3".into()),
    ])
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "no api_key");
    let res = post(vec![
        ("api_key", "wrong".into()),
        ("service_code", "I0101".into()),
        ("address_string", "x".into()),
    ])
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = post(vec![
        ("api_key", key.clone()),
        ("service_code", "D01".into()),
        ("address_string", "x".into()),
    ])
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST, "disputes are not a public service");
    let res = post(vec![("api_key", key.clone()), ("service_code", "I0101".into())]).await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST, "no location");
    let res = post(vec![
        ("api_key", key.clone()),
        ("service_code", "I0101".into()),
        ("lat", "30.0".into()),
        ("long", "100.0".into()),
    ])
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST, "outside the zone");
    let errors: Value = res.json().await.unwrap();
    assert_eq!(errors[0]["code"], 400);
    assert!(errors[0]["description"].as_str().unwrap().contains("point"));
    // A photo that is not one: refused before the report is written.
    let form = reqwest::multipart::Form::new()
        .text("api_key", key.clone())
        .text("service_code", "I0101")
        .text("address_string", "宁郭村口")
        .part(
            "media",
            reqwest::multipart::Part::bytes(b"not an image".to_vec()).file_name("p.jpg"),
        );
    let res =
        app.client.post(app.url("/open311/v2/requests.json")).multipart(form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(app.count("cases").await, cases);
    let res = app
        .client
        .get(app.url("/open311/v2/requests.json?start_date=2015-01-01T00:00:00Z&end_date=2015-10-25T00:00:00Z"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST, "more than 90 days");
}

#[tokio::test]
async fn the_public_list_reads_the_demo_year_by_window_and_page() {
    let app = TestApp::spawn().await;
    zhili::cases::demo::load(&app.db).await.unwrap();
    let url = "/open311/v2/requests.json?start_date=2015-09-01T00:00:00%2B08:00&end_date=2015-09-30T23:59:59%2B08:00";
    let all: Value = app.public_json(url).await;
    let n = all.as_array().unwrap().len();
    assert!(n > 50, "{n} requests in September 2015");
    assert!(
        all.as_array()
            .unwrap()
            .iter()
            .all(|r| r["service_code"].as_str().unwrap().starts_with('I')),
        "never a dispute"
    );
    let page: Value = app.public_json(&format!("{url}&page=2&page_size=10")).await;
    assert_eq!(page.as_array().unwrap().len(), 10);
    assert_eq!(page[0]["service_request_id"], all[10]["service_request_id"]);
}

#[tokio::test]
async fn a_multipart_post_keeps_its_photo() {
    let app = TestApp::spawn().await;
    let key = key(&app).await;
    let form = reqwest::multipart::Form::new()
        .text("api_key", key)
        .text("service_code", "I0301")
        .text("address_string", "示范区文昌路")
        .text("description", "垃圾堆放")
        .part(
            "media",
            reqwest::multipart::Part::bytes(include_bytes!("../fixtures/photo.jpg").to_vec())
                .file_name("p.jpg"),
        );
    let res =
        app.client.post(app.url("/open311/v2/requests.json")).multipart(form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    let id: i64 = body[0]["service_request_id"].as_str().unwrap().parse().unwrap();
    let photos: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM case_photos WHERE case_id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(photos, 1);
    let bad = reqwest::multipart::Form::new().text("api_key", "x").part(
        "media",
        reqwest::multipart::Part::bytes(b"not an image".to_vec()).file_name("p.jpg"),
    );
    let res =
        app.client.post(app.url("/open311/v2/requests.json")).multipart(bad).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_control_character_is_refused_and_no_answer_is_ill_formed_xml() {
    // Found by the open311_form fuzz target: "a\u{1}b" was kept and written into requests.xml,
    // where XML 1.0 cannot hold it.
    let app = TestApp::spawn().await;
    let key = key(&app).await;
    for bad in ["井盖\u{1}缺失", "井盖\u{FFFF}缺失"] {
        let form = [
            ("api_key", key.as_str()),
            ("service_code", "I0101"),
            ("address_string", "宁郭村"),
            ("description", bad),
        ];
        let res =
            app.client.post(app.url("/open311/v2/requests.xml")).form(&form).send().await.unwrap();
        assert!(res.status().is_client_error(), "{}", res.status());
        let xml = res.text().await.unwrap();
        assert!(xml.contains("description") && !xml.contains(['\u{1}', '\u{FFFF}']), "{xml}");
    }
    assert_eq!(app.count("cases").await, 0, "nothing was written");
}

/// An Open311 key is the public's channel, not an account: it opens nothing of the API or the
/// pages, whatever way it is shown.
#[tokio::test]
async fn an_open311_key_reaches_nothing_but_reporting() {
    let app = TestApp::spawn().await;
    let key = key(&app).await;
    for path in ["/api/v1/cases", "/api/v1/units", "/api/v1/users", "/api/v1/cases/rates"] {
        let res = app.client.get(app.url(path)).bearer_auth(&key).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{path} with the key as a bearer token");
        let res = app.client.get(app.url(&format!("{path}?api_key={key}"))).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{path} with the key as api_key");
    }
    for path in ["/cases", "/cases.csv", "/admin/users.xlsx"] {
        let res = app
            .client
            .get(app.url(path))
            .header("cookie", format!("zhili_session={key}"))
            .send()
            .await
            .unwrap();
        assert!(res.status().is_redirection(), "the key is no session on {path}: {}", res.status());
    }
}
