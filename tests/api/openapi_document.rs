//! The served OpenAPI document holds to the rules the tools that read it enforce: a validator
//! (openapi-spec-validator) found 103 errors in it and a client generator (openapi-python-client)
//! refused it, for responses without a description, query parameters declared in the path and
//! operation ids that repeat. tests/openapi/run runs those tools themselves; this test keeps the
//! same three rules in `cargo test`, with the operation and the field named.

use crate::helpers::TestApp;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The HTTP methods an OpenAPI path item may hold; its other keys (`parameters`, `summary` …)
/// are not operations.
const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// The names between braces in a path template: `/cases/{id}/photos` holds `id`.
fn template_names(path: &str) -> BTreeSet<&str> {
    path.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name)).collect()
}

/// Every breach of the three rules in a document, one line each.
fn breaches(doc: &Value) -> Vec<String> {
    let mut found = Vec::new();
    let mut operation_ids: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        let in_template = template_names(path);
        for (method, op) in item
            .as_object()
            .expect("path item")
            .iter()
            .filter(|(m, _)| METHODS.contains(&m.as_str()))
        {
            let name = format!("{} {path}", method.to_uppercase());
            match op["operationId"].as_str() {
                Some(id) if !id.is_empty() => {
                    operation_ids.entry(id.to_string()).or_default().push(name.clone())
                }
                _ => found.push(format!("{name}: no operationId")),
            }
            for (status, response) in op["responses"].as_object().into_iter().flatten() {
                if response.get("$ref").is_none()
                    && response["description"].as_str().is_none_or(|d| d.trim().is_empty())
                {
                    found.push(format!("{name}: response {status} has no description"));
                }
            }
            let mut declared = BTreeSet::new();
            for p in op["parameters"].as_array().into_iter().flatten() {
                let (param, place) =
                    (p["name"].as_str().unwrap_or_default(), p["in"].as_str().unwrap_or_default());
                if place == "path" {
                    declared.insert(param);
                    if !in_template.contains(param) {
                        found.push(format!(
                            "{name}: path parameter `{param}` is not in the path template"
                        ));
                    }
                    if p["required"] != Value::Bool(true) {
                        found.push(format!("{name}: path parameter `{param}` is not required"));
                    }
                }
            }
            for missing in in_template.difference(&declared) {
                found.push(format!(
                    "{name}: `{{{missing}}}` of the template is not a declared path parameter"
                ));
            }
        }
    }
    for (id, used) in operation_ids.into_iter().filter(|(_, used)| used.len() > 1) {
        found.push(format!("operationId `{id}` repeats: {}", used.join(", ")));
    }
    found
}

#[tokio::test]
async fn the_openapi_document_holds_to_the_rules_its_readers_enforce() {
    let app = TestApp::spawn_empty().await;
    let doc: Value = app.public_json("/api/v1/openapi.json").await;
    assert!(
        doc["paths"].as_object().is_some_and(|p| p.len() > 20),
        "the document lists the API's paths"
    );
    let found = breaches(&doc);
    assert!(
        found.is_empty(),
        "{} breaches of the OpenAPI document's rules:\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn each_rule_catches_its_breach() {
    // A document with one breach of each rule: the check must name all three, and pass the
    // same document once they are mended.
    let mut doc = serde_json::json!({"paths": {
        "/cases": {"get": {"operationId": "list", "parameters": [{"name": "page", "in": "path", "required": true}],
            "responses": {"200": {"content": {}}}}},
        "/cases/{id}/photos": {"get": {"operationId": "list", "parameters": [{"name": "id", "in": "path", "required": true}],
            "responses": {"200": {"description": "The photos."}}}},
    }});
    let found = breaches(&doc);
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(found[0].contains("response 200 has no description"), "{found:?}");
    assert!(found[1].contains("`page` is not in the path template"), "{found:?}");
    assert!(found[2].contains("`list` repeats"), "{found:?}");
    let list = &mut doc["paths"]["/cases"]["get"];
    list["operationId"] = "list_cases".into();
    list["parameters"][0]["in"] = "query".into();
    list["responses"]["200"]["description"] = "A page of cases.".into();
    assert_eq!(breaches(&doc), Vec::<String>::new());
    doc["paths"]["/cases/{id}/photos"]["get"]["parameters"] = serde_json::json!([]);
    assert_eq!(breaches(&doc).len(), 1, "a template name without its parameter is caught");
}
