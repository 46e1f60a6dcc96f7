//! Splits a file's tokens into one run per top-level item, so each item is parsed on its own:
//! an error in one item never costs the others. A new item starts at an item keyword at bracket
//! depth zero, or at an item keyword in the first column of a line even inside brackets
//! (except `let` inside braces, which may be an unindented statement) (then the brackets left open are reported, E0105, and closed). Stray closing brackets are reported
//! (E0106) and dropped. Every chunk handed to the parser is therefore balanced.

use super::lexer::Token;
use super::token::{Lexeme, Tok};
use crate::diagnostics::{Diagnostic, codes};
use crate::span::{FileId, Span};

/// The tokens of one item.
pub(crate) struct Chunk<'a> {
    pub tokens: Vec<Token<'a>>,
    /// Whether brackets had to be repaired; the parser's own errors are then noise.
    pub repaired: bool,
}

pub(crate) fn split<'a>(
    file: FileId,
    text: &str,
    tokens: Vec<Token<'a>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Chunk<'a>> {
    let mut chunks = Vec::new();
    let mut current = Chunk {
        tokens: Vec::new(),
        repaired: false,
    };
    let mut open = OpenBrackets::default();
    let mut previous: Option<Lexeme> = None;
    let mut iter = tokens.into_iter().peekable();
    while let Some(token) = iter.next() {
        let next = iter.peek().map(|t| &t.tok);
        if starts_item(&token, previous)
            && (open.is_empty() || resync_here(text, &token, next, &open))
            && !current.tokens.is_empty()
        {
            close_all(file, &mut current, &mut open, diagnostics);
            chunks.push(std::mem::replace(
                &mut current,
                Chunk {
                    tokens: Vec::new(),
                    repaired: false,
                },
            ));
        }
        previous = match token.tok {
            Tok::Punct(lexeme) => Some(lexeme),
            _ => None,
        };
        if let Tok::Punct(lexeme) = token.tok {
            if closer_of(lexeme).is_some() {
                open.push(lexeme, token.span);
            } else if is_closer(lexeme) {
                if open.has_opener_for(lexeme) {
                    let unclosed = open.close(lexeme);
                    if !unclosed.is_empty() {
                        // Brackets opened after the match were never closed.
                        report_unclosed(file, &unclosed, diagnostics);
                        for (opener, _) in unclosed.into_iter().rev() {
                            current.tokens.push(synthetic(opener, token.span.start));
                        }
                        current.repaired = true;
                    }
                } else {
                    diagnostics.push(
                        Diagnostic::new(
                            codes::UNMATCHED_DELIMITER,
                            file,
                            token.span,
                            format!("unmatched `{}`", lexeme.text().unwrap_or_default()),
                        )
                        .with_help("remove it, or add the opening bracket it belongs to"),
                    );
                    current.repaired = true;
                    continue;
                }
            }
        }
        current.tokens.push(token);
    }
    close_all(file, &mut current, &mut open, diagnostics);
    if !current.tokens.is_empty() {
        chunks.push(current);
    }
    chunks
}

fn close_all(
    file: FileId,
    chunk: &mut Chunk<'_>,
    open: &mut OpenBrackets,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let unclosed = open.take_all();
    if unclosed.is_empty() {
        return;
    }
    report_unclosed(file, &unclosed, diagnostics);
    let end = chunk.tokens.last().map_or(0, |t| t.span.end);
    for (opener, _) in unclosed.into_iter().rev() {
        chunk.tokens.push(synthetic(opener, end));
    }
    chunk.repaired = true;
}

/// The brackets open so far, with a count per kind so that every query is constant time and
/// a flood of stray closers stays linear.
#[derive(Default)]
struct OpenBrackets {
    stack: Vec<(Lexeme, Span)>,
    /// Open `(`, `[` (or `?[`) and `{`, in that order.
    counts: [usize; 3],
}

impl OpenBrackets {
    fn slot(lexeme: Lexeme) -> usize {
        match lexeme {
            Lexeme::LParen | Lexeme::RParen => 0,
            Lexeme::LBracket | Lexeme::QuestionBracket | Lexeme::RBracket => 1,
            _ => 2,
        }
    }

    fn count(&mut self, lexeme: Lexeme) -> Option<&mut usize> {
        self.counts.get_mut(Self::slot(lexeme))
    }

    fn push(&mut self, opener: Lexeme, span: Span) {
        if let Some(c) = self.count(opener) {
            *c += 1;
        }
        self.stack.push((opener, span));
    }

    fn is_empty(&self) -> bool {
        self.stack.is_empty()
    }

    fn has_opener_for(&self, closer: Lexeme) -> bool {
        self.counts.get(Self::slot(closer)).is_some_and(|c| *c > 0)
    }

    fn braces_open(&self) -> bool {
        self.counts.get(2).is_some_and(|c| *c > 0)
    }

    /// Pops up to and including the innermost opener `closer` matches; returns the brackets
    /// above it, which were never closed, outermost first.
    fn close(&mut self, closer: Lexeme) -> Vec<(Lexeme, Span)> {
        let mut unclosed = Vec::new();
        while let Some((opener, span)) = self.stack.pop() {
            if let Some(c) = self.count(opener) {
                *c = c.saturating_sub(1);
            }
            if closer_of(opener) == Some(closer) {
                break;
            }
            unclosed.push((opener, span));
        }
        unclosed.reverse();
        unclosed
    }

    /// Empties the stack; returns what was open, outermost first.
    fn take_all(&mut self) -> Vec<(Lexeme, Span)> {
        self.counts = [0; 3];
        std::mem::take(&mut self.stack)
    }
}

/// One E0105 for a run of unclosed brackets, at the outermost.
fn report_unclosed(file: FileId, open: &[(Lexeme, Span)], diagnostics: &mut Vec<Diagnostic>) {
    let Some((lexeme, span)) = open.first() else {
        return;
    };
    let text = lexeme.text().unwrap_or_default();
    let mut d = Diagnostic::new(
        codes::UNCLOSED_DELIMITER,
        file,
        *span,
        format!("`{text}` is never closed"),
    );
    if open.len() > 1 {
        d = d.with_help(format!(
            "{} brackets opened here or after it are left open",
            open.len()
        ));
    } else {
        let closer = closer_of(*lexeme)
            .and_then(Lexeme::text)
            .unwrap_or_default();
        d = d.with_help(format!("add the matching `{closer}`"));
    }
    diagnostics.push(d);
}

fn synthetic<'a>(opener: Lexeme, at: u32) -> Token<'a> {
    Token {
        tok: Tok::Punct(closer_of(opener).unwrap_or(Lexeme::RParen)),
        span: Span { start: at, end: at },
    }
}

fn closer_of(lexeme: Lexeme) -> Option<Lexeme> {
    match lexeme {
        Lexeme::LParen => Some(Lexeme::RParen),
        Lexeme::LBracket | Lexeme::QuestionBracket => Some(Lexeme::RBracket),
        Lexeme::LBrace => Some(Lexeme::RBrace),
        _ => None,
    }
}

fn is_closer(lexeme: Lexeme) -> bool {
    matches!(lexeme, Lexeme::RParen | Lexeme::RBracket | Lexeme::RBrace)
}

/// An item keyword, not used as a field name after `.` or `?.`.
fn starts_item(token: &Token<'_>, previous: Option<Lexeme>) -> bool {
    let Tok::Punct(lexeme) = token.tok else {
        return false;
    };
    !matches!(previous, Some(Lexeme::Dot | Lexeme::QuestionDot))
        && matches!(
            lexeme,
            Lexeme::Package
                | Lexeme::Import
                | Lexeme::Type
                | Lexeme::Let
                | Lexeme::Param
                | Lexeme::Data
                | Lexeme::Fn
                | Lexeme::Rule
                | Lexeme::View
                | Lexeme::Test
        )
}

/// Inside brackets, an item keyword in the first column followed by a name still starts a new
/// item, except `let` while a `{` is open (it may be a statement of a block written without indentation).
fn resync_here(text: &str, token: &Token<'_>, next: Option<&Tok<'_>>, open: &OpenBrackets) -> bool {
    at_line_start(text, token.span)
        && matches!(next, Some(Tok::Ident(_) | Tok::Str(_)))
        && (!matches!(token.tok, Tok::Punct(Lexeme::Let)) || !open.braces_open())
}

fn at_line_start(text: &str, span: Span) -> bool {
    let start = span.start as usize;
    start == 0 || text.as_bytes().get(start - 1) == Some(&b'\n')
}
