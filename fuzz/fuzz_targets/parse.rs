//! Lexing and parsing never panic, and always return a tree plus diagnostics whose spans lie
//! inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use palisade::{FileId, decode_source, syntax};

fuzz_target!(|data: &[u8]| {
    let (text, _) = decode_source(FileId(0), data);
    let parse = syntax::parse(FileId(0), &text);
    for d in &parse.diagnostics {
        assert!(d.span.start <= d.span.end && d.span.end as usize <= text.len());
    }
});
