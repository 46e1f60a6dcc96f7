//! JSON Schema and CRD loading, end to end: a schema becomes Palisade types that policies
//! import and that the checker enforces (unknown fields, optionals, enums, discriminators).

use palisade::{FileId, SchemaInput, check_sources, schemas_to_sources};
use std::path::Path;

#[expect(clippy::panic, reason = "a test helper fails its test by panicking")]
fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/schemas")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[expect(clippy::panic, reason = "a test helper fails its test by panicking")]
fn generated() -> Vec<palisade::GeneratedSource> {
    let crd = fixture("pipeline-crd.yaml");
    let json = fixture("image-policy.schema.json");
    schemas_to_sources(&[
        SchemaInput {
            name: "acme.ci.DeployPipeline",
            text: &crd,
        },
        SchemaInput {
            name: "acme.ci.ImagePolicy",
            text: &json,
        },
    ])
    .unwrap_or_else(|e| panic!("{e}"))
}

/// The codes a policy gets when checked with the generated schema sources.
fn codes(policy: &str) -> Vec<String> {
    let sources = generated();
    let mut inputs: Vec<(FileId, &str)> = vec![(FileId(0), policy)];
    for (i, s) in sources.iter().enumerate() {
        inputs.push((FileId(i as u32 + 1), s.text.as_str()));
    }
    check_sources(&inputs)
        .diagnostics
        .iter()
        .map(|d| format!("{} {}", d.code, d.message))
        .collect()
}

#[test]
fn generated_source_is_stable_and_checks_clean() {
    let sources = generated();
    assert_eq!(sources.len(), 1, "both schemas share package acme.ci");
    let text = &sources[0].text;
    insta::assert_snapshot!("generated_acme_ci", text);
    let result = check_sources(&[(FileId(0), text.as_str())]);
    assert!(result.diagnostics.is_empty(), "{:?}", result.diagnostics);
}

#[test]
fn policies_over_a_crd_are_type_checked() {
    let ok = r#"package acme.policies
import acme.ci

rule no_privileged_stages(p: ci.DeployPipeline) {
  meta { id: "ACME-STAGES" title: "No privileged stages" severity: "high" }
  for s in p.spec.stages {
    if s.privileged ?? false {
      violation "stage `{s.name}` is privileged" at s.privileged
    }
    if s.environment == "prod" and count(p.spec.approvers ?? []) == 0 {
      violation "prod stage `{s.name}` has no approvers" at s
    }
  }
  if (p.spec["retry-policy"]?.attempts ?? 0) > 5 { violation "too many retries" }
}
"#;
    assert_eq!(codes(ok), Vec::<String>::new());

    let typo = ok.replace("s.privileged ?? false", "s.privilegd ?? false");
    let found = codes(&typo);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("E0301"), "{found:?}");

    let unhandled = ok.replace("count(p.spec.approvers ?? [])", "count(p.spec.approvers)");
    assert!(
        codes(&unhandled)
            .iter()
            .any(|c| c.starts_with("E0306") || c.starts_with("E0302"))
    );

    let bad_enum = ok.replace(
        "s.environment == \"prod\"",
        "s.environment == \"production\"",
    );
    assert!(
        codes(&bad_enum).iter().any(|c| c.starts_with("E0303")),
        "{:?}",
        codes(&bad_enum)
    );
}

#[test]
fn crd_kind_and_api_version_become_discriminators() {
    let text = &generated()[0].text;
    assert!(text.contains("apiVersion: \"ci.acme.io/v1\""), "{text}");
    assert!(text.contains("kind: \"DeployPipeline\""), "{text}");
}

#[test]
fn malformed_schemas_are_errors_not_panics() {
    for (name, text) in [
        ("acme.X", "{ not yaml: ["),
        ("acme.X", "[1, 2]"),
        ("nopackage", "{}"),
        ("acme.9bad", "{}"),
        ("acme.X", "kind: CustomResourceDefinition\nspec: {}\n"),
    ] {
        let result = schemas_to_sources(&[SchemaInput { name, text }]);
        assert!(result.is_err(), "{name}: {text}");
    }
    // Deeper than the YAML reader's budget: a clear error.
    let nested = |n: usize| {
        format!(
            "{}{}{}",
            "{\"type\":\"array\",\"items\":".repeat(n),
            "{\"type\":\"string\"}",
            "}".repeat(n)
        )
    };
    let too_deep = nested(200);
    let error = schemas_to_sources(&[SchemaInput {
        name: "acme.Deep",
        text: &too_deep,
    }]);
    assert!(error.is_err_and(|e| e.message.contains("epth")));
    // Within it but deeper than types go: the deep part is left untyped.
    let deep = nested(50);
    let out = schemas_to_sources(&[SchemaInput {
        name: "acme.Deep",
        text: &deep,
    }]);
    let text = out.map(|s| s[0].text.clone()).unwrap_or_default();
    assert!(text.contains("json"), "{text}");
    assert!(
        check_sources(&[(FileId(0), text.as_str())])
            .diagnostics
            .is_empty()
    );
}
