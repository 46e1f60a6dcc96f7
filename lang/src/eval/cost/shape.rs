//! What the cost analysis knows of a value: upper bounds of its size, in the measures the
//! evaluator charges fuel by. `Value::size` (a collection's elements or a string's bytes) is
//! what a builtin pays for reading and building; the number of nodes is what comparing it can
//! visit (`value::cmp` charges one step per pair of nodes it visits).

use crate::eval::value::Value;

/// Upper bounds of the sizes of the input: the documents judged and the values the host
/// supplies (parameters, data). The analysis's results hold for every input within them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct SizeBounds {
    /// The most elements of any list or set, or members of any object or map.
    pub collection_len: u64,
    /// The most bytes of any string or object key.
    pub string_bytes: u64,
    /// The most values of one document (every element, member value, string and scalar).
    pub nodes: u64,
}

impl SizeBounds {
    /// The bounds the input limits enforce: no document read under `limits` is larger.
    pub fn of_input_limits(limits: &crate::eval::input::InputLimits) -> SizeBounds {
        SizeBounds {
            collection_len: limits.max_collection_len as u64,
            string_bytes: limits.max_string_bytes as u64,
            nodes: limits.max_nodes as u64,
        }
    }

    /// The smallest bounds that hold for each of `values`: the sizes of actual inputs, to see
    /// how close the bound comes to the fuel an evaluation of them spends.
    pub fn of_values<'v>(values: impl IntoIterator<Item = &'v Value>) -> SizeBounds {
        let mut b = SizeBounds {
            collection_len: 0,
            string_bytes: 0,
            nodes: 0,
        };
        for v in values {
            let mut levels = [0; 4];
            measure(v, &mut b, 0, &mut levels);
            b.nodes = b.nodes.max(levels[0]);
        }
        b
    }
}

impl SizeBounds {
    /// Bounds that hold for inputs within either.
    pub fn join(&self, o: &SizeBounds) -> SizeBounds {
        SizeBounds {
            collection_len: self.collection_len.max(o.collection_len),
            string_bytes: self.string_bytes.max(o.string_bytes),
            nodes: self.nodes.max(o.nodes),
        }
    }

    /// Bounds that hold for a document of `shape` and everything in it.
    pub fn of_shape(shape: Shape) -> SizeBounds {
        SizeBounds {
            collection_len: shape.deep_elems,
            string_bytes: shape.deep_bytes,
            nodes: shape.nodes,
        }
    }
}

/// Walks `v` at `depth`, raising the collection and string bounds of `b` and the most nodes
/// of a value at each depth (the last entry: at that depth or deeper); returns its nodes.
fn measure(v: &Value, b: &mut SizeBounds, depth: usize, levels: &mut [u64; 4]) -> u64 {
    let mut child = |x: &Value, b: &mut SizeBounds| measure(x, b, depth + 1, levels);
    let nodes = match v {
        Value::List(xs) | Value::Set(xs) => {
            b.collection_len = b.collection_len.max(xs.len() as u64);
            xs.iter().fold(1u64, |n, x| n.saturating_add(child(x, b)))
        }
        Value::Obj(o) => {
            b.collection_len = b.collection_len.max(o.len() as u64);
            o.entries().iter().fold(1u64, |n, (k, x)| {
                b.string_bytes = b.string_bytes.max(k.len() as u64);
                n.saturating_add(child(x, b))
            })
        }
        Value::Map(m) => {
            b.collection_len = b.collection_len.max(m.len() as u64);
            m.iter().fold(1u64, |n, (k, x)| {
                n.saturating_add(child(k, b)).saturating_add(child(x, b))
            })
        }
        Value::Str(s) => {
            b.string_bytes = b.string_bytes.max(s.len() as u64);
            1
        }
        _ => 1,
    };
    if let Some(l) = levels.get_mut(depth.min(3)) {
        *l = (*l).max(nodes);
    }
    nodes
}

/// Whether `v` holds a map with a key that is a collection.
fn keyed(v: &Value) -> bool {
    match v {
        Value::List(xs) | Value::Set(xs) => xs.iter().any(keyed),
        Value::Obj(o) => o.entries().iter().any(|(_, x)| keyed(x)),
        Value::Map(m) => m.iter().any(|(k, x)| {
            matches!(
                k,
                Value::List(_) | Value::Set(_) | Value::Obj(_) | Value::Map(_)
            ) || keyed(k)
                || keyed(x)
        }),
        _ => false,
    }
}

/// Upper bounds of one value's sizes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Shape {
    /// Elements of the value, if a collection.
    pub elems: u64,
    /// Bytes of the value, if a string.
    pub bytes: u64,
    /// Elements of any collection in the value, itself included.
    pub deep_elems: u64,
    /// Bytes of any string in the value (keys included), itself included.
    pub deep_bytes: u64,
    /// Nodes a comparison of the value can visit: one for the value, and for a collection
    /// those of its elements (of a map's keys and values; of an object's values).
    pub nodes: u64,
    /// The most nodes of an element (key, value) of the value, of an element's element, and
    /// of anything deeper.
    pub inner: [u64; 3],
    /// Whether the value may hold a map whose keys are collections: its text as JSON writes
    /// such a key as the key's own text, escaped again at every level, with no bound from the
    /// other sizes.
    pub keyed: bool,
}

impl Shape {
    /// A boolean, number or `none`.
    pub const SCALAR: Shape = Shape {
        elems: 0,
        bytes: 0,
        deep_elems: 0,
        deep_bytes: 0,
        nodes: 1,
        inner: [1; 3],
        keyed: false,
    };

    /// A string of at most `bytes` bytes.
    pub fn string(bytes: u64) -> Shape {
        Shape {
            bytes,
            deep_bytes: bytes,
            ..Shape::SCALAR
        }
    }

    /// A value of the input, or a part of one. A document conformed to a type with `map`s of
    /// non-string keys compares those keys too: twice the nodes.
    pub fn input(b: &SizeBounds) -> Shape {
        let nodes = b.nodes.saturating_mul(2).max(1);
        Shape {
            elems: b.collection_len,
            bytes: b.string_bytes,
            deep_elems: b.collection_len,
            deep_bytes: b.string_bytes,
            nodes,
            inner: [nodes; 3],
            keyed: false,
        }
    }

    /// A collection of at most `elems` elements (or entries), each within `item`, where an
    /// entry of a map counts its key's nodes in `item`.
    pub fn collection(elems: u64, item: Shape) -> Shape {
        Shape {
            elems,
            bytes: 0,
            deep_elems: elems.max(item.deep_elems),
            deep_bytes: item.deep_bytes,
            nodes: elems.saturating_mul(item.nodes).saturating_add(1),
            inner: item.outer(),
            keyed: item.keyed,
        }
    }

    /// The `inner` of a collection whose elements are within this shape.
    fn outer(self) -> [u64; 3] {
        let [a, b, c] = self.inner;
        [self.nodes, a, b.max(c)]
    }

    /// A collection literal (or record) of these elements (or fields).
    pub fn built(items: &[Shape]) -> Shape {
        let item = items.iter().fold(Shape::SCALAR, |a, s| a.join(*s));
        let nodes = items.iter().fold(1u64, |a, s| a.saturating_add(s.nodes));
        Shape {
            nodes,
            ..Shape::collection(items.len() as u64, item)
        }
    }

    /// A map entry as one element: its key's nodes and its value's.
    pub fn entry(k: Shape, v: Shape) -> Shape {
        Shape {
            elems: v.elems,
            bytes: v.bytes,
            deep_elems: k.deep_elems.max(v.deep_elems),
            deep_bytes: k.deep_bytes.max(v.deep_bytes),
            nodes: k.nodes.saturating_add(v.nodes),
            inner: k.join(v).inner,
            keyed: k.keyed || v.keyed || k.elems > 0 || k.nodes > 1,
        }
    }

    /// A value that is one of two joined into one: two lists or strings concatenated.
    pub fn concatenated(l: Shape, r: Shape, elems: u64, bytes: u64) -> Shape {
        let j = l.join(r);
        Shape {
            elems,
            bytes,
            deep_elems: j.deep_elems.max(elems),
            deep_bytes: j.deep_bytes.max(bytes),
            nodes: l.nodes.saturating_add(r.nodes),
            inner: j.inner,
            keyed: j.keyed,
        }
    }

    /// Anything of at most `b` of everything (a document parsed from `b` bytes of text).
    pub fn at_most(b: u64) -> Shape {
        let b = b.max(1);
        Shape {
            elems: b,
            bytes: b,
            deep_elems: b,
            deep_bytes: b,
            nodes: b,
            inner: [b; 3],
            keyed: false,
        }
    }

    /// The exact sizes of a value.
    pub fn of_value(v: &Value) -> Shape {
        let mut b = SizeBounds {
            collection_len: 0,
            string_bytes: 0,
            nodes: 0,
        };
        let mut levels = [1; 4];
        let nodes = measure(v, &mut b, 0, &mut levels);
        let [_, inner @ ..] = levels;
        let (elems, bytes) = match v {
            Value::Str(s) => (0, s.len() as u64),
            other => (other.size() as u64, 0),
        };
        Shape {
            elems,
            bytes,
            deep_elems: b.collection_len,
            deep_bytes: b.string_bytes,
            nodes,
            inner,
            keyed: keyed(v),
        }
    }

    /// Bounds that hold for a value within either.
    pub fn join(self, o: Shape) -> Shape {
        Shape {
            elems: self.elems.max(o.elems),
            bytes: self.bytes.max(o.bytes),
            deep_elems: self.deep_elems.max(o.deep_elems),
            deep_bytes: self.deep_bytes.max(o.deep_bytes),
            nodes: self.nodes.max(o.nodes),
            inner: [
                self.inner[0].max(o.inner[0]),
                self.inner[1].max(o.inner[1]),
                self.inner[2].max(o.inner[2]),
            ],
            keyed: self.keyed || o.keyed,
        }
    }

    /// Bounds that hold for a value within both.
    pub fn meet(self, o: Shape) -> Shape {
        let [a0, a1, a2] = self.inner;
        let [b0, b1, b2] = o.inner;
        Shape {
            elems: self.elems.min(o.elems),
            bytes: self.bytes.min(o.bytes),
            deep_elems: self.deep_elems.min(o.deep_elems),
            deep_bytes: self.deep_bytes.min(o.deep_bytes),
            nodes: self.nodes.min(o.nodes).max(1),
            inner: [a0.min(b0).max(1), a1.min(b1).max(1), a2.min(b2).max(1)],
            keyed: self.keyed && o.keyed,
        }
    }

    /// Whether every bound of this shape is within `o`'s.
    pub fn within(self, o: Shape) -> bool {
        self.elems <= o.elems
            && self.bytes <= o.bytes
            && self.deep_elems <= o.deep_elems
            && self.deep_bytes <= o.deep_bytes
            && self.nodes <= o.nodes
            && self.inner.iter().zip(o.inner).all(|(a, b)| *a <= b)
            && (!self.keyed || o.keyed)
    }

    /// Bounds of any element, key or value inside this value.
    pub fn item(self) -> Shape {
        let [a, b, c] = self.inner;
        Shape {
            elems: self.deep_elems,
            bytes: self.deep_bytes,
            deep_elems: self.deep_elems,
            deep_bytes: self.deep_bytes,
            nodes: a.min(self.nodes.saturating_sub(1)).max(1),
            inner: [b, c, c],
            keyed: self.keyed,
        }
    }

    /// A bound of `Value::size`: what reading or building the value is charged by.
    pub fn size(self) -> u64 {
        self.elems.max(self.bytes)
    }
}

/// An upper bound of the comparisons the standard library's stable sort makes on `n`
/// elements: `4n(⌈log₂ n⌉ + 1)`. The sort guarantees `O(n log n)` comparisons without a
/// documented constant: it sorts short runs by insertion (up to `n(n-1)/2` comparisons, 1.6
/// times `n(⌈log₂ n⌉ + 1)` at 20 elements), merges runs and partitions others around pivots
/// chosen from the data, falling back to merging past a depth limit. The constant is measured
/// with a margin: the test below counts comparisons on sorted, reversed, random, repetitive,
/// zigzag and pivot-adversarial inputs, and the most seen is under half the bound.
pub fn sort_comparisons(n: u64) -> u64 {
    if n < 2 {
        return 0;
    }
    let log = u64::from(64 - (n - 1).leading_zeros());
    n.saturating_mul(log + 1).saturating_mul(4)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn the_sort_bound_holds_for_the_standard_sort() {
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut random = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for n in (0..200u64).chain([255, 256, 257, 1000, 1024, 4097, 20_000, 65_536]) {
            let mut blocks: Vec<u64> = (0..n).collect();
            blocks.chunks_mut(8).for_each(<[u64]>::reverse);
            let patterns: Vec<Vec<u64>> = vec![
                (0..n).collect(),
                (0..n).rev().collect(),
                (0..n).map(|_| random() % 1_000_000).collect(),
                (0..n).map(|_| random()).collect(),
                (0..n).map(|_| random() % 3).collect(),
                (0..n).map(|i| if i < n / 2 { i } else { n - i }).collect(),
                (0..n).map(|i| if i % 2 == 0 { i } else { n - i }).collect(),
                (0..n).map(|i| i % 17).collect(),
                (0..n).map(|i| (i * 31) % 64 + (i / 64) * 1000).collect(),
                blocks,
                median_of_three_killer(n),
            ];
            for mut p in patterns {
                let count = Cell::new(0u64);
                p.sort_by(|a, b| {
                    count.set(count.get() + 1);
                    a.cmp(b)
                });
                assert!(
                    count.get() <= sort_comparisons(n),
                    "{} comparisons for {n} elements, bound {}",
                    count.get(),
                    sort_comparisons(n)
                );
            }
        }
    }

    /// Musser's sequence that makes a median-of-three quicksort quadratic.
    fn median_of_three_killer(n: u64) -> Vec<u64> {
        let k = n / 2;
        let mut a: Vec<u64> = (0..n).collect();
        for i in 1..=k {
            if i % 2 == 1 {
                if let Some(x) = a.get_mut(i as usize - 1) {
                    *x = i;
                }
                if let Some(x) = a.get_mut(i as usize) {
                    *x = k + i;
                }
            }
            if let Some(x) = a.get_mut((k + i - 1) as usize) {
                *x = 2 * i;
            }
        }
        a
    }

    #[test]
    fn measured_shapes_bound_the_value() {
        let v = Value::from_json(&serde_json::json!({
            "a": [1, 2, 3],
            "bb": {"c": "hello"}
        }));
        let s = Shape::of_value(&v);
        assert_eq!(s.elems, 2);
        assert_eq!(s.deep_elems, 3);
        assert_eq!(s.deep_bytes, 5);
        // The object, the list and its three numbers, the inner object and its string.
        assert_eq!(s.nodes, 7);
        // The list, then its numbers and the string.
        assert_eq!(s.inner, [4, 1, 1]);
        assert_eq!(s.item().nodes, 4);
        assert_eq!(s.item().item().nodes, 1);
        let b = SizeBounds::of_values([&v]);
        assert_eq!((b.collection_len, b.string_bytes, b.nodes), (3, 5, 7));
    }
}
