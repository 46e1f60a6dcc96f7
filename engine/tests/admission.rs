//! A host's admission settings (`Engine::admit_with`): the severity at which violations refuse
//! (lower ones warn), namespaces and labels that exempt a request, the audit annotations naming
//! the rules, and the `AdmissionReview` versions answered (any other is refused, uid echoed).

use palisade_engine::{Admission, AdmissionSettings, Engine};
use serde_json::json;

trait Must<T> {
    fn must(self, what: &str) -> T;
}

impl<T, E: std::fmt::Debug> Must<T> for Result<T, E> {
    fn must(self, what: &str) -> T {
        self.unwrap_or_else(|e| unreachable!("{what}: {e:?}"))
    }
}

fn engine() -> Engine {
    Engine::with_stdlib().must("the standard library compiles")
}

fn review(version: &str, operation: &str, namespace: &str, pod: serde_json::Value) -> Vec<u8> {
    let object = if operation == "DELETE" {
        "oldObject"
    } else {
        "object"
    };
    json!({
        "apiVersion": version,
        "kind": "AdmissionReview",
        "request": {
            "uid": "u-42",
            "kind": { "group": "", "version": "v1", "kind": "Pod" },
            "resource": { "group": "", "version": "v1", "resource": "pods" },
            "namespace": namespace,
            "operation": operation,
            "userInfo": { "username": "alice" },
            object: pod,
        },
    })
    .to_string()
    .into_bytes()
}

/// A pod whose only findings are of medium severity, plus `hostPID` (high) when asked.
fn pod(host_pid: bool, labels: serde_json::Value) -> serde_json::Value {
    json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": { "name": "web", "namespace": "shop", "labels": labels },
        "spec": { "hostPID": host_pid,
            "containers": [{ "name": "app", "image": "ghcr.io/acme/web:1.2.3" }] },
    })
}

#[test]
fn violations_below_the_deny_severity_become_warnings() {
    let engine = engine();
    let medium = review(
        "admission.k8s.io/v1",
        "CREATE",
        "shop",
        pod(false, json!({})),
    );
    let strict = engine.admit(&medium);
    assert!(!strict.allowed);
    assert!(
        strict
            .denied_by
            .iter()
            .any(|r| r == "PSS-RESTRICTED-RUN-AS-NON-ROOT")
    );
    assert!(strict.warned_by.is_empty());
    assert!(
        strict.object().is_some_and(|o| o.starts_with("Pod web")),
        "{:?}",
        strict.object()
    );

    let high_only = AdmissionSettings {
        deny_severity: Some("high".to_owned()),
        ..AdmissionSettings::default()
    };
    let lenient = engine.admit_with(&medium, &high_only);
    assert!(lenient.allowed, "{}", lenient.message);
    assert!(lenient.denied_by.is_empty());
    assert_eq!(lenient.warned_by, strict.denied_by);
    assert!(!lenient.warnings.is_empty());
    let response = lenient.response();
    assert_eq!(response["response"]["allowed"], true);
    let warned = response["response"]["auditAnnotations"]["warned-by"].as_str();
    assert!(warned.is_some_and(|w| w.contains("PSS-RESTRICTED-RUN-AS-NON-ROOT")));

    let high = review(
        "admission.k8s.io/v1",
        "CREATE",
        "shop",
        pod(true, json!({})),
    );
    let refused = engine.admit_with(&high, &high_only);
    assert!(!refused.allowed);
    assert_eq!(refused.denied_by, ["PSS-BASELINE-HOST-NAMESPACES"]);
    assert_eq!(refused.code, 403);
    assert_eq!(
        refused.response()["response"]["auditAnnotations"]["denied-by"],
        "PSS-BASELINE-HOST-NAMESPACES"
    );
}

#[test]
fn exempt_namespaces_and_labels_are_admitted_unjudged() {
    let engine = engine();
    let settings = AdmissionSettings {
        exempt_namespaces: vec!["sandbox".to_owned()],
        exempt_labels: vec![("palisade.dev/exempt".to_owned(), "true".to_owned())],
        ..AdmissionSettings::default()
    };
    let in_sandbox = review(
        "admission.k8s.io/v1",
        "CREATE",
        "sandbox",
        pod(true, json!({})),
    );
    let admission = engine.admit_with(&in_sandbox, &settings);
    assert!(admission.allowed);
    assert!(admission.judged.is_empty());
    assert_eq!(admission.exempt.as_deref(), Some("namespace sandbox"));
    assert_eq!(
        admission.response()["response"]["auditAnnotations"]["exempt"],
        "namespace sandbox"
    );
    // Without the settings the same request is refused.
    assert!(!engine.admit(&in_sandbox).allowed);

    let labelled = pod(true, json!({ "palisade.dev/exempt": "true" }));
    let created = review("admission.k8s.io/v1", "CREATE", "shop", labelled.clone());
    let admission = engine.admit_with(&created, &settings);
    assert_eq!(
        admission.exempt.as_deref(),
        Some("label palisade.dev/exempt=true")
    );
    // A deletion carries the labels on the old object.
    let deleted = review("admission.k8s.io/v1", "DELETE", "shop", labelled);
    let admission = engine.admit_with(&deleted, &settings);
    assert_eq!(
        admission.exempt.as_deref(),
        Some("label palisade.dev/exempt=true")
    );
    // Another value of the label does not exempt.
    let other = review(
        "admission.k8s.io/v1",
        "CREATE",
        "shop",
        pod(true, json!({ "palisade.dev/exempt": "false" })),
    );
    let admission = engine.admit_with(&other, &settings);
    assert!(!admission.allowed);
    assert!(admission.exempt.is_none());
}

#[test]
fn only_known_review_versions_are_answered() {
    let engine = engine();
    let beta = review(
        "admission.k8s.io/v1beta1",
        "CREATE",
        "shop",
        pod(true, json!({})),
    );
    let admission = engine.admit(&beta);
    assert_eq!(admission.api_version, "admission.k8s.io/v1beta1");
    assert_eq!(admission.code, 403);
    assert_eq!(
        admission.response()["apiVersion"],
        "admission.k8s.io/v1beta1"
    );

    for version in ["admission.k8s.io/v2", "v1", ""] {
        let body = review(version, "CREATE", "shop", pod(false, json!({})));
        let admission = engine.admit(&body);
        assert!(!admission.allowed, "{version}");
        assert_eq!(admission.code, 400, "{version}");
        assert_eq!(admission.uid, "u-42", "{version}");
        assert_eq!(admission.api_version, "admission.k8s.io/v1");
        assert!(
            admission.message.contains("apiVersion"),
            "{}",
            admission.message
        );
    }
    let empty = engine.admit(b"  \n");
    assert_eq!(empty.code, 400);
    assert_eq!(empty.message, "the request body is empty");
    // What a host answers to a body it did not read.
    let too_large = Admission::refusal(413, "too large").response();
    assert_eq!(too_large["kind"], "AdmissionReview");
    assert_eq!(too_large["response"]["allowed"], false);
    assert_eq!(too_large["response"]["uid"], "");
    assert_eq!(too_large["response"]["status"]["code"], 413);
}

#[test]
fn the_admission_table_of_palisade_toml_gives_the_settings() {
    let config = palisade::Config::parse(
        "[admission]\ndeny_severity = \"high\"\nexempt_namespaces = [\"sandbox\"]\nexempt_labels = { \"palisade.dev/exempt\" = \"true\" }\n",
    )
    .must("palisade.toml");
    let settings = AdmissionSettings::from_config(&config).must("settings");
    assert_eq!(settings.deny_severity.as_deref(), Some("high"));
    assert_eq!(settings.exempt_namespaces, ["sandbox"]);
    assert_eq!(
        settings.exempt_labels,
        [("palisade.dev/exempt".to_owned(), "true".to_owned())]
    );
    // A host's own settings join them; its severity wins.
    let host = AdmissionSettings {
        deny_severity: Some("critical".to_owned()),
        exempt_namespaces: vec!["kube-system".to_owned()],
        exempt_labels: Vec::new(),
    };
    let merged = settings.with(&host);
    assert_eq!(merged.deny_severity.as_deref(), Some("critical"));
    assert_eq!(merged.exempt_namespaces, ["sandbox", "kube-system"]);

    for (text, named) in [
        ("[admission]\ndeny_severity = \"urgent\"\n", "urgent"),
        (
            "[admission]\nexempt_namespace = [\"x\"]\n",
            "exempt_namespace",
        ),
        ("[admission]\nexempt_labels = [\"a=b\"]\n", "exempt_labels"),
    ] {
        let config = palisade::Config::parse(text).must("palisade.toml");
        let error = AdmissionSettings::from_config(&config)
            .err()
            .unwrap_or_default();
        assert!(error.contains(named), "{text}: {error}");
    }
    let none = palisade::Config::parse("").must("palisade.toml");
    let settings = AdmissionSettings::from_config(&none).must("settings");
    assert!(settings.deny_severity.is_none() && settings.exempt_namespaces.is_empty());
}

#[test]
fn an_error_of_a_rule_that_only_warns_is_a_warning_not_lost() {
    let policy = r#"package acme.warned

type Pod = { apiVersion: "v1", kind: "Pod", spec: { containers: list<{ name: string, .. }>, .. }, .. }

rule ratio(pod: Pod) {
  meta { id: "ACME-RATIO" title: "A ratio that divides by zero" severity: "low" enforcement: "warn" }
  let none_left = count(pod.spec.containers) - count(pod.spec.containers)
  if 10 / none_left > 1 {
    violation "never reached"
  }
}
"#;
    let engine = Engine::builder()
        .stdlib(palisade_engine::Stdlib::None)
        .policy("warned.pal", policy)
        .build()
        .must("the policy compiles");
    let body = review(
        "admission.k8s.io/v1",
        "CREATE",
        "shop",
        pod(false, json!({})),
    );
    let admission = engine.admit(&body);
    assert!(admission.allowed, "{}", admission.message);
    assert_eq!(admission.warned_by, ["ACME-RATIO"]);
    assert!(
        admission
            .warnings
            .iter()
            .any(|w| w.starts_with("ACME-RATIO: E0501")),
        "{:?}",
        admission.warnings
    );
}
