//! Compiling a checked policy set: every name is resolved to a slot, an item index or a
//! builtin, metadata is read once, subject types give each rule its discriminators, and
//! constants that depend on nothing the host supplies are folded. Runs only on policy sets
//! without errors, so every name resolves; a defect here is an internal error, never a panic.

mod expr;
mod items;
mod scope;

pub use items::{Tables, compile_module};

use super::ir::Program;
use crate::check::Facts;
use crate::span::FileId;
use crate::syntax::ast::SourceFile;

/// Why a checked policy set could not be compiled: only a defect of the compiler, reported as
/// data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompileError {
    /// What could not be compiled.
    pub message: String,
}

/// Compiles the checked files of a policy set, links them and folds constants.
pub fn compile(files: &[(FileId, &SourceFile)], facts: &Facts) -> Result<Program, CompileError> {
    let tables = items::Tables::build(files);
    let modules = (0..files.len())
        .map(|pos| items::compile_module(&tables, files, facts, pos))
        .collect::<Result<Vec<_>, _>>()?;
    let mut program = Program::link(tables.counts(), &modules);
    super::interp::fold(&mut program);
    Ok(program)
}
