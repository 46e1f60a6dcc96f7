//! The Terraform readers never panic on any bytes, and what they report stays inside the input:
//! every error has a stable code and a line within the text, and every resource of the module
//! they build has a line within the text. The bytes are read both as a `.tf` file (HCL) and as
//! JSON that may be a plan (`terraform show -json`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use palisade::InputLimits;

fn check(docs: &[palisade::Document], errors: &[palisade::InputError], lines: u32) {
    for e in errors {
        assert!(e.code.as_str().starts_with("E04"));
        assert!(e.line <= lines, "error at line {} of {lines}", e.line);
    }
    for d in docs {
        for i in 0..4 {
            assert!(d.line_of(&format!("/resources/{i}")) <= lines);
            assert!(d.line_of(&format!("/resources/{i}/values/a")) <= lines);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    // HCL's line breaks are `\n` (and `\r\n`); YAML's (the JSON reader detects YAML too) also
    // a `\r` alone.
    let lines = u32::try_from(data.iter().filter(|b| **b == b'\n').count() + 1).unwrap_or(u32::MAX);
    let yaml_breaks = data
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && data.get(i + 1) != Some(&b'\n')))
        .count();
    let yaml_lines = u32::try_from(yaml_breaks + 1).unwrap_or(u32::MAX);
    let limits = InputLimits::default();
    let (docs, errors) = palisade_formats::terraform::read(data, &limits);
    assert!(docs.len() <= 1);
    check(&docs, &errors, lines);
    let (docs, errors) = palisade_formats::read_file("plan.json", data, &limits);
    check(&docs, &errors, yaml_lines);
});
