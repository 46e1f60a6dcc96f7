//! The YAML reader: drives `granit_parser`'s event parser over a stream and feeds the events
//! to the tree builder, one document at a time. The parser is iterative and its own nesting
//! budget is set to the depth limit, so deep input is refused before anything recurses.
//! A document refused for a limit is skipped and reading resumes at the next document; a
//! syntax error ends the stream, since the parser cannot resume after one.

use granit_parser::{ErrorKind, Event, Marker, Parser, ScalarStyle, ScanError, Span};

use super::build::{Builder, Collection, Duplicates, Refusal, too_deep};
use super::{Document, InputError, InputLimits, Piece, scalar, show_char, to_u32};
use crate::eval::value::Str;

/// Reads the documents of a YAML stream, handing each piece to `sink` as it is read (see
/// [`super::read_pieces`] for `split`).
pub(super) fn read(
    text: &str,
    limits: &InputLimits,
    split: Option<&str>,
    sink: &mut dyn FnMut(Piece),
) {
    // The parser places some errors at the end of input on a line past the last (a directive
    // or an empty key with no line break after it): they are reported on the last line.
    let mut last: Option<u32> = None;
    let mut sink = |piece: Piece| match piece {
        Piece::Unreadable(mut error) => {
            error.line = error.line.min(*last.get_or_insert_with(|| last_line(text)));
            sink(Piece::Unreadable(error));
        }
        other => sink(other),
    };
    read_stream(text, limits, split, &mut sink);
}

fn read_stream(text: &str, limits: &InputLimits, split: Option<&str>, sink: &mut dyn FnMut(Piece)) {
    let options = granit_parser::options! {
        emit_comments: false,
        // The builder refuses a document deeper than `max_depth` and skips the rest of it, so
        // the stream goes on; the parser's own budget, well above, stops hostile nesting.
        flow_nesting_limit: parser_nesting_limit(limits),
        block_nesting_limit: parser_nesting_limit(limits),
    };
    let mut parser = Parser::new_from_str_with_options(text, options);
    let mut builder = Builder::new(limits, Duplicates::Refuse);
    builder.split(split);
    // The stream position of the current document, and of the next one.
    let mut current = 0;
    let mut next = 0;
    let mut in_document = false;
    let mut document_line = 1;
    // Whether the current document was refused, and for what.
    let mut refused: Option<&'static str> = None;
    // What the element being passed over was refused for.
    let mut skipped: Option<&'static str> = None;
    while let Some(item) = parser.next_event() {
        let (event, span) = match item {
            Ok(pair) => pair,
            Err(error) => {
                let document = if in_document { current } else { next };
                let mut error = scan_error(&error, limits, document);
                // A document (or an element) refused as too deep that goes on nesting trips the
                // parser's own budget, and the parser cannot go on: say that reading stops
                // there, since what follows (the rest of the document, later documents) is not
                // read.
                // For a document refused whole with nothing after it, the first error says it
                // all.
                let code = Some(error.code.as_str());
                let passing_over = builder.is_skipping() && skipped == code;
                if in_document && (refused == code || passing_over) {
                    let later = usize::try_from(error.line).unwrap_or(usize::MAX);
                    let more = text.lines().skip(later).any(|l| l.starts_with("---"));
                    if !passing_over && !more {
                        return;
                    }
                    error.message = format!(
                        "input nests deeper than {} levels, the reader's own budget: reading \
                         stops here and nothing after this point is read",
                        parser_nesting_limit(limits)
                    );
                }
                sink(Piece::Unreadable(error));
                return;
            }
        };
        let step = match event {
            Event::StreamStart | Event::Comment(..) => Ok(()),
            Event::StreamEnd => return,
            Event::DocumentStart(..) => {
                current = next;
                next += 1;
                in_document = true;
                document_line = line(&span.start);
                refused = None;
                builder.reset();
                Ok(())
            }
            Event::DocumentEnd => {
                in_document = false;
                let summary = builder.split_summary();
                let finished = builder.finish().filter(|_| refused.is_none());
                if let Some(node) = finished.filter(|node| !node.value.is_none()) {
                    let document = Document {
                        index: current,
                        value: node.value,
                        line: document_line,
                        lines: Some(node.lines),
                    };
                    sink(super::finished(document, summary));
                }
                Ok(())
            }
            _ if refused.is_some() => Ok(()),
            Event::Scalar(..) | Event::Alias(..) if builder.is_skipping() => Ok(()),
            Event::Scalar(value, style, anchor, tag) => {
                let empty = style == ScalarStyle::Plain && span.start.index() == span.end.index();
                let line = line(&span.start);
                if builder.expects_key() {
                    let text = if empty { "" } else { &value };
                    let merge = style == ScalarStyle::Plain && tag.is_none() && text == "<<";
                    builder.key(text, line, merge)
                } else {
                    scalar::resolve(&value, style, tag.as_deref(), empty).and_then(|resolved| {
                        let text =
                            (anchor != 0).then(|| Str::from(if empty { "" } else { &*value }));
                        builder.scalar(resolved, text, line, anchor)
                    })
                }
            }
            Event::SequenceStart(_, anchor, _) => {
                builder.open(Collection::Array, line(&span.start), anchor)
            }
            Event::MappingStart(_, anchor, _) => {
                builder.open(Collection::Object, line(&span.start), anchor)
            }
            Event::SequenceEnd | Event::MappingEnd => builder.close(),
            Event::Alias(anchor) => builder.alias(anchor, line(&span.start)),
            _ => Ok(()),
        };
        match step {
            Ok(()) => {
                if let Some((position, node)) = builder.take_element() {
                    sink(super::element(current, position, node));
                }
            }
            Err(refusal) => {
                let error = located(refusal, current, &span);
                if builder.recover(error.code).is_some() {
                    skipped = Some(error.code.as_str());
                } else {
                    refused = Some(error.code.as_str());
                    builder.reset();
                }
                sink(Piece::Unreadable(error));
            }
        }
    }
}

/// The nesting the parser itself accepts: enough above `max_depth` that the builder's own
/// refusal (which lets the stream go on) comes first, bounded so that the parser's state stays
/// small on hostile input.
fn parser_nesting_limit(limits: &InputLimits) -> usize {
    limits.max_depth.saturating_mul(4).saturating_add(64)
}

/// The 1-based line of a marker.
fn line(marker: &Marker) -> u32 {
    to_u32(marker.line())
}

/// A builder refusal located at the start of the event that caused it.
fn located(refusal: Refusal, document: usize, span: &Span) -> InputError {
    InputError {
        code: refusal.code,
        message: refusal.message,
        document: Some(document),
        line: line(&span.start),
        column: to_u32(span.start.col().saturating_add(1)),
    }
}

/// A parser error as an input error: nesting past the parser's budget is the depth limit,
/// anything else is a syntax error.
/// The number of the last line of `text`, counting YAML's line breaks (`\n`, `\r\n`, and a
/// `\r` alone).
fn last_line(text: &str) -> u32 {
    let bytes = text.as_bytes();
    let breaks = bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count();
    to_u32(breaks.saturating_add(1))
}

fn scan_error(error: &ScanError, limits: &InputLimits, document: usize) -> InputError {
    let refusal = match error.kind() {
        ErrorKind::RecursionLimitExceeded => too_deep(limits),
        kind => Refusal::malformed(describe(kind)),
    };
    InputError {
        code: refusal.code,
        message: refusal.message,
        document: Some(document),
        line: line(error.marker()),
        column: to_u32(error.marker().col().saturating_add(1)),
    }
}

/// The message for a syntax error: the common ones in the house style, the rest from the
/// parser's own text, tidied to it.
fn describe(kind: &ErrorKind) -> String {
    match kind {
        ErrorKind::UnexpectedCharacter { character } => {
            format!("unexpected character {}", show_char(*character))
        }
        ErrorKind::UnclosedFlowCollection { open } => {
            format!("`{open}` is never closed")
        }
        ErrorKind::MismatchedFlowCollectionEnd { open, close } => {
            format!("`{open}` is closed by `{close}`")
        }
        ErrorKind::UnclosedQuotedScalar => "a quoted string is never closed".to_owned(),
        ErrorKind::TabInIndentation | ErrorKind::TabInBlockIndentation => {
            "a tab in indentation (indent with spaces)".to_owned()
        }
        ErrorKind::InvalidIndentation => "the indentation does not match any level".to_owned(),
        ErrorKind::UnknownAnchor => "an alias to an anchor that is not defined".to_owned(),
        ErrorKind::ExpectedBlockMappingKey => "expected a key of the mapping".to_owned(),
        ErrorKind::MappingValueNotAllowed => "a `:` where a mapping cannot start".to_owned(),
        ErrorKind::ExpectedFlowSequenceSeparator => {
            "expected `,` or `]` after a sequence element".to_owned()
        }
        ErrorKind::ExpectedFlowMappingSeparator => {
            "expected `,` or `}` after a mapping member".to_owned()
        }
        other => tidy(&other.to_string()),
    }
}

/// A parser message in the house style: lowercase start, no trailing period, backticks.
fn tidy(message: &str) -> String {
    let message = message.trim().trim_end_matches('.').replace('\'', "`");
    let message = message.replace("EOF", "end of input");
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => "malformed YAML".to_owned(),
    }
}
