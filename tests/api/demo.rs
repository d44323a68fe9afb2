//! The demo zone's cases reproduce the source's figures.

use crate::helpers::TestApp;
use crate::kit::CaseQuery;
use crate::kit::demo::{self, FROM, NINGGUO, NINGGUO_VILLAGE, TO};

#[tokio::test]
async fn the_dashboard_reads_1393_found_1372_resolved_98_5_percent() {
    let app = TestApp::spawn().await;
    let made = zhili::cases::demo::load(&app.db).await.unwrap();
    assert_eq!((made.disputes, made.resolved), (1393, 1372));
    let leader = app.leader().await;
    let zone = app.unit_id(demo::ZONE_CODE).await;
    let disputes = CaseQuery::unit(zone).between(FROM, TO).category("D");
    let rates = leader.rates(&disputes).await;
    assert_eq!((rates.found, rates.resolved), (1393, 1372));
    assert_eq!((rates.resolution_rate.numerator, rates.resolution_rate.denominator), (1372, 1393));
    assert_eq!(format!("{:.1}", rates.resolution_rate.value.unwrap() * 100.0), "98.5");

    // The figure opens onto the cases behind it.
    assert_eq!(leader.cases(&disputes.measure("resolved").page_size(1)).await.total, 1372);

    // The homestead dispute of 宁郭村, settled in under half an hour.
    let village = app.unit_id(&demo::village_code(NINGGUO, NINGGUO_VILLAGE)).await;
    let list = leader.cases(&CaseQuery::unit(village).category("D01").on("2015-09-15")).await;
    let case = list
        .items
        .iter()
        .find(|c| c.title == "宁郭村宅基地边界纠纷")
        .expect("the source's dispute");
    let detail = leader.case(case.id).await;
    assert!(detail.when("feedback") - detail.when("report") < chrono::Duration::minutes(30));
    assert_eq!(detail.case.outcome.as_deref(), Some("resolved"));
    // Its mediation is on record: the session with 申安胜, a signed agreement, performed.
    let mediation = leader.mediation(case.id).await;
    assert_eq!(mediation.sessions[0].mediator, demo::SOURCE_MEDIATOR);
    let agreement = mediation.agreement.expect("a signed agreement");
    assert_eq!((agreement.signed_on.as_str(), agreement.performed), ("2015-09-15", Some(true)));

    // The rollups the loader wrote equal a recomputation from the cases.
    let sums = || async {
        sqlx::query_as::<_, (i64, i64, i64)>(
            "SELECT CAST(SUM(found) AS BIGINT), CAST(SUM(resolved) AS BIGINT), CAST(SUM(on_time) AS BIGINT) FROM case_rollups",
        )
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
    };
    let before = sums().await;
    zhili::cases::services::recompute_rollups(&app.db).await.unwrap();
    assert_eq!(sums().await, before);
}

#[tokio::test]
async fn a_dashboard_of_an_empty_year_says_so_and_points_to_2015() {
    let app = TestApp::spawn_at(
        chrono::DateTime::parse_from_rfc3339("2026-12-02T10:00:00+08:00").unwrap().to_utc(),
    )
    .await;
    let session = crate::pages::page_login(&app, "leader").await;
    let dashboard = |path: &'static str| {
        let (app, session) = (&app, &session);
        async move {
            let res = app.client.get(app.url(path)).header("cookie", session).send().await.unwrap();
            assert_eq!(res.status(), reqwest::StatusCode::OK);
            res.text().await.unwrap()
        }
    };
    // Before the demo's cases: this year is empty and no year has cases.
    let html = dashboard("/dashboard").await;
    assert!(html.contains("2026年还没有事件") && !html.contains("查看最近有事件的"), "{html}");

    zhili::cases::demo::load(&app.db).await.unwrap();
    let html = dashboard("/dashboard").await;
    let zone = app.unit_id("410871000000").await;
    assert!(html.contains("2026年还没有事件"));
    let link = format!("href=\"/dashboard?unit={zone}&from=2015-01-01&to=2015-12-31\"");
    assert!(html.replace("&#38;", "&").contains(&link), "links to 2015");
    // The year it points to has them, and says nothing of emptiness; a range asked for never does.
    let html = dashboard("/dashboard?from=2015-01-01&to=2015-12-31").await;
    assert!(!html.contains("dashboard-empty") && html.contains("1393"));
    let html = dashboard("/dashboard?from=2026-01-01&to=2026-12-31").await;
    assert!(!html.contains("dashboard-empty"));
    // Empty fields are no fields; an end alone starts the range on 1 January of its year.
    assert!(dashboard("/dashboard?from=&to=").await.contains("dashboard-empty"));
    let html = dashboard("/dashboard?to=2015-10-25").await;
    assert!(html.contains("value=\"2015-01-01\"") && html.contains("1393"));
}
