//! The spec and the implementation agree: every diagnostic code is documented, every builtin
//! is in the builtin index, and every example policy in `spec/examples` checks clean.

#[path = "common/pal_files.rs"]
mod pal_files;

use pal_files::pal_files;
use palisade::{FileId, check_bytes};
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| format!("<cannot read {}: {e}>", path.display()))
}

#[test]
fn every_code_is_documented() {
    let doc = read(&repo().join("spec/diagnostics.md"));
    let missing: Vec<&str> = palisade::diagnostics::codes::ALL
        .iter()
        .map(|(c, _)| c.as_str())
        .filter(|c| !doc.contains(&format!("### {c}")))
        .collect();
    assert!(
        missing.is_empty(),
        "codes missing from spec/diagnostics.md: {missing:?}"
    );
    // And nothing documented that does not exist.
    for line in doc.lines().filter(|l| l.starts_with("### ")) {
        let code = line
            .trim_start_matches("### ")
            .split_whitespace()
            .next()
            .unwrap_or("");
        assert!(
            palisade::diagnostics::codes::ALL
                .iter()
                .any(|(c, _)| c.as_str() == code),
            "spec/diagnostics.md documents unknown code {code}"
        );
    }
}

#[test]
fn every_builtin_is_in_the_index() {
    let doc = read(&repo().join("spec/builtins.md"));
    let missing: Vec<&str> = palisade::builtins::all()
        .map(|b| b.name)
        .filter(|n| !doc.contains(&format!("`{n}(")) && !doc.contains(&format!("| `{n}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "builtins missing from spec/builtins.md: {missing:?}"
    );
}

#[test]
fn spec_examples_check_clean() {
    let mut files = Vec::new();
    pal_files(&repo().join("spec/examples"), &mut files);
    files.sort();
    assert!(
        files.len() >= 12,
        "expected the spec's example policies, found {}",
        files.len()
    );
    let contents: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(f).unwrap_or_default())
        .collect();
    let sources: Vec<(FileId, &[u8])> = contents
        .iter()
        .enumerate()
        .map(|(i, c)| (FileId(i as u32), c.as_slice()))
        .collect();
    let (_, result) = check_bytes(&sources);
    let problems: Vec<String> = result
        .diagnostics
        .iter()
        .map(|d| {
            let file = files
                .get(d.file.0 as usize)
                .map(|f| f.display().to_string());
            format!("{} {:?} at {}: {}", d.code, file, d.span, d.message)
        })
        .collect();
    assert!(
        problems.is_empty(),
        "spec examples have diagnostics:\n{}",
        problems.join("\n")
    );
}

/// The ```pal blocks of a markdown file, each with the `###` heading it falls under.
fn pal_blocks(markdown: &str) -> Vec<(String, String)> {
    fenced_blocks(markdown, "pal")
}

/// The fenced blocks of a language, each with the heading above it.
fn fenced_blocks(markdown: &str, language: &str) -> Vec<(String, String)> {
    let fence = format!("```{language}");
    let mut blocks = Vec::new();
    let mut heading = String::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match &mut current {
            Some(block) if line.trim_start().starts_with("```") => {
                blocks.push((heading.clone(), std::mem::take(block)));
                current = None;
            }
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
            None if line.trim_start() == fence => current = Some(String::new()),
            None if line.starts_with('#') => heading = line.to_owned(),
            None => {}
        }
    }
    blocks
}

fn with_package(block: &str) -> String {
    let declares = block
        .lines()
        .any(|l| l.trim_start().starts_with("package "));
    if declares {
        block.to_owned()
    } else {
        format!("package doc\n{block}")
    }
}

/// Every example in the reference chapters is syntactically valid: no lexical or syntax
/// diagnostic (names may refer to things the fragment does not declare).
#[test]
fn reference_examples_parse() {
    let mut problems = Vec::new();
    let mut count = 0;
    for chapter in [
        "README.md",
        "lexical.md",
        "modules.md",
        "types.md",
        "rules.md",
        "expressions.md",
        "tests.md",
        "builtins.md",
        "views.md",
    ] {
        for (heading, block) in pal_blocks(&read(&repo().join("spec").join(chapter))) {
            count += 1;
            let text = with_package(&block);
            let parse = palisade::syntax::parse(FileId(0), &text);
            for d in parse.diagnostics {
                problems.push(format!(
                    "{chapter} {heading}: {} {}\n{block}",
                    d.code, d.message
                ));
            }
        }
    }
    assert!(count >= 40, "only {count} examples found");
    assert!(problems.is_empty(), "{}", problems.join("\n---\n"));
}

/// The examples of the views chapter are complete policies that check clean.
#[test]
fn views_chapter_examples_check_clean() {
    let blocks = pal_blocks(&read(&repo().join("spec/views.md")));
    assert!(!blocks.is_empty());
    for (heading, block) in blocks {
        let (_, result) = check_bytes(&[(FileId(0), block.as_bytes())]);
        let codes: Vec<_> = result.diagnostics.iter().map(|d| d.code).collect();
        assert!(codes.is_empty(), "views.md {heading}: {codes:?}");
    }
}

/// Each section of `spec/diagnostics.md` shows an example that produces its code.
#[test]
fn diagnostic_examples_produce_their_code() {
    // Codes whose trigger cannot be shown in one markdown block: two files, bytes that are
    // not UTF-8, or inputs of megabytes.
    // Of input and evaluation errors, those that need megabytes, deep nesting, raised
    // limits, options (E0509: a cost budget; cli/tests/cost.rs) or a defect.
    let not_showable = [
        "E0003", "E0010", "E0011", "E0104", "E0204", "E0401", "E0403", "E0404", "E0405", "E0503",
        "E0504", "E0506", "E0507", "E0508", "E0509", "E0600",
    ];
    let doc = read(&repo().join("spec/diagnostics.md"));
    let mut problems = Vec::new();
    for (code, _) in palisade::diagnostics::codes::ALL {
        let code = code.as_str();
        // Bundle refusals need archives, not text: lang/tests/bundles.rs makes a bundle that
        // triggers each one.
        if not_showable.contains(&code) || code.starts_with("E07") {
            continue;
        }
        if code.starts_with("E04") || code.starts_with("E05") {
            if let Err(problem) = evaluation_example(&doc, code) {
                problems.push(format!("{code}: {problem}"));
            }
            continue;
        }
        let blocks: Vec<String> = pal_blocks(&doc)
            .into_iter()
            .filter(|(h, _)| h.starts_with(&format!("### {code}")))
            .map(|(_, b)| b)
            .collect();
        // The blocks of a section are checked together, as the files of one policy set.
        let texts: Vec<String> = blocks
            .iter()
            .map(|b| {
                if code == "E0103" {
                    b.clone()
                } else {
                    with_package(b)
                }
            })
            .collect();
        let sources: Vec<(FileId, &str)> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| (FileId(i as u32), t.as_str()))
            .collect();
        let produced = palisade::check_sources(&sources)
            .diagnostics
            .iter()
            .any(|d| d.code.as_str() == code);
        if !produced {
            problems.push(format!(
                "{code}: no example produces it ({} blocks)",
                blocks.len()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Checks the example of an input or evaluation error: its YAML block (read as a document) and,
/// for evaluation errors, its policy blocks (evaluated on that document) produce the code.
fn evaluation_example(doc: &str, code: &str) -> Result<(), String> {
    let in_section = |blocks: Vec<(String, String)>| -> Vec<String> {
        blocks
            .into_iter()
            .filter(|(h, _)| h.starts_with(&format!("### {code}")))
            .map(|(_, b)| b)
            .collect()
    };
    let yaml = in_section(fenced_blocks(doc, "yaml"));
    let [input] = yaml.as_slice() else {
        return Err(format!("expected one yaml block, found {}", yaml.len()));
    };
    let limits = palisade::InputLimits::default();
    let (documents, errors) =
        palisade::read_documents(input.as_bytes(), palisade::InputFormat::Yaml, &limits);
    if code.starts_with("E04") {
        return if errors.iter().any(|e| e.code.as_str() == code) {
            Ok(())
        } else {
            Err(format!("reading the example gives {errors:?}"))
        };
    }
    let policies: Vec<String> = in_section(pal_blocks(doc))
        .iter()
        .map(|b| with_package(b))
        .collect();
    let sources: Vec<(FileId, &str)> = policies
        .iter()
        .enumerate()
        .map(|(i, t)| (FileId(i as u32), t.as_str()))
        .collect();
    let set = palisade::PolicySet::compile(&sources)
        .map_err(|f| format!("the example does not compile: {:?}", f.diagnostics))?;
    let [document] = documents.as_slice() else {
        return Err(format!(
            "the yaml block holds {} documents",
            documents.len()
        ));
    };
    let decision = set.evaluate(document, &palisade::EvalOptions::default());
    if !decision.is_allowed() && decision.errors.iter().any(|e| e.code == code) {
        Ok(())
    } else {
        Err(format!("the decision is {decision:?}"))
    }
}

/// The README's tour shows a policy with a misspelt field and the two errors it gets; the
/// policy must keep producing exactly those.
#[test]
fn readme_tour_example_reports_both_mistakes() {
    let readme = read(&repo().join("README.md"));
    let tour = readme
        .split("**Check a policy.**")
        .nth(1)
        .unwrap_or_default();
    let block = pal_blocks(tour)
        .into_iter()
        .next()
        .map(|(_, b)| b)
        .unwrap_or_default();
    let result = palisade::check_sources(&[(FileId(0), block.as_str())]);
    let codes: Vec<&str> = result.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["E0302", "E0301"], "{:?}", result.diagnostics);
    assert_eq!(
        result.diagnostics[1].help.as_deref(),
        Some("did you mean `privileged`?")
    );
}

/// `spec/limits.md` states the limits the code enforces.
#[test]
fn documented_limits_match_the_code() {
    let doc = read(&repo().join("spec/limits.md"));
    let expect = |text: String| assert!(doc.contains(&text), "spec/limits.md lacks `{text}`");
    expect(format!(
        "{} bytes",
        thousands(palisade::syntax::MAX_SOURCE_LEN)
    ));
    expect(format!("| {} bytes |", palisade::syntax::MAX_IDENT_LEN));
    expect(format!(
        "({} bytes)",
        thousands(palisade::syntax::MAX_STRING_LEN)
    ));
    expect(format!("| {} levels each |", palisade::syntax::MAX_DEPTH));
    let input = palisade::InputLimits::default();
    expect(format!(
        "({} bytes) | `max_bytes`",
        thousands(input.max_bytes)
    ));
    expect(format!("| {} levels | `max_depth`", input.max_depth));
    expect(format!("| {} | `max_nodes`", thousands(input.max_nodes)));
    expect(format!(
        "| {} | `max_collection_len` | E0403",
        thousands(input.max_collection_len)
    ));
    expect(format!(
        "({} bytes) | `max_string_bytes` | E0404",
        thousands(input.max_string_bytes)
    ));
    let eval = palisade::Limits::default();
    expect(format!(
        "| {} steps per rule run |",
        thousands(eval.fuel as usize)
    ));
    expect(format!(
        "| {} levels | fixed | E0504",
        palisade::eval::value::MAX_VALUE_DEPTH
    ));
    expect(format!(
        "| {} | `max_collection_len` | E0504",
        thousands(eval.max_collection_len)
    ));
    expect(format!(
        "({} bytes) | `max_string_bytes` | E0504",
        thousands(eval.max_string_bytes)
    ));
    expect(format!(
        "| {} levels |",
        2 * palisade::syntax::MAX_DEPTH + 64
    ));
    expect(format!("| {} |", palisade::syntax::MAX_SYNTAX_ERRORS));
    expect(format!("| {} |", palisade::diagnostics::MAX_PER_FILE));
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
