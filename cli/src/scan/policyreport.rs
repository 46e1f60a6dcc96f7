//! `palisade scan --format policyreport`: the scan as Kubernetes policy reports
//! (`wgpolicyk8s.io/v1alpha2`, the convention Kyverno, Trivy Operator and Falco write): one
//! `PolicyReport` per namespace and one `ClusterPolicyReport` for the objects that have none,
//! with a result per object and rule that applied (pass, fail, warn for a warn-only rule,
//! error), the rule's severity, a category from its first control's framework, and a
//! reference to the object. Written as a YAML stream that `kubectl apply -f -` reads.

use palisade::PolicySet;
use palisade_engine::{FileReport, JudgedObject};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, HashMap};

/// The report's source, as policy engines name themselves in `results[].source`.
const SOURCE: &str = "palisade";

/// The results of one report being gathered: YAML text (a sequence item per result, written
/// as the result is found) and the counts of its summary.
#[derive(Default)]
struct Scope {
    results: String,
    summary: BTreeMap<&'static str, usize>,
}

/// The policy reports being gathered as files are scanned: each file's results are written
/// out as YAML text when the file comes (its report is not kept), so memory follows the
/// output, not the scan's findings and decisions.
pub struct Reports {
    /// Rule id to its package and information.
    rules: BTreeMap<String, (String, palisade::RuleInfo)>,
    timestamp: Value,
    /// Namespace (`None` for the cluster report) to its results.
    scopes: BTreeMap<Option<String>, Scope>,
}

impl Reports {
    pub fn new(set: &PolicySet) -> Reports {
        let rules = set
            .rules()
            .into_iter()
            .map(|r| {
                let package = r
                    .rule
                    .rsplit_once('.')
                    .map_or(r.rule.clone(), |(p, _)| p.to_owned());
                (r.id.clone(), (package, r))
            })
            .collect();
        Reports {
            rules,
            timestamp: scan_time(),
            scopes: BTreeMap::new(),
        }
    }

    /// Adds one result to the report of `namespace`.
    fn push(&mut self, namespace: Option<String>, result: &Value) {
        let scope = self.scopes.entry(namespace).or_default();
        let outcome = match result.get("result").and_then(Value::as_str) {
            Some("pass") => "pass",
            Some("fail") => "fail",
            Some("warn") => "warn",
            Some("skip") => "skip",
            _ => "error",
        };
        *scope.summary.entry(outcome).or_default() += 1;
        yaml(&json!([result]), 2, &mut scope.results);
    }

    /// Takes one file's results.
    pub fn add(&mut self, file: &FileReport) {
        let by_object = messages(file);
        let none = BTreeMap::new();
        for (i, object) in file.objects.iter().enumerate() {
            let messages = by_object.get(&i).unwrap_or(&none);
            // An empty namespace is no namespace (and no valid report name).
            let namespace = object.namespace.clone().filter(|ns| !ns.is_empty());
            for (id, outcome) in &object.results {
                let Some((package, info)) = self.rules.get(id) else {
                    continue;
                };
                let result = match *outcome {
                    "fail" if info.metadata.enforcement == "warn" => "warn",
                    other => other,
                };
                let entry = result_of(
                    file,
                    object,
                    id,
                    package,
                    info,
                    result,
                    messages,
                    &self.timestamp,
                );
                self.push(namespace.clone(), &entry);
            }
        }
        for entry in unreadable(file, &self.timestamp) {
            self.push(None, &entry);
        }
    }

    /// The reports, as a YAML stream; an empty scan is still a report (`kubectl apply`
    /// refuses an empty stream).
    pub fn finish(mut self) -> String {
        self.scopes.entry(None).or_default();
        let mut out = String::new();
        for (namespace, scope) in self.scopes {
            let (kind, metadata) = match &namespace {
                Some(ns) => (
                    "PolicyReport",
                    json!({ "name": format!("palisade-{ns}"), "namespace": ns, "labels": labels() }),
                ),
                None => (
                    "ClusterPolicyReport",
                    json!({ "name": "palisade-cluster", "labels": labels() }),
                ),
            };
            let mut summary = json!({ "error": 0, "fail": 0, "pass": 0, "skip": 0, "warn": 0 });
            for (outcome, n) in &scope.summary {
                if let Some(slot) = summary.get_mut(*outcome) {
                    *slot = json!(n);
                }
            }
            let head = json!({
                "apiVersion": "wgpolicyk8s.io/v1alpha2",
                "kind": kind,
                "metadata": metadata,
                "summary": summary,
            });
            out.push_str("---\n");
            yaml(&head, 0, &mut out);
            if scope.results.is_empty() {
                out.push_str("results: []\n");
            } else {
                out.push_str("results:\n");
                out.push_str(&scope.results);
            }
        }
        out
    }
}

fn labels() -> Value {
    json!({ "app.kubernetes.io/managed-by": SOURCE })
}

/// The messages of each object's findings (by the object's position in the file's objects),
/// by rule id. A finding belongs to the object whose pointer is the longest prefix of its
/// own in the same document (a review's object rather than the review); found by looking up
/// the finding's pointer and each of its prefixes, so the work is linear in the findings.
fn messages(file: &FileReport) -> HashMap<usize, BTreeMap<String, Vec<String>>> {
    let objects: HashMap<(usize, &str), usize> = file
        .objects
        .iter()
        .enumerate()
        .map(|(i, o)| ((o.document, o.pointer.as_str()), i))
        .collect();
    let mut out: HashMap<usize, BTreeMap<String, Vec<String>>> = HashMap::new();
    for f in &file.findings {
        let path = f.path.as_str();
        let prefixes = std::iter::once(path).chain(
            path.char_indices()
                .rev()
                .filter(|(_, c)| *c == '/')
                .filter_map(|(i, _)| path.get(..i)),
        );
        let owner = prefixes
            .filter_map(|p| objects.get(&(f.document, p)))
            .next();
        if let Some(&i) = owner {
            out.entry(i)
                .or_default()
                .entry(f.rule.clone())
                .or_default()
                .push(f.message.clone());
        }
    }
    out
}

/// Error results for what could not be read: the file (cannot be read at all) or a document
/// of it (malformed, over a limit), which no rule could judge.
fn unreadable(file: &FileReport, timestamp: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    let error = |rule: &str, message: &str, line: u32| {
        json!({
            "source": SOURCE, "policy": SOURCE, "rule": rule, "result": "error",
            "scored": true, "severity": "high", "message": message, "timestamp": timestamp,
            "properties": { "file": file.file, "line": line.to_string() },
        })
    };
    if let Some(why) = &file.unreadable {
        out.push(error("unreadable", why, 0));
    }
    for f in file
        .findings
        .iter()
        .filter(|f| f.title == "unreadable document")
    {
        out.push(error(&f.rule, &f.message, f.line));
    }
    out
}

/// One result: an object judged by a rule.
#[expect(
    clippy::too_many_arguments,
    reason = "one row of the report, built in one place"
)]
fn result_of(
    file: &FileReport,
    object: &JudgedObject,
    id: &str,
    package: &str,
    info: &palisade::RuleInfo,
    result: &str,
    messages: &BTreeMap<String, Vec<String>>,
    timestamp: &Value,
) -> Value {
    let meta = &info.metadata;
    let message = match messages.get(id) {
        Some(found) if result != "pass" => found.join("; "),
        _ => meta.title.clone(),
    };
    let mut entry = Map::new();
    entry.insert("source".into(), json!(SOURCE));
    entry.insert("policy".into(), json!(package));
    entry.insert("rule".into(), json!(id));
    entry.insert("result".into(), json!(result));
    entry.insert("scored".into(), json!(meta.enforcement != "warn"));
    entry.insert("severity".into(), json!(meta.severity));
    if let Some(category) = meta
        .controls
        .first()
        .and_then(|c| palisade_stdlib::framework(c))
    {
        entry.insert("category".into(), json!(category.title));
    }
    entry.insert("message".into(), json!(message));
    entry.insert("timestamp".into(), timestamp.clone());
    let mut properties = Map::new();
    properties.insert("file".into(), json!(file.file));
    properties.insert("line".into(), json!(object.line.to_string()));
    if !object.pointer.is_empty() {
        properties.insert("pointer".into(), json!(object.pointer));
    }
    if !meta.controls.is_empty() {
        properties.insert("controls".into(), json!(meta.controls.join(", ")));
    }
    entry.insert("properties".into(), Value::Object(properties));
    if let (Some(api_version), Some(kind)) = (&object.api_version, &object.kind) {
        let mut reference = Map::new();
        reference.insert("apiVersion".into(), json!(api_version));
        reference.insert("kind".into(), json!(kind));
        for (key, value) in [
            ("name", &object.name),
            ("namespace", &object.namespace),
            ("uid", &object.uid),
        ] {
            if let Some(v) = value {
                reference.insert(key.into(), json!(v));
            }
        }
        entry.insert("resources".into(), json!([Value::Object(reference)]));
    }
    Value::Object(entry)
}

/// The time of the scan, or `SOURCE_DATE_EPOCH` when set (reproducible reports).
fn scan_time() -> Value {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        });
    json!({ "seconds": seconds, "nanos": 0 })
}

/// Writes `value` as block YAML at `indent`: mappings and sequences in block style, every
/// string double-quoted (a JSON string is a YAML double-quoted scalar), keys plain when they
/// are made of letters, digits, `.`, `/`, `-` and `_` and start with a letter.
fn yaml(value: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match value {
        Value::Object(members) if !members.is_empty() => {
            for (key, v) in members {
                out.push_str(&pad);
                out.push_str(&yaml_key(key));
                out.push(':');
                nested(v, indent, out);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for item in items {
                out.push_str(&pad);
                out.push('-');
                match item {
                    Value::Object(m) if !m.is_empty() => {
                        // The first member on the dash's line, the others under it.
                        let mut text = String::new();
                        yaml(item, indent + 2, &mut text);
                        out.push(' ');
                        out.push_str(text.trim_start());
                    }
                    _ => nested(item, indent, out),
                }
            }
        }
        scalar => {
            out.push_str(&pad);
            out.push_str(&yaml_scalar(scalar));
            out.push('\n');
        }
    }
}

/// A member's or element's value after its `key:` or `-`.
fn nested(value: &Value, indent: usize, out: &mut String) {
    match value {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            yaml(value, indent + 2, out);
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            yaml(value, indent + 2, out);
        }
        scalar => {
            out.push(' ');
            out.push_str(&yaml_scalar(scalar));
            out.push('\n');
        }
    }
}

fn yaml_key(key: &str) -> String {
    let plain = key.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '/' | '-' | '_'));
    if plain {
        key.to_owned()
    } else {
        yaml_scalar(&Value::String(key.to_owned()))
    }
}

fn yaml_scalar(value: &Value) -> String {
    match value {
        Value::Object(_) => "{}".to_owned(),
        Value::Array(_) => "[]".to_owned(),
        Value::String(text) => quoted(text),
        other => other.to_string(),
    }
}

/// A YAML double-quoted scalar: `"` and `\` escaped, and every character a YAML reader may
/// refuse or change (C0 and C1 controls, DEL, U+2028, U+2029, the byte-order mark) written as
/// a `\u` escape.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                let _ =
                    std::fmt::Write::write_fmt(&mut out, format_args!("\\u{:04x}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_reads_back_as_the_same_value() {
        let value = json!({
            "apiVersion": "v1",
            "metadata": { "labels": { "app.kubernetes.io/name": "x" }, "odd key": "a: b" },
            "results": [
                { "rule": "R-1", "resources": [{ "kind": "Pod" }], "n": 3, "ok": true },
                "plain",
                [],
                {},
                ["nested", 1.5, null],
            ],
            "empty": {},
            "text": "line one\nline \"two\" — ü \\ \u{7f}\u{85}\u{2028}\u{feff}\t\u{1}",
        });
        let mut text = String::new();
        yaml(&value, 0, &mut text);
        let (docs, errors) = palisade::read_documents(
            text.as_bytes(),
            palisade::InputFormat::Yaml,
            &palisade::InputLimits::default(),
        );
        assert!(errors.is_empty(), "{errors:?}\n{text}");
        // The reader drops `null` members and keeps `null` elements as none.
        let mut expected = value.clone();
        if let Some(list) = expected
            .pointer_mut("/results/4")
            .and_then(Value::as_array_mut)
        {
            list.truncate(2);
            list.push(Value::Null);
        }
        assert_eq!(
            docs.first().map(|d| d.value.to_json()),
            Some(expected),
            "{text}"
        );
    }
}
