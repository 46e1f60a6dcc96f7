//! Programs generated from the grammar: every expression form, type form, item and statement,
//! composed at random. Two properties: the parser accepts every generated program without a
//! lexical or syntax diagnostic (the generator and the parser agree on the language), and the
//! checker never panics on them, whatever types the random composition produces.

use palisade::{FileId, check_sources};
use proptest::prelude::*;

#[path = "common/generate.rs"]
mod generate;

use generate::program;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(if std::env::var_os("CI").is_some() { 128 } else { 512 }))]

    #[test]
    fn generated_programs_parse_and_check_without_panicking(text in program()) {
        let result = check_sources(&[(FileId(0), &text)]);
        let syntax: Vec<String> = result
            .diagnostics
            .iter()
            .filter(|d| d.code.as_str().get(2..3).is_some_and(|phase| phase < "2"))
            .map(|d| format!("{} {} at {}", d.code, d.message, d.span))
            .collect();
        prop_assert!(syntax.is_empty(), "{}\n{}", syntax.join("\n"), text);
    }
}
