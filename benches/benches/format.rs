//! F1: formatting throughput against parse-only throughput, side by side in one run, on the
//! whole standard library and on one generated file of 1,000 rules laid out carelessly (one
//! line per rule, no indentation), so that the formatter has every line to redo.

#![expect(clippy::panic, reason = "a benchmark setup fails loudly")]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use palisade::{FileId, FormatOptions, format, syntax};
use palisade_benches::stdlib_sources;
use std::hint::black_box;

/// One file of `rules` rules, each written on a single line.
fn generated(rules: usize) -> String {
    let mut text = String::from(
        "package gen.fmt\n\ntype Item = { name: string, n: int, tags?: list<string>, .. }\n\
         type Doc = { kind: \"Doc\", items: list<Item>, labels?: map<string, string>, .. }\n\n\
         fn weight(i: Item) -> int { return i.n * 2 + count(i.tags ?? []) }\n",
    );
    for r in 0..rules {
        text.push_str(&format!(
            "# Rule {r}: items that weigh too much.\nrule r{r}(d: Doc) {{ meta {{ id: \"GEN-{r}\", \
             title: \"Generated rule number {r}\", severity: \"low\", controls: [\"cis-k8s:5.2.{r}\"] }} \
             for i in d.items {{ if weight(i) > {r} and starts_with(i.name, \"x\") and not (\"keep\" in \
             (i.tags ?? [])) {{ violation \"item {{i.name}} weighs {{weight(i)}} in rule {r}\" at i.n }} }} }}\n"
        ));
    }
    text
}

fn bench(c: &mut Criterion) {
    let stdlib = stdlib_sources().unwrap_or_else(|e| panic!("reading stdlib/: {e}"));
    let big = generated(1000);
    for (name, text) in stdlib
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .chain([("generated", big.as_str())])
    {
        if let Err(d) = format(text, &FormatOptions::default()) {
            panic!("{name} does not format: {d:?}");
        }
    }
    let stdlib_bytes: usize = stdlib.iter().map(|(_, t)| t.len()).sum();

    let mut group = c.benchmark_group("f1_format_stdlib");
    group.throughput(Throughput::Bytes(stdlib_bytes as u64));
    group.bench_function("parse", |b| {
        b.iter(|| {
            for (_, text) in &stdlib {
                black_box(syntax::parse(FileId(0), black_box(text)));
            }
        })
    });
    group.bench_function("format", |b| {
        b.iter(|| {
            for (_, text) in &stdlib {
                let _ = black_box(format(black_box(text), &FormatOptions::default()));
            }
        })
    });
    group.finish();

    let mut group = c.benchmark_group("f1_format_1000_rules");
    group.throughput(Throughput::Bytes(big.len() as u64));
    group.sample_size(20);
    group.bench_function("parse", |b| {
        b.iter(|| black_box(syntax::parse(FileId(0), black_box(&big))))
    });
    group.bench_function("format", |b| {
        b.iter(|| black_box(format(black_box(&big), &FormatOptions::default())))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
