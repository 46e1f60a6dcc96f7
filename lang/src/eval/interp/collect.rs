//! Iteration: the elements of lists, sets and maps in the value order, and the loops built on
//! them (quantifiers and comprehensions). Every iteration costs fuel; every collection built
//! is bounded by the collection limit.

use super::{Frame, Machine};
use crate::eval::error::{Rt, RtError};
use crate::eval::ir::{Binder, Clause, Collect, Expr};
use crate::eval::natives::check_len;
use crate::eval::value::{Value, cmp};

/// One step of an iteration: the index or key, and the element or value.
pub struct Step {
    /// The index (lists), the element (sets) or the key (maps).
    pub key: Value,
    /// The element (lists, sets) or the value (maps).
    pub value: Value,
    /// The position, for pointers into lists.
    pub position: usize,
    /// Whether the collection is a map (the key is what one binder gets).
    pub keyed: bool,
}

/// The steps of iterating over a collection, in order.
pub fn steps(collection: &Value) -> Rt<Vec<Step>> {
    Ok(match collection {
        Value::List(xs) => xs
            .iter()
            .enumerate()
            .map(|(i, x)| Step {
                key: Value::Int(i as i64),
                value: x.clone(),
                position: i,
                keyed: false,
            })
            .collect(),
        Value::Set(xs) => xs
            .iter()
            .enumerate()
            .map(|(i, x)| Step {
                key: x.clone(),
                value: x.clone(),
                position: i,
                keyed: false,
            })
            .collect(),
        Value::Obj(o) => o
            .entries()
            .iter()
            .enumerate()
            .map(|(i, (k, v))| Step {
                key: Value::Str(k.clone()),
                value: v.clone(),
                position: i,
                keyed: true,
            })
            .collect(),
        Value::Map(m) => m
            .iter()
            .enumerate()
            .map(|(i, (k, v))| Step {
                key: k.clone(),
                value: v.clone(),
                position: i,
                keyed: true,
            })
            .collect(),
        Value::None => Vec::new(),
        _ => {
            return Err(RtError::internal(
                "iteration over a value that is not a collection",
            ));
        }
    })
}

/// Binds one step to a binder: one name gets the element of a list or set or the key of a
/// map; two names get index and element, or key and value.
pub fn bind(frame: &mut Frame, binder: Binder, step: &Step) {
    match binder.second {
        None => {
            let v = if step.keyed { &step.key } else { &step.value };
            frame.set(binder.first, v.clone());
        }
        Some(second) => {
            frame.set(binder.first, step.key.clone());
            frame.set(second, step.value.clone());
        }
    }
}

impl Machine<'_> {
    pub(super) fn quantified(
        &mut self,
        every: bool,
        binder: Binder,
        iter: &Expr,
        body: &Expr,
        frame: &mut Frame,
    ) -> Rt<Value> {
        let collection = self.eval(iter, frame)?;
        for step in steps(&collection)? {
            self.tick()?;
            bind(frame, binder, &step);
            let holds = self.truth(body, frame)?;
            if holds != every {
                return Ok(Value::Bool(!every));
            }
        }
        Ok(Value::Bool(every))
    }

    pub(super) fn comprehension(
        &mut self,
        kind: Collect,
        key: Option<&Expr>,
        element: &Expr,
        clauses: &[Clause],
        frame: &mut Frame,
    ) -> Rt<Value> {
        let mut items: Vec<Value> = Vec::new();
        let mut entries: Vec<(Value, Value)> = Vec::new();
        // The limit applies to the collection built: a set or map that goes over it while
        // generating is first compacted (duplicates dropped), then checked.
        let mut sink = |m: &mut Machine<'_>, frame: &mut Frame| -> Rt<()> {
            let limit = m.limits.max_collection_len;
            match key {
                Some(k) => {
                    let k = m.eval(k, frame)?;
                    let v = m.eval(element, frame)?;
                    entries.push((k, v));
                    if entries.len() > limit {
                        compact_entries(&mut entries);
                    }
                    check_len(entries.len(), &m.limits)
                }
                None => {
                    items.push(m.eval(element, frame)?);
                    if items.len() > limit && kind == Collect::Set {
                        compact(&mut items);
                    }
                    check_len(items.len(), &m.limits)
                }
            }
        };
        self.clauses(clauses, frame, &mut sink)?;
        Ok(match kind {
            Collect::List => Value::list(items),
            Collect::Set => Value::set(items),
            Collect::Map => Value::map(entries),
        })
    }

    fn clauses(
        &mut self,
        clauses: &[Clause],
        frame: &mut Frame,
        sink: &mut dyn FnMut(&mut Machine<'_>, &mut Frame) -> Rt<()>,
    ) -> Rt<()> {
        let Some((first, rest)) = clauses.split_first() else {
            return sink(self, frame);
        };
        match first {
            Clause::If(cond) => {
                if self.truth(cond, frame)? {
                    self.clauses(rest, frame, sink)?;
                }
            }
            Clause::For(binder, iter) => {
                let collection = self.eval(iter, frame)?;
                for step in steps(&collection)? {
                    self.tick()?;
                    bind(frame, *binder, &step);
                    self.clauses(rest, frame, sink)?;
                }
            }
        }
        Ok(())
    }
}

/// Sorts and removes duplicates, as a set does.
fn compact(items: &mut Vec<Value>) {
    items.sort_by(cmp);
    items.dedup_by(|a, b| cmp(a, b) == std::cmp::Ordering::Equal);
}

/// Keeps the last entry of each key, in key order, as a map does.
fn compact_entries(entries: &mut Vec<(Value, Value)>) {
    // A stable sort keeps equal keys in generation order; the last of each run wins.
    entries.sort_by(|a, b| cmp(&a.0, &b.0));
    let mut out: Vec<(Value, Value)> = Vec::with_capacity(entries.len());
    for (k, v) in entries.drain(..) {
        match out.last_mut() {
            Some(last) if cmp(&last.0, &k) == std::cmp::Ordering::Equal => last.1 = v,
            _ => out.push((k, v)),
        }
    }
    *entries = out;
}
