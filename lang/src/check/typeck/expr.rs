//! Typing expressions, bidirectionally: `infer` computes a type; `check` pushes an expected
//! type into literals (so a record literal is checked field by field against a schema, with
//! did-you-mean on unknown fields) and then requires assignability.

use super::env::Env;
use super::narrow;
use super::{ItemKey, Program};
use crate::check::analysis::Target;
use crate::check::types::{FieldTy, RecordTy, Ty, assignable, join};
use crate::diagnostics::{Code, Diagnostic, codes, did_you_mean, quote};
use crate::span::{FileId, Span};
use crate::syntax::ast::*;
use std::sync::Arc;

/// What kind of item the expression is in: decides where `violation`, `assert` and the test
/// builtins are allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Context {
    Rule,
    View,
    Test,
    Other,
}

/// The checker for one item.
pub(super) struct Cx<'p, 'a> {
    pub program: &'p mut Program<'a>,
    pub pos: usize,
    pub file: FileId,
    pub env: Env,
    pub context: Context,
    pub current: ItemKey,
    /// In a view: the type of the documents its `yield`s produce.
    pub target: Option<Ty>,
}

impl Cx<'_, '_> {
    pub fn error(&mut self, code: Code, span: Span, message: String, help: Option<String>) {
        let file = self.file;
        self.program
            .report(Diagnostic::new(code, file, span, message).with_help_opt(help));
    }

    /// Reports that a `bool?` is used where a `bool` is needed, with the two fixes that decide
    /// what absence means (`?? false`, `?? true`), the expression in parentheses unless it is a
    /// name, a field, a call or an index (which bind tighter than `??`).
    pub fn absent_bool(&mut self, e: &Expr, message: String, help: String) {
        let file = self.file;
        let tight = matches!(
            e.kind,
            ExprKind::Name(_)
                | ExprKind::Field { .. }
                | ExprKind::Call { .. }
                | ExprKind::Index { .. }
        );
        let mut d =
            Diagnostic::new(codes::UNHANDLED_OPTIONAL, file, e.span, message).with_help(help);
        for default in ["false", "true"] {
            let edits = if tight {
                vec![(Span::at(e.span.end as usize), format!(" ?? {default}"))]
            } else {
                vec![
                    (Span::at(e.span.start as usize), "(".to_owned()),
                    (Span::at(e.span.end as usize), format!(") ?? {default}")),
                ]
            };
            d = d.with_fix(
                format!("Treat absence as `{default}` (`?? {default}`)"),
                edits,
            );
        }
        self.program.report(d);
    }

    /// Requires `e` to have a type assignable to `expected`.
    pub fn check(&mut self, e: &Expr, expected: &Ty) -> Ty {
        self.check_with(e, expected, codes::TYPE_MISMATCH)
    }

    pub fn check_with(&mut self, e: &Expr, expected: &Ty, code: Code) -> Ty {
        if let Ty::AnyOf(options) = expected {
            // `T | json` (a test's input): a literal is checked against the typed member.
            let typed: Vec<&Ty> = options.iter().filter(|o| **o != Ty::Json).collect();
            let is_literal = matches!(
                e.kind,
                ExprKind::Record { .. } | ExprKind::List(_) | ExprKind::Map(_) | ExprKind::Set(_)
            );
            if let ([only], true) = (typed.as_slice(), is_literal) {
                let only = (*only).clone();
                return self.check_with(e, &only, code);
            }
        }
        let found = match (&e.kind, expected.strip_optional()) {
            (
                ExprKind::Record {
                    spread: None,
                    fields,
                },
                Ty::Record(want),
            ) => self.record_against(e, fields, want),
            (ExprKind::List(items), Ty::List(element, max)) => {
                let element = element.clone();
                self.literal_within(e, items.len(), *max, expected, code);
                for item in items {
                    self.check_with(item, &element, code);
                }
                return expected.clone();
            }
            (ExprKind::Set(items), Ty::Set(element, max)) => {
                let element = element.clone();
                self.literal_within(e, items.len(), *max, expected, code);
                for item in items {
                    self.check_with(item, &element, code);
                }
                return expected.clone();
            }
            (ExprKind::Map(entries), Ty::Map(k, v, max)) => {
                let (k, v) = (k.clone(), v.clone());
                self.literal_within(e, entries.len(), *max, expected, code);
                for (key, value) in entries {
                    self.check_with(key, &k, code);
                    self.check_with(value, &v, code);
                }
                return expected.clone();
            }
            (
                ExprKind::If {
                    cond,
                    then,
                    otherwise,
                },
                _,
            ) => {
                self.condition(cond);
                self.with_facts(cond, true, |cx| cx.check_with(then, expected, code));
                self.with_facts(cond, false, |cx| cx.check_with(otherwise, expected, code));
                return expected.clone();
            }
            (
                ExprKind::Binary {
                    op: BinaryOp::Coalesce,
                    lhs,
                    rhs,
                },
                _,
            ) => {
                // The default is checked against what the whole expression must be.
                let value = self.infer(lhs);
                if let Ty::Opt(inner) = &value {
                    let inner = (**inner).clone();
                    if !assignable(&inner, expected) {
                        // One report for the whole expression; the default is still typed.
                        let default = self.infer(rhs);
                        let found = join(&inner, &default).unwrap_or(inner);
                        self.error(
                            code,
                            e.span,
                            format!("expected `{expected}`, found `{found}`"),
                            None,
                        );
                        return Ty::Error;
                    }
                    self.check_with(rhs, expected, code);
                    return expected.clone();
                }
                self.coalesce(lhs, value, rhs)
            }
            _ => self.infer(e),
        };
        if !assignable(&found, expected) {
            let message = format!("expected `{expected}`, found `{found}`");
            let help = if found.is_optional()
                && *found.strip_optional() != Ty::Never
                && assignable(found.strip_optional(), expected)
            {
                Some("the value may be absent: give a default with `??`".to_owned())
            } else {
                None
            };
            let code = if found.is_optional() && help.is_some() {
                codes::UNHANDLED_OPTIONAL
            } else {
                code
            };
            self.error(code, e.span, message, help);
        }
        found
    }

    /// A collection literal of `written` elements against a type bounded to `max`. A set or
    /// map literal may hold fewer than it writes (repeats), but never more.
    fn literal_within(
        &mut self,
        e: &Expr,
        written: usize,
        max: Option<u64>,
        expected: &Ty,
        code: Code,
    ) {
        let Some(max) = max else { return };
        if u64::try_from(written).is_ok_and(|n| n > max) {
            self.error(
                code,
                e.span,
                format!("expected `{expected}`, found {written} elements"),
                Some(format!("the type holds at most {max}")),
            );
        }
    }

    /// A record literal against a record type: unknown fields (with did-you-mean), missing
    /// required fields, and each field's value against its declared type.
    fn record_against(&mut self, e: &Expr, fields: &[RecordField], want: &Arc<RecordTy>) -> Ty {
        let want = want.clone();
        let declared: std::collections::HashMap<&str, &FieldTy> =
            want.fields.iter().map(|d| (d.name.as_str(), d)).collect();
        let given: std::collections::HashSet<&str> =
            fields.iter().map(|f| f.name.name.as_str()).collect();
        for f in fields {
            match declared.get(f.name.name.as_str()).copied() {
                Some(declared) => {
                    let ty = if declared.optional {
                        declared.ty.clone().optional()
                    } else {
                        declared.ty.clone()
                    };
                    self.check(&f.value, &ty);
                }
                None => {
                    self.infer(&f.value);
                    let names = want.fields.iter().map(|x| x.name.as_str());
                    let help = did_you_mean(&f.name.name, names.clone());
                    let message = format!("the record type has no field {}", quote(&f.name.name));
                    let file = self.file;
                    self.program.report(
                        Diagnostic::new(codes::UNKNOWN_FIELD, file, f.name.span, message)
                            .with_help_opt(help)
                            .with_name_fix(&f.name.name, names),
                    );
                }
            }
        }
        let missing: Vec<&str> = want
            .fields
            .iter()
            .filter(|d| !d.optional && !given.contains(d.name.as_str()))
            .map(|d| d.name.as_str())
            .collect();
        if !missing.is_empty() {
            let list: Vec<String> = missing.iter().map(|m| format!("`{m}`")).collect();
            self.error(
                codes::TYPE_MISMATCH,
                e.span,
                format!(
                    "record is missing required field{} {}",
                    if missing.len() == 1 { "" } else { "s" },
                    list.join(", ")
                ),
                None,
            );
        }
        Ty::Record(want)
    }

    /// A condition must be a boolean.
    pub fn condition(&mut self, e: &Expr) {
        let ty = self.infer(e);
        match ty {
            Ty::Bool | Ty::Error | Ty::Never => {}
            Ty::Opt(ref inner) if **inner == Ty::Bool => self.absent_bool(
                e,
                "this condition may be absent (`bool?`)".to_owned(),
                "decide what absence means: `?? false` or `?? true`".to_owned(),
            ),
            other => self.error(
                codes::NON_BOOLEAN_CONDITION,
                e.span,
                format!("a condition must be a `bool`, not `{other}`"),
                None,
            ),
        }
    }

    /// Runs `f` in a new scope where the paths `cond` proves present when it evaluates to
    /// `when` are assumed present.
    pub fn with_facts<T>(&mut self, cond: &Expr, when: bool, f: impl FnOnce(&mut Self) -> T) -> T {
        self.env.push();
        for fact in narrow::facts(&self.env, cond, when) {
            self.env.assume_present(fact);
        }
        let out = f(self);
        self.pop();
        out
    }

    /// Binds a local name (and records the binding, when recording).
    pub fn bind(&mut self, name: &str, ty: Ty, span: Span, place: bool, warn_unused: bool) {
        if let Some(a) = &mut self.program.analysis {
            a.bindings.push((self.file, span, ty.clone()));
        }
        self.env.bind(name, ty, span, place, warn_unused);
    }

    pub fn pop(&mut self) {
        let file = self.file;
        self.env.pop(file, &mut self.program.diagnostics);
    }

    /// The type of an expression.
    pub fn infer(&mut self, e: &Expr) -> Ty {
        let ty = self.infer_narrowed(e);
        if let Some(a) = &mut self.program.analysis {
            a.types.push((self.file, e.span, ty.clone()));
        }
        ty
    }

    fn infer_narrowed(&mut self, e: &Expr) -> Ty {
        let ty = self.infer_raw(e);
        if matches!(ty.strip_optional(), Ty::Float) {
            // The evaluator needs to know where an `int` value stands for a `float`.
            self.program.floats.insert((self.file, e.span));
        }
        // A path proven present by an enclosing condition is not optional there.
        if ty.is_optional()
            && let Some(path) = narrow::path_of(&self.env, e)
            && self.env.is_present(&path)
        {
            return ty.strip_optional().clone();
        }
        ty
    }

    fn infer_raw(&mut self, e: &Expr) -> Ty {
        match &e.kind {
            ExprKind::Error => Ty::Error,
            ExprKind::Int(_) => Ty::Int,
            ExprKind::Float(_) => Ty::Float,
            ExprKind::Bool(_) => Ty::Bool,
            ExprKind::None => Ty::Never.optional(),
            ExprKind::Str(lit) => self.string(lit),
            ExprKind::Name(id) => self.name(id),
            ExprKind::Field {
                base,
                name,
                optional,
            } => self.field(e, base, name, *optional),
            ExprKind::Index {
                base,
                index,
                optional,
            } => self.index(base, index, *optional),
            ExprKind::Call { callee, args } => self.call(e, callee, args),
            ExprKind::Unary { op, operand } => self.unary(*op, operand),
            ExprKind::Binary { op, lhs, rhs } => self.binary(e, *op, lhs, rhs),
            ExprKind::If {
                cond,
                then,
                otherwise,
            } => {
                self.condition(cond);
                let a = self.with_facts(cond, true, |cx| cx.infer(then));
                let b = self.with_facts(cond, false, |cx| cx.infer(otherwise));
                self.join_or_report(&a, &b, otherwise.span, "the branches of `if`")
            }
            ExprKind::Quantified {
                binder, iter, body, ..
            } => {
                self.env.push();
                self.iterate(iter, binder, false);
                self.condition(body);
                self.pop();
                Ty::Bool
            }
            // Elements widen to `string`: a list of some names is a list of names. Literal
            // types come from declarations; a literal checked against one keeps it.
            ExprKind::List(items) => Ty::List(
                Arc::new(self.elements(items, "list elements").widen()),
                None,
            ),
            ExprKind::Set(items) => {
                Ty::Set(Arc::new(self.elements(items, "set elements").widen()), None)
            }
            ExprKind::Map(entries) => {
                let keys: Vec<&Expr> = entries.iter().map(|(k, _)| k).collect();
                let values: Vec<&Expr> = entries.iter().map(|(_, v)| v).collect();
                // Keys widen to `string`: a map literal lists some keys, not all there can be.
                let k = self.elements_of(&keys, "map keys").widen();
                let v = self.elements_of(&values, "map values");
                Ty::Map(Arc::new(k), Arc::new(v), None)
            }
            ExprKind::Record { spread, fields } => self.record(spread.as_deref(), fields),
            ExprKind::Comprehension {
                kind,
                key,
                element,
                clauses,
            } => {
                self.env.push();
                // Each run of the innermost loop adds at most one element: the loops' bounds
                // multiplied bound the result, when every loop has one.
                let mut max = Some(1u64);
                for clause in clauses {
                    match clause {
                        Clause::For { binder, iter } => {
                            let runs = self.iterate(iter, binder, false);
                            max = max.zip(runs).and_then(|(m, r)| m.checked_mul(r));
                        }
                        Clause::If(cond) => {
                            self.condition(cond);
                            for f in narrow::facts(&self.env, cond, true) {
                                self.env.assume_present(f);
                            }
                        }
                    }
                }
                let k = key.as_ref().map(|k| self.infer(k));
                let v = self.infer(element);
                self.pop();
                match (kind, k) {
                    (CollectionKind::List, _) => Ty::List(Arc::new(v.widen()), max),
                    (CollectionKind::Set, _) => Ty::Set(Arc::new(v.widen()), max),
                    (CollectionKind::Map, k) => {
                        Ty::Map(Arc::new(k.unwrap_or(Ty::Error).widen()), Arc::new(v), max)
                    }
                }
            }
        }
    }

    fn elements(&mut self, items: &[Expr], what: &str) -> Ty {
        let refs: Vec<&Expr> = items.iter().collect();
        self.elements_of(&refs, what)
    }

    /// The join of the elements' types, each widened first: collection literals are widened
    /// anyway, and joining literal types one by one would build ever larger enums.
    fn elements_of(&mut self, items: &[&Expr], what: &str) -> Ty {
        let mut acc = Ty::Never;
        for item in items {
            let t = self.infer(item).widen();
            if t != acc {
                acc = self.join_or_report(&acc, &t, item.span, what);
            }
        }
        acc
    }

    pub fn join_or_report(&mut self, a: &Ty, b: &Ty, span: Span, what: &str) -> Ty {
        match join(a, b) {
            Some(t) => t,
            None => {
                self.error(
                    codes::TYPE_MISMATCH,
                    span,
                    format!("{what} have different types: `{a}` and `{b}`"),
                    None,
                );
                Ty::Error
            }
        }
    }

    fn string(&mut self, lit: &StringLit) -> Ty {
        let mut plain = true;
        for part in &lit.parts {
            if let StrPart::Interp(e) = part {
                plain = false;
                let ty = self.infer(e);
                let ok = matches!(
                    ty,
                    Ty::Str
                        | Ty::Lit(_)
                        | Ty::Enum(_)
                        | Ty::Int
                        | Ty::Float
                        | Ty::Bool
                        | Ty::Error
                        | Ty::Never
                );
                if !ok {
                    let help = if ty.is_optional() {
                        "give a default first, e.g. `{x ?? \"none\"}`"
                    } else {
                        "interpolate a string, number or boolean; `join` or `to_string` turn other values into text"
                    };
                    self.error(
                        codes::TYPE_MISMATCH,
                        e.span,
                        format!("cannot interpolate a value of type `{ty}` into a string"),
                        Some(help.to_owned()),
                    );
                }
            }
        }
        match (plain, lit.as_plain()) {
            (true, Some(text)) => Ty::Lit(text.as_str().into()),
            _ => Ty::Str,
        }
    }

    fn record(&mut self, spread: Option<&Expr>, fields: &[RecordField]) -> Ty {
        let (mut out, open) = match spread.map(|s| (s, self.infer(s))) {
            Some((_, Ty::Record(base))) => (base.fields.clone(), base.open),
            Some((s, other)) => {
                if other != Ty::Error {
                    self.error(
                        codes::TYPE_MISMATCH,
                        s.span,
                        format!("only a record can be updated with `..`, not `{other}`"),
                        None,
                    );
                }
                // The fields are still checked: their own mistakes are reported, and the names
                // they use count as used.
                for f in fields {
                    self.infer(&f.value);
                }
                return Ty::Error;
            }
            None => (Vec::new(), false),
        };
        // Field positions by name, so large literals and updates stay linear.
        let mut position: std::collections::HashMap<String, usize> = out
            .iter()
            .enumerate()
            .map(|(i, f)| (f.name.clone(), i))
            .collect();
        for f in fields {
            match position.get(&f.name.name).copied() {
                // Updating a field keeps its declared type. A value that cannot be absent makes
                // the field required in the result; `none` (or an optional value) may clear an
                // optional field, which then stays optional.
                Some(at) if spread.is_some() => {
                    let Some(declared) = out.get(at).cloned() else {
                        continue;
                    };
                    let payload = declared.ty.strip_optional().clone();
                    let expected = if declared.optional || declared.ty.is_optional() {
                        payload.clone().optional()
                    } else {
                        payload.clone()
                    };
                    let found = self.check(&f.value, &expected);
                    if !found.is_optional()
                        && !matches!(found, Ty::Error)
                        && let Some(slot) = out.get_mut(at)
                    {
                        slot.optional = false;
                        slot.ty = payload;
                    }
                }
                Some(at) => {
                    let ty = self.infer(&f.value);
                    if let Some(slot) = out.get_mut(at) {
                        slot.ty = ty;
                    }
                }
                None => {
                    let ty = self.infer(&f.value);
                    position.insert(f.name.name.clone(), out.len());
                    // A field added to an updated record with a value that may be absent is
                    // an optional field, as an updated optional field stays optional.
                    let optional = spread.is_some() && ty.is_optional();
                    out.push(FieldTy {
                        name: f.name.name.clone(),
                        ty: if optional {
                            ty.strip_optional().clone()
                        } else {
                            ty
                        },
                        optional,
                    });
                }
            }
        }
        Ty::Record(Arc::new(RecordTy {
            fields: out,
            open,
            name: None,
        }))
    }

    fn name(&mut self, id: &Ident) -> Ty {
        let file = self.file;
        if let Some(local) = self.env.lookup(&id.name) {
            let (ty, span) = (local.ty.clone(), local.span);
            self.program
                .note_reference(file, id.span, Target::Local { file, span });
            return ty;
        }
        let pos = self.pos;
        match self.program.own_item(pos, &id.name) {
            Some(key) => {
                let target = self.program.item_target(key);
                self.program.note_reference(file, id.span, target);
                self.item_value(key, id.span)
            }
            None => Ty::Error,
        }
    }

    /// The type of an item used as a value.
    pub fn item_value(&mut self, key: ItemKey, span: Span) -> Ty {
        self.program.used.insert(key);
        let Some(item) = self.program.item(key) else {
            return Ty::Error;
        };
        match &item.kind {
            ItemKind::Const(_) => {
                self.program.edges.push((self.current, key, span));
                self.program.const_type(key)
            }
            ItemKind::Param(d) => {
                // A default that reads its own parameter would never finish evaluating.
                self.program.edges.push((self.current, key, span));
                self.program
                    .lower(key.file, &d.ty, super::lower::Mode::Policy)
            }
            ItemKind::Data(d) => self
                .program
                .lower(key.file, &d.ty, super::lower::Mode::Policy),
            ItemKind::Rule(d) => {
                let subject =
                    self.program
                        .lower(key.file, &d.subject.ty, super::lower::Mode::Policy);
                Ty::Rule(Arc::new(subject))
            }
            _ => Ty::Error,
        }
    }

    fn unary(&mut self, op: UnaryOp, operand: &Expr) -> Ty {
        let t = self.infer(operand);
        match (op, &t) {
            (_, Ty::Error) => Ty::Error,
            (UnaryOp::Not, Ty::Bool) => Ty::Bool,
            (UnaryOp::Neg, Ty::Int | Ty::Float) => t,
            (UnaryOp::Not, Ty::Opt(inner)) if **inner == Ty::Bool => {
                self.error(
                    codes::UNHANDLED_OPTIONAL,
                    operand.span,
                    "this value may be absent (`bool?`)".to_owned(),
                    Some("decide what absence means: `not (x ?? false)`".to_owned()),
                );
                Ty::Bool
            }
            (UnaryOp::Not, _) => {
                self.error(
                    codes::INVALID_OPERANDS,
                    operand.span,
                    format!("`not` needs a `bool`, not `{t}`"),
                    None,
                );
                Ty::Bool
            }
            (UnaryOp::Neg, _) => {
                self.error(
                    codes::INVALID_OPERANDS,
                    operand.span,
                    format!("`-` needs a number, not `{t}`"),
                    None,
                );
                Ty::Error
            }
        }
    }
}
