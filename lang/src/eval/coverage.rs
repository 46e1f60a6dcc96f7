//! Coverage of policy code by tests: which statements and function bodies ran, and which
//! way each `if` statement went. The evaluator records into a `Coverage` only when asked; the
//! test runner compares what ran with what could run (`coverable`) and reports lines.

use super::ir::{Program, Stmt};
use crate::span::{FileId, Span};
use std::collections::{BTreeMap, BTreeSet};

/// What ran.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Statements, function results and `let`s that ran.
    pub hits: BTreeSet<(FileId, Span)>,
    /// `if` statements, with the outcome that was taken (`true`: the `then` branch).
    pub branches: BTreeSet<(FileId, Span, bool)>,
}

impl Coverage {
    /// Records that something ran.
    pub fn hit(&mut self, file: FileId, span: Span) {
        self.hits.insert((file, span));
    }

    /// Records the outcome of an `if`.
    pub fn branch(&mut self, file: FileId, span: Span, taken: bool) {
        self.branches.insert((file, span, taken));
    }

    /// Adds what another run covered.
    pub fn merge(&mut self, other: &Coverage) {
        self.hits.extend(other.hits.iter().copied());
        self.branches.extend(other.branches.iter().copied());
    }
}

/// What could run: in rules and functions (not tests), every statement, every function
/// result and `let`; and every `if` statement, whose two outcomes are branches.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Coverable {
    /// Statements, function results and `let`s, by file.
    pub units: BTreeMap<FileId, BTreeSet<Span>>,
    /// `if` statements, by file.
    pub branches: BTreeMap<FileId, BTreeSet<Span>>,
    /// Rules: file, span of the name and id.
    pub rules: Vec<(FileId, Span, String)>,
}

/// Everything coverable in a program.
pub fn coverable(program: &Program) -> Coverable {
    let mut c = Coverable::default();
    for (_, rule) in program.linked_rules() {
        c.rules.push((rule.file, rule.span, rule.id.to_string()));
        c.units.entry(rule.file).or_default();
        walk(&rule.body, rule.file, &mut c);
    }
    for view in program.linked_views() {
        c.units.entry(view.file).or_default();
        walk(&view.body, view.file, &mut c);
    }
    for f in program.fns.iter().flatten() {
        let units = c.units.entry(f.file).or_default();
        units.insert(f.body_span);
        units.extend(f.lets.iter().map(|(_, _, span)| *span));
    }
    c
}

fn walk(stmts: &[Stmt], file: FileId, c: &mut Coverable) {
    for s in stmts {
        c.units.entry(file).or_default().insert(s.span());
        match s {
            Stmt::If(_, then, otherwise, span) => {
                c.branches.entry(file).or_default().insert(*span);
                walk(then, file, c);
                walk(otherwise, file, c);
            }
            Stmt::For { body, .. } => walk(body, file, c),
            Stmt::Let(..) | Stmt::Violation(..) | Stmt::Assert(..) | Stmt::Yield(_) => {}
        }
    }
}
