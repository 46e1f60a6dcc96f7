//! Types as the checker sees them: structural, with declared names already expanded. Also the
//! two relations the rules of `spec/types.md` are built from: assignability (a value of one
//! type is accepted where another is expected) and join (the type of a value that is one of
//! two, as in the branches of an `if`).

use std::fmt;
use std::sync::Arc;

/// A checked type. `Eq` lets `Arc` comparisons of shared sub-types short-cut on identity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ty {
    /// The type of something already reported as wrong; accepted everywhere, so one mistake is
    /// reported once.
    Error,
    /// No value: the element type of `[]`, the payload of `none`.
    Never,
    /// `bool`
    Bool,
    /// `int`
    Int,
    /// `float`
    Float,
    /// `string`
    Str,
    /// Untyped JSON, to be narrowed before use.
    Json,
    /// A string literal type such as `"Pod"`.
    Lit(Arc<str>),
    /// A union of string literals, sorted and without repeats.
    Enum(Arc<[Arc<str>]>),
    /// `list<T>`, with its size bound if declared (`list<T, max 64>`).
    List(Arc<Ty>, Option<u64>),
    /// `set<T>`, with its size bound if declared.
    Set(Arc<Ty>, Option<u64>),
    /// `map<K, V>`, with its size bound if declared.
    Map(Arc<Ty>, Arc<Ty>, Option<u64>),
    /// `T?`
    Opt(Arc<Ty>),
    /// A record type.
    Record(Arc<RecordTy>),
    /// A reference to a rule whose subject has this type (test builtins only).
    Rule(Arc<Ty>),
    /// A type variable of a builtin signature.
    Var(u8),
    /// A builtin parameter that accepts any of these (e.g. `count` takes lists, sets, maps).
    AnyOf(Arc<[Ty]>),
}

/// The fields of a record type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordTy {
    /// Declared fields, in declaration order.
    pub fields: Vec<FieldTy>,
    /// Whether inputs may carry fields beyond these (`..`).
    pub open: bool,
    /// The declared name, for messages only; types are compared structurally.
    pub name: Option<Arc<str>>,
}

/// One field of a record type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldTy {
    /// The field's name.
    pub name: String,
    /// The field's type.
    pub ty: Ty,
    /// Whether the field may be absent (`name?: T`).
    pub optional: bool,
}

impl RecordTy {
    /// The field called `name`.
    pub fn field(&self, name: &str) -> Option<&FieldTy> {
        self.fields.iter().find(|f| f.name == name)
    }
}

impl Ty {
    /// `T?`, without nesting optionals.
    pub fn optional(self) -> Ty {
        match self {
            Ty::Opt(_) | Ty::Error | Ty::Json => self,
            other => Ty::Opt(Arc::new(other)),
        }
    }

    /// The type without one level of optional.
    pub fn strip_optional(&self) -> &Ty {
        match self {
            Ty::Opt(inner) => inner,
            other => other,
        }
    }

    /// Whether the value may be `none`.
    pub fn is_optional(&self) -> bool {
        matches!(self, Ty::Opt(_))
    }

    /// Whether this is `int` or `float`.
    pub fn is_numeric(&self) -> bool {
        matches!(self, Ty::Int | Ty::Float)
    }

    /// Whether this is a string, a string literal or an enum.
    pub fn is_stringy(&self) -> bool {
        matches!(self, Ty::Str | Ty::Lit(_) | Ty::Enum(_))
    }

    /// Literal and enum types widened to `string`.
    pub fn widen(&self) -> Ty {
        match self {
            Ty::Lit(_) | Ty::Enum(_) => Ty::Str,
            other => other.clone(),
        }
    }

    /// An enum of the given literals (a single one is a literal type).
    pub fn enumeration(mut names: Vec<Arc<str>>) -> Ty {
        names.sort();
        names.dedup();
        match names.as_slice() {
            [one] => Ty::Lit(one.clone()),
            _ => Ty::Enum(names.into()),
        }
    }

    /// The members of a literal or enum type.
    pub fn literals(&self) -> Option<Vec<Arc<str>>> {
        match self {
            Ty::Lit(l) => Some(vec![l.clone()]),
            Ty::Enum(ls) => Some(ls.to_vec()),
            _ => None,
        }
    }
}

/// Whether a value of type `from` is accepted where `to` is expected.
pub fn assignable(from: &Ty, to: &Ty) -> bool {
    match (from, to) {
        (Ty::Error, _) | (_, Ty::Error) | (Ty::Never, _) => true,
        (_, Ty::Json) => true,
        // Where a builtin takes `T | json`, the `json` member stands for untyped values only
        // (everything converts to `json`, so it would otherwise accept anything).
        (_, Ty::AnyOf(options)) => options.iter().any(|o| match o {
            Ty::Json => matches!(from, Ty::Json),
            other => assignable(from, other),
        }),
        (Ty::Opt(a), Ty::Opt(b)) => assignable(a, b),
        (a, Ty::Opt(b)) => assignable(a, b),
        (Ty::Opt(_), _) => false,
        (Ty::Int, Ty::Float) => true,
        (Ty::Lit(_) | Ty::Enum(_), Ty::Str) => true,
        (Ty::Lit(_) | Ty::Enum(_), Ty::Lit(_) | Ty::Enum(_)) => {
            let (Some(from), Some(to)) = (from.literals(), to.literals()) else {
                return false;
            };
            from.iter().all(|l| to.contains(l))
        }
        (Ty::List(a, from_max), Ty::List(b, to_max))
        | (Ty::Set(a, from_max), Ty::Set(b, to_max)) => {
            within_bound(a, *from_max, *to_max) && assignable(a, b)
        }
        (Ty::Map(ka, va, from_max), Ty::Map(kb, vb, to_max)) => {
            within_bound(va, *from_max, *to_max) && assignable(ka, kb) && assignable(va, vb)
        }
        // Declared types are shared: the same allocation is the same type, and checking it
        // structurally again could take time exponential in the nesting of shared parts.
        (Ty::Record(a), Ty::Record(b)) => Arc::ptr_eq(a, b) || record_assignable(a, b),
        (Ty::Rule(a), Ty::Rule(b)) => a == b || assignable(b, a),
        (a, b) => a == b,
    }
}

/// Whether a collection whose size bound is `from` (elements of type `element`) fits a bound
/// of `to`. A collection of `never` is empty (`[]`, `{}`), so it fits any bound.
fn within_bound(element: &Ty, from: Option<u64>, to: Option<u64>) -> bool {
    match (from, to) {
        (_, None) => true,
        (Some(from), Some(to)) => from <= to,
        (None, Some(_)) => matches!(element, Ty::Never | Ty::Error),
    }
}

/// The size bound of a collection that is one of two: the larger, unless one side is empty
/// by type (its elements are `never`), which then takes the other's.
fn join_bound(x: &Ty, x_max: Option<u64>, y: &Ty, y_max: Option<u64>) -> Option<u64> {
    match (x, y) {
        (Ty::Never, _) => y_max,
        (_, Ty::Never) => x_max,
        _ => Some(x_max?.max(y_max?)),
    }
}

fn record_assignable(from: &RecordTy, to: &RecordTy) -> bool {
    let from_fields: std::collections::HashMap<&str, &FieldTy> =
        from.fields.iter().map(|f| (f.name.as_str(), f)).collect();
    let fits = to
        .fields
        .iter()
        .all(|t| match from_fields.get(t.name.as_str()) {
            Some(f) => (t.optional || !f.optional) && assignable(&f.ty, &t.ty),
            // A field `from` does not declare may be left out when `to` makes it optional,
            // unless `from` is open: an open value may carry that member with any type, which
            // nothing has checked, so only `json` can receive it.
            None => t.optional && (!from.open || *t.ty.strip_optional() == Ty::Json),
        });
    // A closed type promises no other fields: an open value (which may carry more) and a
    // value with undeclared fields break that promise.
    let to_fields: std::collections::HashSet<&str> =
        to.fields.iter().map(|f| f.name.as_str()).collect();
    let no_extra = to.open
        || (!from.open
            && from
                .fields
                .iter()
                .all(|f| to_fields.contains(f.name.as_str())));
    fits && no_extra
}

/// The type of a value that is either an `a` or a `b`, if they have one.
pub fn join(a: &Ty, b: &Ty) -> Option<Ty> {
    match (a, b) {
        (Ty::Error, _) | (_, Ty::Error) => Some(Ty::Error),
        (Ty::Never, other) | (other, Ty::Never) => Some(other.clone()),
        (Ty::Opt(x), Ty::Opt(y)) => join(x, y).map(Ty::optional),
        (Ty::Opt(x), other) | (other, Ty::Opt(x)) => join(x, other).map(Ty::optional),
        (Ty::Int, Ty::Float) | (Ty::Float, Ty::Int) => Some(Ty::Float),
        (Ty::Lit(_) | Ty::Enum(_), Ty::Lit(_) | Ty::Enum(_)) => {
            let mut all = a.literals().unwrap_or_default();
            all.extend(b.literals().unwrap_or_default());
            Some(Ty::enumeration(all))
        }
        (Ty::Lit(_) | Ty::Enum(_), Ty::Str) | (Ty::Str, Ty::Lit(_) | Ty::Enum(_)) => Some(Ty::Str),
        (Ty::List(x, xm), Ty::List(y, ym)) => {
            let max = join_bound(x, *xm, y, *ym);
            join(x, y).map(|t| Ty::List(Arc::new(t), max))
        }
        (Ty::Set(x, xm), Ty::Set(y, ym)) => {
            let max = join_bound(x, *xm, y, *ym);
            join(x, y).map(|t| Ty::Set(Arc::new(t), max))
        }
        (Ty::Map(kx, vx, xm), Ty::Map(ky, vy, ym)) => {
            let max = join_bound(vx, *xm, vy, *ym);
            Some(Ty::Map(
                Arc::new(join(kx, ky)?),
                Arc::new(join(vx, vy)?),
                max,
            ))
        }
        (Ty::Record(x), Ty::Record(y)) if Arc::ptr_eq(x, y) => Some(a.clone()),
        (Ty::Record(x), Ty::Record(y)) => join_records(x, y),
        _ if assignable(a, b) => Some(b.clone()),
        _ if assignable(b, a) => Some(a.clone()),
        _ => None,
    }
}

/// Two records join field by field; a field only one of them has becomes optional.
fn join_records(a: &RecordTy, b: &RecordTy) -> Option<Ty> {
    let a_fields: std::collections::HashSet<&str> =
        a.fields.iter().map(|f| f.name.as_str()).collect();
    let b_fields: std::collections::HashMap<&str, &FieldTy> =
        b.fields.iter().map(|f| (f.name.as_str(), f)).collect();
    let mut fields = Vec::new();
    // A field only one side declares becomes optional; if the other side is open, its values
    // may carry that member with any type, so the field becomes `json`.
    let only_one = |f: &FieldTy, other_open: bool| FieldTy {
        name: f.name.clone(),
        ty: if other_open { Ty::Json } else { f.ty.clone() },
        optional: true,
    };
    for f in &a.fields {
        match b_fields.get(f.name.as_str()) {
            Some(g) => fields.push(FieldTy {
                name: f.name.clone(),
                ty: join(&f.ty, &g.ty)?,
                optional: f.optional || g.optional,
            }),
            None => fields.push(only_one(f, b.open)),
        }
    }
    for g in &b.fields {
        if !a_fields.contains(g.name.as_str()) {
            fields.push(only_one(g, a.open));
        }
    }
    Some(Ty::Record(Arc::new(RecordTy {
        fields,
        open: a.open || b.open,
        name: if a.name == b.name {
            a.name.clone()
        } else {
            None
        },
    })))
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ty::Error => f.write_str("{unknown}"),
            Ty::Never => f.write_str("never"),
            Ty::Bool => f.write_str("bool"),
            Ty::Int => f.write_str("int"),
            Ty::Float => f.write_str("float"),
            Ty::Str => f.write_str("string"),
            Ty::Json => f.write_str("json"),
            Ty::Lit(l) => write!(f, "{l:?}"),
            Ty::Enum(ls) => {
                for (i, l) in ls.iter().enumerate() {
                    if i == 4 && ls.len() > 5 {
                        return write!(f, " | … ({} more)", ls.len() - 4);
                    }
                    if i > 0 {
                        f.write_str(" | ")?;
                    }
                    write!(f, "{l:?}")?;
                }
                Ok(())
            }
            Ty::List(t, None) => write!(f, "list<{t}>"),
            Ty::List(t, Some(max)) => write!(f, "list<{t}, max {max}>"),
            Ty::Set(t, None) => write!(f, "set<{t}>"),
            Ty::Set(t, Some(max)) => write!(f, "set<{t}, max {max}>"),
            Ty::Map(k, v, None) => write!(f, "map<{k}, {v}>"),
            Ty::Map(k, v, Some(max)) => write!(f, "map<{k}, {v}, max {max}>"),
            Ty::Opt(t) => match **t {
                Ty::Never => f.write_str("none"),
                Ty::Enum(_) => write!(f, "({t})?"),
                _ => write!(f, "{t}?"),
            },
            Ty::Record(r) => {
                if let Some(name) = &r.name {
                    return f.write_str(name);
                }
                f.write_str("{ ")?;
                for (i, field) in r.fields.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    if i == 4 && r.fields.len() > 5 {
                        write!(f, "… {} more", r.fields.len() - 4)?;
                        break;
                    }
                    let q = if field.optional { "?" } else { "" };
                    write!(f, "{}{q}: {}", field.name, field.ty)?;
                }
                if r.open {
                    f.write_str(if r.fields.is_empty() { ".." } else { ", .." })?;
                }
                f.write_str(" }")
            }
            Ty::Rule(t) => write!(f, "rule<{t}>"),
            Ty::Var(n) => f.write_str(match n {
                0 => "T",
                1 => "K",
                _ => "V",
            }),
            Ty::AnyOf(options) => {
                for (i, o) in options.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" | ")?;
                    }
                    write!(f, "{o}")?;
                }
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(s: &str) -> Ty {
        Ty::Lit(s.into())
    }

    fn record(fields: &[(&str, Ty, bool)], open: bool) -> Ty {
        Ty::Record(Arc::new(RecordTy {
            fields: fields
                .iter()
                .map(|(n, t, o)| FieldTy {
                    name: (*n).to_owned(),
                    ty: t.clone(),
                    optional: *o,
                })
                .collect(),
            open,
            name: None,
        }))
    }

    #[test]
    fn literals_widen_and_join_to_enums() {
        assert!(assignable(&lit("Pod"), &Ty::Str));
        assert!(!assignable(&Ty::Str, &lit("Pod")));
        let e = join(&lit("a"), &lit("b")).unwrap_or(Ty::Error);
        assert_eq!(e.to_string(), "\"a\" | \"b\"");
        assert!(assignable(&lit("a"), &e));
        assert!(!assignable(&lit("c"), &e));
    }

    #[test]
    fn optionals() {
        let opt_int = Ty::Int.optional();
        assert!(assignable(&Ty::Int, &opt_int));
        assert!(!assignable(&opt_int, &Ty::Int));
        assert_eq!(join(&Ty::Int, &Ty::Never.optional()), Some(opt_int.clone()));
        assert_eq!(opt_int.clone().optional(), opt_int);
    }

    #[test]
    fn closed_records_reject_extra_fields_open_ones_accept_them() {
        let closed = record(&[("name", Ty::Str, false)], false);
        let open = record(&[("name", Ty::Str, false)], true);
        let extra = record(
            &[("name", lit("x")), ("nmae", Ty::Str)].map(|(n, t)| (n, t, false)),
            false,
        );
        assert!(!assignable(&extra, &closed));
        assert!(assignable(&extra, &open));
        let missing = record(&[], false);
        assert!(!assignable(&missing, &closed));
    }

    #[test]
    fn numbers_and_json() {
        assert!(assignable(&Ty::Int, &Ty::Float));
        assert!(!assignable(&Ty::Float, &Ty::Int));
        assert!(assignable(&Ty::List(Arc::new(Ty::Int), None), &Ty::Json));
        assert!(!assignable(&Ty::Json, &Ty::Int));
        assert_eq!(join(&Ty::Int, &Ty::Float), Some(Ty::Float));
        assert_eq!(join(&Ty::Int, &Ty::Str), None);
    }
}
