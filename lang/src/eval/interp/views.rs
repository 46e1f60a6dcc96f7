//! Views at run time. A view reads a document that conforms to its subject type and yields
//! documents of its target type; every rule then judges each yielded document as it judges the
//! document itself, and what views yield is read by the views again (a CronJob yields a Job
//! template, which yields a Pod). Pointers of what a rule finds in a yielded document are
//! moved back into the original document through each view's *origins*: the members of the
//! yielded document that were written as places of the subject.

use super::stmt::{Body, Output, Stop};
use super::{Machine, RuleRun};
use crate::diagnostics::codes;
use crate::eval::conform::{conform, matches_discriminators};
use crate::eval::error::{RtError, RtErrorData};
use crate::eval::ir::View;
use crate::eval::value::Value;
use std::collections::VecDeque;
use std::sync::Arc;

/// How deep views may nest (a view of what a view yielded, and so on). Deeper nesting means a
/// view reads what it yields, directly or not: the evaluation fails rather than loop.
pub const MAX_VIEW_DEPTH: usize = 8;

/// A document a `yield` produced, with where its parts come from in the view's subject.
#[derive(Clone, Debug, PartialEq)]
pub struct Yielded {
    /// The document.
    pub value: Value,
    /// Pointers inside the document, and the subject's pointers they come from.
    pub origins: Vec<(String, String)>,
    /// The subject's pointer for everything else.
    pub at: String,
}

/// The outcome of running one view on one document.
#[derive(Clone, Debug, PartialEq)]
pub enum ViewRun {
    /// The document does not match the view's discriminators.
    Skipped,
    /// The documents the view yielded, each conformed to the target type.
    Ran(Vec<Yielded>),
    /// The document does not conform, the body stopped with an error, or a yielded document
    /// does not conform to the target type.
    Failed(RtError),
}

/// How pointers into a yielded document become pointers into the document the view read.
#[derive(Clone, Debug, PartialEq)]
pub struct Origins {
    /// Pointers inside the yielded document and the subject's pointers they come from.
    inside: Vec<(String, String)>,
    /// The subject's pointer for everything else.
    at: String,
}

impl Origins {
    /// The subject's pointer of `pointer` (a pointer into the yielded document): the origin
    /// of its longest prefix that has one, else the view's `at`.
    pub fn map(&self, pointer: &str) -> String {
        let mut best: Option<(&str, &str)> = None;
        for (inside, from) in &self.inside {
            let covers = pointer
                .strip_prefix(inside.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
            if covers && best.is_none_or(|(b, _)| inside.len() >= b.len()) {
                best = Some((inside, from));
            }
        }
        match best {
            Some((inside, from)) => {
                format!("{from}{}", pointer.get(inside.len()..).unwrap_or(""))
            }
            None => self.at.clone(),
        }
    }
}

/// The pointer into the original document of a pointer into a document reached through
/// `chain` (the origins of each view, outermost first).
pub fn map_through(chain: &[Arc<Origins>], pointer: &str) -> String {
    let mut p = pointer.to_owned();
    for origins in chain.iter().rev() {
        p = origins.map(&p);
    }
    p
}

/// A rule's outcome on a yielded document, with its pointers moved into the original document.
fn map_run(run: RuleRun, chain: &[Arc<Origins>], view: &View) -> RuleRun {
    match run {
        RuleRun::Skipped => RuleRun::Skipped,
        RuleRun::Ran(violations) => RuleRun::Ran(
            violations
                .into_iter()
                .map(|mut v| {
                    v.path = map_through(chain, &v.path).into();
                    v
                })
                .collect(),
        ),
        RuleRun::Failed(mut e) => {
            let at = map_through(chain, "");
            e.pointer = e.pointer.take().map(|p| map_through(chain, &p));
            e.message = format!(
                "in the document yielded by view `{}` at `{at}`: {}",
                view.qualified, e.message
            );
            RuleRun::Failed(e)
        }
    }
}

/// Merges a rule's outcome on a yielded document into its outcome so far: an error wins; a
/// rule is skipped only if it skipped both; violations are kept in order.
pub fn merge(a: RuleRun, b: RuleRun) -> RuleRun {
    match (a, b) {
        (RuleRun::Failed(e), _) | (_, RuleRun::Failed(e)) => RuleRun::Failed(e),
        (RuleRun::Skipped, other) | (other, RuleRun::Skipped) => other,
        (RuleRun::Ran(mut x), RuleRun::Ran(y)) => {
            x.extend(y);
            RuleRun::Ran(x)
        }
    }
}

impl Machine<'_> {
    /// Runs a view on a document: its documents, each conformed to the target type.
    pub fn run_view(&mut self, view: &View, doc: &Value) -> ViewRun {
        if !matches_discriminators(doc, &view.discriminators) {
            return ViewRun::Skipped;
        }
        let subject = match conform(doc, &view.subject) {
            Ok(v) => v,
            Err(m) => {
                return ViewRun::Failed(nonconforming(
                    format!(
                        "the document does not conform to the subject type of view `{}`",
                        view.qualified
                    ),
                    m.pointer,
                    &m.message,
                ));
            }
        };
        let mut out = Output::default();
        let body = Body {
            slots: view.slots,
            pointers: view.pointers,
            file: view.file,
            span: view.span,
            stmts: &view.body,
        };
        match self.run_body(&body, subject, &mut out) {
            Ok(()) => {}
            Err(Stop::Error(mut e)) => {
                e.message = format!("view `{}` ended in an error: {}", view.qualified, e.message);
                return ViewRun::Failed(e);
            }
            Err(Stop::Assert(_)) => {
                return ViewRun::Failed(RtError::internal("an assertion in a view"));
            }
        }
        let mut yielded = Vec::with_capacity(out.yields.len());
        for mut y in out.yields {
            match conform(&y.value, &view.target) {
                Ok(v) => y.value = v,
                Err(m) => {
                    let pointer = Origins {
                        inside: y.origins.clone(),
                        at: y.at.clone(),
                    }
                    .map(&m.pointer);
                    return ViewRun::Failed(nonconforming(
                        format!(
                            "the document yielded by view `{}` does not conform to its target type",
                            view.qualified
                        ),
                        pointer,
                        &m.message,
                    ));
                }
            }
            yielded.push(y);
        }
        ViewRun::Ran(yielded)
    }

    /// Judges what the views of the program yield from `doc`, transitively, with `judge` (a
    /// run of the rules on one yielded document), merging each rule's outcome into `runs`
    /// (one entry per rule judged, in the order `judge` returns them). A view that fails
    /// fails the rules whose subject type is its target type: what it would have yielded was
    /// not judged.
    pub fn judge_views(
        &mut self,
        doc: &Value,
        runs: &mut [(u32, RuleRun)],
        mut judge: impl FnMut(&mut Self, &Value) -> Vec<(u32, RuleRun)>,
    ) {
        let program = self.program;
        if program.views.is_empty() {
            return;
        }
        let mut queue: VecDeque<(Value, Vec<Arc<Origins>>)> = VecDeque::new();
        queue.push_back((doc.clone(), Vec::new()));
        while let Some((value, chain)) = queue.pop_front() {
            for view in program.linked_views() {
                let yielded = match self.run_view(view, &value) {
                    ViewRun::Skipped => continue,
                    ViewRun::Ran(yielded) => yielded,
                    ViewRun::Failed(mut e) => {
                        e.pointer = e.pointer.take().map(|p| map_through(&chain, &p));
                        fail_target(program, runs, view, &e);
                        continue;
                    }
                };
                for y in yielded {
                    let mut inner = chain.clone();
                    inner.push(Arc::new(Origins {
                        inside: y.origins,
                        at: y.at,
                    }));
                    if inner.len() > MAX_VIEW_DEPTH {
                        let e = RtError::new(
                            codes::NOT_EVALUABLE,
                            format!(
                                "views nest more than {MAX_VIEW_DEPTH} deep at view `{}`: a view reads what it yields",
                                view.qualified
                            ),
                        );
                        fail_target(program, runs, view, &e);
                        continue;
                    }
                    let through = judge(self, &y.value);
                    for ((_, own), (_, run)) in runs.iter_mut().zip(through) {
                        if matches!(run, RuleRun::Skipped) {
                            // Merging a skip changes nothing.
                            continue;
                        }
                        let mapped = map_run(run, &inner, view);
                        *own = merge(std::mem::replace(own, RuleRun::Skipped), mapped);
                    }
                    queue.push_back((y.value, inner));
                }
            }
        }
    }
}

/// Fails every rule of `runs` whose subject type is the view's target type.
fn fail_target(
    program: &crate::eval::ir::Program,
    runs: &mut [(u32, RuleRun)],
    view: &View,
    e: &RtError,
) {
    for (index, run) in runs.iter_mut() {
        if program
            .rule(*index)
            .is_some_and(|r| r.subject == view.target)
        {
            *run = merge(
                std::mem::replace(run, RuleRun::Skipped),
                RuleRun::Failed(e.clone()),
            );
        }
    }
}

fn nonconforming(what: String, pointer: String, message: &str) -> RtError {
    RtError::from(RtErrorData {
        code: codes::NONCONFORMING_VALUE,
        message: format!(
            "{what}: {}{message}",
            if pointer.is_empty() {
                String::new()
            } else {
                format!("{pointer}: ")
            }
        ),
        pointer: Some(pointer),
        at: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_take_the_longest_origin_and_nest() {
        let template = Origins {
            inside: vec![
                ("/metadata".to_owned(), "/spec/template/metadata".to_owned()),
                (
                    "/metadata/namespace".to_owned(),
                    "/metadata/namespace".to_owned(),
                ),
                ("/spec".to_owned(), "/spec/template/spec".to_owned()),
            ],
            at: "/spec/template".to_owned(),
        };
        assert_eq!(
            template.map("/spec/containers/0/image"),
            "/spec/template/spec/containers/0/image"
        );
        assert_eq!(template.map("/metadata/namespace"), "/metadata/namespace");
        assert_eq!(
            template.map("/metadata/labels/app"),
            "/spec/template/metadata/labels/app"
        );
        assert_eq!(template.map("/kind"), "/spec/template");
        assert_eq!(template.map("/specs"), "/spec/template");
        let cronjob = Arc::new(Origins {
            inside: vec![("/spec".to_owned(), "/spec/jobTemplate/spec".to_owned())],
            at: "/spec/jobTemplate".to_owned(),
        });
        let job = Arc::new(template);
        assert_eq!(
            map_through(&[cronjob, job], "/spec/containers/0"),
            "/spec/jobTemplate/spec/template/spec/containers/0"
        );
    }
}
