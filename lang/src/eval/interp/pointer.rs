//! JSON pointers of placed values, built as persistent linked lists: extending a pointer for
//! each element of a loop is one small allocation, and the text is written only when a
//! violation is recorded.

use crate::eval::value::Str;
use std::sync::Arc;

/// A JSON pointer into the subject document.
#[derive(Clone, Debug)]
pub struct Ptr(Option<Arc<Node>>);

#[derive(Debug)]
struct Node {
    parent: Ptr,
    segment: Segment,
}

#[derive(Debug)]
enum Segment {
    Key(Str),
    Index(usize),
}

impl Ptr {
    /// The document root, `""`.
    pub fn root() -> Ptr {
        Ptr(None)
    }

    /// This pointer followed by a member name.
    pub fn key(&self, key: Str) -> Ptr {
        Ptr(Some(Arc::new(Node {
            parent: self.clone(),
            segment: Segment::Key(key),
        })))
    }

    /// This pointer followed by an array index.
    pub fn index(&self, index: usize) -> Ptr {
        Ptr(Some(Arc::new(Node {
            parent: self.clone(),
            segment: Segment::Index(index),
        })))
    }

    /// The pointer as RFC 6901 text, `~` written `~0` and `/` written `~1`.
    pub fn text(&self) -> String {
        let mut segments: Vec<&Segment> = Vec::with_capacity(8);
        let mut at = &self.0;
        while let Some(node) = at {
            segments.push(&node.segment);
            at = &node.parent.0;
        }
        let mut out = String::with_capacity(segments.len() * 12);
        for s in segments.iter().rev() {
            out.push('/');
            match s {
                Segment::Key(k) if !k.contains(['~', '/']) => out.push_str(k),
                Segment::Key(k) => {
                    for c in k.chars() {
                        match c {
                            '~' => out.push_str("~0"),
                            '/' => out.push_str("~1"),
                            c => out.push(c),
                        }
                    }
                }
                Segment::Index(i) => {
                    use std::fmt::Write as _;
                    let _ = write!(out, "{i}");
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_escape_tilde_and_slash() {
        let p = Ptr::root()
            .key(Str::from("metadata"))
            .key(Str::from("labels"))
            .key(Str::from("app.kubernetes.io/name~x"))
            .index(3);
        assert_eq!(p.text(), "/metadata/labels/app.kubernetes.io~1name~0x/3");
        assert_eq!(Ptr::root().text(), "");
    }
}
