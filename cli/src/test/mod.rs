//! `palisade test`: find the `test` items of a policy set, run them in parallel, and report.
//! Exit 0 when every test passes, 1 when any fails (or coverage is below the threshold), 2 for
//! usage errors and policies that do not compile. With `--watch`, an incremental database keeps
//! the checked set between runs, and after a change only the tests whose files (or the files
//! they import) changed run again.

mod coverage;
mod diff;
mod junit;
mod report;
mod run;

use crate::files::{self, LoadedFile};
use palisade::db::{Database, PolicyFile, PolicySetInput, closure, diagnostics};
use palisade::{FileId, PolicySet, TestInfo, TestOptions};
use report::Totals;
use salsa::Setter;
use std::collections::{BTreeSet, HashMap};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::SystemTime;

/// Output formats of `palisade test`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TestFormat {
    /// One line per test, failures rendered with their source, a summary last.
    Human,
    /// One JSON object with every test and case.
    Json,
    /// JUnit XML for CI systems.
    Junit,
}

/// The arguments of `palisade test`.
pub struct Args {
    pub paths: Vec<PathBuf>,
    pub run: Option<String>,
    pub format: TestFormat,
    pub coverage: bool,
    pub threshold: Option<f64>,
    pub watch: bool,
}

pub fn run(args: &Args) -> ExitCode {
    if let Some(t) = args.threshold
        && !(0.0..=100.0).contains(&t)
    {
        eprintln!("error: `--coverage-threshold {t}` must be a percentage from 0 to 100");
        return ExitCode::from(2);
    }
    let filter = match args.run.as_deref().map(regex::Regex::new).transpose() {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: `--run` is not a regular expression: {e}");
            return ExitCode::from(2);
        }
    };
    if args.watch {
        return watch(args, filter.as_ref());
    }
    let loaded = match load(&args.paths) {
        Ok(l) => l,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    once(args, filter.as_ref(), &loaded, None)
}

/// Reads and decodes every `.pal` file under the paths.
fn load(paths: &[PathBuf]) -> Result<Vec<(LoadedFile, PathBuf)>, String> {
    let (mut loaded, problems) = files::load_sources(paths).map_err(|e| e.0)?;
    // A file refused or not UTF-8 refuses the set, as `palisade check` would report it.
    for (file, _) in &mut loaded {
        if file.refused.is_none() && problems.iter().any(|d| d.file == file.id) {
            file.refused = problems.iter().find(|d| d.file == file.id).cloned();
        }
    }
    // Packages of the standard library that the tests import come from the binary.
    let texts: Vec<&str> = loaded.iter().map(|(f, _)| f.text.as_str()).collect();
    let library = crate::policies::stdlib_imports(&texts, loaded.len());
    loaded.extend(library.into_iter().map(|f| {
        let path = PathBuf::from(&f.display);
        (f, path)
    }));
    Ok(loaded)
}

/// Compiles, runs the selected tests (all, or those whose id is in `only`) and reports.
fn once(
    args: &Args,
    filter: Option<&regex::Regex>,
    loaded: &[(LoadedFile, PathBuf)],
    only: Option<&BTreeSet<usize>>,
) -> ExitCode {
    let files: Vec<LoadedFile> = loaded
        .iter()
        .map(|(f, _)| LoadedFile {
            id: f.id,
            display: f.display.clone(),
            bytes: Vec::new(),
            text: f.text.clone(),
            refused: f.refused.clone(),
        })
        .collect();
    let refused: Vec<palisade::Diagnostic> =
        files.iter().filter_map(|f| f.refused.clone()).collect();
    if !refused.is_empty() {
        eprint!("{}", crate::report::render_human(&files, &refused));
        return ExitCode::from(2);
    }
    let sources: Vec<(FileId, &str)> = files.iter().map(|f| (f.id, f.text.as_str())).collect();
    let set = match PolicySet::compile(&sources) {
        Ok(set) => set,
        Err(failure) => {
            eprint!(
                "{}",
                crate::report::render_human(&files, &failure.diagnostics)
            );
            return ExitCode::from(2);
        }
    };
    let all = set.tests();
    let selected = |t: &TestInfo| {
        filter.is_none_or(|re| re.is_match(&format!("{} {}", t.package, t.name)))
            && only.is_none_or(|ids| ids.contains(&t.index))
    };
    let skipped = all
        .iter()
        .filter(|t| filter.is_some_and(|re| !re.is_match(&format!("{} {}", t.package, t.name))))
        .count();
    let tests: Vec<TestInfo> = all.iter().filter(|t| selected(t)).cloned().collect();
    let dir_of = |t: &TestInfo| -> PathBuf {
        loaded
            .iter()
            .find(|(f, _)| f.id == t.file)
            .and_then(|(_, p)| p.parent().map(Path::to_path_buf))
            .unwrap_or_default()
    };
    let fixtures = run::load_fixtures(&tests, &dir_of);
    let options = TestOptions {
        coverage: args.coverage,
        ..TestOptions::default()
    };
    let (ran, covered) = run::run_all(&set, tests, &fixtures, &dir_of, &options);
    let totals = Totals::of(&ran, skipped);
    let summary = covered
        .as_ref()
        .map(|c| coverage::summarize(&set.coverable(), c, &all, &files));
    let below = match (&summary, args.threshold) {
        (Some(s), Some(t)) => s.line_percent + 1e-9 < t,
        _ => false,
    };
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    match args.format {
        TestFormat::Human => {
            let mut out = report::human(&ran, &files, color);
            if let Some(s) = &summary {
                out.push_str(&coverage::human(s));
            }
            if below && let (Some(s), Some(t)) = (&summary, args.threshold) {
                out.push_str(&format!(
                    "coverage {:.1}% is below the threshold of {t}%\n",
                    s.line_percent
                ));
            }
            out.push_str(&totals.line());
            out.push('\n');
            crate::report::emit(&out);
        }
        TestFormat::Json => crate::report::emit(&format!(
            "{}\n",
            report::json(&ran, &files, totals, summary.as_ref())
        )),
        TestFormat::Junit => {
            let source_of = |id: FileId| {
                files
                    .iter()
                    .find(|f| f.id == id)
                    .map(|f| (f.display.as_str(), f.text.as_str()))
            };
            let details = |r: &run::Ran, i: usize| {
                r.results
                    .get(i)
                    .and_then(|x| x.failure.as_ref())
                    .map(|f| report::failure_text(f, r.info.file, &source_of, false))
                    .unwrap_or_default()
            };
            crate::report::emit(&format!("{}\n", junit::report(&ran, &details)));
        }
    }
    if totals.failed > 0 || below {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The modification times of the files under the paths, to notice changes.
fn stamps(paths: &[PathBuf]) -> Vec<(PathBuf, Option<SystemTime>)> {
    files::collect(paths)
        .map(|found| {
            found
                .into_iter()
                .map(|p| {
                    let t = std::fs::metadata(&p).and_then(|m| m.modified()).ok();
                    (p, t)
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The modification times of the JSON and YAML files under the paths: the fixtures tests load.
fn fixture_stamps(paths: &[PathBuf]) -> Vec<(PathBuf, Option<SystemTime>)> {
    files::collect_documents(paths)
        .unwrap_or_default()
        .into_iter()
        .map(|p| {
            let t = std::fs::metadata(&p).and_then(|m| m.modified()).ok();
            (p, t)
        })
        .collect()
}

/// Runs the tests, then again after every change: all of them when files are added or
/// removed or a fixture changed, otherwise those of the changed files and of the files that
/// import them. The database re-checks only what a change affects.
fn watch(args: &Args, filter: Option<&regex::Regex>) -> ExitCode {
    let mut db = Database::default();
    let mut inputs: HashMap<PathBuf, PolicyFile> = HashMap::new();
    let mut set_input: Option<PolicySetInput> = None;
    let mut last = Vec::new();
    let mut last_fixtures = Vec::new();
    loop {
        let now = stamps(&args.paths);
        let fixtures_now = fixture_stamps(&args.paths);
        if now != last || fixtures_now != last_fixtures {
            let fixtures_changed = fixtures_now != last_fixtures;
            last_fixtures = fixtures_now;
            let changed: BTreeSet<PathBuf> = now
                .iter()
                .filter(|entry| !last.contains(entry))
                .map(|(p, _)| p.clone())
                .collect();
            let same_files =
                now.len() == last.len() && now.iter().zip(&last).all(|(a, b)| a.0 == b.0);
            last = now;
            let loaded = match load(&args.paths) {
                Ok(l) => l,
                Err(message) => {
                    eprintln!("error: {message}");
                    std::thread::sleep(std::time::Duration::from_millis(500));
                    continue;
                }
            };
            // Keep the database's inputs in step with the files. When files come or go, ids are
            // given afresh, so the database starts over.
            if !same_files {
                db = Database::default();
                inputs.clear();
                set_input = None;
            }
            let mut files = Vec::new();
            for (f, path) in &loaded {
                let input = match inputs.get(path) {
                    Some(input) => {
                        if input.text(&db) != &f.text {
                            input.set_text(&mut db).to(f.text.clone());
                        }
                        *input
                    }
                    None => {
                        let input = PolicyFile::new(&db, f.id, f.text.clone());
                        inputs.insert(path.clone(), input);
                        input
                    }
                };
                files.push(input);
            }
            let set = match set_input {
                Some(s) if same_files => s,
                _ => {
                    let s = PolicySetInput::new(&db, files.clone());
                    set_input = Some(s);
                    s
                }
            };
            let has_errors = diagnostics(&db, set).iter().any(|d| d.is_error());
            let only = if has_errors || !same_files || fixtures_changed {
                None
            } else {
                Some(affected(&db, set, &files, &loaded, &changed))
            };
            crate::report::emit(&format!(
                "--- running tests ({}) ---\n",
                if only.is_some() { "affected" } else { "all" }
            ));
            let _ = once(args, filter, &loaded, only.as_ref());
            let _ = db.take_executed();
        }
        std::thread::sleep(std::time::Duration::from_millis(300));
    }
}

/// The ids of tests whose file, or a file it imports, is among the changed paths.
fn affected(
    db: &Database,
    set: PolicySetInput,
    files: &[PolicyFile],
    loaded: &[(LoadedFile, PathBuf)],
    changed: &BTreeSet<PathBuf>,
) -> BTreeSet<usize> {
    let changed_ids: BTreeSet<FileId> = loaded
        .iter()
        .filter(|(_, p)| changed.contains(p))
        .map(|(f, _)| f.id)
        .collect();
    let dirty_files: BTreeSet<FileId> = files
        .iter()
        .filter(|f| {
            closure(db, set, **f)
                .iter()
                .any(|dep| changed_ids.contains(&dep.id(db)))
        })
        .map(|f| f.id(db))
        .collect();
    let sources: Vec<(FileId, &str)> = loaded
        .iter()
        .map(|(f, _)| (f.id, f.text.as_str()))
        .collect();
    PolicySet::compile(&sources)
        .map(|s| {
            s.tests()
                .into_iter()
                .filter(|t| dirty_files.contains(&t.file))
                .map(|t| t.index)
                .collect()
        })
        .unwrap_or_default()
}
