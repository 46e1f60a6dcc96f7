//! L1: what the language server does per keystroke and per request, on a workspace of the
//! standard library plus one generated file of 1,000 rules. The server re-checks the whole set
//! after an edit (the editor queries are not yet on the incremental database), so a keystroke
//! costs one `Snapshot::new`; completion after a `.` checks the set once more with a
//! placeholder at the cursor.

#![expect(clippy::panic, reason = "a benchmark setup fails loudly")]

use criterion::{Criterion, criterion_group, criterion_main};
use palisade::FileId;
use palisade::ide::Snapshot;
use palisade_benches::stdlib_sources;
use std::hint::black_box;

fn generated(rules: usize) -> String {
    let mut text = String::from(
        "package gen.lsp\n\nimport palisade.k8s\n\n\
         fn weight(c: k8s.Container) -> int {\n  return count(c.ports ?? []) * 2\n}\n",
    );
    for r in 0..rules {
        text.push_str(&format!(
            "\nrule r{r}(pod: k8s.Pod) {{\n  meta {{\n    id: \"GEN-{r}\"\n    title: \"Generated {r}\"\n  }}\n  \
             for c in pod.spec.containers {{\n    if weight(c) > {r} and starts_with(c.name, \"x\") {{\n      \
             violation \"container {{c.name}} weighs {{weight(c)}}\" at c.name\n    }}\n  }}\n}}\n"
        ));
    }
    text
}

fn bench(c: &mut Criterion) {
    let mut sources: Vec<(FileId, String)> = vec![(FileId(0), generated(1000))];
    for (i, (_, text)) in stdlib_sources()
        .unwrap_or_else(|e| panic!("reading stdlib/: {e}"))
        .into_iter()
        .enumerate()
    {
        sources.push((FileId(u32::try_from(i + 1).unwrap_or(u32::MAX)), text));
    }
    let snapshot = Snapshot::new(sources.clone());
    let errors: Vec<String> = snapshot
        .diagnostics()
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    assert!(errors.is_empty(), "the workspace has errors: {errors:?}");
    let text = sources.first().map(|(_, t)| t.clone()).unwrap_or_default();
    let field = text.find("c.name, \"x\"").map_or(0, |i| i + 2) as u32;
    assert!(
        snapshot
            .completions(FileId(0), field)
            .iter()
            .any(|c| c.label == "image"),
        "completion at the field offers the container's fields"
    );

    let mut group = c.benchmark_group("l1_lsp_stdlib_and_1000_rules");
    group.sample_size(10);
    group.bench_function("keystroke_recheck", |b| {
        b.iter(|| black_box(Snapshot::new(black_box(sources.clone()))))
    });
    group.bench_function("completion_at_field", |b| {
        b.iter(|| black_box(snapshot.completions(FileId(0), black_box(field))))
    });
    group.bench_function("hover", |b| {
        b.iter(|| black_box(snapshot.hover(FileId(0), black_box(field))))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
