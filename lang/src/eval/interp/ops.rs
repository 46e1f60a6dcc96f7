//! Operators on values: field access, indexing, negation, comparison, membership and
//! arithmetic. Arithmetic is checked: overflow, division by zero and non-finite results are
//! runtime errors, never wrapped or silently infinite.

use crate::eval::error::{Rt, RtError};
use crate::eval::ir::BinOp;
use crate::eval::limits::Limits;
use crate::eval::natives::check_len;
use crate::eval::value::{Str, Value, cmp};
use std::cmp::Ordering;

/// `base.name`: the field, or `none` when absent or when `base` is `none` (`?.`).
pub fn field(base: &Value, name: &str) -> Value {
    field_ref(base, name).clone()
}

/// `base.name` by reference.
pub fn field_ref<'v>(base: &'v Value, name: &str) -> &'v Value {
    match base {
        Value::Obj(o) => o.get(name).unwrap_or(&super::NONE),
        _ => &super::NONE,
    }
}

/// `base[index]`: the element or entry, `none` when there is none.
pub fn index(base: &Value, index: &Value) -> Value {
    match (base, index) {
        (Value::List(xs), Value::Int(i)) => usize::try_from(*i)
            .ok()
            .and_then(|i| xs.get(i))
            .cloned()
            .unwrap_or(Value::None),
        (Value::Obj(o), Value::Str(k)) => o.get(k).cloned().unwrap_or(Value::None),
        (Value::Map(m), k) => m
            .binary_search_by(|(key, _)| cmp(key, k))
            .ok()
            .and_then(|i| m.get(i))
            .map(|(_, v)| v.clone())
            .unwrap_or(Value::None),
        _ => Value::None,
    }
}

/// `-v`.
pub fn neg(v: Value) -> Rt<Value> {
    match v {
        Value::Int(i) => i
            .checked_neg()
            .map(Value::Int)
            .ok_or_else(|| RtError::arithmetic(format!("integer overflow in `-{i}`"))),
        Value::Float(f) => Ok(Value::float(-f)),
        _ => Err(RtError::internal("`-` of a value that is not a number")),
    }
}

/// Whether `x` is an element of a list or set, or a key of a map.
pub fn contains(collection: &Value, x: &Value) -> Rt<bool> {
    Ok(match collection {
        Value::List(xs) => xs.iter().any(|e| e == x),
        Value::Set(xs) => xs.binary_search_by(|e| cmp(e, x)).is_ok(),
        Value::Obj(o) => match x {
            Value::Str(k) => o.get(k).is_some(),
            _ => false,
        },
        Value::Map(m) => m.binary_search_by(|(k, _)| cmp(k, x)).is_ok(),
        _ => {
            return Err(RtError::internal(
                "`in` on a value that is not a collection",
            ));
        }
    })
}

/// An operator that evaluates both operands. `float`: the checker typed the result `float`.
pub fn binary(op: BinOp, float: bool, l: Value, r: Value, limits: &Limits) -> Rt<Value> {
    Ok(match op {
        BinOp::Eq => Value::Bool(l == r),
        BinOp::Ne => Value::Bool(l != r),
        BinOp::Lt => Value::Bool(cmp(&l, &r) == Ordering::Less),
        BinOp::Le => Value::Bool(cmp(&l, &r) != Ordering::Greater),
        BinOp::Gt => Value::Bool(cmp(&l, &r) == Ordering::Greater),
        BinOp::Ge => Value::Bool(cmp(&l, &r) != Ordering::Less),
        BinOp::In => Value::Bool(contains(&r, &l)?),
        BinOp::NotIn => Value::Bool(!contains(&r, &l)?),
        BinOp::Add => match (l, r) {
            (Value::Str(a), Value::Str(b)) => {
                let len = a.len() + b.len();
                if len > limits.max_string_bytes {
                    return Err(RtError::too_large(format!(
                        "a string of {len} bytes exceeds the limit of {} bytes",
                        limits.max_string_bytes
                    )));
                }
                let mut s = String::with_capacity(len);
                s.push_str(&a);
                s.push_str(&b);
                Value::Str(Str::from(s))
            }
            (Value::List(a), Value::List(b)) => {
                check_len(a.len() + b.len(), limits)?;
                let mut out = Vec::with_capacity(a.len() + b.len());
                out.extend(a.iter().cloned());
                out.extend(b.iter().cloned());
                Value::list(out)
            }
            (l, r) => arithmetic(op, float, &l, &r)?,
        },
        _ => arithmetic(op, float, &l, &r)?,
    })
}

fn arithmetic(op: BinOp, float: bool, l: &Value, r: &Value) -> Rt<Value> {
    match (l, r) {
        (Value::Int(a), Value::Int(b)) if !float => int_op(op, *a, *b),
        _ => {
            let (Some(a), Some(b)) = (l.as_f64(), r.as_f64()) else {
                return Err(RtError::internal(
                    "arithmetic on values that are not numbers",
                ));
            };
            float_op(op, a, b)
        }
    }
}

fn int_op(op: BinOp, a: i64, b: i64) -> Rt<Value> {
    let (result, sign) = match op {
        BinOp::Add => (a.checked_add(b), "+"),
        BinOp::Sub => (a.checked_sub(b), "-"),
        BinOp::Mul => (a.checked_mul(b), "*"),
        BinOp::Div | BinOp::Rem if b == 0 => {
            return Err(RtError::arithmetic(format!(
                "{} by zero in `{a} {} 0`",
                if op == BinOp::Div {
                    "division"
                } else {
                    "remainder"
                },
                if op == BinOp::Div { "/" } else { "%" }
            )));
        }
        BinOp::Div => (a.checked_div(b), "/"),
        BinOp::Rem => (a.checked_rem(b), "%"),
        _ => return Err(RtError::internal("an arithmetic operator expected")),
    };
    result
        .map(Value::Int)
        .ok_or_else(|| RtError::arithmetic(format!("integer overflow in `{a} {sign} {b}`")))
}

fn float_op(op: BinOp, a: f64, b: f64) -> Rt<Value> {
    let (result, sign) = match op {
        BinOp::Add => (a + b, "+"),
        BinOp::Sub => (a - b, "-"),
        BinOp::Mul => (a * b, "*"),
        BinOp::Div => (a / b, "/"),
        BinOp::Rem => (a % b, "%"),
        _ => return Err(RtError::internal("an arithmetic operator expected")),
    };
    if result.is_finite() {
        Ok(Value::float(result))
    } else {
        Err(RtError::arithmetic(format!(
            "`{a:?} {sign} {b:?}` is not a finite number"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lim() -> Limits {
        Limits::default()
    }

    #[test]
    fn integer_division_rounds_toward_zero_and_checks() {
        let r = binary(BinOp::Div, false, Value::Int(-7), Value::Int(2), &lim());
        assert_eq!(r, Ok(Value::Int(-3)));
        let r = binary(BinOp::Rem, false, Value::Int(-7), Value::Int(2), &lim());
        assert_eq!(r, Ok(Value::Int(-1)));
        let r = binary(BinOp::Div, false, Value::Int(1), Value::Int(0), &lim());
        assert!(r.is_err());
        let r = binary(
            BinOp::Add,
            false,
            Value::Int(i64::MAX),
            Value::Int(1),
            &lim(),
        );
        assert!(r.is_err());
        let r = binary(
            BinOp::Div,
            false,
            Value::Int(i64::MIN),
            Value::Int(-1),
            &lim(),
        );
        assert!(r.is_err());
    }

    #[test]
    fn float_typed_arithmetic_uses_floats() {
        let r = binary(BinOp::Div, true, Value::Int(1), Value::Int(2), &lim());
        assert_eq!(r, Ok(Value::Float(0.5)));
        let r = binary(BinOp::Div, true, Value::Float(1.0), Value::Int(0), &lim());
        assert!(r.is_err());
    }
}
