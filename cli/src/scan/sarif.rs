//! SARIF 2.1.0, the format code-scanning services read: one run with a rule per policy rule
//! (its title, help, severity and controls as tags) and a result per finding, located by file
//! and line. The document is checked against the SARIF schema's types (`serde_sarif`) before it
//! is written.

use super::findings::{FileReport, Finding};
use palisade::PolicySet;
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

/// The SARIF log of a scan.
pub fn report(reports: &[FileReport], set: &PolicySet) -> Result<String, String> {
    let rules: Vec<Value> = set
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
    let mut results: Vec<Value> = Vec::new();
    for r in reports {
        for f in &r.findings {
            results.push(json!({
                "ruleId": f.rule,
                "level": level(f),
                "message": { "text": format!("{} ({})", f.message, f.object) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": r.file.replace('\\', "/") },
                        "region": { "startLine": f.line.max(1) }
                    },
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
