//! The runtime side of the builtin table: for each builtin of `crate::builtins` that policies
//! may call, a function over runtime values. Arguments arrive already checked by the type
//! checker; a value of an unexpected shape is reported as an internal error, never a panic.
//! One file per group of domains.

mod data;
mod text;

use super::error::{Rt, RtError};
use super::limits::Limits;
use super::value::{Str, Value};

/// A builtin's implementation.
pub type NativeFn = fn(&[Value], &Limits) -> Rt<Value>;

/// A builtin, resolved at compile time.
#[derive(Clone, Copy)]
pub struct Native {
    /// The builtin's name, for messages.
    pub name: &'static str,
    /// Its implementation.
    pub func: NativeFn,
}

impl PartialEq for Native {
    fn eq(&self, other: &Native) -> bool {
        self.name == other.name
    }
}

impl std::fmt::Debug for Native {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

/// The implementation of the builtin `name`, if it is callable from policy code.
pub fn lookup(name: &str) -> Option<Native> {
    let func = text::lookup(name).or_else(|| data::lookup(name))?;
    let builtin = crate::builtins::lookup(name)?;
    Some(Native {
        name: builtin.name,
        func,
    })
}

/// `x in reachable(edges, start)` as one search that stops at `x`: the builtin the compiler
/// puts in place of that expression, with the arguments `x`, `edges`, `start`.
pub fn reachable_contains() -> Native {
    Native {
        name: "reachable",
        func: data::reachable_contains,
    }
}

/// The `i`-th argument as a string.
fn str_arg(args: &[Value], i: usize) -> Rt<&Str> {
    match args.get(i) {
        Some(Value::Str(s)) => Ok(s),
        _ => Err(RtError::internal("a builtin expected a string argument")),
    }
}

/// The `i`-th argument as an integer.
fn int_arg(args: &[Value], i: usize) -> Rt<i64> {
    match args.get(i) {
        Some(Value::Int(n)) => Ok(*n),
        _ => Err(RtError::internal("a builtin expected an integer argument")),
    }
}

/// The `i`-th argument.
fn arg(args: &[Value], i: usize) -> Rt<&Value> {
    args.get(i)
        .ok_or_else(|| RtError::internal("a builtin was called with too few arguments"))
}

/// A string result, within the size limit.
fn string(s: String, limits: &Limits) -> Rt<Value> {
    if s.len() > limits.max_string_bytes {
        return Err(RtError::too_large(format!(
            "a string of {} bytes exceeds the limit of {} bytes",
            s.len(),
            limits.max_string_bytes
        )));
    }
    Ok(Value::Str(Str::from(s)))
}

/// A list result, within the size limit.
fn list(items: Vec<Value>, limits: &Limits) -> Rt<Value> {
    check_len(items.len(), limits)?;
    Ok(Value::list(items))
}

/// Checks a collection length against the limit.
pub(crate) fn check_len(len: usize, limits: &Limits) -> Rt<()> {
    if len > limits.max_collection_len {
        return Err(RtError::too_large(format!(
            "a collection of {len} elements exceeds the limit of {}",
            limits.max_collection_len
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_policy_builtin_has_an_implementation() {
        for b in crate::builtins::all() {
            if b.availability == crate::builtins::Availability::Everywhere {
                assert!(
                    lookup(b.name).is_some(),
                    "no implementation of `{}`",
                    b.name
                );
            }
        }
    }
}
