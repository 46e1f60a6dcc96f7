//! The properties every formatting must have, shared by the formatter's corpus, its property
//! tests and the repository-wide check: the output is a fixed point, the tree (spans erased)
//! is the one written, the comments are the ones written and each stays in the item that held
//! it, no empty line appears that the source did not have, no comment keeps a CRLF line end,
//! and checking the output reports the same diagnostics as checking the input.

use palisade::syntax::{self, CommentKind};
use palisade::{FileId, FormatOptions, check_sources, format};

/// Formats `text` and checks every property; `Ok(None)` when the text does not parse (the
/// formatter must then refuse it, which is checked too).
pub fn check_formatting(text: &str) -> Result<Option<String>, String> {
    let parsed = syntax::parse(FileId(0), text);
    let has_errors = parsed.diagnostics.iter().any(|d| d.is_error());
    let formatted = match format(text, &FormatOptions::default()) {
        Ok(f) => f,
        Err(diagnostics) => {
            if has_errors && diagnostics == parsed.diagnostics {
                return Ok(None);
            }
            return Err(format!(
                "refused a file that parses, or with other diagnostics than the parser's: {diagnostics:?}"
            ));
        }
    };
    if has_errors {
        return Err("formatted a file with syntax errors".to_owned());
    }
    let again = format(&formatted, &FormatOptions::default())
        .map_err(|d| format!("the output does not parse: {d:?}\n--- output\n{formatted}"))?;
    if again != formatted {
        return Err(format!(
            "not idempotent\n--- first\n{formatted}\n--- second\n{again}"
        ));
    }
    let reparsed = syntax::parse(FileId(0), &formatted);
    let (mut before, mut after) = (parsed.file.clone(), reparsed.file.clone());
    before.erase_spans();
    after.erase_spans();
    if before != after {
        return Err(format!("the tree changed\n--- output\n{formatted}"));
    }
    let (a, b) = (comments(text), comments(&formatted));
    if a != b {
        return Err(format!(
            "the comments changed: {a:?}\n   became {b:?}\n--- output\n{formatted}"
        ));
    }
    let (a, b) = (comments_per_item(text), comments_per_item(&formatted));
    if a != b {
        return Err(format!(
            "comments moved between items: {a:?} per item became {b:?}\n--- output\n{formatted}"
        ));
    }
    if let Some(c) = reparsed.trivia.comments.iter().find(|c| {
        formatted
            .get(c.span.start as usize..c.span.end as usize)
            .is_some_and(|t| t.contains("\r\n"))
    }) {
        return Err(format!(
            "a comment kept a CRLF line end: {:?}\n--- output\n{formatted}",
            formatted.get(c.span.start as usize..c.span.end as usize)
        ));
    }
    let (a, b) = (empty_lines(text), empty_lines(&formatted));
    if b > a {
        return Err(format!(
            "{b} empty lines where the source has {a}\n--- output\n{formatted}"
        ));
    }
    let (a, b) = (diagnostic_codes(text), diagnostic_codes(&formatted));
    if a != b {
        return Err(format!(
            "checking reports {a:?} before and {b:?} after\n--- output\n{formatted}"
        ));
    }
    if !formatted.ends_with('\n') || formatted.ends_with("\n\n") {
        return Err("the output does not end with exactly one newline".to_owned());
    }
    if let Some(line) = formatted
        .lines()
        .find(|l| l.ends_with(' ') || l.ends_with('\t'))
    {
        return Err(format!("a line ends in blanks: {line:?}"));
    }
    Ok(Some(formatted))
}

/// The comments of a text, sorted (line comments without trailing blanks).
pub fn comments(text: &str) -> Vec<String> {
    let parsed = syntax::parse(FileId(0), text);
    let mut out: Vec<String> = parsed
        .trivia
        .comments
        .iter()
        .map(|c| {
            let t = text
                .get(c.span.start as usize..c.span.end as usize)
                .unwrap_or("");
            match c.kind {
                CommentKind::Line => t.trim_end().to_owned(),
                // The later lines of a block comment move with its first line, and the
                // carriage returns before a line end go with it.
                CommentKind::Block => t
                    .lines()
                    .map(|l| l.trim_start().trim_end_matches('\r'))
                    .collect::<Vec<_>>()
                    .join("\n"),
            }
        })
        .collect();
    out.sort();
    out
}

/// How many comments lie inside each top-level item, in order.
fn comments_per_item(text: &str) -> Vec<usize> {
    let parsed = syntax::parse(FileId(0), text);
    parsed
        .file
        .items
        .iter()
        .map(|item| {
            parsed
                .trivia
                .comments
                .iter()
                .filter(|c| item.span.start <= c.span.start && c.span.end <= item.span.end)
                .count()
        })
        .collect()
}

/// How many lines of a text hold nothing but blanks.
fn empty_lines(text: &str) -> usize {
    text.lines().filter(|l| l.trim().is_empty()).count()
}

/// The codes and messages of checking a text alone, sorted.
fn diagnostic_codes(text: &str) -> Vec<String> {
    let mut out: Vec<String> = check_sources(&[(FileId(0), text)])
        .diagnostics
        .iter()
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    out.sort();
    out
}
