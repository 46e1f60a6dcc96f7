//! `palisade serve` against bad input: each gets the documented answer (spec/serve.md) or is
//! cut by a timeout, and the server keeps answering others. Empty, non-JSON, not-a-review and
//! wrong-version bodies are HTTP 400 refusals; a body over the limit is 413 (declared or not);
//! a 10^5-deep document is a 400; headers or a body dribbled slower than the read timeout are
//! cut, as are connections that send nothing; a client that vanishes mid-body costs nothing.
// Reading a JSON field with `value["key"]` gives Null when it is absent; it does not panic.
#![allow(clippy::indexing_slicing)]

mod webhook;

use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use webhook::{Client, Pki, Result, Server, example, scratch};

/// Asserts an HTTP 400 refusal shaped as an `AdmissionReview` response.
fn assert_refused(answer: &webhook::Answer, uid: &str, reason: &str) -> Result<()> {
    assert_eq!(
        answer.status,
        400,
        "{:?}",
        String::from_utf8_lossy(&answer.body)
    );
    let response = answer.json()?["response"].clone();
    assert_eq!(response["allowed"], false);
    assert_eq!(response["uid"], uid);
    let message = response["status"]["message"].as_str().unwrap_or_default();
    assert!(message.contains(reason), "`{reason}` not in `{message}`");
    Ok(())
}

/// The server still decides a real review, on a new connection.
async fn still_serving(client: &Client, server: &Server) -> Result<()> {
    let answer = client
        .validate(&server.addr, &example("privileged-pod-review.json")?)
        .await?;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json()?["response"]["allowed"], false);
    Ok(())
}

/// Reads until the server closes the connection (or `limit` passes); whether it closed, and
/// what it sent.
async fn read_until_closed<S: tokio::io::AsyncRead + Unpin>(
    stream: &mut S,
    limit: Duration,
) -> (bool, String) {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    let deadline = Instant::now() + limit;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return (true, String::from_utf8_lossy(&got).into_owned()),
            Ok(Ok(n)) => got.extend_from_slice(buf.get(..n).unwrap_or_default()),
            Err(_) => return (false, String::from_utf8_lossy(&got).into_owned()),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_bodies_are_refused_with_http_400() -> Result<()> {
    let dir = scratch("serve-input-malformed")?;
    let pki = Pki::new(&dir, "first")?;
    let server = Server::start(&pki, &dir, &[])?;
    let client = pki.client()?;
    assert_refused(
        &client.validate(&server.addr, b"").await?,
        "",
        "the request body is empty",
    )?;
    assert_refused(
        &client.validate(&server.addr, b"{ this is not json").await?,
        "",
        "not readable JSON (line 1",
    )?;
    assert_refused(
        &client
            .validate(
                &server.addr,
                br#"{"apiVersion":"v1","kind":"Pod","metadata":{}}"#,
            )
            .await?,
        "",
        "apiVersion is `v1`",
    )?;
    let wrong_version =
        br#"{"apiVersion":"admission.k8s.io/v2","kind":"AdmissionReview","request":{"uid":"u-2"}}"#;
    assert_refused(
        &client.validate(&server.addr, wrong_version).await?,
        "u-2",
        "apiVersion is `admission.k8s.io/v2`",
    )?;
    let no_uid = br#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{}}"#;
    assert_refused(
        &client.validate(&server.addr, no_uid).await?,
        "",
        "with a request uid",
    )?;
    // 100,000 nested arrays inside the object: refused by the input depth limit, no stack
    // overflow.
    let deep = format!(
        r#"{{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{{"uid":"u-deep","object":{}{}}}}}"#,
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    assert_refused(
        &client.validate(&server.addr, deep.as_bytes()).await?,
        "",
        "nest",
    )?;
    // GET on /validate, and an unknown path.
    let answer = client
        .request(&server.addr, "GET", "/validate", b"")
        .await?;
    assert_eq!(answer.status, 405);
    let answer = client.request(&server.addr, "GET", "/nope", b"").await?;
    assert_eq!(answer.status, 404);
    still_serving(&client, &server).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bodies_over_the_limit_are_413_declared_or_streamed() -> Result<()> {
    let dir = scratch("serve-input-large")?;
    let pki = Pki::new(&dir, "first")?;
    let server = Server::start(&pki, &dir, &[])?;
    let client = pki.client()?;
    // 10 MB declared with Content-Length: refused before it is read.
    let mut stream = client.connect(&server.addr).await?;
    let head = "POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\n\r\n";
    stream
        .write_all(head.as_bytes())
        .await
        .map_err(|e| e.to_string())?;
    let (_, text) = read_until_closed(&mut stream, Duration::from_secs(10)).await;
    assert!(text.starts_with("HTTP/1.1 413"), "{text}");
    assert!(
        text.contains("larger than the limit of 3145728 bytes"),
        "{text}"
    );
    // 10 MB sent in chunks, with no declared length: cut at the limit.
    let mut stream = client.connect(&server.addr).await?;
    let head = "POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
    stream
        .write_all(head.as_bytes())
        .await
        .map_err(|e| e.to_string())?;
    let chunk = format!("{:x}\r\n{}\r\n", 1 << 20, " ".repeat(1 << 20));
    let mut answer = String::new();
    for _ in 0..10 {
        if stream.write_all(chunk.as_bytes()).await.is_err() {
            break;
        }
        let mut buf = [0u8; 4096];
        if let Ok(Ok(n)) =
            tokio::time::timeout(Duration::from_millis(5), stream.read(&mut buf)).await
            && n > 0
        {
            answer.push_str(&String::from_utf8_lossy(buf.get(..n).unwrap_or_default()));
            break;
        }
    }
    if answer.is_empty() {
        answer = read_until_closed(&mut stream, Duration::from_secs(10))
            .await
            .1;
    }
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    still_serving(&client, &server).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_and_vanishing_clients_are_cut_and_others_are_served() -> Result<()> {
    let dir = scratch("serve-input-slow")?;
    let pki = Pki::new(&dir, "first")?;
    let mut server = Server::start(&pki, &dir, &["--read-timeout", "1"])?;
    let client = pki.client()?;

    // Slow-loris: headers dribbled a byte every 200 ms never complete within the timeout.
    let mut loris = client.connect(&server.addr).await?;
    let started = Instant::now();
    let dribble = async {
        for byte in "POST /validate HTTP/1.1\r\nHost: localhost\r\nX-Slow: "
            .bytes()
            .cycle()
            .take(200)
        {
            if loris.write_all(&[byte]).await.is_err() || loris.flush().await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    };
    // Meanwhile others are served.
    let (_, served) = tokio::join!(dribble, still_serving(&client, &server));
    served?;
    let cut_after = started.elapsed();
    assert!(
        cut_after < Duration::from_secs(20),
        "the slow client held on for {cut_after:?}"
    );
    let (closed, _) = read_until_closed(&mut loris, Duration::from_secs(5)).await;
    assert!(closed, "the slow connection is still open");

    // A body that stops half way: 408 once the read timeout passes.
    let mut stalled = client.connect(&server.addr).await?;
    let head = "POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"apiVersion\":";
    stalled
        .write_all(head.as_bytes())
        .await
        .map_err(|e| e.to_string())?;
    let (_, text) = read_until_closed(&mut stalled, Duration::from_secs(10)).await;
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(
        text.contains("did not arrive within the read timeout"),
        "{text}"
    );

    // Clients that vanish mid-body, many of them.
    for _ in 0..20 {
        let mut gone = client.connect(&server.addr).await?;
        let head = "POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100000\r\n\r\n{\"kind\":";
        gone.write_all(head.as_bytes())
            .await
            .map_err(|e| e.to_string())?;
        drop(gone);
    }
    // A connection that shakes hands and then sends nothing is cut, as is an idle keep-alive.
    let mut quiet = client.connect(&server.addr).await?;
    let (closed, _) = read_until_closed(&mut quiet, Duration::from_secs(5)).await;
    assert!(closed, "a connection that sent no request is still open");
    let mut idle = client.session(&server.addr).await?;
    assert_eq!(idle.request("GET", "/healthz", b"").await?.status, 200);
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert!(
        idle.request("GET", "/healthz", b"").await.is_err(),
        "an idle keep-alive connection outlived the read timeout"
    );
    // A TLS handshake that never starts is cut too.
    let mut silent = tokio::net::TcpStream::connect(&server.addr)
        .await
        .map_err(|e| e.to_string())?;
    let (closed, _) = read_until_closed(&mut silent, Duration::from_secs(5)).await;
    assert!(closed, "a connection without a handshake is still open");
    still_serving(&client, &server).await?;
    assert!(server.child_alive());
    // Nothing is left waiting for the clients that went away.
    webhook::wait_for_metric(&client, &server.addr, "palisade_admission_in_flight 0").await?;
    Ok(())
}
