//! P3: scan throughput. 10,000 generated manifests (mixed kinds, about 2 KB each) read from YAML
//! and judged by the whole standard library, against reading them alone (YAML to values): the
//! scan's throughput as a fraction of parsing's. One thread each, documents judged as
//! `palisade scan` judges them (workloads through their pod templates).

#![expect(clippy::panic, reason = "a benchmark setup fails loudly")]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use palisade::{EvalOptions, FileId, InputFormat, InputLimits, PolicySet, read_documents};
use palisade_benches::{manifests::manifest, stdlib_sources};
use std::hint::black_box;

fn manifests_count() -> usize {
    std::env::var("PALISADE_P3_MANIFESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000)
}

fn p3(c: &mut Criterion) {
    let sources = stdlib_sources().unwrap_or_else(|e| panic!("the stdlib: {e}"));
    let files: Vec<(FileId, &str)> = sources
        .iter()
        .enumerate()
        .map(|(i, (_, text))| (FileId(i as u32), text.as_str()))
        .collect();
    let set = PolicySet::compile(&files).unwrap_or_else(|e| panic!("{e:?}"));
    let options = set
        .prepare(&EvalOptions::default())
        .unwrap_or_else(|e| panic!("{e:?}"));
    let texts: Vec<Vec<u8>> = (0..manifests_count())
        .map(|n| manifest(n).into_bytes())
        .collect();
    let bytes: usize = texts.iter().map(Vec::len).sum();
    let limits = InputLimits::default();
    let mut group = c.benchmark_group(format!("p3_scan_{}_manifests", texts.len()));
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("parse_only", |b| {
        b.iter(|| {
            let mut documents = 0;
            for text in &texts {
                let (docs, errors) = read_documents(black_box(text), InputFormat::Yaml, &limits);
                assert!(errors.is_empty());
                documents += docs.len();
            }
            documents
        })
    });
    group.bench_function("parse_and_stdlib", |b| {
        b.iter(|| {
            let mut violations = 0;
            for text in &texts {
                let (docs, errors) = read_documents(black_box(text), InputFormat::Yaml, &limits);
                assert!(errors.is_empty());
                for doc in &docs {
                    violations += set.evaluate_prepared(doc, &options).violations().count();
                }
            }
            violations
        })
    });
    group.finish();
}

criterion_group!(benches, p3);
criterion_main!(benches);
