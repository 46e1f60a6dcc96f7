//! The whole checker (names, types, metadata) never panics on any input, with or without a
//! `package` line, split into two files so imports between them are exercised.
#![no_main]

use libfuzzer_sys::fuzz_target;
use palisade::{FileId, check_bytes};

fuzz_target!(|data: &[u8]| {
    let cut = data.iter().position(|b| *b == 0xff).unwrap_or(data.len());
    let (first, rest) = data.split_at(cut);
    let second = rest.get(1..).unwrap_or_default();
    let (texts, result) = check_bytes(&[(FileId(0), first), (FileId(1), second)]);
    for d in &result.diagnostics {
        let len = texts.get(d.file.0 as usize).map_or(0, String::len);
        assert!(d.span.start <= d.span.end && d.span.end as usize <= len);
    }
});
