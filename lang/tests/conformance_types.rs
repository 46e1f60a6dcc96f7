//! spec/types.md, sentence by sentence: each rule the chapter states, as a snippet and what
//! the checker must say about it (see `common/conformance.rs`).

#[path = "common/conformance.rs"]
mod conformance;

use conformance::{Expect::*, Row, check_table};

const ROWS: &[Row] = &[
    // ## Type forms
    Row {
        quote: "| parenthesised | `(\"a\" \\| \"b\")?` | grouping |",
        snippet: "  let x: (\"a\" | \"b\")? = none\n  let y: (\"a\" | \"b\")? = if b then \"b\" else none",
        expect: Ok,
    },
    Row {
        quote: "take exactly one, one and two type arguments",
        snippet: "type M = map<string, list<int>>\ntype S = set<string>",
        expect: File(&[]),
    },
    Row {
        quote: "Writing a different number (`map<string>`, `Pod<string>`) is **E0210**",
        snippet: "type M = map<string>\ntype Pod = { kind: \"Pod\" }\ntype P = Pod<string>\ntype L = list<int, int>",
        expect: File(&["E0210", "E0210", "E0210"]),
    },
    // ## Numbers
    Row {
        quote: "`1 + 0.5` is the float `1.5`",
        snippet: "1 + 0.5",
        expect: Type("float"),
    },
    Row {
        quote: "`1 == 1.0` is `true`",
        snippet: "1 == 1.0 and n < f",
        expect: Type("bool"),
    },
    Row {
        quote: "An `int` is accepted where a `float` is expected (it is converted)",
        snippet: "  let x: float = n\n  let y: float = 1",
        expect: Ok,
    },
    Row {
        quote: "a `float` is never accepted where an `int` is expected",
        snippet: "  let x: int = f\n  let y: int = 1.0",
        expect: Codes(&["E0300", "E0300"]),
    },
    // ## Collections
    Row {
        quote: "A map type\nwritten with another key type (`map<bool, int>`, `map<float, string>`) is **E0300**",
        snippet: "type T = map<bool, int>\ntype U = map<float, string>\ntype V = map<Env, int>\ntype Env = \"dev\" | \"prod\"",
        expect: File(&["E0300", "E0300"]),
    },
    // ## Type declarations
    Row {
        quote: "two types with the same structure are the same type whatever they are called",
        snippet: "type A = { x: int }\ntype B = { x: int }\n\nfn f(a: A) -> B {\n  return a\n}",
        expect: File(&[]),
    },
    Row {
        quote: "(messages still show the declared name of a record type)",
        snippet: "c.securityContext",
        expect: Type("SecurityContext?"),
    },
    Row {
        quote: "A declaration may refer to other declared types but not to",
        snippet: "type A = { b: B, bs: list<B> }\ntype B = { x: int }",
        expect: File(&[]),
    },
    Row {
        quote: "that is **E0310**, reported once per cycle",
        snippet: "type T = { name: string, next?: T }\ntype A = { b?: B }\ntype B = { c?: C }\ntype C = { a: list<A> }",
        expect: File(&["E0310", "E0310"]),
    },
    // ## Optionals and `none`
    Row {
        quote: "`string?` is a `string` or `none`",
        snippet: "  let x: string? = s\n  let y: string? = none",
        expect: Ok,
    },
    Row {
        quote: "comparing a `string` with `none` is **E0317**",
        snippet: "  let x = s == none\n  let y = none != c.name",
        expect: Codes(&["E0317", "E0317"]),
    },
    Row {
        quote: "Optionals do not nest: `(T?)?` is the same type as `T?`",
        snippet: "  let x: (string?)? = os\n  let y: string? = x",
        expect: Ok,
    },
    Row {
        quote: "`json?` is the same type as `json`",
        snippet: "  let x: json? = j\n  let y: json = x",
        expect: Ok,
    },
    Row {
        quote: "`\"a\" | \"b\"?` means `\"a\" | (\"b\"?)`",
        snippet: "type T = \"a\" | \"b\"?",
        expect: File(&["E0309"]),
    },
    Row {
        quote: "Optional values come from optional record fields, indexing (`xs[i]` is `T?`)",
        snippet: "{ a: c.image, b: xs[0], c: parse_image(s)?.tag, d: min(xs) }",
        expect: Type("{ a: string?, b: int?, c: string?, d: int? }"),
    },
    Row {
        quote: "passing it where a `T` is expected, reading a field with `.`, indexing\nit with `[`, iterating over it, using it as an operand or a condition",
        snippet: "  let a = sc?.capabilities?.add\n  let x1 = lower(os)\n  let x2 = sc.privileged\n  let x3 = a[0]\n  let x4 = [v for v in a]\n  let x5 = oi + 1\n  let x6 = if ob then 1 else 2",
        expect: Codes(&["E0302", "E0302", "E0302", "E0302", "E0302", "E0302"]),
    },
    Row {
        quote: "| Tool | Example | Result type |",
        snippet: "{ a: c.image ?? \"\", b: c.securityContext?.privileged, c: if c.image != none then c.image else \"\" }",
        expect: Type("{ a: string, b: bool?, c: string }"),
    },
    // ## Records
    Row {
        quote: "`name: T` is a *required* field: it is always present, and reading it gives a `T`",
        snippet: "c.name",
        expect: Type("string"),
    },
    Row {
        quote: "reading it gives a\n`T?` (`none` when absent or `null`)",
        snippet: "c.image",
        expect: Type("string?"),
    },
    Row {
        quote: "Reading a field the type does not declare is **E0301**",
        snippet: "  let x = closed.imag",
        expect: Codes(&["E0301"]),
    },
    Row {
        quote: "a record literal checked against a closed record type may not have other\n  fields",
        snippet: "  let x: Closed = { name: \"a\", tag: \"b\" }\n  let r = { name: \"a\", tag: \"b\" }\n  let y: Closed = r\n  let z: Closed = open",
        expect: Codes(&["E0301", "E0300", "E0300"]),
    },
    Row {
        quote: "reading an undeclared field is **E0301** on open records too",
        snippet: "  let x = open.image",
        expect: Codes(&["E0301"]),
    },
    Row {
        quote: "a record literal checked against an open record type may still list only declared fields",
        snippet: "  let x: Open = { name: \"a\", tag: \"b\" }\n  let r = { name: \"a\", tag: \"b\" }\n  let y: Open = r\n  let z: Open = c",
        expect: Codes(&["E0301"]),
    },
    Row {
        quote: "`get(pod.metadata, \"generateName\")` gives a `json?`",
        snippet: "get(open, \"generateName\")",
        expect: Type("json"),
    },
    Row {
        quote: "`{ .. }` alone accepts any object.",
        snippet: "  let x: { .. } = c\n  let y: { .. } = pod\n  let r = { a: 1 }\n  let z: { .. } = r",
        expect: Ok,
    },
    // ## Field names
    Row {
        quote: "A field name is an identifier, a keyword (`type`, `data`, `in` …) or a quoted string.",
        snippet: "type T = { type: string, data?: int, in?: bool, \"a.b\"?: int }\n\nfn f(t: T) -> string {\n  return t.type\n}",
        expect: File(&[]),
    },
    Row {
        quote: "`labels[\"app.kubernetes.io/name\"]` has the field's type made optional exactly as `.` would",
        snippet: "type L = { \"app.kubernetes.io/name\"?: string, .. }\n\nfn f(l: L) -> string? {\n  return l[\"app.kubernetes.io/name\"]\n}\n\nfn g(l: L) -> string {\n  return l[\"app.kubernetes.io/name\"]\n}",
        expect: File(&["E0302"]),
    },
    Row {
        quote: "The index must be a string literal without interpolation (**E0318**\notherwise) naming a declared field (**E0301** otherwise",
        snippet: "  let k = \"name\"\n  let x = closed[k]\n  let y = closed[\"na{s}\"]\n  let z = closed[\"nam\"]",
        expect: Codes(&["E0318", "E0318", "E0301"]),
    },
    Row {
        quote: "A quoted name that is a valid identifier (`\"name\"`) is the same field as the unquoted one",
        snippet: "type T = { \"name\": string }\n\nfn f(t: T) -> string {\n  return t.name\n}",
        expect: File(&[]),
    },
    Row {
        quote: "any declared field\ncan be read this way",
        snippet: "{ a: c[\"image\"], b: closed[\"name\"] }",
        expect: Type("{ a: string?, b: string }"),
    },
    Row {
        quote: "A field name may be given only once per record type (**E0208**).",
        snippet: "type T = { name: string, name?: int }\ntype U = { name: string, \"name\": string, .. }",
        expect: File(&["E0208", "E0208"]),
    },
    // ## String literal types and enums
    Row {
        quote: "A string literal used as a type, `\"Pod\"`, contains exactly that string.",
        snippet: "  let x: \"Pod\" = \"Pod\"\n  let y: \"Pod\" = \"Job\"",
        expect: Codes(&["E0300"]),
    },
    Row {
        quote: "(`string | int`, `Pod | Deployment`) are\n**E0309**",
        snippet: "type T = string | int\ntype Pod = { kind: \"Pod\" }\ntype Deployment = { kind: \"Deployment\" }\ntype U = Pod | Deployment\ntype V = \"Always\" | string",
        expect: File(&["E0309", "E0309", "E0309"]),
    },
    Row {
        quote: "`PullPolicy | \"Default\"` is the enum of all their members",
        snippet: "  let x: PullPolicy | \"Default\" = \"Default\"\n  let y: PullPolicy | \"Default\" = pp",
        expect: Ok,
    },
    Row {
        quote: "it is accepted wherever a `string` is expected, and where another enum is expected if each of its members is a member of that enum",
        snippet: "  let x: string = pp\n  let y = lower(env)\n  let z: \"Always\" | \"Never\" | \"IfNotPresent\" | \"Default\" = pp\n  let w: Env = pp",
        expect: Codes(&["E0300"]),
    },
    Row {
        quote: "A\n`string` is never accepted where an enum or a string literal type is expected.",
        snippet: "  let x: Env = s\n  let y: \"Pod\" = s",
        expect: Codes(&["E0300", "E0300"]),
    },
    Row {
        quote: "so `\"Always\"` is\naccepted where a `PullPolicy` is expected and `\"always\"` is not",
        snippet: "  let x: PullPolicy = \"Always\"\n  let y: PullPolicy = \"always\"",
        expect: Codes(&["E0300"]),
    },
    Row {
        quote: "Comparing two values whose types are both literal or enum types that share no member is",
        snippet: "  let x = env == pp\n  let y = env == pod.kind",
        expect: Codes(&["E0303", "E0303"]),
    },
    Row {
        quote: "This applies to `==`, `!=`, `in` and\n`not in`",
        snippet: "  let allowed: list<Env> = [\"dev\"]\n  let w = env == \"production\"\n  let x = env != \"production\"\n  let y = \"production\" in allowed\n  let z = \"production\" not in allowed",
        expect: Codes(&["E0303", "E0303", "E0303", "E0303"]),
    },
    Row {
        quote: "A `string`\n(including a `let` bound to a literal, which is widened to `string`) may be compared with any\nenum.",
        snippet: "  let mode = \"production\"\n  let x = env == mode or s == pp or s in [env]",
        expect: Ok,
    },
    Row {
        quote: "String literal types cannot contain interpolation (E0100).",
        snippet: "type T = \"a{x}\"",
        expect: File(&["E0100"]),
    },
    // ## `json`
    Row {
        quote: "pass it where a `json` is expected: to a builtin or a function parameter that takes `json`",
        snippet: "  let x = as_string(j)\n  let y = to_string(j)",
        expect: Ok,
    },
    Row {
        quote: "compare it with `==` and `!=` (structural equality) with a value of any type, including",
        snippet: "  let x = j == 1 or j != c or j == none or j == [s]",
        expect: Ok,
    },
    Row {
        quote: "give it a default with `??` (the result is still `json`)",
        snippet: "j ?? 1",
        expect: Type("json"),
    },
    Row {
        quote: "store it, in a `let`, a record field or a collection.",
        snippet: "  let x = j\n  let r = { v: j }\n  let l = [j, x]\n  let mj = map{\"a\": j}",
        expect: Ok,
    },
    Row {
        quote: "Field access, indexing, ordering (`<`, `<=`, `>`, `>=`), arithmetic and iteration on `json` are",
        snippet: "  let a = j.name\n  let b2 = j[0]\n  let c2 = j < 1\n  let d = j * 2\n  let e = [v for v in j]",
        expect: Codes(&["E0311", "E0311", "E0311", "E0311", "E0311"]),
    },
    Row {
        quote: "interpolating a `json` value into a string is **E0300** (use `to_string`)",
        snippet: "  let x = \"v={j}\"\n  let y = \"v={to_string(j)}\"",
        expect: Codes(&["E0300"]),
    },
    Row {
        quote: "| Builtin | Result | `none` when the value is not |",
        snippet: "{ a: as_string(j), b: as_int(j), c: as_float(j), d: as_bool(j) }",
        expect: Type("{ a: string?, b: int?, c: float?, d: bool? }"),
    },
    Row {
        quote: "| `as_list(v)` | `list<json>?` | an array |",
        snippet: "{ l: as_list(j), m: as_map(j) }",
        expect: Type("{ l: list<json>?, m: map<string, json>? }"),
    },
    Row {
        quote: "(so `get` and `json_pointer` return `json`)",
        snippet: "{ a: get(j, \"a\"), b: json_pointer(j, \"/a/0\") }",
        expect: Type("{ a: json, b: json }"),
    },
    Row {
        quote: "`none` is accepted where a\n`json` is expected, and comparing a `json` value with `none` is allowed",
        snippet: "  let x: json = none\n  let y = j == none",
        expect: Ok,
    },
    Row {
        quote: "A test `v != none`\ndoes not change the type of `v`",
        snippet: "  let x = if j != none then j + 1 else 0",
        expect: Codes(&["E0311"]),
    },
    Row {
        quote: "Any value can be used where a `json` is expected",
        snippet: "  let x: json = pod\n  let y: json = xs\n  let z: json = os\n  let w = to_string(m)",
        expect: Ok,
    },
    Row {
        quote: "An open record converts with its\nextra fields, which is how they are read",
        snippet: "type Meta = { name: string, .. }\n\nfn generate_name(m: Meta) -> string? {\n  let v = get(m, \"generateName\")\n  return if v != none then as_string(v) else none\n}",
        expect: File(&[]),
    },
    // ## Subject types and discriminators
    Row {
        quote: "The subject type must be a record type (directly or through a `type` name)",
        snippet: "type D = { kind: \"D\", n: int }\nrule r(d: D) {\n  meta { id: \"X-1\" title: \"t\" }\n  if d.n < 0 {\n    violation \"negative\"\n  }\n}",
        expect: File(&[]),
    },
    Row {
        quote: "The checker reports **E0300** for such a subject.",
        snippet: "rule r(n: int) {\n  meta { id: \"X-1\" title: \"t\" }\n  if n < 0 {\n    violation \"negative\"\n  }\n}",
        expect: File(&["E0300"]),
    },
    // ## Expected and found types
    Row {
        quote: "the annotation of a `let` statement or module constant (`let n: int = …`), and the declared\n  type of a `param`, for its default",
        snippet: "param p: int = \"0\"\nlet k: int = \"1\"\n\nfn f() -> int {\n  let _x: int = \"2\"\n  return k\n}",
        expect: File(&["E0300", "E0300", "E0300"]),
    },
    Row {
        quote: "the declared type of a `param` or `data` item, for the value a test's `with` gives it",
        snippet: "param p: int = 3\ndata allowed: list<string>\ntype D = { kind: \"D\", n: int, tag: string }\nrule r(d: D) {\n  meta { id: \"X-1\" title: \"t\" }\n  if d.n > p and d.tag not in allowed {\n    violation \"big\"\n  }\n}\n\ntest \"t\" with p = \"1\", allowed = [1] {\n  assert denies(r, { kind: \"D\", n: 2, tag: \"x\" })\n}",
        expect: File(&["E0300", "E0300"]),
    },
    Row {
        quote: "a function's parameter types, for the arguments of a call",
        snippet: "fn f(x: int) -> int {\n  return x\n}\n\nfn g(s: string) -> int {\n  return f(s)\n}",
        expect: File(&["E0306"]),
    },
    Row {
        quote: "a function's return type, when it is annotated, for the result",
        snippet: "fn f(s: string) -> int {\n  return s\n}",
        expect: File(&["E0300"]),
    },
    Row {
        quote: "in `denies(r, input)`, the rule `r` fixes `T` to its subject type and `input` is checked",
        snippet: "type D = { kind: \"D\", n: int }\nrule r(d: D) {\n  meta { id: \"X-1\" title: \"t\" }\n  if d.n < 0 {\n    violation \"negative\"\n  }\n}\n\ntest \"t\" {\n  assert denies(r, { kind: \"D\", n: -1, m: 2 })\n}",
        expect: File(&["E0301"]),
    },
    Row {
        quote: "an expected record type, for the fields of a record literal; an expected `list<T>` or",
        snippet: "  let w: Closed = { name: 1 }\n  let x: list<Env> = [\"dev\", \"qa\"]\n  let y: set<Env> = set{\"qa\"}\n  let z: map<string, Env> = map{\"a\": \"qa\"}",
        expect: Codes(&["E0300", "E0300", "E0300", "E0300"]),
    },
    Row {
        quote: "the expected type of `if c then a else b`, for both branches, and of `x ?? d`, for the default",
        snippet: "  let x: Env = if b then \"dev\" else \"qa\"\n  let y: Env = os ?? \"qa\"",
        expect: Codes(&["E0300", "E0300"]),
    },
    Row {
        quote: "the type of the replaced field, for each value of a record update",
        snippet: "  let x = { ..c, name: 1 }",
        expect: Codes(&["E0300"]),
    },
    Row {
        quote: "`int` for a list index, and `K` for the key of a `map<K, V>` (**E0318** otherwise)",
        snippet: "  let x = xs[\"0\"]\n  let y = m[1]",
        expect: Codes(&["E0318", "E0318"]),
    },
    Row {
        quote: "`string` for the message of `violation`.",
        snippet: "type D = { kind: \"D\", n: int }\nrule r(d: D) {\n  meta { id: \"X-1\" title: \"t\" }\n  if d.n < 0 {\n    violation d.n\n  }\n}",
        expect: File(&["E0300"]),
    },
    Row {
        quote: "must be a\n`bool` (**E0304**; a `bool?` is **E0302**",
        snippet: "  let a = if n then 1 else 2\n  let b2 = [v for v in xs if v]\n  let c2 = some v in xs: v\n  let d = [v for v in xs if ob]",
        expect: Codes(&["E0304", "E0304", "E0304", "E0302"]),
    },
    Row {
        quote: "The\noperands of `and`, `or` and `not` follow the same rule, with **E0303** for a non-boolean.",
        snippet: "  let x = n and b\n  let y = not s\n  let z = b or ob",
        expect: Codes(&["E0303", "E0303", "E0302"]),
    },
    Row {
        quote: "the error is **E0300** (**E0306** for\nthe argument of a call)",
        snippet: "  let x: int = s\n  let y = lower(n)",
        expect: Codes(&["E0300", "E0306"]),
    },
    Row {
        quote: "When the found type\nis `T?` and `T` would be accepted, it is **E0302** instead",
        snippet: "  let x: string = os",
        expect: Codes(&["E0302"]),
    },
    Row {
        quote: "if its payload type is not accepted, the whole expression is reported once",
        snippet: "  let x: int = os ?? 1",
        expect: Codes(&["E0300"]),
    },
    // ## Literal types
    Row {
        quote: "Enum types are widened there too",
        snippet: "{ l: [env, env], s: set{pp}, c: [e for e in [env]] }",
        expect: Type("{ l: list<string>, s: set<string>, c: list<string> }"),
    },
    Row {
        quote: "An integer literal has type `int`, a float literal `float`, `true` and `false` `bool`",
        snippet: "{ i: 1, f: 0.5, b: true }",
        expect: Type("{ i: int, f: float, b: bool }"),
    },
    Row {
        quote: "`none` is\naccepted as a value of every optional type",
        snippet: "  let x: int? = none\n  let y: Closed? = none\n  let z: list<Env>? = none",
        expect: Ok,
    },
    Row {
        quote: "`\"Pod\"` has type `\"Pod\"`",
        snippet: "{ kind: \"Pod\", name: \"p-{s}\" }",
        expect: Type("{ kind: \"Pod\", name: string }"),
    },
    Row {
        quote: "`[\"a\", \"b\"]` is a `list<string>`",
        snippet: "[\"a\", \"b\"]",
        expect: Type("list<string>"),
    },
    Row {
        quote: "the keys and values of map literals, the elements of\n  list and set comprehensions and the keys of map comprehensions",
        snippet: "{ a: map{\"a\": \"b\"}, b: set{\"a\" for v in xs}, c: map{\"a\": v for v in xs} }",
        expect: Type("{ a: map<string, string>, b: set<string>, c: map<string, int> }"),
    },
    Row {
        quote: "`let mode = \"audit\"` is a `string`",
        snippet: "\"audit\"",
        expect: Type("string"),
    },
    Row {
        quote: "a `let` (statement or module constant) without annotation whose value has a single literal\n  type",
        snippet: "let mode = \"audit\"\n\nfn f() {\n  return \"a\"\n}\n\nfn g() -> \"audit\" {\n  return mode\n}\n\nfn h() -> \"a\" {\n  return f()\n}",
        expect: File(&["E0300", "E0300"]),
    },
    Row {
        quote: "`let envs: list<Env> = [\"dev\",\n\"prod\"]` checks each element against `Env`",
        snippet: "  let envs: list<Env> = [\"dev\", \"prod\"]",
        expect: Ok,
    },
    Row {
        quote: "a binding of a schema\nfield of type `\"dev\" | \"prod\"` keeps that type",
        snippet: "type Cfg = { env: \"dev\" | \"prod\" }\n\nfn f(cfg: Cfg) -> bool {\n  let e = cfg.env\n  return e == \"production\"\n}",
        expect: File(&["E0303"]),
    },
    Row {
        quote: "and so does `let env = if prod then \"prod\" else\n\"dev\"`",
        snippet: "  let e = if b then \"prod\" else \"dev\"\n  let x = e == \"production\"",
        expect: Codes(&["E0303"]),
    },
    Row {
        quote: "`{ kind: \"Pod\", n: 1 }`\n  has type `{ kind: \"Pod\", n: int }`",
        snippet: "{ kind: \"Pod\", n: 1 }",
        expect: Type("{ kind: \"Pod\", n: int }"),
    },
    Row {
        quote: "A list or set literal has the common type of its (widened) elements as its element type",
        snippet: "{ l: [1, 2.5], s: set{\"a\", s}, m: map{\"a\": 1, \"b\": 0.5} }",
        expect: Type("{ l: list<float>, s: set<string>, m: map<string, float> }"),
    },
    Row {
        quote: "Elements without a common type are\n  **E0300**.",
        snippet: "  let x = [1, \"a\"]",
        expect: Codes(&["E0300"]),
    },
    Row {
        quote: "An empty collection literal (`[]`, `set{}`, `map{}`) with an expected type has that type.",
        snippet: "  let x: set<string> = set{}\n  let y: map<string, int> = map{}",
        expect: Ok,
    },
    Row {
        quote: "`[]` is accepted as any list",
        snippet: "  let e: list<string> = if b then [] else [\"x\"]",
        expect: Ok,
    },
    Row {
        quote: "A function without a return annotation has the type of its result (widened as above).",
        snippet: "fn f(n: int) {\n  return [n, 1]\n}\n\nfn g(n: int) -> list<int> {\n  return f(n)\n}\n\nfn h(n: int) -> list<string> {\n  return f(n)\n}",
        expect: File(&["E0300"]),
    },
    Row {
        quote: "With `: Pod`, the literal is checked against `Pod` field by field.",
        snippet: "  let p: Pod = { apiVersion: \"v1\", kind: \"Pod\", spec: { containers: [], hostNetwrk: true } }",
        expect: Codes(&["E0301"]),
    },
    Row {
        quote: "a misspelt `hostNetwrk` inside the open `spec`\nwould then go unnoticed",
        snippet: "  let l = { apiVersion: \"v1\", kind: \"Pod\", spec: { containers: [], hostNetwrk: true } }\n  let p: Pod = l",
        expect: Ok,
    },
    // ## Record literals
    Row {
        quote: "an unknown field is **E0301**, with a suggestion of\n  similar declared names. This holds for open record types too",
        snippet: "  let x: SecurityContext = { runAsUsr: 0 }",
        expect: Codes(&["E0301"]),
    },
    Row {
        quote: "each value is checked against the field's declared type",
        snippet: "  let x: Closed = { name: 1 }",
        expect: Codes(&["E0300"]),
    },
    Row {
        quote: "for an optional field, `none` is\n  accepted as well",
        snippet: "  let x: Closed = { name: \"a\", image: none }",
        expect: Ok,
    },
    Row {
        quote: "every required field must be given: a missing one is **E0300**",
        snippet: "  let x: Closed = { image: \"a\" }",
        expect: Codes(&["E0300"]),
    },
    Row {
        quote: "checked against a record type — closed or open, or an optional\nrecord type — is checked field by field",
        snippet: "  let x: Closed? = { name: \"a\" }\n  let y: Closed? = { name: \"a\", tag: \"b\" }",
        expect: Codes(&["E0301"]),
    },
    Row {
        quote: "A record update `{ ..base, … }` is not checked field by field",
        snippet: "  let x: Closed = { ..closed, tag: \"b\" }",
        expect: Codes(&["E0300"]),
    },
    // ## Acceptance
    Row {
        quote: "`F` and `E` are the same type (after expanding `type` names)",
        snippet: "  let x: { name: string, .. } = open\n  let y: Open = x",
        expect: Ok,
    },
    Row {
        quote: "`E` is `string` and `F` is a string literal type or an enum",
        snippet: "  let x: string = pod.kind\n  let y: string = env",
        expect: Ok,
    },
    Row {
        quote: "`E` and `F` are string literal or enum types and every member of `F` is a member of `E`",
        snippet: "  let x: Env = if b then \"dev\" else \"prod\"\n  let y: PullPolicy | Env = env\n  let z: \"dev\" = env",
        expect: Codes(&["E0300"]),
    },
    Row {
        quote: "`E` is `float` and `F` is `int`",
        snippet: "  let x: float = n\n  let y: list<float> = xs",
        expect: Ok,
    },
    Row {
        quote: "`E` is `T?` and `F` is accepted for `T`, or `F` is `U?` with `U` accepted for `T`",
        snippet: "  let x: float? = n\n  let y: float? = oi\n  let z: string? = pp",
        expect: Ok,
    },
    Row {
        quote: "An optional `F` is not accepted for a non-optional `E`\n  (other than `json`)",
        snippet: "  let x: float = oi\n  let y: json = oi",
        expect: Codes(&["E0302"]),
    },
    Row {
        quote: "`E` is `json` (any `F`)",
        snippet: "  let x: json = pod\n  let y: json = m\n  let z: json = closed",
        expect: Ok,
    },
    Row {
        quote: "`E` is `list<T>` / `set<T>` and `F` is `list<U>` / `set<U>` with `U` accepted for `T`",
        snippet: "  let fs = [f]\n  let x: list<int> = fs\n  let y: set<int> = xs\n  let z: set<float> = set{n}",
        expect: Codes(&["E0300", "E0300"]),
    },
    Row {
        quote: "`E` is `map<K, T>` and `F` is `map<J, U>` with `J` accepted for `K` and `U` for `T`",
        snippet: "  let x: map<string, float> = m\n  let y: map<string, string> = m",
        expect: Codes(&["E0300"]),
    },
    Row {
        quote: "every required field of `E` is a required field of `F`, every\n  field of `E` that `F` has is accepted",
        snippet: "  let x: { image: string, .. } = c\n  let y: { name: int, .. } = c",
        expect: Codes(&["E0300", "E0300"]),
    },
    Row {
        quote: "if `E` is closed, `F` is closed and has no field that `E` does not declare",
        snippet: "  let x: { name: string } = open\n  let y: { name: string } = closed\n  let z: { name: string, image?: string, tag?: int } = closed",
        expect: Codes(&["E0300", "E0300"]),
    },
    Row {
        quote: "if `F` is open, every field of `E` that `F` does not declare has type `json` (or `json?`)",
        snippet: "  let x: { name: string, image?: string, .. } = open\n  let y: { name: string, image?: json, .. } = open",
        expect: Codes(&["E0300"]),
    },
    Row {
        quote: "An open `E` accepts an `F` with more fields.",
        snippet: "  let x: Open = closed",
        expect: Ok,
    },
    Row {
        quote: "An expression that has already been reported as wrong is accepted everywhere",
        snippet: "  let x = closed.imag\n  let y: int = x",
        expect: Codes(&["E0301"]),
    },
    // ## Common types
    Row {
        quote: "string literal and enum types give the enum of all their members",
        snippet: "{ a: if b then \"a\" else \"b\", e: if b then env else \"qa\", s: if b then env else s }",
        expect: Type("{ a: \"a\" | \"b\", e: \"dev\" | \"prod\" | \"qa\", s: string }"),
    },
    Row {
        quote: "`int` and `float` give `float`",
        snippet: "if b then n else f",
        expect: Type("float"),
    },
    Row {
        quote: "`1` and\n  `none` give `int?`, as in `if ok then 1 else none`",
        snippet: "{ a: if b then 1 else none, b: if b then os else s }",
        expect: Type("{ a: int?, b: string? }"),
    },
    Row {
        quote: "lists and sets give the list or set of the common element type; maps, of the common key and\n  value types",
        snippet: "{ l: if b then xs else [f], m: if b then m else map{\"a\": 0.5} }",
        expect: Type("{ l: list<float>, m: map<string, float> }"),
    },
    Row {
        quote: "a field both have gets the common type\n  of the two and is optional if either is",
        snippet: "if b then closed else { name: \"a\", image: \"b\" }",
        expect: Type("{ name: string, image?: string }"),
    },
    Row {
        quote: "a field only one has becomes optional",
        snippet: "if b then { a: 1 } else { a: 2, b: \"x\" }",
        expect: Type("{ a: int, b?: \"x\" }"),
    },
    Row {
        quote: "and becomes\n  `json` if the other type is open",
        snippet: "if b then open else closed",
        expect: Type("{ name: string, image?: json, .. }"),
    },
    Row {
        quote: "a `json` and\n  any value give `json`",
        snippet: "if b then j else c",
        expect: Type("json"),
    },
    Row {
        quote: "otherwise there is none, which is **E0300**",
        snippet: "  let x = if b then 1 else \"a\"\n  let y = os ?? 1",
        expect: Codes(&["E0300", "E0300"]),
    },
    // ## Field access and indexing
    Row {
        quote: "`.` on an optional `R?` is **E0302**",
        snippet: "  let x = sc.runAsUser",
        expect: Codes(&["E0302"]),
    },
    Row {
        quote: "on `json` it is **E0311**; on any other type **E0301**",
        snippet: "  let x = j.a\n  let y = s.length",
        expect: Codes(&["E0311", "E0301"]),
    },
    Row {
        quote: "`f` must be declared by the record type, else **E0301**",
        snippet: "  let x = c.imagee",
        expect: Codes(&["E0301"]),
    },
    Row {
        quote: "the result is the field's type, made optional if the field is optional",
        snippet: "{ a: pod.spec.hostNetwork, b: pod.spec.containers }",
        expect: Type("{ a: bool?, b: list<Container> }"),
    },
    Row {
        quote: "`e?.f` is the same on `R?`, and its result is always optional",
        snippet: "sc?.runAsUser",
        expect: Type("int?"),
    },
    Row {
        quote: "On a value that cannot be absent,\n`?.` is allowed but reported as unnecessary (**W0301**)",
        snippet: "  let x = c?.name\n  let y = xs?[0]",
        expect: Codes(&["W0301", "W0301"]),
    },
    Row {
        quote: "Indexing follows the same pattern",
        snippet: "{ a: xs[n], b: m[\"a\"], c: closed[\"name\"], d: sc?.capabilities?.add?[0] }",
        expect: Type("{ a: int?, b: int?, c: string, d: string? }"),
    },
    Row {
        quote: "An index of the wrong type and an index into a value that\ncannot be indexed are **E0318**, an index into `json` **E0311**, `[` on an optional **E0302**",
        snippet: "  let w = xs[s]\n  let x = n[0]\n  let y = j[\"a\"]\n  let z = sc?.capabilities?.add[0]",
        expect: Codes(&["E0318", "E0318", "E0311", "E0302"]),
    },
    // ## Narrowing
    Row {
        quote: "a rule's subject, a loop or test-table binder",
        snippet: "type D = { kind: \"D\", image?: string }\nrule r(d: D) {\n  meta { id: \"X-1\" title: \"t\" }\n  if d.image != none {\n    violation \"image {lower(d.image)}\"\n  }\n}",
        expect: File(&[]),
    },
    Row {
        quote: "Module constants, `param` and `data` items are not locals and are not narrowed",
        snippet: "param p: int? = none\nlet k: int? = none\n\nfn f() -> int {\n  return if p != none then p else 0\n}\n\nfn g() -> int {\n  return if k != none then k else 0\n}",
        expect: File(&["E0302", "E0302"]),
    },
    Row {
        quote: "neither are indexes (`xs[0]`) or calls",
        snippet: "  let x: int = if xs[0] != none then xs[0] else 0\n  let y: int = if min(xs) != none then min(xs) else 0",
        expect: Codes(&["E0302", "E0302"]),
    },
    Row {
        quote: "`sc?.capabilities?.add != none` proves `sc`, `sc.capabilities` and\n`sc.capabilities.add` present",
        snippet: "  let x = if sc?.capabilities?.add != none then count(sc.capabilities.add) + (sc.runAsUser ?? 0) else 0",
        expect: Ok,
    },
    Row {
        quote: "`P == none` narrows the same paths where the condition is known\nto be false",
        snippet: "if os == none then \"\" else os",
        expect: Type("string"),
    },
    Row {
        quote: "`B` (including `else if` conditions)",
        snippet: "type D = { kind: \"D\", image?: string }\nrule r(d: D) {\n  meta { id: \"X-1\" title: \"t\" }\n  if d.image == none {\n    violation \"no image\"\n  } else if lower(d.image) == \"x\" {\n    violation \"x\"\n  } else {\n    violation \"{lower(d.image)}\"\n  }\n}",
        expect: File(&[]),
    },
    Row {
        quote: "| `c and d` | `d` | — |",
        snippet: "  let x = os != none and lower(os) == \"a\"\n  let y = if os != none and b then \"\" else lower(os)",
        expect: Codes(&["E0302"]),
    },
    Row {
        quote: "| `c or d` | — | `d` |",
        snippet: "  let x = os == none or lower(os) == \"a\"",
        expect: Ok,
    },
    Row {
        quote: "| `not c` | swaps the two columns | |",
        snippet: "  let x = not (os == none) and lower(os) == \"a\"",
        expect: Ok,
    },
    Row {
        quote: "the clauses to the right and the element",
        snippet: "  let x = [lower(o) for o in [os, none] if o != none]",
        expect: Ok,
    },
    Row {
        quote: "for `c and d` as a whole, what is known when it is true is what `c` and `d` each\nestablish",
        snippet: "  let x = if os != none and oi != none then lower(os) + format_int(oi) else \"\"\n  let y = if os == none or oi == none then \"\" else lower(os) + format_int(oi)",
        expect: Ok,
    },
    Row {
        quote: "return c.securityContext != none and c.securityContext.runAsUser == 0",
        snippet: "type SecurityContext = { runAsUser?: int, .. }\ntype Container = { name: string, securityContext?: SecurityContext, .. }\n\nfn runs_as_root(c: Container) -> bool {\n  return c.securityContext != none and c.securityContext.runAsUser == 0\n}\n\nfn user_of(c: Container) -> int {\n  return if c.securityContext == none then 0 else c.securityContext.runAsUser ?? 0\n}\n\nfn named_users(cs: list<Container>) -> list<int> {\n  return [c.securityContext.runAsUser ?? 0 for c in cs if c.securityContext != none]\n}",
        expect: File(&[]),
    },
    Row {
        quote: "a narrowing holds for the whole region where the condition is\nknown",
        snippet: "type D = { kind: \"D\", image?: string, names: list<string> }\nrule r(d: D) {\n  meta { id: \"X-1\" title: \"t\" }\n  if d.image != none {\n    for n in d.names {\n      if n == lower(d.image) {\n        violation \"{n}\"\n      }\n    }\n  }\n}",
        expect: File(&[]),
    },
    Row {
        quote: "a `let` or binder of the same name that\nshadows the local starts without it",
        snippet: "type D = { kind: \"D\", image?: string }\nrule r(d: D) {\n  meta { id: \"X-1\" title: \"t\" }\n  let i = d.image\n  if i != none {\n    for i in [i, none] {\n      violation \"{lower(i)}\"\n    }\n  }\n}",
        expect: File(&["E0302"]),
    },
    Row {
        quote: "Narrowing applies to optionals only: it does not narrow\n`json`, enums or record types.",
        snippet: "  let x: \"dev\" = if env != \"prod\" then env else \"dev\"",
        expect: Codes(&["E0300"]),
    },
    Row {
        quote: "`?.`, `?[` or `??` on a narrowed path is unnecessary (**W0301**)",
        snippet: "  let x = if os != none then os ?? \"\" else \"\"\n  let y = if sc != none then sc?.privileged else none",
        expect: Codes(&["W0301", "W0301"]),
    },
    // ## Unused names
    Row {
        quote: "a `let` (in a rule, a test or a function)",
        snippet: "type D = { kind: \"D\", n: int }\n\nfn f(n: int) -> int {\n  let x = n\n  return n\n}\n\nrule r(d: D) {\n  meta { id: \"X-1\" title: \"t\" }\n  let x = f(d.n)\n}\n\ntest \"t\" {\n  let y = 1\n  assert allows(r, { kind: \"D\", n: 1 })\n}",
        expect: File(&["W0300", "W0300", "W0300"]),
    },
    Row {
        quote: "a\n  binder of a `for` statement or of a test table",
        snippet: "type D = { kind: \"D\", ns: list<int> }\nrule r(d: D) {\n  meta { id: \"X-1\" title: \"t\" }\n  for n in d.ns {\n    violation \"x\"\n  }\n}\n\ntest \"t\" for k in [1, 2] {\n  assert allows(r, { kind: \"D\", ns: [] })\n}",
        expect: File(&["W0300", "W0300"]),
    },
    Row {
        quote: "Binders of comprehensions and of `every` and\n  `some`, a rule's subject and a function's parameters are not reported",
        snippet: "type D = { kind: \"D\", ns: list<int> }\nfn f(n: int, unused: int) -> int {\n  return n\n}\nrule r(d: D) {\n  meta { id: \"X-1\" title: \"t\" }\n  if count([1 for n in d.ns]) > f(0, 1) and (every n in d.ns: true) and (some k in [1]: true) {\n    violation \"x\"\n  }\n}\n\nrule q(d: D) {\n  meta { id: \"X-2\" title: \"t\" }\n  violation \"always\"\n}",
        expect: File(&[]),
    },
    Row {
        quote: "**W0302** reports a function or module constant that nothing in the policy set uses",
        snippet: "type D = { kind: \"D\" }\nlet k = 1\n\nfn f(n: int) -> int {\n  return n\n}\n\nrule r(d: D) {\n  meta { id: \"X-1\" title: \"t\" }\n  violation \"x\"\n}",
        expect: File(&["W0302", "W0302"]),
    },
    Row {
        quote: "uses from rules, functions, constants and tests of any package count",
        snippet: "type D = { kind: \"D\" }\nlet k = 1\n\nfn f(n: int) -> int {\n  return n + k\n}\n\nrule r(d: D) {\n  meta { id: \"X-1\" title: \"t\" }\n  violation \"x\"\n}\n\ntest \"t\" {\n  assert f(1) == 2\n}",
        expect: File(&[]),
    },
    Row {
        quote: "It is reported only in packages that contain a rule or a test",
        snippet: "let k = 1\n\nfn f(n: int) -> int {\n  return n\n}",
        expect: File(&[]),
    },
    Row {
        quote: "`param` and `data` items, types\n  and rules are never reported.",
        snippet: "param p: int = 1\ndata dd: list<string>\ntype Unused = { a: int }\ntype D = { kind: \"D\" }\nrule r(d: D) {\n  meta { id: \"X-1\" title: \"t\" }\n  violation \"x\"\n}",
        expect: File(&[]),
    },
    Row {
        quote: "Names starting with `_` are exempt from both",
        snippet: "type D = { kind: \"D\" }\nlet _k = 1\n\nfn _f(_n: int) -> int {\n  let _x = 1\n  return 1\n}\n\nrule r(d: D) {\n  meta { id: \"X-1\" title: \"t\" }\n  let _y = 1\n  violation \"x\"\n}",
        expect: File(&[]),
    },
];

#[test]
fn every_rule_of_the_types_chapter_holds() {
    check_table("spec/types.md", ROWS);
}
