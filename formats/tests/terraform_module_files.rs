//! A module's files parsed once (`ModuleFiles`) read each file as `read_in_module` reads it
//! with the module's other files, in name order, as context: on every module of the Terraform
//! corpus, and with a file that does not parse among them.

use palisade::InputLimits;
use palisade_formats::terraform::{ModuleFiles, read_in_module};
use std::path::Path;

fn modules() -> Vec<Vec<Vec<u8>>> {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../peers/terraform/corpus");
    let mut dirs: Vec<_> = std::fs::read_dir(&corpus)
        .unwrap_or_else(|e| unreachable!("the corpus: {e}"))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs.iter()
        .map(|dir| {
            let mut files: Vec<_> = std::fs::read_dir(dir)
                .unwrap_or_else(|e| unreachable!("a module: {e}"))
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "tf"))
                .collect();
            files.sort();
            files
                .iter()
                .map(|f| std::fs::read(f).unwrap_or_else(|e| unreachable!("a file: {e}")))
                .collect()
        })
        .collect()
}

fn check(files: &[Vec<u8>]) -> usize {
    let limits = InputLimits::default();
    let slices: Vec<&[u8]> = files.iter().map(Vec::as_slice).collect();
    let parsed = ModuleFiles::parse(&slices, &limits);
    assert_eq!(parsed.len(), files.len());
    for (i, own) in slices.iter().enumerate() {
        let others: Vec<&[u8]> = slices
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, f)| *f)
            .collect();
        let (docs, errors) = parsed.read(i, &limits);
        let (want_docs, want_errors) = read_in_module(own, &others, &limits);
        assert_eq!(errors, want_errors, "file {i}");
        assert_eq!(docs.len(), want_docs.len(), "file {i}");
        for (d, w) in docs.iter().zip(&want_docs) {
            assert_eq!(d.value, w.value, "file {i}");
            assert_eq!(d.line_of("/resources/0"), w.line_of("/resources/0"));
        }
    }
    files.len()
}

#[test]
fn every_module_of_the_corpus_reads_as_file_by_file() {
    let modules = modules();
    assert!(modules.len() >= 60, "{} modules", modules.len());
    let read: usize = modules.iter().map(|m| check(m)).sum();
    assert!(read >= 140, "{read} files");
    // Modules of several files, whose files see each other's resources as context.
    let shared = modules.iter().filter(|m| m.len() > 1).count();
    assert!(shared >= 20, "{shared} modules of several files");
}

#[test]
fn a_file_that_does_not_parse_keeps_its_error_and_is_no_context() {
    let files: Vec<Vec<u8>> = vec![
        b"resource \"aws_s3_bucket\" \"a\" {\n  bucket = \"a\"\n}\n".to_vec(),
        b"resource \"aws_s3_bucket\" \"b\" {\n  bucket = \n".to_vec(),
        b"resource \"aws_s3_bucket_acl\" \"c\" {\n  bucket = aws_s3_bucket.a.id\n}\n".to_vec(),
    ];
    check(&files);
    let limits = InputLimits::default();
    let slices: Vec<&[u8]> = files.iter().map(Vec::as_slice).collect();
    let parsed = ModuleFiles::parse(&slices, &limits);
    let (docs, errors) = parsed.read(1, &limits);
    assert!(docs.is_empty());
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code.as_str(), "E0400");
    let (docs, errors) = parsed.read(2, &limits);
    assert!(errors.is_empty());
    let context = docs[0].value.to_json()["context"].clone();
    assert_eq!(context.as_array().map(Vec::len), Some(1), "{context}");
    assert_eq!(context[0]["address"], "aws_s3_bucket.a");
    // Past the end: nothing.
    let (docs, errors) = parsed.read(3, &limits);
    assert!(docs.is_empty() && errors.is_empty());
}
