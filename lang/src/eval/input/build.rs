//! The tree builder both readers feed: it turns a stream of "open a collection", "a key", "a
//! scalar", "an alias", "close" steps into a value and its line tree, with no recursion, and it
//! is where every structural limit is enforced. Keeping the limits here means JSON and YAML
//! cannot drift apart on what they accept.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::lines::LineTree;
use super::{InputLimits, merge};
use crate::diagnostics::Code;
use crate::diagnostics::codes;
use crate::eval::value::{Obj, Str, Value};

/// Why the builder refused a step; the reader adds the location.
#[derive(Debug)]
pub(super) struct Refusal {
    /// The error code.
    pub code: Code,
    /// The message, lowercase, no trailing period.
    pub message: String,
}

impl Refusal {
    /// A refusal for a document that is not well-formed.
    pub(super) fn malformed(message: impl Into<String>) -> Refusal {
        Refusal {
            code: codes::MALFORMED_INPUT,
            message: message.into(),
        }
    }
}

/// The refusal for nesting deeper than the limit.
pub(super) fn too_deep(limits: &InputLimits) -> Refusal {
    Refusal {
        code: codes::INPUT_TOO_DEEP,
        message: format!("input nests deeper than {} levels", limits.max_depth),
    }
}

/// What to do with a key written twice in one object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Duplicates {
    /// The last member wins (JSON, as `serde_json` and most readers do).
    LastWins,
    /// The document is malformed (YAML, whose mappings have unique keys by definition).
    Refuse,
}

/// The kind of a collection being opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Collection {
    /// An array (sequence).
    Array,
    /// An object (mapping).
    Object,
}

/// A finished node: its value, its lines, how many nodes it stands for and how deep it nests.
#[derive(Clone, Debug)]
pub(super) struct Node {
    /// The value.
    pub value: Value,
    /// The lines, parallel to the value.
    pub lines: LineTree,
    /// The number of values in it, aliases expanded.
    nodes: usize,
    /// The number of nested collections in it: 0 for a scalar.
    height: usize,
    /// For a scalar, its text as written, which is what it means as a key.
    text: Option<Str>,
}

/// A key waiting for its value.
struct Key {
    text: Str,
    line: u32,
    merge: bool,
}

/// An open collection.
struct Frame {
    line: u32,
    anchor: usize,
    /// The node count when the frame was opened, itself included.
    nodes_before: usize,
    height: usize,
    body: Body,
    /// For the split array (see [`Builder::split`]), how many of its elements were handed over
    /// or refused so far.
    split: Option<usize>,
}

enum Body {
    Array(Vec<Value>, Vec<LineTree>),
    Object {
        members: Vec<(Str, Value, LineTree)>,
        key: Option<Key>,
        merges: Vec<merge::Source>,
        /// The keys so far, once the object is large enough for a set to pay (YAML only).
        seen: Option<HashSet<Str>>,
    },
}

/// Builds one document at a time; [`Builder::finish`] hands it over and starts afresh.
pub(super) struct Builder<'l> {
    limits: &'l InputLimits,
    duplicates: Duplicates,
    stack: Vec<Frame>,
    nodes: usize,
    anchors: HashMap<usize, Node>,
    root: Option<Node>,
    /// Short keys seen in the stream so far: a stream of manifests repeats the same few dozen
    /// keys in every document, and sharing them saves a fifth of the memory.
    keys: HashSet<Str>,
    /// The member of a root object whose array elements are handed over one at a time.
    split: Option<Str>,
    /// An element of the split array just finished, with its position, for the reader to take.
    element: Option<(usize, Node)>,
    /// How many collections the reader has opened and not closed in this document, refused
    /// ones included (the split array is at level 2, its elements' contents below it).
    level: usize,
    /// While an element of the split array that was refused is being passed over.
    skipping: bool,
    /// How many split arrays this document had (more than one only when a JSON object writes
    /// the member twice), and how many elements they handed over or refused in all.
    split_runs: usize,
    split_elements: usize,
    /// Elements of the split array refused (and passed over) in this document.
    refused_elements: usize,
}

/// The most elements of one document passed over for a limit; the next refusal refuses the
/// document.
pub(super) const MAX_REFUSED_ELEMENTS: usize = 100;

/// What a document whose split array was handed over element by element says about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct SplitSummary {
    /// How many split arrays the document had.
    pub runs: usize,
    /// How many elements they held, refused ones included.
    pub elements: usize,
}

/// Keys longer than this are not shared.
const SHARED_KEY_BYTES: usize = 64;
/// The most keys shared; the rest are allocated one by one.
const SHARED_KEYS: usize = 4096;

impl<'l> Builder<'l> {
    /// A builder enforcing `limits`.
    pub(super) fn new(limits: &'l InputLimits, duplicates: Duplicates) -> Builder<'l> {
        Builder {
            limits,
            duplicates,
            stack: Vec::new(),
            nodes: 0,
            anchors: HashMap::new(),
            root: None,
            keys: HashSet::new(),
            split: None,
            element: None,
            level: 0,
            skipping: false,
            split_runs: 0,
            split_elements: 0,
            refused_elements: 0,
        }
    }

    /// Hands over the elements of the array under `member` of a root object one at a time
    /// ([`Builder::take_element`]) instead of building them into the document: each is limited
    /// on its own (nodes counted from the rest of the document, not from the earlier
    /// elements), the array's length is not limited, and one refused is passed over
    /// ([`Builder::recover`]) without refusing the document.
    pub(super) fn split(&mut self, member: Option<&str>) {
        self.split = member.map(Str::from);
    }

    /// The element of the split array finished by the last step, with its position.
    pub(super) fn take_element(&mut self) -> Option<(usize, Node)> {
        self.element.take()
    }

    /// After a refusal for a limit (`code`): when it is inside an element of the split array,
    /// forgets that element, passes over the rest of it, and gives its position; the document
    /// goes on. A malformed element (a duplicate key, a bad alias) refuses the document, as
    /// do more than [`MAX_REFUSED_ELEMENTS`] elements refused in one document, so that a
    /// hostile input cannot turn into an error per element.
    pub(super) fn recover(&mut self, code: Code) -> Option<usize> {
        let limit = [
            codes::INPUT_TOO_DEEP,
            codes::INPUT_TOO_LARGE,
            codes::INPUT_COLLECTION_TOO_LARGE,
            codes::INPUT_STRING_TOO_LONG,
        ]
        .contains(&code);
        if self.skipping || !limit || self.refused_elements >= MAX_REFUSED_ELEMENTS {
            return None;
        }
        let frame = self.stack.get_mut(1).filter(|f| f.split.is_some())?;
        if self.level < 2 {
            return None;
        }
        let position = frame.split.unwrap_or(0);
        frame.split = Some(position + 1);
        let nodes = frame.nodes_before + 1;
        self.refused_elements += 1;
        self.stack.truncate(2);
        self.nodes = nodes;
        self.skipping = self.level > 2;
        Some(position)
    }

    /// Whether the builder is passing over a refused element (every step is then ignored).
    pub(super) fn is_skipping(&self) -> bool {
        self.skipping
    }

    /// For a finished document whose split array was handed over, how.
    pub(super) fn split_summary(&self) -> Option<SplitSummary> {
        (self.split_runs > 0).then_some(SplitSummary {
            runs: self.split_runs,
            elements: self.split_elements,
        })
    }

    /// Whether the next node is the key of an object member.
    pub(super) fn expects_key(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame {
                body: Body::Object { key: None, .. },
                ..
            })
        )
    }

    /// The key of the next member; `merge` marks a YAML merge key `<<`.
    pub(super) fn key(&mut self, text: &str, line: u32, merge: bool) -> Result<(), Refusal> {
        if self.skipping {
            return Ok(());
        }
        check_string(self.limits, "a key", text)?;
        let text = self.intern(text);
        let duplicates = self.duplicates;
        let Some(Frame {
            body: Body::Object {
                members, key, seen, ..
            },
            ..
        }) = self.stack.last_mut()
        else {
            return Err(Refusal::malformed("a key outside of an object"));
        };
        if duplicates == Duplicates::Refuse && !merge {
            // Small objects are scanned; large ones keep a set, so checking stays linear.
            let duplicate = if members.len() < 32 {
                members.iter().any(|m| m.0 == text)
            } else {
                let seen =
                    seen.get_or_insert_with(|| members.iter().map(|m| m.0.clone()).collect());
                !seen.insert(text.clone())
            };
            if duplicate {
                return Err(Refusal::malformed(format!("duplicate key `{text}`")));
            }
        }
        *key = Some(Key { text, line, merge });
        Ok(())
    }

    /// Opens a collection that starts at `line`; `anchor` (YAML, 0 for none) names it.
    pub(super) fn open(
        &mut self,
        kind: Collection,
        line: u32,
        anchor: usize,
    ) -> Result<(), Refusal> {
        self.level += 1;
        if self.skipping {
            return Ok(());
        }
        if self.expects_key() {
            return Err(Refusal::malformed(
                "a key that is a collection (keys must be scalars)",
            ));
        }
        if self.stack.len() >= self.limits.max_depth {
            return Err(too_deep(self.limits));
        }
        self.count(1)?;
        self.check_room()?;
        let body = match kind {
            Collection::Array => Body::Array(Vec::new(), Vec::new()),
            Collection::Object => Body::Object {
                members: Vec::new(),
                key: None,
                merges: Vec::new(),
                seen: None,
            },
        };
        let split = (kind == Collection::Array && self.opens_split_array()).then_some(0);
        self.stack.push(Frame {
            line,
            anchor,
            nodes_before: self.nodes - 1,
            height: 0,
            body,
            split,
        });
        Ok(())
    }

    /// A scalar value at `line`; `anchor` names it, and then `text` is how it was written
    /// (what the scalar means when an alias of it is used as a key).
    pub(super) fn scalar(
        &mut self,
        value: Value,
        text: Option<Str>,
        line: u32,
        anchor: usize,
    ) -> Result<(), Refusal> {
        if self.skipping {
            return Ok(());
        }
        if let Value::Str(s) = &value {
            check_string(self.limits, "a string", s)?;
        }
        self.count(1)?;
        self.check_room()?;
        let node = Node {
            value,
            lines: LineTree::Leaf(line),
            nodes: 1,
            height: 0,
            text,
        };
        self.attach(node, anchor)
    }

    /// A use at `line` of the node anchored as `anchor`.
    pub(super) fn alias(&mut self, anchor: usize, line: u32) -> Result<(), Refusal> {
        if self.skipping {
            return Ok(());
        }
        let Some(node) = self.anchors.get(&anchor) else {
            return Err(Refusal::malformed("an alias inside the node it refers to"));
        };
        if self.expects_key() {
            let Some(text) = node.text.clone() else {
                return Err(Refusal::malformed(
                    "a key that is an alias of a collection (keys must be scalars)",
                ));
            };
            return self.key(&text, line, false);
        }
        if self.stack.len() + node.height > self.limits.max_depth {
            return Err(too_deep(self.limits));
        }
        let node = Node {
            lines: node.lines.clone().with_line(line),
            ..node.clone()
        };
        self.count(node.nodes)?;
        self.check_room()?;
        self.attach(node, 0)
    }

    /// Closes the innermost collection.
    pub(super) fn close(&mut self) -> Result<(), Refusal> {
        self.level = self.level.saturating_sub(1);
        if self.skipping {
            self.skipping = self.level > 2;
            return Ok(());
        }
        let Some(frame) = self.stack.pop() else {
            return Err(Refusal::malformed("a collection closed that was not open"));
        };
        let nodes = self.nodes.saturating_sub(frame.nodes_before);
        let height = frame.height + 1;
        if let Some(elements) = frame.split {
            self.split_runs += 1;
            self.split_elements += elements;
        }
        let (value, lines) = match frame.body {
            Body::Array(mut items, lines) => {
                items.shrink_to_fit();
                (
                    Value::list(items),
                    LineTree::Seq(frame.line, Arc::from(lines)),
                )
            }
            Body::Object {
                members,
                key,
                merges,
                ..
            } => {
                if key.is_some() {
                    return Err(Refusal::malformed("a key without a value"));
                }
                self.object(frame.line, members, merges)?
            }
        };
        let node = Node {
            value,
            lines,
            nodes,
            height,
            text: None,
        };
        self.attach(node, frame.anchor)
    }

    /// Whether every collection opened has been closed.
    pub(super) fn is_complete(&self) -> bool {
        self.stack.is_empty()
    }

    /// The finished document, if one was built, and a fresh start for the next one.
    pub(super) fn finish(&mut self) -> Option<Node> {
        let root = if self.stack.is_empty() {
            self.root.take()
        } else {
            None
        };
        self.reset();
        root
    }

    /// Forgets everything of the current document.
    pub(super) fn reset(&mut self) {
        self.stack.clear();
        self.nodes = 0;
        self.anchors.clear();
        self.root = None;
        self.element = None;
        self.level = 0;
        self.skipping = false;
        self.split_runs = 0;
        self.split_elements = 0;
        self.refused_elements = 0;
    }

    /// Whether an array opened now is the split array: the value of the split member of a
    /// root object.
    fn opens_split_array(&self) -> bool {
        let (Some(member), [root]) = (&self.split, self.stack.as_slice()) else {
            return false;
        };
        matches!(&root.body, Body::Object { key: Some(key), .. } if !key.merge && key.text == *member)
    }

    /// The shared copy of a key, when it is short and there is room.
    fn intern(&mut self, text: &str) -> Str {
        if let Some(key) = self.keys.get(text) {
            return key.clone();
        }
        let key = Str::from(text);
        if text.len() <= SHARED_KEY_BYTES && self.keys.len() < SHARED_KEYS {
            self.keys.insert(key.clone());
        }
        key
    }

    /// Counts `n` more values, refusing past the limit.
    fn count(&mut self, n: usize) -> Result<(), Refusal> {
        match self.nodes.checked_add(n) {
            Some(total) if total <= self.limits.max_nodes => {
                self.nodes = total;
                Ok(())
            }
            _ => Err(Refusal {
                code: codes::INPUT_TOO_LARGE,
                message: format!(
                    "input has more than {} values (aliases expanded)",
                    self.limits.max_nodes
                ),
            }),
        }
    }

    /// Refuses a new element or member of a collection that is already full.
    fn check_room(&self) -> Result<(), Refusal> {
        let (len, what) = match self.stack.last().map(|f| &f.body) {
            Some(Body::Array(items, _)) => (items.len(), "an array has more than {} elements"),
            Some(Body::Object { members, .. }) => {
                (members.len(), "an object has more than {} members")
            }
            None => return Ok(()),
        };
        if len >= self.limits.max_collection_len {
            return Err(Refusal {
                code: codes::INPUT_COLLECTION_TOO_LARGE,
                message: what.replace("{}", &self.limits.max_collection_len.to_string()),
            });
        }
        Ok(())
    }

    /// Puts a finished node into its parent (or makes it the root) and records its anchor.
    fn attach(&mut self, node: Node, anchor: usize) -> Result<(), Refusal> {
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        let Some(frame) = self.stack.last_mut() else {
            self.root = Some(node);
            return Ok(());
        };
        frame.height = frame.height.max(node.height);
        if let Some(position) = frame.split.as_mut() {
            // The element goes to the reader, and its nodes stop counting against the rest.
            self.nodes = self.nodes.saturating_sub(node.nodes);
            self.element = Some((*position, node));
            *position += 1;
            return Ok(());
        }
        match &mut frame.body {
            Body::Array(items, lines) => {
                items.push(node.value);
                lines.push(node.lines);
            }
            Body::Object {
                members,
                key,
                merges,
                ..
            } => {
                let Some(key) = key.take() else {
                    return Err(Refusal::malformed("a member without a key"));
                };
                if key.merge {
                    merge::add_sources(&node.value, &node.lines, merges)?;
                } else {
                    members.push((key.text, node.value, node.lines.with_line(key.line)));
                }
            }
        }
        Ok(())
    }

    /// The value and lines of an object from its members, in source order, and the mappings
    /// merged into it, in order of precedence: written members win over merged ones.
    fn object(
        &self,
        line: u32,
        mut members: Vec<(Str, Value, LineTree)>,
        merges: Vec<merge::Source>,
    ) -> Result<(Value, LineTree), Refusal> {
        let merged = !merges.is_empty();
        merge::apply(&mut members, merges);
        if merged && members.len() > self.limits.max_collection_len {
            return Err(Refusal {
                code: codes::INPUT_COLLECTION_TOO_LARGE,
                message: format!(
                    "an object has more than {} members",
                    self.limits.max_collection_len
                ),
            });
        }
        // A stable sort keeps duplicates in source order; the last of each wins.
        members.sort_by(|a, b| a.0.cmp(&b.0));
        let mut entries: Vec<(Str, Value)> = Vec::with_capacity(members.len());
        let mut trees: Vec<(Str, LineTree)> = Vec::with_capacity(members.len());
        for (key, value, tree) in members {
            if trees.last().is_some_and(|(k, _)| *k == key) {
                trees.pop();
                if entries.last().is_some_and(|(k, _)| *k == key) {
                    entries.pop();
                }
            }
            if !value.is_none() {
                entries.push((key.clone(), value));
            }
            trees.push((key, tree));
        }
        Ok((
            Value::obj(Obj::from_sorted(entries)),
            LineTree::Map(line, Arc::from(trees)),
        ))
    }
}

/// Refuses a string or key longer than the limit.
fn check_string(limits: &InputLimits, what: &str, text: &str) -> Result<(), Refusal> {
    if text.len() > limits.max_string_bytes {
        return Err(Refusal {
            code: codes::INPUT_STRING_TOO_LONG,
            message: format!(
                "{what} is {} bytes long, more than the limit of {} bytes",
                text.len(),
                limits.max_string_bytes
            ),
        });
    }
    Ok(())
}
