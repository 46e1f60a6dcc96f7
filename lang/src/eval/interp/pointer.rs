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
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    /// Appends the pointer's text to `out`, root first. Recursion follows the pointer's depth,
    /// which the value depth limit bounds.
    pub fn write(&self, out: &mut String) {
        if let Some(node) = &self.0 {
            node.parent.write(out);
            match &node.segment {
                Segment::Key(k) => push_key(out, k),
                Segment::Index(i) => push_index(out, *i),
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
        let p = Ptr::root()
            .key(Str::from("metadata"))
            .key(Str::from("labels"))
            .key(Str::from("app.kubernetes.io/name~x"))
            .index(3);
        assert_eq!(p.text(), "/metadata/labels/app.kubernetes.io~1name~0x/3");
        assert_eq!(Ptr::root().text(), "");
        for i in [0, 7, 10, 99, 1234567890, usize::MAX] {
            let mut out = String::new();
            push_index(&mut out, i);
            assert_eq!(out, format!("/{i}"));
        }
    }
}
