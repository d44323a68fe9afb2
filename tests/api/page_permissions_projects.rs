//! The page permission matrix's requests of projects and promotion (page_permissions.rs).

use crate::page_permissions_requests::{Ask, form, get};

/// The request of a projects or promotion page route, on a grid and the project lying in it.
pub(crate) fn ask(route: &str, grid_id: i64, project: i64) -> Ask {
    match route {
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
                ("valid_from", today.to_string()),
            ];
            form("/promotion/rates/start_rate".into(), fields)
        }
        other => panic!("no request for {other}"),
    }
}
