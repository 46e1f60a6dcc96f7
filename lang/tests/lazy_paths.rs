//! Violation pointers are kept as steps and written as text only when read: deciding, and
//! finding the source line of each violation, write none of them; reading one gives the text
//! RFC 6901 specifies, escapes included.

use palisade::{
    Document, EvalOptions, FileId, InputFormat, InputLimits, PolicySet, read_documents,
};

const POLICY: &str = r#"package t

type Item = { name: string, tags: map<string, string>?, .. }
type Doc = { kind: "List", items: list<Item>, .. }

rule named(d: Doc) {
  meta { id: "T-NAMED" title: "Items are named" }
  for item in d.items {
    if item.name == "" {
      violation "an item has no name" at item.name
    }
    for k, v in item.tags ?? map{} {
      if v == "" {
        violation "tag {k} is empty" at item.tags?[k]
      }
    }
  }
}
"#;

const YAML: &str = "\
kind: List
items:
  - name: a
  - name: \"\"
    tags:
      app.kubernetes.io/name: \"\"
      ok: yes
";

fn set() -> PolicySet {
    PolicySet::compile(&[(FileId(0), POLICY)])
        .unwrap_or_else(|e| unreachable!("the policy compiles: {e:?}"))
}

fn read(yaml: &str) -> Document {
    let (mut docs, errors) =
        read_documents(yaml.as_bytes(), InputFormat::Yaml, &InputLimits::default());
    assert!(errors.is_empty(), "{errors:?}");
    docs.pop().unwrap_or_else(|| unreachable!("one document"))
}

#[test]
fn deciding_writes_no_pointer_text_until_one_is_read() {
    let set = set();
    let from_file = read(YAML);
    let from_value = Document::from_value(0, from_file.value.clone());
    for doc in [&from_file, &from_value] {
        let decision = set.evaluate(doc, &EvalOptions::default());
        let violations: Vec<_> = decision.violations().map(|(_, v)| v).collect();
        assert_eq!(violations.len(), 2, "{decision:?}");
        assert!(
            violations.iter().all(|v| !v.path.is_written()),
            "no text is written while deciding or finding lines"
        );
        let texts: Vec<&str> = violations.iter().map(|v| v.path.as_str()).collect();
        assert_eq!(
            texts,
            ["/items/1/name", "/items/1/tags/app.kubernetes.io~1name"]
        );
        assert!(violations.iter().all(|v| v.path.is_written()));
        let lines: Vec<Option<u32>> = violations.iter().map(|v| v.line).collect();
        if doc.source_line("").is_some() {
            // The lines found from the steps are those of the written text.
            assert_eq!(lines, [Some(4), Some(6)]);
            for v in &violations {
                assert_eq!(v.line, doc.source_line(&v.path));
            }
        } else {
            assert_eq!(lines, [None, None]);
        }
    }
}

#[test]
fn a_decision_reads_the_same_whether_its_pointers_were_written_or_not() {
    let set = set();
    let doc = read(YAML);
    let options = EvalOptions::default();
    let (read_first, unread) = (set.evaluate(&doc, &options), set.evaluate(&doc, &options));
    for (_, v) in read_first.violations() {
        let _ = v.path.as_str();
    }
    assert_eq!(read_first, unread, "equality compares texts");
    let json = serde_json::to_value(&unread).expect("serialises");
    assert_eq!(
        json["rules"][0]["violations"][1]["path"],
        "/items/1/tags/app.kubernetes.io~1name"
    );
    let back: palisade::Decision = serde_json::from_value(json).expect("deserialises");
    assert_eq!(back, read_first);
}
