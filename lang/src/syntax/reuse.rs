//! Items parsed alone, for reuse. A long-lived host (the incremental database) parses a file
//! again after every edit; the items whose text did not change need not go through the parser
//! again. An item's text parsed on its own, at offset zero, gives the tree the item has inside
//! its file, moved: lexing starts at a token either way, the item's chunk is balanced, and the
//! grammar reads nothing outside the chunk. Only items that parse cleanly are kept (no
//! diagnostic, no recovery, no repair): whatever is wrong with an item is always reported by
//! parsing it in its file.

use super::nodes::{Ctx, TopItem};
use super::trivia::Parens;
use super::{MAX_SOURCE_LEN, chunks, decode_strings, lexer, nesting, parse_chunk};
use crate::span::FileId;

/// One top-level declaration parsed alone, at offset zero.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemParse {
    pub(super) top: TopItem,
    /// The parentheses the parse met, in order.
    pub(super) parens: Vec<Parens>,
}

/// Parses `text`, the text of one item of a file from its first token to its last, alone.
/// `None` unless it is exactly one item that parses with nothing to report.
pub fn parse_item(text: &str) -> Option<ItemParse> {
    if text.len() > MAX_SOURCE_LEN {
        return None;
    }
    // Diagnostics are only looked at to refuse: the file is never that of a real one.
    let file = FileId(u32::MAX);
    let lexed = lexer::lex(file, text, 0);
    if !lexed.diagnostics.is_empty() {
        return None;
    }
    let mut diagnostics = Vec::new();
    let strings = decode_strings(file, text, &lexed.strings, 0, &mut diagnostics);
    let mut chunks = chunks::split(file, text, lexed.tokens, &mut diagnostics);
    if !diagnostics.is_empty() || chunks.len() != 1 {
        return None;
    }
    let chunk = chunks.pop()?;
    if chunk.repaired || nesting::too_deep_at(&chunk.tokens).is_some() {
        return None;
    }
    let mut ctx = Ctx::new(file, strings);
    ctx.start_item();
    let top = parse_chunk(&mut ctx, chunk.tokens).ok()?;
    if !ctx.recovered.is_empty() || !ctx.diagnostics.is_empty() {
        return None;
    }
    Some(ItemParse {
        top,
        parens: std::mem::take(&mut ctx.parens),
    })
}

impl ItemParse {
    /// The declaration and its parentheses moved `by` bytes later.
    pub(super) fn moved(&self, by: u32) -> (TopItem, impl Iterator<Item = Parens> + '_) {
        let mut top = self.top.clone();
        super::erase::shift_top(&mut top, by);
        let parens = self.parens.iter().map(move |p| Parens {
            inner: shifted(p.inner, by),
            outer: shifted(p.outer, by),
        });
        (top, parens)
    }
}

fn shifted(s: crate::span::Span, by: u32) -> crate::span::Span {
    crate::span::Span {
        start: s.start + by,
        end: s.end + by,
    }
}
