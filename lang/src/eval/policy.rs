//! The embedding API: a compiled, immutable `PolicySet` that evaluates documents into
//! decisions. Compiling checks the sources (a policy set with errors is refused, with its
//! diagnostics), compiles them and folds constants. Evaluating is read-only on the set, so one
//! `PolicySet` serves many threads at once; each evaluation has its own fuel and caches.

use super::compile;
use super::conform::conform;
use super::decision::{Decision, DecisionError, Outcome, RuleResult, Stats, Status};
use super::error::RtError;
use super::input::Document;
use super::interp::{HostValues, Machine, RuleRun};
use super::ir::{Program, RuleMetadata};
use super::limits::Limits;
use super::value::Value;
use crate::check::types::Ty;
use crate::diagnostics::{Diagnostic, codes};
use crate::span::{FileId, Span};
use std::collections::BTreeMap;
use std::sync::Arc;

/// A compiled policy set. Cheap to clone (shared), `Send + Sync`.
#[derive(Clone, Debug)]
pub struct PolicySet {
    /// Which compilation this is (clones share it): what [`PreparedOptions`] are bound to.
    id: u64,
    program: Arc<Program>,
    warnings: Arc<Vec<Diagnostic>>,
    /// Every rule's number, in evaluation order (what `evaluate` runs).
    all_rules: Arc<[u32]>,
}

/// Why sources could not be compiled: their error diagnostics (and warnings).
#[derive(Clone, Debug, thiserror::Error)]
#[error("the policy set has {} error(s)", self.diagnostics.iter().filter(|d| d.is_error()).count())]
pub struct CompileFailure {
    /// Every diagnostic, errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
}

/// What to do with a runtime error of a rule.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ErrorMode {
    /// Fail closed: an error in a `deny` rule denies the document (the default).
    #[default]
    Deny,
    /// Record the error in the decision, but let only violations decide.
    Report,
}

/// Options of one evaluation.
#[derive(Clone, Debug, PartialEq)]
pub struct EvalOptions {
    /// Fuel and size limits.
    pub limits: Limits,
    /// Values of `param` items by qualified name (`package.name`), overriding their defaults.
    pub params: BTreeMap<String, serde_json::Value>,
    /// Values of `data` items by qualified name (`package.name`).
    pub data: BTreeMap<String, serde_json::Value>,
    /// What a runtime error does to the decision.
    pub error_mode: ErrorMode,
    /// Whether rules also judge the documents the set's views yield from a document (a Pod
    /// from a Deployment's template, say), with violations pointing into the document. On by
    /// default.
    pub views: bool,
    /// Whether a document to which no rule applies (every rule skipped it: its subject type
    /// matches no rule) is denied with E0508 instead of allowed. Off by default; an admission
    /// controller that must not let unknown objects through turns it on.
    pub deny_unjudged: bool,
    /// Rules not evaluated, by metadata id or `package.rule`: they are left out of decisions
    /// and cannot deny. A name that is no rule of the set is reported by `check_options`
    /// (E0506).
    pub exclude: Vec<String>,
}

impl Default for EvalOptions {
    fn default() -> EvalOptions {
        EvalOptions {
            limits: Limits::default(),
            params: BTreeMap::new(),
            data: BTreeMap::new(),
            error_mode: ErrorMode::default(),
            views: true,
            deny_unjudged: false,
            exclude: Vec::new(),
        }
    }
}

/// Options bound to one policy set by [`PolicySet::prepare`]: parameter and data values
/// converted from JSON and conformed to their declared types once, for any number of
/// evaluations (from any number of threads). Cheap to clone (shared).
#[derive(Clone, Debug)]
pub struct PreparedOptions {
    set: u64,
    options: Arc<EvalOptions>,
    host: HostValues,
    /// The rules evaluated: every rule of the set but the excluded ones.
    rules: Arc<[u32]>,
}

impl PreparedOptions {
    /// The options these were prepared from.
    pub fn options(&self) -> &EvalOptions {
        &self.options
    }
}

/// The source of fresh policy set ids.
static NEXT_SET_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// A rule of the set, as listed by [`PolicySet::rules`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleInfo {
    /// The metadata id.
    pub id: String,
    /// `package.rule`.
    pub rule: String,
    /// The metadata.
    pub metadata: RuleMetadata,
    /// The file that declares it.
    pub file: FileId,
    /// The rule's name in that file.
    pub span: Span,
}

impl PolicySet {
    /// Checks and compiles sources that form one policy set.
    pub fn compile(sources: &[(FileId, &str)]) -> Result<PolicySet, CompileFailure> {
        let (result, facts) = crate::check::check_with_facts(sources);
        if result.has_errors() {
            return Err(CompileFailure {
                diagnostics: result.diagnostics,
            });
        }
        let files: Vec<(FileId, &crate::syntax::ast::SourceFile)> =
            result.parses.iter().map(|(id, p)| (*id, &p.file)).collect();
        let program = compile::compile(&files, &facts).map_err(|e| CompileFailure {
            diagnostics: vec![Diagnostic::new(
                codes::NOT_EVALUABLE,
                files.first().map_or(FileId(0), |(f, _)| *f),
                crate::span::Span::new(0, 0),
                format!("the policy set could not be compiled: {}", e.message),
            )],
        })?;
        let all_rules = program.linked_rules().map(|(i, _)| i).collect();
        Ok(PolicySet {
            id: NEXT_SET_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            program: Arc::new(program),
            warnings: Arc::new(result.diagnostics),
            all_rules,
        })
    }

    /// A set with no rule: it allows every document (no rule applies).
    pub fn empty() -> PolicySet {
        PolicySet {
            id: NEXT_SET_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            program: Arc::new(Program::default()),
            warnings: Arc::default(),
            all_rules: Arc::from([]),
        }
    }

    /// The warnings checking reported.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// The rules, in evaluation order.
    pub fn rules(&self) -> Vec<RuleInfo> {
        self.program
            .linked_rules()
            .map(|(_, r)| RuleInfo {
                id: r.id.to_string(),
                rule: r.qualified.to_string(),
                metadata: (*r.meta).clone(),
                file: r.file,
                span: r.span,
            })
            .collect()
    }

    /// The static cost bound of every rule, view and function (rules first, in evaluation
    /// order): the most fuel one run can spend on a document within `sizes`, evaluated under
    /// `limits` (spec/limits.md, "Static cost bounds").
    pub fn cost_bounds(
        &self,
        sizes: &super::cost::SizeBounds,
        limits: &super::limits::Limits,
    ) -> Vec<super::cost::ItemCost> {
        super::cost::analyze(&self.program, sizes, limits)
    }

    /// An error (E0509) for each rule (not excluded by `options`) and view whose static cost
    /// bound, for documents within `input` evaluated under `options.limits`, exceeds `budget`
    /// steps: what a host that must answer within a latency budget refuses a policy set for,
    /// before evaluating anything.
    pub fn cost_over_budget(
        &self,
        budget: u64,
        input: &super::input::InputLimits,
        options: &EvalOptions,
    ) -> Vec<crate::Diagnostic> {
        let excluded: Vec<String> = self
            .program
            .linked_rules()
            .filter(|(_, r)| is_excluded(r, options))
            .map(|(_, r)| r.qualified.to_string())
            .collect();
        super::cost::over_budget(&self.program, budget, input, &options.limits)
            .into_iter()
            .filter(|(name, _)| !excluded.contains(name))
            .map(|(_, d)| d)
            .collect()
    }

    /// The compiled program, for the test runner and tools in this crate.
    pub(crate) fn program(&self) -> &Program {
        &self.program
    }

    /// What is wrong with the options for this policy set: parameters or data it does not
    /// declare, values that do not conform to their declared types. Evaluating with such
    /// options denies every document with these errors; a host can refuse them up front.
    pub fn check_options(&self, options: &EvalOptions) -> Vec<DecisionError> {
        let mut errors = bind_host_values(&self.program, options).1;
        errors.extend(self.unknown_exclusions(options));
        errors
    }

    fn unknown_exclusions(&self, options: &EvalOptions) -> Vec<DecisionError> {
        unknown_exclusions(&self.program, options)
    }

    /// The rules evaluated with these options: all but the excluded ones.
    fn chosen_rules(&self, options: &EvalOptions) -> Arc<[u32]> {
        if options.exclude.is_empty() {
            return self.all_rules.clone();
        }
        self.program
            .linked_rules()
            .filter(|(_, r)| !is_excluded(r, options))
            .map(|(i, _)| i)
            .collect()
    }

    /// Binds options to this set once: their parameter and data values are converted and
    /// conformed here rather than on every evaluation. Fails with what
    /// [`check_options`](Self::check_options) reports.
    pub fn prepare(&self, options: &EvalOptions) -> Result<PreparedOptions, Vec<DecisionError>> {
        let (host, mut errors) = bind_host_values(&self.program, options);
        errors.extend(self.unknown_exclusions(options));
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(PreparedOptions {
            set: self.id,
            options: Arc::new(options.clone()),
            host,
            rules: self.chosen_rules(options),
        })
    }

    /// Evaluates every rule (but the excluded ones) on a document.
    pub fn evaluate(&self, doc: &Document, options: &EvalOptions) -> Decision {
        let unknown = self.unknown_exclusions(options);
        if !unknown.is_empty() {
            return denied_with_all(unknown);
        }
        self.bind_and_evaluate(&self.chosen_rules(options), doc, options)
    }

    /// Binds the options for one evaluation (without copying them) and evaluates `rules`.
    fn bind_and_evaluate(&self, rules: &[u32], doc: &Document, options: &EvalOptions) -> Decision {
        let (host, errors) = bind_host_values(&self.program, options);
        if !errors.is_empty() {
            return denied_with_all(errors);
        }
        self.evaluate_rules(rules, doc, options, &host)
    }

    /// Evaluates every rule on a document with options prepared for this set; options
    /// prepared for another set deny the document with an error.
    pub fn evaluate_prepared(&self, doc: &Document, prepared: &PreparedOptions) -> Decision {
        if prepared.set != self.id {
            return denied_with(DecisionError {
                code: codes::NOT_EVALUABLE.as_str().to_owned(),
                message: "the options were prepared for another policy set".to_owned(),
                rule: None,
                path: None,
            });
        }
        self.evaluate_rules(&prepared.rules, doc, &prepared.options, &prepared.host)
    }

    /// Evaluates one rule, named `package.rule` or by its metadata id. An entrypoint that
    /// names no rule gives a denied decision with an error.
    pub fn evaluate_entrypoint(
        &self,
        entrypoint: &str,
        doc: &Document,
        options: &EvalOptions,
    ) -> Decision {
        match self.find_rule(entrypoint) {
            Some(i) => self.bind_and_evaluate(&[i], doc, options),
            None => denied_with(DecisionError {
                code: codes::NOT_EVALUABLE.as_str().to_owned(),
                message: format!("no rule is called `{entrypoint}`"),
                rule: None,
                path: None,
            }),
        }
    }

    /// The index of the rule named `package.rule` or with metadata id `name`.
    fn find_rule(&self, name: &str) -> Option<u32> {
        self.program
            .linked_rules()
            .find(|(_, r)| r.qualified == name || r.id == name)
            .map(|(i, _)| i)
    }

    fn evaluate_rules(
        &self,
        rules: &[u32],
        doc: &Document,
        options: &EvalOptions,
        host: &HostValues,
    ) -> Decision {
        let (runs, fuel) = run_rules_and_views(&self.program, rules, &doc.value, options, host);
        let entries = runs
            .into_iter()
            .filter_map(|(i, run)| Some((self.program.rule(i)?, run)));
        assemble(entries, doc, options, fuel)
    }
}

/// Runs rules on a document and, when views are on, on every document the set's views yield
/// from it (transitively), merging the outcomes of each rule: violations found through a view
/// point into the document; a rule is skipped only if it skipped every document, and ends in
/// error if any run did.
pub(crate) fn run_rules_and_views(
    program: &Program,
    rules: &[u32],
    doc: &Value,
    options: &EvalOptions,
    host: &HostValues,
) -> (Vec<(u32, RuleRun)>, u64) {
    let mut machine = Machine::new(program, options.limits, host.clone());
    let mut runs = run_rules_on(&mut machine, program, rules, doc);
    if options.views {
        machine.judge_views(doc, &mut runs, |m, yielded| {
            run_rules_on(m, program, rules, yielded)
        });
    }
    let fuel = machine.fuel_used();
    (runs, fuel)
}

/// Runs rules of a program on a document with a machine, in order.
fn run_rules_on(
    machine: &mut Machine<'_>,
    program: &Program,
    rules: &[u32],
    doc: &Value,
) -> Vec<(u32, RuleRun)> {
    let mut runs = Vec::with_capacity(rules.len());
    // Rules sharing a subject type conform the document once. Most sets judge a document as
    // one type, kept apart so that it needs no allocation.
    let mut first: Option<(usize, Result<Value, RtError>)> = None;
    let mut conformed: Vec<(usize, Result<Value, RtError>)> = Vec::new();
    // Rules whose key discriminator the document does not hold skip it unchecked.
    let candidates = program.dispatch.candidates(doc);
    for &index in rules {
        let Some(rule) = program.rule(index) else {
            continue;
        };
        let run = if !candidates.contains(index)
            || !super::conform::matches_discriminators(doc, &rule.discriminators)
        {
            RuleRun::Skipped
        } else {
            let key = type_key(&rule.subject);
            let known = first
                .iter()
                .chain(conformed.iter())
                .find(|(k, _)| *k == key)
                .map(|(_, r)| r.clone());
            let subject = match known {
                Some(r) => r,
                None => {
                    let r = super::interp::conform_subject(&rule.subject, doc);
                    if first.is_none() {
                        first = Some((key, r.clone()));
                    } else {
                        conformed.push((key, r.clone()));
                    }
                    r
                }
            };
            match subject {
                Ok(v) => machine.run_conformed(index, v),
                Err(e) => RuleRun::Failed(e),
            }
        };
        runs.push((index, run));
    }
    runs
}

/// Whether the options exclude a rule (by metadata id or `package.rule`).
pub(crate) fn is_excluded(rule: &super::ir::Rule, options: &EvalOptions) -> bool {
    options
        .exclude
        .iter()
        .any(|e| *e == *rule.id || *e == *rule.qualified)
}

/// An error for each excluded name that is no rule of the program.
pub(crate) fn unknown_exclusions(program: &Program, options: &EvalOptions) -> Vec<DecisionError> {
    options
        .exclude
        .iter()
        .filter(|name| {
            !program
                .linked_rules()
                .any(|(_, r)| **name == *r.id || **name == *r.qualified)
        })
        .map(|name| DecisionError {
            code: codes::NOT_EVALUABLE.as_str().to_owned(),
            message: format!("the excluded rule `{name}` names no rule of the policy set"),
            rule: None,
            path: None,
        })
        .collect()
}

/// The decision from the outcomes of rules, in order.
pub(crate) fn assemble<'r>(
    entries: impl IntoIterator<Item = (&'r super::ir::Rule, RuleRun)>,
    doc: &Document,
    options: &EvalOptions,
    fuel: u64,
) -> Decision {
    let mut results = Vec::new();
    let mut errors = Vec::new();
    let mut stats = Stats::default();
    let mut denied = false;
    for (rule, run) in entries {
        let enforcing = rule.meta.enforcement == "deny";
        let (status, violations) = match run {
            RuleRun::Skipped => {
                stats.skipped += 1;
                (Status::Skipped, Vec::new())
            }
            RuleRun::Ran(v) if v.is_empty() => {
                stats.pass += 1;
                (Status::Pass, Vec::new())
            }
            RuleRun::Ran(mut violations) => {
                stats.fail += 1;
                denied |= enforcing;
                for v in &mut violations {
                    v.line = doc.violation_line(&v.path);
                }
                (Status::Fail, violations)
            }
            RuleRun::Failed(e) => {
                let e = e.into_data();
                stats.error += 1;
                denied |= enforcing && options.error_mode == ErrorMode::Deny;
                errors.push(DecisionError {
                    code: e.code.as_str().to_owned(),
                    message: e.message,
                    rule: Some(rule.id.to_string()),
                    path: e.pointer,
                });
                (Status::Error, Vec::new())
            }
        };
        results.push(RuleResult {
            id: rule.id.clone(),
            rule: rule.qualified.clone(),
            metadata: rule.meta.clone(),
            status,
            violations,
        });
    }
    stats.fuel_used = fuel;
    if options.deny_unjudged && stats.pass + stats.fail + stats.error == 0 {
        denied = true;
        errors.push(DecisionError {
            code: codes::UNJUDGED.as_str().to_owned(),
            message: format!(
                "no rule applies to this document (all {} skipped it), and documents no rule judges are denied",
                stats.skipped
            ),
            rule: None,
            path: None,
        });
    }
    Decision {
        decision: if denied {
            Outcome::Denied
        } else {
            Outcome::Allowed
        },
        rules: results,
        errors,
        stats,
    }
}

/// Identity of a subject type, for sharing conformance between rules.
fn type_key(ty: &Ty) -> usize {
    match ty {
        Ty::Record(r) => Arc::as_ptr(r) as usize,
        _ => 0,
    }
}

/// A denied decision with every error (there is at least one).
pub(crate) fn denied_with_all(mut errors: Vec<DecisionError>) -> Decision {
    if errors.is_empty() {
        return denied_with(DecisionError {
            code: codes::NOT_EVALUABLE.as_str().to_owned(),
            message: "the options cannot be used".to_owned(),
            rule: None,
            path: None,
        });
    }
    let mut d = denied_with(errors.remove(0));
    d.errors.extend(errors);
    d
}

pub(crate) fn denied_with(error: DecisionError) -> Decision {
    Decision {
        decision: Outcome::Denied,
        rules: Vec::new(),
        errors: vec![error],
        stats: Stats::default(),
    }
}

/// Parameter and data values from the options, conformed to their declared types, and what is
/// wrong with them.
pub(crate) fn bind_host_values(
    program: &Program,
    options: &EvalOptions,
) -> (HostValues, Vec<DecisionError>) {
    let mut errors = Vec::new();
    let mut bind = |globals: &[Option<Arc<super::ir::Global>>],
                    given: &BTreeMap<String, serde_json::Value>,
                    what: &str| {
        let mut out = vec![None; globals.len()];
        for (name, json) in given {
            let Some(i) = globals
                .iter()
                .position(|g| g.as_ref().is_some_and(|g| &g.name == name))
            else {
                errors.push(DecisionError {
                    code: codes::NOT_EVALUABLE.as_str().to_owned(),
                    message: format!("the policy set declares no `{what} {name}`"),
                    rule: None,
                    path: None,
                });
                continue;
            };
            let value = Value::from_json(json);
            let ty = globals
                .get(i)
                .and_then(|g| g.as_ref()?.ty.clone())
                .unwrap_or(Ty::Json);
            match conform(&value, &ty) {
                Ok(v) => {
                    if let Some(slot) = out.get_mut(i) {
                        *slot = Some(v);
                    }
                }
                Err(m) => errors.push(DecisionError {
                    code: codes::NONCONFORMING_VALUE.as_str().to_owned(),
                    message: format!(
                        "the value of `{what} {name}` does not conform to its type `{ty}`: {}{}",
                        if m.pointer.is_empty() {
                            String::new()
                        } else {
                            format!("{}: ", m.pointer)
                        },
                        m.message
                    ),
                    rule: None,
                    path: Some(m.pointer),
                }),
            }
        }
        out
    };
    let params = bind(&program.params, &options.params, "param");
    let data = bind(&program.data, &options.data, "data");
    (HostValues::new(params, data), errors)
}
