//! The webhook's metrics, in the Prometheus text (OpenMetrics) format served at `/metrics`:
//! requests by outcome, denials and warnings by rule, judging latency, reloads and in-flight
//! requests. Label values come from a closed set (outcomes, rule ids of the loaded policies),
//! never from request data, so the series stay bounded.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

/// How a request to `/validate` ended.
#[derive(Clone, Copy, Debug)]
pub enum Outcome {
    /// Judged and admitted.
    Allowed,
    /// Judged and refused by policy (or by an evaluation error: failing closed).
    Denied,
    /// Admitted without judging: an exempt namespace or label.
    Exempt,
    /// Not an `AdmissionReview` (HTTP 400).
    Malformed,
    /// Too large (413), too slow (408), or the webhook failed (500).
    Failed,
}

impl Outcome {
    fn label(self) -> &'static str {
        match self {
            Outcome::Allowed => "allowed",
            Outcome::Denied => "denied",
            Outcome::Exempt => "exempt",
            Outcome::Malformed => "malformed",
            Outcome::Failed => "failed",
        }
    }
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabels {
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RuleLabels {
    rule: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ReloadLabels {
    what: &'static str,
    result: &'static str,
}

/// Every metric of the server, registered once.
pub struct Metrics {
    registry: Registry,
    requests: Family<OutcomeLabels, Counter>,
    denials: Family<RuleLabels, Counter>,
    warnings: Family<RuleLabels, Counter>,
    duration: Histogram,
    reloads: Family<ReloadLabels, Counter>,
    generation: Gauge,
    in_flight: Gauge,
    errors: Counter,
}

impl Metrics {
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("palisade");
        let requests = Family::<OutcomeLabels, Counter>::default();
        registry.register(
            "admission_requests",
            "Requests to /validate, by outcome",
            requests.clone(),
        );
        let denials = Family::<RuleLabels, Counter>::default();
        registry.register(
            "admission_denials",
            "Refused requests, by the rule that refused them",
            denials.clone(),
        );
        let warnings = Family::<RuleLabels, Counter>::default();
        registry.register(
            "admission_warnings",
            "Warnings returned, by the rule that gave them",
            warnings.clone(),
        );
        // 100 µs to ~1.6 s.
        let duration = Histogram::new(exponential_buckets(0.0001, 2.0, 15));
        registry.register(
            "admission_duration_seconds",
            "Time from the request's arrival to its answer, body read included",
            duration.clone(),
        );
        let reloads = Family::<ReloadLabels, Counter>::default();
        registry.register(
            "reloads",
            "Reloads of the policies and of the TLS certificate, by result",
            reloads.clone(),
        );
        let generation = Gauge::default();
        registry.register(
            "policy_generation",
            "How many policy sets were loaded since the start (1 for the first)",
            generation.clone(),
        );
        let in_flight = Gauge::default();
        registry.register(
            "admission_in_flight",
            "Requests to /validate being answered or waiting for their turn",
            in_flight.clone(),
        );
        let errors = Counter::default();
        registry.register(
            "evaluation_errors",
            "Evaluation errors in judging reviews (each refuses its review, or warns for a warn-only rule)",
            errors.clone(),
        );
        Metrics {
            errors,
            registry,
            requests,
            denials,
            warnings,
            duration,
            reloads,
            generation,
            in_flight,
        }
    }

    /// Counts one answered request.
    pub fn answered(
        &self,
        outcome: Outcome,
        seconds: f64,
        denied_by: &[String],
        warned_by: &[String],
    ) {
        self.requests
            .get_or_create(&OutcomeLabels {
                outcome: outcome.label(),
            })
            .inc();
        self.duration.observe(seconds);
        for rule in denied_by {
            self.denials
                .get_or_create(&RuleLabels { rule: rule.clone() })
                .inc();
        }
        for rule in warned_by {
            self.warnings
                .get_or_create(&RuleLabels { rule: rule.clone() })
                .inc();
        }
    }

    /// Counts a reload of `what` (`policies` or `tls`).
    pub fn reloaded(&self, what: &'static str, ok: bool) {
        let result = if ok { "ok" } else { "error" };
        self.reloads
            .get_or_create(&ReloadLabels { what, result })
            .inc();
    }

    /// Counts evaluation errors of one review.
    pub fn evaluation_errors(&self, n: usize) {
        if n > 0 {
            self.errors.inc_by(u64::try_from(n).unwrap_or(u64::MAX));
        }
    }

    /// Records the generation of the policy set now serving.
    pub fn set_generation(&self, generation: u64) {
        self.generation
            .set(i64::try_from(generation).unwrap_or(i64::MAX));
    }

    /// A request to `/validate` began (`+1`) or ended (`-1`).
    pub fn in_flight(&self, delta: i64) {
        self.in_flight.inc_by(delta);
    }

    /// The text exposition of every metric.
    pub fn encode(&self) -> String {
        let mut text = String::new();
        if prometheus_client::encoding::text::encode(&mut text, &self.registry).is_err() {
            text.clear();
        }
        text
    }
}
