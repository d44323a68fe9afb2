//! The pages, as a browser without JavaScript uses them: sessions, CSRF, scope, language.

use crate::helpers::PASSWORD;

use crate::helpers::TestApp;
use reqwest::StatusCode;

/// The value of `name="csrf"` in a page.
pub(crate) fn csrf_of(html: &str) -> String {
    let at = html.find("name=\"csrf\" value=\"").expect("a csrf field") + 19;
    html[at..].split('"').next().unwrap().to_string()
}

/// The `name=value` of a Set-Cookie header for `name`.
fn cookie(res: &reqwest::Response, name: &str) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with(&format!("{name}=")))
        .map(str::to_string)
}

/// Posts the login form as a browser does: fetch the form, send back its token and cookie.
pub(crate) async fn post_login(app: &TestApp, username: &str, password: &str) -> reqwest::Response {
    let form = app.client.get(app.url("/login")).send().await.unwrap();
    let login_cookie = cookie(&form, "zhili_login_csrf").unwrap();
    let csrf = csrf_of(&form.text().await.unwrap());
    app.client
        .post(app.url("/login"))
        .header("cookie", login_cookie.split(';').next().unwrap())
        .form(&[("csrf", csrf.as_str()), ("username", username), ("password", password)])
        .send()
        .await
        .unwrap()
}

/// Logs in through the form and returns the session cookie (`zhili_session=…`).
pub async fn page_login(app: &TestApp, username: &str) -> String {
    let res = post_login(app, username, PASSWORD).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "login as {username}");
    let session = cookie(&res, "zhili_session").expect("a session cookie");
    assert!(session.contains("HttpOnly") && session.contains("SameSite=Lax"), "{session}");
    session.split(';').next().unwrap().to_string()
}

async fn page(app: &TestApp, session: &str, path: &str) -> (StatusCode, String) {
    let res = app.client.get(app.url(path)).header("cookie", session).send().await.unwrap();
    (res.status(), res.text().await.unwrap())
}

#[tokio::test]
async fn pages_need_a_session() {
    let app = TestApp::spawn().await;
    let res = app.client.get(app.url("/")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/login");
    let login = app.client.get(app.url("/login")).send().await.unwrap().text().await.unwrap();
    assert!(login.contains("<html lang=\"zh-CN\">") && login.contains("登录"), "Chinese by default");
}

#[tokio::test]
async fn a_login_without_its_form_token_is_refused() {
    let app = TestApp::spawn().await;
    let res = app.client.post(app.url("/login")).form(&[("username", "leader"), ("password", PASSWORD)]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(cookie(&res, "zhili_session").is_none());
}

#[tokio::test]
async fn a_wrong_password_shows_the_form_again_with_the_name_kept() {
    let app = TestApp::spawn().await;
    let res = post_login(&app, "leader", "nope-nope").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let html = res.text().await.unwrap();
    assert!(html.contains("用户名或密码不正确") && html.contains("value=\"leader\""));
}

#[tokio::test]
async fn the_leader_walks_from_the_zone_down_to_a_grid_and_its_four_staff() {
    let app = TestApp::spawn().await;
    let session = page_login(&app, "leader").await;
    let (status, home) = page(&app, &session, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(home.contains("焦作市城乡一体化示范区") && home.contains("715"));

    let zone = app.unit_id("410871000000").await;
    let (_, zone_page) = page(&app, &session, &format!("/units/{zone}")).await;
    assert!(zone_page.contains("<svg class=\"map\"") && zone_page.contains("宁郭镇"));
    assert!(zone_page.contains(&format!("next=/units/{zone}")), "the language switch comes back here");
    let village = app.unit_id("410871100200").await;
    let (_, village_page) = page(&app, &session, &format!("/units/{village}")).await;
    assert!(village_page.contains("宁郭村第1网格"));
    let grid = app.unit_id("410871100200001").await;
    let (status, grid_page) = page(&app, &session, &format!("/units/{grid}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(grid_page.contains("申安胜"), "the source's grid mediator manages 宁郭村's first grid");
    for role in ["网格管理员", "网格协管员", "网格警务员", "网格监督员"] {
        assert!(grid_page.contains(role), "{role}");
    }
}

#[tokio::test]
async fn a_grid_manager_cannot_open_another_grid_page() {
    let app = TestApp::spawn().await;
    let session = page_login(&app, "g001-manager").await;
    let mine = app.unit_of("g001-manager").await;
    let other = app.unit_of("g002-manager").await;
    assert_eq!(page(&app, &session, &format!("/units/{mine}")).await.0, StatusCode::OK);
    let (status, html) = page(&app, &session, &format!("/units/{other}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!html.contains("第2网格"));
    assert_eq!(page(&app, &session, "/admin/users").await.0, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn forms_need_the_sessions_token_and_logout_ends_the_session() {
    let app = TestApp::spawn().await;
    let session = page_login(&app, "admin").await;
    let zone = app.unit_id("410871000000").await;
    let post = |csrf: String, name: &'static str| {
        app.client.post(app.url(&format!("/units/{zone}/edit"))).header("cookie", &session).form(&[
            ("csrf", csrf),
            ("name", name.to_string()),
            ("code", "410871000000".to_string()),
        ])
    };
    assert_eq!(post("forged".into(), "改名").send().await.unwrap().status(), StatusCode::FORBIDDEN);
    let (_, html) = page(&app, &session, &format!("/units/{zone}")).await;
    let csrf = csrf_of(&html);
    let res = post(csrf.clone(), "示范区").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let name: String = sqlx::query_scalar("SELECT name FROM units WHERE id = $1").bind(zone).fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(name, "示范区");

    // A bad code comes back on the page, with what was typed kept.
    let res = app
        .client
        .post(app.url(&format!("/units/{zone}/edit")))
        .header("cookie", &session)
        .form(&[("csrf", csrf.as_str()), ("name", "示范区二"), ("code", "123")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("应为 12 位数字") && html.contains("value=\"示范区二\""));

    let res = app.client.post(app.url("/logout")).header("cookie", &session).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(page(&app, &session, "/").await.0, StatusCode::SEE_OTHER, "the old cookie is dead");
}

#[tokio::test]
async fn english_by_the_switch_or_the_browser() {
    let app = TestApp::spawn().await;
    let res = app.client.get(app.url("/lang/en?next=/login")).send().await.unwrap();
    assert_eq!(res.headers()["location"], "/login");
    let lang = cookie(&res, "lang").unwrap();
    let html =
        app.client.get(app.url("/login")).header("cookie", lang.split(';').next().unwrap()).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("<html lang=\"en\">") && html.contains("Log in"));
    let html = app.client.get(app.url("/login")).header("accept-language", "en-GB").send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Username"));
    let res = app.client.get(app.url("/lang/en?next=//evil.example")).send().await.unwrap();
    assert_eq!(res.headers()["location"], "/", "no open redirect");
}

#[tokio::test]
async fn an_admin_adds_a_person_on_the_users_page() {
    let app = TestApp::spawn().await;
    let session = page_login(&app, "admin").await;
    let grid = app.unit_of("g005-manager").await;
    let (status, html) = page(&app, &session, &format!("/admin/users?unit={grid}")).await;
    assert_eq!(status, StatusCode::OK);
    let csrf = csrf_of(&html);
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
    let res = app.client.post(app.url("/admin/users")).header("cookie", &session).form(&form("li.si")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = app.client.post(app.url("/admin/users")).header("cookie", &session).form(&form("li.si")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("该用户名已存在"));
    let (_, html) = page(&app, &session, &format!("/admin/users?unit={grid}")).await;
    assert!(html.contains("李四") && html.contains("li.si"));
    // The home page's recent actions name the person made, not the row: 新建账号 李四.
    let (_, home) = page(&app, &session, "/").await;
    let recent = &home[home.find("我最近的操作").expect("the recent actions")..];
    assert!(recent.contains("新建账号") && recent.contains("李四"), "{recent}");
    assert!(!recent.contains("user:"), "objects are shown by name: {recent}");
}

#[tokio::test]
async fn an_admin_exports_a_villages_people_to_excel() {
    let app = TestApp::spawn().await;
    let session = page_login(&app, "admin").await;
    let village = app.unit_id("410871100200").await;
    let res = app.client.get(app.url(&format!("/admin/users.xlsx?unit={village}"))).header("cookie", &session).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let rows = zhili::platform::sheet::read_rows(&res.bytes().await.unwrap()).unwrap();
    let grids: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM units WHERE parent_id = $1").bind(village).fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(rows.len() as i64, 1 + 4 * grids, "a header and four staff a grid");
    assert!(rows.iter().any(|r| r[1] == "申安胜"));
    let other = page_login(&app, "leader").await;
    let res = app.client.get(app.url(&format!("/admin/users.xlsx?unit={village}"))).header("cookie", &other).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}
