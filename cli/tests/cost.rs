//! Static cost bounds from the command line: `palisade check --cost` lists each rule's bound
//! with the loops that dominate it, growing with the input limits as the loops nest; a budget
//! (`--max-rule-cost`, or `max_rule_cost` in `palisade.toml`) makes `check` report E0509 and
//! `scan` and `eval` refuse the policy set before judging anything.

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

const POLICY: &str = "cli/tests/fixtures/cost/pairs.pal";
const ORDER: &str = "cli/tests/fixtures/cost/order.yaml";

#[expect(clippy::panic, reason = "a test helper fails its test by panicking")]
fn palisade_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_palisade"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run palisade: {e}"))
}

fn palisade(args: &[&str]) -> Output {
    palisade_in(&repo(), args)
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The bound of each rule, by id, from `check --cost --format json`.
fn bounds(extra: &[&str]) -> Vec<(String, u64, String)> {
    let mut args = vec!["check", "--cost", "--format", "json", POLICY];
    args.extend_from_slice(extra);
    let out = palisade(&args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    report["costs"]["items"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|i| {
            (
                i["id"].as_str().unwrap_or_default().to_owned(),
                i["bound"].as_u64().unwrap_or_default(),
                i["dominated_by"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

fn bound_of(all: &[(String, u64, String)], id: &str) -> (u64, String) {
    all.iter()
        .find(|(i, _, _)| i == id)
        .map(|(_, b, d)| (*b, d.clone()))
        .unwrap_or_default()
}

#[test]
fn check_cost_lists_each_rule_with_its_dominant_loops() {
    let out = palisade(&["check", "--cost", "--max-collection-len", "10", POLICY]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(
        shown.contains("collections of up to 10 elements"),
        "{shown}"
    );
    // Dearest first, each with its loops by the names of what they iterate.
    let order: Vec<usize> = ["ACME-TRIPLES", "ACME-PAIRS", "ACME-LINEAR"]
        .iter()
        .filter_map(|id| shown.find(id))
        .collect();
    assert_eq!(order.len(), 3, "{shown}");
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{shown}");
    assert!(shown.contains("items × items × items × "), "{shown}");
    assert!(shown.contains("items × tags × "), "{shown}");
    assert!(shown.contains("pairs.pal:41"), "{shown}");
}

#[test]
fn bounds_grow_with_the_limits_as_the_loops_nest() {
    let small = bounds(&["--max-collection-len", "10"]);
    let large = bounds(&["--max-collection-len", "100"]);
    for (id, power) in [("ACME-LINEAR", 1), ("ACME-PAIRS", 2), ("ACME-TRIPLES", 3)] {
        let (s, term) = bound_of(&small, id);
        let (l, _) = bound_of(&large, id);
        assert!(s > 0 && !term.is_empty(), "{id}: {small:?}");
        // Ten times the elements: about 10^power times the bound (the straight-line part
        // does not grow).
        let ratio = l as f64 / s as f64;
        let expected = 10f64.powi(power);
        assert!(
            ratio > expected * 0.7 && ratio <= expected * 1.01,
            "{id}: {s} -> {l}, ratio {ratio}"
        );
    }
}

#[test]
fn the_bound_holds_for_the_fuel_spent() {
    // The order has three items and two tags: within collections of 3 elements.
    let (bound, _) = bound_of(&bounds(&["--max-collection-len", "3"]), "ACME-TRIPLES");
    let out = palisade(&[
        "eval",
        "--policy",
        POLICY,
        "--input",
        ORDER,
        "--entrypoint",
        "ACME-TRIPLES",
        "--format",
        "json",
    ]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    let fuel = report["results"][0]["decision"]["stats"]["fuel_used"]
        .as_u64()
        .unwrap_or_default();
    assert!(fuel > 0, "{}", text(&out));
    assert!(fuel <= bound, "spent {fuel}, bound {bound}");
}

#[test]
fn a_budget_makes_check_report_each_rule_over_it() {
    let out = palisade(&[
        "check",
        "--max-collection-len",
        "1000",
        "--max-rule-cost",
        "1000000",
        POLICY,
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let shown = text(&out);
    assert!(shown.contains("[E0509]"), "{shown}");
    assert!(
        shown.contains("rule `ACME-TRIPLES` can cost")
            && shown.contains("rule `ACME-PAIRS` can cost"),
        "{shown}"
    );
    assert!(!shown.contains("rule `ACME-LINEAR` can cost"), "{shown}");
    assert!(
        shown.contains("dominated by items × items × items"),
        "{shown}"
    );
    assert!(shown.contains("over the budget of 1000000"), "{shown}");
    // The same limits with room for two nested loops: only the triple is over.
    let roomy = palisade(&[
        "check",
        "--max-collection-len",
        "1000",
        "--max-rule-cost",
        "100000000",
        POLICY,
    ]);
    let shown = text(&roomy);
    assert_eq!(roomy.status.code(), Some(1), "{shown}");
    assert!(
        shown.contains("`ACME-TRIPLES`") && !shown.contains("`ACME-PAIRS`"),
        "{shown}"
    );
}

#[test]
fn the_budget_of_palisade_toml_applies_to_check() {
    let dir = std::env::temp_dir().join(format!("palisade-cost-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_default();
    std::fs::copy(repo().join(POLICY), dir.join("pairs.pal")).unwrap_or_default();
    std::fs::write(
        dir.join("palisade.toml"),
        "[limits]\nmax_collection_len = 1000\nmax_rule_cost = 1000000\n",
    )
    .unwrap_or_default();
    let out = palisade_in(&dir, &["check", "pairs.pal"]);
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(1), "{shown}");
    assert!(
        shown.contains("[E0509]") && shown.contains("`ACME-TRIPLES`"),
        "{shown}"
    );
    // The command line wins over the file.
    let out = palisade_in(
        &dir,
        &["check", "--max-rule-cost", "100000000000", "pairs.pal"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn scan_and_eval_refuse_a_set_over_the_budget_before_judging() {
    let budget = ["--max-collection-len", "1000", "--max-rule-cost", "1000000"];
    let mut scan = vec!["scan", "--no-stdlib", "--policy", POLICY];
    scan.extend_from_slice(&budget);
    scan.push(ORDER);
    let out = palisade(&scan);
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(2), "{shown}");
    assert!(
        shown.contains("[E0509]") && shown.contains("`ACME-TRIPLES`"),
        "{shown}"
    );
    assert!(
        !shown.contains("three items spell"),
        "nothing judged: {shown}"
    );
    // Leaving the dear rules out brings the set within the budget.
    let mut excluded = scan.clone();
    excluded.extend(["--exclude", "ACME-TRIPLES", "--exclude", "ACME-PAIRS"]);
    let out = palisade(&excluded);
    assert_ne!(out.status.code(), Some(2), "{}", text(&out));

    let mut eval = vec!["eval", "--policy", POLICY, "--input", ORDER];
    eval.extend_from_slice(&budget);
    let out = palisade(&eval);
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(2), "{shown}");
    assert!(shown.contains("[E0509]"), "{shown}");
}
