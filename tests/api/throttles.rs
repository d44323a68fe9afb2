//! Limits that hold: failed logins count per username and per client address, each attempt is
//! taken before its password is hashed, the owner of a username under attack waits only a short
//! backoff, the client behind a trusted proxy is the one it forwarded, and the public form's
//! flood limit is shared by every server.

use crate::helpers::PASSWORD;

use crate::helpers::TestApp;
use reqwest::StatusCode;
use tokio::task::JoinSet;

/// Failed logins evaluated (hashed and audited), in all or at one username.
async fn failures(app: &TestApp, username: Option<&str>) -> i64 {
    let object = username.map(|u| format!("username:{u}")).unwrap_or_else(|| "%".into());
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'auth.login_failed' AND object LIKE $1",
    )
    .bind(object)
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
}

/// The audited addresses of failed logins, oldest first.
async fn failed_from(app: &TestApp) -> Vec<String> {
    let details: Vec<String> = sqlx::query_scalar(
        "SELECT detail FROM audit_log WHERE action = 'auth.login_failed' ORDER BY seq",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    details
        .iter()
        .map(|d| {
            serde_json::from_str::<serde_json::Value>(d).unwrap()["address"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

fn retry_after(res: &reqwest::Response) -> u64 {
    res.headers()["retry-after"].to_str().unwrap().parse().unwrap()
}

#[tokio::test]
async fn guessing_between_logins_to_ones_own_account_is_stopped() {
    let app = TestApp::spawn().await;
    let mut refused = 0;
    for _ in 0..3 {
        for _ in 0..4 {
            match app.login("leader", "guess-123").await.status() {
                StatusCode::UNAUTHORIZED => {}
                StatusCode::TOO_MANY_REQUESTS => refused += 1,
                other => panic!("a guess answered {other}"),
            }
        }
        // The guesser's own account still logs in, and clears only its own count.
        assert_eq!(app.login("g001-manager", PASSWORD).await.status(), StatusCode::OK);
    }
    assert!(refused >= 6, "the guesses at leader were refused {refused} times of 12");
    assert!(
        failures(&app, Some("leader")).await <= 6,
        "evaluated: {}",
        failures(&app, Some("leader")).await
    );
}

#[tokio::test]
async fn forty_parallel_guesses_evaluate_at_most_the_limit() {
    let app = std::sync::Arc::new(TestApp::spawn().await);
    let (mut guesses, started) = (JoinSet::new(), std::time::Instant::now());
    for _ in 0..40 {
        let app = app.clone();
        guesses.spawn(async move { app.login("leader", "guess-123").await.status() });
    }
    let answers = guesses.join_all().await;
    assert!(
        answers
            .iter()
            .all(|s| [StatusCode::UNAUTHORIZED, StatusCode::TOO_MANY_REQUESTS].contains(s))
    );
    assert_eq!(
        answers.iter().filter(|s| **s == StatusCode::UNAUTHORIZED).count() as i64,
        failures(&app, Some("leader")).await
    );
    // Five at once, then one more each time the backoff (1 s, 2 s, 4 s …) has passed.
    let backoffs_passed = (started.elapsed().as_secs_f64() + 1.0).log2().floor() as i64;
    let evaluated = failures(&app, Some("leader")).await;
    assert!(
        evaluated <= 5 + backoffs_passed,
        "a username: {evaluated} evaluated in {:?}",
        started.elapsed()
    );

    // Forty names at once from the same address: the address's twenty, no more.
    let mut guesses = JoinSet::new();
    for n in 0..40 {
        let app = app.clone();
        guesses.spawn(async move { app.login(&format!("name-{n}"), "guess-123").await.status() });
    }
    guesses.join_all().await;
    assert!(
        failures(&app, None).await <= 20,
        "an address: {} evaluated",
        failures(&app, None).await
    );
    // Those answered "busy" were not counted: fail on until the address is locked.
    let mut n = 40;
    while app.login(&format!("name-{n}"), "guess-123").await.status() == StatusCode::UNAUTHORIZED {
        n += 1;
    }
    assert!(failures(&app, None).await <= 20);
    let res = app.login("leader", PASSWORD).await;
    assert_eq!(
        res.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "the address is locked, even for the right password"
    );
    assert!(retry_after(&res) > 60);
}

#[tokio::test]
async fn the_owner_of_a_username_under_attack_logs_in_after_a_short_backoff() {
    let app = TestApp::spawn_behind_proxy().await;
    for _ in 0..10 {
        let status = app.login_from("203.0.113.66", "leader", "guess-123").await.status();
        assert!([StatusCode::UNAUTHORIZED, StatusCode::TOO_MANY_REQUESTS].contains(&status));
    }
    assert_eq!(
        failures(&app, Some("leader")).await,
        5,
        "after five, each guess waits for the backoff"
    );
    // From the office: the username waits a second or two, not a quarter of an hour.
    let res = app.login_from("198.51.100.7", "leader", PASSWORD).await;
    let wait = if res.status() == StatusCode::TOO_MANY_REQUESTS { retry_after(&res) } else { 0 };
    assert!(wait <= 2, "the owner was told to wait {wait} s");
    tokio::time::sleep(std::time::Duration::from_secs(wait)).await;
    assert_eq!(app.login_from("198.51.100.7", "leader", PASSWORD).await.status(), StatusCode::OK);

    // An address that fails at twenty names is locked alone; the owner elsewhere is not.
    for n in 0..20 {
        assert_eq!(
            app.login_from("203.0.113.99", &format!("name-{n}"), "guess-123").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let res = app.login_from("203.0.113.99", "ningguo", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(retry_after(&res) > 60);
    assert_eq!(app.login_from("198.51.100.7", "ningguo", PASSWORD).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn forwarded_addresses_are_believed_only_from_a_trusted_proxy() {
    // Not trusted: every forged X-Forwarded-For is the same client, 127.0.0.1.
    let app = TestApp::spawn().await;
    for n in 0..20 {
        let res =
            app.login_from(&format!("203.0.113.{n}"), &format!("name-{n}"), "guess-123").await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    assert_eq!(
        app.login_from("203.0.113.200", "name-x", "guess-123").await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    assert!(failed_from(&app).await.iter().all(|a| a == "127.0.0.1"));

    // Trusted: each forwarded client is counted, and audited, as itself.
    let app = TestApp::spawn_behind_proxy().await;
    for n in 0..25 {
        let res = app
            .login_from(&format!("1.1.1.1, 203.0.113.{n}"), &format!("name-{n}"), "guess-123")
            .await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    let expected: Vec<String> = (0..25).map(|n| format!("203.0.113.{n}")).collect();
    assert_eq!(failed_from(&app).await, expected);
}

#[tokio::test]
async fn the_public_forms_flood_limit_is_shared_by_two_servers() {
    let a = TestApp::spawn().await;
    let b = a.beside().await;
    // The form's token is a double-submit cookie: one opened on A posts to either server.
    let res = a.client.get(a.url("/report")).send().await.unwrap();
    let cookie =
        res.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
    let html = res.text().await.unwrap();
    let csrf =
        html.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let post = |app: &TestApp| {
        // No place given: refused as invalid, but counted all the same.
        let form = reqwest::multipart::Form::new()
            .text("csrf", csrf.clone())
            .text("service_code", "I0102")
            .text("description", "路灯不亮");
        app.client.post(app.url("/report")).header("cookie", &cookie).multipart(form).send()
    };
    for n in 0..20 {
        let status = post(if n % 2 == 0 { &a } else { &b }).await.unwrap().status();
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "report {n}");
    }
    for app in [&a, &b] {
        let res = post(app).await.unwrap();
        assert_eq!(
            res.status(),
            StatusCode::TOO_MANY_REQUESTS,
            "the twenty-first, on either server"
        );
        assert!(retry_after(&res) > 60);
        // A member of the public is told of too many reports, not of failed logins.
        let page = res.text().await.unwrap();
        assert!(page.contains("提交过于频繁") && !page.contains("登录失败"), "{page}");
    }
}
