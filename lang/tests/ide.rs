//! Editor queries on `$0`-marked fixtures: the marker is the cursor, and the expected places
//! are named by their text. Each test is what an author
//! does in an editor: hover a name, jump to its definition, find its uses, complete a field.

use palisade::FileId;
use palisade::ide::{CompletionKind, Snapshot, SymbolKind};

const LIB: &str = r#"package acme.lib

type Container = { name: string, image: string, securityContext?: { privileged?: bool, .. }, .. }
type Pod = { kind: "Pod", spec: { containers: list<Container>, .. }, .. }

# Whether a container runs privileged.
fn privileged(c: Container) -> bool {
  return c.securityContext?.privileged ?? false
}
"#;

/// A snapshot of `LIB` (file 0) and the fixture (file 1), with the cursor's offset.
fn snapshot(marked: &str) -> (Snapshot, u32, String) {
    let offset = marked.find("$0").unwrap_or(0);
    let text = marked.replacen("$0", "", 1);
    let snap = Snapshot::new(vec![(FileId(0), LIB.to_owned()), (FileId(1), text.clone())]);
    (snap, u32::try_from(offset).unwrap_or(0), text)
}

fn at(file_text: &str, span: palisade::Span) -> &str {
    file_text.get(span.range()).unwrap_or("")
}

const POLICY: &str = r#"package acme.pods

import acme.lib

rule no_privileged(pod: lib.Pod) {
  meta {
    id: "ACME-1"
    title: "No privileged containers"
    severity: "high"
    controls: ["cis-k8s:5.2.2"]
  }
  for c in pod.spec.containers {
    if lib.privileged(c) {
      violation "container `{c.name}` is privileged" at c.securityContext?.privileged
    }
  }
}
"#;

fn policy_with_cursor(after: &str) -> String {
    let at = POLICY.find(after).unwrap_or(0) + after.len();
    let (head, tail) = POLICY.split_at(at);
    format!("{head}$0{tail}")
}

#[test]
fn hover_on_a_function_shows_its_signature_and_doc_comment() {
    let (snap, offset, _) = snapshot(&policy_with_cursor("lib.privi"));
    let hover = snap
        .hover(FileId(1), offset)
        .map(|h| h.markdown)
        .unwrap_or_default();
    assert!(
        hover.contains("fn privileged(c: Container) -> bool"),
        "{hover}"
    );
    assert!(
        hover.contains("Whether a container runs privileged."),
        "{hover}"
    );
    assert!(hover.contains("package `acme.lib`"), "{hover}");
}

#[test]
fn hover_on_a_local_shows_its_type() {
    let (snap, offset, _) = snapshot(&policy_with_cursor("{c.na"));
    let hover = snap
        .hover(FileId(1), offset)
        .map(|h| h.markdown)
        .unwrap_or_default();
    assert!(hover.contains("string"), "{hover}");
    let (snap, offset, _) = snapshot(&policy_with_cursor("for c"));
    let hover = snap
        .hover(FileId(1), offset)
        .map(|h| h.markdown)
        .unwrap_or_default();
    assert!(hover.contains("c: Container"), "{hover}");
}

#[test]
fn hover_on_a_rule_shows_its_metadata() {
    let (snap, offset, _) = snapshot(&policy_with_cursor("rule no_priv"));
    let hover = snap
        .hover(FileId(1), offset)
        .map(|h| h.markdown)
        .unwrap_or_default();
    assert!(hover.contains("**No privileged containers**"), "{hover}");
    assert!(
        hover.contains("severity: high") && hover.contains("cis-k8s:5.2.2"),
        "{hover}"
    );
}

#[test]
fn hover_on_a_rule_shows_its_cost_bound() {
    let (snap, offset, _) = snapshot(&policy_with_cursor("rule no_priv"));
    let hover = snap
        .hover(FileId(1), offset)
        .map(|h| h.markdown)
        .unwrap_or_default();
    // One loop over the containers, each calling the library's function.
    assert!(hover.contains("**Cost:** at most "), "{hover}");
    assert!(hover.contains("dominated by `containers × "), "{hover}");
    let bound: u64 = hover
        .split("at most ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_default();
    // At least one step per container of the largest list the input limits allow.
    assert!(bound >= 100_000, "{hover}");
}

#[test]
fn hover_on_a_builtin_shows_its_signature() {
    let (snap, offset, _) = snapshot("package acme.x\n\nlet n = cou$0nt([1, 2])\n");
    let hover = snap
        .hover(FileId(1), offset)
        .map(|h| h.markdown)
        .unwrap_or_default();
    assert!(hover.contains("fn count("), "{hover}");
}

#[test]
fn definition_crosses_files_and_follows_locals() {
    let (snap, offset, _) = snapshot(&policy_with_cursor("lib.privi"));
    let def = snap.definition(FileId(1), offset);
    assert_eq!(
        def.map(|d| (d.file, at(LIB, d.span))),
        Some((FileId(0), "privileged"))
    );
    let (snap, offset, text) = snapshot(&policy_with_cursor("privileged\" at c"));
    let def = snap.definition(FileId(1), offset);
    let binding = text.find("for c").map(|i| i + 4).unwrap_or(0);
    assert_eq!(
        def.map(|d| (d.file, d.span.start as usize)),
        Some((FileId(1), binding))
    );
    let (snap, offset, _) = snapshot(&policy_with_cursor("pod: lib.Po"));
    let def = snap.definition(FileId(1), offset);
    assert_eq!(def.map(|d| at(LIB, d.span)), Some("Pod"));
}

#[test]
fn references_find_every_use_across_files() {
    let (snap, _, _) = snapshot(POLICY);
    let container = LIB.find("type Container").map(|i| i + 5).unwrap_or(0) as u32;
    let refs = snap.references(FileId(0), container, true);
    let places: Vec<(FileId, &str)> = refs.iter().map(|l| (l.file, at(LIB, l.span))).collect();
    assert_eq!(
        places.first(),
        Some(&(FileId(0), "Container")),
        "{places:?}"
    );
    assert!(
        refs.len() >= 3,
        "the declaration, `list<Container>` and `c: Container`: {places:?}"
    );
    let (snap, offset, text) = snapshot(&policy_with_cursor("for c"));
    let uses: Vec<&str> = snap
        .references(FileId(1), offset, false)
        .iter()
        .map(|l| at(&text, l.span))
        .collect();
    assert_eq!(
        uses,
        ["c", "c", "c"],
        "lib.privileged(c), c.name, c.securityContext"
    );
}

#[test]
fn completion_after_a_dot_offers_the_fields_of_the_type() {
    let text = POLICY.replace("if lib.privileged(c) {", "if c.$0 {");
    let (snap, offset, _) = snapshot(&text);
    let items = snap.completions(FileId(1), offset);
    let labels: Vec<&str> = items.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(labels, ["name", "image", "securityContext"], "{items:?}");
    assert!(items.iter().all(|c| c.kind == CompletionKind::Field));
    let text = POLICY.replace("if lib.privileged(c) {", "if c.securityContext?.pri$0 {");
    let (snap, offset, _) = snapshot(&text);
    let first = snap.completions(FileId(1), offset).into_iter().next();
    assert_eq!(
        first.map(|c| (c.label, c.detail)),
        Some(("privileged".to_owned(), Some("bool?".to_owned())))
    );
}

#[test]
fn completion_offers_package_items_locals_builtins_and_meta_keys() {
    let text = POLICY.replace("if lib.privileged(c) {", "if lib.$0 {");
    let (snap, offset, _) = snapshot(&text);
    let labels: Vec<String> = snap
        .completions(FileId(1), offset)
        .into_iter()
        .map(|c| c.label)
        .collect();
    assert!(
        labels.contains(&"privileged".to_owned()) && labels.contains(&"Pod".to_owned()),
        "{labels:?}"
    );
    let text = POLICY.replace("if lib.privileged(c) {", "if sta$0 {");
    let (snap, offset, _) = snapshot(&text);
    let first = snap.completions(FileId(1), offset).into_iter().next();
    assert_eq!(
        first.map(|c| (c.label, c.kind)),
        Some(("starts_with".to_owned(), CompletionKind::Builtin))
    );
    let text = POLICY.replace("if lib.privileged(c) {", "if $0 {");
    let (snap, offset, _) = snapshot(&text);
    let items = snap.completions(FileId(1), offset);
    assert!(
        items
            .iter()
            .any(|c| c.label == "c" && c.kind == CompletionKind::Variable),
        "{items:?}"
    );
    assert!(
        items
            .iter()
            .any(|c| c.label == "pod" && c.kind == CompletionKind::Variable)
    );
    let text = POLICY.replace("    severity: \"high\"\n", "    sev$0\n");
    let (snap, offset, _) = snapshot(&text);
    let first = snap.completions(FileId(1), offset).into_iter().next();
    assert_eq!(
        first.map(|c| (c.label, c.kind)),
        Some(("severity".to_owned(), CompletionKind::Property))
    );
}

#[test]
fn symbols_outline_the_file() {
    let (snap, _, _) = snapshot(POLICY);
    let symbols: Vec<(String, SymbolKind, Option<String>)> = snap
        .symbols(FileId(1))
        .into_iter()
        .map(|s| (s.name, s.kind, s.detail))
        .collect();
    assert_eq!(
        symbols,
        [
            ("acme.pods".to_owned(), SymbolKind::Package, None),
            ("acme.lib".to_owned(), SymbolKind::Import, None),
            (
                "no_privileged".to_owned(),
                SymbolKind::Rule,
                Some("ACME-1".to_owned())
            ),
        ]
    );
    let folds = snap.folding_ranges(FileId(1));
    assert!(folds.len() >= 4, "rule, meta, for, if: {folds:?}");
}

#[test]
fn rename_changes_the_declaration_and_every_use() {
    let everything = |_: FileId| true;
    let (snap, offset, text) = snapshot(&policy_with_cursor("for c"));
    let places = snap
        .rename(FileId(1), offset, "container", &everything)
        .unwrap_or_default();
    let names: Vec<&str> = places.iter().map(|l| at(&text, l.span)).collect();
    assert_eq!(
        names,
        ["c", "c", "c", "c"],
        "the binding and its three uses"
    );
    // An item of another file: its declaration and the qualified uses.
    let (snap, offset, _) = snapshot(&policy_with_cursor("lib.privi"));
    let places = snap
        .rename(FileId(1), offset, "runs_privileged", &everything)
        .unwrap_or_default();
    let files: Vec<FileId> = places.iter().map(|l| l.file).collect();
    assert_eq!(files, [FileId(0), FileId(1)]);
}

#[test]
fn rename_refuses_builtins_keywords_bad_names_and_read_only_files() {
    let everything = |_: FileId| true;
    let (snap, offset, _) = snapshot("package acme.x\n\nlet n = cou$0nt([1, 2])\n");
    let refused = snap.prepare_rename(FileId(1), offset, &everything);
    assert!(refused.is_err_and(|r| r.message.contains("builtin")));
    let (snap, offset, _) = snapshot(&policy_with_cursor("for c"));
    for bad in ["for", "2x", "a-b", ""] {
        assert!(
            snap.rename(FileId(1), offset, bad, &everything).is_err(),
            "{bad}"
        );
    }
    let (snap, offset, _) = snapshot(&policy_with_cursor("lib.privi"));
    let only_the_policy = |f: FileId| f == FileId(1);
    let refused = snap.prepare_rename(FileId(1), offset, &only_the_policy);
    assert!(refused.is_err_and(|r| r.message.contains("read-only")));
}

#[test]
fn inlay_hints_show_the_types_of_unannotated_bindings() {
    let (snap, _, text) = snapshot(
        "package acme.x\n\nfn f(xs: list<int>) -> int {\n  let n = count(xs)\n  let m: int = n\n  return m\n}\n",
    );
    let hints: Vec<(String, String)> = snap
        .inlay_hints(FileId(1))
        .into_iter()
        .map(|h| {
            (
                text.get(..h.offset as usize)
                    .unwrap_or("")
                    .rsplit(' ')
                    .next()
                    .unwrap_or("")
                    .to_owned(),
                h.label,
            )
        })
        .collect();
    assert_eq!(
        hints,
        [("n".to_owned(), ": int".to_owned())],
        "`xs` and `m` are annotated"
    );
}

#[test]
fn workspace_symbols_match_a_query() {
    let (snap, _, _) = snapshot(POLICY);
    let found: Vec<String> = snap
        .workspace_symbols("PRIV")
        .into_iter()
        .map(|(_, s)| s.name)
        .collect();
    assert_eq!(found, ["privileged", "no_privileged"]);
}

#[test]
fn signature_help_follows_the_argument_being_written() {
    let (snap, offset, _) = snapshot("package acme.x\n\nlet ok = starts_with(\"abc\", $0\n");
    let help = snap.signature_help(FileId(1), offset);
    let (label, active) = help
        .as_ref()
        .map(|h| (h.label.as_str(), h.active))
        .unwrap_or_default();
    assert!(label.starts_with("starts_with(") && active == 1, "{help:?}");
    let param = help
        .as_ref()
        .and_then(|h| h.parameters.get(h.active))
        .and_then(|(a, b)| label.get(*a..*b));
    assert_eq!(
        param.map(|p| p.split(':').next().unwrap_or("")),
        Some("prefix")
    );
    // A function of an imported package, inside a nested call.
    let (snap, offset, _) =
        snapshot(&POLICY.replace("lib.privileged(c)", "lib.privileged(count([1, 2]) $0"));
    let help = snap.signature_help(FileId(1), offset);
    assert_eq!(
        help.map(|h| (h.label, h.active)),
        Some(("privileged(c: Container) -> bool".to_owned(), 0))
    );
    let (snap, offset, _) = snapshot("package acme.x\n\nlet n = [1, $0]\n");
    assert!(
        snap.signature_help(FileId(1), offset).is_none(),
        "not in a call"
    );
}

#[test]
fn highlights_class_names_by_what_they_resolve_to() {
    use palisade::ide::TokenClass;
    let (snap, _, text) = snapshot(POLICY);
    let class_of = |needle: &str| {
        let at = text.find(needle).unwrap_or(0) as u32;
        snap.highlights_of(FileId(1))
            .into_iter()
            .find(|h| h.span.start == at)
            .map(|h| (h.class, h.declaration))
    };
    assert_eq!(class_of("rule"), Some((TokenClass::Keyword, false)));
    assert_eq!(class_of("no_privileged"), Some((TokenClass::Rule, true)));
    assert_eq!(class_of("\"ACME-1\""), Some((TokenClass::String, false)));
    assert_eq!(
        class_of("lib.privileged").map(|c| c.0),
        Some(TokenClass::Namespace)
    );
    assert_eq!(
        class_of("privileged(c)"),
        Some((TokenClass::Function, false))
    );
    assert_eq!(class_of("c in pod"), Some((TokenClass::Variable, true)));
    assert_eq!(
        class_of("spec.containers"),
        Some((TokenClass::Property, false))
    );
    assert_eq!(class_of("Pod)"), Some((TokenClass::Type, false)));
}

#[test]
fn rename_refuses_a_name_that_would_change_what_a_name_means() {
    let everything = |_: FileId| true;
    let text = "package acme.x\n\nimport acme.lib\n\nfn f(c: lib.Container, other: int) -> bool {\n  let n = count([c$0])\n  return n > other\n}\n\nfn g() -> int {\n  return 1\n}\n";
    let (snap, offset, unmarked) = snapshot(text);
    for (taken, says) in [
        ("other", "something in `f`"),
        ("n", "something in `f`"),
        ("lib", "the import of `acme.lib`"),
    ] {
        let refused = snap.rename(FileId(1), offset, taken, &everything);
        assert!(
            refused.as_ref().is_err_and(|r| r.message.contains(says)),
            "{taken}: {refused:?}"
        );
    }
    assert!(
        snap.rename(FileId(1), offset, "container", &everything)
            .is_ok()
    );
    // An item renamed to the name of another item of its package.
    let at_g = unmarked.find("fn g").map_or(0, |i| i + 3) as u32;
    let refused = snap.rename(FileId(1), at_g, "f", &everything);
    assert!(refused.is_err_and(|r| r.message.contains("another item of the package")));
}

#[test]
fn completion_offers_only_the_locals_in_scope_at_the_cursor() {
    let text = "package acme.x\n\nimport acme.lib\n\nrule r(pod: lib.Pod) {\n  meta {\n    id: \"X-1\"\n    title: \"t\"\n  }\n  for first in pod.spec.containers {\n    let inner = first.name\n    if inner == \"\" {\n      violation \"v\" at first.name\n    }\n  }\n  if some q in pod.spec.containers: q.name == \"a\" {\n    violation \"w\" at pod.spec\n  }\n  for second in pod.spec.containers {\n    if sec$0ond.image == \"\" {\n      violation \"x\" at second.name\n    }\n  }\n}\n";
    let (snap, offset, _) = snapshot(text);
    let labels: Vec<String> = snap
        .completions(FileId(1), offset)
        .into_iter()
        .filter(|c| c.kind == CompletionKind::Variable)
        .map(|c| c.label)
        .collect();
    assert_eq!(labels, ["second", "pod"], "not `first`, `inner` or `q`");
}

#[test]
fn inside_a_string_completion_offers_the_values_its_place_allows() {
    let labels = |text: &str| -> Vec<String> {
        let (snap, offset, _) = snapshot(text);
        snap.completions(FileId(1), offset)
            .into_iter()
            .map(|c| c.label)
            .collect()
    };
    let policy = "package acme.x\n\ntype C = { name: string, pull: \"Always\" | \"IfNotPresent\" | \"Never\" }\n\nfn f(c: C) -> bool {\n  return c.pull == \"$0\"\n}\n";
    assert_eq!(labels(policy), ["Always", "IfNotPresent", "Never"]);
    let typed = policy.replace("\"$0\"", "\"Ne$0\"");
    assert_eq!(labels(&typed).first().map(String::as_str), Some("Never"));
    let rule = "package acme.x\n\nimport acme.lib\n\nrule r(pod: lib.Pod) {\n  meta {\n    id: \"X-1\"\n    title: \"t\"\n    severity: \"$0\"\n  }\n  for c in pod.spec.containers {\n    violation \"v\" at c.name\n  }\n}\n";
    assert_eq!(labels(rule), ["critical", "high", "medium", "low", "info"]);
    // Control ids: those the set's rules already name (the fixture's rule names one).
    let controls = format!(
        "{}\n{}",
        POLICY,
        rule.replace("package acme.x\n\nimport acme.lib\n\n", "")
            .replace("severity: \"$0\"", "controls: [\"$0\"]")
            .replace("rule r(", "rule r2(")
            .replace("X-1", "X-2")
    );
    assert_eq!(labels(&controls), ["cis-k8s:5.2.2"]);
}

#[test]
fn hover_on_a_field_shows_its_type_its_record_and_its_comment() {
    let (snap, offset, _) = snapshot(
        "package acme.x\n\ntype Box = {\n  # The registry and path of the image,\n  # with a tag or digest.\n  image?: string,\n  size: int,\n}\n\nfn f(b: Box) -> string {\n  return b?.ima$0ge ?? \"\"\n}\n",
    );
    let hover = snap
        .hover(FileId(1), offset)
        .map(|h| h.markdown)
        .unwrap_or_default();
    assert!(hover.contains("image?: string"), "{hover}");
    assert!(hover.contains("field of `Box`"), "{hover}");
    assert!(
        hover.contains("The registry and path of the image,\nwith a tag or digest."),
        "{hover}"
    );
}

#[test]
fn a_size_bound_is_a_keyword_and_shows_in_hover() {
    use palisade::ide::TokenClass;
    let text = "package acme.x\n\ntype Steps = list<string, max 64>\n\nfn longest(s: Steps) -> int {\n  return max([len(x) for x in s$0]) ?? 0\n}\n";
    let (snap, offset, text) = snapshot(text);
    let class_at = |at: usize| {
        snap.highlights_of(FileId(1))
            .into_iter()
            .find(|h| h.span.start as usize == at)
            .map(|h| h.class)
    };
    let bound = text.find("max 64").unwrap_or(0);
    let builtin = text.find("max([").unwrap_or(0);
    assert_eq!(class_at(bound), Some(TokenClass::Keyword));
    assert_eq!(class_at(builtin), Some(TokenClass::Function));
    let hover = snap
        .hover(FileId(1), offset - 1)
        .map(|h| h.markdown)
        .unwrap_or_default();
    assert!(hover.contains("list<string, max 64>"), "{hover}");
}
