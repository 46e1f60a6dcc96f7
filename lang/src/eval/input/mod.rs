//! Input documents: the JSON and YAML texts that policies are evaluated against, read into
//! runtime values with the source line of every node kept on the side.
//!
//! Reading is total and bounded. Whatever the bytes, [`read_documents`] returns the documents it
//! could read and the errors it met, never panics, and never uses more stack than a fixed
//! budget: both readers are iterative, and the YAML event parser's own nesting budget is set to
//! the depth limit. Every size a hostile input could blow up (bytes, nesting, nodes after alias
//! expansion, collection lengths, string lengths) has a limit in [`InputLimits`], and going over
//! one is an error with its own code, never a truncated value.
//!
//! JSON is read by a small reader of its own (`json`), so that its semantics are exactly JSON's
//! (escapes, numbers, duplicate members: the last one wins, as in `serde_json`). YAML is read
//! from the events of `granit_parser` (`yaml`), resolved with the YAML 1.2 core schema
//! (`scalar`), with anchors, aliases and merge keys (`merge`) expanded. Both feed one tree
//! builder (`build`) that enforces the limits and records lines in a `LineTree` (`lines`)
//! parallel to the value.

mod build;
mod host;
mod json;
pub(crate) mod lines;
mod merge;
mod scalar;
mod yaml;

use crate::diagnostics::Code;
use crate::diagnostics::codes;
use crate::eval::value::Value;
pub use host::DocumentBuilder;
use lines::LineTree;

/// How many of each thing an input may hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputLimits {
    /// The most bytes an input may have; a larger input is refused before it is parsed.
    /// Default 64 MiB.
    pub max_bytes: usize,
    /// The most collections (arrays, objects) that may nest inside each other, aliases
    /// expanded. Default 128. Later stages recurse over values, so this also bounds their stack.
    pub max_depth: usize,
    /// The most values one document may hold, counting the nodes an alias stands for each time
    /// it is used (so an alias bomb is refused, not expanded). Keys are not counted. Default
    /// 1,000,000.
    pub max_nodes: usize,
    /// The most elements of one array or members of one object. Default 100,000.
    pub max_collection_len: usize,
    /// The most bytes (UTF-8) of one string, scalar or key. Default 4 MiB.
    pub max_string_bytes: usize,
}

impl Default for InputLimits {
    fn default() -> InputLimits {
        InputLimits {
            max_bytes: 64 * 1024 * 1024,
            max_depth: 128,
            max_nodes: 1_000_000,
            max_collection_len: 100_000,
            max_string_bytes: 4 * 1024 * 1024,
        }
    }
}

/// The notation of an input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputFormat {
    /// One JSON document.
    Json,
    /// A YAML stream of one or more documents.
    Yaml,
    /// JSON if the first byte that is not whitespace (after a byte-order mark) is `{` or `[`,
    /// YAML otherwise.
    Detect,
}

/// One document of an input file.
#[derive(Clone, Debug)]
pub struct Document {
    /// The 0-based position of the document in the stream, counting every document, the
    /// empty ones that are skipped included.
    pub index: usize,
    /// The document's value.
    pub value: Value,
    /// The 1-based line where the document starts (its `---` marker, or its first token).
    pub line: u32,
    /// The source line of every node, parallel to `value`.
    lines: Option<LineTree>,
}

impl Document {
    /// 1-based source line of the value at RFC 6901 pointer `pointer` (`""` is the root). If
    /// nothing is at the pointer (a violation may point at a missing field, e.g.
    /// `/spec/containers/0/securityContext/privileged` when `securityContext` is absent), the
    /// line of the nearest existing ancestor. The line of an object member is the line of its
    /// key; the line of an array element is the line where the element starts.
    pub fn line_of(&self, pointer: &str) -> u32 {
        self.lines
            .as_ref()
            .map_or(self.line, |l| l.line_of(pointer))
    }

    /// The source line of the value at `pointer` (see [`Document::line_of`]), or `None` for a
    /// document built from a value.
    pub fn source_line(&self, pointer: &str) -> Option<u32> {
        self.lines.as_ref().map(|l| l.line_of(pointer))
    }

    /// The source line of a violation's pointer, as [`source_line`](Self::source_line) gives
    /// for its text; a pointer still held as steps is followed without writing its text.
    pub fn violation_line(&self, path: &crate::eval::path::ViolationPath) -> Option<u32> {
        let lines = self.lines.as_ref()?;
        Some(match path.steps() {
            Some(steps) => lines.line_of_steps(steps),
            None => lines.line_of(path),
        })
    }

    /// The keys written in the object at RFC 6901 `pointer`, sorted, each with the line of its
    /// member, members whose value is null included (the value drops them: in YAML, `push:`
    /// with nothing after it is a key all the same). Empty if nothing is there, if it is not
    /// an object, or for a document built from a value.
    pub fn keys_at(&self, pointer: &str) -> Vec<(&str, u32)> {
        match self.lines.as_ref().and_then(|l| l.at(pointer)) {
            Some(LineTree::Map(_, members)) => members
                .iter()
                .map(|(key, tree)| (&**key, tree.line()))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The part of this document at RFC 6901 `pointer`, as a document of its own with the
    /// source lines of that part (for the items of a Kubernetes `List` or the object of an
    /// `AdmissionReview`); `None` if nothing is there.
    pub fn part(&self, pointer: &str) -> Option<Document> {
        let mut value = &self.value;
        if let Some(rest) = pointer.strip_prefix('/') {
            for raw in rest.split('/') {
                let token = lines::unescape(raw);
                value = match value {
                    Value::Obj(o) => o.get(&token)?,
                    Value::List(xs) => xs.get(lines::index(&token)?)?,
                    _ => return None,
                };
            }
        } else if !pointer.is_empty() {
            return None;
        }
        let lines = self.lines.as_ref().and_then(|l| l.at(pointer)).cloned();
        Some(Document {
            index: self.index,
            value: value.clone(),
            line: lines.as_ref().map_or(self.line, LineTree::line),
            lines,
        })
    }

    /// A document built from a value with no source: it has no lines ([`Document::source_line`]
    /// is `None`; `line_of` gives line 1).
    pub fn from_value(index: usize, value: Value) -> Document {
        Document {
            index,
            value,
            line: 1,
            lines: None,
        }
    }
}

/// Why an input could not be read (a whole input or one document of it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    /// The stable code, one of `E0400`..`E0405`.
    pub code: Code,
    /// What is wrong, lowercase, without a trailing period.
    pub message: String,
    /// The stream position of the document the error is in, or `None` when the whole input
    /// was refused (too many bytes, not UTF-8).
    pub document: Option<usize>,
    /// 1-based line of the error, 0 if unknown.
    pub line: u32,
    /// 1-based column (in characters) of the error, 0 if unknown.
    pub column: u32,
}

/// The documents of an input, in order, and the errors met. Documents read before an error are
/// kept ("nothing already computed is lost"); in a YAML stream, a document refused for a limit
/// is skipped and reading goes on with the next one, while a syntax error ends the stream.
/// Documents whose value is null (`---` alone, only comments, `null`) are skipped, but they
/// keep their place in the stream's numbering. Never panics, whatever the bytes.
///
/// ```
/// use palisade::{InputFormat, InputLimits, read_documents};
///
/// let yaml = b"kind: Pod\nspec:\n  containers:\n    - name: app\n---\n---\nkind: [unclosed\n";
/// let (documents, errors) = read_documents(yaml, InputFormat::Detect, &InputLimits::default());
///
/// // The first document is kept, with the line of every node.
/// assert_eq!(documents.len(), 1);
/// let pod = &documents[0];
/// assert_eq!(pod.index, 0);
/// assert_eq!(pod.line_of("/spec/containers/0/name"), 4);
/// assert_eq!(pod.value.to_json()["spec"]["containers"][0]["name"], "app");
///
/// // The empty second document is skipped; the third has a syntax error.
/// assert_eq!(errors.len(), 1);
/// assert_eq!(errors[0].document, Some(2));
/// assert_eq!(errors[0].line, 7);
/// ```
pub fn read_documents(
    bytes: &[u8],
    format: InputFormat,
    limits: &InputLimits,
) -> (Vec<Document>, Vec<InputError>) {
    let mut documents = Vec::new();
    let mut errors = Vec::new();
    read_pieces(bytes, format, limits, None, &mut |piece| match piece {
        Piece::Document(document) | Piece::Rest { document, .. } => documents.push(document),
        Piece::Element { element, .. } => documents.push(element),
        Piece::Unreadable(error) => errors.push(error),
    });
    (documents, errors)
}

/// A piece of an input, as [`read_pieces`] hands them over, in stream order.
#[derive(Clone, Debug)]
pub enum Piece {
    /// A whole document.
    Document(Document),
    /// An element of the split array of the document being read (its `index`), at `position`
    /// in that array; its lines are the file's.
    Element {
        /// The element's position in the split array (refused elements counted).
        position: usize,
        /// The element, as a document of its own.
        element: Document,
    },
    /// A document whose split array was handed over as [`Piece::Element`]s, just before:
    /// here that array is empty.
    Rest {
        /// The document, its split array empty.
        document: Document,
        /// How many elements were handed over or refused.
        elements: usize,
        /// Whether the elements handed over are exactly the document's: false when a JSON
        /// object wrote the split member twice (the last value wins, but the elements of both
        /// were handed over).
        exact: bool,
    },
    /// A document, an element, or the whole input that could not be read.
    Unreadable(InputError),
}

/// Reads the documents of an input one at a time, as [`read_documents`] does, and hands each
/// to `sink` as soon as it is read, so that a long stream never has to be held whole. With
/// `split`, the elements of the array under that member of a document whose root is an object
/// are handed over one at a time too ([`Piece::Element`]), each read under the limits on its
/// own: its nodes are counted with the rest of the document but not with the other
/// elements, the array's length is not limited, and an element refused for a limit is
/// reported (with the document's index and the element's line) and passed over while the
/// document goes on. The document itself then comes last, as a [`Piece::Rest`]. What a
/// split member means (a Kubernetes `List`'s `items`) is the host's to decide; a host that
/// finds the document is not what it splits for reads it again whole.
///
/// ```
/// use palisade::{InputFormat, InputLimits, Piece, read_pieces};
///
/// let yaml = b"kind: List\nitems:\n  - kind: Pod\n  - kind: Service\n";
/// let mut kinds = Vec::new();
/// read_pieces(yaml, InputFormat::Yaml, &InputLimits::default(), Some("items"), &mut |piece| {
///     match piece {
///         Piece::Element { position, element } => {
///             kinds.push((position, element.value.to_json()["kind"].clone(), element.line));
///         }
///         Piece::Rest { document, elements, .. } => {
///             assert_eq!(elements, 2);
///             assert_eq!(document.value.to_json()["items"], serde_json::json!([]));
///         }
///         other => panic!("unexpected {other:?}"),
///     }
/// });
/// assert_eq!(kinds, [(0, "Pod".into(), 3), (1, "Service".into(), 4)]);
/// ```
pub fn read_pieces(
    bytes: &[u8],
    format: InputFormat,
    limits: &InputLimits,
    split: Option<&str>,
    sink: &mut dyn FnMut(Piece),
) {
    let text = match input_text(bytes, limits) {
        Ok(text) => text,
        Err(error) => return sink(Piece::Unreadable(error)),
    };
    let format = match format {
        InputFormat::Detect => detect(text),
        other => other,
    };
    match format {
        InputFormat::Json => json::read(text, limits, split, sink),
        InputFormat::Yaml | InputFormat::Detect => yaml::read(text, limits, split, sink),
    }
}

/// The piece for a finished document: a [`Piece::Rest`] when its split array was handed over.
fn finished(document: Document, split: Option<build::SplitSummary>) -> Piece {
    match split {
        Some(summary) => Piece::Rest {
            document,
            elements: summary.elements,
            exact: summary.runs == 1,
        },
        None => Piece::Document(document),
    }
}

/// The piece for an element of a split array.
fn element(index: usize, position: usize, node: build::Node) -> Piece {
    Piece::Element {
        position,
        element: Document {
            index,
            line: node.lines.line(),
            value: node.value,
            lines: Some(node.lines),
        },
    }
}

/// The text of an input's bytes, as every reader takes it: refused over the byte limit (E0402)
/// or when not UTF-8 (E0405, located at the first invalid byte), a leading byte-order mark
/// dropped. For hosts whose readers of other formats must treat bytes as JSON and YAML are.
pub fn input_text<'b>(bytes: &'b [u8], limits: &InputLimits) -> Result<&'b str, InputError> {
    if bytes.len() > limits.max_bytes {
        return Err(whole_input_error(
            codes::INPUT_TOO_LARGE,
            format!(
                "input is {} bytes, more than the limit of {} bytes",
                bytes.len(),
                limits.max_bytes
            ),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|error| not_utf8(bytes, &error))?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// The format of a text read with [`InputFormat::Detect`].
fn detect(text: &str) -> InputFormat {
    match text
        .trim_start_matches([' ', '\t', '\r', '\n'])
        .as_bytes()
        .first()
    {
        Some(b'{' | b'[') => InputFormat::Json,
        _ => InputFormat::Yaml,
    }
}

/// An error about the input as a whole, with no document and no location.
fn whole_input_error(code: Code, message: String) -> InputError {
    InputError {
        code,
        message,
        document: None,
        line: 0,
        column: 0,
    }
}

/// The error for bytes that are not UTF-8, located at the first byte that is not.
fn not_utf8(bytes: &[u8], error: &std::str::Utf8Error) -> InputError {
    let valid = error.valid_up_to();
    let prefix = bytes
        .get(..valid)
        .and_then(|p| std::str::from_utf8(p).ok())
        .unwrap_or_default();
    let (line, column) = line_column(prefix, prefix.len());
    let message = match (error.error_len(), bytes.get(valid)) {
        (Some(_), Some(byte)) => format!("input is not UTF-8: byte `0x{byte:02x}` is invalid here"),
        _ => "input is not UTF-8: it ends inside a character".to_owned(),
    };
    InputError {
        document: None,
        line,
        column,
        ..whole_input_error(codes::INPUT_NOT_UTF8, message)
    }
}

/// The 1-based line and character column of byte offset `at` of `text`.
fn line_column(text: &str, at: usize) -> (u32, u32) {
    let before = text.get(..at).unwrap_or(text);
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (to_u32(line), to_u32(column))
}

/// A count as a `u32`, saturating.
fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A character for a message: printable ones in backticks, others as `U+XXXX`.
fn show_char(c: char) -> String {
    if c.is_control() || c.is_whitespace() || c == '\u{feff}' {
        format!("U+{:04X}", u32::from(c))
    } else {
        format!("`{c}`")
    }
}
