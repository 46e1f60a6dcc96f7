//! The evaluator over the compiled program. A `Machine` holds what one evaluation shares
//! (fuel, limits, the values of constants, parameters and data); a `Frame` holds the locals of
//! the running function, rule or test. Expressions are evaluated by a direct recursive walk:
//! trees are at most 256 deep, and the stack grows on the heap across long chains of calls.

mod collect;
mod ops;
mod pointer;
mod stmt;
mod views;

pub use collect::{Step, bind, steps};
pub use pointer::{BinderPtr, Pointers, Ptr, push_index, push_key};
pub use stmt::{AssertFailure, Output, RawViolation, RuleRun, Stop, conform_subject};
pub use views::MAX_VIEW_DEPTH;

use super::coverage::Coverage;
use super::error::{Rt, RtError};
use super::ir::{BinOp, Expr, Part, Program};
use super::limits::Limits;
use super::natives::check_len;
use super::value::{Obj, Str, Value, display, format_float};
use crate::diagnostics::codes;
use std::collections::HashMap;
use std::sync::Arc;

/// Stack left before a call continues on a new heap segment.
const STACK_RED_ZONE: usize = 128 * 1024;
/// Size of each new stack segment.
const STACK_GROWTH: usize = 2 * 1024 * 1024;

/// The locals of one running function, rule or test.
#[derive(Debug, Default)]
pub struct Frame {
    slots: Vec<Value>,
    pointers: Vec<Option<BinderPtr>>,
}

impl Frame {
    /// A frame with `slots` locals and `pointers` pointer slots.
    pub fn new(slots: u32, pointers: u32) -> Frame {
        Frame {
            slots: vec![Value::None; slots as usize],
            pointers: vec![None; pointers as usize],
        }
    }

    fn set(&mut self, slot: u32, value: Value) {
        if let Some(s) = self.slots.get_mut(slot as usize) {
            *s = value;
        }
    }

    fn get(&self, slot: u32) -> Value {
        self.slots.get(slot as usize).cloned().unwrap_or_default()
    }
}

/// Parameter and data values supplied by the host, conformed to their types, by item number
/// (`None`: not supplied). Shared, so many evaluations bind them once.
#[derive(Clone, Debug, Default)]
pub struct HostValues {
    /// Parameter overrides; a parameter without one takes its default.
    pub params: Arc<[Option<Value>]>,
    /// Data values.
    pub data: Arc<[Option<Value>]>,
}

impl HostValues {
    /// Host values from parameter overrides and data values.
    pub fn new(params: Vec<Option<Value>>, data: Vec<Option<Value>>) -> HostValues {
        HostValues {
            params: params.into(),
            data: data.into(),
        }
    }
}

thread_local! {
    /// Emptied frame storage a thread's machines pass on to the next, so that evaluating many
    /// documents does not allocate the same frames again for each.
    static SPARE_FRAMES: std::cell::Cell<Vec<Vec<Value>>> = const { std::cell::Cell::new(Vec::new()) };
}

/// The shared state of one evaluation.
pub struct Machine<'p> {
    /// The program.
    pub program: &'p Program,
    /// The limits.
    pub limits: Limits,
    /// Fuel left for the rule (or constant, or test) running now.
    fuel: u64,
    /// Fuel spent by the rules run so far.
    spent: u64,
    /// Constants computed so far, with the fuel computing each cost.
    consts: Vec<Option<(Value, u64)>>,
    host: HostValues,
    /// Defaults of parameters the host did not set, computed once per machine.
    defaults: Vec<Option<Value>>,
    /// Slot vectors of finished frames, emptied, for the next frames to reuse.
    spare: Vec<Vec<Value>>,
    /// The nodes of the JSON pointers of placed values.
    pub(crate) ptrs: Pointers,
    /// Values of calls whose arguments depend on the host only, by call site (the address
    /// of the call in the program), with the fuel computing them cost.
    memo: std::collections::BTreeMap<usize, (Value, u64)>,
    fixtures: Option<&'p HashMap<String, Value>>,
    folding: bool,
    /// The file of the rule, function or test running, for coverage.
    file: crate::span::FileId,
    /// What ran, when the host asked for coverage.
    coverage: Option<Coverage>,
}

impl Drop for Machine<'_> {
    fn drop(&mut self) {
        SPARE_FRAMES.set(std::mem::take(&mut self.spare));
    }
}

impl<'p> Machine<'p> {
    /// A machine for one evaluation, with the host's parameter and data values.
    pub fn new(program: &'p Program, limits: Limits, host: HostValues) -> Machine<'p> {
        Machine {
            program,
            limits,
            fuel: limits.fuel,
            spent: 0,
            consts: vec![None; program.consts.len()],
            host,
            defaults: Vec::new(),
            spare: SPARE_FRAMES.take(),
            ptrs: Pointers::default(),
            memo: std::collections::BTreeMap::new(),
            fixtures: None,
            folding: false,
            file: crate::span::FileId(0),
            coverage: None,
        }
    }

    /// Sets the file of what runs first (a test), for coverage.
    pub fn in_file(mut self, file: crate::span::FileId) -> Machine<'p> {
        self.file = file;
        self
    }

    /// Records coverage from now on.
    pub fn with_coverage(mut self) -> Machine<'p> {
        self.coverage = Some(Coverage::default());
        self
    }

    /// The coverage recorded, if asked for.
    pub fn take_coverage(&mut self) -> Option<Coverage> {
        self.coverage.take()
    }

    /// A machine that computes what does not depend on the host, to fold constants.
    pub fn for_folding(program: &'p Program) -> Machine<'p> {
        let mut m = Machine::new(program, Limits::default(), HostValues::default());
        m.folding = true;
        m
    }

    /// Gives the machine the fixtures a test may load.
    pub fn with_fixtures(mut self, fixtures: &'p HashMap<String, Value>) -> Machine<'p> {
        self.fixtures = Some(fixtures);
        self
    }

    /// A frame of `slots` locals and `pointers` pointer slots, reusing a finished frame's
    /// storage when there is one.
    pub(crate) fn frame(&mut self, slots: u32, pointers: u32) -> Frame {
        let mut values = self.spare.pop().unwrap_or_default();
        values.resize(slots as usize, Value::None);
        Frame {
            slots: values,
            pointers: if pointers == 0 {
                Vec::new()
            } else {
                vec![None; pointers as usize]
            },
        }
    }

    /// Gives a finished frame's storage back for reuse (its values are dropped now).
    pub(crate) fn recycle(&mut self, frame: Frame) {
        self.give_back(frame.slots);
    }

    /// Keeps emptied value storage for the next frame or builtin call.
    fn give_back(&mut self, mut values: Vec<Value>) {
        /// Enough for the deepest call chains policies make; more is dropped.
        const KEPT: usize = 32;
        values.clear();
        if self.spare.len() < KEPT {
            self.spare.push(values);
        }
    }

    /// The fuel spent by the rules run so far (each rule run has its own budget).
    pub fn fuel_used(&self) -> u64 {
        self.spent
    }

    /// Runs `f` with a fresh fuel budget (a rule run, a constant), restoring the budget of
    /// what was running before; returns what `f` returned and the fuel it spent.
    pub(crate) fn with_fresh_fuel<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> (T, u64) {
        let outer = std::mem::replace(&mut self.fuel, self.limits.fuel);
        let result = f(self);
        let spent = self.limits.fuel - self.fuel;
        self.fuel = outer;
        (result, spent)
    }

    /// Records fuel spent by a rule run, for the decision's statistics.
    pub(crate) fn add_spent(&mut self, fuel: u64) {
        self.spent = self.spent.saturating_add(fuel);
    }

    fn out_of_fuel(&self) -> RtError {
        RtError::new(
            codes::FUEL_EXHAUSTED,
            format!(
                "evaluation ran out of fuel after {} steps; raise the fuel limit if the input is legitimately this large",
                self.limits.fuel
            ),
        )
    }

    /// Spends one unit of fuel.
    #[inline]
    pub(crate) fn tick(&mut self) -> Rt<()> {
        self.spend(1)
    }

    /// Spends `n` units of fuel.
    #[inline]
    fn spend(&mut self, n: u64) -> Rt<()> {
        if self.fuel < n {
            self.fuel = 0;
            return Err(self.out_of_fuel());
        }
        self.fuel -= n;
        Ok(())
    }

    /// Runs an operation that compares values, charging one unit of fuel per comparison step;
    /// an operation that would exceed the fuel left stops with the fuel error.
    fn metered<T>(&mut self, f: impl FnOnce() -> T) -> Rt<T> {
        let (result, used, exhausted) = super::value::metered(self.fuel, f);
        self.fuel -= used.min(self.fuel);
        if exhausted {
            self.fuel = 0;
            return Err(self.out_of_fuel());
        }
        Ok(result)
    }

    /// A value the policy built, refused when it nests deeper than any value may.
    fn built(&self, v: Value) -> Rt<Value> {
        if v.depth() > super::value::MAX_VALUE_DEPTH {
            return Err(RtError::too_large(format!(
                "a value nested more than {} levels deep",
                super::value::MAX_VALUE_DEPTH
            )));
        }
        Ok(v)
    }

    /// The value of constant `i`, computed once per evaluation.
    pub fn constant(&mut self, i: u32) -> Rt<Value> {
        if self.folded_fit()
            && let Some(Some(v)) = self.program.folded_consts.get(i as usize)
        {
            return Ok(v.clone());
        }
        let global = self
            .program
            .constant(i)
            .ok_or_else(|| RtError::internal("a constant out of range"))?;
        // A constant is computed once per evaluation, and every use pays what computing it
        // cost, so a rule's fuel does not depend on which rules ran before it.
        if let Some(Some((v, cost))) = self.consts.get(i as usize) {
            let (v, cost) = (v.clone(), *cost);
            self.spend(cost)?;
            return Ok(v);
        }
        let expr = global
            .value
            .as_ref()
            .ok_or_else(|| RtError::internal("a constant without a value"))?;
        let mut frame = Frame::new(global.slots, 0);
        let before = self.fuel;
        let v = stacker::maybe_grow(STACK_RED_ZONE, STACK_GROWTH, || self.eval(expr, &mut frame))?;
        let cost = before.saturating_sub(self.fuel);
        if let Some(slot) = self.consts.get_mut(i as usize) {
            *slot = Some((v.clone(), cost));
        }
        Ok(v)
    }

    fn param(&mut self, i: u32) -> Rt<Value> {
        if let Some(Some(v)) = self.host.params.get(i as usize) {
            return Ok(v.clone());
        }
        if self.folding {
            return Err(host_value());
        }
        if let Some(Some(v)) = self.defaults.get(i as usize) {
            return Ok(v.clone());
        }
        let v = self.param_default(i)?;
        if self.defaults.len() <= i as usize {
            self.defaults.resize(i as usize + 1, None);
        }
        if let Some(slot) = self.defaults.get_mut(i as usize) {
            *slot = Some(v.clone());
        }
        Ok(v)
    }

    /// The default value of parameter `i`.
    pub fn param_default(&mut self, i: u32) -> Rt<Value> {
        if self.folded_fit()
            && let Some(Some(v)) = self.program.folded_params.get(i as usize)
        {
            return Ok(v.clone());
        }
        let global = self
            .program
            .param(i)
            .ok_or_else(|| RtError::internal("a parameter out of range"))?;
        let expr = global
            .value
            .as_ref()
            .ok_or_else(|| RtError::internal("a parameter without a default"))?;
        let mut frame = Frame::new(global.slots, 0);
        let (v, _) = self.with_fresh_fuel(|m| {
            stacker::maybe_grow(STACK_RED_ZONE, STACK_GROWTH, || m.eval(expr, &mut frame))
        });
        v
    }

    /// Whether values folded at compile time (under the default limits) may be used: not when
    /// the host set tighter limits, under which computing them might fail.
    fn folded_fit(&self) -> bool {
        let d = Limits::default();
        self.limits.max_collection_len >= d.max_collection_len
            && self.limits.max_string_bytes >= d.max_string_bytes
            && self.limits.fuel >= d.fuel
    }

    fn data(&mut self, i: u32) -> Rt<Value> {
        if self.folding {
            return Err(host_value());
        }
        if let Some(Some(v)) = self.host.data.get(i as usize) {
            return Ok(v.clone());
        }
        let name = self.program.datum(i).map_or("?", |g| g.name.as_str());
        Err(RtError::new(
            codes::MISSING_DATA,
            format!("the host supplied no value for `data {name}`"),
        ))
    }

    /// Calls the declared function of `call` with `args`.
    fn call(&mut self, call: &Expr, args: &[Expr], frame: &mut Frame) -> Rt<Value> {
        let Expr::Call { func, .. } = call else {
            return Err(RtError::internal("a call that is not one"));
        };
        let f = self
            .program
            .func(*func)
            .ok_or_else(|| RtError::internal("a function out of range"))?;
        let mut callee = self.frame(f.slots, 0);
        for (i, a) in args.iter().enumerate() {
            let v = self.eval(a, frame)?;
            callee.set(i as u32, v);
        }
        let outer = std::mem::replace(&mut self.file, f.file);
        let result = stacker::maybe_grow(STACK_RED_ZONE, STACK_GROWTH, || {
            for (slot, value, span) in &f.lets {
                if let Some(c) = self.coverage.as_mut() {
                    c.hit(f.file, *span);
                }
                let v = self.eval(value, &mut callee)?;
                callee.set(*slot, v);
            }
            if let Some(c) = self.coverage.as_mut() {
                c.hit(f.file, f.body_span);
            }
            self.eval(&f.body, &mut callee)
        });
        self.file = outer;
        self.recycle(callee);
        result
    }

    /// The text of an interpolated string.
    pub(crate) fn interpolate(&mut self, parts: &[Part], frame: &mut Frame) -> Rt<String> {
        let mut out = String::with_capacity(64);
        for part in parts {
            match part {
                Part::Text(t) => out.push_str(t),
                Part::Value(e, float) => match (self.eval(e, frame)?, float) {
                    (Value::Int(i), true) => out.push_str(&format_float(i as f64)),
                    (Value::Str(s), _) => out.push_str(&s),
                    (v, _) => out.push_str(&display(&v)),
                },
            }
            if out.len() > self.limits.max_string_bytes {
                return Err(RtError::too_large(format!(
                    "a string of more than {} bytes",
                    self.limits.max_string_bytes
                )));
            }
        }
        Ok(out)
    }

    /// Evaluates an expression.
    pub fn eval(&mut self, e: &Expr, frame: &mut Frame) -> Rt<Value> {
        self.tick()?;
        match e {
            Expr::Const(v) => Ok(v.clone()),
            Expr::Local(slot) => Ok(frame.get(*slot)),
            Expr::Global(i) => self.constant(*i),
            Expr::Param(i) => self.param(*i),
            Expr::Data(i) => self.data(*i),
            Expr::Field {
                base,
                name,
                optional: _,
            } => {
                // A chain of fields over a local is read through references: only the value
                // read at its end is copied. Its steps are charged together: reading fields
                // has no effect that running out of fuel half-way could reveal.
                if let Some((value, steps)) = local_chain(base, frame) {
                    self.spend(steps)?;
                    return Ok(ops::field_ref(value, name).clone());
                }
                let base = self.eval(base, frame)?;
                Ok(ops::field(&base, name))
            }
            Expr::Index {
                base,
                index,
                optional,
            } => {
                let base = self.eval(base, frame)?;
                if *optional && base.is_none() {
                    return Ok(Value::None);
                }
                let index = self.eval(index, frame)?;
                Ok(ops::index(&base, &index))
            }
            Expr::Call {
                memo: true, args, ..
            } => {
                // One value per evaluation. A repeated call costs the fuel the first one
                // spent, so fuel, and what runs out of it, is as if it ran every time.
                let site = std::ptr::from_ref(e) as usize;
                if let Some((v, cost)) = self.memo.get(&site) {
                    let (v, cost) = (v.clone(), *cost);
                    self.spend(cost)?;
                    return Ok(v);
                }
                let before = self.fuel;
                let v = self.call(e, args, frame)?;
                let cost = before.saturating_sub(self.fuel);
                self.memo.insert(site, (v.clone(), cost));
                Ok(v)
            }
            Expr::Call { args, .. } => self.call(e, args, frame),
            Expr::Native { native, args, .. } => {
                // The arguments go in a finished frame's storage: no allocation per call.
                let mut values = self.spare.pop().unwrap_or_default();
                for a in args {
                    values.push(self.eval(a, frame)?);
                }
                // A builtin costs in proportion to what it reads and builds: a step per
                // element or per 64 bytes of text, and a step per comparison it makes.
                let read: usize = values.iter().map(Value::size).sum();
                let limits = self.limits;
                let result = self
                    .spend(read as u64 / 64)
                    .and_then(|()| self.metered(|| (native.func)(&values, &limits))?);
                self.give_back(values);
                let result = result?;
                self.spend(result.size() as u64 / 64)?;
                Ok(result)
            }
            Expr::Testing { test, args, .. } => self.testing(*test, args, frame),
            Expr::Not(e) => match self.eval(e, frame)? {
                Value::Bool(b) => Ok(Value::Bool(!b)),
                _ => Err(RtError::internal("`not` of a value that is not a boolean")),
            },
            Expr::Neg(e, _) => ops::neg(self.eval(e, frame)?),
            Expr::Binary {
                op,
                float,
                lhs,
                rhs,
                ..
            } => {
                let l = self.eval(lhs, frame)?;
                let r = self.eval(rhs, frame)?;
                let limits = self.limits;
                if l.is_scalar() && r.is_scalar() && !matches!(op, BinOp::In | BinOp::NotIn) {
                    // Two scalars compare in exactly one step, and nothing else here compares:
                    // charge it directly rather than through the comparison meter.
                    if matches!(
                        op,
                        BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge
                    ) {
                        self.spend(1)?;
                    }
                    return ops::binary(*op, *float, l, r, &limits);
                }
                self.metered(|| ops::binary(*op, *float, l, r, &limits))?
            }
            Expr::And(l, r) => {
                if self.truth(l, frame)? {
                    Ok(Value::Bool(self.truth(r, frame)?))
                } else {
                    Ok(Value::Bool(false))
                }
            }
            Expr::Or(l, r) => {
                if self.truth(l, frame)? {
                    Ok(Value::Bool(true))
                } else {
                    Ok(Value::Bool(self.truth(r, frame)?))
                }
            }
            Expr::Coalesce(l, r) => match self.eval(l, frame)? {
                Value::None => self.eval(r, frame),
                v => Ok(v),
            },
            Expr::If(c, t, o) => {
                if self.truth(c, frame)? {
                    self.eval(t, frame)
                } else {
                    self.eval(o, frame)
                }
            }
            Expr::Quantified {
                every,
                binder,
                iter,
                body,
                ..
            } => self.quantified(*every, *binder, iter, body, frame),
            Expr::List(items) => {
                check_len(items.len(), &self.limits)?;
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    out.push(self.eval(item, frame)?);
                }
                self.built(Value::list(out))
            }
            Expr::Set(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    out.push(self.eval(item, frame)?);
                }
                let set = self.metered(|| Value::set(out))?;
                self.built(set)
            }
            Expr::Map(entries) => {
                let mut out = Vec::with_capacity(entries.len());
                for (k, v) in entries {
                    let k = self.eval(k, frame)?;
                    let v = self.eval(v, frame)?;
                    out.push((k, v));
                }
                let map = self.metered(|| Value::map(out))?;
                self.built(map)
            }
            Expr::Record { spread, fields } => {
                // Left to right: the record being updated first, then the fields.
                let base = match spread {
                    Some(base) => match self.eval(base, frame)? {
                        Value::Obj(base) => Some(base),
                        _ => return Err(RtError::internal("a record update of a non-record")),
                    },
                    None => None,
                };
                let mut values = Vec::with_capacity(fields.len());
                for (name, e) in fields {
                    values.push((name.clone(), self.eval(e, frame)?));
                }
                let record = match base {
                    None => Value::obj(Obj::from_entries(values)),
                    Some(base) => {
                        let mut obj = (*base).clone();
                        for (k, v) in values {
                            obj = obj.with(k, v);
                        }
                        Value::obj(obj)
                    }
                };
                self.built(record)
            }
            Expr::Comprehension {
                kind,
                key,
                element,
                clauses,
                ..
            } => self.comprehension(*kind, key.as_deref(), element, clauses, frame),
            Expr::Interp(parts) => Ok(Value::Str(Str::from(self.interpolate(parts, frame)?))),
            Expr::RuleRef(_) => Err(RtError::internal("a rule used as a value")),
        }
    }

    /// Evaluates a condition.
    pub fn truth(&mut self, e: &Expr, frame: &mut Frame) -> Rt<bool> {
        match self.eval(e, frame)? {
            Value::Bool(b) => Ok(b),
            _ => Err(RtError::internal("a condition that is not a boolean")),
        }
    }
}

/// `none`, to read by reference where a value is absent.
static NONE: Value = Value::None;

/// The value a chain of field reads over a local reads (`c.securityContext?.privileged`), by
/// reference, with the number of expressions in the chain (each would take a step); `None` when
/// the expression is not such a chain.
fn local_chain<'f>(e: &Expr, frame: &'f Frame) -> Option<(&'f Value, u64)> {
    match e {
        Expr::Local(slot) => Some((frame.slots.get(*slot as usize).unwrap_or(&NONE), 1)),
        Expr::Field { base, name, .. } => {
            let (value, steps) = local_chain(base, frame)?;
            Some((ops::field_ref(value, name), steps + 1))
        }
        _ => None,
    }
}

fn host_value() -> RtError {
    RtError::new(codes::MISSING_DATA, "depends on values the host supplies")
}

/// Computes, once, the constants and parameter defaults that depend on nothing the host
/// supplies, into the program's folded tables.
pub fn fold(program: &mut Program) {
    let (consts, params) = {
        let mut m = Machine::for_folding(program);
        let consts: Vec<Option<Value>> = (0..program.consts.len() as u32)
            .map(|i| m.constant(i).ok())
            .collect();
        let params: Vec<Option<Value>> = (0..program.params.len() as u32)
            .map(|i| m.param_default(i).ok())
            .collect();
        (consts, params)
    };
    program.folded_consts = consts;
    program.folded_params = params;
}
