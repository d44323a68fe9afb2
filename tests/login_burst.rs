//! A burst of 2,000 logins from 2,000 forwarded addresses against a real `zhili serve` behind a
//! trusted proxy: the server's memory stays flat (hashes run a few at once, and a full line is
//! answered "try again" rather than queued) and `/healthz` keeps answering within a second.
//! The figures are printed with the test's output (2 shared cores, debug build, on SQLite and on
//! PostgreSQL: about 3 s, 40 to 90 logins evaluated and the rest answered "busy", memory +22 to
//! 25 MB, /healthz at most 0.15 to 0.3 s; with 200 in flight instead of 64, /healthz took up to
//! 1.9 s on a machine loaded by other builds, the client's own work competing with the server's).

#[path = "api/helpers.rs"]
#[allow(dead_code)]
mod helpers;
#[path = "support/server.rs"]
#[allow(dead_code)]
mod server;

use reqwest::StatusCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use tokio::task::JoinSet;

/// Logins in the burst.
const LOGINS: usize = 2_000;
/// Logins in flight at once: twice the line a 2-core server keeps, so most are answered busy.
const AT_ONCE: usize = 64;
/// How far the server's resident memory may grow during the burst.
const MOST_GROWTH_KB: u64 = 100 * 1024;

fn rss_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_logins_keeps_memory_flat_and_health_answering() {
    let database = helpers::fresh_database().await;
    let port = server::free_port();
    let mut child = server::start(&database.url, port, &["--trusted-proxy", "127.0.0.1/32"]).await;
    let pid = child.id();
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    // One login first, so the hashers' memory is counted in the start.
    let warm = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&serde_json::json!({"username": "x", "password": "y"}));
    assert_eq!(warm.send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    let start_kb = rss_kb(pid);

    let done = Arc::new(AtomicBool::new(false));
    let watch = {
        // Its own connection, not one of the burst's.
        let (done, client, base) = (done.clone(), reqwest::Client::new(), base.clone());
        tokio::spawn(async move {
            let (mut most_kb, mut slowest) = (0, Duration::ZERO);
            while !done.load(Ordering::Acquire) {
                most_kb = most_kb.max(rss_kb(pid));
                let asked = Instant::now();
                let res = client
                    .get(format!("{base}/healthz"))
                    .timeout(Duration::from_secs(5))
                    .send()
                    .await;
                assert_eq!(
                    res.map(|r| r.status()).ok(),
                    Some(StatusCode::OK),
                    "healthz answers during the burst"
                );
                slowest = slowest.max(asked.elapsed());
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            (most_kb, slowest)
        })
    };

    let started = Instant::now();
    let gate = Arc::new(tokio::sync::Semaphore::new(AT_ONCE));
    let mut logins = JoinSet::new();
    for n in 0..LOGINS {
        let (gate, client, base) = (gate.clone(), client.clone(), base.clone());
        let permit = gate.acquire_owned().await.unwrap();
        logins.spawn(async move {
            let res = client
                .post(format!("{base}/api/v1/auth/login"))
                .header(
                    "x-forwarded-for",
                    format!("10.{}.{}.{}", n / 65536, n / 256 % 256, n % 256),
                )
                .json(
                    &serde_json::json!({"username": format!("burst-{n}"), "password": "guess-123"}),
                )
                .send()
                .await
                .unwrap();
            drop(permit);
            res.status()
        });
    }
    let answers = logins.join_all().await;
    let took = started.elapsed();
    done.store(true, Ordering::Release);
    let (most_kb, slowest) = watch.await.unwrap();
    let _ = child.kill();
    let _ = child.wait();

    let refused = answers.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
    let evaluated = answers.iter().filter(|s| **s == StatusCode::UNAUTHORIZED).count();
    println!(
        "{LOGINS} logins in {took:?}: {evaluated} evaluated, {refused} refused as busy; \
         memory {start_kb} kB at the start, at most {most_kb} kB; slowest /healthz {slowest:?}"
    );
    assert_eq!(evaluated + refused, LOGINS, "every login is answered 401 or 429");
    assert!(most_kb <= start_kb + MOST_GROWTH_KB, "memory grew from {start_kb} kB to {most_kb} kB");
    assert!(slowest < Duration::from_secs(1), "/healthz took {slowest:?}");
}
