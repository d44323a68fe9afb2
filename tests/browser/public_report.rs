//! A resident without an account reports a street light from a phone and lands on its
//! status page.

use crate::harness::{body_text, browser, click, driver, shot, type_into};
use crate::helpers::TestApp;
use fantoccini::Locator;

#[tokio::test]
#[ignore = "needs Debian's chromium and chromium-driver; .ci/run runs it"]
async fn a_resident_reports_a_street_light_from_a_phone_without_an_account() {
    let app = TestApp::spawn().await;
    let driver = driver().await;
    let c = browser(&driver, 390, 844, "zh-CN").await;
    c.goto(&app.url("/report")).await.unwrap();
    c.wait().for_element(Locator::Css("#public-report")).await.unwrap();
    let width = c.execute("return document.documentElement.scrollWidth", vec![]).await.unwrap();
    assert!(width.as_u64().unwrap() <= 390, "the form is {width} px wide on a 390 px phone");
    // Sent without a place, it comes back saying what is missing, the text kept.
    click(&c, "select[name=service_code] option[value=I0102]").await;
    type_into(&c, "textarea[name=description]", "村口路灯连续三晚不亮").await;
    click(&c, "#public-report button[type=submit]").await;
    c.wait().for_element(Locator::Css("p.error")).await.unwrap();
    assert!(body_text(&c).await.contains("请选择村或社区、填写地址或使用定位"));
    c.find(Locator::XPath(
        "//select[@name='unit_id']/optgroup/option[normalize-space(.)='宁郭村']",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    shot(&c, "public-report-phone").await;
    click(&c, "#public-report button[type=submit]").await;
    c.wait().for_element(Locator::Css("#public-status")).await.unwrap();
    let text = body_text(&c).await;
    shot(&c, "public-status-phone").await;
    assert!(
        text.contains("路灯不亮") && text.contains("宁郭村") && text.contains("待立案"),
        "{text}"
    );
    c.close().await.unwrap();
}
