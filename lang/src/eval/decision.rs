//! Decisions: what evaluating a policy set on one document says, rule by rule. The shape is the
//! one `spec/rules.md` describes; it serialises to JSON and back unchanged, and the same inputs
//! give the same decision, byte for byte.

use super::ir::RuleMetadata;
use serde::{Deserialize, Serialize};

/// Allowed or denied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// No `deny` rule failed or erred, and no error belongs to no rule.
    Allowed,
    /// Some `deny` rule failed or erred, or an error occurred outside any rule.
    Denied,
}

/// The status of one rule on one document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The rule applies and recorded no violation.
    Pass,
    /// The rule applies and recorded violations.
    Fail,
    /// The document does not conform to the subject type, or evaluation stopped with an error.
    Error,
    /// The document does not match the rule's discriminators.
    Skipped,
}

/// One violation a rule recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    /// The message.
    pub message: String,
    /// The JSON pointer (RFC 6901) of the offending place in the document; `""` for the root.
    pub path: String,
    /// The rule's severity.
    pub severity: String,
    /// The 1-based source line of `path` (or of its nearest ancestor present), when the
    /// document came from a file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

/// The result of one rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleResult {
    /// The rule's metadata id.
    pub id: String,
    /// The rule's qualified name, `package.rule`.
    pub rule: String,
    /// The rule's metadata (shared with the compiled rule: deciding copies a pointer).
    pub metadata: std::sync::Arc<RuleMetadata>,
    /// The status.
    pub status: Status,
    /// The violations, in the order recorded (empty unless the status is `fail`).
    pub violations: Vec<Violation>,
}

/// An error recorded in a decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionError {
    /// The stable code, such as `E0503`.
    pub code: String,
    /// What went wrong.
    pub message: String,
    /// The id of the rule it belongs to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// The JSON pointer of the offending member, for values that do not conform.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

/// Counts of rule statuses, and the work done.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    /// Rules that passed.
    pub pass: usize,
    /// Rules that failed.
    pub fail: usize,
    /// Rules that ended in an error.
    pub error: usize,
    /// Rules that did not apply.
    pub skipped: usize,
    /// Evaluation steps spent.
    pub fuel_used: u64,
}

/// The decision for one document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// Allowed or denied.
    pub decision: Outcome,
    /// Every rule evaluated, by package name, then declaration order.
    pub rules: Vec<RuleResult>,
    /// Errors, of rules and of the evaluation as a whole.
    pub errors: Vec<DecisionError>,
    /// Statistics.
    pub stats: Stats,
}

impl Decision {
    /// Whether the document is allowed.
    pub fn is_allowed(&self) -> bool {
        self.decision == Outcome::Allowed
    }

    /// Every violation, with the result of the rule that recorded it.
    pub fn violations(&self) -> impl Iterator<Item = (&RuleResult, &Violation)> {
        self.rules
            .iter()
            .flat_map(|r| r.violations.iter().map(move |v| (r, v)))
    }
}
