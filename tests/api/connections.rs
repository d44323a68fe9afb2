//! Connections that send too slowly or too much: closed on time, counted, and answered as the API's
//! errors.

use crate::helpers::TestApp;

use crate::helpers::error_of;

use crate::helpers::fresh_database;
use reqwest::{Client, StatusCode};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use zhili::platform::db::Db;
use zhili::platform::web::connections::Limits;

/// An empty zhili whose connections live within `limits`.
async fn spawn_within(limits: Limits) -> TestApp {
    let database = std::sync::Arc::new(fresh_database().await);
    let database_url = database.url.clone();
    let db = Db::connect(&database_url, zhili::CAPABILITIES).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(zhili::platform::web::serve_within(
        listener,
        zhili::platform::web::AppState::new(db.clone(), zhili::CAPABILITIES, false),
        limits,
        std::future::pending(),
    ));
    let client = Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    TestApp { base, db, database_url, client, database }
}

async fn connect(app: &TestApp) -> TcpStream {
    TcpStream::connect(app.base.trim_start_matches("http://")).await.unwrap()
}

/// How long until the server closes the connection (reads to its end), at most `within`.
async fn closed_after(stream: &mut TcpStream, within: Duration) -> Option<Duration> {
    let started = Instant::now();
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout(within.saturating_sub(started.elapsed()), stream.read(&mut buf))
            .await
        {
            Ok(Ok(0)) | Ok(Err(_)) => return Some(started.elapsed()),
            Ok(Ok(_)) => continue,
            Err(_) => return None,
        }
    }
}

#[tokio::test]
async fn a_connection_that_never_finishes_its_headers_is_closed() {
    let app =
        spawn_within(Limits { header_timeout: Duration::from_secs(1), ..Limits::default() }).await;
    let mut slow = connect(&app).await;
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: zhili\r\nX-Slow: ").await.unwrap();
    let closed = closed_after(&mut slow, Duration::from_secs(5)).await;
    assert!(
        closed.is_some_and(|t| t >= Duration::from_millis(900)),
        "closed after {closed:?}, not at the timeout"
    );

    // A kept-alive connection that is answered, then says nothing more, is closed too.
    let mut idle = connect(&app).await;
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: zhili\r\n\r\n").await.unwrap();
    let closed = closed_after(&mut idle, Duration::from_secs(5)).await;
    assert!(closed.is_some(), "an idle keep-alive connection stays open");
}

#[tokio::test]
async fn past_the_cap_a_connection_waits_for_a_slot() {
    let app =
        spawn_within(Limits { header_timeout: Duration::from_secs(2), max_connections: 2 }).await;
    let mut slow = [connect(&app).await, connect(&app).await];
    for s in &mut slow {
        s.write_all(b"GET /healthz HTTP/1.1\r\n").await.unwrap();
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let started = Instant::now();
    let res = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(1500),
        "served after {waited:?}, beside two open connections"
    );
    assert!(waited < Duration::from_secs(5), "served after {waited:?}");
}

#[tokio::test]
async fn a_body_over_the_limit_is_the_apis_json_error() {
    let app = TestApp::spawn_empty().await;
    let big = vec![b' '; 11 << 20];
    let declared = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await;
    let error = error_of(declared.unwrap(), StatusCode::PAYLOAD_TOO_LARGE).await;
    assert_eq!(error["code"], "payload_too_large", "{error}");
    assert!(error["message"].as_str().unwrap().contains("10"), "{error}");

    // Sent in chunks with no length given, the limit is met while reading.
    let mut stream = connect(&app).await;
    let head = "POST /api/v1/auth/login HTTP/1.1\r\nHost: zhili\r\nContent-Type: application/json\r\n\
                Accept-Language: en\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
    stream.write_all(head.as_bytes()).await.unwrap();
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..11 {
        let sent = async {
            stream.write_all(format!("{:x}\r\n", chunk.len()).as_bytes()).await?;
            stream.write_all(&chunk).await?;
            stream.write_all(b"\r\n").await
        };
        if sent.await.is_err() {
            break;
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n").await;
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer)).await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(
        answer.contains("application/json") && answer.contains("\"payload_too_large\""),
        "{answer}"
    );
    assert!(answer.contains("10 MiB"), "in the caller's language: {answer}");
}

#[tokio::test]
async fn zhili_serve_takes_its_limits_and_metrics_address_from_flags() {
    let database = fresh_database().await;
    let (port, metrics_port) = (crate::server::free_port(), crate::server::free_port());
    let flags = [
        "--header-timeout-seconds",
        "1",
        "--max-connections",
        "8",
        "--metrics-addr",
        &format!("127.0.0.1:{metrics_port}"),
    ];
    let mut server = crate::server::start(&database.url, port, &flags).await;
    let client = Client::new();
    // The metrics listener binds beside the main one, a moment after it may answer.
    let url = format!("http://127.0.0.1:{metrics_port}/metrics");
    let mut metrics = client.get(&url).send().await;
    for _ in 0..50 {
        if metrics.is_ok() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        metrics = client.get(&url).send().await;
    }
    let metrics = metrics.unwrap();
    assert_eq!(metrics.status(), StatusCode::OK);
    assert!(metrics.text().await.unwrap().contains("zhili_http_requests_total"));
    let public = client.get(format!("http://127.0.0.1:{port}/metrics")).send().await.unwrap();
    assert_eq!(public.status(), StatusCode::NOT_FOUND);
    let mut slow = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\n").await.unwrap();
    assert!(
        closed_after(&mut slow, Duration::from_secs(5)).await.is_some(),
        "the one-second header timeout holds"
    );
    let _ = server.kill();
    let _ = server.wait();
}
