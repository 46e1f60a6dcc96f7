//! `palisade scan`: judge manifests with the embedded standard library (and the user's own
//! policies), file by file in parallel, and report findings grouped by file with their lines and
//! control ids. What to judge in a file and the findings are the engine's
//! (`palisade_engine::Engine::scan`); this module reads files, runs them in parallel and renders. Exit 0 when no finding of a denying rule reaches the `--fail-on` severity, 1 when
//! one does (or a file could not be read: scanning fails closed), 2 for usage errors.

pub(crate) mod config;
mod html;
mod modules;
mod output;
mod policyreport;
mod sarif;

use crate::files::{self, LoadedFile};
use palisade::{EvalOptions, FileId, PolicySet};
use palisade_engine::{Engine, FileReport, SEVERITIES, Settings, rank};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};

/// Output formats of `palisade scan`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ScanFormat {
    /// Findings grouped by file, with lines and controls.
    Human,
    /// One JSON object with every file and finding.
    Json,
    /// SARIF 2.1.0, for code scanning (GitHub and others).
    Sarif,
    /// JUnit XML: a test suite per file, a failing test case per finding.
    Junit,
    /// Kubernetes policy reports (`wgpolicyk8s.io/v1alpha2` `PolicyReport` per namespace and
    /// `ClusterPolicyReport`), a result per object and rule, passes included.
    Policyreport,
    /// One self-contained HTML page: compliance per framework and control, findings by file
    /// with their source lines, filters.
    Html,
}

/// The arguments of `palisade scan`.
pub struct Args {
    pub paths: Vec<PathBuf>,
    /// `-o FILE`: the report goes there instead of standard output.
    pub output: Option<PathBuf>,
    pub policies: Vec<PathBuf>,
    pub no_stdlib: bool,
    pub format: ScanFormat,
    pub fail_on: Option<String>,
    pub params: Vec<String>,
    pub param_files: Vec<PathBuf>,
    pub exclude: Vec<String>,
    /// `--controls`: only the rules implementing a control of these frameworks or controls.
    pub controls: Vec<String>,
    pub config: Option<PathBuf>,
    pub list_rules: bool,
    /// `--fuel` and `--max-*`.
    pub limits: palisade::config::ConfigLimits,
    pub deny_unjudged: bool,
    pub bundle: crate::bundle::source::BundleArgs,
}

pub fn run(args: &Args) -> ExitCode {
    match run_inner(args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// Files of the standard library as loaded files, ids from `first`.
pub fn library_files(library: Vec<palisade_stdlib::File>, first: usize) -> Vec<LoadedFile> {
    library
        .into_iter()
        .enumerate()
        .map(|(i, file)| LoadedFile {
            id: FileId(u32::try_from(first + i).unwrap_or(u32::MAX)),
            display: format!("{}{}", palisade_stdlib::DISPLAY_PREFIX, file.path),
            bytes: file.text.as_bytes().to_vec(),
            text: file.text.to_owned(),
            refused: None,
        })
        .collect()
}

/// The policy set of a scan: the standard library (unless left out), the user's policies and
/// the schemas they use (`NAME=FILE`, from `palisade.toml`).
pub fn policy_set(
    policies: &[PathBuf],
    schemas: &[String],
    no_stdlib: bool,
) -> Result<(PolicySet, Vec<LoadedFile>), Refusal> {
    compile(policy_files(policies)?, schemas, no_stdlib)
}

/// The policy files at `policies`, read and decoded.
fn policy_files(policies: &[PathBuf]) -> Result<Vec<LoadedFile>, Refusal> {
    let mut loaded = Vec::new();
    if !policies.is_empty() {
        let (sources, problems) = files::load_sources(policies).map_err(|e| e.0)?;
        loaded.extend(sources.into_iter().map(|(f, _)| f));
        if !problems.is_empty() {
            return Err(Refusal {
                diagnostics: crate::report::render_human(&loaded, &problems),
                message: "the policies cannot be read".to_owned(),
            });
        }
    }
    Ok(loaded)
}

/// Compiles loaded policy files with the schemas `NAME=FILE` and the standard library (unless
/// left out).
fn compile(
    mut loaded: Vec<LoadedFile>,
    schemas: &[String],
    no_stdlib: bool,
) -> Result<(PolicySet, Vec<LoadedFile>), Refusal> {
    if let Some(problem) = loaded.iter().find_map(|f| f.refused.clone()) {
        return Err(Refusal {
            diagnostics: crate::report::render_human(&loaded, &[problem]),
            message: "the policies cannot be read".to_owned(),
        });
    }
    if !schemas.is_empty() {
        let mut generated = files::load_schemas(schemas, loaded.len()).map_err(|e| e.0)?;
        for file in &mut generated {
            file.text = String::from_utf8_lossy(&file.bytes).into_owned();
        }
        loaded.extend(generated);
    }
    if !no_stdlib {
        let first = loaded.len();
        loaded.extend(library_files(palisade_stdlib::files(), first));
    }
    let sources: Vec<(FileId, &str)> = loaded.iter().map(|f| (f.id, f.text.as_str())).collect();
    match PolicySet::compile(&sources) {
        Ok(set) => Ok((set, loaded)),
        Err(failure) => Err(Refusal {
            diagnostics: crate::report::render_human(&loaded, &failure.diagnostics),
            message: "the policies do not compile".to_owned(),
        }),
    }
}

/// The rules of the policy set as a Markdown table (one row per rule), or as JSON.
pub fn rule_table(set: &PolicySet, left_out: &[String], format: ScanFormat) -> String {
    let mut rules = set.rules();
    rules.retain(|r| !left_out.contains(&r.id) && !left_out.contains(&r.rule));
    if format == ScanFormat::Json {
        let list: Vec<serde_json::Value> = rules
            .iter()
            .map(|r| serde_json::json!({ "id": r.id, "rule": r.rule, "metadata": r.metadata }))
            .collect();
        return format!(
            "{}\n",
            serde_json::to_string_pretty(&list).unwrap_or_default()
        );
    }
    let mut out = String::from(
        "| id | title | severity | enforcement | controls | rule |\n|---|---|---|---|---|---|\n",
    );
    for r in &rules {
        let m = &r.metadata;
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | `{}` |\n",
            r.id,
            m.title.replace('|', "\\|"),
            m.severity,
            m.enforcement,
            m.controls.join(", "),
            r.rule
        ));
    }
    out
}

/// What a policy set is made of, as the command line and `palisade.toml` say: shared by
/// `palisade scan` and `palisade serve`.
pub struct Setup {
    pub policies: Vec<PathBuf>,
    /// `--bundle` and its keys: the policies and settings come from a verified bundle.
    pub bundle: crate::bundle::source::BundleArgs,
    pub no_stdlib: bool,
    pub params: Vec<String>,
    /// `--param-file`s, applied after `palisade.toml` and before `params`.
    pub param_files: Vec<PathBuf>,
    /// `--fuel` and `--max-*`, over the `[limits]` of `palisade.toml`.
    pub limits: palisade::config::ConfigLimits,
    pub exclude: Vec<String>,
    /// Only the rules that implement a control of these frameworks or controls
    /// ([`implements`]); empty for every rule.
    pub controls: Vec<String>,
    /// `palisade.toml`; `None` reads `palisade.toml` in the current directory if present.
    pub config: Option<PathBuf>,
    pub deny_unjudged: bool,
    /// Whether scans record every object judged and each rule's outcome (reports that show
    /// passes).
    pub record_objects: bool,
    /// Whether the library may be compiled in parts as documents need them
    /// ([`palisade_engine::Stdlib::AsNeeded`]): for a report that names only the rules that
    /// judged something. A server compiles it whole before it takes requests.
    pub as_needed: bool,
}

impl Setup {
    /// The settings file as messages name it: `palisade.toml` of the bundle, or the file read.
    pub fn settings_name(&self) -> String {
        match &self.bundle.bundle {
            Some(bundle) => format!("{}/palisade.toml", bundle.display()),
            None => self.config_path().display().to_string(),
        }
    }

    /// The settings file read: named, or the default one.
    pub fn config_path(&self) -> PathBuf {
        self.config
            .clone()
            .unwrap_or_else(|| PathBuf::from("palisade.toml"))
    }
}

/// Why no engine could be built: diagnostics of the policies (rendered, possibly empty) and
/// a one-line message.
pub struct Refusal {
    pub diagnostics: String,
    pub message: String,
}

impl From<String> for Refusal {
    fn from(message: String) -> Refusal {
        Refusal {
            diagnostics: String::new(),
            message,
        }
    }
}

/// Reads `palisade.toml`, loads and compiles the policies, and builds the engine. Options that
/// do not fit the set (an unknown parameter, an excluded rule that does not exist) refuse it.
pub fn engine(setup: &Setup) -> Result<(Engine, palisade::Config), Refusal> {
    let bundle = setup.bundle.open()?;
    let config_path = setup.config_path();
    let config = match &bundle {
        Some(opened) => opened.config()?,
        None => config::load(&config_path, setup.config.is_some())?,
    };
    let mut options = EvalOptions::default();
    for (name, value) in &config.params {
        options.params.insert(name.clone(), value.clone());
    }
    for file in &setup.param_files {
        options.params.extend(crate::params::from_file(file)?);
    }
    for p in &setup.params {
        let (name, value) = crate::params::from_flag(p)?;
        options.params.insert(name, value);
    }
    let limits = config.limits.overridden_by(&setup.limits);
    if let Some(fuel) = limits.fuel {
        options.limits.fuel = fuel;
    }
    options.exclude = config.exclude.clone();
    options.exclude.extend(setup.exclude.iter().cloned());
    // Schema files are named relative to the folder of `palisade.toml`.
    let base = config_path.parent().unwrap_or(std::path::Path::new(""));
    let schemas: Vec<String> = config
        .schemas
        .iter()
        .map(|(name, file)| format!("{name}={}", base.join(file).display()))
        .collect();
    let settings = Settings {
        options,
        deny_unjudged: setup.deny_unjudged || config.deny_unjudged,
        input_limits: limits.input(palisade::InputLimits::default()),
        record_objects: setup.record_objects,
        max_rule_cost: limits.max_rule_cost,
        ..Settings::default()
    };
    // The library alone, with no setting to check against the whole of it: compiled in parts,
    // as the documents scanned need them.
    if setup.as_needed
        && bundle.is_none()
        && !setup.no_stdlib
        && setup.policies.is_empty()
        && schemas.is_empty()
        && setup.controls.is_empty()
        && settings.options.params.is_empty()
        && settings.options.exclude.is_empty()
        && settings.max_rule_cost.is_none()
        && !settings.deny_unjudged
    {
        let engine = palisade_engine::EngineBuilder::default()
            .stdlib(palisade_engine::Stdlib::AsNeeded)
            .settings(settings)
            .build()
            .map_err(|e| e.to_string())?;
        return Ok((engine, config));
    }
    let Settings { mut options, .. } = settings.clone();
    let (set, loaded) = match &bundle {
        // A bundle's schemas come with its policies, from the bundle.
        Some(opened) => {
            let files = opened.sources()?.into_iter().map(|(f, _)| f).collect();
            compile(files, &[], setup.no_stdlib)?
        }
        None => policy_set(&setup.policies, &schemas, setup.no_stdlib)?,
    };
    options
        .exclude
        .extend(outside_controls(&set, &setup.controls)?);
    // Parameters are converted and checked once, not for every document; the engine tells the
    // standard library which rules the report leaves out.
    let engine = Engine::new(
        set,
        Settings {
            options,
            ..settings
        },
    )
    .map_err(|e| match e {
        palisade_engine::SettingsError::CostOverBudget(errors) => Refusal {
            diagnostics: crate::report::render_human(&loaded, &errors),
            message: format!(
                "over the cost budget `max_rule_cost` = {}: {}",
                limits.max_rule_cost.unwrap_or_default(),
                errors
                    .iter()
                    .map(|d| format!("{} ({})", d.message, d.code))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        },
        other => other.to_string().into(),
    })?;
    // Options that do not fit the set are a usage error, not a denial of every document.
    if let Some(problem) = engine.option_problems().first() {
        return Err(problem.message.clone().into());
    }
    Ok((engine, config))
}

/// Whether a rule's control `control` is named by `wanted`: the control itself, its framework
/// (`pci-dss-4`), a family of frameworks (`pci-dss`, `cis`), or a control it is under
/// (`cis-aws:2.1` names `cis-aws:2.1.4`).
pub fn implements(control: &str, wanted: &str) -> bool {
    control == wanted
        || control.strip_prefix(wanted).is_some_and(|rest| {
            rest.starts_with(':')
                || rest.starts_with('.')
                || (rest.starts_with('-') && !wanted.contains(':'))
        })
}

/// The ids of the rules that implement none of the `wanted` controls (none when `wanted` is
/// empty); a `wanted` entry that no rule of the set implements is an error.
fn outside_controls(set: &palisade::PolicySet, wanted: &[String]) -> Result<Vec<String>, String> {
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let rules = set.rules();
    for w in wanted {
        if !rules
            .iter()
            .any(|r| r.metadata.controls.iter().any(|c| implements(c, w)))
        {
            let mut frameworks: Vec<&str> = rules
                .iter()
                .flat_map(|r| r.metadata.controls.iter())
                .filter_map(|c| c.split(':').next())
                .collect();
            frameworks.sort_unstable();
            frameworks.dedup();
            return Err(format!(
                "`--controls {w}`: no rule of the policy set implements such a control (the rules name {})",
                frameworks.join(", ")
            ));
        }
    }
    Ok(rules
        .into_iter()
        .filter(|r| {
            !r.metadata
                .controls
                .iter()
                .any(|c| wanted.iter().any(|w| implements(c, w)))
        })
        .map(|r| if r.id.is_empty() { r.rule } else { r.id })
        .collect())
}

fn run_inner(args: &Args) -> Result<ExitCode, String> {
    let setup = Setup {
        policies: args.policies.clone(),
        bundle: args.bundle.clone(),
        no_stdlib: args.no_stdlib,
        params: args.params.clone(),
        param_files: args.param_files.clone(),
        limits: args.limits.clone(),
        exclude: args.exclude.clone(),
        controls: args.controls.clone(),
        config: args.config.clone(),
        deny_unjudged: args.deny_unjudged,
        record_objects: matches!(args.format, ScanFormat::Policyreport | ScanFormat::Html),
        // SARIF, policy and HTML reports and the rule list name every rule of the set.
        as_needed: !args.list_rules
            && matches!(
                args.format,
                ScanFormat::Human | ScanFormat::Json | ScanFormat::Junit
            ),
    };
    let (engine, config) = engine(&setup).map_err(|refusal| {
        eprint!("{}", refusal.diagnostics);
        refusal.message
    })?;
    let fail_on = args
        .fail_on
        .clone()
        .or(config.fail_on.clone())
        .unwrap_or_else(|| "info".to_owned());
    if !SEVERITIES.contains(&fail_on.as_str()) {
        return Err(format!(
            "`--fail-on {fail_on}`: the severities are {}",
            SEVERITIES.join(", ")
        ));
    }
    if args.list_rules {
        let left_out = outside_controls(engine.policy_set(), &args.controls)?;
        crate::report::emit(&rule_table(engine.policy_set(), &left_out, args.format));
        return Ok(ExitCode::SUCCESS);
    }
    let mut inputs = files::collect_documents(&args.paths).map_err(|e| e.0)?;
    // A report written inside a scanned folder is not one of the inputs (on a later run it
    // would be judged, and a JSON one read while it is written).
    if let Some(output) = &args.output {
        let written = std::path::absolute(output).ok();
        if args
            .paths
            .iter()
            .any(|p| std::path::absolute(p).ok() == written)
        {
            return Err(format!(
                "`-o {}` names a file to scan: the report would overwrite it",
                output.display()
            ));
        }
        inputs.retain(|input| std::path::absolute(input).ok() != written);
    }
    let out: Box<dyn std::io::Write + Send> = match &args.output {
        Some(path) => Box::new(
            std::fs::File::create(path)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?,
        ),
        None => Box::new(std::io::stdout()),
    };
    let mut sink = Sink::new(args.format, &fail_on, out);
    sink.to_file = args.output.clone();
    if args.format == ScanFormat::Policyreport {
        sink.policy_reports = Some(policyreport::Reports::new(engine.policy_set()));
    }
    if args.format == ScanFormat::Html {
        let paths = args.paths.iter().map(|p| p.display().to_string()).collect();
        sink.page = Some(html::Page::new(engine.policy_set(), paths));
    }
    scan_files(&engine, &inputs, |report| sink.file(report));
    let failing = sink.failing;
    sink.finish(&engine)?;
    Ok(if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Where reports go as files are scanned, in order. Human and JSON reports are written a file
/// at a time, so memory stays flat however many files a scan reads; the HTML page and the
/// policy reports take what they show of each file as it comes; SARIF results are written as
/// each file comes and the rules after them; the JUnit document (whose totals come first) is
/// built whole at the end.
struct Sink {
    format: ScanFormat,
    fail_on: String,
    out: std::io::BufWriter<Box<dyn std::io::Write + Send>>,
    /// Set when stdout is closed (`palisade scan … | head`): nothing more is written.
    closed: bool,
    /// The file `-o` names, where failing to write is an error (a closed stdout is not).
    to_file: Option<PathBuf>,
    totals: output::Totals,
    files: usize,
    findings: usize,
    kept: Vec<FileReport>,
    /// The SARIF log being written (`--format sarif`), and why it cannot be finished.
    sarif: Option<sarif::Log>,
    error: Option<String>,
    /// The compliance page being gathered (`--format html`).
    page: Option<html::Page>,
    /// The policy reports being gathered (`--format policyreport`).
    policy_reports: Option<policyreport::Reports>,
    /// Whether a file was unreadable or a denying finding reached `fail_on`.
    failing: bool,
}

impl Sink {
    fn new(format: ScanFormat, fail_on: &str, out: Box<dyn std::io::Write + Send>) -> Sink {
        let mut sink = Sink {
            format,
            fail_on: fail_on.to_owned(),
            out: std::io::BufWriter::new(out),
            closed: false,
            to_file: None,
            totals: output::Totals::default(),
            files: 0,
            findings: 0,
            kept: Vec::new(),
            sarif: None,
            error: None,
            page: None,
            policy_reports: None,
            failing: false,
        };
        if format == ScanFormat::Json {
            sink.write(output::JSON_OPEN);
        }
        if format == ScanFormat::Sarif {
            sink.sarif = Some(sarif::Log::default());
            sink.write(&sarif::Log::opening());
        }
        sink
    }

    fn write(&mut self, text: &str) {
        use std::io::Write;
        if !self.closed && self.out.write_all(text.as_bytes()).is_err() {
            self.closed = true;
        }
    }

    fn file(&mut self, report: FileReport) {
        self.failing |= report.unreadable.is_some()
            || report
                .findings
                .iter()
                .any(|f| f.enforcement == "deny" && rank(&f.severity) >= rank(&self.fail_on));
        match self.format {
            ScanFormat::Human => {
                let text = output::human_file(&report, &self.fail_on, &mut self.totals);
                self.write(&text);
            }
            ScanFormat::Json => {
                let text = output::json_file(&report, self.files == 0);
                self.write(&text);
            }
            ScanFormat::Html => {
                if let Some(page) = &mut self.page {
                    page.add(&report);
                }
            }
            ScanFormat::Policyreport => {
                if let Some(reports) = &mut self.policy_reports {
                    reports.add(&report);
                }
            }
            ScanFormat::Sarif => {
                if let Some(log) = &mut self.sarif {
                    match log.file(&report) {
                        Ok(text) => self.write(&text),
                        Err(e) => self.error = Some(e),
                    }
                }
            }
            ScanFormat::Junit => {}
        }
        self.files += 1;
        self.findings += report.findings.len();
        if self.format == ScanFormat::Junit {
            self.kept.push(report);
        }
    }

    fn finish(mut self, engine: &Engine) -> Result<(), String> {
        let text = match self.format {
            ScanFormat::Human => output::human_summary(&self.totals, &self.fail_on),
            ScanFormat::Json => output::json_close(self.files, self.findings),
            ScanFormat::Sarif => {
                if let Some(e) = self.error.take() {
                    return Err(e);
                }
                self.sarif
                    .take()
                    .map(|log| log.closing(engine.policy_set()))
                    .transpose()?
                    .unwrap_or_default()
            }
            ScanFormat::Junit => output::junit(&self.kept),
            ScanFormat::Policyreport => self
                .policy_reports
                .take()
                .map(policyreport::Reports::finish)
                .unwrap_or_default(),
            ScanFormat::Html => match self.page.take() {
                Some(page) => page.finish(&self.fail_on),
                None => String::new(),
            },
        };
        self.write(&text);
        if !self.closed && std::io::Write::flush(&mut self.out).is_err() {
            self.closed = true;
        }
        match &self.to_file {
            Some(path) if self.closed => Err(format!("cannot write {}", path.display())),
            _ => Ok(()),
        }
    }
}

/// How far a worker may run ahead of the oldest file not yet reported: finished reports wait
/// for their turn in a buffer of at most this many.
const REORDER_WINDOW: usize = 64;

/// Scans the files in parallel, with a progress bar on a terminal, handing each file's report
/// to `deliver` in the order of `inputs`.
fn scan_files(engine: &Engine, inputs: &[PathBuf], deliver: impl FnMut(FileReport) + Send) {
    struct Order<F> {
        /// The index of the next report to deliver.
        next: usize,
        waiting: std::collections::BTreeMap<usize, FileReport>,
        deliver: F,
    }
    let claimed = AtomicUsize::new(0);
    let order = Mutex::new(Order {
        next: 0,
        waiting: std::collections::BTreeMap::new(),
        deliver,
    });
    let turn = Condvar::new();
    let progress = if std::io::IsTerminal::is_terminal(&std::io::stderr()) && inputs.len() > 1 {
        indicatif::ProgressBar::new(inputs.len() as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    let modules = modules::Modules::of(inputs);
    let workers = std::thread::available_parallelism()
        .map(usize::from)
        .unwrap_or(1)
        .min(inputs.len().max(1));
    // What the files need of the library (a part or the whole) is compiled while the first
    // files are read.
    engine.expect_files(inputs.iter().filter_map(|p| p.to_str()), |name| {
        file_head(Path::new(name))
    });
    std::thread::scope(|s| {
        // A defect while compiling is met again, and reported, by the file that needs it.
        s.spawn(|| {
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| engine.prepare()));
        });
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let i = claimed.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = inputs.get(i) else { break };
                    // Wait while this file is too far ahead of the next one to report.
                    if let Ok(mut o) = order.lock() {
                        while i >= o.next + REORDER_WINDOW {
                            match turn.wait(o) {
                                Ok(guard) => o = guard,
                                Err(_) => return,
                            }
                        }
                    }
                    // A defect that panics while judging one file must not stop the others
                    // (they wait for this file's turn): the file is reported as unreadable,
                    // which fails the scan.
                    let report = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        modules
                            .scan(engine, path)
                            .unwrap_or_else(|| scan_file(engine, path))
                    }))
                    .unwrap_or_else(|_| FileReport {
                        file: path.display().to_string(),
                        documents: 0,
                        findings: Vec::new(),
                        unreadable: Some(
                            "internal error while scanning this file (please report it)".to_owned(),
                        ),
                        objects: Vec::new(),
                    });
                    progress.inc(1);
                    let Ok(mut o) = order.lock() else { return };
                    o.waiting.insert(i, report);
                    loop {
                        let next = o.next;
                        let Some(ready) = o.waiting.remove(&next) else {
                            break;
                        };
                        (o.deliver)(ready);
                        o.next += 1;
                    }
                    turn.notify_all();
                }
            });
        }
    });
    progress.finish_and_clear();
}

/// The first bytes of a regular file (none if it cannot be read, or for a pipe, which only its
/// reader may read).
fn file_head(path: &Path) -> Vec<u8> {
    use std::io::Read;
    let mut head = Vec::new();
    if std::fs::metadata(path).is_ok_and(|m| m.is_file())
        && let Ok(file) = std::fs::File::open(path)
    {
        let _ = file.take(64).read_to_end(&mut head);
    }
    head
}

fn scan_file(engine: &Engine, path: &Path) -> FileReport {
    let file = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) if palisade_engine::is_terraform(&file) => {
            let siblings = module_siblings(path, engine.settings().input_limits.max_bytes);
            let context: Vec<&[u8]> = siblings.iter().map(Vec::as_slice).collect();
            engine.scan_with_context(&file, &bytes, &context)
        }
        Ok(bytes) => engine.scan(&file, &bytes),
        Err(e) => FileReport {
            file,
            documents: 0,
            findings: Vec::new(),
            unreadable: Some(format!("cannot read the file: {e}")),
            objects: Vec::new(),
        },
    }
}

/// The bytes of the other `*.tf` files of a Terraform file's directory (its module), in name
/// order: the context its resources may refer to. Files larger than `max_bytes` or that cannot
/// be read are left out (scanned on their own, they report why).
fn module_siblings(path: &Path, max_bytes: usize) -> Vec<Vec<u8>> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<std::path::PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name() != path.file_name()
                && p.is_file()
                && palisade_engine::is_terraform(&p.to_string_lossy())
        })
        .collect();
    names.sort();
    names
        .iter()
        .filter(|p| std::fs::metadata(p).is_ok_and(|m| m.len() <= max_bytes as u64))
        .filter_map(|p| std::fs::read(p).ok())
        .collect()
}
