//! Editor queries on views, on `$0`-marked fixtures as in `ide.rs`: a view is in the outline and
//! the workspace symbols with its subject and target types, its name is classed and hovered like
//! a declaration, its body folds, grows selections and completes its locals, and the names in it
//! lead to their declarations and uses.

use palisade::FileId;
use palisade::ide::{CompletionKind, Runnable, Snapshot, SymbolKind, TokenClass};

const LIB: &str = r#"package acme.lib

type Meta = { name?: string, namespace?: string, .. }
type Container = { name: string, image: string, .. }
type PodSpec = { containers: list<Container>, .. }
type Pod = { apiVersion: "v1", kind: "Pod", metadata?: Meta, spec: PodSpec, .. }
type Deployment = {
  kind: "Deployment",
  metadata: Meta,
  spec: { template: { metadata?: Meta, spec: PodSpec }, .. },
  ..
}

# One pod per container of a deployment's template.
view pods_per_container(d: Deployment) -> Pod {
  for i, c in d.spec.template.spec.containers {
    yield { apiVersion: "v1", kind: "Pod", spec: { containers: [c] } } at d.spec.template
  }
}
"#;

const POLICY: &str = r#"package acme.views

import acme.lib

# The pod that a deployment's template makes, in the deployment's namespace.
view pods_of_deployments(d: lib.Deployment) -> lib.Pod {
  let t = d.spec.template
  if count(t.spec.containers) > 0 {
    yield {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { ..(t.metadata ?? {}), namespace: d.metadata.namespace },
      spec: t.spec,
    } at d.spec.template
  }
}

rule named(pod: lib.Pod) {
  meta {
    id: "ACME-2"
    title: "Pods are named"
  }
  if pod.metadata?.name == none {
    violation "the pod has no name" at pod
  }
}
"#;

/// A snapshot of `LIB` (file 0) and the fixture (file 1), with the cursor's offset.
fn snapshot(marked: &str) -> (Snapshot, u32, String) {
    let offset = marked.find("$0").unwrap_or(0);
    let text = marked.replacen("$0", "", 1);
    let snap = Snapshot::new(vec![(FileId(0), LIB.to_owned()), (FileId(1), text.clone())]);
    (snap, u32::try_from(offset).unwrap_or(0), text)
}

/// `POLICY` with the cursor after the first occurrence of `after`.
fn policy_with_cursor(after: &str) -> String {
    let at = POLICY.find(after).unwrap_or(0) + after.len();
    let (head, tail) = POLICY.split_at(at);
    format!("{head}$0{tail}")
}

/// The offset of the first occurrence of `needle` in `text`.
fn offset_of(text: &str, needle: &str) -> u32 {
    u32::try_from(text.find(needle).unwrap_or(0)).unwrap_or(0)
}

fn at(file_text: &str, span: palisade::Span) -> &str {
    file_text.get(span.range()).unwrap_or("")
}

#[test]
fn the_checker_accepts_the_fixtures() {
    let (snap, _, _) = snapshot(POLICY);
    let errors: Vec<String> = snap
        .diagnostics()
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            format!(
                "{} {} in file {:?} at {}",
                d.code, d.message, d.file, d.span
            )
        })
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn views_are_in_the_outline_with_their_subject_and_target_types() {
    let (snap, _, _) = snapshot(POLICY);
    let symbols: Vec<(String, SymbolKind, Option<String>)> = snap
        .symbols(FileId(1))
        .into_iter()
        .map(|s| (s.name, s.kind, s.detail))
        .collect();
    assert_eq!(
        symbols,
        [
            ("acme.views".to_owned(), SymbolKind::Package, None),
            ("acme.lib".to_owned(), SymbolKind::Import, None),
            (
                "pods_of_deployments".to_owned(),
                SymbolKind::View,
                Some("lib.Deployment -> lib.Pod".to_owned())
            ),
            (
                "named".to_owned(),
                SymbolKind::Rule,
                Some("ACME-2".to_owned())
            ),
        ]
    );
    let view = snap
        .symbols(FileId(1))
        .into_iter()
        .find(|s| s.kind == SymbolKind::View);
    assert_eq!(
        view.map(|s| (
            at(POLICY, s.selection),
            at(POLICY, s.span).starts_with("view ")
        )),
        Some(("pods_of_deployments", true))
    );
    // A record type written over several lines is shown on one.
    let (snap, _, _) = snapshot(
        "package acme.x\n\nimport acme.lib\n\nview names(d: lib.Deployment) -> {\n  name: string,\n} {\n  yield { name: d.metadata.name ?? \"\" }\n}\n",
    );
    let details: Vec<Option<String>> = snap
        .symbols(FileId(1))
        .into_iter()
        .filter(|s| s.kind == SymbolKind::View)
        .map(|s| s.detail)
        .collect();
    assert_eq!(
        details,
        [Some("lib.Deployment -> { name: string, }".to_owned())]
    );
}

#[test]
fn workspace_symbols_find_views_in_every_file() {
    let (snap, _, _) = snapshot(POLICY);
    let found: Vec<(FileId, String, SymbolKind)> = snap
        .workspace_symbols("pods_")
        .into_iter()
        .map(|(f, s)| (f, s.name, s.kind))
        .collect();
    assert_eq!(
        found,
        [
            (FileId(0), "pods_per_container".to_owned(), SymbolKind::View),
            (
                FileId(1),
                "pods_of_deployments".to_owned(),
                SymbolKind::View
            ),
        ]
    );
}

#[test]
fn a_view_and_the_blocks_in_its_body_fold() {
    let (snap, _, _) = snapshot(POLICY);
    let folds: Vec<&str> = snap
        .folding_ranges(FileId(1))
        .into_iter()
        .map(|s| at(POLICY, s))
        .collect();
    assert!(
        folds
            .iter()
            .any(|f| f.starts_with("view pods_of_deployments")),
        "{folds:#?}"
    );
    assert!(
        folds.iter().any(|f| f.starts_with("if count(")),
        "the `if` in the view: {folds:#?}"
    );
}

#[test]
fn hover_on_a_view_shows_its_signature_and_doc_comment() {
    let (snap, offset, _) = snapshot(&policy_with_cursor("view pods_of"));
    let hover = snap
        .hover(FileId(1), offset)
        .map(|h| h.markdown)
        .unwrap_or_default();
    assert!(
        hover.contains("```pal\nview pods_of_deployments(d: lib.Deployment) -> lib.Pod\n```"),
        "{hover}"
    );
    assert!(
        hover
            .contains("The pod that a deployment's template makes, in the deployment's namespace."),
        "{hover}"
    );
    assert!(hover.contains("package `acme.views`"), "{hover}");
    // A view of another file, with an empty body.
    let (snap, offset, _) = snapshot(
        "package acme.x\n\nimport acme.lib\n\n# Nothing yet.\nview no$0thing(d: lib.Deployment)\n  -> lib.Pod {}\n",
    );
    let hover = snap
        .hover(FileId(1), offset)
        .map(|h| h.markdown)
        .unwrap_or_default();
    assert!(
        hover.contains("```pal\nview nothing(d: lib.Deployment) -> lib.Pod\n```"),
        "{hover}"
    );
    assert!(hover.contains("Nothing yet."), "{hover}");
}

#[test]
fn hover_on_a_local_of_a_view_shows_its_type() {
    let (snap, offset, _) = snapshot(&policy_with_cursor("spec: t"));
    let hover = snap
        .hover(FileId(1), offset)
        .map(|h| h.markdown)
        .unwrap_or_default();
    assert!(hover.starts_with("```pal\nt: "), "{hover}");
    let (snap, offset, _) = snapshot(&policy_with_cursor("view pods_of_deployments(d"));
    let hover = snap
        .hover(FileId(1), offset)
        .map(|h| h.markdown)
        .unwrap_or_default();
    assert!(hover.contains("d: Deployment"), "{hover}");
}

#[test]
fn highlights_class_a_view_its_keywords_and_its_names() {
    let (snap, _, text) = snapshot(POLICY);
    let highlights = snap.highlights_of(FileId(1));
    let class_of = |needle: &str| {
        let at = offset_of(&text, needle);
        highlights
            .iter()
            .find(|h| h.span.start == at)
            .map(|h| (h.class, h.declaration))
    };
    assert_eq!(class_of("view "), Some((TokenClass::Keyword, false)));
    assert_eq!(
        class_of("pods_of_deployments"),
        Some((TokenClass::View, true))
    );
    assert_eq!(class_of("d: lib"), Some((TokenClass::Variable, true)));
    assert_eq!(class_of("Pod {"), Some((TokenClass::Type, false)));
    assert_eq!(class_of("yield"), Some((TokenClass::Keyword, false)));
    assert_eq!(
        class_of("at d.spec.template"),
        Some((TokenClass::Keyword, false))
    );
    assert_eq!(class_of("t.spec,"), Some((TokenClass::Variable, false)));
    assert_eq!(class_of("t = d"), Some((TokenClass::Variable, true)));
    // `view` and `yield` after a dot are fields.
    let (snap, _, text) =
        snapshot("package acme.x\n\nlet r = { view: 1, yield: 2 }\nlet s = r.view + r.yield\n");
    let highlights = snap.highlights_of(FileId(1));
    for needle in ["view +", "yield\n"] {
        let at = offset_of(&text, needle);
        assert_eq!(
            highlights
                .iter()
                .find(|h| h.span.start == at)
                .map(|h| h.class),
            Some(TokenClass::Property),
            "{needle}"
        );
    }
}

#[test]
fn definitions_and_references_reach_into_view_bodies() {
    // A local of the body.
    let (snap, offset, text) = snapshot(&policy_with_cursor("spec: t"));
    let def = snap.definition(FileId(1), offset);
    assert_eq!(
        def.map(|d| (d.file, d.span.start)),
        Some((FileId(1), offset_of(&text, "t = d")))
    );
    let uses: Vec<&str> = snap
        .references(FileId(1), offset, true)
        .iter()
        .map(|l| at(&text, l.span))
        .collect();
    assert_eq!(
        uses, ["t"; 4],
        "the `let`, `t.spec.containers`, `t.metadata` and `t.spec`"
    );
    // The subject.
    let (snap, offset, text) = snapshot(&policy_with_cursor("namespace: d"));
    let def = snap.definition(FileId(1), offset);
    assert_eq!(
        def.map(|d| (d.file, d.span.start)),
        Some((FileId(1), offset_of(&text, "d: lib")))
    );
    assert_eq!(
        snap.references(FileId(1), offset, false).len(),
        3,
        "in the `let`, the record and after `at`"
    );
    // The target type, in another file.
    let (snap, offset, _) = snapshot(&policy_with_cursor("-> lib.Po"));
    let def = snap.definition(FileId(1), offset);
    assert_eq!(
        def.map(|d| (d.file, d.span.start)),
        Some((FileId(0), offset_of(LIB, "Pod = ")))
    );
    // The uses of `Pod` include the targets of both views.
    let refs = snap.references(FileId(0), offset_of(LIB, "Pod = "), false);
    let files: Vec<FileId> = refs.iter().map(|l| l.file).collect();
    assert!(
        files.contains(&FileId(0)) && files.iter().filter(|f| **f == FileId(1)).count() >= 2,
        "`-> Pod` in the library, `-> lib.Pod` and `pod: lib.Pod` in the policy: {refs:?}"
    );
    // A builtin called in a view.
    let (snap, offset, _) = snapshot(&policy_with_cursor("if cou"));
    let hover = snap
        .hover(FileId(1), offset)
        .map(|h| h.markdown)
        .unwrap_or_default();
    assert!(hover.contains("fn count("), "{hover}");
}

#[test]
fn renaming_a_local_of_a_view_changes_every_use() {
    let everything = |_: FileId| true;
    let (snap, offset, text) = snapshot(&policy_with_cursor("let t"));
    let places = snap
        .rename(FileId(1), offset, "template", &everything)
        .unwrap_or_default();
    let names: Vec<&str> = places.iter().map(|l| at(&text, l.span)).collect();
    assert_eq!(names, ["t"; 4]);
}

#[test]
fn completion_in_a_view_offers_its_locals_and_yield() {
    let text = POLICY.replace("spec: t.spec,", "spec: $0,");
    let (snap, offset, _) = snapshot(&text);
    let items = snap.completions(FileId(1), offset);
    let locals: Vec<&str> = items
        .iter()
        .filter(|c| c.kind == CompletionKind::Variable)
        .map(|c| c.label.as_str())
        .collect();
    assert_eq!(locals, ["t", "d"], "{items:?}");
    assert!(
        items
            .iter()
            .any(|c| c.label == "yield" && c.kind == CompletionKind::Keyword),
        "{items:?}"
    );
    assert!(
        items
            .iter()
            .any(|c| c.label == "pods_of_deployments" && c.kind == CompletionKind::View),
        "{items:?}"
    );
    // The views of an imported package.
    let text = POLICY.replace("spec: t.spec,", "spec: lib.$0,");
    let (snap, offset, _) = snapshot(&text);
    let items = snap.completions(FileId(1), offset);
    assert!(
        items.iter().any(|c| c.label == "pods_per_container"
            && c.kind == CompletionKind::View
            && c.snippet.is_none()),
        "{items:?}"
    );
    // The fields of a value in a view's body.
    let text = POLICY.replace("spec: t.spec,", "spec: t.spec.$0,");
    let (snap, offset, _) = snapshot(&text);
    let labels: Vec<String> = snap
        .completions(FileId(1), offset)
        .into_iter()
        .map(|c| c.label)
        .collect();
    assert_eq!(labels, ["containers"]);
}

#[test]
fn selection_grows_through_the_statements_of_a_view() {
    let (snap, _, text) = snapshot(POLICY);
    let offset = offset_of(&text, "t.spec,");
    let chain: Vec<&str> = snap
        .selection_ranges(FileId(1), offset)
        .into_iter()
        .map(|s| at(&text, s))
        .collect();
    let yield_at = chain.iter().position(|s| s.starts_with("yield {"));
    let if_at = chain.iter().position(|s| s.starts_with("if count("));
    let view_at = chain
        .iter()
        .position(|s| s.starts_with("view pods_of_deployments"));
    assert_eq!(chain.first(), Some(&"t"), "{chain:#?}");
    assert!(
        yield_at.is_some() && yield_at < if_at && if_at < view_at,
        "the word, the `yield`, the `if`, the view: {chain:#?}"
    );
    assert_eq!(chain.last(), Some(&text.as_str()));
}

#[test]
fn views_are_not_runnables() {
    let (snap, _, _) = snapshot(POLICY);
    let runnables: Vec<Runnable> = snap
        .runnables(FileId(1))
        .into_iter()
        .map(|(r, _)| r)
        .collect();
    assert_eq!(
        runnables,
        [Runnable::Rule {
            qualified: "acme.views.named".to_owned()
        }]
    );
}
