//! A Kubernetes validating admission webhook in a few lines: POST an `AdmissionReview` to
//! `/validate`, get the response the API server expects. Fails closed: a body that is not a
//! review is refused, never allowed. (A real deployment serves TLS; `palisade serve` does.)
//!
//! `cargo run -p palisade-embedding-examples --example admission_webhook` listens on
//! 127.0.0.1:8443; with `--self-test` it listens on a free port, sends itself a review of a
//! privileged pod and a garbage body, prints both answers and exits 0 when both were refused.

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::routing::post;
use palisade_engine::Engine;
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn validate(State(engine): State<Arc<Engine>>, body: Bytes) -> axum::Json<serde_json::Value> {
    // Judging is CPU work: keep it off the async workers.
    let verdict = tokio::task::spawn_blocking(move || engine.admit(&body).response()).await;
    axum::Json(verdict.unwrap_or_else(|_| {
        serde_json::json!({ "apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
            "response": { "uid": "", "allowed": false,
                "status": { "code": 500, "message": "the webhook failed while judging" } } })
    }))
}

const REVIEW: &str = r#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{
  "uid":"b1f3","kind":{"group":"","version":"v1","kind":"Pod"},
  "resource":{"group":"","version":"v1","resource":"pods"},"namespace":"shop",
  "operation":"CREATE","userInfo":{"username":"alice"},
  "object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"shop"},
    "spec":{"containers":[{"name":"app","image":"nginx:1.27","securityContext":{"privileged":true}}]}}}}"#;

/// One HTTP/1.1 POST over a plain socket; the response body.
async fn post_to(addr: std::net::SocketAddr, body: &str) -> std::io::Result<String> {
    let mut stream = tokio::net::TcpStream::connect(addr).await?;
    let request = format!(
        "POST /validate HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await?;
    let mut response = String::new();
    stream.read_to_string(&mut response).await?;
    Ok(response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default())
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let engine = match Engine::with_stdlib() {
        Ok(engine) => Arc::new(engine),
        Err(e) => {
            eprintln!("{e}");
            return std::process::ExitCode::from(2);
        }
    };
    let app = Router::new()
        .route("/validate", post(validate))
        .with_state(engine);
    let self_test = std::env::args().any(|a| a == "--self-test");
    let bind = if self_test {
        "127.0.0.1:0"
    } else {
        "127.0.0.1:8443"
    };
    let listener = match tokio::net::TcpListener::bind(bind).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("cannot listen on {bind}: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let Ok(addr) = listener.local_addr() else {
        return std::process::ExitCode::from(2);
    };
    eprintln!("listening on http://{addr}/validate");
    if !self_test {
        return match axum::serve(listener, app).await {
            Ok(()) => std::process::ExitCode::SUCCESS,
            Err(_) => std::process::ExitCode::from(2),
        };
    }
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    let mut refused = 0;
    for body in [REVIEW, "{ this is not a review"] {
        let answer = post_to(addr, body).await.unwrap_or_default();
        println!("{answer}");
        let value: serde_json::Value = serde_json::from_str(&answer).unwrap_or_default();
        if value.pointer("/response/allowed") == Some(&serde_json::Value::Bool(false)) {
            refused += 1;
        }
    }
    if refused == 2 {
        std::process::ExitCode::SUCCESS
    } else {
        eprintln!("expected both requests to be refused");
        std::process::ExitCode::from(1)
    }
}
