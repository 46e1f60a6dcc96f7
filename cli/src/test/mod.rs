//! `palisade test`: find the `test` items of a policy set, run them in parallel, and report.
//! Exit 0 when every test passes, 1 when any fails (or coverage is below the threshold), 2 for
//! usage errors and policies that do not compile. With `--watch`, an incremental database keeps
//! the checked set between runs, and after a change only the tests whose files (or the files
//! they import) changed run again.

mod coverage;
mod coverage_report;
mod diff;
mod junit;
mod report;
mod run;
mod watch;

use crate::files::{self, LoadedFile};
use palisade::{FileId, PolicySet, TestInfo, TestOptions};
use report::Totals;
use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Output formats of `palisade test`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TestFormat {
    /// One line per test, failures rendered with their source, a summary last.
    Human,
    /// One JSON object with every test and case.
    Json,
    /// JUnit XML for CI systems.
    Junit,
    /// Coverage as an lcov tracefile (implies `--coverage`): for genhtml, Codecov, editors.
    Lcov,
    /// Coverage as one self-contained HTML page (implies `--coverage`): each policy file with
    /// the lines tests ran and the lines they never reached.
    Html,
}

/// The arguments of `palisade test`.
pub struct Args {
    pub paths: Vec<PathBuf>,
    pub run: Option<String>,
    pub format: TestFormat,
    pub coverage: bool,
    pub threshold: Option<f64>,
    pub watch: bool,
    pub bundle: crate::bundle::source::BundleArgs,
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
        return watch::watch(args, filter.as_ref());
    }
    let opened = match args.bundle.open() {
        Ok(opened) => opened,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let loaded = match &opened {
        Some(opened) => opened.sources().map(with_library),
        None => load(&args.paths),
    };
    let loaded = match loaded {
        Ok(l) => l,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    once(args, filter.as_ref(), &loaded, None, opened.as_ref())
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
    Ok(with_library(loaded))
}

/// Adds the packages of the standard library that the tests import: they come from the binary.
fn with_library(mut loaded: Vec<(LoadedFile, PathBuf)>) -> Vec<(LoadedFile, PathBuf)> {
    let texts: Vec<&str> = loaded.iter().map(|(f, _)| f.text.as_str()).collect();
    let library = crate::policies::stdlib_imports(&texts, loaded.len());
    loaded.extend(library.into_iter().map(|f| {
        let path = PathBuf::from(&f.display);
        (f, path)
    }));
    loaded
}

/// Compiles, runs the selected tests (all, or those whose id is in `only`) and reports.
fn once(
    args: &Args,
    filter: Option<&regex::Regex>,
    loaded: &[(LoadedFile, PathBuf)],
    only: Option<&BTreeSet<usize>>,
    bundle: Option<&crate::bundle::source::Opened>,
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
    // Fixtures are read beside their test's file: from the bundle, for a bundle's tests.
    let read = |path: &Path| -> Result<Vec<u8>, String> {
        match bundle {
            Some(opened) => opened.read(path),
            None => {
                std::fs::read(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))
            }
        }
    };
    let fixtures = run::load_fixtures(&tests, &dir_of, &read);
    let wants_coverage =
        args.coverage || matches!(args.format, TestFormat::Lcov | TestFormat::Html);
    let options = TestOptions {
        coverage: wants_coverage,
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
        TestFormat::Lcov | TestFormat::Html => {
            if let Some(s) = &summary {
                let text = if args.format == TestFormat::Lcov {
                    coverage_report::lcov(s)
                } else {
                    coverage_report::html(s, &totals.line())
                };
                crate::report::emit(&text);
            }
            if below && let (Some(s), Some(t)) = (&summary, args.threshold) {
                eprintln!(
                    "coverage {:.1}% is below the threshold of {t}%",
                    s.line_percent
                );
            }
        }
    }
    if totals.failed > 0 || below {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
