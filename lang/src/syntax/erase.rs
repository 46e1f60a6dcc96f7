//! Erasing positions from a tree: two trees that differ only in where things are written compare
//! equal once erased. The incremental database compares the declarations of files this way, so
//! that an edit that only moves text does not propagate.

use super::ast::*;
use crate::span::Span;

const NOWHERE: Span = Span { start: 0, end: 0 };

impl SourceFile {
    /// Sets every span in the tree to `0..0`.
    pub fn erase_spans(&mut self) {
        if let Some(p) = &mut self.package {
            path(p);
        }
        for i in &mut self.imports {
            path(&mut i.path);
            if let Some(a) = &mut i.alias {
                ident(a);
            }
            i.span = NOWHERE;
        }
        for it in &mut self.items {
            item(it);
        }
    }
}

fn ident(i: &mut Ident) {
    i.span = NOWHERE;
}

fn path(p: &mut Path) {
    p.span = NOWHERE;
    p.segments.iter_mut().for_each(ident);
}

fn item(it: &mut Item) {
    it.span = NOWHERE;
    match &mut it.kind {
        ItemKind::Type(d) => {
            ident(&mut d.name);
            ty(&mut d.ty);
        }
        ItemKind::Const(d) => {
            ident(&mut d.name);
            if let Some(t) = &mut d.ty {
                ty(t);
            }
            expr(&mut d.value);
        }
        ItemKind::Param(d) => {
            ident(&mut d.name);
            ty(&mut d.ty);
            expr(&mut d.default);
        }
        ItemKind::Data(d) => {
            ident(&mut d.name);
            ty(&mut d.ty);
        }
        ItemKind::Fn(d) => {
            ident(&mut d.name);
            d.params.iter_mut().for_each(param);
            if let Some(t) = &mut d.ret {
                ty(t);
            }
            d.lets.iter_mut().for_each(let_stmt);
            expr(&mut d.body);
        }
        ItemKind::Rule(d) => {
            ident(&mut d.name);
            param(&mut d.subject);
            if let Some(m) = &mut d.meta {
                m.span = NOWHERE;
                for e in &mut m.entries {
                    ident(&mut e.key);
                    expr(&mut e.value);
                }
            }
            d.body.iter_mut().for_each(stmt);
        }
        ItemKind::View(d) => {
            ident(&mut d.name);
            param(&mut d.subject);
            ty(&mut d.target);
            d.body.iter_mut().for_each(stmt);
        }
        ItemKind::Test(d) => {
            string(&mut d.name);
            for w in &mut d.with {
                path(&mut w.target);
                expr(&mut w.value);
            }
            if let Some(t) = &mut d.table {
                binder(&mut t.binder);
                expr(&mut t.cases);
            }
            d.body.iter_mut().for_each(stmt);
        }
        ItemKind::Error => {}
    }
}

fn param(p: &mut Param) {
    ident(&mut p.name);
    ty(&mut p.ty);
}

fn binder(b: &mut Binder) {
    ident(&mut b.first);
    if let Some(s) = &mut b.second {
        ident(s);
    }
}

fn let_stmt(l: &mut LetStmt) {
    l.span = NOWHERE;
    ident(&mut l.name);
    if let Some(t) = &mut l.ty {
        ty(t);
    }
    expr(&mut l.value);
}

fn stmt(s: &mut Stmt) {
    s.span = NOWHERE;
    match &mut s.kind {
        StmtKind::Let(l) => let_stmt(l),
        StmtKind::For {
            binder: b,
            iter,
            body,
        } => {
            binder(b);
            expr(iter);
            body.iter_mut().for_each(stmt);
        }
        StmtKind::If {
            cond,
            then,
            otherwise,
        } => {
            expr(cond);
            then.iter_mut().for_each(stmt);
            otherwise.iter_mut().for_each(stmt);
        }
        StmtKind::Violation { message, at } => {
            expr(message);
            if let Some(a) = at {
                expr(a);
            }
        }
        StmtKind::Assert(e) => expr(e),
        StmtKind::Yield { value, at } => {
            expr(value);
            if let Some(at) = at {
                expr(at);
            }
        }
        StmtKind::Error => {}
    }
}

fn ty(t: &mut TypeExpr) {
    t.span = NOWHERE;
    match &mut t.kind {
        TypeKind::Named { name, args, max } => {
            path(name);
            if let Some(max) = max {
                max.span = NOWHERE;
                max.number = NOWHERE;
            }
            args.iter_mut().for_each(ty);
        }
        TypeKind::Record { fields, .. } => {
            for f in fields {
                ident(&mut f.name);
                ty(&mut f.ty);
            }
        }
        TypeKind::Optional(inner) => ty(inner),
        TypeKind::Union(members) => members.iter_mut().for_each(ty),
        TypeKind::Literal(_) | TypeKind::Error => {}
    }
}

fn string(s: &mut StringLit) {
    for p in &mut s.parts {
        if let StrPart::Interp(e) = p {
            expr(e);
        }
    }
}

fn expr(e: &mut Expr) {
    e.span = NOWHERE;
    match &mut e.kind {
        ExprKind::Int(_)
        | ExprKind::Float(_)
        | ExprKind::Bool(_)
        | ExprKind::None
        | ExprKind::Error => {}
        ExprKind::Str(s) => string(s),
        ExprKind::Name(i) => ident(i),
        ExprKind::Field { base, name, .. } => {
            expr(base);
            ident(name);
        }
        ExprKind::Index { base, index, .. } => {
            expr(base);
            expr(index);
        }
        ExprKind::Call { callee, args } => {
            expr(callee);
            args.iter_mut().for_each(expr);
        }
        ExprKind::Unary { operand, .. } => expr(operand),
        ExprKind::Binary { lhs, rhs, .. } => {
            expr(lhs);
            expr(rhs);
        }
        ExprKind::If {
            cond,
            then,
            otherwise,
        } => {
            expr(cond);
            expr(then);
            expr(otherwise);
        }
        ExprKind::Quantified {
            binder: b,
            iter,
            body,
            ..
        } => {
            binder(b);
            expr(iter);
            expr(body);
        }
        ExprKind::List(items) | ExprKind::Set(items) => items.iter_mut().for_each(expr),
        ExprKind::Map(entries) => {
            for (k, v) in entries {
                expr(k);
                expr(v);
            }
        }
        ExprKind::Record { spread, fields } => {
            if let Some(s) = spread {
                expr(s);
            }
            for f in fields {
                ident(&mut f.name);
                expr(&mut f.value);
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
                        binder(b);
                        expr(iter);
                    }
                    Clause::If(cond) => expr(cond),
                }
            }
            if let Some(k) = key {
                expr(k);
            }
            expr(element);
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
