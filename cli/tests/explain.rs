//! `palisade explain` through the built binary, as someone who just saw a rule id in a finding
//! runs it: the rule's metadata, its controls with their titles and frameworks, where it is
//! written (the line of its name, read from the file here rather than written down), a
//! suggestion for a misspelt id, and rules of the user's own policies.

#![allow(
    clippy::indexing_slicing,
    reason = "serde_json indexing reads Null when absent"
)]

use std::path::Path;

#[path = "runner_support/binary.rs"]
mod binary;
use binary::palisade;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// The 1-based line of `rule <name>(` in a stdlib file.
fn rule_line(file: &str, name: &str) -> usize {
    let text = std::fs::read_to_string(root().join("stdlib").join(file)).unwrap_or_default();
    let needle = format!("rule {name}(");
    text.lines()
        .position(|l| l.starts_with(&needle))
        .map_or(0, |i| i + 1)
}

#[test]
fn a_stdlib_rule_with_its_controls_and_place() {
    let out = palisade(root(), &["explain", "gha-template-injection"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with(
            "GHA-TEMPLATE-INJECTION: Attacker-controlled text is not expanded into scripts\n"
        ),
        "{text}"
    );
    assert!(text.contains("  severity    high (deny)\n"), "{text}");
    assert!(
        text.contains("  rule        palisade.github.steps.template_injection\n"),
        "{text}"
    );
    let line = rule_line("github/steps.pal", "template_injection");
    assert!(line > 0);
    assert!(
        text.contains(&format!("  written in  <stdlib>/github/steps.pal:{line}\n")),
        "{text}"
    );
    assert!(
        text.contains("owasp-cicd:CICD-SEC-4: Poisoned Pipeline Execution (PPE) — OWASP Top 10 CI/CD Security Risks"),
        "{text}"
    );
    assert!(
        text.contains(
            "nist-800-53:SI-10: Information Input Validation — NIST SP 800-53 revision 5"
        ),
        "{text}"
    );
    assert!(text.contains("zizmor:template-injection"), "{text}");
    assert!(text.contains("\nWhy\n  GitHub replaces each"), "{text}");
    assert!(
        text.contains("\nFix\n  Pass the value through an environment variable"),
        "{text}"
    );
    // No line of the explanation is wider than the wrapping width (a long word aside).
    assert!(
        text.lines()
            .filter(|l| l.starts_with("  ") && !l.contains(':'))
            .all(|l| l.len() <= 96 || !l.trim().contains(' ')),
        "{text}"
    );

    let out = palisade(
        root(),
        &[
            "explain",
            "palisade.k8s.pss.baseline.privileged",
            "--format",
            "json",
        ],
    );
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    assert_eq!(value["id"], "PSS-BASELINE-PRIVILEGED", "{value}");
    assert_eq!(value["controls"][0]["id"], "cis-k8s:5.2.2");
    assert_eq!(
        value["controls"][0]["title"],
        "Minimize the admission of privileged containers"
    );
    assert_eq!(value["file"], "<stdlib>/k8s/pss/baseline.pal");
    assert_eq!(
        value["line"],
        rule_line("k8s/pss/baseline.pal", "privileged")
    );
}

#[test]
fn a_misspelt_id_gets_suggestions() {
    let out = palisade(root(), &["explain", "GHA-SECRET-INHERIT"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no rule `GHA-SECRET-INHERIT`; did you mean `GHA-SECRETS-INHERIT`"),
        "{err}"
    );
    // A rule's own name works when only one rule has it.
    let out = palisade(root(), &["explain", "template_injection"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("GHA-TEMPLATE-INJECTION:"));
    let out = palisade(root(), &["explain", "NOTHING-LIKE-IT-AT-ALL"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("`palisade scan --list-rules` lists every rule")
    );
}

#[test]
fn a_rule_of_the_users_own_policies() {
    let dir = std::env::temp_dir().join(format!("palisade-explain-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let policy = "package acme.replicas\n\ntype Deployment = { kind: \"Deployment\", spec: { replicas?: int, .. }, .. }\n\nrule replicas(d: Deployment) {\n  meta {\n    id: \"ACME-REPLICAS\"\n    title: \"At most three replicas\"\n    severity: \"low\"\n    controls: [\"nist-800-53:PE-3\", \"nist-800-53:CM-6\"]\n  }\n  if (d.spec.replicas ?? 1) > 3 {\n    violation \"too many replicas\"\n  }\n}\n";
    let _ = std::fs::write(dir.join("replicas.pal"), policy);
    let out = palisade(
        &dir,
        &[
            "explain",
            "ACME-REPLICAS",
            "--policy",
            "replicas.pal",
            "--no-stdlib",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("  written in  replicas.pal:5\n"), "{text}");
    // A control the catalog has no title for is shown by its id alone.
    assert!(text.contains("  controls    nist-800-53:PE-3\n"), "{text}");
    assert!(
        text.contains("nist-800-53:CM-6: Configuration Settings"),
        "{text}"
    );
    assert!(!text.contains("\nWhy\n"), "{text}");
}
