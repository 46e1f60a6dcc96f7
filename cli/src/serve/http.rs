//! The webhook's HTTP routes: `POST /validate` answers `AdmissionReview`s, failing closed;
//! `/healthz`, `/readyz` and `/metrics` serve operations. Probes and metrics never wait behind
//! admission requests: only `/validate` is bounded by the in-flight limit.
//!
//! Answers of `/validate`, by what arrived:
//! - an `AdmissionReview`: HTTP 200 with the verdict (`allowed`, `status`, `warnings`,
//!   `auditAnnotations`), the request's `uid` echoed;
//! - a body that is not an `AdmissionReview` (empty, not JSON, too deep, wrong kind or
//!   version, no uid): HTTP 400 with a refusal in the same shape;
//! - a body over the limit: HTTP 413; a body not received within the read timeout: 408; no
//!   answer within the request timeout: 503. The API server treats each as a failure of the
//!   webhook, and `failurePolicy: Fail` refuses the object.

use super::Shared;
use super::metrics::Outcome;
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use palisade_engine::Admission;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Instant;

/// Bodies up to this size are judged on the async worker that read them (a typical review
/// takes well under a millisecond); larger ones on the blocking pool, so that one big object
/// does not hold up the other connections of that worker.
const INLINE_BODY: usize = 64 * 1024;

/// The routes of the main (TLS) listener.
pub fn app(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/validate", post(validate))
        .merge(operations())
        .with_state(shared)
}

/// The routes of the plain-HTTP operations listener (`--metrics-addr`).
pub fn operations_app(shared: Arc<Shared>) -> Router {
    operations().with_state(shared)
}

fn operations() -> Router<Arc<Shared>> {
    Router::new()
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
}

async fn readyz(State(shared): State<Arc<Shared>>) -> Response {
    if shared.ready.load(Ordering::Acquire) {
        (StatusCode::OK, "ready\n").into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "not ready\n").into_response()
    }
}

async fn metrics(State(shared): State<Arc<Shared>>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        shared.metrics.encode(),
    )
        .into_response()
}

/// A refusal of a request that never became a verdict (the uid is unknown: the body was not
/// read), in the shape of a review response, with that HTTP status.
fn failure(status: StatusCode, message: &str) -> Response {
    let body = Admission::refusal(status.as_u16(), message).response();
    (status, axum::Json(body)).into_response()
}

/// Counts a request to `/validate` in flight while it lives.
struct InFlight<'s>(&'s Shared);

impl<'s> InFlight<'s> {
    fn new(shared: &'s Shared) -> InFlight<'s> {
        shared.metrics.in_flight(1);
        InFlight(shared)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.metrics.in_flight(-1);
    }
}

async fn validate(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let start = Instant::now();
    let _counted = InFlight::new(&shared);
    // A declared length over the limit is refused before anything is read.
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let answer = if declared.is_some_and(|n| n > shared.limits.max_body as u64) {
        Ok(too_large(&shared))
    } else {
        tokio::time::timeout(
            shared.limits.request_timeout,
            answer(Arc::clone(&shared), request.into_body()),
        )
        .await
    };
    let (outcome, response, denied_by, warned_by) = match answer {
        Ok(answered) => answered,
        Err(_) => {
            tracing::warn!(
                message = "no answer within the request timeout",
                timeout_ms = shared.limits.request_timeout.as_millis() as u64
            );
            (
                Outcome::Failed,
                failure(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "the webhook did not answer within its request timeout",
                ),
                Vec::new(),
                Vec::new(),
            )
        }
    };
    shared.metrics.answered(
        outcome,
        start.elapsed().as_secs_f64(),
        &denied_by,
        &warned_by,
    );
    response
}

type Answered = (Outcome, Response, Vec<String>, Vec<String>);

fn too_large(shared: &Shared) -> Answered {
    let message = format!(
        "the request body is larger than the limit of {} bytes",
        shared.limits.max_body
    );
    tracing::warn!(
        message = "refused: body over the limit",
        limit = shared.limits.max_body
    );
    (
        Outcome::Failed,
        failure(StatusCode::PAYLOAD_TOO_LARGE, &message),
        Vec::new(),
        Vec::new(),
    )
}

async fn answer(shared: Arc<Shared>, body: Body) -> Answered {
    let Ok(_turn) = shared.in_flight.acquire().await else {
        return (
            Outcome::Failed,
            failure(StatusCode::SERVICE_UNAVAILABLE, "the webhook is stopping"),
            Vec::new(),
            Vec::new(),
        );
    };
    let limited = Limited::new(body, shared.limits.max_body);
    let bytes = match tokio::time::timeout(shared.limits.read_timeout, limited.collect()).await {
        Ok(Ok(collected)) => collected.to_bytes(),
        Ok(Err(e)) if e.downcast_ref::<LengthLimitError>().is_some() => {
            return too_large(&shared);
        }
        Ok(Err(e)) => {
            tracing::info!(message = "the request body could not be read", error = %e);
            return (
                Outcome::Malformed,
                failure(
                    StatusCode::BAD_REQUEST,
                    "the request body could not be read",
                ),
                Vec::new(),
                Vec::new(),
            );
        }
        Err(_) => {
            tracing::warn!(message = "refused: the body did not arrive within the read timeout");
            return (
                Outcome::Failed,
                failure(
                    StatusCode::REQUEST_TIMEOUT,
                    "the request body did not arrive within the read timeout",
                ),
                Vec::new(),
                Vec::new(),
            );
        }
    };
    let loaded = shared.policies.load_full();
    let settings = Arc::clone(&loaded.admission);
    let admission = if bytes.len() <= INLINE_BODY {
        loaded.engine.admit_with(&bytes, &settings)
    } else {
        let judging = Arc::clone(&loaded);
        match tokio::task::spawn_blocking(move || judging.engine.admit_with(&bytes, &settings))
            .await
        {
            Ok(admission) => admission,
            Err(e) => {
                tracing::error!(message = "judging failed", error = %e);
                return (
                    Outcome::Failed,
                    failure(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "the webhook failed while judging",
                    ),
                    Vec::new(),
                    Vec::new(),
                );
            }
        }
    };
    let outcome = if admission.code == 400 {
        Outcome::Malformed
    } else if admission.exempt.is_some() {
        Outcome::Exempt
    } else if admission.allowed {
        Outcome::Allowed
    } else {
        Outcome::Denied
    };
    let object = admission.object().unwrap_or("");
    match outcome {
        Outcome::Denied => tracing::info!(
            message = "denied",
            uid = %admission.uid,
            object,
            rules = %admission.denied_by.join(","),
            generation = loaded.generation
        ),
        Outcome::Malformed => tracing::info!(
            message = "refused: not a readable review",
            reason = %admission.message
        ),
        Outcome::Exempt => tracing::info!(
            message = "exempt",
            uid = %admission.uid,
            reason = admission.exempt.as_deref().unwrap_or("")
        ),
        _ => tracing::debug!(
            message = "allowed",
            uid = %admission.uid,
            object,
            warnings = admission.warnings.len(),
            generation = loaded.generation
        ),
    }
    let status = if admission.code == 400 {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let response = (status, axum::Json(admission.response())).into_response();
    (outcome, response, admission.denied_by, admission.warned_by)
}
