//! Admission: an `AdmissionReview` request in, the `AdmissionReview` response a Kubernetes API
//! server expects out, failing closed. A request that cannot be read, is not an
//! `AdmissionReview`, or whose object cannot be judged is refused, never allowed.

use crate::engine::{Engine, Judged};
use crate::findings::{SEVERITIES, rank};
use palisade::{Config, Decision, InputFormat, Status, Value, read_documents};
use serde_json::json;

/// The `AdmissionReview` versions answered: the API server sends the first version of the
/// webhook's `admissionReviewVersions` it speaks; both have the same shape.
pub const REVIEW_VERSIONS: [&str; 2] = ["admission.k8s.io/v1", "admission.k8s.io/v1beta1"];

/// How an admission host turns decisions into a verdict, beyond the policies themselves.
#[derive(Clone, Debug, Default)]
pub struct AdmissionSettings {
    /// The lowest severity at which a violation of a denying rule refuses the object; a lower
    /// one becomes a warning. `None` (or `info`) refuses on every violation of a denying rule.
    /// Errors always refuse.
    pub deny_severity: Option<String>,
    /// Namespaces whose requests are admitted without being judged (an audit annotation says
    /// so). A cluster usually excludes them in the webhook's `namespaceSelector` as well.
    pub exempt_namespaces: Vec<String>,
    /// Labels (`key`, `value`) that exempt the object carrying them. Whoever may set labels on
    /// an object may exempt it: grant this only with RBAC that guards those labels.
    pub exempt_labels: Vec<(String, String)>,
}

impl AdmissionSettings {
    /// The settings of the `[admission]` table of a `palisade.toml` (defaults when it has
    /// none). An unknown key or severity is an error that names it.
    ///
    /// ```toml
    /// [admission]
    /// deny_severity = "high"                       # lower violations are warnings
    /// exempt_namespaces = ["sandbox"]
    /// exempt_labels = { "palisade.dev/exempt" = "true" }
    /// ```
    pub fn from_config(config: &Config) -> Result<AdmissionSettings, String> {
        let Some(table) = &config.admission else {
            return Ok(AdmissionSettings::default());
        };
        let serde_json::Value::Object(table) = table else {
            return Err("[admission] must be a table".to_owned());
        };
        let text = |key: &str, v: &serde_json::Value| {
            v.as_str()
                .map(str::to_owned)
                .ok_or_else(|| format!("[admission] {key}: expected a string, found {v}"))
        };
        let mut settings = AdmissionSettings::default();
        for (key, value) in table {
            match (key.as_str(), value) {
                ("deny_severity", v) => {
                    let severity = text(key, v)?;
                    if !SEVERITIES.contains(&severity.as_str()) {
                        return Err(format!(
                            "[admission] deny_severity = \"{severity}\": the severities are {}",
                            SEVERITIES.join(", ")
                        ));
                    }
                    settings.deny_severity = Some(severity);
                }
                ("exempt_namespaces", serde_json::Value::Array(items)) => {
                    for item in items {
                        settings.exempt_namespaces.push(text(key, item)?);
                    }
                }
                ("exempt_labels", serde_json::Value::Object(labels)) => {
                    for (label, v) in labels {
                        settings.exempt_labels.push((label.clone(), text(key, v)?));
                    }
                }
                ("exempt_namespaces" | "exempt_labels", v) => {
                    let expected = if key == "exempt_labels" {
                        "a table of label = value"
                    } else {
                        "a list of namespaces"
                    };
                    return Err(format!("[admission] {key}: expected {expected}, found {v}"));
                }
                (other, _) => {
                    return Err(format!(
                        "[admission]: unknown key `{other}`; the keys are deny_severity, \
                         exempt_namespaces and exempt_labels"
                    ));
                }
            }
        }
        Ok(settings)
    }

    /// These settings with a host's own added: its exemptions join these, and its severity,
    /// if any, replaces this one.
    pub fn with(mut self, host: &AdmissionSettings) -> AdmissionSettings {
        if host.deny_severity.is_some() {
            self.deny_severity.clone_from(&host.deny_severity);
        }
        self.exempt_namespaces
            .extend(host.exempt_namespaces.iter().cloned());
        self.exempt_labels
            .extend(host.exempt_labels.iter().cloned());
        self
    }
}

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
    /// The ids of the rules whose violations refused the object, sorted, without repeats.
    pub denied_by: Vec<String>,
    /// The ids of the rules whose violations became warnings, sorted, without repeats.
    pub warned_by: Vec<String>,
    /// Why the request was admitted without being judged (an exempt namespace or label).
    pub exempt: Option<String>,
}

impl Admission {
    /// A refusal of a request that never reached judging (too large, too slow, or the host
    /// failed): `allowed: false` with `code` and `message`, and an empty uid (the body was not
    /// read). A host answers it with HTTP status `code`.
    pub fn refusal(code: u16, message: &str) -> Admission {
        let mut admission = refused(
            String::new(),
            "admission.k8s.io/v1".to_owned(),
            message.to_owned(),
        );
        admission.code = code;
        admission
    }

    /// What the review asked about: the object judged through `request.object` (`Pod web`),
    /// if any.
    pub fn object(&self) -> Option<&str> {
        self.judged
            .iter()
            .find(|j| j.pointer.starts_with("/request/object"))
            .map(|j| j.object.as_str())
    }

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
        // Kept in the API server's audit log, prefixed with the webhook's name.
        let mut audit = serde_json::Map::new();
        if !self.denied_by.is_empty() {
            audit.insert("denied-by".to_owned(), json!(self.denied_by.join(",")));
        }
        if !self.warned_by.is_empty() {
            audit.insert("warned-by".to_owned(), json!(self.warned_by.join(",")));
        }
        if let Some(exempt) = &self.exempt {
            audit.insert("exempt".to_owned(), json!(exempt));
        }
        if !audit.is_empty() {
            response.insert(
                "auditAnnotations".to_owned(),
                serde_json::Value::Object(audit),
            );
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
        denied_by: Vec::new(),
        warned_by: Vec::new(),
        exempt: None,
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
        self.admit_with(body, &AdmissionSettings::default())
    }

    /// [`Engine::admit`] with a host's settings: which severities refuse, and what is exempt.
    /// A request that cannot be read, is not an `AdmissionReview` of a known version, or has
    /// no uid is refused with code 400 (a host answers it with HTTP 400).
    pub fn admit_with(&self, body: &[u8], settings: &AdmissionSettings) -> Admission {
        let default_version = "admission.k8s.io/v1".to_owned();
        if body.iter().all(u8::is_ascii_whitespace) {
            return refused(
                String::new(),
                default_version,
                "the request body is empty".to_owned(),
            );
        }
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
        let uid = text(&["request", "uid"]).unwrap_or_default();
        let version = text(&["apiVersion"]);
        let Some(api_version) = version
            .as_deref()
            .and_then(|v| REVIEW_VERSIONS.iter().find(|known| **known == v))
        else {
            return refused(
                uid,
                default_version,
                format!(
                    "the request's apiVersion is {}, not one of {}",
                    version.map_or_else(|| "missing".to_owned(), |v| format!("`{v}`")),
                    REVIEW_VERSIONS.join(", ")
                ),
            );
        };
        let api_version = (*api_version).to_owned();
        if text(&["kind"]).as_deref() != Some("AdmissionReview") || uid.is_empty() {
            return refused(
                uid,
                api_version,
                "the request is not an AdmissionReview with a request uid".to_owned(),
            );
        }
        if let Some(exempt) = exemption(&doc.value, settings) {
            return Admission {
                uid,
                api_version,
                allowed: true,
                code: 200,
                message: String::new(),
                warnings: Vec::new(),
                judged: Vec::new(),
                denied_by: Vec::new(),
                warned_by: Vec::new(),
                exempt: Some(exempt),
            };
        }
        let judged = self.judge_documents(docs.as_slice());
        let threshold = rank(settings.deny_severity.as_deref().unwrap_or("info"));
        let mut verdict = Verdict::default();
        for j in &judged {
            verdict.add(&j.decision, threshold);
        }
        verdict.finish(uid, api_version, judged)
    }
}

/// The reasons, warnings and rule ids gathered from the decisions of one request.
#[derive(Default)]
struct Verdict {
    refused: bool,
    reasons: Vec<String>,
    warnings: Vec<String>,
    denied_by: Vec<String>,
    warned_by: Vec<String>,
}

impl Verdict {
    fn add(&mut self, decision: &Decision, threshold: usize) {
        let mut blocking = false;
        for rule in &decision.rules {
            let denying = rule.metadata.enforcement == "deny";
            for v in &rule.violations {
                let line = shorten(format!("{}: {} (at {})", rule.id, v.message, v.path));
                if denying && rank(&v.severity) >= threshold {
                    blocking = true;
                    self.reasons.push(line);
                    self.denied_by.push(rule.id.to_string());
                } else {
                    self.warnings.push(line);
                    self.warned_by.push(rule.id.to_string());
                }
            }
            // A failing denying rule without violations still refuses.
            if denying && rule.status == Status::Fail && rule.violations.is_empty() {
                blocking = true;
                self.denied_by.push(rule.id.to_string());
            }
        }
        // Errors refuse; those the decision allows anyway (of rules that only warn) are
        // returned as warnings, never dropped.
        for e in &decision.errors {
            let rule = e
                .rule
                .as_deref()
                .map(|r| format!("{r}: "))
                .unwrap_or_default();
            let line = shorten(format!("{rule}{} {}", e.code, e.message));
            let ids = if decision.is_allowed() {
                self.warnings.push(line);
                &mut self.warned_by
            } else {
                blocking = true;
                self.reasons.push(line);
                &mut self.denied_by
            };
            if let Some(r) = &e.rule {
                ids.push(r.clone());
            }
        }
        if !decision.is_allowed() {
            // Denied for a reason not seen above: refuse all the same.
            if decision.errors.is_empty()
                && !decision
                    .rules
                    .iter()
                    .any(|r| r.status == Status::Fail && r.metadata.enforcement == "deny")
            {
                blocking = true;
            }
        }
        self.refused |= blocking;
    }

    fn finish(mut self, uid: String, api_version: String, judged: Vec<Judged>) -> Admission {
        let allowed = !self.refused;
        self.warnings.truncate(MAX_WARNINGS);
        for ids in [&mut self.denied_by, &mut self.warned_by] {
            ids.sort();
            ids.dedup();
        }
        let message = if allowed {
            String::new()
        } else if self.reasons.is_empty() {
            "denied by policy".to_owned()
        } else if self.reasons.len() > MAX_REASONS {
            let more = self.reasons.len() - MAX_REASONS;
            self.reasons.truncate(MAX_REASONS);
            format!("{}\nand {more} more", self.reasons.join("\n"))
        } else {
            self.reasons.join("\n")
        };
        Admission {
            uid,
            api_version,
            allowed,
            code: if allowed { 200 } else { 403 },
            message,
            warnings: self.warnings,
            judged,
            denied_by: self.denied_by,
            warned_by: self.warned_by,
            exempt: None,
        }
    }
}

/// Why the request is exempt from judging, if it is: its namespace, or a label of the object
/// (of the old object for a DELETE).
fn exemption(review: &Value, settings: &AdmissionSettings) -> Option<String> {
    if let Some(Value::Str(ns)) = field(review, &["request", "namespace"])
        && settings
            .exempt_namespaces
            .iter()
            .any(|e| e.as_str() == &**ns)
    {
        return Some(format!("namespace {ns}"));
    }
    // The object being written; for a DELETE, the object being deleted.
    let object = match field(review, &["request", "operation"]) {
        Some(Value::Str(op)) if &**op == "DELETE" => "oldObject",
        _ => "object",
    };
    let Some(Value::Obj(labels)) = field(review, &["request", object, "metadata", "labels"]) else {
        return None;
    };
    settings
        .exempt_labels
        .iter()
        .find_map(|(key, value)| match labels.get(key.as_str()) {
            Some(Value::Str(v)) if &**v == value.as_str() => Some(format!("label {key}={value}")),
            _ => None,
        })
}
