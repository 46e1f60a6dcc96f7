//! Printing decisions: for people, each denied or failing rule with its metadata and each
//! violation with the offending line of the input; for tools, one JSON object with every
//! decision.

use palisade::{Decision, Status};
use serde::Serialize;
use std::fmt::Write as _;

/// One evaluated document, with where it came from.
#[derive(Serialize)]
pub struct Evaluated<'a> {
    /// The input's display name.
    pub file: &'a str,
    /// The document's position in its stream, from 0.
    pub document: usize,
    /// The line where the document starts.
    pub line: u32,
    /// Where the judged object sits in the document (`/items/0`, `/request/object`), if it is
    /// a part of it.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub pointer: String,
    /// The decision.
    pub decision: Decision,
}

/// The JSON report of `palisade eval`.
#[derive(Serialize)]
pub struct JsonReport<'a> {
    /// One entry per document.
    pub results: &'a [Evaluated<'a>],
    /// Documents allowed.
    pub allowed: usize,
    /// Documents denied.
    pub denied: usize,
}

/// Renders one decision for people. `lines` are the lines of the input, for showing them.
pub fn human(e: &Evaluated<'_>, lines: &[&str], out: &mut String) {
    let d = &e.decision;
    let verdict = if d.is_allowed() { "allowed" } else { "denied" };
    let part = if e.pointer.is_empty() {
        String::new()
    } else {
        format!(", {}", e.pointer)
    };
    let _ = writeln!(
        out,
        "{} (document {}, line {}{part}): {verdict}",
        e.file,
        e.document + 1,
        e.line
    );
    for rule in &d.rules {
        let mark = match rule.status {
            Status::Fail => "✗",
            Status::Error => "!",
            Status::Pass | Status::Skipped => continue,
        };
        let m = &rule.metadata;
        let _ = writeln!(
            out,
            "  {mark} {} {} [{}, {}]",
            rule.id, m.title, m.severity, m.enforcement
        );
        if !m.controls.is_empty() {
            let _ = writeln!(out, "      controls: {}", m.controls.join(", "));
        }
        for v in &rule.violations {
            let _ = writeln!(out, "      {}", v.message);
            let at = if v.path.is_empty() {
                "the document root"
            } else {
                &v.path
            };
            match v.line {
                Some(n) => {
                    let _ = writeln!(out, "        at {at} ({}:{n})", e.file);
                    if let Some(text) = (n as usize).checked_sub(1).and_then(|i| lines.get(i)) {
                        let shown: String = text.chars().take(200).collect();
                        let _ = writeln!(out, "        {n:>5} | {shown}");
                    }
                }
                None => {
                    let _ = writeln!(out, "        at {at}");
                }
            }
        }
        if rule.status == Status::Fail
            && let Some(fix) = &m.remediation
        {
            let _ = writeln!(out, "      fix: {fix}");
        }
    }
    for error in &d.errors {
        let owner = error
            .rule
            .as_deref()
            .map_or(String::new(), |r| format!("{r}: "));
        let _ = writeln!(out, "  error[{}] {owner}{}", error.code, error.message);
    }
    let s = &d.stats;
    let _ = writeln!(
        out,
        "  rules: {} passed, {} failed, {} errors, {} skipped",
        s.pass, s.fail, s.error, s.skipped
    );
}
