//! Fuel is charged per rule run, whatever ran before: calls whose arguments depend on the host
//! only are computed once per evaluation, yet every rule that makes one pays what computing it
//! costs, so a rule's fuel and outcome are the same alone and among others.

use palisade::{Document, EvalOptions, FileId, Limits, PolicySet, Status, Value};

const POLICY: &str = r#"package f

param factor: int = 3
let xs: list<int> = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]

fn heavy(k: int) -> int {
  return sum([x * k for x in xs if x % 2 == 0])
}

type Doc = { limit: int, .. }

rule first(d: Doc) {
  meta { id: "F-1" title: "first" }
  if heavy(factor) > d.limit {
    violation "first: {heavy(factor)} > {d.limit}" at d.limit
  }
}

rule second(d: Doc) {
  meta { id: "F-2" title: "second" }
  if heavy(factor) + heavy(2) > d.limit {
    violation "second" at d.limit
  }
}
"#;

fn doc(limit: i64) -> Document {
    Document::from_value(0, Value::from_json(&serde_json::json!({ "limit": limit })))
}

#[test]
fn each_rule_pays_for_memoized_calls_as_if_alone() {
    let set = PolicySet::compile(&[(FileId(0), POLICY)]).expect("the policy compiles");
    let options = EvalOptions::default();
    let together = set.evaluate(&doc(10), &options);
    let first = set.evaluate_entrypoint("F-1", &doc(10), &options);
    let second = set.evaluate_entrypoint("F-2", &doc(10), &options);
    assert!(first.stats.fuel_used > 0);
    assert_eq!(
        together.stats.fuel_used,
        first.stats.fuel_used + second.stats.fuel_used,
        "together {together:?}"
    );
    assert_eq!(together.violations().count(), 2);
}

#[test]
fn a_rule_runs_out_of_fuel_alone_and_among_others_alike() {
    let set = PolicySet::compile(&[(FileId(0), POLICY)]).expect("the policy compiles");
    let need = |id: &str, options: &EvalOptions| {
        let d = set.evaluate_entrypoint(id, &doc(10), options);
        (d.stats.fuel_used, d.rules.first().map(|r| r.status))
    };
    // Below the default fuel, constants are computed as the rules run rather than folded when
    // compiling: measure under such a limit too.
    let mut options = EvalOptions {
        limits: Limits {
            fuel: Limits::default().fuel - 1,
            ..Limits::default()
        },
        ..EvalOptions::default()
    };
    let (first, _) = need("F-1", &options);
    let (second, _) = need("F-2", &options);
    assert_ne!(first, second);
    // Exactly enough for both: a rule that needs all of its fuel completes, alone or after
    // the other rule computed what they share.
    options.limits.fuel = first.max(second);
    let together = set.evaluate(&doc(10), &options);
    let statuses: Vec<Status> = together.rules.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [Status::Fail, Status::Fail], "{together:?}");
    for id in ["F-1", "F-2"] {
        assert_eq!(need(id, &options).1, Some(Status::Fail), "{id} alone");
    }
    // Just too little for the costlier rule, enough for the other.
    options.limits.fuel = first.max(second) - 1;
    let expected = if first > second {
        [Status::Error, Status::Fail]
    } else {
        [Status::Fail, Status::Error]
    };
    for order in [["F-1", "F-2"], ["F-2", "F-1"]] {
        let alone: Vec<Option<Status>> = order.iter().map(|id| need(id, &options).1).collect();
        let want: Vec<Option<Status>> = order
            .iter()
            .map(|id| {
                Some(if *id == "F-1" {
                    expected[0]
                } else {
                    expected[1]
                })
            })
            .collect();
        assert_eq!(alone, want, "{order:?}");
    }
    let together = set.evaluate(&doc(10), &options);
    // Constants computed as rules run are paid for by every rule that reads one.
    options.limits.fuel = Limits::default().fuel - 1;
    assert_eq!(
        set.evaluate(&doc(10), &options).stats.fuel_used,
        first + second,
        "fuel of both rules together"
    );
    let statuses: Vec<Status> = together.rules.iter().map(|r| r.status).collect();
    assert_eq!(statuses, expected, "{together:?}");
    assert!(
        together.errors.iter().all(|e| e.code == "E0503"),
        "{:?}",
        together.errors
    );
}
