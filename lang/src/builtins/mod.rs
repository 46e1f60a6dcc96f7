//! The one table of builtin functions and types. Each domain file lists its functions with a
//! signature written in Palisade type notation, and holds their semantics as pure functions over
//! plain Rust data (as they are written; the evaluator calls them). The name resolver reads the
//! names, the checker the signatures, the spec's builtin index is checked against this table. Type variables `T`, `K` and `V` are universally quantified per builtin.

mod collections;
mod encoding;
mod images;
mod json;
mod matching;
mod net;
mod signatures;
mod strings;
mod testing;
mod time;

pub use encoding::{base64_decode, base64_encode, hex_decode, hex_encode, sha256};
pub use images::{ImageRef, parse_image};
pub use matching::{glob_match, regex_captures, regex_match, semver_compare, semver_satisfies};
pub use net::{cidr_contains, cidr_overlaps};
pub use signatures::{dsse_pae, verify_signature};
pub use time::{parse_duration, parse_rfc3339};

/// Why a builtin could not compute its result from its arguments (a malformed pattern, range
/// or address). Evaluation reports it as an error of the rule, which fails closed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct BuiltinError {
    /// What is wrong, lowercase, user text in backticks.
    pub message: String,
}

impl BuiltinError {
    pub(crate) fn new(message: impl Into<String>) -> BuiltinError {
        BuiltinError {
            message: message.into(),
        }
    }
}

/// Where a builtin may be called.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Availability {
    /// In any policy code.
    Everywhere,
    /// Only in `test` blocks.
    TestsOnly,
}

/// One builtin function.
#[derive(Clone, Copy, Debug)]
pub struct Builtin {
    /// The name policies call it by.
    pub name: &'static str,
    /// Its signature, e.g. `(s: string, prefix: string) -> bool`.
    pub signature: &'static str,
    /// One line saying what it does.
    pub summary: &'static str,
    /// The domain it belongs to, e.g. `strings`.
    pub domain: &'static str,
    /// Where it may be called.
    pub availability: Availability,
}

/// The builtin scalar types, by name.
pub const SCALAR_TYPES: &[&str] = &["bool", "int", "float", "string", "json"];

/// The builtin generic types with their number of type arguments.
pub const GENERIC_TYPES: &[(&str, usize)] = &[("list", 1), ("set", 1), ("map", 2)];

/// Every builtin function, grouped by domain.
pub fn all() -> impl Iterator<Item = &'static Builtin> {
    [
        collections::BUILTINS,
        strings::BUILTINS,
        matching::BUILTINS,
        net::BUILTINS,
        time::BUILTINS,
        encoding::BUILTINS,
        json::BUILTINS,
        images::BUILTINS,
        signatures::BUILTINS,
        testing::BUILTINS,
    ]
    .into_iter()
    .flatten()
}

/// The builtin function called `name`.
pub fn lookup(name: &str) -> Option<&'static Builtin> {
    all().find(|b| b.name == name)
}

/// Shorthand for the domain tables.
const fn f(
    domain: &'static str,
    name: &'static str,
    signature: &'static str,
    summary: &'static str,
) -> Builtin {
    Builtin {
        name,
        signature,
        summary,
        domain,
        availability: Availability::Everywhere,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_are_unique_identifiers() {
        let mut seen = HashSet::new();
        for b in all() {
            assert!(seen.insert(b.name), "duplicate builtin {}", b.name);
            assert!(
                b.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "{}",
                b.name
            );
            assert!(
                b.signature.starts_with('(') && b.signature.contains(") -> "),
                "{}",
                b.name
            );
        }
    }
}
