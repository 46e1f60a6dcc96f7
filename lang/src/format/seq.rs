//! Sequences: the statements of a block, the items of a file, the entries of a `meta` block
//! (one per line, empty lines kept but never doubled), and comma-separated lists (on one line
//! when they fit, else one element per line with a trailing comma). Comments around elements
//! stay with them: before an element on their own lines, after it on its line.

use super::doc::{Doc, Docs};
use super::layout::Layout;
use crate::span::Span;

/// One element of a sequence: where it is written and how to lay it out.
pub(crate) struct Elem<'t, 'a> {
    pub span: Span,
    pub build: Box<dyn FnOnce(&mut Layout<'a>) -> Doc<'a> + 't>,
    /// Whether a comma follows the element in a comma list (`..` of an open record takes none).
    pub comma: bool,
}

impl<'t, 'a> Elem<'t, 'a> {
    pub fn new(span: Span, build: impl FnOnce(&mut Layout<'a>) -> Doc<'a> + 't) -> Elem<'t, 'a> {
        Elem {
            span,
            build: Box::new(build),
            comma: true,
        }
    }
}

/// How a line-per-element sequence starts.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Start {
    /// The top of a file: no line break before the first element.
    File,
    /// Inside braces: a line break before the first element, never an empty line.
    Block,
}

/// How a comma list is laid out.
#[derive(Clone, Copy, Default)]
pub(crate) struct ListStyle {
    /// Spaces inside the brackets when on one line (`{ a: 1 }`).
    pub pad: bool,
    /// Always one element per line.
    pub expand: bool,
}

impl<'a> Layout<'a> {
    /// Elements one per line. `from` is where the sequence's text starts (after `{`), `close`
    /// where it ends (the `}`, or the end of the file).
    pub fn lines<'t>(
        &mut self,
        from: u32,
        elems: Vec<Elem<'t, 'a>>,
        close: u32,
        start: Start,
    ) -> Doc<'a> {
        let mut out = Docs::new();
        let mut prev_end = from;
        let mut first = true;
        let mut elems = elems.into_iter().peekable();
        while let Some(elem) = elems.next() {
            while self.has_comment_before(elem.span.start) {
                let (doc, span) = self.one_own_line(elem.span.start);
                out.push(self.separator(prev_end, span.start, first, start));
                out.push(doc);
                first = false;
                prev_end = span.end;
            }
            out.push(self.separator(prev_end, elem.span.start, first, start));
            first = false;
            out.push((elem.build)(self));
            let next = elems.peek().map_or(close, |e| e.span.start);
            let (trail, trail_end) = self.trailing_to(elem.span.end, next);
            out.push(trail);
            prev_end = trail_end;
        }
        while self.has_comment_before(close) {
            let (doc, span) = self.one_own_line(close);
            out.push(self.separator(prev_end, span.start, first, start));
            out.push(doc);
            first = false;
            prev_end = span.end;
        }
        out.build()
    }

    /// The line break before an entry that starts at `at`: none at the top of a file, an empty
    /// line where the source has one (except first in a block), else a newline.
    fn separator(&self, prev_end: u32, at: u32, first: bool, start: Start) -> Doc<'a> {
        match (first, start) {
            (true, Start::File) => Doc::nil(),
            (true, Start::Block) => Doc::HardLine,
            (false, _) if self.blank_between(prev_end, at) => Doc::BlankLine,
            (false, _) => Doc::HardLine,
        }
    }

    /// The next comment (before `pos`) as an entry of its own line, with the comments that
    /// trail it on that line. Returns the document, where the first comment starts and where
    /// the last one ends.
    fn one_own_line(&mut self, pos: u32) -> (Doc<'a>, Span) {
        let (doc, span) = self.take_one(pos);
        let (trail, end) = self.trailing_to(span.end, pos);
        let mut out = Docs::new();
        out.push(doc).push(trail).push(Doc::BreakParent);
        (out.build(), Span::new(span.start as usize, end as usize))
    }

    /// A `{ ... }` block of elements one per line; `{}` when empty.
    pub fn block<'t>(&mut self, open: u32, elems: Vec<Elem<'t, 'a>>, close: u32) -> Doc<'a> {
        let first = elems.first().map_or(close, |e| e.span.start);
        let after_open = self.trailing(open + 1, first);
        if elems.is_empty() && !self.has_comment_before(close) && after_open_is_empty(&after_open) {
            return Doc::text("{}");
        }
        let body = self.lines(open + 1, elems, close, Start::Block);
        let mut out = Docs::new();
        out.text("{")
            .push(after_open)
            .push(Doc::nest(body))
            .push(Doc::HardLine)
            .text("}");
        Doc::broken(out.build())
    }

    /// A comma-separated list between `open` and `close`, the closing bracket at `close_at`.
    pub fn comma_list<'t>(
        &mut self,
        open: Doc<'a>,
        open_end: u32,
        elems: Vec<Elem<'t, 'a>>,
        close: &'static str,
        close_at: u32,
        style: ListStyle,
    ) -> Doc<'a> {
        if elems.is_empty() && !self.has_comment_before(close_at) {
            let mut out = Docs::new();
            out.push(open).text(close);
            return out.build();
        }
        let line = || if style.pad { Doc::Line } else { Doc::SoftLine };
        let mut inner = Docs::new();
        let mut prev_end = open_end;
        let count = elems.len();
        let mut elems = elems.into_iter().enumerate().peekable();
        let mut forced = style.expand;
        while let Some((i, elem)) = elems.next() {
            let mut lead_start = elem.span.start;
            let mut comments = Docs::new();
            while self.has_comment_before(elem.span.start) {
                let (doc, span) = self.one_own_line(elem.span.start);
                lead_start = lead_start.min(span.start);
                comments.push(doc).push(Doc::HardLine);
                forced = true;
            }
            if i > 0 && self.blank_between(prev_end, lead_start) {
                inner.push(Doc::BreakParent).push(Doc::SoftLine);
                forced = true;
            }
            inner.push(comments.build());
            inner.push((elem.build)(self));
            let last = i + 1 == count;
            let next = elems.peek().map_or(close_at, |(_, e)| e.span.start);
            if !last {
                inner.text(",");
            } else if elem.comma {
                inner.push(Doc::if_break(Doc::text(","), Doc::nil()));
            }
            let (trail, trail_end) = self.trailing_to(elem.span.end, next);
            inner.push(trail);
            if !last {
                inner.push(Doc::Line);
            }
            prev_end = trail_end;
        }
        let mut dangling = 0;
        while self.has_comment_before(close_at) {
            let (doc, _) = self.one_own_line(close_at);
            if count > 0 || dangling > 0 {
                inner.push(Doc::HardLine);
            }
            inner.push(doc);
            dangling += 1;
            forced = true;
        }
        let mut out = Docs::new();
        out.push(open)
            .push(Doc::nest({
                let mut d = Docs::new();
                d.push(line()).push(inner.build());
                d.build()
            }))
            .push(line())
            .text(close);
        if forced {
            Doc::broken(out.build())
        } else {
            Doc::group(out.build())
        }
    }
}

fn after_open_is_empty(d: &Doc<'_>) -> bool {
    matches!(d, Doc::Concat(v) if v.is_empty())
}
