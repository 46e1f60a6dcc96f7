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
use std::cell::RefCell;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::rc::Rc;

/// Compiled regular expressions may use at most this much memory; a pattern that needs more
/// is an error rather than an unbounded allocation. Matching is linear in the input (the
/// `regex` crate has no backtracking), so no pattern can take exponential time.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// How many compiled patterns (regular expressions, and globs) each thread keeps; policies use a few fixed patterns, so a small
/// cache makes a pattern in a loop compile once.
const REGEX_CACHE: usize = 256;

// Cached patterns are shared (`Rc`), not cloned: a cloned `Regex` starts with an empty pool of
// matching caches, and building one costs more than most matches.
type Cache<T> = RefCell<HashMap<String, Result<Rc<T>, BuiltinError>>>;

thread_local! {
    static COMPILED: Cache<regex::Regex> = RefCell::new(HashMap::new());
    static GLOBS: Cache<globset::GlobMatcher> = RefCell::new(HashMap::new());
}

/// `key`'s entry of a thread's cache, made by `make` on a miss; a full cache starts over.
fn cached<T>(
    cache: &'static std::thread::LocalKey<Cache<T>>,
    key: &str,
    make: impl FnOnce() -> Result<T, BuiltinError>,
) -> Result<Rc<T>, BuiltinError> {
    if let Some(hit) = cache.with(|c| c.borrow().get(key).cloned()) {
        return hit;
    }
    let made = make().map(Rc::new);
    cache.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= REGEX_CACHE {
            c.clear();
        }
        c.insert(key.to_owned(), made.clone());
    });
    made
}

/// The compiled pattern, from this thread's cache when it was compiled before.
fn compile(pattern: &str) -> Result<Rc<regex::Regex>, BuiltinError> {
    cached(&COMPILED, pattern, || compile_uncached(pattern))
}

fn compile_uncached(pattern: &str) -> Result<regex::Regex, BuiltinError> {
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
    let matcher = cached(&GLOBS, pattern, || {
        globset::GlobBuilder::new(pattern)
            .literal_separator(true)
            .build()
            .map(|g| g.compile_matcher())
            .map_err(|e| BuiltinError::new(format!("invalid glob `{pattern}`: {e}")))
    })?;
    Ok(matcher.is_match(text))
}

fn version(text: &str) -> Result<semver::Version, BuiltinError> {
    semver::Version::parse(text.trim_start_matches('v'))
        .map_err(|e| BuiltinError::new(format!("`{text}` is not a semantic version: {e}")))
}

/// SemVer 2.0.0 precedence: major, minor, patch, then pre-release (a pre-release comes before
/// its release); build metadata is ignored.
fn precedence(a: &semver::Version, b: &semver::Version) -> Ordering {
    (a.major, a.minor, a.patch)
        .cmp(&(b.major, b.minor, b.patch))
        .then_with(|| match (a.pre.is_empty(), b.pre.is_empty()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            (false, false) => a.pre.cmp(&b.pre),
        })
}

/// -1, 0 or 1 as `a` is older than, equal to or newer than `b` in SemVer 2.0.0 precedence (a
/// leading `v` is allowed; build metadata is ignored).
pub fn semver_compare(a: &str, b: &str) -> Result<i64, BuiltinError> {
    Ok(match precedence(&version(a)?, &version(b)?) {
        Ordering::Less => -1,
        Ordering::Equal => 0,
        Ordering::Greater => 1,
    })
}

/// The version of a comparator: a full version, or a partial one (`1`, `1.2`) completed with
/// zeros.
fn bound_version(text: &str) -> Result<semver::Version, BuiltinError> {
    let bare = text.trim_start_matches('v');
    let numbers = bare.split(['-', '+']).next().unwrap_or_default();
    match numbers.split('.').count() {
        1 | 2
            if !numbers.is_empty()
                && numbers
                    .split('.')
                    .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())) =>
        {
            let padded = if numbers.split('.').count() == 1 {
                format!("{numbers}.0.0")
            } else {
                format!("{numbers}.0")
            };
            let suffix = bare.get(numbers.len()..).unwrap_or_default();
            version(&format!("{padded}{suffix}"))
        }
        _ => version(text),
    }
}

/// Whether the version satisfies every comparator of the range, in SemVer precedence.
/// Comparators are separated by commas: `=V`, `>V`, `>=V`, `<V`, `<=V` (a bare `V` means `=V`),
/// `~V` (`>=V, <` the next minor) and `^V` (`>=V, <` the next version that changes the first
/// non-zero number). Pre-releases are compared like any version.
pub fn semver_satisfies(v: &str, range: &str) -> Result<bool, BuiltinError> {
    let v = version(v)?;
    let mut any = false;
    for comparator in range.split(',') {
        let c = comparator.trim();
        if c.is_empty() {
            return Err(BuiltinError::new(format!(
                "`{range}` is not a version range: an empty comparator"
            )));
        }
        any = true;
        let (op, rest) = ["<=", ">=", "<", ">", "=", "~", "^"]
            .iter()
            .find_map(|op| c.strip_prefix(op).map(|rest| (*op, rest.trim_start())))
            .unwrap_or(("=", c));
        let bound = bound_version(rest).map_err(|e| {
            BuiltinError::new(format!("`{range}` is not a version range: {}", e.message))
        })?;
        let order = precedence(&v, &bound);
        let holds = match op {
            "<=" => order != Ordering::Greater,
            ">=" => order != Ordering::Less,
            "<" => order == Ordering::Less,
            ">" => order == Ordering::Greater,
            "=" => order == Ordering::Equal,
            _ => {
                let upper = if op == "~" {
                    semver::Version::new(bound.major, bound.minor.saturating_add(1), 0)
                } else if bound.major > 0 {
                    semver::Version::new(bound.major.saturating_add(1), 0, 0)
                } else if bound.minor > 0 {
                    semver::Version::new(0, bound.minor.saturating_add(1), 0)
                } else {
                    semver::Version::new(0, 0, bound.patch.saturating_add(1))
                };
                order != Ordering::Less && precedence(&v, &upper) == Ordering::Less
            }
        };
        if !holds {
            return Ok(false);
        }
    }
    if !any {
        return Err(BuiltinError::new(format!(
            "`{range}` is not a version range"
        )));
    }
    Ok(true)
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
        // Precedence ignores build metadata; pre-releases are ordinary versions in ranges.
        assert_eq!(semver_compare("1.0.0+a", "1.0.0+b"), Ok(0));
        assert_eq!(semver_satisfies("2.0.0-rc.1", ">=1.0.0, <2.0.0"), Ok(true));
        assert_eq!(semver_satisfies("0.2.9", "^0.2.3"), Ok(true));
        assert_eq!(semver_satisfies("0.3.0", "^0.2.3"), Ok(false));
        assert_eq!(semver_satisfies("1.2.3", "1.2.3"), Ok(true));
        assert!(semver_satisfies("1.0.0", "").is_err());
        assert!(semver_satisfies("1.0.0", ">>1").is_err());
    }
}
