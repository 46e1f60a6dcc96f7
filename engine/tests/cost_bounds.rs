//! The static cost bounds of the standard library, held against what its rules spend on the
//! repository's example documents: for every document and every rule that applies to it, run
//! alone, the fuel spent is at most the rule's bound computed with the sizes of that document
//! (`PolicySet::cost_bounds`, spec/limits.md). Views are off: each run is the rule's on the
//! document read. Also how close the bounds come: the ratio of
//! bound to fuel is printed (`cargo test -p palisade-engine --test cost_bounds -- --nocapture`)
//! and its median held under a ceiling, so an analysis that grows looser shows
//! (`PALISADE_COST_LIST=1` lists every run with its ratio and dominant term).

use palisade::{
    EvalOptions, FileId, InputFormat, InputLimits, ItemKind, PolicySet, SizeBounds, read_documents,
};
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The YAML and JSON documents of the examples and of the library's test data.
fn documents() -> Vec<(String, palisade::Document)> {
    let mut files = Vec::new();
    let mut stack: Vec<PathBuf> = ["examples", "stdlib"]
        .iter()
        .map(|d| repo().join(d))
        .collect();
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = path.to_string_lossy().to_string();
            if path.is_dir() {
                if !name.contains("node_modules") && !name.contains("embedding") {
                    stack.push(path);
                }
            } else if name.ends_with(".yaml") || name.ends_with(".json") {
                files.push(path);
            }
        }
    }
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let format = if path.extension().is_some_and(|e| e == "json") {
            InputFormat::Json
        } else {
            InputFormat::Yaml
        };
        let (docs, _) = read_documents(&bytes, format, &InputLimits::default());
        let shown = path
            .strip_prefix(repo())
            .unwrap_or(&path)
            .display()
            .to_string();
        out.extend(docs.into_iter().map(|d| (shown.clone(), d)));
    }
    out
}

#[test]
fn stdlib_rules_spend_at_most_their_bound_on_the_examples() {
    let files = palisade_stdlib::files();
    let sources: Vec<(FileId, &str)> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (FileId(i as u32), f.text))
        .collect();
    let Ok(set) = PolicySet::compile(&sources) else {
        panic!("the standard library compiles");
    };
    let rules = set.rules();
    let documents = documents();
    assert!(documents.len() >= 20, "{} documents", documents.len());
    // Each rule on the document itself: with views on, a decision's fuel would also count the
    // views' runs and the rule's runs on what they yield, each with a bound of its own.
    let options = EvalOptions {
        views: false,
        ..EvalOptions::default()
    };
    let mut ratios: Vec<f64> = Vec::new();
    let mut failures = Vec::new();
    for (file, doc) in &documents {
        let sizes = SizeBounds::of_values([&doc.value]);
        let bounds = set.cost_bounds(&sizes, &options.limits);
        let rule_bounds = bounds.iter().filter(|c| c.kind == ItemKind::Rule);
        for (rule, bound) in rules.iter().zip(rule_bounds) {
            assert_eq!(bound.name, rule.rule, "bounds in the order of the rules");
            let alone = EvalOptions {
                exclude: rules
                    .iter()
                    .filter(|r| r.rule != rule.rule)
                    .map(|r| r.rule.clone())
                    .collect(),
                ..options.clone()
            };
            let decision = set.evaluate(doc, &alone);
            let fuel = decision.stats.fuel_used;
            if u128::from(fuel) > bound.bound {
                failures.push(format!(
                    "{file} document {}: {} spent {fuel}, bound {} ({})",
                    doc.index, rule.id, bound.bound, bound.dominant
                ));
            }
            if fuel > 0 {
                ratios.push(bound.bound as f64 / fuel as f64);
                if std::env::var_os("PALISADE_COST_LIST").is_some() {
                    println!(
                        "{:>14.1} {} {} {} ({})",
                        bound.bound as f64 / fuel as f64,
                        rule.id,
                        file,
                        fuel,
                        bound.dominant
                    );
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    ratios.sort_by(f64::total_cmp);
    let at = |q: f64| {
        ratios
            .get(((ratios.len() - 1) as f64 * q) as usize)
            .copied()
            .unwrap_or(0.0)
    };
    println!(
        "{} rule runs on {} documents: bound / fuel median {:.1}, 90th percentile {:.1}, max {:.1}",
        ratios.len(),
        documents.len(),
        at(0.5),
        at(0.9),
        at(1.0)
    );
    assert!(!ratios.is_empty());
    assert!(
        at(0.5) < 100.0,
        "the median bound is {:.1} times the fuel",
        at(0.5)
    );
}
