//! Compiling expressions and statements. Names are resolved in the order of the checker:
//! locals, items of the current package, imports, builtins. Places (the subject and binders over
//! paths into it, followed by fields and indexes) are compiled to pointer paths for `at`.

use super::CompileError;
use super::items::{Cx, ItemRef};
use super::scope::PlaceKind;
use crate::eval::ir::{self, BinOp, Binder, Clause, Collect, Part, Place, PlaceRoot, PlaceStep};
use crate::eval::natives;
use crate::eval::value::{Str, Value};
use crate::span::Span;
use crate::syntax::ast::{self, BinaryOp, CollectionKind, ExprKind, StmtKind, StrPart, UnaryOp};

fn unresolved(what: &str, name: &str) -> CompileError {
    CompileError {
        message: format!("{what} `{name}` did not resolve"),
    }
}

impl Cx<'_> {
    /// Whether the checker typed `e` as `float` (or `float?`).
    fn is_float(&self, e: &ast::Expr) -> bool {
        self.facts.floats.contains(&(self.file, e.span))
    }

    fn boxed(&mut self, e: &ast::Expr) -> Result<Box<ir::Expr>, CompileError> {
        Ok(Box::new(self.expr(e)?))
    }

    /// Compiles an expression.
    pub fn expr(&mut self, e: &ast::Expr) -> Result<ir::Expr, CompileError> {
        Ok(match &e.kind {
            ExprKind::Int(i) => ir::Expr::Const(Value::Int(*i)),
            ExprKind::Float(f) => ir::Expr::Const(Value::Float(*f)),
            ExprKind::Bool(b) => ir::Expr::Const(Value::Bool(*b)),
            ExprKind::None => ir::Expr::Const(Value::None),
            ExprKind::Str(lit) => self.string(lit)?,
            ExprKind::Name(id) => self.name(&id.name)?,
            ExprKind::Field {
                base,
                name,
                optional,
            } => {
                if let Some(item) = self.qualified(base, &name.name) {
                    return self.item_value(item, &name.name);
                }
                ir::Expr::Field {
                    base: self.boxed(base)?,
                    name: Str::from(name.name.as_str()),
                    optional: *optional,
                }
            }
            ExprKind::Index {
                base,
                index,
                optional,
            } => ir::Expr::Index {
                base: self.boxed(base)?,
                index: self.boxed(index)?,
                optional: *optional,
            },
            ExprKind::Call { callee, args } => self.call(callee, args, e.span)?,
            ExprKind::Unary { op, operand } => match op {
                UnaryOp::Not => ir::Expr::Not(self.boxed(operand)?),
                UnaryOp::Neg => ir::Expr::Neg(self.boxed(operand)?, e.span),
            },
            ExprKind::Binary { op, lhs, rhs } => self.binary(*op, lhs, rhs, e)?,
            ExprKind::If {
                cond,
                then,
                otherwise,
            } => ir::Expr::If(self.boxed(cond)?, self.boxed(then)?, self.boxed(otherwise)?),
            ExprKind::Quantified {
                quantifier,
                binder,
                iter,
                body,
            } => {
                let iter = self.boxed(iter)?;
                self.scopes.push();
                let binder = self.binder(binder, None);
                let body = self.boxed(body);
                self.scopes.pop();
                ir::Expr::Quantified {
                    every: *quantifier == ast::Quantifier::Every,
                    binder,
                    iter,
                    body: body?,
                    span: e.span,
                }
            }
            ExprKind::List(items) => {
                let items = self.exprs(items)?;
                match constants(&items) {
                    Some(values) => ir::Expr::Const(Value::list(values)),
                    None => ir::Expr::List(items),
                }
            }
            ExprKind::Set(items) => {
                let items = self.exprs(items)?;
                match constants(&items) {
                    Some(values) => ir::Expr::Const(Value::set(values)),
                    None => ir::Expr::Set(items),
                }
            }
            ExprKind::Map(entries) => {
                let mut out = Vec::with_capacity(entries.len());
                for (k, v) in entries {
                    out.push((self.expr(k)?, self.expr(v)?));
                }
                ir::Expr::Map(out)
            }
            ExprKind::Record { spread, fields } => {
                let spread = match spread {
                    Some(s) => Some(self.boxed(s)?),
                    None => None,
                };
                let mut out = Vec::with_capacity(fields.len());
                for f in fields {
                    out.push((Str::from(f.name.name.as_str()), self.expr(&f.value)?));
                }
                ir::Expr::Record {
                    spread,
                    fields: out,
                }
            }
            ExprKind::Comprehension {
                kind,
                key,
                element,
                clauses,
            } => {
                self.scopes.push();
                let result = self.comprehension(*kind, key.as_deref(), element, clauses, e.span);
                self.scopes.pop();
                result?
            }
            ExprKind::Error => {
                return Err(CompileError {
                    message: "an expression that did not parse".to_owned(),
                });
            }
        })
    }

    fn exprs(&mut self, items: &[ast::Expr]) -> Result<Vec<ir::Expr>, CompileError> {
        items.iter().map(|e| self.expr(e)).collect()
    }

    fn string(&mut self, lit: &ast::StringLit) -> Result<ir::Expr, CompileError> {
        if let Some(text) = lit.as_plain() {
            return Ok(ir::Expr::Const(Value::str(&text)));
        }
        let mut parts = Vec::with_capacity(lit.parts.len());
        for part in &lit.parts {
            parts.push(match part {
                StrPart::Text(t) => Part::Text(Str::from(t.as_str())),
                StrPart::Interp(e) => Part::Value(self.expr(e)?, self.is_float(e)),
            });
        }
        Ok(ir::Expr::Interp(parts))
    }

    fn name(&mut self, name: &str) -> Result<ir::Expr, CompileError> {
        if let Some(local) = self.scopes.lookup(name) {
            return Ok(ir::Expr::Local(local.slot));
        }
        match self.tables.own(self.pos, name) {
            Some(item) => self.item_value(item, name),
            None => Err(unresolved("name", name)),
        }
    }

    fn item_value(&mut self, item: ItemRef, name: &str) -> Result<ir::Expr, CompileError> {
        Ok(match item {
            ItemRef::Const(i) => ir::Expr::Global(i),
            ItemRef::Param(i) => ir::Expr::Param(i),
            ItemRef::Data(i) => ir::Expr::Data(i),
            ItemRef::Rule(i) => ir::Expr::RuleRef(i),
            ItemRef::Fn(_) | ItemRef::Other => return Err(unresolved("value", name)),
        })
    }

    /// `alias.name` where `alias` is an import (not shadowed by a local or an item).
    fn qualified(&self, base: &ast::Expr, name: &str) -> Option<ItemRef> {
        let ExprKind::Name(alias) = &base.kind else {
            return None;
        };
        if self.scopes.lookup(&alias.name).is_some()
            || self.tables.own(self.pos, &alias.name).is_some()
        {
            return None;
        }
        let package = self.tables.import(self.pos, &alias.name)?;
        self.tables.item(package, name)
    }

    fn call(
        &mut self,
        callee: &ast::Expr,
        args: &[ast::Expr],
        span: crate::span::Span,
    ) -> Result<ir::Expr, CompileError> {
        let (item, name) = match &callee.kind {
            ExprKind::Name(id) => (self.tables.own(self.pos, &id.name), id.name.as_str()),
            ExprKind::Field { base, name, .. } => {
                (self.qualified(base, &name.name), name.name.as_str())
            }
            _ => (None, ""),
        };
        let args = self.exprs(args)?;
        if let Some(ItemRef::Fn(func)) = item {
            let memo = args.iter().all(ir::Expr::host_constant);
            return Ok(ir::Expr::Call {
                func,
                args,
                memo,
                span,
            });
        }
        if let ExprKind::Name(_) = &callee.kind
            && let Some(native) = natives::lookup(name)
        {
            return Ok(ir::Expr::Native { native, args, span });
        }
        if let ExprKind::Name(_) = &callee.kind
            && let Some(test) = crate::eval::testing::lookup(name)
        {
            return Ok(ir::Expr::Testing { test, args, span });
        }
        Err(unresolved("function", name))
    }

    fn binary(
        &mut self,
        op: BinaryOp,
        lhs: &ast::Expr,
        rhs: &ast::Expr,
        e: &ast::Expr,
    ) -> Result<ir::Expr, CompileError> {
        let l = self.boxed(lhs)?;
        let r = self.boxed(rhs)?;
        let op = match op {
            BinaryOp::And => return Ok(ir::Expr::And(l, r)),
            BinaryOp::Or => return Ok(ir::Expr::Or(l, r)),
            BinaryOp::Coalesce => return Ok(ir::Expr::Coalesce(l, r)),
            BinaryOp::Eq => BinOp::Eq,
            BinaryOp::Ne => BinOp::Ne,
            BinaryOp::Lt => BinOp::Lt,
            BinaryOp::Le => BinOp::Le,
            BinaryOp::Gt => BinOp::Gt,
            BinaryOp::Ge => BinOp::Ge,
            BinaryOp::In => BinOp::In,
            BinaryOp::NotIn => BinOp::NotIn,
            BinaryOp::Add => BinOp::Add,
            BinaryOp::Sub => BinOp::Sub,
            BinaryOp::Mul => BinOp::Mul,
            BinaryOp::Div => BinOp::Div,
            BinaryOp::Rem => BinOp::Rem,
        };
        // `x in reachable(edges, start)` searches until it meets `x` instead of building the
        // whole closure (the usual question of a group hierarchy).
        let r = match (op, *r) {
            (BinOp::In | BinOp::NotIn, ir::Expr::Native { native, args, span })
                if native.name == "reachable" && args.len() == 2 =>
            {
                let mut search_args = vec![*l];
                search_args.extend(args);
                let search = ir::Expr::Native {
                    native: natives::reachable_contains(),
                    args: search_args,
                    span,
                };
                return Ok(if op == BinOp::In {
                    search
                } else {
                    ir::Expr::Not(Box::new(search))
                });
            }
            (_, other) => Box::new(other),
        };
        Ok(ir::Expr::Binary {
            op,
            float: self.is_float(e),
            lhs: l,
            rhs: r,
            span: e.span,
        })
    }

    fn comprehension(
        &mut self,
        kind: CollectionKind,
        key: Option<&ast::Expr>,
        element: &ast::Expr,
        clauses: &[ast::Clause],
        span: Span,
    ) -> Result<ir::Expr, CompileError> {
        let mut out = Vec::with_capacity(clauses.len());
        for clause in clauses {
            out.push(match clause {
                ast::Clause::For { binder, iter } => {
                    let iter = self.expr(iter)?;
                    Clause::For(self.binder(binder, None), iter)
                }
                ast::Clause::If(cond) => Clause::If(self.expr(cond)?),
            });
        }
        let key = match key {
            Some(k) => Some(self.boxed(k)?),
            None => None,
        };
        Ok(ir::Expr::Comprehension {
            kind: match kind {
                CollectionKind::List => Collect::List,
                CollectionKind::Set => Collect::Set,
                CollectionKind::Map => Collect::Map,
            },
            key,
            element: self.boxed(element)?,
            clauses: out,
            span,
        })
    }

    /// Binds a binder's names in the current scope; `placed` is the pointer slot of the
    /// placed name (the element, or the value of a pair), when the collection is a place.
    pub fn binder(&mut self, b: &ast::Binder, placed: Option<ir::Slot>) -> Binder {
        match &b.second {
            None => {
                let first = match placed {
                    Some(p) => self.scopes.bind_place(&b.first.name, PlaceKind::Pointer(p)),
                    None => self.scopes.bind(&b.first.name),
                };
                Binder {
                    first,
                    second: None,
                }
            }
            Some(second) => {
                let first = self.scopes.bind(&b.first.name);
                let second = match placed {
                    Some(p) => self.scopes.bind_place(&second.name, PlaceKind::Pointer(p)),
                    None => self.scopes.bind(&second.name),
                };
                Binder {
                    first,
                    second: Some(second),
                }
            }
        }
    }

    /// Compiles a block of statements in its own scope.
    pub fn block(&mut self, stmts: &[ast::Stmt]) -> Result<Vec<ir::Stmt>, CompileError> {
        self.scopes.push();
        let result = stmts.iter().map(|s| self.stmt(s)).collect();
        self.scopes.pop();
        result
    }

    fn stmt(&mut self, s: &ast::Stmt) -> Result<ir::Stmt, CompileError> {
        Ok(match &s.kind {
            StmtKind::Let(l) => {
                let value = self.expr(&l.value)?;
                ir::Stmt::Let(self.scopes.bind(&l.name.name), value, s.span)
            }
            StmtKind::For { binder, iter, body } => {
                let place = self.iter_place(iter)?;
                let compiled = self.expr(iter)?;
                self.scopes.push();
                let pointer = place.as_ref().map(|_| self.scopes.pointer_slot());
                let binder = self.binder(binder, pointer);
                let body = self.block(body);
                self.scopes.pop();
                ir::Stmt::For {
                    binder,
                    iter: compiled,
                    place,
                    pointer,
                    body: body?,
                    span: s.span,
                }
            }
            StmtKind::If {
                cond,
                then,
                otherwise,
            } => ir::Stmt::If(
                self.expr(cond)?,
                self.block(then)?,
                self.block(otherwise)?,
                s.span,
            ),
            StmtKind::Violation { message, at } => {
                let place = self.at_place(at.as_ref())?;
                ir::Stmt::Violation(self.expr(message)?, place, s.span)
            }
            StmtKind::Assert(e) => ir::Stmt::Assert(self.expr(e)?, e.span),
            StmtKind::Yield { value, at } => {
                let at = self.at_place(at.as_ref())?;
                let mut origins = Vec::new();
                self.origins(value, String::new(), &mut origins)?;
                ir::Stmt::Yield(Box::new(ir::Yield {
                    value: self.expr(value)?,
                    origins,
                    at,
                    span: s.span,
                }))
            }
            StmtKind::Error => {
                return Err(CompileError {
                    message: "a statement that did not parse".to_owned(),
                });
            }
        })
    }

    /// The place a `for` iterates over: a place, or a place followed by `??` and a default.
    fn iter_place(&mut self, iter: &ast::Expr) -> Result<Option<Place>, CompileError> {
        match &iter.kind {
            ExprKind::Binary {
                op: BinaryOp::Coalesce,
                lhs,
                ..
            } => self.place(lhs),
            _ => self.place(iter),
        }
    }

    /// The place after `at`, which the checker made sure is one.
    fn at_place(&mut self, at: Option<&ast::Expr>) -> Result<Option<Place>, CompileError> {
        match at {
            Some(p) => Ok(Some(self.place(p)?.ok_or_else(|| CompileError {
                message: "`at` names no place".to_owned(),
            })?)),
            None => Ok(None),
        }
    }

    /// Where the members of a yielded document come from: a place (or `place ?? default`)
    /// at `prefix`, and inside record literals, each field's value and the spread; inside list
    /// literals, each element.
    fn origins(
        &mut self,
        e: &ast::Expr,
        prefix: String,
        out: &mut Vec<(String, Place)>,
    ) -> Result<(), CompileError> {
        match &e.kind {
            ExprKind::Record { spread, fields } => {
                if let Some(spread) = spread
                    && let Some(p) = self.iter_place(spread)?
                {
                    out.push((prefix.clone(), p));
                }
                for field in fields {
                    let mut at = prefix.clone();
                    crate::eval::interp::push_key(&mut at, &field.name.name);
                    self.origins(&field.value, at, out)?;
                }
            }
            ExprKind::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    let mut at = prefix.clone();
                    crate::eval::interp::push_index(&mut at, i);
                    self.origins(item, at, out)?;
                }
            }
            _ => {
                if let Some(p) = self.iter_place(e)? {
                    out.push((prefix, p));
                }
            }
        }
        Ok(())
    }

    /// `e` as a place, if it is one.
    fn place(&mut self, e: &ast::Expr) -> Result<Option<Place>, CompileError> {
        Ok(match &e.kind {
            ExprKind::Name(id) => match self.scopes.lookup(&id.name).and_then(|l| l.place) {
                Some(PlaceKind::Subject) => Some(Place {
                    root: PlaceRoot::Subject,
                    steps: Vec::new(),
                }),
                Some(PlaceKind::Pointer(p)) => Some(Place {
                    root: PlaceRoot::Binder(p),
                    steps: Vec::new(),
                }),
                None => None,
            },
            ExprKind::Field { base, name, .. } => match self.place(base)? {
                Some(mut p) => {
                    p.steps
                        .push(PlaceStep::Field(Str::from(name.name.as_str())));
                    Some(p)
                }
                None => None,
            },
            ExprKind::Index { base, index, .. } => match self.place(base)? {
                Some(mut p) => {
                    p.steps.push(PlaceStep::Index(self.expr(index)?));
                    Some(p)
                }
                None => None,
            },
            _ => None,
        })
    }
}

/// The values of expressions that are all constants.
fn constants(items: &[ir::Expr]) -> Option<Vec<Value>> {
    items
        .iter()
        .map(|e| match e {
            ir::Expr::Const(v) => Some(v.clone()),
            _ => None,
        })
        .collect()
}
