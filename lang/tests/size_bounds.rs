//! Size bounds on collection types (`list<T, max N>`, spec/types.md "Size bounds") at run time
//! and in the cost analysis: documents are held to the bound when they conform, a schema's
//! `maxItems` and `maxProperties` become bounds, and the static cost of a loop over a bounded
//! collection follows the bound, not the input limits. What the checker accepts is the table
//! of `conformance_size_bounds.rs`.

use palisade::{
    Document, EvalOptions, FileId, ItemKind, Limits, PolicySet, SchemaInput, SizeBounds, Value,
    schemas_to_sources,
};
use serde_json::json;

const POLICY: &str = r#"package bounds

type Container = { name: string, ports?: set<int, max 4> }
type Pod = {
  kind: "Pod",
  containers: list<Container, max 3>,
  labels?: map<string, string, max 2>,
}

rule pairs(pod: Pod) {
  meta { id: "PAIRS" title: "no two containers share a name" severity: "low" enforcement: "deny" }
  for a in pod.containers {
    for b in pod.containers {
      if a.name == b.name and a != b {
        violation "two containers are called {a.name}"
      }
    }
  }
}
"#;

/// The same rule over a type without bounds.
fn unbounded() -> String {
    POLICY
        .replace("set<int, max 4>", "set<int>")
        .replace("list<Container, max 3>", "list<Container>")
        .replace("map<string, string, max 2>", "map<string, string>")
}

#[expect(clippy::panic, reason = "a test helper fails its test by panicking")]
fn compile(text: &str) -> PolicySet {
    PolicySet::compile(&[(FileId(0), text)]).unwrap_or_else(|e| panic!("{:?}", e.diagnostics))
}

/// The codes and JSON pointers of the errors `pod` gets, with the rule's violations.
fn judge(pod: serde_json::Value) -> (Vec<(String, Option<String>)>, usize) {
    let set = compile(POLICY);
    let decision = set.evaluate(
        &Document::from_value(0, Value::from_json(&pod)),
        &EvalOptions::default(),
    );
    let errors = decision
        .errors
        .iter()
        .map(|e| (e.code.clone(), e.path.clone()))
        .collect();
    let violations = decision.rules.iter().map(|r| r.violations.len()).sum();
    (errors, violations)
}

fn containers(n: usize) -> serde_json::Value {
    json!(
        (0..n)
            .map(|i| json!({"name": format!("c{}", i % 2), "ports": [i, 80, 443, 8080]}))
            .collect::<Vec<_>>()
    )
}

#[test]
fn documents_within_their_bounds_conform() {
    let (errors, violations) = judge(json!({
        "kind": "Pod",
        "containers": containers(3),
        "labels": {"a": "1", "b": "2"},
    }));
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(violations, 2, "c0 twice, seen from both sides");
    // A set is held to its bound before repeats are dropped, as `maxItems` counts the array.
    let (errors, _) = judge(json!({
        "kind": "Pod",
        "containers": [{"name": "a", "ports": [80, 443, 80, 443]}],
    }));
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn a_collection_over_its_bound_does_not_conform() {
    let over = |pod: serde_json::Value, pointer: &str| {
        let (errors, violations) = judge(pod);
        assert_eq!(
            errors,
            vec![("E0500".to_owned(), Some(pointer.to_owned()))],
            "{pointer}"
        );
        assert_eq!(
            violations, 0,
            "the rule does not run on what does not conform"
        );
    };
    over(
        json!({"kind": "Pod", "containers": containers(4)}),
        "/containers",
    );
    over(
        json!({"kind": "Pod", "containers": containers(1), "labels": {"a": "", "b": "", "c": ""}}),
        "/labels",
    );
    over(
        json!({"kind": "Pod", "containers": [{"name": "a", "ports": [1, 2, 3, 4, 4]}]}),
        "/containers/0/ports",
    );
}

#[test]
fn the_message_says_the_bound_and_the_length() {
    let set = compile(POLICY);
    let decision = set.evaluate(
        &Document::from_value(
            0,
            Value::from_json(&json!({"kind": "Pod", "containers": containers(5)})),
        ),
        &EvalOptions::default(),
    );
    let messages: Vec<&str> = decision.errors.iter().map(|e| e.message.as_str()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("/containers: expected at most 3 elements, found 5")),
        "{messages:?}"
    );
}

/// The bound of the one rule of `text` for inputs within `sizes` and `limits`.
#[expect(clippy::panic, reason = "a test helper fails its test by panicking")]
fn bound(text: &str, sizes: &SizeBounds, limits: &Limits) -> u128 {
    compile(text)
        .cost_bounds(sizes, limits)
        .into_iter()
        .find(|c| c.kind == ItemKind::Rule)
        .unwrap_or_else(|| panic!("no rule"))
        .bound
}

fn sizes(collection_len: u64) -> SizeBounds {
    SizeBounds {
        collection_len,
        string_bytes: 64,
        nodes: 100_000,
    }
}

#[test]
fn a_loop_over_a_bounded_collection_costs_by_its_bound() {
    let limits = Limits::default();
    // Under inputs of collections up to three elements the bounds change nothing.
    assert_eq!(
        bound(POLICY, &sizes(3), &limits),
        bound(&unbounded(), &sizes(3), &limits)
    );
    // Past the largest bound (four ports), the bounded type keeps the cost of three
    // containers of four ports, exactly; the unbounded one grows with the square of the
    // collections.
    let at_bounds = bound(POLICY, &sizes(4), &limits);
    assert!(at_bounds > bound(POLICY, &sizes(3), &limits));
    for len in [5, 10, 1_000, 100_000] {
        assert_eq!(bound(POLICY, &sizes(len), &limits), at_bounds, "{len}");
    }
    let small = bound(&unbounded(), &sizes(10), &limits);
    let large = bound(&unbounded(), &sizes(1_000), &limits);
    assert!(large >= small * 5_000, "{small} then {large}");
    // And the fuel of a document at the bound is within it.
    let set = compile(POLICY);
    let pod = Value::from_json(&json!({"kind": "Pod", "containers": containers(3)}));
    let fuel = set
        .evaluate(&Document::from_value(0, pod), &EvalOptions::default())
        .stats
        .fuel_used;
    assert!(u128::from(fuel) <= at_bounds, "{fuel} > {at_bounds}");
}

#[test]
fn schema_max_items_and_max_properties_become_bounds() {
    let schema = r#"{
      "type": "object",
      "required": ["kind", "steps"],
      "properties": {
        "kind": { "const": "Pipeline" },
        "steps": { "type": "array", "maxItems": 8, "items": { "type": "string" } },
        "params": { "type": "object", "maxProperties": 16.0, "additionalProperties": { "type": "string" } },
        "tags": { "type": "array", "maxItems": -1, "items": { "type": "string" } }
      }
    }"#;
    let sources = schemas_to_sources(&[SchemaInput {
        name: "acme.ci.Pipeline",
        text: schema,
    }])
    .expect("a valid schema");
    let text = &sources[0].text;
    assert!(text.contains("steps: list<string, max 8>"), "{text}");
    assert!(
        text.contains("params?: map<string, string, max 16>"),
        "{text}"
    );
    assert!(
        text.contains("tags?: list<string>"),
        "an unusable bound is ignored: {text}"
    );
    let policy = r#"package acme.policies
import acme.ci

rule short(p: ci.Pipeline) {
  meta { id: "SHORT" title: "steps are named" severity: "low" enforcement: "deny" }
  for s in p.steps {
    if s == "" {
      violation "an unnamed step"
    }
  }
}
"#;
    let set = PolicySet::compile(&[(FileId(0), policy), (FileId(1), text.as_str())])
        .expect("the policy checks against the generated types");
    let steps = |n: usize| json!({"kind": "Pipeline", "steps": vec!["x"; n]});
    let errors = |doc: serde_json::Value| {
        set.evaluate(
            &Document::from_value(0, Value::from_json(&doc)),
            &EvalOptions::default(),
        )
        .errors
        .into_iter()
        .map(|e| e.path.unwrap_or_default())
        .collect::<Vec<_>>()
    };
    assert!(errors(steps(8)).is_empty());
    assert_eq!(errors(steps(9)), vec!["/steps".to_owned()]);
}
