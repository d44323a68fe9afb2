//! A case's deadlines: escalation, deferral, the overdue sweep and its escalation, and a
//! suspension that stops the clock.

use crate::cases::homestead_dispute;
use crate::helpers::TestApp;
use crate::kit::demo::{self, WENCHANG};
use crate::kit::{Action, refusal};
use reqwest::StatusCode;
use zhili::cases::domain::CaseState;

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
