//! The one place where byte offsets meet protocol positions: line/character in UTF-16 code
//! units (the protocol's default) or in bytes (when the client accepts `utf-8`), and the
//! library's diagnostics as protocol diagnostics. Positions a client sends that fall inside a
//! character or past the end of a line are clamped, never trusted.

use palisade::diagnostics::Severity;
use palisade::{Diagnostic, Span};
use tower_lsp_server::ls_types as lsp;

/// How the client counts characters in a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-16 code units (the protocol's default).
    Utf16,
    /// Bytes of UTF-8.
    Utf8,
}

/// Where each line of a text starts.
pub struct Lines<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    /// The lines of `text`.
    pub fn new(text: &'t str) -> Lines<'t> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { text, starts }
    }

    /// The position of a byte offset (clamped to the text).
    pub fn position(&self, offset: usize, encoding: Encoding) -> lsp::Position {
        let offset = offset.min(self.text.len());
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let prefix = self.text.get(start..offset).unwrap_or_else(|| {
            // Inside a character: count up to its start.
            let mut end = offset;
            while !self.text.is_char_boundary(end) {
                end -= 1;
            }
            self.text.get(start..end).unwrap_or("")
        });
        let character = match encoding {
            Encoding::Utf8 => prefix.len(),
            Encoding::Utf16 => prefix.encode_utf16().count(),
        };
        lsp::Position::new(to_u32(line), to_u32(character))
    }

    /// The byte offset of a position: a line past the end is the end of the text, a character
    /// past the end of its line is the end of the line, a position inside a character is the
    /// start of that character.
    pub fn offset(&self, position: lsp::Position, encoding: Encoding) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return self.text.len();
        };
        let end = self
            .starts
            .get(position.line as usize + 1)
            .map_or(self.text.len(), |next| next - 1);
        let line = self.text.get(start..end).unwrap_or("");
        let line = line.strip_suffix('\r').unwrap_or(line);
        let wanted = position.character as usize;
        let mut units = 0;
        for (i, c) in line.char_indices() {
            if units >= wanted {
                return start + i;
            }
            units += match encoding {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
            };
            if units > wanted {
                return start + i;
            }
        }
        start + line.len()
    }

    /// The range of a byte span.
    pub fn range(&self, span: Span, encoding: Encoding) -> lsp::Range {
        lsp::Range::new(
            self.position(span.start as usize, encoding),
            self.position(span.end as usize, encoding),
        )
    }

    /// The byte span of a range (clamped as `offset` clamps).
    pub fn span(&self, range: lsp::Range, encoding: Encoding) -> Span {
        Span::new(
            self.offset(range.start, encoding),
            self.offset(range.end, encoding),
        )
    }
}

/// Applies one `didChange` content change to `text`: the range is clamped as `Lines::span`
/// clamps, so any range a client sends replaces a valid part of the text; no range replaces
/// the whole text.
pub fn apply_change(
    text: &mut String,
    range: Option<lsp::Range>,
    new_text: &str,
    encoding: Encoding,
) {
    match range {
        Some(range) => {
            let span = Lines::new(text).span(range, encoding);
            text.replace_range(span.range(), new_text);
        }
        None => new_text.clone_into(text),
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Where the diagnostic index lives, for `codeDescription` links.
const DIAGNOSTICS_DOC: &str =
    "https://github.com/palisade-policy/palisade/blob/main/spec/diagnostics.md";

/// A library diagnostic as the protocol shows it. `locate` turns a label's file and span into
/// a location (labels may point into other files).
pub fn diagnostic(
    d: &Diagnostic,
    lines: &Lines<'_>,
    encoding: Encoding,
    locate: &dyn Fn(palisade::FileId, Span) -> Option<lsp::Location>,
) -> lsp::Diagnostic {
    let code = d.code.as_str().to_owned();
    let href = format!("{DIAGNOSTICS_DOC}#{}", anchor(&code));
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related: Vec<lsp::DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .filter_map(|l| {
            Some(lsp::DiagnosticRelatedInformation {
                location: locate(l.file, l.span)?,
                message: l.message.clone(),
            })
        })
        .collect();
    lsp::Diagnostic {
        range: lines.range(d.span, encoding),
        severity: Some(match d.severity() {
            Severity::Error => lsp::DiagnosticSeverity::ERROR,
            Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        }),
        code: Some(lsp::NumberOrString::String(code)),
        code_description: href
            .parse::<lsp::Uri>()
            .ok()
            .map(|href| lsp::CodeDescription { href }),
        source: Some("palisade".to_owned()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// The anchor of a code in `spec/diagnostics.md`: every heading there is preceded by
/// `<a id="e0101"></a>`.
fn anchor(code: &str) -> String {
    code.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::{Encoding, Lines};
    use tower_lsp_server::ls_types::Position;

    const TEXT: &str = "ab\né🎉x\r\nlast";

    #[test]
    fn positions_count_utf16_units_or_bytes() {
        let lines = Lines::new(TEXT);
        let x = TEXT.find('x').unwrap_or(0);
        assert_eq!(lines.position(x, Encoding::Utf16), Position::new(1, 3));
        assert_eq!(lines.position(x, Encoding::Utf8), Position::new(1, 6));
        assert_eq!(lines.offset(Position::new(1, 3), Encoding::Utf16), x);
        assert_eq!(lines.offset(Position::new(1, 6), Encoding::Utf8), x);
        for offset in 0..=TEXT.len() {
            if TEXT.is_char_boundary(offset) {
                for encoding in [Encoding::Utf16, Encoding::Utf8] {
                    let back = lines.offset(lines.position(offset, encoding), encoding);
                    let on_cr = TEXT.get(offset..).is_some_and(|t| t.starts_with('\n'))
                        && TEXT.get(..offset).is_some_and(|t| t.ends_with('\r'));
                    if !on_cr {
                        assert_eq!(back, offset, "{encoding:?} at {offset}");
                    }
                }
            }
        }
    }

    #[test]
    fn positions_from_clients_are_clamped() {
        let lines = Lines::new(TEXT);
        let emoji = TEXT.find('🎉').unwrap_or(0);
        // Between the two UTF-16 units of the emoji: the start of the emoji.
        assert_eq!(lines.offset(Position::new(1, 2), Encoding::Utf16), emoji);
        // Inside a UTF-8 sequence: the start of that character.
        assert_eq!(lines.offset(Position::new(1, 4), Encoding::Utf8), emoji);
        // Past the end of a line: its end, before `\r\n`.
        assert_eq!(
            lines.offset(Position::new(1, 99), Encoding::Utf16),
            TEXT.find('\r').unwrap_or(0)
        );
        // Past the last line: the end of the text.
        assert_eq!(
            lines.offset(Position::new(99, 0), Encoding::Utf16),
            TEXT.len()
        );
        // An offset inside a character is shown at the character's start.
        assert_eq!(
            lines.position(emoji + 1, Encoding::Utf16),
            Position::new(1, 1)
        );
    }
}
