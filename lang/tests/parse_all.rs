//! `syntax::parse_all`, which parses a large set of files on several threads: the trees and
//! diagnostics are those of parsing each file alone, in the order given, and the parses count
//! as the calling thread's.

#[path = "common/pal_files.rs"]
mod pal_files;

use pal_files::pal_files;
use palisade::FileId;
use palisade::syntax::{parse, parse_all, parses_on_this_thread};
use std::path::Path;

#[test]
fn a_large_set_parses_as_each_file_alone() {
    let mut paths = Vec::new();
    pal_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../stdlib"),
        &mut paths,
    );
    paths.sort();
    let mut texts: Vec<String> = paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    // Files with errors among them, early and late, keep their own diagnostics.
    texts.insert(
        3,
        "package broken\n\nrule r(x: { a: int }) {\n  if x.a == {\n}\n".to_owned(),
    );
    texts.push("package also.broken\n\nlet = 1\n".to_owned());
    let total: usize = texts.iter().map(String::len).sum();
    assert!(
        total > 256 * 1024,
        "{total} bytes: too few to be parsed in parallel"
    );
    let sources: Vec<(FileId, &str)> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| (FileId(i as u32), t.as_str()))
        .collect();
    let before = parses_on_this_thread();
    let together = parse_all(&sources);
    assert_eq!(parses_on_this_thread() - before, sources.len() as u64);
    assert_eq!(together.len(), sources.len());
    for ((id, text), (got_id, got)) in sources.iter().zip(&together) {
        assert_eq!(id, got_id);
        assert_eq!(got, &parse(*id, text), "file {}", id.0);
    }
    assert!(!together[3].1.diagnostics.is_empty());
    assert!(!together[together.len() - 1].1.diagnostics.is_empty());
}

#[test]
fn a_small_set_is_parsed_in_order_too() {
    let sources = [
        (FileId(7), "package a\n\nlet x = 1\n"),
        (FileId(2), "package b\n\nlet y = \n"),
    ];
    let parsed = parse_all(&sources);
    let ids: Vec<FileId> = parsed.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids, vec![FileId(7), FileId(2)]);
    assert!(parsed[0].1.diagnostics.is_empty());
    assert!(!parsed[1].1.diagnostics.is_empty());
}

#[test]
fn a_large_last_file_leaves_no_empty_run() {
    // One file larger than all the others together: the runs split before it, and whatever
    // the split, every file comes back once, in order.
    let big = "package big\n\nlet x = [1, 2, 3]\n".repeat(12_000);
    let small = ["package a\n\nlet x = 1\n", "package b\n\nlet x = (\n"];
    let sources = [
        (FileId(0), small[0]),
        (FileId(1), small[1]),
        (FileId(2), big.as_str()),
    ];
    let before = parses_on_this_thread();
    let parsed = parse_all(&sources);
    assert_eq!(parses_on_this_thread() - before, 3);
    for ((id, text), (got_id, got)) in sources.iter().zip(&parsed) {
        assert_eq!(id, got_id);
        assert_eq!(got, &parse(*id, text));
    }
    assert_eq!(parsed.len(), 3);
}

#[test]
fn a_header_is_the_package_and_imports_of_the_whole_parse() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut paths = Vec::new();
    for dir in [
        "stdlib",
        "spec",
        "examples",
        "lang/tests/corpus",
        "cli/tests",
    ] {
        pal_files(&root.join(dir), &mut paths);
    }
    let mut texts: Vec<String> = paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    // Broken headers: a package late, an import after an item, an import that does not parse,
    // no package at all.
    texts.extend(
        [
            "import a.b\n\npackage late\n",
            "package p\n\nlet x = 1\n\nimport after.items\n",
            "package p\n\nimport .\nimport ok.one\n",
            "let x = 1\n",
            "",
        ]
        .map(str::to_owned),
    );
    assert!(texts.len() > 200, "{} files", texts.len());
    let mut with_imports = 0;
    for (i, text) in texts.iter().enumerate() {
        let whole = parse(FileId(0), text).file;
        let header = palisade::syntax::parse_header(FileId(0), text);
        assert_eq!(header.package, whole.package, "file {i}");
        assert_eq!(header.imports, whole.imports, "file {i}");
        with_imports += usize::from(!whole.imports.is_empty());
    }
    assert!(with_imports > 50, "{with_imports} files import");
}
