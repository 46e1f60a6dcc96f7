//! The `*.tf` files of one module (a directory), each parsed once, read file by file: a scan
//! that judges every file of a module with the others as its context parses each file once
//! rather than once per file of the module.

use super::{brackets, emit, finish, hcl};
use palisade::diagnostics::codes;
use palisade::{Document, InputError, InputLimits};

/// The files of a Terraform module, parsed. Reading file `i` ([`ModuleFiles::read`]) gives
/// what [`read_in_module`](super::read_in_module) gives for that file with the other files,
/// in order, as its context.
pub struct ModuleFiles {
    files: Vec<Result<Parsed, InputError>>,
}

/// A file that parsed, with where its lines start.
struct Parsed {
    body: hcl_edit::structure::Body,
    lines: hcl::Lines,
}

impl ModuleFiles {
    /// Parses each file of a module (in the order the module's files are to be taken: by name).
    /// A file that cannot be read or parsed keeps its error, reported when that file is read
    /// and left out of the others' context.
    pub fn parse(files: &[&[u8]], limits: &InputLimits) -> ModuleFiles {
        ModuleFiles {
            files: files.iter().map(|bytes| parse(bytes, limits)).collect(),
        }
    }

    /// How many files the module has.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether the module has no file.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Reads file `index` with the module's other files as its context: its one document, or
    /// the error that stopped it. An index past the end reads as no document.
    pub fn read(&self, index: usize, limits: &InputLimits) -> (Vec<Document>, Vec<InputError>) {
        let own = match self.files.get(index) {
            Some(Ok(parsed)) => parsed,
            Some(Err(e)) => return (Vec::new(), vec![e.clone()]),
            None => return (Vec::new(), Vec::new()),
        };
        let others: Vec<&hcl_edit::structure::Body> = self
            .files
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != index)
            .filter_map(|(_, f)| f.as_ref().ok())
            .map(|p| &p.body)
            .collect();
        let module = hcl::module(&own.body, &others, &own.lines);
        match emit::build(&module, limits) {
            // The other files count against the limits too: when they break one, the file is
            // judged on its own rather than not at all.
            Err(_) if !others.is_empty() => {
                let alone = hcl::module(&own.body, &[], &own.lines);
                finish(emit::build(&alone, limits), 0)
            }
            built => finish(built, 0),
        }
    }
}

fn parse(bytes: &[u8], limits: &InputLimits) -> Result<Parsed, InputError> {
    let text = palisade::input_text(bytes, limits).map_err(|e| InputError {
        document: Some(0),
        ..e
    })?;
    // Unbalanced or over-deep brackets are refused before the parser sees them (it takes
    // exponential time backtracking through them).
    if let Err(problem) = brackets::check(text) {
        return Err(InputError {
            code: codes::MALFORMED_INPUT,
            message: format!("not valid HCL: {}", problem.message),
            document: Some(0),
            line: problem.line,
            column: 0,
        });
    }
    let lines = hcl::Lines::new(text);
    match hcl_edit::parser::parse_body(text) {
        Ok(body) => Ok(Parsed { body, lines }),
        Err(e) => {
            let location = e.location();
            // The line as every node's is counted (line feeds only), from the byte offset.
            Err(InputError {
                code: codes::MALFORMED_INPUT,
                message: format!("not valid HCL: {}", e.message()),
                document: Some(0),
                line: lines.at(location.offset()),
                column: u32::try_from(location.column()).unwrap_or(0),
            })
        }
    }
}

// A module's files are shared by the threads that judge them.
const _: fn() = || {
    fn shared<T: Send + Sync>() {}
    shared::<ModuleFiles>();
};
