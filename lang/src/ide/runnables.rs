//! What an editor can run from a file: each `test` item (by its name, as the test runner knows
//! it) and each rule (by its qualified name, as evaluation knows it), with the place to show
//! the action.

use super::Snapshot;
use crate::span::{FileId, Span};
use crate::syntax::ast::ItemKind;

/// Something that can be run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Runnable {
    /// A test, by name.
    Test {
        /// The test's name.
        name: String,
    },
    /// A rule, by qualified name (`package.rule`).
    Rule {
        /// `package.rule`.
        qualified: String,
    },
}

impl Snapshot {
    /// The tests and rules of a file, in source order, with the span of the item's first line
    /// (its keyword and name).
    pub fn runnables(&self, file: FileId) -> Vec<(Runnable, Span)> {
        let Some(parse) = self.parse(file) else {
            return Vec::new();
        };
        let tree = &parse.file;
        let text = self.text(file).unwrap_or("");
        let package = tree
            .package
            .as_ref()
            .map(|p| p.dotted())
            .unwrap_or_default();
        let mut out = Vec::new();
        for item in &tree.items {
            let runnable = match &item.kind {
                ItemKind::Test(t) => match t.name.as_plain() {
                    Some(name) => Runnable::Test { name },
                    None => continue,
                },
                ItemKind::Rule(r) => Runnable::Rule {
                    qualified: format!("{package}.{}", r.name.name),
                },
                _ => continue,
            };
            // The rule's name, or the test's first line up to its `{` (keyword and name).
            let head_end = match &item.kind {
                ItemKind::Rule(r) => r.name.span.end,
                _ => {
                    let rest = text
                        .get(item.span.start as usize..item.span.end as usize)
                        .unwrap_or("");
                    let line = rest.find(['\n', '{']).unwrap_or(rest.len());
                    item.span.start
                        + u32::try_from(rest.get(..line).unwrap_or("").trim_end().len())
                            .unwrap_or(4)
                }
            };
            out.push((
                runnable,
                Span::new(item.span.start as usize, head_end as usize),
            ));
        }
        out
    }
}
