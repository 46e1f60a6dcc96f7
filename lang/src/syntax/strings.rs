//! Decodes string literals delimited by the lexer: escapes are resolved and interpolations
//! located. The facade then parses each interpolation as an expression.

use super::lexer::{StrState, StrToken, scan_string};
use crate::diagnostics::{Diagnostic, codes, quote};
use crate::span::{FileId, Span};

/// A decoded piece of a string literal.
#[derive(Debug)]
pub(crate) enum RawPart {
    /// Text with escapes decoded.
    Text(String),
    /// The source span of an interpolated expression, braces excluded.
    Interp(Span),
}

/// Decodes one string literal of `text` (the whole file).
pub(crate) fn decode(
    file: FileId,
    text: &str,
    token: StrToken,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<RawPart> {
    let start = token.span.start as usize + if token.raw { 2 } else { 1 };
    let end = token.span.end as usize - usize::from(token.terminated);
    let body = text.get(start..end.max(start)).unwrap_or("");
    if token.raw {
        if !token.terminated {
            diagnostics.push(unterminated(file, token.span));
        }
        return vec![RawPart::Text(body.to_owned())];
    }
    let mut parts = Vec::new();
    let mut buf = String::new();
    let bytes = body.as_bytes();
    let mut chars = body.char_indices().peekable();
    let mut open_interpolation = false;
    while let Some((i, ch)) = chars.next() {
        match ch {
            '\\' => {
                let Some((j, esc)) = chars.next() else {
                    break;
                };
                match esc {
                    '\\' => buf.push('\\'),
                    '"' => buf.push('"'),
                    'n' => buf.push('\n'),
                    'r' => buf.push('\r'),
                    't' => buf.push('\t'),
                    '0' => buf.push('\0'),
                    '{' => buf.push('{'),
                    '}' => buf.push('}'),
                    'u' => match unicode_escape(body, j + 1) {
                        Some((c, len)) => {
                            buf.push(c);
                            while chars.peek().is_some_and(|(k, _)| *k < j + 1 + len) {
                                chars.next();
                            }
                        }
                        None => diagnostics.push(
                            Diagnostic::new(
                                codes::INVALID_ESCAPE,
                                file,
                                Span::new(start + i, start + j + 1),
                                "invalid unicode escape",
                            )
                            .with_help("write a code point as `\\u{1F600}`: 1 to 6 hex digits"),
                        ),
                    },
                    other => diagnostics.push(
                        Diagnostic::new(
                            codes::INVALID_ESCAPE,
                            file,
                            Span::new(start + i, start + j + other.len_utf8()),
                            format!("unknown escape sequence {}", quote(&format!("\\{other}"))),
                        )
                        .with_help(
                            "valid escapes: \\\\ \\\" \\n \\r \\t \\0 \\{ \\} \\u{...}; \
                             for regular expressions a raw string r\"...\" needs none",
                        ),
                    ),
                }
            }
            '{' => {
                let rest = bytes.get(i + 1..).unwrap_or(&[]);
                let scan = scan_string(rest, StrState::Interp(0));
                let len = scan.len;
                if !scan.closed {
                    // The innermost unclosed thing is the one to report: a string nested in
                    // the interpolation, or the interpolation itself.
                    diagnostics.push(match scan.open_string {
                        Some(nested) => {
                            let at = start + i + 1 + nested;
                            unterminated(file, Span::new(at, start + i + 1 + scan.len))
                        }
                        None => Diagnostic::new(
                            codes::UNTERMINATED_INTERPOLATION,
                            file,
                            Span::new(start + i, start + i + 1),
                            "string interpolation is never closed",
                        )
                        .with_help("close it with `}`, or write a literal brace as `\\{`"),
                    });
                    open_interpolation = true;
                    break;
                }
                let inner = Span::new(start + i + 1, start + i + len);
                let inner_text = body.get(i + 1..i + len).unwrap_or("");
                if inner_text.trim().is_empty() {
                    diagnostics.push(
                        Diagnostic::new(
                            codes::EMPTY_INTERPOLATION,
                            file,
                            Span::new(start + i, start + i + len + 1),
                            "empty string interpolation",
                        )
                        .with_help(
                            "put an expression between the braces, or write `\\{` for a brace",
                        ),
                    );
                } else {
                    if !buf.is_empty() {
                        parts.push(RawPart::Text(std::mem::take(&mut buf)));
                    }
                    parts.push(RawPart::Interp(inner));
                }
                while chars.peek().is_some_and(|(k, _)| *k < i + 1 + len) {
                    chars.next();
                }
            }
            other => buf.push(other),
        }
    }
    if !buf.is_empty() {
        parts.push(RawPart::Text(buf));
    }
    if !token.terminated && !open_interpolation {
        diagnostics.push(unterminated(file, token.span));
    }
    parts
}

fn unterminated(file: FileId, span: Span) -> Diagnostic {
    Diagnostic::new(
        codes::UNTERMINATED_STRING,
        file,
        Span::new(span.start as usize, span.start as usize + 1),
        "string literal is never closed",
    )
    .with_label(
        span,
        "the string starts here and runs to the end of the line",
    )
    .with_help("close it with `\"`; string literals cannot span lines")
}

/// Decodes `{XXXX}` at `from`; returns the character and the length consumed.
fn unicode_escape(body: &str, from: usize) -> Option<(char, usize)> {
    let rest = body.get(from..)?;
    let inner = rest.strip_prefix('{')?;
    let close = inner.find('}')?;
    let hex = inner.get(..close)?;
    if hex.is_empty() || hex.len() > 6 {
        return None;
    }
    let value = u32::from_str_radix(hex, 16).ok()?;
    Some((char::from_u32(value)?, close + 2))
}
