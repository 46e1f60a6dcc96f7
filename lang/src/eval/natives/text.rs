//! Builtins over text: strings, regular expressions, globs, semantic versions, networks,
//! time, encodings and image references. The semantics live in `crate::builtins`; this file
//! adapts them to runtime values.

use super::{NativeFn, arg, int_arg, list, str_arg, string};
use crate::builtins::{self as b, BuiltinError};
use crate::eval::error::{Rt, RtError};
use crate::eval::limits::Limits;
use crate::eval::value::{Obj, Str, Value, display};
use std::sync::Arc;

pub(super) fn lookup(name: &str) -> Option<NativeFn> {
    let f: NativeFn = match name {
        "contains" => |a, _| Ok(Value::Bool(str_arg(a, 0)?.contains(&**str_arg(a, 1)?))),
        "starts_with" => |a, _| Ok(Value::Bool(str_arg(a, 0)?.starts_with(&**str_arg(a, 1)?))),
        "ends_with" => |a, _| Ok(Value::Bool(str_arg(a, 0)?.ends_with(&**str_arg(a, 1)?))),
        "lower" => |a, l| string(str_arg(a, 0)?.to_lowercase(), l),
        "upper" => |a, l| string(str_arg(a, 0)?.to_uppercase(), l),
        "trim" => |a, _| Ok(Value::str(str_arg(a, 0)?.trim())),
        "trim_prefix" => |a, _| {
            let s = str_arg(a, 0)?;
            Ok(match s.strip_prefix(&**str_arg(a, 1)?) {
                Some(rest) => Value::str(rest),
                None => Value::Str(s.clone()),
            })
        },
        "trim_suffix" => |a, _| {
            let s = str_arg(a, 0)?;
            Ok(match s.strip_suffix(&**str_arg(a, 1)?) {
                Some(rest) => Value::str(rest),
                None => Value::Str(s.clone()),
            })
        },
        "split" => split,
        "join" => join,
        "replace" => replace,
        "len" => |a, _| Ok(Value::Int(str_arg(a, 0)?.chars().count() as i64)),
        "format_int" => |a, _| Ok(Value::Str(Str::from(int_arg(a, 0)?.to_string()))),
        "to_string" => |a, l| match arg(a, 0)?.to_json_text(l.max_string_bytes) {
            Some(text) => Ok(Value::Str(Str::from(text))),
            None => Err(RtError::too_large(format!(
                "`to_string`: the text would be longer than {} bytes",
                l.max_string_bytes
            ))),
        },
        "regex_match" => |a, _| {
            let r = b::regex_match(str_arg(a, 0)?, str_arg(a, 1)?);
            Ok(Value::Bool(builtin("regex_match", r)?))
        },
        "regex_captures" => |a, _| {
            let r = b::regex_captures(str_arg(a, 0)?, str_arg(a, 1)?);
            Ok(match builtin("regex_captures", r)? {
                Some(groups) => Value::list(groups.iter().map(|g| Value::str(g)).collect()),
                None => Value::None,
            })
        },
        "glob_match" => |a, _| {
            let r = b::glob_match(str_arg(a, 0)?, str_arg(a, 1)?);
            Ok(Value::Bool(builtin("glob_match", r)?))
        },
        "semver_compare" => |a, _| {
            let r = b::semver_compare(str_arg(a, 0)?, str_arg(a, 1)?);
            Ok(Value::Int(builtin("semver_compare", r)?))
        },
        "semver_satisfies" => |a, _| {
            let r = b::semver_satisfies(str_arg(a, 0)?, str_arg(a, 1)?);
            Ok(Value::Bool(builtin("semver_satisfies", r)?))
        },
        "cidr_contains" => |a, _| {
            let r = b::cidr_contains(str_arg(a, 0)?, str_arg(a, 1)?);
            Ok(Value::Bool(builtin("cidr_contains", r)?))
        },
        "cidr_overlaps" => |a, _| {
            let r = b::cidr_overlaps(str_arg(a, 0)?, str_arg(a, 1)?);
            Ok(Value::Bool(builtin("cidr_overlaps", r)?))
        },
        "time_parse" => |a, _| {
            let s = str_arg(a, 0)?;
            b::parse_rfc3339(s).map(Value::Int).ok_or_else(|| {
                RtError::builtin("time_parse", format!("`{s}` is not an RFC 3339 timestamp"))
            })
        },
        "duration_parse" => |a, _| {
            let s = str_arg(a, 0)?;
            b::parse_duration(s).map(Value::Int).ok_or_else(|| {
                RtError::builtin(
                    "duration_parse",
                    format!("`{s}` is not a duration such as `1h30m` within range"),
                )
            })
        },
        "base64_encode" => |a, l| string(b::base64_encode(str_arg(a, 0)?), l),
        "base64_decode" => |a, l| {
            let r = b::base64_decode(str_arg(a, 0)?);
            string(builtin("base64_decode", r)?, l)
        },
        "hex_encode" => |a, l| string(b::hex_encode(str_arg(a, 0)?), l),
        "hex_decode" => |a, l| {
            let r = b::hex_decode(str_arg(a, 0)?);
            string(builtin("hex_decode", r)?, l)
        },
        "sha256" => |a, _| Ok(Value::Str(Str::from(b::sha256(str_arg(a, 0)?)))),
        "parse_image" => |a, _| Ok(image(str_arg(a, 0)?)),
        "dsse_pae" => |a, l| string(b::dsse_pae(str_arg(a, 0)?, str_arg(a, 1)?), l),
        "verify_signature" => |a, _| {
            let r = b::verify_signature(str_arg(a, 0)?, str_arg(a, 1)?, str_arg(a, 2)?);
            Ok(Value::Bool(builtin("verify_signature", r)?))
        },
        _ => return None,
    };
    Some(f)
}

/// A builtin's own error as a runtime error.
fn builtin<T>(name: &str, r: Result<T, BuiltinError>) -> Rt<T> {
    r.map_err(|e| RtError::builtin(name, e.message))
}

fn split(a: &[Value], l: &Limits) -> Rt<Value> {
    let s = str_arg(a, 0)?;
    let sep = str_arg(a, 1)?;
    if sep.is_empty() {
        return Err(RtError::builtin("split", "the separator is empty"));
    }
    list(s.split(&**sep).map(Value::str).collect(), l)
}

fn join(a: &[Value], l: &Limits) -> Rt<Value> {
    let sep = str_arg(a, 1)?;
    let Value::List(parts) = arg(a, 0)? else {
        return Err(RtError::internal("`join` expected a list"));
    };
    let mut out = String::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(&display(p));
        if out.len() > l.max_string_bytes {
            return string(out, l);
        }
    }
    string(out, l)
}

fn replace(a: &[Value], l: &Limits) -> Rt<Value> {
    let s = str_arg(a, 0)?;
    let from = str_arg(a, 1)?;
    let to = str_arg(a, 2)?;
    if from.is_empty() {
        return Err(RtError::builtin("replace", "the text to replace is empty"));
    }
    // Bound the result before building it: every occurrence may grow the text.
    let n = s.matches(&**from).count();
    let size = s.len() - n * from.len() + n.saturating_mul(to.len());
    if size > l.max_string_bytes {
        return Err(RtError::too_large(format!(
            "a string of {size} bytes exceeds the limit of {} bytes",
            l.max_string_bytes
        )));
    }
    string(s.replace(&**from, to), l)
}

thread_local! {
    /// Image references parsed by this thread: the stdlib's image rules read each container's
    /// image several times per document, and parsing builds a record of four strings.
    static IMAGES: std::cell::RefCell<std::collections::HashMap<Box<str>, Value>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// How many parsed references a thread keeps (each at most 4 KiB of text).
const IMAGE_CACHE: usize = 256;

fn image(reference: &str) -> Value {
    if reference.len() > 4096 {
        // Longer than any reference parse_image accepts: nothing worth keeping.
        return parse_image_value(reference);
    }
    if let Some(hit) = IMAGES.with(|c| c.borrow().get(reference).cloned()) {
        return hit;
    }
    let parsed = parse_image_value(reference);
    IMAGES.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= IMAGE_CACHE {
            c.clear();
        }
        c.insert(reference.into(), parsed.clone());
    });
    parsed
}

fn parse_image_value(reference: &str) -> Value {
    let Some(r) = b::parse_image(reference) else {
        return Value::None;
    };
    let mut entries: Vec<(Str, Value)> = vec![
        (Arc::from("registry"), Value::Str(Str::from(r.registry))),
        (Arc::from("repository"), Value::Str(Str::from(r.repository))),
    ];
    if let Some(tag) = r.tag {
        entries.push((Arc::from("tag"), Value::Str(Str::from(tag))));
    }
    if let Some(digest) = r.digest {
        entries.push((Arc::from("digest"), Value::Str(Str::from(digest))));
    }
    Value::obj(Obj::from_entries(entries))
}
