//! Conformance of values to declared types (`spec/types.md`, "Conformance"): a document
//! becoming a rule's subject, a parameter or data value from the host, a `json` fixture given
//! to a test builtin. Conforming also converts where the representation differs from the
//! document's: an integer where a `float` is declared becomes a float, an array declared as a
//! set is sorted without duplicates, an object declared as `map<int, V>` gets integer keys.
//! Values that need no conversion are shared, not copied.

use super::value::{Obj, Str, Value};
use crate::check::types::{RecordTy, Ty};

/// Where and why a value does not conform.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    /// JSON pointer of the offending member.
    pub pointer: String,
    /// What was expected and found.
    pub message: String,
}

/// Checks `value` against `ty`, returning the value in the representation `ty` asks for.
pub fn conform(value: &Value, ty: &Ty) -> Result<Value, Mismatch> {
    // Conforming documents are the rule: check without tracking where, and walk again with
    // the path only to say where a mismatch is.
    match walk(value, ty, &mut NoTrail) {
        Ok(changed) => Ok(changed.unwrap_or_else(|| value.clone())),
        Err(_) => {
            let mut path: Vec<Seg<'_>> = Vec::new();
            walk(value, ty, &mut path).map(|changed| changed.unwrap_or_else(|| value.clone()))
        }
    }
}

/// Whether a document matches a rule's discriminators: an object whose fields hold these
/// string literals.
pub fn matches_discriminators(doc: &Value, discriminators: &[(Str, Str)]) -> bool {
    if discriminators.is_empty() {
        // A subject without discriminators applies to every document, objects or not.
        return true;
    }
    let Value::Obj(o) = doc else {
        return false;
    };
    discriminators
        .iter()
        .all(|(field, lit)| matches!(o.get(field), Some(Value::Str(s)) if s == lit))
}

/// A step of the path to the member being checked; the pointer text is written only for a
/// mismatch, so a conforming document costs no allocation for its path.
#[derive(Clone, Copy)]
enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// Where the walk is: the path to the member being checked, or nothing when only whether the
/// value conforms matters.
trait Trail<'a> {
    fn push(&mut self, segment: Seg<'a>);
    fn pop(&mut self);
    /// The pointer of the member being checked (`""` when not tracked).
    fn pointer(&self) -> String;
}

impl<'a> Trail<'a> for Vec<Seg<'a>> {
    fn push(&mut self, segment: Seg<'a>) {
        Vec::push(self, segment);
    }
    fn pop(&mut self) {
        Vec::pop(self);
    }
    fn pointer(&self) -> String {
        pointer(self)
    }
}

/// No path: the first walk, which only decides.
struct NoTrail;

impl<'a> Trail<'a> for NoTrail {
    fn push(&mut self, _: Seg<'a>) {}
    fn pop(&mut self) {}
    fn pointer(&self) -> String {
        String::new()
    }
}

fn mismatch<'a>(
    path: &impl Trail<'a>,
    expected: impl std::fmt::Display,
    found: &Value,
) -> Mismatch {
    Mismatch {
        pointer: path.pointer(),
        message: format!("expected {expected}, found {}", describe(found)),
    }
}

fn describe(v: &Value) -> String {
    match v {
        Value::None => "null".to_owned(),
        Value::Str(s) if s.chars().count() <= 40 => format!("string `{s}`"),
        other => other.kind().to_owned(),
    }
}

fn pointer(path: &[Seg<'_>]) -> String {
    let mut out = String::new();
    for segment in path {
        out.push('/');
        match segment {
            Seg::Key(k) => out.push_str(&k.replace('~', "~0").replace('/', "~1")),
            Seg::Index(i) => out.push_str(&i.to_string()),
        }
    }
    out
}

/// `Ok(None)`: conforms as is; `Ok(Some(v))`: conforms once converted to `v`.
fn walk<'a>(
    value: &'a Value,
    ty: &'a Ty,
    path: &mut impl Trail<'a>,
) -> Result<Option<Value>, Mismatch> {
    match (ty, value) {
        (Ty::Error | Ty::Var(_) | Ty::AnyOf(_) | Ty::Rule(_), _) => Ok(None),
        (Ty::Opt(_), Value::None) => Ok(None),
        (Ty::Opt(inner), v) => walk(v, inner, path),
        (Ty::Json, Value::None) => Err(mismatch(path, "a value", value)),
        (Ty::Json, _) => Ok(None),
        (Ty::Bool, Value::Bool(_)) | (Ty::Int, Value::Int(_)) | (Ty::Float, Value::Float(_)) => {
            Ok(None)
        }
        (Ty::Int, Value::Float(f))
            if f.fract() == 0.0
                && (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(f) =>
        {
            Ok(Some(Value::Int(*f as i64)))
        }
        (Ty::Float, Value::Int(i)) => Ok(Some(Value::Float(*i as f64))),
        (Ty::Str, Value::Str(_)) => Ok(None),
        (Ty::Lit(l), Value::Str(s)) if s == l => Ok(None),
        (Ty::Enum(members), Value::Str(s)) if members.contains(s) => Ok(None),
        (Ty::List(element, max), Value::List(xs)) => {
            within(path, *max, xs.len(), "elements")?;
            Ok(elements(xs, element, path)?.map(Value::list))
        }
        (Ty::Set(element, max), Value::List(xs) | Value::Set(xs)) => {
            // The array's length, before repeats are dropped, as JSON Schema's `maxItems`.
            within(path, *max, xs.len(), "elements")?;
            let converted = elements(xs, element, path)?;
            Ok(Some(Value::set(converted.unwrap_or_else(|| xs.to_vec()))))
        }
        (Ty::Map(key, v, max), Value::Obj(o)) => {
            within(path, *max, o.len(), "members")?;
            map(o, key, v, path)
        }
        (Ty::Record(r), Value::Obj(o)) => record(o, r, path),
        (Ty::Never, _) => Err(mismatch(path, "no value", value)),
        _ => Err(mismatch(path, expected(ty), value)),
    }
}

/// A collection of `len` elements against a declared size bound (`list<T, max 64>`).
fn within<'a>(
    path: &impl Trail<'a>,
    max: Option<u64>,
    len: usize,
    what: &str,
) -> Result<(), Mismatch> {
    match max {
        Some(max) if u64::try_from(len).map_or(true, |n| n > max) => Err(Mismatch {
            pointer: path.pointer(),
            message: format!("expected at most {max} {what}, found {len}"),
        }),
        _ => Ok(()),
    }
}

fn expected(ty: &Ty) -> String {
    match ty {
        Ty::Record(_) => "an object".to_owned(),
        Ty::Map(..) => "an object".to_owned(),
        Ty::List(..) | Ty::Set(..) => "an array".to_owned(),
        Ty::Int => "an integer".to_owned(),
        Ty::Float => "a number".to_owned(),
        Ty::Bool => "a boolean".to_owned(),
        Ty::Str => "a string".to_owned(),
        other => format!("`{other}`"),
    }
}

fn elements<'a>(
    xs: &'a [Value],
    element: &'a Ty,
    path: &mut impl Trail<'a>,
) -> Result<Option<Vec<Value>>, Mismatch> {
    let mut out: Option<Vec<Value>> = None;
    for (i, x) in xs.iter().enumerate() {
        path.push(Seg::Index(i));
        let r = walk(x, element, path);
        path.pop();
        match r? {
            Some(v) => {
                let buf = out.get_or_insert_with(|| xs.iter().take(i).cloned().collect());
                buf.push(v);
            }
            None => {
                if let Some(buf) = out.as_mut() {
                    buf.push(x.clone());
                }
            }
        }
    }
    Ok(out)
}

fn map<'a>(
    o: &'a Obj,
    key: &'a Ty,
    value_ty: &'a Ty,
    path: &mut impl Trail<'a>,
) -> Result<Option<Value>, Mismatch> {
    let int_keys = matches!(key, Ty::Int);
    // Every object key is a string: only a narrower key type (a literal, an enum) needs a look.
    let check_keys = !int_keys && !matches!(key, Ty::Str | Ty::Json);
    // The entries, built only once something changes (always, for integer keys).
    let mut entries: Option<Vec<(Value, Value)>> = int_keys.then(|| Vec::with_capacity(o.len()));
    for (i, (k, v)) in o.entries().iter().enumerate() {
        path.push(Seg::Key(k));
        let key_value = if int_keys {
            match k.parse::<i64>().ok().filter(|n| n.to_string() == **k) {
                Some(n) => Value::Int(n),
                None => {
                    let m = Mismatch {
                        pointer: path.pointer(),
                        message: format!("expected an integer key in decimal, found `{k}`"),
                    };
                    path.pop();
                    return Err(m);
                }
            }
        } else {
            let key_value = Value::Str(k.clone());
            if check_keys && let Err(m) = walk(&key_value, key, &mut NoTrail) {
                let m = Mismatch {
                    pointer: path.pointer(),
                    message: m.message,
                };
                path.pop();
                return Err(m);
            }
            key_value
        };
        let r = walk(v, value_ty, path);
        path.pop();
        match (r?, entries.as_mut()) {
            (Some(converted), Some(out)) => out.push((key_value, converted)),
            (Some(converted), None) => {
                let mut out: Vec<(Value, Value)> = o
                    .entries()
                    .iter()
                    .take(i)
                    .map(|(k, v)| (Value::Str(k.clone()), v.clone()))
                    .collect();
                out.push((key_value, converted));
                entries = Some(out);
            }
            (None, Some(out)) => out.push((key_value, v.clone())),
            (None, None) => {}
        }
    }
    Ok(entries.map(Value::map))
}

fn record<'a>(
    o: &'a Obj,
    r: &'a RecordTy,
    path: &mut impl Trail<'a>,
) -> Result<Option<Value>, Mismatch> {
    let mut replaced: Vec<(Str, Value)> = Vec::new();
    let mut present = 0;
    for field in &r.fields {
        let member = o.get(&field.name);
        present += usize::from(member.is_some());
        match member {
            None if field.optional || matches!(field.ty, Ty::Opt(_)) => {}
            None => {
                path.push(Seg::Key(&field.name));
                let m = Mismatch {
                    pointer: path.pointer(),
                    message: format!("the required field `{}` is missing", field.name),
                };
                path.pop();
                return Err(m);
            }
            Some(v) => {
                path.push(Seg::Key(&field.name));
                let result = walk(v, &field.ty, path);
                path.pop();
                if let Some(converted) = result? {
                    replaced.push((Str::from(field.name.as_str()), converted));
                }
            }
        }
    }
    // Every member is a declared field when as many were found as the object has.
    if !r.open
        && present != o.len()
        && let Some((extra, _)) = o.entries().iter().find(|(k, _)| r.field(k).is_none())
    {
        path.push(Seg::Key(extra));
        let m = Mismatch {
            pointer: path.pointer(),
            message: format!("the field `{extra}` is not declared by the closed record type"),
        };
        path.pop();
        return Err(m);
    }
    if replaced.is_empty() {
        return Ok(None);
    }
    let mut obj = o.clone();
    for (k, v) in replaced {
        obj = obj.with(k, v);
    }
    Ok(Some(Value::obj(obj)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn json(v: serde_json::Value) -> Value {
        Value::from_json(&v)
    }

    #[test]
    fn mismatches_name_the_first_offending_member() {
        let ty = Ty::List(Arc::new(Ty::Str), None);
        let e = conform(&json(serde_json::json!(["a", 1])), &ty);
        assert_eq!(
            e.map_err(|m| m.pointer),
            Err("/1".to_owned()),
            "the element at index 1 is a number"
        );
    }

    #[test]
    fn maps_are_shared_unless_a_value_converts() {
        let doc = json(serde_json::json!({"a": 1, "b": 2.5, "c": 3}));
        let same = conform(&doc, &Ty::Map(Arc::new(Ty::Str), Arc::new(Ty::Json), None));
        assert_eq!(same.as_ref().map(|v| v.to_json()), Ok(doc.to_json()));
        assert!(
            matches!(same, Ok(Value::Obj(_))),
            "no conversion keeps the object"
        );
        let mixed = json(serde_json::json!({"a": 1.5, "b": 2.5, "c": 3}));
        let floats = conform(
            &mixed,
            &Ty::Map(Arc::new(Ty::Str), Arc::new(Ty::Float), None),
        );
        assert_eq!(
            floats.map(|v| v.to_json()),
            Ok(serde_json::json!({"a": 1.5, "b": 2.5, "c": 3.0})),
            "the entries before the first conversion are kept"
        );
        let keys = Ty::Map(Arc::new(Ty::Lit("a".into())), Arc::new(Ty::Json), None);
        assert_eq!(
            conform(&doc, &keys).map_err(|m| m.pointer),
            Err("/b".to_owned())
        );
    }

    #[test]
    fn ints_become_floats_and_arrays_sets() {
        let v = conform(&json(serde_json::json!(2)), &Ty::Float);
        assert!(matches!(v, Ok(Value::Float(f)) if f == 2.0));
        let v = conform(
            &json(serde_json::json!(["b", "a", "b"])),
            &Ty::Set(Arc::new(Ty::Str), None),
        );
        assert_eq!(v.map(|v| v.to_json()), Ok(serde_json::json!(["a", "b"])));
    }
}
