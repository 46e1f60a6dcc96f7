//! Static cost bounds, case by case: each builtin on inputs chosen to make it work hard (long
//! texts, many separators, deep and repetitive collections, unsorted lists), and nested
//! quantifiers. For each case the fuel a rule spends is at most its bound computed with the
//! sizes of the document, and within a stated factor of it, so a declared cost that is unsound
//! or far too loose shows here; the dominant term of nested loops is the one expected.

use palisade::{
    Document, EvalOptions, FileId, ItemCost, ItemKind, Limits, PolicySet, SizeBounds, Value,
};
use serde_json::json;

const SCHEMA: &str = r#"package cost

type D = {
  kind: "D",
  xs: list<string>,
  ys: list<string>,
  ns: list<int>,
  s: string,
  deep: list<json>,
  nested: list<list<string>>,
  m: map<string, list<string>>,
  mi: map<int, int>,
  j: json,
}
"#;

/// A document with small defaults and `fields` over them: each case makes the parts its
/// builtin reads large, and nothing else (the sizes a bound is computed with are the largest
/// of the document, for every part alike).
fn document(fields: serde_json::Value) -> serde_json::Value {
    let mut doc = json!({
        "kind": "D", "xs": [], "ys": [], "ns": [], "s": "", "deep": [], "nested": [],
        "m": {}, "mi": {}, "j": {},
    });
    if let (Some(d), Some(f)) = (doc.as_object_mut(), fields.as_object()) {
        for (k, v) in f {
            d.insert(k.clone(), v.clone());
        }
    }
    doc
}

/// Many strings, most repeated.
fn strings(n: usize) -> serde_json::Value {
    json!(
        (0..n)
            .map(|i| format!("item-{:03}", (i * 7919) % (n / 3).max(1)))
            .collect::<Vec<_>>()
    )
}

/// `n` deep values that differ only in their last node, shuffled: comparing two
/// costs every node of them, and sorting them many comparisons.
fn deep(n: usize) -> serde_json::Value {
    json!((0..n)
        .map(|i| json!({"a": [1, 2, {"b": "x"}], "c": {"d": [1, 2, 3], "e": [4, 5, (i * 7919) % n]}}))
        .collect::<Vec<_>>())
}

fn long_text() -> serde_json::Value {
    json!(format!(
        "{} OR İSTANBUL ß {}",
        "a,b;".repeat(500),
        "ΐ".repeat(100)
    ))
}

/// The bound of the one rule of `body` and the fuel it spends on `doc`.
#[expect(clippy::panic, reason = "a test helper fails its test by panicking")]
fn case(body: &str, doc: &serde_json::Value) -> (ItemCost, u64) {
    let text = format!(
        "{SCHEMA}\nrule r(d: D) {{\n  meta {{ id: \"R\" title: \"t\" severity: \"low\" enforcement: \"deny\" }}\n  {body}\n}}\n"
    );
    let set = match PolicySet::compile(&[(FileId(0), &text)]) {
        Ok(set) => set,
        Err(e) => panic!("{body}: {:?}", e.diagnostics),
    };
    let value = Value::from_json(doc);
    let sizes = SizeBounds::of_values([&value]);
    let bound = set
        .cost_bounds(&sizes, &Limits::default())
        .into_iter()
        .find(|c| c.kind == ItemKind::Rule)
        .unwrap_or_else(|| panic!("no bound for {body}"));
    let decision = set.evaluate(&Document::from_value(0, value), &EvalOptions::default());
    assert!(decision.errors.is_empty(), "{body}: {:?}", decision.errors);
    (bound, decision.stats.fuel_used)
}

/// Checks that the fuel on `doc` is within the bound, and the bound within `factor` of it.
fn holds(body: &str, fields: serde_json::Value, factor: f64) {
    let (bound, fuel) = case(body, &document(fields));
    assert!(fuel > 0, "{body}");
    assert!(
        u128::from(fuel) <= bound.bound,
        "{body}: spent {fuel}, bound {} ({})",
        bound.bound,
        bound.dominant
    );
    let ratio = bound.bound as f64 / fuel as f64;
    assert!(
        ratio <= factor,
        "{body}: bound {} is {ratio:.1} times the fuel {fuel} ({})",
        bound.bound,
        bound.dominant
    );
}

#[test]
fn collection_builtins() {
    let xs = || json!({"xs": strings(300)});
    holds("if count(sort(d.xs)) > 0 { violation \"a\" }", xs(), 20.0);
    holds("if count(unique(d.xs)) > 0 { violation \"a\" }", xs(), 20.0);
    holds("if count(to_set(d.xs)) > 0 { violation \"a\" }", xs(), 20.0);
    // An element of a `list<json>` is bounded by the whole document (two nodes per value, for
    // maps of keys other than strings), not by its share of it: here a hundred times its 14
    // nodes; and the sort bound has a margin (spec/limits.md).
    holds(
        "if count(sort(d.deep)) > 0 { violation \"a\" }",
        json!({"deep": deep(60)}),
        600.0,
    );
    holds(
        "if count(to_set(d.deep)) > 0 { violation \"a\" }",
        json!({"deep": deep(60)}),
        600.0,
    );
    let ns = json!({"ns": (0..300).rev().collect::<Vec<i64>>()});
    holds(
        "if (min(d.ns) ?? 0) < (max(d.ns) ?? 0) { violation \"a\" }",
        ns.clone(),
        10.0,
    );
    holds("if sum(d.ns) > 0 { violation \"a\" }", ns, 10.0);
    let nested: Vec<Vec<String>> = (0..40)
        .map(|_| (0..40).map(|k| k.to_string()).collect())
        .collect();
    holds(
        "if count(flatten(d.nested)) > 0 { violation \"a\" }",
        json!({"nested": nested}),
        10.0,
    );
    let m: serde_json::Map<String, serde_json::Value> = (0..80)
        .map(|i| {
            (
                format!("n{i}"),
                json!([format!("n{}", (i + 1) % 80), format!("n{}", (i * 3) % 80)]),
            )
        })
        .collect();
    let m = json!({"m": m});
    holds(
        "if count(keys(d.m)) + count(values(d.m)) > 0 { violation \"a\" }",
        m.clone(),
        10.0,
    );
    holds(
        "if \"zz\" in reachable(d.m, \"n0\") { violation \"a\" }",
        m.clone(),
        10.0,
    );
    holds(
        "if count(reachable(d.m, \"n0\")) > 1 { violation \"a\" }",
        m,
        10.0,
    );
}

#[test]
fn text_builtins() {
    let s = || json!({"s": long_text()});
    holds(
        "if count(split(d.s, \",\")) > 0 { violation \"a\" }",
        s(),
        20.0,
    );
    holds(
        "if len(lower(d.s)) + len(upper(d.s)) > 0 { violation \"a\" }",
        s(),
        20.0,
    );
    holds(
        "if len(replace(d.s, \",\", \"<>\")) > 0 { violation \"a\" }",
        s(),
        20.0,
    );
    holds(
        "if len(join(d.xs, \", \")) > 0 { violation \"a\" }",
        json!({"xs": strings(300)}),
        20.0,
    );
    holds(
        "if len(base64_decode(base64_encode(d.s))) > 0 { violation \"a\" }",
        s(),
        20.0,
    );
    holds(
        "if len(hex_decode(hex_encode(d.s))) > 0 { violation \"a\" }",
        s(),
        20.0,
    );
    holds(
        "if len(dsse_pae(\"application/json\", d.s)) > 0 { violation \"a\" }",
        s(),
        20.0,
    );
    holds(
        "if len(sha256(d.s)) > 0 and len(trim(d.s)) > 0 { violation \"a\" }",
        s(),
        20.0,
    );
    holds(
        "if count(regex_captures(\"(a),(b)\", d.s) ?? []) > 0 { violation \"a\" }",
        s(),
        20.0,
    );
    holds(
        "if regex_match(\"İ.*ΐ$\", d.s) and glob_match(\"a*\", d.s) { violation \"a\" }",
        s(),
        20.0,
    );
    holds(
        "if len(format_int(sum(d.ns))) > 0 { violation \"a\" }",
        json!({"ns": [1, 2, 3]}),
        20.0,
    );
}

#[test]
fn json_builtins() {
    // The text of a value: each of its nodes with a member name and a value as long as the
    // longest string, escaped at six bytes per byte.
    holds(
        "if len(to_string(d.deep)) > 0 { violation \"a\" }",
        json!({"deep": deep(60)}),
        100.0,
    );
    let j =
        json!({"j": {"text": "{\"k\": [1, 2, {\"z\": \"w\"}], \"v\": \"é\"}", "list": deep(20)}});
    holds(
        "if parse_json(as_string(get(d.j, \"text\")) ?? \"\") != none { violation \"a\" }",
        j.clone(),
        20.0,
    );
    holds(
        "if count(as_map(d.j) ?? map{}) > 0 and count(as_list(get(d.j, \"list\")) ?? []) > 0 { violation \"a\" }",
        j.clone(),
        20.0,
    );
    holds(
        "if json_pointer(d.j, \"/list/0/a\") != none { violation \"a\" }",
        j,
        20.0,
    );
    holds(
        "if parse_image(\"registry.example.com/a/b:1\") != none { violation \"a\" }",
        json!({}),
        20.0,
    );
}

#[test]
fn operators_on_collections() {
    let two = json!({"deep": deep(30), "xs": strings(100), "ys": strings(100)});
    holds(
        "if d.xs == d.ys or d.deep == d.deep { violation \"a\" }",
        two.clone(),
        20.0,
    );
    holds(
        "for x in d.xs { if x in d.ys { violation \"a\" } }",
        two.clone(),
        20.0,
    );
    holds(
        "if count(set{x for x in d.xs}) > 0 { violation \"a\" }",
        two.clone(),
        20.0,
    );
    holds(
        "if count(map{x: 1 for x in d.xs}) > 0 { violation \"a\" }",
        two.clone(),
        40.0,
    );
    holds("if count(d.xs + d.ys) > 0 { violation \"a\" }", two, 10.0);
}

#[test]
fn nested_quantifiers_multiply() {
    let body =
        "if some a in d.xs: some b in d.ys: some c in d.xs: a + b + c == \"-\" { violation \"a\" }";
    let lists = json!({"xs": strings(40), "ys": strings(40)});
    // No element matches: every iteration runs, and the bound is tight.
    holds(body, lists.clone(), 10.0);
    let (bound, _) = case(body, &document(lists));
    assert_eq!(bound.dominant.factors.len(), 3, "{}", bound.dominant);
    assert!(
        bound.dominant.to_string().starts_with("xs × ys × xs × "),
        "{}",
        bound.dominant
    );
    // Three loops over lists of at most 40 elements.
    assert!(bound.bound >= 40 * 40 * 40, "{}", bound.bound);
}

#[test]
fn loops_over_parts_of_elements_cost_in_proportion_to_the_document() {
    // Forty lists of forty: the inner loop runs over a part of the outer element, so the pair
    // of loops is bounded by the nodes of the collection, not by the longest list squared.
    let nested: Vec<Vec<String>> = (0..40)
        .map(|_| (0..40).map(|k| k.to_string()).collect())
        .collect();
    let body = "for x in d.nested { for s in x { if s == \"-\" { violation \"a\" } } }";
    holds(body, json!({"nested": nested.clone()}), 10.0);
    // Twice over the same element, one loop inside the other: quadratic in the element's
    // size, still within the bound.
    let body =
        "for x in d.nested { for a in x { for b in x { if a + b == \"-\" { violation \"a\" } } } }";
    holds(body, json!({"nested": nested}), 60.0);
    // One long element among short ones: the bound holds where the sizes are uneven.
    let uneven: Vec<Vec<String>> = (0..40)
        .map(|i| {
            (0..if i == 0 { 400 } else { 1 })
                .map(|k| k.to_string())
                .collect()
        })
        .collect();
    let body =
        "for x in d.nested { for a in x { for b in x { if a + b == \"-\" { violation \"a\" } } } }";
    holds(body, json!({"nested": uneven.clone()}), 200.0);
    // Forty outer elements and one inner list of 400: 40 × 400 iterations if the loops
    // multiplied, about 440 as they run.
    let body = "for x in d.nested { for s in x { if s == \"-\" { violation \"a\" } } }";
    holds(body, json!({"nested": uneven}), 10.0);
}

#[test]
fn keys_written_as_text() {
    // `as_map` rebuilds a map of `int` keys with their text as keys: 19 bytes each, each
    // then grown and split into many parts.
    let keys = json!({"1111111111111111111": 1, "1111111111111111112": 2});
    let body = "for k in as_map(d.mi) ?? map{} { for p in split(replace(k, \"1\", d.s), \",\") { if p in d.xs { violation \"a\" } } }";
    holds(
        body,
        json!({"mi": keys, "s": "a,".repeat(100), "xs": strings(30)}),
        1e9,
    );
    // A map whose keys are maps whose keys are lists: the text escapes each level again.
    let body = "let m = map{map{map{[d.s]: 1}: 1}: 1}\n  for p in split(to_string(m), \"\\\\\") { if p == \"-\" { violation \"a\" } }";
    holds(body, json!({"s": "\"".repeat(200)}), 1e12);
}
