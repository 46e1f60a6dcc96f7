//! `palisade test` on a corpus of test files with known outcomes (`tests/runner/<case>/`, with
//! the expected exit code in `exit`): exit codes, snapshots of the human output, JSON and JUnit
//! that parse back to the same counts, coverage and its threshold, `--run`; and the
//! runner passing every test of the repository's example policies.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[path = "runner_support/summary.rs"]
mod support;
use support::{root, summary};

#[expect(clippy::panic, reason = "a test helper fails its test by panicking")]
fn palisade(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_palisade"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run palisade: {e}"))
}

fn cases() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root())
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    dirs
}

/// The output with the case directory and timings made stable.
fn normalized(text: &str, dir: &Path) -> String {
    let timing = regex::Regex::new(r"\(\d+\.\d ms\)").unwrap_or_else(|_| unreachable!());
    let text = text.replace(&dir.display().to_string(), "<case>");
    timing.replace_all(&text, "(… ms)").into_owned()
}

#[test]
fn every_case_exits_as_expected_and_its_output_is_pinned() {
    let cases = cases();
    assert!(cases.len() >= 6, "the runner corpus was found");
    for dir in cases {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let expected: i32 = std::fs::read_to_string(dir.join("exit"))
            .ok()
            .and_then(|t| t.trim().parse().ok())
            .unwrap_or(-1);
        let path = dir.display().to_string();
        let out = palisade(&["test", &path]);
        assert_eq!(out.status.code(), Some(expected), "{name}: {out:?}");
        let stdout = normalized(&String::from_utf8_lossy(&out.stdout), &dir);
        let stderr = normalized(&String::from_utf8_lossy(&out.stderr), &dir);
        insta::assert_snapshot!(
            format!("runner_{name}"),
            format!("{stdout}--- stderr ---\n{stderr}")
        );
        if expected == 2 {
            assert!(
                out.stdout.is_empty(),
                "{name}: compile errors print no results"
            );
            continue;
        }
        let (passed, failed) =
            summary(&String::from_utf8_lossy(&out.stdout)).unwrap_or((usize::MAX, usize::MAX));
        assert_eq!(failed > 0, expected == 1, "{name}");

        // JSON parses and counts the same.
        let json_out = palisade(&["test", &path, "--format", "json"]);
        assert_eq!(json_out.status.code(), Some(expected));
        let report: serde_json::Value =
            serde_json::from_slice(&json_out.stdout).unwrap_or(serde_json::Value::Null);
        assert_eq!(report["passed"], passed, "{name}");
        assert_eq!(report["failed"], failed, "{name}");
        let tests = report["tests"].as_array().map(Vec::len).unwrap_or(0);
        assert_eq!(tests, passed + failed, "{name}");
        for t in report["tests"].as_array().into_iter().flatten() {
            if t["status"] != "pass" {
                assert!(
                    t["failure"]["line"].as_u64().unwrap_or(0) > 0,
                    "{name}: {t}"
                );
                assert!(t["failure"]["message"].is_string(), "{name}: {t}");
            }
        }

        // JUnit XML parses and counts the same.
        let xml_out = palisade(&["test", &path, "--format", "junit"]);
        assert_eq!(xml_out.status.code(), Some(expected));
        let xml = String::from_utf8_lossy(&xml_out.stdout).into_owned();
        let doc = roxmltree::Document::parse(&xml)
            .unwrap_or_else(|e| unreachable!("{name}: JUnit does not parse: {e}\n{xml}"));
        let cases: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("testcase"))
            .collect();
        assert_eq!(cases.len(), passed + failed, "{name}");
        let bad = cases
            .iter()
            .filter(|c| {
                c.children()
                    .any(|n| n.has_tag_name("failure") || n.has_tag_name("error"))
            })
            .count();
        assert_eq!(bad, failed, "{name}");
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "testsuites");
    }
}

#[test]
fn run_selects_tests_and_counts_the_others_as_skipped() {
    let dir = root().join("failing");
    let path = dir.display().to_string();
    let out = palisade(&["test", &path, "--run", "still passes|ghcr"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.trim_end().ends_with("2 passed, 0 failed, 5 skipped"),
        "{text}"
    );
    let bad = palisade(&["test", &path, "--run", "("]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn coverage_reports_lines_not_run_and_enforces_a_threshold() {
    let dir = root().join("tables_and_with");
    let path = dir.display().to_string();
    let out = palisade(&["test", &path, "--coverage", "--run", "wider"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("coverage: "), "{text}");
    // The wider allow-list never records a violation: that line did not run.
    let violation_line = std::fs::read_to_string(dir.join("caps.pal"))
        .unwrap_or_default()
        .lines()
        .position(|l| l.contains("violation \"container"))
        .map(|i| i + 1)
        .unwrap_or(0);
    assert!(
        text.contains(&format!("line {violation_line} not run")),
        "{text}"
    );
    let json = palisade(&["test", &path, "--coverage", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap_or_default();
    let percent = report["coverage"]["line_percent"].as_f64().unwrap_or(-1.0);
    assert!((0.0..=100.0).contains(&percent), "{report}");
    assert_eq!(report["coverage"]["rules"], 1);
    // Everything passes under `--run wider`, but coverage below 100% fails the run.
    let strict = palisade(&[
        "test",
        &path,
        "--run",
        "wider",
        "--coverage-threshold",
        "100",
    ]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&strict.stdout).contains("below the threshold"));
    let lenient = palisade(&[
        "test",
        &path,
        "--run",
        "wider",
        "--coverage-threshold",
        "10",
    ]);
    assert_eq!(lenient.status.code(), Some(0));
}

#[test]
fn every_example_policy_test_passes() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/examples");
    let out = palisade(&["test", &examples.display().to_string()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    let (passed, failed) = summary(&text).unwrap_or((0, 1));
    assert!(passed >= 60 && failed == 0, "{text}");
}
