//! P1 and P2 against the peers. P1: the same Pod Security subset (privileged, host namespaces, capabilities, runAsNonRoot,
//! allowPrivilegeEscalation, seccomp, hostPath, host ports) over a 3-container pod, in Palisade,
//! in Rego (regorus) and in CEL (cel), compiled once; per-decision latency on a passing and a
//! failing pod. `tests/equivalence.rs` checks first that the engines agree.

#![expect(clippy::panic, reason = "a benchmark setup fails loudly")]

use criterion::{Criterion, criterion_group, criterion_main};
use palisade::{Document, EvalOptions, FileId, PolicySet, Value};
use palisade_benches::{CEL_POD_ALLOWED, POD_POLICY, REGO_POD_POLICY, pod};
use std::hint::black_box;

#[path = "../checks/equivalence.rs"]
mod equivalence;

fn p1(c: &mut Criterion) {
    // Nothing is timed unless every engine decides as Palisade on every input.
    equivalence::p1_regorus_and_cel_decide_as_palisade();
    let set = PolicySet::compile(&[(FileId(0), POD_POLICY)]).unwrap_or_else(|e| panic!("{e:?}"));
    let options = set
        .prepare(&EvalOptions::default())
        .unwrap_or_else(|e| panic!("{e:?}"));
    let mut rego = regorus::Engine::new();
    rego.add_policy("pods.rego".to_owned(), REGO_POD_POLICY.to_owned())
        .unwrap_or_else(|e| panic!("{e}"));
    let program = cel::Program::compile(CEL_POD_ALLOWED).unwrap_or_else(|e| panic!("{e}"));
    for (name, passing) in [("pass", true), ("fail", false)] {
        let json = pod(passing);
        let doc = Document::from_value(0, Value::from_json(&json));
        let rego_input =
            regorus::Value::from_json_str(&json.to_string()).unwrap_or_else(|e| panic!("{e}"));
        let cel_input = cel::to_value(&json).unwrap_or_else(|e| panic!("{e}"));
        let mut group = c.benchmark_group(format!("p1_pod_{name}"));
        group.bench_function("palisade", |b| {
            b.iter(|| set.evaluate_prepared(black_box(&doc), &options))
        });
        group.bench_function("regorus", |b| {
            b.iter(|| {
                rego.set_input(rego_input.clone());
                rego.eval_rule("data.bench.pods.deny".to_owned())
            })
        });
        group.bench_function("cel", |b| {
            b.iter(|| {
                let mut context = cel::Context::default();
                context.add_variable_from_value("input", cel_input.clone());
                program.execute(&context)
            })
        });
        group.finish();
    }
}

/// P2: attribute-based authorization (a group hierarchy three deep, an owner, a lock): Palisade
/// against cedar-policy and regorus, on an allowed request that goes through the hierarchy and a
/// denied one.
fn p2(c: &mut Criterion) {
    use palisade_benches::{
        AUTHZ_POLICY, CEDAR_POLICY, REGO_AUTHZ_POLICY, cedar_entities, memberships,
    };
    equivalence::p2_cedar_and_regorus_authorize_as_palisade();
    let set = PolicySet::compile(&[(FileId(0), AUTHZ_POLICY)]).unwrap_or_else(|e| panic!("{e:?}"));
    let mut options = EvalOptions::default();
    options
        .data
        .insert("bench.authz.memberships".to_owned(), memberships());
    let cedar_policies: cedar_policy::PolicySet =
        CEDAR_POLICY.parse().unwrap_or_else(|e| panic!("{e}"));
    let entities = cedar_policy::Entities::from_json_value(cedar_entities(), None)
        .unwrap_or_else(|e| panic!("{e}"));
    let authorizer = cedar_policy::Authorizer::new();
    // The membership graph is bound once, as Cedar's entities and regorus' data are.
    let prepared = set.prepare(&options).unwrap_or_else(|e| panic!("{e:?}"));
    let mut rego = regorus::Engine::new();
    rego.add_policy("authz.rego".to_owned(), REGO_AUTHZ_POLICY.to_owned())
        .unwrap_or_else(|e| panic!("{e}"));
    let data = serde_json::json!({ "memberships": memberships() }).to_string();
    rego.add_data(regorus::Value::from_json_str(&data).unwrap_or_else(|e| panic!("{e}")))
        .unwrap_or_else(|e| panic!("{e}"));
    for (name, principal, action) in [("allowed", "dave", "delete"), ("denied", "carol", "view")] {
        let input = serde_json::json!({ "principal": principal, "action": action,
            "resource": { "owner": "alice", "locked": false } });
        let doc = Document::from_value(0, Value::from_json(&input));
        let rego_input =
            regorus::Value::from_json_str(&input.to_string()).unwrap_or_else(|e| panic!("{e}"));
        let request = cedar_policy::Request::new(
            format!("User::\"{principal}\"")
                .parse()
                .unwrap_or_else(|e| panic!("{e}")),
            format!("Action::\"{action}\"")
                .parse()
                .unwrap_or_else(|e| panic!("{e}")),
            "Document::\"plan\""
                .parse()
                .unwrap_or_else(|e| panic!("{e}")),
            cedar_policy::Context::empty(),
            None,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let mut group = c.benchmark_group(format!("p2_authz_{name}"));
        group.bench_function("palisade", |b| {
            b.iter(|| set.evaluate_prepared(black_box(&doc), &prepared))
        });
        // The same, binding the options (converting the graph) on every evaluation.
        group.bench_function("palisade_unprepared", |b| {
            b.iter(|| set.evaluate(black_box(&doc), &options))
        });
        group.bench_function("cedar", |b| {
            b.iter(|| authorizer.is_authorized(black_box(&request), &cedar_policies, &entities))
        });
        group.bench_function("regorus", |b| {
            b.iter(|| {
                rego.set_input(rego_input.clone());
                rego.eval_rule("data.bench.authz.allow".to_owned())
            })
        });
        group.finish();
    }
}

criterion_group!(benches, p1, p2);
criterion_main!(benches);
