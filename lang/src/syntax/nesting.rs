//! A token-level estimate of how deeply an item nests, computed before it is parsed. The LR
//! parser's stack grows with brackets and with right-recursive forms (prefix `-` and `not`,
//! `??`, `if`/`else` chains, quantifier bodies); its error recovery rescans that stack for every
//! token it drops, so an item nested far beyond the limit could cost time quadratic in its
//! length. Such an item would be refused anyway (E0102, no tree may be deeper than
//! `MAX_DEPTH`), so it is refused here, before the parser runs, which keeps parsing linear.
//!
//! The estimate never exceeds the depth of the tree the item would build by much: each counted
//! token adds a node or a level of the tree. Statement keywords and commas end the chains
//! pending at their bracket level.

use super::lexer::Token;
use super::token::{Lexeme, Tok};
use crate::span::Span;

/// Items whose estimate exceeds this are refused. Expression and statement depth are limited
/// separately by `MAX_DEPTH`, so a legal item can reach twice that; the margin covers the
/// estimate's slack.
pub(crate) const MAX_ESTIMATE: usize = 2 * super::nodes::MAX_DEPTH as usize + 64;

/// The first token at which the estimate exceeds `MAX_ESTIMATE`, if any.
pub(crate) fn too_deep_at(tokens: &[Token<'_>]) -> Option<Span> {
    // One counter of pending right-recursive forms per open bracket level.
    let mut levels: Vec<usize> = vec![0];
    let mut total = 0usize;
    let mut previous_ends_operand = false;
    for token in tokens {
        let Tok::Punct(lexeme) = token.tok else {
            previous_ends_operand = true;
            continue;
        };
        let mut grows = false;
        match lexeme {
            Lexeme::LParen | Lexeme::LBracket | Lexeme::QuestionBracket | Lexeme::LBrace => {
                levels.push(0);
                total += 1;
            }
            Lexeme::RParen | Lexeme::RBracket | Lexeme::RBrace if levels.len() > 1 => {
                total -= 1 + levels.pop().unwrap_or(0);
            }
            Lexeme::Let
            | Lexeme::For
            | Lexeme::Violation
            | Lexeme::Yield
            | Lexeme::Assert
            | Lexeme::Return
            | Lexeme::Comma => {
                if let Some(pending) = levels.last_mut() {
                    total -= *pending;
                    *pending = 0;
                }
            }
            Lexeme::Minus => grows = !previous_ends_operand,
            Lexeme::Not
            | Lexeme::QuestionQuestion
            | Lexeme::If
            | Lexeme::Else
            | Lexeme::Every
            | Lexeme::Some => grows = true,
            _ => {}
        }
        if grows && let Some(pending) = levels.last_mut() {
            *pending += 1;
            total += 1;
        }
        if total > MAX_ESTIMATE {
            return Some(token.span);
        }
        previous_ends_operand = matches!(
            lexeme,
            Lexeme::RParen
                | Lexeme::RBracket
                | Lexeme::RBrace
                | Lexeme::True
                | Lexeme::False
                | Lexeme::None
        );
    }
    None
}
