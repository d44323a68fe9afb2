//! The registry's other records, each kind from its one description: organisations with their
//! credit codes checked, places and facilities with their points, the floating and left-behind
//! details of people, and the special populations seen only by their readers, every read audited.

use crate::helpers::{TestApp, invalid_fields};
use crate::registry::{grid, serial_id};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// A credit code with a right check character, of its own for every `n`.
pub fn credit_code(n: u32) -> String {
    zhili::platform::credit_code::with_check(&format!("91410800MA{n:07}")).unwrap()
}

async fn post(app: &TestApp, token: &str, path: &str, body: Value) -> reqwest::Response {
    app.send(Method::POST, token, path, body).await
}

/// Posts a page's form as `login`, with their session's token.
async fn post_form(
    app: &TestApp,
    login: &str,
    path: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let s = crate::page_permissions_requests::session(app, login).await;
    let mut form: Vec<(&str, &str)> = vec![("csrf", s.csrf.as_str())];
    form.extend_from_slice(fields);
    app.client.post(app.url(path)).header("cookie", &s.cookie).form(&form).send().await.unwrap()
}

async fn audited(app: &TestApp, action: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = $1")
        .bind(action)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn an_organisation_needs_a_right_credit_code_and_is_matched_by_it() {
    let app = TestApp::spawn().await;
    let manager = app.token("g001-manager").await;
    let (unit, code) = grid(&app, 1).await;
    let good = credit_code(12345);
    let mut bad = good.clone();
    let last = bad.pop().unwrap();
    bad.push(if last == '0' { '1' } else { '0' });
    let body = |credit: &str| {
        json!({"name": "天宝桓祥机械有限公司", "credit_code": credit, "org_type": "企业", "grid": code,
               "legal_rep": "申安胜", "phone": "13912345678", "employees": "120", "hazardous": "是",
               "safety_officer": "毋青", "lon": 113.25, "lat": 35.12})
    };
    let res = post(&app, &manager, "/api/v1/organisations", body(&bad)).await;
    assert_eq!(invalid_fields(res).await, ["credit_code"]);
    let empty = json!({"name": null, "org_type": "", "grid": ""});
    let fields = invalid_fields(post(&app, &manager, "/api/v1/organisations", empty).await).await;
    assert_eq!(fields, ["name", "org_type", "grid"], "an empty request names what it lacks");
    let res = post(&app, &manager, "/api/v1/floating", json!({"person_id": "AAA"})).await;
    assert_eq!(invalid_fields(res).await, ["person_id"]);
    assert_eq!(app.count("organisations").await, 0, "a refused record writes nothing");

    let res = post(&app, &manager, "/api/v1/organisations", body(&good)).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let org: Value = res.json().await.unwrap();
    assert_eq!(org["credit_code"], good.as_str());
    assert_eq!(org["phone"], "139****5678", "the phone is masked");
    assert_eq!((org["employees"].as_i64(), org["hazardous"].as_bool()), (Some(120), Some(true)));
    let again = post(&app, &manager, "/api/v1/organisations", body(&good)).await;
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["id"], org["id"], "the same credit code is the same organisation");

    let no_officer = json!({"name": "华晶", "org_type": "10", "grid": code, "hazardous": "1"});
    let res = post(&app, &manager, "/api/v1/organisations", no_officer).await;
    assert_eq!(invalid_fields(res).await, ["safety_officer"]);

    let list = app.get_json(&manager, &format!("/api/v1/organisations?unit={unit}&q=天宝")).await;
    assert_eq!(list["total"], 1);
    let leader = app.token("leader").await;
    let seen = app.get_json(&leader, &format!("/api/v1/organisations/{}", org["id"])).await;
    assert_eq!(seen["name"], "天宝桓祥机械有限公司");
    let res = post(&app, &leader, "/api/v1/organisations", body(&credit_code(9))).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "a leader reads the registry, not writes it");
    let (_, other) = grid(&app, 2).await;
    let elsewhere = json!({"name": "迪生电子", "org_type": "企业", "grid": other});
    let res = post(&app, &manager, "/api/v1/organisations", elsewhere).await;
    assert_eq!(invalid_fields(res).await, ["grid"], "another grid is not the manager's to write");
}

#[tokio::test]
async fn a_place_keeps_its_owner_sealed_until_revealed_with_a_purpose() {
    let app = TestApp::spawn().await;
    let manager = app.token("g001-manager").await;
    let (_, code) = grid(&app, 1).await;
    let owner = serial_id(7001);
    let body = json!({"number": "QZ-001-01", "place_use": "出租", "grid": code, "address": "邱庄村一组 8 号",
                      "floors": "3", "area": "240.5", "owner": "李小孬", "owner_id": owner,
                      "hazards": "电线私拉乱接"});
    let res = post(&app, &manager, "/api/v1/places", body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let place: Value = res.json().await.unwrap();
    assert_eq!(place["owner_id"], format!("4108**********{}", &owner[14..]));
    assert_eq!((place["floors"].as_i64(), place["area"].as_f64()), (Some(3), Some(240.5)));
    let id = place["id"].as_i64().unwrap();
    let path = format!("/api/v1/places/{id}/reveal");
    let res = post(&app, &manager, &path, json!({"purpose": ""})).await;
    assert_eq!(invalid_fields(res).await, ["purpose"]);
    let res = post(&app, &manager, &path, json!({"purpose": "出租房屋核查"})).await;
    let whole: Value = res.json().await.unwrap();
    assert_eq!(whole["owner_id"], owner.as_str());
    assert_eq!(audited(&app, "place.reveal").await, 1);

    let half = json!({"number": "QZ-001-02", "place_use": "自住", "grid": code, "address": "一组", "lon": "113.2"});
    assert_eq!(invalid_fields(post(&app, &manager, "/api/v1/places", half).await).await, ["lat"]);
    let abroad = json!({"number": "F-1", "name": "机井", "facility_kind": "机井", "grid": code,
                        "lon": "2.35", "lat": "48.85"});
    assert_eq!(
        invalid_fields(post(&app, &manager, "/api/v1/facilities", abroad).await).await,
        ["lon"]
    );
    let well = json!({"number": "F-1", "name": "一号机井", "facility_kind": "机井", "grid": code,
                      "lon": "113.25", "lat": "35.12", "state": "正常"});
    assert_eq!(
        post(&app, &manager, "/api/v1/facilities", well).await.status(),
        StatusCode::CREATED
    );
}

async fn person_in_grid_1(app: &TestApp, token: &str, n: u32) -> (i64, String) {
    let (_, code) = grid(app, 1).await;
    let number = serial_id(n);
    let res = post(
        app,
        token,
        "/api/v1/people",
        json!({"name": "申安胜", "id_number": number, "grid": code}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let person: Value = res.json().await.unwrap();
    (person["id"].as_i64().unwrap(), number)
}

#[tokio::test]
async fn floating_details_belong_to_a_person_and_their_dates_keep_order() {
    let app = TestApp::spawn().await;
    let manager = app.token("g001-manager").await;
    let (pid, number) = person_in_grid_1(&app, &manager, 7101).await;
    let late = json!({"person": number, "reason": "务工", "registered_on": "2026-03-01", "expires_on": "2025-03-01"});
    assert_eq!(
        invalid_fields(post(&app, &manager, "/api/v1/floating", late).await).await,
        ["expires_on"]
    );
    let unknown = json!({"person": serial_id(7199), "reason": "务工"});
    assert_eq!(
        invalid_fields(post(&app, &manager, "/api/v1/floating", unknown).await).await,
        ["person"]
    );
    let ok = json!({"person": number, "reason": "务工", "permit_type": "居住证", "permit_number": "P4108710001",
                    "registered_on": "2026/03/01", "expires_on": "2027-03-01", "dwelling": "租赁房屋"});
    let res = post(&app, &manager, "/api/v1/floating", ok).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let record: Value = res.json().await.unwrap();
    assert_eq!(record["person_id"], pid);
    assert_eq!(record["permit_number"], "*******0001");
    assert_eq!(record["registered_on"], "2026-03-01");
}

#[tokio::test]
async fn a_special_population_is_seen_by_its_readers_only_and_every_read_is_audited() {
    let app = TestApp::spawn().await;
    let manager = app.token("g001-manager").await;
    let police = app.token("g001-police").await;
    let office = app.token("comprehensive_governance").await;
    let (_, number) = person_in_grid_1(&app, &manager, 7201).await;
    let (grid_id, _) = grid(&app, 1).await;
    let body = json!({"person": number, "crime": "盗窃罪", "released_on": "2025-06-30", "handover": "已衔接"});
    let res = post(&app, &manager, "/api/v1/released", body.clone()).await;
    assert_eq!(
        res.status(),
        StatusCode::FORBIDDEN,
        "the grid manager does not keep special populations"
    );
    let res = post(&app, &police, "/api/v1/released", body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let record: Value = res.json().await.unwrap();
    let id = record["id"].as_i64().unwrap();

    let list = format!("/api/v1/released?unit={grid_id}");
    assert_eq!(app.get(&manager, &list).await.status(), StatusCode::FORBIDDEN);
    let one = format!("/api/v1/released/{id}");
    assert_eq!(app.get(&manager, &one).await.status(), StatusCode::NOT_FOUND);
    let leader = app.token("leader").await;
    assert_eq!(app.get(&leader, &one).await.status(), StatusCode::NOT_FOUND);
    let other_police = app.token("g002-police").await;
    assert_eq!(app.get(&other_police, &one).await.status(), StatusCode::NOT_FOUND);

    let before = (audited(&app, "released.list").await, audited(&app, "released.view").await);
    assert_eq!(app.get_json(&police, &list).await["total"], 1);
    assert_eq!(app.get_json(&office, &one).await["crime"], "盗窃罪");
    let after = (audited(&app, "released.list").await, audited(&app, "released.view").await);
    assert_eq!(after, (before.0 + 1, before.1 + 1), "each read is in the audit chain");
}

/// A valid record of a kind for the permission matrices: `n` makes its number its own, `code` is
/// its grid's, `person` the ID number of a person there.
pub fn sample(kind: &str, n: u32, code: &str, person: &str) -> Value {
    match kind {
        "places" => {
            json!({"number": format!("MX{n}"), "place_use": "自住", "grid": code, "address": "一组"})
        }
        "facilities" => {
            json!({"number": format!("MF{n}"), "name": "路灯", "facility_kind": "路灯", "grid": code, "lon": "113.3", "lat": "35.1"})
        }
        "organisations" => {
            json!({"name": format!("矩阵公司{n}"), "org_type": "企业", "grid": code})
        }
        "households" => json!({"number": format!("MH{n}"), "grid": code}),
        "floating" => json!({"person": person, "reason": "务工"}),
        "left_behind" => json!({"person": person, "left_type": "留守老人"}),
        "released" => json!({"person": person, "crime": "盗窃罪", "released_on": "2025-01-01"}),
        "correction" => {
            json!({"person": person, "correction_type": "缓刑", "starts_on": "2025-01-01"})
        }
        "mental" => json!({"person": person, "diagnosis": "精神分裂症", "mental_risk": "1"}),
        "drug" => json!({"person": person, "found_on": "2024-05-01", "drug_control": "社区康复"}),
        "youth" => json!({"person": person, "youth_type": "闲散青少年"}),
        other => panic!("no sample of {other}"),
    }
}

/// Writes a sample record of a kind as the system; its id.
pub async fn add_sample(app: &TestApp, kind: &str, n: u32, code: &str, person: &str) -> i64 {
    let kind = zhili::registry::domain::kinds::by_name(kind).unwrap();
    let fields = sample(kind.name, n, code, person)
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
        .collect();
    let system = zhili::platform::access::actor::Actor::system();
    zhili::registry::services::record_import::save(&app.db, &system, kind, None, fields)
        .await
        .unwrap()
}

#[tokio::test]
async fn an_export_with_a_purpose_shows_the_kept_grids_people_whole_and_is_audited() {
    let app = TestApp::spawn().await;
    let manager = app.token("g001-manager").await;
    let (_, number) = person_in_grid_1(&app, &manager, 7301).await;
    let (grid_id, _) = grid(&app, 1).await;
    let query = format!("unit={grid_id}");
    let fields = [("purpose", "低保入户核查"), ("query", query.as_str()), ("format", "csv")];
    let res = post_form(&app, "g001-manager", "/registry/people/export", &fields).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = res.text().await.unwrap();
    assert!(
        body.contains(&number) && body.contains("申安胜"),
        "the kept grid's people are whole: {body}"
    );
    let purpose: String = sqlx::query_scalar(
        "SELECT detail FROM audit_log WHERE action = 'people.export' ORDER BY seq DESC LIMIT 1",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert!(purpose.contains("低保入户核查"), "{purpose}");
    let res =
        post_form(&app, "leader", "/registry/people/export", &[("purpose", "看看"), ("query", "")])
            .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "a leader reads masked only");
}

#[tokio::test]
async fn the_zone_chooses_who_reads_a_special_population() {
    let app = TestApp::spawn().await;
    let civil = app.token("civil_affairs").await;
    let (grid_id, _) = grid(&app, 1).await;
    let list = format!("/api/v1/youth?unit={grid_id}");
    assert_eq!(app.get(&civil, &list).await.status(), StatusCode::FORBIDDEN);
    let res = post_form(
        &app,
        "admin",
        "/registry/readers",
        &[("kind", "youth"), ("who", "civil_affairs")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.get(&civil, &list).await.status(),
        StatusCode::OK,
        "civil affairs now reads youth at risk"
    );
    assert_eq!(
        app.get(&civil, &format!("/api/v1/drug?unit={grid_id}")).await.status(),
        StatusCode::FORBIDDEN,
        "and nothing else"
    );
    let res =
        post_form(&app, "g001-manager", "/registry/readers", &[("kind", "*"), ("who", "manager")])
            .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "a grid worker does not choose");
}

#[tokio::test]
async fn saves_of_people_s_records_at_once_all_go_in() {
    let app = TestApp::spawn().await;
    let manager = app.token("g001-manager").await;
    let mut people = Vec::new();
    for n in 0..6 {
        people.push(person_in_grid_1(&app, &manager, 7401 + n).await.0);
    }
    // Each names its person by id, as the form from the person's page does: every read of the
    // import goes through its transaction, so none waits on a connection another holds.
    let mut saves = tokio::task::JoinSet::new();
    for person in people {
        let (client, url, token) =
            (app.client.clone(), app.url("/api/v1/left_behind"), manager.clone());
        saves.spawn(async move {
            let body = json!({"person_id": person, "left_type": "留守老人"});
            client.post(url).bearer_auth(token).json(&body).send().await.unwrap().status()
        });
    }
    while let Some(status) = saves.join_next().await {
        assert_eq!(status.unwrap(), StatusCode::CREATED);
    }
    assert_eq!(app.count("left_behind").await, 6);
}
