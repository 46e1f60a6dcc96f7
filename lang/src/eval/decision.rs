//! Decisions: what evaluating a policy set on one document says, rule by rule. The shape is the
//! one `spec/rules.md` describes; it serialises to JSON and back unchanged, and the same inputs
//! give the same decision, byte for byte.

use super::ir::RuleMetadata;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// An immutable string shared by every decision that carries it (a rule's id, name and
/// severity): cloning copies a pointer. It compares with `&str` and `String`, dereferences to
/// `str`, and serialises as a plain string.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct SharedStr(Arc<str>);

impl std::ops::Deref for SharedStr {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for SharedStr {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for SharedStr {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for SharedStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&*self.0, f)
    }
}

impl std::fmt::Display for SharedStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for SharedStr {
    fn from(s: &str) -> SharedStr {
        SharedStr(Arc::from(s))
    }
}

impl From<String> for SharedStr {
    fn from(s: String) -> SharedStr {
        SharedStr(Arc::from(s))
    }
}

impl From<SharedStr> for String {
    fn from(s: SharedStr) -> String {
        s.0.to_string()
    }
}

impl PartialEq<str> for SharedStr {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for SharedStr {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for SharedStr {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<SharedStr> for String {
    fn eq(&self, other: &SharedStr) -> bool {
        **self == *other.0
    }
}

impl PartialEq<SharedStr> for &str {
    fn eq(&self, other: &SharedStr) -> bool {
        **self == *other.0
    }
}

impl Serialize for SharedStr {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for SharedStr {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<SharedStr, D::Error> {
        String::deserialize(deserializer).map(SharedStr::from)
    }
}

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
    /// It reads as a string, written when first read.
    pub path: super::path::ViolationPath,
    /// The rule's severity (shared with the rule).
    pub severity: SharedStr,
    /// The 1-based source line of `path` (or of its nearest ancestor present), when the
    /// document came from a file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

/// The result of one rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleResult {
    /// The rule's metadata id (shared with the compiled rule).
    pub id: SharedStr,
    /// The rule's qualified name, `package.rule` (shared with the compiled rule).
    pub rule: SharedStr,
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

    /// How many rules applied to the document: those that passed, failed or ended in error
    /// (the others skipped it, because it is not of their subject type). A decision with no
    /// applicable rule is allowed only because nothing judged the document; a host that must
    /// not let such documents through sets [`EvalOptions::deny_unjudged`](crate::EvalOptions).
    pub fn applicable(&self) -> usize {
        self.stats.pass + self.stats.fail + self.stats.error
    }

    /// Every violation, with the result of the rule that recorded it.
    pub fn violations(&self) -> impl Iterator<Item = (&RuleResult, &Violation)> {
        self.rules
            .iter()
            .flat_map(|r| r.violations.iter().map(move |v| (r, v)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_strings_compare_and_serialise_as_strings() {
        let id = SharedStr::from("PSS-BASELINE-PRIVILEGED");
        assert_eq!(id, "PSS-BASELINE-PRIVILEGED");
        assert_eq!("PSS-BASELINE-PRIVILEGED", id);
        assert_eq!(id, "PSS-BASELINE-PRIVILEGED".to_owned());
        assert!(id.starts_with("PSS-"), "dereferences to str");
        let json = serde_json::to_string(&id).unwrap_or_default();
        assert_eq!(json, "\"PSS-BASELINE-PRIVILEGED\"");
        let back: SharedStr = serde_json::from_str(&json).unwrap_or_else(|_| "".into());
        assert_eq!(back, id);
        assert_eq!(
            format!("{id} {id:?}"),
            "PSS-BASELINE-PRIVILEGED \"PSS-BASELINE-PRIVILEGED\""
        );
    }
}
