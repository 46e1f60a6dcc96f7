//! Judging item by item: the items of a Kubernetes `List` (written by `kubectl`, `items`
//! before `kind`) are read and judged one at a time, each under the input limits on its own,
//! with exactly the decisions, pointers and lines that judging the whole list gives; a
//! hostile item is refused alone; and a document that only has a member called `items` is
//! judged whole, in its place in the stream.

use palisade::{InputFormat, InputLimits, read_documents};
use palisade_engine::{Engine, Settings};
use serde_json::json;

trait Must<T> {
    fn must(self, what: &str) -> T;
}

impl<T, E: std::fmt::Debug> Must<T> for Result<T, E> {
    fn must(self, what: &str) -> T {
        self.unwrap_or_else(|e| unreachable!("{what}: {e:?}"))
    }
}

/// A pod, privileged when `i` is odd, with a name from `i`.
fn pod(i: usize) -> serde_json::Value {
    json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": { "name": format!("web-{i}"), "namespace": "shop" },
        "spec": { "containers": [ {
            "name": "app",
            "image": "registry.example/web@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "securityContext": { "privileged": i % 2 == 1 },
        } ] },
    })
}

/// A `List` of `n` pods as `kubectl get -o yaml` writes it: keys sorted, `items` first.
fn kubectl_list(n: usize) -> String {
    let mut out = String::from("apiVersion: v1\nitems:\n");
    for i in 0..n {
        let item = serde_json::to_string(&pod(i)).must("json");
        out.push_str(&format!("- {item}\n"));
    }
    out.push_str("kind: List\nmetadata:\n  resourceVersion: \"\"\n");
    out
}

fn engine_with(limits: InputLimits) -> Engine {
    Engine::builder()
        .settings(Settings {
            input_limits: limits,
            ..Settings::default()
        })
        .build()
        .must("engine")
}

fn json_of<T: serde::Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).must("serializes")
}

#[test]
fn a_list_larger_than_the_node_limit_is_judged_item_by_item_as_a_whole_list_would_be() {
    let text = kubectl_list(40);
    // Each pod is about 20 values; the list is about 800.
    let small = InputLimits {
        max_nodes: 100,
        ..InputLimits::default()
    };
    let (_, whole_errors) = read_documents(text.as_bytes(), InputFormat::Yaml, &small);
    assert_eq!(
        whole_errors.first().map(|e| e.code.as_str()),
        Some("E0402"),
        "read whole, the list is over the limit"
    );
    let streamed = engine_with(small).judge(text.as_bytes());
    assert!(streamed.unreadable.is_empty(), "{:?}", streamed.unreadable);
    assert_eq!(streamed.documents, 1);
    assert_eq!(streamed.judged.len(), 40);

    let engine = engine_with(InputLimits::default());
    let (docs, errors) =
        read_documents(text.as_bytes(), InputFormat::Yaml, &InputLimits::default());
    assert!(errors.is_empty());
    let whole = engine.judge_documents(&docs);
    assert_eq!(json_of(&streamed.judged), json_of(&whole));
    let privileged: Vec<(String, u32)> = streamed
        .judged
        .iter()
        .filter(|j| {
            j.decision
                .rules
                .iter()
                .any(|r| r.id == "PSS-BASELINE-PRIVILEGED" && r.status == palisade::Status::Fail)
        })
        .map(|j| (j.pointer.clone(), j.line))
        .collect();
    assert_eq!(privileged.len(), 20);
    assert_eq!(privileged.first(), Some(&("/items/1".to_owned(), 4)));
}

#[test]
fn scan_findings_of_a_streamed_list_point_at_their_lines() {
    let text = kubectl_list(6);
    let report = engine_with(InputLimits {
        max_nodes: 60,
        ..InputLimits::default()
    })
    .scan("pods.yaml", text.as_bytes());
    let privileged: Vec<(String, u32, String)> = report
        .findings
        .iter()
        .filter(|f| f.rule == "PSS-BASELINE-PRIVILEGED")
        .map(|f| (f.path.clone(), f.line, f.object.clone()))
        .collect();
    let expected: Vec<(String, u32, String)> = [1, 3, 5]
        .into_iter()
        .map(|i| {
            (
                format!("/items/{i}/spec/containers/0/securityContext/privileged"),
                u32::try_from(i + 3).unwrap_or_default(),
                format!("Pod web-{i}"),
            )
        })
        .collect();
    assert_eq!(privileged, expected);
    assert_eq!(report.documents, 6);
}

#[test]
fn a_hostile_item_is_refused_alone_and_the_others_are_judged() {
    let mut items: Vec<serde_json::Value> = (0..3).map(pod).collect();
    let bomb: Vec<u32> = (0..500).collect();
    items.insert(1, json!({ "kind": "ConfigMap", "data": { "x": bomb } }));
    let text = serde_json::to_string_pretty(
        &json!({ "apiVersion": "v1", "items": items, "kind": "List" }),
    )
    .must("json");
    let report = engine_with(InputLimits {
        max_nodes: 200,
        ..InputLimits::default()
    })
    .scan("list.json", text.as_bytes());
    let unreadable: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.title == "unreadable document")
        .map(|f| f.rule.as_str())
        .collect();
    assert_eq!(unreadable, ["E0402"]);
    let objects: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.rule == "PSS-BASELINE-PRIVILEGED")
        .map(|f| f.object.as_str())
        .collect();
    assert_eq!(objects, ["Pod web-1"]);
    assert_eq!(report.documents, 3, "the three pods, not the refused item");
}

#[test]
fn a_document_with_items_that_is_not_a_list_is_judged_whole_in_its_place() {
    let text = format!(
        "{}---\n{}---\n{}",
        serde_yaml_like(&pod(1)),
        "apiVersion: example.com/v1\nitems:\n- kind: Pod\n  spec: {hostNetwork: true}\nkind: Inventory\nmetadata: {name: stock}\n",
        kubectl_list(2)
    );
    let judgement = engine_with(InputLimits::default()).judge(text.as_bytes());
    let seen: Vec<(usize, &str, &str)> = judgement
        .judged
        .iter()
        .map(|j| (j.document, j.pointer.as_str(), j.object.as_str()))
        .collect();
    assert_eq!(
        seen,
        [
            (0, "", "Pod web-1"),
            (1, "", "Inventory stock"),
            (2, "/items/0", "Pod web-0"),
            (2, "/items/1", "Pod web-1"),
        ]
    );
    assert_eq!(judgement.documents, 3);
}

#[test]
fn a_json_list_that_writes_items_twice_is_judged_as_its_last_items() {
    let text = r#"{"apiVersion":"v1","kind":"List","items":[{"kind":"Pod","metadata":{"name":"gone"}}],
"items":[{"kind":"Pod","metadata":{"name":"kept"}}]}"#;
    let judgement = engine_with(InputLimits::default()).judge(text.as_bytes());
    let objects: Vec<&str> = judgement.judged.iter().map(|j| j.object.as_str()).collect();
    assert_eq!(objects, ["Pod kept"]);
}

#[test]
fn unjudged_items_are_denied_one_by_one() {
    let text = "apiVersion: v1\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n- {apiVersion: v1, kind: Pod, metadata: {name: b}, spec: {containers: [{name: c, image: x}]}}\nkind: List\n";
    let strict = Engine::builder().deny_unjudged(true).build().must("engine");
    let judgement = strict.judge(text.as_bytes());
    let unjudged: Vec<bool> = judgement
        .judged
        .iter()
        .map(|j| j.decision.errors.iter().any(|e| e.code == "E0508"))
        .collect();
    assert_eq!(unjudged, [true, false]);
}

/// A YAML document of a JSON value: a comment, then the value as a one-line flow mapping
/// (JSON is YAML; the comment keeps the stream from being taken for JSON).
fn serde_yaml_like(value: &serde_json::Value) -> String {
    format!("# a pod\n{value}\n")
}

#[test]
fn a_refused_item_of_a_document_read_again_whole_is_reported_once() {
    let long = "x".repeat(200);
    for text in [
        format!("kind: Inventory\nitems:\n- \"{long}\"\n- a\n"),
        format!("{{\"kind\": \"Inventory\", \"items\": [\"{long}\", \"a\"]}}"),
    ] {
        let report = engine_with(InputLimits {
            max_string_bytes: 100,
            ..InputLimits::default()
        })
        .scan("inventory.yaml", text.as_bytes());
        let codes: Vec<&str> = report.findings.iter().map(|f| f.rule.as_str()).collect();
        assert_eq!(codes, ["E0404"], "{text}");
    }
}

#[test]
fn a_hostile_list_of_malformed_items_is_one_refusal_not_one_per_item() {
    let mut text = String::from("kind: List\nitems:\n");
    for _ in 0..5_000 {
        text.push_str("- {a: 1, a: 1}\n");
    }
    let report = engine_with(InputLimits::default()).scan("list.yaml", text.as_bytes());
    assert_eq!(report.findings.len(), 1, "{:?}", report.findings.first());
    // Items refused for a limit are passed over, at most 100 of them per document.
    let mut deep = String::from("kind: List\nitems:\n");
    for _ in 0..500 {
        deep.push_str("- [[[[[[[[1]]]]]]]]\n");
    }
    let report = engine_with(InputLimits {
        max_depth: 6,
        ..InputLimits::default()
    })
    .scan("deep.yaml", deep.as_bytes());
    assert_eq!(
        report.findings.len(),
        101,
        "100 items passed over, then the document refused"
    );
}
