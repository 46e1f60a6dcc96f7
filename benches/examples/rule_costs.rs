//! What each standard-library rule costs on the generated manifests of the scan scenario: time
//! and fuel (evaluation steps) per document, evaluated alone through `evaluate_entrypoint`,
//! costliest first. A profiling aid for P3: `cargo run --release -p palisade-benches --example
//! rule_costs [COUNT [RULE]]`; with a rule id (or `all`), only that rule (or every rule),
//! twenty times over.

#![expect(clippy::panic, reason = "a profiling tool fails loudly")]

use palisade::{EvalOptions, FileId, InputFormat, InputLimits, PolicySet, read_documents};
use palisade_benches::{manifests::manifest, stdlib_sources};
use std::time::Instant;

fn main() {
    let count: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000);
    let sources = stdlib_sources().unwrap_or_else(|e| panic!("{e}"));
    let files: Vec<(FileId, &str)> = sources
        .iter()
        .enumerate()
        .map(|(i, (_, t))| (FileId(i as u32), t.as_str()))
        .collect();
    let set = PolicySet::compile(&files).unwrap_or_else(|e| panic!("{e:?}"));
    let options = EvalOptions::default();
    let prepared = set.prepare(&options).unwrap_or_else(|e| panic!("{e:?}"));
    let docs: Vec<_> = (0..count)
        .flat_map(|n| {
            read_documents(
                manifest(n).as_bytes(),
                InputFormat::Yaml,
                &InputLimits::default(),
            )
            .0
        })
        .collect();
    if let Some(only) = std::env::args().nth(2) {
        // One rule, many times: for a profiler.
        let start = Instant::now();
        for _ in 0..20 {
            for doc in &docs {
                if only == "all" {
                    std::hint::black_box(set.evaluate_prepared(doc, &prepared));
                } else {
                    std::hint::black_box(set.evaluate_entrypoint(&only, doc, &options));
                }
            }
        }
        let per = start.elapsed().as_secs_f64() * 1e6 / (20 * docs.len()) as f64;
        println!("{only}: {per:.2} µs per document");
        return;
    }
    let start = Instant::now();
    for doc in &docs {
        std::hint::black_box(set.evaluate(doc, &options));
    }
    let all = start.elapsed();
    let mut rows = Vec::new();
    for rule in set.rules() {
        let start = Instant::now();
        let mut fuel = 0;
        for doc in &docs {
            fuel += set
                .evaluate_entrypoint(&rule.id, doc, &options)
                .stats
                .fuel_used;
        }
        rows.push((start.elapsed(), fuel, rule.id));
    }
    rows.sort_by_key(|r| std::cmp::Reverse(r.0));
    let per = |d: std::time::Duration| d.as_secs_f64() * 1e6 / docs.len() as f64;
    println!("all rules together: {:.1} µs per document", per(all));
    for (time, fuel, id) in rows {
        println!(
            "{:>8.2} µs {:>8.1} fuel  {id}",
            per(time),
            fuel as f64 / docs.len() as f64
        );
    }
}
