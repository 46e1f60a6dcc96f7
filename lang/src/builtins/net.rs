//! Network address builtins over IPv4 and IPv6 CIDR notation.

use super::{Builtin, f};

const D: &str = "net";

pub(super) const BUILTINS: &[Builtin] = &[
    f(
        D,
        "cidr_contains",
        "(cidr: string, ip_or_cidr: string) -> bool",
        "whether the range contains the address or range",
    ),
    f(
        D,
        "cidr_overlaps",
        "(a: string, b: string) -> bool",
        "whether the two ranges share an address",
    ),
];
