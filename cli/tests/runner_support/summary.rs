//! What the test runner's tests share: the corpus of runner cases and the summary line of the
//! human output.

use std::path::{Path, PathBuf};

/// The corpus of `palisade test` cases (`cli/tests/runner/<case>/`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/runner")
}

/// `N passed, M failed` from the last line of the human output.
pub fn summary(text: &str) -> Option<(usize, usize)> {
    let last = text.trim_end().lines().last()?;
    let mut parts = last.split(", ");
    let passed = parts.next()?.strip_suffix(" passed")?.parse().ok()?;
    let failed = parts.next()?.strip_suffix(" failed")?.parse().ok()?;
    Some((passed, failed))
}
