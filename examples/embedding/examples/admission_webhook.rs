//! A Kubernetes validating admission webhook in a few lines: POST an `AdmissionReview` to
//! `/validate`, get the response the API server expects. Fails closed: a body that is not a
//! review is refused, never allowed. A real deployment serves TLS, and registers the webhook with
//! `failurePolicy: Fail`, so that an error of the webhook (a body over the limit, a timeout) does
//! not admit the object.
//!
//! `cargo run -p palisade-embedding-examples --example admission_webhook` listens on
//! 127.0.0.1:8443; with `--self-test` it listens on a free port, sends itself a review of a
//! privileged pod and a garbage body, prints both answers and exits 0 when both were refused.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::routing::post;
use palisade_engine::Engine;
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The largest review accepted: an UPDATE carries the object twice (`object`, `oldObject`).
const MAX_BODY: usize = 16 << 20;

struct Webhook {
    engine: Engine,
    /// Bounds how many reviews are judged at once; the others wait their turn.
    judging: tokio::sync::Semaphore,
}

async fn validate(State(hook): State<Arc<Webhook>>, body: Bytes) -> axum::Json<serde_json::Value> {
    let permit = hook.judging.acquire().await;
    // Judging is CPU work: keep it off the async workers.
    let judge = Arc::clone(&hook);
    let verdict = tokio::task::spawn_blocking(move || judge.engine.admit(&body).response()).await;
    drop(permit);
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
        Ok(engine) => engine,
        Err(e) => {
            eprintln!("{e}");
            return std::process::ExitCode::from(2);
        }
    };
    let cores = std::thread::available_parallelism().map_or(2, usize::from);
    let hook = Arc::new(Webhook {
        engine,
        judging: tokio::sync::Semaphore::new(cores),
    });
    let app = Router::new()
        .route("/validate", post(validate))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(hook);
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
