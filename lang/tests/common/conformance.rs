//! The harness of the spec conformance tables (`conformance_types.rs`,
//! `conformance_expressions.rs`): each row quotes a sentence of a spec chapter that states a
//! rule, and gives a snippet with what the checker must say about it: the type of an
//! expression (read back through hover, as an author sees it), no error, or the exact
//! diagnostics. The quotes are looked up in the chapter, so a row cannot outlive its sentence.

use palisade::ide::Snapshot;
use palisade::{FileId, check_sources};

/// Declarations every snippet can use.
pub const PRELUDE: &str = r#"package conformance

type PullPolicy = "Always" | "Never" | "IfNotPresent"
type Env = "dev" | "prod"
type SecurityContext = { privileged?: bool, runAsUser?: int, capabilities?: { add?: list<string>, .. }, .. }
type Container = { name: string, image?: string, securityContext?: SecurityContext, .. }
type Closed = { name: string, image?: string }
type Open = { name: string, .. }
type Pod = { apiVersion: "v1", kind: "Pod", spec: { containers: list<Container>, hostNetwork?: bool, .. }, .. }

let limit = 3
"#;

/// The parameters of the function every body is checked in.
pub const PARAMS: &str = "c: Container, s: string, n: int, f: float, b: bool, os: string?, \
    oi: int?, ob: bool?, j: json, xs: list<int>, ss: set<string>, m: map<string, int>, env: Env, \
    pp: PullPolicy, closed: Closed, open: Open, pod: Pod, sc: SecurityContext?";

/// What the checker must say about a snippet.
pub enum Expect {
    /// The expression (the snippet) has this type, as hover shows it.
    Type(&'static str),
    /// The statements (the snippet) check with no error.
    Ok,
    /// The statements give exactly these codes (errors and warnings, in any order), apart
    /// from the unused-name warnings the harness itself provokes (W0300, W0302).
    Codes(&'static [&'static str]),
    /// A whole file (the snippet, after the prelude's `package` line) gives exactly these codes,
    /// unused-name warnings included.
    File(&'static [&'static str]),
}

/// One row: the sentence it is about (quoted from the chapter), the snippet, the expectation.
pub struct Row {
    pub quote: &'static str,
    pub snippet: &'static str,
    pub expect: Expect,
}

/// The source of a row's program, and the offset of the probe binding for a type row.
fn program(row: &Row) -> (String, Option<usize>) {
    match row.expect {
        Expect::File(_) => (format!("package conformance\n\n{}\n", row.snippet), None),
        Expect::Type(_) => {
            let head = format!("{PRELUDE}\nfn probe({PARAMS}) -> bool {{\n  let ");
            let offset = head.len();
            (
                format!("{head}probe_value = {}\n  return true\n}}\n", row.snippet),
                Some(offset),
            )
        }
        Expect::Ok | Expect::Codes(_) => (
            format!(
                "{PRELUDE}\nfn probe({PARAMS}) -> bool {{\n{}\n  return true\n}}\n",
                row.snippet
            ),
            None,
        ),
    }
}

fn codes(text: &str, keep_unused: bool) -> Vec<String> {
    let result = check_sources(&[(FileId(0), text)]);
    let mut codes: Vec<String> = result
        .diagnostics
        .iter()
        .map(|d| d.code.as_str().to_owned())
        .filter(|c| keep_unused || (c != "W0300" && c != "W0302"))
        .collect();
    codes.sort();
    codes
}

/// What is wrong with a row, if anything.
fn verdict(chapter: &str, row: &Row) -> Option<String> {
    let normalized = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    if !normalized(chapter).contains(&normalized(row.quote)) {
        return Some("the quoted sentence is not in the chapter".to_owned());
    }
    let (text, probe) = program(row);
    let sorted = |expected: &[&str]| {
        let mut e: Vec<String> = expected.iter().map(|s| (*s).to_owned()).collect();
        e.sort();
        e
    };
    match &row.expect {
        Expect::Ok => {
            let got = codes(&text, false);
            (!got.is_empty()).then(|| format!("expected no diagnostics, got {got:?}"))
        }
        Expect::Codes(expected) => {
            let got = codes(&text, false);
            (got != sorted(expected)).then(|| format!("expected {expected:?}, got {got:?}"))
        }
        Expect::File(expected) => {
            let got = codes(&text, true);
            (got != sorted(expected)).then(|| format!("expected {expected:?}, got {got:?}"))
        }
        Expect::Type(expected) => {
            let got = codes(&text, false);
            if !got.is_empty() {
                return Some(format!("expected a type, got diagnostics {got:?}"));
            }
            let snapshot = Snapshot::new(vec![(FileId(0), text.clone())]);
            let offset = u32::try_from(probe.unwrap_or(0)).unwrap_or(0);
            let hover = snapshot
                .hover(FileId(0), offset)
                .map(|h| h.markdown)
                .unwrap_or_default();
            let wanted = format!("probe_value: {expected}\n");
            (!hover.contains(&wanted))
                .then(|| format!("expected type `{expected}`, hover says {hover:?}"))
        }
    }
}

/// Checks every row against the chapter at `path` (from the repository root); all failures
/// are reported together.
pub fn check_table(path: &str, rows: &[Row]) {
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(path);
    let chapter = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(!chapter.is_empty(), "cannot read {}", file.display());
    let failures: Vec<String> = rows
        .iter()
        .filter_map(|row| {
            verdict(&chapter, row)
                .map(|why| format!("- {:?}\n  snippet: {}\n  {why}", row.quote, row.snippet))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} rows of the {path} table fail:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
}
