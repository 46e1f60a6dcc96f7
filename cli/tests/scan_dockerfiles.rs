//! `palisade scan` of Dockerfiles through the built binary, as a CI job runs it: which file names
//! are read as Dockerfiles, findings of the standard library's Docker rules at the lines of the
//! instructions and commands they are about, a broken Dockerfile reported with its line and
//! code while the other files are still judged, and the examples of `examples/docker`.

#![allow(
    clippy::indexing_slicing,
    reason = "serde_json indexing reads Null when absent"
)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

#[path = "runner_support/binary.rs"]
mod binary;
use binary::palisade;

#[expect(clippy::panic, reason = "a test helper fails its test by panicking")]
fn workspace(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("palisade-docker-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (file, text) in files {
        let path = dir.join(file);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    }
    dir
}

/// `(file, rule, line)` of every finding of a JSON report.
fn findings(out: &Output) -> Vec<(String, String, u64)> {
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    let mut found = Vec::new();
    for file in report["files"].as_array().into_iter().flatten() {
        for f in file["findings"].as_array().into_iter().flatten() {
            found.push((
                file["file"].as_str().unwrap_or_default().to_owned(),
                f["rule"].as_str().unwrap_or_default().to_owned(),
                f["line"].as_u64().unwrap_or_default(),
            ));
        }
    }
    found
}

fn has(found: &[(String, String, u64)], file: &str, rule: &str, line: u64) -> bool {
    found
        .iter()
        .any(|(f, r, l)| f.ends_with(file) && r == rule && *l == line)
}

const ROOT_IMAGE: &str = "FROM debian:12
RUN apt-get update \\
 && apt-get install -y --no-install-recommends curl \\
 && rm -rf /var/lib/apt/lists/*
CMD [\"curl\", \"--version\"]
";

#[test]
fn dockerfiles_are_found_by_name_and_judged_at_their_lines() {
    let dir = workspace(
        "names",
        &[
            ("Dockerfile", ROOT_IMAGE),
            ("services/api.Dockerfile", ROOT_IMAGE),
            ("Containerfile.arm64", ROOT_IMAGE),
            ("docs/Dockerfiles.md", "not a Dockerfile"),
            ("notes.txt", ROOT_IMAGE),
        ],
    );
    let out = palisade(&dir, &["scan", ".", "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let found = findings(&out);
    let mut files: Vec<&str> = found.iter().map(|(f, _, _)| f.as_str()).collect();
    files.dedup();
    assert_eq!(
        files,
        [
            "./Containerfile.arm64",
            "./Dockerfile",
            "./services/api.Dockerfile"
        ]
    );
    // No USER: the image runs as root, reported at its FROM; curl is not pinned, at the line of
    // the `apt-get install` command inside the RUN.
    assert!(
        has(&found, "Dockerfile", "DOCKER-USER-ROOT", 1),
        "{found:?}"
    );
    assert!(has(&found, "Dockerfile", "DOCKER-APT-PIN", 3), "{found:?}");
    assert!(
        !found.iter().any(|(_, r, _)| r == "DOCKER-APT-LISTS"),
        "{found:?}"
    );
}

#[test]
fn a_broken_dockerfile_is_reported_and_the_others_are_judged() {
    let dir = workspace(
        "broken",
        &[
            (
                "a/Dockerfile",
                "FROM alpine:3.20\nRUNN apk add curl\nUSER root\n",
            ),
            ("b/Dockerfile", ROOT_IMAGE),
        ],
    );
    let out = palisade(&dir, &["scan", ".", "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let found = findings(&out);
    assert!(has(&found, "a/Dockerfile", "E0400", 2), "{found:?}");
    // What could be read of the broken file is judged too.
    assert!(
        has(&found, "a/Dockerfile", "DOCKER-USER-ROOT", 3),
        "{found:?}"
    );
    assert!(
        has(&found, "b/Dockerfile", "DOCKER-USER-ROOT", 1),
        "{found:?}"
    );
    let human = palisade(&dir, &["scan", "a/Dockerfile"]);
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains("a/Dockerfile:2 E0400"), "{text}");
    assert!(text.contains("unknown instruction `RUNN`"), "{text}");
}

#[test]
fn the_docker_examples_are_judged_as_the_readme_says() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let good = palisade(
        &root,
        &[
            "scan",
            "examples/docker/hardened-api.Dockerfile",
            "--format",
            "json",
        ],
    );
    assert_eq!(good.status.code(), Some(0), "{:?}", findings(&good));
    let bad = palisade(
        &root,
        &[
            "scan",
            "examples/docker/legacy-api.Dockerfile",
            "--format",
            "json",
        ],
    );
    assert_eq!(bad.status.code(), Some(1));
    let found = findings(&bad);
    for (rule, line) in [
        ("DOCKER-BASE-LATEST", 6),
        ("DOCKER-MAINTAINER", 7),
        ("DOCKER-SECRET-ENV", 8),
        ("DOCKER-APT-PIN", 9),
        ("DOCKER-CURL-PIPE-SHELL", 10),
        ("DOCKER-SECRET-FILE-COPY", 11),
        ("DOCKER-CD", 13),
        ("DOCKER-PIP-PIN", 13),
        ("DOCKER-CHMOD-777", 13),
        ("DOCKER-EXPOSE-SSH", 14),
        ("DOCKER-EXEC-FORM", 15),
        ("DOCKER-USER-ROOT", 6),
    ] {
        assert!(
            has(&found, "legacy-api.Dockerfile", rule, line),
            "{rule} at {line}: {found:?}"
        );
    }
}
