//! Source lines of an input document, kept in a tree parallel to its value so that a violation
//! reported at a JSON pointer can be shown at the line it is about. Children sit behind `Arc`
//! so that an alias shares the line tree of its anchor instead of copying it.

use std::borrow::Cow;
use std::sync::Arc;

use crate::eval::path::Segment;
use crate::eval::value::Str;

/// The 1-based source line of a node and, for collections, of each of its children.
#[derive(Clone, Debug)]
pub(crate) enum LineTree {
    /// A scalar, or a node whose children have no lines of their own.
    Leaf(u32),
    /// An array: the line of each element, in order.
    Seq(u32, Arc<[LineTree]>),
    /// An object: the line of each member, sorted by key without duplicates. Members whose
    /// value is null are kept here even though the value drops them.
    Map(u32, Arc<[(Str, LineTree)]>),
}

impl LineTree {
    /// The line of this node.
    pub(crate) fn line(&self) -> u32 {
        match self {
            LineTree::Leaf(line) | LineTree::Seq(line, _) | LineTree::Map(line, _) => *line,
        }
    }

    /// The same tree with the line of its root replaced (children are shared, not copied).
    pub(crate) fn with_line(self, line: u32) -> LineTree {
        match self {
            LineTree::Leaf(_) => LineTree::Leaf(line),
            LineTree::Seq(_, items) => LineTree::Seq(line, items),
            LineTree::Map(_, members) => LineTree::Map(line, members),
        }
    }

    /// The tree of the member `key` of an object.
    pub(crate) fn member(&self, key: &str) -> Option<&LineTree> {
        match self {
            LineTree::Map(_, members) => members
                .binary_search_by(|(k, _)| (**k).cmp(key))
                .ok()
                .and_then(|i| members.get(i))
                .map(|(_, tree)| tree),
            _ => None,
        }
    }

    /// The node at RFC 6901 pointer `pointer`, if there is one.
    pub(crate) fn at(&self, pointer: &str) -> Option<&LineTree> {
        let Some(rest) = pointer.strip_prefix('/') else {
            return pointer.is_empty().then_some(self);
        };
        let mut node = self;
        for token in rest.split('/') {
            let token = unescape(token);
            node = match node {
                LineTree::Seq(_, items) => index(&token).and_then(|i| items.get(i))?,
                LineTree::Map(..) => node.member(&token)?,
                LineTree::Leaf(_) => return None,
            };
        }
        Some(node)
    }

    /// The line of the node at RFC 6901 pointer `pointer`, or of its nearest existing
    /// ancestor when the pointer leads nowhere. A text that is not a pointer gives the root.
    pub(crate) fn line_of(&self, pointer: &str) -> u32 {
        let Some(rest) = pointer.strip_prefix('/') else {
            return self.line();
        };
        let mut node = self;
        for token in rest.split('/') {
            let token = unescape(token);
            let next = match node {
                LineTree::Seq(_, items) => index(&token).and_then(|i| items.get(i)),
                LineTree::Map(..) => node.member(&token),
                LineTree::Leaf(_) => None,
            };
            match next {
                Some(child) => node = child,
                None => break,
            }
        }
        node.line()
    }

    /// [`line_of`](Self::line_of) for a pointer given as its steps: the same line as for its
    /// text (a member name on an array is read as an index, a position on an object as a
    /// member name), found without writing the text.
    pub(crate) fn line_of_steps(&self, steps: &[Segment]) -> u32 {
        let mut node = self;
        for step in steps {
            let next = match (node, step) {
                (LineTree::Seq(_, items), Segment::Index(i)) => items.get(*i),
                (LineTree::Seq(_, items), Segment::Key(k)) => index(k).and_then(|i| items.get(i)),
                (LineTree::Map(..), Segment::Key(k)) => node.member(k),
                (LineTree::Map(..), Segment::Index(i)) => node.member(&i.to_string()),
                (LineTree::Leaf(_), _) => None,
            };
            match next {
                Some(child) => node = child,
                None => break,
            }
        }
        node.line()
    }
}

/// A pointer token with `~1` and `~0` decoded, in that order (RFC 6901, section 4).
pub(crate) fn unescape(token: &str) -> Cow<'_, str> {
    if token.contains('~') {
        Cow::Owned(token.replace("~1", "/").replace("~0", "~"))
    } else {
        Cow::Borrowed(token)
    }
}

/// An array index token: decimal digits, without a leading zero unless it is `0`.
pub(crate) fn index(token: &str) -> Option<usize> {
    let well_formed = !token.is_empty()
        && token.bytes().all(|b| b.is_ascii_digit())
        && (token == "0" || !token.starts_with('0'));
    if well_formed {
        token.parse().ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use crate::eval::input::{InputFormat, InputLimits, read_documents};
    use crate::eval::path::{Segment, ViolationPath};
    use crate::eval::value::Str;

    /// Every pointer of up to four steps drawn from names and positions that exist, do not
    /// exist, or are of the other kind: followed as steps, it finds the line its text finds.
    #[test]
    fn steps_find_the_line_their_text_finds() {
        let yaml = "\
spec:
  containers:
    - name: a
      ports: [1, 2]
    - name: b
      env:
        - name: X
  \"0\": zero
  \"a/b~c\":
    - x
  \"01\": leading
";
        let (docs, errors) =
            read_documents(yaml.as_bytes(), InputFormat::Yaml, &InputLimits::default());
        assert!(errors.is_empty(), "{errors:?}");
        let Some(doc) = docs.first() else {
            unreachable!("one document")
        };
        let candidates: Vec<Segment> = [
            "spec",
            "containers",
            "name",
            "ports",
            "env",
            "0",
            "01",
            "1",
            "a/b~c",
            "nope",
            "",
        ]
        .iter()
        .map(|k| Segment::Key(Str::from(*k)))
        .chain([0, 1, 2, 7].map(Segment::Index))
        .collect();
        let mut paths: Vec<Vec<Segment>> = vec![Vec::new()];
        for _ in 0..4 {
            let longer: Vec<Vec<Segment>> = paths
                .iter()
                .filter(|p| p.len() == paths.last().map_or(0, Vec::len))
                .flat_map(|p| {
                    candidates.iter().map(move |c| {
                        let mut q = p.clone();
                        q.push(c.clone());
                        q
                    })
                })
                .collect();
            paths.extend(longer);
        }
        let mut distinct = std::collections::BTreeSet::new();
        for steps in paths {
            let path = ViolationPath::of_steps(steps);
            let by_steps = doc.violation_line(&path);
            assert!(!path.is_written(), "following steps writes no text");
            let by_text = doc.source_line(path.as_str());
            assert_eq!(by_steps, by_text, "{path}");
            distinct.extend(by_text);
        }
        assert!(
            distinct.len() >= 8,
            "the walk reaches many lines: {distinct:?}"
        );
    }
}
