//! Architecture invariants from ARCHITECTURE.md, checked against the source tree so that a
//! change that breaks one fails the build's tests rather than a review.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path
                .extension()
                .is_some_and(|e| e == "rs" || e == "lalrpop")
            {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Lines of code, without comments, so that documentation may name other layers.
fn code_lines(path: &Path) -> Vec<(usize, String)> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim().to_owned()))
        .filter(|(_, l)| !l.starts_with("//"))
        .collect()
}

fn offenders(dir: &Path, forbidden: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for file in rust_files(dir) {
        for (n, line) in code_lines(&file) {
            for word in forbidden {
                if line.contains(word) {
                    found.push(format!("{}:{n}: `{word}` in `{line}`", file.display()));
                }
            }
        }
    }
    found
}

/// Invariant 1: `syntax` knows nothing of names, types, evaluation, salsa or editors.
#[test]
fn syntax_depends_on_no_later_phase() {
    let found = offenders(
        &src().join("syntax"),
        &[
            "crate::check",
            "crate::eval",
            "crate::db",
            "crate::builtins",
            "salsa",
            "lsp",
        ],
    );
    assert!(
        found.is_empty(),
        "syntax reaches into later layers:\n{}",
        found.join("\n")
    );
}

/// Invariant 3: the library does no IO. Hosts read files; the library gets text.
#[test]
fn library_does_no_io() {
    let found = offenders(
        &src(),
        &[
            "std::fs",
            "TcpStream",
            "TcpListener",
            "UdpSocket",
            "ToSocketAddrs",
            "std::process",
            "File::open",
            "std::env::var",
            "stdin()",
            "stdout()",
            "stderr()",
            "println!",
            "eprintln!",
        ],
    );
    assert!(found.is_empty(), "IO in the library:\n{}", found.join("\n"));
}

/// The generated parser's types stay inside the parse facade.
#[test]
fn generated_parser_stays_in_the_facade() {
    let mut found = Vec::new();
    for file in rust_files(&src()) {
        if file.starts_with(src().join("syntax")) {
            continue;
        }
        for (n, line) in code_lines(&file) {
            if line.contains("lalrpop") || line.contains("grammar::") || line.contains("logos") {
                found.push(format!("{}:{n}: {line}", file.display()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "parser internals leak:\n{}",
        found.join("\n")
    );
}

/// Every file opens with a `//!` comment saying what lives there.
#[test]
fn every_source_file_is_documented() {
    let missing: Vec<String> = rust_files(&src())
        .into_iter()
        .chain(rust_files(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests"),
        ))
        .filter(|f| f.extension().is_some_and(|e| e == "rs"))
        .filter(|f| {
            let text = std::fs::read_to_string(f).unwrap_or_default();
            !text.trim_start().starts_with("//!")
        })
        .map(|f| f.display().to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "files without a `//!` header:\n{}",
        missing.join("\n")
    );
}

/// Invariant 11: salsa stays in the database module; the checker and the evaluator take plain
/// data, and neither knows the database exists. The editor queries read the database through
/// its plain functions, never through salsa.
#[test]
fn salsa_stays_in_the_database() {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(src()).expect("src").flatten() {
        let path = entry.path();
        if path.file_name().is_some_and(|n| n == "db") {
            continue;
        }
        let files = if path.is_dir() {
            rust_files(&path)
        } else {
            vec![path]
        };
        for file in files {
            for (n, line) in code_lines(&file) {
                let editor = file.components().any(|c| c.as_os_str() == "ide");
                if line.contains("salsa") || (!editor && line.contains("crate::db")) {
                    found.push(format!("{}:{n}: `{line}`", file.display()));
                }
            }
        }
    }
    let lib: Vec<String> = found
        .into_iter()
        .filter(|f| !f.contains("lib.rs") || !f.contains("pub mod db"))
        .collect();
    assert!(lib.is_empty(), "salsa outside `db`:\n{}", lib.join("\n"));
}

/// Invariant 19: only `lsp/` knows the editor protocol. The library neither depends on a
/// protocol crate nor names one; its editor queries speak in bytes and its own types.
#[test]
fn the_library_knows_no_editor_protocol() {
    let manifest =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
            .unwrap_or_default();
    for crate_name in [
        "tower-lsp",
        "lsp-types",
        "ls-types",
        "lsp-server",
        "tower_lsp",
    ] {
        assert!(
            !manifest.contains(crate_name),
            "lang depends on `{crate_name}`"
        );
    }
    let found = offenders(
        &src(),
        &["tower_lsp", "lsp_types", "ls_types", "lsp_server"],
    );
    assert!(
        found.is_empty(),
        "protocol types in the library:\n{}",
        found.join("\n")
    );
}

/// Invariant 20: the language core knows no domain. Which documents contain which (a
/// Deployment's pods, a pipeline's tasks) is declared by views in Palisade source; no kind or
/// field name of Kubernetes, Tekton, Terraform, Docker or GitHub appears in the code of
/// `lang/src`, outside comments and test modules. The one exception is the schema loader, which
/// recognises a CustomResourceDefinition as a wrapper of a JSON Schema.
#[test]
fn the_core_knows_no_domain() {
    let forbidden = [
        "Deployment",
        "StatefulSet",
        "DaemonSet",
        "ReplicaSet",
        "CronJob",
        "ReplicationController",
        "PodTemplate",
        "\"Pod\"",
        "jobTemplate",
        "\"template\"",
        "taskSpec",
        "pipelineSpec",
        "TaskRun",
        "PipelineRun",
        "AdmissionReview",
        "Dockerfile",
        "resource_changes",
        "GITHUB_",
        "workflow_dispatch",
        "kubernetes.io",
        "tekton.dev",
        "argoproj",
    ];
    let mut found = Vec::new();
    for file in rust_files(&src()) {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        // Test modules come last in a file; they may use any name.
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        let in_schema_loader = file.ends_with("schema.rs");
        for (n, line) in code.lines().enumerate() {
            let line = line.trim();
            if line.starts_with("//") {
                continue;
            }
            for word in forbidden {
                if line.contains(word) && !in_schema_loader {
                    found.push(format!(
                        "{}:{}: `{word}` in `{line}`",
                        file.display(),
                        n + 1
                    ));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "domain names in the language core:\n{}",
        found.join("\n")
    );
}
