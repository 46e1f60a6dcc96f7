//! Turns source text into tokens and lexical diagnostics. Lexing never fails: bad characters,
//! unterminated literals and malformed numbers are reported and skipped or replaced, so the
//! parser always receives a token stream. String literals are only delimited here; their
//! escapes and interpolations are decoded by `strings.rs`.

use super::token::{Lexeme, Tok};
use crate::diagnostics::{Diagnostic, codes};
use crate::span::{FileId, Span};
use logos::{Lexer, Logos};

/// Identifiers longer than this are reported (E0007).
pub const MAX_IDENT_LEN: usize = 256;
/// String literals longer than this are reported (E0010).
pub const MAX_STRING_LEN: usize = 1 << 20;

/// A token with its span.
#[derive(Clone, Debug)]
pub(crate) struct Token<'a> {
    pub tok: Tok<'a>,
    pub span: Span,
}

/// A string literal as delimited by the lexer: decoded later.
#[derive(Clone, Copy, Debug)]
pub(crate) struct StrToken {
    /// The whole literal, quotes and `r` prefix included.
    pub span: Span,
    /// `r"..."`: no escapes, no interpolation.
    pub raw: bool,
    /// Whether the closing quote was found.
    pub terminated: bool,
}

/// The result of lexing one text.
pub(crate) struct Lexed<'a> {
    pub tokens: Vec<Token<'a>>,
    pub strings: Vec<StrToken>,
    /// Every comment, in source order: the parser never sees them, the formatter keeps them.
    pub comments: Vec<Span>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Lexes `text`, whose bytes start at `offset` in the file (non-zero for interpolations).
pub(crate) fn lex(file: FileId, text: &str, offset: usize) -> Lexed<'_> {
    let mut tokens = Vec::new();
    let mut strings = Vec::new();
    let mut comments = Vec::new();
    let mut diagnostics = Vec::new();
    let mut bad: Option<Span> = None;
    let mut lexer = Lexeme::lexer(text);
    while let Some(result) = lexer.next() {
        let range = lexer.span();
        let span = Span::new(range.start + offset, range.end + offset);
        let slice = lexer.slice();
        let Ok(kind) = result else {
            // Adjacent bad characters are reported once, as one run.
            bad = Some(match bad {
                Some(run) if run.end == span.start => run.to(span),
                Some(run) => {
                    diagnostics.push(unexpected(file, run, text, offset));
                    span
                }
                None => span,
            });
            continue;
        };
        if let Some(run) = bad.take() {
            diagnostics.push(unexpected(file, run, text, offset));
        }
        match kind {
            Lexeme::LineComment => comments.push(span),
            Lexeme::BlockComment(closed) => {
                comments.push(span);
                if !closed {
                    diagnostics.push(
                        Diagnostic::new(
                            codes::UNTERMINATED_COMMENT,
                            file,
                            Span::new(span.start as usize, span.start as usize + 2),
                            "block comment is never closed",
                        )
                        .with_help("close it with `*/`"),
                    );
                }
            }
            Lexeme::Str(terminated) | Lexeme::RawStr(terminated) => {
                if span.len() > MAX_STRING_LEN {
                    diagnostics.push(Diagnostic::new(
                        codes::STRING_TOO_LONG,
                        file,
                        Span::new(span.start as usize, span.start as usize + 1),
                        format!(
                            "string literal is {} bytes long, more than the maximum of {MAX_STRING_LEN}",
                            span.len()
                        ),
                    ));
                }
                let index = u32::try_from(strings.len()).unwrap_or(u32::MAX);
                strings.push(StrToken {
                    span,
                    raw: matches!(kind, Lexeme::RawStr(_)),
                    terminated,
                });
                tokens.push(Token {
                    tok: Tok::Str(index),
                    span,
                });
            }
            Lexeme::Number => {
                let tok = number_token(file, slice, span, &mut diagnostics);
                tokens.push(Token { tok, span });
            }
            Lexeme::Ident => {
                if slice.len() > MAX_IDENT_LEN {
                    diagnostics.push(Diagnostic::new(
                        codes::IDENTIFIER_TOO_LONG,
                        file,
                        Span::new(
                            span.start as usize,
                            span.start as usize + MAX_IDENT_LEN.min(32),
                        ),
                        format!(
                            "identifier is {} bytes long, more than the maximum of {MAX_IDENT_LEN}",
                            slice.len()
                        ),
                    ));
                }
                tokens.push(Token {
                    tok: Tok::Ident(slice),
                    span,
                });
            }
            other => tokens.push(Token {
                tok: Tok::Punct(other),
                span,
            }),
        }
    }
    if let Some(run) = bad {
        diagnostics.push(unexpected(file, run, text, offset));
    }
    Lexed {
        tokens,
        strings,
        comments,
        diagnostics,
    }
}

fn unexpected(file: FileId, run: Span, text: &str, offset: usize) -> Diagnostic {
    let shown = text
        .get(run.start as usize - offset..run.end as usize - offset)
        .unwrap_or("");
    let (what, help) = match shown {
        ";" => (
            "unexpected `;`".to_owned(),
            Some("statements are not separated by `;`: start the next statement on a new line"),
        ),
        "!" => (
            "unexpected `!`".to_owned(),
            Some("negation is written `not`, inequality `!=`"),
        ),
        "&" | "&&" => (
            "unexpected `&`".to_owned(),
            Some("logical and is written `and`"),
        ),
        "||" => (
            "unexpected `||`".to_owned(),
            Some("logical or is written `or`"),
        ),
        _ => {
            let count = shown.chars().count();
            let noun = if count == 1 {
                "character"
            } else {
                "characters"
            };
            (
                format!("unexpected {noun} {}", crate::diagnostics::quote(shown)),
                None,
            )
        }
    };
    let d = Diagnostic::new(codes::UNEXPECTED_CHARACTER, file, run, what);
    match help {
        Some(h) => d.with_help(h),
        None => d,
    }
}

/// Decodes a number lexeme. Malformed or out-of-range numbers are reported and replaced by
/// zero so parsing can go on.
fn number_token<'a>(
    file: FileId,
    slice: &str,
    span: Span,
    diagnostics: &mut Vec<Diagnostic>,
) -> Tok<'a> {
    let digits: String = slice.chars().filter(|&c| c != '_').collect();
    let is_float = digits.contains('.') || digits.contains(['e', 'E']);
    if !is_float {
        if digits.chars().all(|c| c.is_ascii_digit()) {
            return match digits.parse::<i64>() {
                Ok(n) => Tok::Int(n),
                Err(_) => {
                    diagnostics.push(
                        Diagnostic::new(
                            codes::INTEGER_OUT_OF_RANGE,
                            file,
                            span,
                            "integer literal does not fit in 64 bits",
                        )
                        .with_help(format!(
                            "integers range from {} to {}",
                            i64::MIN,
                            i64::MAX
                        )),
                    );
                    Tok::Int(0)
                }
            };
        }
    } else if well_formed_float(&digits)
        && let Ok(f) = digits.parse::<f64>()
    {
        if f.is_finite() {
            return Tok::Float(f);
        }
        diagnostics.push(Diagnostic::new(
            codes::INVALID_NUMBER,
            file,
            span,
            "float literal is too large to represent",
        ));
        return Tok::Float(0.0);
    }
    diagnostics.push(
        Diagnostic::new(
            codes::INVALID_NUMBER,
            file,
            span,
            format!(
                "malformed number literal {}",
                crate::diagnostics::quote(slice)
            ),
        )
        .with_help("write integers as `42` or `1_000`, floats as `1.5` or `2.0e-3`"),
    );
    if is_float {
        Tok::Float(0.0)
    } else {
        Tok::Int(0)
    }
}

/// `digits . digits [e [+-] digits]` or `digits e [+-] digits`.
fn well_formed_float(s: &str) -> bool {
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (s.get(..i).unwrap_or(""), s.get(i + 1..)),
        None => (s, None),
    };
    let all_digits = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((a, b)) => all_digits(a) && all_digits(b),
        None => all_digits(mantissa),
    };
    let exponent_ok = match exponent {
        None => true,
        Some(e) => all_digits(e.strip_prefix(['+', '-']).unwrap_or(e)),
    };
    mantissa_ok && exponent_ok
}

/// Scans a block comment after `/*`; returns whether `*/` was found.
pub(crate) fn block_comment(lex: &mut Lexer<'_, Lexeme>) -> bool {
    match lex.remainder().find("*/") {
        Some(end) => {
            lex.bump(end + 2);
            true
        }
        None => {
            lex.bump(lex.remainder().len());
            false
        }
    }
}

/// Scans a raw string after `r"`; returns whether the closing quote was found on the line.
pub(crate) fn raw_string(lex: &mut Lexer<'_, Lexeme>) -> bool {
    let rest = lex.remainder();
    match rest.find(['"', '\n']) {
        Some(end) if rest.as_bytes().get(end) == Some(&b'"') => {
            lex.bump(end + 1);
            true
        }
        Some(end) => {
            lex.bump(end);
            false
        }
        None => {
            lex.bump(rest.len());
            false
        }
    }
}

/// Scans a string literal after `"`, skipping over interpolations and the strings nested in
/// them (with an explicit stack, so nesting depth costs heap, not call stack). Returns whether
/// the literal is closed before the end of the line.
pub(crate) fn string(lex: &mut Lexer<'_, Lexeme>) -> bool {
    let scan = scan_string(lex.remainder().as_bytes(), StrState::Text);
    lex.bump(scan.len);
    scan.closed
}

/// Where the scanner is inside a string literal.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum StrState {
    /// In the text of a (nested) string.
    Text,
    /// In a raw string nested in an interpolation.
    Raw,
    /// In an interpolation, with this many unclosed `{` of its own.
    Interp(u32),
}

/// How a scan of a string literal or interpolation ended.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Scan {
    /// Bytes consumed, the closing character included when found.
    pub len: usize,
    /// Whether the closing `"` or `}` was found.
    pub closed: bool,
    /// When not closed: the offset of the innermost string literal left open, if the scan
    /// stopped inside one (rather than inside an interpolation).
    pub open_string: Option<usize>,
}

/// Scans from inside a string literal (`StrState::Text`, after the opening quote) or inside an
/// interpolation (`StrState::Interp(0)`, after its `{`) to the matching `"` or `}`. An unclosed
/// scan stops before the newline.
pub(crate) fn scan_string(bytes: &[u8], initial: StrState) -> Scan {
    // Each entry remembers where its literal or interpolation began.
    let mut stack = vec![(initial, 0usize)];
    let mut i = 0;
    let unclosed = |stack: &[(StrState, usize)], i: usize| Scan {
        len: i,
        closed: false,
        open_string: match stack.last() {
            Some((StrState::Text | StrState::Raw, start)) if stack.len() > 1 => Some(*start),
            _ => None,
        },
    };
    while let Some(&b) = bytes.get(i) {
        if b == b'\n' {
            return unclosed(&stack, i);
        }
        let Some((top, _)) = stack.last_mut() else {
            break;
        };
        match *top {
            StrState::Text => match b {
                b'\\' => {
                    // An escaped newline does not continue the literal.
                    if bytes.get(i + 1) == Some(&b'\n') {
                        return unclosed(&stack, i + 1);
                    }
                    i += 1;
                }
                b'"' => {
                    stack.pop();
                    if stack.is_empty() {
                        return Scan {
                            len: i + 1,
                            closed: true,
                            open_string: None,
                        };
                    }
                }
                b'{' => stack.push((StrState::Interp(0), i)),
                _ => {}
            },
            StrState::Raw => {
                if b == b'"' {
                    stack.pop();
                }
            }
            StrState::Interp(depth) => match b {
                b'{' => *top = StrState::Interp(depth + 1),
                b'}' if depth == 0 => {
                    stack.pop();
                    if stack.is_empty() {
                        return Scan {
                            len: i + 1,
                            closed: true,
                            open_string: None,
                        };
                    }
                }
                b'}' => *top = StrState::Interp(depth - 1),
                b'"' => {
                    let raw_prefix = i >= 1
                        && bytes.get(i - 1) == Some(&b'r')
                        && !(i >= 2
                            && bytes
                                .get(i - 2)
                                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_'));
                    let state = if raw_prefix {
                        StrState::Raw
                    } else {
                        StrState::Text
                    };
                    stack.push((state, i - usize::from(raw_prefix)));
                }
                _ => {}
            },
        }
        i += 1;
    }
    unclosed(&stack, bytes.len().min(i))
}

/// Scans a number after its first digit: digits, letters and `_` (so that `12abc` is one
/// malformed literal rather than two tokens), a fraction, and a signed exponent.
pub(crate) fn number(lex: &mut Lexer<'_, Lexeme>) {
    let bytes = lex.remainder().as_bytes();
    let word = |from: usize| {
        let mut j = from;
        while bytes
            .get(j)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
        {
            j += 1;
        }
        j
    };
    let mut i = word(0);
    let before_sign = |i: usize| {
        let last = if i == 0 {
            lex.slice().as_bytes().last().copied()
        } else {
            bytes.get(i - 1).copied()
        };
        matches!(last, Some(b'e' | b'E'))
            && matches!(bytes.get(i), Some(b'+' | b'-'))
            && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
    };
    if before_sign(i) {
        i = word(i + 1);
    } else if bytes.get(i) == Some(&b'.')
        && bytes
            .get(i + 1)
            .is_some_and(|c| c.is_ascii_digit() || *c == b'e' || *c == b'E')
    {
        i = word(i + 1);
        if before_sign(i) {
            i = word(i + 1);
        }
    }
    lex.bump(i);
}
