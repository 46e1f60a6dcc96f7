//! Documents that a host reads with a reader of its own (a file format the library does not
//! know), built step by step with the line of every node. The same tree builder as the JSON and
//! YAML readers does the work, so the same limits hold and the document's lines serve the
//! violations reported in it exactly as they do for JSON and YAML.

use super::build::{Builder, Collection, Duplicates, Refusal};
use super::{Document, InputError, InputLimits};
use crate::eval::value::Value;

/// Builds one document from a host's own reader: open objects and lists, give keys and scalar
/// values, each with its 1-based source line, and [`finish`](DocumentBuilder::finish).
/// Nothing recurses, and every limit of [`InputLimits`] (depth, nodes, collection lengths,
/// string sizes) is enforced as the steps arrive; a step that breaks one is refused with the
/// error's stable code. A key given twice in one object keeps the last value.
///
/// ```
/// use palisade::{DocumentBuilder, InputLimits, Value};
///
/// let limits = InputLimits::default();
/// let mut b = DocumentBuilder::new(&limits);
/// b.begin_object(1).unwrap();
/// b.key("steps", 1).unwrap();
/// b.begin_list(2).unwrap();
/// b.begin_object(3).unwrap();
/// b.key("run", 3).unwrap();
/// b.value(Value::str("make"), 3).unwrap();
/// b.end().unwrap();
/// b.end().unwrap();
/// b.end().unwrap();
/// let doc = b.finish(0).unwrap().unwrap();
/// assert_eq!(doc.line_of("/steps/0/run"), 3);
/// assert_eq!(doc.value.to_json()["steps"][0]["run"], "make");
/// ```
pub struct DocumentBuilder<'l> {
    builder: Builder<'l>,
    line: u32,
    started: bool,
}

impl<'l> DocumentBuilder<'l> {
    /// A builder that enforces `limits`.
    pub fn new(limits: &'l InputLimits) -> DocumentBuilder<'l> {
        DocumentBuilder {
            builder: Builder::new(limits, Duplicates::LastWins),
            line: 1,
            started: false,
        }
    }

    /// Opens an object that starts at `line`.
    pub fn begin_object(&mut self, line: u32) -> Result<(), InputError> {
        self.start(line);
        self.builder
            .open(Collection::Object, line, 0)
            .map_err(|r| refused(r, line))
    }

    /// Opens a list that starts at `line`.
    pub fn begin_list(&mut self, line: u32) -> Result<(), InputError> {
        self.start(line);
        self.builder
            .open(Collection::Array, line, 0)
            .map_err(|r| refused(r, line))
    }

    /// The key of the next member of the open object, written at `line`.
    pub fn key(&mut self, key: &str, line: u32) -> Result<(), InputError> {
        self.builder
            .key(key, line, false)
            .map_err(|r| refused(r, line))
    }

    /// A scalar (or any value without lines of its own) at `line`: the next element of the
    /// open list, the value of the open object's key, or the whole document.
    pub fn value(&mut self, value: Value, line: u32) -> Result<(), InputError> {
        self.start(line);
        self.builder
            .scalar(value, None, line, 0)
            .map_err(|r| refused(r, line))
    }

    /// Closes the innermost open object or list.
    pub fn end(&mut self) -> Result<(), InputError> {
        let line = self.line;
        self.builder.close().map_err(|r| refused(r, line))
    }

    /// The document built, numbered `index` in its file: `None` if nothing was built or the
    /// value is null; an error if an object or list is still open.
    pub fn finish(mut self, index: usize) -> Result<Option<Document>, InputError> {
        if !self.builder.is_complete() {
            return Err(refused(
                Refusal::malformed("the document ends inside an object or list"),
                self.line,
            ));
        }
        let line = self.line;
        Ok(self
            .builder
            .finish()
            .filter(|node| !node.value.is_none())
            .map(|node| Document {
                index,
                value: node.value,
                line,
                lines: Some(node.lines.with_line(line)),
            }))
    }

    /// Records the line of the document's first node.
    fn start(&mut self, line: u32) {
        if !self.started {
            self.started = true;
            self.line = line;
        }
    }
}

/// A refusal as an input error at `line`.
fn refused(refusal: Refusal, line: u32) -> InputError {
    InputError {
        code: refusal.code,
        message: refusal.message,
        document: None,
        line,
        column: 0,
    }
}
