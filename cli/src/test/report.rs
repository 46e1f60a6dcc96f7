//! Reporting test results: for people (one line per test or case with its time, each failure
//! rendered at its source location with what it compared, a coverage summary, and a last line
//! `N passed, M failed`), and as JSON for tools.

use super::diff;
use super::run::Ran;
use crate::files::LoadedFile;
use palisade::diagnostics::{LineIndex, RenderOptions, codes, render};
use palisade::{Diagnostic, FileId, TestFailure, TestStatus};
use serde::Serialize;
use std::fmt::Write as _;

/// Counts of outcomes, cases counted one by one.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct Totals {
    /// Tests and cases that passed.
    pub passed: usize,
    /// Tests and cases that failed or erred.
    pub failed: usize,
    /// Tests not run because `--run` did not select them.
    pub skipped: usize,
}

impl Totals {
    /// Counts the results of the tests that ran.
    pub fn of(ran: &[Ran], skipped: usize) -> Totals {
        let mut t = Totals {
            skipped,
            ..Totals::default()
        };
        for r in ran.iter().flat_map(|r| &r.results) {
            if r.status == TestStatus::Pass {
                t.passed += 1;
            } else {
                t.failed += 1;
            }
        }
        t
    }

    /// `N passed, M failed` (and `, K skipped` when any).
    pub fn line(&self) -> String {
        let mut line = format!("{} passed, {} failed", self.passed, self.failed);
        if self.skipped > 0 {
            let _ = write!(line, ", {} skipped", self.skipped);
        }
        line
    }
}

fn milliseconds(d: std::time::Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn code_of(text: &str) -> palisade::Code {
    codes::ALL
        .iter()
        .map(|(c, _)| *c)
        .find(|c| c.as_str() == text)
        .unwrap_or(codes::ASSERTION_FAILED)
}

/// The human report of every test, failures in full.
pub fn human(ran: &[Ran], files: &[LoadedFile], color: bool) -> String {
    let mut out = String::new();
    let source_of = |id: FileId| {
        files
            .iter()
            .find(|f| f.id == id)
            .map(|f| (f.display.as_str(), f.text.as_str()))
    };
    for r in ran {
        let per_case = r.results.len() != 1 || r.results.iter().any(|x| x.case.is_some());
        for result in &r.results {
            let word = match result.status {
                TestStatus::Pass => "PASS ",
                TestStatus::Fail => "FAIL ",
                TestStatus::Error => "ERROR",
            };
            let case = match (&result.case, per_case) {
                (Some(c), _) => format!(" [case {c}]"),
                (None, _) => String::new(),
            };
            let _ = writeln!(
                out,
                "{word} {} \"{}\"{case} ({})",
                r.info.package,
                r.info.name,
                milliseconds(r.duration)
            );
            if let Some(f) = &result.failure {
                let text = failure_text(f, r.info.file, &source_of, color);
                for line in text.lines() {
                    let _ = writeln!(out, "    {line}");
                }
            }
        }
        if per_case && r.results.is_empty() {
            let _ = writeln!(
                out,
                "PASS  {} \"{}\" (no cases) ({})",
                r.info.package,
                r.info.name,
                milliseconds(r.duration)
            );
        }
    }
    out
}

/// A failure rendered at its source location, with what the assertion compared.
pub fn failure_text<'a>(
    f: &TestFailure,
    file: FileId,
    source_of: &dyn Fn(FileId) -> Option<(&'a str, &'a str)>,
    color: bool,
) -> String {
    let diagnostic = failure_diagnostic(f, file);
    let mut out = render(&[diagnostic], source_of, RenderOptions { color });
    compared(f, &mut out);
    out
}

fn failure_diagnostic(f: &TestFailure, file: FileId) -> Diagnostic {
    match &f.code {
        None => Diagnostic::new(codes::ASSERTION_FAILED, file, f.span, f.message.clone()),
        Some(code) => Diagnostic::new(code_of(code), file, f.span, f.message.clone())
            .with_help("the test stopped here with a runtime error"),
    }
}

/// What a false assertion compared: both sides and their diff, or the rule's violations.
fn compared(f: &TestFailure, out: &mut String) {
    if !out.ends_with('\n') && !out.is_empty() {
        out.push('\n');
    }
    let pretty = |v: &serde_json::Value| serde_json::to_string_pretty(v).unwrap_or_default();
    if let (Some(left), Some(right)) = (&f.left, &f.right) {
        let (l, r) = (pretty(left), pretty(right));
        if l.lines().count() <= 1 && r.lines().count() <= 1 {
            let _ = writeln!(out, "left:  {l}");
            let _ = writeln!(out, "right: {r}");
        } else {
            let _ = writeln!(out, "diff (- left, + right):");
            match diff::lines(&l, &r) {
                Some(lines) => {
                    for line in lines {
                        let _ = writeln!(out, "  {line}");
                    }
                }
                None => {
                    let _ = writeln!(out, "left:\n{l}\nright:\n{r}");
                }
            }
        }
    }
    if let Some(v) = &f.violations {
        match v.as_array() {
            Some(list) if list.is_empty() => {
                let _ = writeln!(out, "the rule reported no violation");
            }
            Some(list) => {
                let _ = writeln!(out, "the rule reported:");
                for item in list {
                    let message = item.get("message").and_then(|m| m.as_str()).unwrap_or("");
                    let path = item.get("path").and_then(|m| m.as_str()).unwrap_or("");
                    let at = if path.is_empty() {
                        "the document root"
                    } else {
                        path
                    };
                    let _ = writeln!(out, "  {message} (at {at})");
                }
            }
            None => {}
        }
    }
}

#[derive(Serialize)]
struct JsonTest<'a> {
    package: &'a str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    case: Option<&'a str>,
    status: TestStatus,
    duration_ms: f64,
    file: &'a str,
    line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    failure: Option<JsonFailure<'a>>,
}

#[derive(Serialize)]
struct JsonFailure<'a> {
    #[serde(flatten)]
    failure: &'a TestFailure,
    line: u32,
    column: u32,
}

/// The position of a span as 1-based line and character column.
fn position(files: &[LoadedFile], file: FileId, offset: usize) -> (u32, u32) {
    files
        .iter()
        .find(|f| f.id == file)
        .map(|f| {
            let lc = LineIndex::new(&f.text).line_col(&f.text, offset);
            (lc.line, lc.column)
        })
        .unwrap_or((0, 0))
}

/// The JSON report: every test and case, the totals, and coverage when measured.
pub fn json(
    ran: &[Ran],
    files: &[LoadedFile],
    totals: Totals,
    coverage: Option<&super::coverage::Summary>,
) -> String {
    let mut tests = Vec::new();
    for r in ran {
        let display = files
            .iter()
            .find(|f| f.id == r.info.file)
            .map_or("", |f| f.display.as_str());
        let (line, _) = position(files, r.info.file, r.info.span.start as usize);
        for result in &r.results {
            let failure = result.failure.as_ref().map(|f| {
                let (line, column) = position(files, r.info.file, f.span.start as usize);
                JsonFailure {
                    failure: f,
                    line,
                    column,
                }
            });
            tests.push(JsonTest {
                package: &r.info.package,
                name: &r.info.name,
                case: result.case.as_deref(),
                status: result.status,
                duration_ms: r.duration.as_secs_f64() * 1000.0,
                file: display,
                line,
                failure,
            });
        }
    }
    let report = serde_json::json!({
        "tests": tests,
        "passed": totals.passed,
        "failed": totals.failed,
        "skipped": totals.skipped,
        "coverage": coverage,
    });
    serde_json::to_string_pretty(&report).unwrap_or_default()
}
