//! The language server reports what `palisade check` reports: for each folder (the standard
//! library, the spec's examples, and the checker's corpus of broken policies, 280-odd files
//! with errors of every phase), the diagnostics the server publishes for every file, opened as
//! a workspace, equal those of `palisade check --format json` on the same folder: same files,
//! codes, severities and start positions.

#[path = "lsp/client.rs"]
#[allow(dead_code, reason = "this test uses part of the client")]
mod client;

use client::{Client, uri_of};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

/// (file, code, severity, line, column), lines and columns from 1, columns in characters.
type Key = (PathBuf, String, String, u64, u64);

fn text_of<'v>(v: &'v Value, key: &str) -> &'v str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

fn number_of(v: &Value, key: &str) -> u64 {
    v.get(key).and_then(Value::as_u64).unwrap_or(0)
}

fn pal_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            pal_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "pal") {
            out.push(path);
        }
    }
}

fn from_check(dir: &Path) -> Result<BTreeSet<Key>, String> {
    let out = Command::new(env!("CARGO_BIN_EXE_palisade"))
        .args(["check", "--format", "json"])
        .arg(dir)
        .output()
        .map_err(|e| e.to_string())?;
    let report: Value = serde_json::from_slice(&out.stdout).map_err(|e| e.to_string())?;
    let mut keys = BTreeSet::new();
    for d in report
        .get("diagnostics")
        .and_then(Value::as_array)
        .ok_or("no diagnostics")?
    {
        let file = std::fs::canonicalize(text_of(d, "file"))
            .map_err(|e| format!("{}: {e}", text_of(d, "file")))?;
        keys.insert((
            file,
            text_of(d, "code").to_owned(),
            text_of(d, "severity").to_owned(),
            number_of(d, "line"),
            number_of(d, "column"),
        ));
    }
    Ok(keys)
}

/// The character column of a UTF-16 position on a line of `text`.
fn char_column(text: &str, line: u64, utf16: u64) -> u64 {
    let line_text = text.split('\n').nth(line as usize).unwrap_or("");
    let mut units = 0;
    let mut chars = 0;
    for c in line_text.chars() {
        if units >= utf16 {
            break;
        }
        units += c.len_utf16() as u64;
        chars += 1;
    }
    chars + 1
}

fn severity(n: u64) -> &'static str {
    match n {
        1 => "error",
        2 => "warning",
        3 => "info",
        _ => "hint",
    }
}

fn from_server(dir: &Path, name: &str) -> Result<BTreeSet<Key>, String> {
    let mut files = Vec::new();
    pal_files(dir, &mut files);
    let cache =
        std::env::temp_dir().join(format!("palisade-lsp-check-{}-{name}", std::process::id()));
    let mut client = Client::start(dir, &cache, json!({}))?;
    let mut texts: BTreeMap<String, (PathBuf, String)> = BTreeMap::new();
    for f in &files {
        let bytes = std::fs::read(f).map_err(|e| e.to_string())?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let real = std::fs::canonicalize(f).map_err(|e| e.to_string())?;
        texts.insert(uri_of(f), (real, text));
    }
    // The first publication covers every file of the workspace, with or without diagnostics.
    let mut published: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    while published.len() < texts.len() {
        let m = client.wait(|m| {
            m.get("method") == Some(&json!("textDocument/publishDiagnostics"))
                && m.pointer("/params/uri")
                    .and_then(Value::as_str)
                    .is_some_and(|u| !published.contains_key(u))
        })?;
        let uri = m
            .pointer("/params/uri")
            .and_then(Value::as_str)
            .unwrap_or("");
        let diagnostics = m
            .pointer("/params/diagnostics")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        published.insert(uri.to_owned(), diagnostics);
    }
    client.stop()?;
    let _ = std::fs::remove_dir_all(&cache);
    let mut keys = BTreeSet::new();
    for (uri, diagnostics) in published {
        let (path, text) = texts
            .get(&uri)
            .ok_or(format!("published for an unknown {uri}"))?;
        for d in diagnostics {
            let line = d
                .pointer("/range/start/line")
                .and_then(Value::as_u64)
                .unwrap_or(0);
            let character = d
                .pointer("/range/start/character")
                .and_then(Value::as_u64)
                .unwrap_or(0);
            keys.insert((
                path.clone(),
                text_of(&d, "code").to_owned(),
                severity(number_of(&d, "severity")).to_owned(),
                line + 1,
                char_column(text, line, character),
            ));
        }
    }
    Ok(keys)
}

fn same_as_check(relative: &str, name: &str) -> Result<usize, String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(relative);
    let dir = std::fs::canonicalize(&dir).map_err(|e| format!("{relative}: {e}"))?;
    let expected = from_check(&dir)?;
    let got = from_server(&dir, name)?;
    let missing: Vec<&Key> = expected.difference(&got).collect();
    let extra: Vec<&Key> = got.difference(&expected).collect();
    if !missing.is_empty() || !extra.is_empty() {
        return Err(format!(
            "{relative}: the server differs from `palisade check`\nmissing: {missing:#?}\nextra: {extra:#?}"
        ));
    }
    Ok(expected.len())
}

#[test]
fn the_standard_library_and_the_spec_examples_check_clean_in_both() -> Result<(), String> {
    assert_eq!(same_as_check("stdlib", "stdlib")?, 0);
    assert_eq!(same_as_check("spec", "spec")?, 0);
    Ok(())
}

#[test]
fn the_corpus_of_broken_policies_gets_the_same_diagnostics() -> Result<(), String> {
    let n = same_as_check("lang/tests/corpus", "corpus")?;
    assert!(n > 250, "the corpus yields {n} diagnostics");
    Ok(())
}
