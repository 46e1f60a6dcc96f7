//! Renaming and inlay hints. A rename changes the declaration and every use the checker
//! resolved to it, in every file; it is refused for what cannot be renamed (builtins, keywords,
//! files the host marks read-only such as the standard library) and for names that are not
//! identifiers. Inlay hints show the inferred type of `let` bindings without an annotation and
//! of loop and quantifier variables.

use super::{Location, Snapshot};
use crate::check::analysis::Target;
use crate::span::{FileId, Span};

/// Why a rename is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenameRefused {
    /// Lowercase, user text in backticks.
    pub message: String,
}

fn refused(message: impl Into<String>) -> RenameRefused {
    RenameRefused {
        message: message.into(),
    }
}

/// A type shown after a binding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlayHint {
    /// Where the hint goes (after the binding's name).
    pub offset: u32,
    /// The text, `: T`.
    pub label: String,
}

impl Snapshot {
    /// The name that a rename at `offset` would change, or why it cannot be renamed.
    /// `editable` says which files may be changed.
    pub fn prepare_rename(
        &self,
        file: FileId,
        offset: u32,
        editable: &dyn Fn(FileId) -> bool,
    ) -> Result<Span, RenameRefused> {
        let Some((target, span)) = self.target_at(file, offset) else {
            let word = self
                .text(file)
                .and_then(|t| super::hover::word_at(t, offset))
                .map(|(w, _)| w);
            return Err(match word {
                Some(w) if crate::builtins::lookup(w).is_some() => {
                    refused(format!("`{w}` is a builtin and cannot be renamed"))
                }
                Some(w) if crate::syntax::is_keyword(w) => refused(format!("`{w}` is a keyword")),
                _ => refused("there is no name to rename here"),
            });
        };
        let declared_in = match target {
            Target::Local { file, .. } | Target::Item { file, .. } => file,
        };
        if !editable(declared_in) {
            return Err(refused(
                "this name is declared in a read-only file (the standard library) and cannot be renamed",
            ));
        }
        Ok(span)
    }

    /// The edits that rename the name at `offset` to `new_name`: every place that names it.
    pub fn rename(
        &self,
        file: FileId,
        offset: u32,
        new_name: &str,
        editable: &dyn Fn(FileId) -> bool,
    ) -> Result<Vec<Location>, RenameRefused> {
        self.prepare_rename(file, offset, editable)?;
        let valid = new_name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && new_name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
            && new_name.len() <= crate::syntax::MAX_IDENT_LEN;
        if !valid {
            return Err(refused(format!("`{new_name}` is not a name")));
        }
        if crate::syntax::is_keyword(new_name) {
            return Err(refused(format!("`{new_name}` is a keyword")));
        }
        let places = self.references(file, offset, true);
        if let Some(read_only) = places.iter().find(|l| !editable(l.file)) {
            return Err(refused(format!(
                "a use in a read-only file would have to change (file {})",
                read_only.file.0
            )));
        }
        if let Some((target, _)) = self.target_at(file, offset) {
            self.clash(target, &places, new_name)?;
        }
        Ok(places)
    }

    /// Refuses a new name that could change what a name means: one already used or declared
    /// in an item where a renamed place is (a local would capture or be captured), an item of
    /// the same package, or an import alias of a file where a renamed place is.
    fn clash(
        &self,
        target: Target,
        places: &[Location],
        new_name: &str,
    ) -> Result<(), RenameRefused> {
        let taken = |what: String| {
            Err(refused(format!(
                "`{new_name}` already names {what}: renaming would change what a name refers to"
            )))
        };
        for place in places {
            let (Some(parse), Some(text)) = (self.parse(place.file), self.text(place.file)) else {
                continue;
            };
            if let Some(import) = parse
                .file
                .imports
                .iter()
                .find(|i| i.binding().is_some_and(|b| b.name == new_name))
            {
                return taken(format!("the import of `{}`", import.path.dotted()));
            }
            let Some(item) = parse
                .file
                .items
                .iter()
                .find(|i| super::touches(i.span, place.span.start))
            else {
                continue;
            };
            let inside = |s: Span| item.span.start <= s.start && s.end <= item.span.end;
            let named = |s: Span| text.get(s.range()) == Some(new_name);
            if let Some(analysis) = self.analysis(place.file) {
                let used = analysis
                    .references
                    .iter()
                    .any(|r| inside(r.span) && named(r.span));
                let bound = analysis
                    .bindings
                    .iter()
                    .any(|(_, s, _)| inside(*s) && named(*s));
                if used || bound {
                    let what = item
                        .kind
                        .name()
                        .map_or("this item".to_owned(), |n| format!("`{}`", n.name));
                    return taken(format!("something in {what}"));
                }
            }
        }
        if let Target::Item { file, .. } = target {
            let package = self
                .parse(file)
                .and_then(|p| p.file.package.as_ref().map(|p| p.dotted()));
            for other in self.files() {
                let Some(p) = self.parse(other) else { continue };
                if p.file.package.as_ref().map(|p| p.dotted()) != package {
                    continue;
                }
                if p.file
                    .items
                    .iter()
                    .any(|i| i.kind.name().is_some_and(|n| n.name == new_name))
                {
                    return taken("another item of the package".to_owned());
                }
            }
        }
        Ok(())
    }

    /// Types of the bindings of `file` that are not annotated.
    pub fn inlay_hints(&self, file: FileId) -> Vec<InlayHint> {
        let Some(text) = self.text(file) else {
            return Vec::new();
        };
        let Some(analysis) = self.analysis(file) else {
            return Vec::new();
        };
        let mut hints: Vec<InlayHint> = analysis
            .bindings
            .iter()
            .filter(|(f, span, _)| {
                // `name: T` already says it.
                *f == file
                    && !text
                        .get(span.end as usize..)
                        .is_some_and(|rest| rest.trim_start().starts_with(':'))
            })
            .map(|(_, span, ty)| InlayHint {
                offset: span.end,
                label: format!(": {ty}"),
            })
            .collect();
        hints.sort_by_key(|h| h.offset);
        hints.dedup();
        hints
    }

    /// Declarations of every file whose name contains `query` (case-insensitive).
    pub fn workspace_symbols(&self, query: &str) -> Vec<(FileId, super::Symbol)> {
        let query = query.to_lowercase();
        self.files()
            .flat_map(|f| self.symbols(f).into_iter().map(move |s| (f, s)))
            .filter(|(_, s)| {
                !matches!(
                    s.kind,
                    super::SymbolKind::Package | super::SymbolKind::Import
                ) && s.name.to_lowercase().contains(&query)
            })
            .collect()
    }
}

impl Snapshot {
    /// The edit that adds `import package` to a file: after its last import, or after its
    /// package declaration. `None` if the file already imports it.
    pub fn import_edit(&self, file: FileId, package: &str) -> Option<(Span, String)> {
        let tree = &self.parse(file)?.file;
        if tree.imports.iter().any(|i| i.path.dotted() == package)
            || tree.package.as_ref().is_some_and(|p| p.dotted() == package)
        {
            return None;
        }
        Some(match (tree.imports.last(), &tree.package) {
            (Some(last), _) => (
                Span::at(last.span.end as usize),
                format!("\nimport {package}"),
            ),
            (None, Some(p)) => (
                Span::at(p.span.end as usize),
                format!("\n\nimport {package}"),
            ),
            (None, None) => (Span::at(0), format!("import {package}\n\n")),
        })
    }
}
