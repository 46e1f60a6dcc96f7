//! Running `test` items: overrides from `with`, one run per case of a table, assertions that
//! stop the body, errors of rules evaluated through `denies`/`allows`/`violations`. The host
//! (the CLI's runner) discovers files, loads fixtures, runs tests in parallel and reports; this
//! file runs one test and says what happened.

use super::coverage::Coverage;
use super::error::RtError;
use super::interp::{Frame, Machine, Output, Stop};
use super::ir::{Test, WithTarget};
use super::limits::Limits;
use super::policy::PolicySet;
use super::value::{Value, display};
use crate::span::{FileId, Span};
use serde::Serialize;
use std::collections::HashMap;

/// A test of a policy set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TestInfo {
    /// Its position among the set's tests.
    pub index: usize,
    /// Its name.
    pub name: String,
    /// The package that declares it.
    pub package: String,
    /// The file that declares it.
    #[serde(skip)]
    pub file: FileId,
    /// The declaration.
    #[serde(skip)]
    pub span: Span,
    /// The paths given to `fixture`, as written (relative to the test's file).
    pub fixtures: Vec<String>,
}

/// How a test (or one case of a table) ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TestStatus {
    /// The body ran to the end.
    Pass,
    /// An assertion was false.
    Fail,
    /// A runtime error, including a rule that ended in error or a fixture not loaded.
    Error,
}

/// Why a test did not pass.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TestFailure {
    /// What happened.
    pub message: String,
    /// The runtime error's code, for errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The false assertion, or the test for errors.
    #[serde(skip)]
    pub span: Span,
    /// The left side of a false comparison.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub left: Option<serde_json::Value>,
    /// The right side of a false comparison.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub right: Option<serde_json::Value>,
    /// The violations of the rule behind a false `denies` or `allows`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub violations: Option<serde_json::Value>,
}

/// The outcome of a test, or of one case of a table-driven test.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TestResult {
    /// The case, for table-driven tests: its position (and `name` field, if it has one) or key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub case: Option<String>,
    /// How it ended.
    pub status: TestStatus,
    /// Why it did not pass.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure: Option<TestFailure>,
}

/// Why the bytes of a fixture file give no fixture.
#[derive(Clone, Debug, PartialEq)]
pub enum FixtureError {
    /// The text is not a valid document (JSON or YAML).
    Input(super::input::InputError),
    /// The file holds this many documents, not one.
    Documents(usize),
}

impl FixtureError {
    /// What went wrong, for the fixture file at `path`.
    pub fn describe(&self, path: &str) -> String {
        match self {
            FixtureError::Input(e) => {
                format!(
                    "`{path}`:{}:{}: {} ({})",
                    e.line, e.column, e.message, e.code
                )
            }
            FixtureError::Documents(n) => {
                format!("`{path}` holds {n} documents; a fixture is one document")
            }
        }
    }
}

/// The value of a fixture file (one JSON or YAML document), from its bytes; the host reads the
/// file, relative to the directory of the test's file.
pub fn fixture_value(bytes: &[u8]) -> Result<Value, FixtureError> {
    use super::input::{InputFormat, InputLimits, read_documents};
    let (mut docs, errors) = read_documents(bytes, InputFormat::Detect, &InputLimits::default());
    if let Some(e) = errors.into_iter().next() {
        return Err(FixtureError::Input(e));
    }
    match docs.len() {
        1 => Ok(docs.remove(0).value),
        n => Err(FixtureError::Documents(n)),
    }
}

/// Options of a test run.
#[derive(Clone, Debug, Default)]
pub struct TestOptions {
    /// Limits for each case.
    pub limits: Limits,
    /// Whether to record coverage.
    pub coverage: bool,
}

impl PolicySet {
    /// The tests of the set, in the order of their files.
    pub fn tests(&self) -> Vec<TestInfo> {
        self.program()
            .tests
            .iter()
            .enumerate()
            .map(|(index, t)| TestInfo {
                index,
                name: t.name.clone(),
                package: t.package.clone(),
                file: t.file,
                span: t.span,
                fixtures: t.fixtures.clone(),
            })
            .collect()
    }

    /// Everything in the set's rules and functions that tests could cover.
    pub fn coverable(&self) -> super::coverage::Coverable {
        super::coverage::coverable(self.program())
    }

    /// Runs test `index` with the fixtures the host loaded (by path as written), giving one
    /// result per case (one for a test without a table), and the coverage if asked for.
    pub fn run_test(
        &self,
        index: usize,
        fixtures: &HashMap<String, Value>,
        options: &TestOptions,
    ) -> (Vec<TestResult>, Option<Coverage>) {
        let program = self.program();
        let Some(test) = program.tests.get(index) else {
            return (Vec::new(), None);
        };
        let mut coverage = options.coverage.then(Coverage::default);
        let results = match overrides(self, test, fixtures, options) {
            Err(e) => vec![error_result(None, e, test.span)],
            Ok((params, data)) => {
                let host = super::interp::HostValues::new(params, data);
                let machine = || {
                    let m =
                        Machine::new(program, options.limits, host.clone()).with_fixtures(fixtures);
                    let m = if options.coverage {
                        m.with_coverage()
                    } else {
                        m
                    };
                    m.in_file(test.file)
                };
                match &test.table {
                    None => vec![run_case(machine(), test, None, &mut coverage)],
                    Some((binder, cases)) => {
                        let mut m = machine();
                        let mut frame = Frame::new(test.slots, 0);
                        match m.eval(cases, &mut frame) {
                            Err(e) => vec![error_result(None, e, test.span)],
                            Ok(collection) => match super::interp::steps(&collection) {
                                Err(e) => vec![error_result(None, e, test.span)],
                                Ok(steps) => steps
                                    .collect::<Vec<_>>()
                                    .iter()
                                    .map(|step| {
                                        let label = case_label(step);
                                        run_case(
                                            machine(),
                                            test,
                                            Some((*binder, step, label)),
                                            &mut coverage,
                                        )
                                    })
                                    .collect(),
                            },
                        }
                    }
                }
            }
        };
        (results, coverage)
    }
}

type Overrides = (Vec<Option<Value>>, Vec<Option<Value>>);

/// The parameter and data values of a test's `with` bindings, evaluated once, before the body.
fn overrides(
    set: &PolicySet,
    test: &Test,
    fixtures: &HashMap<String, Value>,
    options: &TestOptions,
) -> Result<Overrides, RtError> {
    let program = set.program();
    let mut params = vec![None; program.params.len()];
    let mut data = vec![None; program.data.len()];
    if test.with.is_empty() {
        return Ok((params, data));
    }
    let mut m = Machine::new(
        program,
        options.limits,
        super::interp::HostValues::default(),
    )
    .with_fixtures(fixtures);
    let mut frame = Frame::new(test.slots, 0);
    for (target, expr) in &test.with {
        let v = m.eval(expr, &mut frame)?;
        let slot = match target {
            WithTarget::Param(i) => params.get_mut(*i as usize),
            WithTarget::Data(i) => data.get_mut(*i as usize),
        };
        if let Some(slot) = slot {
            *slot = Some(v);
        }
    }
    Ok((params, data))
}

/// A table case's name: its key for maps, its position for lists and sets, with the row's
/// `name` field when it has one.
fn case_label(step: &super::interp::Step) -> String {
    if step.keyed {
        return display(&step.key);
    }
    match &step.value {
        Value::Obj(o) => match o.get("name") {
            Some(Value::Str(name)) => format!("{} ({name})", step.position),
            _ => step.position.to_string(),
        },
        _ => step.position.to_string(),
    }
}

fn run_case(
    mut m: Machine<'_>,
    test: &Test,
    case: Option<(super::ir::Binder, &super::interp::Step, String)>,
    coverage: &mut Option<Coverage>,
) -> TestResult {
    let mut frame = Frame::new(test.slots, 0);
    let label = case.as_ref().map(|(_, _, l)| l.clone());
    if let Some((binder, step, _)) = &case {
        super::interp::bind(&mut frame, *binder, step);
    }
    let mut out = Output::default();
    let result = m.exec(&test.body, &mut frame, &mut out);
    if let (Some(total), Some(c)) = (coverage.as_mut(), m.take_coverage()) {
        total.merge(&c);
    }
    match result {
        Ok(()) => TestResult {
            case: label,
            status: TestStatus::Pass,
            failure: None,
        },
        Err(Stop::Error(e)) => error_result(label, e, test.span),
        Err(Stop::Assert(a)) => TestResult {
            case: label,
            status: TestStatus::Fail,
            failure: Some(TestFailure {
                message: "the assertion is false".to_owned(),
                code: None,
                span: a.span,
                left: a.left.map(|v| v.to_json()),
                right: a.right.map(|v| v.to_json()),
                violations: a.violations.map(|v| v.to_json()),
            }),
        },
    }
}

fn error_result(case: Option<String>, e: RtError, span: Span) -> TestResult {
    let e = e.into_data();
    let span = e.at.unwrap_or(span);
    TestResult {
        case,
        status: TestStatus::Error,
        failure: Some(TestFailure {
            message: e.message,
            code: Some(e.code.as_str().to_owned()),
            span,
            left: None,
            right: None,
            violations: None,
        }),
    }
}
