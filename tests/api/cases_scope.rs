//! Who sees a case and its parts: ID numbers masked unless revealed (and audited), cases, photos
//! and the map only within one's scope.

use crate::cases::{ID, homestead_dispute};
use crate::helpers::{TestApp, invalid_fields};
use crate::kit::answers::Photo;
use crate::kit::demo::WENCHANG;
use crate::kit::{Action, CaseQuery, Report, expect, refusal};
use reqwest::StatusCode;

#[tokio::test]
async fn id_numbers_are_masked_and_a_full_look_is_audited() {
    let app = TestApp::spawn().await;
    let manager = app.grid_manager(1).await;
    let id = manager.report(homestead_dispute(manager.unit)).await.id;
    assert_eq!(manager.case(id).await.parties[0].id_number.as_deref(), Some("1101**********002X"));
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
