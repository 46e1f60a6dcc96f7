//! The state shared by the layout code: the source text, its tokens, the comments not yet
//! placed and the parentheses the tree does not hold. Layout walks the tree in source order;
//! before any node or closing token it places the comments written before it, so every comment
//! is printed exactly once, in its original order, inside the construct that held it.

use super::doc::{Doc, Docs};
use crate::span::Span;
use crate::syntax::{CommentKind, Lexeme, TokenAt, Trivia};
use std::borrow::Cow;
use std::collections::HashMap;

/// Stack left before layout continues on a new segment of the heap. The parser bounds how
/// deeply trees nest, but the deepest trees it accepts (statements and expressions each at
/// their limit, a comment in every call) took more than a 2 MiB thread stack in a debug build;
/// layout recurses once per level of expressions, types and statements, and each of those
/// steps checks the stack first.
const STACK_RED_ZONE: usize = 128 * 1024;
/// Size of each new stack segment.
const STACK_GROWTH: usize = 1024 * 1024;

pub(crate) struct Layout<'a> {
    pub text: &'a str,
    tokens: &'a [TokenAt],
    comments: &'a [crate::syntax::Comment],
    /// The next comment not yet printed.
    next: usize,
    /// Outer spans of the parentheses around each inner span, innermost first, sorted by
    /// inner span for binary search.
    parens: Vec<(Span, Vec<Span>)>,
    pub marks: usize,
    /// How many hugging alternatives are being laid out around the current node.
    pub hugging: u32,
}

impl<'a> Layout<'a> {
    pub fn new(text: &'a str, tokens: &'a [TokenAt], trivia: &'a Trivia) -> Layout<'a> {
        let mut grouped: HashMap<Span, Vec<Span>> = HashMap::new();
        for p in &trivia.parens {
            grouped.entry(p.inner).or_default().push(p.outer);
        }
        let mut parens: Vec<(Span, Vec<Span>)> = grouped.into_iter().collect();
        for (_, outers) in &mut parens {
            outers.sort_by_key(|s| s.len());
        }
        parens.sort_by_key(|(inner, _)| *inner);
        Layout {
            text,
            tokens,
            comments: &trivia.comments,
            next: 0,
            parens,
            marks: 0,
            hugging: 0,
        }
    }

    /// Runs one step of the layout's recursion, on a new stack segment when little is left.
    pub fn guarded<R>(&mut self, step: impl FnOnce(&mut Self) -> R) -> R {
        stacker::maybe_grow(STACK_RED_ZONE, STACK_GROWTH, || step(self))
    }

    /// The source text of a span.
    pub fn slice(&self, span: Span) -> &'a str {
        self.text.get(span.range()).unwrap_or("")
    }

    /// The source text of a span as a document.
    pub fn src(&self, span: Span) -> Doc<'a> {
        Doc::text(self.slice(span))
    }

    /// Parentheses written around the node with this span, innermost first.
    pub fn parens_of(&self, span: Span) -> &[Span] {
        match self.parens.binary_search_by_key(&span, |(inner, _)| *inner) {
            Ok(i) => self
                .parens
                .get(i)
                .map_or(&[], |(_, outers)| outers.as_slice()),
            Err(_) => &[],
        }
    }

    /// A node laid out by `inner`, after the comments before it and inside the parentheses
    /// written around it (comments before each `(` and `)` placed there too).
    pub fn parenthesized(
        &mut self,
        span: Span,
        inner: impl FnOnce(&mut Self) -> Doc<'a>,
    ) -> Doc<'a> {
        let parens: Vec<Span> = self.parens_of(span).to_vec();
        let mut out = Docs::new();
        for p in parens.iter().rev() {
            out.push(self.leading(p.start));
            out.text("(");
        }
        out.push(self.leading(span.start));
        out.push(inner(self));
        for p in &parens {
            out.push(self.leading(p.end.saturating_sub(1)));
            out.text(")");
        }
        out.build()
    }

    /// The span of a node with its parentheses.
    pub fn outer(&self, span: Span) -> Span {
        self.parens_of(span).last().copied().unwrap_or(span)
    }

    /// The first token starting at or after `pos`.
    pub fn token_after(&self, pos: u32) -> Option<TokenAt> {
        let i = self.tokens.partition_point(|t| t.span.start < pos);
        self.tokens.get(i).copied()
    }

    /// The last token ending at or before `pos`.
    pub fn token_before(&self, pos: u32) -> Option<TokenAt> {
        let i = self.tokens.partition_point(|t| t.span.end <= pos);
        i.checked_sub(1).and_then(|i| self.tokens.get(i)).copied()
    }

    /// The first token of the given kind starting at or after `pos`.
    pub fn find_after(&self, pos: u32, kind: Lexeme) -> Option<Span> {
        let i = self.tokens.partition_point(|t| t.span.start < pos);
        self.tokens
            .get(i..)?
            .iter()
            .find(|t| t.punct == Some(kind))
            .map(|t| t.span)
    }

    /// Whether a comment is waiting before `pos`.
    pub fn has_comment_before(&self, pos: u32) -> bool {
        self.comments
            .get(self.next)
            .is_some_and(|c| c.span.start < pos)
    }

    /// Whether any comment lies inside `span` (printed or not).
    pub fn has_comment_within(&self, span: Span) -> bool {
        let i = self.comments.partition_point(|c| c.span.start < span.start);
        self.comments.get(i).is_some_and(|c| c.span.end <= span.end)
    }

    /// Whether the source between two offsets holds an empty line: a whole line of blanks, not
    /// merely two line breaks (a gap can hold a token, as the `{` after comments before a block).
    pub fn blank_between(&self, from: u32, to: u32) -> bool {
        let gap = self.text.get(from as usize..to as usize).unwrap_or("");
        let mut lines = gap.split('\n');
        // The first piece ends the line of `from`, the last begins the line of `to`.
        lines.next();
        lines.next_back();
        lines.any(|line| line.trim().is_empty())
    }

    /// Whether the source between two offsets holds a line break.
    pub fn newline_between(&self, from: u32, to: u32) -> bool {
        self.text
            .get(from as usize..to as usize)
            .is_some_and(|gap| gap.contains('\n'))
    }

    /// One comment as text: line comments lose trailing blanks; the later lines of a block
    /// comment move with its first, and its CRLF line ends become LF like all others. Carriage
    /// returns just before a line end go with it (`\r\r\n` is one LF), so that formatting
    /// again finds no CRLF left to change.
    fn comment_doc(&self, c: &crate::syntax::Comment) -> Doc<'a> {
        let text = self.slice(c.span);
        match c.kind {
            CommentKind::Line => Doc::text(text.trim_end()),
            CommentKind::Block => {
                let text = if text.contains("\r\n") {
                    let mut out = String::with_capacity(text.len());
                    for (i, line) in text.split('\n').enumerate() {
                        if i > 0 {
                            out.push('\n');
                        }
                        out.push_str(line.trim_end_matches('\r'));
                    }
                    // The last piece has no line end after it: its carriage returns stay.
                    let last = text.rsplit('\n').next().unwrap_or("");
                    out.push_str(last.get(last.trim_end_matches('\r').len()..).unwrap_or(""));
                    Cow::Owned(out)
                } else {
                    Cow::Borrowed(text)
                };
                Doc::BlockComment(text, self.column(c.span.start))
            }
        }
    }

    /// The column of an offset in the source, in characters.
    fn column(&self, pos: u32) -> usize {
        let before = self.text.get(..pos as usize).unwrap_or("");
        super::doc::width(before.rsplit('\n').next().unwrap_or(""))
    }

    /// Whether the line holding `pos` has only blanks before it.
    fn starts_line(&self, pos: u32) -> bool {
        let before = self.text.get(..pos as usize).unwrap_or("");
        let line = before.rsplit('\n').next().unwrap_or("");
        line.chars().all(|c| c == ' ' || c == '\t' || c == '\r')
    }

    /// Whether a comment is a block comment that more code follows on its line.
    fn inline_block(&self, c: &crate::syntax::Comment) -> bool {
        let next = self
            .comments
            .get(self.next)
            .map_or(u32::MAX, |n| n.span.start)
            .min(
                self.token_after(c.span.end)
                    .map_or(u32::MAX, |t| t.span.start),
            );
        c.kind == CommentKind::Block && next != u32::MAX && !self.newline_between(c.span.end, next)
    }

    /// The next comment, if it starts before `pos`; it is then taken.
    fn take_before(&mut self, pos: u32) -> Option<crate::syntax::Comment> {
        let c = *self.comments.get(self.next)?;
        if c.span.start < pos {
            self.next += 1;
            Some(c)
        } else {
            None
        }
    }

    /// Comments written before `pos`, where nothing but an expression was expected: the
    /// placement of last resort, inside expressions. A comment that followed code on its line
    /// stays on that line; one on a line of its own gets a line of its own; a block comment that
    /// more code follows stays inline. After a line comment the code continues on the next line,
    /// one level in.
    pub fn leading(&mut self, pos: u32) -> Doc<'a> {
        let mut out = Docs::new();
        while let Some(c) = self.take_before(pos) {
            let inline = self.inline_block(&c);
            if self.starts_line(c.span.start) && !inline {
                out.push(Doc::nest(Doc::FreshLine));
            } else {
                out.push(Doc::SoftSpace);
            }
            out.push(self.comment_doc(&c));
            if inline {
                out.text(" ");
                if self.slice(c.span).contains('\n') {
                    out.push(Doc::BreakParent);
                }
            } else {
                out.push(Doc::BreakParent).push(Doc::nest(Doc::HardLine));
            }
        }
        out.build()
    }

    /// Comments between the end of one part (`prev_end`) and the keyword or operator at `at`:
    /// those on the line of `prev_end` trail it, the others go on lines of their own at the
    /// current indentation. The caller follows this with a line break.
    pub fn before_token(&mut self, prev_end: u32, at: u32) -> Option<Doc<'a>> {
        if !self.has_comment_before(at) {
            return None;
        }
        let mut out = Docs::new();
        out.push(self.trailing(prev_end, at));
        while let Some(c) = self.take_before(at) {
            out.push(Doc::HardLine).push(self.comment_doc(&c));
        }
        Some(out.build())
    }

    /// Comments written before `pos` on the line where `end` is (trailing comments of the
    /// construct ending at `end`): each printed after a space, on that line.
    pub fn trailing(&mut self, end: u32, pos: u32) -> Doc<'a> {
        self.trailing_to(end, pos).0
    }

    /// The trailing comments, as `trailing` places them, and where the last of them ends (`end`
    /// when there is none): an empty line after them is looked for from there, since a block
    /// comment over several lines holds line breaks of its own.
    pub fn trailing_to(&mut self, mut end: u32, pos: u32) -> (Doc<'a>, u32) {
        let mut out = Docs::new();
        while let Some(c) = self.comments.get(self.next).copied() {
            if c.span.start >= pos || self.newline_between(end, c.span.start) {
                break;
            }
            self.next += 1;
            end = c.span.end;
            out.text(" ").push(self.comment_doc(&c));
            if c.kind == CommentKind::Line {
                // Nothing may follow a line comment on its line.
                out.push(Doc::BreakParent);
                break;
            }
            if self.slice(c.span).contains('\n') {
                out.push(Doc::BreakParent);
            }
        }
        (out.build(), end)
    }

    /// The next comment, taken if it starts before `pos`, and its span.
    pub fn take_one(&mut self, pos: u32) -> (Doc<'a>, Span) {
        match self.take_before(pos) {
            Some(c) => (self.comment_doc(&c), c.span),
            None => (Doc::nil(), Span::at(pos as usize)),
        }
    }

    /// A new mark number.
    pub fn mark(&mut self) -> usize {
        self.marks += 1;
        self.marks
    }
}
