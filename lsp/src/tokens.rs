//! Semantic tokens: the library's token classes as the protocol's legend, and the relative,
//! per-line encoding the protocol asks for (a token over several lines, such as a block comment,
//! is sent one line at a time).

use crate::convert::{Encoding, Lines};
use palisade::ide::{Highlight, TokenClass};
use tower_lsp_server::ls_types::{
    SemanticToken, SemanticTokenModifier, SemanticTokenType, SemanticTokensEdit,
    SemanticTokensLegend,
};

/// The token types, in legend order. Constants are variables with the `readonly` modifier;
/// views are functions (the protocol has no closer type, and the legend stays as clients know it).
const TYPES: [TokenClass; 11] = [
    TokenClass::Keyword,
    TokenClass::String,
    TokenClass::Number,
    TokenClass::Comment,
    TokenClass::Operator,
    TokenClass::Type,
    TokenClass::Function,
    TokenClass::Rule,
    TokenClass::Variable,
    TokenClass::Property,
    TokenClass::Namespace,
];

/// The legend announced in `initialize`.
pub fn legend() -> SemanticTokensLegend {
    let name = |class: TokenClass| match class {
        TokenClass::Keyword => SemanticTokenType::KEYWORD,
        TokenClass::String => SemanticTokenType::STRING,
        TokenClass::Number => SemanticTokenType::NUMBER,
        TokenClass::Comment => SemanticTokenType::COMMENT,
        TokenClass::Operator => SemanticTokenType::OPERATOR,
        TokenClass::Type => SemanticTokenType::TYPE,
        TokenClass::Function | TokenClass::View => SemanticTokenType::FUNCTION,
        TokenClass::Rule => SemanticTokenType::EVENT,
        TokenClass::Variable | TokenClass::Constant => SemanticTokenType::VARIABLE,
        TokenClass::Property => SemanticTokenType::PROPERTY,
        TokenClass::Namespace => SemanticTokenType::NAMESPACE,
    };
    SemanticTokensLegend {
        token_types: TYPES.iter().map(|c| name(*c)).collect(),
        token_modifiers: vec![
            SemanticTokenModifier::DECLARATION,
            SemanticTokenModifier::READONLY,
        ],
    }
}

/// The highlights of `text` in the protocol's encoding.
pub fn encode(text: &str, highlights: &[Highlight], encoding: Encoding) -> Vec<SemanticToken> {
    let lines = Lines::new(text);
    let mut out = Vec::new();
    let (mut last_line, mut last_start) = (0u32, 0u32);
    for h in highlights {
        let class = match h.class {
            TokenClass::Constant => TokenClass::Variable,
            TokenClass::View => TokenClass::Function,
            other => other,
        };
        let Some(kind) = TYPES.iter().position(|c| *c == class) else {
            continue;
        };
        let modifiers =
            u32::from(h.declaration) | (u32::from(h.class == TokenClass::Constant) << 1);
        // One piece per line of the token.
        let mut start = h.span.start as usize;
        let end = h.span.end as usize;
        while start < end {
            let line_end = text
                .get(start..end)
                .and_then(|rest| rest.find('\n'))
                .map_or(end, |i| start + i);
            let from = lines.position(start, encoding);
            let to = lines.position(line_end, encoding);
            let length = to.character.saturating_sub(from.character);
            if length > 0 {
                let delta_line = from.line.saturating_sub(last_line);
                let delta_start = if delta_line == 0 {
                    from.character.saturating_sub(last_start)
                } else {
                    from.character
                };
                out.push(SemanticToken {
                    delta_line,
                    delta_start,
                    length,
                    token_type: u32::try_from(kind).unwrap_or(0),
                    token_modifiers_bitset: modifiers,
                });
                last_line = from.line;
                last_start = from.character;
            }
            start = line_end + 1;
        }
    }
    out
}

/// The one edit that turns `old` into `new` (their common start and end kept), in the units of
/// the protocol: positions and counts in the flat array of five numbers per token. `None` when
/// they are equal.
pub fn delta(old: &[SemanticToken], new: &[SemanticToken]) -> Option<SemanticTokensEdit> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let room = old.len().min(new.len()) - prefix;
    let suffix = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take(room)
        .take_while(|(a, b)| a == b)
        .count();
    if prefix == old.len() && prefix == new.len() {
        return None;
    }
    let units = |n: usize| u32::try_from(n * 5).unwrap_or(u32::MAX);
    Some(SemanticTokensEdit {
        start: units(prefix),
        delete_count: units(old.len() - prefix - suffix),
        data: Some(new.get(prefix..new.len() - suffix).unwrap_or(&[]).to_vec()),
    })
}

#[cfg(test)]
mod delta_tests {
    use super::delta;
    use tower_lsp_server::ls_types::SemanticToken;

    fn token(n: u32) -> SemanticToken {
        SemanticToken {
            delta_line: n,
            delta_start: 0,
            length: 1,
            token_type: 0,
            token_modifiers_bitset: 0,
        }
    }

    /// Applies an edit the way a client does, on the flat array.
    fn apply(
        old: &[SemanticToken],
        start: u32,
        delete: u32,
        data: &[SemanticToken],
    ) -> Vec<SemanticToken> {
        let (start, delete) = (start as usize / 5, delete as usize / 5);
        let mut out = old.to_vec();
        out.splice(start..start + delete, data.iter().cloned());
        out
    }

    #[test]
    fn an_edit_keeps_the_common_start_and_end() {
        let cases: [(&[u32], &[u32]); 6] = [
            (&[1, 2, 3], &[1, 9, 3]),
            (&[1, 2, 3], &[1, 2, 3, 4]),
            (&[1, 2, 3], &[2, 3]),
            (&[], &[1]),
            (&[1, 1, 1], &[1, 1]),
            (&[1, 2], &[3, 4, 5]),
        ];
        for (old, new) in cases {
            let old: Vec<SemanticToken> = old.iter().copied().map(token).collect();
            let new: Vec<SemanticToken> = new.iter().copied().map(token).collect();
            let edit = delta(&old, &new).unwrap_or_else(|| panic!("they differ"));
            let data = edit.data.unwrap_or_default();
            assert_eq!(apply(&old, edit.start, edit.delete_count, &data), new);
            assert!(data.len() <= new.len());
        }
        let same: Vec<SemanticToken> = [1, 2].into_iter().map(token).collect();
        assert!(delta(&same, &same).is_none());
    }
}

#[cfg(test)]
mod legend_tests {
    #[test]
    fn the_legend_names_each_type_once() {
        let types = super::legend().token_types;
        let mut unique = types.clone();
        unique.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        unique.dedup();
        assert_eq!(unique.len(), types.len(), "{types:?}");
    }

    #[test]
    fn views_are_sent_as_functions_and_constants_as_readonly_variables() {
        use crate::convert::Encoding;
        use palisade::Span;
        use palisade::ide::{Highlight, TokenClass};
        use tower_lsp_server::ls_types::SemanticTokenType;
        let types = super::legend().token_types;
        let index = |t: SemanticTokenType| types.iter().position(|x| *x == t);
        let highlight = |start: usize, class: TokenClass| Highlight {
            span: Span::new(start, start + 1),
            class,
            declaration: true,
        };
        let sent = super::encode(
            "v c",
            &[
                highlight(0, TokenClass::View),
                highlight(2, TokenClass::Constant),
            ],
            Encoding::Utf16,
        );
        let kinds: Vec<(Option<usize>, u32)> = sent
            .iter()
            .map(|t| (Some(t.token_type as usize), t.token_modifiers_bitset))
            .collect();
        assert_eq!(
            kinds,
            [
                (index(SemanticTokenType::FUNCTION), 1),
                (index(SemanticTokenType::VARIABLE), 0b11),
            ]
        );
    }
}
