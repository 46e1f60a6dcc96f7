//! The reports people and tools look at, rendered for the repository's examples and read back:
//! the compliance page (`scan --format html -o`), Kubernetes policy reports (`scan --format
//! policyreport`), and test coverage as lcov and as HTML (`test --format lcov|html`). The
//! browser half (the page renders without console errors, filters hide rows) and the schema
//! validation of the policy reports run in `cli/tests/browser/run.sh`.

use palisade::{InputFormat, InputLimits, read_documents};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn palisade(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_palisade"))
        .args(args)
        .current_dir(repo())
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1796558400")
        .output()
        .unwrap_or_else(|e| unreachable!("cannot run palisade: {e}"))
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("palisade-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_default();
    dir
}

/// The YAML stream's documents as JSON.
fn yaml_documents(text: &str) -> Vec<Value> {
    let (docs, errors) =
        read_documents(text.as_bytes(), InputFormat::Yaml, &InputLimits::default());
    assert!(errors.is_empty(), "{errors:?}");
    docs.iter().map(|d| d.value.to_json()).collect()
}

fn text(v: &Value, pointer: &str) -> String {
    v.pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn policy_reports_have_a_result_per_object_and_rule_and_their_summaries_add_up() {
    let out = palisade(&["scan", "examples", "--format", "policyreport"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let reports = yaml_documents(&String::from_utf8_lossy(&out.stdout));
    let scopes: Vec<(String, String)> = reports
        .iter()
        .map(|r| (text(r, "/kind"), text(r, "/metadata/namespace")))
        .collect();
    assert_eq!(
        scopes,
        [
            ("ClusterPolicyReport", ""),
            ("PolicyReport", "ci"),
            ("PolicyReport", "default"),
            ("PolicyReport", "monitoring"),
            ("PolicyReport", "shop"),
        ]
        .map(|(k, n)| (k.to_owned(), n.to_owned()))
    );
    let mut saw_pass = false;
    for report in &reports {
        assert_eq!(text(report, "/apiVersion"), "wgpolicyk8s.io/v1alpha2");
        let results = report["results"].as_array().cloned().unwrap_or_default();
        assert!(!results.is_empty());
        for outcome in ["pass", "fail", "warn", "error", "skip"] {
            let counted = results.iter().filter(|r| r["result"] == outcome).count();
            assert_eq!(report["summary"][outcome], counted, "{outcome} in {report}");
        }
        for r in &results {
            assert!(
                ["pass", "fail", "warn", "error"].contains(&r["result"].as_str().unwrap_or(""))
            );
            assert!(
                ["critical", "high", "medium", "low", "info"]
                    .contains(&r["severity"].as_str().unwrap_or(""))
            );
            assert!(!text(r, "/policy").is_empty() && !text(r, "/rule").is_empty());
            assert_eq!(r["timestamp"]["seconds"], 1_796_558_400);
            // A namespaced report holds only that namespace's objects.
            if let Some(ns) = report.pointer("/metadata/namespace") {
                assert_eq!(r.pointer("/resources/0/namespace"), Some(ns), "{r}");
            }
            saw_pass |= r["result"] == "pass";
        }
    }
    assert!(saw_pass, "passes are reported too");
    // The privileged DaemonSet: failed by the privileged-container rule, with its reference.
    let monitoring = reports
        .iter()
        .find(|r| r.pointer("/metadata/namespace").and_then(Value::as_str) == Some("monitoring"))
        .cloned()
        .unwrap_or_default();
    let privileged = monitoring["results"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|r| r["rule"] == "PSS-BASELINE-PRIVILEGED")
        .cloned()
        .unwrap_or_default();
    assert_eq!(privileged["result"], "fail", "{privileged}");
    assert_eq!(privileged["severity"], "high");
    assert_eq!(
        privileged["resources"][0],
        serde_json::json!({ "apiVersion": "apps/v1", "kind": "DaemonSet", "name": "node-agent", "namespace": "monitoring" })
    );
    assert!(
        text(&privileged, "/message").contains("privileged"),
        "{privileged}"
    );
    assert_eq!(
        text(&privileged, "/properties/file"),
        "examples/k8s/privileged-daemonset.yaml"
    );
    assert!(!text(&privileged, "/category").is_empty());
}

#[test]
fn the_compliance_page_is_self_contained_and_holds_every_finding() {
    let dir = scratch("report-html");
    let page = dir.join("report.html");
    let out = palisade(&[
        "scan",
        "examples",
        "--format",
        "html",
        "-o",
        &page.display().to_string(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(out.stdout.is_empty(), "the report went to the file");
    let html = std::fs::read_to_string(&page).unwrap_or_default();
    let json = palisade(&["scan", "examples", "--format", "json"]);
    let scan: Value = serde_json::from_slice(&json.stdout).unwrap_or_default();
    // Nothing is fetched: no remote scripts, styles, images or links.
    for remote in ["src=\"http", "href=\"http", "url(http", "@import"] {
        assert!(!html.contains(remote), "{remote}");
    }
    // The embedded data has every finding of the JSON report, with its source line.
    let start = html
        .find("id=\"data\">")
        .map(|i| i + "id=\"data\">".len())
        .unwrap_or(0);
    let end = html[start..].find("</script>").map_or(start, |i| start + i);
    let data: Value = serde_json::from_str(&html[start..end]).unwrap_or_default();
    let embedded: usize = data["files"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| f["findings"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(Some(embedded as u64), scan["findings"].as_u64());
    let privileged = data["files"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f["file"] == "examples/k8s/privileged-daemonset.yaml")
        .flat_map(|f| f["findings"].as_array().cloned().unwrap_or_default())
        .find(|x| x["rule"] == "PSS-BASELINE-PRIVILEGED")
        .unwrap_or_default();
    assert!(
        text(&privileged, "/source").contains("privileged: true"),
        "{privileged}"
    );
    // What a finding shares with its rule is written once, under `rules`.
    assert_eq!(
        data["rules"]["PSS-BASELINE-PRIVILEGED"]["title"],
        "Containers must not run privileged"
    );
    assert!(html.contains("2026-12-06 12:00 UTC"), "the scan's time");
    // Framework summaries and the control table: CIS 5.2.2 (privileged containers) failed.
    assert!(
        html.contains("CIS Kubernetes Benchmark"),
        "framework titles"
    );
    assert!(
        html.contains("<tr class=\"failed\"><td><code>cis-k8s:5.2.2</code>"),
        "the failed control's row"
    );
    assert!(
        html.contains("name=\"severity\" value=\"critical\""),
        "filters"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The line of `caps.pal` that the `wider` tests never reach, and the case's path.
fn never_reached() -> (String, u32) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/runner/tables_and_with");
    let line = std::fs::read_to_string(dir.join("caps.pal"))
        .unwrap_or_default()
        .lines()
        .position(|l| l.contains("violation \"container"))
        .map_or(0, |i| u32::try_from(i + 1).unwrap_or(0));
    (dir.display().to_string(), line)
}

#[test]
fn lcov_marks_the_line_no_test_reached_and_agrees_with_the_json_totals() {
    let (path, missed) = never_reached();
    let out = palisade(&["test", &path, "--run", "wider", "--format", "lcov"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let lcov = String::from_utf8_lossy(&out.stdout).into_owned();
    let record = lcov
        .split("end_of_record")
        .find(|r| r.contains("caps.pal"))
        .unwrap_or_default();
    assert!(record.contains(&format!("\nDA:{missed},0\n")), "{lcov}");
    let json = palisade(&[
        "test",
        &path,
        "--run",
        "wider",
        "--coverage",
        "--format",
        "json",
    ]);
    let report: Value = serde_json::from_slice(&json.stdout).unwrap_or_default();
    let file = report["coverage"]["files"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|f| f["file"].as_str().is_some_and(|n| n.ends_with("caps.pal")))
        .cloned()
        .unwrap_or_default();
    let field = |key: &str| {
        record
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{key}:")))
            .and_then(|n| n.parse::<u64>().ok())
    };
    assert_eq!(field("LF"), file["lines"].as_u64());
    assert_eq!(field("LH"), file["covered_lines"].as_u64());
    let da = record.lines().filter(|l| l.starts_with("DA:")).count() as u64;
    assert_eq!(Some(da), file["lines"].as_u64());
}

#[test]
fn the_coverage_page_highlights_the_lines_no_test_reached() {
    let (path, missed) = never_reached();
    let out = palisade(&["test", &path, "--run", "wider", "--format", "html"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let html = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        html.contains(&format!("<tr class=\"missed\" data-line=\"{missed}\">")),
        "{html}"
    );
    assert!(
        html.contains("<tr class=\"run\""),
        "lines that ran are marked too"
    );
    assert!(html.contains("id=\"totals\""));
    // Every test run covers that line: nothing is missed there any more.
    let all = palisade(&["test", &path, "--format", "html"]);
    let html = String::from_utf8_lossy(&all.stdout).into_owned();
    assert!(
        html.contains(&format!("<tr class=\"run\" data-line=\"{missed}\">")),
        "{html}"
    );
}
