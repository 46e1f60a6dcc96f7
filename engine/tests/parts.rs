//! The library compiled in parts (`Stdlib::AsNeeded`) judges as the whole library does: each
//! part holds every rule and view of the whole library that can reach a document of its kinds
//! (`PolicySet::reaching`), and scans of the library's own test fixtures give the same reports
//! either way.

use palisade::{FileId, PolicySet};
use palisade_engine::{Engine, FileReport, PARTS, Stdlib, part_files};

/// A document of a part's kind as the readers write it: `kind` and the part's string fields.
fn shape<'a>(kind: &'a str, strings: &'a [&'a str]) -> Vec<(&'a str, Option<&'a str>)> {
    let mut fields = vec![("kind", Some(kind))];
    fields.extend(strings.iter().map(|s| (*s, None)));
    fields
}
use std::path::{Path, PathBuf};

fn compile(files: &[palisade_stdlib::File]) -> PolicySet {
    let sources: Vec<(FileId, &str)> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (FileId(i as u32), f.text))
        .collect();
    PolicySet::compile(&sources).unwrap_or_else(|e| unreachable!("the library compiles: {e}"))
}

#[test]
fn each_part_holds_every_rule_and_view_that_reaches_its_kinds() {
    let whole = compile(&palisade_stdlib::files());
    for p in PARTS {
        let folder = p.folders[0];
        let part = compile(&part_files(p));
        let mut reached = 0;
        for kind in p.kinds {
            let want = whole.reaching(&shape(kind, p.strings));
            let got = part.reaching(&shape(kind, p.strings));
            assert_eq!(got, want, "documents of kind {kind}");
            reached += want.rules.len();
        }
        // The part is a part: it leaves out most of the library, and judges its kinds.
        assert!(reached >= 10, "{folder}: {reached} rules");
        assert!(part.rules().len() < whole.rules().len() / 2, "{folder}");
    }
}

#[test]
fn a_rule_of_another_kind_does_not_reach_a_part() {
    // The proof is only as good as `reaching`: a Kubernetes rule does not reach a Terraform
    // module, a rule without discriminators reaches every document.
    let whole = compile(&palisade_stdlib::files());
    let reach = whole.reaching(&shape("TerraformModule", &["source"]));
    assert!(reach.rules.iter().all(|r| {
        r.starts_with("palisade.terraform.") || r.starts_with("palisade.supply_chain.")
    }));
    assert!(
        reach
            .views
            .iter()
            .any(|v| v == "palisade.terraform.views.resources")
    );
    let open = "package p\n\ntype Any = { .. }\n\nrule any(d: Any) {\n  meta { id: \"ANY\" title: \"any\" severity: \"low\" }\n  if false { violation \"never\" }\n}\n";
    let set = PolicySet::compile(&[(FileId(0), open)]).expect("checks");
    assert_eq!(
        set.reaching(&shape("TerraformModule", &[])).rules,
        ["p.any"]
    );
    // A document with a string field a statement discriminates on can be a statement too.
    let with_type = [("kind", Some("TerraformModule")), ("_type", None)];
    assert!(
        whole
            .reaching(&with_type)
            .rules
            .iter()
            .any(|r| r.starts_with("palisade.supply_chain."))
    );
}

fn fixtures(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| unreachable!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            fixtures(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// An engine with the library, whole or in parts.
fn built(stdlib: Stdlib) -> Engine {
    Engine::builder()
        .stdlib(stdlib)
        .build()
        .unwrap_or_else(|e| unreachable!("the library: {e}"))
}

/// The fixtures under these folders of the repository.
fn fixtures_of(dirs: &[&str]) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for dir in dirs {
        fixtures(&root.join(dir), &mut files);
    }
    files
}

/// Asserts that two engines report the same findings for every file.
fn same_findings(a: &Engine, b: &Engine, files: &[PathBuf]) {
    for file in files {
        let (x, y) = (report(a, file), report(b, file));
        assert_eq!(
            format!("{:?}", x.findings),
            format!("{:?}", y.findings),
            "{}",
            file.display()
        );
        assert_eq!(x.documents, y.documents, "{}", file.display());
    }
}

fn report(engine: &Engine, path: &Path) -> FileReport {
    let bytes = std::fs::read(path).unwrap_or_else(|e| unreachable!("{}: {e}", path.display()));
    engine.scan(&path.display().to_string(), &bytes)
}

#[test]
fn scans_in_parts_and_whole_give_the_same_reports() {
    let (whole, parts) = (built(Stdlib::All), built(Stdlib::AsNeeded));
    let files = fixtures_of(&[
        "stdlib/terraform/testdata",
        "stdlib/docker/testdata",
        "stdlib/github/testdata",
        "examples",
    ]);
    same_findings(&parts, &whole, &files);
    let judged = files
        .iter()
        .filter(|f| !report(&whole, f).findings.is_empty())
        .count();
    assert!(judged >= 100, "{judged} files with findings");
    // The rule list of the engine in parts is the whole library's.
    assert_eq!(
        parts.policy_set().rules().len(),
        whole.policy_set().rules().len()
    );
}

#[test]
fn a_document_of_a_part_kind_with_other_string_fields_is_judged_whole() {
    // A YAML document that says it is a Terraform module but is also an in-toto statement:
    // the part would miss the statement's rules, so the whole library judges it.
    let doc = br#"{"kind": "TerraformModule", "source": "hcl", "resources": [], "variables": [],
        "_type": "https://in-toto.io/Statement/v1", "predicateType": "https://slsa.dev/provenance/v1",
        "subject": [], "predicate": {}}"#;
    let (whole, parts) = (built(Stdlib::All), built(Stdlib::AsNeeded));
    let (w, p) = (whole.scan("odd.json", doc), parts.scan("odd.json", doc));
    assert_eq!(format!("{:?}", p.findings), format!("{:?}", w.findings));
    assert!(
        w.findings
            .iter()
            .any(|f| f.rule.starts_with("SC-") || f.rule.contains("SLSA")),
        "{:?}",
        w.findings
    );
}

#[test]
fn when_a_file_may_hold_any_document_the_whole_library_judges_all() {
    let mixed = built(Stdlib::AsNeeded);
    mixed.expect_files(["main.tf", "pod.yaml", "Dockerfile"], |_| Vec::new());
    mixed.prepare();
    same_findings(&mixed, &built(Stdlib::All), &fixtures_of(&["examples"]));
}

#[test]
fn with_deny_unjudged_the_library_is_compiled_whole() {
    // E0508's message counts the rules that skipped the object: a part would count fewer. A
    // JavaScript action is an object no rule applies to.
    let action =
        b"name: hello\ndescription: says hello\nruns:\n  using: node20\n  main: index.js\n";
    let build = |stdlib| {
        Engine::builder()
            .stdlib(stdlib)
            .deny_unjudged(true)
            .build()
            .unwrap_or_else(|e| unreachable!("{e}"))
    };
    let (parts, whole) = (build(Stdlib::AsNeeded), build(Stdlib::All));
    let (p, w) = (
        parts.scan("action.yml", action),
        whole.scan("action.yml", action),
    );
    assert_eq!(format!("{:?}", p.findings), format!("{:?}", w.findings));
    assert!(
        w.findings.iter().any(|f| f.rule == "E0508"),
        "{:?}",
        w.findings
    );
}

#[test]
fn with_a_setting_to_check_the_library_is_compiled_whole() {
    let engine = Engine::builder()
        .stdlib(Stdlib::AsNeeded)
        .exclude("NO-SUCH-RULE")
        .build();
    // The exclusion is checked against the whole set, as with `Stdlib::All`.
    assert!(engine.is_err());
}

#[test]
fn parts_prepared_ahead_judge_as_parts_built_on_demand() {
    let ahead = built(Stdlib::AsNeeded);
    ahead.expect_files(["main.tf", "Dockerfile"], |_| Vec::new());
    ahead.prepare();
    let whole = built(Stdlib::All);
    // On an engine with the whole library, preparing does nothing.
    whole.expect_files(["main.tf", "pod.yaml"], |_| Vec::new());
    whole.prepare();
    same_findings(
        &ahead,
        &whole,
        &fixtures_of(&["stdlib/terraform/testdata", "stdlib/docker/testdata"]),
    );
}
