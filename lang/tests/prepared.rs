//! Prepared options: bound to the policy set that prepared them, shared by threads, and
//! deciding as options bound on every evaluation (the decision cases check that on every case).

use palisade::{Document, EvalOptions, FileId, PolicySet, Value};

const POLICY: &str = r#"package t

param limit: int = 2
data owners: map<string, list<string>>

type Doc = { team: string, members: list<string>, .. }

rule size(d: Doc) {
  meta { id: "T-SIZE" title: "Teams are small" }
  if count(d.members) > limit {
    violation "team {d.team} has {count(d.members)} members" at d.members
  }
}

rule owned(d: Doc) {
  meta { id: "T-OWNED" title: "Teams have owners" }
  if count(owners[d.team] ?? []) == 0 {
    violation "team {d.team} has no owner" at d.team
  }
}
"#;

fn doc(team: &str, members: usize) -> Document {
    let members: Vec<String> = (0..members).map(|i| format!("m{i}")).collect();
    Document::from_value(
        0,
        Value::from_json(&serde_json::json!({ "team": team, "members": members })),
    )
}

fn options() -> EvalOptions {
    let mut options = EvalOptions::default();
    options
        .params
        .insert("t.limit".to_owned(), serde_json::json!(3));
    options.data.insert(
        "t.owners".to_owned(),
        serde_json::json!({ "red": ["alice"], "blue": [] }),
    );
    options
}

#[test]
fn prepared_options_decide_as_options_and_serve_threads() {
    let set = PolicySet::compile(&[(FileId(0), POLICY)]).expect("the policy compiles");
    let options = options();
    let prepared = set.prepare(&options).expect("the options fit the set");
    let docs = [
        doc("red", 3),
        doc("red", 4),
        doc("blue", 1),
        doc("green", 0),
    ];
    let expected: Vec<_> = docs.iter().map(|d| set.evaluate(d, &options)).collect();
    let outcomes: Vec<bool> = expected.iter().map(|d| d.is_allowed()).collect();
    assert_eq!(outcomes, [true, false, false, false], "{expected:#?}");
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                for (d, want) in docs.iter().zip(&expected) {
                    assert_eq!(&set.evaluate_prepared(d, &prepared), want);
                }
            });
        }
    });
}

#[test]
fn options_that_do_not_fit_are_refused_when_prepared() {
    let set = PolicySet::compile(&[(FileId(0), POLICY)]).expect("the policy compiles");
    let mut options = options();
    options
        .params
        .insert("t.limit".to_owned(), serde_json::json!("three"));
    let errors = set.prepare(&options).expect_err("a string is no int");
    assert_eq!(errors, set.check_options(&options));
    assert_eq!(
        errors.first().map(|e| e.code.as_str()),
        Some("E0500"),
        "a nonconforming value"
    );
}

#[test]
fn options_prepared_for_another_set_deny_with_an_error() {
    let one = PolicySet::compile(&[(FileId(0), POLICY)]).expect("the policy compiles");
    let other = PolicySet::compile(&[(FileId(0), POLICY)]).expect("the policy compiles");
    let prepared = one.prepare(&options()).expect("the options fit");
    let decision = other.evaluate_prepared(&doc("red", 1), &prepared);
    assert!(!decision.is_allowed());
    assert!(
        decision
            .errors
            .iter()
            .any(|e| e.message.contains("another policy set")),
        "{decision:?}"
    );
    // A clone of the set is the same set.
    let clone = one.clone();
    assert!(
        clone
            .evaluate_prepared(&doc("red", 1), &prepared)
            .is_allowed()
    );
}
