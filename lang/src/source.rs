//! Turning the bytes a host read into source text. Files are UTF-8; invalid sequences are
//! replaced by U+FFFD and each is reported (E0003) at its position in the decoded text, so a
//! binary or mis-encoded file still yields a tree and precise diagnostics.

use crate::diagnostics::{Diagnostic, codes};
use crate::span::{FileId, Span};

/// At most this many invalid sequences are reported per file; the rest are only replaced.
const MAX_REPORTED: usize = 20;

/// Decodes `bytes` as UTF-8, replacing invalid sequences and reporting them.
pub fn decode_source(file: FileId, bytes: &[u8]) -> (String, Vec<Diagnostic>) {
    let mut text = String::with_capacity(bytes.len());
    let mut diagnostics = Vec::new();
    let mut invalid = 0usize;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        if !chunk.invalid().is_empty() {
            let at = text.len();
            text.push(char::REPLACEMENT_CHARACTER);
            invalid += 1;
            if invalid <= MAX_REPORTED {
                diagnostics.push(
                    Diagnostic::new(
                        codes::INVALID_UTF8,
                        file,
                        Span::new(at, text.len()),
                        format!(
                            "invalid UTF-8 byte sequence {}",
                            chunk
                                .invalid()
                                .iter()
                                .map(|b| format!("0x{b:02x}"))
                                .collect::<Vec<_>>()
                                .join(" ")
                        ),
                    )
                    .with_help("policy files must be UTF-8; re-save the file as UTF-8"),
                );
            }
        }
    }
    if invalid > MAX_REPORTED {
        diagnostics.push(Diagnostic::new(
            codes::INVALID_UTF8,
            file,
            Span::at(0),
            format!(
                "{} more invalid UTF-8 sequences not shown",
                invalid - MAX_REPORTED
            ),
        ));
    }
    (text, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_each_invalid_sequence_at_its_decoded_position() {
        let (text, diagnostics) = decode_source(FileId(0), b"ab\xffcd\xc3");
        assert_eq!(text, "ab\u{fffd}cd\u{fffd}");
        let spans: Vec<Span> = diagnostics.iter().map(|d| d.span).collect();
        assert_eq!(spans, vec![Span::new(2, 5), Span::new(7, 10)]);
        assert!(diagnostics.iter().all(|d| d.code == codes::INVALID_UTF8));
    }

    #[test]
    fn valid_text_is_unchanged() {
        let (text, diagnostics) = decode_source(FileId(0), "package a # ç".as_bytes());
        assert_eq!(text, "package a # ç");
        assert!(diagnostics.is_empty());
    }
}
