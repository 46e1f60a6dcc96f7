//! `palisade scan` of a repository's GitHub Actions through the built binary, as a CI job runs
//! it: `.github/workflows` is searched (other hidden directories are not), workflows and
//! composite actions are judged at the lines of the steps, scripts and expressions, a broken
//! or misplaced workflow is reported with its line and code while the others are still judged,
//! and other YAML is judged as before.

#![allow(
    clippy::indexing_slicing,
    reason = "serde_json indexing reads Null when absent"
)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

#[path = "runner_support/binary.rs"]
mod binary;
use binary::palisade;

#[expect(clippy::panic, reason = "a test helper fails its test by panicking")]
fn workspace(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("palisade-gha-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (file, text) in files {
        let path = dir.join(file);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    }
    dir
}

/// `(file, rule, line)` of every finding of a JSON report.
fn findings(out: &Output) -> Vec<(String, String, u64)> {
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    let mut found = Vec::new();
    for file in report["files"].as_array().into_iter().flatten() {
        for f in file["findings"].as_array().into_iter().flatten() {
            found.push((
                file["file"].as_str().unwrap_or_default().to_owned(),
                f["rule"].as_str().unwrap_or_default().to_owned(),
                f["line"].as_u64().unwrap_or_default(),
            ));
        }
    }
    found
}

fn has(found: &[(String, String, u64)], file: &str, rule: &str, line: u64) -> bool {
    found
        .iter()
        .any(|(f, r, l)| f.ends_with(file) && r == rule && *l == line)
}

const TRIAGE: &str = "\
name: Triage
on:
  issues:
    types: [opened]
permissions:
  issues: write
jobs:
  label:
    runs-on: ubuntu-24.04
    steps:
      - name: Label
        run: |
          set -eu
          echo \"New issue: ${{ github.event.issue.title }}\"
      - uses: ./.github/actions/notify
";

const NOTIFY: &str = "\
name: Notify
description: Posts to the team's chat
runs:
  using: composite
  steps:
    - uses: acme/chat-notify@v2
      with:
        channel: triage
";

#[test]
fn workflows_and_actions_in_github_are_judged_at_their_lines() {
    let dir = workspace(
        "repo",
        &[
            (".github/workflows/triage.yml", TRIAGE),
            (".github/actions/notify/action.yml", NOTIFY),
            (".cache/workflows/old.yml", TRIAGE),
            // Other settings under .github are not judged (no rule is about them).
            (".github/dependabot.yml", "version: 2\nupdates: []\n"),
            (".github/ISSUE_TEMPLATE/bug.yml", "name: Bug\nbody: []\n"),
            (
                "k8s/pod.yaml",
                "apiVersion: v1\nkind: Pod\nmetadata: { name: web }\nspec:\n  containers: [{ name: app, image: nginx }]\n",
            ),
        ],
    );
    let out = palisade(&dir, &["scan", ".", "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let found = findings(&out);
    // The expression's own line inside the block script.
    assert!(
        has(&found, "triage.yml", "GHA-TEMPLATE-INJECTION", 14),
        "{found:?}"
    );
    // The composite action's step, through the view, at its `uses:`.
    assert!(
        has(&found, "notify/action.yml", "GHA-UNPINNED-USES", 6),
        "{found:?}"
    );
    // A local action is part of the repository: not an unpinned reference.
    assert!(
        !has(&found, "triage.yml", "GHA-UNPINNED-USES", 15),
        "{found:?}"
    );
    // Other hidden directories stay out; other YAML is judged as before.
    assert!(
        !found.iter().any(|(f, ..)| f.contains(".cache")),
        "{found:?}"
    );
    let strict = palisade(
        &dir,
        &["scan", ".github", "--deny-unjudged", "--format", "json"],
    );
    let strict = findings(&strict);
    assert!(
        !strict
            .iter()
            .any(|(f, ..)| f.contains("dependabot") || f.contains("ISSUE_TEMPLATE")),
        "{strict:?}"
    );
    assert!(
        found
            .iter()
            .any(|(f, r, _)| f.ends_with("pod.yaml") && r.starts_with("PSS-")),
        "{found:?}"
    );
    let human = palisade(&dir, &["scan", ".github"]);
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(
        text.contains(".github/workflows/triage.yml:14 GHA-TEMPLATE-INJECTION [high] GitHubWorkflow Triage — job `label`, step 1 `Label`"),
        "{text}"
    );
}

#[test]
fn broken_and_misplaced_workflows_are_reported_and_the_others_judged() {
    let dir = workspace(
        "broken",
        &[
            (".github/workflows/triage.yml", TRIAGE),
            (
                ".github/workflows/broken.yml",
                "on: push\njobs:\n  build:\n    steps: [\n",
            ),
            (
                ".github/workflows/notes.yml",
                "# not a workflow\ntitle: release notes\nitems: [a, b]\n",
            ),
        ],
    );
    let out = palisade(&dir, &["scan", ".", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let found = findings(&out);
    assert!(
        found
            .iter()
            .any(|(f, r, l)| f.ends_with("broken.yml") && r == "E0400" && *l >= 4),
        "{found:?}"
    );
    assert!(has(&found, "notes.yml", "E0400", 2), "{found:?}");
    assert!(
        has(&found, "triage.yml", "GHA-TEMPLATE-INJECTION", 14),
        "{found:?}"
    );
    let human = palisade(&dir, &["scan", ".github/workflows/notes.yml"]);
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(
        text.contains("a workflow needs `on:` (its triggers) and `jobs:` at its top level"),
        "{text}"
    );
}

/// The project's own GitHub Action is read as a composite action and passes its own rules.
#[test]
fn the_projects_action_passes_its_own_rules() {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
    let out = palisade(
        root,
        &[
            "scan",
            "integrations/github-action/action.yml",
            "--format",
            "json",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    assert_eq!(report["files"][0]["documents"], 1, "{report}");
    assert!(findings(&out).is_empty());
    // It is judged as an action, through the view that gives its steps to the step rules:
    // an unpinned action in a copy of it is found at its line.
    let text = std::fs::read_to_string(root.join("integrations/github-action/action.yml"))
        .unwrap_or_default();
    let pinned = "actions/cache@5a3ec84eff668545956fd18022155c47e93e2684";
    assert!(text.contains(pinned));
    let line = text
        .lines()
        .position(|l| l.contains(pinned))
        .map_or(0, |i| i as u64 + 1);
    let dir = workspace(
        "own-action",
        &[("action.yml", &text.replace(pinned, "actions/cache@v4"))],
    );
    let out = palisade(&dir, &["scan", "action.yml", "--format", "json"]);
    assert!(
        has(&findings(&out), "action.yml", "GHA-UNPINNED-USES", line),
        "{:?}",
        findings(&out)
    );
}
