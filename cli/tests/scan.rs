//! `palisade scan` through the built binary: findings by file with lines and controls, exit
//! codes and `--fail-on`, `--exclude`, parameters from flags and `palisade.toml`, Kubernetes
//! Lists and AdmissionReviews, pod templates, malformed and unreadable files, and SARIF, JSON and
//! JUnit output that parse back.

use serde_json::Value;
use std::path::PathBuf;
use std::process::Output;

const POLICY: &str = r#"package acme.scan

type Container = { name: string, image: string, securityContext?: { privileged?: bool, .. }, ports?: list<{ containerPort: int, hostPort?: int, .. }>, .. }
type Pod = { apiVersion: "v1", kind: "Pod", metadata?: { name?: string, namespace?: string, .. }, spec: { containers: list<Container>, .. }, .. }
type Request = { apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview", request: { userInfo: { username: string, .. }, .. }, .. }
type Deployment = { apiVersion: "apps/v1", kind: "Deployment", metadata?: { namespace?: string, .. }, spec: { template: { spec: { containers: list<Container>, .. }, .. }, .. }, .. }

# Without the standard library, the policy says itself that a Deployment runs pods.
view deployment_pods(d: Deployment) -> Pod {
  yield { apiVersion: "v1", kind: "Pod", metadata: { namespace: d.metadata?.namespace }, spec: d.spec.template.spec } at d.spec.template
}

param registry: string = "ghcr.io"

rule privileged(pod: Pod) {
  meta { id: "ACME-PRIV" title: "Privileged containers" severity: "high" controls: ["cis-k8s:5.2.2", "attack:T1611"] remediation: "Remove privileged." }
  for c in pod.spec.containers {
    if c.securityContext?.privileged ?? false {
      violation "container `{c.name}` runs privileged" at c.securityContext?.privileged
    }
  }
}

rule host_ports(pod: Pod) {
  meta { id: "ACME-HOSTPORT" title: "Host ports" severity: "medium" controls: ["cis-k8s:5.2.12"] }
  for c in pod.spec.containers {
    for p in c.ports ?? [] {
      if (p.hostPort ?? 0) != 0 {
        violation "container `{c.name}` binds host port {p.hostPort ?? 0}" at p.hostPort
      }
    }
  }
}

rule registry_allowed(pod: Pod) {
  meta { id: "ACME-REGISTRY" title: "Images from the allowed registry" severity: "low" }
  for c in pod.spec.containers {
    if (parse_image(c.image)?.registry ?? "") != registry {
      violation "container `{c.name}` pulls from another registry" at c.image
    }
  }
}

rule latest(pod: Pod) {
  meta { id: "ACME-LATEST" title: "No latest tag" severity: "critical" enforcement: "warn" }
  for c in pod.spec.containers {
    if parse_image(c.image)?.tag == "latest" {
      violation "container `{c.name}` uses latest" at c.image
    }
  }
}

rule humans(r: Request) {
  meta { id: "ACME-HUMANS" title: "Only controllers create runs" severity: "high" }
  if not starts_with(r.request.userInfo.username, "system:serviceaccount:") {
    violation "{r.request.userInfo.username} created the object directly" at r.request.userInfo.username
  }
}
"#;

#[path = "runner_support/binary.rs"]
mod binary;
use binary::palisade;

#[expect(clippy::panic, reason = "a test helper fails its test by panicking")]
fn workspace(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("palisade-scan-{}-{name}", std::process::id()));
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

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or(Value::Null)
}

const DEPLOYMENT: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      containers:
        - name: app
          image: ghcr.io/acme/web:1.0
          securityContext:
            privileged: true
";

const LIST: &str = "apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Service
    metadata: { name: web }
  - apiVersion: v1
    kind: Pod
    metadata: { name: proxy }
    spec:
      containers:
        - name: proxy
          image: ghcr.io/acme/proxy:2
          ports:
            - containerPort: 80
              hostPort: 8080
";

const REVIEW: &str = r#"{
  "apiVersion": "admission.k8s.io/v1",
  "kind": "AdmissionReview",
  "request": {
    "userInfo": { "username": "alice" },
    "object": { "apiVersion": "v1", "kind": "Pod", "metadata": { "name": "run" },
                "spec": { "containers": [{ "name": "step", "image": "docker.io/library/alpine:3" }] } }
  }
}
"#;

fn scan_files() -> Vec<(&'static str, &'static str)> {
    vec![
        ("policies/acme.pal", POLICY),
        ("manifests/deployment.yaml", DEPLOYMENT),
        ("manifests/list.yaml", LIST),
        ("manifests/review.json", REVIEW),
        ("manifests/broken.yaml", "apiVersion: v1\nkind: [unclosed\n"),
        ("manifests/notes.txt", "not a manifest"),
    ]
}

#[test]
fn findings_point_at_lines_through_templates_lists_and_reviews() {
    let dir = workspace("findings", &scan_files());
    let out = palisade(
        &dir,
        &[
            "scan",
            "--no-stdlib",
            "-p",
            "policies",
            "manifests",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let report = json(&out);
    let files = report["files"].as_array().cloned().unwrap_or_default();
    assert_eq!(
        files.len(),
        4,
        "only .yaml/.yml/.json files are scanned: {report}"
    );
    let find = |file: &str, rule: &str| -> Value {
        files
            .iter()
            .find(|f| f["file"].as_str().is_some_and(|n| n.ends_with(file)))
            .and_then(|f| {
                f["findings"]
                    .as_array()
                    .and_then(|fs| fs.iter().find(|x| x["rule"] == rule).cloned())
            })
            .unwrap_or(Value::Null)
    };
    let deployment = find("deployment.yaml", "ACME-PRIV");
    assert_eq!(
        deployment["path"],
        "/spec/template/spec/containers/0/securityContext/privileged"
    );
    assert_eq!(deployment["line"], 13);
    assert_eq!(deployment["object"], "Deployment web");
    assert_eq!(
        deployment["controls"],
        serde_json::json!(["cis-k8s:5.2.2", "attack:T1611"])
    );
    let list = find("list.yaml", "ACME-HOSTPORT");
    assert_eq!(list["path"], "/items/1/spec/containers/0/ports/0/hostPort");
    assert_eq!(list["line"], 16);
    let human = find("review.json", "ACME-HUMANS");
    assert_eq!(human["path"], "/request/userInfo/username");
    let pulled = find("review.json", "ACME-REGISTRY");
    assert_eq!(pulled["path"], "/request/object/spec/containers/0/image");
    let broken = find("broken.yaml", "E0400");
    assert_eq!(broken["code"], "E0400");
    assert_eq!(broken["line"], 2);
}

#[test]
fn fail_on_exclude_params_and_config_decide_the_exit_code() {
    let dir = workspace("exit", &scan_files());
    let base = [
        "scan",
        "--no-stdlib",
        "-p",
        "policies",
        "manifests/list.yaml",
    ];
    // The list has a medium finding (host port) and nothing above it.
    let out = palisade(&dir, &base);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("ACME-HOSTPORT [medium] Pod proxy"), "{text}");
    assert!(text.contains("controls: cis-k8s:5.2.12"), "{text}");
    let mut high = base.to_vec();
    high.extend(["--fail-on", "high"]);
    assert_eq!(palisade(&dir, &high).status.code(), Some(0));
    let mut excluded = base.to_vec();
    excluded.extend(["--exclude", "ACME-HOSTPORT"]);
    let out = palisade(&dir, &excluded);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let mut unknown = base.to_vec();
    unknown.extend(["--exclude", "NO-SUCH-RULE"]);
    assert_eq!(palisade(&dir, &unknown).status.code(), Some(2));
    let mut bad = base.to_vec();
    bad.extend(["--fail-on", "urgent"]);
    assert_eq!(palisade(&dir, &bad).status.code(), Some(2));
    // A critical finding of a warn rule never fails the scan.
    let warn = workspace(
        "warn",
        &[
            ("policies/acme.pal", POLICY),
            (
                "pod.yaml",
                "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      image: ghcr.io/acme/a\n",
            ),
        ],
    );
    let out = palisade(
        &warn,
        &["scan", "--no-stdlib", "-p", "policies", "pod.yaml"],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("ACME-LATEST [warn]"));
    // palisade.toml: a parameter moves the registry, an exclusion and a threshold apply.
    std::fs::write(
        dir.join("palisade.toml"),
        "fail_on = \"low\"\nexclude = [\"ACME-HOSTPORT\"]\n\n[params]\n\"acme.scan.registry\" = \"docker.io\"\n",
    )
    .unwrap_or_default();
    let out = palisade(
        &dir,
        &[
            "scan",
            "--no-stdlib",
            "-p",
            "policies",
            "manifests/list.yaml",
            "--format",
            "json",
        ],
    );
    let report = json(&out);
    let rules: Vec<String> = report["files"][0]["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["rule"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(rules, ["ACME-REGISTRY"], "{report}");
    assert_eq!(out.status.code(), Some(1));
    std::fs::write(dir.join("palisade.toml"), "unknown_key = 1\n").unwrap_or_default();
    assert_eq!(palisade(&dir, &base).status.code(), Some(2));
}

#[test]
fn sarif_is_valid_2_1_0_and_junit_parses() {
    let dir = workspace("sarif", &scan_files());
    let out = palisade(
        &dir,
        &[
            "scan",
            "--no-stdlib",
            "-p",
            "policies",
            "manifests",
            "--format",
            "sarif",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let sarif: serde_sarif::sarif::Sarif = serde_json::from_str(&text)
        .unwrap_or_else(|e| unreachable!("SARIF does not parse: {e}\n{text}"));
    let log: Value = serde_json::from_str(&text).unwrap_or_default();
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(sarif.runs.len(), 1);
    let rules: Vec<&str> = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert!(rules.contains(&"ACME-PRIV"), "{rules:?}");
    let results = log["runs"][0]["results"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(results.len() >= 5, "{}", results.len());
    for r in &results {
        let id = r["ruleId"].as_str().unwrap_or("");
        assert!(rules.contains(&id) || id.starts_with('E'), "{r}");
        let line = &r["locations"][0]["physicalLocation"]["region"]["startLine"];
        assert!(line.as_u64().unwrap_or(0) >= 1, "{r}");
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap_or("")));
    }
    let out = palisade(
        &dir,
        &[
            "scan",
            "--no-stdlib",
            "-p",
            "policies",
            "manifests",
            "--format",
            "junit",
        ],
    );
    let xml = String::from_utf8_lossy(&out.stdout).into_owned();
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| unreachable!("{e}\n{xml}"));
    let failures = doc
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .count();
    assert_eq!(failures, results.len(), "{xml}");
}

#[test]
fn sarif_is_written_as_files_come_and_stays_valid_when_empty_or_with_errors() {
    let dir = workspace(
        "sarif-edges",
        &[
            ("empty/.keep", ""),
            (
                "broken/pod.yaml",
                "apiVersion: v1\nkind: Pod\nmetadata: {name: a\n",
            ),
        ],
    );
    let parse = |args: &[&str]| -> Value {
        let out = palisade(&dir, args);
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let typed: Result<serde_sarif::sarif::Sarif, _> = serde_json::from_str(&text);
        assert!(typed.is_ok(), "not SARIF 2.1.0: {typed:?}\n{text}");
        serde_json::from_str(&text).unwrap_or_default()
    };
    let empty = parse(&["scan", "empty", "--format", "sarif"]);
    assert_eq!(empty["runs"][0]["results"], serde_json::json!([]));
    assert_eq!(
        empty["runs"][0]["invocations"][0]["executionSuccessful"],
        true
    );
    // A document that cannot be read is a result under its error code, which has a rule.
    let broken = parse(&["scan", "broken", "--format", "sarif"]);
    let run = &broken["runs"][0];
    assert_eq!(run["results"][0]["ruleId"], "E0400", "{run}");
    let rules = run["tool"]["driver"]["rules"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(rules.iter().any(|r| r["id"] == "E0400"), "{run}");
}

#[test]
fn policies_that_do_not_compile_and_missing_paths_exit_2() {
    let dir = workspace(
        "errors",
        &[
            ("policies/bad.pal", "package bad\nlet x: int = \"a\"\n"),
            ("pod.yaml", DEPLOYMENT),
        ],
    );
    let out = palisade(&dir, &["scan", "--no-stdlib", "-p", "policies", "pod.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("E0300"));
    let out = palisade(
        &dir,
        &["scan", "--no-stdlib", "-p", "policies", "missing.yaml"],
    );
    assert_eq!(out.status.code(), Some(2));
}

/// Reports are written a file at a time as workers finish, yet in the order of the paths, and
/// the streamed JSON and human reports agree with each other on every file and finding.
#[test]
fn many_files_are_reported_in_path_order() {
    let files: Vec<(String, String)> = (0..300)
        .map(|i| {
            // Every third pod is privileged; the others are clean, so findings are sparse.
            let privileged = i % 3 == 0;
            let pod = format!(
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p{i}\nspec:\n  containers:\n  \
                 - name: c\n    image: ghcr.io/a/b:1\n    securityContext:\n      privileged: {privileged}\n"
            );
            (format!("m/{i:04}.yaml"), pod)
        })
        .collect();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let mut with_policy = refs.clone();
    with_policy.push(("policies/acme.pal", POLICY));
    let dir = workspace("many", &with_policy);
    let args = ["scan", "--no-stdlib", "-p", "policies", "m", "--format"];
    let out = palisade(&dir, &[&args[..], &["json"]].concat());
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    let names: Vec<&str> = report["files"]
        .as_array()
        .map(|a| a.iter().filter_map(|f| f["file"].as_str()).collect())
        .unwrap_or_default();
    let expected: Vec<String> = (0..300).map(|i| format!("m/{i:04}.yaml")).collect();
    assert_eq!(names, expected);
    assert_eq!(report["findings"], 100, "one finding per privileged pod");
    let privileged: Vec<bool> = report["files"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| f["findings"].as_array().is_some_and(|x| !x.is_empty()))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        privileged,
        (0..300).map(|i| i % 3 == 0).collect::<Vec<_>>(),
        "each file's findings stay with it"
    );
    let human = palisade(&dir, &[&args[..], &["human"]].concat());
    let text = String::from_utf8_lossy(&human.stdout);
    let headers: Vec<&str> = text.lines().filter(|l| l.starts_with("m/")).collect();
    let expected: Vec<String> = (0..300)
        .step_by(3)
        .map(|i| format!("m/{i:04}.yaml"))
        .collect();
    assert_eq!(headers, expected);
    assert!(
        text.ends_with("scanned 300 files (300 objects): 100 findings, 100 at or above `info`\n"),
        "{}",
        text.lines().last().unwrap_or_default()
    );
}

#[test]
fn schemas_named_in_palisade_toml_are_types_for_the_policies() {
    let schema = r#"{"type": "object", "required": ["kind", "size"],
      "properties": {"kind": {"const": "Widget"}, "size": {"type": "integer"}}}"#;
    let policy = "package acme.widgets\n\nimport acme.crds\n\nrule small(w: crds.Widget) {\n  meta {\n    id: \"ACME-SMALL\"\n    title: \"Widgets are small\"\n    severity: \"high\"\n  }\n  if w.size > 10 {\n    violation \"widget of size {w.size}\" at w.size\n  }\n}\n";
    let dir = workspace(
        "schemas",
        &[
            (
                "palisade.toml",
                "[schemas]\n\"acme.crds.Widget\" = \"schemas/widget.json\"\n",
            ),
            ("schemas/widget.json", schema),
            ("policies/widgets.pal", policy),
            ("big.yaml", "kind: Widget\nsize: 12\n"),
        ],
    );
    let out = palisade(
        &dir,
        &[
            "scan",
            "--no-stdlib",
            "-p",
            "policies",
            "--format",
            "json",
            "big.yaml",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let report = json(&out);
    let text = report.to_string();
    assert!(
        text.contains("ACME-SMALL") && text.contains("/size"),
        "{text}"
    );
    // A schema file that is missing is an error that names it.
    std::fs::remove_file(dir.join("schemas/widget.json")).unwrap_or_default();
    let out = palisade(&dir, &["scan", "--no-stdlib", "-p", "policies", "big.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("widget.json"),
        "{out:?}"
    );
}
