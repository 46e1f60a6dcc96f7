//! Programs generated from the grammar: every expression form, type form, item and statement,
//! composed at random, for property tests of the parser, the checker and the formatter.

use proptest::prelude::*;

const NAMES: &[&str] = &["x", "y", "pod", "c", "xs", "limit", "count", "len", "v"];
const FIELDS: &[&str] = &[
    "name",
    "spec",
    "type",
    "data",
    "view",
    "containers",
    "privileged",
];

pub fn leaf() -> impl Strategy<Value = String> {
    prop_oneof![
        (0i64..1000).prop_map(|n| n.to_string()),
        (0u32..100, 0u32..100).prop_map(|(a, b)| format!("{a}.{b}")),
        Just("true".to_owned()),
        Just("none".to_owned()),
        prop::sample::select(NAMES).prop_map(str::to_owned),
        prop::sample::select(FIELDS).prop_map(|f| format!("\"{f} {{x}}\"")),
        Just("r\"^a+$\"".to_owned()),
    ]
}

pub fn expr() -> impl Strategy<Value = String> {
    leaf().prop_recursive(4, 48, 4, |inner| {
        let op = prop::sample::select(
            &[
                "or", "and", "==", "!=", "<", "<=", ">", ">=", "in", "not in", "??", "+", "-", "*",
                "/", "%",
            ][..],
        );
        prop_oneof![
            (inner.clone(), op, inner.clone()).prop_map(|(a, o, b)| format!("({a}) {o} ({b})")),
            inner.clone().prop_map(|a| format!("not ({a})")),
            inner.clone().prop_map(|a| format!("-({a})")),
            (inner.clone(), prop::sample::select(FIELDS)).prop_map(|(a, f)| format!("({a}).{f}")),
            (inner.clone(), prop::sample::select(FIELDS)).prop_map(|(a, f)| format!("({a})?.{f}")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a})[{b}]")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a})?[{b}]")),
            inner.clone().prop_map(|a| format!("count({a})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("starts_with({a}, {b})")),
            prop::collection::vec(inner.clone(), 0..3).prop_map(|v| format!("[{}]", v.join(", "))),
            prop::collection::vec(inner.clone(), 0..3)
                .prop_map(|v| format!("set{{{}}}", v.join(", "))),
            (inner.clone(), inner.clone()).prop_map(|(k, v)| format!("map{{({k}): {v}}}")),
            (inner.clone(), inner.clone())
                .prop_map(|(a, b)| format!("{{ name: {a}, \"k-1\": {b} }}")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{{ ..({a}), name: {b} }}")),
            (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(a, b, c)| format!("(if {a} then {b} else {c})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("(every v in ({a}): {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("(some k, v in ({a}): {b})")),
            (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(a, b, c)| format!("[{a} for v in ({b}) if ({c})]")),
            (inner.clone(), inner.clone())
                .prop_map(|(a, b)| format!("map{{({a}): v for k, v in ({b})}}")),
            inner.prop_map(|a| format!("\"value {{{a}}} seen\"")),
        ]
    })
}

pub fn ty() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("int".to_owned()),
        Just("string".to_owned()),
        Just("json".to_owned()),
        Just("\"A\" | \"B\"".to_owned()),
    ]
    .prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            inner.clone().prop_map(|t| format!("list<{t}>")),
            inner.clone().prop_map(|t| format!("map<string, {t}>")),
            inner.clone().prop_map(|t| format!("({t})?")),
            (inner.clone(), inner.clone())
                .prop_map(|(a, b)| format!("{{ name: {a}, spec?: {b} }}")),
            (inner.clone(), inner)
                .prop_map(|(a, b)| format!("{{ name: {a}, \"odd-key\": {b}, .. }}")),
        ]
    })
}

pub fn stmt() -> impl Strategy<Value = String> {
    nested(
        prop_oneof![
            expr().prop_map(|e| format!("let v = {e}")),
            (expr(), expr()).prop_map(|(m, at)| format!("violation {m} at {at}")),
            expr().prop_map(|m| format!("violation {m}")),
        ]
        .boxed(),
    )
}

/// The statements of a view's body: `yield` where a rule has `violation`.
pub fn view_stmt() -> impl Strategy<Value = String> {
    nested(
        prop_oneof![
            expr().prop_map(|e| format!("let v = {e}")),
            (expr(), expr()).prop_map(|(d, at)| format!("yield {d} at {at}")),
            expr().prop_map(|d| format!("yield {d}")),
        ]
        .boxed(),
    )
}

/// `for` and `if` blocks around the simple statements.
fn nested(simple: BoxedStrategy<String>) -> impl Strategy<Value = String> {
    simple.prop_recursive(3, 8, 2, |inner| {
        prop_oneof![
            (expr(), prop::collection::vec(inner.clone(), 0..3))
                .prop_map(|(e, b)| format!("for c in {e} {{\n{}\n}}", b.join("\n"))),
            (
                expr(),
                prop::collection::vec(inner.clone(), 0..2),
                prop::collection::vec(inner, 0..2)
            )
                .prop_map(|(e, a, b)| format!(
                    "if {e} {{\n{}\n}} else {{\n{}\n}}",
                    a.join("\n"),
                    b.join("\n")
                )),
        ]
    })
}

pub fn program() -> impl Strategy<Value = String> {
    (
        ty(),
        ty(),
        expr(),
        expr(),
        prop::collection::vec(stmt(), 0..4),
        prop::collection::vec(view_stmt(), 0..3),
        expr(),
    )
        .prop_map(|(t1, t2, e1, e2, stmts, view_stmts, e3)| {
            format!(
                "package gen\n\n\
                 type Pod = {{ kind: \"Pod\", spec: {t1}, name: string }}\n\
                 param limit: {t2} = {e1}\n\
                 data xs: list<int>\n\n\
                 fn f(x: int, y: string) -> int {{\n  let z = {e2}\n  return x\n}}\n\n\
                 fn g(x: int) {{\n  return f(x, \"y\")\n}}\n\n\
                 rule r(pod: Pod) {{\n  meta {{ id: \"GEN-1\" title: \"generated\" severity: \"low\" }}\n{}\n}}\n\n\
                 view pods(pod: Pod) -> Pod {{\n{}\n}}\n\n\
                 test \"generated\" with limit = {e3} {{\n  assert denies(r, {{ kind: \"Pod\", spec: none, name: \"p\" }})\n  assert g(1) == 1\n}}\n",
                stmts.join("\n"),
                view_stmts.join("\n")
            )
        })
}
