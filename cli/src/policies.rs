//! Loading a policy set for evaluation: policy files and schemas from disk, checked and
//! compiled by the library. A policy set with errors is reported like `palisade check` does
//! and refused.

use crate::Format;
use crate::bundle::source::Opened;
use crate::files::{self, LoadedFile};
use crate::report;
use palisade::{FileId, PolicySet};
use std::path::PathBuf;

/// Why no policy set could be built; the message (if any) has not been printed yet.
pub struct Refused(pub Option<String>);

/// Loads, checks and compiles the policies at `paths` (or of a verified bundle) with the
/// schemas `NAME=FILE`. Diagnostics of a refused set are printed in `format`.
pub fn load(
    paths: &[PathBuf],
    schemas: &[String],
    format: Format,
    bundle: Option<&Opened>,
) -> Result<(PolicySet, Vec<LoadedFile>), Refused> {
    let (sources, mut refused) = match bundle {
        Some(opened) => {
            let sources = opened.sources().map_err(|e| Refused(Some(e)))?;
            let problems = sources
                .iter()
                .filter_map(|(f, _)| f.refused.clone())
                .collect();
            (sources, problems)
        }
        None => files::load_sources(paths).map_err(|e| Refused(Some(e.0)))?,
    };
    let mut loaded: Vec<LoadedFile> = sources.into_iter().map(|(f, _)| f).collect();
    let mut schemas = files::load_schemas(schemas, loaded.len()).map_err(|e| Refused(Some(e.0)))?;
    for file in &mut schemas {
        let (text, diagnostics) = palisade::decode_source(file.id, &file.bytes);
        file.text = text;
        refused.extend(diagnostics);
    }
    loaded.extend(schemas);
    if !refused.is_empty() {
        print_diagnostics(&loaded, &refused, format);
        return Err(Refused(None));
    }
    let texts: Vec<&str> = loaded.iter().map(|f| f.text.as_str()).collect();
    // Evaluating judges workloads' templates through the library's views over what is
    // imported, as the engine does.
    let library =
        crate::scan::library_files(palisade_stdlib::imported_with_views(&texts), loaded.len());
    loaded.extend(library);
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

/// The embedded standard library files that provide the `palisade.*` packages the given
/// sources import and do not declare themselves (transitively), with ids after `first`. So a
/// policy that imports `palisade.k8s` checks, tests and evaluates without the library on disk,
/// and `palisade test stdlib/images` finds the schema it imports.
pub fn stdlib_imports(sources: &[&str], first: usize) -> Vec<LoadedFile> {
    crate::scan::library_files(palisade_stdlib::imported_by(sources), first)
}
