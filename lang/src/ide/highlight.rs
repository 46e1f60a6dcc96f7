//! Semantic highlighting: every token of a file with its class. Keywords, literals, comments
//! and operators come from the lexer; names are classed by what the checker resolved them to
//! (a function, a type, a rule, a view, a constant, a local), declarations marked as such.

use super::Snapshot;
use crate::check::analysis::Target;
use crate::span::{FileId, Span};
use crate::syntax::ast::ItemKind;
use crate::syntax::{Literal, token_positions};
use std::collections::HashMap;

/// What a token is, for colouring.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenClass {
    /// A keyword.
    Keyword,
    /// A string literal (with its interpolations).
    String,
    /// A number literal.
    Number,
    /// A comment.
    Comment,
    /// An operator.
    Operator,
    /// A declared or builtin type.
    Type,
    /// A function or builtin.
    Function,
    /// A rule.
    Rule,
    /// A view.
    View,
    /// A module constant, parameter or data item.
    Constant,
    /// A local binding.
    Variable,
    /// A field of a record.
    Property,
    /// A package name.
    Namespace,
}

/// A token and its class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Highlight {
    /// Where it is.
    pub span: Span,
    /// What it is.
    pub class: TokenClass,
    /// Whether this is where the name is declared.
    pub declaration: bool,
}

impl Snapshot {
    /// Every classified token of `file`, in source order.
    pub fn highlights_of(&self, file: FileId) -> Vec<Highlight> {
        let (Some(text), Some(parse)) = (self.text(file), self.parse(file)) else {
            return Vec::new();
        };
        let mut names: HashMap<Span, (TokenClass, bool)> = HashMap::new();
        let Some(analysis) = self.analysis(file) else {
            return Vec::new();
        };
        for r in analysis.references.iter().filter(|r| r.file == file) {
            if let Some(class) = self.class_of(r.target) {
                names.insert(r.span, (class, false));
            }
        }
        for (f, span, _) in &analysis.bindings {
            if *f == file {
                names.insert(*span, (TokenClass::Variable, true));
            }
        }
        for (i, item) in parse.file.items.iter().enumerate() {
            if let Some(name) = item.kind.name()
                && let Some(class) = self.class_of(Target::Item { file, item: i })
            {
                names.insert(name.span, (class, true));
            }
        }
        let mut out: Vec<Highlight> = parse
            .trivia
            .comments
            .iter()
            .map(|c| Highlight {
                span: c.span,
                class: TokenClass::Comment,
                declaration: false,
            })
            .collect();
        let mut namespaces: Vec<Span> = parse.file.package.iter().map(|p| p.span).collect();
        let mut aliases: Vec<&str> = Vec::new();
        for i in &parse.file.imports {
            namespaces.push(i.path.span);
            namespaces.extend(i.alias.as_ref().map(|a| a.span));
            aliases.extend(i.binding().map(|b| b.name.as_str()));
        }
        let in_namespace = |s: Span| {
            namespaces
                .iter()
                .any(|n| n.start <= s.start && s.end <= n.end)
        };
        let tokens = token_positions(text);
        let mut after_dot = false;
        for (i, t) in tokens.iter().enumerate() {
            let word = text.get(t.span.range()).unwrap_or("");
            // `max 64` in `list<T, max 64>`: before a number `max` is a size bound, which only
            // a type can hold (the builtin is always called).
            let bound = word == "max"
                && tokens
                    .get(i + 1)
                    .is_some_and(|n| n.literal == Some(Literal::Number));
            let class = match (t.punct, t.literal) {
                (_, Some(Literal::String)) => Some((TokenClass::String, false)),
                (_, Some(Literal::Number)) => Some((TokenClass::Number, false)),
                (Some(l), None) if l.is_keyword() && !after_dot => {
                    Some((TokenClass::Keyword, false))
                }
                (Some(l), None) if l.is_keyword() => Some((TokenClass::Property, false)),
                (Some(l), None) => operator(l).then_some((TokenClass::Operator, false)),
                (None, None) if bound => Some((TokenClass::Keyword, false)),
                (None, None) => names.get(&t.span).copied().or_else(|| {
                    if in_namespace(t.span) || (!after_dot && aliases.contains(&word)) {
                        Some((TokenClass::Namespace, false))
                    } else if after_dot {
                        Some((TokenClass::Property, false))
                    } else if crate::builtins::lookup(word).is_some() {
                        Some((TokenClass::Function, false))
                    } else if crate::builtins::SCALAR_TYPES.contains(&word) {
                        Some((TokenClass::Type, false))
                    } else {
                        None
                    }
                }),
            };
            after_dot = matches!(
                t.punct,
                Some(crate::syntax::Lexeme::Dot | crate::syntax::Lexeme::QuestionDot)
            );
            if let Some((class, declaration)) = class {
                out.push(Highlight {
                    span: t.span,
                    class,
                    declaration,
                });
            }
        }
        out.sort_by_key(|h| (h.span.start, h.span.end));
        out
    }

    fn class_of(&self, target: Target) -> Option<TokenClass> {
        match target {
            Target::Local { .. } => Some(TokenClass::Variable),
            Target::Item { file, item } => Some(match &self.item(file, item)?.kind {
                ItemKind::Type(_) => TokenClass::Type,
                ItemKind::Fn(_) => TokenClass::Function,
                ItemKind::Rule(_) => TokenClass::Rule,
                ItemKind::View(_) => TokenClass::View,
                ItemKind::Const(_) | ItemKind::Param(_) | ItemKind::Data(_) => TokenClass::Constant,
                ItemKind::Test(_) | ItemKind::Error => return None,
            }),
        }
    }
}

/// Punctuation that is an operator (not a bracket or separator).
fn operator(l: crate::syntax::Lexeme) -> bool {
    use crate::syntax::Lexeme as L;
    matches!(
        l,
        L::EqEq
            | L::NotEq
            | L::Lt
            | L::Le
            | L::Gt
            | L::Ge
            | L::Plus
            | L::Minus
            | L::Star
            | L::Slash
            | L::Percent
            | L::QuestionQuestion
            | L::Arrow
            | L::Pipe
            | L::Eq
    )
}
