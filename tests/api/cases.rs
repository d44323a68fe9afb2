//! Grid events and disputes: intake, the workflow, scope, rates and their rollups.

use crate::helpers::{TestApp, invalid_fields};
use crate::kit::answers::Photo;
use crate::kit::demo::{self, NINGGUO, NINGGUO_VILLAGE, WENCHANG};
use crate::kit::{Action, CaseQuery, PartyIn, Rate, Report, expect, refusal};
use reqwest::StatusCode;
use zhili::cases::domain::CaseState;

/// unit, day, category, found, resolved, closed, left out, reworked.
type RollupRow = (i64, String, i64, i64, i64, i64, i64, i64);

/// A real ID number with a good check digit.
const ID: &str = "11010519491231002X";

/// The homestead boundary dispute a grid manager finds on their round.
fn homestead_dispute(grid: i64) -> Report {
    Report::in_grid("D01", grid, "两户宅基地边界争议")
        .on_the_round()
        .party(PartyIn::named("王某").id_number(ID).phone("13800000001"))
        .party(PartyIn::named("李某").respondent())
}

/// The first grid of 宁郭村, where the source's homestead dispute was settled.
async fn ningguo_grid(app: &TestApp) -> i64 {
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
async fn id_numbers_are_masked_and_a_full_look_is_audited() {
    let app = TestApp::spawn().await;
    let manager = app.grid_manager(1).await;
    let id = manager.report(homestead_dispute(manager.unit)).await.id;
    assert_eq!(manager.case(id).await.parties[0].id_number.as_deref(), Some("110105********002X"));
    assert_eq!(manager.case(id).await.parties[0].phone, "138****0001", "the phone too");
    let looks = || {
        sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'case.reveal_id_numbers'",
        )
        .fetch_one(&app.db.pool)
    };
    assert_eq!(looks().await.unwrap(), 0);
    let revealed = manager.case_revealed(id).await;
    assert_eq!(revealed.parties[0].id_number.as_deref(), Some(ID));
    assert_eq!(revealed.parties[0].phone, "13800000001");
    assert_eq!(looks().await.unwrap(), 1);
    // The leader may read the case but not unmask the people in it.
    let leader = app.leader().await;
    refusal(
        leader.try_get(&format!("/api/v1/cases/{id}?reveal=true")).await,
        StatusCode::FORBIDDEN,
    )
    .await;
}

#[tokio::test]
async fn cases_are_seen_and_worked_within_ones_scope() {
    let app = TestApp::spawn().await;
    let mine = app.grid_manager(1).await;
    let id = mine.report(homestead_dispute(mine.unit)).await.id;
    let other = app.grid_manager(2).await;
    refusal(other.try_get(&format!("/api/v1/cases/{id}")).await, StatusCode::NOT_FOUND).await;
    refusal(other.try_act(id, Action::Register).await, StatusCode::NOT_FOUND).await;
    assert_eq!(other.cases(&CaseQuery::default()).await.total, 0);
    let leader = app.leader().await;
    assert_eq!(leader.case(id).await.case.id, id);
    refusal(leader.try_act(id, Action::Register).await, StatusCode::FORBIDDEN).await;
    // The township above may work it.
    app.township(WENCHANG).await.act(id, Action::Register).await;
}

#[tokio::test]
async fn escalation_deferral_and_the_overdue_sweep() {
    let app = TestApp::spawn().await;
    let manager = app.grid_manager(1).await;
    let grid = manager.unit;
    let village = app.parent_of(grid).await;
    let id = manager.report(homestead_dispute(grid)).await.id;
    manager.act(id, Action::Register).await;
    let up = manager.act(id, Action::Escalate("网格调解不成，上报村里")).await;
    assert_eq!((up.state.as_str(), up.handler_unit_id), ("reported", village));

    let township = app.township(WENCHANG).await;
    township.act(id, Action::Register).await;
    let due = township.act(id, Action::dispatch_to(village)).await.due_at.unwrap();
    // A grid manager may not grant themselves more time; the township may.
    refusal(manager.try_act(id, Action::Defer { days: 5, note: "x" }).await, StatusCode::FORBIDDEN)
        .await;
    let deferred = township.act(id, Action::Defer { days: 5, note: "当事人外出务工" }).await;
    assert!(deferred.due_at.unwrap() > due);
    assert!(deferred.deferred);

    // Once the deadline has passed, the sweep flags the case once.
    let later = chrono::Utc::now() + chrono::Duration::days(120);
    assert_eq!(zhili::cases::services::sweep_overdue(&app.db, later).await.unwrap(), 1);
    assert_eq!(zhili::cases::services::sweep_overdue(&app.db, later).await.unwrap(), 0);
    let detail = manager.case(id).await;
    assert!(detail.case.overdue);
    assert_eq!(detail.last_event().action, "overdue");

    // Still overdue a working day after the reminder: the township above takes it over.
    let township = app.unit_id(&demo::township_code(WENCHANG)).await;
    assert_eq!(zhili::cases::services::escalate_overdue(&app.db, later).await.unwrap(), 1);
    let up = manager.case(id).await;
    assert_eq!((up.case.handler_unit_id, up.case.state.as_str()), (township, "reported"));
    let last = up.last_event();
    assert_eq!((last.action.as_str(), last.actor.as_str()), ("escalate", "system"));
    assert_eq!(
        zhili::cases::services::escalate_overdue(&app.db, later).await.unwrap(),
        0,
        "its new step has time left"
    );
}

#[tokio::test]
async fn rollups_equal_a_full_recomputation() {
    let app = TestApp::spawn().await;
    let manager = app.grid_manager(1).await;
    let supervisor = app.grid_supervisor(1).await;
    let grid = manager.unit;
    let mut ids = Vec::new();
    for _ in 0..6 {
        ids.push(manager.report(homestead_dispute(grid)).await.id);
    }
    for (i, id) in ids.iter().enumerate() {
        let steps = match i {
            0 => vec![Action::Refuse("不属于纠纷")],
            1 => vec![Action::Merge { into: ids[0] }],
            2 => vec![Action::Register, Action::Withdraw("当事人撤回")],
            _ => vec![
                Action::Register,
                Action::dispatch_to(grid),
                Action::Accept,
                Action::Feedback {
                    outcome: if i == 5 { "referred" } else { "resolved" },
                    note: "处置完毕",
                },
            ],
        };
        for action in steps {
            manager.act(*id, action).await;
        }
    }
    supervisor.act(ids[3], Action::Rework("协议未签字")).await;
    manager.act(ids[3], Action::Feedback { outcome: "resolved", note: "补签" }).await;
    for id in &ids[3..] {
        supervisor.act(*id, Action::Verify).await;
    }
    manager.act(ids[4], Action::Reopen("当事人反悔")).await;

    let snapshot = || async {
        let rows: Vec<RollupRow> = sqlx::query_as(
            "SELECT unit_id, day, category_id, found, resolved, closed, left_out, reworked FROM case_rollups \
             WHERE found <> 0 OR resolved <> 0 OR closed <> 0 ORDER BY unit_id, day, category_id",
        )
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
        rows
    };
    let kept = snapshot().await;
    zhili::cases::services::recompute_rollups(&app.db).await.unwrap();
    assert_eq!(snapshot().await, kept);
    let zone = app.unit_id(demo::ZONE_CODE).await;
    let r = app.leader().await.rates(&CaseQuery::unit(zone).on(app.db.clock.today())).await;
    assert_eq!((r.found, r.resolved, r.closed), (6, 1, 4));
    assert_eq!(r.resolution_rate, Rate::of(0.25, 1, 4, 2));
    assert_eq!(r.rework_rate.numerator, 1);
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
async fn photos_are_sniffed_kept_with_their_exif_and_served_within_scope() {
    let app = TestApp::spawn().await;
    let manager = app.grid_manager(1).await;
    let id = manager.report(Report::in_grid("I0101", manager.unit, "井盖缺失")).await.id;
    let res = manager
        .upload_photo(id, "site.jpg", include_bytes!("../fixtures/photo.jpg").to_vec())
        .await;
    let photo: Photo = expect(res, StatusCode::CREATED, "a photo").await;
    assert_eq!(
        (photo.content_type.as_str(), photo.taken_at.as_deref()),
        ("image/jpeg", Some("2015-09-15 09:20:00"))
    );
    assert!((photo.lat.unwrap() - 35.16).abs() < 1e-6);
    // A file that only calls itself a photo is refused by its bytes.
    let res = manager.upload_photo(id, "fake.jpg", b"%PDF-1.7 a document".to_vec()).await;
    assert_eq!(invalid_fields(res).await, ["photo"]);

    let res = manager.try_get(&format!("/api/v1/photos/{}", photo.id)).await;
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    assert_eq!(res.bytes().await.unwrap().as_ref(), include_bytes!("../fixtures/photo.jpg"));
    let other = app.grid_manager(2).await;
    refusal(other.try_get(&format!("/api/v1/photos/{}", photo.id)).await, StatusCode::NOT_FOUND)
        .await;
    assert_eq!(manager.photos(id).await.len(), 1);
    assert_eq!(manager.case(id).await.last_event().action, "photo");
}

#[tokio::test]
async fn concurrent_reports_share_commits_and_every_one_lands() {
    let app = TestApp::spawn().await;
    let township = app.township(NINGGUO).await;
    let grid = ningguo_grid(&app).await;
    let mut tasks = Vec::new();
    for i in 0..60 {
        let (client, url, token) =
            (app.client.clone(), app.url("/api/v1/cases"), township.token.clone());
        tasks.push(tokio::spawn(async move {
            let body = Report::in_grid("I0301", grid, &format!("垃圾堆放 {i}"));
            let res = client.post(url).bearer_auth(token).json(&body).send().await.unwrap();
            (res.status(), res.json::<crate::kit::Case>().await.ok().map(|c| c.id))
        }));
    }
    let mut ids = Vec::new();
    for t in tasks {
        let (status, id) = t.await.unwrap();
        assert_eq!(status, StatusCode::CREATED);
        ids.push(id.unwrap());
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 60);
    assert_eq!(app.count("cases").await, 60);
    assert_eq!(zhili::platform::audit::verify(&app.db).await.unwrap().broken, None);
    let unit = app.unit_id(&demo::township_code(NINGGUO)).await;
    assert_eq!(township.rates(&CaseQuery::unit(unit).on(app.db.clock.today())).await.found, 60);
}

#[tokio::test]
async fn the_case_map_draws_each_case_in_its_grid_by_status() {
    let app = TestApp::spawn().await;
    let manager = app.grid_manager(1).await;
    for _ in 0..3 {
        manager.report(Report::in_grid("I0301", manager.unit, "垃圾")).await;
    }
    let map = manager.page("/cases/map").await;
    assert_eq!(map.status, StatusCode::OK);
    assert_eq!(map.html.matches("<circle class=\"marker open\"").count(), 3);
    assert!(map.html.contains("href=\"/cases/1\""));
}

#[tokio::test]
async fn a_suspension_stops_the_clock_and_resuming_gives_the_time_back() {
    let app = TestApp::spawn().await;
    let manager = app.grid_manager(1).await;
    let grid = manager.unit;
    let id = manager.report(homestead_dispute(grid)).await.id;
    for step in [Action::Register, Action::dispatch_to(grid), Action::Accept] {
        manager.act(id, step).await;
    }
    let before = manager.case(id).await.case;
    // Only the level above may stop the clock.
    refusal(manager.try_act(id, Action::Suspend("x")).await, StatusCode::FORBIDDEN).await;
    let login = demo::township(WENCHANG).unwrap().login;
    let township_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username = $1")
        .bind(login)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let township =
        zhili::platform::access::actor::Actor::load(&app.db, township_id).await.unwrap().unwrap();
    let t0 = chrono::Utc::now();
    let input = |action: &str, at| zhili::cases::services::ActionInput {
        action: action.into(),
        note: "当事人住院".into(),
        at: Some(at),
        ..Default::default()
    };
    let paused =
        zhili::cases::services::act(&app.db, &township, id, input("suspend", t0)).await.unwrap();
    assert_eq!((paused.state, paused.step_deadline), (CaseState::Suspended, None));
    // Suspended cases are never overdue, however long they wait.
    assert_eq!(
        zhili::cases::services::sweep_overdue(&app.db, t0 + chrono::Duration::days(400))
            .await
            .unwrap(),
        0
    );
    let resumed = zhili::cases::services::act(
        &app.db,
        &township,
        id,
        input("resume", t0 + chrono::Duration::days(60)),
    )
    .await
    .unwrap();
    assert_eq!(resumed.state, CaseState::Handling);
    let due_before =
        chrono::DateTime::parse_from_rfc3339(before.due_at.as_deref().unwrap()).unwrap().to_utc();
    let due_after = resumed.due_at.unwrap().0;
    let moved = due_after - due_before;
    assert!(
        moved > chrono::Duration::days(55) && moved < chrono::Duration::days(70),
        "the due time moved by the pause: {moved}"
    );
    assert!(resumed.deferred, "a suspended case leaves the on-time rate");
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
