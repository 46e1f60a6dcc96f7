//! The webhook's HTTP routes: `POST /validate` answers `AdmissionReview`s, failing closed;
//! `/healthz`, `/readyz` and `/metrics` serve operations. Probes and metrics never wait behind
//! admission requests: only `/validate` is bounded by the in-flight limit.
//!
//! A request's body is read first, its bytes taken from a shared budget as they arrive; only
//! then does the review wait for a judging slot (`--max-in-flight`); reviews over 16 KiB are
//! judged on the blocking pool (as many at once as there are cores; over 256 KiB, one at a
//! time), holding their slots until judging ends.
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
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Version};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use palisade_engine::Admission;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Instant;
use tokio::sync::OwnedSemaphorePermit;

/// Bodies up to this size are judged on the async worker that read them (a typical review is
/// a few KiB and takes well under a millisecond; one of 16 KiB, a few milliseconds); larger
/// ones on the blocking pool, as many at once as there are cores, so that a big object does
/// not hold up the other connections of a worker.
const INLINE_BODY: usize = 16 * 1024;
/// Bodies over this size are judged one at a time: judging takes memory in proportion to the
/// review (tens of times its size).
const LARGE_BODY: usize = 256 * 1024;

/// The routes of the main (TLS) listener.
pub fn app(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/validate", post(validate))
        .merge(operations())
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&shared),
            close_when_stopping,
        ))
        .with_state(shared)
}

/// The routes of the plain-HTTP operations listener (`--metrics-addr`).
pub fn operations_app(shared: Arc<Shared>) -> Router {
    operations()
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&shared),
            close_when_stopping,
        ))
        .with_state(shared)
}

/// Once the server is stopping, HTTP/1.1 answers carry `Connection: close`, so that clients
/// stop reusing the connection before it is closed under them.
async fn close_when_stopping(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let http1 = matches!(request.version(), Version::HTTP_10 | Version::HTTP_11);
    let mut response = next.run(request).await;
    if http1 && shared.stopping.load(Ordering::Acquire) {
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
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

/// A refusal before judging, with the HTTP status and the outcome it counts as.
fn refusal(outcome: Outcome, status: StatusCode, message: &str) -> Answered {
    (outcome, failure(status, message), Vec::new(), Vec::new())
}

/// Reads the body within the read timeout, taking its bytes from the shared body budget as
/// they arrive (so a slow sender holds only what it has sent); the permit holds them.
async fn read_body(shared: &Shared, body: Body) -> Result<(Bytes, OwnedSemaphorePermit), Answered> {
    let mut body = Limited::new(body, shared.limits.max_body);
    let mut bytes = Vec::new();
    let mut held: Option<OwnedSemaphorePermit> = None;
    let reading = async {
        while let Some(frame) = body.frame().await {
            let frame = frame.map_err(|e| {
                if e.downcast_ref::<LengthLimitError>().is_some() {
                    too_large(shared)
                } else {
                    tracing::info!(message = "the request body could not be read", error = %e);
                    refusal(
                        Outcome::Malformed,
                        StatusCode::BAD_REQUEST,
                        "the request body could not be read",
                    )
                }
            })?;
            let Ok(data) = frame.into_data() else {
                continue;
            };
            let size = u32::try_from(data.len()).unwrap_or(u32::MAX).max(1);
            let Ok(permit) = Arc::clone(&shared.body_bytes)
                .acquire_many_owned(size)
                .await
            else {
                return Err(refusal(
                    Outcome::Failed,
                    StatusCode::SERVICE_UNAVAILABLE,
                    "the webhook is stopping",
                ));
            };
            match &mut held {
                Some(held) => held.merge(permit),
                None => held = Some(permit),
            }
            bytes.extend_from_slice(&data);
        }
        Ok(())
    };
    match tokio::time::timeout(shared.limits.read_timeout, reading).await {
        Ok(Ok(())) => {}
        Ok(Err(refused)) => return Err(refused),
        Err(_) => {
            tracing::warn!(message = "refused: the body did not arrive within the read timeout");
            return Err(refusal(
                Outcome::Failed,
                StatusCode::REQUEST_TIMEOUT,
                "the request body did not arrive within the read timeout",
            ));
        }
    }
    let held = match held {
        Some(held) => held,
        // An empty body holds one byte of the budget.
        None => Arc::clone(&shared.body_bytes)
            .acquire_many_owned(1)
            .await
            .map_err(|_| {
                refusal(
                    Outcome::Failed,
                    StatusCode::SERVICE_UNAVAILABLE,
                    "the webhook is stopping",
                )
            })?,
    };
    Ok((Bytes::from(bytes), held))
}

async fn answer(shared: Arc<Shared>, body: Body) -> Answered {
    // The body first: a slow sender waits on its own, not in the judging queue.
    let (bytes, body_permit) = match read_body(&shared, body).await {
        Ok(read) => read,
        Err(refused) => return refused,
    };
    let stopping = || {
        refusal(
            Outcome::Failed,
            StatusCode::SERVICE_UNAVAILABLE,
            "the webhook is stopping",
        )
    };
    let Ok(turn) = Arc::clone(&shared.in_flight).acquire_owned().await else {
        return stopping();
    };
    let loaded = shared.policies.load_full();
    let settings = Arc::clone(&loaded.admission);
    let admission = if bytes.len() <= INLINE_BODY {
        let admission = loaded.engine.admit_with(&bytes, &settings);
        drop((turn, body_permit));
        admission
    } else {
        // On the blocking pool, a bounded number at once. The permits go with the job, so
        // that they are held until judging ends even if the request times out first.
        let heavy = if bytes.len() > LARGE_BODY {
            &shared.large
        } else {
            &shared.medium
        };
        let Ok(large) = Arc::clone(heavy).acquire_owned().await else {
            return stopping();
        };
        let judging = Arc::clone(&loaded);
        let job = tokio::task::spawn_blocking(move || {
            let admission = judging.engine.admit_with(&bytes, &settings);
            drop((turn, large, body_permit));
            admission
        });
        match job.await {
            Ok(admission) => admission,
            Err(e) => {
                tracing::error!(message = "judging failed", error = %e);
                return refusal(
                    Outcome::Failed,
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "the webhook failed while judging",
                );
            }
        }
    };
    let errors: usize = admission
        .judged
        .iter()
        .map(|j| j.decision.errors.len())
        .sum();
    shared.metrics.evaluation_errors(errors);
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
    // The uid is the requester's text: logged at most 64 characters long.
    let uid: String = admission.uid.chars().take(64).collect();
    match outcome {
        Outcome::Denied => tracing::info!(
            message = "denied",
            uid = %uid,
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
            uid = %uid,
            reason = admission.exempt.as_deref().unwrap_or("")
        ),
        _ => tracing::debug!(
            message = "allowed",
            uid = %uid,
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
