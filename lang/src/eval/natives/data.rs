//! Builtins over collections and JSON values: counting, ordering, conversions, graph
//! reachability, and the narrowing of untyped `json` data.

use super::{NativeFn, arg, check_len, list, str_arg};
use crate::eval::error::{Rt, RtError};
use crate::eval::limits::Limits;
use crate::eval::value::{Str, Value, cmp};
use std::cmp::Ordering;
use std::collections::HashSet;
use std::sync::Arc;

pub(super) fn lookup(name: &str) -> Option<NativeFn> {
    let f: NativeFn = match name {
        "count" => |a, _| Ok(Value::Int(arg(a, 0)?.size() as i64)),
        "sum" => sum,
        "min" => |a, _| Ok(extreme(arg(a, 0)?, Ordering::Less)),
        "max" => |a, _| Ok(extreme(arg(a, 0)?, Ordering::Greater)),
        "sort" => |a, _| {
            let mut items = elements(arg(a, 0)?)?.to_vec();
            items.sort_by(cmp);
            Ok(Value::list(items))
        },
        "unique" => |a, _| {
            // Sort positions by value (stable: the first of equals comes first), keep the first
            // of each run, then restore the original order.
            let items = elements(arg(a, 0)?)?;
            let mut order: Vec<usize> = (0..items.len()).collect();
            order.sort_by(|i, j| match (items.get(*i), items.get(*j)) {
                (Some(x), Some(y)) => cmp(x, y),
                _ => Ordering::Equal,
            });
            let mut keep = vec![false; items.len()];
            let mut previous: Option<&Value> = None;
            for i in order {
                let Some(x) = items.get(i) else { continue };
                if previous.is_none_or(|p| cmp(p, x) != Ordering::Equal)
                    && let Some(k) = keep.get_mut(i)
                {
                    *k = true;
                }
                previous = Some(x);
            }
            Ok(Value::list(
                items
                    .iter()
                    .zip(keep)
                    .filter(|(_, k)| *k)
                    .map(|(x, _)| x.clone())
                    .collect(),
            ))
        },
        "keys" => |a, _| Ok(Value::list(entries(arg(a, 0)?)?.map(|(k, _)| k).collect())),
        "values" => |a, _| Ok(Value::list(entries(arg(a, 0)?)?.map(|(_, v)| v).collect())),
        "to_set" => |a, _| Ok(Value::set(elements(arg(a, 0)?)?.to_vec())),
        "flatten" => flatten,
        "reachable" => reachable,
        "json_pointer" => json_pointer,
        "parse_json" => parse_json,
        "get" => |a, _| {
            let key = str_arg(a, 1)?;
            Ok(match arg(a, 0)? {
                Value::Obj(o) => o.get(key).cloned().unwrap_or(Value::None),
                Value::Map(m) => m
                    .iter()
                    .find(|(k, _)| crate::eval::value::key_text(k) == **key)
                    .map(|(_, v)| v.clone())
                    .unwrap_or(Value::None),
                _ => Value::None,
            })
        },
        "as_string" => |a, _| {
            Ok(match arg(a, 0)? {
                v @ Value::Str(_) => v.clone(),
                _ => Value::None,
            })
        },
        "as_int" => |a, _| {
            Ok(match arg(a, 0)? {
                v @ Value::Int(_) => v.clone(),
                Value::Float(f)
                    if f.fract() == 0.0
                        && (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0)
                            .contains(f) =>
                {
                    Value::Int(*f as i64)
                }
                _ => Value::None,
            })
        },
        "as_float" => |a, _| Ok(arg(a, 0)?.as_f64().map_or(Value::None, Value::Float)),
        "as_bool" => |a, _| {
            Ok(match arg(a, 0)? {
                v @ Value::Bool(_) => v.clone(),
                _ => Value::None,
            })
        },
        "as_list" => |a, _| {
            Ok(match arg(a, 0)? {
                v @ Value::List(_) => v.clone(),
                Value::Set(xs) => Value::List(xs.clone()),
                _ => Value::None,
            })
        },
        "as_map" => |a, _| {
            Ok(match arg(a, 0)? {
                v @ Value::Obj(_) => v.clone(),
                Value::Map(m) => Value::map(
                    m.iter()
                        .map(|(k, v)| {
                            (
                                Value::Str(Str::from(crate::eval::value::key_text(k))),
                                v.clone(),
                            )
                        })
                        .collect(),
                ),
                _ => Value::None,
            })
        },
        _ => return None,
    };
    Some(f)
}

/// The elements of a list or set.
fn elements(v: &Value) -> Rt<&[Value]> {
    match v {
        Value::List(xs) | Value::Set(xs) => Ok(xs),
        _ => Err(RtError::internal("a builtin expected a list")),
    }
}

/// The entries of a map, in ascending key order.
fn entries(v: &Value) -> Rt<Box<dyn Iterator<Item = (Value, Value)> + '_>> {
    match v {
        Value::Obj(o) => Ok(Box::new(
            o.entries()
                .iter()
                .map(|(k, v)| (Value::Str(k.clone()), v.clone())),
        )),
        Value::Map(m) => Ok(Box::new(m.iter().cloned())),
        _ => Err(RtError::internal("a builtin expected a map")),
    }
}

fn sum(a: &[Value], _: &Limits) -> Rt<Value> {
    let mut total: i64 = 0;
    for x in elements(arg(a, 0)?)? {
        let Value::Int(n) = x else {
            return Err(RtError::internal("`sum` expected integers"));
        };
        total = total
            .checked_add(*n)
            .ok_or_else(|| RtError::arithmetic("integer overflow in `sum`"))?;
    }
    Ok(Value::Int(total))
}

/// The first element that is `order` than every other (`min` keeps the first of equals).
fn extreme(v: &Value, order: Ordering) -> Value {
    let Ok(items) = elements(v) else {
        return Value::None;
    };
    let mut best: Option<&Value> = None;
    for x in items {
        match best {
            Some(b) if cmp(x, b) != order => {}
            _ => best = Some(x),
        }
    }
    best.cloned().unwrap_or(Value::None)
}

fn flatten(a: &[Value], l: &Limits) -> Rt<Value> {
    let mut out = Vec::new();
    for inner in elements(arg(a, 0)?)? {
        let inner = elements(inner)?;
        check_len(out.len() + inner.len(), l)?;
        out.extend(inner.iter().cloned());
    }
    list(out, l)
}

fn reachable(a: &[Value], l: &Limits) -> Rt<Value> {
    let Value::Obj(edges) = arg(a, 0)? else {
        return Err(RtError::internal("`reachable` expected a map of strings"));
    };
    let mut seen = closure(edges, str_arg(a, 1)?, |_| false, l)?;
    // Sets are held in the value order: strings by code point.
    seen.sort_unstable();
    Ok(Value::Set(Arc::new(crate::eval::value::Seq::new(
        seen.into_iter().map(Value::Str).collect(),
    ))))
}

/// `x in reachable(edges, start)`, compiled to one search that stops when it reaches `x`
/// (arguments: `x`, `edges`, `start`, in the order the expression evaluates them).
pub(super) fn reachable_contains(a: &[Value], l: &Limits) -> Rt<Value> {
    let Value::Obj(edges) = arg(a, 1)? else {
        return Err(RtError::internal("`reachable` expected a map of strings"));
    };
    let target = arg(a, 0)?;
    let Value::Str(target) = target else {
        // Only strings are reachable.
        return Ok(Value::Bool(false));
    };
    let start = str_arg(a, 2)?;
    let mut found = false;
    closure(
        edges,
        start,
        |node| {
            found = node == target;
            found
        },
        l,
    )?;
    // Stopping early is only the same answer as building the closure when the closure could
    // not outgrow the collection limit, which building it reports: it holds at most the start
    // and every edge's target. Otherwise the whole closure is searched, as `reachable` would.
    let bound = 1 + edges
        .entries()
        .iter()
        .map(|(_, targets)| match targets {
            Value::List(xs) | Value::Set(xs) => xs.len(),
            _ => 0,
        })
        .sum::<usize>();
    if found && bound > l.max_collection_len {
        closure(edges, start, |_| false, l)?;
    }
    Ok(Value::Bool(found))
}

/// The nodes reachable from `start`, `start` included, in the order a breadth-first search
/// meets them; the search stops early when `stop` holds for a node it meets.
fn closure(
    edges: &crate::eval::value::Obj,
    start: &Str,
    mut stop: impl FnMut(&Str) -> bool,
    l: &Limits,
) -> Rt<Vec<Str>> {
    // `seen` is both the nodes reached and the queue (those after `next` are still to
    // visit). Small closures, the usual ones, are searched linearly; a large one gets a hash
    // set.
    let mut seen: Vec<Str> = Vec::with_capacity(8);
    let mut index: Option<HashSet<Str>> = None;
    seen.push(start.clone());
    if stop(start) {
        return Ok(seen);
    }
    let mut next = 0;
    while let Some(node) = seen.get(next).cloned() {
        next += 1;
        let Some(targets) = edges.get(&node) else {
            continue;
        };
        for n in elements(targets)? {
            let Value::Str(s) = n else { continue };
            let new = match index.as_mut() {
                Some(set) => set.insert(s.clone()),
                None => !seen.iter().any(|x| x == s),
            };
            if new {
                seen.push(s.clone());
                check_len(seen.len(), l)?;
                if stop(s) {
                    return Ok(seen);
                }
                if index.is_none() && seen.len() > 32 {
                    index = Some(seen.iter().cloned().collect());
                }
            }
        }
    }
    Ok(seen)
}

/// The value of a JSON text read with the input reader under its default limits (and no more
/// elements or bytes than evaluation allows): `none` for anything but exactly one JSON value.
fn parse_json(a: &[Value], l: &Limits) -> Rt<Value> {
    let text = str_arg(a, 0)?;
    let defaults = crate::InputLimits::default();
    let limits = crate::InputLimits {
        max_collection_len: defaults.max_collection_len.min(l.max_collection_len),
        max_string_bytes: defaults.max_string_bytes.min(l.max_string_bytes),
        ..defaults
    };
    let (documents, errors) =
        crate::read_documents(text.as_bytes(), crate::InputFormat::Json, &limits);
    Ok(match documents.as_slice() {
        [document] if errors.is_empty() => document.value.clone(),
        _ => Value::None,
    })
}

fn json_pointer(a: &[Value], _: &Limits) -> Rt<Value> {
    let pointer = str_arg(a, 1)?;
    let mut current = arg(a, 0)?.clone();
    if pointer.is_empty() {
        return Ok(current);
    }
    let Some(rest) = pointer.strip_prefix('/') else {
        return Err(RtError::builtin(
            "json_pointer",
            format!("`{pointer}` does not start with `/`"),
        ));
    };
    for raw in rest.split('/') {
        let token = crate::eval::input::lines::unescape(raw);
        current = match &current {
            Value::Obj(o) => o.get(&token).cloned().unwrap_or(Value::None),
            Value::List(xs) | Value::Set(xs) => crate::eval::input::lines::index(&token)
                .and_then(|i| xs.get(i))
                .cloned()
                .unwrap_or(Value::None),
            Value::Map(m) => m
                .iter()
                .find(|(k, _)| crate::eval::value::key_text(k) == token)
                .map(|(_, v)| v.clone())
                .unwrap_or(Value::None),
            _ => Value::None,
        };
        if current.is_none() {
            break;
        }
    }
    Ok(current)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `reachable` over a graph of `n` nodes: each node points at the next two (mod `n`), so
    /// every node is reached, through cycles, and the closure outgrows the linear search.
    fn closure_of(n: usize) -> Vec<String> {
        let graph: serde_json::Map<String, serde_json::Value> = (0..n)
            .map(|i| {
                let next = |k: usize| serde_json::json!(format!("n{:03}", (i + k) % n));
                (format!("n{i:03}"), serde_json::json!([next(1), next(2)]))
            })
            .collect();
        let args = [
            Value::from_json(&serde_json::Value::Object(graph)),
            Value::str("n000"),
        ];
        match reachable(&args, &Limits::default()) {
            Ok(Value::Set(s)) => s.iter().map(crate::eval::value::display).collect(),
            other => vec![format!("{other:?}")],
        }
    }

    #[test]
    fn membership_fails_as_the_closure_does_when_it_outgrows_the_limit() {
        // A chain a0 -> a1 -> ... -> a9: the closure from a0 has ten nodes.
        let graph: serde_json::Map<String, serde_json::Value> = (0..9)
            .map(|i| (format!("a{i}"), serde_json::json!([format!("a{}", i + 1)])))
            .collect();
        let graph = Value::from_json(&serde_json::Value::Object(graph));
        let limits = Limits {
            max_collection_len: 5,
            ..Limits::default()
        };
        let whole = reachable(&[graph.clone(), Value::str("a0")], &limits);
        assert!(whole.is_err(), "ten nodes exceed a limit of five");
        // a1 is met at once, but the answer must not differ from building the closure.
        let near = reachable_contains(
            &[Value::str("a1"), graph.clone(), Value::str("a0")],
            &limits,
        );
        assert!(near.is_err(), "{near:?}");
        let loose = Limits::default();
        let near = reachable_contains(&[Value::str("a1"), graph.clone(), Value::str("a0")], &loose);
        assert_eq!(near.ok(), Some(Value::Bool(true)));
        let absent = reachable_contains(&[Value::str("zz"), graph, Value::str("a0")], &loose);
        assert_eq!(absent.ok(), Some(Value::Bool(false)));
    }

    #[test]
    fn reachable_finds_every_node_once_in_order_small_and_large() {
        for n in [1, 5, 32, 33, 200] {
            let expected: Vec<String> = (0..n).map(|i| format!("n{i:03}")).collect();
            assert_eq!(closure_of(n), expected, "{n} nodes");
        }
    }
}
