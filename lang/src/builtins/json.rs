//! Builtins that narrow untyped `json` values to typed ones. Each returns `none` when the value
//! has another shape, so absence and mismatch are always handled explicitly.

use super::{Builtin, f};

const D: &str = "json";

pub(super) const BUILTINS: &[Builtin] = &[
    f(
        D,
        "parse_json",
        "(text: string) -> json?",
        "the value of a JSON text, or none if it is not one JSON value",
    ),
    f(
        D,
        "json_pointer",
        "(value: json, pointer: string) -> json?",
        "the value at an RFC 6901 pointer",
    ),
    f(
        D,
        "get",
        "(value: json, key: string) -> json?",
        "a member of a JSON object",
    ),
    f(
        D,
        "as_string",
        "(value: json) -> string?",
        "the value if it is a string",
    ),
    f(
        D,
        "as_int",
        "(value: json) -> int?",
        "the value if it is an integer",
    ),
    f(
        D,
        "as_float",
        "(value: json) -> float?",
        "the value if it is a number",
    ),
    f(
        D,
        "as_bool",
        "(value: json) -> bool?",
        "the value if it is a boolean",
    ),
    f(
        D,
        "as_list",
        "(value: json) -> list<json>?",
        "the value if it is an array",
    ),
    f(
        D,
        "as_map",
        "(value: json) -> map<string, json>?",
        "the value if it is an object",
    ),
];
