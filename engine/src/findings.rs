//! Findings: a violation (or an error) of one rule in one document of one file, with what a
//! report needs: the rule's id, title, severity, controls and remediation, the message, the
//! JSON pointer into the file's document and the line.

use serde::Serialize;

/// Severities, lowest first.
pub const SEVERITIES: [&str; 5] = ["info", "low", "medium", "high", "critical"];

/// The rank of a severity (0 for info, 4 for critical).
pub fn rank(severity: &str) -> usize {
    SEVERITIES.iter().position(|s| *s == severity).unwrap_or(2)
}

/// One finding.
#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    /// The rule's metadata id, or `error` codes for rule errors and unreadable documents.
    pub rule: String,
    /// The rule's title.
    pub title: String,
    /// The severity (a rule error counts as `high`).
    pub severity: String,
    /// Whether the rule denies (`deny`) or only warns (`warn`).
    pub enforcement: String,
    /// Control ids.
    pub controls: Vec<String>,
    /// What to change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remediation: Option<String>,
    /// The message.
    pub message: String,
    /// The JSON pointer into the file's document.
    pub path: String,
    /// The 1-based line in the file.
    pub line: u32,
    /// The document's position in the file, from 0.
    pub document: usize,
    /// The object the finding is about, such as `Deployment web`.
    pub object: String,
    /// For errors: the stable code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// The findings of one file, or why it could not be scanned.
#[derive(Clone, Debug, Serialize)]
pub struct FileReport {
    /// The file as given.
    pub file: String,
    /// Documents judged.
    pub documents: usize,
    /// The findings, in document order, then rule order.
    pub findings: Vec<Finding>,
    /// Why the file could not be read at all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unreadable: Option<String>,
    /// Each object judged, with the outcome of every rule that applied to it: filled only when
    /// [`Settings::record_objects`](crate::Settings::record_objects) asks (compliance reports
    /// and policy reports need the passes as well as the findings).
    #[serde(skip)]
    pub objects: Vec<JudgedObject>,
}

/// An object judged, as compliance and policy reports show it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JudgedObject {
    /// The document's position in the file, from 0.
    pub document: usize,
    /// Where the object sits in the file's document (`""`, `/items/3`).
    pub pointer: String,
    /// The line where it starts.
    pub line: u32,
    /// What was judged, such as `Deployment web`.
    pub label: String,
    /// Its `apiVersion`, where it has one (a Kubernetes object does).
    pub api_version: Option<String>,
    /// Its `kind`.
    pub kind: Option<String>,
    /// Its `metadata.name`.
    pub name: Option<String>,
    /// Its `metadata.namespace`.
    pub namespace: Option<String>,
    /// Its `metadata.uid`.
    pub uid: Option<String>,
    /// Each rule that applied, by metadata id, and whether it passed (`pass`), found
    /// violations (`fail`) or could not judge (`error`).
    pub results: Vec<(String, &'static str)>,
}
