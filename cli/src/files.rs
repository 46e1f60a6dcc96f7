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
