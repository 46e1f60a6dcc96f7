//! The load generator of `benches/serve-load.sh`: HTTPS `POST /validate` requests to a running
//! `palisade serve` on loopback, bounded in count and time.
//!
//! ```text
//! serve-load certs DIR
//!     a test CA and a server certificate for 127.0.0.1/localhost: DIR/{ca,cert,key}.pem
//! serve-load closed ADDR CA BODY CONNECTIONS SECONDS
//!     keep-alive connections, each sending the next request as soon as the last is answered:
//!     the sustained throughput
//! serve-load rate ADDR CA BODY RATE SECONDS [PID]
//!     requests at a fixed rate, spread over 16 connections (open loop: latency counts from
//!     when a request was issued, not from when its connection got to it, so a slow answer that
//!     delays the next on its connection is counted against the server); with PID, the
//!     server's resident memory is sampled every 10 s (the largest sample is printed)
//! ```
//!
//! Output: `key=value` lines (requests, errors, req_per_s, latency percentiles in ms, rss_kib
//! samples). Every answer must be HTTP 200 with the body's `uid`; anything else is an error.

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio_rustls::TlsConnector;
use tokio_rustls::rustls;
use tokio_rustls::rustls::pki_types::pem::PemObject;

type Result<T> = std::result::Result<T, String>;

fn certs(dir: &str) -> Result<()> {
    use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
    let dir = std::path::Path::new(dir);
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let mut ca = CertificateParams::new(Vec::<String>::new()).map_err(|e| e.to_string())?;
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name
        .push(DnType::CommonName, "serve-load CA");
    let ca_key = KeyPair::generate().map_err(|e| e.to_string())?;
    let ca_cert = ca.self_signed(&ca_key).map_err(|e| e.to_string())?;
    let issuer = Issuer::new(ca, ca_key);
    let leaf = CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()])
        .map_err(|e| e.to_string())?;
    let key = KeyPair::generate().map_err(|e| e.to_string())?;
    let cert = leaf.signed_by(&key, &issuer).map_err(|e| e.to_string())?;
    for (name, text) in [
        ("ca.pem", ca_cert.pem()),
        ("cert.pem", cert.pem()),
        ("key.pem", key.serialize_pem()),
    ] {
        std::fs::write(dir.join(name), text).map_err(|e| format!("{name}: {e}"))?;
    }
    Ok(())
}

fn connector(ca: &str) -> Result<TlsConnector> {
    let pem = std::fs::read(ca).map_err(|e| format!("{ca}: {e}"))?;
    let mut roots = rustls::RootCertStore::empty();
    let der = rustls::pki_types::CertificateDer::from_pem_slice(&pem).map_err(|e| e.to_string())?;
    roots.add(der).map_err(|e| e.to_string())?;
    // The server's provider.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(TlsConnector::from(Arc::new(config)))
}

type Sender = hyper::client::conn::http1::SendRequest<Full<Bytes>>;

async fn session(connector: &TlsConnector, addr: &str) -> Result<Sender> {
    let tcp = tokio::net::TcpStream::connect(addr)
        .await
        .map_err(|e| e.to_string())?;
    let _ = tcp.set_nodelay(true);
    let name = rustls::pki_types::ServerName::try_from("localhost").map_err(|e| e.to_string())?;
    let tls = connector
        .connect(name, tcp)
        .await
        .map_err(|e| e.to_string())?;
    let (sender, conn) = hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(tls))
        .await
        .map_err(|e| e.to_string())?;
    tokio::spawn(async move {
        let _ = conn.await;
    });
    Ok(sender)
}

/// Sends one review; whether the answer was a 200 echoing the uid.
async fn send(sender: &mut Sender, body: &Bytes, uid: &str) -> bool {
    let Ok(request) = hyper::Request::builder()
        .method("POST")
        .uri("/validate")
        .header("host", "localhost")
        .header("content-type", "application/json")
        .body(Full::new(body.clone()))
    else {
        return false;
    };
    if sender.ready().await.is_err() {
        return false;
    }
    let Ok(response) = sender.send_request(request).await else {
        return false;
    };
    let ok = response.status() == 200;
    match response.into_body().collect().await {
        Ok(collected) => {
            let bytes = collected.to_bytes();
            ok && std::str::from_utf8(&bytes).is_ok_and(|text| text.contains(uid))
        }
        Err(_) => false,
    }
}

/// Latencies in microseconds, and errors.
#[derive(Default)]
struct Tally {
    latencies: Vec<u32>,
    errors: usize,
}

impl Tally {
    fn merge(&mut self, other: Tally) {
        self.latencies.extend(other.latencies);
        self.errors += other.errors;
    }

    fn print(mut self, seconds: f64) {
        self.latencies.sort_unstable();
        let n = self.latencies.len();
        let at = |q: f64| {
            let i = ((n as f64 * q).ceil() as usize).clamp(1, n.max(1)) - 1;
            self.latencies
                .get(i)
                .map_or(0.0, |us| f64::from(*us) / 1000.0)
        };
        println!("requests={}", n + self.errors);
        println!("errors={}", self.errors);
        println!("req_per_s={:.0}", n as f64 / seconds);
        println!("p50_ms={:.3}", at(0.50));
        println!("p90_ms={:.3}", at(0.90));
        println!("p99_ms={:.3}", at(0.99));
        println!("p999_ms={:.3}", at(0.999));
        println!("max_ms={:.3}", at(1.0));
    }
}

fn uid_of(body: &[u8]) -> Result<String> {
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|e| e.to_string())?;
    value
        .pointer("/request/uid")
        .and_then(|u| u.as_str())
        .map(str::to_owned)
        .ok_or_else(|| "the body has no request.uid".to_owned())
}

async fn closed(addr: &str, ca: &str, body: &str, connections: usize, seconds: f64) -> Result<()> {
    let connector = connector(ca)?;
    let bytes = std::fs::read(body).map_err(|e| format!("{body}: {e}"))?;
    let uid = uid_of(&bytes)?;
    let body = Bytes::from(bytes);
    let mut workers = Vec::new();
    // Connections are opened first, so that the handshakes are not timed.
    let mut senders = Vec::new();
    for _ in 0..connections {
        senders.push(session(&connector, addr).await?);
    }
    let start = Instant::now();
    let end = start + Duration::from_secs_f64(seconds);
    for mut sender in senders {
        let (body, uid) = (body.clone(), uid.clone());
        workers.push(tokio::spawn(async move {
            let mut tally = Tally::default();
            while Instant::now() < end {
                let sent = Instant::now();
                if send(&mut sender, &body, &uid).await {
                    let us = sent.elapsed().as_micros();
                    tally.latencies.push(u32::try_from(us).unwrap_or(u32::MAX));
                } else {
                    tally.errors += 1;
                    tokio::time::sleep(Duration::from_millis(10)).await;
                }
            }
            tally
        }));
    }
    let mut tally = Tally::default();
    for w in workers {
        tally.merge(w.await.map_err(|e| e.to_string())?);
    }
    println!("connections={connections}");
    tally.print(start.elapsed().as_secs_f64());
    Ok(())
}

fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
}

async fn rate(
    addr: &str,
    ca: &str,
    body: &str,
    rate: f64,
    seconds: f64,
    pid: Option<u32>,
) -> Result<()> {
    const CONNECTIONS: usize = 16;
    let connector = connector(ca)?;
    let bytes = std::fs::read(body).map_err(|e| format!("{body}: {e}"))?;
    let uid = uid_of(&bytes)?;
    let body = Bytes::from(bytes);
    let total = (rate * seconds) as u64;
    let interval = Duration::from_secs_f64(1.0 / rate);
    let mut queues = Vec::new();
    let mut workers = Vec::new();
    for _ in 0..CONNECTIONS {
        let mut sender = session(&connector, addr).await?;
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Instant>();
        queues.push(tx);
        let (body, uid) = (body.clone(), uid.clone());
        workers.push(tokio::spawn(async move {
            let mut tally = Tally::default();
            while let Some(due) = rx.recv().await {
                if send(&mut sender, &body, &uid).await {
                    let us = due.elapsed().as_micros();
                    tally.latencies.push(u32::try_from(us).unwrap_or(u32::MAX));
                } else {
                    tally.errors += 1;
                }
            }
            tally
        }));
    }
    let largest = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let sampler = pid.map(|pid| {
        let largest = Arc::clone(&largest);
        tokio::spawn(async move {
            while let Some(kib) = rss_kib(pid) {
                largest.fetch_max(kib, std::sync::atomic::Ordering::Relaxed);
                tokio::time::sleep(Duration::from_secs(10)).await;
            }
        })
    });
    let start = Instant::now();
    // How late the generator issued each request (µs): its own lag, shown beside the latency.
    let mut lag = Vec::with_capacity(usize::try_from(total).unwrap_or(0));
    for i in 0..total {
        let due = start + interval.mul_f64(i as f64);
        // The timer wakes at millisecond granularity: a request is issued (and its time starts)
        // when the generator gets to it, which is never before it is due.
        tokio::time::sleep_until(due.into()).await;
        let issued = Instant::now();
        lag.push(issued.saturating_duration_since(due).as_micros());
        let queue = queues.get(i as usize % CONNECTIONS).ok_or("no queue")?;
        let _ = queue.send(issued);
    }
    lag.sort_unstable();
    let lag_p99 = lag
        .get(lag.len().saturating_mul(99) / 100)
        .copied()
        .unwrap_or(0);
    drop(queues);
    let mut tally = Tally::default();
    for w in workers {
        tally.merge(w.await.map_err(|e| e.to_string())?);
    }
    let elapsed = start.elapsed().as_secs_f64();
    println!("rate={rate}");
    tally.print(elapsed);
    println!("generator_lag_p99_ms={:.3}", lag_p99 as f64 / 1000.0);
    if let Some(pid) = pid {
        let last = rss_kib(pid).unwrap_or(0);
        if let Some(sampler) = sampler {
            sampler.abort();
        }
        let largest = largest.load(std::sync::atomic::Ordering::Relaxed).max(last);
        println!("rss_max_kib={largest}");
        println!("rss_end_kib={last}");
    }
    Ok(())
}

fn number<T: std::str::FromStr>(text: &str, what: &str) -> Result<T> {
    text.parse()
        .map_err(|_| format!("{what}: not a number: {text}"))
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["certs", dir] => certs(dir),
        ["closed", addr, ca, body, connections, seconds] => match (
            number(connections, "connections"),
            number(seconds, "seconds"),
        ) {
            (Ok(c), Ok(s)) => closed(addr, ca, body, c, s).await,
            (Err(e), _) | (_, Err(e)) => Err(e),
        },
        ["rate", addr, ca, body, r, seconds, rest @ ..] => {
            let pid = rest.first().map(|p| number::<u32>(p, "pid")).transpose();
            match (number(r, "rate"), number(seconds, "seconds"), pid) {
                (Ok(r), Ok(s), Ok(pid)) => rate(addr, ca, body, r, s, pid).await,
                (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => Err(e),
            }
        }
        _ => Err("usage: serve-load certs DIR | closed ADDR CA BODY CONNECTIONS SECONDS | rate ADDR CA BODY RATE SECONDS [PID]".to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("serve-load: {e}");
            ExitCode::from(2)
        }
    }
}
