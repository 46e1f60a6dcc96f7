//! `palisade fmt` as users run it: in place over directories (atomically, files with syntax
//! errors left untouched), `--check`, `--diff`, and `-` for standard input, with the exit codes
//! of the CLI contract.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const UGLY: &str =
    "package demo\nlet  xs=[1,2,3]   # three\nrule r(p: P) { if p.a {violation \"no\" at p.a} }\n";
const PRETTY: &str = "package demo\nlet xs = [1, 2, 3] # three\nrule r(p: P) {\n  if p.a {\n    violation \"no\" at p.a\n  }\n}\n";
const BROKEN: &str = "package demo\n\nrule  x\n";

#[expect(clippy::panic, reason = "a test helper fails its test by panicking")]
fn palisade(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_palisade"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run palisade: {e}"));
    if let Some(mut pipe) = child.stdin.take() {
        let _ = pipe.write_all(stdin.unwrap_or("").as_bytes());
    }
    child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("palisade did not finish: {e}"))
}

#[expect(clippy::panic, reason = "a test helper fails its test by panicking")]
fn temp_dir(name: &str, files: &[(&str, &[u8])]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("palisade-fmt-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    for (file, bytes) in files {
        std::fs::write(dir.join(file), bytes).unwrap_or_else(|e| panic!("{e}"));
    }
    dir
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn standard_input_is_formatted_to_standard_output() {
    let out = palisade(&["fmt", "-"], Some(UGLY));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), PRETTY);
    let again = palisade(&["fmt", "-"], Some(PRETTY));
    assert_eq!(text(&again.stdout), PRETTY);
}

#[test]
fn a_syntax_error_on_standard_input_is_reported_and_nothing_is_printed() {
    let out = palisade(&["fmt", "-"], Some("rule  x"));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        out.stdout.is_empty(),
        "half-formatted output: {}",
        text(&out.stdout)
    );
    let err = text(&out.stderr);
    assert!(err.contains("E0103") && err.contains("E0101"), "{err}");
    assert!(err.contains("was not formatted"), "{err}");
}

#[test]
fn check_lists_the_files_to_change_and_changes_nothing() {
    let dir = temp_dir(
        "check",
        &[
            ("ugly.pal", UGLY.as_bytes()),
            ("pretty.pal", PRETTY.as_bytes()),
        ],
    );
    let out = palisade(&["fmt", "--check", &dir.display().to_string()], None);
    assert_eq!(out.status.code(), Some(1));
    let listed = text(&out.stdout);
    assert!(
        listed.contains("ugly.pal") && !listed.contains("pretty.pal"),
        "{listed}"
    );
    assert_eq!(read(&dir.join("ugly.pal")), UGLY);
    let clean = temp_dir("check-clean", &[("pretty.pal", PRETTY.as_bytes())]);
    let out = palisade(&["fmt", "--check", &clean.display().to_string()], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
}

#[test]
fn diff_prints_a_unified_diff_and_changes_nothing() {
    let dir = temp_dir("diff", &[("ugly.pal", UGLY.as_bytes())]);
    let file = dir.join("ugly.pal").display().to_string();
    let out = palisade(&["fmt", "--diff", &file], None);
    assert_eq!(out.status.code(), Some(1));
    let diff = text(&out.stdout);
    assert!(diff.contains("@@"), "{diff}");
    assert!(diff.contains("-let  xs=[1,2,3]   # three"), "{diff}");
    assert!(diff.contains("+let xs = [1, 2, 3] # three"), "{diff}");
    assert_eq!(read(&dir.join("ugly.pal")), UGLY);
}

#[test]
fn files_are_rewritten_in_place_and_files_with_errors_are_left_alone() {
    let dir = temp_dir(
        "in-place",
        &[
            ("ugly.pal", UGLY.as_bytes()),
            ("broken.pal", BROKEN.as_bytes()),
            ("crlf.pal", UGLY.replace('\n', "\r\n").as_bytes()),
            ("latin1.pal", b"package demo\n# caf\xe9\n"),
            ("notes.txt", b"not a policy"),
        ],
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ =
            std::fs::set_permissions(dir.join("ugly.pal"), std::fs::Permissions::from_mode(0o640));
    }
    let out = palisade(&["fmt", &dir.display().to_string()], None);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains("broken.pal") && err.contains("latin1.pal"),
        "{err}"
    );
    assert!(
        err.contains("reformatted 2 of 4 files; 2 could not be formatted"),
        "{err}"
    );
    assert_eq!(read(&dir.join("ugly.pal")), PRETTY);
    assert_eq!(read(&dir.join("crlf.pal")), PRETTY);
    assert_eq!(read(&dir.join("broken.pal")), BROKEN);
    assert_eq!(
        std::fs::read(dir.join("latin1.pal")).unwrap_or_default(),
        b"package demo\n# caf\xe9\n"
    );
    assert_eq!(read(&dir.join("notes.txt")), "not a policy");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.join("ugly.pal")).map(|m| m.permissions().mode() & 0o777);
        assert_eq!(mode.ok(), Some(0o640), "the file keeps its permissions");
    }
    let leftovers: Vec<String> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    assert!(
        !leftovers.iter().any(|n| n.ends_with(".tmp")),
        "{leftovers:?}"
    );
    std::fs::remove_file(dir.join("broken.pal")).unwrap_or_default();
    std::fs::remove_file(dir.join("latin1.pal")).unwrap_or_default();
    let out = palisade(&["fmt", "--check", &dir.display().to_string()], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
}

#[test]
fn standard_input_does_not_mix_with_paths() {
    let out = palisade(&["fmt", "-", "stdlib"], Some(UGLY));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("cannot be combined"));
}
