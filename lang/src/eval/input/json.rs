//! The JSON reader (RFC 8259): one document, read iteratively into the tree builder with the
//! line of every value. Written by hand rather than taken from the YAML reader because JSON is
//! not quite a subset of YAML (a YAML key is at most 1,024 characters; YAML refuses duplicate
//! keys that JSON allows) and its messages would speak YAML, and rather than taken from
//! `serde_json` because that keeps no positions. A member written twice keeps the last value,
//! as `serde_json` and most JSON readers do.

use super::build::{Builder, Collection, Duplicates, Refusal};
use std::cell::Cell;

use super::{Document, InputError, InputLimits, Piece, show_char};
use crate::eval::value::Value;

/// Reads one JSON document and hands it to `sink` (nothing when it is `null`), or the error
/// that stops it; with `split`, the elements of that member of a root object first, one at a
/// time (see [`super::read_pieces`]).
pub(super) fn read(
    text: &str,
    limits: &InputLimits,
    split: Option<&str>,
    sink: &mut dyn FnMut(Piece),
) {
    let mut builder = Builder::new(limits, Duplicates::LastWins);
    builder.split(split);
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        line: 1,
        line_start: 0,
        column: Cell::new((0, 0, 1)),
        builder,
        sink,
    };
    let piece = match reader.read() {
        Ok(None) => return,
        Ok(Some(piece)) => piece,
        Err(error) => Piece::Unreadable(error),
    };
    (reader.sink)(piece);
}

/// Where a JSON text is being read.
struct Reader<'t, 'l, 's> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    /// The 1-based line of `pos`. Line breaks occur only in whitespace, so this is kept by
    /// [`Reader::skip_whitespace`] alone, with the offset where the line starts.
    line: u32,
    line_start: usize,
    /// The last column computed: (line start, offset, column), so that many errors on one
    /// long line (elements refused in a minified file) cost the distance between them.
    column: Cell<(usize, usize, u32)>,
    builder: Builder<'l>,
    sink: &'s mut dyn FnMut(Piece),
}

impl<'l> Reader<'_, 'l, '_> {
    /// Reads the document: the piece to hand over last, `None` for `null`.
    fn read(&mut self) -> Result<Option<Piece>, InputError> {
        self.skip_whitespace();
        let line = self.line;
        self.document()?;
        self.skip_whitespace();
        if self.pos < self.bytes.len() {
            return Err(self.error(format!(
                "expected end of input after the document, found {}",
                self.found()
            )));
        }
        let summary = self.builder.split_summary();
        Ok(self
            .builder
            .finish()
            .filter(|node| !node.value.is_none())
            .map(|node| {
                let document = Document {
                    index: 0,
                    value: node.value,
                    line,
                    lines: Some(node.lines.with_line(line)),
                };
                super::finished(document, summary)
            }))
    }

    /// Reads a value and everything nested in it, with an explicit stack of open collections
    /// (`true` for an object) rather than recursion.
    fn document(&mut self) -> Result<(), InputError> {
        let mut open: Vec<bool> = Vec::new();
        loop {
            // A value is expected here.
            self.skip_whitespace();
            let nested = match self.peek() {
                Some(b'[') => self.open(Collection::Array, &mut open)?,
                Some(b'{') => self.open(Collection::Object, &mut open)?,
                _ => {
                    self.scalar()?;
                    false
                }
            };
            if nested {
                continue;
            }
            // After a value: close what is finished, then find where the next value goes.
            loop {
                self.skip_whitespace();
                let Some(&object) = open.last() else {
                    return Ok(());
                };
                let close = if object { b'}' } else { b']' };
                match self.peek() {
                    Some(b',') => {
                        self.pos += 1;
                        if object {
                            self.skip_whitespace();
                            self.key("expected a string key after `,`")?;
                        }
                        break;
                    }
                    Some(c) if c == close => {
                        self.pos += 1;
                        open.pop();
                        self.refuse(Builder::close)?;
                    }
                    _ => {
                        let message = if object {
                            "expected `,` or `}` after an object member"
                        } else {
                            "expected `,` or `]` after an array element"
                        };
                        return Err(self.error(format!("{message}, found {}", self.found())));
                    }
                }
            }
        }
    }

    /// Opens a collection at `pos`, and says whether a value is now expected inside it. An
    /// empty one is closed at once; otherwise it is pushed, with the first key read for an
    /// object.
    fn open(&mut self, kind: Collection, open: &mut Vec<bool>) -> Result<bool, InputError> {
        let object = kind == Collection::Object;
        let close = if object { b'}' } else { b']' };
        let line = self.line;
        self.refuse(|b| b.open(kind, line, 0))?;
        self.pos += 1;
        self.skip_whitespace();
        if self.peek() == Some(close) {
            self.pos += 1;
            self.refuse(Builder::close)?;
            return Ok(false);
        }
        open.push(object);
        if object {
            self.key("expected a string key or `}`")?;
        }
        Ok(true)
    }

    /// Reads a member's key and its `:`.
    fn key(&mut self, expected: &str) -> Result<(), InputError> {
        if self.peek() != Some(b'"') {
            return Err(self.error(format!("{expected}, found {}", self.found())));
        }
        let (line, start) = (self.line, self.pos);
        let key = self.string()?;
        self.refuse_at(start, |b| b.key(&key, line, false))?;
        self.skip_whitespace();
        if self.peek() != Some(b':') {
            return Err(self.error(format!(
                "expected `:` after an object key, found {}",
                self.found()
            )));
        }
        self.pos += 1;
        Ok(())
    }

    /// Reads a string, number, `true`, `false` or `null`.
    fn scalar(&mut self) -> Result<(), InputError> {
        let line = self.line;
        let start = self.pos;
        let value = match self.peek() {
            Some(b'"') => Value::str(&self.string()?),
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(b't' | b'f' | b'n') => {
                let rest = self.bytes.get(self.pos..).unwrap_or_default();
                let (value, len) = if rest.starts_with(b"true") {
                    (Value::Bool(true), 4)
                } else if rest.starts_with(b"false") {
                    (Value::Bool(false), 5)
                } else if rest.starts_with(b"null") {
                    (Value::None, 4)
                } else {
                    return Err(self.error(format!("expected a value, found {}", self.found())));
                };
                self.pos += len;
                value
            }
            _ => return Err(self.error(format!("expected a value, found {}", self.found()))),
        };
        self.refuse_at(start, |b| b.scalar(value, None, line, 0))
    }

    /// Reads a string at `pos` (its opening quote), decoding escapes.
    fn string(&mut self) -> Result<String, InputError> {
        let open = self.pos;
        self.pos += 1;
        let mut out = String::new();
        let mut run = self.pos;
        loop {
            match self.peek() {
                None => {
                    self.pos = open;
                    return Err(self.error("a string is never closed".to_owned()));
                }
                Some(b'"') => {
                    out.push_str(self.text.get(run..self.pos).unwrap_or_default());
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    out.push_str(self.text.get(run..self.pos).unwrap_or_default());
                    out.push(self.escape()?);
                    run = self.pos;
                }
                Some(c) if c < 0x20 => {
                    return Err(self.error(format!(
                        "a control character U+{c:04X} in a string (write it as an escape)"
                    )));
                }
                Some(_) => self.pos += 1,
            }
        }
    }

    /// Reads an escape at `pos` (its backslash).
    fn escape(&mut self) -> Result<char, InputError> {
        let at = self.pos;
        self.pos += 1;
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 1;
                let high = self.hex4(at)?;
                let code = if (0xD800..0xDC00).contains(&high) {
                    let low = match self.bytes.get(self.pos..self.pos + 2) {
                        Some(b"\\u") => {
                            self.pos += 2;
                            self.hex4(at)?
                        }
                        _ => 0,
                    };
                    if !(0xDC00..0xE000).contains(&low) {
                        self.pos = at;
                        return Err(self
                            .error(format!("an unpaired surrogate `\\u{high:04x}` in a string")));
                    }
                    0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                } else {
                    high
                };
                return char::from_u32(code).ok_or_else(|| {
                    self.pos = at;
                    self.error(format!("an unpaired surrogate `\\u{code:04x}` in a string"))
                });
            }
            _ => {
                self.pos = at;
                let escaped = self.text.get(at..).and_then(|s| s.chars().nth(1));
                let message = match escaped {
                    Some(c) if !c.is_control() && !c.is_whitespace() => {
                        format!("an invalid escape `\\{c}` in a string")
                    }
                    _ => "an invalid escape in a string".to_owned(),
                };
                return Err(self.error(message));
            }
        };
        self.pos += 1;
        Ok(c)
    }

    /// Reads four hex digits of a `\u` escape that starts at `at`.
    fn hex4(&mut self, at: usize) -> Result<u32, InputError> {
        let digits = self.text.get(self.pos..self.pos + 4).unwrap_or_default();
        match u32::from_str_radix(digits, 16) {
            Ok(n) if digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_hexdigit()) => {
                self.pos += 4;
                Ok(n)
            }
            _ => {
                self.pos = at;
                Err(self.error("a `\\u` escape without four hex digits".to_owned()))
            }
        }
    }

    /// Reads a number: integral ones in range are `int`s, the others finite `float`s.
    fn number(&mut self) -> Result<Value, InputError> {
        let start = self.pos;
        let digits = |r: &mut Self| {
            let from = r.pos;
            while r.peek().is_some_and(|b| b.is_ascii_digit()) {
                r.pos += 1;
            }
            r.pos > from
        };
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        if self.peek() == Some(b'0') {
            self.pos += 1;
            if self.peek().is_some_and(|b| b.is_ascii_digit()) {
                self.pos = start;
                return Err(self.error("a number with a leading zero".to_owned()));
            }
        } else if !digits(self) {
            return Err(self.error(format!("expected a digit, found {}", self.found())));
        }
        let mut integral = true;
        if self.peek() == Some(b'.') {
            self.pos += 1;
            integral = false;
            if !digits(self) {
                return Err(self.error(format!(
                    "expected a digit after `.`, found {}",
                    self.found()
                )));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            integral = false;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !digits(self) {
                return Err(self.error(format!(
                    "expected a digit in the exponent, found {}",
                    self.found()
                )));
            }
        }
        let text = self.text.get(start..self.pos).unwrap_or_default();
        // `-0` is the float negative zero, as in `serde_json`.
        if integral
            && text != "-0"
            && let Ok(i) = text.parse::<i64>()
        {
            return Ok(Value::Int(i));
        }
        match text.parse::<f64>() {
            Ok(f) if f.is_finite() => Ok(Value::float(f)),
            _ => {
                self.pos = start;
                Err(self.error(format!("`{text}` is a number that is not finite")))
            }
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while let Some(b) = self.peek() {
            match b {
                b'\n' => {
                    self.line = self.line.saturating_add(1);
                    self.line_start = self.pos + 1;
                }
                b' ' | b'\t' | b'\r' => {}
                _ => return,
            }
            self.pos += 1;
        }
    }

    /// What is at `pos`, for a message.
    fn found(&self) -> String {
        self.text
            .get(self.pos..)
            .and_then(|s| s.chars().next())
            .map_or_else(|| "end of input".to_owned(), show_char)
    }

    /// A syntax error at `pos`.
    fn error(&self, message: String) -> InputError {
        self.located(Refusal::malformed(message))
    }

    /// A builder step, its refusal located at `pos`.
    fn refuse(
        &mut self,
        step: impl FnOnce(&mut Builder<'l>) -> Result<(), Refusal>,
    ) -> Result<(), InputError> {
        self.refuse_at(self.pos, step)
    }

    /// A builder step, its refusal located at byte `at`.
    fn refuse_at(
        &mut self,
        at: usize,
        step: impl FnOnce(&mut Builder<'l>) -> Result<(), Refusal>,
    ) -> Result<(), InputError> {
        match step(&mut self.builder) {
            Ok(()) => {
                if let Some((position, node)) = self.builder.take_element() {
                    (self.sink)(super::element(0, position, node));
                }
                Ok(())
            }
            Err(refusal) => {
                let code = refusal.code;
                let error = self.located_at(at, refusal);
                if self.builder.recover(code).is_some() {
                    // The element is passed over; the document goes on.
                    (self.sink)(Piece::Unreadable(error));
                    Ok(())
                } else {
                    self.pos = at;
                    Err(error)
                }
            }
        }
    }

    /// A refusal located at `pos`.
    fn located(&self, refusal: Refusal) -> InputError {
        self.located_at(self.pos, refusal)
    }

    /// A refusal located at byte `at`, on the line of `pos` (no string or number holds a line
    /// break, so a step's start is on the line where it ends).
    fn located_at(&self, at: usize, refusal: Refusal) -> InputError {
        let (memo_start, memo_at, memo_column) = self.column.get();
        let (from, base) = if memo_start == self.line_start && memo_at <= at {
            (memo_at, memo_column)
        } else {
            (self.line_start, 1)
        };
        let column = self
            .text
            .get(from..at)
            .map_or(0, |s| s.chars().count())
            .saturating_add(usize::try_from(base).unwrap_or(usize::MAX));
        let column = u32::try_from(column).unwrap_or(u32::MAX);
        self.column.set((self.line_start, at, column));
        let line = self.line;
        InputError {
            code: refusal.code,
            message: refusal.message,
            document: Some(0),
            line,
            column,
        }
    }
}
