//! Typing of the unary and binary operators (`spec/types.md`, Operators).

use super::expr::Cx;
use crate::check::types::{Ty, assignable, join};
use crate::diagnostics::codes;
use crate::syntax::ast::{BinaryOp, Expr, ExprKind};
use std::sync::Arc;

impl Cx<'_, '_> {
    pub fn binary(&mut self, e: &Expr, op: BinaryOp, lhs: &Expr, rhs: &Expr) -> Ty {
        match op {
            BinaryOp::And | BinaryOp::Or => {
                self.boolean_operand(lhs, op);
                // The right side is evaluated only when the left allows: narrow by it.
                self.with_facts(lhs, op == BinaryOp::And, |cx| cx.boolean_operand(rhs, op));
                Ty::Bool
            }
            BinaryOp::Coalesce => {
                let a = self.infer(lhs);
                self.coalesce(lhs, a, rhs)
            }
            BinaryOp::Eq | BinaryOp::Ne => {
                let a = self.infer(lhs);
                let b = self.infer(rhs);
                let none_side = match (&lhs.kind, &rhs.kind) {
                    (ExprKind::None, _) => Some((&b, rhs)),
                    (_, ExprKind::None) => Some((&a, lhs)),
                    _ => None,
                };
                if let Some((other, other_expr)) = none_side {
                    if !other.is_optional() && !matches!(other, Ty::Error | Ty::Json | Ty::Never) {
                        self.error(
                            codes::NONE_COMPARISON,
                            other_expr.span,
                            format!("a value of type `{other}` is never `none`"),
                            Some("the comparison always has the same result: remove it".to_owned()),
                        );
                    }
                    return Ty::Bool;
                }
                if !comparable(&a, &b) {
                    self.error(
                        codes::INVALID_OPERANDS,
                        e.span,
                        format!("cannot compare `{a}` with `{b}`"),
                        None,
                    );
                }
                Ty::Bool
            }
            BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
                let a = self.infer(lhs);
                let b = self.infer(rhs);
                // An element of an empty collection literal (`every x in []: x > 1`) has the
                // type `never`: no value has it, so it orders with anything (spec/expressions.md).
                let ok = matches!(
                    (&a, &b),
                    (Ty::Error | Ty::Never, _) | (_, Ty::Error | Ty::Never)
                ) || (a.is_numeric() && b.is_numeric())
                    || (a.is_stringy() && b.is_stringy());
                if !ok {
                    let (code, help) =
                        operand_problem(&a, &b, "`as_int`, `as_float` or `as_string`");
                    self.error(code, e.span, format!("cannot order `{a}` and `{b}`"), help);
                }
                Ty::Bool
            }
            BinaryOp::In | BinaryOp::NotIn => {
                let a = self.infer(lhs);
                // A literal collection is checked element by element, before its element
                // types are widened: `pull in ["always", "never"]` names no possible value.
                if let ExprKind::List(items) | ExprKind::Set(items) = &rhs.kind {
                    for item in items {
                        let t = self.infer(item);
                        if !comparable(&a, &t) {
                            self.error(
                                codes::INVALID_OPERANDS,
                                item.span,
                                format!("`{t}` can never equal a value of type `{a}`"),
                                None,
                            );
                        }
                    }
                    return Ty::Bool;
                }
                let b = self.infer(rhs);
                let element = match &b {
                    Ty::List(t, _) | Ty::Set(t, _) => Some((**t).clone()),
                    Ty::Map(k, ..) => Some((**k).clone()),
                    Ty::Error => None,
                    Ty::Opt(_) => {
                        self.error(
                            codes::UNHANDLED_OPTIONAL,
                            rhs.span,
                            format!("this collection may be absent (`{b}`)"),
                            Some("use `x ?? []`".to_owned()),
                        );
                        None
                    }
                    other => {
                        self.error(
                            codes::INVALID_OPERANDS,
                            rhs.span,
                            format!("`in` needs a list, set or map on the right, not `{other}`"),
                            Some("for substrings use `contains(text, part)`".to_owned()),
                        );
                        None
                    }
                };
                if let Some(element) = element
                    && !comparable(&a, &element)
                {
                    self.error(
                        codes::INVALID_OPERANDS,
                        e.span,
                        format!("`{a}` can never be an element of `{b}`"),
                        None,
                    );
                }
                Ty::Bool
            }
            BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div | BinaryOp::Rem => {
                let a = self.infer(lhs);
                let b = self.infer(rhs);
                arithmetic(self, e, op, &a, &b)
            }
        }
    }

    /// `lhs ?? rhs`, with the left side already typed as `a`.
    pub fn coalesce(&mut self, lhs: &Expr, a: Ty, rhs: &Expr) -> Ty {
        match &a {
            Ty::Opt(inner) => {
                let inner = (**inner).clone();
                let b = self.check_default(rhs, &inner);
                // A default outside an enum is a typo, not a widening: `pull ?? "always"`.
                if matches!(inner, Ty::Lit(_) | Ty::Enum(_))
                    && matches!(b, Ty::Lit(_) | Ty::Enum(_))
                    && !assignable(&b, &inner)
                {
                    self.error(
                        codes::TYPE_MISMATCH,
                        rhs.span,
                        format!("the default `{b}` is not one of `{inner}`"),
                        None,
                    );
                    return inner;
                }
                self.join_or_report(&inner, &b, rhs.span, "both sides of `??`")
            }
            Ty::Error => {
                self.infer(rhs);
                Ty::Error
            }
            Ty::Json => {
                let b = self.infer(rhs);
                self.join_or_report(&a, &b, rhs.span, "both sides of `??`")
            }
            _ => {
                self.unnecessary(lhs.span, "`??`");
                self.infer(rhs);
                a
            }
        }
    }

    /// The right side of `??`, checked against the optional's payload when it is a literal.
    fn check_default(&mut self, rhs: &Expr, inner: &Ty) -> Ty {
        match (&rhs.kind, inner) {
            (ExprKind::List(items), Ty::List(..)) if items.is_empty() => inner.clone(),
            (ExprKind::Map(entries), Ty::Map(..)) if entries.is_empty() => inner.clone(),
            (ExprKind::Set(items), Ty::Set(..)) if items.is_empty() => inner.clone(),
            _ => self.infer(rhs),
        }
    }

    fn boolean_operand(&mut self, e: &Expr, op: BinaryOp) {
        let t = self.infer(e);
        let word = if op == BinaryOp::And { "and" } else { "or" };
        match &t {
            Ty::Bool | Ty::Error | Ty::Never => {}
            Ty::Opt(inner) if **inner == Ty::Bool => self.absent_bool(
                e,
                format!("this operand of `{word}` may be absent (`bool?`)"),
                "decide what absence means: `?? false` or `?? true`".to_owned(),
            ),
            other => self.error(
                codes::INVALID_OPERANDS,
                e.span,
                format!("`{word}` needs `bool` operands, not `{other}`"),
                None,
            ),
        }
    }
}

/// Whether `==` between the two can ever be true: one assignable to the other, looking
/// through one level of optional on either side; untyped JSON compares with anything.
fn comparable(a: &Ty, b: &Ty) -> bool {
    let (x, y) = (a.strip_optional(), b.strip_optional());
    matches!(x, Ty::Error | Ty::Json | Ty::Never)
        || matches!(y, Ty::Error | Ty::Json | Ty::Never)
        || assignable(x, y)
        || assignable(y, x)
        || (x.is_numeric() && y.is_numeric())
        || (x.is_stringy() && y.is_stringy() && literals_overlap(x, y))
}

/// Two string types can hold the same value: always when one is `string`; for literal and
/// enum types only when they share a member (`"production"` is never one of `"dev" | "prod"`).
fn literals_overlap(x: &Ty, y: &Ty) -> bool {
    match (x.literals(), y.literals()) {
        (Some(a), Some(b)) => a.iter().any(|m| b.contains(m)),
        _ => true,
    }
}

/// Which mistake an operator's bad operands most likely are: an unhandled optional, untyped
/// JSON (narrowed with `narrowers`), or simply the wrong types.
fn operand_problem(a: &Ty, b: &Ty, narrowers: &str) -> (crate::diagnostics::Code, Option<String>) {
    if a.is_optional() || b.is_optional() {
        (
            codes::UNHANDLED_OPTIONAL,
            Some("give a default with `??` first".to_owned()),
        )
    } else if matches!(a, Ty::Json) || matches!(b, Ty::Json) {
        (
            codes::UNNARROWED_JSON,
            Some(format!("narrow it with {narrowers}")),
        )
    } else {
        (codes::INVALID_OPERANDS, None)
    }
}

fn arithmetic(cx: &mut Cx<'_, '_>, e: &Expr, op: BinaryOp, a: &Ty, b: &Ty) -> Ty {
    match (a, b) {
        (Ty::Error, _) | (_, Ty::Error) => Ty::Error,
        // `never` (an element of `[]`) takes the other operand's type.
        (Ty::Never, t) | (t, Ty::Never) if !t.is_optional() && !matches!(t, Ty::Json) => t.clone(),
        (Ty::Int, Ty::Int) => Ty::Int,
        (x, y) if x.is_numeric() && y.is_numeric() => Ty::Float,
        (x, y) if op == BinaryOp::Add && x.is_stringy() && y.is_stringy() => Ty::Str,
        (Ty::List(x, xm), Ty::List(y, ym)) if op == BinaryOp::Add => match join(x, y) {
            // Both bounded: the concatenation holds at most both bounds' elements.
            Some(t) => Ty::List(Arc::new(t), xm.zip(*ym).and_then(|(x, y)| x.checked_add(y))),
            None => {
                cx.error(
                    codes::INVALID_OPERANDS,
                    e.span,
                    format!("cannot concatenate `{a}` and `{b}`"),
                    None,
                );
                Ty::Error
            }
        },
        _ => {
            let symbol = match op {
                BinaryOp::Add => "+",
                BinaryOp::Sub => "-",
                BinaryOp::Mul => "*",
                BinaryOp::Div => "/",
                _ => "%",
            };
            let (code, help) = operand_problem(a, b, "`as_int` or `as_float`");
            cx.error(
                code,
                e.span,
                format!("cannot apply `{symbol}` to `{a}` and `{b}`"),
                help,
            );
            Ty::Error
        }
    }
}
