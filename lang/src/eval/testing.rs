//! The test-only builtins: `denies`, `allows` and `violations` run a rule on an input inside a
//! test; `fixture` reads a document the host loaded for the test.

/// A test-only builtin.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TestFn {
    /// `denies(rule, input)`.
    Denies,
    /// `allows(rule, input)`.
    Allows,
    /// `violations(rule, input)`.
    Violations,
    /// `fixture(path)`.
    Fixture,
}

/// The test builtin called `name`.
pub fn lookup(name: &str) -> Option<TestFn> {
    Some(match name {
        "denies" => TestFn::Denies,
        "allows" => TestFn::Allows,
        "violations" => TestFn::Violations,
        "fixture" => TestFn::Fixture,
        _ => return None,
    })
}
