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

/// The steps of iterating over a collection, in order, produced one at a time (a loop that
/// stops early has not copied the rest of the collection).
pub struct Steps {
    collection: Value,
    next: usize,
}

impl Iterator for Steps {
    type Item = Step;

    fn next(&mut self) -> Option<Step> {
        let i = self.next;
        let step = match &self.collection {
            Value::List(xs) => xs.get(i).map(|x| Step {
                key: Value::Int(i as i64),
                value: x.clone(),
                position: i,
                keyed: false,
            }),
            Value::Set(xs) => xs.get(i).map(|x| Step {
                key: x.clone(),
                value: x.clone(),
                position: i,
                keyed: false,
            }),
            Value::Obj(o) => o.entries().get(i).map(|(k, v)| Step {
                key: Value::Str(k.clone()),
                value: v.clone(),
                position: i,
                keyed: true,
            }),
            Value::Map(m) => m.get(i).map(|(k, v)| Step {
                key: k.clone(),
                value: v.clone(),
                position: i,
                keyed: true,
            }),
            _ => None,
        };
        self.next += 1;
        step
    }
}

/// The steps of iterating over a collection (`none` has none).
pub fn steps(collection: &Value) -> Rt<Steps> {
    match collection {
        Value::List(_) | Value::Set(_) | Value::Obj(_) | Value::Map(_) | Value::None => Ok(Steps {
            collection: collection.clone(),
            next: 0,
        }),
        _ => Err(RtError::internal(
            "iteration over a value that is not a collection",
        )),
    }
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
        // generating is compacted (duplicates dropped, each step paid for in fuel) and checked;
        // the next compaction waits until it has doubled again, so compacting stays linear.
        let mut threshold = self.limits.max_collection_len;
        let mut sink = |m: &mut Machine<'_>, frame: &mut Frame| -> Rt<()> {
            match key {
                Some(k) => {
                    let k = m.eval(k, frame)?;
                    let v = m.eval(element, frame)?;
                    entries.push((k, v));
                    if entries.len() > threshold {
                        m.metered(|| compact_entries(&mut entries))?;
                        check_len(entries.len(), &m.limits)?;
                        threshold = (2 * entries.len()).max(m.limits.max_collection_len);
                    }
                    Ok(())
                }
                None => {
                    items.push(m.eval(element, frame)?);
                    if items.len() > threshold {
                        if kind == Collect::Set {
                            m.metered(|| compact(&mut items))?;
                        }
                        check_len(items.len(), &m.limits)?;
                        threshold = (2 * items.len()).max(m.limits.max_collection_len);
                    }
                    Ok(())
                }
            }
        };
        self.clauses(clauses, frame, &mut sink)?;
        let built = match kind {
            Collect::List => Value::list(items),
            Collect::Set => self.metered(|| Value::set(items))?,
            Collect::Map => self.metered(|| Value::map(entries))?,
        };
        check_len(built.size(), &self.limits)?;
        self.built(built)
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
