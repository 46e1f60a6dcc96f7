//! `palisade test --watch`: the first run runs every test; a change to a policy file re-runs
//! the tests of that file and of the files importing it, a fixture re-runs all; each change
//! (however many writes an editor makes) gives exactly one run, and a change to a file that
//! is neither a policy nor a fixture gives none.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

#[path = "runner_support/summary.rs"]
mod support;
use support::{root, summary};

/// A fresh folder with the passing case's two files and an unrelated test file.
fn workspace(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("palisade-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_default();
    for file in ["images.pal", "images_test.pal"] {
        let _ = std::fs::copy(root().join("passing").join(file), dir.join(file));
    }
    std::fs::write(
        dir.join("other.pal"),
        "package other\n\ntest \"unrelated\" {\n  assert 1 + 1 == 2\n}\n",
    )
    .unwrap_or_default();
    dir
}

/// `palisade test --watch DIR`, its output lines sent on a channel as they come.
fn watch(dir: &Path) -> (Child, Receiver<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_palisade"))
        .args(["test", "--watch", &dir.display().to_string()])
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| unreachable!("cannot run palisade: {e}"));
    let stdout = child.stdout.take().unwrap_or_else(|| unreachable!());
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    (child, rx)
}

/// The lines up to and including the next run's summary (at most 30 s).
fn until_summary(rx: &Receiver<String>) -> Vec<String> {
    let mut lines = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Ok(line) = rx.recv_timeout(Duration::from_millis(200)) {
            let done = line.contains(" passed, ");
            lines.push(line);
            if done {
                break;
            }
        }
    }
    lines
}

/// Every line that arrives within `quiet` of the last one.
fn lines_within(rx: &Receiver<String>, quiet: Duration) -> Vec<String> {
    let mut lines = Vec::new();
    while let Ok(line) = rx.recv_timeout(quiet) {
        lines.push(line);
    }
    lines
}

fn runs(lines: &[String]) -> usize {
    lines
        .iter()
        .filter(|l| l.starts_with("--- running tests"))
        .count()
}

#[test]
fn watch_reruns_the_tests_a_change_affects() {
    let dir = workspace("watch-affected");
    let (mut child, rx) = watch(&dir);
    let first = until_summary(&rx);
    // The first run runs everything.
    assert!(first.iter().any(|l| l.contains("(all)")), "{first:?}");
    assert!(
        first.iter().any(|l| l.contains("5 passed, 0 failed")),
        "{first:?}"
    );
    // Break a rule: the tests of its file and of the file that imports it re-run, the
    // unrelated one does not.
    std::thread::sleep(Duration::from_millis(300));
    let text = std::fs::read_to_string(dir.join("images.pal")).unwrap_or_default();
    std::fs::write(dir.join("images.pal"), text.replace("\"ghcr.io\", ", "")).unwrap_or_default();
    let second = until_summary(&rx);
    // A fixture file appearing or changing re-runs everything (tests read fixtures by path).
    std::thread::sleep(Duration::from_millis(300));
    std::fs::write(dir.join("fixture.json"), "{}").unwrap_or_default();
    let third = until_summary(&rx);
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        second.iter().any(|l| l.contains("(affected)")),
        "{second:?}"
    );
    assert!(
        !second.iter().any(|l| l.contains("unrelated")),
        "{second:?}"
    );
    assert!(second.iter().any(|l| l.starts_with("FAIL")), "{second:?}");
    // The two tests of the edited file and its importer run again; the broken rule fails some.
    let failed = second
        .iter()
        .find_map(|l| summary(l))
        .map_or(0, |(_, failed)| failed);
    assert!(failed > 0, "{second:?}");
    assert!(third.iter().any(|l| l.contains("(all)")), "{third:?}");
}

#[test]
fn one_change_is_one_run_and_other_files_are_none() {
    let dir = workspace("watch-once");
    let (mut child, rx) = watch(&dir);
    let first = until_summary(&rx);
    assert!(
        first.iter().any(|l| l.contains("5 passed, 0 failed")),
        "{first:?}"
    );
    // An editor's save: the file written in two steps, then replaced by a rename.
    std::thread::sleep(Duration::from_millis(300));
    let path = dir.join("images.pal");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let edited = text.replace("\"ghcr.io\", ", "");
    let half = edited.len() / 2;
    std::fs::write(&path, edited.get(..half).unwrap_or_default()).unwrap_or_default();
    std::fs::write(&path, &edited).unwrap_or_default();
    let swap = dir.join(".images.pal.swp");
    std::fs::write(&swap, &edited).unwrap_or_default();
    std::fs::rename(&swap, &path).unwrap_or_default();
    let after_save = lines_within(&rx, Duration::from_secs(3));
    // Files that are neither policies nor fixtures: no run.
    std::fs::write(dir.join("README.md"), "# notes\n").unwrap_or_default();
    std::fs::write(dir.join("notes.txt"), "x").unwrap_or_default();
    let after_others = lines_within(&rx, Duration::from_secs(3));
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(runs(&after_save), 1, "{after_save:?}");
    assert!(
        after_save.iter().any(|l| l.contains("(affected)")),
        "{after_save:?}"
    );
    assert_eq!(runs(&after_others), 0, "{after_others:?}");
}
