//! Time builtins. There is no "now": evaluation is deterministic, so the host passes the
//! current time as data when a policy needs it.

use super::{Builtin, f};

const D: &str = "time";

pub(super) const BUILTINS: &[Builtin] = &[
    f(
        D,
        "time_parse",
        "(rfc3339: string) -> int",
        "seconds since the Unix epoch",
    ),
    f(
        D,
        "duration_parse",
        "(duration: string) -> int",
        "seconds in a duration such as `1h30m`",
    ),
];
