//! The GitHub Actions reader never panics on any bytes, and what it reports stays inside the
//! input: every error has a stable code and a line within the text, and the lines of the
//! steps, scripts and expressions of the documents it builds are within the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use palisade::InputLimits;

fuzz_target!(|data: &[u8]| {
    // YAML's line breaks: `\n`, `\r\n`, and a `\r` alone.
    let breaks = data
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && data.get(i + 1) != Some(&b'\n')))
        .count();
    let lines = u32::try_from(breaks + 1).unwrap_or(u32::MAX);
    let (docs, errors) =
        palisade_formats::github::read(".github/workflows/fuzz.yml", data, &InputLimits::default());
    for e in &errors {
        assert!(e.code.as_str().starts_with("E04"));
        assert!(e.line <= lines, "error at line {} of {lines}", e.line);
    }
    for d in &docs {
        for pointer in [
            "/jobs/0/steps/0/run/expressions/0",
            "/jobs/0/steps/0/run/commands/0",
            "/jobs/0/steps/0/with/0/expressions/0",
            "/steps/0/run/expressions/0",
            "/triggers/0",
        ] {
            assert!(
                d.line_of(pointer) <= lines,
                "{pointer} at {} of {lines}",
                d.line_of(pointer)
            );
        }
    }
});
