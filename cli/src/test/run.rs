//! Running the tests of a policy set: fixtures loaded relative to each test's file (from disk
//! or from a bundle),
//! tests run in parallel on every core, each result timed.

use palisade::{Coverage, PolicySet, TestInfo, TestOptions, TestResult, TestStatus, Value};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// One test's results (one per case) and how long it took.
pub struct Ran {
    /// The test.
    pub info: TestInfo,
    /// Its results.
    pub results: Vec<TestResult>,
    /// Wall time of the whole test.
    pub duration: Duration,
}

/// Fixtures of one test file's directory: path as written → value, or why it could not be
/// loaded.
pub type Fixtures = HashMap<String, Result<Value, String>>;

/// Loads the fixtures the given tests use, relative to the directory of each test's file.
pub fn load_fixtures(
    tests: &[TestInfo],
    dir_of: &dyn Fn(&TestInfo) -> PathBuf,
    read: &dyn Fn(&Path) -> Result<Vec<u8>, String>,
) -> HashMap<PathBuf, Fixtures> {
    let mut by_dir: HashMap<PathBuf, Fixtures> = HashMap::new();
    for test in tests {
        let dir = dir_of(test);
        let fixtures = by_dir.entry(dir.clone()).or_default();
        for path in &test.fixtures {
            if fixtures.contains_key(path) {
                continue;
            }
            fixtures.insert(path.clone(), load(&dir.join(path), read));
        }
    }
    by_dir
}

fn load(path: &Path, read: &dyn Fn(&Path) -> Result<Vec<u8>, String>) -> Result<Value, String> {
    let bytes = read(path)?;
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    palisade_engine::fixture_value(name, &bytes)
        .map_err(|e| e.describe(&path.display().to_string()))
}

/// Runs the tests on `workers` threads, in parallel, and gathers coverage when asked.
pub fn run_all(
    set: &PolicySet,
    tests: Vec<TestInfo>,
    fixtures: &HashMap<PathBuf, Fixtures>,
    dir_of: &(dyn Fn(&TestInfo) -> PathBuf + Sync),
    options: &TestOptions,
) -> (Vec<Ran>, Option<Coverage>) {
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<(usize, Ran)>> = Mutex::new(Vec::new());
    let coverage: Mutex<Option<Coverage>> = Mutex::new(options.coverage.then(Coverage::default));
    let workers = std::thread::available_parallelism()
        .map(usize::from)
        .unwrap_or(1)
        .min(tests.len().max(1));
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(info) = tests.get(i) else { break };
                    let empty = Fixtures::new();
                    let loaded = fixtures.get(&dir_of(info)).unwrap_or(&empty);
                    let values: HashMap<String, Value> = loaded
                        .iter()
                        .filter_map(|(k, v)| Some((k.clone(), v.as_ref().ok()?.clone())))
                        .collect();
                    let started = std::time::Instant::now();
                    let (mut results, covered) = set.run_test(info.index, &values, options);
                    let duration = started.elapsed();
                    explain_missing_fixtures(&mut results, loaded);
                    if let (Some(c), Ok(mut total)) = (covered, coverage.lock())
                        && let Some(total) = total.as_mut()
                    {
                        total.merge(&c);
                    }
                    if let Ok(mut done) = done.lock() {
                        done.push((
                            i,
                            Ran {
                                info: info.clone(),
                                results,
                                duration,
                            },
                        ));
                    }
                }
            });
        }
    });
    let mut done = done.into_inner().unwrap_or_default();
    done.sort_by_key(|(i, _)| *i);
    let coverage = coverage.into_inner().unwrap_or_default();
    (done.into_iter().map(|(_, r)| r).collect(), coverage)
}

/// A test that failed because a fixture was not loaded says why it was not.
fn explain_missing_fixtures(results: &mut [TestResult], loaded: &Fixtures) {
    for r in results.iter_mut() {
        if r.status != TestStatus::Error {
            continue;
        }
        let Some(f) = r.failure.as_mut() else {
            continue;
        };
        for (path, outcome) in loaded {
            if let Err(reason) = outcome
                && f.message.contains(&format!("`{path}`"))
            {
                f.message = format!("the fixture `{path}` could not be loaded: {reason}");
            }
        }
    }
}
