//! Flow-sensitive narrowing. A path is a local followed by field names (`c.securityContext`),
//! keyed by the local's unique id. A condition yields the paths it proves present when it is
//! true and when it is false; `x?.a.b != none` proves `x`, `x.a` and `x.a.b` present.

use super::env::Env;
use crate::syntax::ast::{BinaryOp, Expr, ExprKind, UnaryOp};

/// The path an expression denotes, if it is a local followed by fields.
pub(super) fn path_of(env: &Env, e: &Expr) -> Option<String> {
    match &e.kind {
        ExprKind::Name(id) => env.peek(&id.name).map(|l| format!("#{}", l.id)),
        ExprKind::Field { base, name, .. } => {
            Some(format!("{}.{}", path_of(env, base)?, name.name))
        }
        _ => None,
    }
}

/// Every prefix of a path that is itself a path (`#1.a.b` → `#1.a`, `#1.a.b`).
fn with_prefixes(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, ch) in path.char_indices() {
        if ch == '.' {
            out.push(path.get(..i).unwrap_or_default().to_owned());
        }
    }
    out.push(path.to_owned());
    out
}

/// The paths `cond` proves present when it evaluates to `when`.
pub(super) fn facts(env: &Env, cond: &Expr, when: bool) -> Vec<String> {
    match &cond.kind {
        ExprKind::Binary { op, lhs, rhs } => match (op, when) {
            (BinaryOp::Ne, true) | (BinaryOp::Eq, false) => {
                let target = match (&lhs.kind, &rhs.kind) {
                    (_, ExprKind::None) => lhs,
                    (ExprKind::None, _) => rhs,
                    _ => return Vec::new(),
                };
                path_of(env, target)
                    .map(|p| with_prefixes(&p))
                    .unwrap_or_default()
            }
            (BinaryOp::And, true) | (BinaryOp::Or, false) => {
                let mut out = facts(env, lhs, when);
                out.extend(facts(env, rhs, when));
                out
            }
            _ => Vec::new(),
        },
        ExprKind::Unary {
            op: UnaryOp::Not,
            operand,
        } => facts(env, operand, !when),
        _ => Vec::new(),
    }
}
