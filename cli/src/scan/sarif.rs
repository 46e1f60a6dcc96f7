//! SARIF 2.1.0, the format code-scanning services read: one run with a rule per policy rule
//! (its title, help, severity and controls as tags) and a result per finding, located by file
//! and line. The document is checked against the SARIF schema's types (`serde_sarif`) before it
//! is written.

use palisade::PolicySet;
use palisade_engine::{FileReport, Finding};
use serde_json::{Value, json};

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

/// The SARIF log of a scan.
pub fn report(reports: &[FileReport], set: &PolicySet) -> Result<String, String> {
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
    let mut codes: Vec<&str> = reports
        .iter()
        .flat_map(|r| &r.findings)
        .filter(|f| f.rule.starts_with('E') && f.code.as_deref() == Some(f.rule.as_str()))
        .map(|f| f.rule.as_str())
        .collect();
    codes.sort_unstable();
    codes.dedup();
    for code in codes {
        rules.push(json!({
            "id": code,
            "name": code,
            "shortDescription": { "text": format!("Palisade error {code}") },
            "helpUri": "https://github.com/palisade-policy/palisade/blob/main/spec/diagnostics.md",
            "properties": { "security-severity": "8.0" }
        }));
    }
    let mut notifications: Vec<Value> = Vec::new();
    let mut results: Vec<Value> = Vec::new();
    for r in reports {
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
            notifications.push(json!({
                "level": "error",
                "message": { "text": format!("{}: {why}", r.file) },
                "locations": [{ "physicalLocation": location(1) }]
            }));
        }
        for f in &r.findings {
            results.push(json!({
                "ruleId": f.rule,
                "level": level(f),
                "message": { "text": format!("{} ({})", f.message, f.object) },
                "locations": [{
                    "physicalLocation": location(f.line),
                    "logicalLocations": [{ "fullyQualifiedName": f.path, "kind": "object" }]
                }],
                "properties": { "controls": f.controls, "severity": f.severity }
            }));
        }
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "palisade",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/palisade-policy/palisade",
                "rules": rules
            } },
            "originalUriBaseIds": { "%SRCROOT%": { "uri": "./" } },
            "invocations": [{
                "executionSuccessful": notifications.is_empty(),
                "toolExecutionNotifications": notifications
            }],
            "results": results
        }]
    });
    // Typed against the SARIF 2.1.0 schema before it is written.
    let typed: serde_sarif::sarif::Sarif =
        serde_json::from_value(log).map_err(|e| format!("the SARIF log is not valid: {e}"))?;
    let mut text = serde_json::to_string_pretty(&typed).map_err(|e| e.to_string())?;
    text.push('\n');
    Ok(text)
}
