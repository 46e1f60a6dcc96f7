//! The incremental re-check of P4 under a profiler: the generated set is checked cold through
//! the database, then one rule's body in file 7 is edited `COUNT` times (alternately lengthened
//! and restored) and the set re-checked after each edit. Per-edit cost is the difference
//! between a run with `COUNT` edits and one with none, divided by `COUNT`:
//! `valgrind --tool=callgrind target/release/examples/p4_profile [COUNT]`. With `--every-rule`,
//! every rule of the file is edited at once; with `--one-shot`, the set is only checked once
//! with `check_sources` (P4's cold check). Prints the queries the last edit ran.

#![expect(clippy::panic, reason = "a profiling tool fails loudly")]

use palisade::FileId;
use palisade::db::{Database, PolicyFile, PolicySetInput, diagnostics};
use palisade_benches::{p4_file, p4_texts};
use salsa::Setter;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let count: usize = args.iter().find_map(|a| a.parse().ok()).unwrap_or(0);
    let edited = if args.iter().any(|a| a == "--every-rule") {
        None
    } else {
        Some(3)
    };
    let texts = p4_texts();
    if args.iter().any(|a| a == "--one-shot") {
        let sources: Vec<(FileId, &str)> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| (FileId(i as u32), t.as_str()))
            .collect();
        let n = palisade::check_sources(&sources).diagnostics.len();
        println!("{n} diagnostics");
        return;
    }
    let mut db = Database::default();
    let files: Vec<PolicyFile> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| PolicyFile::new(&db, FileId(i as u32), t.clone()))
        .collect();
    let set = PolicySetInput::new(&db, files.clone());
    if !diagnostics(&db, set).is_empty() {
        panic!("the generated set has diagnostics");
    }
    let _ = db.take_executed();
    let mut last = Vec::new();
    for k in 0..count {
        let marker = if k % 2 == 0 { "yy" } else { "x" };
        if let Some(f) = files.get(7) {
            f.set_text(&mut db).to(p4_file(7, marker, edited));
        }
        if !diagnostics(&db, set).is_empty() {
            panic!("the edited set has diagnostics");
        }
        last = db.take_executed();
    }
    println!("queries run by the last edit: {last:?}");
}
