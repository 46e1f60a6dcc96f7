//! What a scanned file holds: its documents, each judged on its own, with Kubernetes `List`s
//! opened into their items and an `AdmissionReview` judged both as itself (rules about who made
//! the request) and through the object it carries.

use palisade::{Document, Value};

/// A document to judge, and where its pointers sit in the file's document.
pub struct Target {
    /// The document (or part of one).
    pub document: Document,
    /// The pointer of `document` within the file's document (`""` for a whole document).
    pub prefix: String,
    /// A short description, such as `Deployment web` or `List item 3`.
    pub label: String,
}

fn text<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    match v {
        Value::Obj(o) => match o.get(key) {
            Some(Value::Str(s)) => Some(s),
            _ => None,
        },
        _ => None,
    }
}

fn label(v: &Value) -> String {
    let kind = text(v, "kind").unwrap_or("document");
    let name = match v {
        Value::Obj(o) => match o.get("metadata") {
            Some(m) => text(m, "name").map(str::to_owned),
            None => None,
        },
        _ => None,
    };
    match name {
        Some(n) => format!("{kind} {n}"),
        None => kind.to_owned(),
    }
}

/// The targets of one document of a file.
pub fn targets(doc: &Document) -> Vec<Target> {
    let kind = text(&doc.value, "kind");
    let mut out = Vec::new();
    match kind {
        Some(k) if k.ends_with("List") => {
            let count = match &doc.value {
                Value::Obj(o) => match o.get("items") {
                    Some(Value::List(items)) => items.len(),
                    _ => 0,
                },
                _ => 0,
            };
            for i in 0..count {
                let pointer = format!("/items/{i}");
                if let Some(part) = doc.part(&pointer) {
                    out.push(Target {
                        label: label(&part.value),
                        document: part,
                        prefix: pointer,
                    });
                }
            }
        }
        Some("AdmissionReview") => {
            out.push(Target {
                document: doc.clone(),
                prefix: String::new(),
                label: "AdmissionReview".to_owned(),
            });
            if let Some(part) = doc.part("/request/object") {
                out.push(Target {
                    label: format!("{} (in AdmissionReview)", label(&part.value)),
                    document: part,
                    prefix: "/request/object".to_owned(),
                });
            }
        }
        _ => out.push(Target {
            document: doc.clone(),
            prefix: String::new(),
            label: label(&doc.value),
        }),
    }
    out
}
