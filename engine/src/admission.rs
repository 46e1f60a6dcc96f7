//! Admission: an `AdmissionReview` request in, the `AdmissionReview` response a Kubernetes API
//! server expects out, failing closed. A request that cannot be read, is not an
//! `AdmissionReview`, or whose object cannot be judged is refused, never allowed.

use crate::engine::{Engine, Judged};
use palisade::{InputFormat, Value, read_documents};
use serde_json::json;

/// The most warnings returned (the API server shows them to the user who applied the object).
pub const MAX_WARNINGS: usize = 20;
/// The most denial reasons listed in the message (the rest are counted).
pub const MAX_REASONS: usize = 50;
/// The longest warning or message line, in characters.
const MAX_LINE: usize = 256;

/// The verdict on one admission request.
#[derive(Clone, Debug)]
pub struct Admission {
    /// The request's uid (empty when the request could not be read).
    pub uid: String,
    /// The `apiVersion` to answer with (`admission.k8s.io/v1` unless the request said
    /// otherwise).
    pub api_version: String,
    /// Whether the object is admitted.
    pub allowed: bool,
    /// The HTTP-like code of a refusal: 403 for a policy denial, 400 for a request that cannot
    /// be read.
    pub code: u16,
    /// Why it was refused: the denying violations and errors, one per line.
    pub message: String,
    /// Violations of rules that only warn, and of denying rules when the object is allowed
    /// anyway (never, today), shown by `kubectl` as warnings.
    pub warnings: Vec<String>,
    /// The decisions behind the verdict, with pointers into the review (`/request/object/…`).
    pub judged: Vec<Judged>,
}

impl Admission {
    /// The `AdmissionReview` response, as JSON.
    pub fn response(&self) -> serde_json::Value {
        let mut response = serde_json::Map::new();
        response.insert("uid".to_owned(), json!(self.uid));
        response.insert("allowed".to_owned(), json!(self.allowed));
        if !self.allowed {
            response.insert(
                "status".to_owned(),
                json!({ "code": self.code, "message": self.message }),
            );
        }
        if !self.warnings.is_empty() {
            response.insert("warnings".to_owned(), json!(self.warnings));
        }
        json!({ "apiVersion": self.api_version, "kind": "AdmissionReview", "response": response })
    }
}

fn shorten(mut text: String) -> String {
    if text.chars().count() > MAX_LINE {
        text = text.chars().take(MAX_LINE - 1).collect();
        text.push('…');
    }
    text
}

fn refused(uid: String, api_version: String, message: String) -> Admission {
    Admission {
        uid,
        api_version,
        allowed: false,
        code: 400,
        message,
        warnings: Vec::new(),
        judged: Vec::new(),
    }
}

fn field<'v>(v: &'v Value, path: &[&str]) -> Option<&'v Value> {
    path.iter().try_fold(v, |v, key| match v {
        Value::Obj(o) => o.get(key),
        _ => None,
    })
}

impl Engine {
    /// Decides an admission request: the body of the API server's POST (an `AdmissionReview`
    /// as JSON). The review is judged as itself and through its `request.object`; the object is
    /// admitted only if every decision allows. Anything else fails closed.
    pub fn admit(&self, body: &[u8]) -> Admission {
        let default_version = "admission.k8s.io/v1".to_owned();
        let (docs, errors) = read_documents(body, InputFormat::Json, &self.settings().input_limits);
        if let Some(e) = errors.first() {
            return refused(
                String::new(),
                default_version,
                format!(
                    "{}: the request is not readable JSON (line {}, column {}): {}",
                    e.code.as_str(),
                    e.line,
                    e.column,
                    e.message
                ),
            );
        }
        let [doc] = docs.as_slice() else {
            return refused(
                String::new(),
                default_version,
                "the request body holds no AdmissionReview".to_owned(),
            );
        };
        let text = |path: &[&str]| match field(&doc.value, path) {
            Some(Value::Str(s)) => Some(s.to_string()),
            _ => None,
        };
        let api_version = text(&["apiVersion"])
            .filter(|v| v.starts_with("admission.k8s.io/"))
            .unwrap_or(default_version);
        let uid = text(&["request", "uid"]).unwrap_or_default();
        if text(&["kind"]).as_deref() != Some("AdmissionReview") || uid.is_empty() {
            return refused(
                uid,
                api_version,
                "the request is not an AdmissionReview with a request uid".to_owned(),
            );
        }
        let judged = self.judge_documents(docs.as_slice());
        let mut reasons = Vec::new();
        let mut warnings = Vec::new();
        for j in &judged {
            for rule in &j.decision.rules {
                let denying = rule.metadata.enforcement == "deny";
                for v in &rule.violations {
                    let line = shorten(format!("{}: {} (at {})", rule.id, v.message, v.path));
                    if denying {
                        reasons.push(line);
                    } else {
                        warnings.push(line);
                    }
                }
            }
            if !j.decision.is_allowed() {
                for e in &j.decision.errors {
                    let rule = e
                        .rule
                        .as_deref()
                        .map(|r| format!("{r}: "))
                        .unwrap_or_default();
                    reasons.push(shorten(format!("{rule}{} {}", e.code, e.message)));
                }
            }
        }
        let allowed = judged.iter().all(|j| j.decision.is_allowed());
        warnings.truncate(MAX_WARNINGS);
        Admission {
            uid,
            api_version,
            allowed,
            code: if allowed { 200 } else { 403 },
            message: if allowed {
                String::new()
            } else if reasons.is_empty() {
                "denied by policy".to_owned()
            } else if reasons.len() > MAX_REASONS {
                let more = reasons.len() - MAX_REASONS;
                reasons.truncate(MAX_REASONS);
                format!("{}\nand {more} more", reasons.join("\n"))
            } else {
                reasons.join("\n")
            },
            warnings,
            judged,
        }
    }
}
