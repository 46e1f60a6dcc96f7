//! Quick fixes carried by diagnostics, applied the way an editor applies them: a value that may
//! be absent gets `?.` or a default (`?? false` / `?? true`, in parentheses where `??` would
//! bind the wrong way), and a package used without its import gets the import. Each test applies
//! the edits and checks the result again.

use palisade::ide::Snapshot;
use palisade::{Diagnostic, FileId, Span};

const HEAD: &str = "package acme.fixes\n\ntype Ctx = { privileged?: bool }\ntype C = { name: string, securityContext?: Ctx }\n\n";

fn check(text: &str) -> Vec<Diagnostic> {
    palisade::check_sources(&[(FileId(0), text)]).diagnostics
}

/// Applies non-overlapping edits.
fn apply(text: &str, edits: &[(Span, String)]) -> String {
    let mut edits = edits.to_vec();
    edits.sort_by_key(|(s, _)| std::cmp::Reverse(s.start));
    let mut out = text.to_owned();
    for (span, new) in edits {
        out.replace_range(span.range(), &new);
    }
    out
}

#[expect(clippy::panic, reason = "a test helper fails its test by panicking")]
fn fix_titled(d: &[Diagnostic], title: &str) -> Vec<(Span, String)> {
    d.iter()
        .flat_map(|d| &d.fixes)
        .find(|f| f.title == title)
        .map(|f| f.edits.clone())
        .unwrap_or_else(|| {
            let titles: Vec<&str> = d
                .iter()
                .flat_map(|d| &d.fixes)
                .map(|f| f.title.as_str())
                .collect();
            panic!("no fix `{title}` among {titles:?}")
        })
}

#[test]
fn an_absent_condition_gets_a_default_either_way() {
    let text = format!(
        "{HEAD}fn f(c: C) -> bool {{\n  return if c.securityContext?.privileged then true else false\n}}\n"
    );
    let d = check(&text);
    assert_eq!(d.len(), 1, "{d:?}");
    for (title, kept) in [
        (
            "Treat absence as `false` (`?? false`)",
            "c.securityContext?.privileged ?? false",
        ),
        (
            "Treat absence as `true` (`?? true`)",
            "c.securityContext?.privileged ?? true",
        ),
    ] {
        let fixed = apply(&text, &fix_titled(&d, title));
        assert!(fixed.contains(kept), "{fixed}");
        assert!(check(&fixed).is_empty(), "{fixed}\n{:?}", check(&fixed));
    }
}

#[test]
fn a_field_of_an_absent_value_is_read_with_a_question_mark() {
    let text = format!(
        "{HEAD}fn f(c: C) -> bool {{\n  return c.securityContext.privileged ?? false\n}}\n"
    );
    let d = check(&text);
    let fixed = apply(&text, &fix_titled(&d, "Use `?.privileged`"));
    assert!(
        fixed.contains("c.securityContext?.privileged ?? false"),
        "{fixed}"
    );
    assert!(check(&fixed).is_empty(), "{:?}", check(&fixed));
}

#[test]
fn a_loose_operand_is_put_in_parentheses_before_the_default() {
    let text = format!(
        "{HEAD}fn f(c: C) -> bool {{\n  return (if c.name == \"x\" then c.securityContext?.privileged else false) and true\n}}\n"
    );
    let d = check(&text);
    assert_eq!(d.len(), 1, "{d:?}");
    let fixed = apply(
        &text,
        &fix_titled(&d, "Treat absence as `false` (`?? false`)"),
    );
    assert!(check(&fixed).is_empty(), "{fixed}\n{:?}", check(&fixed));
}

#[test]
fn an_import_goes_after_the_last_import_or_the_package() {
    let lib = "package acme.lib\n\ntype Pod = { kind: \"Pod\" }\n";
    let other = "package acme.other\n\ntype X = { x: int }\n";
    for (text, expected) in [
        (
            "package acme.p\n\nfn f(p: lib.Pod) -> bool {\n  return true\n}\n",
            "package acme.p\n\nimport acme.lib\n\nfn f(p: lib.Pod) -> bool {\n  return true\n}\n",
        ),
        (
            "package acme.p\n\nimport acme.other\n\nfn f(p: lib.Pod, x: other.X) -> bool {\n  return true\n}\n",
            "package acme.p\n\nimport acme.other\nimport acme.lib\n\nfn f(p: lib.Pod, x: other.X) -> bool {\n  return true\n}\n",
        ),
    ] {
        let snapshot = Snapshot::new(vec![
            (FileId(0), lib.to_owned()),
            (FileId(1), other.to_owned()),
            (FileId(2), text.to_owned()),
        ]);
        let edit = snapshot.import_edit(FileId(2), "acme.lib");
        let fixed = apply(text, &edit.into_iter().collect::<Vec<_>>());
        assert_eq!(fixed, expected);
        let fixed_set = palisade::check_sources(&[
            (FileId(0), lib),
            (FileId(1), other),
            (FileId(2), fixed.as_str()),
        ]);
        assert!(
            fixed_set.diagnostics.is_empty(),
            "{:?}",
            fixed_set.diagnostics
        );
        // Already imported: nothing to add.
        let again = Snapshot::new(vec![
            (FileId(0), lib.to_owned()),
            (FileId(2), fixed.clone()),
        ]);
        assert_eq!(again.import_edit(FileId(2), "acme.lib"), None);
    }
}
