//! P4: incremental checking — a generated policy set of 1,000 rules in 50 files, checked cold
//! and re-checked through the database after editing one rule's body. P5: decisions per second
//! with one and with two threads sharing one `PolicySet`.

#![expect(clippy::panic, reason = "a benchmark setup fails loudly")]

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use palisade::db::{Database, PolicyFile, PolicySetInput, diagnostics};
use palisade::{Document, EvalOptions, FileId, PolicySet, Value, check_sources};
use palisade_benches::{POD_POLICY, p4_file, p4_texts, pod};
use salsa::Setter;
use std::hint::black_box;

fn p4(c: &mut Criterion) {
    let texts = p4_texts();
    let sources: Vec<(FileId, &str)> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| (FileId(i as u32), t.as_str()))
        .collect();
    assert!(check_sources(&sources).diagnostics.is_empty());
    let mut group = c.benchmark_group("p4_incremental_1000_rules");
    group.sample_size(10);
    group.bench_function("cold_check", |b| {
        b.iter(|| check_sources(black_box(&sources)))
    });
    // One rule's body is edited, and the edit changes the file's length (every later
    // position moves). The floor of per-file granularity: what re-checking the edited file
    // alone from scratch costs, parsing it first.
    let edited = p4_file(7, "yy", Some(3));
    group.bench_function("parse_one_file", |b| {
        b.iter(|| palisade::syntax::parse(FileId(7), black_box(&edited)))
    });
    group.bench_function("check_one_file", |b| {
        b.iter(|| check_sources(black_box(&[(FileId(7), edited.as_str())])))
    });
    group.bench_function("recheck_after_body_edit", |b| {
        b.iter_batched(
            || {
                let db = Database::default();
                let files: Vec<PolicyFile> = texts
                    .iter()
                    .enumerate()
                    .map(|(i, t)| PolicyFile::new(&db, FileId(i as u32), t.clone()))
                    .collect();
                let set = PolicySetInput::new(&db, files.clone());
                assert!(diagnostics(&db, set).is_empty());
                (db, set, files, edited.clone())
            },
            |(mut db, set, files, edited)| {
                // Edit one rule's body (the string its names must start with).
                if let Some(f) = files.get(7) {
                    f.set_text(&mut db).to(edited);
                }
                let n = diagnostics(&db, set).len();
                assert_eq!(n, 0);
                (db, n)
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

fn p5(c: &mut Criterion) {
    let set = PolicySet::compile(&[(FileId(0), POD_POLICY)]).unwrap_or_else(|e| panic!("{e:?}"));
    let options = set
        .prepare(&EvalOptions::default())
        .unwrap_or_else(|e| panic!("{e:?}"));
    let docs: Vec<Document> = (0..2_000)
        .map(|i| Document::from_value(i, Value::from_json(&pod(i % 2 == 0))))
        .collect();
    let mut group = c.benchmark_group("p5_threads_2000_decisions");
    group.sample_size(10);
    for threads in [1usize, 2] {
        group.bench_function(format!("{threads}_thread"), |b| {
            b.iter(|| {
                std::thread::scope(|s| {
                    let chunk = docs.len().div_ceil(threads);
                    let handles: Vec<_> = docs
                        .chunks(chunk)
                        .map(|part| {
                            let set = &set;
                            let options = &options;
                            s.spawn(move || {
                                part.iter()
                                    .filter(|d| set.evaluate_prepared(d, options).is_allowed())
                                    .count()
                            })
                        })
                        .collect();
                    handles
                        .into_iter()
                        .map(|h| h.join().unwrap_or(0))
                        .sum::<usize>()
                })
            })
        });
    }
    group.finish();
}

criterion_group!(benches, p4, p5);
criterion_main!(benches);
