//! Calls of functions and builtins. A function's parameters are checked like annotations; a
//! builtin's generic parameters are bound from the arguments left to right, and once bound
//! they are pushed into later arguments as expected types, so `denies(rule, { ... })` checks
//! the record literal against the rule's subject type.

use super::expr::{Context, Cx};
use super::lower::Mode;
use crate::builtins::Availability;
use crate::check::types::{Ty, assignable, join};
use crate::diagnostics::codes;
use crate::syntax::ast::{Expr, ExprKind, ItemKind};
use std::sync::Arc;

/// What a call calls.
enum Target {
    Function {
        params: Vec<Ty>,
        ret: Ty,
    },
    Builtin {
        name: String,
        params: Vec<Ty>,
        ret: Ty,
        availability: Availability,
    },
    Unknown,
}

impl Cx<'_, '_> {
    pub fn call(&mut self, e: &Expr, callee: &Expr, args: &[Expr]) -> Ty {
        let target = self.target(callee);
        let (params, ret, generic) = match target {
            Target::Unknown => {
                for a in args {
                    self.infer(a);
                }
                return Ty::Error;
            }
            Target::Function { params, ret } => (params, ret, false),
            Target::Builtin {
                name,
                params,
                ret,
                availability,
            } => {
                if availability == Availability::TestsOnly && self.context != Context::Test {
                    self.error(
                        codes::MISPLACED,
                        callee.span,
                        format!("`{name}` can only be used in tests"),
                        Some("rules and functions judge inputs; tests call rules".to_owned()),
                    );
                }
                (params, ret, true)
            }
        };
        if params.len() != args.len() {
            self.error(
                codes::WRONG_ARGUMENT_COUNT,
                e.span,
                format!(
                    "this call takes {} argument{}, but {} {} given",
                    params.len(),
                    if params.len() == 1 { "" } else { "s" },
                    args.len(),
                    if args.len() == 1 { "was" } else { "were" }
                ),
                None,
            );
        }
        if !generic {
            for (arg, param) in args.iter().zip(&params) {
                self.check_with(arg, param, codes::ARGUMENT_MISMATCH);
            }
            for arg in args.iter().skip(params.len()) {
                self.infer(arg);
            }
            return ret;
        }
        let mut bound: [Option<Ty>; 3] = [None, None, None];
        for (arg, param) in args.iter().zip(&params) {
            let expected = substitute(param, &bound);
            if !has_vars(&expected) {
                self.check_with(arg, &expected, codes::ARGUMENT_MISMATCH);
                continue;
            }
            let found = self.infer(arg);
            if !unify(&expected, &found, &mut bound) {
                self.error(
                    codes::ARGUMENT_MISMATCH,
                    arg.span,
                    format!("expected `{expected}`, found `{found}`"),
                    None,
                );
            }
        }
        for arg in args.iter().skip(params.len()) {
            self.infer(arg);
        }
        let ret = substitute(&ret, &bound);
        if has_vars(&ret) { Ty::Error } else { ret }
    }

    fn target(&mut self, callee: &Expr) -> Target {
        let key = match &callee.kind {
            ExprKind::Name(id) => {
                if self.env.peek(&id.name).is_some() {
                    return Target::Unknown;
                }
                match self.program.own_item(self.pos, &id.name) {
                    Some(key) => Some(key),
                    None => {
                        if self.program.imported_package(self.pos, &id.name).is_some() {
                            return Target::Unknown;
                        }
                        let Some(sig) = self.program.builtins.get(&id.name) else {
                            return Target::Unknown;
                        };
                        return Target::Builtin {
                            name: id.name.clone(),
                            params: sig.params.clone(),
                            ret: sig.ret.clone(),
                            availability: sig.availability,
                        };
                    }
                }
            }
            ExprKind::Field { base, name, .. } => self.qualified(base, name),
            _ => None,
        };
        let Some(key) = key else {
            return Target::Unknown;
        };
        let Some(item) = self.program.item(key) else {
            return Target::Unknown;
        };
        let ItemKind::Fn(decl) = &item.kind else {
            return Target::Unknown;
        };
        self.program.used.insert(key);
        self.program.edges.push((self.current, key, callee.span));
        let params = decl
            .params
            .iter()
            .map(|p| self.program.lower(key.file, &p.ty, Mode::Policy))
            .collect();
        let ret = self.program.fn_return(key);
        Target::Function { params, ret }
    }
}

fn has_vars(t: &Ty) -> bool {
    match t {
        Ty::Var(_) => true,
        Ty::List(x, _) | Ty::Set(x, _) | Ty::Opt(x) | Ty::Rule(x) => has_vars(x),
        Ty::Map(k, v, _) => has_vars(k) || has_vars(v),
        Ty::AnyOf(options) => options.iter().any(has_vars),
        Ty::Record(r) => r.fields.iter().any(|f| has_vars(&f.ty)),
        _ => false,
    }
}

fn substitute(t: &Ty, bound: &[Option<Ty>; 3]) -> Ty {
    let sub = |x: &Ty| Arc::new(substitute(x, bound));
    match t {
        Ty::Var(i) => bound
            .get(*i as usize)
            .cloned()
            .flatten()
            .unwrap_or(Ty::Var(*i)),
        Ty::List(x, max) => Ty::List(sub(x), *max),
        Ty::Set(x, max) => Ty::Set(sub(x), *max),
        Ty::Opt(x) => substitute(x, bound).optional(),
        Ty::Rule(x) => Ty::Rule(sub(x)),
        Ty::Map(k, v, max) => Ty::Map(sub(k), sub(v), *max),
        Ty::AnyOf(options) => Ty::AnyOf(options.iter().map(|o| substitute(o, bound)).collect()),
        other => other.clone(),
    }
}

/// Binds the variables of `param` so that `arg` fits it; false when it cannot.
fn unify(param: &Ty, arg: &Ty, bound: &mut [Option<Ty>; 3]) -> bool {
    match (param, arg) {
        (_, Ty::Error) => true,
        (Ty::Var(i), t) => {
            let Some(slot) = bound.get_mut(*i as usize) else {
                return false;
            };
            match slot.take() {
                None => {
                    *slot = Some(t.clone());
                    true
                }
                Some(previous) => match join(&previous, t) {
                    Some(j) => {
                        *slot = Some(j);
                        true
                    }
                    None => {
                        *slot = Some(previous);
                        false
                    }
                },
            }
        }
        (Ty::AnyOf(options), t) => options.iter().any(|o| {
            let mut attempt = bound.clone();
            let ok = unify(o, t, &mut attempt);
            if ok {
                *bound = attempt;
            }
            ok
        }),
        (Ty::List(p, _), Ty::List(a, _))
        | (Ty::Set(p, _), Ty::Set(a, _))
        | (Ty::Rule(p), Ty::Rule(a)) => unify(p, a, bound),
        (Ty::Map(pk, pv, _), Ty::Map(ak, av, _)) => unify(pk, ak, bound) && unify(pv, av, bound),
        (Ty::Opt(p), Ty::Opt(a)) => unify(p, a, bound),
        (Ty::Opt(p), a) => unify(p, a, bound),
        (p, a) if !has_vars(p) => assignable(a, p),
        (_, Ty::Never) => true,
        _ => false,
    }
}
