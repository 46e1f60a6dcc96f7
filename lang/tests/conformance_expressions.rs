//! spec/expressions.md, sentence by sentence: each rule the chapter states, as a snippet and
//! what the checker must say about it (see `common/conformance.rs`).

#[path = "common/conformance.rs"]
mod conformance;

use conformance::{Expect::*, Row, check_table};

const ROWS: &[Row] = &[
    // ## Precedence
    Row {
        quote: "| `a ?? 0 > 5` | `(a ?? 0) > 5` |",
        snippet: "oi ?? 0 > 5",
        expect: Type("bool"),
    },
    // Grouped `(n ?? oi) ?? 0`, both defaults would be unnecessary.
    Row {
        quote: "| `a ?? b ?? c` | `a ?? (b ?? c)` |",
        snippet: "  let v = n ?? oi ?? 0",
        expect: Codes(&["W0301"]),
    },
    Row {
        quote: "| `not a == b` | `not (a == b)` |",
        snippet: "not n == 1",
        expect: Type("bool"),
    },
    Row {
        quote: "| `not x in s` | `not (x in s)`; prefer `x not in s` |",
        snippet: "not s in ss",
        expect: Type("bool"),
    },
    // Grouped `(ob == none or b) and ob`, the last `ob` would not be narrowed (E0302).
    Row {
        quote: "| `a or b and c` | `a or (b and c)` |",
        snippet: "ob == none or b and ob",
        expect: Type("bool"),
    },
    Row {
        quote: "| `-x.y` | `-(x.y)` |",
        snippet: "-{ y: 1 }.y",
        expect: Type("int"),
    },
    Row {
        quote: "| `a < b < c` | syntax error (E0100)",
        snippet: "  let v = n < n < n",
        expect: Codes(&["E0100"]),
    },
    Row {
        quote: "| `1 + if c then 1 else 2` | syntax error (E0100)",
        snippet: "  let v = 1 + if b then 1 else 2",
        expect: Codes(&["E0100"]),
    },
    Row {
        quote: "| `every c in cs: c.ok and c.ready` | `every c in cs: (c.ok and c.ready)` |",
        snippet: "every x in xs: x > 0 and x < 9",
        expect: Type("bool"),
    },
    Row {
        quote: "Level-1 forms can appear only where a full expression is allowed",
        snippet: "[if b then 1 else 2, (if b then 3 else 4) + 1]",
        expect: Type("list<int>"),
    },
    Row {
        quote: "an `if`/`every`/`some` there needs parentheses",
        snippet: "  let v = every x in if b then xs else xs: x > 0",
        expect: Codes(&["E0100"]),
    },
    Row {
        quote: "an `if`/`every`/`some` there needs parentheses",
        snippet: "every x in (if b then xs else xs): x > 0",
        expect: Type("bool"),
    },
    // ## Literals
    Row {
        quote: "let count_limit = 1_000 # int",
        snippet: "1_000",
        expect: Type("int"),
    },
    // Were `{xs}` and `{c}` interpolated, they would be E0300.
    Row {
        quote: "# raw string: no escapes, no interpolation",
        snippet: r#"r"^{xs} {c}$""#,
        expect: Type("string"),
    },
    // ### Interpolation
    Row {
        quote: "The interpolated expression must have one of these types",
        snippet: r#""{s} {env} {pp} {closed.name} {n} {f} {b} {join([s, s], ", ")}""#,
        expect: Type("string"),
    },
    Row {
        quote: "Any other type is **E0300**.",
        snippet: r#"  let v = "{xs} {os} {c} {j}""#,
        expect: Codes(&["E0300", "E0300", "E0300", "E0300"]),
    },
    Row {
        quote: "An optional must have its absence handled (`{c.image ?? \"<none>\"}`)",
        snippet: r#""{c.image ?? "<none>"}""#,
        expect: Type("string"),
    },
    Row {
        quote: "`{to_string(v)}` gives compact JSON text",
        snippet: r#""{to_string(c)} {to_string(j)} {as_string(j) ?? ""}""#,
        expect: Type("string"),
    },
    // ## Names
    Row {
        quote: "a builtin, in that order",
        snippet: "  let len = 2\n  let limit = \"x\"\n  let v: int = len\n  let w: string = limit",
        expect: Ok,
    },
    Row {
        quote: "`param` items and `data` items are values and can be used in any expression",
        snippet: r#"param p: int = 3
data d: { now: int }
let k = 2
fn g() -> int { return p + d.now + k }"#,
        expect: File(&[]),
    },
    // Were `reg` of the type `"docker.io"`, comparing it with an `Env` would be E0303.
    Row {
        quote: "a single string literal type widened to `string`",
        snippet: r#"type Env = "dev" | "prod"
let reg = "docker.io"
fn g(e: Env) -> bool { return reg == e }"#,
        expect: File(&[]),
    },
    Row {
        quote: "Unlike locals, these items are not narrowed by `!= none` tests",
        snippet: r#"let maybe: int? = none
fn g(local: int?) -> int { return if local != none and maybe != none then local + maybe else 0 }"#,
        expect: File(&["E0302"]),
    },
    // ## Collection and record literals
    Row {
        quote: "let by_code = map{404: \"not found\", 500: \"error\"} # map<int, string>",
        snippet: r#"{ p: [80, 443], f: set{"SYS_ADMIN", "ALL"}, l: map{"cpu": 2}, c: map{404: "not found"} }"#,
        expect: Type("{ p: list<int>, f: set<string>, l: map<string, int>, c: map<int, string> }"),
    },
    Row {
        quote: "`set{}` is the empty set.",
        snippet: "  let e: set<string> = set{}\n  let f: map<string, int> = map{}",
        expect: Ok,
    },
    Row {
        quote: "The key is any expression of level 2 or higher",
        snippet: r#"map{(if b then "a" else "b"): 1, s + "x": 2}"#,
        expect: Type("map<string, int>"),
    },
    Row {
        quote: "(wrap a level-1 form in parentheses)",
        snippet: r#"  let v = map{if b then "a" else "b": 1}"#,
        expect: Codes(&["E0100"]),
    },
    Row {
        quote: "which may be identifiers, keywords or quoted names",
        snippet: r#"  let r: { name: string, type: int, "odd-key": bool } = { name: s, type: n, "odd-key": b }"#,
        expect: Ok,
    },
    Row {
        quote: "The same field twice is **E0208**.",
        snippet: "  let r = { a: 1, a: 2 }",
        expect: Codes(&["E0208"]),
    },
    Row {
        quote: "`{}` is the empty record.",
        snippet: "  let e: {} = {}",
        expect: Ok,
    },
    Row {
        quote: "`base` must have a record type, not an optional one (**E0300** otherwise)",
        snippet: "  let v = { ..sc, privileged: true }\n  let w = { ..n, a: 1 }",
        expect: Codes(&["E0300", "E0300"]),
    },
    Row {
        quote: "the new value must be a value of that type (**E0300** otherwise)",
        snippet: "  let v = { ..closed, name: 1 }",
        expect: Codes(&["E0300"]),
    },
    Row {
        quote: "`none` (or an optional value) is accepted and clears the field",
        snippet: "  let v: Container = { ..c, image: none }\n  let w: Container = { ..c, image: os }",
        expect: Ok,
    },
    Row {
        quote: "a listed field given a value that cannot be absent is now required",
        snippet: r#"{ ..closed, image: "x", extra: n }"#,
        expect: Type("{ name: string, image: string, extra: int }"),
    },
    Row {
        quote: "one given `none` or an optional value stays optional",
        snippet: "{ ..c, image: os }.image",
        expect: Type("string?"),
    },
    Row {
        quote: "and is open if `base`'s type is",
        snippet: r#"{ ..open, name: "x" }"#,
        expect: Type("{ name: string, .. }"),
    },
    Row {
        quote: "A record with an added field is not accepted where a closed record type is expected (**E0300**).",
        snippet: "  let v: Closed = { ..closed, extra: 1 }",
        expect: Codes(&["E0300"]),
    },
    Row {
        quote: "map keys and values whose types are string\nliteral or enum types are widened to `string`, and a record literal's fields keep their literal types",
        snippet: r#"{ kind: "Pod", l: ["a", env], s: set{"b"}, m: map{"c": pp} }"#,
        expect: Type("{ kind: \"Pod\", l: list<string>, s: set<string>, m: map<string, string> }"),
    },
    Row {
        quote: "with one, each element, key, value and field is checked against it",
        snippet: "  let v: list<Env> = [\"dev\", \"qa\"]\n  let w: map<string, Env> = map{\"a\": \"prod\"}",
        expect: Codes(&["E0300"]),
    },
    Row {
        quote: "unknown fields are **E0301**, missing required fields **E0300**",
        snippet: "  let v: Closed = { name: \"a\", tag: \"x\" }\n  let w: Closed = { image: \"x\" }",
        expect: Codes(&["E0301", "E0300"]),
    },
    Row {
        quote: "or `xs ?? []` where `xs` gives it",
        snippet: "c.securityContext?.capabilities?.add ?? []",
        expect: Type("list<string>"),
    },
    Row {
        quote: "without one, it is accepted as a collection of any element type",
        snippet: "  let e = []\n  let v: list<int> = e\n  let w: list<string> = e\n  let u = \"a\" in [] or n in set{}",
        expect: Ok,
    },
    // ## Field access, optional chaining and indexing
    Row {
        quote: "type of `f` (optional if `f?:`)",
        snippet: "{ a: c.name, b: c.image }",
        expect: Type("{ a: string, b: string? }"),
    },
    Row {
        quote: "type of `f`, made optional",
        snippet: "sc?.runAsUser",
        expect: Type("int?"),
    },
    Row {
        quote: "| `xs[i]` | `list<T>`, `i: int` | `T?` |",
        snippet: "{ a: xs[n], b: m[s] }",
        expect: Type("{ a: int?, b: int? }"),
    },
    Row {
        quote: "| `r[\"name\"]` | record with quoted field `\"name\"` | as for `.` |",
        snippet: r#"{ a: { "odd-key": n }["odd-key"], b: c["image"] }"#,
        expect: Type("{ a: int, b: string? }"),
    },
    Row {
        quote: "| `xs?[i]`, `m?[k]` | `list<T>?`, `map<K, V>?` | `T?`, `V?` |",
        snippet: r#"{ a: c.securityContext?.capabilities?.add?[0], b: (if b then m else none)?["a"] }"#,
        expect: Type("{ a: string?, b: int? }"),
    },
    Row {
        quote: "`.` on an optional is **E0302**",
        snippet: "  let v = sc.privileged",
        expect: Codes(&["E0302"]),
    },
    Row {
        quote: "once a step is optional, every later step needs `?.` or `?[`",
        snippet: "  let v = c.securityContext?.capabilities.add\n  let w = c.securityContext?.capabilities?.add[0]",
        expect: Codes(&["E0302", "E0302"]),
    },
    Row {
        quote: "the checker reports the `?.` as unnecessary (**W0301**), and likewise `?[` on a collection that cannot be absent",
        snippet: "  let v = c?.name\n  let w = xs?[0]",
        expect: Codes(&["W0301", "W0301"]),
    },
    Row {
        quote: "A field the record type does not declare is **E0301**",
        snippet: "  let v = closed.tag\n  let w = open.tag",
        expect: Codes(&["E0301", "E0301"]),
    },
    Row {
        quote: "a map key must be accepted by the key type (**E0318** otherwise)",
        snippet: "  let v = xs[\"a\"]\n  let w = m[1]",
        expect: Codes(&["E0318", "E0318"]),
    },
    Row {
        quote: "indexing a value that is not a list, a map or a record is **E0318**",
        snippet: "  let v = n[0]\n  let w = s[0]",
        expect: Codes(&["E0318", "E0318"]),
    },
    Row {
        quote: "There is no field access or indexing on `json` (**E0311**)",
        snippet: "  let v = j.a\n  let w = j[0]",
        expect: Codes(&["E0311", "E0311"]),
    },
    // ## Default: `??`
    Row {
        quote: "`??` is reported as unnecessary (**W0301**) and the result has `x`'s type",
        snippet: "  let v: int = n ?? 1.5",
        expect: Codes(&["W0301"]),
    },
    Row {
        quote: "`??` on a `json` value is not reported, and its result is `json`",
        snippet: "j ?? 1",
        expect: Type("json"),
    },
    Row {
        quote: "`T` when `d` is a `T`, `T?` when `d` is itself optional, `float` for an `int?` defaulted with a `float`",
        snippet: "{ a: oi ?? 0, b: oi ?? oi, c: oi ?? 1.5 }",
        expect: Type("{ a: int, b: int?, c: float }"),
    },
    Row {
        quote: "with no common type it is **E0300**",
        snippet: "  let v = oi ?? \"x\"",
        expect: Codes(&["E0300"]),
    },
    Row {
        quote: "An empty collection as `d` takes the type `T` (`xs ?? []`).",
        snippet: "(if b then m else none) ?? map{}",
        expect: Type("map<string, int>"),
    },
    Row {
        quote: "the literal is checked against `PullPolicy`",
        snippet: "  let op: PullPolicy? = if b then pp else none\n  let p: PullPolicy = op ?? \"Always\"\n  let q: PullPolicy = op ?? \"Sometimes\"",
        expect: Codes(&["E0300"]),
    },
    // Grouped `n + (oi ?? 0)`, there would be no error.
    Row {
        quote: "binds tighter than comparisons and looser than arithmetic",
        snippet: "  let v = n + oi ?? 0",
        expect: Codes(&["E0302"]),
    },
    // ## Arithmetic and concatenation
    Row {
        quote: "| `a + b` | `int`, `int` | `int` |",
        snippet: "n + n - n * n / n % n",
        expect: Type("int"),
    },
    Row {
        quote: "numbers, at least one `float`",
        snippet: "[n + f, f - n, n * f, f / n, f % n]",
        expect: Type("list<float>"),
    },
    Row {
        quote: "| `-a` | `int` or `float` | same type |",
        snippet: "{ i: -n, f: -f }",
        expect: Type("{ i: int, f: float }"),
    },
    Row {
        quote: "`string`, `string` (or string literal types, enums) | the concatenation, a `string`",
        snippet: r#"env + "-" + pp + s"#,
        expect: Type("string"),
    },
    Row {
        quote: "a list of the common type of `T` and `U`",
        snippet: "xs + [1.5]",
        expect: Type("list<float>"),
    },
    Row {
        quote: "Any other operand types are **E0303**",
        snippet: "  let v = s + n\n  let w = b + b\n  let u = xs - xs",
        expect: Codes(&["E0303", "E0303", "E0303"]),
    },
    Row {
        quote: "an optional operand is **E0302** (give a default with `??` first)",
        snippet: "  let v = oi + 1\n  let w = (oi ?? 0) + 1",
        expect: Codes(&["E0302"]),
    },
    Row {
        quote: "a `json` operand **E0311** (narrow it first)",
        snippet: "  let v = j + 1\n  let w = (as_int(j) ?? 0) + 1",
        expect: Codes(&["E0311"]),
    },
    Row {
        quote: "Sets and maps have no `+`.",
        snippet: "  let v = ss + ss\n  let w = m + m",
        expect: Codes(&["E0303", "E0303"]),
    },
    // ## Comparison and membership
    Row {
        quote: "setting aside one level of optional on each side",
        snippet: "oi == n and os != s and c == open and n == f and env == s",
        expect: Type("bool"),
    },
    Row {
        quote: "A `json` operand is compatible with anything.",
        snippet: "j == xs or j == 1",
        expect: Type("bool"),
    },
    Row {
        quote: "Comparing values of unrelated types (`\"1\" == 1`) is **E0303**",
        snippet: "  let v = \"1\" == 1\n  let w = xs != ss",
        expect: Codes(&["E0303", "E0303"]),
    },
    Row {
        quote: "comparing two string literal or enum types that share no member",
        snippet: "  let v = env == \"qa\"\n  let w = pp == env\n  let u = env == \"dev\"",
        expect: Codes(&["E0303", "E0303"]),
    },
    Row {
        quote: "Comparing `none` with a value that cannot be absent is **E0317**",
        snippet: "  let v = n == none\n  let w = os == none",
        expect: Codes(&["E0317"]),
    },
    Row {
        quote: "compare two numbers (numerically) or two strings, including string literal types and enums",
        snippet: "n < f and s <= env and \"a\" > s",
        expect: Type("bool"),
    },
    Row {
        quote: "other operands are **E0303**, `json` operands **E0311**",
        snippet: "  let v = b < b\n  let w = j < 1",
        expect: Codes(&["E0303", "E0311"]),
    },
    Row {
        quote: "Optional operands are not accepted (**E0302**)",
        snippet: "  let v = oi > 5\n  let w = (oi ?? 0) > 5",
        expect: Codes(&["E0302"]),
    },
    Row {
        quote: "| `map<K, V>` | whether `x` is a **key** |",
        snippet: "n in xs and s in ss and s in m and n not in xs",
        expect: Type("bool"),
    },
    Row {
        quote: "`x` must be compatible with the element or key type, as for `==` (so `x` may be optional); otherwise it is **E0303**",
        snippet: "  let v = s in xs\n  let w = n in m\n  let u = oi in xs",
        expect: Codes(&["E0303", "E0303"]),
    },
    Row {
        quote: "an optional `c` is **E0302** (write `x in (c ?? [])`)",
        snippet: "  let v = s in c.securityContext?.capabilities?.add\n  let w = s in (c.securityContext?.capabilities?.add ?? [])",
        expect: Codes(&["E0302"]),
    },
    Row {
        quote: "anything else **E0303** — on strings use `contains(s, sub)` instead",
        snippet: "  let v = \"a\" in s\n  let w = contains(s, \"a\")",
        expect: Codes(&["E0303"]),
    },
    Row {
        quote: "a string literal on the left that is not a member is **E0303**",
        snippet: "  let es: list<Env> = [env]\n  let v = \"qa\" in es\n  let w = \"dev\" in es",
        expect: Codes(&["E0303"]),
    },
    Row {
        quote: "`a == b == c` is a syntax error (E0100)",
        snippet: "  let v = n == n == n",
        expect: Codes(&["E0100"]),
    },
    // ## Logical operators
    Row {
        quote: "`and`, `or` and `not` take and return `bool`",
        snippet: "not b and b or b",
        expect: Type("bool"),
    },
    Row {
        quote: "there is no truthiness. Another operand type is **E0303**",
        snippet: "  let v = n and b\n  let w = not s\n  let u = b or xs",
        expect: Codes(&["E0303", "E0303", "E0303"]),
    },
    Row {
        quote: "a `bool?` is **E0302**",
        snippet: "  let v = ob and b\n  let w = not ob\n  let u = (ob ?? false) or not (ob ?? true)",
        expect: Codes(&["E0302", "E0302"]),
    },
    Row {
        quote: "it is checked with what the left operand established",
        snippet: "oi != none and oi > 1 or oi == none or oi < 0",
        expect: Type("bool"),
    },
    // ## Conditional expression
    Row {
        quote: "(a `bool`, **E0304** otherwise)",
        snippet: "  let v = if n then 1 else 2",
        expect: Codes(&["E0304"]),
    },
    Row {
        quote: "Both branches are required.",
        snippet: "  let v = if b then 1",
        expect: Codes(&["E0100"]),
    },
    Row {
        quote: "Where the context expects a type, each branch is checked against it",
        snippet: "  let v: Env = if b then \"dev\" else \"qa\"\n  let w: Env = if b then \"dev\" else \"prod\"",
        expect: Codes(&["E0300"]),
    },
    Row {
        quote: "`if ok then 1 else none` is an `int?`",
        snippet: "if b then 1 else none",
        expect: Type("int?"),
    },
    Row {
        quote: "`if prod then \"prod\" else \"dev\"` is the enum `\"dev\" | \"prod\"`",
        snippet: "if b then \"prod\" else \"dev\"",
        expect: Type("\"dev\" | \"prod\""),
    },
    Row {
        quote: "Branches without a common type are **E0300**.",
        snippet: "  let v = if b then 1 else \"x\"",
        expect: Codes(&["E0300"]),
    },
    Row {
        quote: "The branches are narrowed by the condition.",
        snippet: "[if oi != none then oi + 1 else 0, if oi == none then 0 else oi]",
        expect: Type("list<int>"),
    },
    // ## Quantifiers
    Row {
        quote: "`p` must be a `bool` (**E0304**)",
        snippet: "  let v = every x in xs: x\n  let w = some x in ss: x",
        expect: Codes(&["E0304", "E0304"]),
    },
    Row {
        quote: "The binders are those of `for`",
        snippet: "(every i, x in xs: i < x) and (some k, v in m: k != \"\" and v > 0)",
        expect: Type("bool"),
    },
    Row {
        quote: "the collection must be a list, set or map (**E0307**)",
        snippet: "  let v = every x in n: true\n  let w = some x in s: true\n  let u = every x in c: true",
        expect: Codes(&["E0307", "E0307", "E0307"]),
    },
    Row {
        quote: "not an optional one (**E0302**)",
        snippet: "  let v = every x in c.securityContext?.capabilities?.add: x != \"\"",
        expect: Codes(&["E0302"]),
    },
    Row {
        quote: "or an untyped `json` value (**E0311**)",
        snippet: "  let v = some x in j: true",
        expect: Codes(&["E0311"]),
    },
    Row {
        quote: "a set has no positions, so `i, x` over a set is **E0307**",
        snippet: "  let v = every i, x in ss: true",
        expect: Codes(&["E0307"]),
    },
    Row {
        quote: "The binders are not reported when unused.",
        snippet: "fn g(xs: list<int>, m: map<string, int>) -> bool { return every x in xs: some k, v in m: true }",
        expect: File(&[]),
    },
    Row {
        quote: "A quantifier extends as far to the right as possible",
        snippet: "some x in xs: x < 0 or x > 9",
        expect: Type("bool"),
    },
    // ## Comprehensions
    Row {
        quote: "A comprehension builds a list, set or map",
        snippet: "{ l: [x * 2 for x in xs], s: set{x for x in ss}, m: map{v: k for k, v in m} }",
        expect: Type("{ l: list<int>, s: set<string>, m: map<int, string> }"),
    },
    Row {
        quote: "A clause may use the binders of the clauses to its left",
        snippet: "[[y, x] for x in xs for y in [x, x] if y > x]",
        expect: Type("list<list<int>>"),
    },
    Row {
        quote: "A clause may use the binders of the clauses to its left",
        snippet: "  let v = [x for y in x for x in [xs]]",
        expect: Codes(&["E0200"]),
    },
    Row {
        quote: "each `if` (a `bool`)",
        snippet: "  let v = [x for x in xs if x]",
        expect: Codes(&["E0304"]),
    },
    Row {
        quote: "is a `list<string>` when `image` is an optional `string`",
        snippet: "[c.image for c in pod.spec.containers if c.image != none]",
        expect: Type("list<string>"),
    },
    // Map values are not named: they keep their literal types.
    Row {
        quote: "string literal and enum types of elements and keys are widened to `string`",
        snippet: r#"{ l: ["a" for x in xs], e: [env for x in xs], m: map{"k": "v" for x in xs} }"#,
        expect: Type("{ l: list<string>, e: list<string>, m: map<string, \"v\"> }"),
    },
    Row {
        quote: "The collections and binders follow the rules of quantifiers",
        snippet: "  let v = [x for x in n]\n  let w = [x for x in c.securityContext?.capabilities?.add]\n  let u = [x for x in j]\n  let t = [x for i, x in ss]",
        expect: Codes(&["E0307", "E0302", "E0311", "E0307"]),
    },
    Row {
        quote: "the binders are not reported when unused",
        snippet: "fn g(xs: list<int>, m: map<string, int>) -> list<int> { return [1 for x in xs for k, v in m] }",
        expect: File(&[]),
    },
    Row {
        quote: "parenthesise a conditional or a quantifier there",
        snippet: "[x for x in xs if (some y in xs: y > x)]",
        expect: Type("list<int>"),
    },
    Row {
        quote: "parenthesise a conditional or a quantifier there",
        snippet: "  let v = [x for x in xs if some y in xs: y > x]",
        expect: Codes(&["E0100"]),
    },
    // ## Calls
    Row {
        quote: "a trailing comma is allowed",
        snippet: "contains(s, \"x\",)",
        expect: Type("bool"),
    },
    Row {
        quote: "a wrong number of arguments is **E0305**",
        snippet: "  let v = contains(s)\n  let w = len(s, s)",
        expect: Codes(&["E0305", "E0305"]),
    },
    Row {
        quote: "an argument whose type is not accepted by its parameter's type **E0306**",
        snippet: "  let v = contains(s, 1)",
        expect: Codes(&["E0306"]),
    },
    Row {
        quote: "(**E0302** when it is an optional whose payload would be accepted)",
        snippet: "  let v = contains(os, \"x\")",
        expect: Codes(&["E0302"]),
    },
    Row {
        quote: "Each argument is checked against its parameter's type",
        snippet: r#"type Env = "dev" | "prod"
fn g(e: Env, n: int) -> bool { return e == "dev" and n > 0 }
fn h() -> bool { return g("prod", 1) and g("qa", 1) and g("dev") }"#,
        expect: File(&["E0306", "E0305"]),
    },
    Row {
        quote: "There are no named or default arguments.",
        snippet: "  let v = contains(s, part: \"x\")",
        expect: Codes(&["E0100"]),
    },
    Row {
        quote: "They are bound from the arguments left to right",
        snippet: "{ a: min(keys(m)), b: max(sort(xs + [1.5])) }",
        expect: Type("{ a: string?, b: float? }"),
    },
    Row {
        quote: "a record literal given as `input` is checked against it",
        snippet: r#"type Pod = { kind: "Pod", spec: { hostNetwork?: bool } }
rule host_network(pod: Pod) {
  meta { id: "CONF-HOST-NETWORK" title: "Host network" severity: "high" }
  if pod.spec.hostNetwork == true {
    violation "the pod uses the host network"
  }
}
test "denied" {
  assert denies(host_network, { kind: "Pod", spec: { hostNetwork: true } })
  assert allows(host_network, { kind: "Pod", spec: { hostNetwrok: true } })
}"#,
        expect: File(&["E0301"]),
    },
    Row {
        quote: "The test-only builtins can be called only in tests (**E0313**).",
        snippet: r#"fn g() -> json { return fixture("pod.yaml") }"#,
        expect: File(&["E0313"]),
    },
    Row {
        quote: "Rules are not functions: calling one is **E0209**.",
        snippet: r#"type Pod = { kind: "Pod" }
rule r(pod: Pod) {
  meta { id: "CONF-R" title: "R" severity: "low" }
  violation "always"
}
test "call" {
  assert r({ kind: "Pod" })
}"#,
        expect: File(&["E0209"]),
    },
    Row {
        quote: "which only the test builtins `denies`, `allows` and `violations` accept",
        snippet: r#"type Pod = { kind: "Pod" }
rule r(pod: Pod) {
  meta { id: "CONF-R" title: "R" severity: "low" }
  violation "always"
}
test "reference" {
  assert count(violations(r, { kind: "Pod" })) == 1
  assert count(r) == 1
}"#,
        expect: File(&["E0306"]),
    },
    // ## Functions
    Row {
        quote: "Every parameter must be annotated.",
        snippet: "fn g(x) -> int { return 1 }",
        expect: File(&["E0100"]),
    },
    Row {
        quote: "the result is checked against `T`",
        snippet: r#"fn g() -> int { return "x" }"#,
        expect: File(&["E0300"]),
    },
    Row {
        quote: "`fn f(x: int) { return x + 1 }` returns an `int`",
        snippet: r#"fn f(x: int) { return x + 1 }
fn g() -> float { return f(1) / 2.0 }
fn h() -> string { return f(1) }"#,
        expect: File(&["E0300"]),
    },
    // Were `reg()` of the type `"docker.io"`, comparing it with an `Env` would be E0303.
    Row {
        quote: "a function returning `\"docker.io\"` returns a `string`",
        snippet: r#"type Env = "dev" | "prod"
fn reg() { return "docker.io" }
fn g(e: Env) -> bool { return reg() == e }"#,
        expect: File(&[]),
    },
    Row {
        quote: "`return` appears exactly once, at the end of the body",
        snippet: r#"fn g() -> int {
  return 1
  return 2
}"#,
        expect: File(&["E0100"]),
    },
    Row {
        quote: "a function may not call itself, directly or through other functions",
        snippet: "fn a(n: int) -> int { return a(n - 1) }",
        expect: File(&["E0308"]),
    },
    Row {
        quote: "Each cycle is reported once, at the call or use that closes it",
        snippet: r#"fn a(n: int) { return b(n) }
fn b(n: int) { return c(n) }
fn c(n: int) { return a(n) }"#,
        expect: File(&["E0308"]),
    },
    Row {
        quote: "the graph of functions and module constants that call or use each other",
        snippet: r#"let k = g()
fn g() -> int { return k }"#,
        expect: File(&["E0308"]),
    },
    Row {
        quote: "using a function's name other than in a call is **E0209**",
        snippet: r#"fn g() -> int { return 1 }
let h = g
let k = count(g)"#,
        expect: File(&["E0209", "E0209"]),
    },
    Row {
        quote: "The body has no statements other than `let`",
        snippet: r#"fn g(b: bool) -> int {
  if b {
    let x = 1
  }
  return 1
}"#,
        expect: File(&["E0100"]),
    },
    Row {
        quote: "Names of parameters must be distinct (**E0208**)",
        snippet: "fn g(x: int, x: int) -> int { return x }",
        expect: File(&["E0208"]),
    },
    Row {
        quote: "A `let` that the body never uses is reported\n(**W0300**)",
        snippet: r#"fn g(x: int, unused: int) -> int {
  let z = 1
  let _w = 2
  return x
}"#,
        expect: File(&["W0300"]),
    },
    Row {
        quote: "in a package that has rules or tests (**W0302**)",
        snippet: r#"fn g() -> int { return 1 }
fn _h() -> int { return 1 }
test "t" {
  assert true
}"#,
        expect: File(&["W0302"]),
    },
    // ## Evaluation
    Row {
        quote: "Sets iterate in ascending order of their elements and maps in ascending order of their keys",
        snippet: "[x for x in ss] + [k for k, v in m]",
        expect: Type("list<string>"),
    },
    Row {
        quote: "The same order is used by `sort`, `min`, `max` and `keys`.",
        snippet: "{ s: sort(xs), k: keys(m), m: min([s]) }",
        expect: Type("{ s: list<int>, k: list<string>, m: string? }"),
    },
    Row {
        quote: "Absence is not an error: `xs[99]`, `m[\"missing\"]`, `a?.b` on `none` all give `none`.",
        snippet: "[xs[99], m[\"missing\"], sc?.runAsUser]",
        expect: Type("list<int?>"),
    },
];

#[test]
fn every_rule_of_the_expressions_chapter_holds() {
    check_table("spec/expressions.md", ROWS);
}
