//! YAML scalars resolved with the YAML 1.2 core schema: `null`, booleans, integers (decimal,
//! `0o` octal, `0x` hex) and floats when plain, strings when quoted or block, and the core tags
//! (`!!str`, `!!int`, ...) when written. The language has only finite floats, so `.inf`, `.nan`
//! and numbers too large for a float are refused rather than read as something else.

use granit_parser::{ScalarStyle, Tag};

use super::build::Refusal;
use crate::eval::value::Value;

/// The value of a scalar written as `text` in `style` with `tag`. `empty` says the scalar had no
/// text at all (the parser reports an empty plain scalar as `~`).
pub(super) fn resolve(
    text: &str,
    style: ScalarStyle,
    tag: Option<&Tag>,
    empty: bool,
) -> Result<Value, Refusal> {
    let text = if empty { "" } else { text };
    if let Some(tag) = tag {
        if let Some(core) = tag.core_suffix() {
            return tagged(text, core);
        }
        // The non-specific tag `!` makes a scalar a string; `!!binary` keeps its base64 text;
        // other tags (`!Ref`, `!!timestamp`, ...) have no meaning here and are ignored.
        let non_specific = matches!(tag.parts(), ("!", "") | ("", "!"));
        let binary = tag
            .suffix_in_namespace("tag:yaml.org,2002:")
            .is_some_and(|suffix| suffix == "binary");
        if non_specific || binary {
            return Ok(Value::str(text));
        }
    }
    if style != ScalarStyle::Plain {
        return Ok(Value::str(text));
    }
    if is_null(text) {
        return Ok(Value::None);
    }
    if let Some(b) = boolean(text) {
        return Ok(Value::Bool(b));
    }
    if let Some(number) = number(text) {
        return number;
    }
    Ok(Value::str(text))
}

/// A scalar with a core-schema tag, which must mean what the tag says.
fn tagged(text: &str, core: &str) -> Result<Value, Refusal> {
    let mismatch = || Refusal::malformed(format!("`{text}` is not a valid `!!{core}` scalar"));
    match core {
        "str" => Ok(Value::str(text)),
        "null" if is_null(text) => Ok(Value::None),
        "bool" => boolean(text).map(Value::Bool).ok_or_else(mismatch),
        "int" => match number(text) {
            Some(Ok(Value::Int(i))) => Ok(Value::Int(i)),
            Some(Err(refusal)) => Err(refusal),
            _ => Err(mismatch()),
        },
        "float" => match number(text) {
            Some(Ok(Value::Int(i))) => Ok(Value::float(i as f64)),
            Some(result) => result,
            None => Err(mismatch()),
        },
        "map" | "seq" => Err(Refusal::malformed(format!(
            "a scalar `{text}` tagged `!!{core}`"
        ))),
        _ => Err(mismatch()),
    }
}

fn is_null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

fn boolean(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// The number a plain scalar is, if it matches a core-schema number form: `Some(Err)` for a
/// number that is not finite.
fn number(text: &str) -> Option<Result<Value, Refusal>> {
    let not_finite = || {
        Err(Refusal::malformed(format!(
            "`{text}` is a number that is not finite"
        )))
    };
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") || matches!(text, ".nan" | ".NaN" | ".NAN") {
        return Some(not_finite());
    }
    let radix = |digits: &str, radix: u32| -> Option<Result<Value, Refusal>> {
        if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
            return None;
        }
        if let Ok(i) = i64::from_str_radix(digits, radix) {
            return Some(Ok(Value::Int(i)));
        }
        let f = digits
            .chars()
            .filter_map(|c| c.to_digit(radix))
            .fold(0.0_f64, |acc, d| acc * f64::from(radix) + f64::from(d));
        Some(if f.is_finite() {
            Ok(Value::float(f))
        } else {
            not_finite()
        })
    };
    if let Some(octal) = text.strip_prefix("0o") {
        return radix(octal, 8);
    }
    if let Some(hex) = text.strip_prefix("0x") {
        return radix(hex, 16);
    }
    if !is_float_form(unsigned) {
        return None;
    }
    if unsigned.bytes().all(|b| b.is_ascii_digit())
        && let Ok(i) = text.parse::<i64>()
    {
        return Some(Ok(Value::Int(i)));
    }
    match text.parse::<f64>() {
        Ok(f) if f.is_finite() => Some(Ok(Value::float(f))),
        Ok(_) => Some(not_finite()),
        Err(_) => None,
    }
}

/// Whether an unsigned text matches `(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, the
/// core-schema float form (which includes the decimal integers).
fn is_float_form(text: &str) -> bool {
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(i) => (text.get(..i).unwrap_or(""), text.get(i + 1..)),
        None => (text, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some(("", frac)) => digits(frac),
        Some((int, frac)) => digits(int) && (frac.is_empty() || digits(frac)),
        None => digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['-', '+']).unwrap_or(e)));
    mantissa_ok && exponent_ok
}
