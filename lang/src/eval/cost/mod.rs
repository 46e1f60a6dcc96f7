//! Static cost bounds: before anything is evaluated, an upper bound of the fuel each rule can
//! spend on one document, as a function of bounds of the input's sizes ([`SizeBounds`]).
//!
//! The analysis walks the compiled program ([`Program`]) the way the evaluator runs it and
//! charges what the evaluator charges (spec/limits.md, "Static cost bounds"): a step per
//! expression evaluated, statement executed and loop iteration; for a builtin, a step per 64
//! units read and built plus its declared comparisons (`natives.rs`); for an operator that
//! compares collections, the nodes it can visit. Each value is known by upper bounds of its
//! sizes (`Shape`, in `shape.rs`); a loop runs at most as many times as its collection has
//! elements. Nested loops multiply. The language has no recursion, so every bound is finite; bounds are
//! counted in `u128` (a bound past it saturates, and is still sound: no run spends more than
//! the fuel limit).
//!
//! The obligation, checked by a property test over random well-typed programs: the fuel an
//! evaluation spends is at most the bound computed with the sizes of its input.

mod natives;
mod shape;
mod types;

pub use shape::{SizeBounds, sort_comparisons};

use crate::check::types::Ty;
use crate::eval::ir::{
    BinOp, Binder, Clause, Collect, Expr, Part, Place, PlaceStep, Program, Slot, Stmt,
};
use crate::eval::limits::Limits;
use crate::eval::value::Str;
use crate::span::{FileId, Span};
use shape::Shape;
use std::collections::HashMap;
use std::fmt;

/// One loop of a term: what it iterates over and how many times it can run.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Factor {
    /// The collection, as written (its last field, function or builtin).
    pub name: String,
    /// The most iterations.
    pub bound: u64,
}

/// The part of a bound that dominates it: loops nested in one another, times the cost of one
/// iteration of the innermost.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Term {
    /// The loops, outermost first; none for straight-line code.
    pub factors: Vec<Factor>,
    /// The cost of one iteration of the innermost loop (all of it, without loops).
    #[serde(serialize_with = "wide")]
    pub per_iteration: u128,
    /// The product: what this term contributes to the bound.
    #[serde(serialize_with = "wide")]
    pub value: u128,
    /// Where the innermost loop is, when there is one.
    #[serde(skip)]
    pub at: Option<(FileId, Span)>,
}

/// A number of steps in JSON: a number up to `u64::MAX` (what JSON readers take exactly, or
/// nearly), its digits as a string past it.
fn wide<S: serde::Serializer>(n: &u128, s: S) -> Result<S::Ok, S::Error> {
    match u64::try_from(*n) {
        Ok(small) => s.serialize_u64(small),
        Err(_) => s.serialize_str(&n.to_string()),
    }
}

impl Term {
    fn flat(steps: u128) -> Term {
        Term {
            factors: Vec::new(),
            per_iteration: steps,
            value: steps,
            at: None,
        }
    }
}

impl fmt::Display for Term {
    /// `containers × env × 40`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for factor in &self.factors {
            write!(f, "{} × ", factor.name)?;
        }
        write!(f, "{}", self.per_iteration)
    }
}

/// What an item of a policy set is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    /// A rule: its bound is per document it applies to.
    Rule,
    /// A view: its bound is per document it reads.
    View,
    /// A function: its bound is per call, with arguments as large as the input.
    Function,
}

/// The static cost bound of one item.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ItemCost {
    /// Rule, view or function.
    pub kind: ItemKind,
    /// The rule's metadata id, for rules.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `package.name`.
    pub name: String,
    /// The most fuel one run can spend, in the evaluator's steps (`u128::MAX`: past counting;
    /// a run never spends more than the fuel limit, whatever its bound).
    #[serde(serialize_with = "wide")]
    pub bound: u128,
    /// What dominates the bound.
    pub dominant: Term,
    /// Where the item is declared.
    #[serde(skip)]
    pub file: FileId,
    /// The item's name.
    #[serde(skip)]
    pub span: Span,
}

/// The bound of every rule, view and function of `program`, for inputs within `sizes` and
/// evaluation under `limits`, in declaration order (rules, then views, then functions).
pub fn analyze(program: &Program, sizes: &SizeBounds, limits: &Limits) -> Vec<ItemCost> {
    let mut a = Analyzer {
        program,
        sizes: *sizes,
        types: types::TypeShapes::new(*sizes),
        limits: *limits,
        folded: folded_fit(limits),
        file: FileId(0),
        calls: HashMap::new(),
        consts: HashMap::new(),
        yielded: None,
        loops: 0,
    };
    // Rules and views judge the documents views yield too, up to MAX_VIEW_DEPTH views deep:
    // the sizes of what is judged are those of the input joined with those of each level.
    let levels = view_levels(program);
    if levels > 0 {
        let mut judged = *sizes;
        for _ in 0..levels {
            a.reset(judged);
            for view in program.views.iter().flatten() {
                a.file = view.file;
                let mut env = Env::new(view.slots);
                let subject = a.types.of(&view.subject);
                env.set(0, subject, Str::from("subject"), Some(view.subject.clone()));
                a.stmts(&view.body, &mut env);
            }
            let next = match a.yielded {
                Some(y) => sizes.join(&SizeBounds::of_shape(y)),
                None => *sizes,
            };
            if next == judged {
                break;
            }
            judged = next;
        }
        a.reset(judged);
    }
    let mut out = Vec::new();
    for (_, rule) in program.linked_rules() {
        a.file = rule.file;
        let mut env = Env::new(rule.slots);
        let subject = a.types.of(&rule.subject);
        env.set(0, subject, Str::from("subject"), Some(rule.subject.clone()));
        let cost = a.stmts(&rule.body, &mut env);
        out.push(ItemCost {
            kind: ItemKind::Rule,
            id: Some(rule.id.to_string()),
            name: rule.qualified.to_string(),
            bound: cost.total(),
            dominant: cost.top,
            file: rule.file,
            span: rule.span,
        });
    }
    for view in program.views.iter().flatten() {
        a.file = view.file;
        let mut env = Env::new(view.slots);
        let subject = a.types.of(&view.subject);
        env.set(0, subject, Str::from("subject"), Some(view.subject.clone()));
        let cost = a.stmts(&view.body, &mut env);
        out.push(ItemCost {
            kind: ItemKind::View,
            id: None,
            name: view.qualified.to_string(),
            bound: cost.total(),
            dominant: cost.top,
            file: view.file,
            span: view.span,
        });
    }
    for (i, func) in program.fns.iter().enumerate() {
        let Some(func) = func else { continue };
        let args = vec![Shape::input(&a.sizes); func.arity as usize];
        let tys = vec![None; func.arity as usize];
        let (cost, _) = a.call(i as u32, &args, &tys, &[]);
        out.push(ItemCost {
            kind: ItemKind::Function,
            id: None,
            name: func.name.clone(),
            bound: cost.total(),
            dominant: cost.top,
            file: func.file,
            span: func.body_span,
        });
    }
    out
}

/// An error (E0509) for each rule or view of `program` whose bound, for documents within
/// `input` and evaluation under `limits`, exceeds `budget` steps: at the item's name, with the
/// loop that dominates its bound; each with the item's qualified name.
pub fn over_budget(
    program: &Program,
    budget: u64,
    input: &crate::eval::input::InputLimits,
    limits: &Limits,
) -> Vec<(String, crate::diagnostics::Diagnostic)> {
    use crate::diagnostics::{Diagnostic, codes};
    let sizes = SizeBounds::of_input_limits(input);
    analyze(program, &sizes, limits)
        .into_iter()
        .filter(|c| c.kind != ItemKind::Function && c.bound > u128::from(budget))
        .map(|c| {
            let what = match (&c.kind, &c.id) {
                (ItemKind::Rule, Some(id)) => format!("rule `{id}`"),
                _ => format!("view `{}`", c.name),
            };
            let bound = if c.bound == u128::MAX {
                "more than 2^128".to_owned()
            } else {
                c.bound.to_string()
            };
            let mut d = Diagnostic::new(
                codes::RULE_COST_OVER_BUDGET,
                c.file,
                c.span,
                format!(
                    "{what} can cost {bound} steps on one document within the input limits, over the budget of {budget} (`max_rule_cost`)"
                ),
            );
            if let Some((file, span)) = c.dominant.at {
                d = d.with_label_in(file, span, format!("dominated by {}", c.dominant));
            }
            let d = d.with_help(
                "iterate over fewer or smaller collections (each nested loop multiplies the bound), \
                 lower the input limits (`max_collection_len`, `max_string_bytes`, `max_nodes`), \
                 or raise `max_rule_cost`; `palisade check --cost` shows every rule's bound",
            );
            (c.name, d)
        })
        .collect()
}

/// How many views deep the documents judged can be: the longest chain of views each of which
/// may yield a document the next one reads (a cycle: as deep as the evaluator lets views nest).
fn view_levels(program: &Program) -> usize {
    let views: Vec<&crate::eval::ir::View> = program.views.iter().flatten().map(|v| &**v).collect();
    let limit = crate::eval::interp::MAX_VIEW_DEPTH + 1;
    // The longest chain ending at each view, found by relaxing `limit` times: a chain that is
    // still growing then is a cycle.
    let mut longest = vec![1usize; views.len()];
    for _ in 0..limit {
        let mut next = longest.clone();
        for (j, to) in views.iter().enumerate() {
            for (i, from) in views.iter().enumerate() {
                if may_feed(&from.target, &to.discriminators)
                    && let (Some(l), Some(n)) = (longest.get(i), next.get_mut(j))
                {
                    *n = (*n).max((l + 1).min(limit));
                }
            }
        }
        if next == longest {
            break;
        }
        longest = next;
    }
    longest.into_iter().max().unwrap_or(0)
}

/// Whether a document of type `target` (what a view yields) can have the discriminators a
/// view or rule requires: each required field is not a string literal other than the one
/// required.
pub(crate) fn may_feed(target: &Ty, discriminators: &[(Str, Str)]) -> bool {
    let Ty::Record(r) = target.strip_optional() else {
        return true;
    };
    discriminators.iter().all(|(field, value)| {
        match r.field(field).map(|f| f.ty.strip_optional()) {
            Some(Ty::Lit(l)) => **l == **value,
            Some(Ty::Enum(members)) => members.iter().any(|m| **m == **value),
            Some(Ty::Str | Ty::Json) => true,
            Some(_) => false,
            None => r.open,
        }
    })
}

/// Whether values folded at compile time are used under `limits` (as the evaluator decides).
fn folded_fit(limits: &Limits) -> bool {
    let d = Limits::default();
    limits.max_collection_len >= d.max_collection_len
        && limits.max_string_bytes >= d.max_string_bytes
        && limits.fuel >= d.fuel
}

/// Steps spent per element of an enclosing loop, in loops over parts of that element: each
/// element `x` of loop `anchor` costs at most `it(x) × per`, where `it(x) ≤ iters` and
/// `it(x)` is at most the nodes of `x`. Summed over the loop's elements, that is at most the
/// nodes of its collection times `per`: loops nested along a document's structure
/// (`containers`, then each container's `env`) cost in proportion to the document, not to the
/// product of the longest collections.
#[derive(Clone, Copy, Debug)]
struct Share {
    anchor: u32,
    iters: u128,
    per: u128,
}

/// A bound of fuel, with its dominant term.
#[derive(Clone, Debug)]
struct Cost {
    /// Steps not tied to the elements of an enclosing loop.
    plain: u128,
    /// Steps tied to them, at most one share per loop.
    shares: Vec<Share>,
    top: Term,
}

/// A loop being analysed.
struct Loop {
    /// Its number, for the shares of loops over parts of its elements.
    id: u32,
    /// The most iterations: the elements of its collection.
    n: u64,
    /// The nodes of its collection.
    nodes: u64,
    /// The loop whose element its collection is a part of, if any.
    within: Option<u32>,
    /// What it iterates over, for terms.
    name: String,
    /// Where it is.
    at: (FileId, Span),
}

/// Adds a share, merging it with one of the same loop: `(max iters, per + per)` bounds both.
fn add_share(shares: &mut Vec<Share>, s: Share) {
    match shares.iter_mut().find(|t| t.anchor == s.anchor) {
        Some(t) => {
            t.iters = t.iters.max(s.iters);
            t.per = t.per.saturating_add(s.per);
        }
        None => shares.push(s),
    }
}

impl Cost {
    fn steps(n: u64) -> Cost {
        Cost::wide(u128::from(n))
    }

    fn wide(n: u128) -> Cost {
        Cost {
            plain: n,
            shares: Vec::new(),
            top: Term::flat(n),
        }
    }

    /// The bound: plain steps, and each share counted for one element.
    fn total(&self) -> u128 {
        self.shares.iter().fold(self.plain, |t, s| {
            t.saturating_add(s.iters.saturating_mul(s.per))
        })
    }

    /// This, then `o`.
    fn then(self, o: Cost) -> Cost {
        let plain = self.plain.saturating_add(o.plain);
        let mut shares = self.shares;
        for s in o.shares {
            add_share(&mut shares, s);
        }
        let top = match (self.top.factors.is_empty(), o.top.factors.is_empty()) {
            (true, true) => Term::flat(self.top.value.saturating_add(o.top.value)),
            _ if o.top.value > self.top.value => o.top,
            _ => self.top,
        };
        Cost { plain, shares, top }
    }

    /// `n` more steps.
    fn plus(self, n: u64) -> Cost {
        self.then(Cost::steps(n))
    }

    /// The dearer of two branches (shares of both: their sum bounds either).
    fn or(self, o: Cost) -> Cost {
        let top = if o.total() > self.total() {
            o.top
        } else {
            self.top
        };
        let mut shares = self.shares;
        for s in o.shares {
            add_share(&mut shares, s);
        }
        Cost {
            plain: self.plain.max(o.plain),
            shares,
            top,
        }
    }

    /// This, once per iteration of loop `l`.
    fn repeat(self, l: &Loop) -> Cost {
        let times = u128::from(l.n);
        let body = self.total();
        let mut shares = Vec::new();
        // What the loop's iterations cost in all: its plain steps, and the loops over parts of
        // its elements, at most as many iterations as its collection has nodes.
        let mut own: Vec<(u128, u128)> = vec![(times, self.plain)];
        for s in self.shares {
            if s.anchor == l.id {
                let count = times.saturating_mul(s.iters).min(u128::from(l.nodes));
                own.push((count, s.per));
            } else {
                add_share(
                    &mut shares,
                    Share {
                        per: s.per.saturating_mul(times),
                        ..s
                    },
                );
            }
        }
        let plain = match l.within {
            // A loop over a part of an element of loop `b`: per element of `b` it runs at most
            // as many times as that element has nodes.
            Some(b) => {
                for (iters, per) in own {
                    add_share(
                        &mut shares,
                        Share {
                            anchor: b,
                            iters,
                            per,
                        },
                    );
                }
                0
            }
            None => own
                .into_iter()
                .fold(0u128, |t, (n, p)| t.saturating_add(n.saturating_mul(p))),
        };
        let inner = if self.top.factors.is_empty() {
            Term {
                factors: Vec::new(),
                per_iteration: body,
                value: body,
                at: Some(l.at),
            }
        } else {
            self.top
        };
        let mut factors = Vec::with_capacity(inner.factors.len() + 1);
        factors.push(Factor {
            name: l.name.clone(),
            bound: l.n,
        });
        factors.extend(inner.factors);
        Cost {
            plain,
            shares,
            top: Term {
                factors,
                per_iteration: inner.per_iteration,
                value: inner.value.saturating_mul(times),
                at: inner.at.or(Some(l.at)),
            },
        }
    }
}

/// What is known of a local.
#[derive(Clone, Debug)]
struct Local {
    shape: Shape,
    name: Str,
    /// The declared type of a value read from the input.
    ty: Option<Ty>,
    /// The loop whose element this value is, or is a part of.
    within: Option<u32>,
}

/// The locals of the code being analysed.
#[derive(Clone, Debug)]
struct Env {
    slots: Vec<Option<Local>>,
}

impl Env {
    fn new(slots: u32) -> Env {
        Env {
            slots: vec![None; slots as usize],
        }
    }

    fn set(&mut self, slot: Slot, shape: Shape, name: Str, ty: Option<Ty>) {
        self.set_within(slot, shape, name, ty, None);
    }

    fn set_within(
        &mut self,
        slot: Slot,
        shape: Shape,
        name: Str,
        ty: Option<Ty>,
        within: Option<u32>,
    ) {
        if self.slots.len() <= slot as usize {
            self.slots.resize(slot as usize + 1, None);
        }
        if let Some(s) = self.slots.get_mut(slot as usize) {
            *s = Some(Local {
                shape,
                name,
                ty,
                within,
            });
        }
    }

    fn get(&self, slot: Slot) -> Option<&Local> {
        self.slots.get(slot as usize).and_then(Option::as_ref)
    }

    /// Locals after one of two branches ran.
    fn join(&mut self, o: Env) {
        for (i, other) in o.slots.into_iter().enumerate() {
            match (self.slots.get_mut(i), other) {
                (Some(Some(mine)), Some(theirs)) => {
                    mine.shape = mine.shape.join(theirs.shape);
                    if mine.ty != theirs.ty {
                        mine.ty = None;
                    }
                    if mine.within != theirs.within {
                        mine.within = None;
                    }
                }
                (Some(mine @ None), theirs) => *mine = theirs,
                (None, theirs) => self.slots.push(theirs),
                _ => {}
            }
        }
    }
}

/// A call analysed: the function, the shapes of its arguments and the keys of their types.
type CallKey = (u32, Vec<Shape>, Vec<u64>);

struct Analyzer<'p> {
    program: &'p Program,
    /// The sizes of the documents judged (views' included) and of host values.
    sizes: SizeBounds,
    /// The sizes of input values of each declared type, within `sizes`.
    types: types::TypeShapes,
    limits: Limits,
    folded: bool,
    file: FileId,
    /// Calls analysed, by function, the shapes of the arguments and the keys of their types.
    calls: HashMap<CallKey, (Cost, Shape)>,
    /// Module constants analysed.
    consts: HashMap<u32, (Cost, Shape)>,
    /// What the views analysed may yield.
    yielded: Option<Shape>,
    /// Loops numbered so far.
    loops: u32,
}

impl Analyzer<'_> {
    /// Starts over for judged documents within `sizes`.
    fn reset(&mut self, sizes: SizeBounds) {
        self.sizes = sizes;
        self.types = types::TypeShapes::new(sizes);
        self.calls.clear();
        self.consts.clear();
        self.yielded = None;
    }

    /// The shape of an input value of type `ty`, within `shape`.
    fn typed(&mut self, shape: Shape, ty: Option<&Ty>) -> Shape {
        match ty {
            Some(t) => shape.meet(self.types.of(t)),
            None => shape,
        }
    }

    /// The declared type of the input value `e` reads, if it reads one.
    fn ty_of(&mut self, e: &Expr, env: &Env) -> Option<Ty> {
        match e {
            Expr::Local(slot) => env.get(*slot).and_then(|l| l.ty.clone()),
            Expr::Field { base, name, .. } => types::field(&self.ty_of(base, env)?, name),
            Expr::Index { base, .. } => types::element(&self.ty_of(base, env)?),
            // A default is policy code's value: typed only when the host must supply it.
            Expr::Param(i) => self
                .program
                .param(*i)
                .filter(|g| g.value.is_none())
                .and_then(|g| g.ty.clone()),
            Expr::Data(i) => self.program.datum(*i).and_then(|g| g.ty.clone()),
            // `x ?? []`: a default that is a value of the type, within its sizes, keeps it.
            Expr::Coalesce(a, b) => {
                let ta = self.ty_of(a, env)?;
                match &**b {
                    Expr::Const(v) => {
                        let t = ta.strip_optional().clone();
                        let fits = crate::eval::conform::conform(v, &t).is_ok_and(|c| &c == v)
                            && Shape::of_value(v).within(self.types.of(&t));
                        fits.then_some(t)
                    }
                    other => {
                        let tb = self.ty_of(other, env)?;
                        (ta.strip_optional() == tb.strip_optional()).then_some(tb)
                    }
                }
            }
            _ => None,
        }
    }

    /// Any value, as large as the input or as evaluation may build.
    fn any(&self) -> Shape {
        let built = Shape {
            elems: self.limits.max_collection_len as u64,
            bytes: self.limits.max_string_bytes as u64,
            deep_elems: self.limits.max_collection_len as u64,
            deep_bytes: self.limits.max_string_bytes as u64,
            keyed: true,
            ..Shape::SCALAR
        };
        Shape::input(&self.sizes).join(built)
    }

    fn clamp_elems(&self, n: u64) -> u64 {
        n.min(self.limits.max_collection_len as u64)
    }

    fn clamp_bytes(&self, n: u64) -> u64 {
        n.min(self.limits.max_string_bytes as u64)
    }

    fn stmts(&mut self, stmts: &[Stmt], env: &mut Env) -> Cost {
        stmts
            .iter()
            .fold(Cost::steps(0), |c, s| c.then(self.stmt(s, env)))
    }

    fn stmt(&mut self, s: &Stmt, env: &mut Env) -> Cost {
        let tick = Cost::steps(1);
        match s {
            Stmt::Let(slot, e, _) => {
                let (c, shape) = self.expr(e, env);
                let name = self.name_of(e, env);
                let ty = self.ty_of(e, env);
                let within = self.within(e, env);
                env.set_within(*slot, shape, name, ty, within);
                tick.then(c)
            }
            Stmt::If(cond, then, otherwise, _) => {
                let (c, _) = self.expr(cond, env);
                let mut other = env.clone();
                let t = self.stmts(then, env);
                let o = self.stmts(otherwise, &mut other);
                env.join(other);
                tick.then(c).then(t.or(o))
            }
            Stmt::For {
                binder,
                iter,
                place,
                body,
                span,
                ..
            } => {
                let at = place
                    .as_ref()
                    .map_or(Cost::steps(0), |p| self.place(p, env));
                let (c, _, l) = self.enter_loop(*binder, iter, *span, env);
                let per = Cost::steps(1).then(self.stmts(body, env));
                tick.then(c).then(at).then(per.repeat(&l))
            }
            Stmt::Violation(message, at, _) => {
                let m = match message {
                    // The step the string's evaluation would take is charged.
                    Expr::Interp(parts) => Cost::steps(1).then(self.interp(parts, env).0),
                    other => self.expr(other, env).0,
                };
                let p = at.as_ref().map_or(Cost::steps(0), |p| self.place(p, env));
                tick.then(m).then(p)
            }
            Stmt::Yield(y) => {
                let (value, shape) = self.expr(&y.value, env);
                self.yielded = Some(self.yielded.map_or(shape, |s| s.join(shape)));
                let mut c = tick.then(value);
                for (_, place) in &y.origins {
                    c = c.then(self.place(place, env));
                }
                if let Some(p) = &y.at {
                    c = c.then(self.place(p, env));
                }
                c
            }
            Stmt::Assert(e, _) => tick.then(self.expr(e, env).0),
        }
    }

    /// The index expressions of a place, evaluated to make its pointer.
    fn place(&mut self, place: &Place, env: &mut Env) -> Cost {
        let mut c = Cost::steps(0);
        for step in &place.steps {
            if let PlaceStep::Index(e) = step {
                c = c.then(self.expr(e, env).0);
            }
        }
        c
    }

    /// Enters a loop over `iter` at `span`: the collection's cost and shape, and the loop, with
    /// `binder`'s names bound to its elements.
    fn enter_loop(
        &mut self,
        binder: Binder,
        iter: &Expr,
        span: Span,
        env: &mut Env,
    ) -> (Cost, Shape, Loop) {
        let (c, shape) = self.expr(iter, env);
        let name = self.name_of(iter, env);
        let ty = self.ty_of(iter, env);
        let within = self.within(iter, env);
        let id = self.bind(binder, shape, ty.as_ref(), &name, env);
        let l = Loop {
            id,
            n: shape.elems,
            nodes: shape.nodes,
            within,
            name: name.to_string(),
            at: (self.file, span),
        };
        (c, shape, l)
    }

    /// Binds the names of a loop over a collection of `shape` (of type `ty` if read from
    /// the input).
    fn bind(
        &mut self,
        binder: Binder,
        shape: Shape,
        ty: Option<&Ty>,
        name: &Str,
        env: &mut Env,
    ) -> u32 {
        let id = self.loops;
        self.loops += 1;
        let item = shape.item();
        let (first, second) = match ty {
            Some(t) => types::binders(t, binder.second.is_some()),
            None => (None, None),
        };
        let element = Str::from(format!("element of {name}"));
        let shape = self.typed(item, first.as_ref());
        env.set_within(binder.first, shape, element.clone(), first, Some(id));
        if let Some(slot) = binder.second {
            let shape = self.typed(item, second.as_ref());
            env.set_within(slot, shape, element, second, Some(id));
        }
        id
    }

    /// The loop whose element `e` is a part of, read through fields, indexes, `?? []` and the
    /// builtins that return a part of their argument: a collection whose elements are nodes
    /// of that element.
    fn within(&self, e: &Expr, env: &Env) -> Option<u32> {
        match e {
            Expr::Local(slot) => env.get(*slot).and_then(|l| l.within),
            Expr::Field { base, .. } | Expr::Index { base, .. } => self.within(base, env),
            Expr::Coalesce(a, b) if matches!(&**b, Expr::Const(v) if v.size() == 0) => {
                self.within(a, env)
            }
            Expr::Native { native, args, .. }
                if matches!(
                    native.name,
                    "as_list" | "as_map" | "keys" | "values" | "get" | "json_pointer"
                ) =>
            {
                args.first().and_then(|a| self.within(a, env))
            }
            _ => None,
        }
    }

    /// A short name of a collection, for terms.
    fn name_of(&self, e: &Expr, env: &Env) -> Str {
        let short = |qualified: &str| -> Str {
            Str::from(qualified.rsplit('.').next().unwrap_or(qualified))
        };
        match e {
            Expr::Field { name, .. } => name.clone(),
            Expr::Index { base, .. } => self.name_of(base, env),
            Expr::Local(slot) => env
                .get(*slot)
                .map_or_else(|| Str::from("collection"), |l| l.name.clone()),
            Expr::Call { func, .. } => self
                .program
                .func(*func)
                .map_or_else(|| Str::from("call"), |f| short(&format!("{}()", f.name))),
            Expr::Native { native, .. } => Str::from(format!("{}()", native.name)),
            Expr::Global(i) => self
                .program
                .constant(*i)
                .map_or_else(|| Str::from("constant"), |g| short(&g.name)),
            Expr::Param(i) => self
                .program
                .param(*i)
                .map_or_else(|| Str::from("param"), |g| short(&g.name)),
            Expr::Data(i) => self
                .program
                .datum(*i)
                .map_or_else(|| Str::from("data"), |g| short(&g.name)),
            Expr::Coalesce(a, _) => self.name_of(a, env),
            Expr::Comprehension { .. } => Str::from("comprehension"),
            _ => Str::from("collection"),
        }
    }

    /// A call of function `func` with arguments of `args` shapes: its lets and its result.
    /// `within`: for each argument that is a part of an element of an enclosing loop, that
    /// loop (the callee's loops over parts of it are then shares of that loop).
    fn call(
        &mut self,
        func: u32,
        args: &[Shape],
        tys: &[Option<Ty>],
        within: &[Option<u32>],
    ) -> (Cost, Shape) {
        let mut ty_keys = Vec::new();
        for t in tys {
            types::key(t.as_ref(), &mut ty_keys);
        }
        ty_keys.extend(within.iter().map(|w| w.map_or(0, |l| u64::from(l) + 1)));
        let key = (func, args.to_vec(), ty_keys);
        if let Some(done) = self.calls.get(&key) {
            return done.clone();
        }
        let program = self.program;
        let Some(f) = program.func(func) else {
            return (Cost::wide(u128::MAX), self.any());
        };
        let outer = std::mem::replace(&mut self.file, f.file);
        let mut env = Env::new(f.slots);
        for (i, shape) in args.iter().enumerate() {
            let ty = tys.get(i).cloned().flatten();
            let part_of = within.get(i).copied().flatten();
            env.set_within(i as u32, *shape, Str::from("argument"), ty, part_of);
        }
        let mut cost = Cost::steps(0);
        for (slot, e, _) in &f.lets {
            let (c, shape) = self.expr(e, &mut env);
            let name = self.name_of(e, &env);
            let ty = self.ty_of(e, &env);
            let within = self.within(e, &env);
            env.set_within(*slot, shape, name, ty, within);
            cost = cost.then(c);
        }
        let (c, shape) = self.expr(&f.body, &mut env);
        let result = (cost.then(c), shape);
        self.file = outer;
        self.calls.insert(key, result.clone());
        result
    }

    /// A module constant: computed in the rule's fuel unless folded at compile time.
    fn constant(&mut self, i: u32) -> (Cost, Shape) {
        if self.folded
            && let Some(Some(v)) = self.program.folded_consts.get(i as usize)
        {
            return (Cost::steps(0), Shape::of_value(v));
        }
        if let Some(done) = self.consts.get(&i) {
            return done.clone();
        }
        let program = self.program;
        let result = match program.constant(i) {
            Some(g) => match &g.value {
                Some(e) => {
                    let mut env = Env::new(g.slots);
                    self.expr(e, &mut env)
                }
                None => (Cost::steps(0), self.any()),
            },
            None => (Cost::steps(0), self.any()),
        };
        self.consts.insert(i, result.clone());
        result
    }

    /// A parameter: the host's value, or the default (computed outside the rule's fuel).
    fn param(&mut self, i: u32) -> Shape {
        let declared = self.program.param(i).and_then(|g| g.ty.clone());
        let input = Shape::input(&self.sizes);
        let input = self.typed(input, declared.as_ref());
        match self.program.folded_params.get(i as usize) {
            Some(Some(v)) => input.join(Shape::of_value(v)),
            _ => {
                let program = self.program;
                match program
                    .param(i)
                    .and_then(|g| g.value.as_ref().map(|e| (g, e)))
                {
                    Some((g, e)) => {
                        let mut env = Env::new(g.slots);
                        input.join(self.expr(e, &mut env).1)
                    }
                    None => input,
                }
            }
        }
    }

    /// The parts of an interpolated string, and the string.
    fn interp(&mut self, parts: &[Part], env: &mut Env) -> (Cost, Shape) {
        let mut cost = Cost::steps(0);
        let mut bytes: u64 = 0;
        for part in parts {
            match part {
                Part::Text(t) => bytes = bytes.saturating_add(t.len() as u64),
                Part::Value(e, _) => {
                    let (c, shape) = self.expr(e, env);
                    cost = cost.then(c);
                    bytes = bytes.saturating_add(display_bytes(shape));
                }
            }
        }
        (cost, Shape::string(self.clamp_bytes(bytes)))
    }

    fn exprs(&mut self, es: &[Expr], env: &mut Env) -> (Cost, Vec<Shape>) {
        let mut cost = Cost::steps(0);
        let mut shapes = Vec::with_capacity(es.len());
        for e in es {
            let (c, s) = self.expr(e, env);
            cost = cost.then(c);
            shapes.push(s);
        }
        (cost, shapes)
    }

    /// The cost of evaluating `e` (its own step included) and the shape of its value.
    fn expr(&mut self, e: &Expr, env: &mut Env) -> (Cost, Shape) {
        let (c, shape) = self.expr_inner(e, env);
        (Cost::steps(1).then(c), shape)
    }

    fn expr_inner(&mut self, e: &Expr, env: &mut Env) -> (Cost, Shape) {
        let none = Cost::steps(0);
        match e {
            Expr::Const(v) => (none, Shape::of_value(v)),
            Expr::Local(slot) => (none, env.get(*slot).map_or(self.any(), |l| l.shape)),
            Expr::Global(i) => self.constant(*i),
            Expr::Param(i) => (none, self.param(*i)),
            Expr::Data(i) => {
                let declared = self.program.datum(*i).and_then(|g| g.ty.clone());
                let input = Shape::input(&self.sizes);
                (none, self.typed(input, declared.as_ref()))
            }
            Expr::Field { base, .. } => {
                let (c, s) = self.expr(base, env);
                let ty = self.ty_of(e, env);
                (c, self.typed(s.item(), ty.as_ref()))
            }
            Expr::Index { base, index, .. } => {
                // A map's key is found by a search that is not charged.
                let (c, s) = self.expr(base, env);
                let (i, _) = self.expr(index, env);
                let ty = self.ty_of(e, env);
                (c.then(i), self.typed(s.item(), ty.as_ref()))
            }
            Expr::Call { func, args, .. } => {
                let (c, shapes) = self.exprs(args, env);
                let tys: Vec<Option<Ty>> = args.iter().map(|a| self.ty_of(a, env)).collect();
                let within: Vec<Option<u32>> = args.iter().map(|a| self.within(a, env)).collect();
                let (body, result) = self.call(*func, &shapes, &tys, &within);
                (c.then(body), result)
            }
            Expr::Native { native, args, .. } => {
                let (c, shapes) = self.exprs(args, env);
                let read = shapes.iter().fold(0u64, |n, s| n.saturating_add(s.size())) / 64;
                let tys: Vec<Option<Ty>> = args.iter().map(|a| self.ty_of(a, env)).collect();
                match natives::native_cost(native.name, &shapes, &tys, &self.limits) {
                    Some(n) => (
                        c.plus(read).plus(n.comparisons).plus(n.result.size() / 64),
                        n.result,
                    ),
                    None => (Cost::wide(u128::MAX), self.any()),
                }
            }
            Expr::Testing { .. } | Expr::RuleRef(_) => (none, self.any()),
            Expr::Not(inner) | Expr::Neg(inner, _) => (self.expr(inner, env).0, Shape::SCALAR),
            Expr::Binary { op, lhs, rhs, .. } => {
                let (l, ls) = self.expr(lhs, env);
                let (r, rs) = self.expr(rhs, env);
                let (work, shape) = self.binary(*op, ls, rs);
                (l.then(r).plus(work), shape)
            }
            Expr::And(a, b) | Expr::Or(a, b) => {
                let (a, _) = self.expr(a, env);
                let (b, _) = self.expr(b, env);
                (a.then(b), Shape::SCALAR)
            }
            Expr::Coalesce(a, b) => {
                let (a, sa) = self.expr(a, env);
                let (b, sb) = self.expr(b, env);
                (a.then(b), sa.join(sb))
            }
            Expr::If(c, t, o) => {
                let (c, _) = self.expr(c, env);
                let (t, st) = self.expr(t, env);
                let (o, so) = self.expr(o, env);
                (c.then(t.or(o)), st.join(so))
            }
            Expr::Quantified {
                binder,
                iter,
                body,
                span,
                ..
            } => {
                let (c, _, l) = self.enter_loop(*binder, iter, *span, env);
                let per = Cost::steps(1).then(self.expr(body, env).0);
                (c.then(per.repeat(&l)), Shape::SCALAR)
            }
            Expr::List(items) => {
                let (c, shapes) = self.exprs(items, env);
                (c, Shape::built(&shapes))
            }
            Expr::Set(items) => {
                let (c, shapes) = self.exprs(items, env);
                let shape = Shape::built(&shapes);
                let n = items.len() as u64;
                let compare = sort_comparisons(n)
                    .saturating_add(n)
                    .saturating_mul(shape.item().nodes);
                (c.plus(compare), shape)
            }
            Expr::Map(entries) => {
                let mut c = Cost::steps(0);
                let mut shapes = Vec::with_capacity(entries.len());
                let mut keys = Shape::SCALAR;
                for (k, v) in entries {
                    let (kc, ks) = self.expr(k, env);
                    let (vc, vs) = self.expr(v, env);
                    c = c.then(kc).then(vc);
                    keys = keys.join(ks);
                    shapes.push(Shape::entry(ks, vs));
                }
                let n = entries.len() as u64;
                // Sorted by key, then neighbours with equal keys dropped.
                let compare = sort_comparisons(n)
                    .saturating_add(n)
                    .saturating_mul(keys.nodes);
                (c.plus(compare), Shape::built(&shapes))
            }
            Expr::Record { spread, fields } => {
                // The fields given, then those of the record updated.
                let (mut c, base) = match spread {
                    Some(s) => {
                        let (c, shape) = self.expr(s, env);
                        (c, Some(shape))
                    }
                    None => (Cost::steps(0), None),
                };
                let mut shapes = Vec::with_capacity(fields.len());
                let mut names: u64 = 0;
                for (name, f) in fields {
                    let (fc, fs) = self.expr(f, env);
                    c = c.then(fc);
                    shapes.push(fs);
                    names = names.max(name.len() as u64);
                }
                let mut shape = Shape::built(&shapes);
                shape.deep_bytes = shape.deep_bytes.max(names);
                if let Some(b) = base {
                    let elems = shape.elems.saturating_add(b.elems);
                    shape = Shape {
                        elems,
                        deep_elems: shape.deep_elems.max(b.deep_elems).max(elems),
                        nodes: shape.nodes.saturating_add(b.nodes),
                        ..shape.join(b)
                    };
                }
                (c, shape)
            }
            Expr::Comprehension {
                kind,
                key,
                element,
                clauses,
                span,
            } => self.comprehension(*kind, key.as_deref(), element, clauses, *span, env),
            Expr::Interp(parts) => self.interp(parts, env),
        }
    }

    /// The work of an operator beyond evaluating its operands, and its result.
    fn binary(&self, op: BinOp, l: Shape, r: Shape) -> (u64, Shape) {
        match op {
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                (l.nodes.min(r.nodes).max(1), Shape::SCALAR)
            }
            // A list compares each element; a set or map searches; an object looks up a name.
            BinOp::In | BinOp::NotIn => {
                (r.elems.saturating_mul(l.nodes).min(r.nodes), Shape::SCALAR)
            }
            BinOp::Add => {
                let elems = self.clamp_elems(l.elems.saturating_add(r.elems));
                let bytes = self.clamp_bytes(l.bytes.saturating_add(r.bytes));
                (0, Shape::concatenated(l, r, elems, bytes))
            }
            BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Rem => (0, Shape::SCALAR),
        }
    }

    fn comprehension(
        &mut self,
        kind: Collect,
        key: Option<&Expr>,
        element: &Expr,
        clauses: &[Clause],
        span: Span,
        env: &mut Env,
    ) -> (Cost, Shape) {
        let mut generated: u64 = 1;
        let (cost, item) = self.clauses(clauses, key, element, span, env, &mut generated);
        let elems = self.clamp_elems(generated);
        // A set or map is compacted (sorted, duplicates dropped) each time it outgrows the
        // limit, after at least half the limit's elements more, and sorted when built.
        let limit = (self.limits.max_collection_len as u64).max(1);
        let compactions = if generated > limit {
            (generated.saturating_mul(2) / limit).saturating_add(1)
        } else {
            0
        };
        let sort = sort_comparisons(generated)
            .saturating_add(generated)
            .saturating_mul(item.nodes)
            .saturating_mul(compactions.saturating_add(1));
        let build = match kind {
            Collect::List => 0,
            Collect::Set | Collect::Map => sort,
        };
        (cost.plus(build), Shape::collection(elems, item))
    }

    /// The clauses of a comprehension from the first of `clauses`; counts the elements
    /// generated into `generated`; returns the cost and the shape of one element (or entry).
    fn clauses(
        &mut self,
        clauses: &[Clause],
        key: Option<&Expr>,
        element: &Expr,
        span: Span,
        env: &mut Env,
        generated: &mut u64,
    ) -> (Cost, Shape) {
        let Some((first, rest)) = clauses.split_first() else {
            let (v, vs) = self.expr(element, env);
            return match key {
                Some(k) => {
                    let (kc, ks) = self.expr(k, env);
                    (kc.then(v), Shape::entry(ks, vs))
                }
                None => (v, vs),
            };
        };
        match first {
            Clause::If(cond) => {
                let (c, _) = self.expr(cond, env);
                let (r, shape) = self.clauses(rest, key, element, span, env, generated);
                (c.then(r), shape)
            }
            Clause::For(binder, iter) => {
                let (c, shape, l) = self.enter_loop(*binder, iter, span, env);
                *generated = generated.saturating_mul(shape.elems);
                let (r, item) = self.clauses(rest, key, element, span, env, generated);
                let per = Cost::steps(1).then(r);
                (c.then(per.repeat(&l)), item)
            }
        }
    }
}

/// The most bytes a value of `shape` takes as text in an interpolation: JSON text, each node
/// with its member name, quoted and escaped (six bytes per byte at worst), and punctuation.
pub(crate) fn display_bytes(shape: Shape) -> u64 {
    if shape.keyed {
        return u64::MAX;
    }
    shape
        .nodes
        .saturating_mul(shape.deep_bytes.saturating_mul(12).saturating_add(32))
}
