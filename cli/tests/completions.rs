//! `palisade completions` and `palisade man` through the built binary: the bash script is
//! loaded into a real bash and asked to complete, as a shell does on Tab; the manual pages are
//! rendered by the real `groff` where it is installed, and name every subcommand and option.

use std::io::Write;
use std::process::{Command, Output, Stdio};

#[expect(clippy::panic, reason = "a test helper fails its test by panicking")]
fn palisade(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_palisade"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run palisade: {e}"))
}

/// What bash's completion function offers for the words typed so far (the last one may be
/// partial).
#[expect(clippy::panic, reason = "a test helper fails its test by panicking")]
fn complete(script: &str, words: &[&str]) -> Vec<String> {
    let dir = std::env::temp_dir().join(format!("palisade-completions-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let file = dir.join("palisade.bash");
    std::fs::write(&file, script).unwrap_or_else(|e| panic!("{e}"));
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "source '{}'\nCOMP_WORDS=({})\nCOMP_CWORD={}\nCOMP_LINE='{}'\nCOMP_POINT=${{#COMP_LINE}}\n_palisade palisade '{}' '{}'\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        file.display(),
        quoted.join(" "),
        words.len() - 1,
        words.join(" "),
        words.last().copied().unwrap_or(""),
        words
            .get(words.len().saturating_sub(2))
            .copied()
            .unwrap_or(""),
    );
    let out = Command::new("bash")
        .arg("-c")
        .arg(program)
        .output()
        .unwrap_or_else(|e| panic!("cannot run bash: {e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn bash_completes_subcommands_and_options() {
    let out = palisade(&["completions", "bash"]);
    assert_eq!(out.status.code(), Some(0));
    let script = String::from_utf8_lossy(&out.stdout).into_owned();
    let offered = complete(&script, &["palisade", "ex"]);
    assert_eq!(offered, ["explain"], "{offered:?}");
    let offered = complete(&script, &["palisade", "scan", "--fail"]);
    assert_eq!(offered, ["--fail-on"], "{offered:?}");
    let offered = complete(&script, &["palisade", "scan", "--param"]);
    assert!(
        offered.contains(&"--param-file".to_owned()) && offered.contains(&"--param".to_owned()),
        "{offered:?}"
    );
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let out = palisade(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("explain"),
            "{shell}"
        );
    }
    assert_eq!(palisade(&["completions", "tcsh"]).status.code(), Some(2));
}

/// The page as text: through `groff -man -Tutf8` when it is installed, else the roff itself.
#[expect(clippy::panic, reason = "a test helper fails its test by panicking")]
fn rendered(roff: &[u8]) -> String {
    let Ok(mut child) = Command::new("groff")
        .args(["-man", "-Tutf8", "-P-cbou"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    else {
        return String::from_utf8_lossy(roff).into_owned();
    };
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(roff).unwrap_or_else(|e| panic!("{e}"));
    }
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("warning"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn manual_pages_for_the_command_and_each_subcommand() {
    let out = palisade(&["man"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains(".TH palisade 1"));
    let page = rendered(&out.stdout);
    for sub in [
        "check", "eval", "test", "scan", "explain", "fmt", "lsp", "serve",
    ] {
        assert!(page.contains(sub), "{sub} missing from\n{page}");
    }
    let out = palisade(&["man", "scan"]);
    assert_eq!(out.status.code(), Some(0));
    let page = rendered(&out.stdout);
    assert!(page.contains("palisade-scan"), "{page}");
    for option in ["--fail-on", "--param-file", "--format", "--list-rules"] {
        assert!(page.contains(option), "{option} missing from\n{page}");
    }
    let out = palisade(&["man", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the subcommands are check, eval"));
}
