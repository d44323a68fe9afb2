//! A small load generator: keep-alive HTTP/1.1 clients on loopback that each send one request
//! after another until a deadline, recording every latency. Bounded in time, 127.0.0.1 only.

use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// What one run measured.
#[derive(Debug, Clone)]
pub struct Figures {
    /// Requests answered with the expected status.
    pub ok: usize,
    /// Requests answered otherwise, or failed.
    pub failed: usize,
    /// Wall time.
    pub elapsed: Duration,
    /// Latencies, sorted.
    pub latencies: Vec<Duration>,
}

impl Figures {
    /// Successful requests a second.
    pub fn rate(&self) -> f64 {
        self.ok as f64 / self.elapsed.as_secs_f64()
    }

    /// A latency quantile.
    pub fn quantile(&self, q: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        self.latencies[((self.latencies.len() - 1) as f64 * q).round() as usize]
    }

    /// One line of figures.
    pub fn line(&self) -> String {
        format!(
            "{:>8.0}/s  p50 {:>6.2} ms  p99 {:>6.2} ms  ({} ok, {} failed in {:.1} s)",
            self.rate(),
            self.quantile(0.5).as_secs_f64() * 1e3,
            self.quantile(0.99).as_secs_f64() * 1e3,
            self.ok,
            self.failed,
            self.elapsed.as_secs_f64()
        )
    }
}

/// Reads one response; returns its status.
async fn response(stream: &mut TcpStream, buf: &mut Vec<u8>) -> std::io::Result<u16> {
    buf.clear();
    let mut chunk = [0u8; 8192];
    let header_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..header_end]).to_ascii_lowercase();
    let status: u16 = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    while buf.len() < header_end + length {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    Ok(status)
}

/// Runs `clients` keep-alive connections for `duration`; client `i` sends the requests that
/// `request(i, n)` makes (the n-th of that client) and expects `expect`.
pub async fn run(
    addr: SocketAddr,
    clients: usize,
    duration: Duration,
    expect: u16,
    request: impl Fn(usize, usize) -> Vec<u8> + Send + Sync + Clone + 'static,
) -> Figures {
    let start = Instant::now();
    let deadline = start + duration;
    let progress = crate::platform::cli::progress::Progress::spinner(format!(
        "bench: {clients} clients for {} s, answered",
        duration.as_secs()
    ));
    let mut tasks = Vec::new();
    for i in 0..clients {
        let request = request.clone();
        let progress = progress.clone();
        tasks.push(tokio::spawn(async move {
            let (mut ok, mut failed, mut latencies) = (0usize, 0usize, Vec::new());
            let mut buf = Vec::with_capacity(16 << 10);
            let Ok(mut stream) = TcpStream::connect(addr).await else { return (0, 1, latencies) };
            let _ = stream.set_nodelay(true);
            let mut n = 0;
            while Instant::now() < deadline {
                let bytes = request(i, n);
                n += 1;
                let t = Instant::now();
                let status = match stream.write_all(&bytes).await {
                    Ok(()) => response(&mut stream, &mut buf).await,
                    Err(e) => Err(e),
                };
                match status {
                    Ok(s) if s == expect => {
                        ok += 1;
                        progress.inc(1);
                        latencies.push(t.elapsed());
                    }
                    Ok(_) => failed += 1,
                    Err(_) => {
                        failed += 1;
                        match TcpStream::connect(addr).await {
                            Ok(s) => stream = s,
                            Err(_) => break,
                        }
                    }
                }
            }
            (ok, failed, latencies)
        }));
    }
    let mut figures = Figures { ok: 0, failed: 0, elapsed: Duration::ZERO, latencies: Vec::new() };
    for t in tasks {
        if let Ok((ok, failed, mut l)) = t.await {
            figures.ok += ok;
            figures.failed += failed;
            figures.latencies.append(&mut l);
        }
    }
    figures.elapsed = start.elapsed();
    progress.finish();
    figures.latencies.sort();
    figures
}

/// A POST request with a JSON body and, if given, a bearer token.
pub fn post_json(path: &str, token: Option<&str>, body: &str) -> Vec<u8> {
    let auth = token.map(|t| format!("Authorization: Bearer {t}\r\n")).unwrap_or_default();
    format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}
