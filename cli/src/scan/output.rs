//! Scan reports for people (findings grouped by file, with their lines, rule, severity and
//! controls, and a summary), as JSON, and as JUnit XML.

use super::findings::{FileReport, rank};
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
use std::fmt::Write as _;

/// Findings grouped by file, then a summary line.
pub fn human(reports: &[FileReport], fail_on: &str) -> String {
    let mut out = String::new();
    let mut total = 0;
    let mut failing = 0;
    let mut unreadable = 0;
    for r in reports {
        if let Some(why) = &r.unreadable {
            let _ = writeln!(out, "{}: {why}", r.file);
            unreadable += 1;
            continue;
        }
        if r.findings.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{}", r.file);
        for f in &r.findings {
            total += 1;
            let fails = f.enforcement == "deny" && rank(&f.severity) >= rank(fail_on);
            if fails {
                failing += 1;
            }
            let mark = if f.enforcement == "warn" {
                "warn"
            } else {
                &f.severity
            };
            let _ = writeln!(
                out,
                "  {}:{} {} [{}] {} — {}",
                r.file, f.line, f.rule, mark, f.object, f.message
            );
            if !f.controls.is_empty() {
                let _ = writeln!(out, "      controls: {}", f.controls.join(", "));
            }
            if !f.path.is_empty() {
                let _ = writeln!(out, "      at {}", f.path);
            }
        }
    }
    let files = reports.len();
    let documents: usize = reports.iter().map(|r| r.documents).sum();
    let _ = write!(
        out,
        "scanned {files} {} ({documents} {}): {total} {}, {failing} at or above `{fail_on}`",
        if files == 1 { "file" } else { "files" },
        if documents == 1 { "object" } else { "objects" },
        if total == 1 { "finding" } else { "findings" },
    );
    if unreadable > 0 {
        let _ = write!(out, ", {unreadable} unreadable");
    }
    out.push('\n');
    out
}

/// Every file and finding as one JSON object.
pub fn json(reports: &[FileReport]) -> String {
    let findings: usize = reports.iter().map(|r| r.findings.len()).sum();
    let report = serde_json::json!({ "files": reports, "findings": findings });
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}

/// JUnit XML: one suite per file; each object judged is a passing case unless it has findings,
/// each finding a failing case.
pub fn junit(reports: &[FileReport]) -> String {
    let mut report = Report::new("palisade scan");
    for r in reports {
        let mut suite = TestSuite::new(r.file.as_str());
        if let Some(why) = &r.unreadable {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
            status.set_message(why.as_str());
            suite.add_test_case(TestCase::new("read", status));
        }
        for f in &r.findings {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            status.set_message(f.message.as_str());
            status.set_type(f.rule.as_str());
            status.set_description(format!(
                "{}:{} {} [{}] at {}\ncontrols: {}",
                r.file,
                f.line,
                f.rule,
                f.severity,
                f.path,
                f.controls.join(", ")
            ));
            let mut case =
                TestCase::new(format!("{} {} line {}", f.rule, f.object, f.line), status);
            case.set_classname(r.file.as_str());
            suite.add_test_case(case);
        }
        if r.findings.is_empty() && r.unreadable.is_none() {
            let mut case = TestCase::new("no findings", TestCaseStatus::success());
            case.set_classname(r.file.as_str());
            suite.add_test_case(case);
        }
        report.add_test_suite(suite);
    }
    let mut text = report.to_string().unwrap_or_default();
    text.push('\n');
    text
}
