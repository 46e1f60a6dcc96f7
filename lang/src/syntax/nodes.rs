//! Node construction for the grammar's actions. `Ctx` computes each node's depth as the tree
//! is built bottom-up and replaces any node deeper than `MAX_DEPTH` by an `Error` node (one
//! E0102 per item), so deep input never produces a deep tree. It also hands out decoded string
//! literals and records recovered syntax errors.

use super::ast::*;
use super::token::{Lexeme, Tok};
use crate::diagnostics::{Diagnostic, codes};
use crate::span::{FileId, Span};
use lalrpop_util::{ErrorRecovery, ParseError};

/// How deeply expressions, types and statements may nest (each counted on its own).
pub const MAX_DEPTH: u32 = 256;

/// The parser's error type for lexer errors: there are none, lexing never fails.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Never {}

/// What one top-level parse yields.
#[derive(Clone, Debug, PartialEq)]
pub enum TopItem {
    /// `package a.b`
    Package(Path),
    /// `import a.b [as c]`
    Import(Import),
    /// Any other item.
    Item(Item),
}

pub(crate) type Recovery<'a> = ErrorRecovery<usize, Tok<'a>, Never>;

/// A type's arguments and its size bound, as the grammar collects them.
pub(crate) type TypeArgList = (Vec<TypeExpr>, Option<Box<SizeBound>>);

/// State shared by the grammar's actions during one parse.
pub struct Ctx<'a> {
    file: FileId,
    /// Decoded string literals by token index; each is taken once by the grammar.
    strings: Vec<Option<StringLit>>,
    /// Diagnostics found while building nodes (depth, literal types).
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Syntax errors the grammar recovered from.
    pub(crate) recovered: Vec<Recovery<'a>>,
    /// Parentheses met so far (inner span, outer span), for the formatter.
    pub(crate) parens: Vec<super::trivia::Parens>,
    deep_reported: bool,
}

impl<'a> Ctx<'a> {
    pub(crate) fn new(file: FileId, strings: Vec<Option<StringLit>>) -> Ctx<'a> {
        Ctx {
            file,
            strings,
            diagnostics: Vec::new(),
            recovered: Vec::new(),
            parens: Vec::new(),
            deep_reported: false,
        }
    }

    /// Allows one more E0102 report: called at the start of each item.
    pub(crate) fn start_item(&mut self) {
        self.deep_reported = false;
    }

    pub(crate) fn span(&self, l: usize, r: usize) -> Span {
        Span::new(l, r)
    }

    pub(crate) fn ident(&self, name: &str, l: usize, r: usize) -> Ident {
        Ident {
            name: name.to_owned(),
            span: Span::new(l, r),
        }
    }

    pub(crate) fn keyword_path(&self, name: &str, l: usize, r: usize) -> Path {
        Path {
            segments: vec![self.ident(name, l, r)],
            span: Span::new(l, r),
        }
    }

    /// `max N` after a collection type's arguments; another word there is a syntax error.
    pub(crate) fn size_bound(
        &mut self,
        word: Ident,
        n: i64,
        l: usize,
        number: usize,
        r: usize,
    ) -> SizeBound {
        if word.name != "max" {
            self.diagnostics.push(
                Diagnostic::new(
                    codes::UNEXPECTED_TOKEN,
                    self.file,
                    word.span,
                    format!(
                        "expected `max` before the size bound, found `{}`",
                        word.name
                    ),
                )
                .with_help("a collection's size bound is written `list<T, max 64>`"),
            );
        }
        SizeBound {
            value: u64::try_from(n).unwrap_or(0),
            span: Span::new(l, r),
            number: Span::new(number, r),
        }
    }

    /// Takes the decoded literal for string token `index`.
    pub(crate) fn take_string(&mut self, index: u32) -> StringLit {
        self.strings
            .get_mut(index as usize)
            .and_then(Option::take)
            .unwrap_or_default()
    }

    /// A quoted field name: the literal's text, which may not be interpolated.
    pub(crate) fn string_name(&mut self, index: u32, l: usize, r: usize) -> Ident {
        let text = self.plain(index, l, r, "a quoted field name");
        self.ident(&text, l, r)
    }

    /// A string literal type such as `"Pod"`.
    pub(crate) fn literal_type(&mut self, index: u32, l: usize, r: usize) -> TypeExpr {
        let text = self.plain(index, l, r, "a string literal type");
        self.ty(TypeKind::Literal(text), l, r)
    }

    fn plain(&mut self, index: u32, l: usize, r: usize, what: &str) -> String {
        let lit = self.take_string(index);
        lit.as_plain().unwrap_or_else(|| {
            self.diagnostics.push(Diagnostic::new(
                codes::UNEXPECTED_TOKEN,
                self.file,
                Span::new(l, r),
                format!("{what} cannot contain interpolation"),
            ));
            String::new()
        })
    }

    pub(crate) fn recovered(&mut self, error: Recovery<'a>) {
        self.recovered.push(error);
    }

    /// Builds an expression node, enforcing the depth limit.
    pub(crate) fn expr(&mut self, kind: ExprKind, l: usize, r: usize) -> Expr {
        let span = Span::new(l, r);
        let mut node = Expr {
            kind,
            span,
            depth: 0,
        };
        node.depth = 1 + node.children().iter().map(|c| c.depth).max().unwrap_or(0);
        if node.depth > MAX_DEPTH {
            self.too_deep(span, "expression");
            return Expr {
                kind: ExprKind::Error,
                span,
                depth: MAX_DEPTH,
            };
        }
        node
    }

    /// Parentheses add no node but count as a level of nesting.
    pub(crate) fn paren(&mut self, mut inner: Expr, l: usize, r: usize) -> Expr {
        self.parens.push(super::trivia::Parens {
            inner: inner.span,
            outer: Span::new(l, r),
        });
        inner.depth += 1;
        if inner.depth > MAX_DEPTH {
            let span = Span::new(l, r);
            self.too_deep(span, "expression");
            return Expr {
                kind: ExprKind::Error,
                span,
                depth: MAX_DEPTH,
            };
        }
        inner
    }

    pub(crate) fn binary(
        &mut self,
        op: BinaryOp,
        lhs: Expr,
        rhs: Expr,
        l: usize,
        r: usize,
    ) -> Expr {
        self.expr(
            ExprKind::Binary {
                op,
                lhs: Box::new(lhs),
                rhs: Box::new(rhs),
            },
            l,
            r,
        )
    }

    pub(crate) fn unary(&mut self, op: UnaryOp, operand: Expr, l: usize, r: usize) -> Expr {
        self.expr(
            ExprKind::Unary {
                op,
                operand: Box::new(operand),
            },
            l,
            r,
        )
    }

    /// Builds a type node, enforcing the depth limit.
    pub(crate) fn ty(&mut self, kind: TypeKind, l: usize, r: usize) -> TypeExpr {
        let span = Span::new(l, r);
        let below = match &kind {
            TypeKind::Named { args, .. } => args.iter().map(|t| t.depth).max(),
            TypeKind::Record { fields, .. } => fields.iter().map(|f| f.ty.depth).max(),
            TypeKind::Optional(inner) => Some(inner.depth),
            TypeKind::Union(members) => members.iter().map(|t| t.depth).max(),
            TypeKind::Literal(_) | TypeKind::Error => None,
        };
        let depth = 1 + below.unwrap_or(0);
        if depth > MAX_DEPTH {
            self.too_deep(span, "type");
            return TypeExpr {
                kind: TypeKind::Error,
                span,
                depth: MAX_DEPTH,
            };
        }
        TypeExpr { kind, span, depth }
    }

    pub(crate) fn paren_ty(&mut self, mut inner: TypeExpr, l: usize, r: usize) -> TypeExpr {
        self.parens.push(super::trivia::Parens {
            inner: inner.span,
            outer: Span::new(l, r),
        });
        inner.depth += 1;
        if inner.depth > MAX_DEPTH {
            let span = Span::new(l, r);
            self.too_deep(span, "type");
            return TypeExpr {
                kind: TypeKind::Error,
                span,
                depth: MAX_DEPTH,
            };
        }
        inner
    }

    /// Builds a statement node, enforcing the depth limit on nested blocks.
    pub(crate) fn stmt(&mut self, kind: StmtKind, l: usize, r: usize) -> Stmt {
        let span = Span::new(l, r);
        let below = match &kind {
            StmtKind::For { body, .. } => body.iter().map(|s| s.depth).max(),
            StmtKind::If {
                then, otherwise, ..
            } => then.iter().chain(otherwise).map(|s| s.depth).max(),
            _ => None,
        };
        let depth = 1 + below.unwrap_or(0);
        if depth > MAX_DEPTH {
            self.too_deep(span, "block");
            return Stmt {
                kind: StmtKind::Error,
                span,
                depth: MAX_DEPTH,
            };
        }
        Stmt { kind, span, depth }
    }

    fn too_deep(&mut self, span: Span, what: &str) {
        if self.deep_reported {
            return;
        }
        self.deep_reported = true;
        self.diagnostics.push(
            Diagnostic::new(
                codes::NESTING_TOO_DEEP,
                self.file,
                Span::new(span.start as usize, span.start as usize + 1),
                format!("{what} nested more than {MAX_DEPTH} levels deep"),
            )
            .with_help("split it up with `let` bindings or helper functions"),
        );
    }
}

/// Converts a parser error into a diagnostic.
pub(crate) fn error_diagnostic(
    file: FileId,
    error: &ParseError<usize, Tok<'_>, Never>,
) -> Diagnostic {
    match error {
        ParseError::InvalidToken { location } => Diagnostic::new(
            codes::UNEXPECTED_TOKEN,
            file,
            Span::at(*location),
            "invalid token",
        ),
        ParseError::UnrecognizedEof { location, expected } => Diagnostic::new(
            codes::UNEXPECTED_EOF,
            file,
            Span::at(*location),
            "unexpected end of file",
        )
        .with_help_opt(expected_help(expected)),
        ParseError::UnrecognizedToken {
            token: (l, tok, r),
            expected,
        } => {
            let help = match tok {
                Tok::Punct(Lexeme::Every | Lexeme::Some | Lexeme::If)
                    if !expected.iter().any(|e| e == "\"if\"" || e == "\"every\"") =>
                {
                    Some(format!(
                        "`{}` expressions bind loosest: wrap this one in parentheses",
                        describe_bare(tok)
                    ))
                }
                _ => expected_help(expected),
            };
            Diagnostic::new(
                codes::UNEXPECTED_TOKEN,
                file,
                Span::new(*l, *r),
                format!("unexpected {}", describe(tok)),
            )
            .with_help_opt(help)
        }
        ParseError::ExtraToken { token: (l, tok, r) } => Diagnostic::new(
            codes::UNEXPECTED_TOKEN,
            file,
            Span::new(*l, *r),
            format!("unexpected {}", describe(tok)),
        ),
        ParseError::User { error } => match *error {},
    }
}

/// Like `error_diagnostic`, but a parse of one item that ran out of tokens where the next item
/// begins reports that item's first token, not the end of the file.
pub(crate) fn error_at_item_end(
    file: FileId,
    error: &ParseError<usize, Tok<'_>, Never>,
    next: Option<(Tok<'_>, Span)>,
) -> Diagnostic {
    match (error, next) {
        (ParseError::UnrecognizedEof { expected, .. }, Some((tok, span))) => Diagnostic::new(
            codes::UNEXPECTED_TOKEN,
            file,
            span,
            format!(
                "unexpected {}: the declaration before it is incomplete",
                describe(&tok)
            ),
        )
        .with_help_opt(expected_help(expected)),
        _ => error_diagnostic(file, error),
    }
}

/// How a token is named in messages.
pub(crate) fn describe(tok: &Tok<'_>) -> String {
    match tok {
        Tok::Ident(name) => format!("identifier {}", crate::diagnostics::quote(name)),
        Tok::Int(_) => "integer".to_owned(),
        Tok::Float(_) => "number".to_owned(),
        Tok::Str(_) => "string".to_owned(),
        Tok::Punct(lexeme) => match lexeme.text() {
            Some(text) if lexeme.is_keyword() => format!("keyword `{text}`"),
            Some(text) => format!("`{text}`"),
            None => "token".to_owned(),
        },
    }
}

fn describe_bare(tok: &Tok<'_>) -> &'static str {
    match tok {
        Tok::Punct(lexeme) => lexeme.text().unwrap_or(""),
        _ => "",
    }
}

fn expected_help(expected: &[String]) -> Option<String> {
    let mut names: Vec<String> = expected
        .iter()
        .map(|e| match e.as_str() {
            "IDENT" => "a name".to_owned(),
            "INT" => "an integer".to_owned(),
            "FLOAT" => "a number".to_owned(),
            "STRING" => "a string".to_owned(),
            other => format!("`{}`", other.trim_matches('"')),
        })
        .collect();
    names.dedup();
    match names.len() {
        0 => None,
        1..=8 => Some(format!("expected {}", join_or(&names))),
        _ => None,
    }
}

fn join_or(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}
