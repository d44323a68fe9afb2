//! The zone's day on a server whose clock stands at a chosen instant: a case belongs to the day
//! it was reported on in Beijing, whatever the UTC date, on its case row, in today's list, in
//! the dashboard's default range and in its deadline.

use crate::helpers::TestApp;
use crate::kit::answers::Paged;
use crate::kit::{Case, CaseQuery, Report};
use reqwest::StatusCode;

/// Reports a rubbish case (I0301: two office hours to register it) in grid 1.
async fn report_rubbish(app: &TestApp) -> Case {
    let manager = app.grid_manager(1).await;
    manager.report(Report::in_grid("I0301", manager.unit, "垃圾")).await
}

/// The dashboard's default range and its incident panel's found count, as the leader sees them.
async fn default_dashboard(app: &TestApp) -> (String, String, String) {
    let dashboard = app.leader().await.page("/dashboard").await;
    assert_eq!(dashboard.status, StatusCode::OK);
    let html = dashboard.html;
    let value_of = |name: &str| {
        let at = html
            .find(&format!("name=\"{name}\" value=\""))
            .unwrap_or_else(|| panic!("a {name} field"))
            + name.len()
            + 15;
        html[at..at + 10].to_string()
    };
    let panel = &html[html.find("id=\"panel-I\"").expect("the incident panel")..];
    let found = &panel[panel.find("<b class=\"found\">").expect("a found tile") + 17..];
    (value_of("from"), value_of("to"), found[..found.find('<').unwrap()].to_string())
}

/// The cases reported on the clock's today, by the list's report-day filter.
async fn todays_list(app: &TestApp) -> Paged<Case> {
    app.leader().await.cases(&CaseQuery::default().on(app.db.clock.today())).await
}

#[tokio::test]
async fn a_case_reported_at_half_past_eleven_at_night_is_that_days_case() {
    // 23:30 in Beijing on New Year's Eve 2025 (15:30 UTC): another year than the system clock's.
    let app = TestApp::spawn_at("2025-12-31T15:30:00Z".parse().unwrap()).await;
    assert_eq!(app.db.clock.today().to_string(), "2025-12-31");
    let case = report_rubbish(&app).await;
    assert_eq!(case.reported_at, "2025-12-31T15:30:00.000000Z");
    assert_eq!(case.report_day, "2025-12-31");
    // Two office hours from 23:30 on the 31st: New Year's Day to the 3rd are off, Sunday the 4th
    // is worked in their place, so it runs 09:00 to 11:00 that day, Beijing time.
    assert_eq!(case.step_deadline.as_deref(), Some("2026-01-04T03:00:00.000000Z"));
    let list = todays_list(&app).await;
    assert_eq!((list.total, list.items[0].id), (1, case.id));
    // The year to date, by the server's clock: the demo's 2015 cases are out, this one is in.
    assert_eq!(
        default_dashboard(&app).await,
        ("2025-01-01".into(), "2025-12-31".into(), "1".into())
    );
}

#[tokio::test]
async fn half_past_midnight_here_is_already_the_new_day_though_utc_is_not() {
    // 00:30 on New Year's Day 2026 in Beijing is still 16:30 on New Year's Eve in UTC.
    let app = TestApp::spawn_at("2025-12-31T16:30:00Z".parse().unwrap()).await;
    assert_eq!(app.db.clock.today().to_string(), "2026-01-01");
    let case = report_rubbish(&app).await;
    assert_eq!(case.report_day, "2026-01-01");
    // Counted from the 1st, a holiday: 09:00 to 11:00 on the 4th again (from the UTC time it
    // would have taken the last hour of the 31st and ended at 10:00).
    assert_eq!(case.step_deadline.as_deref(), Some("2026-01-04T03:00:00.000000Z"));
    let list = todays_list(&app).await;
    assert_eq!((list.total, list.items[0].id), (1, case.id));
    // By the UTC date the default range would have been 2025's, and today's case not in it.
    assert_eq!(
        default_dashboard(&app).await,
        ("2026-01-01".into(), "2026-01-01".into(), "1".into())
    );
    // People read its time as Beijing's.
    let html = app.grid_manager(1).await.page(&format!("/cases/{}", case.id)).await.html;
    assert!(
        html.contains("2026-01-01 00:30") && html.contains("2026-01-04 11:00"),
        "times shown in Beijing time"
    );
}
