//! Edits as a client sends them, at random: positions anywhere (past the end of a line or of
//! the text, between the two UTF-16 units of an emoji, inside a UTF-8 sequence), in both
//! encodings. Applying them never panics and always leaves valid text; an edit whose range the
//! client computed correctly replaces exactly that part of the text.

use palisade_lsp::{Encoding, Lines, apply_change};
use proptest::prelude::*;
use tower_lsp_server::ls_types::{Position, Range};

const PIECES: &[&str] = &["a", "é", "🎉", "\n", "\r\n", " ", "x.y", "{", "\"", "ñ🎉"];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..40).prop_map(|v| v.concat())
}

fn encoding() -> impl Strategy<Value = Encoding> {
    prop_oneof![Just(Encoding::Utf16), Just(Encoding::Utf8)]
}

proptest! {
    #[test]
    fn any_range_is_clamped_to_the_text(
        start in text(),
        edits in prop::collection::vec((0u32..12, 0u32..12, 0u32..12, 0u32..12, text()), 1..8),
        enc in encoding(),
    ) {
        let mut current = start;
        for (l1, c1, l2, c2, insert) in edits {
            let range = Range::new(Position::new(l1, c1), Position::new(l2, c2));
            apply_change(&mut current, Some(range), &insert, enc);
            // A `String` is valid UTF-8 by construction; the positions of every boundary map back.
            let lines = Lines::new(&current);
            for (offset, _) in current.char_indices() {
                let _ = lines.offset(lines.position(offset, enc), enc);
            }
        }
    }

    #[test]
    fn a_correct_range_replaces_exactly_its_text(
        start in text(),
        a in any::<prop::sample::Index>(),
        b in any::<prop::sample::Index>(),
        insert in text(),
        enc in encoding(),
    ) {
        let boundaries: Vec<usize> = start
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(start.len()))
            // A position cannot point between `\r` and `\n`.
            .filter(|&i| !(start.get(..i).is_some_and(|t| t.ends_with('\r')) && start.get(i..).is_some_and(|t| t.starts_with('\n'))))
            .collect();
        let (x, y) = (*a.get(&boundaries), *b.get(&boundaries));
        let (from, to) = (x.min(y), x.max(y));
        let lines = Lines::new(&start);
        let range = Range::new(lines.position(from, enc), lines.position(to, enc));
        let mut edited = start.clone();
        apply_change(&mut edited, Some(range), &insert, enc);
        let expected = format!("{}{}{}", start.get(..from).unwrap_or(""), insert, start.get(to..).unwrap_or(""));
        prop_assert_eq!(edited, expected);
    }
}
