//! Which documents a file holds to judge: each document of a stream on its own, a Kubernetes
//! `List` opened into its items, and an `AdmissionReview` judged both as itself (rules about
//! the request: who made it, the operation, the old object) and through the object it carries.
//!
//! The object of a DELETE is not a target: its `request.object` is absent and the object being
//! deleted is `request.oldObject`, which rules over the review itself can read. Judging the old
//! object as if it were created would refuse the deletion of every non-compliant object.

use palisade::{Document, Value};
pub use palisade_formats::{fixture_value, read_file};

/// A document to judge, and where its pointers sit in the file's document.
pub struct Target {
    /// The document (or part of one).
    pub document: Document,
    /// The pointer of `document` within the file's document (`""` for a whole document).
    pub prefix: String,
    /// A short description, such as `Deployment web` or `List item 3`.
    pub label: String,
    /// Targets with the same group stand for one object (a review and the object it carries):
    /// "no rule applied" is decided per group.
    pub group: usize,
    /// Whether the target only wraps the object of its group (a review carrying an object):
    /// "no rule applied" is then decided on the object alone, since rules about reviews (who
    /// may create what) apply to every review.
    pub wrapper: bool,
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

/// `Kind name` of a Kubernetes object (or of a document with a top-level `name`, as a
/// workflow has), or its kind alone, or `document`.
pub fn label(v: &Value) -> String {
    let kind = text(v, "kind").unwrap_or("document");
    let name = match v {
        Value::Obj(o) => match o.get("metadata") {
            Some(m) => text(m, "name").map(str::to_owned),
            None => text(v, "name").map(str::to_owned),
        },
        _ => None,
    };
    match name {
        Some(n) => format!("{kind} {n}"),
        None => kind.to_owned(),
    }
}

/// The member of a Kubernetes `List` that holds its items: the engine has the readers hand
/// its elements over one at a time.
pub const LIST_ITEMS: &str = "items";

/// Whether a document is a Kubernetes `List` (any `…List` kind with an `items` list), whose
/// items are judged, not the list. A `…List` without an `items` list (a custom resource such
/// as `IPAllowList`) is judged as itself.
pub fn is_list(value: &Value) -> bool {
    let has_items =
        matches!(value, Value::Obj(o) if matches!(o.get(LIST_ITEMS), Some(Value::List(_))));
    has_items && text(value, "kind").is_some_and(|k| k.ends_with("List"))
}

/// The targets of one document of a file; groups are numbered from `first_group`.
pub fn targets(doc: &Document, first_group: usize) -> Vec<Target> {
    let kind = text(&doc.value, "kind");
    let mut out = Vec::new();
    match kind {
        _ if is_list(&doc.value) => {
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
                        group: first_group + i,
                        wrapper: false,
                    });
                }
            }
        }
        Some("AdmissionReview") => {
            let object = doc
                .part("/request/object")
                .filter(|part| !matches!(part.value, Value::None));
            out.push(Target {
                document: doc.clone(),
                prefix: String::new(),
                label: "AdmissionReview".to_owned(),
                group: first_group,
                wrapper: object.is_some(),
            });
            if let Some(part) = object {
                out.push(Target {
                    label: format!("{} (in AdmissionReview)", label(&part.value)),
                    document: part,
                    prefix: "/request/object".to_owned(),
                    group: first_group,
                    wrapper: false,
                });
            }
        }
        _ => out.push(Target {
            document: doc.clone(),
            prefix: String::new(),
            label: label(&doc.value),
            group: first_group,
            wrapper: false,
        }),
    }
    out
}

/// Whether a file is one the engine reads, by its name: YAML (`.yaml`, `.yml`) and JSON
/// (`.json`) documents, Dockerfiles (`Dockerfile`, `*.Dockerfile`, `Dockerfile.*`,
/// `Containerfile`) and Terraform files (`*.tf`).
pub fn recognizes(file_name: &str) -> bool {
    [".yaml", ".yml", ".json"]
        .iter()
        .any(|ext| file_name.ends_with(ext))
        || palisade_formats::dockerfile::recognizes(file_name)
        || palisade_formats::terraform::recognizes(file_name)
}

/// Whether a file is a Terraform file (`*.tf`), which is read with the other `*.tf` files of
/// its directory as its module's context ([`Engine::scan_with_context`](crate::Engine::scan_with_context)).
pub fn is_terraform(file_name: &str) -> bool {
    // A name both readers take (`Dockerfile.tf`) is a Dockerfile's, as the readers decide.
    palisade_formats::terraform::recognizes(file_name)
        && !palisade_formats::dockerfile::recognizes(file_name)
}

/// Whether a file met while walking a directory is one to judge: a name [`recognizes`]
/// accepts, and inside a `.github` directory only workflows (`.github/workflows/*.yml`) and
/// actions (`action.yml`), not the other settings kept there (`dependabot.yml`, issue
/// templates, labeler configuration), which no rule is about. (A file named on the command
/// line is judged whatever it is.)
pub fn walk_target(path: &str) -> bool {
    let path = path.replace('\\', "/");
    let name = path.rsplit('/').next().unwrap_or(&path);
    if !recognizes(name) {
        return false;
    }
    let in_github = path.starts_with(".github/") || path.contains("/.github/");
    !in_github
        || palisade_formats::github::in_workflows_dir(&path)
        || name == "action.yml"
        || name == "action.yaml"
}
