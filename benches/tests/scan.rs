//! The scan scenario's inputs (P3, P6) are what they claim: the standard library compiles from
//! the source tree, every generated manifest reads without error, and the stdlib judges them
//! without errors, passing some objects and failing others.

use palisade::{EvalOptions, FileId, InputFormat, InputLimits, PolicySet, read_documents};
use palisade_benches::{manifests::manifest, stdlib_sources};

#[test]
fn the_stdlib_judges_generated_manifests_without_errors() {
    let sources = stdlib_sources().expect("the stdlib is readable");
    assert!(sources.len() > 5, "{} files", sources.len());
    let files: Vec<(FileId, &str)> = sources
        .iter()
        .enumerate()
        .map(|(i, (_, t))| (FileId(i as u32), t.as_str()))
        .collect();
    let set = PolicySet::compile(&files).expect("the stdlib compiles");
    let options = EvalOptions::default();
    let (mut allowed, mut denied) = (0, 0);
    for n in 0..100 {
        let text = manifest(n);
        let (docs, errors) =
            read_documents(text.as_bytes(), InputFormat::Yaml, &InputLimits::default());
        assert!(errors.is_empty(), "{n}: {errors:?}\n{text}");
        assert_eq!(docs.len(), 1, "{n}");
        for doc in &docs {
            let decision = set.evaluate(doc, &options);
            assert!(decision.errors.is_empty(), "{n}: {:?}", decision.errors);
            let judged = decision
                .rules
                .iter()
                .filter(|r| r.status != palisade::Status::Skipped)
                .count();
            // Services and ConfigMaps are in the mix, as in a real repository; no rule
            // applies to them.
            let inert = text.contains("kind: Service\n") || text.contains("kind: ConfigMap\n");
            assert_eq!(judged == 0, inert, "{n}: {judged} rules judged\n{text}");
            if decision.is_allowed() {
                allowed += 1;
            } else {
                denied += 1;
            }
        }
    }
    assert!(
        allowed >= 10 && denied >= 30,
        "{allowed} allowed, {denied} denied"
    );
}
