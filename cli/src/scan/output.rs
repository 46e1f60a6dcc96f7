//! Scan reports for people (findings grouped by file, with their lines, rule, severity and
//! controls, and a summary), as JSON, and as JUnit XML.

use palisade_engine::{FileReport, rank};
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
use std::fmt::Write as _;

/// Counts for the human summary line.
#[derive(Default)]
pub struct Totals {
    files: usize,
    documents: usize,
    findings: usize,
    failing: usize,
    unreadable: usize,
}

/// One file's findings for people (nothing for a file without findings), counted in `totals`.
pub fn human_file(r: &FileReport, fail_on: &str, totals: &mut Totals) -> String {
    let mut out = String::new();
    totals.files += 1;
    totals.documents += r.documents;
    if let Some(why) = &r.unreadable {
        let _ = writeln!(out, "{}: {why}", r.file);
        totals.unreadable += 1;
        return out;
    }
    if r.findings.is_empty() {
        return out;
    }
    let _ = writeln!(out, "{}", r.file);
    for f in &r.findings {
        totals.findings += 1;
        let fails = f.enforcement == "deny" && rank(&f.severity) >= rank(fail_on);
        if fails {
            totals.failing += 1;
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
    out
}

/// The human summary line.
pub fn human_summary(totals: &Totals, fail_on: &str) -> String {
    let Totals {
        files,
        documents,
        findings,
        failing,
        unreadable,
    } = totals;
    let mut out = format!(
        "scanned {files} {} ({documents} {}): {findings} {}, {failing} at or above `{fail_on}`",
        if *files == 1 { "file" } else { "files" },
        if *documents == 1 { "object" } else { "objects" },
        if *findings == 1 {
            "finding"
        } else {
            "findings"
        },
    );
    if *unreadable > 0 {
        let _ = write!(out, ", {unreadable} unreadable");
    }
    out.push('\n');
    out
}

/// The JSON report is written a file at a time: `{"files": [...], "findings": N}`, indented as
/// `serde_json`'s pretty printer would indent the whole object.
pub const JSON_OPEN: &str = "{\n  \"files\": [";

/// `value` with the members of every object in key order, whether or not `serde_json` keeps
/// insertion order in this build (its `preserve_order` feature is enabled by other crates of
/// the workspace): the report is the same bytes from every build.
fn sorted(value: serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => {
            let members: std::collections::BTreeMap<String, serde_json::Value> =
                map.into_iter().map(|(k, v)| (k, sorted(v))).collect();
            serde_json::Value::Object(members.into_iter().collect())
        }
        serde_json::Value::Array(items) => {
            serde_json::Value::Array(items.into_iter().map(sorted).collect())
        }
        other => other,
    }
}

/// One file of the JSON report, `first` or after another.
pub fn json_file(r: &FileReport, first: bool) -> String {
    let value = sorted(serde_json::to_value(r).unwrap_or_default());
    let body = serde_json::to_string_pretty(&value).unwrap_or_default();
    let mut out = String::from(if first { "\n" } else { ",\n" });
    for (i, line) in body.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str("    ");
        out.push_str(line);
    }
    out
}

/// The end of the JSON report, after `files` files with `findings` findings in all.
pub fn json_close(files: usize, findings: usize) -> String {
    let close = if files == 0 { "]" } else { "\n  ]" };
    format!("{close},\n  \"findings\": {findings}\n}}\n")
}

/// Every file and finding as one JSON object.
#[cfg(test)]
pub fn json(reports: &[FileReport]) -> String {
    let mut out = String::from(JSON_OPEN);
    for (i, r) in reports.iter().enumerate() {
        out.push_str(&json_file(r, i == 0));
    }
    let findings = reports.iter().map(|r| r.findings.len()).sum();
    out.push_str(&json_close(reports.len(), findings));
    out
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

#[cfg(test)]
mod tests {
    use super::*;
    use palisade_engine::Finding;

    fn report(file: &str, findings: usize) -> FileReport {
        let finding = |i: usize| Finding {
            rule: "R-1".to_owned(),
            title: "a rule".to_owned(),
            severity: "high".to_owned(),
            enforcement: "deny".to_owned(),
            controls: vec!["cis-k8s:5.2.2".to_owned()],
            remediation: None,
            message: format!("message \"{i}\"\nwith a newline"),
            path: "/spec".to_owned(),
            line: 3,
            document: 0,
            object: "Pod x".to_owned(),
            code: None,
        };
        FileReport {
            file: file.to_owned(),
            documents: 1,
            findings: (0..findings).map(finding).collect(),
            unreadable: None,
            objects: Vec::new(),
        }
    }

    #[test]
    fn the_streamed_json_is_the_pretty_printed_whole() {
        for reports in [
            vec![],
            vec![report("a.yaml", 0)],
            vec![
                report("a.yaml", 2),
                report("b.yaml", 0),
                report("c.yaml", 1),
            ],
        ] {
            let findings: usize = reports.iter().map(|r| r.findings.len()).sum();
            let whole = sorted(serde_json::json!({ "files": reports, "findings": findings }));
            let mut expected = serde_json::to_string_pretty(&whole).unwrap_or_default();
            expected.push('\n');
            assert_eq!(json(&reports), expected);
        }
    }
}
