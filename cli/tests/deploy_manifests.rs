//! The deployment files under `deploy/`, checked with the built `palisade`: the manifests pass
//! the standard library at the Pod Security restricted level, with the webhook's own
//! `palisade.toml`, which refuses only at high severity; the webhook fails closed, is sent
//! ephemeral containers and calls `POST /validate`; the Deployment runs `palisade serve` with
//! its TLS files, settings, timeouts shorter than the webhook's, probes on the plain operations
//! port and time to shut down; the NetworkPolicy allows no egress and keeps that port to the
//! metrics namespaces; cert-manager writes the secret the Deployment mounts; every flag passed
//! is one `palisade serve --help` lists (the server is never started). The structural checks
//! are the rules of `fixtures/deploy/manifests.pal`, run with `palisade eval --deny-unjudged`;
//! each is also shown to fail on a broken copy, so none passes by not applying.

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const IMAGE: &str = "image: ghcr.io/palisade-policy/palisade:0.1.0";
const EVAL: &str = "eval --policy cli/tests/fixtures/deploy/manifests.pal --input - \
                    --data deploy.manifests.webhook=deploy/kubernetes/base/webhook.yaml \
                    --deny-unjudged --format json";
const EXCLUDED: &str = r#"["palisade-system", "kube-system"]"#;

fn root() -> Result<PathBuf, String> {
    let cli = Path::new(env!("CARGO_MANIFEST_DIR"));
    Ok(cli.parent().ok_or("no repository root")?.to_path_buf())
}

fn read(path: &str) -> Result<String, String> {
    std::fs::read_to_string(root()?.join(path)).map_err(|e| format!("{path}: {e}"))
}

/// Runs `palisade` from the repository root with `stdin` as its input; gives its exit status
/// and standard output (its standard error when it printed nothing).
fn palisade(args: &[&str], stdin: &str) -> Result<(Option<i32>, String), String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_palisade"))
        .args(args)
        .current_dir(root()?)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run palisade: {e}"))?;
    let mut pipe = child.stdin.take().ok_or("no standard input")?;
    pipe.write_all(stdin.as_bytes())
        .map_err(|e| e.to_string())?;
    drop(pipe);
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    let text = if out.stdout.is_empty() {
        out.stderr
    } else {
        out.stdout
    };
    Ok((
        out.status.code(),
        String::from_utf8_lossy(&text).into_owned(),
    ))
}

fn json(text: &str) -> Result<Value, String> {
    serde_json::from_str(text).map_err(|e| format!("not JSON ({e}): {text}"))
}

/// The `palisade.toml` the ConfigMap gives the server: the block under `palisade.toml: |`.
fn shipped_config() -> Result<String, String> {
    let configmap = read("deploy/kubernetes/base/configmap.yaml")?;
    let (_, block) = configmap
        .split_once("palisade.toml: |\n")
        .ok_or("the ConfigMap has no palisade.toml")?;
    let indented = block
        .lines()
        .take_while(|l| l.is_empty() || l.starts_with("    "));
    let lines: Vec<&str> = indented.map(|l| l.get(4..).unwrap_or("")).collect();
    Ok(lines.join("\n") + "\n")
}

/// A copy of `deploy/kubernetes` in a fresh temporary folder, each file's text passed through
/// `edit`, with the shipped `palisade.toml` beside it; removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str, edit: &dyn Fn(String) -> String) -> Result<Scratch, String> {
        let dir = std::env::temp_dir().join(format!("palisade-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let scratch = Scratch(dir);
        copy_tree(&root()?.join("deploy/kubernetes"), &scratch.0, edit)?;
        let config = scratch.0.join("palisade.toml");
        std::fs::write(config, shipped_config()?).map_err(|e| e.to_string())?;
        Ok(scratch)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn copy_tree(from: &Path, to: &Path, edit: &dyn Fn(String) -> String) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| e.to_string())?;
    for entry in std::fs::read_dir(from).map_err(|e| e.to_string())? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let target = to.join(path.file_name().ok_or("a nameless file")?);
        if path.is_dir() {
            copy_tree(&path, &target, edit)?;
        } else {
            let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
            std::fs::write(&target, edit(text)).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

/// The image pinned by digest, as production deploys it.
fn pin_by_digest(text: String) -> String {
    let digest = "0123456789abcdef".repeat(4);
    text.replace(IMAGE, &format!("{IMAGE}@sha256:{digest}"))
}

/// Scans the copy with the standard library at the restricted level and the shipped settings;
/// returns the exit status and the findings as `file RULE-ID pointer`.
fn scan_restricted(copy: &Scratch) -> Result<(Option<i32>, Vec<String>), String> {
    let (dir, config) = (copy.0.display().to_string(), copy.0.join("palisade.toml"));
    let config = config.display().to_string();
    let level = "palisade.k8s.pss.level=restricted";
    let args = [
        "scan", &dir, "--format", "json", "--config", &config, "--param", level,
    ];
    let (code, out) = palisade(&args, "")?;
    let scan = json(&out)?;
    let files = scan.get("files").and_then(Value::as_array);
    let files = files.ok_or(format!("no files: {scan}"))?;
    let mut found = Vec::new();
    for file in files {
        let name = file["file"].as_str().unwrap_or_default();
        let name = name.strip_prefix(&format!("{dir}/")).unwrap_or(name);
        for f in file["findings"].as_array().into_iter().flatten() {
            let (rule, path) = (f["rule"].as_str(), f["path"].as_str());
            let (rule, path) = (rule.unwrap_or("?"), path.unwrap_or("?"));
            found.push(format!("{name} {rule} {path}"));
        }
    }
    Ok((code, found))
}

#[test]
fn the_manifests_pass_the_restricted_level_but_for_the_tag_pinned_image() -> Result<(), String> {
    // As committed, the Deployment names a release tag (a digest exists only once the image is
    // published), the one finding; pinned by digest as in production, nothing is found.
    let as_committed = Scratch::new("deploy-as-committed", &|text| text)?;
    let image = "base/deployment.yaml IMAGES-DIGEST /spec/template/spec/containers/0/image";
    assert_eq!(
        scan_restricted(&as_committed)?,
        (Some(1), vec![String::from(image)])
    );
    let pinned = Scratch::new("deploy-pinned", &pin_by_digest)?;
    assert_eq!(scan_restricted(&pinned)?, (Some(0), vec![]));

    // The level is in force: a container that may gain privileges is reported.
    let escalate = |text| pin_by_digest(text).replace("Escalation: false", "Escalation: true");
    let escalating = Scratch::new("deploy-escalating", &escalate)?;
    let pointer = "/spec/template/spec/containers/0/securityContext/allowPrivilegeEscalation";
    let expected =
        format!("base/deployment.yaml PSS-RESTRICTED-ALLOW-PRIVILEGE-ESCALATION {pointer}");
    assert_eq!(scan_restricted(&escalating)?, (Some(1), vec![expected]));
    Ok(())
}

#[test]
fn the_webhook_refuses_only_at_high_severity_and_keeps_the_restricted_level() -> Result<(), String>
{
    // Medium findings (no digest, the default service account, most of the restricted level)
    // are returned as warnings, so existing workloads keep deploying while they are fixed.
    let config = shipped_config()?;
    let admission = config.split("\n[").find(|t| t.starts_with("admission]"));
    let admission = admission.ok_or(format!("no [admission] in {config}"))?;
    let has = |text: &str, line: &str| text.lines().any(|l| l.trim() == line);
    assert!(has(admission, r#"deny_severity = "high""#), "{admission}");
    let level = r#""palisade.k8s.pss.level" = "restricted""#;
    assert!(has(&config, level), "{config}");
    Ok(())
}

/// Evaluates the fixture's rules on `text` (a manifest) and returns the ids of the rules that
/// failed, after checking that some rule applied and that the exit status agrees.
fn failing_rules(text: &str) -> Result<Vec<String>, String> {
    let (code, out) = palisade(&EVAL.split_whitespace().collect::<Vec<_>>(), text)?;
    let result = json(&out)?;
    let decision = result.pointer("/results/0/decision");
    let decision = decision.ok_or(format!("no decision: {result}"))?;
    let rules = decision["rules"]
        .as_array()
        .ok_or(format!("no rules: {result}"))?;
    assert!(
        rules.iter().any(|r| r["status"] != "skipped"),
        "no rule applied: {result}"
    );
    let allowed = decision["decision"] == "allowed";
    assert_eq!(code, Some(if allowed { 0 } else { 1 }), "{result}");
    let failed = rules
        .iter()
        .filter(|r| r["status"] != "pass" && r["status"] != "skipped");
    Ok(failed
        .filter_map(|r| r["id"].as_str().map(String::from))
        .collect())
}

/// Checks that `file` passes the fixture's rules, and that each edit of it (`from` → `to`)
/// fails exactly the rule named beside it.
fn passes_and_each_break_fails(file: &str, breaks: &[(&str, &str, &str)]) -> Result<(), String> {
    let text = read(file)?;
    assert_eq!(failing_rules(&text)?, Vec::<String>::new(), "{file}");
    for (from, to, rule) in breaks {
        assert!(text.contains(from), "{file} has no `{from}`");
        let broken = failing_rules(&text.replace(from, to))?;
        assert_eq!(broken, [*rule], "{file} with `{from}` as `{to}`");
    }
    Ok(())
}

/// The webhook rule that sends `kubectl debug`'s ephemeral containers.
const EPHEMERAL: &str = r#"      - apiGroups: [""]
        apiVersions: ["v1"]
        operations: ["UPDATE"]
        resources: ["pods/ephemeralcontainers"]
        scope: Namespaced
"#;

#[test]
fn the_webhook_fails_closed_judges_ephemeral_containers_and_calls_post_validate()
-> Result<(), String> {
    let (closed, excludes) = ("DEPLOY-FAIL-CLOSED", "DEPLOY-EXCLUDES");
    let (system, own) = (r#"["kube-system"]"#, r#"["palisade-system"]"#);
    let ephemeral = "DEPLOY-EPHEMERAL";
    let update = r#"operations: ["UPDATE"]"#;
    passes_and_each_break_fails(
        "deploy/kubernetes/base/webhook.yaml",
        &[
            ("failurePolicy: Fail", "failurePolicy: Ignore", closed),
            ("sideEffects: None", "sideEffects: NoneOnDryRun", closed),
            ("timeoutSeconds: 10", "timeoutSeconds: 30", closed),
            (EXCLUDED, system, excludes),
            (EXCLUDED, own, excludes),
            (EPHEMERAL, "", ephemeral),
            (update, r#"operations: ["CREATE"]"#, ephemeral),
            ("pods/ephemeralcontainers", "pods/status", ephemeral),
            ("path: /validate", "path: /mutate", "DEPLOY-SERVICE"),
        ],
    )
}

/// The Deployment's `--read-timeout`, as its arguments pass it.
const READ_TIMEOUT: &str = "            - --read-timeout\n            - \"5\"\n";

#[test]
fn the_deployment_runs_the_server_with_its_files_probes_timeouts_and_grace_period()
-> Result<(), String> {
    let (args, probes, timeouts) = ("DEPLOY-ARGS", "DEPLOY-PROBES", "DEPLOY-TIMEOUTS");
    let read_as_long = READ_TIMEOUT.replace('5', "8");
    passes_and_each_break_fails(
        "deploy/kubernetes/base/deployment.yaml",
        &[
            ("- serve", "- scan", args),
            ("- --tls-cert", "- --cert", args),
            ("- /tls/tls.key", "- /var/run/tls.key", args),
            ("- --config", "- --conf", args),
            ("path: /healthz", "path: /livez", probes),
            ("path: /readyz", "path: /ready", probes),
            ("scheme: HTTP\n", "scheme: HTTPS\n", probes),
            ("port: 9090", "port: 8443", probes),
            ("- 0.0.0.0:9090", "- 0.0.0.0:9091", probes),
            // The read timeout as long as the request's, or left at its default (10 s); the
            // request's as long as the webhook's timeoutSeconds (10).
            (READ_TIMEOUT, &read_as_long, timeouts),
            (READ_TIMEOUT, "", timeouts),
            (r#"- "8""#, r#"- "10""#, timeouts),
            (
                "GracePeriodSeconds: 30",
                "GracePeriodSeconds: 25",
                "DEPLOY-GRACE",
            ),
        ],
    )
}

#[test]
fn the_network_policy_allows_no_egress_and_keeps_the_operations_port_to_metrics()
-> Result<(), String> {
    let kustomization = read("deploy/kubernetes/base/kustomization.yaml")?;
    let listed = kustomization
        .lines()
        .any(|l| l.trim() == "- networkpolicy.yaml");
    assert!(listed, "{kustomization}");
    let metrics = "namespaceSelector:\n            matchLabels:\n              \
                   palisade.dev/metrics: allowed";
    let (admission, network) = ("        - port: 8443\n", "DEPLOY-NETWORK");
    let operations_too = format!("{admission}        - port: 9090\n");
    passes_and_each_break_fails(
        "deploy/kubernetes/base/networkpolicy.yaml",
        &[
            ("    - Egress\n", "", network),
            ("egress: []", "egress: [{}]", network),
            (metrics, "namespaceSelector: {}", network),
            (admission, &operations_too, network),
            ("port: 8443", "port: 443", network),
        ],
    )
}

#[test]
fn cert_manager_issues_the_secret_the_deployment_mounts() -> Result<(), String> {
    let overlay = read("deploy/kubernetes/cert-manager/kustomization.yaml")?;
    let certificates = read("deploy/kubernetes/cert-manager/certificates.yaml")?;
    let deployment = read("deploy/kubernetes/base/deployment.yaml")?;
    // The overlay changes only the webhook's annotation and its caBundle placeholder; the
    // serving Certificate it names writes the secret the Deployment mounts at /tls, for the
    // names the webhook calls the Service by.
    assert_eq!(overlay.matches("- op: ").count(), 2, "{overlay}");
    let serving = certificates
        .split("\n---\n")
        .find(|doc| doc.contains("\n  name: palisade-serving\n"))
        .ok_or("no Certificate palisade-serving")?;
    for (text, line) in [
        (overlay.as_str(), "path: /metadata/annotations"),
        (&overlay, "path: /webhooks/0/clientConfig/caBundle"),
        (
            &overlay,
            "cert-manager.io/inject-ca-from: palisade-system/palisade-serving",
        ),
        (serving, "kind: Certificate"),
        (serving, "namespace: palisade-system"),
        (serving, "secretName: palisade-tls"),
        (serving, "- palisade.palisade-system.svc"),
        (serving, "- palisade.palisade-system.svc.cluster.local"),
        (&deployment, "secretName: palisade-tls"),
        (&deployment, "mountPath: /tls"),
    ] {
        assert!(
            text.lines().any(|l| l.trim() == line),
            "no `{line}` in {text}"
        );
    }
    Ok(())
}

#[test]
fn every_flag_the_deployment_and_the_image_pass_is_a_flag_of_serve() -> Result<(), String> {
    let (code, help) = palisade(&["serve", "--help"], "")?;
    assert_eq!(code, Some(0), "{help}");
    let deployment = read("deploy/kubernetes/base/deployment.yaml")?;
    let args = deployment
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- "));
    let dockerfile = read("deploy/Dockerfile")?;
    let cmd = dockerfile
        .lines()
        .filter(|l| l.starts_with("CMD "))
        .flat_map(|l| l.split('"'));
    let flags: Vec<&str> = args.chain(cmd).filter(|a| a.starts_with("--")).collect();
    assert!(flags.len() >= 12, "too few flags found: {flags:?}");
    for flag in flags {
        assert!(
            help.split_whitespace().any(|w| w == flag),
            "`serve` has no {flag}"
        );
    }
    Ok(())
}
