//! The `palisade` CLI contract, exercised through the built binary the way CI runs it: exit
//! codes, the JSON diagnostic format, character columns, directory walking, and robustness on
//! every malformed file of the corpus.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[expect(clippy::panic, reason = "a test helper fails its test by panicking")]
fn palisade(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_palisade"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run palisade: {e}"))
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[expect(clippy::panic, reason = "a test helper fails its test by panicking")]
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("palisade-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    dir
}

#[expect(clippy::panic, reason = "a test helper fails its test by panicking")]
fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

#[test]
fn version_and_help() {
    let out = palisade(&["--version"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains(env!("CARGO_PKG_VERSION")));
    let out = palisade(&["help"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    for command in ["check", "eval", "test", "scan", "fmt", "lsp"] {
        assert!(
            text.contains(command),
            "help does not mention `{command}`:\n{text}"
        );
    }
}

#[test]
fn usage_errors_exit_2() {
    // `eval` needs `--policy`.
    let out = palisade(&["eval"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--policy"));
    assert_eq!(
        palisade(&["check", "--format", "xml"]).status.code(),
        Some(2)
    );
    assert_eq!(palisade(&["frobnicate"]).status.code(), Some(2));
    let missing = palisade(&["check", "/nonexistent/policy.pal"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/nonexistent/policy.pal"));
}

#[test]
fn spec_examples_pass() {
    let examples = repo().join("spec/examples");
    let out = palisade(&["check", examples.to_str().unwrap_or_default()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let last = String::from_utf8_lossy(&out.stdout)
        .lines()
        .last()
        .map(str::to_owned);
    assert!(last.is_some_and(|l| l.starts_with("checked ") && l.ends_with("0 errors, 0 warnings")));
}

#[test]
fn json_format_and_character_columns() {
    let dir = temp_dir("json");
    // `é` and `€` are multi-byte: the unknown name starts at character column 20, byte 23.
    std::fs::write(
        dir.join("a.pal"),
        "package a\n\nlet naive = \"é€\" + naiv\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = palisade(&[
        "check",
        "--format",
        "json",
        dir.to_str().unwrap_or_default(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    let diagnostics = report["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(diagnostics.len(), 1, "{report}");
    let d = &diagnostics[0];
    assert_eq!(d["code"], "E0200");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["message"], "unknown name `naiv`");
    assert!(d["file"].as_str().is_some_and(|f| f.ends_with("a.pal")));
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(3), Some(20))
    );
    assert_eq!(
        (d["end_line"].as_u64(), d["end_column"].as_u64()),
        (Some(3), Some(24))
    );
    assert_eq!(d["help"], "did you mean `naive`?");
    assert!(d["labels"].is_array());
}

#[test]
fn warnings_alone_exit_0() {
    let dir = temp_dir("warn");
    std::fs::write(dir.join("a.pal"), "package a\nlet one = 1\n").unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join("b.pal"), "package b\nimport a\nlet two = 2\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let out = palisade(&[
        "check",
        "--format",
        "json",
        dir.to_str().unwrap_or_default(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let report = json(&out);
    assert_eq!(report["diagnostics"][0]["code"], "W0200");
    assert_eq!(report["diagnostics"][0]["severity"], "warning");
}

#[test]
fn default_path_is_the_current_directory() {
    let dir = temp_dir("cwd");
    std::fs::create_dir_all(dir.join("nested")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join("nested/bad.pal"), "package x\nlet y = \n")
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join("notes.txt"), "not policy").unwrap_or_else(|e| panic!("{e}"));
    let out = Command::new(env!("CARGO_BIN_EXE_palisade"))
        .arg("check")
        .current_dir(&dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("bad.pal"), "{text}");
    assert!(
        text.lines()
            .last()
            .is_some_and(|l| l.starts_with("checked 1 file: 1 error")),
        "{text}"
    );
}

/// Every malformed corpus case: exit 1, JSON that parses, and exactly the codes its header
/// names, each at a 1-based position inside the file.
#[test]
fn every_malformed_corpus_case_exits_1_with_coded_json() {
    let root = repo().join("lang/tests/corpus");
    let mut checked = 0;
    for area in ["lex", "syntax", "resolve"] {
        let mut cases: Vec<PathBuf> = std::fs::read_dir(root.join(area))
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .collect();
        cases.sort();
        for case in cases {
            let header_file = if case.is_dir() {
                case.join("main.pal")
            } else {
                case.clone()
            };
            let bytes = std::fs::read(&header_file).unwrap_or_default();
            let header =
                String::from_utf8_lossy(bytes.split(|b| *b == b'\n').next().unwrap_or_default())
                    .trim()
                    .trim_start_matches("# expect:")
                    .trim()
                    .to_owned();
            let mut expected: Vec<String> = header.split_whitespace().map(str::to_owned).collect();
            let is_error = expected.iter().any(|c| c.starts_with('E'));
            if header == "ok" {
                expected.clear();
            }
            let out = palisade(&[
                "check",
                "--format",
                "json",
                case.to_str().unwrap_or_default(),
            ]);
            let report = json(&out);
            let all = report["diagnostics"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let any_error = all.iter().any(|d| d["severity"] == "error");
            assert_eq!(
                out.status.code(),
                Some(i32::from(any_error)),
                "{}",
                case.display()
            );
            assert!(any_error || !is_error, "{}", case.display());
            // These areas are about the front end; type diagnostics are not their subject.
            let diagnostics: Vec<Value> = all
                .into_iter()
                .filter(|d| {
                    d["code"]
                        .as_str()
                        .and_then(|c| c.get(2..3))
                        .is_some_and(|phase| phase < "3")
                })
                .collect();
            let mut codes: Vec<String> = diagnostics
                .iter()
                .map(|d| d["code"].as_str().unwrap_or_default().to_owned())
                .collect();
            codes.sort();
            expected.sort();
            assert_eq!(codes, expected, "{}", case.display());
            for d in &diagnostics {
                assert!(d["line"].as_u64().is_some_and(|l| l >= 1), "{d}");
                assert!(d["column"].as_u64().is_some_and(|c| c >= 1), "{d}");
                assert!(!d["message"].as_str().unwrap_or_default().is_empty());
            }
            checked += 1;
        }
    }
    assert!(checked >= 40, "only {checked} corpus cases found");
}

/// `--schema NAME=FILE` loads a CRD as a type that policies import; a typo against it is an
/// error with a suggestion; a bad schema argument is a usage error.
#[test]
fn schemas_from_the_command_line() {
    let dir = temp_dir("schema");
    let crd = repo().join("lang/tests/schemas/pipeline-crd.yaml");
    let policy = "package acme.policies\nimport acme.ci\n\n\
        rule stages(p: ci.DeployPipeline) {\n  meta { id: \"ACME-STAGES\" title: \"Stages\" }\n  \
        for s in p.spec.stages {\n    if s.privilegd ?? false { violation \"privileged\" at s }\n  }\n}\n";
    std::fs::write(dir.join("p.pal"), policy).unwrap_or_else(|e| panic!("{e}"));
    let schema_arg = format!("acme.ci.DeployPipeline={}", crd.display());
    let out = palisade(&[
        "check",
        "--format",
        "json",
        "--schema",
        &schema_arg,
        dir.to_str().unwrap_or_default(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    assert_eq!(report["diagnostics"][0]["code"], "E0301", "{report}");
    assert_eq!(
        report["diagnostics"][0]["help"],
        "did you mean `privileged`?"
    );

    let fixed = policy.replace("privilegd", "privileged");
    std::fs::write(dir.join("p.pal"), fixed).unwrap_or_else(|e| panic!("{e}"));
    let out = palisade(&[
        "check",
        "--schema",
        &schema_arg,
        dir.to_str().unwrap_or_default(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    for bad in ["no-equals-sign", "acme.X=/nonexistent.json"] {
        let out = palisade(&["check", "--schema", bad, dir.to_str().unwrap_or_default()]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
    }
    std::fs::write(dir.join("broken.json"), "{ \"type\": ").unwrap_or_else(|e| panic!("{e}"));
    let broken = format!("acme.X={}", dir.join("broken.json").display());
    let out = palisade(&[
        "check",
        "--schema",
        &broken,
        dir.to_str().unwrap_or_default(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("schema `acme.X`"));
}
