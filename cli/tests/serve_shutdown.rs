//! `palisade serve` stopping on SIGTERM under a bounded load: every request the server had
//! taken when the signal came (here, 16 whose bodies were still arriving) gets its full answer,
//! no request fails before the signal, new connections are refused after it, and the process
//! exits 0 within the grace period.
// Reading a JSON field with `value["key"]` gives Null when it is absent; it does not panic.
#![allow(clippy::indexing_slicing)]

mod webhook;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use webhook::{Pki, Result, Server, example, scratch};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_drains_the_requests_in_flight() -> Result<()> {
    let dir = scratch("serve-shutdown")?;
    let pki = Pki::new(&dir, "first")?;
    let mut server = Server::start(&pki, &dir, &["--grace-period", "15"])?;
    let client = pki.client()?;
    let body = example("privileged-pod-review.json")?;

    // A bounded load on keep-alive connections until the server goes away.
    let signalled = Arc::new(AtomicBool::new(false));
    let answered = Arc::new(AtomicUsize::new(0));
    let failed_before_signal = Arc::new(AtomicUsize::new(0));
    let mut load = Vec::new();
    for _ in 0..4 {
        let client = client.clone();
        let addr = server.addr.clone();
        let body = body.clone();
        let (signalled, answered, failed) = (
            Arc::clone(&signalled),
            Arc::clone(&answered),
            Arc::clone(&failed_before_signal),
        );
        load.push(tokio::spawn(async move {
            let Ok(mut session) = client.session(&addr).await else {
                failed.fetch_add(1, Ordering::SeqCst);
                return;
            };
            for _ in 0..5_000 {
                let sent_before_signal = !signalled.load(Ordering::SeqCst);
                match session.request("POST", "/validate", &body).await {
                    Ok(a) if a.status == 200 => {
                        answered.fetch_add(1, Ordering::SeqCst);
                    }
                    _ => {
                        if sent_before_signal && !signalled.load(Ordering::SeqCst) {
                            failed.fetch_add(1, Ordering::SeqCst);
                        }
                        return;
                    }
                }
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
        }));
    }

    // Sixteen requests taken by the server, their bodies half sent.
    let half = body.len() / 2;
    let mut pending = Vec::new();
    for _ in 0..16 {
        let mut stream = client.connect(&server.addr).await?;
        let head = format!(
            "POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        stream
            .write_all(head.as_bytes())
            .await
            .map_err(|e| e.to_string())?;
        stream
            .write_all(body.get(..half).unwrap_or_default())
            .await
            .map_err(|e| e.to_string())?;
        stream.flush().await.map_err(|e| e.to_string())?;
        pending.push(stream);
    }
    // The server has taken all sixteen (they wait for their bodies in /validate).
    let taken = (16..40).map(|n| format!("palisade_admission_in_flight {n}"));
    let start = std::time::Instant::now();
    'taken: loop {
        let metrics = client.request(&server.addr, "GET", "/metrics", b"").await?;
        let metrics = String::from_utf8_lossy(&metrics.body).into_owned();
        for line in taken.clone() {
            if metrics.lines().any(|l| l == line) {
                break 'taken;
            }
        }
        if start.elapsed() > Duration::from_secs(20) {
            return Err(format!("the sixteen requests were not taken: {metrics}"));
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    signalled.store(true, Ordering::SeqCst);
    server.signal("TERM")?;
    server.wait_for_log("stopping", Duration::from_secs(10))?;
    // New connections are refused once the listener has closed.
    let start = std::time::Instant::now();
    while client.connect(&server.addr).await.is_ok() {
        if start.elapsed() > Duration::from_secs(10) {
            return Err("new connections are still accepted after SIGTERM".to_owned());
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    // The requests in flight finish and are answered in full.
    for (i, mut stream) in pending.into_iter().enumerate() {
        stream
            .write_all(body.get(half..).unwrap_or_default())
            .await
            .map_err(|e| format!("request {i}: {e}"))?;
        let mut text = String::new();
        tokio::time::timeout(Duration::from_secs(10), stream.read_to_string(&mut text))
            .await
            .map_err(|_| format!("request {i}: no answer"))?
            .ok();
        assert!(text.starts_with("HTTP/1.1 200"), "request {i}: {text}");
        assert!(text.contains("\"allowed\":false"), "request {i}: {text}");
        assert!(
            text.contains("8c1a5e0e-6f1d-4c55-9a57-0d2f4c1e7a01"),
            "request {i}: {text}"
        );
    }
    for task in load {
        let _ = task.await;
    }
    assert_eq!(server.wait_exit(Duration::from_secs(20))?, Some(0));
    assert_eq!(failed_before_signal.load(Ordering::SeqCst), 0);
    assert!(answered.load(Ordering::SeqCst) > 0);
    let stopped = server.logged("stopped").ok_or("no `stopped` log line")?;
    assert!(
        stopped["drained_connections"]
            .as_u64()
            .is_some_and(|n| n >= 16),
        "{stopped}"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn during_the_shutdown_delay_reviews_are_answered_and_readyz_says_no() -> Result<()> {
    let dir = scratch("serve-shutdown-delay")?;
    let pki = Pki::new(&dir, "first")?;
    let mut server = Server::start(&pki, &dir, &["--shutdown-delay", "3"])?;
    let client = pki.client()?;
    let body = example("privileged-pod-review.json")?;
    assert_eq!(
        client
            .request(&server.addr, "GET", "/readyz", b"")
            .await?
            .status,
        200
    );
    server.signal("TERM")?;
    server.wait_for_log("stopping", Duration::from_secs(10))?;
    let ready = client.request(&server.addr, "GET", "/readyz", b"").await?;
    assert_eq!(ready.status, 503);
    // Still answering, and asking HTTP/1.1 clients to close their connections.
    let mut stream = client.connect(&server.addr).await?;
    let head = format!(
        "POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream
        .write_all(head.as_bytes())
        .await
        .map_err(|e| e.to_string())?;
    stream.write_all(&body).await.map_err(|e| e.to_string())?;
    let mut text = String::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_string(&mut text))
        .await
        .map_err(|_| "no answer during the delay".to_owned())?
        .ok();
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    assert!(text.to_lowercase().contains("connection: close"), "{text}");
    assert_eq!(server.wait_exit(Duration::from_secs(30))?, Some(0));
    Ok(())
}
