//! Layout of a file, its items and their statements. Items and statements go one per line;
//! blocks open on the line of their header and close on a line of their own; `meta` blocks list
//! one entry per line, without commas.

use super::doc::{Doc, Docs};
use super::exprs::is_huggable;
use super::layout::Layout;
use super::seq::{Elem, ListStyle, Start};
use crate::span::Span;
use crate::syntax::Lexeme;
use crate::syntax::ast::{
    Expr, FnDecl, Ident, Item, ItemKind, LetStmt, MetaBlock, Param, RuleDecl, SourceFile, Stmt,
    StmtKind, TestDecl, TypeExpr, ViewDecl,
};

/// A top-level element of a file and the marks around its layout.
pub(crate) struct Top {
    pub span: Span,
    pub start_mark: usize,
    pub end_mark: usize,
}

impl<'a> Layout<'a> {
    /// The whole file, and where each top-level element is.
    pub fn file(&mut self, f: &SourceFile) -> (Doc<'a>, Vec<Top>) {
        type Build<'t, 'a> = Box<dyn FnOnce(&mut Layout<'a>) -> Doc<'a> + 't>;
        let mut parts: Vec<(Span, Build<'_, 'a>)> = Vec::new();
        if let Some(p) = &f.package {
            let start = self
                .token_before(p.span.start)
                .filter(|t| t.punct == Some(Lexeme::Package))
                .map_or(p.span.start, |t| t.span.start);
            let span = Span::new(start as usize, p.span.end as usize);
            parts.push((
                span,
                Box::new(move |l: &mut Layout<'a>| {
                    let mut out = Docs::new();
                    out.text("package ").push(l.path(p));
                    out.build()
                }),
            ));
        }
        for i in &f.imports {
            parts.push((
                i.span,
                Box::new(move |l: &mut Layout<'a>| {
                    let mut out = Docs::new();
                    out.text("import ").push(l.path(&i.path));
                    if let Some(alias) = &i.alias {
                        out.text(" as ").push(l.name(alias));
                    }
                    out.build()
                }),
            ));
        }
        for item in &f.items {
            parts.push((item.span, Box::new(move |l: &mut Layout<'a>| l.item(item))));
        }
        parts.sort_by_key(|(span, _)| span.start);
        let mut tops = Vec::new();
        let mut elems = Vec::new();
        for (span, build) in parts {
            let start_mark = self.mark();
            let end_mark = self.mark();
            tops.push(Top {
                span,
                start_mark,
                end_mark,
            });
            elems.push(Elem::new(span, move |l: &mut Layout<'a>| {
                let mut out = Docs::new();
                out.push(Doc::Mark(start_mark))
                    .push(build(l))
                    .push(Doc::Mark(end_mark));
                out.build()
            }));
        }
        let end = u32::try_from(self.text.len()).unwrap_or(u32::MAX);
        let body = self.lines(0, elems, end, Start::File);
        let mut out = Docs::new();
        out.push(body).push(Doc::HardLine);
        (out.build(), tops)
    }

    /// A name, after the comments written before it.
    pub fn name(&mut self, i: &Ident) -> Doc<'a> {
        let mut out = Docs::new();
        out.push(self.leading(i.span.start)).push(self.src(i.span));
        out.build()
    }

    fn annotated(
        &mut self,
        keyword: &'static str,
        name: &Ident,
        ty: Option<&TypeExpr>,
    ) -> Docs<'a> {
        let mut out = Docs::new();
        out.text(keyword).push(self.name(name));
        if let Some(t) = ty {
            out.text(": ").push(self.ty(t));
        }
        out
    }

    fn item(&mut self, item: &Item) -> Doc<'a> {
        match &item.kind {
            ItemKind::Type(d) => {
                let mut out = Docs::new();
                out.text("type ")
                    .push(self.name(&d.name))
                    .text(" = ")
                    .push(self.ty(&d.ty));
                out.build()
            }
            ItemKind::Const(d) => {
                let mut out = self.annotated("let ", &d.name, d.ty.as_ref());
                out.text(" = ").push(self.expr(&d.value));
                out.build()
            }
            ItemKind::Param(d) => {
                let mut out = self.annotated("param ", &d.name, Some(&d.ty));
                out.text(" = ").push(self.expr(&d.default));
                out.build()
            }
            ItemKind::Data(d) => self.annotated("data ", &d.name, Some(&d.ty)).build(),
            ItemKind::Fn(d) => self.function(item.span, d),
            ItemKind::Rule(d) => self.rule(item.span, d),
            ItemKind::View(d) => self.view(item.span, d),
            ItemKind::Test(d) => self.test(item.span, d),
            ItemKind::Error => self.src(item.span),
        }
    }

    fn param(&mut self, p: &Param) -> Doc<'a> {
        let mut out = Docs::new();
        out.push(self.name(&p.name)).text(": ").push(self.ty(&p.ty));
        out.build()
    }

    fn function(&mut self, span: Span, d: &FnDecl) -> Doc<'a> {
        let mut out = Docs::new();
        out.text("fn ").push(self.name(&d.name));
        let open = self.find_after(d.name.span.end, Lexeme::LParen);
        let open_end = open.map_or(d.name.span.end, |s| s.end);
        let after_params = d
            .params
            .last()
            .map_or(open_end, |p| self.outer(p.ty.span).end);
        let close = self
            .find_after(after_params, Lexeme::RParen)
            .map_or(after_params, |s| s.start);
        let elems = d
            .params
            .iter()
            .map(|p| {
                let span = p.name.span.to(self.outer(p.ty.span));
                Elem::new(span, move |l: &mut Layout<'a>| l.param(p))
            })
            .collect();
        out.push(self.comma_list(
            Doc::text("("),
            open_end,
            elems,
            ")",
            close,
            ListStyle::default(),
        ));
        let mut header_end = close + 1;
        if let Some(ret) = &d.ret {
            out.text(" -> ").push(self.ty(ret));
            header_end = self.outer(ret.span).end;
        }
        let brace = self
            .find_after(header_end, Lexeme::LBrace)
            .map_or(header_end, |s| s.start);
        let mut elems: Vec<Elem<'_, 'a>> = d
            .lets
            .iter()
            .map(|s| Elem::new(s.span, move |l: &mut Layout<'a>| l.let_stmt(s)))
            .collect();
        let body_start = self.outer(d.body.span).start;
        let ret_start = self
            .token_before(body_start)
            .filter(|t| t.punct == Some(Lexeme::Return))
            .map_or(body_start, |t| t.span.start);
        let body = &d.body;
        elems.push(Elem::new(
            Span::new(ret_start as usize, self.outer(body.span).end as usize),
            move |l: &mut Layout<'a>| {
                let mut out = Docs::new();
                out.text("return ").push(l.expr(body));
                out.build()
            },
        ));
        out.text(" ")
            .push(self.block(brace, elems, span.end.saturating_sub(1)));
        out.build()
    }

    /// `keyword name(subject: T)`, and where its `)` is.
    fn subject_head(
        &mut self,
        keyword: &'static str,
        name: &Ident,
        subject: &Param,
    ) -> (Docs<'a>, u32) {
        let mut out = Docs::new();
        out.text(keyword).push(self.name(name)).text("(");
        out.push(self.param(subject));
        let subject_end = self.outer(subject.ty.span).end;
        let close = self
            .find_after(subject_end, Lexeme::RParen)
            .map_or(subject_end, |s| s.start);
        out.push(self.leading(close)).text(")");
        (out, close)
    }

    fn rule(&mut self, span: Span, d: &RuleDecl) -> Doc<'a> {
        let (mut out, close) = self.subject_head("rule ", &d.name, &d.subject);
        let brace = self
            .find_after(close, Lexeme::LBrace)
            .map_or(close, |s| s.start);
        let mut elems: Vec<Elem<'_, 'a>> = Vec::new();
        if let Some(meta) = &d.meta {
            elems.push(Elem::new(meta.span, move |l: &mut Layout<'a>| l.meta(meta)));
        }
        elems.extend(self.stmt_elems(&d.body));
        out.text(" ")
            .push(self.block(brace, elems, span.end.saturating_sub(1)));
        out.build()
    }

    /// `view name(subject: T) -> U {`: a rule's header with the target type before the `{`.
    fn view(&mut self, span: Span, d: &ViewDecl) -> Doc<'a> {
        let (mut out, _) = self.subject_head("view ", &d.name, &d.subject);
        out.text(" -> ").push(self.ty(&d.target));
        let target_end = self.outer(d.target.span).end;
        let brace = self
            .find_after(target_end, Lexeme::LBrace)
            .map_or(target_end, |s| s.start);
        let elems = self.stmt_elems(&d.body);
        out.text(" ")
            .push(self.block(brace, elems, span.end.saturating_sub(1)));
        out.build()
    }

    fn meta(&mut self, m: &MetaBlock) -> Doc<'a> {
        let brace = self
            .find_after(m.span.start, Lexeme::LBrace)
            .map_or(m.span.start, |s| s.start);
        let elems = m
            .entries
            .iter()
            .map(|e| {
                let span = e.key.span.to(self.outer(e.value.span));
                Elem::new(span, move |l: &mut Layout<'a>| {
                    let mut out = Docs::new();
                    out.push(l.name(&e.key)).text(": ").push(l.expr(&e.value));
                    out.build()
                })
            })
            .collect();
        let mut out = Docs::new();
        out.text("meta ")
            .push(self.block(brace, elems, m.span.end.saturating_sub(1)));
        out.build()
    }

    fn test(&mut self, span: Span, d: &TestDecl) -> Doc<'a> {
        let name = self
            .token_after(span.start.saturating_add(4))
            .map_or(Span::at(span.start as usize), |t| t.span);
        let last_value = match (&d.table, d.with.last()) {
            (Some(table), _) => Some(&table.cases),
            (None, Some(w)) => Some(&w.value),
            (None, None) => None,
        };
        let header_end = last_value.map_or(name.end, |v| self.outer(v.span).end);
        let brace = self
            .find_after(header_end, Lexeme::LBrace)
            .map_or(header_end, |s| s.start);
        // Comments between the header and `{` are printed after the `{` either way.
        let header_span = Span::new(span.start as usize, header_end as usize);
        // `test "name" with x = [` ... `] {`: a header whose last value is a collection may stay
        // on one line and break inside that collection.
        let hug = last_value.is_some_and(|v| self.parens_of(v.span).is_empty() && is_huggable(v))
            && !self.has_comment_within(header_span);
        let header = if hug {
            let normal = block_header(self.test_header(name, d, HeaderStyle::Normal));
            let hugged = self.test_header(name, d, HeaderStyle::Hug).build();
            let mut hugged_line = Docs::new();
            hugged_line.push(hugged).text(" ");
            Doc::Choice(vec![normal, hugged_line.build()])
        } else {
            block_header(self.test_header(name, d, HeaderStyle::Normal))
        };
        let elems = self.stmt_elems(&d.body);
        let mut out = Docs::new();
        out.push(header);
        out.push(self.block(brace, elems, span.end.saturating_sub(1)));
        out.build()
    }

    /// `test "name" with a = e, b = e for case in cases`: broken before `with` and `for`, or
    /// (`Hug`) flat up to the last value, which breaks inside its brackets.
    fn test_header(&mut self, name: Span, d: &TestDecl, style: HeaderStyle) -> Docs<'a> {
        let mut header = Docs::new();
        header.text("test ");
        header.push(self.leading(name.start)).push(self.src(name));
        let mut header_end = name.end;
        let hugging = style == HeaderStyle::Hug;
        let last_with = d.with.len().saturating_sub(1);
        if !d.with.is_empty() {
            let mut bindings = Docs::new();
            for (i, w) in d.with.iter().enumerate() {
                if i > 0 {
                    bindings
                        .text(",")
                        .push(self.trailing(header_end, w.target.span.start));
                    bindings.push(if hugging { Doc::text(" ") } else { Doc::Line });
                }
                bindings.push(self.path(&w.target)).text(" = ");
                let value = self.expr(&w.value);
                bindings.push(match (hugging, i == last_with && d.table.is_none()) {
                    (true, true) => super::exprs::force_break(value),
                    (true, false) => Doc::flat(value),
                    (false, _) => value,
                });
                header_end = self.outer(w.value.span).end;
            }
            let mut part = Docs::new();
            if hugging {
                part.text(" with ").push(bindings.build());
                header.push(part.build());
            } else {
                part.push(Doc::Line)
                    .text("with ")
                    .push(Doc::nest(bindings.build()));
                header.push(Doc::nest(part.build()));
            }
        }
        if let Some(table) = &d.table {
            let keyword = self
                .token_after(header_end)
                .map_or(header_end, |t| t.span.start);
            let mut part = Docs::new();
            part.push(
                self.before_token(header_end, keyword)
                    .unwrap_or_else(Doc::nil),
            );
            part.push(if hugging { Doc::text(" ") } else { Doc::Line });
            part.text("for ")
                .push(self.binder(&table.binder))
                .text(" in ");
            let cases = self.expr(&table.cases);
            part.push(if hugging {
                super::exprs::force_break(cases)
            } else {
                cases
            });
            header.push(if hugging {
                part.build()
            } else {
                Doc::nest(part.build())
            });
        }
        header
    }

    fn stmt_elems<'t>(&self, stmts: &'t [Stmt]) -> Vec<Elem<'t, 'a>> {
        stmts
            .iter()
            .map(|s| Elem::new(s.span, move |l: &mut Layout<'a>| l.stmt(s)))
            .collect()
    }

    fn let_stmt(&mut self, s: &LetStmt) -> Doc<'a> {
        let mut out = self.annotated("let ", &s.name, s.ty.as_ref());
        out.text(" = ").push(self.expr(&s.value));
        out.build()
    }

    fn stmt(&mut self, s: &Stmt) -> Doc<'a> {
        self.guarded(|l| l.stmt_kind(s))
    }

    fn stmt_kind(&mut self, s: &Stmt) -> Doc<'a> {
        match &s.kind {
            StmtKind::Let(l) => self.let_stmt(l),
            StmtKind::For { binder, iter, body } => {
                let mut header = Docs::new();
                header.text("for ").push(self.binder(binder)).text(" in ");
                header.push(self.expr(iter));
                let after = self.outer(iter.span).end;
                let brace = self
                    .find_after(after, Lexeme::LBrace)
                    .map_or(after, |s| s.start);
                let elems = self.stmt_elems(body);
                let mut out = Docs::new();
                out.push(block_header(header));
                out.push(self.block(brace, elems, s.span.end.saturating_sub(1)));
                out.build()
            }
            StmtKind::If {
                cond,
                then,
                otherwise,
            } => self.if_stmt(s.span, cond, then, otherwise),
            StmtKind::Violation { message, at } => {
                self.placed("violation ", s.span, message, at.as_ref())
            }
            StmtKind::Yield { value, at } => self.placed("yield ", s.span, value, at.as_ref()),
            StmtKind::Assert(e) => {
                let mut out = Docs::new();
                out.text("assert ").push(self.expr(e));
                out.build()
            }
            StmtKind::Error => self.src(s.span),
        }
    }

    fn if_stmt(&mut self, span: Span, cond: &Expr, then: &[Stmt], otherwise: &[Stmt]) -> Doc<'a> {
        let mut header = Docs::new();
        header.text("if ").push(self.expr(cond));
        let mut out = Docs::new();
        out.push(block_header(header));
        let after = self.outer(cond.span).end;
        let open = self
            .find_after(after, Lexeme::LBrace)
            .map_or(after, |s| s.start);
        let then_close = match then.last() {
            Some(last) => self.token_after(last.span.end),
            None => self.token_after(open + 1),
        }
        .map_or(span.end.saturating_sub(1), |t| t.span.start);
        let elems = self.stmt_elems(then);
        out.push(self.block(open, elems, then_close));
        let else_token = self
            .token_after(then_close + 1)
            .filter(|t| t.punct == Some(Lexeme::Else) && t.span.end <= span.end);
        if let Some(else_token) = else_token {
            match self.before_token(then_close + 1, else_token.span.start) {
                Some(comments) => {
                    out.push(comments).push(Doc::HardLine).text("else ");
                }
                None => {
                    out.text(" else ");
                }
            }
            let next = self.token_after(else_token.span.end);
            match (next, otherwise) {
                (Some(t), [only])
                    if t.punct == Some(Lexeme::If) && only.span.start == t.span.start =>
                {
                    out.push(self.leading(only.span.start));
                    out.push(self.stmt(only));
                }
                _ => {
                    let brace = next.map_or(else_token.span.end, |t| t.span.start);
                    out.push(self.leading(brace));
                    let elems = self.stmt_elems(otherwise);
                    out.push(self.block(brace, elems, span.end.saturating_sub(1)));
                }
            }
        }
        out.build()
    }
}

/// How a test header is laid out.
#[derive(Clone, Copy, PartialEq, Eq)]
enum HeaderStyle {
    /// One line if it fits, else broken before `with` and `for`.
    Normal,
    /// One line, its last value broken inside its brackets.
    Hug,
}

/// A block's header and the space before its `{`; a header that does not fit on one line puts
/// the `{` on a line of its own, so the header's continuation lines and the block's statements
/// do not run together.
fn block_header(header: Docs<'_>) -> Doc<'_> {
    let mut out = header;
    out.push(Doc::if_break(Doc::HardLine, Doc::text(" ")));
    Doc::group(out.build())
}

impl<'a> Layout<'a> {
    /// `violation message [at place]` and `yield document [at place]`: on one line if it fits;
    /// else `at` on the next line if the message fits; else the message broken with `at` after
    /// it; else (the first layout, broken) `at` on the next line after the broken message.
    fn placed(
        &mut self,
        keyword: &'static str,
        span: Span,
        message: &Expr,
        at: Option<&Expr>,
    ) -> Doc<'a> {
        let Some(place) = at else {
            let mut out = Docs::new();
            out.text(keyword).push(self.expr(message));
            return out.build();
        };
        let message_end = self.outer(message.span).end;
        let at_keyword = self
            .token_after(message_end)
            .map_or(message_end, |t| t.span.start);
        if self.has_comment_within(span) {
            let mut out = Docs::new();
            out.text(keyword).push(self.expr(message));
            let mut rest = Docs::new();
            rest.push(
                self.before_token(message_end, at_keyword)
                    .unwrap_or_else(Doc::nil),
            );
            rest.push(Doc::Line).text("at ").push(self.expr(place));
            out.push(Doc::nest(rest.build()));
            return Doc::group(out.build());
        }
        let both = |l: &mut Layout<'a>, message_doc: Doc<'a>, separator: Doc<'a>| {
            let mut out = Docs::new();
            out.text(keyword).push(message_doc);
            let mut rest = Docs::new();
            rest.push(separator).text("at ").push(l.expr(place));
            out.push(Doc::nest(rest.build()));
            out.build()
        };
        let m = self.expr(message);
        let flat = Doc::group(both(self, m, Doc::Line));
        let next_line = {
            let m = Doc::flat(self.expr(message));
            both(self, m, Doc::HardLine)
        };
        let hugged = {
            let m = self.expr(message);
            both(self, m, Doc::text(" "))
        };
        Doc::Choice(vec![flat, next_line, hugged])
    }
}
