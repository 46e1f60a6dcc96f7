//! Pattern matching builtins: regular expressions (linear time, size-limited) and globs.

use super::{Builtin, f};

const D: &str = "matching";

pub(super) const BUILTINS: &[Builtin] = &[
    f(
        D,
        "regex_match",
        "(pattern: string, s: string) -> bool",
        "whether the regex matches somewhere in `s`",
    ),
    f(
        D,
        "regex_captures",
        "(pattern: string, s: string) -> list<string>?",
        "the whole match and its groups, `none` when no match",
    ),
    f(
        D,
        "glob_match",
        "(pattern: string, s: string) -> bool",
        "whether the glob matches all of `s`",
    ),
    f(
        D,
        "semver_compare",
        "(a: string, b: string) -> int",
        "-1, 0 or 1 as `a` is older, equal or newer",
    ),
    f(
        D,
        "semver_satisfies",
        "(version: string, range: string) -> bool",
        "whether the version is in the range",
    ),
];
