//! The declared cost of each builtin. The evaluator charges a builtin a step per 64 units it
//! reads (the `Value::size` of its arguments) and builds (of its result), and a step per
//! comparison of values it makes; reading and building are charged generically by the
//! analysis, so a builtin declares here the comparisons it can make and the shape of what it
//! returns, both as functions of its arguments' shapes. Text builtins (regular expressions,
//! globs, versions, addresses, encodings) compare no values: their cost is linear in what they
//! read. A builtin missing here has no bound; a test makes sure none is missing.

use super::shape::{Shape, sort_comparisons};
use crate::check::types::Ty;
use crate::eval::limits::Limits;

/// What a builtin can cost beyond reading and building, and what it returns.
pub struct NativeCost {
    /// Comparison steps.
    pub comparisons: u64,
    /// The result.
    pub result: Shape,
}

/// The cost of builtin `name` on arguments of `args` shapes, or `None` for a builtin this
/// table does not know.
pub fn native_cost(
    name: &str,
    args: &[Shape],
    tys: &[Option<Ty>],
    limits: &Limits,
) -> Option<NativeCost> {
    // A value read from the input is a map of keys other than strings only where its type
    // says so; anything else may be one.
    let keyed_map = tys
        .first()
        .and_then(Option::as_ref)
        .is_none_or(super::types::may_hold_keyed_map);
    let first = args.first().copied().unwrap_or(Shape::SCALAR);
    let string_limit = limits.max_string_bytes as u64;
    let collection_limit = limits.max_collection_len as u64;
    let item = first.item();
    let none = |comparisons, result| {
        Some(NativeCost {
            comparisons,
            result,
        })
    };
    // A sort of the first argument's elements, each comparison within one element's nodes.
    let sorting = sort_comparisons(first.elems).saturating_mul(item.nodes);
    let string_arg_bytes = |i: usize| args.get(i).map_or(0, |s| s.bytes);
    // A string built by a builtin, at most `bytes` long and within the limit.
    let text = |bytes: u64| Shape::string(bytes.min(string_limit));
    match name {
        // Scalars out, nothing compared.
        "count" | "sum" | "len" | "contains" | "starts_with" | "ends_with" | "regex_match"
        | "glob_match" | "semver_compare" | "semver_satisfies" | "cidr_contains"
        | "cidr_overlaps" | "time_parse" | "duration_parse" | "verify_signature" | "as_int"
        | "as_float" | "as_bool" => none(0, Shape::SCALAR),
        // `min`/`max` compare each element with the best so far.
        "min" | "max" => none(
            first.elems.saturating_mul(item.nodes).min(first.nodes),
            item,
        ),
        "sort" => none(sorting, first),
        // Sorts indexes by element, then compares neighbours.
        "unique" => none(
            sorting.saturating_add(first.elems.saturating_mul(item.nodes)),
            first,
        ),
        // A set sorts, then drops neighbours that compare equal.
        "to_set" => none(
            sorting.saturating_add(first.elems.saturating_mul(item.nodes)),
            first,
        ),
        // An object is returned as it is; a map of keys other than strings is rebuilt with
        // each key's text as its key (so sorted), keys as long as their text.
        "as_map" => {
            if keyed_map {
                let mut result = first;
                result.deep_bytes = result.deep_bytes.max(super::display_bytes(item));
                none(sorting, result)
            } else {
                none(0, first)
            }
        }
        "as_list" => none(0, first),
        "as_string" => none(0, Shape::string(first.bytes)),
        "keys" | "values" => none(0, Shape::collection(first.elems, item)),
        "flatten" => {
            let inner = item.item();
            let elems = first.elems.saturating_mul(item.elems).min(collection_limit);
            none(0, Shape::collection(elems, inner))
        }
        // Strings of the edges' targets, the start among them.
        "reachable" => none(
            0,
            Shape::collection(
                first.nodes.min(collection_limit.saturating_add(1)),
                Shape::string(first.deep_bytes.max(string_arg_bytes(1))),
            ),
        ),
        // A lookup of member names, as text: no value compared.
        "get" | "json_pointer" => none(0, item.join(first)),
        // A document of at most one node per byte of its text.
        "parse_json" => none(0, Shape::at_most(first.bytes)),
        // A character's case mapping is at most three characters: at most six times the
        // bytes of a character of two bytes or more (ASCII maps to ASCII).
        "lower" | "upper" => none(0, text(first.bytes.saturating_mul(6))),
        "base64_encode" => none(0, text(first.bytes.div_ceil(3).saturating_mul(4))),
        "hex_encode" => none(0, text(first.bytes.saturating_mul(2))),
        "base64_decode" | "hex_decode" => none(0, text(first.bytes)),
        // "DSSEv1", two decimal lengths and four spaces around the type and the payload.
        "dsse_pae" => none(
            0,
            text(
                first
                    .bytes
                    .saturating_add(string_arg_bytes(1))
                    .saturating_add(48),
            ),
        ),
        "to_string" => none(0, text(super::display_bytes(first))),
        "join" => none(
            0,
            text(
                super::display_bytes(first)
                    .saturating_add(first.elems.saturating_mul(string_arg_bytes(1))),
            ),
        ),
        // Each occurrence (at most one per byte) replaced by the replacement.
        "replace" => none(
            0,
            text(first.bytes.saturating_mul(string_arg_bytes(2).max(1))),
        ),
        "trim" | "trim_prefix" | "trim_suffix" => none(0, Shape::string(first.bytes)),
        "format_int" => none(0, Shape::string(20)),
        "sha256" => none(0, Shape::string(64)),
        "split" => none(
            0,
            Shape::collection(
                first.bytes.saturating_add(1).min(collection_limit),
                Shape::string(first.bytes),
            ),
        ),
        // The whole match and each group (at most one per byte of the pattern, the first
        // argument, and one more), each a part of the text.
        "regex_captures" => none(
            0,
            Shape::collection(
                first.bytes.saturating_add(1),
                Shape::string(string_arg_bytes(1)),
            ),
        ),
        // A record of the parts of the reference (registry, repository, tag, digest), with
        // `docker.io` and `library/` where they are implied.
        "parse_image" => none(
            0,
            Shape::collection(4, Shape::string(first.bytes.saturating_add(17))),
        ),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_policy_builtin_has_a_declared_cost() {
        for b in crate::builtins::all() {
            if b.availability == crate::builtins::Availability::Everywhere {
                assert!(
                    native_cost(b.name, &[Shape::SCALAR; 3], &[], &Limits::default()).is_some(),
                    "no declared cost of `{}`",
                    b.name
                );
            }
        }
    }
}
