//! Running from the editor, through `palisade lsp` over stdio: code lenses on tests and rules,
//! the tests of a file run by command with failures shown on their assertions, and a rule
//! evaluated against the YAML file beside it, its violation shown *in the YAML file* at the
//! offending line; editing the input (or the policy) evaluates again.

#[path = "lsp/client.rs"]
#[allow(dead_code, reason = "this test uses part of the client")]
mod client;

use client::{Client, uri_of};
use serde_json::{Value, json};
use std::path::PathBuf;

const POLICY: &str = r#"package acme.pods

import palisade.k8s

rule privileged(pod: k8s.Pod) {
  meta {
    id: "ACME-PRIV"
    title: "No privileged containers"
    severity: "high"
  }
  for c in pod.spec.containers {
    if c.securityContext?.privileged ?? false {
      violation "container `{c.name}` is privileged" at c.securityContext?.privileged
    }
  }
}

test "a privileged pod is denied" {
  assert denies(privileged, fixture("fixtures/bad.json"))
}

test "this one is wrong on purpose" {
  assert allows(privileged, fixture("fixtures/bad.json"))
}
"#;

const BAD: &str = r#"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
 "spec": {"containers": [{"name": "app", "image": "x", "securityContext": {"privileged": true}}]}}"#;

const POD: &str = "apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx
      securityContext:
        privileged: true
";

fn workspace() -> Result<(PathBuf, PathBuf), String> {
    let base = std::env::temp_dir().join(format!("palisade-lsp-run-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let root = base.join("workspace");
    std::fs::create_dir_all(root.join("fixtures")).map_err(|e| e.to_string())?;
    std::fs::write(root.join("pods.pal"), POLICY).map_err(|e| e.to_string())?;
    std::fs::write(root.join("fixtures/bad.json"), BAD).map_err(|e| e.to_string())?;
    std::fs::write(root.join("pod.yaml"), POD).map_err(|e| e.to_string())?;
    Ok((root, base.join("cache")))
}

fn titles(lenses: &Value) -> Vec<String> {
    lenses
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|l| l.pointer("/command/title").and_then(Value::as_str))
        .map(str::to_owned)
        .collect()
}

#[test]
fn tests_and_evaluations_run_from_code_lenses() -> Result<(), String> {
    let (root, cache) = workspace()?;
    let capabilities = json!({ "workspace": { "codeLens": { "refreshSupport": true } } });
    let mut client = Client::start(&root, &cache, capabilities)?;
    let uri = uri_of(&root.join("pods.pal"));
    let pod_uri = uri_of(&root.join("pod.yaml"));
    client.diagnostics(&uri, |d| d.is_empty())?;
    let doc = json!({ "textDocument": { "uri": uri } });

    let lenses = client.request("textDocument/codeLens", doc.clone())?;
    assert_eq!(
        titles(&lenses),
        [
            "▷ Evaluate",
            "▶ Run all tests in file",
            "▶ Run test",
            "▶ Run test"
        ],
        "{lenses}"
    );
    let evaluate = lenses
        .as_array()
        .and_then(|l| l.first())
        .and_then(|l| l.get("command"))
        .cloned()
        .unwrap_or(Value::Null);
    assert_eq!(evaluate["arguments"], json!([uri, "acme.pods.privileged"]));

    // Run the file's tests: one passes, one fails, and the failure sits on its assertion.
    let ran = client.request(
        "workspace/executeCommand",
        json!({ "command": "palisade.runTests", "arguments": [uri] }),
    )?;
    assert_eq!(ran["summary"], json!("1 passed, 1 failed"), "{ran}");
    let failures = client.diagnostics(&uri, |d| !d.is_empty())?;
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert_eq!(failures[0]["source"], json!("palisade test"));
    let assertion = POLICY.lines().position(|l| l.contains("assert allows"));
    assert_eq!(
        failures[0]
            .pointer("/range/start/line")
            .and_then(Value::as_u64),
        assertion.map(|l| l as u64)
    );
    let message = failures[0]["message"].as_str().unwrap_or("");
    assert!(
        message.contains("this one is wrong on purpose"),
        "{message}"
    );

    // Evaluate the rule: the pod beside the policy is denied, at its `privileged: true` line.
    let evaluated = client.request(
        "workspace/executeCommand",
        json!({ "command": "palisade.evaluate", "arguments": evaluate["arguments"] }),
    )?;
    assert_eq!(
        evaluated["title"],
        json!("✗ 1 violation(s) in pod.yaml"),
        "{evaluated}"
    );
    let in_pod = client.diagnostics(&pod_uri, |d| !d.is_empty())?;
    assert_eq!(in_pod.len(), 1, "{in_pod:?}");
    assert_eq!(in_pod[0]["code"], json!("ACME-PRIV"));
    assert_eq!(in_pod[0].pointer("/range/start/line"), Some(&json!(9)));
    let message = in_pod[0]["message"].as_str().unwrap_or("");
    assert!(
        message.contains("container `web` is privileged"),
        "{message}"
    );
    let lenses = client.request("textDocument/codeLens", doc.clone())?;
    assert_eq!(
        titles(&lenses).first().map(String::as_str),
        Some("✗ 1 violation(s) in pod.yaml")
    );

    // Fix the pod in the editor: evaluated again, the violation goes.
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": pod_uri, "languageId": "yaml", "version": 1, "text": POD } }),
    )?;
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": pod_uri, "version": 2 },
            "contentChanges": [{ "text": POD.replace("privileged: true", "privileged: false") }],
        }),
    )?;
    client.diagnostics(&pod_uri, |d| d.is_empty())?;
    let lenses = client.request("textDocument/codeLens", doc.clone())?;
    assert_eq!(
        titles(&lenses).first().map(String::as_str),
        Some("✓ passes pod.yaml")
    );

    // Edit the policy so that the rule denies every container: evaluated again, and the
    // failed test's diagnostic is gone with the edit.
    let stricter = POLICY.replace(
        "c.securityContext?.privileged ?? false",
        "c.name == \"web\"",
    );
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "palisade", "version": 1, "text": stricter } }),
    )?;
    let again = client.diagnostics(&pod_uri, |d| !d.is_empty())?;
    assert_eq!(again.len(), 1, "{again:?}");
    client.diagnostics(&uri, |d| d.is_empty())?;

    // Stop evaluating: the input's diagnostics are cleared.
    client.request(
        "workspace/executeCommand",
        json!({ "command": "palisade.stopEvaluating", "arguments": [uri, "acme.pods.privileged"] }),
    )?;
    client.diagnostics(&pod_uri, |d| d.is_empty())?;

    // Commands refuse what they cannot do, and the server goes on.
    let refused = client.request(
        "workspace/executeCommand",
        json!({ "command": "palisade.runTest", "arguments": [uri, "no such test"] }),
    );
    assert!(refused.is_err_and(|e| e.contains("no test called")));
    let unknown = client.request(
        "workspace/executeCommand",
        json!({ "command": "palisade.nothing", "arguments": [] }),
    );
    assert!(unknown.is_err());
    assert_eq!(client.stop()?, Some(0));
    Ok(())
}
