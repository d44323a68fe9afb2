//! The registry's other records on the page: a grid worker registers an enterprise on the form,
//! told in place that its credit code is wrong, sees it on the grid's glance and map; the grid's
//! police liaison adds a person's release record from the person's page, which the grid worker's
//! page of the same person never lists.

use crate::harness::{body_text, browser, click, driver, login, shot, type_into};
use crate::helpers::TestApp;
use fantoccini::{Client, Locator};

async fn select(c: &Client, name: &str, value: &str) {
    let css = format!("select[name={name}] option[value='{value}']");
    c.find(Locator::Css(&css)).await.unwrap().click().await.unwrap();
}

#[tokio::test]
#[ignore = "needs Debian's chromium and chromium-driver; .ci/run runs it"]
async fn an_enterprise_is_registered_on_the_form_and_a_release_record_stays_with_the_police() {
    let app = TestApp::spawn().await;
    let (grid, code) = crate::harness::grid_of(&app, "g001-manager").await;
    let good = zhili::platform::credit_code::with_check("91410800MA4000001").unwrap();
    let mut bad = good.clone();
    let last = bad.pop().unwrap();
    bad.push(if last == '0' { '1' } else { '0' });

    let driver = driver().await;
    let w = browser(&driver, 1280, 900, "zh-CN").await;
    login(&w, &app, "g001-manager").await;
    w.goto(&app.url("/registry/organisations/new")).await.unwrap();
    type_into(&w, "input[name=name]", "焦作天宝桓祥机械科技有限公司").await;
    type_into(&w, "input[name=credit_code]", &bad).await;
    select(&w, "org_type", "10").await;
    type_into(&w, "input[name=grid]", &code).await;
    type_into(&w, "input[name=lon]", "113.25").await;
    type_into(&w, "input[name=lat]", "35.12").await;
    click(&w, "#record-form button[type=submit]").await;
    w.wait().for_element(Locator::Css("p.error[role=alert]")).await.unwrap();
    assert!(body_text(&w).await.contains("校验位不对"), "the credit code's error is beside it");
    let typed =
        w.find(Locator::Css("input[name=name]")).await.unwrap().prop("value").await.unwrap();
    assert_eq!(typed.as_deref(), Some("焦作天宝桓祥机械科技有限公司"), "what was typed is kept");
    let field = w.find(Locator::Css("input[name=credit_code]")).await.unwrap();
    field.clear().await.unwrap();
    field.send_keys(&good).await.unwrap();
    click(&w, "#record-form button[type=submit]").await;
    w.wait().for_element(Locator::Css("#record")).await.unwrap();
    assert!(body_text(&w).await.contains(&good));
    assert!(w.find(Locator::Css("p.notice")).await.is_ok(), "the record's page says it was saved");
    w.goto(&app.url(&format!("/registry?unit={grid}"))).await.unwrap();
    w.wait().for_element(Locator::Css("#counts")).await.unwrap();
    assert!(body_text(&w).await.contains("组织"), "{}", body_text(&w).await);

    let number = zhili::platform::id_number::IdNumber::with_check("41087119800101005").unwrap();
    let body = serde_json::json!({"name": "申安胜", "id_number": number.reveal(), "grid": code});
    let token = app.token("g001-manager").await;
    let person: serde_json::Value =
        app.send(reqwest::Method::POST, &token, "/api/v1/people", body).await.json().await.unwrap();
    let person = person["id"].as_i64().unwrap();

    let p = browser(&driver, 390, 844, "zh-CN").await;
    login(&p, &app, "g001-police").await;
    p.goto(&app.url(&format!("/registry/people/{person}"))).await.unwrap();
    p.wait().for_element(Locator::Css("#details")).await.unwrap();
    p.goto(&app.url(&format!("/registry/released/new?person={person}"))).await.unwrap();
    type_into(&p, "input[name=crime]", "盗窃罪").await;
    type_into(&p, "input[name=released_on]", "2025-06-30").await;
    click(&p, "#record-form button[type=submit]").await;
    p.wait().for_element(Locator::Css("#record")).await.unwrap();
    assert!(body_text(&p).await.contains("盗窃罪"));
    shot(&p, "registry-release-record-phone").await;

    w.goto(&app.url(&format!("/registry/people/{person}"))).await.unwrap();
    w.wait().for_element(Locator::Css("#person")).await.unwrap();
    assert!(!body_text(&w).await.contains("刑满释放"), "the grid worker's page does not list it");
}
