//! YAML merge keys: `<<: *defaults` (or a list of such) in a mapping adds the members of the
//! merged mappings that the mapping does not write itself. Merge keys belong to YAML 1.1, not
//! the 1.2 core schema, but CI configurations (GitLab CI above all) and Compose files rely on
//! them, and a policy that saw `<<` as an ordinary key would miss what a job really runs.

use std::collections::HashSet;
use std::sync::Arc;

use super::build::Refusal;
use super::lines::LineTree;
use crate::eval::value::{Obj, Str, Value};

/// A mapping merged into another, with its lines.
pub(super) struct Source {
    obj: Arc<Obj>,
    lines: LineTree,
}

/// Adds the value of a merge key (a mapping, or a list of mappings) to `sources`, which are
/// kept in order of precedence.
pub(super) fn add_sources(
    value: &Value,
    lines: &LineTree,
    sources: &mut Vec<Source>,
) -> Result<(), Refusal> {
    let invalid = || {
        Refusal::malformed("the value of a merge key `<<` must be a mapping or a list of mappings")
    };
    match value {
        Value::Obj(obj) => sources.push(Source {
            obj: Arc::clone(obj),
            lines: lines.clone(),
        }),
        Value::List(items) => {
            for (i, item) in items.iter().enumerate() {
                let Value::Obj(obj) = item else {
                    return Err(invalid());
                };
                let item_lines = match lines {
                    LineTree::Seq(_, trees) => trees.get(i).cloned(),
                    _ => None,
                };
                sources.push(Source {
                    obj: Arc::clone(obj),
                    lines: item_lines.unwrap_or(LineTree::Leaf(lines.line())),
                });
            }
        }
        _ => return Err(invalid()),
    }
    Ok(())
}

/// Adds to `members` the members of `sources` whose keys are not written in the mapping
/// itself nor in an earlier source. Each merged member keeps the line where it is written.
pub(super) fn apply(members: &mut Vec<(Str, Value, LineTree)>, sources: Vec<Source>) {
    if sources.is_empty() {
        return;
    }
    let mut present: HashSet<Str> = members.iter().map(|m| m.0.clone()).collect();
    for source in sources {
        for (key, value) in source.obj.entries() {
            if present.insert(key.clone()) {
                let tree = source.lines.member(key).cloned();
                let tree = tree.unwrap_or(LineTree::Leaf(source.lines.line()));
                members.push((key.clone(), value.clone(), tree));
            }
        }
    }
}
