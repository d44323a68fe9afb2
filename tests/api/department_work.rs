//! A department works a case only while it is dispatched to that department: it acts on it and
//! reveals its parties' ID numbers then, and otherwise reads it as the leader does (403).

use crate::helpers::TestApp;
use crate::kit::answers::{CaseDetail, Department};
use crate::kit::callers::Caller;
use crate::kit::session::csrf_of;
use crate::kit::{Action, PartyIn, Report};
use reqwest::StatusCode;

/// The applicant's whole ID number.
const ID: &str = "11010519491231002X";

/// A registered dispute in the manager's grid with a party's whole ID number on file.
async fn registered_dispute(manager: &Caller<'_>) -> i64 {
    let report = Report::in_grid("D01", manager.unit, "两户宅基地边界争议")
        .on_the_round()
        .party(PartyIn::named("王某").id_number(ID))
        .party(PartyIn::named("李某").respondent());
    let id = manager.report(report).await.id;
    manager.act(id, Action::Register).await;
    id
}

/// An action the caller may not do.
async fn forbidden(caller: &Caller<'_>, case: i64, action: Action) {
    let what = format!("{} on case {case}: {}", caller.login, action.body());
    assert_eq!(caller.try_act(case, action).await.status(), StatusCode::FORBIDDEN, "{what}");
}

/// How the caller's asking for the whole ID numbers is answered; when shown, they are whole.
async fn reveal(caller: &Caller<'_>, case: i64) -> StatusCode {
    let res = caller.try_get(&format!("/api/v1/cases/{case}?reveal=true")).await;
    let status = res.status();
    if status == StatusCode::OK {
        let detail: CaseDetail = res.json().await.unwrap();
        assert_eq!(detail.parties[0].id_number.as_deref(), Some(ID), "revealed whole");
    }
    status
}

async fn department_id(caller: &Caller<'_>, kind: &str) -> i64 {
    let departments: Vec<Department> = caller.get("/api/v1/departments").await;
    departments.iter().find(|d| d.kind == kind).unwrap().id
}

#[tokio::test]
async fn a_department_acts_and_reveals_only_while_the_case_is_dispatched_to_it() {
    let app = TestApp::spawn().await;
    let manager = app.grid_manager(1).await;
    let (civil, supervision, leader) = (
        app.department("civil_affairs").await,
        app.department("supervision").await,
        app.leader().await,
    );

    // Not dispatched: every department reads it, as the leader does, and may neither act nor reveal.
    let undispatched = registered_dispute(&manager).await;
    for caller in [&civil, &supervision, &leader] {
        assert_eq!(
            caller.try_get(&format!("/api/v1/cases/{undispatched}")).await.status(),
            StatusCode::OK
        );
        assert_eq!(reveal(caller, undispatched).await, StatusCode::FORBIDDEN);
        forbidden(caller, undispatched, Action::Refuse("不属于受理范围")).await;
        forbidden(caller, undispatched, Action::Defer { days: 5, note: "需时" }).await;
    }

    // Dispatched to civil affairs: it reveals and acts; supervision still only reads.
    let dispatched = registered_dispute(&manager).await;
    let to = department_id(&manager, "civil_affairs").await;
    manager.act(dispatched, Action::dispatch_to_department(to)).await;
    assert_eq!(reveal(&supervision, dispatched).await, StatusCode::FORBIDDEN);
    forbidden(&supervision, dispatched, Action::Accept).await;
    assert_eq!(reveal(&civil, dispatched).await, StatusCode::OK);
    civil.act(dispatched, Action::Accept).await;

    // Sent back to the grid, it is no longer the department's to work.
    let elsewhere = registered_dispute(&manager).await;
    manager.act(elsewhere, Action::dispatch_to_department(to)).await;
    civil.act(elsewhere, Action::Object("应由村里调处")).await;
    assert_eq!(reveal(&civil, elsewhere).await, StatusCode::FORBIDDEN);
    forbidden(&civil, elsewhere, Action::Refuse("不属于受理范围")).await;
}

#[tokio::test]
async fn the_case_page_offers_a_department_no_actions_on_work_not_its_own_and_refuses_a_forged_post()
 {
    let app = TestApp::spawn().await;
    let manager = app.grid_manager(1).await;
    let case = registered_dispute(&manager).await;
    let civil = app.department("civil_affairs").await;
    let page = civil.page(&format!("/cases/{case}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.html.contains(&format!("action=\"/cases/{case}/act\"")), "no actions offered");
    assert!(!page.html.contains("reveal=1"), "no reveal offered");
    let csrf = csrf_of(&page.html);
    let forged = [("csrf", csrf.as_str()), ("action", "refuse"), ("note", "伪造的表单")];
    assert_eq!(
        civil.post_form(&format!("/cases/{case}/act"), &forged).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        civil.open(&format!("/cases/{case}?reveal=1")).await.status(),
        StatusCode::FORBIDDEN
    );
    let state: String = sqlx::query_scalar("SELECT state FROM cases WHERE id = $1")
        .bind(case)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(state, "registered", "nothing changed");

    // Dispatched to it, the same page offers the actions.
    let to = department_id(&manager, "civil_affairs").await;
    manager.act(case, Action::dispatch_to_department(to)).await;
    let html = civil.page(&format!("/cases/{case}")).await.html;
    assert!(
        html.contains(&format!("action=\"/cases/{case}/act\"")),
        "actions offered on its own work"
    );
}
