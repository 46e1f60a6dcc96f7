//! Evaluation never panics, never meets a value of the wrong kind (E0507), and is deterministic:
//! the input is a policy, a `0xff` byte, then a JSON or YAML input. When the policy compiles,
//! every document of the input is evaluated twice; both decisions must be equal, contain no
//! E0507, and survive a JSON round trip.
#![no_main]

use libfuzzer_sys::fuzz_target;
use palisade::{Decision, EvalOptions, FileId, InputFormat, InputLimits, PolicySet, read_documents};

fuzz_target!(|data: &[u8]| {
    let cut = data.iter().position(|b| *b == 0xff).unwrap_or(data.len());
    let (policy, rest) = data.split_at(cut);
    let input = rest.get(1..).unwrap_or_default();
    let Ok(policy) = std::str::from_utf8(policy) else { return };
    let Ok(set) = PolicySet::compile(&[(FileId(0), policy)]) else { return };
    let limits = InputLimits { max_bytes: 1 << 20, ..InputLimits::default() };
    let (documents, _) = read_documents(input, InputFormat::Detect, &limits);
    let mut options = EvalOptions::default();
    options.limits.fuel = 200_000;
    for doc in &documents {
        let first = set.evaluate(doc, &options);
        let second = set.evaluate(doc, &options);
        assert_eq!(first, second, "evaluation is deterministic");
        assert!(
            first.errors.iter().all(|e| e.code != "E0507"),
            "a well-typed program met a value of the wrong kind: {:?}",
            first.errors
        );
        let json = serde_json::to_string(&first).unwrap_or_default();
        let back: Decision = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
        assert_eq!(first, back);
    }
});
