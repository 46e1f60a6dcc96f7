//! The decision corpus: each YAML file under `tests/decisions/` is one case with policies, an
//! input, and the decision expected for it. One generated test per file.
//!
//! A case:
//!
//! ```yaml
//! policies:                 # one or more Palisade sources (file ids in order)
//!   - |
//!     package t
//!     ...
//! policy_files:             # and/or files, relative to the workspace root
//!   - spec/examples/schemas/k8s.pal
//! input: {...}              # the document as a YAML value, or
//! input_text: |             # raw JSON or YAML text, read like a file (multi-document, lines)
//!   ...
//! entrypoint: t.rule        # optional: evaluate this rule only
//! params: {t.level: "x"}    # optional parameter values
//! data: {t.groups: {...}}   # optional data values
//! limits: {fuel: 100, max_collection_len: 10, max_string_bytes: 10}   # optional
//! error_mode: report        # optional: `deny` (default) or `report`
//! exclude: [RULE-ID]        # optional: rules not evaluated
//! deny_unjudged: true       # optional: deny a document no rule applies to (E0508)
//! expect:                   # for one document; a list of these for several documents
//!   decision: denied        # allowed | denied
//!   rules:                  # optional; listed rules must match, unlisted ones must pass or skip
//!     RULE-ID:
//!       status: fail        # pass | fail | error | skipped
//!       violations:         # optional, exact and in order
//!         - { message: "...", path: "/spec/...", line: 8 }   # line optional
//!   errors: [E0500]         # optional, the exact codes of the decision's errors
//! compile_error: [E0300]    # instead of expect: the policies must be refused with these codes
//! ```

use libtest_mimic::{Arguments, Failed, Trial};
use palisade::{
    Decision, Document, ErrorMode, EvalOptions, FileId, InputFormat, InputLimits, PolicySet,
    Status, Value, read_documents,
};
use serde_json::Value as Json;
use std::path::{Path, PathBuf};

fn main() {
    let args = Arguments::from_args();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/decisions");
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    let trials = files
        .into_iter()
        .map(|path| {
            let name = path
                .strip_prefix(&root)
                .unwrap_or(&path)
                .with_extension("")
                .display()
                .to_string();
            Trial::test(name, move || run(&path))
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            out.push(path);
        }
    }
}

fn run(path: &Path) -> Result<(), Failed> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{e}"))?;
    let case: Json = serde_saphyr::from_str(&text).map_err(|e| format!("case file: {e}"))?;
    let mut policies: Vec<String> = case
        .get("policies")
        .and_then(Json::as_array)
        .map(|list| {
            list.iter()
                .map(|p| p.as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default();
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for file in case.get("policy_files").map(strings).unwrap_or_default() {
        let text = std::fs::read_to_string(workspace.join(&file))
            .map_err(|e| format!("policy file `{file}`: {e}"))?;
        policies.push(text);
    }
    if policies.is_empty() {
        return Err("the case has no `policies` or `policy_files`".into());
    }
    let sources: Vec<(FileId, &str)> = policies
        .iter()
        .enumerate()
        .map(|(i, t)| (FileId(i as u32), t.as_str()))
        .collect();
    let compiled = PolicySet::compile(&sources);
    if let Some(expected) = case.get("compile_error") {
        let failure = match compiled {
            Ok(_) => return Err("expected the policies to be refused".into()),
            Err(f) => f,
        };
        let mut got: Vec<String> = failure
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.code.as_str().to_owned())
            .collect();
        got.sort();
        let mut want = strings(expected);
        want.sort();
        return check_eq("compile error codes", &want, &got);
    }
    let set = compiled.map_err(|f| {
        let messages: Vec<String> = f
            .diagnostics
            .iter()
            .map(|d| format!("{} {}", d.code, d.message))
            .collect();
        format!("the policies do not compile: {}", messages.join("; "))
    })?;
    let options = options(&case)?;
    let docs = documents(&case)?;
    // The incremental database decides exactly as the one-shot API.
    let db = palisade::db::Database::default();
    let files: Vec<palisade::db::PolicyFile> = policies
        .iter()
        .enumerate()
        .map(|(i, t)| palisade::db::PolicyFile::new(&db, FileId(i as u32), t.clone()))
        .collect();
    let db_set = palisade::db::PolicySetInput::new(&db, files);
    let settings = palisade::db::Settings::new(&db, std::sync::Arc::new(options.clone()));
    let decisions: Vec<Decision> = docs
        .iter()
        .map(|doc| match &doc {
            Ok(doc) => match case.get("entrypoint").and_then(Json::as_str) {
                Some(entry) => set.evaluate_entrypoint(entry, doc, &options),
                None => set.evaluate(doc, &options),
            },
            Err(code) => unreadable(code),
        })
        .collect();
    if case.get("entrypoint").is_none() {
        // Options prepared once decide as options bound on every evaluation, or are refused
        // with the errors that deny every document.
        let prepared = set.prepare(&options);
        for (doc, one_shot) in docs.iter().zip(&decisions) {
            let Ok(doc) = doc else { continue };
            match &prepared {
                Ok(p) => check_eq(
                    "decision with prepared options",
                    one_shot,
                    &set.evaluate_prepared(doc, p),
                )?,
                Err(errors) => check_eq("errors of options refused", &one_shot.errors, errors)?,
            }
            let input = palisade::db::DocumentInput::new(&db, std::sync::Arc::new(doc.clone()));
            let incremental = palisade::db::decision(&db, db_set, input, settings);
            check_eq("decision through the database", one_shot, incremental)?;
        }
    }
    let expected: Vec<&Json> = match case.get("expect") {
        Some(Json::Array(list)) => list.iter().collect(),
        Some(one) => vec![one],
        None => return Err("the case has no `expect`".into()),
    };
    check_eq("number of documents", &expected.len(), &decisions.len())?;
    for (i, (want, got)) in expected.iter().zip(&decisions).enumerate() {
        expect(want, got).map_err(|e| {
            let json = serde_json::to_string_pretty(got).unwrap_or_default();
            let e = e.message().unwrap_or_default();
            format!("document {i}: {e}\nthe decision was:\n{json}")
        })?;
    }
    // Decisions round-trip through JSON unchanged.
    for d in &decisions {
        let json = serde_json::to_string(d).map_err(|e| e.to_string())?;
        let back: Decision = serde_json::from_str(&json).map_err(|e| e.to_string())?;
        check_eq("decision after a JSON round trip", d, &back)?;
    }
    Ok(())
}

/// A denied decision standing for a document that could not be read.
fn unreadable(code: &str) -> Decision {
    Decision {
        decision: palisade::Outcome::Denied,
        rules: Vec::new(),
        errors: vec![palisade::DecisionError {
            code: code.to_owned(),
            message: String::new(),
            rule: None,
            path: None,
        }],
        stats: palisade::Stats::default(),
    }
}

fn documents(case: &Json) -> Result<Vec<Result<Document, String>>, Failed> {
    if let Some(text) = case.get("input_text").and_then(Json::as_str) {
        let (docs, errors) = read_documents(
            text.as_bytes(),
            InputFormat::Detect,
            &InputLimits::default(),
        );
        let mut out: Vec<(usize, Result<Document, String>)> =
            docs.into_iter().map(|d| (d.index, Ok(d))).collect();
        for e in errors {
            out.push((e.document.unwrap_or(0), Err(e.code.as_str().to_owned())));
        }
        out.sort_by_key(|(i, _)| *i);
        return Ok(out.into_iter().map(|(_, d)| d).collect());
    }
    let input = case
        .get("input")
        .ok_or("the case has no `input` or `input_text`")?;
    Ok(vec![Ok(Document::from_value(0, Value::from_json(input)))])
}

fn options(case: &Json) -> Result<EvalOptions, Failed> {
    let mut options = EvalOptions::default();
    let map = |key: &str| {
        case.get(key)
            .and_then(Json::as_object)
            .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default()
    };
    options.params = map("params");
    options.data = map("data");
    if let Some(limits) = case.get("limits") {
        let get = |k: &str| limits.get(k).and_then(Json::as_u64);
        if let Some(f) = get("fuel") {
            options.limits.fuel = f;
        }
        if let Some(n) = get("max_collection_len") {
            options.limits.max_collection_len = n as usize;
        }
        if let Some(n) = get("max_string_bytes") {
            options.limits.max_string_bytes = n as usize;
        }
    }
    options.exclude = case
        .get("exclude")
        .and_then(Json::as_array)
        .map(|ids| {
            ids.iter()
                .filter_map(Json::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    options.deny_unjudged = case.get("deny_unjudged").and_then(Json::as_bool) == Some(true);
    match case.get("error_mode").and_then(Json::as_str) {
        None | Some("deny") => {}
        Some("report") => options.error_mode = ErrorMode::Report,
        Some(other) => return Err(format!("unknown error_mode `{other}`").into()),
    }
    Ok(options)
}

fn strings(v: &Json) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|s| s.as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

fn check_eq<T: PartialEq + std::fmt::Debug>(what: &str, want: &T, got: &T) -> Result<(), Failed> {
    if want == got {
        Ok(())
    } else {
        Err(format!("{what}: expected {want:?}, got {got:?}").into())
    }
}

fn status_name(s: Status) -> &'static str {
    match s {
        Status::Pass => "pass",
        Status::Fail => "fail",
        Status::Error => "error",
        Status::Skipped => "skipped",
    }
}

fn expect(want: &Json, got: &Decision) -> Result<(), Failed> {
    let decision = want
        .get("decision")
        .and_then(Json::as_str)
        .ok_or("`expect` has no `decision`")?;
    let actual = if got.is_allowed() {
        "allowed"
    } else {
        "denied"
    };
    check_eq("decision", &decision, &actual)?;
    if let Some(codes) = want.get("errors") {
        let mut w = strings(codes);
        let mut g: Vec<String> = got.errors.iter().map(|e| e.code.clone()).collect();
        w.sort();
        g.sort();
        check_eq("error codes", &w, &g)?;
    }
    let empty = serde_json::Map::new();
    let rules = want
        .get("rules")
        .and_then(Json::as_object)
        .unwrap_or(&empty);
    for (id, rule_want) in rules {
        let rule = got
            .rules
            .iter()
            .find(|r| &r.id == id)
            .ok_or_else(|| format!("no rule `{id}` in the decision"))?;
        if let Some(status) = rule_want.get("status").and_then(Json::as_str) {
            check_eq(
                &format!("status of {id}"),
                &status,
                &status_name(rule.status),
            )?;
        }
        if let Some(violations) = rule_want.get("violations").and_then(Json::as_array) {
            check_eq(
                &format!("number of violations of {id}"),
                &violations.len(),
                &rule.violations.len(),
            )?;
            for (w, g) in violations.iter().zip(&rule.violations) {
                if let Some(m) = w.get("message").and_then(Json::as_str) {
                    check_eq(&format!("message of {id}"), &m, &g.message.as_str())?;
                }
                if let Some(p) = w.get("path").and_then(Json::as_str) {
                    check_eq(&format!("path of {id}"), &p, &g.path.as_str())?;
                }
                if let Some(l) = w.get("line").and_then(Json::as_u64) {
                    check_eq(&format!("line of {id}"), &Some(l as u32), &g.line)?;
                }
            }
        }
    }
    // A rule the case does not list must pass or be skipped, unless its error is one the case
    // expects.
    let expected_codes = want.get("errors").map(strings).unwrap_or_default();
    for rule in &got.rules {
        if rules.contains_key(&*rule.id) {
            continue;
        }
        let excused = rule.status == Status::Error
            && got
                .errors
                .iter()
                .any(|e| e.rule.as_deref() == Some(&*rule.id) && expected_codes.contains(&e.code));
        if matches!(rule.status, Status::Fail | Status::Error) && !excused {
            return Err(format!(
                "rule `{}` is not expected to fail, but its status is {}",
                rule.id,
                status_name(rule.status)
            )
            .into());
        }
    }
    // Without `errors`, every error must be that of a rule listed with status `error`.
    if want.get("errors").is_none() {
        for e in &got.errors {
            let listed = e.rule.as_ref().is_some_and(|id| {
                rules
                    .get(id)
                    .and_then(|r| r.get("status"))
                    .and_then(Json::as_str)
                    == Some("error")
            });
            if !listed {
                return Err(format!("an unexpected error: {} {}", e.code, e.message).into());
            }
        }
    }
    Ok(())
}
