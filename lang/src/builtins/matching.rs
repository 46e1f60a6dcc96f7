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

use super::BuiltinError;
use std::cmp::Ordering;

/// Compiled regular expressions may use at most this much memory; a pattern that needs more
/// is an error rather than an unbounded allocation. Matching is linear in the input (the
/// `regex` crate has no backtracking), so no pattern can take exponential time.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

fn compile(pattern: &str) -> Result<regex::Regex, BuiltinError> {
    regex::RegexBuilder::new(pattern)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map_err(|e| BuiltinError::new(format!("invalid regular expression `{pattern}`: {e}")))
}

/// Whether the pattern matches somewhere in `text` (anchor with `^` and `$` for all of it).
pub fn regex_match(pattern: &str, text: &str) -> Result<bool, BuiltinError> {
    Ok(compile(pattern)?.is_match(text))
}

/// The first match and its groups (a group that did not take part is ``), or `None`.
pub fn regex_captures(pattern: &str, text: &str) -> Result<Option<Vec<String>>, BuiltinError> {
    let re = compile(pattern)?;
    Ok(re.captures(text).map(|c| {
        c.iter()
            .map(|m| m.map_or_else(String::new, |m| m.as_str().to_owned()))
            .collect()
    }))
}

/// Whether the glob matches all of `text`: `*` and `?` stay within one `/`-separated segment,
/// `**` crosses segments, `[abc]` and `{a,b}` choose.
pub fn glob_match(pattern: &str, text: &str) -> Result<bool, BuiltinError> {
    let glob = globset::GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
        .map_err(|e| BuiltinError::new(format!("invalid glob `{pattern}`: {e}")))?;
    Ok(glob.compile_matcher().is_match(text))
}

fn version(text: &str) -> Result<semver::Version, BuiltinError> {
    semver::Version::parse(text.trim_start_matches('v'))
        .map_err(|e| BuiltinError::new(format!("`{text}` is not a semantic version: {e}")))
}

/// -1, 0 or 1 as `a` is older than, equal to or newer than `b` (a leading `v` is allowed).
pub fn semver_compare(a: &str, b: &str) -> Result<i64, BuiltinError> {
    Ok(match version(a)?.cmp(&version(b)?) {
        Ordering::Less => -1,
        Ordering::Equal => 0,
        Ordering::Greater => 1,
    })
}

/// Whether the version is in the range (`>=1.2, <2`, `^1.4`, `~1.2.3`, `=1.0.0`).
pub fn semver_satisfies(v: &str, range: &str) -> Result<bool, BuiltinError> {
    let requirement = semver::VersionReq::parse(range)
        .map_err(|e| BuiltinError::new(format!("`{range}` is not a version range: {e}")))?;
    Ok(requirement.matches(&version(v)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regexes_are_unanchored_and_bounded() {
        assert_eq!(regex_match(r"^v\d+$", "v12"), Ok(true));
        assert_eq!(regex_match("latest", "my-latest-tag"), Ok(true));
        assert!(regex_match("(", "x").is_err());
        // A catastrophic-backtracking pattern elsewhere is linear here.
        let input = format!("{}!", "a".repeat(100_000));
        assert_eq!(regex_match("^(a+)+$", &input), Ok(false));
        // A pattern whose compiled form exceeds the limit is refused, not built.
        assert!(regex_match(&format!("(?:{}){{1000}}", "[a-z]".repeat(100)), "x").is_err());
        assert_eq!(
            regex_captures(r"^([^/]+)/(\w+)(:(\w+))?$", "ghcr.io/app"),
            Ok(Some(vec![
                "ghcr.io/app".to_owned(),
                "ghcr.io".to_owned(),
                "app".to_owned(),
                String::new(),
                String::new()
            ]))
        );
        assert_eq!(regex_captures("x", "y"), Ok(None));
    }

    #[test]
    fn globs() {
        assert_eq!(glob_match("ghcr.io/acme/*", "ghcr.io/acme/app"), Ok(true));
        assert_eq!(
            glob_match("ghcr.io/acme/*", "ghcr.io/acme/team/app"),
            Ok(false)
        );
        assert_eq!(
            glob_match("ghcr.io/acme/**", "ghcr.io/acme/team/app"),
            Ok(true)
        );
        assert_eq!(glob_match("*.{yaml,yml}", "pod.yml"), Ok(true));
        assert!(glob_match("[", "x").is_err());
    }

    #[test]
    fn semantic_versions() {
        assert_eq!(semver_compare("1.2.3", "1.10.0"), Ok(-1));
        assert_eq!(semver_compare("v2.0.0", "2.0.0"), Ok(0));
        assert_eq!(semver_compare("1.0.0", "1.0.0-rc.1"), Ok(1));
        assert_eq!(semver_satisfies("1.4.2", ">=1.2, <2"), Ok(true));
        assert_eq!(semver_satisfies("2.0.0", "^1.4"), Ok(false));
        assert_eq!(semver_satisfies("1.2.9", "~1.2.3"), Ok(true));
        assert!(semver_compare("1.2", "1.2.0").is_err());
        assert!(semver_satisfies("1.0.0", ">>1").is_err());
    }
}
