//! The GitHub Actions reader as a scan meets it: workflows and actions in the many ways YAML
//! lets them be written, normalised to one shape with the right lines; other YAML left alone;
//! files in `.github/workflows` that are not workflows reported; hostile inputs bounded.

#![allow(
    clippy::indexing_slicing,
    reason = "serde_json indexing reads Null when absent"
)]

use palisade::InputLimits;
use palisade_formats::github::read;
use serde_json::{Value, json};

fn doc(text: &str) -> (Value, palisade::Document) {
    let (mut docs, errors) = read(
        ".github/workflows/ci.yml",
        text.as_bytes(),
        &InputLimits::default(),
    );
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(docs.len(), 1);
    let d = docs.remove(0);
    (d.value.to_json(), d)
}

#[test]
fn triggers_in_every_spelling() {
    let events = |v: &Value| -> Vec<String> {
        v["triggers"]
            .as_array()
            .unwrap_or(&Vec::new())
            .iter()
            .map(|t| t["event"].as_str().unwrap_or("").to_owned())
            .collect()
    };
    let (v, _) = doc("on: push\njobs: {}\n");
    assert_eq!(events(&v), ["push"]);
    let (v, _) = doc("on: [push, pull_request]\njobs: {}\n");
    assert_eq!(events(&v), ["push", "pull_request"]);
    // Events with nothing after them are triggers all the same.
    let text = "\
on:
  pull_request_target:
  workflow_run:
    workflows: [CI]
    types: [completed]
  push:
    branches: [main]
    tags: 'v*'
  workflow_dispatch:
    inputs:
      version:
        required: true
      dry-run:
jobs: {}
";
    let (v, d) = doc(text);
    assert_eq!(
        events(&v),
        [
            "pull_request_target",
            "push",
            "workflow_dispatch",
            "workflow_run"
        ]
    );
    assert_eq!(v["triggers"][1]["tags"], json!(["v*"]));
    assert_eq!(v["triggers"][2]["inputs"], json!(["dry-run", "version"]));
    assert_eq!(v["triggers"][3]["workflows"], json!(["CI"]));
    assert_eq!(v["triggers"][3]["types"], json!(["completed"]));
    assert_eq!(d.line_of("/triggers/0"), 2);
    assert_eq!(d.line_of("/triggers/3"), 3);
}

#[test]
fn permissions_runners_containers_and_reusable_calls() {
    let text = "\
on: push
permissions: write-all
jobs:
  empty:
    permissions: {}
    runs-on: ubuntu-latest
    steps: []
  scoped:
    permissions:
      contents: read
      id-token: write
    runs-on:
      group: large
      labels: [self-hosted, linux]
    container: node:20
    services:
      db:
        image: postgres:16
        credentials:
          username: admin
          password: ${{ secrets.DB_PASSWORD }}
    steps: []
  call:
    uses: octo/ci/.github/workflows/build.yml@v1
    with:
      level: 3
    secrets: inherit
";
    let (v, d) = doc(text);
    assert_eq!(v["permissions"]["all"], "write-all");
    let jobs = &v["jobs"];
    assert_eq!(jobs[0]["id"], "call");
    assert_eq!(jobs[0]["secrets_inherit"], true);
    assert_eq!(jobs[0]["uses"]["path"], ".github/workflows/build.yml");
    assert_eq!(
        jobs[0]["with"][0],
        json!({"name": "level", "value": "3", "line": 26, "expressions": []})
    );
    assert_eq!(jobs[1]["permissions"]["scopes"], json!([]));
    assert_eq!(jobs[1]["runs_on"], json!(["ubuntu-latest"]));
    let scoped = &jobs[2];
    assert_eq!(
        scoped["permissions"]["scopes"][1],
        json!({"name": "id-token", "level": "write", "line": 11})
    );
    assert_eq!(scoped["runs_on"], json!(["self-hosted", "linux"]));
    assert_eq!(scoped["runner_group"], "large");
    assert_eq!(scoped["container"]["image"], "node:20");
    let db = &scoped["services"][0];
    assert_eq!(
        (&db["name"], &db["image"]),
        (&json!("db"), &json!("postgres:16"))
    );
    assert_eq!(
        db["password"]["expressions"][0]["contexts"],
        json!(["secrets.db_password"])
    );
    assert_eq!(d.line_of("/jobs/2/services/0/password"), 21);
}

#[test]
fn scripts_expressions_and_their_lines() {
    let text = "\
on: issue_comment
jobs:
  reply:
    runs-on: ubuntu-latest
    steps:
      - name: Echo
        run: echo \"${{ github.event.comment.body }}\"
      - run: |
          set -eu
          title=\"${{ github.event.issue.title }}\"
          curl -fsSL https://example.com/install.sh | bash
        env:
          BODY: ${{ github.event.issue.body }}
      - uses: actions/github-script@60a0d83039c74a4aee543508d2ffcb1c3799cdea
        with:
          script: |
            console.log(`${{ github.head_ref }}`)
";
    let (v, d) = doc(text);
    let steps = &v["jobs"][0]["steps"];
    assert_eq!(steps[0]["run"]["expressions"][0]["line"], 7);
    let block = &steps[1]["run"];
    assert_eq!(block["line"], 8);
    assert_eq!(block["expressions"][0]["line"], 10);
    assert_eq!(
        block["expressions"][0]["contexts"],
        json!(["github.event.issue.title"])
    );
    assert_eq!(block["commands"][1]["program"], "curl");
    assert_eq!(block["commands"][1]["pipe_to"], "bash");
    assert_eq!(block["commands"][1]["line"], 11);
    assert_eq!(steps[1]["env"][0]["expressions"][0]["line"], 13);
    assert_eq!(steps[2]["uses"]["pinned"], true);
    assert_eq!(steps[2]["with"][0]["expressions"][0]["line"], 17);
    assert_eq!(d.line_of("/jobs/0/steps/1/run/expressions/0"), 10);
}

#[test]
fn composite_actions() {
    let text = "\
name: Setup
description: Installs the toolchain
inputs:
  version:
    default: '1.0'
runs:
  using: composite
  steps:
    - uses: actions/cache@v4
      with: { path: ~/.cache, key: k }
    - run: echo ${{ inputs.version }}
      shell: bash
";
    let (mut docs, errors) = read("action.yml", text.as_bytes(), &InputLimits::default());
    assert!(errors.is_empty(), "{errors:?}");
    let v = docs.remove(0).value.to_json();
    assert_eq!(v["kind"], "GitHubAction");
    assert_eq!(v["using"], "composite");
    assert_eq!(v["inputs"], json!(["version"]));
    assert_eq!(v["steps"][1]["shell"], "bash");
    assert_eq!(
        v["steps"][1]["run"]["expressions"][0]["contexts"],
        json!(["inputs.version"])
    );
}

#[test]
fn other_yaml_is_left_alone_but_not_in_the_workflows_directory() {
    let pod = b"apiVersion: v1\nkind: Pod\nmetadata: { name: web }\n";
    let (docs, errors) = read("k8s/pod.yaml", pod, &InputLimits::default());
    assert!(errors.is_empty());
    assert_eq!(docs[0].value.to_json()["kind"], "Pod");
    let (docs, errors) = read(".github/workflows/pod.yml", pod, &InputLimits::default());
    assert!(docs.is_empty());
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code.as_str(), "E0400");
    assert_eq!(errors[0].line, 1);
    // A syntax error keeps the YAML reader's own code and line.
    let (docs, errors) = read(
        ".github/workflows/bad.yml",
        b"on: push\njobs:\n  a: [\n",
        &InputLimits::default(),
    );
    assert!(docs.is_empty());
    assert_eq!(errors.len(), 1);
    assert!(errors[0].line >= 3, "{errors:?}");
}

#[test]
fn hostile_inputs_stay_bounded() {
    // A 10 MB single-line script made of expressions.
    let line = "${{ github.event.issue.title }}".repeat(330_000);
    let text =
        format!("on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: \"{line}\"\n");
    let (docs, errors) = read("ci.yml", text.as_bytes(), &InputLimits::default());
    // Longer than one string may be: refused with the limit's code, not a panic.
    assert!(docs.is_empty());
    assert_eq!(errors[0].code.as_str(), "E0404", "{errors:?}");
    // More expressions than one list may hold.
    let many = "${{x}}".repeat(100_001);
    let text =
        format!("on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: '{many}'\n");
    let (docs, errors) = read("ci.yml", text.as_bytes(), &InputLimits::default());
    assert!(docs.is_empty());
    assert_eq!(errors[0].code.as_str(), "E0403", "{errors:?}");
    assert_eq!(errors[0].line, 6, "{errors:?}");
    // Deeply nested expression text and an unclosed one.
    let deep = format!("{}{}", "${{ (".repeat(100_000), "}}");
    let text =
        format!("on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: '{deep}'\n");
    let (docs, errors) = read("ci.yml", text.as_bytes(), &InputLimits::default());
    assert!(errors.is_empty());
    assert_eq!(
        docs[0].value.to_json()["jobs"][0]["steps"][0]["run"]["expressions"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    // 20,000 steps are read in full; 100,000 make more nodes, once normalised, than a
    // document may hold: refused with the limit's code and the line where it was reached.
    let steps = |n: usize| {
        let mut text = String::from("on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n");
        for i in 0..n {
            text.push_str(&format!("      - run: echo {i}\n"));
        }
        read("ci.yml", text.as_bytes(), &InputLimits::default())
    };
    let (docs, errors) = steps(20_000);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(docs[0].line_of("/jobs/0/steps/19999"), 20_005);
    let (docs, errors) = steps(100_000);
    assert!(docs.is_empty());
    assert_eq!(errors[0].code.as_str(), "E0402", "{errors:?}");
    assert!(errors[0].line > 5, "{errors:?}");
}

#[test]
fn the_workflows_directory() {
    use palisade_formats::github::in_workflows_dir;
    for yes in [
        ".github/workflows/ci.yml",
        "repo/.github/workflows/release.yaml",
        "C:\\repo\\.github\\workflows\\ci.yml",
    ] {
        assert!(in_workflows_dir(yes), "{yes}");
    }
    for no in [
        "ci.yml",
        "workflows/ci.yml",
        ".github/ci.yml",
        ".github/workflows/nested/ci.yml",
        ".github/workflows/README.md",
        ".github/actions/setup/action.yml",
    ] {
        assert!(!in_workflows_dir(no), "{no}");
    }
}

#[test]
fn expression_lines_in_every_scalar_style() {
    let text = "\
on: issue_comment
jobs:
  a:
    runs-on: x
    steps:
      - run: echo one
          ${{ github.event.comment.body }}
      - run: \"echo two
          ${{ github.head_ref }}\"
      - run: >-
          echo three

          ${{ github.event.issue.title }}
      - run: |
          echo four
          ${{ github.event.issue.body }}
";
    let (v, _) = doc(text);
    let line = |step: usize| v["jobs"][0]["steps"][step]["run"]["expressions"][0]["line"].clone();
    assert_eq!(line(0), 7);
    assert_eq!(line(1), 9);
    assert_eq!(line(2), 13);
    assert_eq!(line(3), 16);
    // JSON: `\n` escapes are not the file's lines.
    let json = r#"{"on": "push", "jobs": {"a": {"runs-on": "x", "steps": [
  {"run": "echo\n\n\n${{ github.head_ref }}\n${{ github.head_ref }}"}]}}}
"#;
    let (v, _) = doc(json);
    let exprs = &v["jobs"][0]["steps"][0]["run"]["expressions"];
    assert_eq!(
        (exprs[0]["line"].clone(), exprs[1]["line"].clone()),
        (json!(2), json!(2))
    );
    assert!(v["jobs"][0]["steps"][0]["run"]["commands"][0]["line"].as_u64() <= Some(3));
}

/// Found by the `github` fuzz target: a plain scalar that ends in ` |` (`run: re |`) on the
/// last line was taken for a block scalar, whose text starts on the next line, a line past
/// the input's end.
#[test]
fn a_plain_run_ending_in_a_bar_is_not_a_block_scalar() {
    let text = "name: Build info\n\non:\n  push\n\njobs:\n  info:\n    runs-on: ubuntu-latest\n    steps:\n      - run: re |";
    let (json, d) = doc(text);
    assert_eq!(json["jobs"][0]["steps"][0]["run"]["text"], "re |");
    for pointer in ["/jobs/0/steps/0/run", "/jobs/0/steps/0/run/expressions/0"] {
        assert_eq!(d.line_of(pointer), 10, "{pointer}");
    }
    // A real block scalar still starts on the next line, after an anchor or a tag too.
    for key_line in [
        "      - run: |",
        "      - run: &script |-",
        "      - run: !!str >",
    ] {
        let text = format!(
            "on: push\njobs:\n  b:\n    runs-on: x\n    steps:\n{key_line}\n          make all\n"
        );
        let (json, d) = doc(&text);
        assert_eq!(
            json["jobs"][0]["steps"][0]["run"]["text"]
                .as_str()
                .map(str::trim),
            Some("make all"),
            "{key_line}"
        );
        assert_eq!(d.line_of("/jobs/0/steps/0/run/commands/0"), 7, "{key_line}");
    }
}
