//! JSON pointers of placed values. A pointer is a node of an arena that lives as long as the
//! machine: extending a pointer appends a node (no allocation of its own), a loop gives its
//! nodes back after each element. A violation copies its pointer's steps out of the arena (its
//! text is written when read: `eval/path.rs`); a view's yield writes the text of its places.

use crate::eval::path::Segment;
use crate::eval::value::Str;

/// A JSON pointer into the subject document: a node of a [`Pointers`] arena, or the root.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ptr(Option<u32>);

impl Ptr {
    /// The document root, `""`.
    pub fn root() -> Ptr {
        Ptr(None)
    }
}

#[derive(Debug)]
struct Node {
    parent: Ptr,
    segment: Segment,
}

/// The nodes of the pointers of one evaluation.
#[derive(Debug, Default)]
pub struct Pointers {
    nodes: Vec<Node>,
}

impl Pointers {
    /// `p` followed by a member name.
    pub fn key(&mut self, p: Ptr, key: Str) -> Ptr {
        self.push(p, Segment::Key(key))
    }

    /// `p` followed by an array index.
    pub fn index(&mut self, p: Ptr, index: usize) -> Ptr {
        self.push(p, Segment::Index(index))
    }

    /// `p` followed by a step.
    pub(crate) fn push(&mut self, parent: Ptr, segment: Segment) -> Ptr {
        let id = u32::try_from(self.nodes.len()).ok();
        if id.is_some() {
            self.nodes.push(Node { parent, segment });
        }
        // Four billion nodes cannot be reached under any fuel limit; past them a pointer
        // degrades to the root rather than failing.
        Ptr(id)
    }

    /// How many nodes there are: a mark to [`truncate`](Self::truncate) back to.
    pub fn mark(&self) -> usize {
        self.nodes.len()
    }

    /// Drops the nodes made since `mark`: no pointer made since is used again.
    pub fn truncate(&mut self, mark: usize) {
        self.nodes.truncate(mark);
    }

    /// The pointer as RFC 6901 text, `~` written `~0` and `/` written `~1`.
    #[cfg(test)]
    pub fn text(&self, p: Ptr) -> String {
        let mut steps = Vec::new();
        self.collect(p, &mut steps);
        String::from(crate::eval::path::ViolationPath::of_steps(steps))
    }

    /// Appends the pointer's steps to `out`, root first. Recursion follows the pointer's
    /// depth, which the value depth limit bounds.
    pub(crate) fn collect(&self, p: Ptr, out: &mut Vec<Segment>) {
        let Some(node) = p.0.and_then(|i| self.nodes.get(i as usize)) else {
            return;
        };
        self.collect(node.parent, out);
        out.push(node.segment.clone());
    }
}

/// A loop binder's pointer: its collection's pointer, with the element's position or key kept
/// apart, so that binding an element adds no node; the pointer is only put together when a
/// violation or a nested loop needs it.
#[derive(Clone, Debug)]
pub enum BinderPtr {
    /// The binder is the collection's place itself (the elements of a set have no position).
    At(Ptr),
    /// The element at a position of a list.
    Index(Ptr, usize),
    /// The entry of an object or map under a key.
    Key(Ptr, Str),
}

impl BinderPtr {
    /// The pointer, as a pointer that may be extended.
    pub fn to_ptr(&self, arena: &mut Pointers) -> Ptr {
        match self {
            BinderPtr::At(p) => *p,
            BinderPtr::Index(p, i) => arena.index(*p, *i),
            BinderPtr::Key(p, k) => arena.key(*p, k.clone()),
        }
    }

    /// Appends the pointer's steps to `out`, root first.
    pub(crate) fn collect(&self, arena: &Pointers, out: &mut Vec<Segment>) {
        match self {
            BinderPtr::At(p) => arena.collect(*p, out),
            BinderPtr::Index(p, i) => {
                arena.collect(*p, out);
                out.push(Segment::Index(*i));
            }
            BinderPtr::Key(p, k) => {
                arena.collect(*p, out);
                out.push(Segment::Key(k.clone()));
            }
        }
    }
}

/// Appends `/` and a member name, escaped.
pub fn push_key(out: &mut String, key: &str) {
    out.push('/');
    if !key.bytes().any(|b| b == b'~' || b == b'/') {
        out.push_str(key);
        return;
    }
    for c in key.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// Appends `/` and an array index in decimal.
pub fn push_index(out: &mut String, index: usize) {
    out.push('/');
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = index;
    loop {
        at -= 1;
        if let Some(d) = digits.get_mut(at) {
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || at == 0 {
            break;
        }
    }
    if let Some(Ok(text)) = digits.get(at..).map(std::str::from_utf8) {
        out.push_str(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_escape_tilde_and_slash() {
        let mut arena = Pointers::default();
        let p = arena.key(Ptr::root(), Str::from("metadata"));
        let p = arena.key(p, Str::from("labels"));
        let p = arena.key(p, Str::from("app.kubernetes.io/name~x"));
        let p = arena.index(p, 3);
        assert_eq!(
            arena.text(p),
            "/metadata/labels/app.kubernetes.io~1name~0x/3"
        );
        assert_eq!(arena.text(Ptr::root()), "");
        let mark = arena.mark();
        let q = arena.index(p, 7);
        assert_eq!(
            arena.text(q),
            "/metadata/labels/app.kubernetes.io~1name~0x/3/7"
        );
        arena.truncate(mark);
        assert_eq!(
            arena.text(p),
            "/metadata/labels/app.kubernetes.io~1name~0x/3"
        );
        for i in [0, 7, 10, 99, 1234567890, usize::MAX] {
            let mut out = String::new();
            push_index(&mut out, i);
            assert_eq!(out, format!("/{i}"));
        }
    }
}
