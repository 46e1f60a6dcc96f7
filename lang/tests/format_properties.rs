//! Formatting properties over real and generated programs: every `.pal` file of the repository
//! and programs generated from the grammar with comments and line breaks dropped between their
//! tokens at random. For each: refused exactly when it does not parse; otherwise a fixed point,
//! the same tree (spans erased), the same comments and the same diagnostics.

#[path = "common/formatting.rs"]
mod formatting;
#[path = "common/generate.rs"]
mod generate;

use formatting::check_formatting;
use proptest::prelude::*;
use std::path::{Path, PathBuf};

fn pal_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            if !name.starts_with('.') && name != "target" && name != "node_modules" {
                pal_files(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "pal") {
            out.push(path);
        }
    }
}

#[test]
fn every_policy_file_in_the_repository_keeps_the_properties() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    pal_files(&root, &mut files);
    files.sort();
    let (mut formatted, mut refused, mut failures) = (0, 0, Vec::new());
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        match check_formatting(&text) {
            Ok(Some(_)) => formatted += 1,
            Ok(None) => refused += 1,
            Err(e) => failures.push(format!("{}: {e}", path.display())),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(
        formatted > 200,
        "only {formatted} files formatted ({refused} refused)"
    );
}

/// Positions of spaces outside string literals (where a line break or a comment may go).
fn gaps(text: &str) -> Vec<usize> {
    #[derive(Clone, Copy, PartialEq)]
    enum At {
        Code,
        Str,
        Raw,
        Interp(u32),
    }
    let bytes = text.as_bytes();
    let mut stack = vec![At::Code];
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let top = stack.last().copied().unwrap_or(At::Code);
        match (top, b) {
            (At::Code, b' ') if stack.len() == 1 => out.push(i),
            (At::Code | At::Interp(_), b'"') => {
                let raw = i > 0 && bytes.get(i - 1) == Some(&b'r');
                stack.push(if raw { At::Raw } else { At::Str });
            }
            (At::Str, b'\\') => i += 1,
            (At::Str | At::Raw, b'"') => {
                stack.pop();
            }
            (At::Str, b'{') => stack.push(At::Interp(0)),
            (At::Interp(d), b'{') => {
                stack.pop();
                stack.push(At::Interp(d + 1));
            }
            (At::Interp(0), b'}') => {
                stack.pop();
            }
            (At::Interp(d), b'}') => {
                stack.pop();
                stack.push(At::Interp(d - 1));
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// A generated program with some of its spaces replaced by line breaks and comments.
fn commented_program() -> impl Strategy<Value = String> {
    (
        generate::program(),
        prop::collection::vec((any::<prop::sample::Index>(), 0u8..8), 0..12),
    )
        .prop_map(|(text, edits)| {
            let gaps = gaps(&text);
            if gaps.is_empty() {
                return text;
            }
            let mut chosen: Vec<(usize, u8)> = edits
                .iter()
                .map(|(ix, kind)| (*ix.get(&gaps), *kind))
                .collect();
            chosen.sort();
            chosen.dedup_by_key(|(at, _)| *at);
            let mut out = text;
            for (n, (at, kind)) in chosen.into_iter().enumerate().rev() {
                let insert = match kind {
                    0 => "\n".to_owned(),
                    1 => format!(" # c{n}\n"),
                    2 => format!("\n# c{n}\n"),
                    3 => format!(" /* c{n} */ "),
                    4 => format!("\n\n/* c{n}\n   more */\n"),
                    5 => format!(" /* c{n}\n   more */ "),
                    6 => format!(" # c{n}\n# d{n}\n"),
                    _ => format!(" /* c{n}\r\n more */\r\n"),
                };
                out.replace_range(at..at + 1, &insert);
            }
            out
        })
}

/// Cases per property: `PROPTEST_CASES` when set (for long local runs), else 128 in CI and 512
/// elsewhere.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if std::env::var_os("CI").is_some() {
            128
        } else {
            512
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn generated_programs_keep_the_properties(text in generate::program()) {
        let outcome = check_formatting(&text);
        prop_assert!(matches!(outcome, Ok(Some(_))), "{outcome:?}\n--- input\n{text}");
    }

    #[test]
    fn formatting_a_range_agrees_with_formatting_the_file(
        text in commented_program(),
        a in any::<prop::sample::Index>(),
        b in any::<prop::sample::Index>(),
    ) {
        let options = palisade::FormatOptions::default();
        let whole = palisade::format(&text, &options);
        prop_assume!(whole.is_ok());
        let (x, y) = (a.index(text.len() + 1), b.index(text.len() + 1));
        let range = palisade::Span::new(x.min(y), x.max(y));
        let mut edited = text.clone();
        if let Ok(Some(r)) = palisade::format_range(&text, range, &options) {
            edited.replace_range(r.span.range(), &r.text);
        }
        prop_assert_eq!(palisade::format(&edited, &options), whole);
    }

    #[test]
    fn generated_programs_with_comments_keep_the_properties(text in commented_program()) {
        // Comments and line breaks between tokens never make a program malformed, so the
        // program is formatted, not refused.
        let outcome = check_formatting(&text);
        prop_assert!(matches!(outcome, Ok(Some(_))), "{outcome:?}\n--- input\n{text}");
    }
}

/// The examples of `spec/style.md` are what the formatter prints: each top-level example,
/// completed with a package line, formats to itself (indented excerpts are skipped).
#[test]
fn style_guide_examples_are_formatted() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/style.md");
    let guide = std::fs::read_to_string(&path).unwrap_or_default();
    let mut checked = 0;
    for block in guide.split("```pal\n").skip(1) {
        let body = block.split("```").next().unwrap_or("");
        let indent = body
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.len() - l.trim_start().len())
            .min()
            .unwrap_or(0);
        let mut lines: Vec<&str> = body
            .lines()
            .map(|l| l.get(indent..).unwrap_or(""))
            .collect();
        while lines.last().is_some_and(|l| l.trim().is_empty()) {
            lines.pop();
        }
        let text = lines.join("\n");
        let source = if text.starts_with("assert ") {
            let inner: Vec<String> = lines
                .iter()
                .map(|l| format!("  {l}").trim_end().to_owned())
                .collect();
            format!(
                "package style\n\ntest \"example\" {{\n{}\n}}\n",
                inner.join("\n")
            )
        } else if text.starts_with(char::is_whitespace) || text.starts_with("violation") {
            continue;
        } else {
            format!("package style\n\n{text}\n")
        };
        let formatted = palisade::format(&source, &palisade::FormatOptions::default());
        assert_eq!(
            formatted.as_deref(),
            Ok(source.as_str()),
            "an example of spec/style.md"
        );
        checked += 1;
    }
    assert!(checked >= 7, "only {checked} examples checked");
}

/// The largest `n` (up to `limit`) for which `shape(n)` parses without errors, found by
/// bisection (a shape that parses at `n` parses at every smaller `n`).
fn deepest_accepted(shape: &dyn Fn(usize) -> String, limit: usize) -> usize {
    let parses = |n: usize| {
        let parsed = palisade::syntax::parse(palisade::FileId(0), &shape(n));
        !parsed.diagnostics.iter().any(|d| d.is_error())
    };
    let (mut good, mut bad) = (0, limit + 1);
    while bad - good > 1 {
        let mid = good + (bad - good) / 2;
        if parses(mid) { good = mid } else { bad = mid }
    }
    good
}

/// The parser refuses trees deeper than `MAX_DEPTH` (expressions, types and statements each
/// counted on their own), so the formatter's recursion is bounded: the deepest input of every
/// nesting form that the parser accepts, alone and with statements and expressions both at
/// their limit, formats on a thread with the default stack of 2 MiB (in a debug build the
/// costliest of them needs more, which layout takes from new stack segments).
#[test]
fn the_deepest_accepted_nesting_formats_on_a_default_stack() {
    type Shape = Box<dyn Fn(usize) -> String>;
    let item = |body: String| format!("package p\n{body}\n");
    let deepest = palisade::syntax::MAX_DEPTH as usize - 1;
    // `n` nested `for` statements around an expression nested as deep as it may be.
    let around = move |open: &'static str, close: &'static str| -> Shape {
        Box::new(move |n| {
            item(format!(
                "rule r(x: int) {{\n{}violation \"v\" at {}1{}\n{}}}",
                "for y in [1] {\n".repeat(n),
                open.repeat(deepest),
                close.repeat(deepest),
                "}\n".repeat(n)
            ))
        })
    };
    let shapes: Vec<(&str, Shape)> = vec![
        (
            "parentheses",
            Box::new(move |n| item(format!("let a = {}1{}", "(".repeat(n), ")".repeat(n)))),
        ),
        (
            "lists",
            Box::new(move |n| item(format!("let a = {}1{}", "[".repeat(n), "]".repeat(n)))),
        ),
        (
            "records",
            Box::new(move |n| item(format!("let a = {}1{}", "{ a: ".repeat(n), " }".repeat(n)))),
        ),
        (
            "calls",
            Box::new(move |n| item(format!("let a = {}1{}", "f(".repeat(n), ")".repeat(n)))),
        ),
        (
            "negations",
            Box::new(move |n| item(format!("let a = {}1", "- ".repeat(n)))),
        ),
        (
            "nots",
            Box::new(move |n| item(format!("let a = {}true", "not ".repeat(n)))),
        ),
        (
            "coalesce",
            Box::new(move |n| item(format!("let a = x{}", " ?? x".repeat(n)))),
        ),
        (
            "sums",
            Box::new(move |n| item(format!("let a = 1{}", " + 1".repeat(n)))),
        ),
        (
            "fields",
            Box::new(move |n| item(format!("let a = x{}", ".f".repeat(n)))),
        ),
        (
            "indexes",
            Box::new(move |n| item(format!("let a = x{}", "[0]".repeat(n)))),
        ),
        (
            "if-else",
            Box::new(move |n| item(format!("let a = {}1", "if c then 1 else ".repeat(n)))),
        ),
        (
            "quantifiers",
            Box::new(move |n| item(format!("let a = {}true", "every x in xs: ".repeat(n)))),
        ),
        (
            "comprehensions",
            Box::new(move |n| {
                item(format!(
                    "let a = {}x{}",
                    "[".repeat(n),
                    " for x in xs]".repeat(n)
                ))
            }),
        ),
        (
            "interpolations",
            Box::new(move |n| item(format!("let a = {}1{}", "\"{".repeat(n), "}\"".repeat(n)))),
        ),
        (
            "list types",
            Box::new(move |n| {
                item(format!(
                    "type T = {}int{}",
                    "list<".repeat(n),
                    ">".repeat(n)
                ))
            }),
        ),
        (
            "record types",
            Box::new(move |n| {
                item(format!(
                    "type T = {}int{}",
                    "{ a: ".repeat(n),
                    " }".repeat(n)
                ))
            }),
        ),
        (
            "if statements",
            Box::new(move |n| {
                item(format!(
                    "rule r(x: int) {{\n{}violation \"v\"\n{}}}",
                    "if true {\n".repeat(n),
                    "}\n".repeat(n)
                ))
            }),
        ),
        (
            "for statements",
            Box::new(move |n| {
                item(format!(
                    "rule r(x: int) {{\n{}violation \"v\"\n{}}}",
                    "for y in [1] {\n".repeat(n),
                    "}\n".repeat(n)
                ))
            }),
        ),
        (
            "statements and expressions",
            Box::new(move |n| {
                item(format!(
                    "rule r(x: int) {{\n{}violation \"v\" at {}1{}\n{}}}",
                    "if true {\n".repeat(n),
                    "(".repeat(n),
                    ")".repeat(n),
                    "}\n".repeat(n)
                ))
            }),
        ),
        // The costliest combinations: statements as deep as they go around the deepest call
        // chain (with a comment in each call) or record.
        (
            "statements around calls with comments",
            around("f( # c\n", ")"),
        ),
        ("statements around calls", around("f(1, ", ")")),
        ("statements around records", around("{ a: ", " }")),
    ];
    let limit = 4 * palisade::syntax::MAX_DEPTH as usize;
    for (name, shape) in shapes {
        let depth = deepest_accepted(&*shape, limit);
        assert!(depth >= 10, "{name}: only {depth} levels parse");
        assert!(
            depth < limit,
            "{name}: {depth} levels parse, the parser bounds nothing"
        );
        let text = shape(depth);
        let formatted = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || palisade::format(&text, &palisade::FormatOptions::default()).is_ok())
            .map(|h| h.join());
        assert!(
            matches!(formatted, Ok(Ok(true))),
            "{name}: {depth} levels do not format"
        );
    }
}
