//! Runtime values. Shared and cheap to clone: strings and collections sit behind `Arc`, so
//! binding, passing and returning a value copies a pointer. Objects (records, string-keyed maps
//! and JSON objects alike) keep their entries sorted by key and never store `none`: an absent
//! field and a `none` field are the same value, as a JSON `null` member and a missing one are.
//! Sets are sorted without duplicates and maps with other keys sorted by key, so iteration
//! follows the value order of `spec/expressions.md` and equality is structural.

use std::cmp::Ordering;
use std::sync::Arc;

/// A shared string.
pub type Str = Arc<str>;

/// A value of the language.
#[derive(Clone, Debug, Default)]
pub enum Value {
    /// `none`, and JSON `null`.
    #[default]
    None,
    /// `true` or `false`.
    Bool(bool),
    /// A 64-bit signed integer.
    Int(i64),
    /// A finite float.
    Float(f64),
    /// A string.
    Str(Str),
    /// A list, in order.
    List(Arc<Vec<Value>>),
    /// A set: ascending, no duplicates.
    Set(Arc<Vec<Value>>),
    /// Records, maps with string keys, JSON objects: entries sorted by key, no `none` values.
    Obj(Arc<Obj>),
    /// A map whose keys are not strings: entries sorted by key, no duplicate keys.
    Map(Arc<Vec<(Value, Value)>>),
}

/// The entries of an object, sorted by key.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Obj {
    entries: Vec<(Str, Value)>,
}

impl Obj {
    /// An object from entries in any order; `none` values are dropped and a later duplicate
    /// key replaces an earlier one.
    pub fn from_entries(mut entries: Vec<(Str, Value)>) -> Obj {
        entries.retain(|(_, v)| !matches!(v, Value::None));
        // A stable sort keeps duplicates in input order; keep the last of each.
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut out: Vec<(Str, Value)> = Vec::with_capacity(entries.len());
        for (k, v) in entries {
            match out.last_mut() {
                Some(last) if last.0 == k => last.1 = v,
                _ => out.push((k, v)),
            }
        }
        Obj { entries: out }
    }

    /// An object from entries already sorted by key, without duplicates or `none` values.
    pub(crate) fn from_sorted(entries: Vec<(Str, Value)>) -> Obj {
        debug_assert!(entries.windows(2).all(|w| matches!(w, [a, b] if a.0 < b.0)));
        Obj { entries }
    }

    /// The value of `key`, if present.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.entries
            .binary_search_by(|(k, _)| (**k).cmp(key))
            .ok()
            .and_then(|i| self.entries.get(i))
            .map(|(_, v)| v)
    }

    /// The entries in ascending key order.
    pub fn entries(&self) -> &[(Str, Value)] {
        &self.entries
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// A copy with `key` set to `value` (removed when `value` is `none`).
    pub fn with(&self, key: Str, value: Value) -> Obj {
        let mut entries = self.entries.clone();
        match entries.binary_search_by(|(k, _)| k.cmp(&key)) {
            Ok(i) => {
                if matches!(value, Value::None) {
                    entries.remove(i);
                } else if let Some(slot) = entries.get_mut(i) {
                    slot.1 = value;
                }
            }
            Err(i) => {
                if !matches!(value, Value::None) {
                    entries.insert(i, (key, value));
                }
            }
        }
        Obj { entries }
    }
}

impl Value {
    /// A string value.
    pub fn str(s: &str) -> Value {
        Value::Str(Arc::from(s))
    }

    /// A list value.
    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Arc::new(items))
    }

    /// A set of the given elements, sorted and deduplicated.
    pub fn set(mut items: Vec<Value>) -> Value {
        items.sort_by(cmp);
        items.dedup_by(|a, b| cmp(a, b) == Ordering::Equal);
        Value::Set(Arc::new(items))
    }

    /// A map from entries in any order; a later duplicate key wins. String-keyed maps (and the
    /// empty map) are objects.
    pub fn map(entries: Vec<(Value, Value)>) -> Value {
        if entries.iter().all(|(k, _)| matches!(k, Value::Str(_))) {
            let entries = entries
                .into_iter()
                .filter_map(|(k, v)| match k {
                    Value::Str(s) => Some((s, v)),
                    _ => None,
                })
                .collect();
            return Value::Obj(Arc::new(Obj::from_entries(entries)));
        }
        let mut entries = entries;
        entries.sort_by(|a, b| cmp(&a.0, &b.0));
        let mut out: Vec<(Value, Value)> = Vec::with_capacity(entries.len());
        for (k, v) in entries {
            match out.last_mut() {
                Some(last) if cmp(&last.0, &k) == Ordering::Equal => last.1 = v,
                _ => out.push((k, v)),
            }
        }
        Value::Map(Arc::new(out))
    }

    /// An object value.
    pub fn obj(obj: Obj) -> Value {
        Value::Obj(Arc::new(obj))
    }

    /// Whether this is `none`.
    pub fn is_none(&self) -> bool {
        matches!(self, Value::None)
    }

    /// A short name of the value's kind, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::None => "null",
            Value::Bool(_) => "boolean",
            Value::Int(_) | Value::Float(_) => "number",
            Value::Str(_) => "string",
            Value::List(_) | Value::Set(_) => "array",
            Value::Obj(_) | Value::Map(_) => "object",
        }
    }

    /// The value as a number, if it is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(*i as f64),
            Value::Float(f) => Some(*f),
            _ => None,
        }
    }

    /// The number of elements or entries of a collection, or characters of a string.
    pub fn size(&self) -> usize {
        match self {
            Value::List(xs) | Value::Set(xs) => xs.len(),
            Value::Obj(o) => o.len(),
            Value::Map(m) => m.len(),
            _ => 0,
        }
    }

    /// Converts a JSON value: objects become objects (dropping `null` members), arrays lists,
    /// integral numbers in range `int`s, other numbers `float`s.
    pub fn from_json(json: &serde_json::Value) -> Value {
        match json {
            serde_json::Value::Null => Value::None,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => match n.as_i64() {
                Some(i) => Value::Int(i),
                None => Value::Float(n.as_f64().unwrap_or(0.0)),
            },
            serde_json::Value::String(s) => Value::str(s),
            serde_json::Value::Array(items) => {
                Value::list(items.iter().map(Value::from_json).collect())
            }
            serde_json::Value::Object(members) => Value::obj(Obj::from_entries(
                members
                    .iter()
                    .map(|(k, v)| (Arc::from(k.as_str()), Value::from_json(v)))
                    .collect(),
            )),
        }
    }

    /// The value as JSON: sets become arrays, maps objects (non-string keys written as their
    /// JSON text), `none` becomes `null`.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::None => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Int(i) => serde_json::Value::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f)
                .map_or(serde_json::Value::Null, serde_json::Value::Number),
            Value::Str(s) => serde_json::Value::String(s.to_string()),
            Value::List(xs) | Value::Set(xs) => {
                serde_json::Value::Array(xs.iter().map(Value::to_json).collect())
            }
            Value::Obj(o) => serde_json::Value::Object(
                o.entries()
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_json()))
                    .collect(),
            ),
            Value::Map(m) => serde_json::Value::Object(
                m.iter().map(|(k, v)| (key_text(k), v.to_json())).collect(),
            ),
        }
    }
}

/// A map key as text: a string as itself, anything else as its display form.
pub fn key_text(key: &Value) -> String {
    match key {
        Value::Str(s) => s.to_string(),
        other => display(other),
    }
}

/// The text a value is interpolated as: strings bare, numbers in decimal, floats always with
/// a `.` or an exponent; anything else as compact JSON.
pub fn display(value: &Value) -> String {
    match value {
        Value::Str(s) => s.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => format_float(*f),
        Value::Bool(b) => b.to_string(),
        Value::None => "none".to_owned(),
        other => other.to_json().to_string(),
    }
}

/// The shortest decimal that reads back as `f`, with a `.` when it has no exponent.
pub fn format_float(f: f64) -> String {
    // `Debug` prints the shortest round-tripping form, `1.0` for one and `1e100` for large.
    format!("{f:?}")
}

/// Rank of a value's kind in the value order.
fn rank(v: &Value) -> u8 {
    match v {
        Value::None => 0,
        Value::Bool(_) => 1,
        Value::Int(_) | Value::Float(_) => 2,
        Value::Str(_) => 3,
        Value::List(_) => 4,
        Value::Set(_) => 5,
        Value::Obj(_) | Value::Map(_) => 6,
    }
}

/// Compares an integer with a float numerically.
fn cmp_int_float(i: i64, f: f64) -> Ordering {
    if f.fract() == 0.0 && (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&f) {
        i.cmp(&(f as i64))
    } else {
        (i as f64).total_cmp(&f)
    }
}

/// The value order: `none` first, then booleans, numbers (numerically, `int` and `float`
/// together), strings (by code point), lists, sets, then objects and maps (as lists of
/// entries). Equality is `cmp == Equal`.
pub fn cmp(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::None, Value::None) => Ordering::Equal,
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        (Value::Int(x), Value::Int(y)) => x.cmp(y),
        (Value::Float(x), Value::Float(y)) => x.total_cmp(y),
        (Value::Int(x), Value::Float(y)) => cmp_int_float(*x, *y),
        (Value::Float(x), Value::Int(y)) => cmp_int_float(*y, *x).reverse(),
        (Value::Str(x), Value::Str(y)) => x.cmp(y),
        (Value::List(x), Value::List(y)) | (Value::Set(x), Value::Set(y)) => {
            if Arc::ptr_eq(x, y) {
                return Ordering::Equal;
            }
            cmp_seq(x.iter(), y.iter())
        }
        (Value::Obj(x), Value::Obj(y)) => {
            if Arc::ptr_eq(x, y) {
                return Ordering::Equal;
            }
            for (p, q) in x.entries().iter().zip(y.entries()) {
                let o = p.0.cmp(&q.0).then_with(|| cmp(&p.1, &q.1));
                if o != Ordering::Equal {
                    return o;
                }
            }
            x.len().cmp(&y.len())
        }
        (Value::Map(x), Value::Map(y)) => {
            for (p, q) in x.iter().zip(y.iter()) {
                let o = cmp(&p.0, &q.0).then_with(|| cmp(&p.1, &q.1));
                if o != Ordering::Equal {
                    return o;
                }
            }
            x.len().cmp(&y.len())
        }
        // String keys sort after numbers and booleans, so an object orders after a map with
        // other keys when both are non-empty.
        (Value::Obj(x), Value::Map(y)) if x.is_empty() && y.is_empty() => Ordering::Equal,
        (Value::Obj(_), Value::Map(_)) => Ordering::Greater,
        (Value::Map(_), Value::Obj(_)) => Ordering::Less,
        _ => rank(a).cmp(&rank(b)),
    }
}

fn cmp_seq<'a>(
    mut x: impl Iterator<Item = &'a Value>,
    mut y: impl Iterator<Item = &'a Value>,
) -> Ordering {
    loop {
        match (x.next(), y.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(p), Some(q)) => {
                let o = cmp(p, q);
                if o != Ordering::Equal {
                    return o;
                }
            }
        }
    }
}

impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        cmp(self, other) == Ordering::Equal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_compare_across_int_and_float() {
        assert_eq!(Value::Int(1), Value::Float(1.0));
        assert_eq!(cmp(&Value::Int(2), &Value::Float(1.5)), Ordering::Greater);
        assert_eq!(cmp(&Value::Float(-0.5), &Value::Int(0)), Ordering::Less);
        assert_eq!(
            cmp(&Value::Int(i64::MAX), &Value::Float(9.3e18)),
            Ordering::Less
        );
    }

    #[test]
    fn objects_drop_none_and_sort_keys() {
        let o = Obj::from_entries(vec![
            (Arc::from("b"), Value::Int(1)),
            (Arc::from("a"), Value::None),
            (Arc::from("c"), Value::Int(2)),
            (Arc::from("b"), Value::Int(3)),
        ]);
        let keys: Vec<&str> = o.entries().iter().map(|(k, _)| &**k).collect();
        assert_eq!(keys, ["b", "c"]);
        assert_eq!(o.get("b"), Some(&Value::Int(3)));
        assert_eq!(o.with(Arc::from("b"), Value::None).len(), 1);
    }

    #[test]
    fn sets_are_sorted_and_unique() {
        let s = Value::set(vec![Value::str("b"), Value::str("a"), Value::str("b")]);
        assert_eq!(s.to_json(), serde_json::json!(["a", "b"]));
    }

    #[test]
    fn floats_display_with_a_point() {
        assert_eq!(display(&Value::Float(2.0)), "2.0");
        assert_eq!(display(&Value::Float(0.001)), "0.001");
        assert_eq!(display(&Value::Int(-3)), "-3");
    }
}
