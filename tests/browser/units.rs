//! Walking the hierarchy: a leader from the zone down to a grid on a desk screen, and a grid
//! manager on a phone who sees their grid and not the next.

use crate::harness::{body_text, browser, click, driver, follow, login, shot};
use crate::helpers::TestApp;
use fantoccini::Locator;

#[tokio::test]
#[ignore = "needs Debian's chromium and chromium-driver; .ci/run runs it"]
async fn a_leader_walks_from_the_zone_down_to_a_grid_on_a_desk_screen() {
    let app = TestApp::spawn().await;
    let driver = driver().await;
    let c = browser(&driver, 1920, 1080, "zh-CN").await;
    login(&c, &app, "leader").await;
    assert!(body_text(&c).await.contains("焦作市城乡一体化示范区"));
    shot(&c, "home-desk").await;
    c.find(Locator::LinkText("组织架构")).await.unwrap().click().await.unwrap();
    c.wait().for_element(Locator::Css("svg.map")).await.unwrap();
    let text = body_text(&c).await;
    assert!(text.contains("715"), "the zone counts its grids");
    shot(&c, "zone-desk").await;
    follow(&c, "宁郭镇").await;
    follow(&c, "宁郭村").await;
    shot(&c, "village-desk").await;
    follow(&c, "宁郭村第1网格").await;
    let text = body_text(&c).await;
    assert!(text.contains("申安胜"));
    for role in ["网格管理员", "网格协管员", "网格警务员", "网格监督员"] {
        assert!(text.contains(role), "{role}");
    }
    let staff = c.find_all(Locator::Css("#staff tbody tr")).await.unwrap();
    assert_eq!(staff.len(), 4);
    shot(&c, "grid-desk").await;
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs Debian's chromium and chromium-driver; .ci/run runs it"]
async fn a_grid_manager_on_a_phone_sees_their_grid_and_not_the_next() {
    let app = TestApp::spawn().await;
    let driver = driver().await;
    let c = browser(&driver, 390, 844, "zh-CN").await;
    login(&c, &app, "g001-manager").await;
    shot(&c, "home-phone").await;
    click(&c, "a.card.unit").await;
    c.wait().for_element(Locator::Css("#staff")).await.unwrap();
    assert_eq!(c.find_all(Locator::Css("#staff tbody tr")).await.unwrap().len(), 4);
    // Nothing on the page is wider than the phone.
    let width = c.execute("return document.documentElement.scrollWidth", vec![]).await.unwrap();
    assert!(width.as_u64().unwrap() <= 390, "page is {width} px wide on a 390 px phone");
    shot(&c, "grid-phone").await;
    let other = app.unit_of("g002-manager").await;
    c.goto(&app.url(&format!("/units/{other}"))).await.unwrap();
    let text = body_text(&c).await;
    assert!(text.contains("404") && !text.contains("第2网格"));
    c.close().await.unwrap();
}
