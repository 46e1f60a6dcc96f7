//! Running tests from the editor: the "Run test" and "Run all tests in file" code lenses (and
//! the `palisade.runTest` / `palisade.runTests` commands behind them) run `test` items through
//! the library's test runner, on the texts the editor has, with fixtures read from disk beside
//! the test's file. A test that does not pass becomes a diagnostic on its failed assertion until
//! the file is edited again; the command answers with every result.

use crate::convert::{Encoding, Lines};
use crate::workspace::Built;
use palisade::{FileId, PolicySet, TestOptions, TestStatus, Value};
use std::collections::HashMap;
use std::path::Path;
use tower_lsp_server::ls_types::*;

/// Fixture files larger than this are not read.
const MAX_FIXTURE_BYTES: u64 = 64 << 20;

/// One test's (or table case's) result, as the command answers it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Ran {
    /// The test's name.
    pub test: String,
    /// The case, for table-driven tests.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub case: Option<String>,
    /// `pass`, `fail` or `error`.
    pub status: TestStatus,
    /// Why it did not pass.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// The outcome of running the tests of one file.
pub struct TestRun {
    /// Every result.
    pub results: Vec<Ran>,
    /// The file's diagnostics: one per result that did not pass.
    pub diagnostics: Vec<Diagnostic>,
}

impl TestRun {
    /// "3 passed, 1 failed" and the like.
    pub fn summary(&self) -> String {
        let count = |s: TestStatus| self.results.iter().filter(|r| r.status == s).count();
        let mut parts = vec![format!("{} passed", count(TestStatus::Pass))];
        for (status, word) in [
            (TestStatus::Fail, "failed"),
            (TestStatus::Error, "in error"),
        ] {
            let n = count(status);
            if n > 0 {
                parts.push(format!("{n} {word}"));
            }
        }
        parts.join(", ")
    }
}

/// Runs the tests of the file at `uri` (only the one called `name`, if given).
pub fn run(
    built: &Built,
    uri: &Uri,
    name: Option<&str>,
    encoding: Encoding,
) -> Result<TestRun, String> {
    let file = built
        .file_id(uri)
        .filter(|f| built.editable(*f))
        .ok_or("not a policy file of the workspace")?;
    let snapshot = &built.snapshot;
    let sources: Vec<(FileId, &str)> = snapshot
        .files()
        .filter_map(|f| Some((f, snapshot.text(f)?)))
        .collect();
    let set = PolicySet::compile(&sources).map_err(|failure| {
        let errors = failure.diagnostics.iter().filter(|d| d.is_error()).count();
        format!("the policy set has {errors} error(s): fix them before running tests")
    })?;
    let tests: Vec<_> = set
        .tests()
        .into_iter()
        .filter(|t| t.file == file && name.is_none_or(|n| t.name == n))
        .collect();
    if tests.is_empty() {
        return Err(match name {
            Some(n) => format!("the file has no test called `{n}`"),
            None => "the file has no tests".to_owned(),
        });
    }
    let dir = uri
        .to_file_path()
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .unwrap_or_default();
    let text = snapshot.text(file).unwrap_or("");
    let lines = Lines::new(text);
    let mut run = TestRun {
        results: Vec::new(),
        diagnostics: Vec::new(),
    };
    for test in tests {
        let mut fixtures: HashMap<String, Value> = HashMap::new();
        let mut unreadable = None;
        for path in &test.fixtures {
            match load_fixture(&dir.join(path), path) {
                Ok(value) => {
                    fixtures.insert(path.clone(), value);
                }
                Err(reason) => unreadable = Some(reason),
            }
        }
        let results = match unreadable {
            Some(reason) => {
                run.diagnostics.push(failure(
                    &lines,
                    test.span,
                    encoding,
                    format!("test `{}` did not run: {reason}", test.name),
                ));
                run.results.push(Ran {
                    test: test.name.clone(),
                    case: None,
                    status: TestStatus::Error,
                    message: Some(reason),
                });
                continue;
            }
            None => {
                set.run_test(test.index, &fixtures, &TestOptions::default())
                    .0
            }
        };
        for result in results {
            let message = result.failure.as_ref().map(|f| {
                let mut m = f.message.clone();
                if let (Some(l), Some(r)) = (&f.left, &f.right) {
                    m.push_str(&format!(" (left: {l}, right: {r})"));
                }
                m
            });
            if let (Some(f), Some(m)) = (&result.failure, &message) {
                let case = result
                    .case
                    .as_ref()
                    .map(|c| format!(" [case {c}]"))
                    .unwrap_or_default();
                let word = if result.status == TestStatus::Fail {
                    "failed"
                } else {
                    "erred"
                };
                run.diagnostics.push(failure(
                    &lines,
                    f.span,
                    encoding,
                    format!("test `{}`{case} {word}: {m}", test.name),
                ));
            }
            run.results.push(Ran {
                test: test.name.clone(),
                case: result.case,
                status: result.status,
                message,
            });
        }
    }
    Ok(run)
}

fn load_fixture(path: &Path, written: &str) -> Result<Value, String> {
    let size = std::fs::metadata(path)
        .map_err(|e| format!("the fixture `{written}` cannot be read: {e}"))?
        .len();
    if size > MAX_FIXTURE_BYTES {
        return Err(format!(
            "the fixture `{written}` is larger than {MAX_FIXTURE_BYTES} bytes"
        ));
    }
    let bytes =
        std::fs::read(path).map_err(|e| format!("the fixture `{written}` cannot be read: {e}"))?;
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    palisade_formats::fixture_value(name, &bytes).map_err(|e| e.describe(written))
}

fn failure(lines: &Lines, span: palisade::Span, encoding: Encoding, message: String) -> Diagnostic {
    Diagnostic {
        range: lines.range(span, encoding),
        severity: Some(DiagnosticSeverity::ERROR),
        source: Some("palisade test".to_owned()),
        message,
        ..Default::default()
    }
}
