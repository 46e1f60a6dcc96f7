//! Hostile inputs and the limits of evaluation: each is refused or bounded, with a clear error
//! and a denied decision (fail closed), in bounded time and memory. Also: one `PolicySet`
//! evaluated from many threads gives the same decisions as one thread.

use palisade::{
    Decision, Document, EvalOptions, FileId, InputFormat, InputLimits, PolicySet, Value,
    read_documents,
};

const POLICY: &str = r#"package hostile

type Item = { name: string, tags?: list<string>, .. }
type Doc = { kind: "Doc", items: list<Item>, pattern?: string, text?: string, .. }

rule items_named(d: Doc) {
  meta { id: "H-NAMED" title: "Items are named" }
  for i in d.items {
    if i.name == "" {
      violation "an item has no name" at i.name
    }
  }
}

rule pairs(d: Doc) {
  meta { id: "H-PAIRS" title: "No two items share a name" }
  let dupes = [a.name for a in d.items for b in d.items if a.name == b.name and a != b]
  if count(dupes) > 0 {
    violation "duplicate names"
  }
}

rule pattern(d: Doc) {
  meta { id: "H-PATTERN" title: "Text matches the pattern" }
  if d.pattern != none and d.text != none and not regex_match(d.pattern, d.text) {
    violation "text does not match" at d.text
  }
}
"#;

#[expect(clippy::expect_used, reason = "a test helper: the fixture compiles")]
fn policy() -> PolicySet {
    PolicySet::compile(&[(FileId(0), POLICY)]).expect("the hostile policy compiles")
}

fn codes(d: &Decision) -> Vec<&str> {
    d.errors.iter().map(|e| e.code.as_str()).collect()
}

fn doc(json: serde_json::Value) -> Document {
    Document::from_value(0, Value::from_json(&json))
}

fn items(n: usize) -> serde_json::Value {
    let items: Vec<serde_json::Value> = (0..n)
        .map(|i| serde_json::json!({ "name": format!("item-{i}") }))
        .collect();
    serde_json::json!({ "kind": "Doc", "items": items })
}

#[test]
fn fuel_exhaustion_denies_with_a_clear_error() {
    // 2,000 items make the pairs rule do four million steps; 100,000 steps of fuel stop it.
    let mut options = EvalOptions::default();
    options.limits.fuel = 100_000;
    let d = policy().evaluate(&doc(items(2_000)), &options);
    assert!(!d.is_allowed());
    assert!(codes(&d).contains(&"E0503"), "{:?}", d.errors);
    let e = d
        .errors
        .iter()
        .find(|e| e.code == "E0503")
        .expect("fuel error");
    assert!(e.message.contains("fuel"), "{}", e.message);
    // Each rule run has its own fuel: the total is at most the limit per rule.
    assert!(d.stats.fuel_used <= 100_000 * d.rules.len() as u64);
}

#[test]
fn the_same_document_passes_with_enough_fuel() {
    let d = policy().evaluate(&doc(items(200)), &EvalOptions::default());
    assert!(d.is_allowed(), "{:?}", d.errors);
}

#[test]
fn a_cross_product_beyond_the_collection_limit_is_refused() {
    // Every item has the same name: the comprehension would hold 1,000 × 999 elements.
    let same: Vec<serde_json::Value> = (0..1_000)
        .map(|i| serde_json::json!({ "name": "x", "n": i }))
        .collect();
    let input = serde_json::json!({ "kind": "Doc", "items": same });
    let mut options = EvalOptions::default();
    options.limits.max_collection_len = 10_000;
    let d = policy().evaluate(&doc(input), &options);
    assert!(!d.is_allowed());
    assert!(codes(&d).contains(&"E0504"), "{:?}", d.errors);
}

#[test]
fn catastrophic_backtracking_patterns_run_in_linear_time() {
    // `(a+)+$` on "aaaa…!" takes exponential time in backtracking engines; RE2 semantics
    // make it linear.
    let text = format!("{}!", "a".repeat(100_000));
    let input = serde_json::json!({
        "kind": "Doc", "items": [], "pattern": "(a+)+$", "text": text
    });
    let started = std::time::Instant::now();
    let d = policy().evaluate(&doc(input), &EvalOptions::default());
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    let rule = d.rules.iter().find(|r| r.id == "H-PATTERN").expect("rule");
    assert_eq!(rule.violations.len(), 1, "{d:?}");
}

#[test]
fn an_oversized_pattern_is_an_error_not_an_allocation() {
    let input = serde_json::json!({
        "kind": "Doc", "items": [], "pattern": "(\\w{1000}){1000}", "text": "x"
    });
    let d = policy().evaluate(&doc(input), &EvalOptions::default());
    assert!(!d.is_allowed());
    assert!(codes(&d).contains(&"E0502"), "{:?}", d.errors);
}

#[test]
fn deep_nesting_in_an_input_is_refused_before_evaluation() {
    let text = format!(
        "{{\"kind\": \"Doc\", \"items\": [], \"x\": {}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let (docs, errors) = read_documents(
        text.as_bytes(),
        InputFormat::Detect,
        &InputLimits::default(),
    );
    assert!(docs.is_empty());
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code.as_str(), "E0401");
    assert!(errors[0].line >= 1 && errors[0].column > 1);
}

#[test]
fn a_million_element_array_is_refused() {
    let mut text = String::from("{\"kind\": \"Doc\", \"items\": [");
    for i in 0..1_000_000 {
        if i > 0 {
            text.push(',');
        }
        text.push_str("{\"name\":\"a\"}");
    }
    text.push_str("]}");
    let (docs, errors) = read_documents(
        text.as_bytes(),
        InputFormat::Detect,
        &InputLimits::default(),
    );
    assert!(docs.is_empty());
    assert_eq!(errors[0].code.as_str(), "E0403");
}

#[test]
fn many_threads_give_the_decisions_of_one() {
    let set = policy();
    let inputs: Vec<Document> = (0..64)
        .map(|i| {
            let mut v = items(i % 7);
            if i % 3 == 0 {
                v["items"] = serde_json::json!([{ "name": "" }, { "name": "b" }]);
            }
            if i % 5 == 0 {
                v["pattern"] = serde_json::json!("^item-[0-9]+$");
                v["text"] = serde_json::json!(format!("item-{i}"));
            }
            if i % 11 == 0 {
                v = serde_json::json!({ "kind": "Doc", "items": [{ "title": "no name" }] });
            }
            doc(v)
        })
        .collect();
    let options = EvalOptions::default();
    let alone: Vec<Decision> = inputs.iter().map(|d| set.evaluate(d, &options)).collect();
    assert!(alone.iter().any(|d| d.is_allowed()));
    assert!(alone.iter().any(|d| !d.is_allowed()));
    let shared: Vec<Vec<Decision>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let set = &set;
                let inputs = &inputs;
                let options = &options;
                s.spawn(move || {
                    (0..10)
                        .flat_map(|_| inputs.iter().map(|d| set.evaluate(d, options)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("no thread panics"))
            .collect()
    });
    for per_thread in shared {
        for (i, d) in per_thread.iter().enumerate() {
            assert_eq!(d, &alone[i % alone.len()], "document {}", i % alone.len());
        }
    }
}

#[test]
fn policy_sets_are_send_and_sync() {
    fn shareable<T: Send + Sync + Clone + 'static>() {}
    shareable::<PolicySet>();
    shareable::<Decision>();
}

/// Runs a one-rule policy over `{kind: "Doc", ys: [0..n]}` and returns the decision and how
/// long it took.
#[expect(clippy::panic, reason = "a test helper: the policy must check")]
fn run_costly(body: &str, n: usize) -> (Decision, std::time::Duration) {
    let policy = format!(
        "package costly\n\ntype Doc = {{ kind: \"Doc\", ys: list<int> }}\n\n\
         fn wrap0(x: json) -> json {{ return [x] }}\n\
         fn wrap1(x: json) -> json {{ return wrap0(wrap0(wrap0(wrap0(wrap0(wrap0(wrap0(wrap0(x)))))))) }}\n\
         fn wrap2(x: json) -> json {{ return wrap1(wrap1(wrap1(wrap1(wrap1(wrap1(wrap1(wrap1(x)))))))) }}\n\
         fn wrap3(x: json) -> json {{ return wrap2(wrap2(wrap2(wrap2(wrap2(wrap2(wrap2(wrap2(x)))))))) }}\n\
         fn wrap4(x: json) -> json {{ return wrap3(wrap3(wrap3(wrap3(wrap3(wrap3(wrap3(wrap3(x)))))))) }}\n\n\
         rule costly(d: Doc) {{\n  meta {{ id: \"C-COSTLY\" title: \"Costly\" }}\n  {body}\n}}\n"
    );
    let set = PolicySet::compile(&[(FileId(0), policy.as_str())])
        .unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    let ys: Vec<i64> = (0..n as i64).collect();
    let input = doc(serde_json::json!({ "kind": "Doc", "ys": ys }));
    let started = std::time::Instant::now();
    let d = set.evaluate(&input, &EvalOptions::default());
    (d, started.elapsed())
}

/// Work that grows faster than the steps of the program — comparisons inside `==`, `in`,
/// sorting and sets, builtins over large values, early-stopping loops — is paid for in fuel, so
/// every such policy ends quickly, with a result or the fuel error.
#[test]
fn costly_operations_are_paid_for_in_fuel() {
    let bound = std::time::Duration::from_secs(20);
    let cases: &[(&str, usize, Option<&str>)] = &[
        (
            "let s = set{(a % 100) * 1000 + b for a in d.ys for b in d.ys}\n  if count(s) > 0 { violation \"built\" }",
            1000,
            Some("E0503"),
        ),
        (
            "if every x in d.ys: (some y in d.ys: true) { violation \"all\" }",
            100_000,
            None,
        ),
        (
            "for x in d.ys { if x in d.ys { let _y = x } }",
            100_000,
            Some("E0503"),
        ),
        (
            "let row = [y for y in d.ys]\n  let grid = [row for _a in d.ys]\n  let cube = [grid for _b in d.ys]\n  let other = [[[y for y in d.ys] for _a in d.ys] for _b in d.ys]\n  if cube == other { violation \"same\" }",
            300,
            Some("E0503"),
        ),
        (
            "if count(unique(d.ys + d.ys)) != count(d.ys) { violation \"dupes\" }",
            50_000,
            None,
        ),
        (
            "let row = [y for y in d.ys]\n  let grid = [row for _y in d.ys]\n  if len(to_string([grid for _z in d.ys])) > 0 { violation \"text\" }",
            1000,
            Some("E0504"),
        ),
        (
            "let v = wrap4(1)\n  if v != none { violation \"deep\" }",
            1,
            Some("E0504"),
        ),
    ];
    for (body, n, code) in cases {
        let (d, took) = run_costly(body, *n);
        assert!(took < bound, "{body}: took {took:?}");
        match code {
            Some(code) => {
                assert!(!d.is_allowed(), "{body}");
                assert_eq!(codes(&d), [*code], "{body}: {:?}", d.errors);
            }
            None => assert!(d.errors.is_empty(), "{body}: {:?}", d.errors),
        }
    }
}

/// A 100 MB input is refused before it is parsed (the default limit is 64 MiB), quickly and
/// with its size in the message; a stream of many small documents under the limit is read.
#[test]
fn a_hundred_megabyte_input_is_refused_before_parsing() {
    let mut big = String::with_capacity(100 << 20);
    big.push_str("{\"kind\": \"Doc\", \"items\": [], \"text\": \"");
    while big.len() < 100 << 20 {
        big.push_str(
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        );
    }
    big.push_str("\"}");
    let started = std::time::Instant::now();
    let (docs, errors) =
        read_documents(big.as_bytes(), InputFormat::Detect, &InputLimits::default());
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    assert!(docs.is_empty());
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code.as_str(), "E0402");
    assert!(errors[0].message.contains("bytes"), "{}", errors[0].message);
}
