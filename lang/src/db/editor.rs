//! What editors ask of the database: the positions checking records for one file (memoised
//! per file, so a keystroke re-records only the edited file, and only when asked), the same for
//! one item of an edited text (completion checks the enclosing item with a placeholder at the
//! cursor, against the file's unchanged interface), and a file's header (package and imports),
//! from which hosts choose the library files a workspace needs.

use super::queries::{Tree, closure, interface, parse, trees_with};
use super::{PolicyFile, PolicySetInput};
use crate::check::analysis::Analysis;
use crate::check::{Header, Record, check_trees_recording};
use crate::span::{FileId, Span};
use crate::syntax::ast::SourceFile;
use std::sync::Arc;

/// The package a file declares and the packages it imports.
#[salsa::tracked(returns(ref))]
pub fn header(db: &dyn salsa::Database, file: PolicyFile) -> Header {
    Header::of(&interface(db, file).tree)
}

/// The positions checking records in one file: types of expressions, bindings, references
/// (to items of any file). Checked against the interfaces of the files it imports, like
/// `check_file`.
#[salsa::tracked(returns(ref), no_eq)]
pub fn file_analysis(
    db: &dyn salsa::Database,
    set: PolicySetInput,
    file: PolicyFile,
) -> Arc<Analysis> {
    let own = &parse(db, file).file;
    Arc::new(record(db, set, file, own))
}

/// The positions recorded in item `item` of `file` when the file's text is `text` (an edited
/// text whose other items are unchanged): the item is parsed alone, from the text with
/// everything else blanked (so offsets stay those of `text`), and checked in place of the
/// file's item against the file's interface. `None` when the item's text does not parse as one
/// item at the same index.
pub fn item_analysis(
    db: &dyn salsa::Database,
    set: PolicySetInput,
    file: PolicyFile,
    item: usize,
    item_span: Span,
    text: &str,
) -> Option<Analysis> {
    let start = item_span.start as usize;
    let end = (item_span.end as usize).min(text.len());
    let blanked = blank_outside(text, start, end);
    let parsed = crate::syntax::parse(file.id(db), &blanked);
    // The blanked text has no package declaration: that error is expected.
    let broken = parsed
        .diagnostics
        .iter()
        .any(|d| d.is_error() && d.code != crate::diagnostics::codes::MISSING_PACKAGE);
    if parsed.file.items.len() != 1 || broken {
        return None;
    }
    let mut tree: SourceFile = (*interface(db, file).tree).clone();
    let slot = tree.items.get_mut(item)?;
    *slot = parsed.file.items.into_iter().next()?;
    let mut analysis = record(db, set, file, &tree);
    let within = |s: &Span| s.start >= item_span.start && s.start <= end as u32;
    analysis.types.retain(|(_, s, _)| within(s));
    analysis.bindings.retain(|(_, s, _)| within(s));
    analysis.references.retain(|r| within(&r.span));
    Some(analysis)
}

/// `text` with every character outside `start..end` but newlines replaced by as many spaces as
/// it has bytes, so that every offset is the same as in `text`.
fn blank_outside(text: &str, start: usize, end: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if (start..end).contains(&i) || c == '\n' {
            out.push(c);
        } else {
            out.extend(std::iter::repeat_n(' ', c.len_utf8()));
        }
    }
    out
}

/// Checks `own` as `file`'s tree, recording positions, and keeps what is in `file`.
fn record(
    db: &dyn salsa::Database,
    set: PolicySetInput,
    file: PolicyFile,
    own: &SourceFile,
) -> Analysis {
    let id: FileId = file.id(db);
    let trees = trees_with(db, set, file, own, Some(closure(db, set, file)));
    let refs: Vec<(FileId, &SourceFile)> = trees
        .iter()
        .map(|(f, t): &(FileId, Tree<'_>)| (*f, t.get()))
        .collect();
    let (_, _, analysis) = check_trees_recording(&refs, Record::Positions);
    let mut analysis = analysis.unwrap_or_default();
    analysis.types.retain(|(f, _, _)| *f == id);
    analysis.bindings.retain(|(f, _, _)| *f == id);
    analysis.references.retain(|r| r.file == id);
    analysis
}
