//! Visiting every position in a tree: erasing them (two trees that differ only in where things
//! are written compare equal once erased; the incremental database compares the declarations
//! of files this way, so that an edit that only moves text does not propagate) and moving them
//! (an item parsed alone, at offset zero, is moved to where it is in its file).

use super::ast::*;
use crate::span::Span;

const NOWHERE: Span = Span { start: 0, end: 0 };

/// What is done to each span.
type At<'a> = &'a mut dyn FnMut(&mut Span);

impl SourceFile {
    /// Sets every span in the tree to `0..0`.
    pub fn erase_spans(&mut self) {
        self.map_spans(&mut |s| *s = NOWHERE);
    }

    /// Calls `on` on every span of the tree.
    pub fn map_spans(&mut self, on: At<'_>) {
        if let Some(p) = &mut self.package {
            path(p, on);
        }
        for i in &mut self.imports {
            import(i, on);
        }
        for it in &mut self.items {
            item(it, on);
        }
    }
}

/// Moves every span of a top-level declaration `by` bytes later.
pub(crate) fn shift_top(top: &mut super::nodes::TopItem, by: u32) {
    let on = &mut |s: &mut Span| {
        s.start += by;
        s.end += by;
    };
    match top {
        super::nodes::TopItem::Package(p) => path(p, on),
        super::nodes::TopItem::Import(i) => import(i, on),
        super::nodes::TopItem::Item(it) => item(it, on),
    }
}

fn import(i: &mut Import, on: At<'_>) {
    path(&mut i.path, on);
    if let Some(a) = &mut i.alias {
        ident(a, on);
    }
    on(&mut i.span);
}

fn ident(i: &mut Ident, on: At<'_>) {
    on(&mut i.span);
}

fn path(p: &mut Path, on: At<'_>) {
    on(&mut p.span);
    p.segments.iter_mut().for_each(|x| ident(x, on));
}

fn item(it: &mut Item, on: At<'_>) {
    on(&mut it.span);
    match &mut it.kind {
        ItemKind::Type(d) => {
            ident(&mut d.name, on);
            ty(&mut d.ty, on);
        }
        ItemKind::Const(d) => {
            ident(&mut d.name, on);
            if let Some(t) = &mut d.ty {
                ty(t, on);
            }
            expr(&mut d.value, on);
        }
        ItemKind::Param(d) => {
            ident(&mut d.name, on);
            ty(&mut d.ty, on);
            expr(&mut d.default, on);
        }
        ItemKind::Data(d) => {
            ident(&mut d.name, on);
            ty(&mut d.ty, on);
        }
        ItemKind::Fn(d) => {
            ident(&mut d.name, on);
            d.params.iter_mut().for_each(|x| param(x, on));
            if let Some(t) = &mut d.ret {
                ty(t, on);
            }
            d.lets.iter_mut().for_each(|x| let_stmt(x, on));
            expr(&mut d.body, on);
        }
        ItemKind::Rule(d) => {
            ident(&mut d.name, on);
            param(&mut d.subject, on);
            if let Some(m) = &mut d.meta {
                on(&mut m.span);
                for e in &mut m.entries {
                    ident(&mut e.key, on);
                    expr(&mut e.value, on);
                }
            }
            d.body.iter_mut().for_each(|x| stmt(x, on));
        }
        ItemKind::View(d) => {
            ident(&mut d.name, on);
            param(&mut d.subject, on);
            ty(&mut d.target, on);
            d.body.iter_mut().for_each(|x| stmt(x, on));
        }
        ItemKind::Test(d) => {
            string(&mut d.name, on);
            for w in &mut d.with {
                path(&mut w.target, on);
                expr(&mut w.value, on);
            }
            if let Some(t) = &mut d.table {
                binder(&mut t.binder, on);
                expr(&mut t.cases, on);
            }
            d.body.iter_mut().for_each(|x| stmt(x, on));
        }
        ItemKind::Error => {}
    }
}

fn param(p: &mut Param, on: At<'_>) {
    ident(&mut p.name, on);
    ty(&mut p.ty, on);
}

fn binder(b: &mut Binder, on: At<'_>) {
    ident(&mut b.first, on);
    if let Some(s) = &mut b.second {
        ident(s, on);
    }
}

fn let_stmt(l: &mut LetStmt, on: At<'_>) {
    on(&mut l.span);
    ident(&mut l.name, on);
    if let Some(t) = &mut l.ty {
        ty(t, on);
    }
    expr(&mut l.value, on);
}

fn stmt(s: &mut Stmt, on: At<'_>) {
    on(&mut s.span);
    match &mut s.kind {
        StmtKind::Let(l) => let_stmt(l, on),
        StmtKind::For {
            binder: b,
            iter,
            body,
        } => {
            binder(b, on);
            expr(iter, on);
            body.iter_mut().for_each(|x| stmt(x, on));
        }
        StmtKind::If {
            cond,
            then,
            otherwise,
        } => {
            expr(cond, on);
            then.iter_mut().for_each(|x| stmt(x, on));
            otherwise.iter_mut().for_each(|x| stmt(x, on));
        }
        StmtKind::Violation { message, at } => {
            expr(message, on);
            if let Some(a) = at {
                expr(a, on);
            }
        }
        StmtKind::Assert(e) => expr(e, on),
        StmtKind::Yield { value, at } => {
            expr(value, on);
            if let Some(at) = at {
                expr(at, on);
            }
        }
        StmtKind::Error => {}
    }
}

fn ty(t: &mut TypeExpr, on: At<'_>) {
    on(&mut t.span);
    match &mut t.kind {
        TypeKind::Named { name, args, max } => {
            path(name, on);
            if let Some(max) = max {
                on(&mut max.span);
                on(&mut max.number);
            }
            args.iter_mut().for_each(|x| ty(x, on));
        }
        TypeKind::Record { fields, .. } => {
            for f in fields {
                ident(&mut f.name, on);
                ty(&mut f.ty, on);
            }
        }
        TypeKind::Optional(inner) => ty(inner, on),
        TypeKind::Union(members) => members.iter_mut().for_each(|x| ty(x, on)),
        TypeKind::Literal(_) | TypeKind::Error => {}
    }
}

fn string(s: &mut StringLit, on: At<'_>) {
    for p in &mut s.parts {
        if let StrPart::Interp(e) = p {
            expr(e, on);
        }
    }
}

fn expr(e: &mut Expr, on: At<'_>) {
    on(&mut e.span);
    match &mut e.kind {
        ExprKind::Int(_)
        | ExprKind::Float(_)
        | ExprKind::Bool(_)
        | ExprKind::None
        | ExprKind::Error => {}
        ExprKind::Str(s) => string(s, on),
        ExprKind::Name(i) => ident(i, on),
        ExprKind::Field { base, name, .. } => {
            expr(base, on);
            ident(name, on);
        }
        ExprKind::Index { base, index, .. } => {
            expr(base, on);
            expr(index, on);
        }
        ExprKind::Call { callee, args } => {
            expr(callee, on);
            args.iter_mut().for_each(|x| expr(x, on));
        }
        ExprKind::Unary { operand, .. } => expr(operand, on),
        ExprKind::Binary { lhs, rhs, .. } => {
            expr(lhs, on);
            expr(rhs, on);
        }
        ExprKind::If {
            cond,
            then,
            otherwise,
        } => {
            expr(cond, on);
            expr(then, on);
            expr(otherwise, on);
        }
        ExprKind::Quantified {
            binder: b,
            iter,
            body,
            ..
        } => {
            binder(b, on);
            expr(iter, on);
            expr(body, on);
        }
        ExprKind::List(items) | ExprKind::Set(items) => items.iter_mut().for_each(|x| expr(x, on)),
        ExprKind::Map(entries) => {
            for (k, v) in entries {
                expr(k, on);
                expr(v, on);
            }
        }
        ExprKind::Record { spread, fields } => {
            if let Some(s) = spread {
                expr(s, on);
            }
            for f in fields {
                ident(&mut f.name, on);
                expr(&mut f.value, on);
            }
        }
        ExprKind::Comprehension {
            key,
            element,
            clauses,
            ..
        } => {
            for c in clauses {
                match c {
                    Clause::For { binder: b, iter } => {
                        binder(b, on);
                        expr(iter, on);
                    }
                    Clause::If(cond) => expr(cond, on),
                }
            }
            if let Some(k) = key {
                expr(k, on);
            }
            expr(element, on);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::span::FileId;
    use crate::syntax::parse;

    #[test]
    fn trees_that_differ_only_in_layout_compare_equal_once_erased() {
        let a = "package p\nlet x = [1, 2]\nlet k = r\"Span { start: A\"\n";
        let b = "package p\n\n\nlet x = [1,   2]\nlet k = r\"Span { start: A\"\n";
        let c = "package p\nlet x = [1, 2]\nlet k = r\"Span { start: B\"\n";
        let erased = |t: &str| {
            let mut f = parse(FileId(0), t).file;
            f.erase_spans();
            f
        };
        assert_eq!(erased(a), erased(b));
        assert_ne!(erased(a), erased(c));
    }
}
