//! Editor queries over a checked policy set: hover, definitions, references, symbols, folding,
//! completion, renaming and inlay hints, answered from the trees and what checking recorded
//! (`check::analysis`). Everything here is plain data with byte offsets; the language server
//! converts positions and owns the protocol. A `Snapshot` is immutable: an edit makes a new one,
//! from the same `Host`, which recomputes only what the edit touched.

mod complete;
mod edit;
mod highlight;
mod hover;
mod navigate;
mod runnables;
mod signature;
mod structure;
mod symbols;

pub use complete::{Completion, CompletionKind};
pub use edit::{InlayHint, RenameRefused};
pub use highlight::{Highlight, TokenClass};
pub use hover::Hover;
pub use runnables::Runnable;
pub use signature::SignatureHelp;
pub use symbols::{Symbol, SymbolKind};

use crate::check::analysis::{Analysis, Target};
use crate::db::{Database, DocumentInput, Host, PolicyFile, PolicySetInput, Settings};
use crate::diagnostics::Diagnostic;
use crate::eval::decision::Decision;
use crate::span::{FileId, Span};
use crate::syntax::Parse;
use crate::syntax::ast::Item;
use std::collections::HashMap;

/// A place in a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    /// The file.
    pub file: FileId,
    /// The byte range.
    pub span: Span,
}

/// A read-only view of a host's policy set: what every query answers from. Parses, checks and
/// the positions recorded per file are memoised in the host's database, so a snapshot taken
/// after an edit recomputes only what the edit touched, and only when asked. A snapshot must
/// be dropped before its host is edited again (the edit waits for it).
pub struct Snapshot {
    db: Database,
    set: PolicySetInput,
    files: Vec<(FileId, PolicyFile)>,
    documents: HashMap<String, DocumentInput>,
    settings: Settings,
}

impl Snapshot {
    /// Parses and checks the sources as one policy set, in a host of their own.
    pub fn new(sources: Vec<(FileId, String)>) -> Snapshot {
        let mut host = Host::default();
        for (file, text) in &sources {
            host.set_text(*file, text);
        }
        let members: Vec<FileId> = sources.iter().map(|(f, _)| *f).collect();
        host.set_members(&members);
        Snapshot::of(&host)
    }

    /// A snapshot of a host's current set.
    pub fn of(host: &Host) -> Snapshot {
        let parts = host.parts();
        Snapshot {
            db: parts.db,
            set: parts.set,
            files: parts.members,
            documents: parts.documents,
            settings: parts.settings,
        }
    }

    /// The decision of the whole set on the host's document `key` (every rule, as
    /// `PolicySet::evaluate` decides it), computed incrementally: after an edit, only the
    /// modules it touched run again.
    pub fn decision(&self, key: &str) -> Option<&Decision> {
        let doc = self.documents.get(key)?;
        Some(crate::db::decision(&self.db, self.set, *doc, self.settings))
    }

    fn input(&self, file: FileId) -> Option<PolicyFile> {
        self.files.iter().find(|(f, _)| *f == file).map(|(_, i)| *i)
    }

    /// The text of a file.
    pub fn text(&self, file: FileId) -> Option<&str> {
        Some(self.input(file)?.text(&self.db).as_str())
    }

    /// The parse of a file.
    pub fn parse(&self, file: FileId) -> Option<&Parse> {
        Some(&**crate::db::parse(&self.db, self.input(file)?))
    }

    /// What checking recorded in a file (computed on first use).
    pub(crate) fn analysis(&self, file: FileId) -> Option<&Analysis> {
        Some(&**crate::db::file_analysis(
            &self.db,
            self.set,
            self.input(file)?,
        ))
    }

    /// What checking records in the item of `file` at `item_index`, were the file's text
    /// `text` (the snapshot's text with an edit inside that item).
    pub(crate) fn item_analysis(
        &self,
        file: FileId,
        item_index: usize,
        item_span: Span,
        text: &str,
    ) -> Option<Analysis> {
        crate::db::item_analysis(
            &self.db,
            self.set,
            self.input(file)?,
            item_index,
            item_span,
            text,
        )
    }

    /// The static cost bound of the rule or view of `file` whose name is at `name`, for
    /// documents within the default input limits (computed for the file's program on first
    /// use).
    pub fn cost_of(&self, file: FileId, name: Span) -> Option<&crate::eval::cost::ItemCost> {
        crate::db::file_costs(&self.db, self.set, self.input(file)?)
            .iter()
            .find(|c| c.file == file && c.span == name)
    }

    /// Every diagnostic of the set (the same as `check_sources`).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        crate::db::diagnostics(&self.db, self.set)
    }

    /// The diagnostics whose primary location is in `file`.
    pub fn diagnostics_of(&self, file: FileId) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics().iter().filter(move |d| d.file == file)
    }

    /// The files of the set.
    pub fn files(&self) -> impl Iterator<Item = FileId> + '_ {
        self.files.iter().map(|(f, _)| *f)
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
        let analysis = self.analysis(file)?;
        if let Some(r) = analysis
            .references
            .iter()
            .find(|r| r.file == file && inside(r.span))
        {
            return Some((r.target, r.span));
        }
        if let Some((_, span, _)) = analysis
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
