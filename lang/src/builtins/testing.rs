//! Builtins for `test` blocks only: they run rules and load fixtures.

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
        "(r: rule<T>, input: T) -> bool",
        "whether the rule reports a violation for the input",
    ),
    t(
        "allows",
        "(r: rule<T>, input: T) -> bool",
        "whether the rule reports no violation for the input",
    ),
    t(
        "violations",
        "(r: rule<T>, input: T) -> list<{ message: string, path: string }>",
        "the violations the rule reports, in order",
    ),
    t(
        "fixture",
        "(path: string) -> json",
        "a JSON or YAML file beside the test, loaded by the host",
    ),
];
