//! The permission matrix: every route of the OpenAPI document, called by every kind of user
//! (administrator, leader, each department, township, village, each of the four grid roles,
//! anonymous) on objects inside and outside the caller's part of the hierarchy. Each answer must
//! be the one the rule of the route gives: done, 403, or "no such thing" for what the caller must
//! not know exists. A route missing from `RULES` fails the test. The grids and callers are made
//! in permissions_fixtures.rs, each route's request in permissions_requests.rs.

use crate::permissions_fixtures::Matrix;
use reqwest::{Response, StatusCode};
use serde_json::Value;
use std::collections::BTreeSet;

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Rule {
    /// Anyone, signed in or not.
    Anyone,
    /// Anyone signed in; the answer is about themselves or the whole platform.
    SignedIn,
    /// The caller's own things only.
    Owner,
    /// Anyone whose roles cover the place.
    InScope,
    /// An administrator of the place.
    Admin,
    /// An administrator (the calendar is the platform's).
    PlatformAdmin,
    /// Anyone who works cases covering the place: every role but the leader and the departments,
    /// who read (a department works a case only while it is dispatched to it: department_work.rs).
    Worker,
    /// As `Worker`, but those who only read are turned away before the place is looked up: the
    /// registry's forms and imports, where the place is named inside the body.
    WorkerDoor,
    /// A special population's list: its readers in their scope (the grid's police liaison, the
    /// comprehensive-governance office); others are refused a place they see.
    SpecialList,
    /// A special population's record: what a non-reader may not read is not there for them.
    Special,
    /// Writing a special population: its readers who keep the registry (the grid's police
    /// liaison), refused before the place is looked up.
    SpecialDoor,
    /// Changing or revealing a special population's record: as `SpecialDoor`, but a reader who
    /// does not write (the governance office) is refused a record they see, and the rest do not
    /// find it.
    SpecialWrite,
    /// Entering or working a project: the township's staff and administrators; those who only
    /// read (the leader, departments other than the project's own, villages, grids) are refused.
    ProjectWorker,
    /// A sheet of project reports: its rows name the projects, so a caller who does not work
    /// the one named is told by the row (422), whether they see it or not.
    ProjectSheet,
    /// Making a rate's definition: the zone's administrator and the investment-promotion and
    /// statistics departments; about no place.
    Definer,
}

/// Every route of the API and its rule.
const RULES: &[(&str, Rule)] = &[
    ("POST /auth/login", Rule::Anyone),
    ("GET /me", Rule::SignedIn),
    ("GET /tokens", Rule::SignedIn),
    ("POST /tokens", Rule::SignedIn),
    ("DELETE /tokens/{id}", Rule::Owner),
    ("GET /units", Rule::InScope),
    ("GET /units/{id}", Rule::InScope),
    ("POST /units", Rule::Admin),
    ("PATCH /units/{id}", Rule::Admin),
    ("POST /units/{id}/move", Rule::Admin),
    ("GET /departments", Rule::SignedIn),
    ("GET /users", Rule::InScope),
    ("POST /users", Rule::Admin),
    ("GET /users/{id}", Rule::InScope),
    ("PATCH /users/{id}", Rule::Admin),
    ("POST /cases", Rule::InScope),
    ("GET /cases", Rule::InScope),
    ("GET /cases/{id}", Rule::InScope),
    ("POST /cases/{id}/actions", Rule::Worker),
    ("GET /cases/rates", Rule::InScope),
    ("GET /categories", Rule::SignedIn),
    ("GET /cases/{id}/duplicates", Rule::InScope),
    ("POST /cases/import", Rule::InScope),
    ("GET /calendar", Rule::SignedIn),
    ("PUT /calendar/{day}", Rule::PlatformAdmin),
    ("GET /cases/{id}/mediation", Rule::InScope),
    ("POST /cases/{id}/mediation/sessions", Rule::Worker),
    ("PUT /cases/{id}/mediation/agreement", Rule::Worker),
    ("POST /cases/{id}/mediation/performance", Rule::Worker),
    ("GET /cases/{id}/photos", Rule::InScope),
    ("POST /cases/{id}/photos", Rule::Worker),
    ("GET /photos/{id}", Rule::InScope),
    ("GET /people", Rule::InScope),
    ("POST /people", Rule::WorkerDoor),
    ("GET /people/{id}", Rule::InScope),
    ("POST /people/{id}/reveal", Rule::Worker),
    ("POST /people/import", Rule::WorkerDoor),
    ("GET /households", Rule::InScope),
    ("GET /households/{id}", Rule::InScope),
    ("GET /places", Rule::InScope),
    ("POST /places", Rule::WorkerDoor),
    ("GET /places/{id}", Rule::InScope),
    ("POST /places/{id}/reveal", Rule::Worker),
    ("GET /facilities", Rule::InScope),
    ("POST /facilities", Rule::WorkerDoor),
    ("GET /facilities/{id}", Rule::InScope),
    ("POST /facilities/{id}/reveal", Rule::Worker),
    ("GET /organisations", Rule::InScope),
    ("POST /organisations", Rule::WorkerDoor),
    ("GET /organisations/{id}", Rule::InScope),
    ("POST /organisations/{id}/reveal", Rule::Worker),
    ("GET /floating", Rule::InScope),
    ("POST /floating", Rule::WorkerDoor),
    ("GET /floating/{id}", Rule::InScope),
    ("POST /floating/{id}/reveal", Rule::Worker),
    ("GET /left_behind", Rule::InScope),
    ("POST /left_behind", Rule::WorkerDoor),
    ("GET /left_behind/{id}", Rule::InScope),
    ("POST /left_behind/{id}/reveal", Rule::Worker),
    ("GET /released", Rule::SpecialList),
    ("POST /released", Rule::SpecialDoor),
    ("GET /released/{id}", Rule::Special),
    ("POST /released/{id}/reveal", Rule::SpecialWrite),
    ("GET /correction", Rule::SpecialList),
    ("POST /correction", Rule::SpecialDoor),
    ("GET /correction/{id}", Rule::Special),
    ("POST /correction/{id}/reveal", Rule::SpecialWrite),
    ("GET /mental", Rule::SpecialList),
    ("POST /mental", Rule::SpecialDoor),
    ("GET /mental/{id}", Rule::Special),
    ("POST /mental/{id}/reveal", Rule::SpecialWrite),
    ("GET /drug", Rule::SpecialList),
    ("POST /drug", Rule::SpecialDoor),
    ("GET /drug/{id}", Rule::Special),
    ("POST /drug/{id}/reveal", Rule::SpecialWrite),
    ("GET /youth", Rule::SpecialList),
    ("POST /youth", Rule::SpecialDoor),
    ("GET /youth/{id}", Rule::Special),
    ("POST /youth/{id}/reveal", Rule::SpecialWrite),
    ("GET /projects", Rule::InScope),
    ("POST /projects", Rule::ProjectWorker),
    ("GET /projects/{id}", Rule::InScope),
    ("POST /projects/{id}/gates/{gate}", Rule::ProjectWorker),
    ("POST /projects/{id}/cancel", Rule::ProjectWorker),
    ("GET /projects/{id}/reports", Rule::InScope),
    ("POST /projects/{id}/reports", Rule::ProjectWorker),
    ("POST /projects/{id}/reports/{period}/review", Rule::ProjectWorker),
    ("POST /projects/{id}/reports/{period}/photos", Rule::ProjectWorker),
    ("GET /projects/{id}/photos/{photo}", Rule::InScope),
    ("GET /projects/{id}/problems", Rule::InScope),
    ("POST /projects/{id}/problems", Rule::ProjectWorker),
    ("POST /projects/{id}/problems/{problem}/solve", Rule::ProjectWorker),
    ("GET /project-problems", Rule::InScope),
    ("GET /projects/inspection", Rule::InScope),
    ("GET /projects/bulletin", Rule::InScope),
    ("GET /projects/map", Rule::InScope),
    ("GET /projects/gantt", Rule::InScope),
    ("GET /projects/progress", Rule::InScope),
    ("POST /projects/reports/import", Rule::ProjectSheet),
    ("POST /baselines", Rule::ProjectWorker),
    ("GET /baselines", Rule::InScope),
    ("GET /baselines/{id}/compare", Rule::InScope),
    ("GET /promotion/summary", Rule::InScope),
    ("GET /promotion/projects", Rule::InScope),
    ("GET /promotion/rates", Rule::SignedIn),
    ("GET /promotion/rates/{code}", Rule::InScope),
    ("POST /promotion/rates/{code}/versions", Rule::Definer),
];

/// The kinds of caller.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Caller {
    Anonymous,
    Admin,
    Leader,
    Department(&'static str),
    Township,
    Village,
    Grid(&'static str),
}

/// What the answer must be.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Expect {
    Done,
    Forbidden,
    /// 404; or, when the object is named in the body, 422 naming that field as no such thing.
    Hidden,
    Unauthenticated,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Place {
    Inside,
    Outside,
}

pub(crate) fn expected(rule: Rule, caller: Caller, place: Place) -> Expect {
    if caller == Caller::Anonymous {
        return if rule == Rule::Anyone { Expect::Done } else { Expect::Unauthenticated };
    }
    let admin = caller == Caller::Admin;
    let reader = matches!(caller, Caller::Leader | Caller::Department(_));
    let special =
        matches!(caller, Caller::Grid("police") | Caller::Department("comprehensive_governance"));
    let writer = caller == Caller::Grid("police");
    match (rule, place) {
        (Rule::SpecialDoor | Rule::SpecialWrite, Place::Inside) if writer => Expect::Done,
        (Rule::SpecialDoor | Rule::SpecialWrite, Place::Outside) if writer => Expect::Hidden,
        (Rule::SpecialDoor, _) => Expect::Forbidden,
        (Rule::SpecialWrite, Place::Inside) if special => Expect::Forbidden,
        (Rule::SpecialWrite, _) => Expect::Hidden,
        (Rule::SpecialList | Rule::Special, Place::Inside) if special => Expect::Done,
        (Rule::SpecialList | Rule::Special, Place::Outside) if special => Expect::Hidden,
        (Rule::SpecialList, Place::Inside) => Expect::Forbidden,
        (Rule::SpecialList | Rule::Special, _) => Expect::Hidden,
        (Rule::WorkerDoor, _) if reader => Expect::Forbidden,
        (Rule::ProjectSheet, Place::Inside) if admin || caller == Caller::Township => Expect::Done,
        (Rule::ProjectSheet, _) => Expect::Hidden,
        (Rule::Definer, _) => {
            if admin || matches!(caller, Caller::Department("investment_promotion" | "statistics"))
            {
                Expect::Done
            } else {
                Expect::Forbidden
            }
        }
        (Rule::Anyone | Rule::SignedIn, _) => Expect::Done,
        (Rule::PlatformAdmin, _) => {
            if admin {
                Expect::Done
            } else {
                Expect::Forbidden
            }
        }
        (_, Place::Outside) => Expect::Hidden,
        (Rule::Owner | Rule::InScope, Place::Inside) => Expect::Done,
        (Rule::Admin, Place::Inside) if admin => Expect::Done,
        (Rule::Admin, Place::Inside) => Expect::Forbidden,
        (Rule::Worker, Place::Inside)
            if matches!(caller, Caller::Leader | Caller::Department(_)) =>
        {
            Expect::Forbidden
        }
        (Rule::Worker | Rule::WorkerDoor, Place::Inside) => Expect::Done,
        (Rule::ProjectWorker, Place::Inside) => {
            if admin || caller == Caller::Township {
                Expect::Done
            } else {
                Expect::Forbidden
            }
        }
    }
}

/// Whether an answer is the one expected; else what was wrong.
async fn verdict(res: Response, expect: Expect, hidden_as: Option<&str>) -> Result<(), String> {
    let status = res.status();
    let ok = match expect {
        Expect::Done => status.is_success(),
        Expect::Forbidden => status == StatusCode::FORBIDDEN,
        Expect::Unauthenticated => status == StatusCode::UNAUTHORIZED,
        Expect::Hidden => match hidden_as {
            None => status == StatusCode::NOT_FOUND,
            Some(field) if status == StatusCode::UNPROCESSABLE_ENTITY => {
                let body: Value = res.json().await.unwrap_or_default();
                // An error's fields, or an import report's bad rows.
                let named = [&body["error"]["fields"], &body["errors"]].iter().any(|list| {
                    list.as_array().is_some_and(|f| f.iter().any(|f| f["field"] == field))
                });
                return if named {
                    Ok(())
                } else {
                    Err(format!("422 without the field {field}: {body}"))
                };
            }
            Some(_) => false,
        },
    };
    if ok { Ok(()) } else { Err(format!("{status}: {}", res.text().await.unwrap_or_default())) }
}

#[tokio::test]
async fn every_route_answers_every_role_by_its_rule() {
    let (mut m, who) = Matrix::setup().await;
    let doc: Value = m
        .app
        .client
        .get(m.app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let documented: BTreeSet<String> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, ops)| {
            let path = path.strip_prefix("/api/v1").unwrap_or(path).to_string();
            ops.as_object()
                .unwrap()
                .keys()
                .map(move |method| format!("{} {path}", method.to_uppercase()))
        })
        .collect();
    let ruled: BTreeSet<String> = RULES.iter().map(|(r, _)| r.to_string()).collect();
    let missing: Vec<_> = documented.difference(&ruled).collect();
    assert!(missing.is_empty(), "routes without a rule in the permission matrix: {missing:?}");
    let stale: Vec<_> = ruled.difference(&documented).collect();
    assert!(stale.is_empty(), "rules for routes the API no longer has: {stale:?}");

    let mut failures = Vec::new();
    let mut checks = 0;
    for (route, rule) in RULES {
        let places: &[Place] = match rule {
            Rule::Anyone | Rule::SignedIn | Rule::PlatformAdmin | Rule::Definer => &[Place::Inside],
            _ => &[Place::Inside, Place::Outside],
        };
        for w in &who {
            for &place in places {
                let expect = expected(*rule, w.caller, place);
                let (res, hidden_as) = m.call(route, w, place).await;
                checks += 1;
                if let Err(why) = verdict(res, expect, hidden_as.as_deref()).await {
                    failures.push(format!(
                        "{route} by {:?} {place:?}: expected {expect:?}, got {why}",
                        w.caller
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checks} checks failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // 21 callers; 107 routes, two places for each but the ten about no place.
    assert_eq!(
        (who.len(), checks),
        (21, 21 * (10 + 2 * 97)),
        "every caller, route and place was tried"
    );
}
