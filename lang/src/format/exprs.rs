//! Layout of expressions. Literals, names and string literals (with their interpolations) are
//! printed exactly as written; parentheses are kept where the author wrote them. Chains of one
//! operator break before the operator, one level in; calls, lists and records break inside
//! their brackets, one element per line, and a call whose last argument is a literal collection
//! keeps that argument on the call's line and breaks inside it.

use super::doc::{Doc, Docs};
use super::layout::Layout;
use super::seq::{Elem, ListStyle};
use crate::span::Span;
use crate::syntax::Lexeme;
use crate::syntax::ast::{
    BinaryOp, Binder, Clause, CollectionKind, Expr, ExprKind, Quantifier, RecordField, UnaryOp,
};

/// How many hugging layouts may be tried inside one another (each lays its content out twice).
const MAX_NESTED_HUGS: u32 = 3;

/// Binding strength classes of binary operators: a chain is a run of one class.
fn class(op: BinaryOp) -> u8 {
    match op {
        BinaryOp::Or => 0,
        BinaryOp::And => 1,
        BinaryOp::Eq
        | BinaryOp::Ne
        | BinaryOp::Lt
        | BinaryOp::Le
        | BinaryOp::Gt
        | BinaryOp::Ge
        | BinaryOp::In
        | BinaryOp::NotIn => 2,
        BinaryOp::Coalesce => 3,
        BinaryOp::Add | BinaryOp::Sub => 4,
        BinaryOp::Mul | BinaryOp::Div | BinaryOp::Rem => 5,
    }
}

fn op_text(op: BinaryOp) -> &'static str {
    match op {
        BinaryOp::Or => "or",
        BinaryOp::And => "and",
        BinaryOp::Eq => "==",
        BinaryOp::Ne => "!=",
        BinaryOp::Lt => "<",
        BinaryOp::Le => "<=",
        BinaryOp::Gt => ">",
        BinaryOp::Ge => ">=",
        BinaryOp::In => "in",
        BinaryOp::NotIn => "not in",
        BinaryOp::Coalesce => "??",
        BinaryOp::Add => "+",
        BinaryOp::Sub => "-",
        BinaryOp::Mul => "*",
        BinaryOp::Div => "/",
        BinaryOp::Rem => "%",
    }
}

/// Whether an expression is a literal short enough to be packed with others in a list.
fn is_atom(e: &Expr) -> bool {
    matches!(
        e.kind,
        ExprKind::Int(_)
            | ExprKind::Float(_)
            | ExprKind::Str(_)
            | ExprKind::Bool(_)
            | ExprKind::None
    )
}

impl<'a> Layout<'a> {
    /// An expression with the comments before it and the parentheses around it.
    pub fn expr(&mut self, e: &Expr) -> Doc<'a> {
        self.guarded(|l| {
            if !l.has_comment_before(e.span.end) && l.parens_of(e.span).is_empty() {
                return l.expr_kind(e);
            }
            l.parenthesized(e.span, |l| l.expr_kind(e))
        })
    }

    fn expr_kind(&mut self, e: &Expr) -> Doc<'a> {
        match &e.kind {
            ExprKind::Int(_)
            | ExprKind::Float(_)
            | ExprKind::Str(_)
            | ExprKind::Bool(_)
            | ExprKind::None
            | ExprKind::Error => self.src(e.span),
            ExprKind::Name(name) => self.src(name.span),
            ExprKind::Field {
                base,
                name,
                optional,
            } => {
                let mut out = Docs::new();
                out.push(self.expr(base));
                out.push(self.leading(name.span.start));
                out.text(if *optional { "?." } else { "." });
                out.push(self.src(name.span));
                out.build()
            }
            ExprKind::Index {
                base,
                index,
                optional,
            } => {
                let mut out = Docs::new();
                out.push(self.expr(base));
                out.text(if *optional { "?[" } else { "[" });
                out.push(self.expr(index));
                out.push(self.leading(e.span.end.saturating_sub(1)));
                out.text("]");
                out.build()
            }
            ExprKind::Call { callee, args } => self.call(e.span, callee, args),
            ExprKind::Unary { op, operand } => {
                let mut out = Docs::new();
                // `- -x`, not `--x`.
                let doubled = matches!(
                    operand.kind,
                    ExprKind::Unary {
                        op: UnaryOp::Neg,
                        ..
                    }
                ) && self.parens_of(operand.span).is_empty();
                out.text(match op {
                    UnaryOp::Not => "not ",
                    UnaryOp::Neg if doubled => "- ",
                    UnaryOp::Neg => "-",
                });
                out.push(self.expr(operand));
                out.build()
            }
            ExprKind::Binary { op, .. } => self.chain(e, *op),
            ExprKind::If { .. } => self.if_chain(e),
            ExprKind::Quantified {
                quantifier,
                binder,
                iter,
                body,
            } => {
                let mut out = Docs::new();
                out.text(match quantifier {
                    Quantifier::Every => "every ",
                    Quantifier::Some => "some ",
                });
                out.push(self.binder(binder))
                    .text(" in ")
                    .push(self.expr(iter));
                out.text(":");
                let mut rest = Docs::new();
                rest.push(Doc::Line).push(self.expr(body));
                out.push(Doc::nest(rest.build()));
                Doc::group(out.build())
            }
            ExprKind::List(items) => self.collection(e.span, Doc::text("["), "]", items),
            ExprKind::Set(items) => self.collection(e.span, Doc::text("set{"), "}", items),
            ExprKind::Map(entries) => {
                let open_end = self.open_end(e.span, Lexeme::LBrace);
                let elems = entries
                    .iter()
                    .map(|(k, v)| {
                        let span = self.outer(k.span).to(self.outer(v.span));
                        Elem::new(span, move |l: &mut Layout<'a>| {
                            let mut out = Docs::new();
                            out.push(l.expr(k));
                            out.text(": ").push(l.expr(v));
                            out.build()
                        })
                    })
                    .collect();
                let expand = self.written_broken(open_end, entries.first().map(|(k, _)| k.span));
                let close = e.span.end.saturating_sub(1);
                self.comma_list(
                    Doc::text("map{"),
                    open_end,
                    elems,
                    "}",
                    close,
                    ListStyle { pad: false, expand },
                )
            }
            ExprKind::Record { spread, fields } => self.record(e.span, spread.as_deref(), fields),
            ExprKind::Comprehension {
                kind,
                key,
                element,
                clauses,
            } => self.comprehension(e.span, *kind, key.as_deref(), element, clauses),
        }
    }

    /// `if a then x else if b then y else z`: each `if ... then ...` on one line while it fits,
    /// every `else` on a line of its own when the whole does not fit; an `else if` chain stays
    /// flat rather than nesting deeper at each step.
    fn if_chain(&mut self, e: &Expr) -> Doc<'a> {
        let mut out = Docs::new();
        let mut rest = Docs::new();
        let mut node = e;
        let mut first = true;
        while let ExprKind::If {
            cond,
            then,
            otherwise,
        } = &node.kind
        {
            let mut branch = Docs::new();
            branch.text("if ").push(self.expr(cond));
            let cond_end = self.outer(cond.span).end;
            let then_at = self
                .token_after(cond_end)
                .map_or(cond_end, |t| t.span.start);
            let mut then_part = Docs::new();
            then_part.push(
                self.before_token(cond_end, then_at)
                    .unwrap_or_else(Doc::nil),
            );
            then_part
                .push(Doc::Line)
                .text("then ")
                .push(self.expr(then));
            branch.push(Doc::group(Doc::nest(then_part.build())));
            if first {
                out.push(branch.build());
            } else {
                rest.push(branch.build());
            }
            first = false;
            let then_end = self.outer(then.span).end;
            let else_at = self
                .token_after(then_end)
                .map_or(then_end, |t| t.span.start);
            rest.push(
                self.before_token(then_end, else_at)
                    .unwrap_or_else(Doc::nil),
            );
            rest.push(Doc::Line).text("else ");
            let chained = matches!(otherwise.kind, ExprKind::If { .. })
                && self.parens_of(otherwise.span).is_empty();
            if chained {
                rest.push(self.leading(otherwise.span.start));
                node = otherwise;
            } else {
                rest.push(self.expr(otherwise));
                break;
            }
        }
        out.push(Doc::nest(rest.build()));
        Doc::group(out.build())
    }

    /// Where the text inside an expression's opening bracket starts.
    fn open_end(&self, span: Span, bracket: Lexeme) -> u32 {
        self.find_after(span.start, bracket)
            .map_or(span.start, |s| s.end)
    }

    /// Whether the author broke the line right after the opening bracket, before the first
    /// element: such records and maps stay one element per line.
    fn written_broken(&self, open_end: u32, first: Option<Span>) -> bool {
        first.is_some_and(|f| self.newline_between(open_end, self.outer(f).start))
    }

    /// Whether `node` continues the chain of class `c` (the root always does).
    fn in_chain<'e>(
        &self,
        node: &'e Expr,
        c: u8,
        root: bool,
    ) -> Option<(BinaryOp, &'e Expr, &'e Expr)> {
        match &node.kind {
            ExprKind::Binary { op, lhs, rhs }
                if class(*op) == c && (root || self.parens_of(node.span).is_empty()) =>
            {
                Some((*op, lhs, rhs))
            }
            _ => None,
        }
    }

    /// `a op b op c`: operands of one binding class, broken before each operator. `??` chains
    /// to the right, comparisons do not chain, the other classes chain to the left;
    /// parenthesised operands end a chain.
    fn chain(&mut self, e: &Expr, op: BinaryOp) -> Doc<'a> {
        let c = class(op);
        let mut operands: Vec<&Expr> = Vec::new();
        let mut ops: Vec<BinaryOp> = Vec::new();
        if c == class(BinaryOp::Coalesce) {
            let mut node = e;
            while let Some((op, lhs, rhs)) = self.in_chain(node, c, std::ptr::eq(node, e)) {
                operands.push(lhs);
                ops.push(op);
                node = rhs;
            }
            operands.push(node);
        } else {
            let mut rights: Vec<(BinaryOp, &Expr)> = Vec::new();
            let mut node = e;
            while let Some((op, lhs, rhs)) = self.in_chain(node, c, std::ptr::eq(node, e)) {
                rights.push((op, rhs));
                node = lhs;
                if c == class(BinaryOp::Eq) {
                    break;
                }
            }
            operands.push(node);
            for (op, rhs) in rights.into_iter().rev() {
                ops.push(op);
                operands.push(rhs);
            }
        }
        // `lhs == [` ... `]`: a chain that ends in a literal collection may keep the operators
        // on one line and break inside that collection, as a call does with its last argument.
        // Comments are placed once, by the first layout made: any comment in the chain rules
        // hugging out (asked before that first layout, which would take the comments).
        let huggable = self.hugging < MAX_NESTED_HUGS
            && operands
                .last()
                .is_some_and(|last| self.parens_of(last.span).is_empty() && is_collection(last))
            && !self.has_comment_within(e.span);
        let normal = self.chain_layout(&operands, &ops);
        if let (true, Some((last, init))) = (huggable, operands.split_last()) {
            self.hugging += 1;
            let mut head = Docs::new();
            for (i, operand) in init.iter().enumerate() {
                if let Some(op) = i.checked_sub(1).and_then(|j| ops.get(j)) {
                    head.text(" ").text(op_text(*op)).text(" ");
                }
                head.push(self.expr(operand));
            }
            let head = head.build();
            if !head.has_hard_break() {
                let mut hug = Docs::new();
                hug.push(Doc::flat(head));
                if let Some(op) = ops.last() {
                    hug.text(" ").text(op_text(*op)).text(" ");
                }
                hug.push(force_break(self.expr(last)));
                self.hugging -= 1;
                return Doc::Choice(vec![normal, hug.build()]);
            }
            self.hugging -= 1;
        }
        normal
    }

    fn chain_layout(&mut self, operands: &[&Expr], ops: &[BinaryOp]) -> Doc<'a> {
        let mut out = Docs::new();
        let mut operands = operands.iter();
        let mut first_end = 0;
        if let Some(first) = operands.next() {
            out.push(self.expr(first));
            first_end = self.outer(first.span).end;
        }
        let mut rest = Docs::new();
        let mut prev_end = first_end;
        for (op, operand) in ops.iter().zip(operands) {
            if let Some(op_at) = self.token_after(prev_end) {
                rest.push(
                    self.before_token(prev_end, op_at.span.start)
                        .unwrap_or_else(Doc::nil),
                );
            }
            rest.push(Doc::Line);
            rest.text(op_text(*op)).text(" ").push(self.expr(operand));
            prev_end = self.outer(operand.span).end;
        }
        out.push(Doc::nest(rest.build()));
        Doc::group(out.build())
    }

    /// `b` or `k, v` of a loop, comprehension or quantifier.
    pub fn binder(&mut self, b: &Binder) -> Doc<'a> {
        let mut out = Docs::new();
        out.push(self.leading(b.first.span.start));
        out.push(self.src(b.first.span));
        if let Some(second) = &b.second {
            out.text(", ").push(self.leading(second.span.start));
            out.push(self.src(second.span));
        }
        out.build()
    }

    fn call(&mut self, span: Span, callee: &Expr, args: &[Expr]) -> Doc<'a> {
        let mut out = Docs::new();
        out.push(self.expr(callee));
        let open_end = self
            .find_after(self.outer(callee.span).end, Lexeme::LParen)
            .map_or(span.start, |s| s.end);
        let close = span.end.saturating_sub(1);
        // Each alternative lays the arguments out again: nested hugs are bounded so that the
        // work stays linear in practice, and comments (which are placed once) rule hugging out.
        let huggable = self.hugging < MAX_NESTED_HUGS
            && hugs_last_argument(args)
            && args.iter().all(|a| self.parens_of(a.span).is_empty())
            && !self.has_comment_within(span);
        if huggable && let Some((last, init)) = args.split_last() {
            self.hugging += 1;
            let head: Vec<Doc<'a>> = init.iter().map(|a| self.expr(a)).collect();
            if head.iter().all(|d| !d.has_hard_break()) {
                let hugged = force_break(self.expr(last));
                let normal = self.args_list(open_end, args, close);
                let mut hug = Docs::new();
                hug.text("(");
                let mut flat_head = Docs::new();
                for d in head {
                    flat_head.push(d).text(", ");
                }
                hug.push(Doc::flat(flat_head.build()));
                hug.push(hugged).text(")");
                out.push(Doc::Choice(vec![normal, hug.build()]));
                self.hugging -= 1;
                return out.build();
            }
            self.hugging -= 1;
        }
        out.push(self.args_list(open_end, args, close));
        out.build()
    }

    fn args_list(&mut self, open_end: u32, args: &[Expr], close: u32) -> Doc<'a> {
        let elems = args
            .iter()
            .map(|a| Elem::new(self.outer(a.span), move |l: &mut Layout<'a>| l.expr(a)))
            .collect();
        self.comma_list(
            Doc::text("("),
            open_end,
            elems,
            ")",
            close,
            ListStyle::default(),
        )
    }

    fn collection(
        &mut self,
        span: Span,
        open: Doc<'a>,
        close: &'static str,
        items: &[Expr],
    ) -> Doc<'a> {
        let bracket = if close == "]" {
            Lexeme::LBracket
        } else {
            Lexeme::LBrace
        };
        let open_end = self.open_end(span, bracket);
        let close_at = span.end.saturating_sub(1);
        let packable = items.len() > 1
            && items
                .iter()
                .all(|i| is_atom(i) && self.parens_of(i.span).is_empty())
            && !self.has_comment_within(span);
        if packable {
            let texts = items
                .iter()
                .map(|i| std::borrow::Cow::Borrowed(self.slice(i.span)))
                .collect();
            let mut out = Docs::new();
            let mut inner = Docs::new();
            inner.push(Doc::SoftLine).push(Doc::Fill(texts));
            inner.push(Doc::if_break(Doc::text(","), Doc::nil()));
            out.push(open)
                .push(Doc::nest(inner.build()))
                .push(Doc::SoftLine)
                .text(close);
            return Doc::group(out.build());
        }
        if let [only] = items
            && self.parens_of(only.span).is_empty()
            && is_collection(only)
            && !self.has_comment_within(span)
        {
            // `[{` ... `}]`: a lone collection inside breaks on its own.
            let mut out = Docs::new();
            out.push(open).push(self.expr(only)).text(close);
            return out.build();
        }
        // A table, a list of collections written one per line, stays one per line.
        let expand = items.iter().all(is_collection)
            && self.written_broken(open_end, items.first().map(|i| i.span));
        let elems = items
            .iter()
            .map(|i| Elem::new(self.outer(i.span), move |l: &mut Layout<'a>| l.expr(i)))
            .collect();
        self.comma_list(
            open,
            open_end,
            elems,
            close,
            close_at,
            ListStyle { pad: false, expand },
        )
    }

    fn record(&mut self, span: Span, spread: Option<&Expr>, fields: &[RecordField]) -> Doc<'a> {
        let open_end = self.open_end(span, Lexeme::LBrace);
        let mut elems = Vec::new();
        let first = match spread {
            Some(_) => self.find_after(open_end, Lexeme::DotDot),
            None => fields.first().map(|f| f.name.span),
        };
        if let Some(s) = spread {
            let dots = self.find_after(open_end, Lexeme::DotDot).unwrap_or(s.span);
            elems.push(Elem::new(
                dots.to(self.outer(s.span)),
                move |l: &mut Layout<'a>| {
                    let mut out = Docs::new();
                    out.text("..");
                    out.push(l.expr(s));
                    out.build()
                },
            ));
        }
        for f in fields {
            let span = f.name.span.to(self.outer(f.value.span));
            elems.push(Elem::new(span, move |l: &mut Layout<'a>| {
                let mut out = Docs::new();
                out.push(l.src(f.name.span));
                out.text(": ").push(l.expr(&f.value));
                out.build()
            }));
        }
        let expand = first.is_some_and(|f| self.newline_between(open_end, f.start));
        let close = span.end.saturating_sub(1);
        self.comma_list(
            Doc::text("{"),
            open_end,
            elems,
            "}",
            close,
            ListStyle { pad: true, expand },
        )
    }

    fn comprehension(
        &mut self,
        span: Span,
        kind: CollectionKind,
        key: Option<&Expr>,
        element: &Expr,
        clauses: &[Clause],
    ) -> Doc<'a> {
        let (open, close) = match kind {
            CollectionKind::List => ("[", "]"),
            CollectionKind::Set => ("set{", "}"),
            CollectionKind::Map => ("map{", "}"),
        };
        let mut inner = Docs::new();
        inner.push(Doc::SoftLine);
        if let Some(k) = key {
            inner.push(self.expr(k));
            inner.text(": ");
        }
        inner.push(self.expr(element));
        let mut prev_end = self.outer(element.span).end;
        for clause in clauses {
            let keyword = self
                .token_after(prev_end)
                .map_or(prev_end, |t| t.span.start);
            inner.push(
                self.before_token(prev_end, keyword)
                    .unwrap_or_else(Doc::nil),
            );
            inner.push(Doc::Line);
            match clause {
                Clause::For { binder, iter } => {
                    inner.text("for ").push(self.binder(binder)).text(" in ");
                    inner.push(self.expr(iter));
                    prev_end = self.outer(iter.span).end;
                }
                Clause::If(cond) => {
                    inner.text("if ").push(self.expr(cond));
                    prev_end = self.outer(cond.span).end;
                }
            }
        }
        let close_at = span.end.saturating_sub(1);
        inner.push(
            self.before_token(prev_end, close_at)
                .unwrap_or_else(Doc::nil),
        );
        let mut out = Docs::new();
        out.text(open)
            .push(Doc::nest(inner.build()))
            .push(Doc::SoftLine)
            .text(close);
        Doc::group(out.build())
    }
}

/// Whether an expression is a non-empty literal collection or a comprehension.
fn is_collection(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Record { fields, .. } => !fields.is_empty(),
        ExprKind::List(v) | ExprKind::Set(v) => !v.is_empty(),
        ExprKind::Map(v) => !v.is_empty(),
        ExprKind::Comprehension { .. } => true,
        _ => false,
    }
}

/// Whether an expression can end a line with its opening bracket and break inside: a literal
/// collection, or a call that hugs its own last argument (`count(filter([` ... `]))`).
pub(crate) fn is_huggable(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Call { args, .. } => hugs_last_argument(args),
        _ => is_collection(e),
    }
}

/// Whether a call may keep its arguments on its line and break inside the last one: the last
/// is a collection (or such a call) and the others are plain values, so that no argument is
/// hidden at the end of a long line (`pod([a], [b], [` would be).
fn hugs_last_argument(args: &[Expr]) -> bool {
    match args.split_last() {
        Some((last, init)) => is_huggable(last) && init.iter().all(is_plain),
        None => false,
    }
}

/// Names, literals, paths and indexes made of them, and short lists and sets of those.
fn is_plain(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::List(items) | ExprKind::Set(items) => {
            items.len() <= 4 && items.iter().all(is_plain)
        }
        ExprKind::Int(_)
        | ExprKind::Float(_)
        | ExprKind::Str(_)
        | ExprKind::Bool(_)
        | ExprKind::None
        | ExprKind::Name(_) => true,
        ExprKind::Field { base, .. } => is_plain(base),
        ExprKind::Index { base, index, .. } => is_plain(base) && is_plain(index),
        ExprKind::Unary { operand, .. } => is_plain(operand),
        _ => false,
    }
}

/// The same layout with its outermost group forced to break.
pub(crate) fn force_break(d: Doc<'_>) -> Doc<'_> {
    match d {
        Doc::Group(inner, _) => Doc::Group(inner, true),
        Doc::Concat(mut v) => {
            if let Some(last) = v.pop() {
                v.push(force_break(last));
            }
            Doc::Concat(v)
        }
        other => other,
    }
}
