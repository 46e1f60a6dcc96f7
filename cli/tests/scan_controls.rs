//! `palisade scan --controls`: one framework's checks (or a family of frameworks, or a control
//! and those under it) run alone, for scanning and for `--list-rules`; a framework no rule
//! implements is a usage error naming the frameworks there are.

#![allow(
    clippy::indexing_slicing,
    reason = "serde_json indexing reads Null when absent"
)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

#[expect(clippy::panic, reason = "a test helper fails its test by panicking")]
fn palisade(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_palisade"))
        .args(args)
        .current_dir(repo())
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run palisade: {e}"))
}

fn findings(args: &[&str]) -> Vec<Value> {
    let out = palisade(args);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    report["files"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|f| f["findings"].as_array().cloned().unwrap_or_default())
        .collect()
}

fn controls_of(finding: &Value) -> Vec<String> {
    finding["controls"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c.as_str().map(str::to_owned))
        .collect()
}

#[test]
fn one_framework_runs_its_rules_and_no_other() {
    let all = findings(&["scan", "examples", "--format", "json"]);
    let pci = findings(&[
        "scan",
        "examples",
        "--format",
        "json",
        "--controls",
        "pci-dss-4",
    ]);
    assert!(!pci.is_empty());
    assert!(pci.len() < all.len(), "{} of {}", pci.len(), all.len());
    for f in &pci {
        assert!(
            controls_of(f).iter().any(|c| c.starts_with("pci-dss-4:")),
            "{f}"
        );
    }
    // Exactly the findings of the full scan whose rule implements a PCI DSS requirement.
    let expected: Vec<&Value> = all
        .iter()
        .filter(|f| controls_of(f).iter().any(|c| c.starts_with("pci-dss-4:")))
        .collect();
    assert_eq!(pci.iter().collect::<Vec<_>>(), expected);
    // A family names its frameworks: `pci-dss` is `pci-dss-4`.
    let family = findings(&[
        "scan",
        "examples",
        "--format",
        "json",
        "--controls",
        "pci-dss",
    ]);
    assert_eq!(family, pci);
}

#[test]
fn several_frameworks_and_a_control_with_those_under_it() {
    let out = palisade(&[
        "scan",
        "--list-rules",
        "--format",
        "json",
        "--controls",
        "cis-aws:2.1",
        "--controls",
        "cis-gcp",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rules: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap_or_default();
    assert!(rules.len() > 5, "{rules:?}");
    for r in &rules {
        let controls = controls_of(&r["metadata"]);
        assert!(
            controls
                .iter()
                .any(|c| c.starts_with("cis-aws:2.1.") || c.starts_with("cis-gcp:")),
            "{r}"
        );
    }
    // `cis` is every CIS benchmark; `cis-aws:2` is not `cis-aws:21`.
    let cis = palisade(&[
        "scan",
        "--list-rules",
        "--format",
        "json",
        "--controls",
        "cis",
    ]);
    let cis: Vec<Value> = serde_json::from_slice(&cis.stdout).unwrap_or_default();
    assert!(cis.iter().any(|r| {
        r["id"]
            .as_str()
            .is_some_and(|i| i.starts_with("PSS-") || i.starts_with("CIS-"))
    }));
    assert!(
        cis.iter()
            .any(|r| r["id"].as_str().is_some_and(|i| i.starts_with("TF-AZURE-")))
    );
    assert!(
        cis.iter()
            .any(|r| r["id"].as_str().is_some_and(|i| i.starts_with("DOCKER-")))
    );
}

#[test]
fn a_framework_no_rule_implements_is_a_usage_error() {
    let out = palisade(&["scan", "examples", "--controls", "hipaa"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("`--controls hipaa`"), "{err}");
    assert!(
        err.contains("pci-dss-4") && err.contains("cis-k8s"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
    // A prefix that is not a whole part of an id names nothing: `pci` is not `pci-dss-4`.
    let out = palisade(&["scan", "--list-rules", "--controls", "pci-d"]);
    assert_eq!(out.status.code(), Some(2));
}
