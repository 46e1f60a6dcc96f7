//! Rule metadata: the keys a rule may carry, their forms and values, control ids of the
//! frameworks Palisade maps to, and unique rule ids across the policy set.

use super::Program;
use super::expr::Cx;
use crate::diagnostics::{Diagnostic, codes, did_you_mean, quote};
use crate::span::Span;
use crate::syntax::ast::{Expr, ExprKind, ItemKind, RuleDecl};

/// The keys a `meta` block may hold.
pub(crate) const KEYS: &[&str] = &[
    "id",
    "title",
    "severity",
    "enforcement",
    "controls",
    "remediation",
    "description",
    "tags",
];
pub(crate) const SEVERITIES: &[&str] = &["critical", "high", "medium", "low", "info"];
pub(crate) const ENFORCEMENTS: &[&str] = &["deny", "warn"];

pub(super) fn check_rule(cx: &mut Cx<'_, '_>, rule: &RuleDecl) {
    let Some(meta) = &rule.meta else {
        cx.error(
            codes::INVALID_METADATA,
            rule.name.span,
            format!("rule {} has no `meta` block", quote(&rule.name.name)),
            Some("every rule needs at least `meta { id: \"...\" title: \"...\" }`".to_owned()),
        );
        return;
    };
    for required in ["id", "title"] {
        if !meta.entries.iter().any(|e| e.key.name == required) {
            cx.error(
                codes::INVALID_METADATA,
                meta.span,
                format!("rule metadata has no `{required}`"),
                None,
            );
        }
    }
    for entry in &meta.entries {
        let key = entry.key.name.as_str();
        let value = &entry.value;
        match key {
            "id" | "title" | "remediation" | "description" => {
                if let Some(text) = literal(cx, key, value)
                    && key == "id"
                    && !valid_id(&text)
                {
                    cx.error(
                            codes::INVALID_METADATA,
                            value.span,
                            format!("rule id {} is not of the form `WORD-WORD-...`", quote(&text)),
                            Some("use capital letters, digits, `-` and `_`, e.g. `PSS-BASELINE-PRIVILEGED`".to_owned()),
                        );
                }
            }
            "severity" => one_of(cx, key, value, SEVERITIES),
            "enforcement" => one_of(cx, key, value, ENFORCEMENTS),
            "controls" | "tags" => {
                let ExprKind::List(items) = &value.kind else {
                    cx.error(
                        codes::INVALID_METADATA,
                        value.span,
                        format!("`{key}` must be a list of strings"),
                        None,
                    );
                    continue;
                };
                for item in items {
                    let Some(text) = literal(cx, key, item) else {
                        continue;
                    };
                    if key == "controls" && !valid_control(&text) {
                        cx.error(
                            codes::INVALID_CONTROL_ID,
                            item.span,
                            format!("{} is not a known control id", quote(&text)),
                            Some(
                                "write `cis-k8s:5.2.2`, `cis-docker:4.1`, `cis-aws:2.1.1`, `nist-800-53:AC-6`, \
                                 `attack:T1611`, `owasp-cicd:CICD-SEC-4` or `pci-dss-4:6.3.2`"
                                    .to_owned(),
                            ),
                        );
                    }
                }
            }
            other => {
                let file = cx.file;
                cx.program.report(
                    Diagnostic::new(
                        codes::INVALID_METADATA,
                        file,
                        entry.key.span,
                        format!("unknown metadata key {}", quote(other)),
                    )
                    .with_help_opt(
                        did_you_mean(other, KEYS.iter().copied())
                            .or_else(|| Some(format!("the keys are {}", KEYS.join(", ")))),
                    )
                    .with_name_fix(other, KEYS.iter().copied()),
                );
            }
        }
    }
}

/// The text of a plain string literal; reports anything else.
fn literal(cx: &mut Cx<'_, '_>, key: &str, value: &Expr) -> Option<String> {
    if let ExprKind::Str(lit) = &value.kind
        && let Some(text) = lit.as_plain()
    {
        return Some(text);
    }
    cx.error(
        codes::INVALID_METADATA,
        value.span,
        format!("`{key}` must be a string literal"),
        Some(
            "metadata is read without evaluating the policy: no names or interpolation".to_owned(),
        ),
    );
    None
}

fn one_of(cx: &mut Cx<'_, '_>, key: &str, value: &Expr, allowed: &[&str]) {
    let Some(text) = literal(cx, key, value) else {
        return;
    };
    if !allowed.contains(&text.as_str()) {
        let list: Vec<String> = allowed.iter().map(|a| format!("`{a}`")).collect();
        cx.error(
            codes::INVALID_METADATA,
            value.span,
            format!("{} is not a valid {key}", quote(&text)),
            did_you_mean(&text, allowed.iter().copied())
                .or_else(|| Some(format!("use one of {}", list.join(", ")))),
        );
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 128
        && id
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-' || c == '_')
        && id.starts_with(|c: char| c.is_ascii_uppercase())
}

/// Whether `id` is a control id of a supported framework.
pub(crate) fn valid_control(id: &str) -> bool {
    let Some((framework, rest)) = id.split_once(':') else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    match framework {
        // Section numbers such as 5.2.2 or 4.1.
        "cis-k8s" | "cis-docker" | "cis-aws" | "cis-gcp" | "cis-azure" => {
            rest.split('.').all(digits) && rest.split('.').count() >= 2
        }
        // Requirements such as 6.3.2 (PCI DSS v4): at least two numbers.
        "pci-dss-4" => rest.split('.').all(digits) && rest.split('.').count() >= 2,
        // Families such as AC-6, with an optional enhancement: AC-6(1).
        "nist-800-53" => {
            let (base, enhancement) = match rest.split_once('(') {
                Some((b, e)) => (b, Some(e)),
                None => (rest, None),
            };
            let Some((family, number)) = base.split_once('-') else {
                return false;
            };
            family.len() == 2
                && family.chars().all(|c| c.is_ascii_uppercase())
                && digits(number)
                && enhancement.is_none_or(|e| e.strip_suffix(')').is_some_and(digits))
        }
        // Techniques such as T1611 or sub-techniques such as T1195.002.
        "attack" => {
            let Some(t) = rest.strip_prefix('T') else {
                return false;
            };
            match t.split_once('.') {
                Some((main, sub)) => {
                    main.len() == 4 && digits(main) && sub.len() == 3 && digits(sub)
                }
                None => t.len() == 4 && digits(t),
            }
        }
        "owasp-cicd" => rest.strip_prefix("CICD-SEC-").is_some_and(|n| {
            digits(n) && !n.starts_with('0') && n.parse::<u8>().is_ok_and(|n| (1..=10).contains(&n))
        }),
        _ => false,
    }
}

/// Two rules with one id anywhere in the policy set: the later one is reported.
pub(super) fn duplicate_id_diagnostics(program: &Program<'_>) -> Vec<Diagnostic> {
    duplicate_rule_ids(program.files)
}

/// E0316 for every rule id already used by an earlier rule of the set.
pub(crate) fn duplicate_rule_ids(
    files: &[(crate::span::FileId, &crate::syntax::ast::SourceFile)],
) -> Vec<Diagnostic> {
    let mut seen: std::collections::HashMap<String, (crate::span::FileId, Span)> =
        std::collections::HashMap::new();
    let mut out = Vec::new();
    for (file, tree) in files {
        for item in &tree.items {
            let ItemKind::Rule(rule) = &item.kind else {
                continue;
            };
            let Some(meta) = &rule.meta else { continue };
            // A repeated `id` key is E0208 already; only the first names the rule.
            for entry in meta.entries.iter().filter(|e| e.key.name == "id").take(1) {
                let ExprKind::Str(lit) = &entry.value.kind else {
                    continue;
                };
                let Some(id) = lit.as_plain() else { continue };
                match seen.get(&id) {
                    Some((first_file, first_span)) => out.push(
                        Diagnostic::new(
                            codes::DUPLICATE_RULE_ID,
                            *file,
                            entry.value.span,
                            format!("rule id {} is already used", quote(&id)),
                        )
                        .with_label_in(*first_file, *first_span, "first used here")
                        .with_help("rule ids identify findings in reports: make each unique"),
                    ),
                    None => {
                        seen.insert(id, (*file, entry.value.span));
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::valid_control;

    #[test]
    fn control_ids() {
        for ok in [
            "cis-k8s:5.2.2",
            "cis-docker:4.1",
            "nist-800-53:AC-6",
            "nist-800-53:AC-6(1)",
            "attack:T1611",
            "attack:T1195.002",
            "owasp-cicd:CICD-SEC-4",
            "owasp-cicd:CICD-SEC-10",
            "pci-dss-4:6.3.2",
            "pci-dss-4:8.6.2",
            "cis-aws:2.1.1",
            "cis-gcp:5.1",
            "cis-azure:3.1",
        ] {
            assert!(valid_control(ok), "{ok}");
        }
        for bad in [
            "nist:AC6",
            "cis-k8s:5",
            "nist-800-53:AC6",
            "nist-800-53:ac-6",
            "attack:T161",
            "attack:1611",
            "owasp-cicd:CICD-SEC-11",
            "owasp-cicd:CICD-SEC-+4",
            "owasp-cicd:CICD-SEC-007",
            "T1611",
            "cis-k8s:5.x",
            "pci-dss-4:6",
            "pci-dss-4:6.3.x",
            "pci:6.3.2",
            "cis-aws:2",
            "cis-gcp:x.1",
            "cis-aws-3:2.1",
        ] {
            assert!(!valid_control(bad), "{bad}");
        }
    }
}
