//! The limits of `palisade serve` as a client meets them: a review not answered within the
//! request timeout is a 503 (the API server then refuses the object); while a review holds the
//! only judging slot, probes answer at once and the next review waits its turn; connections
//! beyond `--max-connections` wait to be accepted; a body over the limit is a 413 over HTTP/2
//! as over HTTP/1.1.
// Reading a JSON field with `value["key"]` gives Null when it is absent; it does not panic.
#![allow(clippy::indexing_slicing)]

mod webhook;

use std::time::{Duration, Instant};
use webhook::{Pki, Result, Server, example, scratch};

/// A review of a pod with `containers` privileged containers (about 130 bytes each).
fn large_review(containers: usize) -> Result<Vec<u8>> {
    let mut review: serde_json::Value =
        serde_json::from_slice(&example("privileged-pod-review.json")?)
            .map_err(|e| e.to_string())?;
    let container = review["request"]["object"]["spec"]["containers"][0].clone();
    let many: Vec<serde_json::Value> = (0..containers)
        .map(|i| {
            let mut c = container.clone();
            c["name"] = serde_json::json!(format!("c{i}"));
            c
        })
        .collect();
    review["request"]["object"]["spec"]["containers"] = serde_json::json!(many);
    review["request"]["uid"] = serde_json::json!("u-large");
    Ok(review.to_string().into_bytes())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_review_is_a_503_and_others_wait_while_probes_do_not() -> Result<()> {
    let dir = scratch("serve-limits-slow")?;
    let pki = Pki::new(&dir, "first")?;
    let server = Server::start(
        &pki,
        &dir,
        &["--max-in-flight", "1", "--request-timeout", "0.3"],
    )?;
    let client = pki.client()?;
    let large = large_review(20_000)?;
    // Judging this review takes longer than 0.3 s in this build: the answer is a 503.
    let slow = {
        let (client, addr, large) = (client.clone(), server.addr.clone(), large.clone());
        tokio::spawn(async move { client.validate(&addr, &large).await })
    };
    let started = Instant::now();
    let answer = slow.await.map_err(|e| e.to_string())??;
    assert_eq!(
        answer.status,
        503,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    let response = answer.json()?["response"].clone();
    assert_eq!(response["allowed"], false);
    assert!(started.elapsed() < Duration::from_secs(5));

    // The judging goes on and holds the only slot; probes answer at once meanwhile.
    let again = {
        let (client, addr) = (client.clone(), server.addr.clone());
        tokio::spawn(async move { client.validate(&addr, &large).await })
    };
    tokio::time::sleep(Duration::from_millis(100)).await;
    let probe = Instant::now();
    let health = client.request(&server.addr, "GET", "/healthz", b"").await?;
    assert_eq!(health.status, 200);
    assert!(
        probe.elapsed() < Duration::from_millis(1500),
        "{:?}",
        probe.elapsed()
    );
    let metrics = client.request(&server.addr, "GET", "/metrics", b"").await?;
    let metrics = String::from_utf8_lossy(&metrics.body).into_owned();
    assert!(
        metrics.contains("palisade_admission_requests_total{outcome=\"failed\"} 1"),
        "{metrics}"
    );
    let _ = again.await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_beyond_the_limit_wait_to_be_accepted() -> Result<()> {
    let dir = scratch("serve-limits-connections")?;
    let pki = Pki::new(&dir, "first")?;
    let server = Server::start(&pki, &dir, &["--max-connections", "2"])?;
    let client = pki.client()?;
    let mut first = client.session(&server.addr).await?;
    let mut second = client.session(&server.addr).await?;
    assert_eq!(first.request("GET", "/healthz", b"").await?.status, 200);
    assert_eq!(second.request("GET", "/healthz", b"").await?.status, 200);
    // A third connection is not taken while both are open: its handshake does not finish.
    let third =
        tokio::time::timeout(Duration::from_millis(800), client.connect(&server.addr)).await;
    assert!(third.is_err(), "a third connection was accepted");
    drop(first);
    let third = tokio::time::timeout(Duration::from_secs(10), client.session(&server.addr)).await;
    let mut third = third.map_err(|_| "the third connection was never accepted".to_owned())??;
    assert_eq!(third.request("GET", "/healthz", b"").await?.status, 200);
    assert_eq!(second.request("GET", "/healthz", b"").await?.status, 200);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_over_the_limit_is_413_over_http2_too() -> Result<()> {
    let dir = scratch("serve-limits-h2")?;
    let pki = Pki::new(&dir, "first")?;
    let server = Server::start(&pki, &dir, &["--max-body", "100000"])?;
    let h2 = pki.client_speaking(&["h2"])?;
    let answer = h2.validate_h2(&server.addr, &large_review(2_000)?).await?;
    assert_eq!(answer.status, 413);
    assert!(
        String::from_utf8_lossy(&answer.body).contains("larger than the limit of 100000 bytes")
    );
    let answer = h2
        .validate_h2(&server.addr, &example("privileged-pod-review.json")?)
        .await?;
    assert_eq!(answer.status, 200);
    Ok(())
}
