//! Grid events and disputes: intake and the workflow from report to close. Who sees a case is in
//! cases_scope.rs, its deadlines in cases_deadlines.rs, the rates' rollups in cases_rollups.rs.

use crate::helpers::{TestApp, invalid_fields};
use crate::kit::demo::{self, NINGGUO, NINGGUO_VILLAGE};
use crate::kit::{Action, CaseQuery, PartyIn, Rate, Report, refusal};
use reqwest::StatusCode;

/// A real ID number with a good check digit.
pub(crate) const ID: &str = "11010519491231002X";

/// The homestead boundary dispute a grid manager finds on their round.
pub(crate) fn homestead_dispute(grid: i64) -> Report {
    Report::in_grid("D01", grid, "两户宅基地边界争议")
        .on_the_round()
        .party(PartyIn::named("王某").id_number(ID).phone("13800000001"))
        .party(PartyIn::named("李某").respondent())
}

/// The first grid of 宁郭村, where the source's homestead dispute was settled.
pub(crate) async fn ningguo_grid(app: &TestApp) -> i64 {
    app.unit_id(&demo::village_grid_code(NINGGUO, NINGGUO_VILLAGE, 1)).await
}

#[tokio::test]
async fn a_dispute_goes_from_report_to_a_verified_resolution() {
    let app = TestApp::spawn().await;
    let manager = app.grid_manager(1).await;
    let supervisor = app.grid_supervisor(1).await;
    let grid = manager.unit;
    let case = manager.report(homestead_dispute(grid)).await;
    assert_eq!(case.state, "reported");
    assert!(case.step_deadline.is_some());

    for action in [
        Action::Register,
        Action::dispatch_to(grid),
        Action::Accept,
        Action::Feedback { outcome: "resolved", note: "双方各让一步，当场达成协议" },
    ] {
        manager.act(case.id, action).await;
    }
    // Whoever gave the feedback does not verify it; the grid's supervisor does.
    assert_eq!(
        refusal(manager.try_act(case.id, Action::Verify).await, StatusCode::CONFLICT).await.code,
        "conflict"
    );
    let closed = supervisor.act(case.id, Action::Verify).await;
    assert_eq!((closed.state.as_str(), closed.outcome.as_deref()), ("closed", Some("resolved")));
    manager.act(case.id, Action::FollowUp { satisfaction: 5, note: "回访满意" }).await;

    let detail = manager.case(case.id).await;
    assert_eq!(
        detail.actions(),
        ["report", "register", "dispatch", "accept", "feedback", "verify", "follow_up"]
    );
    assert_eq!(detail.allowed_actions, ["follow_up", "reopen"]);

    let zone = app.unit_id(demo::ZONE_CODE).await;
    let today = CaseQuery::unit(zone).on(app.db.clock.today());
    let leader = app.leader().await;
    let rates = leader.rates(&today.clone().category("D")).await;
    assert_eq!((rates.found, rates.resolved), (1, 1));
    assert_eq!(rates.resolution_rate, Rate::of(1.0, 1, 1, 0));
    assert_eq!(rates.satisfaction.value, Some(5.0));
    assert_eq!(leader.rates(&today.clone().category("I")).await.found, 0);
    let behind = leader.cases(&today.measure("resolved")).await;
    assert_eq!(behind.total, 1);
    assert_eq!(behind.items[0].id, case.id);
}

#[tokio::test]
async fn an_illegal_transition_is_409_naming_the_allowed_ones() {
    let app = TestApp::spawn().await;
    let manager = app.grid_manager(1).await;
    let case = manager.report(homestead_dispute(manager.unit)).await;
    let error = refusal(manager.try_act(case.id, Action::Verify).await, StatusCode::CONFLICT).await;
    assert_eq!(error.code, "not_allowed");
    assert_eq!(error.allowed.unwrap(), ["register", "refuse", "escalate", "withdraw", "merge"]);
    assert!(error.message.contains("待立案"));
    assert_eq!(
        invalid_fields(manager.try_act(case.id, Action::Refuse("")).await).await,
        ["note"],
        "a refusal needs its reason"
    );
}

#[tokio::test]
async fn bad_reports_are_refused_by_field_and_change_nothing() {
    let app = TestApp::spawn().await;
    let manager = &app.grid_manager(1).await;
    let grid = manager.unit;
    let _: serde_json::Value = manager.get("/api/v1/categories").await;
    let (cases, audit) = (app.count("cases").await, app.count("audit_log").await);
    let refused =
        |report: Report| async move { invalid_fields(manager.try_report(report).await).await };
    let bad_id = Report::in_grid("D01", grid, "x")
        .party(PartyIn::named("王某").id_number("110105194912310021"));
    assert_eq!(refused(bad_id).await, ["parties[0].id_number"]);
    assert_eq!(refused(Report::in_grid("Z99", grid, "x")).await, ["category"]);
    assert_eq!(refused(Report::in_grid("I01", grid, "x")).await, ["category"], "not a leaf");
    assert_eq!(refused(Report::in_grid("D02", grid, "x")).await, ["parties"]);
    assert_eq!(refused(Report::at("I0101", (100.0, 30.0), "x")).await, ["point"]);
    assert_eq!(refused(Report::in_grid("I0101", app.grid(2).await, "x")).await, ["unit_id"]);
    assert_eq!(refused(Report::in_grid("I0101", grid, "")).await, ["description"]);
    let long = "号".repeat(201);
    assert_eq!(
        refused(Report::in_grid("I0101", grid, "x").address(&long).reporter_phone(&long)).await,
        ["address", "reporter_phone"]
    );
    assert_eq!((app.count("cases").await, app.count("audit_log").await), (cases, audit));
}

#[tokio::test]
async fn a_point_finds_its_grid() {
    let app = TestApp::spawn().await;
    let township = app.township(NINGGUO).await;
    let grid = ningguo_grid(&app).await;
    let case = township.report(Report::at("I0101", app.point_in(grid).await, "井盖缺失")).await;
    assert_eq!(case.unit_id, grid);
}

#[tokio::test]
async fn possible_duplicates_are_offered_and_merged() {
    let app = TestApp::spawn().await;
    let township = app.township(NINGGUO).await;
    let grid = ningguo_grid(&app).await;
    let (lon, lat) = app.point_in(grid).await;
    let manhole = |dlon: f64| township.report(Report::at("I0101", (lon + dlon, lat), "井盖缺失"));
    let first = manhole(0.0).await;
    let near = manhole(0.001).await; // about 90 m east
    let far = manhole(0.01).await; // about 900 m east
    let found = township.duplicates(near.id).await;
    let ids: Vec<i64> = found.iter().map(|d| d.case.id).collect();
    assert_eq!(ids, [first.id]);
    assert_eq!(found[0].reason, "nearby");
    assert!(!ids.contains(&far.id));

    // Two disputes naming the same person are offered too.
    let party = PartyIn::named("王某").id_number(ID);
    let d1 = township.report(Report::in_grid("D02", grid, "a").party(party.clone())).await;
    let d2 = township.report(Report::in_grid("D05", grid, "b").party(party)).await;
    let found = township.duplicates(d2.id).await;
    assert_eq!(found[0].reason, "same_party");
    assert_eq!(found[0].case.id, d1.id);

    let merged = township.act(near.id, Action::Merge { into: first.id }).await;
    assert_eq!((merged.state.as_str(), merged.outcome.as_deref()), ("closed", Some("duplicate")));
    assert_eq!(merged.merged_into, Some(first.id));
}

#[tokio::test]
async fn a_dispatch_naming_no_target_goes_to_the_catalogues_responsible_department() {
    let app = TestApp::spawn().await;
    let manager = app.grid_manager(1).await;
    let grid = manager.unit;
    let wages = Report::in_grid("D05", grid, "工地拖欠三名村民工资")
        .on_the_round()
        .party(PartyIn::named("张某"));
    let id = manager.report(wages).await.id;
    let labour = manager
        .case(id)
        .await
        .responsible_department
        .expect("wage arrears have a responsible department");
    assert_eq!(labour.kind, "human_resources");
    manager.act(id, Action::Register).await;
    // The page's dispatch form offers that department first.
    let html = manager.page(&format!("/cases/{id}")).await.html;
    assert!(
        html.contains(&format!(
            "<option value=\"{}\" selected>人力资源和社会保障局</option>",
            labour.id
        )),
        "{html}"
    );
    // Both targets at once is refused by field; neither sends it where the catalogue says.
    let both = manager
        .try_act(id, Action::Dispatch { unit: Some(grid), department: Some(labour.id) })
        .await;
    assert_eq!(invalid_fields(both).await, ["unit_id"]);
    let dispatched = manager.act(id, Action::dispatch()).await;
    assert_eq!(
        (dispatched.state.as_str(), dispatched.department_id),
        ("dispatched", Some(labour.id))
    );
    // The department's staff now work it.
    app.department("human_resources").await.act(id, Action::Accept).await;

    // A homestead dispute has no responsible department: the grid mediates it, so a dispatch
    // must name where it goes.
    let homestead = manager.report(homestead_dispute(grid)).await.id;
    assert!(manager.case(homestead).await.responsible_department.is_none());
    manager.act(homestead, Action::Register).await;
    assert_eq!(
        invalid_fields(manager.try_act(homestead, Action::dispatch()).await).await,
        ["unit_id"]
    );
}
