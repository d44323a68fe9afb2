//! The page permission matrix's requests of projects and promotion (page_permissions.rs).

use crate::helpers::TestApp;
use crate::page_permissions_requests::{Ask, Body, form, get};
use crate::permissions_fixtures::Grid;
use reqwest::{Method, StatusCode};

/// The request of a projects or promotion page route, on a grid and the project lying in it
/// (`n` makes what must be new: a report to review, of a period of its own).
pub(crate) async fn ask(app: &TestApp, route: &str, grid_id: i64, g: &Grid, n: u32) -> Ask {
    let (project, photo) = (g.project, g.project_photo);
    let posted = |path: String, body| Ask {
        method: Method::POST,
        path,
        body,
        done: StatusCode::SEE_OTHER,
        named: false,
        done_to: None,
        ends: None,
    };
    match route {
        "POST /projects/{id}/reports" => {
            let fields = vec![
                ("period", "2015-09".to_string()),
                ("method", "spending".into()),
                ("invested_wan", "1".into()),
                ("progress", "基础施工".into()),
            ];
            let bytes = include_bytes!("../fixtures/photo.jpg").to_vec();
            posted(
                format!("/projects/{project}/reports"),
                Body::Multipart(fields, "site.jpg", bytes),
            )
        }
        "POST /projects/{id}/reports/{period}/photos" => {
            posted(format!("/projects/{project}/reports/2015-10/photos"), Body::Photo)
        }
        "POST /projects/{id}/reports/{period}/review" => {
            let period = crate::project_fixtures::open_report(app, project, n).await;
            form(format!("/projects/{project}/reports/{period}/review"), Vec::new())
        }
        "GET /projects/{id}/photos/{photo}" => get(format!("/projects/{project}/photos/{photo}")),
        "GET /projects/problems" => get(format!("/projects/problems?unit={grid_id}")),
        "GET /projects/inspection" => get(format!("/projects/inspection?unit={grid_id}")),
        "GET /projects/bulletin" => {
            get(format!("/projects/bulletin?unit={grid_id}&period=2015-10"))
        }
        "GET /projects/inspection.xlsx" => get(format!("/projects/inspection.xlsx?unit={grid_id}")),
        "GET /projects/inspection.csv" => get(format!("/projects/inspection.csv?unit={grid_id}")),
        "GET /projects/map" => get(format!("/projects/map?unit={grid_id}")),
        "GET /projects/reports/import" => get("/projects/reports/import"),
        "GET /projects/reports/import/template.xlsx" => {
            get("/projects/reports/import/template.xlsx")
        }
        "POST /projects/reports/import" => {
            let csv = format!(
                "项目编号,报送期,计算方法,本期完成投资（万元）,形象进度\n{project},2015-08,财务支出法,1,施工\n"
            );
            Ask {
                done: StatusCode::OK,
                named: true,
                ..posted(
                    "/projects/reports/import".into(),
                    Body::Multipart(Vec::new(), "r.csv", csv.into_bytes()),
                )
            }
        }
        "GET /projects/progress" => get(format!("/projects/progress?unit={grid_id}&month=2015-10")),
        "GET /projects/gantt" => {
            get(format!("/projects/gantt?unit={grid_id}&baseline={}", g.baseline))
        }
        "POST /projects/baselines" => {
            let fields = vec![("unit", grid_id.to_string()), ("name", format!("基线{n}"))];
            form("/projects/baselines".into(), fields)
        }
        "GET /projects/baselines/{id}" => get(format!("/projects/baselines/{}", g.baseline)),
        "GET /projects/schedule" => get("/projects/schedule?end=2016-06-30"),
        "GET /projects/schedule.xlsx" => get("/projects/schedule.xlsx?end=2016-06-30"),
        "POST /projects/{id}/schedule" => {
            let fields = vec![("end", "2016-06-30".to_string()), ("last", "completed".into())];
            form(format!("/projects/{project}/schedule"), fields)
        }
        "GET /projects/problems.xlsx" => get(format!("/projects/problems.xlsx?unit={grid_id}")),
        "GET /projects/problems.csv" => get(format!("/projects/problems.csv?unit={grid_id}")),
        "GET /projects/new" => get("/projects/new"),
        "POST /projects" => {
            let fields = vec![
                ("name", format!("矩阵页面项目{n}")),
                ("level", "zone".into()),
                ("unit_id", grid_id.to_string()),
                ("total_wan", "500".into()),
            ];
            form("/projects".to_string(), fields)
        }
        "POST /projects/{id}/problems" => {
            let fields = vec![
                ("description", "用地未落实".to_string()),
                ("owner_unit", "国土资源分局".into()),
                ("owner_person", "孙静".into()),
                ("unit_head", "局长".into()),
                ("principal", "主任".into()),
                ("working_days", "5".into()),
            ];
            form(format!("/projects/{project}/problems"), fields)
        }
        "POST /projects/{id}/cancel" => {
            let other = crate::project_fixtures::another_project(app, project, n).await;
            let fields = vec![("on", "2015-10-20".to_string()), ("reason", "投资方撤资".into())];
            form(format!("/projects/{other}/cancel"), fields)
        }
        "POST /projects/{id}/problems/{problem}/solve" => {
            let problem = crate::project_fixtures::open_problem(app, project).await;
            form(
                format!("/projects/{project}/problems/{problem}/solve"),
                vec![("solution", "已解决".into())],
            )
        }
        "GET /projects" => get(format!("/projects?unit={grid_id}")),
        "GET /projects.xlsx" => get(format!("/projects.xlsx?unit={grid_id}")),
        "GET /projects.csv" => get(format!("/projects.csv?unit={grid_id}")),
        "GET /projects/{id}" => get(format!("/projects/{}", project)),
        "POST /projects/{id}/gates" => {
            let fields = vec![
                ("gate", "signed".into()),
                ("actual_on", "2015-01-02".into()),
                ("passed_by", "招商服务中心 刘明".into()),
                ("evidence", "投资合同".into()),
            ];
            form(format!("/projects/{}/gates", project), fields)
        }
        "GET /promotion" => get(format!("/promotion?unit={grid_id}&as_of=2015-10-25")),
        "GET /promotion/rates" => get("/promotion/rates"),
        "POST /promotion/rates/{code}" => {
            let today = chrono::Utc::now()
                .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap())
                .date_naive();
            let fields = vec![
                ("numerator_0_what", "count".into()),
                ("numerator_0_reached", "started".into()),
                ("denominator_0_what", "count".into()),
                ("scale", "0".into()),
                ("rounding", "half_up".into()),
                ("valid_from", (today + chrono::Duration::days(1)).to_string()),
            ];
            form("/promotion/rates/start_rate".into(), fields)
        }
        other => panic!("no request for {other}"),
    }
}
