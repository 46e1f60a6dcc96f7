//! Evaluating a rule from the editor: the "Evaluate" code lens on a rule runs it against input
//! documents (the one the editor names, or the JSON and YAML files beside the policy), and
//! every violation is published as a diagnostic *in the input document*, at the line of its
//! JSON pointer, so the author sees why it was denied where the data is. Evaluations stay on:
//! an edit to the policy or to the input evaluates again (the documents are inputs of the
//! library's incremental host, so only what changed runs again).

use crate::workspace::Built;
use palisade::{Document, InputFormat, InputLimits, Status};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower_lsp_server::ls_types::*;

/// At most this many input files beside a policy are evaluated.
pub const MAX_INPUTS: usize = 32;
/// Input files larger than this are not read.
pub const MAX_INPUT_BYTES: u64 = 16 << 20;

/// A rule the author evaluates, and against what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evaluation {
    /// The policy file declaring the rule.
    pub policy: Uri,
    /// The rule, as `package.rule`.
    pub rule: String,
    /// The input files.
    pub inputs: Vec<PathBuf>,
}

/// What an evaluation found, for its code lens and the command's reply.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Outcome {
    /// Documents the rule judged and found nothing wrong with.
    pub passed: usize,
    /// Documents it denied.
    pub failed: usize,
    /// Documents it does not apply to.
    pub skipped: usize,
    /// Violations, over all documents.
    pub violations: usize,
    /// Documents that could not be evaluated (unreadable, invalid, an error in the rule).
    pub errors: usize,
    /// The input files, by name.
    pub inputs: Vec<String>,
    /// Whether the policy set has errors (then nothing is evaluated).
    pub policy_errors: bool,
}

impl Outcome {
    /// The title of the rule's code lens.
    pub fn title(&self) -> String {
        let files = match self.inputs.as_slice() {
            [one] => one.clone(),
            many => format!("{} inputs", many.len()),
        };
        if self.policy_errors {
            "⚠ the policies have errors: nothing evaluated".to_owned()
        } else if self.errors > 0 {
            format!("⚠ {} error(s) evaluating {files}", self.errors)
        } else if self.failed > 0 {
            format!("✗ {} violation(s) in {files}", self.violations)
        } else if self.passed > 0 {
            format!("✓ passes {files}")
        } else {
            format!("– does not apply to {files}")
        }
    }
}

/// The input files beside a policy: JSON and YAML files of its folder, in name order.
pub fn inputs_beside(policy: &Path) -> Vec<PathBuf> {
    let Some(dir) = policy.parent() else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.extension()
                    .is_some_and(|e| e == "json" || e == "yaml" || e == "yml")
        })
        .collect();
    found.sort();
    found.truncate(MAX_INPUTS);
    found
}

/// One input file as read: its documents, or why it could not be read.
#[derive(Clone, Debug)]
pub struct Input {
    /// Its text (to notice changes).
    pub text: String,
    /// Its documents, by position.
    pub documents: Vec<Arc<Document>>,
    /// Errors reading it: line (1-based), message.
    pub errors: Vec<(u32, String)>,
}

/// Reads an input's text into documents.
pub fn read_input(text: String) -> Input {
    let (documents, errors) = palisade::read_documents(
        text.as_bytes(),
        InputFormat::Detect,
        &InputLimits::default(),
    );
    Input {
        documents: documents.into_iter().map(Arc::new).collect(),
        errors: errors
            .into_iter()
            .map(|e| (e.line.max(1), format!("{} ({})", e.message, e.code)))
            .collect(),
        text,
    }
}

/// The host's key of document `index` of an input file.
pub fn document_key(input: &Path, index: usize) -> String {
    format!("{}#{index}", input.display())
}

/// The diagnostics an evaluation puts in each of its input files, and its outcome.
pub fn run(
    built: &Built,
    evaluation: &Evaluation,
    inputs: &BTreeMap<PathBuf, Input>,
) -> (Vec<(PathBuf, Vec<Diagnostic>)>, Outcome) {
    let mut out = Vec::new();
    let set_errors = built
        .snapshot
        .diagnostics()
        .iter()
        .any(palisade::Diagnostic::is_error);
    let mut outcome = Outcome {
        policy_errors: set_errors,
        ..Outcome::default()
    };
    for path in &evaluation.inputs {
        outcome.inputs.push(
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        );
        let mut diagnostics = Vec::new();
        let Some(input) = inputs.get(path) else {
            outcome.errors += 1;
            continue;
        };
        for (line, message) in &input.errors {
            outcome.errors += 1;
            diagnostics.push(at_line(
                *line,
                DiagnosticSeverity::ERROR,
                None,
                format!("cannot evaluate `{}`: {message}", evaluation.rule),
            ));
        }
        if set_errors {
            // The policy set does not check: nothing is evaluated (its diagnostics say why).
            out.push((path.clone(), diagnostics));
            continue;
        }
        for (index, document) in input.documents.iter().enumerate() {
            let Some(decision) = built.snapshot.decision(&document_key(path, index)) else {
                continue;
            };
            let result = decision.rules.iter().find(|r| *r.rule == evaluation.rule);
            let errors: Vec<_> = decision
                .errors
                .iter()
                .filter(|e| {
                    e.rule.is_none() || result.is_some_and(|r| e.rule.as_deref() == Some(&*r.id))
                })
                .collect();
            for e in &errors {
                let line = e
                    .path
                    .as_deref()
                    .map_or(document.line, |p| document.line_of(p));
                diagnostics.push(at_line(
                    line,
                    DiagnosticSeverity::WARNING,
                    Some(e.code.clone()),
                    format!(
                        "`{}` could not judge this document: {}",
                        evaluation.rule, e.message
                    ),
                ));
            }
            if !errors.is_empty() {
                outcome.errors += 1;
                continue;
            }
            let Some(result) = result else {
                outcome.skipped += 1;
                continue;
            };
            match result.status {
                Status::Fail => {
                    outcome.failed += 1;
                    outcome.violations += result.violations.len();
                    for v in &result.violations {
                        let line = v.line.unwrap_or_else(|| document.line_of(&v.path));
                        diagnostics.push(at_line(
                            line,
                            DiagnosticSeverity::INFORMATION,
                            Some(result.id.to_string()),
                            format!(
                                "{} (rule `{}`, at {})",
                                v.message,
                                result.rule,
                                pointer(&v.path)
                            ),
                        ));
                    }
                }
                Status::Pass => outcome.passed += 1,
                Status::Error => outcome.errors += 1,
                Status::Skipped => outcome.skipped += 1,
            }
        }
        out.push((path.clone(), diagnostics));
    }
    (out, outcome)
}

fn pointer(path: &str) -> &str {
    if path.is_empty() {
        "the document"
    } else {
        path
    }
}

/// A diagnostic covering line `line` (1-based) from its start; the client shows it over the
/// line's text.
fn at_line(
    line: u32,
    severity: DiagnosticSeverity,
    code: Option<String>,
    message: String,
) -> Diagnostic {
    let line = line.saturating_sub(1);
    Diagnostic {
        range: Range::new(Position::new(line, 0), Position::new(line + 1, 0)),
        severity: Some(severity),
        code: code.map(NumberOrString::String),
        source: Some("palisade eval".to_owned()),
        message,
        ..Default::default()
    }
}
