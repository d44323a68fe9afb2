//! The page permission matrix: every page route the router lists (`page_routes`), GET and POST,
//! asked by every kind of caller of the API matrix (permissions.rs: its fixtures, callers and
//! rules) on objects inside and outside the caller's part of the hierarchy. Each answer must be
//! the one the route's rule gives: the page, or the 303 after a form posted with its token; a
//! redirect to /login without a session; a 403 page; or a 404 page for what the caller must not
//! know exists. A page route missing from `RULES` fails the test. Each page route's request is
//! in page_permissions_requests.rs.

use crate::helpers::TestApp;
use crate::page_permissions_requests::{Ask, Extra, call, public_report, session};
use crate::permissions::{Caller, Expect, Place, Rule, expected};
use crate::permissions_fixtures::Matrix;
use reqwest::{Response, StatusCode};
use std::collections::BTreeSet;

/// Who may open a page: the API's rule, or the door of the administration pages.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Page {
    /// As the API's rule of the same name.
    As(Rule),
    /// An administrator of the place; anyone else is turned away with a 403 before anything is
    /// looked up, so the refusal says nothing of the place asked for.
    AdminDoor,
    /// An import started as a job for anyone who keeps a registry: the file's rows are checked
    /// against their scope by the job (the API's import shows that refusal), so the upload is
    /// taken wherever its rows lie; those who only read are turned away at the door.
    Job,
    /// A job's pages: its owner's (who could start it), nobody else's, and those who may not
    /// import have none.
    JobOwner,
}

const ANYONE: Page = Page::As(Rule::Anyone);
const SIGNED_IN: Page = Page::As(Rule::SignedIn);
const OWNER: Page = Page::As(Rule::Owner);
const IN_SCOPE: Page = Page::As(Rule::InScope);
const ADMIN: Page = Page::As(Rule::Admin);
const PLATFORM_ADMIN: Page = Page::As(Rule::PlatformAdmin);
const WORKER: Page = Page::As(Rule::Worker);
const WORKER_DOOR: Page = Page::As(Rule::WorkerDoor);
const SPECIAL: Page = Page::As(Rule::Special);
const SPECIAL_LIST: Page = Page::As(Rule::SpecialList);
const SPECIAL_DOOR: Page = Page::As(Rule::SpecialDoor);
const SPECIAL_WRITE: Page = Page::As(Rule::SpecialWrite);

/// Every page route and its rule; a route of the registry's record kinds (`{kind}`) is asked
/// for the kinds named after it, each by its own rule: an organisation (a grid's record), a
/// person's floating details, a special population.
const RULES: &[(&str, Page)] = &[
    ("GET /", SIGNED_IN),
    ("GET /login", ANYONE),
    ("POST /login", ANYONE),
    ("POST /logout", SIGNED_IN),
    ("GET /lang/{code}", ANYONE),
    ("GET /units", SIGNED_IN),
    ("GET /units/{id}", IN_SCOPE),
    ("POST /units/{id}/edit", ADMIN),
    ("POST /units/{id}/children", ADMIN),
    ("POST /units/{id}/move", ADMIN),
    ("GET /admin/users", Page::AdminDoor),
    ("POST /admin/users", Page::AdminDoor),
    ("GET /admin/users.xlsx", Page::AdminDoor),
    ("POST /admin/users/{id}/disabled", ADMIN),
    ("POST /admin/users/{id}/password", ADMIN),
    ("GET /tokens", SIGNED_IN),
    ("POST /tokens", SIGNED_IN),
    ("POST /tokens/{id}/revoke", OWNER),
    ("GET /report", ANYONE),
    ("POST /report", ANYONE),
    ("GET /report/{token}", ANYONE),
    ("GET /dashboard", IN_SCOPE),
    ("GET /projects", IN_SCOPE),
    ("GET /projects.xlsx", IN_SCOPE),
    ("GET /projects.csv", IN_SCOPE),
    ("GET /projects/{id}", IN_SCOPE),
    ("POST /projects/{id}/gates", Page::As(Rule::ProjectWorker)),
    ("POST /projects/{id}/reports", Page::As(Rule::ProjectWorker)),
    ("POST /projects/{id}/reports/{period}/photos", Page::As(Rule::ProjectWorker)),
    ("POST /projects/{id}/reports/{period}/review", Page::As(Rule::ProjectWorker)),
    ("GET /projects/{id}/photos/{photo}", IN_SCOPE),
    ("GET /projects/problems", IN_SCOPE),
    ("GET /projects/inspection", IN_SCOPE),
    ("GET /projects/bulletin", IN_SCOPE),
    ("GET /projects/inspection.xlsx", IN_SCOPE),
    ("GET /projects/inspection.csv", IN_SCOPE),
    ("GET /projects/map", IN_SCOPE),
    ("GET /projects/gantt", IN_SCOPE),
    ("GET /projects/progress", IN_SCOPE),
    ("GET /projects/reports/import", SIGNED_IN),
    ("GET /projects/reports/import/template.xlsx", SIGNED_IN),
    ("POST /projects/reports/import", Page::As(Rule::ProjectSheet)),
    ("POST /projects/baselines", Page::As(Rule::ProjectWorker)),
    ("GET /projects/baselines/{id}", IN_SCOPE),
    ("GET /projects/schedule", SIGNED_IN),
    ("GET /projects/new", SIGNED_IN),
    ("POST /projects", Page::As(Rule::ProjectWorker)),
    ("GET /projects/schedule.xlsx", SIGNED_IN),
    ("POST /projects/{id}/schedule", Page::As(Rule::ProjectWorker)),
    ("GET /projects/problems.xlsx", IN_SCOPE),
    ("GET /projects/problems.csv", IN_SCOPE),
    ("POST /projects/{id}/problems", Page::As(Rule::ProjectWorker)),
    ("POST /projects/{id}/cancel", Page::As(Rule::ProjectWorker)),
    ("POST /projects/{id}/problems/{problem}/solve", Page::As(Rule::ProjectWorker)),
    ("GET /promotion", IN_SCOPE),
    ("GET /promotion/rates", SIGNED_IN),
    ("POST /promotion/rates/{code}", Page::As(Rule::Definer)),
    ("GET /cases", IN_SCOPE),
    ("GET /cases.csv", IN_SCOPE),
    ("GET /cases.xlsx", IN_SCOPE),
    ("GET /cases/import", SIGNED_IN),
    ("POST /cases/import", IN_SCOPE),
    ("GET /cases/import/template.xlsx", SIGNED_IN),
    ("GET /cases/new", SIGNED_IN),
    ("POST /cases/new", IN_SCOPE),
    ("GET /cases/map", IN_SCOPE),
    ("GET /cases/{id}", IN_SCOPE),
    ("POST /cases/{id}/act", WORKER),
    ("POST /cases/{id}/photos", WORKER),
    ("GET /photos/{id}", IN_SCOPE),
    ("POST /cases/{id}/mediation/session", WORKER),
    ("POST /cases/{id}/mediation/agreement", WORKER),
    ("POST /cases/{id}/mediation/performance", WORKER),
    ("GET /cases/{id}/agreement", IN_SCOPE),
    ("GET /cases/{id}/agreement.docx", IN_SCOPE),
    ("GET /admin/open311", PLATFORM_ADMIN),
    ("POST /admin/open311", PLATFORM_ADMIN),
    ("POST /admin/open311/{id}/revoke", PLATFORM_ADMIN),
    ("GET /admin/catalogue", PLATFORM_ADMIN),
    ("POST /admin/catalogue", PLATFORM_ADMIN),
    ("GET /admin/catalogue.xlsx", PLATFORM_ADMIN),
    ("GET /admin/calendar", PLATFORM_ADMIN),
    ("POST /admin/calendar", PLATFORM_ADMIN),
    ("GET /registry", IN_SCOPE),
    ("GET /registry/people", IN_SCOPE),
    ("GET /registry/people.csv", IN_SCOPE),
    ("GET /registry/people.xlsx", IN_SCOPE),
    ("POST /registry/people/export", WORKER),
    ("GET /registry/people/new", SIGNED_IN),
    ("POST /registry/people/new", WORKER_DOOR),
    ("GET /registry/people/template.xlsx", SIGNED_IN),
    ("GET /registry/people/{id}", IN_SCOPE),
    ("POST /registry/people/{id}/reveal", WORKER),
    ("GET /registry/people/{id}/looks", IN_SCOPE),
    ("GET /registry/people/{id}/edit", WORKER),
    ("POST /registry/people/{id}/edit", WORKER),
    ("GET /registry/households/{id}", IN_SCOPE),
    ("GET /registry/import", SIGNED_IN),
    ("POST /registry/import", Page::Job),
    ("GET /registry/import/{token}", Page::JobOwner),
    ("GET /registry/import/{token}/report.xlsx", Page::JobOwner),
    ("GET /registry/readers", PLATFORM_ADMIN),
    ("POST /registry/readers", PLATFORM_ADMIN),
    ("POST /registry/readers/{id}/remove", PLATFORM_ADMIN),
    ("GET /registry/{kind} organisations", IN_SCOPE),
    ("GET /registry/{kind} organisations.xlsx", IN_SCOPE),
    ("GET /registry/{kind} floating", IN_SCOPE),
    ("GET /registry/{kind} released", SPECIAL_LIST),
    ("GET /registry/{kind}/new organisations", SIGNED_IN),
    ("POST /registry/{kind}/new organisations", WORKER_DOOR),
    ("POST /registry/{kind}/new floating", WORKER_DOOR),
    ("POST /registry/{kind}/new released", SPECIAL_DOOR),
    ("GET /registry/{kind}/template.xlsx organisations", SIGNED_IN),
    ("GET /registry/{kind}/{id} organisations", IN_SCOPE),
    ("GET /registry/{kind}/{id} floating", IN_SCOPE),
    ("GET /registry/{kind}/{id} released", SPECIAL),
    ("POST /registry/{kind}/{id}/reveal organisations", WORKER),
    ("POST /registry/{kind}/{id}/reveal released", SPECIAL_WRITE),
    ("GET /registry/{kind}/{id}/edit organisations", WORKER),
    ("GET /registry/{kind}/{id}/edit released", SPECIAL_WRITE),
    ("POST /registry/{kind}/{id}/edit organisations", WORKER),
    ("POST /registry/{kind}/{id}/edit released", SPECIAL_WRITE),
];

fn expected_page(rule: Page, caller: Caller, place: Place) -> Expect {
    match rule {
        Page::As(rule) => expected(rule, caller, place),
        Page::AdminDoor if caller == Caller::Anonymous => Expect::Unauthenticated,
        Page::AdminDoor if caller == Caller::Admin => expected(Rule::Admin, caller, place),
        Page::AdminDoor => Expect::Forbidden,
        Page::Job => expected(Rule::WorkerDoor, caller, Place::Inside),
        Page::JobOwner => match expected(Rule::WorkerDoor, caller, place) {
            Expect::Forbidden => Expect::Hidden,
            other => other,
        },
    }
}

/// Whether an answer is the one expected; else what was wrong.
async fn verdict(
    app: &TestApp,
    res: Response,
    expect: Expect,
    a: &Ask,
    place_name: &str,
) -> Result<(), String> {
    let status = res.status();
    let location =
        res.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    let to_login = status == StatusCode::SEE_OTHER
        && (location == "/login" || location.starts_with("/login?"));
    let kind = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let ok = match expect {
        Expect::Done => {
            status == a.done && a.done_to.as_ref().map_or(!to_login, |to| *to == location)
        }
        Expect::Forbidden => status == StatusCode::FORBIDDEN,
        Expect::Hidden => {
            status == StatusCode::NOT_FOUND
                || (a.named && status == StatusCode::UNPROCESSABLE_ENTITY)
        }
        Expect::Unauthenticated => to_login,
    };
    let body = res.text().await.unwrap_or_default();
    if ok && matches!(expect, Expect::Forbidden | Expect::Hidden) && body.contains(place_name) {
        return Err(format!("{status}, but the refusal names {place_name}"));
    }
    if ok
        && expect == Expect::Done
        && let Some(cookie) = &a.ends
    {
        let after =
            app.client.get(app.url("/tokens")).header("cookie", cookie).send().await.unwrap();
        if after.status() != StatusCode::SEE_OTHER {
            return Err(format!(
                "the session still opens /tokens after logout: {}",
                after.status()
            ));
        }
    }
    if ok {
        return Ok(());
    }
    // The error page's message, not the whole layout; of a download, its type.
    let said = if kind.starts_with("text/") {
        body.split("<main").nth(1).unwrap_or(&body).chars().take(300).collect()
    } else {
        kind
    };
    Err(format!("{status} {location} {said}"))
}

#[tokio::test]
async fn every_page_answers_every_role_by_its_rule() {
    // Behind a proxy, so that each post of the public form comes from an address of its own.
    let (mut m, who) = Matrix::setup_on(TestApp::spawn_behind_proxy().await).await;
    let listed: BTreeSet<String> = zhili::platform::web::pages::page_routes(zhili::CAPABILITIES)
        .iter()
        .map(|r| r.to_string())
        .collect();
    let route_of = |r: &str| r.splitn(3, ' ').take(2).collect::<Vec<_>>().join(" ");
    let ruled: BTreeSet<String> = RULES.iter().map(|(r, _)| route_of(r)).collect();
    let missing: Vec<_> = listed.difference(&ruled).collect();
    assert!(
        missing.is_empty(),
        "page routes without a rule in the page permission matrix: {missing:?}"
    );
    let stale: Vec<_> = ruled.difference(&listed).collect();
    assert!(stale.is_empty(), "rules for page routes the router no longer has: {stale:?}");

    let res = public_report(&m.app, 0).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "the fixture public report");
    let location = res.headers()["location"].to_str().unwrap();
    let report_token =
        location.trim_start_matches("/report/").split('?').next().unwrap().to_string();
    let admin = session(&m.app, "admin").await;
    let res = m
        .app
        .client
        .get(m.app.url("/admin/catalogue.xlsx"))
        .header("cookie", &admin.cookie)
        .send()
        .await
        .unwrap();
    let catalogue = res.bytes().await.unwrap().to_vec();
    let mut x = Extra { report_token, catalogue, address: 0 };
    let mut sessions = Vec::new();
    for w in &who {
        sessions.push(match &w.username {
            Some(u) => Some(session(&m.app, u).await),
            None => None,
        });
    }

    let mut failures = Vec::new();
    let mut checks = 0;
    for (route, rule) in RULES {
        let places: &[Place] = match rule {
            Page::As(Rule::Anyone | Rule::SignedIn | Rule::PlatformAdmin | Rule::Definer)
            | Page::Job => &[Place::Inside],
            _ => &[Place::Inside, Place::Outside],
        };
        for (w, s) in who.iter().zip(&sessions) {
            for &place in places {
                let expect = expected_page(*rule, w.caller, place);
                let (res, a) = call(&mut m, &mut x, route, w, s.as_ref(), place).await;
                checks += 1;
                let place_name =
                    &m.grids[&if place == Place::Inside { m.inside } else { w.outside }].name;
                if let Err(why) = verdict(&m.app, res, expect, &a, place_name).await {
                    failures.push(format!(
                        "{route} by {:?} {place:?} ({}): expected {expect:?}, got {why}",
                        w.caller, a.path
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
    // 21 callers; 122 routes, two places for each but the 38 about no place.
    assert_eq!(
        (who.len(), checks),
        (21, 21 * (38 + 2 * 84)),
        "every caller, route and place was tried"
    );
}
