//! Property tests of invariant 2: parsing never fails. On arbitrary text, and on token soup
//! built from the language's own vocabulary (which reaches far deeper into the grammar than
//! random bytes), lexing, parsing and name resolution return without panicking, every
//! diagnostic span lies inside the text, and a file with errors always reports at least one.

use palisade::{FileId, check_bytes, check_sources};
use proptest::prelude::*;

const VOCABULARY: &[&str] = &[
    "package",
    "import",
    "as",
    "type",
    "let",
    "param",
    "data",
    "fn",
    "rule",
    "meta",
    "test",
    "with",
    "for",
    "in",
    "if",
    "then",
    "else",
    "every",
    "some",
    "and",
    "or",
    "not",
    "true",
    "false",
    "none",
    "violation",
    "at",
    "assert",
    "return",
    "list",
    "set",
    "map",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ".",
    "..",
    "?.",
    "?[",
    "??",
    "?",
    ":",
    "=",
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "+",
    "-",
    "*",
    "/",
    "%",
    "->",
    "|",
    "x",
    "pod",
    "Pod",
    "int",
    "string",
    "json",
    "0",
    "42",
    "1.5",
    "1e",
    "99999999999999999999",
    "\"s\"",
    "\"a {x} b\"",
    "\"{",
    "\"",
    "r\"\\d\"",
    "#c\n",
    "/*",
    "*/",
    "\n",
    " ",
    "$",
    "\u{0}",
    "é",
    "\u{fffd}",
];

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(VOCABULARY), 0..120)
        .prop_map(|words| words.join(" "))
}

fn assert_well_formed(text: &str) {
    let result = check_sources(&[(FileId(0), text)]);
    for d in &result.diagnostics {
        assert!(
            d.span.end as usize <= text.len() && d.span.start <= d.span.end,
            "span {} outside text of {} bytes: {d:?}",
            d.span,
            text.len()
        );
        assert!(!d.message.is_empty());
    }
    // A file with no package is never silently accepted.
    if result
        .parses
        .first()
        .is_some_and(|(_, p)| p.file.package.is_none())
    {
        assert!(result.has_errors());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(if std::env::var_os("CI").is_some() { 256 } else { 1024 }))]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        assert_well_formed(&text);
    }

    #[test]
    fn token_soup_never_panics(text in soup()) {
        assert_well_formed(&text);
        let with_package = format!("package p\n{text}");
        assert_well_formed(&with_package);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let (texts, result) = check_bytes(&[(FileId(0), &bytes)]);
        let text = texts.first().map_or("", String::as_str);
        for d in &result.diagnostics {
            prop_assert!(d.span.end as usize <= text.len());
        }
    }
}

/// Deep nesting of every bracketing construct is refused with E0102, never a stack overflow,
/// and the items around it still parse.
#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let depth = 50_000;
    let cases = [
        format!("let a = {}1{}", "(".repeat(depth), ")".repeat(depth)),
        format!("let a = {}1{}", "[".repeat(depth), "]".repeat(depth)),
        format!("let a = {}1", "-".repeat(depth)),
        format!("let a = {}true", "not ".repeat(depth)),
        format!("let a = 1{}", " + 1".repeat(depth)),
        format!("let a = x{}", ".f".repeat(depth)),
        format!("type T = {}int{}", "list<".repeat(depth), ">".repeat(depth)),
        format!(
            "rule r(x: int) {{ {} violation \"v\" {} }}",
            "if true { ".repeat(depth),
            "}".repeat(depth)
        ),
        format!("let a = {}{}", "\"{".repeat(200), "}\"".repeat(200)),
    ];
    for body in cases {
        let text = format!("package p\nlet before = 1\n{body}\nlet after = before\n");
        let handle = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || {
                let result = check_sources(&[(FileId(0), &text)]);
                let codes: Vec<&str> = result.diagnostics.iter().map(|d| d.code.as_str()).collect();
                let items = result.parses.first().map_or(0, |(_, p)| p.file.items.len());
                (
                    codes.iter().filter(|c| **c == "E0102").count(),
                    items,
                    codes.len(),
                )
            });
        let (deep, items, all) = handle
            .map(|h| h.join())
            .map_or((0, 0, 0), |r| r.unwrap_or((0, 0, 0)));
        assert_eq!(deep, 1, "exactly one E0102 expected ({all} diagnostics)");
        assert_eq!(items, 3, "the items around the deep one must survive");
    }
}

/// Inputs that would take hours on any quadratic path (each is about 200,000 tokens): floods
/// of unclosed and stray brackets, a block with 50,000 bindings, 50,000 unknown names, and
/// 50,000 items. Each must finish with its diagnostics, bounded in number where they would
/// otherwise flood.
#[test]
fn pathological_inputs_stay_linear() {
    let n = 50_000;
    let cases: Vec<(String, &str)> = vec![
        (
            format!("let a = {}{}", "(".repeat(n), "]".repeat(n)),
            "E0105",
        ),
        (format!("let a = 1{}", ")".repeat(n)), "E0106"),
        (
            format!(
                "rule r(x: {{ n: int }}) {{\nmeta {{ id: \"R\" title: \"r\" }}\nlet v0 = x.n\n{}violation \"v{{v{}}}\"\n}}",
                (1..n)
                    .map(|i| format!("let v{i} = v{} + 1\n", i - 1))
                    .collect::<String>(),
                n - 1
            ),
            "",
        ),
        (
            format!(
                "let xs = [{}]",
                (0..n)
                    .map(|i| format!("unknown{i}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            "E0200",
        ),
        ((0..n).map(|i| format!("let item{i} = {i}\n")).collect(), ""),
        (format!("let s = \"{}\"", "{\"".repeat(n)), "E0009"),
    ];
    for (body, code) in cases {
        let text = format!("package p\n{body}\n");
        let result = check_sources(&[(FileId(0), &text)]);
        let codes: Vec<&str> = result.diagnostics.iter().map(|d| d.code.as_str()).collect();
        if code.is_empty() {
            assert!(
                codes.is_empty(),
                "{:?}",
                codes.iter().take(5).collect::<Vec<_>>()
            );
        } else {
            assert!(
                codes.contains(&code),
                "expected {code}, got {:?}",
                codes.get(..5)
            );
        }
    }
}

/// Long chains between items (constants, type aliases, functions) are followed without
/// overflowing the stack, and types built from shared parts compare in linear time (a naive
/// structural comparison of `T40` below would take 2^40 steps).
#[test]
fn long_item_chains_and_shared_types() {
    let n = 5_000;
    let constants: String = (0..n)
        .map(|i| format!("let c{i} = c{} + 1\n", i + 1))
        .collect();
    let aliases: String = (0..n)
        .map(|i| format!("type T{i} = T{}\n", i + 1))
        .collect();
    let functions: String = (0..n)
        .map(|i| format!("fn f{i}(x: int) {{ return f{}(x) }}\n", i + 1))
        .collect();
    let shared: String = (1..=40)
        .map(|i| format!("type S{i} = {{ a: S{}, b: S{} }}\n", i - 1, i - 1))
        .collect();
    let cases = [
        format!("{constants}let c{n} = 1\n"),
        format!("{aliases}type T{n} = {{ leaf: int }}\nlet v: T0 = {{ leaf: 1 }}\n"),
        format!("{functions}fn f{n}(x: int) {{ return x }}\n"),
        format!("type S0 = {{ leaf: int }}\n{shared}fn same(x: S40) -> S40 {{ return x }}\n"),
    ];
    for body in cases {
        let text = format!("package p\n{body}");
        let result = check_sources(&[(FileId(0), &text)]);
        let codes: Vec<&str> = result.diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert!(codes.is_empty(), "{:?}", codes.get(..5));
    }
}

/// A JSON Schema whose definitions refer to each other in a chain thousands long loads
/// (the deep end left untyped) and checks clean.
#[test]
fn long_schema_reference_chains() {
    let n = 5_000;
    let defs: Vec<String> = (0..n)
        .map(|i| format!("\"D{i}\": {{ \"$ref\": \"#/$defs/D{}\" }}", i + 1))
        .collect();
    let text = format!(
        "{{ \"type\": \"object\", \"properties\": {{ \"x\": {{ \"$ref\": \"#/$defs/D0\" }} }}, \
         \"$defs\": {{ {}, \"D{n}\": {{ \"type\": \"string\" }} }} }}",
        defs.join(", ")
    );
    let sources = palisade::schemas_to_sources(&[palisade::SchemaInput {
        name: "acme.Chain",
        text: &text,
    }]);
    let sources = sources.unwrap_or_default();
    assert_eq!(sources.len(), 1);
    for s in &sources {
        let result = check_sources(&[(FileId(0), s.text.as_str())]);
        assert!(
            result.diagnostics.is_empty(),
            "{:?}",
            result.diagnostics.first()
        );
    }
}
