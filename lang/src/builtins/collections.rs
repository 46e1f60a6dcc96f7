//! Builtins over lists, sets and maps. All are total: collections are finite.

use super::{Builtin, f};

const D: &str = "collections";

pub(super) const BUILTINS: &[Builtin] = &[
    f(
        D,
        "count",
        "(c: list<T> | set<T> | map<K, V>) -> int",
        "number of elements or entries",
    ),
    f(
        D,
        "sum",
        "(xs: list<int>) -> int",
        "sum of the elements (0 when empty)",
    ),
    f(
        D,
        "min",
        "(xs: list<T>) -> T?",
        "smallest element, `none` when empty",
    ),
    f(
        D,
        "max",
        "(xs: list<T>) -> T?",
        "largest element, `none` when empty",
    ),
    f(
        D,
        "sort",
        "(xs: list<T>) -> list<T>",
        "elements in ascending order",
    ),
    f(
        D,
        "unique",
        "(xs: list<T>) -> list<T>",
        "elements without repeats, first occurrence kept",
    ),
    f(
        D,
        "keys",
        "(m: map<K, V>) -> list<K>",
        "keys in ascending order",
    ),
    f(
        D,
        "values",
        "(m: map<K, V>) -> list<V>",
        "values in ascending order of their keys",
    ),
    f(
        D,
        "to_set",
        "(xs: list<T>) -> set<T>",
        "the set of the elements",
    ),
    f(
        D,
        "flatten",
        "(xss: list<list<T>>) -> list<T>",
        "the lists concatenated",
    ),
    f(
        D,
        "reachable",
        "(edges: map<string, list<string>>, start: string) -> set<string>",
        "every node reachable from `start` along `edges`, `start` included",
    ),
];
