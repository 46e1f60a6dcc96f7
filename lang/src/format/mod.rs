//! The formatter: one canonical layout for Palisade source (see `spec/style.md`). It works on
//! the syntax tree plus its trivia (comments and parentheses), builds a document (`doc.rs`) and
//! lets a Wadler/Oppen printer choose the line breaks. Only well-formed files are formatted: a
//! file with syntax errors is refused with its diagnostics, never half formatted. Formatting
//! never reorders, adds or drops anything but whitespace, commas and the optional commas of
//! `meta` blocks: the tree (spans aside) and the comments are the same before and after.

mod doc;
mod exprs;
mod items;
mod layout;
mod seq;
mod types;

use crate::diagnostics::{Diagnostic, Severity};
use crate::span::{FileId, Span};
use crate::syntax;

/// Layout settings. The defaults are the canonical style; change them only to experiment.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct FormatOptions {
    /// The line width the printer aims for (default 100). Comments and string literals longer
    /// than the line are kept whole.
    pub width: usize,
    /// Spaces per indentation level (default 2).
    pub indent: usize,
}

impl Default for FormatOptions {
    fn default() -> Self {
        FormatOptions {
            width: 100,
            indent: 2,
        }
    }
}

/// A replacement of part of a source: the text at `span` becomes `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replacement {
    /// The bytes of the original source to replace.
    pub span: Span,
    /// What to put there.
    pub text: String,
}

/// Formats a whole file. `Err` holds the file's syntax errors (for `FileId(0)`) when it does
/// not parse; the source is then left as it is.
///
/// ```
/// use palisade::{FormatOptions, format};
///
/// let messy = "package demo\n\nlet   limit=3\nlet doubled =limit*2\n";
/// let formatted = format(messy, &FormatOptions::default()).expect("the file parses");
/// assert_eq!(formatted, "package demo\n\nlet limit = 3\nlet doubled = limit * 2\n");
/// // Formatting is idempotent.
/// assert_eq!(format(&formatted, &FormatOptions::default()).as_ref(), Ok(&formatted));
///
/// let errors = format("package demo\nlet = 3\n", &FormatOptions::default()).unwrap_err();
/// assert!(errors.iter().all(|d| d.is_error()));
/// ```
pub fn format(source: &str, options: &FormatOptions) -> Result<String, Vec<Diagnostic>> {
    Ok(layout(source, options)?.text)
}

/// Formats the top-level items (package, imports, declarations) that overlap `range`, leaving
/// the rest of the file as written. `Ok(None)` when the range touches no item or the items are
/// already formatted. Refuses a file with syntax errors, as `format` does.
pub fn format_range(
    source: &str,
    range: Span,
    options: &FormatOptions,
) -> Result<Option<Replacement>, Vec<Diagnostic>> {
    let laid = layout(source, options)?;
    let overlaps = |s: Span| s.start <= range.end && range.start <= s.end;
    let chosen: Vec<&Placed> = laid.tops.iter().filter(|t| overlaps(t.source)).collect();
    let (Some(first), Some(last)) = (chosen.first(), chosen.last()) else {
        return Ok(None);
    };
    let span = first.source.to(last.source);
    let text = laid
        .text
        .get(first.output.start..last.output.end)
        .unwrap_or("");
    if source.get(span.range()) == Some(text) {
        return Ok(None);
    }
    Ok(Some(Replacement {
        span,
        text: text.to_owned(),
    }))
}

/// Where a top-level element is in the source and in the output.
struct Placed {
    source: Span,
    output: std::ops::Range<usize>,
}

struct Laid {
    text: String,
    tops: Vec<Placed>,
}

fn layout(source: &str, options: &FormatOptions) -> Result<Laid, Vec<Diagnostic>> {
    let (parse, tokens) = syntax::parse_with_tokens(FileId(0), source);
    if parse
        .diagnostics
        .iter()
        .any(|d| d.severity() == Severity::Error)
    {
        return Err(parse.diagnostics);
    }
    let mut l = layout::Layout::new(source, &tokens, &parse.trivia);
    let (document, tops) = l.file(&parse.file);
    let printed = doc::print(
        &document,
        options.width.max(1),
        options.indent,
        source.len(),
    );
    let mut by_mark = vec![0; l.marks + 1];
    for (mark, at) in &printed.marks {
        if let Some(slot) = by_mark.get_mut(*mark) {
            *slot = *at;
        }
    }
    let offset = |mark: usize| by_mark.get(mark).copied().unwrap_or(0);
    let tops = tops
        .iter()
        .map(|t| Placed {
            source: t.span,
            output: offset(t.start_mark)..offset(t.end_mark),
        })
        .collect();
    Ok(Laid {
        text: printed.text,
        tops,
    })
}
