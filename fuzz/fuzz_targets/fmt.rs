//! Formatting never panics. A text with syntax errors is refused with the parser's
//! diagnostics; any other text is formatted to a fixed point with the same tree (spans
//! erased), the same comments and the same diagnostics when checked.
#![no_main]

use libfuzzer_sys::fuzz_target;
use palisade::syntax::{self, CommentKind};
use palisade::{FileId, FormatOptions, check_sources, decode_source, format};

fn comments(text: &str) -> Vec<String> {
    let mut out: Vec<String> = syntax::parse(FileId(0), text)
        .trivia
        .comments
        .iter()
        .map(|c| {
            let t = text.get(c.span.start as usize..c.span.end as usize).unwrap_or("");
            match c.kind {
                CommentKind::Line => t.trim_end().to_owned(),
                // As the formatting properties test compares them: the later lines of a block
                // comment move with its first line, and the carriage returns before a line end
                // go with it (lang/tests/common/formatting.rs).
                CommentKind::Block => t
                    .lines()
                    .map(|l| l.trim_start().trim_end_matches('\r'))
                    .collect::<Vec<_>>()
                    .join("\n"),
            }
        })
        .collect();
    out.sort();
    out
}

fn diagnostics(text: &str) -> Vec<String> {
    let mut out: Vec<String> = check_sources(&[(FileId(0), text)])
        .diagnostics
        .iter()
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    out.sort();
    out
}

fuzz_target!(|data: &[u8]| {
    let (text, _) = decode_source(FileId(0), data);
    let parsed = syntax::parse(FileId(0), &text);
    let has_errors = parsed.diagnostics.iter().any(|d| d.is_error());
    let options = FormatOptions::default();
    match format(&text, &options) {
        Err(refused) => {
            assert!(has_errors, "refused a file without syntax errors");
            assert_eq!(refused, parsed.diagnostics);
        }
        Ok(formatted) => {
            assert!(!has_errors, "formatted a file with syntax errors");
            let again = format(&formatted, &options).expect("the output parses");
            assert_eq!(again, formatted, "not idempotent");
            let mut before = parsed.file.clone();
            let mut after = syntax::parse(FileId(0), &formatted).file;
            before.erase_spans();
            after.erase_spans();
            assert!(before == after, "the tree changed");
            assert_eq!(comments(&text), comments(&formatted), "the comments changed");
            assert_eq!(diagnostics(&text), diagnostics(&formatted), "the diagnostics changed");
        }
    }
});
