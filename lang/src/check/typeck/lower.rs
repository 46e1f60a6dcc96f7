//! Type expressions to types. Declared names are expanded structurally on first use and
//! memoised; a declaration met again while it is being expanded refers to itself (E0310).
//! Unions must be of string literals (E0309). Names the resolver already reported lower to
//! `Ty::Error`, so nothing is reported twice.

use super::{ItemKey, Memo, Program};
use crate::check::types::{FieldTy, RecordTy, Ty};
use crate::diagnostics::{Diagnostic, codes, quote};
use crate::syntax::ast::{ItemKind, TypeExpr, TypeKind};
use std::sync::Arc;

/// Below this much remaining stack, dependency-following code continues on a new segment.
pub(super) const STACK_RED_ZONE: usize = 128 * 1024;
/// The size of each new stack segment.
pub(super) const STACK_GROWTH: usize = 2 * 1024 * 1024;

/// How names in a type are read: in policies, or in builtin signatures (type variables
/// `T`, `K`, `V`, `rule<T>`, and unions of any types).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    Policy,
    Builtin,
}

impl Program<'_> {
    /// The type an item of kind `type` declares. Declarations may refer to each other in long
    /// chains; the stack grows on the heap as needed instead of overflowing.
    pub(super) fn declared_type(&mut self, key: ItemKey) -> Ty {
        stacker::maybe_grow(STACK_RED_ZONE, STACK_GROWTH, || {
            self.declared_type_inner(key)
        })
    }

    fn declared_type_inner(&mut self, key: ItemKey) -> Ty {
        if let Some(t) = Memo::settled(self.types.get(&key)) {
            return t;
        }
        let Some(item) = self.item(key) else {
            return Ty::Error;
        };
        let ItemKind::Type(decl) = &item.kind else {
            return Ty::Error;
        };
        self.types.insert(key, Memo::InProgress);
        let ty = match self.lower(key.file, &decl.ty, Mode::Policy) {
            Ty::Record(r) => Ty::Record(Arc::new(RecordTy {
                name: Some(decl.name.name.as_str().into()),
                ..(*r).clone()
            })),
            other => other,
        };
        self.types.insert(key, Memo::Done(ty.clone()));
        ty
    }

    /// Lowers a type expression written in file `pos`.
    pub(super) fn lower(&mut self, pos: usize, t: &TypeExpr, mode: Mode) -> Ty {
        match &t.kind {
            TypeKind::Error => Ty::Error,
            TypeKind::Literal(text) => Ty::Lit(text.as_str().into()),
            TypeKind::Optional(inner) => self.lower(pos, inner, mode).optional(),
            TypeKind::Record { fields, open } => {
                let fields = fields
                    .iter()
                    .map(|f| FieldTy {
                        name: f.name.name.clone(),
                        ty: self.lower(pos, &f.ty, mode),
                        optional: f.optional,
                    })
                    .collect();
                Ty::Record(Arc::new(RecordTy {
                    fields,
                    open: *open,
                    name: None,
                }))
            }
            TypeKind::Union(members) => {
                let lowered: Vec<Ty> = members.iter().map(|m| self.lower(pos, m, mode)).collect();
                if mode == Mode::Builtin {
                    return Ty::AnyOf(lowered.into());
                }
                let mut literals = Vec::new();
                for (ty, member) in lowered.iter().zip(members) {
                    match ty {
                        Ty::Lit(l) => literals.push(l.clone()),
                        Ty::Enum(ls) => literals.extend(ls.iter().cloned()),
                        Ty::Error => return Ty::Error,
                        other => {
                            let file = self.file_id(pos);
                            self.report(
                                Diagnostic::new(
                                    codes::INVALID_UNION,
                                    file,
                                    member.span,
                                    format!("a union may only join string literals, not `{other}`"),
                                )
                                .with_help(
                                    "write an enum such as `\"Always\" | \"Never\"`; for values of \
                                     several shapes use `json` and narrow it",
                                ),
                            );
                            return Ty::Error;
                        }
                    }
                }
                Ty::enumeration(literals)
            }
            TypeKind::Named { name, args, max } => {
                let max = max.as_ref().map(|m| m.value);
                let lowered: Vec<Ty> = args.iter().map(|a| self.lower(pos, a, mode)).collect();
                let arg = |i: usize| Arc::new(lowered.get(i).cloned().unwrap_or(Ty::Error));
                match name.segments.as_slice() {
                    [one] => match one.name.as_str() {
                        "bool" => Ty::Bool,
                        "int" => Ty::Int,
                        "float" => Ty::Float,
                        "string" => Ty::Str,
                        "json" => Ty::Json,
                        "list" => Ty::List(arg(0), max),
                        "set" => Ty::Set(arg(0), max),
                        "map" => {
                            let key = arg(0);
                            let valid = matches!(
                                *key,
                                Ty::Str
                                    | Ty::Int
                                    | Ty::Lit(_)
                                    | Ty::Enum(_)
                                    | Ty::Error
                                    | Ty::Var(_)
                            );
                            if !valid {
                                let file = self.file_id(pos);
                                self.report(Diagnostic::new(
                                    codes::TYPE_MISMATCH,
                                    file,
                                    args.first().map_or(t.span, |a| a.span),
                                    format!("map keys must be `string` or `int`, not `{key}`"),
                                ));
                            }
                            Ty::Map(key, arg(1), max)
                        }
                        "Rule" if mode == Mode::Builtin => Ty::Rule(arg(0)),
                        "T" if mode == Mode::Builtin => Ty::Var(0),
                        "K" if mode == Mode::Builtin => Ty::Var(1),
                        "V" if mode == Mode::Builtin => Ty::Var(2),
                        other => match self.own_item(pos, other) {
                            Some(key) => {
                                self.note_type_use(pos, one.span, key);
                                self.reference(pos, key, t)
                            }
                            None => Ty::Error,
                        },
                    },
                    [alias, item] => {
                        let key = self
                            .imported_package(pos, &alias.name)
                            .and_then(|p| self.package_item(p, &item.name));
                        match key {
                            Some(key) => {
                                self.note_type_use(pos, item.span, key);
                                self.reference(pos, key, t)
                            }
                            None => Ty::Error,
                        }
                    }
                    _ => Ty::Error,
                }
            }
        }
    }

    /// Records a use of a declared type by name, when recording.
    fn note_type_use(&mut self, pos: usize, span: crate::span::Span, key: ItemKey) {
        if self.analysis.is_some() {
            let file = self.file_id(pos);
            let target = self.item_target(key);
            self.note_reference(file, span, target);
        }
    }

    /// A use of a declared type; reports a cycle when it is being expanded.
    fn reference(&mut self, pos: usize, key: ItemKey, at: &TypeExpr) -> Ty {
        if !matches!(self.item(key).map(|i| &i.kind), Some(ItemKind::Type(_))) {
            return Ty::Error;
        }
        if matches!(self.types.get(&key), Some(Memo::InProgress)) {
            let name = self
                .item(key)
                .and_then(|i| i.kind.name())
                .map(|n| n.name.clone())
                .unwrap_or_default();
            let file = self.file_id(pos);
            self.report(
                Diagnostic::new(
                    codes::RECURSIVE_TYPE,
                    file,
                    at.span,
                    format!("type {} refers to itself", quote(&name)),
                )
                .with_help(
                    "types are expanded structurally and must be finite; \
                     model the recursive part as `json` or as a map of names",
                ),
            );
            return Ty::Error;
        }
        self.declared_type(key)
    }
}
