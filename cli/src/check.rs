//! `palisade check`: parse and check policy files, report diagnostics, exit 0 when there are
//! no errors, 1 when there are, 2 when the files cannot be read.

use crate::Format;
use crate::files::{self, LoadedFile};
use crate::report;
use palisade::{FileId, check_bytes, diagnostics::sort_and_dedup};
use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(
    paths: &[PathBuf],
    schemas: &[String],
    format: Format,
    bundle: &crate::bundle::source::BundleArgs,
    cost: &crate::cost::CostArgs,
) -> ExitCode {
    let opened = match bundle.open() {
        Ok(opened) => opened,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let loaded = match &opened {
        // A bundle's policies with the schemas its `palisade.toml` names.
        Some(opened) => opened
            .sources()
            .map(|files| files.into_iter().map(|(f, _)| f).collect())
            .map_err(files::IoError),
        None => load_all(paths),
    };
    let mut loaded = match loaded {
        Ok(files) => files,
        Err(files::IoError(message)) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    match files::load_schemas(schemas, loaded.len()) {
        Ok(generated) => loaded.extend(generated),
        Err(files::IoError(message)) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    }
    let texts: Vec<String> = loaded
        .iter()
        .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let user: Vec<FileId> = loaded.iter().map(|f| f.id).collect();
    let library = crate::policies::stdlib_imports(&refs, loaded.len());
    loaded.extend(library);
    let sources: Vec<(FileId, &[u8])> = loaded
        .iter()
        .filter(|f| f.refused.is_none())
        .map(|f| (f.id, f.bytes.as_slice()))
        .collect();
    let (texts, result) = check_bytes(&sources);
    let checked: Vec<FileId> = sources.iter().map(|(id, _)| *id).collect();
    for (id, text) in checked.into_iter().zip(texts) {
        if let Some(file) = loaded.iter_mut().find(|f| f.id == id) {
            file.text = text;
        }
    }
    let mut diagnostics: Vec<_> = loaded
        .iter()
        .filter_map(|f| f.refused.clone())
        .chain(result.diagnostics)
        .collect();
    // Costs are of a policy set without errors: one that does not check is not evaluated.
    let mut costs = None;
    if !diagnostics.iter().any(|d| d.is_error()) {
        match crate::cost::analyse(&loaded, &user, cost) {
            Ok(None) => {}
            Ok(Some(found)) => {
                diagnostics.extend(found.errors);
                costs = Some((found.human, found.json));
            }
            Err(message) => {
                eprintln!("error: {message}");
                return ExitCode::from(2);
            }
        }
    }
    sort_and_dedup(&mut diagnostics);
    match format {
        Format::Human => {
            if let Some((Some(text), _)) = &costs {
                report::emit(text);
                report::emit("\n");
            }
            report::human(&loaded, &diagnostics);
        }
        Format::Json => report::json_with(&loaded, &diagnostics, costs.and_then(|(_, j)| j)),
    }
    if diagnostics.iter().any(|d| d.is_error()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn load_all(paths: &[PathBuf]) -> Result<Vec<LoadedFile>, files::IoError> {
    let found = files::collect(paths)?;
    found
        .iter()
        .enumerate()
        .map(|(i, path)| files::load(FileId(u32::try_from(i).unwrap_or(u32::MAX)), path))
        .collect()
}
