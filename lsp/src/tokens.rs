//! Semantic tokens: the library's token classes as the protocol's legend, and the relative,
//! per-line encoding the protocol asks for (a token over several lines, such as a block comment,
//! is sent one line at a time).

use crate::convert::{Encoding, Lines};
use palisade::ide::{Highlight, TokenClass};
use tower_lsp_server::ls_types::{
    SemanticToken, SemanticTokenModifier, SemanticTokenType, SemanticTokensLegend,
};

/// The token types, in legend order.
const TYPES: [TokenClass; 12] = [
    TokenClass::Keyword,
    TokenClass::String,
    TokenClass::Number,
    TokenClass::Comment,
    TokenClass::Operator,
    TokenClass::Type,
    TokenClass::Function,
    TokenClass::Rule,
    TokenClass::Constant,
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
        TokenClass::Function => SemanticTokenType::FUNCTION,
        TokenClass::Rule => SemanticTokenType::EVENT,
        TokenClass::Constant | TokenClass::Variable => SemanticTokenType::VARIABLE,
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
        let Some(kind) = TYPES.iter().position(|c| *c == h.class) else {
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
