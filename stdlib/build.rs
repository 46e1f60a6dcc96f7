//! Embeds the standard library: every policy file of this crate (not the `*_test.pal` test
//! files) becomes a `(path, text, package, imports)` entry compiled into the binary. The
//! package and imports are read from the file's `package` and `import` lines (the library is
//! formatted: one per line, at the start of the line); a test holds them to the parser's.

use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "pal")
            && !path.to_string_lossy().ends_with("_test.pal")
        {
            out.push(path);
        }
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf();
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    let mut code = String::from(
        "/// The standard library's policy files: path under `stdlib/`, text, package, imports.\n",
    );
    code.push_str("pub const FILES: &[(&str, &str, &str, &[&str])] = &[\n");
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let relative = file
            .strip_prefix(&root)
            .unwrap_or(file)
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let words = |prefix: &str| -> Vec<String> {
            text.lines()
                .filter_map(|l| l.strip_prefix(prefix))
                .filter_map(|rest| rest.split_whitespace().next())
                .map(str::to_owned)
                .collect()
        };
        let package = words("package ").into_iter().next().unwrap_or_default();
        let imports = words("import ");
        code.push_str(&format!(
            "    ({relative:?}, include_str!({:?}), {package:?}, &{imports:?}),\n",
            file.display().to_string()
        ));
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("stdlib.rs");
    if let Err(e) = std::fs::write(&out, code) {
        println!("cargo:warning=cannot write {}: {e}", out.display());
    }
}
