//! The compiled form of a checked policy set. Every name is resolved: locals are frame slots,
//! items are indexes into the program's tables, builtins are function pointers, field names
//! are shared strings. Constant items and literal collections are folded where they depend on
//! nothing the host supplies. Nothing here is looked up by name at run time.

use super::decision::SharedStr;
use super::natives::Native;
use super::value::{Str, Value};
use crate::check::types::Ty;
use crate::span::{FileId, Span};
use std::sync::Arc;

/// A local variable: an index into the frame of the running function, rule or test.
pub type Slot = u32;

/// A compiled expression.
#[derive(Debug, PartialEq)]
pub enum Expr {
    /// A value known at compile time.
    Const(Value),
    /// A local.
    Local(Slot),
    /// A module constant, by index into [`Program::consts`].
    Global(u32),
    /// A `param` item, by index into [`Program::params`].
    Param(u32),
    /// A `data` item, by index into [`Program::data`].
    Data(u32),
    /// `base.name` or `base?.name`.
    Field {
        /// The record.
        base: Box<Expr>,
        /// The field.
        name: Str,
        /// `?.`: `none` when the base is `none`.
        optional: bool,
    },
    /// `base[index]` or `base?[index]`.
    Index {
        /// The collection.
        base: Box<Expr>,
        /// The index or key.
        index: Box<Expr>,
        /// `?[`.
        optional: bool,
    },
    /// A call of a declared function, by index into [`Program::fns`].
    Call {
        /// The function.
        func: u32,
        /// The arguments.
        args: Vec<Expr>,
        /// Whether every argument depends on the host's values only (literals, constants,
        /// parameters, data): the call then has one value per evaluation, computed once.
        memo: bool,
        /// The call, for error messages.
        span: Span,
    },
    /// A call of a builtin.
    Native {
        /// The builtin.
        native: Native,
        /// The arguments.
        args: Vec<Expr>,
        /// The call, for error messages.
        span: Span,
    },
    /// A call of a test-only builtin.
    Testing {
        /// The builtin.
        test: super::testing::TestFn,
        /// The arguments.
        args: Vec<Expr>,
        /// The call, for error messages.
        span: Span,
    },
    /// `not e`.
    Not(Box<Expr>),
    /// `-e`.
    Neg(Box<Expr>, Span),
    /// An operator that evaluates both operands.
    Binary {
        /// The operator.
        op: BinOp,
        /// Whether the checker typed the result `float`: arithmetic is then done in floats.
        float: bool,
        /// The left operand.
        lhs: Box<Expr>,
        /// The right operand.
        rhs: Box<Expr>,
        /// The expression, for error messages.
        span: Span,
    },
    /// `a and b`.
    And(Box<Expr>, Box<Expr>),
    /// `a or b`.
    Or(Box<Expr>, Box<Expr>),
    /// `a ?? b`.
    Coalesce(Box<Expr>, Box<Expr>),
    /// `if c then a else b`.
    If(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `every` / `some`.
    Quantified {
        /// `every` (else `some`).
        every: bool,
        /// Where the binders go.
        binder: Binder,
        /// The collection.
        iter: Box<Expr>,
        /// The predicate.
        body: Box<Expr>,
        /// The expression, for cost reports.
        span: Span,
    },
    /// `[a, b]`.
    List(Vec<Expr>),
    /// `set{a, b}`.
    Set(Vec<Expr>),
    /// `map{k: v}`.
    Map(Vec<(Expr, Expr)>),
    /// `{ ..base, f: e }`.
    Record {
        /// The record being updated.
        spread: Option<Box<Expr>>,
        /// The fields given, in source order.
        fields: Vec<(Str, Expr)>,
    },
    /// A comprehension.
    Comprehension {
        /// What is built.
        kind: Collect,
        /// The key, for maps.
        key: Option<Box<Expr>>,
        /// The element or value.
        element: Box<Expr>,
        /// The clauses, in order.
        clauses: Vec<Clause>,
        /// The expression, for cost reports.
        span: Span,
    },
    /// An interpolated string.
    Interp(Vec<Part>),
    /// A reference to a rule, by index into [`Program::rules`] (test builtins only).
    RuleRef(u32),
}

/// Operators that evaluate both operands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `in`
    In,
    /// `not in`
    NotIn,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Rem,
}

/// What a comprehension builds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Collect {
    /// A list.
    List,
    /// A set.
    Set,
    /// A map.
    Map,
}

/// A clause of a comprehension.
#[derive(Debug, PartialEq)]
pub enum Clause {
    /// `for b in e`.
    For(Binder, Expr),
    /// `if e`.
    If(Expr),
}

/// A part of an interpolated string.
#[derive(Debug, PartialEq)]
pub enum Part {
    /// Literal text.
    Text(Str),
    /// An interpolated value; `float` when typed `float`, so an `int` value is written as one.
    Value(Expr, bool),
}

/// Where the names of a binder go: one name gets the element (or key), two names get index
/// and element (or key and value).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Binder {
    /// The first name's slot.
    pub first: Slot,
    /// The second name's slot, if written.
    pub second: Option<Slot>,
}

/// A compiled statement. Each carries its span, for coverage and test failures.
#[derive(Debug, PartialEq)]
pub enum Stmt {
    /// `let`.
    Let(Slot, Expr, Span),
    /// `for`.
    For {
        /// Where the binders go.
        binder: Binder,
        /// The collection.
        iter: Expr,
        /// When the collection is a place: the place, so the placed binder gets a pointer.
        place: Option<Place>,
        /// The slot of the placed binder's pointer.
        pointer: Option<Slot>,
        /// The body.
        body: Vec<Stmt>,
        /// The statement.
        span: Span,
    },
    /// `if`.
    If(Expr, Vec<Stmt>, Vec<Stmt>, Span),
    /// `violation message [at place]`.
    Violation(Expr, Option<Place>, Span),
    /// `assert e` (tests).
    Assert(Expr, Span),
    /// `yield value [at place]` (views).
    Yield(Box<Yield>),
}

/// A compiled `yield`: the document, where its parts come from, and where the rest of it is.
#[derive(Debug, PartialEq)]
pub struct Yield {
    /// The produced document.
    pub value: Expr,
    /// For each member of the produced document taken from a place of the subject (written
    /// as a place, `place ?? default` or a record spread `..place`): its JSON pointer in the
    /// produced document and the place it comes from.
    pub origins: Vec<(String, Place)>,
    /// Where everything else of the produced document is (`at`; the subject when absent).
    pub at: Option<Place>,
    /// The statement.
    pub span: Span,
}

impl Stmt {
    /// The statement's span.
    pub fn span(&self) -> Span {
        match self {
            Stmt::Let(_, _, s)
            | Stmt::If(_, _, _, s)
            | Stmt::Violation(_, _, s)
            | Stmt::Assert(_, s)
            | Stmt::For { span: s, .. } => *s,
            Stmt::Yield(y) => y.span,
        }
    }
}

/// A path into the subject, turned into a JSON pointer when a violation is recorded.
#[derive(Debug, PartialEq)]
pub struct Place {
    /// Where the path starts.
    pub root: PlaceRoot,
    /// The steps after the root.
    pub steps: Vec<PlaceStep>,
}

/// The start of a place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlaceRoot {
    /// The rule's subject.
    Subject,
    /// A placed binder, whose pointer is in this pointer slot.
    Binder(Slot),
}

/// One step of a place.
#[derive(Debug, PartialEq)]
pub enum PlaceStep {
    /// `.f` or `?.f`.
    Field(Str),
    /// `[e]` or `?[e]`.
    Index(Expr),
}

/// A compiled function.
#[derive(Debug, PartialEq)]
pub struct Func {
    /// `package.name`, for messages.
    pub name: String,
    /// The number of parameters (the first slots).
    pub arity: u32,
    /// The frame size.
    pub slots: u32,
    /// The `let` bindings, in order, with their spans.
    pub lets: Vec<(Slot, Expr, Span)>,
    /// The result.
    pub body: Expr,
    /// The file that declares the function.
    pub file: FileId,
    /// The result expression's span.
    pub body_span: Span,
}

/// A compiled module constant, parameter default or data declaration.
#[derive(Debug, PartialEq)]
pub struct Global {
    /// `package.name`.
    pub name: String,
    /// The value's expression (constants, parameter defaults); none for data.
    pub value: Option<Expr>,
    /// The frame size its expression needs (binders of comprehensions and quantifiers).
    pub slots: u32,
    /// The declared type, for host-supplied values.
    pub ty: Option<Ty>,
}

/// A rule's metadata, as declared.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RuleMetadata {
    /// A short human-readable name.
    pub title: String,
    /// `critical`, `high`, `medium`, `low` or `info`.
    pub severity: String,
    /// `deny` or `warn`.
    pub enforcement: String,
    /// Control ids such as `cis-k8s:5.2.2`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub controls: Vec<String>,
    /// What to change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remediation: Option<String>,
    /// The risk, references.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Free-form labels.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

/// A compiled rule.
#[derive(Debug, PartialEq)]
pub struct Rule {
    /// The rule's metadata id (shared: every decision names it).
    pub id: SharedStr,
    /// `package.name`.
    pub qualified: SharedStr,
    /// The metadata's severity (shared: every violation carries it).
    pub severity: SharedStr,
    /// The metadata.
    pub meta: Arc<RuleMetadata>,
    /// The subject's type.
    pub subject: Ty,
    /// Required string-literal fields of the subject type: the documents the rule applies to.
    pub discriminators: Vec<(Str, Str)>,
    /// The frame size; the subject is slot 0.
    pub slots: u32,
    /// The number of pointer slots (of placed binders).
    pub pointers: u32,
    /// The body.
    pub body: Vec<Stmt>,
    /// Where the rule is declared.
    pub file: FileId,
    /// The rule's name.
    pub span: Span,
}

/// A compiled view: documents of the subject type contain documents of the target type.
#[derive(Debug, PartialEq)]
pub struct View {
    /// `package.name`.
    pub qualified: SharedStr,
    /// The subject's type.
    pub subject: Ty,
    /// Required string-literal fields of the subject type: the documents the view reads.
    pub discriminators: Vec<(Str, Str)>,
    /// The type of the documents it yields.
    pub target: Ty,
    /// The frame size; the subject is slot 0.
    pub slots: u32,
    /// The number of pointer slots (of placed binders).
    pub pointers: u32,
    /// The body.
    pub body: Vec<Stmt>,
    /// Where the view is declared.
    pub file: FileId,
    /// The view's name.
    pub span: Span,
}

/// What a test's `with` replaces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WithTarget {
    /// A parameter, by index into [`Program::params`].
    Param(u32),
    /// A data item, by index into [`Program::data`].
    Data(u32),
}

/// A compiled test.
#[derive(Debug, PartialEq)]
pub struct Test {
    /// The test's name.
    pub name: String,
    /// The package it is in.
    pub package: String,
    /// Overrides of parameters and data for this test.
    pub with: Vec<(WithTarget, Expr)>,
    /// The table, if any: where each case goes and the cases.
    pub table: Option<(Binder, Expr)>,
    /// The frame size.
    pub slots: u32,
    /// The body.
    pub body: Vec<Stmt>,
    /// The paths given to `fixture` in the test, as written.
    pub fixtures: Vec<String>,
    /// Where the test is declared.
    pub file: FileId,
    /// The test's name literal.
    pub span: Span,
}

/// The compiled items of one file, numbered in the whole policy set.
#[derive(Debug, Default, PartialEq)]
pub struct Module {
    /// Functions with their numbers.
    pub fns: Vec<(u32, Arc<Func>)>,
    /// Module constants with their numbers.
    pub consts: Vec<(u32, Arc<Global>)>,
    /// Parameters with their numbers.
    pub params: Vec<(u32, Arc<Global>)>,
    /// Data declarations with their numbers.
    pub data: Vec<(u32, Arc<Global>)>,
    /// Rules with their numbers (their place in evaluation order).
    pub rules: Vec<(u32, Arc<Rule>)>,
    /// Views with their numbers.
    pub views: Vec<(u32, Arc<View>)>,
    /// Tests, in declaration order.
    pub tests: Vec<Arc<Test>>,
}

/// How many items of each kind the policy set has.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Functions.
    pub fns: usize,
    /// Constants.
    pub consts: usize,
    /// Parameters.
    pub params: usize,
    /// Data declarations.
    pub data: usize,
    /// Rules.
    pub rules: usize,
    /// Views.
    pub views: usize,
}

/// A compiled policy set, or the part of one that some modules need: items of modules not
/// linked in are absent.
#[derive(Debug, Default)]
pub struct Program {
    /// Functions.
    pub fns: Vec<Option<Arc<Func>>>,
    /// Module constants.
    pub consts: Vec<Option<Arc<Global>>>,
    /// Parameters with their defaults.
    pub params: Vec<Option<Arc<Global>>>,
    /// Data declarations.
    pub data: Vec<Option<Arc<Global>>>,
    /// Rules, ordered by package name, then declaration order.
    pub rules: Vec<Option<Arc<Rule>>>,
    /// Views, ordered by package name, then declaration order.
    pub views: Vec<Option<Arc<View>>>,
    /// Tests, in the order of their modules.
    pub tests: Vec<Arc<Test>>,
    /// Values of constants computed at compile time.
    pub folded_consts: Vec<Option<Value>>,
    /// Default values of parameters computed at compile time.
    pub folded_params: Vec<Option<Value>>,
    /// The linked rules grouped by their key discriminator.
    pub dispatch: super::dispatch::Dispatch,
}

fn place<T>(table: &mut [Option<Arc<T>>], items: &[(u32, Arc<T>)]) {
    for (i, item) in items {
        if let Some(slot) = table.get_mut(*i as usize) {
            *slot = Some(item.clone());
        }
    }
}

impl Program {
    /// Links modules into a program (without folding).
    pub fn link<'m>(counts: Counts, modules: impl IntoIterator<Item = &'m Module>) -> Program {
        let mut p = Program {
            fns: vec![None; counts.fns],
            consts: vec![None; counts.consts],
            params: vec![None; counts.params],
            data: vec![None; counts.data],
            rules: vec![None; counts.rules],
            views: vec![None; counts.views],
            tests: Vec::new(),
            folded_consts: vec![None; counts.consts],
            folded_params: vec![None; counts.params],
            dispatch: super::dispatch::Dispatch::default(),
        };
        for m in modules {
            place(&mut p.fns, &m.fns);
            place(&mut p.consts, &m.consts);
            place(&mut p.params, &m.params);
            place(&mut p.data, &m.data);
            place(&mut p.rules, &m.rules);
            place(&mut p.views, &m.views);
            p.tests.extend(m.tests.iter().cloned());
        }
        p.dispatch = super::dispatch::Dispatch::of(&p);
        p
    }

    /// Function `i`.
    pub fn func(&self, i: u32) -> Option<&Func> {
        self.fns.get(i as usize)?.as_deref()
    }

    /// Constant `i`.
    pub fn constant(&self, i: u32) -> Option<&Global> {
        self.consts.get(i as usize)?.as_deref()
    }

    /// Parameter `i`.
    pub fn param(&self, i: u32) -> Option<&Global> {
        self.params.get(i as usize)?.as_deref()
    }

    /// Data item `i`.
    pub fn datum(&self, i: u32) -> Option<&Global> {
        self.data.get(i as usize)?.as_deref()
    }

    /// Rule `i`.
    pub fn rule(&self, i: u32) -> Option<&Rule> {
        self.rules.get(i as usize)?.as_deref()
    }

    /// The linked views, in order.
    pub fn linked_views(&self) -> impl Iterator<Item = &View> {
        self.views.iter().filter_map(|v| v.as_deref())
    }

    /// The linked rules with their numbers, in evaluation order.
    pub fn linked_rules(&self) -> impl Iterator<Item = (u32, &Rule)> {
        self.rules
            .iter()
            .enumerate()
            .filter_map(|(i, r)| Some((i as u32, r.as_deref()?)))
    }
}

impl Expr {
    /// Whether the value depends on nothing but the host's values (parameters and data): the
    /// same for every rule of an evaluation. Functions and builtins are pure, so a call of
    /// such arguments is too.
    pub fn host_constant(&self) -> bool {
        match self {
            Expr::Const(_) | Expr::Global(_) | Expr::Param(_) | Expr::Data(_) => true,
            Expr::Call { memo, .. } => *memo,
            Expr::Native { args, .. } => args.iter().all(Expr::host_constant),
            _ => false,
        }
    }

    /// Calls `f` on this expression and every expression inside it.
    pub fn visit(&self, f: &mut dyn FnMut(&Expr)) {
        f(self);
        match self {
            Expr::Const(_)
            | Expr::Local(_)
            | Expr::Global(_)
            | Expr::Param(_)
            | Expr::Data(_)
            | Expr::RuleRef(_) => {}
            Expr::Field { base, .. } => base.visit(f),
            Expr::Index { base, index, .. } => {
                base.visit(f);
                index.visit(f);
            }
            Expr::Call { args, .. } | Expr::Native { args, .. } | Expr::Testing { args, .. } => {
                args.iter().for_each(|a| a.visit(f));
            }
            Expr::Not(e) | Expr::Neg(e, _) => e.visit(f),
            Expr::Binary { lhs, rhs, .. } => {
                lhs.visit(f);
                rhs.visit(f);
            }
            Expr::And(a, b) | Expr::Or(a, b) | Expr::Coalesce(a, b) => {
                a.visit(f);
                b.visit(f);
            }
            Expr::If(c, t, o) => {
                c.visit(f);
                t.visit(f);
                o.visit(f);
            }
            Expr::Quantified { iter, body, .. } => {
                iter.visit(f);
                body.visit(f);
            }
            Expr::List(items) | Expr::Set(items) => items.iter().for_each(|e| e.visit(f)),
            Expr::Map(entries) => entries.iter().for_each(|(k, v)| {
                k.visit(f);
                v.visit(f);
            }),
            Expr::Record { spread, fields } => {
                if let Some(s) = spread {
                    s.visit(f);
                }
                fields.iter().for_each(|(_, e)| e.visit(f));
            }
            Expr::Comprehension {
                key,
                element,
                clauses,
                ..
            } => {
                for c in clauses {
                    match c {
                        Clause::For(_, e) | Clause::If(e) => e.visit(f),
                    }
                }
                if let Some(k) = key {
                    k.visit(f);
                }
                element.visit(f);
            }
            Expr::Interp(parts) => parts.iter().for_each(|p| {
                if let Part::Value(e, _) = p {
                    e.visit(f);
                }
            }),
        }
    }
}

impl Stmt {
    /// Calls `f` on every expression of this statement and the statements inside it.
    pub fn visit(&self, f: &mut dyn FnMut(&Expr)) {
        match self {
            Stmt::Let(_, e, _) | Stmt::Assert(e, _) => e.visit(f),
            Stmt::If(c, t, o, _) => {
                c.visit(f);
                t.iter().chain(o).for_each(|s| s.visit(f));
            }
            Stmt::For { iter, body, .. } => {
                iter.visit(f);
                body.iter().for_each(|s| s.visit(f));
            }
            Stmt::Violation(m, _, _) => m.visit(f),
            Stmt::Yield(y) => y.value.visit(f),
        }
    }
}
