//! Tests of the input reader (`palisade::eval::input`): JSON and YAML documents become values
//! with the source line of every node, malformed or hostile inputs become coded errors with a
//! location, and no input, however large, deep or random, makes the reader panic or overflow
//! its stack. Expected lines are found by searching the fixture for a marker, never counted by
//! hand.

use std::time::{Duration, Instant};

use palisade::diagnostics::codes;
use palisade::eval::input::{Document, InputError, InputFormat, InputLimits, read_documents};
use palisade::eval::value::Value;
use proptest::prelude::*;

fn read(text: &str, format: InputFormat) -> (Vec<Document>, Vec<InputError>) {
    read_documents(text.as_bytes(), format, &InputLimits::default())
}

/// The documents of a text that must read without errors.
#[expect(clippy::panic, reason = "a test helper fails its test by panicking")]
fn documents(text: &str, format: InputFormat) -> Vec<Document> {
    let (docs, errors) = read(text, format);
    if !errors.is_empty() {
        panic!("unexpected errors {errors:#?} in\n{text}");
    }
    docs
}

/// The only error of a text.
#[expect(clippy::panic, reason = "a test helper fails its test by panicking")]
fn only_error(bytes: &[u8], format: InputFormat, limits: &InputLimits) -> InputError {
    let (_, errors) = read_documents(bytes, format, limits);
    match <[InputError; 1]>::try_from(errors) {
        Ok([error]) => error,
        Err(errors) => panic!("expected one error, got {errors:#?}"),
    }
}

/// The 1-based line of the first line of `text` that contains `marker`.
#[expect(clippy::panic, reason = "a test helper fails its test by panicking")]
fn line_of_marker(text: &str, marker: &str) -> u32 {
    match text.lines().position(|l| l.contains(marker)) {
        Some(i) => u32::try_from(i + 1).unwrap_or(u32::MAX),
        None => panic!("no line contains `{marker}`"),
    }
}

/// The 1-based line and character column of the first occurrence of `needle` in `text`.
#[expect(clippy::panic, reason = "a test helper fails its test by panicking")]
fn position(text: &str, needle: &str) -> (u32, u32) {
    let Some(at) = text.find(needle) else {
        panic!("`{needle}` is not in the text")
    };
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    let to_u32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    (to_u32(line), to_u32(column))
}

/// The value of a JSON text, as `serde_json` reads it.
#[expect(clippy::panic, reason = "a test helper fails its test by panicking")]
fn json(text: &str) -> Value {
    match serde_json::from_str(text) {
        Ok(value) => Value::from_json(&value),
        Err(error) => panic!("bad JSON in a test: {error}"),
    }
}

/// Runs `f` on a thread with a 2 MiB stack, as integration tests and small hosts have.
/// A stack overflow aborts the whole test binary, which fails the run.
#[expect(clippy::panic, reason = "a test helper fails its test by panicking")]
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let thread = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(f);
    match thread.map(std::thread::JoinHandle::join) {
        Ok(Ok(result)) => result,
        Ok(Err(payload)) => std::panic::resume_unwind(payload),
        Err(error) => panic!("cannot start a thread: {error}"),
    }
}

const PODS: &str = "\
# two pods and a service
apiVersion: v1
kind: Pod
metadata:
  name: web            # <- name
spec:
  containers:
    - name: app        # <- container 0
      image: nginx
      securityContext: # <- securityContext
        privileged: true   # <- privileged
    -                  # an element's line is where its node starts: the next line
      name: sidecar    # <- container 1
      ports: [80, 443] # <- ports
---                    # <- second
apiVersion: v1
kind: Pod
spec:
  containers:
  - name: other        # <- other
    args:
    - --verbose        # <- arg 0
";

#[test]
fn yaml_documents_keep_the_line_of_every_node() {
    let docs = documents(PODS, InputFormat::Yaml);
    assert_eq!(docs.len(), 2);
    let (first, second) = (&docs[0], &docs[1]);
    let at = |marker| line_of_marker(PODS, marker);
    assert_eq!((first.index, second.index), (0, 1));
    assert_eq!(first.line, line_of_marker(PODS, "apiVersion"));
    assert_eq!(first.line_of(""), first.line);
    assert_eq!(first.line_of("/metadata/name"), at("<- name"));
    assert_eq!(first.line_of("/spec/containers/0"), at("<- container 0"));
    assert_eq!(
        first.line_of("/spec/containers/0/securityContext"),
        at("<- securityContext")
    );
    assert_eq!(
        first.line_of("/spec/containers/0/securityContext/privileged"),
        at("<- privileged")
    );
    assert_eq!(first.line_of("/spec/containers/1/ports"), at("<- ports"));
    assert_eq!(first.line_of("/spec/containers/1/ports/1"), at("<- ports"));
    assert_eq!(second.line, at("<- second"));
    assert_eq!(second.line_of("/spec/containers/0"), at("<- other"));
    assert_eq!(second.line_of("/spec/containers/0/args/0"), at("<- arg 0"));
    assert_eq!(
        first.value,
        json(
            r#"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"},
                "spec": {"containers": [
                  {"name": "app", "image": "nginx", "securityContext": {"privileged": true}},
                  {"name": "sidecar", "ports": [80, 443]}]}}"#
        )
    );
}

#[test]
fn a_missing_pointer_gives_the_nearest_existing_ancestor() {
    let docs = documents(PODS, InputFormat::Yaml);
    let first = &docs[0];
    let at = |marker| line_of_marker(PODS, marker);
    // `securityContext` is absent from the second container.
    assert_eq!(
        first.line_of("/spec/containers/1/securityContext/privileged"),
        at("<- container 1")
    );
    assert_eq!(
        first.line_of("/spec/containers/7/name"),
        first.line_of("/spec/containers")
    );
    assert_eq!(first.line_of("/metadata/name/deeper"), at("<- name"));
    assert_eq!(first.line_of("/nothing"), first.line);
    assert_eq!(first.line_of("not a pointer"), first.line);
    // A null member is absent from the value but still has a line.
    let text = "a:\n  b: null # <- b\n";
    let doc = &documents(text, InputFormat::Yaml)[0];
    assert_eq!(doc.value, json(r#"{"a": {}}"#));
    assert_eq!(doc.line_of("/a/b"), line_of_marker(text, "<- b"));
}

#[test]
fn pointer_tokens_are_unescaped() {
    let text = "\"a/b\":\n  \"m~n\": 1 # <- tilde\n";
    let doc = &documents(text, InputFormat::Yaml)[0];
    assert_eq!(doc.line_of("/a~1b/m~0n"), line_of_marker(text, "<- tilde"));
}

#[test]
fn json_documents_have_lines() {
    let text = r#"
{
  "kind": "Pod",
  "spec": {
    "containers": [
      {
        "name": "app",
        "securityContext": {"privileged": true}
      },
      "second"
    ]
  }
}"#;
    let docs = documents(text, InputFormat::Json);
    let doc = &docs[0];
    let at = |marker| line_of_marker(text, marker);
    assert_eq!((doc.index, doc.line), (0, at("{")));
    assert_eq!(doc.line_of("/kind"), at("\"kind\""));
    assert_eq!(doc.line_of("/spec/containers/0"), at("      {"));
    assert_eq!(doc.line_of("/spec/containers/0/name"), at("\"app\""));
    assert_eq!(
        doc.line_of("/spec/containers/0/securityContext/privileged"),
        at("privileged")
    );
    assert_eq!(doc.line_of("/spec/containers/1"), at("\"second\""));
    assert_eq!(doc.line_of("/spec/containers/0/missing"), at("      {"));
}

const JSON_SAMPLES: &[&str] = &[
    "0",
    "-0",
    "1",
    "-1",
    "9223372036854775807",
    "-9223372036854775808",
    "9223372036854775808",
    "18446744073709551616",
    "1.5",
    "-2.25e3",
    "1E-7",
    "1e+2",
    "0.1",
    "123456789.123456789",
    "true",
    "false",
    r#""""#,
    r#""plain""#,
    r#""esc \" \\ \/ \b \f \n \r \t""#,
    r#""\u0041\u00e9\u4e2d\ud83d\ude00""#,
    r#""héllo wörld ✓""#,
    "[]",
    "{}",
    "[1, [2, [3, [4]]], {}]",
    r#"{"a": 1, "b": [true, false, null], "c": {"d": "e"}}"#,
    r#"{"a": null, "b": 1}"#,
    r#"{"dup": 1, "dup": 2}"#,
    r#"{"dup": 1, "other": 3, "dup": null}"#,
    r#"{"": "empty key", " ": "space"}"#,
    " \t\r\n [ 1 , 2 ] \n",
    r#"{"z": 1, "a": 2, "m": [{"x": {}}]}"#,
    "[1,]",
    "[,1]",
    r#"{"a" 1}"#,
    r#"{"a": 1,}"#,
    r#"{a: 1}"#,
    "01",
    "1.",
    ".5",
    "-",
    "+1",
    "1e",
    "1e400",
    "-1e400",
    "NaN",
    "Infinity",
    "tru",
    "nul",
    r#""unterminated"#,
    r#""bad \x escape""#,
    r#""\ud800""#,
    r#""\udc00 low first""#,
    r#""\u12""#,
    "\"raw\ttab\"",
    "[1] [2]",
    "[1] x",
    "",
    "   ",
    "[",
    "{\"a\":",
];

#[test]
fn json_reads_as_serde_json_does() {
    for sample in JSON_SAMPLES {
        let expected = serde_json::from_str::<serde_json::Value>(sample);
        let (docs, errors) = read(sample, InputFormat::Json);
        match expected {
            Ok(serde_json::Value::Null) => {
                assert!(docs.is_empty() && errors.is_empty(), "{sample}: {errors:?}");
            }
            Ok(value) => {
                assert!(errors.is_empty(), "{sample}: {errors:?}");
                assert_eq!(docs.len(), 1, "{sample}");
                let got = &docs[0].value;
                assert_eq!(*got, Value::from_json(&value), "{sample}");
                // Integers and floats are told apart exactly as `Value::from_json` does.
                assert_eq!(
                    format!("{got:?}"),
                    format!("{:?}", Value::from_json(&value)),
                    "{sample}"
                );
            }
            Err(_) => {
                assert!(docs.is_empty(), "{sample}: read as {docs:?}");
                assert_eq!(errors.len(), 1, "{sample}: {errors:?}");
                assert_eq!(errors[0].code, codes::MALFORMED_INPUT, "{sample}");
                assert_eq!(errors[0].document, Some(0), "{sample}");
                assert!(
                    errors[0].line >= 1 && errors[0].column >= 1,
                    "{sample}: {:?}",
                    errors[0]
                );
            }
        }
    }
}

#[test]
fn json_errors_are_located_and_worded() {
    let text = "{\n  \"a\": 1\n  \"b\": 2\n}";
    let error = only_error(text.as_bytes(), InputFormat::Json, &InputLimits::default());
    assert_eq!(error.code, codes::MALFORMED_INPUT);
    assert_eq!(
        error.message,
        "expected `,` or `}` after an object member, found `\"`"
    );
    assert_eq!((error.line, error.column), position(text, "\"b\""));
    let error = only_error(
        b"[\"\xc3\xa9\", 1e400]",
        InputFormat::Json,
        &InputLimits::default(),
    );
    assert_eq!(error.message, "`1e400` is a number that is not finite");
    assert_eq!(
        (error.line, error.column),
        position("[\"é\", 1e400]", "1e400")
    );
}

#[test]
fn empty_yaml_documents_are_skipped_but_keep_their_index() {
    let text = "\
---
# only a comment
---
a: 1
---
---
null
--- ~
---
- b
...
";
    let docs = documents(text, InputFormat::Yaml);
    let indexes: Vec<usize> = docs.iter().map(|d| d.index).collect();
    assert_eq!(indexes, [1, 5]);
    assert_eq!(docs[0].value, json(r#"{"a": 1}"#));
    assert_eq!(docs[1].value, json(r#"["b"]"#));
    assert_eq!(docs[1].line, line_of_marker(text, "- b") - 1);
    assert!(documents("", InputFormat::Yaml).is_empty());
    assert!(documents("# nothing\n\n", InputFormat::Yaml).is_empty());
    assert!(documents("null", InputFormat::Json).is_empty());
}

#[test]
fn a_malformed_document_keeps_the_ones_before_it() {
    let text = "\
a: 1
---
b: 2
---
c: [1, 2
d: 3
---
e: 5
";
    let (docs, errors) = read(text, InputFormat::Yaml);
    let indexes: Vec<usize> = docs.iter().map(|d| d.index).collect();
    assert_eq!(indexes, [0, 1]);
    let [error] = &errors[..] else {
        panic!("{errors:?}")
    };
    assert_eq!(error.code, codes::MALFORMED_INPUT);
    assert_eq!(error.document, Some(2));
    assert!(
        (line_of_marker(text, "c:")..=line_of_marker(text, "e:")).contains(&error.line),
        "{error:?}"
    );
    assert!(error.column >= 1);
    assert!(!error.message.ends_with('.'), "{error:?}");
}

#[test]
fn a_document_over_a_limit_is_skipped_and_reading_goes_on() {
    let limits = InputLimits {
        max_collection_len: 2,
        ..InputLimits::default()
    };
    let text = "a: [1]\n---\nb: [1, 2, 3]\n---\nc: 3\n";
    let (docs, errors) = read_documents(text.as_bytes(), InputFormat::Yaml, &limits);
    let indexes: Vec<usize> = docs.iter().map(|d| d.index).collect();
    assert_eq!(indexes, [0, 2]);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code, codes::INPUT_COLLECTION_TOO_LARGE);
    assert_eq!(errors[0].document, Some(1));
    assert_eq!((errors[0].line, errors[0].column), position(text, "3]"));
    assert_eq!(errors[0].message, "an array has more than 2 elements");
}

fn assert_too_deep(text: String, format: InputFormat) {
    let started = Instant::now();
    let error =
        on_small_stack(move || only_error(text.as_bytes(), format, &InputLimits::default()));
    assert_eq!(error.code, codes::INPUT_TOO_DEEP, "{error:?}");
    assert_eq!(error.message, "input nests deeper than 128 levels");
    assert!(error.line >= 1 && error.column >= 1, "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn deep_json_is_refused_on_a_small_stack() {
    let n = 100_000;
    assert_too_deep("[".repeat(n) + &"]".repeat(n), InputFormat::Json);
    assert_too_deep(
        "{\"a\":".repeat(n) + "1" + &"}".repeat(n),
        InputFormat::Json,
    );
    assert_too_deep("[".repeat(n), InputFormat::Detect);
}

#[test]
fn deep_yaml_is_refused_on_a_small_stack() {
    let n = 100_000;
    assert_too_deep("[".repeat(n) + &"]".repeat(n), InputFormat::Yaml);
    assert_too_deep("a: ".to_owned() + &"{a: ".repeat(n), InputFormat::Yaml);
    assert_too_deep("- ".repeat(n) + "x\n", InputFormat::Yaml);
    // Block nesting costs a line per level: 2,000 levels are 2 MB.
    let indented: String = (0..2_000)
        .map(|i| format!("{}k:\n", " ".repeat(i)))
        .collect();
    assert_too_deep(indented, InputFormat::Yaml);
}

#[test]
fn depth_counts_aliases_expanded() {
    let limits = InputLimits {
        max_depth: 3,
        ..InputLimits::default()
    };
    let ok = "a: &x [[1]]\nb: *x\n";
    assert!(
        read_documents(ok.as_bytes(), InputFormat::Yaml, &limits)
            .1
            .is_empty()
    );
    let deep = "a: &x [[1]]\nb: [*x]\n";
    let error = only_error(deep.as_bytes(), InputFormat::Yaml, &limits);
    assert_eq!(error.code, codes::INPUT_TOO_DEEP);
    assert_eq!((error.line, error.column), position(deep, "*x]"));
    let error = only_error(b"[[[[1]]]]", InputFormat::Json, &limits);
    assert_eq!(error.code, codes::INPUT_TOO_DEEP);
    assert_eq!((error.line, error.column), position("[[[[1]]]]", "[1"));
    assert!(
        read_documents(b"[[[1]]]", InputFormat::Json, &limits)
            .1
            .is_empty()
    );
}

#[test]
fn an_alias_bomb_is_refused_quickly() {
    let mut text = String::from("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..=9 {
        let prev = format!("*l{}", level - 1);
        let items = [prev.as_str(); 9].join(", ");
        text.push_str(&format!("l{level}: &l{level} [{items}]\n"));
    }
    let started = Instant::now();
    let error = on_small_stack(move || {
        only_error(text.as_bytes(), InputFormat::Yaml, &InputLimits::default())
    });
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(error.code, codes::INPUT_TOO_LARGE);
    assert_eq!(
        error.message,
        "input has more than 1000000 values (aliases expanded)"
    );
    assert_eq!(error.document, Some(0));
    assert!(error.line > 1);
}

#[test]
fn anchors_aliases_and_merge_keys_expand() {
    let text = "\
defaults: &defaults
  image: alpine    # <- image
  retries: 2
build:
  <<: *defaults    # <- merge
  retries: 3
  script: &s [make]
test:
  <<: [{stage: test}, *defaults]
  script: *s       # <- alias
";
    let doc = &documents(text, InputFormat::Yaml)[0];
    assert_eq!(
        doc.value,
        json(
            r#"{"defaults": {"image": "alpine", "retries": 2},
                "build": {"image": "alpine", "retries": 3, "script": ["make"]},
                "test": {"stage": "test", "image": "alpine", "retries": 2, "script": ["make"]}}"#
        )
    );
    // Merged members keep the line where they are written; an alias has the line of its use.
    assert_eq!(
        doc.line_of("/build/image"),
        line_of_marker(text, "<- image")
    );
    assert_eq!(
        doc.line_of("/test/script"),
        line_of_marker(text, "<- alias")
    );
    assert_eq!(
        doc.line_of("/test/script/0"),
        line_of_marker(text, "script: &s")
    );

    let error = only_error(
        b"a: &r [1, *r]\n",
        InputFormat::Yaml,
        &InputLimits::default(),
    );
    assert_eq!(error.code, codes::MALFORMED_INPUT);
    let error = only_error(b"a: *nope\n", InputFormat::Yaml, &InputLimits::default());
    assert_eq!(error.code, codes::MALFORMED_INPUT);
    let error = only_error(b"a:\n  <<: 3\n", InputFormat::Yaml, &InputLimits::default());
    assert_eq!((error.code, error.line), (codes::MALFORMED_INPUT, 2));
}

#[test]
fn a_million_element_array_is_too_large() {
    let text = "[".to_owned() + &"0,".repeat(999_999) + "0]";
    let error = only_error(text.as_bytes(), InputFormat::Json, &InputLimits::default());
    assert_eq!(error.code, codes::INPUT_COLLECTION_TOO_LARGE);
    assert_eq!(error.message, "an array has more than 100000 elements");
    assert_eq!((error.line, error.column), (1, 200_002));
    let yaml = "- 0\n".repeat(100_001);
    let error = only_error(yaml.as_bytes(), InputFormat::Yaml, &InputLimits::default());
    assert_eq!(
        (error.code, error.line),
        (codes::INPUT_COLLECTION_TOO_LARGE, 100_001)
    );
}

#[test]
fn long_strings_and_keys_are_refused() {
    let long = "x".repeat(4 * 1024 * 1024 + 1);
    let error = only_error(
        format!("[\"{long}\"]").as_bytes(),
        InputFormat::Json,
        &InputLimits::default(),
    );
    assert_eq!(error.code, codes::INPUT_STRING_TOO_LONG);
    assert_eq!(
        error.message,
        "a string is 4194305 bytes long, more than the limit of 4194304 bytes"
    );
    let limits = InputLimits {
        max_string_bytes: 3,
        ..InputLimits::default()
    };
    let error = only_error(b"abc: abcd\n", InputFormat::Yaml, &limits);
    assert_eq!(error.code, codes::INPUT_STRING_TOO_LONG);
    assert_eq!((error.line, error.column), position("abc: abcd", "abcd"));
    let error = only_error(b"{\"abcd\": 1}", InputFormat::Json, &limits);
    assert_eq!(error.code, codes::INPUT_STRING_TOO_LONG);
    assert!(error.message.starts_with("a key is 4 bytes long"));
    assert_eq!(
        (error.line, error.column),
        position("{\"abcd\": 1}", "\"abcd\"")
    );
}

#[test]
fn oversize_input_is_refused_before_parsing() {
    let limits = InputLimits {
        max_bytes: 10,
        ..InputLimits::default()
    };
    // Not even valid: the size is checked first.
    let error = only_error(b"{{{{{{{{{{{{", InputFormat::Json, &limits);
    assert_eq!(error.code, codes::INPUT_TOO_LARGE);
    assert_eq!(error.document, None);
    assert_eq!(
        error.message,
        "input is 12 bytes, more than the limit of 10 bytes"
    );
    assert!(
        read_documents(b"[1, 2, 33]", InputFormat::Json, &limits)
            .1
            .is_empty()
    );
}

#[test]
fn invalid_utf8_is_located() {
    let error = only_error(
        b"a: 1\nb: \"\xc3\xa9\xffy\"\n",
        InputFormat::Yaml,
        &InputLimits::default(),
    );
    assert_eq!(error.code, codes::INPUT_NOT_UTF8);
    assert_eq!(error.document, None);
    // The column counts characters: `é` is one.
    assert_eq!(
        (error.line, error.column),
        position("a: 1\nb: \"éXy\"", "X")
    );
    assert!(error.message.contains("0xff"), "{error:?}");
    let error = only_error(
        "é\u{0}".as_bytes().split_at(1).0,
        InputFormat::Json,
        &InputLimits::default(),
    );
    assert_eq!(
        (error.code, error.line, error.column),
        (codes::INPUT_NOT_UTF8, 1, 1)
    );
    // UTF-16 with a byte-order mark is not UTF-8 either.
    let error = only_error(b"\xff\xfea\0", InputFormat::Detect, &InputLimits::default());
    assert_eq!(error.code, codes::INPUT_NOT_UTF8);
}

#[test]
fn nul_bytes_are_errors() {
    for text in [
        "a: \0\n",
        "\0",
        "[\"a\0\"]",
        "{\"a\": 1}\0",
        "a: \"\0\"",
        "- |\n  \0\n",
    ] {
        for format in [InputFormat::Json, InputFormat::Yaml, InputFormat::Detect] {
            let (docs, errors) = read(text, format);
            assert!(docs.is_empty(), "{text:?} {format:?}");
            assert_eq!(errors.len(), 1, "{text:?} {format:?}");
            assert_eq!(errors[0].code, codes::MALFORMED_INPUT, "{text:?}");
            assert!(errors[0].line >= 1, "{text:?} {format:?} {errors:?}");
        }
    }
}

#[test]
fn numbers_that_are_not_finite_are_refused() {
    for text in [
        "a: .inf",
        "a: -.Inf",
        "a: .nan",
        "a: 1e400",
        "a: !!float .NaN",
        "[1e999]",
    ] {
        let error = only_error(
            text.as_bytes(),
            InputFormat::Detect,
            &InputLimits::default(),
        );
        assert_eq!(error.code, codes::MALFORMED_INPUT, "{text}");
        assert!(
            error.message.ends_with("is a number that is not finite"),
            "{error:?}"
        );
    }
}

#[test]
fn yaml_scalars_follow_the_core_schema() {
    let text = "\
null: [~, null, Null, '', \"\"]
bool: [true, False, TRUE, yes, on, 'true']
int: [0, -12, +7, 0o17, 0x1F, 007, '1', 9223372036854775808]
float: [1.5, .5, 1., -2e3, 1e-2]
str: [abc, 1_000, 0b101, 0x, -0x1, 12:30, v1.2]
tagged: [!!str 12, !!int '12', !!float 3, !!bool 'false', !Ref name, !!binary aGk=, ! 12]
1: number key
true: bool key
~: null key
on: push
";
    let doc = &documents(text, InputFormat::Yaml)[0];
    let expected = json(
        r#"{
        "null": [null, null, null, "", ""],
        "bool": [true, false, true, "yes", "on", "true"],
        "int": [0, -12, 7, 15, 31, 7, "1", 9223372036854775808.0],
        "float": [1.5, 0.5, 1.0, -2000.0, 0.01],
        "str": ["abc", "1_000", "0b101", "0x", "-0x1", "12:30", "v1.2"],
        "tagged": ["12", 12, 3.0, false, "name", "aGk=", "12"],
        "1": "number key", "true": "bool key", "~": "null key", "on": "push"}"#,
    );
    assert_eq!(doc.value, expected);
    assert!(matches!(
        &doc.value,
        Value::Obj(o) if matches!(o.get("float"), Some(Value::List(xs)) if matches!(xs[2], Value::Float(_)))
    ));
    let text = "a: !!int abc\n";
    let error = only_error(text.as_bytes(), InputFormat::Yaml, &InputLimits::default());
    assert_eq!(error.code, codes::MALFORMED_INPUT);
    assert_eq!((error.line, error.column), position(text, "abc"));
}

#[test]
fn yaml_keys_must_be_scalars_and_unique() {
    for (text, line) in [
        ("? [a, b]\n: 1\n", 1),
        ("{a: 1}: 2\n", 1),
        ("x: &m {a: 1}\n*m : 2\n", 2),
        ("a: 1\nb: 2\na: 3\n", 3),
    ] {
        let error = only_error(text.as_bytes(), InputFormat::Yaml, &InputLimits::default());
        assert_eq!(
            (error.code, error.line),
            (codes::MALFORMED_INPUT, line),
            "{text}"
        );
    }
    let big: String = (0..100).map(|i| format!("k{i}: {i}\n")).collect();
    let error = only_error(
        (big + "k42: again\n").as_bytes(),
        InputFormat::Yaml,
        &InputLimits::default(),
    );
    assert_eq!(error.message, "duplicate key `k42`");
    let doc = &documents("x: &k key\n*k : 1\n", InputFormat::Yaml)[0];
    assert_eq!(doc.value, json(r#"{"x": "key", "key": 1}"#));
}

#[test]
fn detect_picks_json_or_yaml() {
    let text = " \n{\"a\": [1, 2.0]}";
    let doc = &documents(text, InputFormat::Detect)[0];
    assert_eq!(doc.value, json(r#"{"a": [1, 2.0]}"#));
    assert_eq!(doc.line, 2);
    let doc = &documents("\u{feff}a: 1\n", InputFormat::Detect)[0];
    assert_eq!(doc.value, json(r#"{"a": 1}"#));
    // A flow mapping at the start is read as JSON, where an unquoted key is an error.
    let error = only_error(b"{a: 1}", InputFormat::Detect, &InputLimits::default());
    assert_eq!(error.code, codes::MALFORMED_INPUT);
    assert!(documents("{a: 1}", InputFormat::Yaml).len() == 1);
}

#[test]
fn custom_limits_are_respected() {
    let limits = InputLimits {
        max_nodes: 5,
        ..InputLimits::default()
    };
    assert!(
        read_documents(b"[1, 2, 3, 4]", InputFormat::Json, &limits)
            .1
            .is_empty()
    );
    let error = only_error(b"[1, 2, 3, 4, 5]", InputFormat::Json, &limits);
    assert_eq!(error.code, codes::INPUT_TOO_LARGE);
    assert_eq!((error.line, error.column), position("[1, 2, 3, 4, 5]", "5"));
    assert_eq!(
        error.message,
        "input has more than 5 values (aliases expanded)"
    );
    let error = only_error(b"a: &a [1, 2]\nb: *a\n", InputFormat::Yaml, &limits);
    assert_eq!((error.code, error.line), (codes::INPUT_TOO_LARGE, 2));
    // The node budget is per document.
    let stream = b"[1, 2, 3]\n---\n[4, 5, 6]\n";
    assert_eq!(
        read_documents(stream, InputFormat::Yaml, &limits).0.len(),
        2
    );

    let limits = InputLimits {
        max_collection_len: 2,
        ..InputLimits::default()
    };
    let error = only_error(
        b"{\"a\": 1, \"b\": 2, \"c\": 3}",
        InputFormat::Json,
        &limits,
    );
    assert_eq!(error.message, "an object has more than 2 members");
    let merged = b"x: &x {a: 1, b: 2}\ny: {<<: *x, c: 3}\n";
    let error = only_error(merged, InputFormat::Yaml, &limits);
    assert_eq!(error.code, codes::INPUT_COLLECTION_TOO_LARGE);

    let limits = InputLimits {
        max_depth: 0,
        ..InputLimits::default()
    };
    let (docs, _) = read_documents(b"7", InputFormat::Json, &limits);
    assert_eq!(docs[0].value, Value::Int(7));
    assert_eq!(
        only_error(b"[]", InputFormat::Json, &limits).code,
        codes::INPUT_TOO_DEEP
    );
    assert_eq!(
        only_error(b"- a", InputFormat::Yaml, &limits).code,
        codes::INPUT_TOO_DEEP
    );
}

#[test]
fn a_document_from_a_value_has_one_line() {
    let doc = Document::from_value(3, json(r#"{"a": [1]}"#));
    assert_eq!((doc.index, doc.line), (3, 1));
    assert_eq!(doc.line_of("/a/0"), 1);
    assert_eq!(doc.line_of(""), 1);
}

/// A YAML and JSON vocabulary, for byte strings that reach deeper than random ones.
const PIECES: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    ": ",
    "- ",
    "\n",
    "  ",
    "\t",
    "---\n",
    "...\n",
    "\"",
    "'",
    "\\u",
    "\\",
    "a",
    "1",
    "-1.5e3",
    ".inf",
    "~",
    "null",
    "true",
    "&a ",
    "*a",
    "&b ",
    "*b",
    "<<: ",
    "? ",
    "!!str ",
    "!!int ",
    "!t ",
    "#c\n",
    "|\n",
    ">-\n",
    "%YAML 1.2\n",
    "\0",
    "\u{feff}",
    "é",
    "\r\n",
    "0x1F",
    "[*a, *a]",
];

fn limits_small() -> InputLimits {
    InputLimits {
        max_bytes: 4096,
        max_depth: 8,
        max_nodes: 64,
        max_collection_len: 8,
        max_string_bytes: 32,
    }
}

fn check_total(bytes: &[u8], limits: &InputLimits) {
    for format in [InputFormat::Json, InputFormat::Yaml, InputFormat::Detect] {
        let (docs, errors) = read_documents(bytes, format, limits);
        for error in &errors {
            assert!(!error.message.is_empty() && !error.message.ends_with('.'));
            assert!(error.code.as_str().starts_with("E040"));
        }
        for doc in &docs {
            assert!(doc.line >= 1);
            assert!(doc.line_of("/0/a/1") >= 1);
        }
    }
}

/// Arbitrary JSON values, nested a few levels, with any strings and finite numbers.
fn json_values() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<u64>().prop_map(serde_json::Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(serde_json::Value::from),
        ".*".prop_map(serde_json::Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..8).prop_map(serde_json::Value::Array),
            proptest::collection::vec((".*", inner), 0..8)
                .prop_map(|members| serde_json::Value::Object(members.into_iter().collect())),
        ]
    })
}

proptest! {
    /// Whatever `serde_json` writes, compact or pretty, reads back as the value it wrote.
    #[test]
    fn json_written_by_serde_json_reads_back(value in json_values()) {
        let expected = format!("{:?}", Value::from_json(&value));
        let texts = [
            serde_json::to_string(&value).unwrap(),
            serde_json::to_string_pretty(&value).unwrap(),
        ];
        for text in texts {
            let (docs, errors) = read(&text, InputFormat::Json);
            prop_assert!(errors.is_empty(), "{errors:?} in {text}");
            match &docs[..] {
                [] => prop_assert!(value.is_null()),
                [doc] => prop_assert_eq!(format!("{:?}", doc.value), expected.clone()),
                _ => prop_assert!(false, "several documents"),
            }
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        check_total(&bytes, &InputLimits::default());
        check_total(&bytes, &limits_small());
    }

    #[test]
    fn token_soup_never_panics(pieces in proptest::collection::vec(0..PIECES.len(), 0..64)) {
        let text: String = pieces.iter().map(|&i| PIECES[i]).collect();
        check_total(text.as_bytes(), &InputLimits::default());
        check_total(text.as_bytes(), &limits_small());
    }
}

/// An error the parser places at the end of input is reported on the input's last line, never
/// past it (a directive with no line break after it, as fuzzing found).
#[test]
fn errors_at_the_end_of_input_stay_on_its_last_line() {
    for (text, last) in [
        ("%!", 1),
        ("%YAML 1.2", 1),
        ("a: 1\n%TAG", 2),
        ("a: [\r", 2),
        ("x: 1\r\ny: [", 2),
        // An empty key given twice, the second at the end of input after a comment.
        ("on:\n  :\n    use\n?\n# a comment\n?\n# another", 7),
    ] {
        let (_, errors) = read(text, InputFormat::Yaml);
        assert!(!errors.is_empty(), "{text:?}");
        assert!(
            errors.iter().all(|e| e.line >= 1 && e.line <= last),
            "{text:?}: {errors:?}"
        );
    }
}
