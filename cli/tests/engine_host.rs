//! The CLI is a host of the engine: which documents of a file are judged (`List` items, an
//! `AdmissionReview` and its object) is decided in `palisade-engine`, never in `cli/`, and
//! `palisade eval` and `palisade scan` judge the same targets with the same pointers.

use std::path::{Path, PathBuf};
use std::process::Command;

fn palisade(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_palisade"))
        .args(args)
        .output()
        .unwrap_or_else(|e| unreachable!("the binary runs: {e}"))
}

fn temp(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("palisade-host-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(name);
    let _ = std::fs::write(&path, text);
    path
}

const REVIEW: &str = r#"{
  "apiVersion": "admission.k8s.io/v1",
  "kind": "AdmissionReview",
  "request": {
    "uid": "1", "kind": { "group": "", "version": "v1", "kind": "Pod" },
    "resource": { "group": "", "version": "v1", "resource": "pods" },
    "operation": "CREATE", "userInfo": { "username": "alice" },
    "object": { "apiVersion": "v1", "kind": "Pod", "metadata": { "name": "web" },
      "spec": { "containers": [ { "name": "app", "image": "nginx",
        "securityContext": { "privileged": true } } ] } } } }
"#;

const POLICY: &str = r#"package acme.pods

import palisade.k8s

rule privileged(pod: k8s.Pod) {
  meta { id: "ACME-PRIV" title: "Privileged containers" severity: "high" }
  for c in pod.spec.containers {
    if c.securityContext?.privileged ?? false {
      violation "container `{c.name}` runs privileged" at c.securityContext?.privileged
    }
  }
}
"#;

#[test]
fn eval_judges_the_object_inside_an_admission_review() {
    let policy = temp("pods.pal", POLICY);
    let review = temp("review.json", REVIEW);
    let out = palisade(&[
        "eval",
        "--policy",
        &policy.display().to_string(),
        "--input",
        &review.display().to_string(),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    let results = report["results"].as_array().cloned().unwrap_or_default();
    assert_eq!(results.len(), 2, "the review and its object: {report}");
    let object = results
        .iter()
        .find(|r| r["pointer"] == "/request/object")
        .cloned()
        .unwrap_or_default();
    let violation = &object["decision"]["rules"][0]["violations"][0];
    assert_eq!(
        violation["path"],
        "/request/object/spec/containers/0/securityContext/privileged"
    );
    assert_eq!(violation["line"], 10);
    // The human report names the part it judged.
    let out = palisade(&[
        "eval",
        "--policy",
        &policy.display().to_string(),
        "--input",
        &review.display().to_string(),
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("/request/object): denied"), "{text}");
}

#[test]
fn objects_no_rule_judges_are_denied_on_request() {
    let policy = temp("pods2.pal", POLICY);
    let config_map = temp(
        "cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\n",
    );
    let base = [
        "eval",
        "--policy",
        &policy.display().to_string(),
        "--input",
        &config_map.display().to_string(),
    ];
    assert_eq!(palisade(&base).status.code(), Some(0));
    let mut strict = base.to_vec();
    strict.push("--deny-unjudged");
    let out = palisade(&strict);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("E0508"));
    let out = palisade(&[
        "scan",
        &config_map.display().to_string(),
        "--deny-unjudged",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"E0508\""));
    // The same from `palisade.toml`.
    let config = temp("strict.toml", "deny_unjudged = true\n");
    let cm = config_map.display().to_string();
    let with_config = ["scan", &cm, "--config", &config.display().to_string()];
    assert_eq!(palisade(&with_config).status.code(), Some(1));
    let lenient = temp("lenient.toml", "fail_on = \"high\"\n");
    let with_config = ["scan", &cm, "--config", &lenient.display().to_string()];
    assert_eq!(palisade(&with_config).status.code(), Some(0));
}

/// What to judge in a file is the engine's business: no part of `cli/src` opens Lists or
/// AdmissionReviews, evaluates documents itself, or decides which files hold documents.
#[test]
fn the_cli_holds_no_document_discovery() {
    let forbidden = [
        "AdmissionReview",
        "/items",
        "request/object",
        "ends_with(\"List\")",
        "evaluate_prepared",
        "evaluate_entrypoint",
        ".evaluate(",
        "e == \"yaml\"",
        "include!(",
    ];
    let mut found = Vec::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            for (n, line) in text.lines().enumerate() {
                if line.trim_start().starts_with("//") {
                    continue;
                }
                for word in forbidden {
                    if line.contains(word) {
                        found.push(format!("{}:{}: {word}", path.display(), n + 1));
                    }
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "document discovery in the CLI:\n{}",
        found.join("\n")
    );
    assert!(
        !Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("build.rs")
            .exists(),
        "the standard library is embedded by palisade-stdlib, not by the CLI"
    );
}
