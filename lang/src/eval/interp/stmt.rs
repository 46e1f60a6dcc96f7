//! Statements, rule runs and the test builtins. A rule run checks the discriminators, makes
//! the document conform to the subject type, then executes the body, recording violations with
//! their JSON pointers. A runtime error ends the run; the violations recorded before it are
//! discarded, the error is the result.

use super::collect::{bind, steps};
use super::{BinderPtr, Frame, Machine, Ptr};
use crate::diagnostics::codes;
use crate::eval::conform::{conform, matches_discriminators};
use crate::eval::error::{Rt, RtError};
use crate::eval::ir::{Expr, Place, PlaceRoot, PlaceStep, Stmt};
use crate::eval::path::{Segment, ViolationPath};
use crate::eval::testing::TestFn;
use crate::eval::value::{Obj, Str, Value, display, key_text};
use crate::span::Span;
use std::sync::Arc;

/// A violation as a rule run records it: its message, pointer and the rule's severity; the
/// line is filled in when the decision is assembled, and a pod template's pointers are moved
/// into the workload.
pub type RawViolation = crate::eval::decision::Violation;

/// The outcome of running one rule on one document.
#[derive(Clone, Debug, PartialEq)]
pub enum RuleRun {
    /// The document does not match the rule's discriminators.
    Skipped,
    /// The body ran to the end, recording these violations.
    Ran(Vec<RawViolation>),
    /// The document does not conform, or evaluation stopped with an error.
    Failed(RtError),
}

/// Makes a document conform to a rule's subject type.
pub fn conform_subject(subject: &crate::check::types::Ty, doc: &Value) -> Rt<Value> {
    conform(doc, subject).map_err(|m| {
        RtError::from(crate::eval::error::RtErrorData {
            code: codes::NONCONFORMING_VALUE,
            message: format!(
                "the document does not conform to the rule's subject type: {}{}",
                if m.pointer.is_empty() {
                    String::new()
                } else {
                    format!("{}: ", m.pointer)
                },
                m.message
            ),
            pointer: Some(m.pointer),
            at: None,
        })
    })
}

/// The body of a rule or a view, with what running it needs.
pub(super) struct Body<'p> {
    /// The frame size; the subject is slot 0.
    pub slots: u32,
    /// The number of pointer slots.
    pub pointers: u32,
    /// Where it is declared, for coverage.
    pub file: crate::span::FileId,
    /// The item's name, for coverage.
    pub span: Span,
    /// The statements.
    pub stmts: &'p [Stmt],
}

/// What executing statements produced.
#[derive(Debug, Default)]
pub struct Output {
    /// Violations, in the order recorded.
    pub violations: Vec<RawViolation>,
    /// The severity of the rule running.
    pub severity: crate::eval::decision::SharedStr,
    /// Documents a view yielded, in order.
    pub yields: Vec<super::views::Yielded>,
}

/// Why statements stopped before their end.
#[derive(Debug)]
pub enum Stop {
    /// A runtime error.
    Error(RtError),
    /// A false assertion (tests).
    Assert(Box<AssertFailure>),
}

impl From<RtError> for Stop {
    fn from(e: RtError) -> Stop {
        Stop::Error(e)
    }
}

/// A false assertion, with what it compared.
#[derive(Clone, Debug, PartialEq)]
pub struct AssertFailure {
    /// The assertion's span.
    pub span: Span,
    /// The left side of a comparison.
    pub left: Option<Value>,
    /// The right side of a comparison.
    pub right: Option<Value>,
    /// For `denies` and `allows`: the violations the rule recorded.
    pub violations: Option<Value>,
}

impl Machine<'_> {
    /// Runs rule `index` on a document.
    pub fn run_rule(&mut self, index: u32, doc: &Value) -> RuleRun {
        let Some(rule) = self.program.rule(index) else {
            return RuleRun::Failed(RtError::internal("a rule out of range"));
        };
        if !matches_discriminators(doc, &rule.discriminators) {
            return RuleRun::Skipped;
        }
        match conform_subject(&rule.subject, doc) {
            Ok(subject) => self.run_conformed(index, subject),
            Err(e) => RuleRun::Failed(e),
        }
    }

    /// Runs rule `index` on a subject that already conforms to its type.
    pub fn run_conformed(&mut self, index: u32, subject: Value) -> RuleRun {
        let Some(rule) = self.program.rule(index) else {
            return RuleRun::Failed(RtError::internal("a rule out of range"));
        };
        let mut out = Output {
            violations: Vec::new(),
            severity: rule.severity.clone(),
            yields: Vec::new(),
        };
        let body = Body {
            slots: rule.slots,
            pointers: rule.pointers,
            file: rule.file,
            span: rule.span,
            stmts: &rule.body,
        };
        match self.run_body(&body, subject, &mut out) {
            Ok(()) => RuleRun::Ran(out.violations),
            Err(Stop::Error(e)) => RuleRun::Failed(e),
            Err(Stop::Assert(_)) => RuleRun::Failed(RtError::internal("an assertion in a rule")),
        }
    }

    /// Runs the body of a rule or a view on its subject (slot 0), with its own fuel: an
    /// outcome does not depend on what ran before it.
    pub(super) fn run_body(
        &mut self,
        body: &Body<'_>,
        subject: Value,
        out: &mut Output,
    ) -> Result<(), Stop> {
        let mut frame = self.frame(body.slots, body.pointers);
        frame.set(0, subject);
        let outer = std::mem::replace(&mut self.file, body.file);
        if let Some(c) = self.coverage.as_mut() {
            c.hit(body.file, body.span);
        }
        let mark = self.ptrs.mark();
        let (result, spent) = self.with_fresh_fuel(|m| m.exec(body.stmts, &mut frame, out));
        self.ptrs.truncate(mark);
        self.add_spent(spent);
        self.file = outer;
        self.recycle(frame);
        result
    }

    /// Executes statements in order. A runtime error is located at the statement that raised
    /// it, the outermost one last (so a test reports its own statement).
    pub fn exec(
        &mut self,
        stmts: &[Stmt],
        frame: &mut Frame,
        out: &mut Output,
    ) -> Result<(), Stop> {
        for s in stmts {
            if let Err(stop) = self.exec_one(s, frame, out) {
                return Err(match stop {
                    Stop::Error(mut e) => {
                        e.at = Some(s.span());
                        Stop::Error(e)
                    }
                    other => other,
                });
            }
        }
        Ok(())
    }

    fn exec_one(&mut self, s: &Stmt, frame: &mut Frame, out: &mut Output) -> Result<(), Stop> {
        {
            self.tick()?;
            if let Some(c) = self.coverage.as_mut() {
                c.hit(self.file, s.span());
            }
            match s {
                Stmt::Let(slot, e, _) => {
                    let v = self.eval(e, frame)?;
                    frame.set(*slot, v);
                }
                Stmt::If(cond, then, otherwise, span) => {
                    let taken = self.truth(cond, frame)?;
                    if let Some(c) = self.coverage.as_mut() {
                        c.branch(self.file, *span, taken);
                    }
                    if taken {
                        self.exec(then, frame, out)?;
                    } else {
                        self.exec(otherwise, frame, out)?;
                    }
                }
                Stmt::For {
                    binder,
                    iter,
                    place,
                    pointer,
                    body,
                    ..
                } => {
                    let collection = self.eval(iter, frame)?;
                    let base = match place {
                        Some(p) => Some(self.pointer(p, frame)?),
                        None => None,
                    };
                    let is_set = matches!(collection, Value::Set(_));
                    // Pointers made for one element are not used after it.
                    let mark = self.ptrs.mark();
                    for step in steps(&collection)? {
                        self.tick()?;
                        self.ptrs.truncate(mark);
                        bind(frame, *binder, &step);
                        if let (Some(base), Some(slot)) = (base, pointer) {
                            let p = if is_set {
                                BinderPtr::At(base)
                            } else if step.keyed {
                                BinderPtr::Key(base, Str::from(key_text(&step.key)))
                            } else {
                                BinderPtr::Index(base, step.position)
                            };
                            if let Some(s) = frame.pointers.get_mut(*slot as usize) {
                                *s = Some(p);
                            }
                        }
                        self.exec(body, frame, out)?;
                    }
                }
                Stmt::Violation(message, at, _) => {
                    let message = match message {
                        // Written straight into the violation's text (the step evaluating
                        // the string would have taken is still charged).
                        Expr::Interp(parts) => {
                            self.tick()?;
                            self.interpolate(parts, frame)?
                        }
                        other => match self.eval(other, frame)? {
                            Value::Str(s) => s.to_string(),
                            other => display(&other),
                        },
                    };
                    let pointer = match at {
                        Some(place) => self.pointer_steps(place, frame)?,
                        None => ViolationPath::of_steps(Vec::new()),
                    };
                    out.violations.push(RawViolation {
                        message,
                        path: pointer,
                        severity: out.severity.clone(),
                        line: None,
                    });
                    if out.violations.len() > self.limits.max_collection_len {
                        return Err(Stop::Error(RtError::too_large(format!(
                            "the rule recorded more than {} violations",
                            self.limits.max_collection_len
                        ))));
                    }
                }
                Stmt::Yield(y) => {
                    let value = self.eval(&y.value, frame)?;
                    let mut origins = Vec::with_capacity(y.origins.len());
                    for (inside, place) in &y.origins {
                        origins.push((inside.clone(), self.pointer_text(place, frame)?));
                    }
                    let at = match &y.at {
                        Some(place) => self.pointer_text(place, frame)?,
                        None => String::new(),
                    };
                    out.yields
                        .push(super::views::Yielded { value, origins, at });
                    if out.yields.len() > self.limits.max_collection_len {
                        return Err(Stop::Error(RtError::too_large(format!(
                            "the view yielded more than {} documents",
                            self.limits.max_collection_len
                        ))));
                    }
                }
                Stmt::Assert(cond, span) => {
                    if !self.truth(cond, frame)? {
                        let failure = self.explain(cond, *span, frame);
                        return Err(Stop::Assert(Box::new(failure)));
                    }
                }
            }
        }
        Ok(())
    }

    /// What a false assertion compared: the two sides of a comparison, or the violations of
    /// the rule behind `denies`/`allows`. Re-evaluating is safe: expressions are pure.
    fn explain(&mut self, cond: &Expr, span: Span, frame: &mut Frame) -> AssertFailure {
        let mut failure = AssertFailure {
            span,
            left: None,
            right: None,
            violations: None,
        };
        match cond {
            Expr::Binary { lhs, rhs, .. } => {
                failure.left = self.eval(lhs, frame).ok();
                failure.right = self.eval(rhs, frame).ok();
            }
            Expr::Not(inner) => {
                if let Expr::Testing { test, args, .. } = &**inner {
                    failure.violations = self.violations_of(*test, args, frame);
                }
            }
            Expr::Testing { test, args, .. } => {
                failure.violations = self.violations_of(*test, args, frame);
            }
            _ => {}
        }
        failure
    }

    fn violations_of(&mut self, test: TestFn, args: &[Expr], frame: &mut Frame) -> Option<Value> {
        match test {
            TestFn::Denies | TestFn::Allows => self.testing(TestFn::Violations, args, frame).ok(),
            _ => None,
        }
    }

    /// The JSON pointer of a place.
    fn pointer(&mut self, place: &Place, frame: &mut Frame) -> Rt<Ptr> {
        let mut p = match place.root {
            PlaceRoot::Subject => Ptr::root(),
            PlaceRoot::Binder(slot) => match frame.pointers.get(slot as usize) {
                Some(Some(p)) => p.to_ptr(&mut self.ptrs),
                _ => Ptr::root(),
            },
        };
        for step in &place.steps {
            let segment = self.segment(step, frame)?;
            p = self.ptrs.push(p, segment);
        }
        Ok(p)
    }

    /// The pointer step of a step of a place: a member name, or the index it evaluates to (an
    /// array position when it is a natural number, else a member name).
    #[inline(always)]
    fn segment(&mut self, step: &PlaceStep, frame: &mut Frame) -> Rt<Segment> {
        Ok(match step {
            PlaceStep::Field(name) => Segment::Key(name.clone()),
            PlaceStep::Index(e) => match self.eval(e, frame)? {
                Value::Int(i) if i >= 0 => Segment::Index(i as usize),
                Value::Str(s) => Segment::Key(s),
                other => Segment::Key(Str::from(key_text(&other))),
            },
        })
    }

    /// The text of a place's pointer (for what a view yields, whose pointers are mapped as
    /// text).
    fn pointer_text(&mut self, place: &Place, frame: &mut Frame) -> Rt<String> {
        Ok(String::from(self.pointer_steps(place, frame)?))
    }

    /// The pointer of a place as its steps, its text written when first read: the same steps
    /// as [`pointer`](Self::pointer) takes, without making nodes. Inlined into the statement
    /// loop: a failing decision records one per violation.
    #[inline(always)]
    fn pointer_steps(&mut self, place: &Place, frame: &mut Frame) -> Rt<ViolationPath> {
        let mut steps = Vec::with_capacity(8);
        if let PlaceRoot::Binder(slot) = place.root
            && let Some(Some(p)) = frame.pointers.get(slot as usize)
        {
            p.collect(&self.ptrs, &mut steps);
        }
        for step in &place.steps {
            steps.push(self.segment(step, frame)?);
        }
        Ok(ViolationPath::of_steps(steps))
    }

    /// `denies`, `allows`, `violations` and `fixture`.
    pub(super) fn testing(&mut self, test: TestFn, args: &[Expr], frame: &mut Frame) -> Rt<Value> {
        if test == TestFn::Fixture {
            let path = match args.first() {
                Some(e) => self.eval(e, frame)?,
                None => return Err(RtError::internal("`fixture` without a path")),
            };
            let path = display(&path);
            return self
                .fixtures
                .and_then(|f| f.get(&path))
                .cloned()
                .ok_or_else(|| {
                    RtError::new(
                        codes::MISSING_DATA,
                        format!("the fixture `{path}` was not loaded"),
                    )
                });
        }
        let (Some(Expr::RuleRef(rule)), Some(input)) = (args.first(), args.get(1)) else {
            return Err(RtError::internal("a test builtin without a rule"));
        };
        let input = self.eval(input, frame)?;
        let name = self
            .program
            .rule(*rule)
            .map_or(String::new(), |r| r.qualified.to_string());
        // The rule judges the input and what the set's views yield from it, as in a decision.
        let mut runs = vec![(*rule, self.run_rule(*rule, &input))];
        self.judge_views(&input, &mut runs, |m, yielded| {
            vec![(*rule, m.run_rule(*rule, yielded))]
        });
        let run = runs.pop().map_or(RuleRun::Skipped, |(_, r)| r);
        let violations = match run {
            RuleRun::Skipped => Vec::new(),
            RuleRun::Ran(v) => v,
            RuleRun::Failed(mut e) => {
                e.message = format!("rule `{name}` ended in an error: {}", e.message);
                return Err(e);
            }
        };
        Ok(match test {
            TestFn::Denies => Value::Bool(!violations.is_empty()),
            TestFn::Allows => Value::Bool(violations.is_empty()),
            _ => Value::list(
                violations
                    .into_iter()
                    .map(|v| {
                        Value::obj(Obj::from_entries(vec![
                            (Arc::from("message"), Value::str(&v.message)),
                            (Arc::from("path"), Value::str(&v.path)),
                        ]))
                    })
                    .collect(),
            ),
        })
    }
}
