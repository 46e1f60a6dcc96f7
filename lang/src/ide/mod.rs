//! Editor queries over a checked policy set: hover, definitions, references, symbols, folding,
//! completion, renaming and inlay hints, answered from the trees and what checking recorded
//! (`check::analysis`). Everything here is plain data with byte offsets; the language server
//! converts positions and owns the protocol. A `Snapshot` is immutable: an edit makes a new one.

mod complete;
mod edit;
mod highlight;
mod hover;
mod navigate;
mod signature;
mod symbols;

pub use complete::{Completion, CompletionKind};
pub use edit::{InlayHint, RenameRefused};
pub use highlight::{Highlight, TokenClass};
pub use hover::Hover;
pub use signature::SignatureHelp;
pub use symbols::{Symbol, SymbolKind};

use crate::check::analysis::{Analysis, Target};
use crate::check::{CheckResult, analyze};
use crate::diagnostics::Diagnostic;
use crate::span::{FileId, Span};
use crate::syntax::Parse;
use crate::syntax::ast::Item;

/// A place in a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    /// The file.
    pub file: FileId,
    /// The byte range.
    pub span: Span,
}

/// A checked policy set and what checking recorded about it.
pub struct Snapshot {
    texts: Vec<(FileId, String)>,
    result: CheckResult,
    analysis: Analysis,
}

impl Snapshot {
    /// Parses and checks the sources as one policy set.
    pub fn new(sources: Vec<(FileId, String)>) -> Snapshot {
        let refs: Vec<(FileId, &str)> = sources.iter().map(|(f, t)| (*f, t.as_str())).collect();
        let (result, analysis) = analyze(&refs);
        Snapshot {
            texts: sources,
            result,
            analysis,
        }
    }

    /// The text of a file.
    pub fn text(&self, file: FileId) -> Option<&str> {
        self.texts
            .iter()
            .find(|(f, _)| *f == file)
            .map(|(_, t)| t.as_str())
    }

    /// The parse of a file.
    pub fn parse(&self, file: FileId) -> Option<&Parse> {
        self.result
            .parses
            .iter()
            .find(|(f, _)| *f == file)
            .map(|(_, p)| p)
    }

    /// Every diagnostic of the set (the same as `check_sources`).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.result.diagnostics
    }

    /// The diagnostics whose primary location is in `file`.
    pub fn diagnostics_of(&self, file: FileId) -> impl Iterator<Item = &Diagnostic> {
        self.result
            .diagnostics
            .iter()
            .filter(move |d| d.file == file)
    }

    /// The files of the set.
    pub fn files(&self) -> impl Iterator<Item = FileId> + '_ {
        self.texts.iter().map(|(f, _)| *f)
    }

    fn item(&self, file: FileId, index: usize) -> Option<&Item> {
        self.parse(file)?.file.items.get(index)
    }

    /// Where a target is declared: the name of the item or binding.
    fn declaration(&self, target: Target) -> Option<Location> {
        match target {
            Target::Local { file, span } => Some(Location { file, span }),
            Target::Item { file, item } => {
                let name = self.item(file, item)?.kind.name()?;
                Some(Location {
                    file,
                    span: name.span,
                })
            }
        }
    }

    /// The target named at `offset`: a use of a name, or the name of a declaration.
    fn target_at(&self, file: FileId, offset: u32) -> Option<(Target, Span)> {
        let inside = |s: Span| s.start <= offset && offset <= s.end;
        if let Some(r) = self
            .analysis
            .references
            .iter()
            .find(|r| r.file == file && inside(r.span))
        {
            return Some((r.target, r.span));
        }
        if let Some((_, span, _)) = self
            .analysis
            .bindings
            .iter()
            .find(|(f, s, _)| *f == file && inside(*s))
        {
            return Some((Target::Local { file, span: *span }, *span));
        }
        let tree = &self.parse(file)?.file;
        tree.items.iter().enumerate().find_map(|(i, it)| {
            let name = it.kind.name()?;
            inside(name.span).then_some((Target::Item { file, item: i }, name.span))
        })
    }
}

/// Whether `offset` lies in `span` (its end included, where a cursor after a name still is).
pub(crate) fn touches(span: Span, offset: u32) -> bool {
    span.start <= offset && offset <= span.end
}
