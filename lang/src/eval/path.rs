//! The JSON pointer of a violation, kept as the steps into the document that a rule took and
//! written as RFC 6901 text only when something reads it (once: the text is kept). Deciding
//! writes none for violations of the document itself; a host that reads verdicts and counts
//! does not pay for them. Violations found through a view, whose pointers are moved into the
//! document, and decisions that are compared, printed or serialised have their texts written.

use super::value::Str;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// One step of a pointer: a member name or an array position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Segment {
    /// A member name (written escaped: `~` as `~0`, `/` as `~1`).
    Key(Str),
    /// A position in an array.
    Index(usize),
}

/// The JSON pointer (RFC 6901) of the offending place of a violation; `""` for the root.
///
/// It reads as a string: it dereferences to `str`, displays, compares with strings and
/// serialises as its text. The text is written from the steps the first time it is read.
#[derive(Clone, Default)]
pub struct ViolationPath {
    /// The steps, root first, when the pointer was recorded as steps (`None` when it was
    /// given as text).
    steps: Option<Vec<Segment>>,
    /// The text, once written (or as given).
    text: OnceLock<String>,
}

impl ViolationPath {
    /// A pointer of these steps; its text is written when first read.
    pub(crate) fn of_steps(steps: Vec<Segment>) -> ViolationPath {
        ViolationPath {
            steps: Some(steps),
            text: OnceLock::new(),
        }
    }

    /// The steps, when the pointer was recorded as steps and not given as text (whether or
    /// not its text has been written since).
    pub(crate) fn steps(&self) -> Option<&[Segment]> {
        self.steps.as_deref()
    }

    /// The pointer's text.
    pub fn as_str(&self) -> &str {
        self.text
            .get_or_init(|| write(self.steps.as_deref().unwrap_or_default()))
    }

    /// Whether the text has been written yet (read, compared, serialised or given).
    pub fn is_written(&self) -> bool {
        self.text.get().is_some()
    }
}

/// The RFC 6901 text of steps, sized before it is written.
fn write(steps: &[Segment]) -> String {
    let len: usize = steps
        .iter()
        .map(|s| match s {
            Segment::Key(k) => 1 + k.len() + k.bytes().filter(|b| *b == b'~' || *b == b'/').count(),
            Segment::Index(i) => 1 + digits(*i),
        })
        .sum();
    let mut out = String::with_capacity(len);
    for s in steps {
        match s {
            Segment::Key(k) => super::interp::push_key(&mut out, k),
            Segment::Index(i) => super::interp::push_index(&mut out, *i),
        }
    }
    out
}

/// The number of decimal digits of `n`.
fn digits(n: usize) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

impl From<String> for ViolationPath {
    fn from(text: String) -> ViolationPath {
        ViolationPath {
            steps: None,
            text: OnceLock::from(text),
        }
    }
}

impl From<&str> for ViolationPath {
    fn from(text: &str) -> ViolationPath {
        ViolationPath::from(text.to_owned())
    }
}

impl From<ViolationPath> for String {
    fn from(p: ViolationPath) -> String {
        p.as_str();
        p.text.into_inner().unwrap_or_default()
    }
}

impl std::ops::Deref for ViolationPath {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for ViolationPath {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Debug for ViolationPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for ViolationPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq for ViolationPath {
    fn eq(&self, other: &ViolationPath) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for ViolationPath {}

impl PartialEq<str> for ViolationPath {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for ViolationPath {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for ViolationPath {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<ViolationPath> for &str {
    fn eq(&self, other: &ViolationPath) -> bool {
        *self == other.as_str()
    }
}

impl Serialize for ViolationPath {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ViolationPath {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<ViolationPath, D::Error> {
        String::deserialize(deserializer).map(ViolationPath::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(k: &str) -> Segment {
        Segment::Key(Str::from(k))
    }

    #[test]
    fn steps_are_written_escaped_when_first_read() {
        let p = ViolationPath::of_steps(vec![
            key("spec"),
            key("containers"),
            Segment::Index(10),
            key("a/b~c"),
            Segment::Index(0),
        ]);
        assert!(!p.is_written());
        assert_eq!(p, "/spec/containers/10/a~1b~0c/0");
        assert!(p.is_written());
        assert_eq!(ViolationPath::of_steps(Vec::new()), "");
        assert_eq!(ViolationPath::from("/x".to_owned()), "/x");
    }

    #[test]
    fn steps_are_kept_after_the_text_is_written_and_absent_for_given_text() {
        let root = ViolationPath::of_steps(Vec::new());
        assert_eq!(root.steps(), Some(&[][..]));
        assert_eq!(root.as_str(), "");
        assert_eq!(
            root.steps(),
            Some(&[][..]),
            "the root stays recorded as steps"
        );
        let p = ViolationPath::of_steps(vec![key("a"), Segment::Index(1)]);
        assert_eq!(p.steps().map(<[Segment]>::len), Some(2));
        assert_eq!(p, "/a/1");
        assert_eq!(p.steps().map(<[Segment]>::len), Some(2));
        assert_eq!(ViolationPath::from("").steps(), None);
        assert_eq!(ViolationPath::from("/a/1").steps(), None);
        assert_eq!(ViolationPath::default().steps(), None);
        assert_eq!(ViolationPath::default(), "");
    }

    #[test]
    fn paths_compare_and_serialise_as_their_text() {
        // The same text from other steps is the same pointer.
        let a = ViolationPath::of_steps(vec![key("items"), Segment::Index(0)]);
        let b = ViolationPath::of_steps(vec![key("items"), key("0")]);
        assert_eq!(a, b);
        assert_eq!(a, ViolationPath::from("/items/0"));
        let json = serde_json::to_string(&a).unwrap_or_default();
        assert_eq!(json, "\"/items/0\"");
        let back: ViolationPath = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(back, a);
        assert_eq!(format!("{a} {a:?}"), "/items/0 \"/items/0\"");
        assert_eq!(String::from(a.clone()), "/items/0");
        for n in [0, 9, 10, 99, 100, usize::MAX] {
            assert_eq!(digits(n), n.to_string().len());
        }
    }
}
