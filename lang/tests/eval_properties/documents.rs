//! Strategies for documents that conform to `Doc`.

use crate::generator::TEXTS;
use proptest::prelude::*;
use serde_json::{Value as Json, json};

// ------------------------------------------------------------------------------------------
// Conforming documents
// ------------------------------------------------------------------------------------------

pub(crate) const CHARS: &[char] = &[
    'a', 'b', 'z', 'A', 'Z', '0', '9', ' ', '-', '.', '/', ':', '@', '~', '{', '}', '"', '\\', 'é',
    'ß', 'ẞ', 'İ', '日', '😀', '\u{301}', '\n', '\t', '\u{0}', '\u{2028}',
];

pub(crate) fn arb_text() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(TEXTS).prop_map(str::to_owned),
        prop::collection::vec(prop::sample::select(CHARS), 0..6)
            .prop_map(|cs| cs.into_iter().collect()),
    ]
}

pub(crate) fn arb_i64() -> impl Strategy<Value = i64> {
    prop_oneof![
        6 => -3i64..12,
        1 => any::<i64>(),
        1 => prop::sample::select(vec![
            0,
            -1,
            i64::MAX,
            i64::MIN,
            1 << 53,
            (1 << 53) + 1,
            -(1 << 62),
        ]),
    ]
}

/// An `int` as JSON: a number, or sometimes the same value as an integral float (`2.0`).
pub(crate) fn arb_int_json() -> impl Strategy<Value = Json> {
    (arb_i64(), any::<bool>()).prop_map(|(n, as_float)| {
        let f = n as f64;
        let exact = f as i128 == i128::from(n) && f < 2f64.powi(63);
        if as_float && exact {
            json!(f)
        } else {
            json!(n)
        }
    })
}

pub(crate) fn arb_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => -10.0f64..10.0,
        1 => prop::sample::select(vec![0.0, -0.0, 2.0, 0.1, 1e300, -1e-300, f64::MAX, 5e-324]),
        1 => any::<f64>().prop_filter("finite", |f| f.is_finite()),
    ]
}

/// A `float` as JSON: a float, or an integer (which conforms too), even beyond `i64`.
pub(crate) fn arb_float_json() -> impl Strategy<Value = Json> {
    prop_oneof![
        6 => arb_f64().prop_map(|f| json!(f)),
        2 => arb_i64().prop_map(|n| json!(n)),
        1 => any::<u64>().prop_map(|n| json!(n)),
    ]
}

/// A member name of a `map<int, V>`: an integer in canonical decimal. (Whether `007` or `-0`
/// are "decimal integers" the spec does not say; the evaluator refuses them.)
pub(crate) fn arb_int_key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => arb_i64().prop_map(|k| k.to_string()),
        1 => prop::sample::select(vec!["0", "7", "-9223372036854775808", "9223372036854775807"])
            .prop_map(str::to_owned),
    ]
}

/// Any JSON value, `null`s included (inside `extra`, where they are allowed).
pub(crate) fn arb_any_json() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        arb_i64().prop_map(|n| json!(n)),
        arb_f64().prop_map(|f| json!(f)),
        arb_text().prop_map(Json::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Json::Array),
            prop::collection::btree_map(arb_text(), inner, 0..4)
                .prop_map(|m| Json::Object(m.into_iter().collect())),
        ]
    })
}

/// An optional member: absent (`None`), `null`, or a value.
pub(crate) fn slot<S: Strategy<Value = Json>>(s: S) -> impl Strategy<Value = Option<Json>> {
    prop_oneof![
        1 => Just(None),
        1 => Just(Some(Json::Null)),
        3 => s.prop_map(Some),
    ]
}

pub(crate) fn arb_image() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "nginx",
            "nginx:1.27",
            "bitnami/redis:7.2",
            "ghcr.io/acme/app@sha256:9b2c1b1c5f3d8e7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a",
            "localhost:5000/app:dev",
            "Not an image!",
            "",
        ])
        .prop_map(str::to_owned),
        arb_text(),
    ]
}

pub(crate) fn arb_item() -> impl Strategy<Value = Json> {
    (
        arb_int_json(),
        slot(arb_text().prop_map(Json::String)),
        arb_float_json(),
    )
        .prop_map(|(id, label, weight)| {
            let mut m = serde_json::Map::new();
            m.insert("id".to_owned(), id);
            if let Some(l) = label {
                m.insert("label".to_owned(), l);
            }
            m.insert("weight".to_owned(), weight);
            Json::Object(m)
        })
}

/// The value of the undeclared `tag` member of an owner, which the open record keeps: any
/// value, though `Tagged` declares `tag?: string` (see `Program::widening`).
pub(crate) fn arb_tag() -> impl Strategy<Value = Json> {
    prop_oneof![arb_text().prop_map(Json::String), arb_any_json()]
}

pub(crate) fn arb_owner() -> impl Strategy<Value = Json> {
    (
        arb_text(),
        slot(arb_int_json()),
        prop::collection::btree_map(
            arb_text().prop_map(|k| format!("x-{k}")),
            arb_any_json(),
            0..2,
        ),
        prop::option::of(arb_tag()),
    )
        .prop_map(|(name, uid, extra, tag)| {
            let mut m: serde_json::Map<String, Json> = extra.into_iter().collect();
            m.insert("name".to_owned(), Json::String(name));
            if let Some(u) = uid {
                m.insert("uid".to_owned(), u);
            }
            if let Some(t) = tag {
                m.insert("tag".to_owned(), t);
            }
            Json::Object(m)
        })
}

/// A document that conforms to `Doc`.
pub(crate) fn arb_doc() -> impl Strategy<Value = Json> {
    let strings = || prop::collection::vec(arb_text(), 0..4);
    let scalars = (
        arb_text(),
        arb_int_json(),
        arb_float_json(),
        slot(any::<bool>().prop_map(Json::Bool)),
        slot(prop::sample::select(vec!["fast", "slow"]).prop_map(|s| json!(s))),
    );
    let collections = (
        strings(),
        prop::collection::vec(arb_image(), 0..4),
        prop::collection::btree_map(arb_text(), arb_text(), 0..4),
        prop::collection::btree_map(arb_int_key(), arb_text(), 0..4),
        slot(
            prop::collection::btree_map(arb_text(), arb_int_json(), 0..4)
                .prop_map(|m| Json::Object(m.into_iter().collect())),
        ),
        prop::collection::vec(arb_item(), 0..4),
        slot(prop::collection::vec(arb_float_json(), 0..4).prop_map(Json::Array)),
        prop::collection::vec(arb_int_json(), 0..5),
    );
    let others = (
        slot(arb_owner()),
        slot(arb_any_json()),
        prop::collection::btree_map(
            arb_text().prop_map(|k| format!("x-{k}")),
            arb_any_json(),
            0..3,
        ),
    );
    (scalars, collections, others).prop_map(
        |(
            (name, n, f, flag, mode),
            (tags, images, labels, byid, counts, items, scores, ids),
            (owner, extra, extras),
        )| {
            let mut m: serde_json::Map<String, Json> = extras.into_iter().collect();
            m.insert("kind".to_owned(), json!("Doc"));
            m.insert("name".to_owned(), json!(name));
            m.insert("n".to_owned(), n);
            m.insert("f".to_owned(), f);
            m.insert("tags".to_owned(), json!(tags));
            m.insert("images".to_owned(), json!(images));
            m.insert("labels".to_owned(), json!(labels));
            m.insert("byid".to_owned(), json!(byid));
            m.insert("items".to_owned(), Json::Array(items));
            m.insert("ids".to_owned(), Json::Array(ids));
            for (key, value) in [
                ("flag", flag),
                ("mode", mode),
                ("counts", counts),
                ("scores", scores),
                ("owner", owner),
                ("extra", extra),
            ] {
                if let Some(v) = value {
                    m.insert(key.to_owned(), v);
                }
            }
            Json::Object(m)
        },
    )
}
