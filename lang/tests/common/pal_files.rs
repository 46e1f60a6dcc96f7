//! Finding policy files on disk, for tests that read the repository's own (the standard
//! library, the spec's examples).

use std::path::{Path, PathBuf};

/// Every `.pal` file under `dir`, recursively, appended to `out` in directory order (callers
/// sort when order matters).
pub fn pal_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            pal_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "pal") {
            out.push(path);
        }
    }
}
