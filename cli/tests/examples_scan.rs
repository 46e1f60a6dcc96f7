//! The scan of `examples/` as a user runs it from the repository root, compared with a committed
//! snapshot: every finding, its pointer and its line. Changes to how documents are discovered
//! or judged (views, formats) must leave it unchanged unless a finding is meant to change.

use std::path::Path;
use std::process::Command;

#[test]
fn the_scan_of_the_examples_is_unchanged() -> Result<(), String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .ok_or("no repository root")?;
    let out = Command::new(env!("CARGO_BIN_EXE_palisade"))
        .args(["scan", "examples", "--format", "json"])
        .current_dir(root)
        .env("NO_COLOR", "1")
        .output()
        .map_err(|e| e.to_string())?;
    // Findings of denying rules exit 1; anything else is a failure to scan.
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json = String::from_utf8(out.stdout).map_err(|e| e.to_string())?;
    insta::assert_snapshot!("examples_scan_json", json);
    Ok(())
}
