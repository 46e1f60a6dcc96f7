//! Builtins for `test` blocks only: they run rules and load fixtures. A rule's input may be
//! untyped `json` (a fixture file): the runner checks it against the subject type and fails the
//! test when it does not conform.

use super::{Availability, Builtin};

const fn t(name: &'static str, signature: &'static str, summary: &'static str) -> Builtin {
    Builtin {
        name,
        signature,
        summary,
        domain: "testing",
        availability: Availability::TestsOnly,
    }
}

pub(super) const BUILTINS: &[Builtin] = &[
    t(
        "denies",
        "(r: rule<T>, input: T | json) -> bool",
        "whether the rule reports a violation for the input",
    ),
    t(
        "allows",
        "(r: rule<T>, input: T | json) -> bool",
        "whether the rule reports no violation for the input",
    ),
    t(
        "violations",
        "(r: rule<T>, input: T | json) -> list<{ message: string, path: string }>",
        "the violations the rule reports, in order",
    ),
    t(
        "fixture",
        "(path: string) -> json",
        "a JSON or YAML file beside the test, loaded by the host",
    ),
];
