//! Builtins over strings. Lengths and positions count Unicode scalar values.

use super::{Builtin, f};

const D: &str = "strings";

pub(super) const BUILTINS: &[Builtin] = &[
    f(
        D,
        "contains",
        "(s: string, part: string) -> bool",
        "whether `part` occurs in `s`",
    ),
    f(
        D,
        "starts_with",
        "(s: string, prefix: string) -> bool",
        "whether `s` begins with `prefix`",
    ),
    f(
        D,
        "ends_with",
        "(s: string, suffix: string) -> bool",
        "whether `s` ends with `suffix`",
    ),
    f(D, "lower", "(s: string) -> string", "lower case"),
    f(D, "upper", "(s: string) -> string", "upper case"),
    f(
        D,
        "trim",
        "(s: string) -> string",
        "without leading and trailing white space",
    ),
    f(
        D,
        "trim_prefix",
        "(s: string, prefix: string) -> string",
        "`s` without `prefix`, if present",
    ),
    f(
        D,
        "trim_suffix",
        "(s: string, suffix: string) -> string",
        "`s` without `suffix`, if present",
    ),
    f(
        D,
        "split",
        "(s: string, separator: string) -> list<string>",
        "the pieces between separators",
    ),
    f(
        D,
        "join",
        "(parts: list<string>, separator: string) -> string",
        "the parts joined",
    ),
    f(
        D,
        "replace",
        "(s: string, from: string, to: string) -> string",
        "every `from` replaced by `to`",
    ),
    f(D, "len", "(s: string) -> int", "number of characters"),
    f(
        D,
        "format_int",
        "(n: int) -> string",
        "decimal text of an integer",
    ),
    f(
        D,
        "to_string",
        "(value: json) -> string",
        "compact JSON text of any value",
    ),
];
