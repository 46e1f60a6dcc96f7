//! The equivalence checks of the peer scenarios: every peer engine decides as Palisade on every
//! input of a scenario. The benchmarks run them before timing anything (and stop if one
//! fails); `tests/equivalence.rs` runs them in CI, which never times anything.

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "a check that fails stops the benchmark or the test"
)]

use palisade::{Document, EvalOptions, FileId, PolicySet, Value};
use palisade_benches::{CEL_POD_ALLOWED, POD_POLICY, REGO_POD_POLICY, pod_variants};

/// P1: regorus and cel reach Palisade's decision (regorus also its number of violations) on
/// every pod variant. Panics otherwise.
pub fn p1_regorus_and_cel_decide_as_palisade() {
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

/// P2: cedar-policy and regorus authorize every request as Palisade does (with options bound
/// per evaluation and prepared once). Panics otherwise.
pub fn p2_cedar_and_regorus_authorize_as_palisade() {
    use palisade_benches::{
        AUTHZ_POLICY, CEDAR_POLICY, REGO_AUTHZ_POLICY, authz_requests, cedar_entities, memberships,
    };
    let set = PolicySet::compile(&[(FileId(0), AUTHZ_POLICY)]).expect("the Palisade policy checks");
    let mut options = EvalOptions::default();
    options
        .data
        .insert("bench.authz.memberships".to_owned(), memberships());
    let cedar_policies: cedar_policy::PolicySet = CEDAR_POLICY.parse().expect("Cedar parses");
    let entities =
        cedar_policy::Entities::from_json_value(cedar_entities(), None).expect("entities");
    let authorizer = cedar_policy::Authorizer::new();
    let mut rego = regorus::Engine::new();
    rego.add_policy("authz.rego".to_owned(), REGO_AUTHZ_POLICY.to_owned())
        .expect("Rego parses");
    rego.add_data(
        regorus::Value::from_json_str(
            &serde_json::json!({ "memberships": memberships() }).to_string(),
        )
        .expect("data"),
    )
    .expect("Rego data");
    let prepared = set.prepare(&options).expect("the options fit");
    let mut allowed_count = 0;
    for (p, a, d, owner, locked) in authz_requests() {
        let input = serde_json::json!({ "principal": p, "action": a, "resource": { "owner": owner, "locked": locked } });
        let doc = Document::from_value(0, Value::from_json(&input));
        let decision = set.evaluate(&doc, &options);
        assert!(decision.errors.is_empty(), "{:?}", decision.errors);
        assert_eq!(
            set.evaluate_prepared(&doc, &prepared),
            decision,
            "prepared options"
        );
        let allowed = decision.is_allowed();
        allowed_count += usize::from(allowed);

        let request = cedar_policy::Request::new(
            format!("User::\"{p}\"").parse().expect("principal"),
            format!("Action::\"{a}\"").parse().expect("action"),
            format!("Document::\"{d}\"").parse().expect("resource"),
            cedar_policy::Context::empty(),
            None,
        )
        .expect("request");
        let cedar = authorizer.is_authorized(&request, &cedar_policies, &entities);
        assert_eq!(
            cedar.decision() == cedar_policy::Decision::Allow,
            allowed,
            "cedar: {p} {a} {d}"
        );

        rego.set_input(regorus::Value::from_json_str(&input.to_string()).expect("input"));
        let rego_allow = rego
            .eval_rule("data.bench.authz.allow".to_owned())
            .expect("Rego evaluates");
        assert_eq!(
            rego_allow,
            regorus::Value::from(allowed),
            "regorus: {p} {a} {d}"
        );
    }
    // Some requests are allowed and some denied, through every level of the hierarchy.
    assert!(
        allowed_count > 3 && allowed_count < authz_requests().len(),
        "{allowed_count}"
    );
}
