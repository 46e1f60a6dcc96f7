//! Encoding and hashing builtins.

use super::{Builtin, f};

const D: &str = "encoding";

pub(super) const BUILTINS: &[Builtin] = &[
    f(
        D,
        "base64_encode",
        "(s: string) -> string",
        "standard base64 of the UTF-8 bytes",
    ),
    f(
        D,
        "base64_decode",
        "(s: string) -> string",
        "the decoded text",
    ),
    f(
        D,
        "hex_encode",
        "(s: string) -> string",
        "lower-case hex of the UTF-8 bytes",
    ),
    f(D, "hex_decode", "(s: string) -> string", "the decoded text"),
    f(
        D,
        "sha256",
        "(s: string) -> string",
        "lower-case hex SHA-256 of the UTF-8 bytes",
    ),
];
