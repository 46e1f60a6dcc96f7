//! The local environment of the expression checker: bindings in nested scopes with their
//! types, whether each is a place in the rule's subject (for `violation ... at`), whether it
//! was used (W0300), and the paths narrowed to "present" by enclosing conditions.

use crate::check::types::Ty;
use crate::diagnostics::{Diagnostic, codes, quote};
use crate::span::{FileId, Span};
use std::collections::HashMap;

/// One local binding.
#[derive(Clone, Debug)]
pub(super) struct Local {
    pub name: String,
    pub ty: Ty,
    /// Unique per binding, so narrowing facts about a shadowed binding do not leak.
    pub id: u32,
    pub span: Span,
    /// Whether it denotes a place in the rule's subject.
    pub place: bool,
    pub used: bool,
    /// Whether an unused binding is worth a warning (not for subjects and parameters).
    pub warn_unused: bool,
}

/// Scoped locals and narrowing facts.
#[derive(Default)]
pub(super) struct Env {
    locals: Vec<Local>,
    by_name: HashMap<String, Vec<usize>>,
    scopes: Vec<(usize, usize)>,
    facts: Vec<String>,
    fact_count: HashMap<String, u32>,
    next_id: u32,
}

impl Env {
    pub fn push(&mut self) {
        self.scopes.push((self.locals.len(), self.facts.len()));
    }

    /// Leaves a scope, reporting its unused bindings.
    pub fn pop(&mut self, file: FileId, diagnostics: &mut Vec<Diagnostic>) {
        let Some((locals, facts)) = self.scopes.pop() else {
            return;
        };
        for local in self.locals.drain(locals..).rev() {
            if let Some(stack) = self.by_name.get_mut(&local.name) {
                stack.pop();
            }
            if local.warn_unused && !local.used && !local.name.starts_with('_') {
                diagnostics.push(
                    Diagnostic::new(
                        codes::UNUSED_BINDING,
                        file,
                        local.span,
                        format!("{} is never used", quote(&local.name)),
                    )
                    .with_help(format!(
                        "remove it, or name it `_{}` to say it is unused on purpose",
                        local.name
                    )),
                );
            }
        }
        for fact in self.facts.drain(facts..) {
            if let Some(n) = self.fact_count.get_mut(&fact) {
                *n -= 1;
                if *n == 0 {
                    self.fact_count.remove(&fact);
                }
            }
        }
    }

    pub fn bind(&mut self, name: &str, ty: Ty, span: Span, place: bool, warn_unused: bool) {
        self.next_id += 1;
        let index = self.locals.len();
        self.locals.push(Local {
            name: name.to_owned(),
            ty,
            id: self.next_id,
            span,
            place,
            used: false,
            warn_unused,
        });
        self.by_name.entry(name.to_owned()).or_default().push(index);
    }

    /// The innermost binding of `name`, marked used.
    pub fn lookup(&mut self, name: &str) -> Option<&Local> {
        let index = *self.by_name.get(name)?.last()?;
        let local = self.locals.get_mut(index)?;
        local.used = true;
        Some(local)
    }

    /// The binding of `name` without marking it used.
    pub fn peek(&self, name: &str) -> Option<&Local> {
        let index = *self.by_name.get(name)?.last()?;
        self.locals.get(index)
    }

    /// Records that `path` is present in the current scope.
    pub fn assume_present(&mut self, path: String) {
        *self.fact_count.entry(path.clone()).or_insert(0) += 1;
        self.facts.push(path);
    }

    pub fn is_present(&self, path: &str) -> bool {
        self.fact_count.contains_key(path)
    }
}
