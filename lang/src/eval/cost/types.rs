//! What declared types add to the sizes of input values. The document a rule judges conforms
//! to its subject type before the body runs, and parameters and data to their declared types
//! (a closed record has no other members, a `string` is no collection, a literal has its
//! length), so a value reached from them through fields, indexes and loops is within both the
//! input's bounds and its type's. Only values read from the input carry a type here: what
//! policy code builds is known by its shape alone.

use super::shape::{Shape, SizeBounds};
use crate::check::types::Ty;
use std::collections::HashMap;
use std::sync::Arc;

/// The type of a field of a value of type `t`.
pub fn field(t: &Ty, name: &str) -> Option<Ty> {
    match t.strip_optional() {
        Ty::Record(r) => r.field(name).map(|f| f.ty.clone()),
        Ty::Json => Some(Ty::Json),
        _ => None,
    }
}

/// The type of an element (list, set) or value (map) of a value of type `t`.
pub fn element(t: &Ty) -> Option<Ty> {
    match t.strip_optional() {
        Ty::List(e, _) | Ty::Set(e, _) | Ty::Map(_, e, _) => Some((**e).clone()),
        Ty::Json => Some(Ty::Json),
        _ => None,
    }
}

/// The types of a loop's names over a value of type `t`: one name gets the element (list,
/// set) or key (map); two get index and element, or key and value.
pub fn binders(t: &Ty, two: bool) -> (Option<Ty>, Option<Ty>) {
    match (t.strip_optional(), two) {
        (Ty::List(e, _) | Ty::Set(e, _), false) => (Some((**e).clone()), None),
        (Ty::List(e, _), true) => (Some(Ty::Int), Some((**e).clone())),
        (Ty::Set(e, _), true) => (Some((**e).clone()), Some((**e).clone())),
        (Ty::Map(k, ..), false) => (Some((**k).clone()), None),
        (Ty::Map(k, v, _), true) => (Some((**k).clone()), Some((**v).clone())),
        (Ty::Json, false) => (Some(Ty::Json), None),
        (Ty::Json, true) => (Some(Ty::Json), Some(Ty::Json)),
        _ => (None, None),
    }
}

/// Whether a value of the input of type `t` may be a map of keys other than strings (which
/// builtins that make maps sort): only where its type says so. Input documents and host
/// values are objects where untyped.
pub fn may_hold_keyed_map(t: &Ty) -> bool {
    match t.strip_optional() {
        Ty::Map(k, v, _) => {
            !matches!(**k, Ty::Str | Ty::Lit(_) | Ty::Enum(_)) || may_hold_keyed_map(v)
        }
        Ty::List(e, _) | Ty::Set(e, _) => may_hold_keyed_map(e),
        Ty::Record(r) => r.fields.iter().any(|f| may_hold_keyed_map(&f.ty)),
        Ty::Bool | Ty::Int | Ty::Float | Ty::Str | Ty::Lit(_) | Ty::Enum(_) | Ty::Json => false,
        _ => true,
    }
}

/// The most elements of a collection: the input's bound, or the type's if smaller.
fn bounded(collection_len: u64, max: Option<u64>) -> u64 {
    max.map_or(collection_len, |m| m.min(collection_len))
}

/// The sizes of input values of each type, within the input's bounds, remembered per type.
pub struct TypeShapes {
    sizes: SizeBounds,
    records: HashMap<usize, Shape>,
}

impl TypeShapes {
    pub fn new(sizes: SizeBounds) -> TypeShapes {
        TypeShapes {
            sizes,
            records: HashMap::new(),
        }
    }

    /// Bounds of an input value of type `t`.
    pub fn of(&mut self, t: &Ty) -> Shape {
        let input = Shape::input(&self.sizes);
        input.meet(self.of_inner(t, 0))
    }

    fn of_inner(&mut self, t: &Ty, depth: u32) -> Shape {
        let input = Shape::input(&self.sizes);
        if depth > 64 {
            return input;
        }
        let b = self.sizes;
        match t {
            Ty::Never | Ty::Bool | Ty::Int | Ty::Float => Shape::SCALAR,
            Ty::Str => Shape::string(b.string_bytes),
            Ty::Lit(l) => Shape::string(l.len() as u64),
            Ty::Enum(members) => {
                Shape::string(members.iter().map(|m| m.len() as u64).max().unwrap_or(0))
            }
            Ty::Opt(inner) => self.of_inner(inner, depth + 1),
            // A declared size bound (`list<T, max 64>`) is checked when the value conforms.
            Ty::List(e, max) | Ty::Set(e, max) => {
                let item = self.of_inner(e, depth + 1);
                input.meet(Shape::collection(bounded(b.collection_len, *max), item))
            }
            Ty::Map(k, v, max) => {
                let key = self.of_inner(k, depth + 1);
                let value = self.of_inner(v, depth + 1);
                input.meet(Shape::collection(
                    bounded(b.collection_len, *max),
                    Shape::entry(key, value),
                ))
            }
            Ty::Record(r) => {
                let key = Arc::as_ptr(r) as usize;
                if let Some(s) = self.records.get(&key) {
                    return *s;
                }
                let shape = if r.open {
                    input
                } else {
                    let fields: Vec<Shape> = r
                        .fields
                        .iter()
                        .map(|f| self.of_inner(&f.ty, depth + 1))
                        .collect();
                    let mut s = Shape::built(&fields);
                    let names = r.fields.iter().map(|f| f.name.len() as u64).max();
                    s.deep_bytes = s.deep_bytes.max(names.unwrap_or(0));
                    input.meet(s)
                };
                self.records.insert(key, shape);
                shape
            }
            _ => input,
        }
    }
}

/// Writes an exact key of a type, for a table of analysed calls: the same type gives the
/// same key, records by identity (a record type is one `Arc` wherever the program uses it).
pub fn key(t: Option<&Ty>, out: &mut Vec<u64>) {
    let Some(t) = t else {
        out.push(0);
        return;
    };
    match t {
        Ty::Record(r) => out.extend([1, Arc::as_ptr(r) as usize as u64]),
        Ty::List(e, max) => {
            out.extend([2, max.map_or(u64::MAX, |m| m)]);
            key(Some(e), out);
        }
        Ty::Set(e, max) => {
            out.extend([3, max.map_or(u64::MAX, |m| m)]);
            key(Some(e), out);
        }
        Ty::Opt(e) => {
            out.push(4);
            key(Some(e), out);
        }
        Ty::Map(k, v, max) => {
            out.extend([5, max.map_or(u64::MAX, |m| m)]);
            key(Some(k), out);
            key(Some(v), out);
        }
        Ty::Lit(l) => {
            out.extend([6, l.len() as u64]);
            out.extend(l.bytes().map(u64::from));
        }
        Ty::Enum(members) => {
            out.extend([7, members.len() as u64]);
            for m in members.iter() {
                out.push(m.len() as u64);
                out.extend(m.bytes().map(u64::from));
            }
        }
        Ty::Bool => out.push(8),
        Ty::Int => out.push(9),
        Ty::Float => out.push(10),
        Ty::Str => out.push(11),
        Ty::Json => out.push(12),
        Ty::Never => out.push(13),
        // Types no input value has: analysed as untyped.
        _ => out.push(0),
    }
}
