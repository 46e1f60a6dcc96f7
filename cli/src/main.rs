//! The `palisade` command. Each subcommand lives in its own module; this file only parses the
//! command line and maps outcomes to exit codes: 0 success, 1 findings (errors in policies),
//! 2 usage or IO errors.

mod bundle;
mod check;
mod cost;
mod eval;
mod explain;
mod files;
mod fmt;
mod limits;
mod params;
mod policies;
mod report;
mod scan;
mod serve;
mod test;
mod verdicts;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

/// Policy as code for CI/CD pipelines.
#[derive(Parser)]
#[command(name = "palisade", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Output formats shared by the subcommands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Rendered for people, with source snippets (colour on a terminal).
    Human,
    /// One JSON object on stdout, for tools.
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Check policy files for syntax, name and type errors.
    Check {
        /// Files and directories to check (directories are searched for `.pal` files).
        #[arg(default_value = ".", conflicts_with = "bundle")]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Load a JSON Schema or CRD (JSON or YAML) as the type `NAME`, e.g.
        /// `acme.crds.Widget=widget-crd.yaml`; policies `import acme.crds` to use it.
        #[arg(long = "schema", value_name = "NAME=FILE", conflicts_with = "bundle")]
        schemas: Vec<String>,
        #[command(flatten)]
        bundle: bundle::source::BundleArgs,
        /// Print each rule's static cost bound: the most evaluation steps one run can spend
        /// on a document within the input limits, and the loops that dominate it.
        #[arg(long)]
        cost: bool,
        /// Settings file whose `[limits]` (input limits, `max_rule_cost`) the cost analysis
        /// uses (default: `palisade.toml` in the current directory, if present).
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        #[command(flatten)]
        limits: limits::LimitArgs,
    },
    /// Evaluate policies against the documents of an input (JSON or YAML, multi-document).
    ///
    /// Exit status: 0 every document allowed, 1 any denied, 2 policies with errors or an
    /// unreadable input.
    Eval {
        /// Policy files and directories (directories are searched for `.pal` files).
        #[arg(
            long = "policy",
            short = 'p',
            value_name = "PATH",
            required_unless_present = "bundle",
            conflicts_with = "bundle"
        )]
        policies: Vec<PathBuf>,
        /// The input file, or `-` for stdin (the default).
        #[arg(long, short = 'i', value_name = "FILE|-")]
        input: Option<String>,
        /// Evaluate only this rule, as `package.rule` or by its metadata id.
        #[arg(long, short = 'e', value_name = "PKG.RULE")]
        entrypoint: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Load a JSON Schema or CRD as the type `NAME` (see `palisade check --help`).
        #[arg(long = "schema", value_name = "NAME=FILE", conflicts_with = "bundle")]
        schemas: Vec<String>,
        /// Set a parameter, e.g. `--param acme.pss.level='"restricted"'` (a value that is not
        /// JSON is taken as a string).
        #[arg(long = "param", value_name = "PKG.NAME=JSON")]
        params: Vec<String>,
        /// Set parameters from a YAML or JSON file: a mapping of `package.name` to value
        /// (`--param` overrides it); repeatable.
        #[arg(long = "param-file", value_name = "FILE")]
        param_files: Vec<PathBuf>,
        /// Supply a `data` item from a JSON or YAML file.
        #[arg(long = "data", value_name = "PKG.NAME=FILE")]
        data: Vec<String>,
        /// Evaluation steps allowed per document (default 10,000,000).
        #[arg(long, value_name = "STEPS")]
        fuel: Option<u64>,
        #[command(flatten)]
        limits: limits::LimitArgs,
        /// Deny an object to which no rule applies (E0508) instead of allowing it.
        #[arg(long)]
        deny_unjudged: bool,
        #[command(flatten)]
        bundle: bundle::source::BundleArgs,
    },
    /// Run the `test` blocks of policies, in parallel.
    ///
    /// Exit status: 0 every test passed, 1 any failed (or coverage is below the threshold),
    /// 2 usage errors or policies with errors.
    Test {
        /// Files and directories with policies and tests (directories are searched for `.pal`
        /// files).
        #[arg(default_value = ".", conflicts_with = "bundle")]
        paths: Vec<PathBuf>,
        /// Run only the tests whose `package name` matches this regular expression.
        #[arg(long, value_name = "REGEX")]
        run: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = test::TestFormat::Human)]
        format: test::TestFormat,
        /// Measure which lines, branches and rules of the policies the tests ran.
        #[arg(long)]
        coverage: bool,
        /// Fail (exit 1) when line coverage is below this percentage (implies --coverage).
        #[arg(long, value_name = "PCT")]
        coverage_threshold: Option<f64>,
        /// Keep running: re-run the affected tests whenever a file changes.
        #[arg(long, conflicts_with = "bundle")]
        watch: bool,
        #[command(flatten)]
        bundle: bundle::source::BundleArgs,
    },
    /// Scan manifests with the embedded standard library (and your own policies).
    ///
    /// Exit status: 0 no finding of a denying rule at or above `--fail-on`, 1 some (or a file
    /// could not be read), 2 usage errors or policies that do not compile.
    Scan {
        /// Files and directories to scan: manifests (`.yaml`, `.yml`, `.json`), Dockerfiles,
        /// GitHub Actions workflows and actions.
        #[arg(default_value = ".")]
        paths: Vec<PathBuf>,
        /// Add your own policies (files or directories of `.pal` files).
        #[arg(
            long = "policy",
            short = 'p',
            value_name = "PATH",
            conflicts_with = "bundle"
        )]
        policies: Vec<PathBuf>,
        /// Leave out the standard library (use only `--policy` or `--bundle`).
        #[arg(long)]
        no_stdlib: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = scan::ScanFormat::Human)]
        format: scan::ScanFormat,
        /// Write the report to this file instead of standard output.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
        /// The lowest severity that fails the scan: info, low, medium, high, critical
        /// (default: info, any finding of a denying rule).
        #[arg(long, value_name = "SEVERITY")]
        fail_on: Option<String>,
        /// Set a parameter, e.g. `--param palisade.k8s.pss.level=baseline`.
        #[arg(long = "param", value_name = "PKG.NAME=JSON")]
        params: Vec<String>,
        /// Set parameters from a YAML or JSON file: a mapping of `package.name` to value
        /// (`--param` overrides it); repeatable.
        #[arg(long = "param-file", value_name = "FILE")]
        param_files: Vec<PathBuf>,
        /// Do not report this rule (by id); repeatable.
        #[arg(long = "exclude", value_name = "RULE-ID")]
        exclude: Vec<String>,
        /// Run only the rules that implement a control of this framework or control:
        /// `pci-dss-4`, `pci-dss` or `cis` (every framework of that family), `cis-aws:2.1`
        /// (a control and the ones under it); repeatable (any of them).
        #[arg(long = "controls", value_name = "FRAMEWORK")]
        controls: Vec<String>,
        /// Settings file (default: `palisade.toml` in the current directory, if present; with
        /// `--bundle`, the bundle's own).
        #[arg(long, value_name = "FILE", conflicts_with = "bundle")]
        config: Option<PathBuf>,
        /// List the rules (a Markdown table, or JSON with `--format json`) instead of scanning.
        #[arg(long)]
        list_rules: bool,
        /// Report an object to which no rule applies (E0508) as a finding.
        #[arg(long)]
        deny_unjudged: bool,
        /// Evaluation steps allowed per rule and document (default 10,000,000).
        #[arg(long, value_name = "STEPS")]
        fuel: Option<u64>,
        #[command(flatten)]
        limits: limits::LimitArgs,
        #[command(flatten)]
        bundle: bundle::source::BundleArgs,
    },
    /// Explain a rule: what it checks and why, how to fix what it finds, the controls it
    /// implements (with their titles) and where it is written.
    ///
    /// Exit status: 0 the rule was found, 2 no such rule, or policies that do not compile.
    Explain {
        /// The rule's id as findings show it (`GHA-TEMPLATE-INJECTION`, any case), or its
        /// `package.rule` name.
        rule: String,
        /// Add your own policies (files or directories of `.pal` files).
        #[arg(long = "policy", short = 'p', value_name = "PATH")]
        policies: Vec<PathBuf>,
        /// Leave out the standard library (explain a rule of `--policy`).
        #[arg(long)]
        no_stdlib: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Format policy files in the canonical style (spec/style.md), in place.
    ///
    /// Exit status: 0 done, 1 `--check` or `--diff` found files to reformat, 2 a file has
    /// syntax errors (it is left untouched) or cannot be read or written.
    Fmt {
        /// Files and directories to format (directories are searched for `.pal` files), or
        /// `-` to format standard input to standard output.
        #[arg(default_value = ".")]
        paths: Vec<PathBuf>,
        /// Change nothing: list the files that would be reformatted and exit 1 if any.
        #[arg(long)]
        check: bool,
        /// Change nothing: print a unified diff of what would change and exit 1 if anything.
        #[arg(long)]
        diff: bool,
    },
    /// Build, sign, verify and inspect policy bundles (spec/bundles.md).
    Bundle {
        #[command(subcommand)]
        command: bundle::BundleCommand,
    },
    /// Run the language server on standard input and output (for editors).
    Lsp,
    /// Print a shell completion script, e.g. `palisade completions bash >
    /// ~/.local/share/bash-completion/completions/palisade`.
    Completions {
        /// The shell: bash, zsh, fish, elvish or powershell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `palisade man > palisade.1`; `palisade man scan` for
    /// the page of a subcommand.
    Man {
        /// A subcommand (`scan`, `test`...); without one, the page of `palisade` itself.
        command: Option<String>,
    },
    /// Serve a Kubernetes validating admission webhook over HTTPS (spec/serve.md).
    ///
    /// `POST /validate` answers AdmissionReviews with the standard library and your policies,
    /// failing closed; `/healthz`, `/readyz` and `/metrics` for operations. Policies reload on
    /// SIGHUP and file change; SIGTERM drains requests in flight. Logs are JSON on stderr.
    /// Exit status: 0 stopped by a signal, 2 cannot start (bad arguments, certificate, or
    /// policies that do not compile).
    Serve(Box<ServeArgs>),
}

/// The arguments of `palisade serve`.
#[derive(clap::Args)]
struct ServeArgs {
    /// Address to listen on (HTTPS).
    #[arg(long, default_value = "127.0.0.1:8443")]
    addr: String,
    /// The server's certificate chain (PEM); reloaded when the file changes.
    #[arg(long, value_name = "FILE")]
    tls_cert: PathBuf,
    /// The certificate's private key (PEM: PKCS#8, PKCS#1 or SEC1); reloaded when it changes.
    #[arg(long, value_name = "FILE")]
    tls_key: PathBuf,
    /// Add your own policies (files or directories of `.pal` files); watched for changes.
    #[arg(
        long = "policy",
        short = 'p',
        value_name = "PATH",
        conflicts_with = "bundle"
    )]
    policies: Vec<PathBuf>,
    #[command(flatten)]
    bundle: bundle::source::BundleArgs,
    /// Leave out the standard library (use only `--policy`).
    #[arg(long)]
    no_stdlib: bool,
    /// Set a parameter, e.g. `--param palisade.k8s.pss.level=baseline`.
    #[arg(long = "param", value_name = "PKG.NAME=JSON")]
    params: Vec<String>,
    /// Set parameters from a YAML or JSON file: a mapping of `package.name` to value
    /// (`--param` overrides it); repeatable.
    #[arg(long = "param-file", value_name = "FILE")]
    param_files: Vec<PathBuf>,
    /// Leave this rule out (by id); repeatable.
    #[arg(long = "exclude", value_name = "RULE-ID")]
    exclude: Vec<String>,
    /// Settings file (default: `palisade.toml` in the current directory, if present); watched.
    /// With `--bundle`, the bundle's own.
    #[arg(long, value_name = "FILE", conflicts_with = "bundle")]
    config: Option<PathBuf>,
    /// Refuse an object to which no rule applies (E0508).
    #[arg(long)]
    deny_unjudged: bool,
    /// Evaluation steps allowed per rule and document (default 10,000,000).
    #[arg(long, value_name = "STEPS")]
    fuel: Option<u64>,
    #[command(flatten)]
    limits: limits::LimitArgs,
    /// The lowest severity at which a violation of a denying rule refuses the object; lower
    /// ones are returned as warnings (default: info, every violation refuses).
    #[arg(long, value_name = "SEVERITY")]
    deny_severity: Option<String>,
    /// Admit requests in this namespace without judging them; repeatable.
    #[arg(long = "exempt-namespace", value_name = "NAMESPACE")]
    exempt_namespaces: Vec<String>,
    /// Admit objects carrying this label without judging them; repeatable.
    #[arg(long = "exempt-label", value_name = "KEY=VALUE")]
    exempt_labels: Vec<String>,
    /// Also serve /healthz, /readyz and /metrics over plain HTTP on this address.
    #[arg(long, value_name = "ADDR")]
    metrics_addr: Option<String>,
    /// The largest request body accepted, in bytes (an object is at most about 1.5 MiB in
    /// etcd; an UPDATE's review carries it twice).
    #[arg(long, default_value_t = 3 * 1024 * 1024, value_name = "BYTES")]
    max_body: usize,
    /// The most connections open at once; more wait to be accepted.
    #[arg(long, default_value_t = 1024, value_name = "N")]
    max_connections: usize,
    /// The most admission requests answered at once; more wait their turn.
    #[arg(long, default_value_t = 256, value_name = "N")]
    max_in_flight: usize,
    /// Seconds for a TLS handshake, for the headers of a request, and for its body.
    #[arg(long, default_value_t = 10.0, value_name = "SECONDS")]
    read_timeout: f64,
    /// Seconds for a whole admission request, body and judging included.
    #[arg(long, default_value_t = 10.0, value_name = "SECONDS")]
    request_timeout: f64,
    /// Seconds a connection may move no byte before it is asked to close (at least the request
    /// timeout).
    #[arg(long, default_value_t = 60.0, value_name = "SECONDS")]
    idle_timeout: f64,
    /// On SIGTERM, seconds to keep serving (while /readyz says not ready) before refusing new
    /// connections.
    #[arg(long, default_value_t = 0.0, value_name = "SECONDS")]
    shutdown_delay: f64,
    /// On SIGTERM, seconds to let requests in flight finish before exiting.
    #[arg(long, default_value_t = 20.0, value_name = "SECONDS")]
    grace_period: f64,
    /// Log filter: error, warn, info, debug (or a `tracing` filter directive).
    #[arg(long, default_value = "info", value_name = "FILTER")]
    log_level: String,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check {
            paths,
            format,
            schemas,
            bundle,
            cost,
            config,
            limits,
        } => check::run(
            &paths,
            &schemas,
            format,
            &bundle,
            &cost::CostArgs {
                show: cost,
                config,
                limits,
                fuel: None,
            },
        ),
        Command::Bundle { command } => bundle::run(command),
        Command::Eval {
            policies,
            input,
            entrypoint,
            format,
            schemas,
            params,
            param_files,
            data,
            fuel,
            limits,
            deny_unjudged,
            bundle,
        } => eval::run(&eval::Args {
            bundle,
            policies,
            input,
            entrypoint,
            format,
            schemas,
            params,
            param_files,
            data,
            fuel,
            limits,
            deny_unjudged,
        }),
        Command::Test {
            paths,
            run,
            format,
            coverage,
            coverage_threshold,
            watch,
            bundle,
        } => test::run(&test::Args {
            bundle,
            paths,
            run,
            format,
            coverage: coverage || coverage_threshold.is_some(),
            threshold: coverage_threshold,
            watch,
        }),
        Command::Scan {
            paths,
            policies,
            no_stdlib,
            format,
            fail_on,
            params,
            param_files,
            exclude,
            controls,
            config,
            list_rules,
            deny_unjudged,
            fuel,
            limits,
            output,
            bundle,
        } => scan::run(&scan::Args {
            controls,
            bundle,
            output,
            deny_unjudged,
            limits: limits.config(fuel),
            paths,
            policies,
            no_stdlib,
            format,
            fail_on,
            params,
            param_files,
            exclude,
            config,
            list_rules,
        }),
        Command::Explain {
            rule,
            policies,
            no_stdlib,
            format,
        } => explain::run(&explain::Args {
            rule,
            policies,
            no_stdlib,
            format,
        }),
        Command::Fmt { paths, check, diff } => fmt::run(&fmt::Args { paths, check, diff }),
        Command::Lsp => lsp(),
        Command::Completions { shell } => completions(shell),
        Command::Man { command } => man(command.as_deref()),
        Command::Serve(args) => serve::run(serve::Args {
            setup: scan::Setup {
                policies: args.policies,
                bundle: args.bundle,
                no_stdlib: args.no_stdlib,
                params: args.params,
                param_files: args.param_files,
                limits: args.limits.config(args.fuel),
                exclude: args.exclude,
                controls: Vec::new(),
                config: args.config,
                deny_unjudged: args.deny_unjudged,
                record_objects: false,
                as_needed: false,
            },
            addr: args.addr,
            tls_cert: args.tls_cert,
            tls_key: args.tls_key,
            metrics_addr: args.metrics_addr,
            deny_severity: args.deny_severity,
            exempt_namespaces: args.exempt_namespaces,
            exempt_labels: args.exempt_labels,
            max_body: args.max_body,
            max_connections: args.max_connections,
            max_in_flight: args.max_in_flight,
            read_timeout: args.read_timeout,
            request_timeout: args.request_timeout,
            idle_timeout: args.idle_timeout,
            grace_period: args.grace_period,
            shutdown_delay: args.shutdown_delay,
            log_level: args.log_level,
        }),
    }
}

/// `palisade lsp`: the language server, with the embedded standard library written to a
/// read-only cache folder so that editors can open its files.
fn lsp() -> ExitCode {
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    let config = palisade_lsp::Config {
        library: palisade_stdlib::files()
            .into_iter()
            .map(|f| (f.path, f.text))
            .collect(),
        library_dir: Some(
            cache
                .join("palisade")
                .join(format!("stdlib-{}", palisade_stdlib::VERSION)),
        ),
    };
    match palisade_lsp::run_stdio(config) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: the language server could not start: {e}");
            ExitCode::from(2)
        }
    }
}

/// `palisade completions SHELL`: the script clap generates from the command line's definition.
fn completions(shell: clap_complete::Shell) -> ExitCode {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "palisade", &mut out);
    report::emit(&String::from_utf8_lossy(&out));
    ExitCode::SUCCESS
}

/// `palisade man [COMMAND]`: the manual page of `palisade` or of one subcommand, in roff.
fn man(subcommand: Option<&str>) -> ExitCode {
    let top = Cli::command();
    let page = match subcommand {
        None => top,
        Some(name) => match top.find_subcommand(name) {
            Some(sub) => sub.clone().name(format!("palisade-{name}")),
            None => {
                let names: Vec<&str> = top.get_subcommands().map(|c| c.get_name()).collect();
                eprintln!(
                    "error: no subcommand `{name}`; the subcommands are {}",
                    names.join(", ")
                );
                return ExitCode::from(2);
            }
        },
    };
    let mut out = Vec::new();
    if let Err(e) = clap_mangen::Man::new(page).render(&mut out) {
        eprintln!("error: cannot render the manual page: {e}");
        return ExitCode::from(2);
    }
    report::emit(&String::from_utf8_lossy(&out));
    ExitCode::SUCCESS
}
