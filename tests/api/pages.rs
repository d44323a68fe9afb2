//! The pages, as a browser without JavaScript uses them: sessions, CSRF, scope, language.

use crate::helpers::{PASSWORD, TestApp};
use crate::kit::demo::{self, NINGGUO, NINGGUO_VILLAGE};
use crate::kit::session::cookie;
use reqwest::StatusCode;

/// Other test files log in to pages through this.
pub use crate::kit::session::{csrf_of, page_login, post_login};

#[tokio::test]
async fn pages_need_a_session() {
    let app = TestApp::spawn().await;
    let public = app.public();
    let res = public.open("/").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/login");
    let login = public.page("/login").await.html;
    assert!(
        login.contains("<html lang=\"zh-CN\">") && login.contains("登录"),
        "Chinese by default"
    );
}

#[tokio::test]
async fn a_login_without_its_form_token_is_refused() {
    let app = TestApp::spawn().await;
    let res = app
        .client
        .post(app.url("/login"))
        .form(&[("username", demo::LEADER), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(cookie(&res, "zhili_session").is_none());
}

#[tokio::test]
async fn a_wrong_password_shows_the_form_again_with_the_name_kept() {
    let app = TestApp::spawn().await;
    let res = post_login(&app, demo::LEADER, "nope-nope").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let html = res.text().await.unwrap();
    assert!(html.contains("用户名或密码不正确") && html.contains("value=\"leader\""));
}

#[tokio::test]
async fn the_leader_walks_from_the_zone_down_to_a_grid_and_its_four_staff() {
    let app = TestApp::spawn().await;
    let leader = app.leader().await;
    let home = leader.page("/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.html.contains(demo::ZONE_NAME) && home.html.contains(&demo::GRIDS.to_string()));

    let zone = app.unit_id(demo::ZONE_CODE).await;
    let zone_page = leader.page(&format!("/units/{zone}")).await.html;
    assert!(zone_page.contains("<svg class=\"map\"") && zone_page.contains(NINGGUO));
    assert!(
        zone_page.contains(&format!("next=/units/{zone}")),
        "the language switch comes back here"
    );
    let village = app.unit_id(&demo::village_code(NINGGUO, NINGGUO_VILLAGE)).await;
    assert!(
        leader
            .page(&format!("/units/{village}"))
            .await
            .html
            .contains(&demo::grid_name(NINGGUO_VILLAGE, 1))
    );
    let grid = app.unit_id(&demo::village_grid_code(NINGGUO, NINGGUO_VILLAGE, 1)).await;
    let grid_page = leader.page(&format!("/units/{grid}")).await;
    assert_eq!(grid_page.status, StatusCode::OK);
    assert!(
        grid_page.html.contains(demo::SOURCE_MEDIATOR),
        "the source's grid mediator manages 宁郭村's first grid"
    );
    for role in ["网格管理员", "网格协管员", "网格警务员", "网格监督员"] {
        assert!(grid_page.html.contains(role), "{role}");
    }
}

#[tokio::test]
async fn a_grid_manager_cannot_open_another_grid_page() {
    let app = TestApp::spawn().await;
    let manager = app.grid_manager(1).await;
    let other = app.grid(2).await;
    assert_eq!(manager.page(&format!("/units/{}", manager.unit)).await.status, StatusCode::OK);
    let theirs = manager.page(&format!("/units/{other}")).await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
    assert!(!theirs.html.contains("第2网格"));
    assert_eq!(manager.page("/admin/users").await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn forms_need_the_sessions_token_and_logout_ends_the_session() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let zone = app.unit_id(demo::ZONE_CODE).await;
    let edit = format!("/units/{zone}/edit");
    let rename = async |csrf: &str, name: &str| {
        admin.post_form(&edit, &[("csrf", csrf), ("name", name), ("code", demo::ZONE_CODE)]).await
    };
    assert_eq!(rename("forged", "改名").await.status(), StatusCode::FORBIDDEN);
    let csrf = csrf_of(&admin.page(&format!("/units/{zone}")).await.html);
    assert_eq!(rename(&csrf, "示范区").await.status(), StatusCode::SEE_OTHER);
    let name: String = sqlx::query_scalar("SELECT name FROM units WHERE id = $1")
        .bind(zone)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(name, "示范区");

    // A bad code comes back on the page, with what was typed kept.
    let res = admin
        .post_form(&edit, &[("csrf", csrf.as_str()), ("name", "示范区二"), ("code", "123")])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("应为 12 位数字") && html.contains("value=\"示范区二\""));

    assert_eq!(
        admin.post_form("/logout", &[("csrf", csrf.as_str())]).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(admin.page("/").await.status, StatusCode::SEE_OTHER, "the old cookie is dead");
}

#[tokio::test]
async fn english_by_the_switch_or_the_browser() {
    let app = TestApp::spawn().await;
    let public = app.public();
    let res = public.open("/lang/en?next=/login").await;
    assert_eq!(res.headers()["location"], "/login");
    let lang = cookie(&res, "lang").unwrap();
    let html = app
        .client
        .get(app.url("/login"))
        .header("cookie", lang.split(';').next().unwrap())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("<html lang=\"en\">") && html.contains("Log in"));
    let html = app
        .client
        .get(app.url("/login"))
        .header("accept-language", "en-GB")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Username"));
    let res = public.open("/lang/en?next=//evil.example").await;
    assert_eq!(res.headers()["location"], "/", "no open redirect");
}

#[tokio::test]
async fn an_admin_adds_a_person_on_the_users_page() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let grid = app.grid(5).await;
    let users = admin.page(&format!("/admin/users?unit={grid}")).await;
    assert_eq!(users.status, StatusCode::OK);
    let csrf = csrf_of(&users.html);
    let form = |username: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("unit", grid.to_string()),
            ("username", username.to_string()),
            ("display_name", "李四".to_string()),
            ("phone", "13700000000".to_string()),
            ("password", "a-good-password".to_string()),
            ("role", "grid_staff".to_string()),
            ("grid_role", "assistant".to_string()),
        ]
    };
    assert_eq!(
        admin.post_form("/admin/users", &form("li.si")).await.status(),
        StatusCode::SEE_OTHER
    );
    let res = admin.post_form("/admin/users", &form("li.si")).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("该用户名已存在"));
    let html = admin.page(&format!("/admin/users?unit={grid}")).await.html;
    assert!(html.contains("李四") && html.contains("li.si"));
    // The home page's recent actions name the person made, not the row: 新建账号 李四.
    let home = admin.page("/").await.html;
    let recent = &home[home.find("我最近的操作").expect("the recent actions")..];
    assert!(recent.contains("新建账号") && recent.contains("李四"), "{recent}");
    assert!(!recent.contains("user:"), "objects are shown by name: {recent}");
}

#[tokio::test]
async fn an_admin_exports_a_villages_people_to_excel() {
    let app = TestApp::spawn().await;
    let village = app.unit_id(&demo::village_code(NINGGUO, NINGGUO_VILLAGE)).await;
    let export = format!("/admin/users.xlsx?unit={village}");
    let res = app.admin().await.open(&export).await;
    assert_eq!(res.status(), StatusCode::OK);
    let rows = zhili::platform::sheet::read_rows(&res.bytes().await.unwrap()).unwrap();
    let grids: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM units WHERE parent_id = $1")
        .bind(village)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(rows.len() as i64, 1 + 4 * grids, "a header and four staff a grid");
    assert!(rows.iter().any(|r| r[1] == demo::SOURCE_MEDIATOR));
    assert_eq!(app.leader().await.open(&export).await.status(), StatusCode::FORBIDDEN);
}
