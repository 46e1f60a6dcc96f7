//! The engine as an embedding application uses it: an `AdmissionReview` holding a privileged
//! pod, which the bare language API allows (no rule is about an `AdmissionReview`), is denied by
//! the engine with pointers into the review; `List`s, deletions, unreadable requests, rules no
//! one wrote, excluded rules and many threads.

use palisade::{EvalOptions, FileId, InputFormat, InputLimits, PolicySet, read_documents};
use palisade_engine::{Engine, Stdlib};

/// `expect` for tests, under the workspace's lints.
trait Must<T> {
    fn must(self, what: &str) -> T;
}

impl<T, E: std::fmt::Debug> Must<T> for Result<T, E> {
    fn must(self, what: &str) -> T {
        self.unwrap_or_else(|e| unreachable!("{what}: {e:?}"))
    }
}

impl<T> Must<T> for Option<T> {
    fn must(self, what: &str) -> T {
        self.unwrap_or_else(|| unreachable!("{what}"))
    }
}

fn review(operation: &str, object: &str) -> String {
    format!(
        r#"{{
  "apiVersion": "admission.k8s.io/v1",
  "kind": "AdmissionReview",
  "request": {{
    "uid": "705ab4f5-6393-11e8-b7cc-42010a800002",
    "kind": {{ "group": "", "version": "v1", "kind": "Pod" }},
    "resource": {{ "group": "", "version": "v1", "resource": "pods" }},
    "namespace": "shop", "operation": "{operation}", "userInfo": {{ "username": "alice" }},
    {object}
  }}
}}"#
    )
}

const PRIVILEGED: &str = r#""object": {
      "apiVersion": "v1", "kind": "Pod",
      "metadata": { "name": "web", "namespace": "shop" },
      "spec": { "containers": [ { "name": "app", "image": "nginx:1.27",
        "securityContext": { "privileged": true } } ] } }"#;

fn engine() -> Engine {
    Engine::with_stdlib().must("the standard library compiles")
}

/// What was reported: the language's own API allows an AdmissionReview holding a privileged pod,
/// because no rule over `Pod` applies to a review; a document no rule applies to says so
/// (`applicable() == 0`), and with `deny_unjudged` it is denied.
#[test]
fn the_bare_language_api_says_no_rule_applied_and_can_deny_it() {
    let library = palisade_stdlib::files();
    let sources: Vec<(FileId, &str)> = library
        .iter()
        .enumerate()
        .map(|(i, f)| (FileId(u32::try_from(i).unwrap_or(0)), f.text))
        .collect();
    let set = PolicySet::compile(&sources).must("the library compiles");
    let bytes = review("CREATE", PRIVILEGED);
    let (docs, errors) = read_documents(
        bytes.as_bytes(),
        InputFormat::Detect,
        &InputLimits::default(),
    );
    assert!(errors.is_empty());
    let doc = docs.first().must("one document");
    let prepared = set.prepare(&EvalOptions::default()).must("default options");
    let decision = set.evaluate_prepared(doc, &prepared);
    assert!(
        decision.is_allowed(),
        "the bare API does not look inside the review"
    );
    assert!(
        decision
            .rules
            .iter()
            .filter(|r| r.id.starts_with("PSS-"))
            .all(|r| r.status == palisade::Status::Skipped)
    );
    let config_map = b"apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\n";
    let (docs, _) = read_documents(config_map, InputFormat::Detect, &InputLimits::default());
    let doc = docs.first().must("one document");
    let decision = set.evaluate_prepared(doc, &prepared);
    assert!(decision.is_allowed());
    assert_eq!(decision.applicable(), 0, "no rule is about a ConfigMap");
    let strict = set
        .prepare(&EvalOptions {
            deny_unjudged: true,
            ..EvalOptions::default()
        })
        .must("options");
    let decision = set.evaluate_prepared(doc, &strict);
    assert!(!decision.is_allowed());
    assert_eq!(
        decision.errors.first().map(|e| e.code.as_str()),
        Some("E0508")
    );
}

#[test]
fn the_engine_denies_the_privileged_pod_inside_the_review_with_pointers_into_it() {
    let bytes = review("CREATE", PRIVILEGED);
    let judgement = engine().judge(bytes.as_bytes());
    assert!(!judgement.is_allowed());
    let pod = judgement
        .judged
        .iter()
        .find(|j| j.pointer == "/request/object")
        .must("the object is judged");
    assert_eq!(pod.object, "Pod web (in AdmissionReview)");
    let (rule, violation) = pod
        .decision
        .violations()
        .find(|(r, _)| r.id == "PSS-BASELINE-PRIVILEGED")
        .must("the privileged container is found");
    assert_eq!(rule.metadata.enforcement, "deny");
    assert_eq!(
        violation.path,
        "/request/object/spec/containers/0/securityContext/privileged"
    );
    // Line 13 of the review holds `"securityContext": { "privileged": true }`.
    assert_eq!(violation.line, Some(13));

    let admission = engine().admit(bytes.as_bytes());
    assert!(!admission.allowed);
    let response = admission.response();
    assert_eq!(
        response["response"]["uid"],
        "705ab4f5-6393-11e8-b7cc-42010a800002"
    );
    assert_eq!(response["response"]["allowed"], false);
    assert_eq!(response["response"]["status"]["code"], 403);
    let message = response["response"]["status"]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(
        message.contains(
            "PSS-BASELINE-PRIVILEGED: container `app` runs privileged (at /request/object/spec/containers/0/securityContext/privileged)"
        ) || message.contains("PSS-BASELINE-PRIVILEGED"),
        "{message}"
    );
    assert!(
        message.contains("/request/object/spec/containers/0"),
        "{message}"
    );
}

#[test]
fn a_compliant_pod_is_admitted_and_a_deletion_is_not_judged_as_a_creation() {
    let good = r#""object": {
      "apiVersion": "v1", "kind": "Pod", "metadata": { "name": "web", "namespace": "shop" },
      "spec": { "serviceAccountName": "web", "automountServiceAccountToken": false,
        "securityContext": { "runAsNonRoot": true, "seccompProfile": { "type": "RuntimeDefault" } },
        "containers": [ { "name": "app",
        "image": "registry.example.com/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "securityContext": { "allowPrivilegeEscalation": false, "runAsNonRoot": true,
          "capabilities": { "drop": ["ALL"] }, "seccompProfile": { "type": "RuntimeDefault" } } } ] } }"#;
    let admission = engine().admit(review("CREATE", good).as_bytes());
    assert!(admission.allowed, "{}", admission.message);
    assert_eq!(admission.response()["response"]["allowed"], true);
    assert!(admission.response()["response"].get("status").is_none());

    // Deleting a privileged pod: the object is `oldObject`, and it is not refused.
    let old = PRIVILEGED.replacen("\"object\"", "\"object\": null, \"oldObject\"", 1);
    let admission = engine().admit(review("DELETE", &old).as_bytes());
    assert!(admission.allowed, "{}", admission.message);
    assert_eq!(admission.judged.len(), 1, "only the review itself");
}

#[test]
fn requests_that_cannot_be_read_fail_closed_with_a_reason() {
    for body in [
        &b"not json at all {"[..],
        b"",
        br#"{"kind": "Pod"}"#,
        br#"{"kind": "AdmissionReview", "request": {}}"#,
        br#"[1, 2, 3]"#,
    ] {
        let admission = engine().admit(body);
        assert!(!admission.allowed, "{:?}", String::from_utf8_lossy(body));
        assert_eq!(admission.code, 400);
        assert!(!admission.message.is_empty());
        let response = admission.response();
        assert_eq!(response["kind"], "AdmissionReview");
        assert_eq!(response["response"]["allowed"], false);
    }
}

#[test]
fn list_items_are_judged_each_with_pointers_into_the_list() {
    let list = br#"apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata: { name: settings }
  - apiVersion: v1
    kind: Pod
    metadata: { name: web }
    spec:
      hostNetwork: true
      containers: [ { name: app, image: "nginx:1.27" } ]
"#;
    let report = engine().scan("list.yaml", list);
    assert_eq!(report.documents, 2);
    let host = report
        .findings
        .iter()
        .find(|f| f.rule == "PSS-BASELINE-HOST-NAMESPACES")
        .must("host network is found");
    assert_eq!(host.path, "/items/1/spec/hostNetwork");
    assert_eq!(host.line, 11);
    assert_eq!(host.object, "Pod web");
}

#[test]
fn objects_no_rule_judges_can_be_denied_per_object() {
    let strict = Engine::builder().deny_unjudged(true).build().must("engine");
    let config_map = b"apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\n";
    let judgement = strict.judge(config_map);
    assert!(!judgement.is_allowed());
    assert_eq!(
        judgement
            .judged
            .first()
            .and_then(|j| j.decision.errors.first())
            .map(|e| e.code.as_str()),
        Some("E0508")
    );
    assert!(engine().judge(config_map).is_allowed());
    // The review and its pod count as one object: the pod's rules apply, so the review itself
    // (which no rule judges) is not denied for that.
    let bytes = review("CREATE", PRIVILEGED);
    let judgement = strict.judge(bytes.as_bytes());
    assert!(
        judgement
            .judged
            .iter()
            .flat_map(|j| &j.decision.errors)
            .all(|e| e.code != "E0508")
    );
}

#[test]
fn excluded_rules_neither_report_nor_deny_and_unknown_ones_are_refused() {
    let pod = b"apiVersion: v1\nkind: Pod\nmetadata: { name: web }\nspec:\n  hostPID: true\n  containers: [ { name: app, image: \"nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\" } ]\n";
    let all = engine().judge(pod);
    assert!(!all.is_allowed());
    let denying: Vec<String> = all
        .judged
        .iter()
        .flat_map(|j| j.decision.violations())
        .filter(|(r, _)| r.metadata.enforcement == "deny")
        .map(|(r, _)| r.id.to_string())
        .collect();
    let mut builder = Engine::builder();
    for id in &denying {
        builder = builder.exclude(id.clone());
    }
    let lenient = builder.build().must("engine");
    let judged = lenient.judge(pod);
    assert!(judged.is_allowed(), "{denying:?}");
    assert!(
        lenient
            .scan("pod.yaml", pod)
            .findings
            .iter()
            .all(|f| f.enforcement != "deny")
    );
    let err = Engine::builder().exclude("NO-SUCH-RULE").build();
    assert!(err.is_err_and(|e| e.to_string().contains("NO-SUCH-RULE")));
}

#[test]
fn own_policies_with_imported_library_and_parameters_from_toml() {
    let policy = r#"package acme.pods

import palisade.k8s

param max_containers: int = 5

rule few_containers(pod: k8s.Pod) {
  meta { id: "ACME-FEW" title: "Few containers" severity: "medium" }
  if count(pod.spec.containers) > max_containers {
    violation "too many containers" at pod.spec.containers
  }
}
"#;
    let config =
        palisade::Config::parse("[params]\n\"acme.pods.max_containers\" = 0\n").must("config");
    let engine = Engine::builder()
        .stdlib(Stdlib::Imported)
        .policy("acme/pods.pal", policy)
        .config(&config)
        .build()
        .must("engine");
    let ids: Vec<String> = engine
        .policy_set()
        .rules()
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(ids, ["ACME-FEW"]);
    let deployment = b"apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web }\nspec:\n  template:\n    spec:\n      containers: [ { name: app, image: nginx } ]\n";
    let report = engine.scan("deploy.yaml", deployment);
    let finding = report.findings.first().must("the template is judged");
    assert_eq!(finding.rule, "ACME-FEW");
    assert_eq!(finding.path, "/spec/template/spec/containers");
    assert_eq!(finding.line, 7);

    let broken = Engine::builder()
        .stdlib(Stdlib::None)
        .policy("bad.pal", "package bad\n\nrule r(x: Nope) {}\n")
        .build();
    let message = broken.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(message.contains("bad.pal"), "{message}");
    let wrong = Engine::builder()
        .stdlib(Stdlib::Imported)
        .policy("acme/pods.pal", policy)
        .param("acme.pods.max_containers", serde_json::json!("many"))
        .build();
    assert!(wrong.is_err_and(|e| e.to_string().contains("max_containers")));
}

#[test]
fn one_engine_serves_many_threads_with_the_decisions_of_one() {
    let engine = engine();
    let bytes = review("CREATE", PRIVILEGED);
    let alone = serde_json::to_string(&engine.judge(bytes.as_bytes()).judged).unwrap_or_default();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let engine = engine.clone();
                let bytes = bytes.clone();
                s.spawn(move || {
                    (0..10)
                        .map(|_| {
                            serde_json::to_string(&engine.judge(bytes.as_bytes()).judged)
                                .unwrap_or_default()
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            for got in h.join().unwrap_or_default() {
                assert_eq!(got, alone);
            }
        }
    });
}

/// Rules about reviews (who may create a TaskRun) apply to every review: whether anything
/// judged a review's object is decided on the object alone, and E0508 names the object.
#[test]
fn an_object_in_a_review_that_no_rule_judges_is_denied_on_request() {
    let config_map = r#""object": { "apiVersion": "v1", "kind": "ConfigMap",
      "metadata": { "name": "settings", "namespace": "shop" } }"#;
    let bytes = review("CREATE", config_map);
    assert!(engine().admit(bytes.as_bytes()).allowed);
    let strict = Engine::builder().deny_unjudged(true).build().must("engine");
    let admission = strict.admit(bytes.as_bytes());
    assert!(!admission.allowed);
    assert!(admission.message.contains("E0508"), "{}", admission.message);
    let object = admission
        .judged
        .iter()
        .find(|j| j.pointer == "/request/object")
        .must("the object is judged");
    assert_eq!(
        object.decision.errors.first().map(|e| e.code.as_str()),
        Some("E0508")
    );
    // The language's own option means the same through the engine: per object, not per target.
    let through_options = Engine::builder()
        .settings(palisade_engine::Settings {
            options: EvalOptions {
                deny_unjudged: true,
                ..EvalOptions::default()
            },
            ..palisade_engine::Settings::default()
        })
        .build()
        .must("engine");
    assert!(!through_options.admit(bytes.as_bytes()).allowed);
    let pod = review("CREATE", PRIVILEGED);
    let judged = through_options.judge(pod.as_bytes());
    assert!(
        judged
            .judged
            .iter()
            .flat_map(|j| &j.decision.errors)
            .all(|e| e.code != "E0508")
    );
}

#[test]
fn a_list_kind_without_items_is_judged_as_itself_and_an_empty_list_is_read() {
    let custom = b"apiVersion: acme.example/v1\nkind: IPAllowList\nmetadata: { name: office }\nspec: { cidrs: [10.0.0.0/8] }\n";
    let judgement = engine().judge(custom);
    assert_eq!(judgement.judged.len(), 1);
    assert_eq!(
        judgement.judged.first().map(|j| j.object.as_str()),
        Some("IPAllowList office")
    );
    let strict = Engine::builder().deny_unjudged(true).build().must("engine");
    assert!(!strict.judge(custom).is_allowed());
    let empty = engine().judge(b"apiVersion: v1\nkind: List\nitems: []\n");
    assert_eq!((empty.documents, empty.judged.len()), (1, 0));
    assert!(empty.is_allowed());
}

#[test]
fn an_entrypoint_that_is_also_excluded_is_refused() {
    let set = Engine::with_stdlib().must("engine").policy_set().clone();
    let settings = palisade_engine::Settings {
        entrypoint: Some("PSS-BASELINE-PRIVILEGED".to_owned()),
        options: EvalOptions {
            exclude: vec!["PSS-BASELINE-PRIVILEGED".to_owned()],
            ..EvalOptions::default()
        },
        ..palisade_engine::Settings::default()
    };
    let refused = Engine::new(set, settings);
    assert!(refused.is_err_and(|e| e.to_string().contains("also excluded")));
}
