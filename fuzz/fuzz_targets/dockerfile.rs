//! The Dockerfile reader never panics on any bytes, and what it reports stays inside the input:
//! every error has a stable code and a line within the text, and every node of the document it
//! builds has a line within the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use palisade::InputLimits;

fuzz_target!(|data: &[u8]| {
    let lines = u32::try_from(data.iter().filter(|b| **b == b'\n').count() + 1).unwrap_or(u32::MAX);
    let (docs, errors) = palisade_formats::dockerfile::read(data, &InputLimits::default());
    assert!(docs.len() <= 1);
    for e in &errors {
        assert!(e.code.as_str().starts_with("E04"));
        assert!(e.line <= lines, "error at line {} of {lines}", e.line);
    }
    for d in &docs {
        assert!(d.line_of("/stages/0/instructions/0") <= lines);
    }
});
