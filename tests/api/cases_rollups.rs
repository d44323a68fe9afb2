//! The rates' rollups: kept equal to a full recomputation, and every one of many concurrent
//! reports counted.

use crate::cases::{homestead_dispute, ningguo_grid};
use crate::helpers::TestApp;
use crate::kit::demo::{self, NINGGUO};
use crate::kit::{Action, CaseQuery, Rate, Report};
use reqwest::StatusCode;

/// unit, day, category, found, resolved, closed, left out, reworked.
type RollupRow = (i64, String, i64, i64, i64, i64, i64, i64);

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
