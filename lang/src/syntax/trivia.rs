//! Trivia: what the grammar does not need but a formatter must keep. Comments are recorded by
//! the lexer as spans in a side table (the parser never sees them); parentheses add no node to
//! the tree, so the spans they enclose are recorded here as the parser meets them. Nothing in
//! the checker or evaluator reads this table.

use crate::span::Span;

/// The comments and parentheses of one parse, in source order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Trivia {
    /// Every comment outside string literals, in source order.
    pub comments: Vec<Comment>,
    /// Every pair of grouping parentheses around an expression or a type.
    pub parens: Vec<Parens>,
}

/// One comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Comment {
    /// The whole comment: `#` to the end of the line (newline excluded), or `/*` to `*/`.
    pub span: Span,
    /// Which form it takes.
    pub kind: CommentKind,
}

/// The two forms of comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommentKind {
    /// `# ...` to the end of the line.
    Line,
    /// `/* ... */`, possibly over several lines.
    Block,
}

/// Parentheses written around an expression or a type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Parens {
    /// The span of the expression or type inside (as the tree records it).
    pub inner: Span,
    /// The span from `(` to `)` inclusive.
    pub outer: Span,
}

impl Trivia {
    pub(crate) fn from_comments(text: &str, spans: &[Span]) -> Trivia {
        let comments = spans
            .iter()
            .map(|&span| Comment {
                span,
                kind: if text.get(span.range()).is_some_and(|t| t.starts_with("/*")) {
                    CommentKind::Block
                } else {
                    CommentKind::Line
                },
            })
            .collect();
        Trivia {
            comments,
            parens: Vec::new(),
        }
    }
}
