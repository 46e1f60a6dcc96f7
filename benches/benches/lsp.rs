//! L1: what the language server does per keystroke and per request, on a workspace of the
//! standard library plus 1,000 generated rules, in two shapes: 50 files of 20 rules (a
//! project), and one file of 1,000 rules (the worst case for a design whose unit of work is the
//! file). The server keeps one incremental `Host`; a keystroke sets the edited file's text and
//! asks a new snapshot for the set's diagnostics, which re-parses and re-checks that file only.
//! Completion after a `.` checks the enclosing item alone with a placeholder at the cursor.

#![expect(clippy::panic, reason = "a benchmark setup fails loudly")]

use criterion::{Criterion, criterion_group, criterion_main};
use palisade::FileId;
use palisade::db::Host;
use palisade::ide::Snapshot;
use palisade_benches::{generated_policies, stdlib_sources};
use std::hint::black_box;

fn bench_shape(c: &mut Criterion, group: &str, files: usize, per_file: usize) {
    let mut sources: Vec<String> = generated_policies(files, per_file);
    sources.extend(
        stdlib_sources()
            .unwrap_or_else(|e| panic!("reading stdlib/: {e}"))
            .into_iter()
            .map(|(_, t)| t),
    );
    let ids: Vec<FileId> = (0..sources.len())
        .map(|i| FileId(u32::try_from(i).unwrap_or(u32::MAX)))
        .collect();
    let mut host = Host::default();
    for (id, text) in ids.iter().zip(&sources) {
        host.set_text(*id, text);
    }
    host.set_members(&ids);
    // The edited file is the first; the edit is one character inside its middle rule's body.
    let edited = sources.first().cloned().unwrap_or_default();
    let middle = format!("weight(c) > {}", per_file / 2);
    let at = edited
        .find(&middle)
        .unwrap_or_else(|| panic!("the generated file has its middle rule"));
    let mut typed = edited.clone();
    typed.insert(at + middle.len(), '0');
    let field = edited
        .get(at..)
        .and_then(|rest| rest.find("c.name, \"x\""))
        .map_or(0, |i| at + i + 2) as u32;
    {
        let snapshot = Snapshot::of(&host);
        let errors: Vec<String> = snapshot
            .diagnostics()
            .iter()
            .filter(|d| d.is_error())
            .map(|d| format!("{} {}", d.code, d.message))
            .collect();
        assert!(errors.is_empty(), "the workspace has errors: {errors:?}");
        assert!(
            snapshot
                .completions(FileId(0), field)
                .iter()
                .any(|c| c.label == "image"),
            "completion at the field offers the container's fields"
        );
    }

    let mut group = c.benchmark_group(group);
    group.sample_size(20);
    let mut flip = false;
    group.bench_function("keystroke_recheck", |b| {
        b.iter(|| {
            flip = !flip;
            host.set_text(FileId(0), if flip { &typed } else { &edited });
            let snapshot = Snapshot::of(&host);
            black_box(snapshot.diagnostics().len())
        })
    });
    host.set_text(FileId(0), &edited);
    let snapshot = Snapshot::of(&host);
    let _ = snapshot.diagnostics();
    group.bench_function("completion_at_field", |b| {
        b.iter(|| black_box(snapshot.completions(FileId(0), black_box(field))))
    });
    group.bench_function("hover", |b| {
        b.iter(|| black_box(snapshot.hover(FileId(0), black_box(field))))
    });
    group.bench_function("cold_check", |b| {
        b.iter(|| {
            let fresh: Vec<(FileId, String)> = ids.iter().copied().zip(sources.clone()).collect();
            black_box(Snapshot::new(fresh).diagnostics().len())
        })
    });
    group.finish();
}

fn bench(c: &mut Criterion) {
    bench_shape(c, "l1_lsp_stdlib_and_50_files_of_20_rules", 50, 20);
    bench_shape(c, "l1_lsp_stdlib_and_1_file_of_1000_rules", 1, 1000);
}

criterion_group!(benches, bench);
criterion_main!(benches);
