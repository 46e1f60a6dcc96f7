//! SARIF 2.1.0, the format code-scanning services read: one run with a rule per policy rule
//! (its title, help, severity and controls as tags) and a result per finding, located by file
//! and line. Each part of the document is checked against the SARIF schema's types
//! (`serde_sarif`) before it is written, and results are written as files are scanned.

use palisade::PolicySet;
use palisade_engine::{FileReport, Finding};
use serde_json::{Value, json};
use std::collections::BTreeSet;

fn level(f: &Finding) -> &'static str {
    if f.enforcement == "warn" {
        return "warning";
    }
    match f.severity.as_str() {
        "critical" | "high" => "error",
        "medium" => "warning",
        _ => "note",
    }
}

/// A file path as a URI reference relative to the current directory (`%SRCROOT%`): forward
/// slashes, and every byte outside the unreserved set and `/` percent-encoded, so spaces, `#`
/// and `%` survive. Absolute paths outside the current directory become `file://` URIs.
fn uri(path: &str) -> (String, bool) {
    let cwd = std::env::current_dir().unwrap_or_default();
    let p = std::path::Path::new(path);
    let absolute = if p.is_absolute() {
        p.to_path_buf()
    } else {
        cwd.join(p)
    };
    let (text, relative) = match absolute.strip_prefix(&cwd) {
        Ok(rest) => (rest.to_string_lossy().replace('\\', "/"), true),
        Err(_) => (absolute.to_string_lossy().replace('\\', "/"), false),
    };
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    if relative {
        (out, true)
    } else {
        (format!("file://{out}"), false)
    }
}

/// The descriptors of the run: one per policy rule, then one per error code findings used.
fn rules(set: &PolicySet, codes: &BTreeSet<String>) -> Vec<Value> {
    let mut rules: Vec<Value> = set
        .rules()
        .into_iter()
        .map(|r| {
            let m = &r.metadata;
            let security = match m.severity.as_str() {
                "critical" => "9.5",
                "high" => "8.0",
                "medium" => "5.5",
                "low" => "3.0",
                _ => "1.0",
            };
            json!({
                "id": r.id,
                "name": r.rule,
                "shortDescription": { "text": m.title },
                "fullDescription": { "text": m.description.clone().unwrap_or_else(|| m.title.clone()) },
                "help": { "text": m.remediation.clone().unwrap_or_else(|| m.title.clone()) },
                "properties": {
                    "tags": m.controls.iter().chain(&m.tags).collect::<Vec<_>>(),
                    "security-severity": security,
                    "precision": "very-high"
                }
            })
        })
        .collect();
    // Findings that are errors (unreadable documents, rules that could not judge) carry a code
    // as their rule id: each gets a descriptor too.
    for code in codes {
        rules.push(json!({
            "id": code,
            "name": code,
            "shortDescription": { "text": format!("Palisade error {code}") },
            "helpUri": "https://github.com/palisade-policy/palisade/blob/main/spec/diagnostics.md",
            "properties": { "security-severity": "8.0" }
        }));
    }
    rules
}

/// The SARIF log of a scan, written as the files are scanned: the results first (JSON objects
/// have no order), each typed against the SARIF 2.1.0 schema (`serde_sarif`) and written as its
/// file comes, so memory does not grow with the findings; then the rules, the notifications of
/// unreadable files and the rest of the run.
#[derive(Default)]
pub struct Log {
    results: usize,
    codes: BTreeSet<String>,
    notifications: Vec<Value>,
}

impl Log {
    /// The start of the document, up to the first result.
    pub fn opening() -> String {
        "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n      \"results\": [".to_owned()
    }

    /// The results of one file's report, to be written after those before it.
    pub fn file(&mut self, r: &FileReport) -> Result<String, String> {
        let (file_uri, relative) = uri(&r.file);
        let location = |line: u32| {
            let artifact = if relative {
                json!({ "uri": file_uri, "uriBaseId": "%SRCROOT%" })
            } else {
                json!({ "uri": file_uri })
            };
            json!({ "artifactLocation": artifact, "region": { "startLine": line.max(1) } })
        };
        if let Some(why) = &r.unreadable {
            self.notifications.push(json!({
                "level": "error",
                "message": { "text": format!("{}: {why}", r.file) },
                "locations": [{ "physicalLocation": location(1) }]
            }));
        }
        let mut text = String::new();
        for f in &r.findings {
            if f.rule.starts_with('E') && f.code.as_deref() == Some(f.rule.as_str()) {
                self.codes.insert(f.rule.clone());
            }
            let result = json!({
                "ruleId": f.rule,
                "level": level(f),
                "message": { "text": format!("{} ({})", f.message, f.object) },
                "locations": [{
                    "physicalLocation": location(f.line),
                    "logicalLocations": [{ "fullyQualifiedName": f.path, "kind": "object" }]
                }],
                "properties": { "controls": f.controls, "severity": f.severity }
            });
            let typed: serde_sarif::sarif::Result = serde_json::from_value(result)
                .map_err(|e| format!("a SARIF result is not valid: {e}"))?;
            let line = serde_json::to_string(&typed).map_err(|e| e.to_string())?;
            text.push_str(if self.results == 0 {
                "\n        "
            } else {
                ",\n        "
            });
            text.push_str(&line);
            self.results += 1;
        }
        Ok(text)
    }

    /// The end of the document: the tool with its rules, the invocation and the base URI,
    /// typed as a whole log (with the results left out) before it is written.
    pub fn closing(self, set: &PolicySet) -> Result<String, String> {
        let log = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": { "driver": {
                    "name": "palisade",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://github.com/palisade-policy/palisade",
                    "rules": rules(set, &self.codes)
                } },
                "originalUriBaseIds": { "%SRCROOT%": { "uri": "./" } },
                "invocations": [{
                    "executionSuccessful": self.notifications.is_empty(),
                    "toolExecutionNotifications": self.notifications
                }],
            }]
        });
        let typed: serde_sarif::sarif::Sarif =
            serde_json::from_value(log).map_err(|e| format!("the SARIF log is not valid: {e}"))?;
        let value = serde_json::to_value(&typed).map_err(|e| e.to_string())?;
        let run = value
            .get("runs")
            .and_then(|r| r.get(0))
            .and_then(Value::as_object)
            .ok_or("the SARIF log has no run")?;
        let mut text = String::from(if self.results == 0 { "]" } else { "\n      ]" });
        for (key, member) in run {
            if key == "results" {
                continue;
            }
            let member = serde_json::to_string_pretty(member).map_err(|e| e.to_string())?;
            let member = member.replace('\n', "\n      ");
            text.push_str(&format!(",\n      {}: {member}", Value::from(key.as_str())));
        }
        text.push_str("\n    }\n  ]\n}\n");
        Ok(text)
    }
}
