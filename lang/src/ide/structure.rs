//! Where the type of a value is declared ("go to type definition"), and the nested ranges an
//! editor grows a selection through ("expand selection"): the word, each enclosing expression,
//! each enclosing statement, the item, the file.

use super::hover::word_at;
use super::{Location, Snapshot, touches};
use crate::check::types::Ty;
use crate::span::{FileId, Span};
use crate::syntax::ast::{ItemKind, Stmt, StmtKind};

impl Snapshot {
    /// The declarations of the type of the value at `offset` (a binding or an expression): the
    /// `type` items of that name in the file, its package and the packages it imports. Lists,
    /// sets, maps and optionals lead to their element type.
    pub fn type_definition(&self, file: FileId, offset: u32) -> Vec<Location> {
        let Some(analysis) = self.analysis(file) else {
            return Vec::new();
        };
        let ty = analysis
            .bindings
            .iter()
            .find(|(f, s, _)| *f == file && touches(*s, offset))
            .map(|(_, _, t)| t)
            .or_else(|| {
                analysis
                    .types
                    .iter()
                    .filter(|(f, s, _)| *f == file && touches(*s, offset))
                    .min_by_key(|(_, s, _)| s.len())
                    .map(|(_, _, t)| t)
            });
        let Some(name) = ty.and_then(declared_name) else {
            return Vec::new();
        };
        let Some(tree) = self.parse(file).map(|p| &p.file) else {
            return Vec::new();
        };
        let mut packages: Vec<String> = tree.imports.iter().map(|i| i.path.dotted()).collect();
        packages.extend(tree.package.as_ref().map(|p| p.dotted()));
        let mut out = Vec::new();
        for other in self.files() {
            let Some(p) = self.parse(other) else { continue };
            let visible = other == file
                || p.file
                    .package
                    .as_ref()
                    .is_some_and(|p| packages.contains(&p.dotted()));
            if !visible {
                continue;
            }
            for item in &p.file.items {
                if let (ItemKind::Type(_), Some(n)) = (&item.kind, item.kind.name())
                    && *n.name == *name
                {
                    out.push(Location {
                        file: other,
                        span: n.span,
                    });
                }
            }
        }
        out
    }

    /// The ranges around `offset`, innermost first, each containing the one before: the word,
    /// the expressions, statements and blocks that contain it, the item, the whole file.
    pub fn selection_ranges(&self, file: FileId, offset: u32) -> Vec<Span> {
        let (Some(text), Some(parse)) = (self.text(file), self.parse(file)) else {
            return Vec::new();
        };
        let mut spans: Vec<Span> = Vec::new();
        if let Some((_, word)) = word_at(text, offset) {
            spans.push(word);
        }
        if let Some(analysis) = self.analysis(file) {
            spans.extend(
                analysis
                    .types
                    .iter()
                    .filter(|(f, s, _)| *f == file && touches(*s, offset))
                    .map(|(_, s, _)| *s),
            );
        }
        for item in parse.file.items.iter().filter(|i| touches(i.span, offset)) {
            spans.push(item.span);
            match &item.kind {
                ItemKind::Rule(r) => statements(&r.body, offset, &mut spans),
                ItemKind::View(v) => statements(&v.body, offset, &mut spans),
                ItemKind::Test(t) => statements(&t.body, offset, &mut spans),
                _ => {}
            }
        }
        spans.push(Span::new(0, text.len()));
        spans.sort_by_key(|s| (s.len(), std::cmp::Reverse(s.start)));
        spans.dedup();
        // Keep a chain: each range contains the one before.
        let mut chain: Vec<Span> = Vec::new();
        for s in spans {
            if chain
                .last()
                .is_none_or(|last| s.start <= last.start && last.end <= s.end && s != *last)
            {
                chain.push(s);
            }
        }
        chain
    }
}

/// The declared name of a record type, through optionals and collections.
fn declared_name(ty: &Ty) -> Option<std::sync::Arc<str>> {
    match ty {
        Ty::Record(r) => r.name.clone(),
        Ty::Opt(t) | Ty::List(t, _) | Ty::Set(t, _) | Ty::Map(_, t, _) | Ty::Rule(t) => {
            declared_name(t)
        }
        _ => None,
    }
}

/// The statements (and their blocks) that contain `offset`.
fn statements(stmts: &[Stmt], offset: u32, out: &mut Vec<Span>) {
    for s in stmts.iter().filter(|s| touches(s.span, offset)) {
        out.push(s.span);
        match &s.kind {
            StmtKind::For { body, .. } => statements(body, offset, out),
            StmtKind::If {
                then, otherwise, ..
            } => {
                statements(then, offset, out);
                statements(otherwise, offset, out);
            }
            _ => {}
        }
    }
}
