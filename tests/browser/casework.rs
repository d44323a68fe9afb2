//! Working a case on a phone: a grid worker takes a dispute from its report to a verified
//! close, the mediated agreement written on the way.

use crate::harness::{body_text, browser, click, driver, login, shot, type_into};
use crate::helpers::TestApp;
use fantoccini::{Client, Locator};
use std::time::Duration;

/// Submits the action form for `action` on a case page, filling its note if it has one.
async fn do_action(c: &Client, action: &str, note: Option<&str>) {
    let form = c
        .find(Locator::XPath(&format!("//form[input[@name='action' and @value='{action}']]")))
        .await
        .unwrap();
    if let Some(note) = note {
        form.find(Locator::Css("textarea[name=note]"))
            .await
            .unwrap()
            .send_keys(note)
            .await
            .unwrap();
    }
    let before = c.find_all(Locator::Css("#timeline li")).await.unwrap().len();
    form.find(Locator::Css("button[type=submit]")).await.unwrap().click().await.unwrap();
    // The page comes back with one more event on the timeline.
    for _ in 0..100 {
        if let Ok(items) = c.find_all(Locator::Css("#timeline li")).await
            && items.len() > before
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{action} did not add an event: {}", body_text(c).await);
}

#[tokio::test]
#[ignore = "needs Debian's chromium and chromium-driver; .ci/run runs it"]
async fn a_grid_worker_takes_a_dispute_from_report_to_a_verified_close_on_a_phone() {
    let app = TestApp::spawn().await;
    let driver = driver().await;
    let c = browser(&driver, 390, 844, "zh-CN").await;
    login(&c, &app, "g001-manager").await;
    c.goto(&app.url("/cases/new")).await.unwrap();
    click(&c, "select[name=category] option[value=D01]").await;
    type_into(&c, "textarea[name=description]", "两户因宅基地边界争执").await;
    type_into(&c, "input[name=party1_name]", "王某").await;
    // A wrong check digit is caught, and what was typed stays.
    type_into(&c, "input[name=party1_id]", "110105194912310021").await;
    type_into(&c, "input[name=party2_name]", "李某").await;
    click(&c, "form.stack button[type=submit]").await;
    c.wait().for_element(Locator::Css("p.error")).await.unwrap();
    assert!(body_text(&c).await.contains("校验位"));
    let kept =
        c.find(Locator::Css("textarea[name=description]")).await.unwrap().text().await.unwrap();
    assert_eq!(kept, "两户因宅基地边界争执");
    let id_box = c.find(Locator::Css("input[name=party1_id]")).await.unwrap();
    id_box.clear().await.unwrap();
    id_box.send_keys("11010519491231002X").await.unwrap();
    shot(&c, "report-phone").await;
    click(&c, "form.stack button[type=submit]").await;
    c.wait().for_element(Locator::Css("#timeline")).await.unwrap();
    assert!(body_text(&c).await.contains("1101**********002X"), "the ID number is masked");
    let case_url = c.current_url().await.unwrap();

    do_action(&c, "register", None).await;
    do_action(&c, "dispatch", None).await;
    do_action(&c, "accept", None).await;
    // The mediated agreement, written on the phone.
    click(&c, "#mediation details:last-of-type summary").await;
    let form = c.find(Locator::Css("#agreement-form")).await.unwrap();
    for (name, text) in [
        ("facts", "两户因宅基地边界争执"),
        ("obligations", "以老院墙为界，东移十厘米"),
        ("performance", "三日内砌墙"),
    ] {
        form.find(Locator::Css(&format!("textarea[name={name}]")))
            .await
            .unwrap()
            .send_keys(text)
            .await
            .unwrap();
    }
    // Signed today as the zone counts it: the day the case was reported, whatever the UTC date.
    let today = app.db.clock.today();
    for (name, day) in
        [("performance_due", today + chrono::Duration::days(3)), ("signed_on", today)]
    {
        let input = form.find(Locator::Css(&format!("input[name={name}]"))).await.unwrap();
        c.execute(
            "arguments[0].value = arguments[1]",
            vec![serde_json::to_value(&input).unwrap(), serde_json::json!(day.to_string())],
        )
        .await
        .unwrap();
    }
    form.find(Locator::Css("input[name=signed_by_all]")).await.unwrap().click().await.unwrap();
    form.find(Locator::Css("button[type=submit]")).await.unwrap().click().await.unwrap();
    c.wait().for_element(Locator::Css("#agreement")).await.unwrap();
    assert!(body_text(&c).await.contains("示调字"));
    do_action(&c, "feedback", Some("双方各让一步，签订调解协议")).await;
    shot(&c, "case-phone").await;
    assert!(body_text(&c).await.contains("待核查"));

    // The grid's supervisor verifies it.
    c.goto(&app.url("/logout")).await.unwrap();
    let c2 = browser(&driver, 390, 844, "zh-CN").await;
    login(&c2, &app, "g001-supervisor").await;
    c2.goto(case_url.as_str()).await.unwrap();
    do_action(&c2, "verify", None).await;
    let text = body_text(&c2).await;
    assert!(text.contains("已结案") && text.contains("已化解"), "{text}");
    c.close().await.unwrap();
    c2.close().await.unwrap();
}
