//! The incremental database: after an edit, only the queries that depend on it re-run (read
//! from salsa's log of executed queries), and its answers equal checking and evaluating the
//! edited sources from scratch.

use palisade::db::{
    Database, DocumentInput, PolicyFile, PolicySetInput, Settings, decision, diagnostics,
};
use palisade::{
    Document, EvalOptions, FileId, InputFormat, InputLimits, PolicySet, check_sources,
    read_documents,
};
use salsa::Setter;
use std::sync::Arc;

#[path = "common/deletions.rs"]
mod deletions;

const SCHEMA: &str = r#"package acme.schema

type Container = { name: string, image: string, securityContext?: { privileged?: bool, .. }, .. }
type Pod = { apiVersion: "v1", kind: "Pod", spec: { containers: list<Container>, hostNetwork?: bool, .. }, .. }
"#;

const PRIVILEGED: &str = r#"package acme.privileged

import acme.schema

rule privileged(pod: schema.Pod) {
  meta { id: "ACME-PRIV" title: "Privileged containers" severity: "high" }
  for c in pod.spec.containers {
    if c.securityContext?.privileged ?? false {
      violation "container `{c.name}` runs privileged" at c.securityContext?.privileged
    }
  }
}
"#;

const HOST_NETWORK: &str = r#"package acme.network

import acme.schema

rule host_network(pod: schema.Pod) {
  meta { id: "ACME-HOSTNET" title: "Host network" severity: "high" }
  if pod.spec.hostNetwork ?? false {
    violation "the pod uses the host network" at pod.spec.hostNetwork
  }
}
"#;

const POD: &[u8] = b"apiVersion: v1
kind: Pod
spec:
  hostNetwork: true
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        privileged: true
";

fn document() -> Document {
    let (mut docs, errors) = read_documents(POD, InputFormat::Yaml, &InputLimits::default());
    assert!(errors.is_empty(), "{errors:?}");
    docs.remove(0)
}

struct Fixture {
    db: Database,
    set: PolicySetInput,
    files: Vec<PolicyFile>,
    doc: DocumentInput,
    settings: Settings,
}

fn fixture(texts: &[&str]) -> Fixture {
    let db = Database::default();
    let files: Vec<PolicyFile> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| PolicyFile::new(&db, FileId(i as u32), (*t).to_owned()))
        .collect();
    let set = PolicySetInput::new(&db, files.clone());
    let doc = DocumentInput::new(&db, Arc::new(document()));
    let settings = Settings::new(&db, Arc::new(EvalOptions::default()));
    Fixture {
        db,
        set,
        files,
        doc,
        settings,
    }
}

/// How many times each query ran, by name.
fn runs(log: &[String], query: &str) -> usize {
    log.iter()
        .filter(|l| l.starts_with(&format!("{query}(")))
        .count()
}

/// The decision the one-shot API gives for the same texts.
#[expect(clippy::expect_used, reason = "a test helper: the fixtures compile")]
fn from_scratch(texts: &[&str]) -> palisade::Decision {
    let sources: Vec<(FileId, &str)> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| (FileId(i as u32), *t))
        .collect();
    let set = PolicySet::compile(&sources).expect("the policies compile");
    set.evaluate(&document(), &EvalOptions::default())
}

#[test]
fn editing_a_rule_body_rechecks_and_reevaluates_only_its_module() {
    let texts = [SCHEMA, PRIVILEGED, HOST_NETWORK];
    let mut f = fixture(&texts);
    let first = decision(&f.db, f.set, f.doc, f.settings).clone();
    assert!(diagnostics(&f.db, f.set).is_empty());
    assert_eq!(first, from_scratch(&texts));
    let cold = f.db.take_executed();
    assert_eq!(runs(&cold, "check_file"), 3, "{cold:#?}");
    assert_eq!(runs(&cold, "module_runs"), 3, "{cold:#?}");

    // Change the message of one rule: a body edit that also moves no declaration.
    let edited = PRIVILEGED.replace("runs privileged", "is privileged");
    f.files[1].set_text(&mut f.db).to(edited.clone());
    let second = decision(&f.db, f.set, f.doc, f.settings).clone();
    assert!(diagnostics(&f.db, f.set).is_empty());
    let log = f.db.take_executed();

    assert_eq!(
        runs(&log, "parse"),
        1,
        "only the edited file is parsed: {log:#?}"
    );
    assert_eq!(
        runs(&log, "check_file"),
        1,
        "only the edited module is checked: {log:#?}"
    );
    assert_eq!(
        runs(&log, "module_ir"),
        1,
        "only the edited module is compiled: {log:#?}"
    );
    assert_eq!(
        runs(&log, "module_runs"),
        1,
        "only its rules run again: {log:#?}"
    );
    assert_eq!(
        runs(&log, "tables"),
        0,
        "the numbering did not change: {log:#?}"
    );
    assert_eq!(second, from_scratch(&[SCHEMA, &edited, HOST_NETWORK]));
    let messages: Vec<&str> = second
        .violations()
        .map(|(_, v)| v.message.as_str())
        .collect();
    assert!(
        messages.contains(&"container `app` is privileged"),
        "{messages:?}"
    );
}

#[test]
fn editing_a_shared_declaration_rechecks_its_importers() {
    let texts = [SCHEMA, PRIVILEGED, HOST_NETWORK];
    let mut f = fixture(&texts);
    let _ = decision(&f.db, f.set, f.doc, f.settings);
    let _ = f.db.take_executed();
    // The schema's Pod type changes: both importers depend on it.
    let edited = SCHEMA.replace("hostNetwork?: bool,", "hostNetwork?: bool, hostPID?: bool,");
    f.files[0].set_text(&mut f.db).to(edited.clone());
    let after = decision(&f.db, f.set, f.doc, f.settings).clone();
    let log = f.db.take_executed();
    assert_eq!(runs(&log, "check_file"), 3, "{log:#?}");
    assert_eq!(after, from_scratch(&[&edited, PRIVILEGED, HOST_NETWORK]));
}

#[test]
fn a_new_document_reuses_every_compiled_module() {
    let texts = [SCHEMA, PRIVILEGED, HOST_NETWORK];
    let mut f = fixture(&texts);
    let _ = decision(&f.db, f.set, f.doc, f.settings);
    let _ = f.db.take_executed();
    let (mut docs, _) = read_documents(
        b"apiVersion: v1\nkind: Pod\nspec:\n  containers: [{name: a, image: b}]\n",
        InputFormat::Yaml,
        &InputLimits::default(),
    );
    f.doc.set_document(&mut f.db).to(Arc::new(docs.remove(0)));
    let d = decision(&f.db, f.set, f.doc, f.settings).clone();
    assert!(d.is_allowed());
    let log = f.db.take_executed();
    assert_eq!(runs(&log, "check_file"), 0, "{log:#?}");
    assert_eq!(runs(&log, "module_ir"), 0, "{log:#?}");
    // The schema module has no rules: its (empty) runs do not read the document.
    assert_eq!(runs(&log, "module_runs"), 2, "{log:#?}");
}

/// Applies each edit (the first occurrence of a text replaced, in one file) through the
/// database and asserts after each that its diagnostics are those of checking from scratch.
fn edits_agree_with_checking_from_scratch(texts: &[&str], edits: &[(usize, &str, &str)]) {
    let mut f = fixture(texts);
    let mut texts: Vec<String> = texts.iter().map(|t| (*t).to_owned()).collect();
    for (file, from, to) in edits {
        let (Some(old), Some(input)) = (texts.get_mut(*file), f.files.get(*file)) else {
            unreachable!("the edits name files of the fixture: {file}");
        };
        let text = old.replacen(from, to, 1);
        assert_ne!(&text, old, "the edit `{from}` applies");
        old.clone_from(&text);
        input.set_text(&mut f.db).to(text);
        let sources: Vec<(FileId, &str)> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| (FileId(i as u32), t.as_str()))
            .collect();
        let expected = check_sources(&sources).diagnostics;
        assert_eq!(
            *diagnostics(&f.db, f.set),
            expected,
            "after replacing `{from}` with `{to}`"
        );
    }
}

/// Checking through the database gives exactly the diagnostics of checking from scratch, after
/// each of a sequence of edits that break and repair the files.
#[test]
fn diagnostics_after_edits_equal_checking_from_scratch() {
    edits_agree_with_checking_from_scratch(
        &[SCHEMA, PRIVILEGED, HOST_NETWORK],
        &[
            (1, "privileged ?? false", "privileged ?? 0"),
            (2, "import acme.schema", "import acme.schemas"),
            (0, "name: string,", "name: strin,"),
            (1, "privileged ?? 0", "privileged ?? false"),
            (2, "import acme.schemas", "import acme.schema"),
            (0, "name: strin,", "name: string,"),
            (
                2,
                "rule host_network",
                "fn unused_helper(x: int) -> int { return x }\nrule host_network",
            ),
            (1, "ACME-PRIV", "ACME-HOSTNET"),
            (0, "package acme.schema", "package acme.network"),
        ],
    );
}

/// Every case of the checker's corpus (single files and multi-file directories) gets the same
/// diagnostics through the database as from scratch, and again after a series of edits that
/// delete and re-insert text at pseudo-random places.
#[test]
fn corpus_diagnostics_equal_checking_from_scratch_through_edits() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut cases: Vec<Vec<String>> = Vec::new();
    for area in std::fs::read_dir(&root).expect("corpus").flatten() {
        if !area.path().is_dir() {
            continue;
        }
        for entry in std::fs::read_dir(area.path()).expect("area").flatten() {
            let path = entry.path();
            if path.is_dir() {
                let mut files: Vec<_> = std::fs::read_dir(&path)
                    .expect("case")
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|e| e == "pal"))
                    .collect();
                files.sort();
                cases.push(
                    files
                        .iter()
                        .filter_map(|p| std::fs::read_to_string(p).ok())
                        .collect(),
                );
            } else if path.extension().is_some_and(|e| e == "pal")
                && let Ok(text) = std::fs::read_to_string(&path)
            {
                cases.push(vec![text]);
            }
        }
    }
    assert!(cases.len() > 250, "the corpus was found: {}", cases.len());
    let mut deletions = deletions::Deletions::new(0x5eed);
    for (n, mut texts) in cases.into_iter().enumerate() {
        // Very large cases (limit tests) are checked once, not edited.
        let editable = texts.iter().all(|t| t.len() < 20_000);
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let mut f = fixture(&refs);
        let rounds = if editable && n % 4 == 0 { 3 } else { 0 };
        for round in 0..=rounds {
            if round > 0 {
                let file = deletions.below(texts.len());
                let edited = deletions.apply(&texts[file]);
                texts[file] = edited.clone();
                f.files[file].set_text(&mut f.db).to(edited);
            }
            let sources: Vec<(FileId, &str)> = texts
                .iter()
                .enumerate()
                .map(|(i, t)| (FileId(i as u32), t.as_str()))
                .collect();
            let expected = check_sources(&sources).diagnostics;
            let got = diagnostics(&f.db, f.set).clone();
            assert_eq!(got, expected, "case {n}, round {round}: {texts:#?}");
        }
    }
}

/// A second rule after the first in the privileged file, with an unused binding (a warning
/// whose position moves when the first rule's body grows).
const SECOND_RULE: &str = r#"
rule privileged_again(pod: schema.Pod) {
  meta { id: "ACME-PRIV-2" title: "Privileged containers, again" severity: "high" }
  let unused = 1
  for c in pod.spec.containers {
    if c.securityContext?.privileged ?? false {
      violation "container `{c.name}` is privileged" at c.securityContext?.privileged
    }
  }
}
"#;

/// A body edit that changes the file's length (so every later position moves) re-runs exactly
/// the edited file's own queries and the assembly: not the package table, not any other
/// file's check or closure, and not the cross-file check over every rule id of the set. Of
/// the file's items, only the edited one is parsed; the item after it is reused, moved, and
/// the file's parse and diagnostics are those of the edited text from scratch.
#[test]
fn a_body_edit_that_moves_text_reruns_exactly_the_files_own_queries() {
    let privileged = format!("{PRIVILEGED}{SECOND_RULE}");
    let texts = [SCHEMA, privileged.as_str(), HOST_NETWORK];
    let mut f = fixture(&texts);
    assert_eq!(diagnostics(&f.db, f.set).len(), 1, "the unused binding");
    let _ = f.db.take_executed();
    let edited = privileged.replacen(
        "runs privileged",
        "runs privileged, which gives it the host's devices",
        1,
    );
    f.files[1].set_text(&mut f.db).to(edited.clone());
    let after = diagnostics(&f.db, f.set).clone();
    let mut log: Vec<String> =
        f.db.take_executed()
            .iter()
            .map(|l| l.split('(').next().unwrap_or_default().to_owned())
            .collect();
    log.sort();
    assert_eq!(
        log,
        [
            "check_file",
            "declarations",
            "diagnostics",
            "interface",
            "item_parse",
            "parse"
        ],
        "one of each, for the edited file and the set; only the edited item is parsed"
    );
    assert_eq!(
        **palisade::db::parse(&f.db, f.files[1]),
        palisade::syntax::parse(FileId(1), &edited)
    );
    let sources = [
        (FileId(0), SCHEMA),
        (FileId(1), edited.as_str()),
        (FileId(2), HOST_NETWORK),
    ];
    let expected = check_sources(&sources).diagnostics;
    assert_eq!(after, expected);
    assert_eq!(expected.len(), 1, "{expected:?}");
}

/// Once a rule id is declared twice, the cross-file diagnostics follow the declarations
/// wherever edits move them, in both files, and go when the conflict does. (That the
/// cross-file check does not run for a body edit is asserted above, from the query log.)
#[test]
fn cross_file_conflicts_follow_edits_that_move_them() {
    edits_agree_with_checking_from_scratch(
        &[SCHEMA, PRIVILEGED, HOST_NETWORK],
        &[
            (1, "ACME-PRIV", "ACME-HOSTNET"),
            (
                2,
                "package acme.network\n",
                "package acme.network\n\n\n# moved down\n",
            ),
            (1, "rule privileged", "\n\nrule privileged"),
            (1, "runs privileged", "runs as root"),
            (0, "package acme.schema", "package acme.network"),
            (2, "# moved down\n", ""),
            (0, "package acme.network", "package acme.schema"),
            (1, "ACME-HOSTNET", "ACME-PRIV"),
        ],
    );
}
