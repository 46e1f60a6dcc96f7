//! Reading the parts of values: qualified names, fields (with did-you-mean and the checks on
//! optional access), indexes, and the loops over collections that bind names to elements,
//! with how many times a loop can run when its collection's type bounds it.

use super::ItemKey;
use super::expr::Cx;
use super::narrow;
use crate::check::types::{RecordTy, Ty};
use crate::diagnostics::{Diagnostic, codes, did_you_mean, quote};
use crate::span::Span;
use crate::syntax::ast::*;

impl Cx<'_, '_> {
    /// Whether `base` is the name of an import (not shadowed by a local or an item).
    pub(super) fn is_import(&self, base: &Expr) -> bool {
        let ExprKind::Name(head) = &base.kind else {
            return false;
        };
        self.env.peek(&head.name).is_none()
            && self.program.own_item(self.pos, &head.name).is_none()
            && self
                .program
                .imported_package(self.pos, &head.name)
                .is_some()
    }

    /// `alias.item` when `base` names an import rather than a value.
    pub fn qualified(&mut self, base: &Expr, name: &Ident) -> Option<ItemKey> {
        if !self.is_import(base) {
            return None;
        }
        let ExprKind::Name(head) = &base.kind else {
            return None;
        };
        let package = self.program.imported_package(self.pos, &head.name)?;
        let key = self.program.package_item(package, &name.name)?;
        let target = self.program.item_target(key);
        self.program.note_reference(self.file, name.span, target);
        Some(key)
    }

    pub(super) fn field(&mut self, e: &Expr, base: &Expr, name: &Ident, optional: bool) -> Ty {
        if let Some(key) = self.qualified(base, name) {
            if optional {
                self.unnecessary(base.span, "`?.`");
            }
            return self.item_value(key, e.span);
        }
        if self.is_import(base) {
            // An unknown item of an import: the resolver reported it.
            return Ty::Error;
        }
        let base_ty = self.infer(base);
        let (record_ty, absent) = match &base_ty {
            Ty::Opt(inner) => {
                if !optional {
                    // The `.` is right before the field's name (the formatter's layout).
                    let dot = name.span.start.saturating_sub(1) as usize;
                    let d = Diagnostic::new(
                        codes::UNHANDLED_OPTIONAL,
                        self.file,
                        base.span,
                        format!(
                            "this value may be absent (`{base_ty}`), so `.{}` may fail",
                            name.name
                        ),
                    )
                    .with_help(format!(
                        "use `?.{}`, give a default with `??`, or check `!= none` first",
                        name.name
                    ))
                    .with_fix(
                        format!("Use `?.{}`", name.name),
                        vec![(Span::at(dot), "?".to_owned())],
                    );
                    self.program.report(d);
                }
                ((**inner).clone(), true)
            }
            other => {
                if optional && !matches!(other, Ty::Error | Ty::Never | Ty::Json) {
                    self.unnecessary(base.span, "`?.`");
                }
                (other.clone(), false)
            }
        };
        let field_ty = match &record_ty {
            Ty::Error | Ty::Never => return Ty::Error,
            Ty::Record(r) => match r.field(&name.name) {
                Some(f) if f.optional => f.ty.clone().optional(),
                Some(f) => f.ty.clone(),
                None => {
                    let help = did_you_mean(&name.name, r.fields.iter().map(|f| f.name.as_str()));
                    let shown = match narrow::path_of(&self.env, base) {
                        Some(_) => format!("`{}`", describe_path(base)),
                        None => "this record".to_owned(),
                    };
                    let file = self.file;
                    self.program.report(
                        Diagnostic::new(
                            codes::UNKNOWN_FIELD,
                            file,
                            name.span,
                            format!("{shown} has no field {}", quote(&name.name)),
                        )
                        .with_help_opt(
                            help.or_else(|| Some(format!("its fields are: {}", field_list(r)))),
                        )
                        .with_name_fix(&name.name, r.fields.iter().map(|f| f.name.as_str())),
                    );
                    return Ty::Error;
                }
            },
            Ty::Json => {
                self.error(
                    codes::UNNARROWED_JSON,
                    name.span,
                    format!(
                        "fields of untyped `json` cannot be read with `.{}`",
                        name.name
                    ),
                    Some(format!(
                        "narrow it first: `get(value, \"{}\")` or `as_map(value)`",
                        name.name
                    )),
                );
                return Ty::Error;
            }
            other => {
                self.error(
                    codes::UNKNOWN_FIELD,
                    name.span,
                    format!("a value of type `{other}` has no fields"),
                    None,
                );
                return Ty::Error;
            }
        };
        // After `.` on an optional (reported above) the chain goes on as if it were present,
        // so one missing `?` is one error.
        if absent && optional {
            field_ty.optional()
        } else {
            field_ty
        }
    }

    pub fn unnecessary(&mut self, span: Span, what: &str) {
        self.program.report(
            Diagnostic::new(
                codes::UNNECESSARY_OPTIONAL,
                self.file,
                span,
                format!("{what} is not needed: this value is never absent"),
            )
            .with_help("use `.` and drop the default"),
        );
    }

    pub(super) fn index(&mut self, base: &Expr, index: &Expr, optional: bool) -> Ty {
        let base_ty = self.infer(base);
        let inner = match &base_ty {
            Ty::Opt(inner) => {
                if !optional {
                    self.error(
                        codes::UNHANDLED_OPTIONAL,
                        base.span,
                        format!("this value may be absent (`{base_ty}`)"),
                        Some("use `?[`, or give a default with `??`".to_owned()),
                    );
                }
                (**inner).clone()
            }
            other => {
                if optional && !matches!(other, Ty::Error | Ty::Never | Ty::Json) {
                    self.unnecessary(base.span, "`?[`");
                }
                other.clone()
            }
        };

        match &inner {
            Ty::Error | Ty::Never => {
                self.infer(index);
                Ty::Error
            }
            Ty::List(element, _) => {
                self.check_with(index, &Ty::Int, codes::INVALID_INDEX);
                (**element).clone().optional()
            }
            Ty::Map(k, v, _) => {
                let k = (**k).clone();
                self.check_with(index, &k, codes::INVALID_INDEX);
                (**v).clone().optional()
            }
            Ty::Record(r) => match &index.kind {
                ExprKind::Str(lit) if lit.as_plain().is_some() => {
                    let key = lit.as_plain().unwrap_or_default();
                    match r.field(&key) {
                        Some(f) if f.optional => f.ty.clone().optional(),
                        Some(f) => f.ty.clone(),
                        None => {
                            let help = did_you_mean(&key, r.fields.iter().map(|f| f.name.as_str()));
                            self.error(
                                codes::UNKNOWN_FIELD,
                                index.span,
                                format!("the record has no field {}", quote(&key)),
                                help,
                            );
                            Ty::Error
                        }
                    }
                }
                _ => {
                    self.infer(index);
                    self.error(
                        codes::INVALID_INDEX,
                        index.span,
                        "a record is indexed only by a field name in quotes".to_owned(),
                        None,
                    );
                    Ty::Error
                }
            },
            Ty::Json => {
                self.infer(index);
                self.error(
                    codes::UNNARROWED_JSON,
                    base.span,
                    "untyped `json` cannot be indexed".to_owned(),
                    Some("narrow it first with `as_list` or `as_map`".to_owned()),
                );
                Ty::Error
            }
            other => {
                self.infer(index);
                self.error(
                    codes::INVALID_INDEX,
                    base.span,
                    format!("a value of type `{other}` cannot be indexed"),
                    None,
                );
                Ty::Error
            }
        }
    }

    /// Binds the names of `binder` to the elements of `iter`; returns how many times the loop
    /// can run at most, when the collection's type bounds it (`list<T, max N>`, or `[]`).
    pub fn iterate(&mut self, iter: &Expr, binder: &Binder, warn_unused: bool) -> Option<u64> {
        let ty = self.infer(iter);
        let runs = match &ty {
            Ty::List(t, max) | Ty::Set(t, max) | Ty::Map(_, t, max) => {
                if matches!(**t, Ty::Never) {
                    Some(0)
                } else {
                    *max
                }
            }
            _ => None,
        };
        let place = self.is_place_or_default(iter);
        let (first, second): (Ty, Option<Ty>) = match &ty {
            Ty::List(t, _) => match binder.second {
                Some(_) => (Ty::Int, Some((**t).clone())),
                None => ((**t).clone(), None),
            },
            Ty::Set(t, _) => {
                if let Some(second) = &binder.second {
                    self.error(
                        codes::NOT_ITERABLE,
                        second.span,
                        "a set has no positions: bind one name".to_owned(),
                        None,
                    );
                }
                ((**t).clone(), Some(Ty::Error))
            }
            Ty::Map(k, v, _) => ((**k).clone(), Some((**v).clone())),
            Ty::Error | Ty::Never => (Ty::Error, Some(Ty::Error)),
            Ty::Opt(_) => {
                self.error(
                    codes::UNHANDLED_OPTIONAL,
                    iter.span,
                    format!("this collection may be absent (`{ty}`)"),
                    Some("iterate over `x ?? []` to treat absence as empty".to_owned()),
                );
                (Ty::Error, Some(Ty::Error))
            }
            Ty::Json => {
                self.error(
                    codes::UNNARROWED_JSON,
                    iter.span,
                    "untyped `json` cannot be iterated".to_owned(),
                    Some("narrow it first: `as_list(x) ?? []`".to_owned()),
                );
                (Ty::Error, Some(Ty::Error))
            }
            other => {
                self.error(
                    codes::NOT_ITERABLE,
                    iter.span,
                    format!("a value of type `{other}` cannot be iterated"),
                    Some("iterate over a list, set or map".to_owned()),
                );
                (Ty::Error, Some(Ty::Error))
            }
        };
        match &binder.second {
            None => self.bind(
                &binder.first.name,
                first,
                binder.first.span,
                place,
                warn_unused,
            ),
            Some(second_name) => {
                // A collection whose type is already wrong gives no second error here.
                let element_is_place =
                    place && matches!(ty, Ty::List(..) | Ty::Map(..) | Ty::Error | Ty::Never);
                self.bind(
                    &binder.first.name,
                    first,
                    binder.first.span,
                    false,
                    warn_unused,
                );
                self.bind(
                    &second_name.name,
                    second.unwrap_or(Ty::Error),
                    second_name.span,
                    element_is_place,
                    warn_unused,
                );
            }
        }
        runs
    }

    /// Whether `e` is a place in the subject: the subject or a place-bound loop variable,
    /// followed by fields and indexes; also `place ?? []` when iterating.
    pub fn is_place_or_default(&self, e: &Expr) -> bool {
        match &e.kind {
            ExprKind::Binary {
                op: BinaryOp::Coalesce,
                lhs,
                ..
            } => self.is_place(lhs),
            _ => self.is_place(e),
        }
    }

    pub fn is_place(&self, e: &Expr) -> bool {
        match &e.kind {
            ExprKind::Name(id) => self.env.peek(&id.name).is_some_and(|l| l.place),
            ExprKind::Field { base, .. } => self.is_place(base),
            ExprKind::Index { base, .. } => self.is_place(base),
            _ => false,
        }
    }
}

/// `a.b.c` for messages.
fn describe_path(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Name(id) => id.name.clone(),
        ExprKind::Field {
            base,
            name,
            optional,
        } => {
            format!(
                "{}{}{}",
                describe_path(base),
                if *optional { "?." } else { "." },
                name.name
            )
        }
        _ => "…".to_owned(),
    }
}

fn field_list(r: &RecordTy) -> String {
    let names: Vec<String> = r
        .fields
        .iter()
        .take(8)
        .map(|f| format!("`{}`", f.name))
        .collect();
    let more = if r.fields.len() > 8 { ", …" } else { "" };
    if names.is_empty() {
        "none".to_owned()
    } else {
        format!("{}{more}", names.join(", "))
    }
}
