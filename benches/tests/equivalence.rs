//! Every peer engine decides as Palisade on every input of a scenario, before anything is timed
//! (CI runs this; it never times anything).

use palisade::{Document, EvalOptions, FileId, PolicySet, Value};
use palisade_benches::{CEL_POD_ALLOWED, POD_POLICY, REGO_POD_POLICY, pod_variants};

#[test]
fn p1_regorus_and_cel_decide_as_palisade() {
    let set = PolicySet::compile(&[(FileId(0), POD_POLICY)]).expect("the Palisade policy checks");
    let mut rego = regorus::Engine::new();
    rego.add_policy("pods.rego".to_owned(), REGO_POD_POLICY.to_owned())
        .expect("the Rego policy parses");
    let cel = cel::Program::compile(CEL_POD_ALLOWED).expect("the CEL expression parses");
    let variants = pod_variants();
    assert!(variants.len() >= 10);
    for (i, input) in variants.iter().enumerate() {
        let decision = set.evaluate(
            &Document::from_value(0, Value::from_json(input)),
            &EvalOptions::default(),
        );
        assert!(decision.errors.is_empty(), "{i}: {:?}", decision.errors);
        let violations = decision.violations().count();

        rego.set_input(regorus::Value::from_json_str(&input.to_string()).expect("input"));
        let deny = rego
            .eval_rule("data.bench.pods.deny".to_owned())
            .expect("Rego evaluates");
        let denials = deny.as_set().map(|s| s.len()).unwrap_or(0);
        assert_eq!(
            denials == 0,
            decision.is_allowed(),
            "{i}: regorus says {deny}"
        );
        assert_eq!(
            denials, violations,
            "{i}: the same violations, one per message"
        );

        let mut context = cel::Context::default();
        context
            .add_variable("input", input.clone())
            .expect("CEL input");
        let allowed = cel.execute(&context).expect("CEL evaluates");
        assert_eq!(allowed, cel::Value::Bool(decision.is_allowed()), "{i}: cel");
    }
}
