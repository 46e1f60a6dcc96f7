//! Per-decision latency of a compiled policy set, and the costs that decided the runtime value
//! representation: reading a document, cloning it, and reading a nested field.

#![expect(
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a benchmark setup fails loudly; the indexing is the serde_json access being measured"
)]

use criterion::{Criterion, criterion_group, criterion_main};
use palisade::{
    Document, EvalOptions, FileId, InputFormat, InputLimits, PolicySet, Value, read_documents,
};
use palisade_benches::{POD_POLICY, pod};
use std::hint::black_box;

fn decisions(c: &mut Criterion) {
    let set = PolicySet::compile(&[(FileId(0), POD_POLICY)]).unwrap_or_else(|e| panic!("{e:?}"));
    let options = EvalOptions::default();
    for (name, passing) in [("pass", true), ("fail", false)] {
        let doc = Document::from_value(0, Value::from_json(&pod(passing)));
        let decision = set.evaluate(&doc, &options);
        assert_eq!(decision.is_allowed(), passing);
        c.bench_function(&format!("decision/pod_{name}"), |b| {
            b.iter(|| set.evaluate(black_box(&doc), &options))
        });
    }
}

fn representation(c: &mut Criterion) {
    let text = serde_json::to_vec(&pod(false)).unwrap_or_default();
    c.bench_function("read/serde_json_value", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(&text)))
    });
    c.bench_function("read/palisade_document_with_lines", |b| {
        b.iter(|| read_documents(black_box(&text), InputFormat::Json, &InputLimits::default()))
    });
    let json = pod(false);
    let value = Value::from_json(&json);
    c.bench_function("clone/serde_json_value", |b| {
        b.iter(|| black_box(&json).clone())
    });
    c.bench_function("clone/palisade_value", |b| {
        b.iter(|| black_box(&value).clone())
    });
    c.bench_function("field/serde_json_value", |b| {
        b.iter(|| {
            black_box(&json)["spec"]["containers"][2]["securityContext"]["privileged"].as_bool()
        })
    });
    c.bench_function("field/palisade_value", |b| {
        b.iter(|| {
            let Value::Obj(root) = black_box(&value) else {
                return None;
            };
            let Some(Value::Obj(spec)) = root.get("spec") else {
                return None;
            };
            let Some(Value::List(cs)) = spec.get("containers") else {
                return None;
            };
            let Some(Value::Obj(c)) = cs.get(2) else {
                return None;
            };
            let Some(Value::Obj(sc)) = c.get("securityContext") else {
                return None;
            };
            match sc.get("privileged") {
                Some(Value::Bool(b)) => Some(*b),
                _ => None,
            }
        })
    });
}

criterion_group!(benches, decisions, representation);
criterion_main!(benches);
