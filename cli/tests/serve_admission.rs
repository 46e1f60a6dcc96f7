//! `palisade serve` answering real `AdmissionReview`s over TLS, as the API server sends them:
//! a privileged pod is refused with the rule ids in the message and the audit annotations, a
//! hardened deployment is admitted, a warn-only rule gives warnings, `--deny-severity` turns
//! lower violations into warnings, an exempt namespace is admitted unjudged; HTTP/2 answers as
//! HTTP/1.1 does; the uid is always echoed, and the metrics count what happened.
// Reading a JSON field with `value["key"]` gives Null when it is absent; it does not panic.
#![allow(clippy::indexing_slicing)]

mod webhook;

use std::time::Duration;
use webhook::{Pki, Result, Server, example, review, scratch};

fn uid_of(body: &[u8]) -> Result<String> {
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|e| e.to_string())?;
    Ok(value["request"]["uid"]
        .as_str()
        .unwrap_or_default()
        .to_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reviews_from_the_examples_are_decided_with_the_rule_ids() -> Result<()> {
    let dir = scratch("serve-admission")?;
    let pki = Pki::new(&dir, "first")?;
    let policy = webhook::repo().join("cli/tests/fixtures/serve/team_warn.pal");
    let policy = policy.to_string_lossy().into_owned();
    let server = Server::start(
        &pki,
        &dir,
        &["--policy", &policy, "--metrics-addr", "127.0.0.1:0"],
    )?;
    let client = pki.client()?;

    let privileged = example("privileged-pod-review.json")?;
    let answer = client.validate(&server.addr, &privileged).await?;
    assert_eq!(answer.status, 200);
    let json = answer.json()?;
    assert_eq!(json["kind"], "AdmissionReview");
    assert_eq!(json["apiVersion"], "admission.k8s.io/v1");
    let response = &json["response"];
    assert_eq!(response["uid"], uid_of(&privileged)?.as_str());
    assert_eq!(response["allowed"], false);
    assert_eq!(response["status"]["code"], 403);
    let message = response["status"]["message"].as_str().unwrap_or_default();
    for id in [
        "PSS-BASELINE-PRIVILEGED",
        "PSS-BASELINE-HOST-NAMESPACES",
        "IMAGES-LATEST-TAG",
    ] {
        assert!(message.contains(id), "{id} missing from {message}");
    }
    assert!(message.contains("/request/object/spec/containers/0/securityContext/privileged"));
    let denied_by = response["auditAnnotations"]["denied-by"]
        .as_str()
        .unwrap_or_default();
    assert!(
        denied_by
            .split(',')
            .any(|id| id == "PSS-BASELINE-PRIVILEGED"),
        "{denied_by}"
    );
    // The warn-only rule is a warning, not a reason.
    assert!(!message.contains("ACME-TEAM-LABEL"));

    let hardened = example("hardened-deployment-review.json")?;
    let answer = client.validate(&server.addr, &hardened).await?;
    assert_eq!(answer.status, 200);
    let response = answer.json()?["response"].clone();
    assert_eq!(response["uid"], uid_of(&hardened)?.as_str());
    assert_eq!(response["allowed"], true, "{response}");
    assert!(response.get("status").is_none());
    // The template has no `team` label: the warn rule speaks, through the workload view.
    let warnings = response["warnings"].as_array().cloned().unwrap_or_default();
    assert_eq!(warnings.len(), 1, "{response}");
    assert!(
        warnings[0]
            .as_str()
            .is_some_and(|w| w.starts_with("ACME-TEAM-LABEL: the pod has no `team` label")),
        "{warnings:?}"
    );
    assert_eq!(response["auditAnnotations"]["warned-by"], "ACME-TEAM-LABEL");

    // The API server speaks HTTP/2 when offered: the same answer.
    let h2 = pki.client_speaking(&["h2", "http/1.1"])?;
    let answer = h2.validate_h2(&server.addr, &privileged).await?;
    assert_eq!(answer.status, 200);
    let response = answer.json()?["response"].clone();
    assert_eq!(response["uid"], uid_of(&privileged)?.as_str());
    assert_eq!(response["allowed"], false);

    // Operations, on the main listener and on the plain-HTTP one alike.
    let ops = server.ops_addr.clone().ok_or("no operations listener")?;
    for path in ["/healthz", "/readyz"] {
        let answer = client.request(&server.addr, "GET", path, b"").await?;
        assert_eq!(answer.status, 200, "{path}");
        let plain = plain_get(&ops, path).await?;
        assert!(plain.starts_with("HTTP/1.1 200"), "{path}: {plain}");
    }
    let metrics = plain_get(&ops, "/metrics").await?;
    for line in [
        "palisade_admission_requests_total{outcome=\"denied\"} 2",
        "palisade_admission_requests_total{outcome=\"allowed\"} 1",
        "palisade_admission_denials_total{rule=\"PSS-BASELINE-PRIVILEGED\"} 2",
        "palisade_admission_warnings_total{rule=\"ACME-TEAM-LABEL\"} 3",
        "palisade_admission_duration_seconds_count 3",
        "palisade_policy_generation 1",
    ] {
        assert!(metrics.contains(line), "{line} missing from {metrics}");
    }
    // The refusal was logged with its uid and rules.
    let denied = server.logged("denied").ok_or("no `denied` log line")?;
    assert_eq!(denied["uid"], uid_of(&privileged)?.as_str());
    assert!(
        denied["rules"]
            .as_str()
            .is_some_and(|r| r.contains("PSS-BASELINE-PRIVILEGED"))
    );
    Ok(())
}

/// A GET over plain HTTP/1.1; the whole response as text.
async fn plain_get(addr: &str, path: &str) -> Result<String> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr)
        .await
        .map_err(|e| e.to_string())?;
    let request = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    stream
        .write_all(request.as_bytes())
        .await
        .map_err(|e| e.to_string())?;
    let mut text = String::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_string(&mut text))
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())?;
    Ok(text)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn severities_below_the_threshold_warn_and_exempt_namespaces_pass() -> Result<()> {
    let dir = scratch("serve-severity")?;
    let pki = Pki::new(&dir, "first")?;
    let server = Server::start(
        &pki,
        &dir,
        &[
            "--deny-severity",
            "high",
            "--exempt-namespace",
            "sandbox",
            "--exempt-label",
            "palisade.dev/exempt=true",
        ],
    )?;
    let client = pki.client()?;
    // Only medium findings (no digest, restricted-level settings missing): warnings.
    let pod = serde_json::json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": { "name": "web", "namespace": "shop" },
        "spec": { "containers": [{ "name": "app", "image": "ghcr.io/acme/web:1.2.3" }] },
    });
    let answer = client
        .validate(&server.addr, &review("u-medium", "shop", &pod))
        .await?;
    let response = answer.json()?["response"].clone();
    assert_eq!(response["uid"], "u-medium");
    assert_eq!(response["allowed"], true, "{response}");
    let warned = response["auditAnnotations"]["warned-by"]
        .as_str()
        .unwrap_or_default();
    assert!(
        warned.contains("PSS-RESTRICTED-RUN-AS-NON-ROOT"),
        "{response}"
    );
    assert!(
        response["warnings"]
            .as_array()
            .is_some_and(|w| !w.is_empty())
    );

    // A high finding still refuses.
    let mut privileged = pod.clone();
    privileged["spec"]["hostPID"] = serde_json::json!(true);
    let answer = client
        .validate(&server.addr, &review("u-high", "shop", &privileged))
        .await?;
    let response = answer.json()?["response"].clone();
    assert_eq!(response["allowed"], false, "{response}");
    assert_eq!(
        response["auditAnnotations"]["denied-by"],
        "PSS-BASELINE-HOST-NAMESPACES"
    );

    // The same object in an exempt namespace, or with the exempting label, is not judged.
    let answer = client
        .validate(&server.addr, &review("u-sandbox", "sandbox", &privileged))
        .await?;
    let response = answer.json()?["response"].clone();
    assert_eq!(response["allowed"], true, "{response}");
    assert_eq!(response["auditAnnotations"]["exempt"], "namespace sandbox");
    privileged["metadata"]["labels"] = serde_json::json!({ "palisade.dev/exempt": "true" });
    let answer = client
        .validate(&server.addr, &review("u-label", "shop", &privileged))
        .await?;
    let response = answer.json()?["response"].clone();
    assert_eq!(response["allowed"], true, "{response}");
    assert_eq!(
        response["auditAnnotations"]["exempt"],
        "label palisade.dev/exempt=true"
    );
    // The label must match exactly.
    privileged["metadata"]["labels"] = serde_json::json!({ "palisade.dev/exempt": "yes" });
    let answer = client
        .validate(&server.addr, &review("u-label-no", "shop", &privileged))
        .await?;
    assert_eq!(answer.json()?["response"]["allowed"], false);
    Ok(())
}

#[test]
fn a_policy_that_does_not_compile_stops_the_start_with_its_diagnostics() -> Result<()> {
    let dir = scratch("serve-broken-start")?;
    let pki = Pki::new(&dir, "first")?;
    std::fs::write(
        dir.join("broken.pal"),
        "package acme\n\nrule r(x: Nope) {}\n",
    )
    .map_err(|e| e.to_string())?;
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_palisade"))
        .current_dir(&dir)
        .args(["serve", "--addr", "127.0.0.1:0", "--policy", "broken.pal"])
        .arg("--tls-cert")
        .arg(pki.cert())
        .arg("--tls-key")
        .arg(pki.key())
        .output()
        .map_err(|e| e.to_string())?;
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("broken.pal"), "{stderr}");
    assert!(stderr.contains("the policies do not compile"), "{stderr}");
    // A key that does not belong to the certificate is refused too.
    let other = scratch("serve-other-key")?;
    let other_pki = Pki::new(&other, "other")?;
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_palisade"))
        .args(["serve", "--addr", "127.0.0.1:0", "--tls-cert"])
        .arg(pki.cert())
        .arg("--tls-key")
        .arg(other_pki.key())
        .output()
        .map_err(|e| e.to_string())?;
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("does not belong to the certificate"),
        "{stderr}"
    );
    Ok(())
}
