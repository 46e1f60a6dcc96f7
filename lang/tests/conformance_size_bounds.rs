//! spec/types.md, *Size bounds*, sentence by sentence: the syntax of `list<T, max N>`, where a
//! bounded collection is accepted, and what literals may hold (see `common/conformance.rs`).
//! How documents conform to a bound and what the cost analysis makes of it are in
//! `size_bounds.rs`.

#[path = "common/conformance.rs"]
mod conformance;

use conformance::{Expect::*, Row, check_table};

const ROWS: &[Row] = &[
    Row {
        quote: "| bounded collection | `list<Container, max 64>` | at most 64 elements (see *Size bounds*) |",
        snippet: "  let p1: list<Container, max 64> = pod.spec.containers\n  let p2: list<Container, max 64> = []",
        expect: Codes(&["E0300"]),
    },
    Row {
        quote: "`list<Container, max 64>`,\n`set<string, max 16>` and `map<string, string, max 256>` hold at most 64 elements, 16\nelements and 256 entries",
        snippet: "type L = list<string, max 64>\ntype S = set<string, max 16>\ntype M = map<string, string, max 256>\ntype N = map<int, list<int, max 2>, max 0>",
        expect: File(&[]),
    },
    Row {
        quote: "`max` is not a keyword: it is read as a bound only in this place, so\nthe builtin `max` keeps its name",
        snippet: "max([n, 2]) ?? 0",
        expect: Type("int"),
    },
    Row {
        quote: "Only `list`, `set` and `map` take a bound; on another type\n(`Pod<string, max 3>`) it is **E0210**",
        snippet: "type Pod = { kind: \"Pod\" }\ntype P = Pod<string, max 3>\ntype I = int<string, max 3>",
        expect: File(&["E0210", "E0210"]),
    },
    Row {
        quote: "Any other word before the number is **E0100**",
        snippet: "type L = list<string, most 3>",
        expect: File(&["E0100"]),
    },
    Row {
        quote: "A collection with a bound is accepted where the same collection with a bound at least as\n  large, or none, is expected: `list<int, max 3>` where `list<int, max 8>` or `list<int>` is.",
        snippet: "  let p1: list<int, max 3> = [1, 2]\n  let p2: list<int, max 8> = p1\n  let p3: list<int> = p1\n  let p4: list<int, max 3> = p1\n  let p5: map<string, int, max 3> = map{}\n  let p6: map<string, int> = p5",
        expect: Ok,
    },
    Row {
        quote: "A collection without a bound is not accepted where a bound is expected (**E0300**), except\n  an empty one (`[]`, `set{}`, `map{}`), which holds nothing.",
        snippet: "  let p1: list<int, max 2> = xs\n  let p2: list<int, max 8> = [x for x in xs]\n  let p3: list<int, max 2> = []\n  let p4: map<string, int, max 2> = map{}\n  let p5: set<string, max 1> = ss\n  let p6: set<string, max 1> = set{}",
        expect: Codes(&["E0300", "E0300", "E0300"]),
    },
    Row {
        quote: "A collection literal checked against a bounded type writes at most as many elements as the\n  bound: `let xs: list<int, max 2> = [1, 2, 3]` is **E0300**.",
        snippet: "  let p1: list<int, max 2> = [1, 2, 3]\n  let p2: list<int, max 3> = [1, 2, 3]\n  let p3: map<string, int, max 1> = map{\"a\": 1, \"b\": 2}\n  let p4: set<int, max 2> = set{1, 2}",
        expect: Codes(&["E0300", "E0300"]),
    },
    Row {
        quote: "Concatenating two bounded lists gives the sum of their bounds",
        snippet: "  let p1: list<int, max 2> = [1]\n  let p2: list<int, max 3> = [2]\n  let p3: list<int, max 5> = p1 + p2\n  let p4: list<int, max 4> = p1 + p2",
        expect: Codes(&["E0300"]),
    },
    Row {
        quote: "a value that is one of two\n  (`if`, `??`) has the larger bound, or the other's when one of them is empty",
        snippet: "  let p1: list<int, max 2> = [1]\n  let p2: list<int, max 3> = [2]\n  let p3 = if b then p1 else p2\n  let p4: list<int, max 3> = p3\n  let p5 = if b then p1 else []\n  let p6: list<int, max 2> = p5\n  let p7: list<int, max 2> = p3",
        expect: Codes(&["E0300"]),
    },
    Row {
        quote: "A comprehension whose loops are all over bounded collections is bounded by the product of\n  their bounds, filtered or not",
        snippet: "  let p1: list<int, max 2> = [1]\n  let p2: list<int, max 2> = [x for x in p1 if x > 0]\n  let p3: list<int, max 4> = [x + y for x in p1 for y in p1]\n  let p4: list<int, max 3> = [x + y for x in p1 for y in p1]\n  let p5: map<int, int, max 2> = map{x: x for x in p1}\n  let p6: list<int, max 2> = [x for x in p1 for y in xs]",
        expect: Codes(&["E0300", "E0300"]),
    },
    Row {
        quote: "Other\n  comprehensions, and the collections builtins build (`sort`, `unique`, `keys`, …), have no\n  bound",
        snippet: "  let p1: list<int, max 2> = [1]\n  let p2: list<int, max 2> = sort(p1)\n  let p3: list<int, max 2> = [x for x in xs]",
        expect: Codes(&["E0300", "E0300"]),
    },
    Row {
        quote: "an element a builtin returns (`min`, `max`) keeps its type, bound included",
        snippet: "fn g(xss: list<list<int, max 2>>) -> int {\n  let a: list<int, max 2> = max(xss) ?? []\n  let b: list<int, max 1> = max(xss) ?? []\n  return count(a) + count(b)\n}",
        expect: File(&["E0300"]),
    },
];

#[test]
fn the_size_bounds_section_of_types_md_holds() {
    check_table("spec/types.md", ROWS);
}
