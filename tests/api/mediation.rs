//! Mediating a dispute: sessions, the agreement and its printable text, the follow-up.

use crate::helpers::{TestApp, invalid_fields};
use crate::kit::answers::Agreement;
use crate::kit::callers::Caller;
use crate::kit::{Action, PartyIn, Report, expect, refusal};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A neighbours' drainage dispute in the manager's grid, registered, dispatched there and taken on.
async fn dispute(manager: &Caller<'_>) -> i64 {
    let grid = manager.unit;
    let report = Report::in_grid("D02", grid, "邻里因排水争执")
        .party(PartyIn::named("赵某").id_number("11010519491231002X"))
        .party(PartyIn::named("钱某").respondent());
    let id = manager.report(report).await.id;
    for step in [Action::Register, Action::dispatch_to(grid), Action::Accept] {
        manager.act(id, step).await;
    }
    id
}

fn agreement(signed: bool) -> Value {
    json!({"facts": "赵某与钱某因院内排水管道走向发生争执。", "obligations": "钱某于一周内改造排水管道，赵某给予配合。",
           "performance": "钱某自行施工，村委会监督。", "performance_due": "2026-12-10", "signed_on": "2026-11-27",
           "signed_by_all": signed, "committee": "文昌社区人民调解委员会"})
}

/// The dispute with its signed agreement on record.
async fn agreed(manager: &Caller<'_>) -> i64 {
    let id = dispute(manager).await;
    let _: Agreement = expect(
        manager.record_agreement(id, &agreement(true)).await,
        StatusCode::OK,
        "the agreement",
    )
    .await;
    id
}

#[tokio::test]
async fn a_mediation_is_recorded_agreed_printed_and_followed_up() {
    let app = TestApp::spawn().await;
    let manager = app.grid_manager(1).await;
    let id = dispute(&manager).await;
    let session = json!({"held_on": "2026-11-27", "place": "村委会调解室", "summary": "双方陈述，初步同意改管"});
    assert_eq!(manager.hold_session(id, &session).await.status(), StatusCode::CREATED);
    let res = manager.record_agreement(id, &agreement(false)).await;
    assert_eq!(
        invalid_fields(res).await,
        ["signed_by_all"],
        "an unsigned agreement is not recorded"
    );
    let a: Agreement = expect(
        manager.record_agreement(id, &agreement(true)).await,
        StatusCode::OK,
        "the agreement",
    )
    .await;
    assert_eq!(a.number, format!("(2026)示调字第{id}号"));
    let m = manager.mediation(id).await;
    assert_eq!(m.sessions.len(), 1);
    assert_eq!(m.clock_ends, "2026-12-27");

    assert_eq!(manager.record_performance(id, true, "已改造完毕").await.performed, Some(true));
    let actions: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_log WHERE action LIKE 'mediation.%' ORDER BY seq",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(actions, ["mediation.session", "mediation.agreement", "mediation.performance"]);
}

#[tokio::test]
async fn the_printable_agreement_has_the_required_contents_and_masks_id_numbers() {
    let app = TestApp::spawn().await;
    let manager = app.grid_manager(1).await;
    let id = agreed(&manager).await;
    let page = manager.page(&format!("/cases/{id}/agreement")).await;
    assert_eq!(page.status, StatusCode::OK);
    for part in [
        "人民调解协议书",
        "纠纷主要事实",
        "履行方式和期限",
        "2026-12-10",
        "赵某",
        "钱某",
        "1101**********002X",
        "文昌社区人民调解委员会",
    ] {
        assert!(page.html.contains(part), "{part}");
    }
    assert!(!page.html.contains("11010519491231002X"));
}

#[tokio::test]
async fn mediation_is_for_open_disputes_in_ones_scope() {
    let app = TestApp::spawn().await;
    let manager = app.grid_manager(1).await;
    let incident = manager.report(Report::in_grid("I0301", manager.unit, "垃圾堆放")).await;
    let session = json!({"held_on": "2026-11-27", "place": "现场", "summary": "x"});
    refusal(manager.hold_session(incident.id, &session).await, StatusCode::CONFLICT).await;
    let id = dispute(&manager).await;
    let other = app.grid_manager(2).await;
    refusal(other.hold_session(id, &session).await, StatusCode::NOT_FOUND).await;
    let bad = json!({"held_on": "27/11/2026", "place": "", "summary": "x"});
    assert_eq!(invalid_fields(manager.hold_session(id, &bad).await).await, ["held_on", "place"]);
}

#[tokio::test]
async fn the_agreement_comes_as_a_word_document_too() {
    let app = TestApp::spawn().await;
    let manager = app.grid_manager(1).await;
    let id = agreed(&manager).await;
    let res = manager.open(&format!("/cases/{id}/agreement.docx")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = res.bytes().await.unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    for part in [
        "人民调解协议书",
        "履行方式和期限",
        "钱某于一周内改造排水管道",
        "1101**********002X",
        "文昌社区人民调解委员会",
    ] {
        assert!(xml.contains(part), "{part}");
    }
    assert!(!xml.contains("11010519491231002X"));
}
