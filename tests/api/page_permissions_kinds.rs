//! The page matrix's requests for the routes of the registry's record kinds (`/registry/{kind}…`),
//! asked for the kind each rule names (page_permissions.rs): an organisation, floating details,
//! a special population.

use crate::helpers::TestApp;
use crate::page_permissions_requests::{Ask, form, get};
use reqwest::StatusCode;
use std::collections::HashMap;

/// The request of a rule `VERB /registry/{kind}… KIND` on a grid: its records by kind, its id,
/// its code, the ID number of its person, and a serial of the call.
pub(crate) fn ask(
    rule: &str,
    records: &HashMap<&'static str, i64>,
    grid_id: i64,
    code: &str,
    person_number: &str,
    n: u32,
) -> Ask {
    let mut words = rule.split(' ');
    let (verb, path, kind) = (words.next().unwrap(), words.next().unwrap(), words.next().unwrap());
    let name = kind.trim_end_matches(".xlsx");
    let record = records.get(name).copied().unwrap_or_default();
    let concrete = path.replace("{kind}", kind).replace("{id}", &record.to_string());
    let fields = || -> Vec<(&'static str, String)> {
        let sample = crate::registry_records::sample(name, 6000 + n, code, person_number);
        let leak = |k: &String| -> &'static str { Box::leak(k.clone().into_boxed_str()) };
        sample
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (leak(k), v.as_str().unwrap().to_string()))
            .collect()
    };
    match (verb, path) {
        ("GET", "/registry/{kind}") => get(format!("{concrete}?unit={grid_id}")),
        ("GET", _) => get(concrete),
        ("POST", "/registry/{kind}/new") => Ask { named: true, ..form(concrete, fields()) },
        ("POST", "/registry/{kind}/{id}/reveal") => {
            Ask { done: StatusCode::OK, ..form(concrete, vec![("purpose", "权限矩阵".into())]) }
        }
        _ => form(concrete, fields()),
    }
}

/// `POST /registry/people/export` of a grid's people, with a purpose.
pub(crate) fn people_export(grid_id: i64) -> Ask {
    let fields = vec![("purpose", "权限矩阵".into()), ("query", format!("unit={grid_id}"))];
    Ask { done: StatusCode::OK, ..form("/registry/people/export".into(), fields) }
}

/// `POST /registry/people/new` of a person in the grid of `code`.
pub(crate) fn new_person(code: &str, n: u32) -> Ask {
    let fields = vec![
        ("name", "李四".into()),
        ("id_number", crate::registry::serial_id(300000 + n)),
        ("grid", code.to_string()),
    ];
    Ask { named: true, ..form("/registry/people/new".into(), fields) }
}

/// The readers' page, its form adding one, and removing one made for the purpose (the defaults
/// stay, for the routes asked after).
pub(crate) async fn readers(app: &TestApp, route: &str) -> Ask {
    match route {
        "GET /registry/readers" => get("/registry/readers"),
        "POST /registry/readers" => form(
            "/registry/readers".into(),
            vec![("kind", "youth".into()), ("who", "civil_affairs".into())],
        ),
        _ => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO registry_readers (kind, grid_role) VALUES ('drug', 'supervisor') RETURNING id",
            )
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
            form(format!("/registry/readers/{id}/remove"), Vec::new())
        }
    }
}
