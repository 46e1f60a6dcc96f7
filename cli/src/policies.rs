//! Loading a policy set for evaluation: policy files and schemas from disk, checked and
//! compiled by the library. A policy set with errors is reported like `palisade check` does
//! and refused.

use crate::Format;
use crate::files::{self, LoadedFile};
use crate::report;
use palisade::{FileId, PolicySet};
use std::path::PathBuf;

/// Why no policy set could be built; the message (if any) has not been printed yet.
pub struct Refused(pub Option<String>);

/// Loads, checks and compiles the policies at `paths` with the schemas `NAME=FILE`.
/// Diagnostics of a refused set are printed in `format`.
pub fn load(
    paths: &[PathBuf],
    schemas: &[String],
    format: Format,
) -> Result<(PolicySet, Vec<LoadedFile>), Refused> {
    let found = files::collect(paths).map_err(|e| Refused(Some(e.0)))?;
    let mut loaded: Vec<LoadedFile> = found
        .iter()
        .enumerate()
        .map(|(i, path)| files::load(FileId(u32::try_from(i).unwrap_or(u32::MAX)), path))
        .collect::<Result<_, _>>()
        .map_err(|e| Refused(Some(e.0)))?;
    loaded.extend(files::load_schemas(schemas, loaded.len()).map_err(|e| Refused(Some(e.0)))?);
    let mut refused: Vec<palisade::Diagnostic> = Vec::new();
    for file in &mut loaded {
        if let Some(d) = &file.refused {
            refused.push(d.clone());
            continue;
        }
        let (text, diagnostics) = palisade::decode_source(file.id, &file.bytes);
        file.text = text;
        refused.extend(diagnostics);
    }
    if !refused.is_empty() {
        print_diagnostics(&loaded, &refused, format);
        return Err(Refused(None));
    }
    let sources: Vec<(FileId, &str)> = loaded.iter().map(|f| (f.id, f.text.as_str())).collect();
    match PolicySet::compile(&sources) {
        Ok(set) => Ok((set, loaded)),
        Err(failure) => {
            print_diagnostics(&loaded, &failure.diagnostics, format);
            Err(Refused(None))
        }
    }
}

fn print_diagnostics(loaded: &[LoadedFile], diagnostics: &[palisade::Diagnostic], format: Format) {
    match format {
        // Human output goes to stderr: stdout is for decisions.
        Format::Human => eprint!("{}", report::render_human(loaded, diagnostics)),
        Format::Json => report::json(loaded, diagnostics),
    }
}
