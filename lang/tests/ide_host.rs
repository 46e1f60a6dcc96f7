//! The incremental host behind the editor queries: an edit re-checks only the edited file,
//! snapshots agree with a cold check, completion checks the enclosing item alone (and falls
//! back to the whole file where the item does not parse alone), and a query running on a stale
//! snapshot is cancelled by the next edit instead of blocking it.

use palisade::FileId;
use palisade::db::{Host, is_cancellation};
use palisade::ide::Snapshot;

const LIB: &str = r#"package acme.lib

type Container = { name: string, image: string, securityContext?: { privileged?: bool, .. }, .. }
type Pod = { kind: "Pod", spec: { containers: list<Container>, .. }, .. }

fn privileged(c: Container) -> bool {
  return c.securityContext?.privileged ?? false
}
"#;

fn policy(n: usize, body: &str) -> String {
    format!(
        "package acme.p{n}\n\nimport acme.lib\n\nrule r{n}(pod: lib.Pod) {{\n  meta {{\n    id: \"R-{n}\"\n    title: \"t\"\n  }}\n  for c in pod.spec.containers {{\n    {body}\n  }}\n}}\n"
    )
}

fn host_of(texts: &[String]) -> Host {
    let mut host = Host::default();
    let ids: Vec<FileId> = (0..texts.len()).map(|i| FileId(i as u32)).collect();
    for (id, text) in ids.iter().zip(texts) {
        host.set_text(*id, text);
    }
    host.set_members(&ids);
    host
}

fn cold(texts: &[String]) -> Vec<String> {
    let sources: Vec<(FileId, &str)> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| (FileId(i as u32), t.as_str()))
        .collect();
    palisade::check_sources(&sources)
        .diagnostics
        .iter()
        .map(|d| format!("{:?} {} {:?}", d.file, d.code, d.span))
        .collect()
}

fn listed(snapshot: &Snapshot) -> Vec<String> {
    snapshot
        .diagnostics()
        .iter()
        .map(|d| format!("{:?} {} {:?}", d.file, d.code, d.span))
        .collect()
}

#[test]
fn an_edit_rechecks_the_edited_file_only_and_agrees_with_a_cold_check() {
    let ok = "if privileged(c) { violation \"no\" at c.name }";
    let mut texts = vec![LIB.to_owned()];
    texts.extend((1..=5).map(|n| policy(n, ok)));
    let mut host = host_of(&texts);
    assert_eq!(listed(&Snapshot::of(&host)), cold(&texts));
    let _ = host.take_executed();

    texts[3] = policy(
        3,
        "if privileged(c) { violation \"no {c.imag}\" at c.name }",
    );
    host.set_text(FileId(3), &texts[3]);
    let after = listed(&Snapshot::of(&host));
    assert_eq!(after, cold(&texts));
    assert!(after.iter().any(|d| d.contains("E0301")), "{after:?}");
    let checks: Vec<String> = host
        .take_executed()
        .into_iter()
        .filter(|q| q.starts_with("check_file"))
        .collect();
    assert_eq!(
        checks.len(),
        1,
        "only the edited file is checked again: {checks:?}"
    );
}

#[test]
fn completion_works_when_another_item_of_the_file_is_broken() {
    let text = format!(
        "{}\nrule broken(pod: lib.Pod) {{\n  for c in pod.spec.containers {{\n    if {{\n  }}\n}}\n",
        policy(1, "if c.name == \"x\" { violation \"v\" at c.name }")
    );
    let snapshot = Snapshot::new(vec![(FileId(0), LIB.to_owned()), (FileId(1), text.clone())]);
    let dot = text.find("c.name ==").map_or(0, |i| i + 2) as u32;
    let labels: Vec<String> = snapshot
        .completions(FileId(1), dot)
        .into_iter()
        .map(|c| c.label)
        .collect();
    assert!(labels.contains(&"image".to_owned()), "{labels:?}");
    assert!(labels.contains(&"securityContext".to_owned()), "{labels:?}");
}

#[test]
fn completion_falls_back_to_the_whole_file_where_the_item_does_not_parse_alone() {
    // The `.` is followed by nothing and the item is unfinished: it does not parse alone.
    let text = "package acme.p1\n\nimport acme.lib\n\nrule r(pod: lib.Pod) {\n  for c in pod.spec.containers {\n    let s = c.securityContext?.\n";
    let snapshot = Snapshot::new(vec![
        (FileId(0), LIB.to_owned()),
        (FileId(1), text.to_owned()),
    ]);
    let dot = text.find("?.").map_or(0, |i| i + 2) as u32;
    let labels: Vec<String> = snapshot
        .completions(FileId(1), dot)
        .into_iter()
        .map(|c| c.label)
        .collect();
    assert_eq!(labels, vec!["privileged".to_owned()]);
}

#[test]
fn locals_come_from_the_enclosing_item() {
    let text = policy(
        1,
        "let tag = c.image\n    if tag == \"\" { violation \"v\" at c.name }",
    );
    let snapshot = Snapshot::new(vec![(FileId(0), LIB.to_owned()), (FileId(1), text.clone())]);
    let at = text.find("tag ==").map_or(0, |i| i + 1) as u32;
    let completions = snapshot.completions(FileId(1), at);
    let tag = completions.iter().find(|c| c.label == "tag");
    assert_eq!(tag.and_then(|c| c.detail.as_deref()), Some("string"));
    assert!(completions.iter().any(|c| c.label == "c"));
    assert!(completions.iter().any(|c| c.label == "pod"));
}

#[test]
fn an_edit_cancels_a_query_running_on_a_stale_snapshot() {
    let body = "if privileged(c) and c.image != \"\" { violation \"no\" at c.name }";
    let mut texts = vec![LIB.to_owned()];
    texts.extend((1..=200).map(|n| policy(n, body)));
    let mut host = host_of(&texts);
    let stale = Snapshot::of(&host);
    let (started, wait) = std::sync::mpsc::channel();
    let worker = std::thread::spawn(move || {
        let _ = started.send(());
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| stale.diagnostics().len()))
    });
    let _ = wait.recv();
    // Waits until the worker has finished or unwound: it must not block for ever.
    host.set_text(
        FileId(1),
        &policy(1, "if c.name == \"\" { violation \"x\" at c.name }"),
    );
    match worker.join() {
        Ok(Ok(n)) => assert_eq!(n, 0, "finished before the edit, on the old texts"),
        Ok(Err(payload)) => assert!(is_cancellation(&*payload), "only a cancellation unwinds"),
        Err(_) => panic!("the worker thread failed"),
    }
    assert_eq!(listed(&Snapshot::of(&host)), {
        texts[1] = policy(1, "if c.name == \"\" { violation \"x\" at c.name }");
        cold(&texts)
    });
}
