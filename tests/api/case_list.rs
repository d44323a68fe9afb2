//! The case list as a person at a desk uses it: filters and sort in the URL, the total, and an
//! export of exactly the filtered rows, audited.

use crate::helpers::TestApp;
use crate::pages::page_login;
use reqwest::StatusCode;

async fn page(app: &TestApp, session: &str, path: &str) -> (StatusCode, String) {
    let res = app.client.get(app.url(path)).header("cookie", session).send().await.unwrap();
    (res.status(), res.text().await.unwrap())
}

/// The numbers of the cases a list page shows, in order.
fn numbers(html: &str) -> Vec<i64> {
    html.split("<td data-label=\"编号\"><a href=\"/cases/")
        .skip(1)
        .filter_map(|s| s.split('"').next()?.parse().ok())
        .collect()
}

#[tokio::test]
async fn the_leader_filters_sorts_and_exports_the_cases_of_september() {
    let app = TestApp::spawn().await;
    zhili::cases::demo::load(&app.db).await.unwrap();
    let session = page_login(&app, "leader").await;
    let token = app.token("leader").await;
    let filters = "from=2015-09-01&to=2015-09-30&category=D&state=closed";

    // The page's total is the API's for the same filters.
    let api = app.get_json(&token, &format!("/api/v1/cases?{filters}")).await;
    let total = api["total"].as_i64().unwrap();
    assert!(total > 50, "September's closed disputes: {total}");
    let (status, html) = page(&app, &session, &format!("/cases?{filters}&sort=id&dir=asc")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&format!("共 {total} 条")), "the total");
    let ascending = numbers(&html);
    assert_eq!(ascending.len(), 50, "a page of fifty");
    assert!(ascending.windows(2).all(|w| w[0] < w[1]), "{ascending:?}");
    let (_, html) = page(&app, &session, &format!("/cases?{filters}&sort=id&dir=desc")).await;
    let descending = numbers(&html);
    assert!(descending.windows(2).all(|w| w[0] > w[1]) && descending[0] > ascending[0]);
    // The bar shows what was asked, and the next page keeps it.
    assert!(html.contains("<option value=\"closed\" selected>"));
    assert!(html.contains("value=\"2015-09-01\""));
    assert!(html.replace("&#38;", "&").contains(&format!(
        "/cases?{}&sort=id&dir=desc&page=2",
        "category=D&from=2015-09-01&state=closed&to=2015-09-30"
    )));

    // Words narrow it: the source's homestead dispute.
    let words = serde_urlencoded::to_string([("q", "宁郭村宅基地")]).unwrap();
    let (_, html) =
        page(&app, &session, &format!("/cases?{words}&from=2015-09-15&to=2015-09-15")).await;
    assert!(html.contains("宁郭村宅基地边界纠纷") && html.contains("共 1 条"), "{html}");
    // A wildcard is a character, not a wildcard.
    let (_, html) = page(&app, &session, "/cases?q=%25").await;
    assert!(html.contains("共 0 条") && html.contains("list-empty"));

    // The export holds exactly the filtered rows, and says so in the audit chain.
    let before = app.count("audit_log").await;
    let res = app
        .client
        .get(app.url(&format!("/cases.csv?{filters}")))
        .header("cookie", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let csv = res.text().await.unwrap();
    assert_eq!(
        csv.lines().count() as i64,
        total + 1,
        "a header and every filtered row, not one page"
    );
    assert!(csv.lines().skip(1).all(|l| l.contains("已结案")));
    assert_eq!(app.count("audit_log").await, before + 1);
    let action: String =
        sqlx::query_scalar("SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(action, "cases.export");
    let res = app
        .client
        .get(app.url(&format!("/cases.xlsx?{filters}")))
        .header("cookie", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.bytes().await.unwrap().starts_with(b"PK"), "a workbook");
}

#[tokio::test]
async fn a_list_asked_for_what_it_cannot_do_says_which_parameter() {
    let app = TestApp::spawn().await;
    let session = page_login(&app, "leader").await;
    for (path, says) in [
        ("/cases?sort=description", "不能按这一列排序"),
        ("/cases?state=deleted", "请从列表中选择"),
        ("/cases?from=2015-02-30", "2100-12-31"),
        ("/cases.csv?sort=reporter_phone", "不能按这一列排序"),
        ("/cases?overdue=yes", "请从列表中选择"),
        ("/cases?sort=id&dir=sideways", "请从列表中选择"),
        ("/cases?from=2015-10-01&to=2015-09-01", "结束日期不能早于开始日期"),
    ] {
        let (status, html) = page(&app, &session, path).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        assert!(html.contains(says), "{path}: {html}");
    }
    // A grid manager's unit filter offers only their own grid.
    let session = page_login(&app, "g001-manager").await;
    let (_, html) = page(&app, &session, "/cases").await;
    let grid = app.unit_of("g001-manager").await;
    let options =
        html.split("<select name=\"unit\">").nth(1).unwrap().split("</select>").next().unwrap();
    assert_eq!(options.matches("<option").count(), 2, "any, and their grid: {options}");
    assert!(options.contains(&format!("value=\"{grid}\"")));
    // A repeated unit: the last one counts, for the scope check as for the list.
    let (status, _) = page(&app, &session, &format!("/cases?unit={grid}&unit=abc")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = page(&app, &session, &format!("/cases?unit=abc&unit={grid}")).await;
    assert_eq!(status, StatusCode::OK);
    // And the queue is what opens with nothing asked.
    assert!(html.contains("待办事件"));
}
