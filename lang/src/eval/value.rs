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

/// How deeply values may nest. Documents are refused deeper than their own (lower) limit; a
/// policy that builds deeper values (say, by wrapping a list in a list a million times through
/// functions) gets E0504 instead, so that comparing, serialising and dropping values never
/// recurses without bound.
pub const MAX_VALUE_DEPTH: u32 = 512;

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
    /// A finite float (`-0.0` is stored as `0.0`).
    Float(f64),
    /// A string.
    Str(Str),
    /// A list, in order.
    List(Arc<Seq>),
    /// A set: ascending, no duplicates.
    Set(Arc<Seq>),
    /// Records and JSON objects: entries sorted by key, no `none` values. Also maps with string
    /// keys, which may hold `none` values.
    Obj(Arc<Obj>),
    /// A map whose keys are not strings: entries sorted by key, no duplicate keys.
    Map(Arc<Entries>),
}

/// The elements of a list or set, with their nesting depth.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Seq {
    items: Vec<Value>,
    depth: u32,
}

impl Seq {
    /// A sequence of these elements.
    pub fn new(items: Vec<Value>) -> Seq {
        let depth = 1 + items.iter().map(Value::depth).max().unwrap_or(0);
        Seq { items, depth }
    }

    /// The elements.
    pub fn items(&self) -> &[Value] {
        &self.items
    }
}

impl std::ops::Deref for Seq {
    type Target = [Value];
    fn deref(&self) -> &[Value] {
        &self.items
    }
}

/// The entries of a map with keys other than strings, sorted by key, with their depth.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Entries {
    items: Vec<(Value, Value)>,
    depth: u32,
}

impl Entries {
    fn new(items: Vec<(Value, Value)>) -> Entries {
        let depth = 1 + items
            .iter()
            .map(|(k, v)| k.depth().max(v.depth()))
            .max()
            .unwrap_or(0);
        Entries { items, depth }
    }
}

impl std::ops::Deref for Entries {
    type Target = [(Value, Value)];
    fn deref(&self) -> &[(Value, Value)] {
        &self.items
    }
}

/// The entries of an object, sorted by key.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Obj {
    entries: Vec<(Str, Value)>,
    depth: u32,
}

fn entries_depth(entries: &[(Str, Value)]) -> u32 {
    1 + entries.iter().map(|(_, v)| v.depth()).max().unwrap_or(0)
}

impl Obj {
    /// An object from entries in any order; `none` values are dropped and a later duplicate
    /// key replaces an earlier one.
    pub fn from_entries(mut entries: Vec<(Str, Value)>) -> Obj {
        entries.retain(|(_, v)| !matches!(v, Value::None));
        Obj::keeping_none(entries)
    }

    /// An object from entries in any order, keeping `none` values (maps with string keys); a
    /// later duplicate key replaces an earlier one.
    pub fn keeping_none(mut entries: Vec<(Str, Value)>) -> Obj {
        // A stable sort keeps duplicates in input order; keep the last of each.
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut out: Vec<(Str, Value)> = Vec::with_capacity(entries.len());
        for (k, v) in entries {
            match out.last_mut() {
                Some(last) if last.0 == k => last.1 = v,
                _ => out.push((k, v)),
            }
        }
        let depth = entries_depth(&out);
        Obj {
            entries: out,
            depth,
        }
    }

    /// An object from entries already sorted by key, without duplicates or `none` values.
    pub(crate) fn from_sorted(entries: Vec<(Str, Value)>) -> Obj {
        debug_assert!(entries.windows(2).all(|w| matches!(w, [a, b] if a.0 < b.0)));
        let depth = entries_depth(&entries);
        Obj { entries, depth }
    }

    /// The value of `key`, if present.
    pub fn get(&self, key: &str) -> Option<&Value> {
        // Most objects of a manifest are small: comparing lengths first rejects nearly every
        // other key without reading it, which beats a binary search of string comparisons.
        if self.entries.len() <= 12 {
            let key = key.as_bytes();
            return self
                .entries
                .iter()
                .find(|(k, _)| k.len() == key.len() && k.as_bytes() == key)
                .map(|(_, v)| v);
        }
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
        let depth = entries_depth(&entries);
        Obj { entries, depth }
    }
}

impl Value {
    /// A string value.
    pub fn str(s: &str) -> Value {
        Value::Str(Arc::from(s))
    }

    /// A float value (`-0.0` becomes `0.0`, so that equal numbers have one representation).
    pub fn float(f: f64) -> Value {
        Value::Float(if f == 0.0 { 0.0 } else { f })
    }

    /// A list value.
    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Arc::new(Seq::new(items)))
    }

    /// A set of the given elements, sorted and deduplicated.
    pub fn set(mut items: Vec<Value>) -> Value {
        items.sort_by(cmp);
        items.dedup_by(|a, b| cmp(a, b) == Ordering::Equal);
        Value::Set(Arc::new(Seq::new(items)))
    }

    /// A map from entries in any order; a later duplicate key wins. String-keyed maps (and the
    /// empty map) are objects, which for maps keep `none` values.
    pub fn map(entries: Vec<(Value, Value)>) -> Value {
        if entries.iter().all(|(k, _)| matches!(k, Value::Str(_))) {
            let entries = entries
                .into_iter()
                .filter_map(|(k, v)| match k {
                    Value::Str(s) => Some((s, v)),
                    _ => None,
                })
                .collect();
            return Value::Obj(Arc::new(Obj::keeping_none(entries)));
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
        Value::Map(Arc::new(Entries::new(out)))
    }

    /// An object value.
    pub fn obj(obj: Obj) -> Value {
        Value::Obj(Arc::new(obj))
    }

    /// Whether this is `none`.
    pub fn is_none(&self) -> bool {
        matches!(self, Value::None)
    }

    /// Whether this is no collection: `none`, a boolean, a number or a string.
    pub fn is_scalar(&self) -> bool {
        !matches!(
            self,
            Value::List(_) | Value::Set(_) | Value::Obj(_) | Value::Map(_)
        )
    }

    /// How deeply collections nest in this value: 0 for scalars, 1 for a flat list.
    pub fn depth(&self) -> u32 {
        match self {
            Value::List(xs) | Value::Set(xs) => xs.depth,
            Value::Obj(o) => o.depth,
            Value::Map(m) => m.depth,
            _ => 0,
        }
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

    /// The number of elements or entries of a collection; for a string, its bytes.
    pub fn size(&self) -> usize {
        match self {
            Value::List(xs) | Value::Set(xs) => xs.len(),
            Value::Obj(o) => o.len(),
            Value::Map(m) => m.len(),
            Value::Str(s) => s.len(),
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
                None => Value::float(n.as_f64().unwrap_or(0.0)),
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

    /// Compact JSON text of the value, or `None` when it would be longer than `limit` bytes
    /// (the text is written as a stream and abandoned at the limit, so a value that is small in
    /// memory but huge as text, through sharing, costs at most `limit`).
    pub fn to_json_text(&self, limit: usize) -> Option<String> {
        let mut out = String::new();
        write_json(self, &mut out, limit).then_some(out)
    }
}

/// Appends the compact JSON text of `v`; false once `out` exceeds `limit` bytes.
fn write_json(v: &Value, out: &mut String, limit: usize) -> bool {
    if out.len() > limit {
        return false;
    }
    match v {
        Value::None => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Float(_) => out.push_str(&v.to_json().to_string()),
        Value::Str(s) => out.push_str(&serde_json::Value::String(s.to_string()).to_string()),
        Value::List(xs) | Value::Set(xs) => {
            out.push('[');
            for (i, x) in xs.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if !write_json(x, out, limit) {
                    return false;
                }
            }
            out.push(']');
        }
        Value::Obj(o) => {
            out.push('{');
            for (i, (k, x)) in o.entries().iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::Value::String(k.to_string()).to_string());
                out.push(':');
                if !write_json(x, out, limit) {
                    return false;
                }
            }
            out.push('}');
        }
        Value::Map(m) => {
            out.push('{');
            for (i, (k, x)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::Value::String(key_text(k)).to_string());
                out.push(':');
                if !write_json(x, out, limit) {
                    return false;
                }
            }
            out.push('}');
        }
    }
    out.len() <= limit
}

/// A map key as text: a string as itself, anything else as its display form.
pub fn key_text(key: &Value) -> String {
    match key {
        Value::Str(s) => s.to_string(),
        other => display(other),
    }
}

/// The text a value is interpolated as: strings bare, numbers in decimal, floats always with
/// a `.`; anything else as compact JSON.
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

/// The shortest decimal that reads back as `f`, always with a `.` in the mantissa: `2.0`,
/// `0.001`, `1.0e16`, `1.5e-7`.
pub fn format_float(f: f64) -> String {
    // `Debug` prints the shortest round-tripping form: `1.0` for one, `1e16` for large ones.
    let text = format!("{f:?}");
    match text.split_once('e') {
        Some((mantissa, exponent)) if !mantissa.contains('.') => {
            format!("{mantissa}.0e{exponent}")
        }
        _ => text,
    }
}

/// A meter of comparison work, per thread: the evaluator runs operations that compare values
/// (`==`, `in`, `sort`, sets…) under a budget, and a comparison that would walk more nodes than
/// the budget stops early. Outside a metered section the budget is unlimited.
mod meter {
    use std::cell::Cell;

    thread_local! {
        static REMAINING: Cell<u64> = const { Cell::new(u64::MAX) };
        /// Whether a step was refused since the metered operation began.
        static REFUSED: Cell<bool> = const { Cell::new(false) };
    }

    /// Spends one step; false (and the operation is out of fuel) when none is left.
    pub fn charge() -> bool {
        let left = REMAINING.get();
        if left == 0 {
            REFUSED.set(true);
            false
        } else {
            REMAINING.set(left - 1);
            true
        }
    }

    /// Runs `f` with `budget` steps; returns its result, the steps spent and whether a step was
    /// refused. An operation that needs exactly the budget completes, as `spend` allows.
    pub fn metered<T>(budget: u64, f: impl FnOnce() -> T) -> (T, u64, bool) {
        let outer = REMAINING.replace(budget);
        let outer_refused = REFUSED.replace(false);
        let result = f();
        let left = REMAINING.replace(outer);
        let refused = REFUSED.replace(outer_refused);
        (result, budget - left, refused)
    }
}

pub use meter::metered;

/// Rank of a value's kind in the value order. Lists and sets share a rank: they compare as
/// sequences, as they are in JSON.
fn rank(v: &Value) -> u8 {
    match v {
        Value::None => 0,
        Value::Bool(_) => 1,
        Value::Int(_) | Value::Float(_) => 2,
        Value::Str(_) => 3,
        Value::List(_) | Value::Set(_) => 4,
        Value::Obj(_) | Value::Map(_) => 6,
    }
}

/// 2⁶³, exactly: the first float above every `i64`.
const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;

/// Compares an integer with a float numerically, exactly.
fn cmp_int_float(i: i64, f: f64) -> Ordering {
    if f >= TWO_POW_63 {
        Ordering::Less
    } else if f < -TWO_POW_63 {
        Ordering::Greater
    } else {
        // In range: compare the integer parts, then the fraction.
        let whole = f.trunc();
        match i.cmp(&(whole as i64)) {
            Ordering::Equal => 0.0f64.partial_cmp(&(f - whole)).unwrap_or(Ordering::Equal),
            other => other,
        }
    }
}

/// The value order: `none` first, then booleans, numbers (numerically, `int` and `float`
/// together), strings (by code point), lists and sets (as sequences), then objects and maps (as
/// lists of entries). Equality is `cmp == Equal`. Comparison work is metered ([`metered`]).
pub fn cmp(a: &Value, b: &Value) -> Ordering {
    if !meter::charge() {
        return Ordering::Equal;
    }
    match (a, b) {
        (Value::None, Value::None) => Ordering::Equal,
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        (Value::Int(x), Value::Int(y)) => x.cmp(y),
        (Value::Float(x), Value::Float(y)) => x.partial_cmp(y).unwrap_or(Ordering::Equal),
        (Value::Int(x), Value::Float(y)) => cmp_int_float(*x, *y),
        (Value::Float(x), Value::Int(y)) => cmp_int_float(*y, *x).reverse(),
        (Value::Str(x), Value::Str(y)) => x.cmp(y),
        (Value::List(x) | Value::Set(x), Value::List(y) | Value::Set(y)) => {
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
            if Arc::ptr_eq(x, y) {
                return Ordering::Equal;
            }
            for (p, q) in x.iter().zip(y.iter()) {
                let o = cmp(&p.0, &q.0).then_with(|| cmp(&p.1, &q.1));
                if o != Ordering::Equal {
                    return o;
                }
            }
            x.len().cmp(&y.len())
        }
        // Keys of maps (numbers, booleans) sort before strings, so a non-empty map orders
        // before a non-empty object; the empty map is an empty object, before both.
        (Value::Obj(x), Value::Map(_)) if x.is_empty() => Ordering::Less,
        (Value::Map(_), Value::Obj(y)) if y.is_empty() => Ordering::Greater,
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
    fn an_operation_needing_exactly_its_budget_completes() {
        let three = || (0..3).all(|_| super::meter::charge());
        assert_eq!(metered(3, three), (true, 3, false), "exactly the budget");
        assert_eq!(metered(2, three), (false, 2, true), "one step short");
        assert_eq!(metered(0, || 7), (7, 0, false), "no comparison, no fuel");
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
        assert_eq!(display(&Value::Float(1e16)), "1.0e16");
        assert_eq!(display(&Value::Float(1.5e-7)), "1.5e-7");
        assert_eq!(display(&Value::Int(-3)), "-3");
    }

    #[test]
    fn zero_has_one_sign_and_huge_floats_order_exactly() {
        assert_eq!(Value::float(-0.0), Value::float(0.0));
        assert_eq!(
            Value::set(vec![Value::float(-0.0), Value::float(0.0)]).size(),
            1
        );
        assert_eq!(
            cmp(&Value::Int(i64::MAX), &Value::Float(TWO_POW_63)),
            Ordering::Less
        );
        assert_eq!(cmp(&Value::Int(2), &Value::Float(2.5)), Ordering::Less);
        assert_eq!(cmp(&Value::Int(-3), &Value::Float(-2.5)), Ordering::Less);
    }

    #[test]
    fn empty_maps_order_first_and_lists_equal_sets_as_sequences() {
        let empty = Value::map(Vec::new());
        let one = Value::map(vec![(Value::Int(1), Value::str("a"))]);
        assert_eq!(cmp(&empty, &one), Ordering::Less);
        let list = Value::list(vec![Value::Int(1), Value::Int(2)]);
        let set = Value::set(vec![Value::Int(2), Value::Int(1)]);
        assert_eq!(list, set);
    }

    #[test]
    fn depth_counts_nesting() {
        let inner = Value::list(vec![Value::Int(1)]);
        let outer = Value::list(vec![
            inner.clone(),
            Value::obj(Obj::from_entries(vec![(Arc::from("a"), inner)])),
        ]);
        assert_eq!(outer.depth(), 3);
    }

    #[test]
    fn comparisons_stop_when_the_meter_runs_out() {
        let row = Value::list((0..1000).map(Value::Int).collect());
        let grid = Value::list(vec![row.clone(); 1000]);
        let other = Value::list(vec![Value::list((0..1000).map(Value::Int).collect()); 1000]);
        let (_, used, exhausted) = metered(10_000, || grid == other);
        assert!(exhausted);
        assert_eq!(used, 10_000);
    }

    #[test]
    fn json_text_stops_at_its_limit() {
        let row = Value::list((0..1000).map(Value::Int).collect());
        let grid = Value::list(vec![row; 1000]);
        assert!(grid.to_json_text(10_000).is_none());
        assert_eq!(
            Value::list(vec![Value::Int(1)])
                .to_json_text(100)
                .as_deref(),
            Some("[1]")
        );
    }
}
