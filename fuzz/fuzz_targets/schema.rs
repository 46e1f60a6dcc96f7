//! Schema loading never panics, and whatever it generates checks without errors.
#![no_main]

use libfuzzer_sys::fuzz_target;
use palisade::{FileId, SchemaInput, check_sources, schemas_to_sources};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(sources) = schemas_to_sources(&[SchemaInput { name: "fuzz.T", text }]) else { return };
    for source in &sources {
        let result = check_sources(&[(FileId(0), source.text.as_str())]);
        assert!(!result.has_errors(), "{}\n{:?}", source.text, result.diagnostics);
    }
});
