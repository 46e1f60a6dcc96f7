//! `palisade eval` through the built binary: exit codes (0 allowed, 1 denied, 2 errors), the JSON
//! report, human output with the offending input line, stdin, parameters, data and fuel.

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const POLICY: &str = r#"package acme.pods

type Container = { name: string, image: string, securityContext?: { privileged?: bool, .. }, .. }
type Pod = { apiVersion: "v1", kind: "Pod", spec: { containers: list<Container>, .. }, .. }

param allowed_registries: list<string> = ["ghcr.io", "docker.io"]
data exempt: list<string>

rule privileged(pod: Pod) {
  meta {
    id: "ACME-PRIV"
    title: "Privileged containers"
    severity: "high"
    controls: ["cis-k8s:5.2.2", "attack:T1611"]
    remediation: "Remove securityContext.privileged."
  }
  for c in pod.spec.containers {
    if c.securityContext?.privileged ?? false {
      violation "container `{c.name}` runs privileged" at c.securityContext?.privileged
    }
  }
}

rule registry(pod: Pod) {
  meta { id: "ACME-REGISTRY" title: "Allowed registries" severity: "medium" enforcement: "warn" }
  for c in pod.spec.containers {
    if (parse_image(c.image)?.registry ?? "") not in allowed_registries {
      violation "container `{c.name}` pulls from an unknown registry" at c.image
    }
  }
}

rule exemptions(pod: Pod) {
  meta { id: "ACME-EXEMPT" title: "Exempt images are listed" severity: "low" enforcement: "warn" }
  for c in pod.spec.containers {
    if c.image in exempt {
      violation "container `{c.name}` is exempt" at c.image
    }
  }
}
"#;

const PODS: &str = "apiVersion: v1
kind: Pod
metadata:
  name: bad
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        privileged: true
---
apiVersion: v1
kind: Pod
metadata:
  name: good
spec:
  containers:
    - name: app
      image: ghcr.io/acme/app:1.0
";

#[expect(clippy::panic, reason = "a test helper fails its test by panicking")]
fn run(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_palisade"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run palisade: {e}"));
    if let Some(mut pipe) = child.stdin.take() {
        let _ = pipe.write_all(stdin.unwrap_or_default().as_bytes());
    }
    child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("palisade did not finish: {e}"))
}

#[expect(clippy::panic, reason = "a test helper fails its test by panicking")]
fn workspace(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("palisade-eval-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    for (file, text) in files {
        std::fs::write(dir.join(file), text).unwrap_or_else(|e| panic!("{e}"));
    }
    dir
}

#[expect(clippy::panic, reason = "a test helper fails its test by panicking")]
fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

fn path(dir: &Path, file: &str) -> String {
    dir.join(file).display().to_string()
}

#[test]
fn a_denied_document_exits_1_and_shows_the_offending_line() {
    let dir = workspace(
        "denied",
        &[
            ("pods.pal", POLICY),
            ("pods.yaml", PODS),
            ("exempt.json", "[]"),
        ],
    );
    let policy = path(&dir, "pods.pal");
    let input = path(&dir, "pods.yaml");
    let data = format!("acme.pods.exempt={}", path(&dir, "exempt.json"));
    let out = run(
        &[
            "eval", "--policy", &policy, "--input", &input, "--data", &data,
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout).replace(&input, "pods.yaml");
    insta::assert_snapshot!("eval_human_denied", text);
    assert!(text.contains("   10 |         privileged: true"), "{text}");
    assert!(
        text.trim_end()
            .ends_with("2 documents: 1 allowed, 1 denied")
    );
}

#[test]
fn json_report_lists_every_document() {
    let dir = workspace(
        "json",
        &[("pods.pal", POLICY), ("exempt.json", "[\"nginx:1.27\"]")],
    );
    let policy = path(&dir, "pods.pal");
    let data = format!("acme.pods.exempt={}", path(&dir, "exempt.json"));
    let out = run(
        &["eval", "-p", &policy, "--format", "json", "--data", &data],
        Some(PODS),
    );
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    assert_eq!(report["allowed"], 1);
    assert_eq!(report["denied"], 1);
    let first = &report["results"][0];
    assert_eq!(first["file"], "<stdin>");
    assert_eq!(first["document"], 0);
    assert_eq!(first["decision"]["decision"], "denied");
    let rules = first["decision"]["rules"].as_array().expect("rules");
    let privileged = rules.iter().find(|r| r["id"] == "ACME-PRIV").expect("rule");
    assert_eq!(
        privileged["violations"][0]["path"],
        "/spec/containers/0/securityContext/privileged"
    );
    assert_eq!(privileged["violations"][0]["line"], 10);
    let exempt = rules
        .iter()
        .find(|r| r["id"] == "ACME-EXEMPT")
        .expect("rule");
    assert_eq!(
        exempt["status"], "fail",
        "a warn rule reports but does not deny"
    );
    assert_eq!(
        report["results"][1]["line"], 11,
        "the second document starts at its `---`"
    );
}

#[test]
fn an_allowed_document_exits_0_and_parameters_change_decisions() {
    let dir = workspace(
        "allowed",
        &[("pods.pal", POLICY), ("exempt.yaml", "- none\n")],
    );
    let policy = path(&dir, "pods.pal");
    let data = format!("acme.pods.exempt={}", path(&dir, "exempt.yaml"));
    let good = PODS.split("---\n").nth(1).unwrap_or_default();
    let args = [
        "eval",
        "-p",
        &policy,
        "--data",
        &data,
        "-e",
        "acme.pods.registry",
    ];
    let out = run(&args, Some(good));
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    // Only docker.io allowed: the registry rule fails, but it only warns.
    let mut narrow = args.to_vec();
    narrow.extend([
        "--param",
        "acme.pods.allowed_registries=[\"docker.io\"]",
        "--format",
        "json",
    ]);
    let out = run(&narrow, Some(good));
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let report = json(&out);
    let rules = &report["results"][0]["decision"]["rules"];
    assert_eq!(
        rules.as_array().map(Vec::len),
        Some(1),
        "only the entrypoint ran"
    );
    assert_eq!(rules[0]["status"], "fail");
    // A parameter value of the wrong type fails closed.
    let mut wrong = args.to_vec();
    wrong.extend([
        "--param",
        "acme.pods.allowed_registries=42",
        "--format",
        "json",
    ]);
    let out = run(&wrong, Some(good));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        json(&out)["results"][0]["decision"]["errors"][0]["code"],
        "E0500"
    );
}

#[test]
fn missing_data_and_exhausted_fuel_fail_closed() {
    let dir = workspace("closed", &[("pods.pal", POLICY)]);
    let policy = path(&dir, "pods.pal");
    let out = run(&["eval", "-p", &policy, "--format", "json"], Some(PODS));
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    // The exemptions rule cannot run without its data; it only warns, so its error is
    // reported without denying the good pod.
    assert_eq!(report["denied"], 1);
    let good = &report["results"][1]["decision"];
    assert_eq!(good["decision"], "allowed");
    assert_eq!(good["errors"][0]["code"], "E0505");
    assert_eq!(good["errors"][0]["rule"], "ACME-EXEMPT");
    let out = run(
        &[
            "eval",
            "-p",
            &policy,
            "--format",
            "json",
            "--fuel",
            "5",
            "-e",
            "ACME-PRIV",
        ],
        Some(PODS),
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        json(&out)["results"][1]["decision"]["errors"][0]["code"],
        "E0503"
    );
}

#[test]
fn malformed_documents_are_denied_and_the_others_evaluated() {
    let dir = workspace("malformed", &[("pods.pal", POLICY)]);
    let policy = path(&dir, "pods.pal");
    let input = format!(
        "{}---\nkind: [unclosed\n",
        PODS.split("---\n").nth(1).unwrap_or_default()
    );
    let out = run(
        &["eval", "-p", &policy, "-e", "ACME-PRIV", "--format", "json"],
        Some(&input),
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let report = json(&out);
    assert_eq!(report["allowed"], 1);
    assert_eq!(report["denied"], 1);
    assert_eq!(
        report["results"][1]["decision"]["errors"][0]["code"],
        "E0400"
    );
}

#[test]
fn usage_and_compile_errors_exit_2() {
    let dir = workspace(
        "errors",
        &[
            ("pods.pal", POLICY),
            ("broken.pal", "package broken\nlet x: int = \"a\"\n"),
        ],
    );
    let policy = path(&dir, "pods.pal");
    // An entrypoint that names no rule lists the rules.
    let out = run(&["eval", "-p", &policy, "-e", "acme.pods.nope"], Some(PODS));
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("acme.pods.privileged"), "{err}");
    // A missing input file.
    let out = run(
        &["eval", "-p", &policy, "-i", "/nonexistent/input.yaml"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    // A policy set with type errors: diagnostics on stderr, nothing on stdout.
    let broken = path(&dir, "broken.pal");
    let out = run(&["eval", "-p", &broken], Some(PODS));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("E0300"));
    assert!(out.stdout.is_empty());
    // A malformed parameter.
    let out = run(&["eval", "-p", &policy, "--param", "noequals"], Some(PODS));
    assert_eq!(out.status.code(), Some(2));
}
