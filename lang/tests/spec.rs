//! The spec and the implementation agree: every diagnostic code is documented, every builtin
//! is in the builtin index, and every example policy in `spec/examples` checks clean.

use palisade::{FileId, check_bytes};
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| format!("<cannot read {}: {e}>", path.display()))
}

#[test]
fn every_code_is_documented() {
    let doc = read(&repo().join("spec/diagnostics.md"));
    let missing: Vec<&str> = palisade::diagnostics::codes::ALL
        .iter()
        .map(|(c, _)| c.as_str())
        .filter(|c| !doc.contains(&format!("### {c}")))
        .collect();
    assert!(
        missing.is_empty(),
        "codes missing from spec/diagnostics.md: {missing:?}"
    );
    // And nothing documented that does not exist.
    for line in doc.lines().filter(|l| l.starts_with("### ")) {
        let code = line
            .trim_start_matches("### ")
            .split_whitespace()
            .next()
            .unwrap_or("");
        assert!(
            palisade::diagnostics::codes::ALL
                .iter()
                .any(|(c, _)| c.as_str() == code),
            "spec/diagnostics.md documents unknown code {code}"
        );
    }
}

#[test]
fn every_builtin_is_in_the_index() {
    let doc = read(&repo().join("spec/builtins.md"));
    let missing: Vec<&str> = palisade::builtins::all()
        .map(|b| b.name)
        .filter(|n| !doc.contains(&format!("`{n}(")) && !doc.contains(&format!("| `{n}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "builtins missing from spec/builtins.md: {missing:?}"
    );
}

fn pal_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            pal_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "pal") {
            out.push(path);
        }
    }
}

#[test]
fn spec_examples_check_clean() {
    let mut files = Vec::new();
    pal_files(&repo().join("spec/examples"), &mut files);
    files.sort();
    assert!(
        files.len() >= 12,
        "expected the spec's example policies, found {}",
        files.len()
    );
    let contents: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(f).unwrap_or_default())
        .collect();
    let sources: Vec<(FileId, &[u8])> = contents
        .iter()
        .enumerate()
        .map(|(i, c)| (FileId(i as u32), c.as_slice()))
        .collect();
    let (_, result) = check_bytes(&sources);
    let problems: Vec<String> = result
        .diagnostics
        .iter()
        .map(|d| {
            let file = files
                .get(d.file.0 as usize)
                .map(|f| f.display().to_string());
            format!("{} {:?} at {}: {}", d.code, file, d.span, d.message)
        })
        .collect();
    assert!(
        problems.is_empty(),
        "spec examples have diagnostics:\n{}",
        problems.join("\n")
    );
}
