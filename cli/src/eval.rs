//! `palisade eval`: evaluate a policy set against the documents of one input (a JSON or YAML
//! file, or stdin), each document on its own, found by the engine as `palisade scan` finds
//! them (the items of a `List`, an `AdmissionReview` and its object). Exit 0 when every document is allowed, 1 when
//! any is denied (a malformed document is denied: evaluation fails closed), 2 when the
//! policies do not compile or the input cannot be read at all.

use crate::Format;
use crate::policies::{self, Refused};
use crate::verdicts::{self, Evaluated, JsonReport};
use palisade::{
    Decision, DecisionError, EvalOptions, InputFormat, InputLimits, Outcome, Stats, read_documents,
};
use palisade_engine::{Engine, Settings};
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

/// The arguments of `palisade eval`.
pub struct Args {
    pub policies: Vec<PathBuf>,
    pub input: Option<String>,
    pub entrypoint: Option<String>,
    pub format: Format,
    pub schemas: Vec<String>,
    pub params: Vec<String>,
    pub param_files: Vec<std::path::PathBuf>,
    pub data: Vec<String>,
    pub fuel: Option<u64>,
    pub limits: crate::limits::LimitArgs,
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

fn run_inner(args: &Args) -> Result<ExitCode, String> {
    let bundle = args.bundle.open()?;
    let mut options = options(args)?;
    // The bundle's signed settings, under those of the command line.
    let config = match &bundle {
        Some(opened) => opened.config()?,
        None => palisade::Config::default(),
    };
    for (name, value) in config.params {
        options.params.entry(name).or_insert(value);
    }
    options.exclude.extend(config.exclude);
    let limits = config.limits.overridden_by(&args.limits.config(args.fuel));
    if let Some(fuel) = limits.fuel {
        options.limits.fuel = fuel;
    }
    let loaded = policies::load(&args.policies, &args.schemas, args.format, bundle.as_ref());
    let (set, files) = match loaded {
        Ok(loaded) => loaded,
        Err(Refused(Some(message))) => return Err(message),
        Err(Refused(None)) => return Ok(ExitCode::from(2)),
    };
    if let Some(entry) = &args.entrypoint
        && !set
            .rules()
            .iter()
            .any(|r| &r.rule == entry || &r.id == entry)
    {
        let names: Vec<String> = set.rules().into_iter().map(|r| r.rule).collect();
        return Err(format!(
            "`--entrypoint {entry}` names no rule; the rules are: {}",
            names.join(", ")
        ));
    }
    let engine = Engine::new(
        set,
        Settings {
            options,
            entrypoint: args.entrypoint.clone(),
            deny_unjudged: args.deny_unjudged || config.deny_unjudged,
            input_limits: limits.input(InputLimits::default()),
            record_objects: false,
            max_rule_cost: limits.max_rule_cost,
        },
    )
    .map_err(|e| match e {
        palisade_engine::SettingsError::CostOverBudget(errors) => {
            eprint!("{}", crate::report::render_human(&files, &errors));
            format!(
                "{} rule(s) over the cost budget `max_rule_cost`",
                errors.len()
            )
        }
        other => other.to_string(),
    })?;
    let (name, bytes) = read_input(args.input.as_deref())?;
    let judgement = engine.judge_file(&name, &bytes);
    let errors = judgement.unreadable;
    if judgement.documents == 0 && errors.is_empty() {
        // Nothing to judge is not a pass: an empty stdin in a pipeline must not allow.
        return Err(format!("`{name}` holds no document to evaluate"));
    }
    let mut results: Vec<Evaluated<'_>> = judgement
        .judged
        .into_iter()
        .map(|j| Evaluated {
            file: &name,
            document: j.document,
            line: j.line,
            pointer: j.pointer,
            decision: j.decision,
        })
        .collect();
    // A document that could not be read is denied, with the reader's error.
    for error in &errors {
        results.push(Evaluated {
            file: &name,
            document: error.document.unwrap_or(0),
            line: error.line,
            pointer: String::new(),
            decision: Decision {
                decision: Outcome::Denied,
                rules: Vec::new(),
                errors: vec![DecisionError {
                    code: error.code.as_str().to_owned(),
                    message: format!(
                        "{} (line {}, column {})",
                        error.message, error.line, error.column
                    ),
                    rule: None,
                    path: None,
                }],
                stats: Stats::default(),
            },
        });
    }
    results.sort_by_key(|r| r.document);
    let denied = results.iter().filter(|r| !r.decision.is_allowed()).count();
    let allowed = results.len() - denied;
    match args.format {
        Format::Json => {
            let report = JsonReport {
                results: &results,
                allowed,
                denied,
            };
            let text = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
            crate::report::emit(&format!("{text}\n"));
        }
        Format::Human => {
            let source = String::from_utf8_lossy(&bytes);
            let lines: Vec<&str> = source.lines().collect();
            let mut out = String::new();
            for r in &results {
                verdicts::human(r, &lines, &mut out);
            }
            out.push_str(&format!(
                "{} {}: {allowed} allowed, {denied} denied\n",
                results.len(),
                crate::report::plural(results.len(), "document", "documents")
            ));
            crate::report::emit(&out);
        }
    }
    Ok(if denied > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn read_input(input: Option<&str>) -> Result<(String, Vec<u8>), String> {
    match input {
        None | Some("-") => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| format!("cannot read stdin: {e}"))?;
            Ok(("<stdin>".to_owned(), bytes))
        }
        Some(path) => {
            let bytes = std::fs::read(path).map_err(|e| format!("cannot read `{path}`: {e}"))?;
            Ok((path.to_owned(), bytes))
        }
    }
}

/// Options from `--param-file FILE`, `--param NAME=JSON`, `--data NAME=FILE` and `--fuel N`.
fn options(args: &Args) -> Result<EvalOptions, String> {
    let mut options = EvalOptions::default();
    if let Some(fuel) = args.fuel {
        options.limits.fuel = fuel;
    }
    for file in &args.param_files {
        options.params.extend(crate::params::from_file(file)?);
    }
    for p in &args.params {
        let (name, value) = crate::params::from_flag(p)?;
        options.params.insert(name, value);
    }
    for d in &args.data {
        let (name, path) = d
            .split_once('=')
            .ok_or_else(|| format!("`--data {d}` must be `package.name=FILE`"))?;
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read `{path}`: {e}"))?;
        let (docs, errors) = read_documents(&bytes, InputFormat::Detect, &InputLimits::default());
        if let Some(e) = errors.first() {
            return Err(format!("`{path}`:{}:{}: {}", e.line, e.column, e.message));
        }
        let [doc] = docs.as_slice() else {
            return Err(format!("`{path}` must hold exactly one document"));
        };
        options.data.insert(name.to_owned(), doc.value.to_json());
    }
    Ok(options)
}
