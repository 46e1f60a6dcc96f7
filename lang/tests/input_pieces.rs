//! Tests of reading an input piece by piece (`palisade::read_pieces`): the elements of a split
//! member come one at a time, each under the limits on its own, with the file's lines; a
//! refused element is reported and passed over while the document goes on; and putting the
//! pieces back together gives exactly the documents that reading whole gives.

use palisade::diagnostics::codes;
use palisade::{
    Document, InputError, InputFormat, InputLimits, Piece, read_documents, read_pieces,
};
use proptest::prelude::*;
use serde_json::{Value as Json, json};

/// The pieces of a text read with `items` split, in order.
fn pieces(text: &str, format: InputFormat, limits: &InputLimits) -> Vec<Piece> {
    let mut out = Vec::new();
    read_pieces(text.as_bytes(), format, limits, Some("items"), &mut |p| {
        out.push(p);
    });
    out
}

/// A short description of each piece: `element 0 @3`, `rest 2 exact`, `E0402 @5`, `doc`.
fn outline(pieces: &[Piece]) -> Vec<String> {
    pieces
        .iter()
        .map(|p| match p {
            Piece::Element { position, element } => {
                format!("element {position} of {} @{}", element.index, element.line)
            }
            Piece::Rest {
                document,
                elements,
                exact,
            } => format!(
                "rest {} of {elements}{}",
                document.index,
                if *exact { "" } else { " inexact" }
            ),
            Piece::Document(d) => format!("document {}", d.index),
            Piece::Unreadable(e) => format!("{} @{}:{}", e.code.as_str(), e.line, e.column),
        })
        .collect()
}

/// The documents the pieces stand for: each split document with its elements put back.
fn reassemble(pieces: Vec<Piece>) -> (Vec<Json>, Vec<InputError>) {
    let mut docs = Vec::new();
    let mut elements: Vec<Json> = Vec::new();
    let mut errors = Vec::new();
    for piece in pieces {
        match piece {
            Piece::Element { position, element } => {
                assert_eq!(position, elements.len(), "elements come in order");
                elements.push(element.value.to_json());
            }
            Piece::Rest { document, .. } => {
                let mut value = document.value.to_json();
                if let Some(members) = value.as_object_mut() {
                    members.insert(
                        "items".to_owned(),
                        Json::Array(std::mem::take(&mut elements)),
                    );
                }
                docs.push(value);
            }
            Piece::Document(d) => docs.push(d.value.to_json()),
            Piece::Unreadable(e) => errors.push(e),
        }
    }
    (docs, errors)
}

/// The 1-based character column where `needle` starts in its line of `text`.
fn column_in_line(text: &str, needle: &str) -> usize {
    let at = text.find(needle).unwrap_or_default();
    let line_start = text
        .get(..at)
        .and_then(|b| b.rfind('\n'))
        .map_or(0, |i| i + 1);
    text.get(line_start..at).map_or(0, |s| s.chars().count()) + 1
}

fn whole(text: &str, format: InputFormat) -> (Vec<Document>, Vec<InputError>) {
    read_documents(text.as_bytes(), format, &InputLimits::default())
}

const LIST: &str = "\
apiVersion: v1
items:
- kind: Pod
  metadata:
    name: a
- kind: Service
  metadata:
    name: b
kind: List
";

#[test]
fn the_items_of_a_list_come_one_at_a_time_then_the_rest() {
    let got = pieces(LIST, InputFormat::Yaml, &InputLimits::default());
    assert_eq!(
        outline(&got),
        ["element 0 of 0 @3", "element 1 of 0 @6", "rest 0 of 2"]
    );
    let Some(Piece::Element { element, .. }) = got.get(1) else {
        panic!("the second piece is an element")
    };
    assert_eq!(element.line_of("/metadata/name"), 8, "the file's lines");
    assert_eq!(element.value.to_json()["kind"], "Service");
    let (docs, errors) = reassemble(got);
    assert!(errors.is_empty());
    assert_eq!(docs, [whole(LIST, InputFormat::Yaml).0[0].value.to_json()]);
}

#[test]
fn only_an_array_under_the_member_of_a_root_object_is_split() {
    let text = "\
kind: A
spec:
  items: [1, 2]
---
items: not-an-array
---
- items: [1]
---
items: [3]
---
<<: {items: [4]}
";
    let got = pieces(text, InputFormat::Yaml, &InputLimits::default());
    assert_eq!(
        outline(&got),
        [
            "document 0",
            "document 1",
            "document 2",
            "element 0 of 3 @9",
            "rest 3 of 1",
            "document 4",
        ]
    );
}

#[test]
fn each_element_is_counted_on_its_own() {
    // Twenty elements of five values each: a hundred values in the document, five in each.
    let items: Vec<Json> = (0..20).map(|i| json!({"a": i, "b": [i, i]})).collect();
    let text = json!({"kind": "List", "items": items}).to_string();
    let limits = InputLimits {
        max_nodes: 10,
        max_collection_len: 5,
        ..InputLimits::default()
    };
    let (_, errors) = read_documents(text.as_bytes(), InputFormat::Json, &limits);
    assert_eq!(errors.first().map(|e| e.code), Some(codes::INPUT_TOO_LARGE));
    let got = pieces(&text, InputFormat::Json, &limits);
    assert_eq!(got.len(), 21, "{:?}", outline(&got));
    let (docs, errors) = reassemble(got);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        docs.first().map(|d| d["items"].as_array().map(Vec::len)),
        Some(Some(20))
    );
}

#[test]
fn a_refused_element_is_passed_over_and_the_document_goes_on() {
    let text = "\
kind: List
items:
- name: fine
- name: deep
  spec: [[[[[[[[1]]]]]]]]
- name: big
  data: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]
- alias-free
metadata: {name: after}
";
    let limits = InputLimits {
        max_depth: 6,
        max_nodes: 20,
        ..InputLimits::default()
    };
    let got = pieces(text, InputFormat::Yaml, &limits);
    // Depth 7 is the fourth `[`; the twentieth value of the element (three are the rest of
    // the document's) is `14`, so `15` is one too many.
    let deep = column_in_line(text, "spec: [[[[") + 9;
    let big = column_in_line(text, " 15,") + 1;
    assert_eq!(
        outline(&got),
        [
            "element 0 of 0 @3".to_owned(),
            format!("{} @5:{deep}", codes::INPUT_TOO_DEEP.as_str()),
            format!("{} @7:{big}", codes::INPUT_TOO_LARGE.as_str()),
            "element 3 of 0 @8".to_owned(),
            "rest 0 of 4".to_owned(),
        ]
    );
    let Some(Piece::Rest { document, .. }) = got.last() else {
        panic!("the document comes last")
    };
    assert_eq!(document.value.to_json()["metadata"]["name"], "after");
}

#[test]
fn json_elements_refused_on_one_long_line_have_their_columns() {
    let text = r#"{"items":[{"a":1},{"deep":[[[[[[1]]]]]]},{"b":2},{"deep":[[[[[[2]]]]]]}],"kind":"List"}"#;
    let limits = InputLimits {
        max_depth: 5,
        ..InputLimits::default()
    };
    let got = pieces(text, InputFormat::Json, &limits);
    // Depth 6 is the third `[` of the element's array of arrays.
    let first = column_in_line(text, "[[[[[[1") + 2;
    let second = column_in_line(text, "[[[[[[2") + 2;
    let deep = codes::INPUT_TOO_DEEP.as_str();
    assert_eq!(
        outline(&got),
        [
            "element 0 of 0 @1".to_owned(),
            format!("{deep} @1:{first}"),
            "element 2 of 0 @1".to_owned(),
            format!("{deep} @1:{second}"),
            "rest 0 of 4".to_owned(),
        ]
    );
}

#[test]
fn a_json_member_written_twice_is_not_exact() {
    let text = r#"{"items": [1, 2], "kind": "List", "items": [3]}"#;
    let got = pieces(text, InputFormat::Json, &InputLimits::default());
    assert_eq!(
        outline(&got),
        [
            "element 0 of 0 @1",
            "element 1 of 0 @1",
            "element 0 of 0 @1",
            "rest 0 of 3 inexact",
        ]
    );
}

#[test]
fn the_length_of_a_split_array_is_not_limited() {
    let items: Vec<Json> = (0..50).map(|i| json!({ "i": i })).collect();
    let text = json!({ "items": items }).to_string();
    let limits = InputLimits {
        max_collection_len: 10,
        ..InputLimits::default()
    };
    let got = pieces(&text, InputFormat::Json, &limits);
    assert_eq!(
        outline(&got).last().map(String::as_str),
        Some("rest 0 of 50")
    );
    assert!(!got.iter().any(|p| matches!(p, Piece::Unreadable(_))));
}

#[test]
fn anchors_reach_across_elements() {
    let text = "\
items:
- &base {image: nginx, tag: '1.27'}
- <<: *base
  tag: '1.28'
- *base
";
    let (docs, errors) = reassemble(pieces(text, InputFormat::Yaml, &InputLimits::default()));
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        docs,
        [json!({"items": [
            {"image": "nginx", "tag": "1.27"},
            {"image": "nginx", "tag": "1.28"},
            {"image": "nginx", "tag": "1.27"},
        ]})]
    );
}

#[test]
fn a_syntax_error_ends_the_stream_after_the_elements_read() {
    let text = "items:\n- a: 1\n- b: [2\n";
    let got = pieces(text, InputFormat::Yaml, &InputLimits::default());
    let outline = outline(&got);
    assert_eq!(
        outline.first().map(String::as_str),
        Some("element 0 of 0 @2")
    );
    assert_eq!(outline.len(), 2, "{outline:?}");
    let malformed = codes::MALFORMED_INPUT.as_str();
    assert_eq!(outline.get(1), Some(&format!("{malformed} @3:6")));
}

/// A random JSON value of bounded size.
fn value() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        (-1000i64..1000).prop_map(|n| json!(n)),
        "[a-z ]{0,6}".prop_map(Json::String),
    ];
    leaf.prop_recursive(4, 40, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Json::Array),
            prop::collection::btree_map("[a-z]{1,3}|items", inner, 0..5)
                .prop_map(|m| Json::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Reading piece by piece and putting the pieces back gives what reading whole gives, in
    /// JSON and (as flow collections) in YAML, and each element's lines are the file's.
    #[test]
    fn pieces_put_back_are_the_whole_documents(
        items in prop::collection::vec(value(), 0..6),
        rest in prop::collection::btree_map("[a-z]{1,3}", value(), 0..4),
        pretty in any::<bool>(),
        yaml in any::<bool>(),
    ) {
        let mut root: serde_json::Map<String, Json> = rest.into_iter().collect();
        root.insert("items".to_owned(), Json::Array(items));
        let root = Json::Object(root);
        let text = if pretty {
            serde_json::to_string_pretty(&root).unwrap_or_default()
        } else {
            root.to_string()
        };
        let format = if yaml { InputFormat::Yaml } else { InputFormat::Json };
        let (expected, expected_errors) = whole(&text, format);
        let got = pieces(&text, format, &InputLimits::default());
        for piece in &got {
            if let (Piece::Element { position, element }, Some(full)) = (piece, expected.first()) {
                let pointer = format!("/items/{position}");
                prop_assert_eq!(element.line, full.line_of(&pointer));
            }
        }
        let (docs, errors) = reassemble(got);
        let expected: Vec<Json> = expected.iter().map(|d| d.value.to_json()).collect();
        prop_assert_eq!(docs, expected);
        prop_assert_eq!(errors, expected_errors);
    }
}
