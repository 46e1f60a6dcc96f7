//! Running the built `palisade` as a user runs it: in a folder, without colours.

use std::path::Path;
use std::process::{Command, Output};

/// `palisade ARGS` run in `dir`.
#[expect(clippy::panic, reason = "a test helper fails its test by panicking")]
pub fn palisade(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_palisade"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run palisade: {e}"))
}
