//! Finding and reading policy files. This is where the disk is touched; the library only ever
//! sees `(FileId, text)`.

use palisade::syntax::MAX_SOURCE_LEN;
use palisade::{Diagnostic, FileId, Span};
use std::path::{Path, PathBuf};

/// A source file as read from disk.
pub struct LoadedFile {
    /// The id given to the library.
    pub id: FileId,
    /// The path as shown to the user.
    pub display: String,
    /// The bytes as read.
    pub bytes: Vec<u8>,
    /// The decoded text, once checked.
    pub text: String,
    /// Why the file is not checked at all (it is too large), if it is not.
    pub refused: Option<Diagnostic>,
}

/// An IO problem that stops the command (exit 2).
pub struct IoError(pub String);

/// Every `.pal` file under `paths`: files as given, directories searched recursively (hidden
/// directories and `target` skipped), in a stable order.
pub fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>, IoError> {
    let mut found = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path)
            .map_err(|e| IoError(format!("cannot read `{}`: {e}", path.display())))?;
        if meta.is_dir() {
            walk(path, &mut found)?;
        } else {
            found.push(path.clone());
        }
    }
    // The same file named twice (`dir` and `dir/a.pal`) is read once.
    let mut seen = std::collections::HashSet::new();
    found.retain(|p| seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())));
    found.sort();
    Ok(found)
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) -> Result<(), IoError> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| IoError(format!("cannot read directory `{}`: {e}", dir.display())))?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.is_dir() {
            if !name.starts_with('.') && name != "target" && name != "node_modules" {
                walk(&path, found)?;
            }
        } else if path.extension().is_some_and(|e| e == "pal") {
            found.push(path);
        }
    }
    Ok(())
}

/// Reads and decodes one file. Oversized files are not read; they get a diagnostic instead.
pub fn load(id: FileId, path: &Path) -> Result<LoadedFile, IoError> {
    let display = path.display().to_string();
    let size = std::fs::metadata(path)
        .map_err(|e| IoError(format!("cannot read `{display}`: {e}")))?
        .len();
    if size > MAX_SOURCE_LEN as u64 {
        return Ok(LoadedFile {
            id,
            display,
            bytes: Vec::new(),
            text: String::new(),
            refused: Some(Diagnostic::new(
                palisade::diagnostics::codes::SOURCE_TOO_LARGE,
                id,
                Span::at(0),
                format!("source file is {size} bytes, more than the maximum of {MAX_SOURCE_LEN}"),
            )),
        });
    }
    let bytes =
        std::fs::read(path).map_err(|e| IoError(format!("cannot read `{display}`: {e}")))?;
    Ok(LoadedFile {
        id,
        display,
        bytes,
        text: String::new(),
        refused: None,
    })
}

/// Reads `NAME=FILE` schema arguments and turns them into generated Palisade sources, given
/// file ids after the `first_id` policy files.
pub fn load_schemas(arguments: &[String], first_id: usize) -> Result<Vec<LoadedFile>, IoError> {
    let mut texts = Vec::new();
    for argument in arguments {
        let (name, path) = argument.split_once('=').ok_or_else(|| {
            IoError(format!(
                "`--schema {argument}` must be `NAME=FILE`, e.g. `acme.crds.Widget=widget.yaml`"
            ))
        })?;
        let text = std::fs::read_to_string(path)
            .map_err(|e| IoError(format!("cannot read schema `{path}`: {e}")))?;
        texts.push((name.to_owned(), text));
    }
    let inputs: Vec<palisade::SchemaInput<'_>> = texts
        .iter()
        .map(|(name, text)| palisade::SchemaInput { name, text })
        .collect();
    let generated = palisade::schemas_to_sources(&inputs).map_err(|e| IoError(e.to_string()))?;
    Ok(generated
        .into_iter()
        .enumerate()
        .map(|(i, source)| LoadedFile {
            id: FileId(u32::try_from(first_id + i).unwrap_or(u32::MAX)),
            display: format!("<schema package {}>", source.package),
            bytes: source.text.into_bytes(),
            text: String::new(),
            refused: None,
        })
        .collect())
}

/// Every file the engine reads (`.yaml`, `.yml`, `.json`, Dockerfiles) under the paths, in a
/// stable order, each once (by canonical path: symbolic-link loops and overlapping paths do not
/// repeat files). Hidden directories and `target` are left out, except `.github`, where the
/// workflows of a repository live.
pub fn collect_documents(paths: &[PathBuf]) -> Result<Vec<PathBuf>, IoError> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for path in paths {
        let meta = std::fs::metadata(path)
            .map_err(|e| IoError(format!("cannot read `{}`: {e}", path.display())))?;
        if meta.is_dir() {
            walk_documents(path, &mut out, &mut seen);
        } else if seen.insert(std::fs::canonicalize(path).unwrap_or_else(|_| path.clone())) {
            out.push(path.clone());
        }
    }
    Ok(out)
}

fn walk_documents(
    dir: &Path,
    out: &mut Vec<PathBuf>,
    seen: &mut std::collections::HashSet<PathBuf>,
) {
    let canonical = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    if !seen.insert(canonical) {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let hidden = path.file_name().is_some_and(|n| {
            (n.to_string_lossy().starts_with('.') && n != ".github") || n == "target"
        });
        if path.is_dir() && !hidden {
            walk_documents(&path, out, seen);
        } else if palisade_engine::walk_target(&path.to_string_lossy())
            && seen.insert(std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone()))
        {
            out.push(path);
        }
    }
}

/// Loaded files with their paths, and the diagnostics of reading them.
pub type Sources = (Vec<(LoadedFile, PathBuf)>, Vec<Diagnostic>);

/// Every `.pal` file under `paths`, read and decoded, with the paths they came from; and the
/// diagnostics of reading them (a file too large, bytes that are not UTF-8), which refuse the
/// policy set.
pub fn load_sources(paths: &[PathBuf]) -> Result<Sources, IoError> {
    let mut loaded = Vec::new();
    let mut problems = Vec::new();
    for (i, path) in collect(paths)?.into_iter().enumerate() {
        let mut file = load(FileId(u32::try_from(i).unwrap_or(u32::MAX)), &path)?;
        match &file.refused {
            Some(d) => problems.push(d.clone()),
            None => {
                let (text, diagnostics) = palisade::decode_source(file.id, &file.bytes);
                file.text = text;
                problems.extend(diagnostics);
            }
        }
        loaded.push((file, path));
    }
    Ok((loaded, problems))
}
