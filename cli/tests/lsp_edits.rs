//! Editing help through `palisade lsp` over stdio: quick fixes for an alias used without its
//! import and for values that may be absent (each applied, then the file checks clean), go to
//! type definition, expanding a selection, semantic token deltas that rebuild the full tokens,
//! and completions without snippets for clients that do not take them.

#[path = "lsp/client.rs"]
#[allow(dead_code, reason = "this test uses part of the client")]
mod client;

use client::{Client, uri_of};
use serde_json::{Value, json};
use std::path::PathBuf;

const POLICY: &str = r#"package acme.pods

rule privileged(pod: k8s.Pod) {
  meta {
    id: "ACME-PRIV"
    title: "No privileged containers"
  }
  for c in pod.spec.containers {
    if c.securityContext.privileged {
      violation "container {c.name}" at c.name
    }
  }
}
"#;

fn workspace(name: &str) -> Result<(PathBuf, PathBuf), String> {
    let base =
        std::env::temp_dir().join(format!("palisade-lsp-edits-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let root = base.join("workspace");
    std::fs::create_dir_all(&root).map_err(|e| e.to_string())?;
    std::fs::write(root.join("pods.pal"), POLICY).map_err(|e| e.to_string())?;
    Ok((root, base.join("cache")))
}

/// The UTF-16 position of `needle` in `text` (ASCII text), plus `shift` columns.
fn position(text: &str, needle: &str, shift: u64) -> Value {
    let offset = text.find(needle).unwrap_or(0);
    let before = text.get(..offset).unwrap_or("");
    let line = before.matches('\n').count();
    let column = before.rsplit('\n').next().unwrap_or("").len() as u64;
    json!({ "line": line, "character": column + shift })
}

/// Byte offset of a protocol position in ASCII text.
fn offset(text: &str, p: &Value) -> usize {
    let line = p["line"].as_u64().unwrap_or(0) as usize;
    let character = p["character"].as_u64().unwrap_or(0) as usize;
    text.split_inclusive('\n')
        .take(line)
        .map(str::len)
        .sum::<usize>()
        + character
}

/// Applies a code action's edits for `uri`.
fn apply(text: &str, action: &Value, uri: &str) -> String {
    let mut edits: Vec<(usize, usize, String)> = action
        .pointer("/edit/changes")
        .and_then(|c| c.get(uri))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|e| {
            (
                offset(text, e.pointer("/range/start").unwrap_or(&Value::Null)),
                offset(text, e.pointer("/range/end").unwrap_or(&Value::Null)),
                e["newText"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    edits.sort_by_key(|(s, _, _)| std::cmp::Reverse(*s));
    let mut out = text.to_owned();
    for (start, end, new) in edits {
        out.replace_range(start..end, &new);
    }
    out
}

fn open(client: &mut Client, uri: &str, version: i64, text: &str) -> Result<(), String> {
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": text }] }),
    )
}

fn action_titled(
    client: &mut Client,
    uri: &str,
    text: &str,
    at: &str,
    title: &str,
) -> Result<Value, String> {
    let range = json!({ "start": position(text, at, 0), "end": position(text, at, 1) });
    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": range, "context": { "diagnostics": [] } }),
    )?;
    actions
        .as_array()
        .into_iter()
        .flatten()
        .find(|a| a["title"] == json!(title))
        .cloned()
        .ok_or_else(|| format!("no action `{title}` in {actions}"))
}

#[test]
fn quick_fixes_import_the_package_and_handle_absence() -> Result<(), String> {
    let (root, cache) = workspace("fixes")?;
    let mut client = Client::start(&root, &cache, json!({}))?;
    let uri = uri_of(&root.join("pods.pal"));
    let first = client.diagnostics(&uri, |d| !d.is_empty())?;
    assert_eq!(first[0]["code"], json!("E0201"), "{first:?}");
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "palisade", "version": 1, "text": POLICY } }),
    )?;

    // `k8s` is the last name of the library's `palisade.k8s`: import it.
    let import = action_titled(
        &mut client,
        &uri,
        POLICY,
        "k8s.Pod",
        "Import `palisade.k8s`",
    )?;
    let text = apply(POLICY, &import, &uri);
    assert!(
        text.starts_with("package acme.pods\n\nimport palisade.k8s\n\nrule"),
        "{text}"
    );
    open(&mut client, &uri, 2, &text)?;
    let absent = client.diagnostics(&uri, |d| {
        d.iter().all(|d| d["code"] == json!("E0302")) && !d.is_empty()
    })?;
    assert_eq!(absent.len(), 2, "{absent:?}");

    // `.privileged` of a value that may be absent: `?.`; then the condition: `?? false`.
    let safe = action_titled(
        &mut client,
        &uri,
        &text,
        "c.securityContext.",
        "Use `?.privileged`",
    )?;
    let text = apply(&text, &safe, &uri);
    assert!(text.contains("c.securityContext?.privileged {"), "{text}");
    open(&mut client, &uri, 3, &text)?;
    client.diagnostics(&uri, |d| d.len() == 1)?;
    let default = action_titled(
        &mut client,
        &uri,
        &text,
        "c.securityContext?",
        "Treat absence as `false` (`?? false`)",
    )?;
    let text = apply(&text, &default, &uri);
    assert!(
        text.contains("if c.securityContext?.privileged ?? false {"),
        "{text}"
    );
    open(&mut client, &uri, 4, &text)?;
    client.diagnostics(&uri, |d| d.is_empty())?;

    // Go to the type of `c`: the standard library's `Container`.
    let to_type = client.request(
        "textDocument/typeDefinition",
        json!({ "textDocument": { "uri": uri }, "position": position(&text, "c.name", 0) }),
    )?;
    let target = to_type
        .pointer("/0/uri")
        .and_then(Value::as_str)
        .unwrap_or("");
    assert!(
        target.ends_with(".pal") && target.contains("palisade"),
        "{to_type}"
    );
    let line = to_type
        .pointer("/0/range/start/line")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    let path = target.strip_prefix("file://").unwrap_or("");
    let library = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let declared = library.lines().nth(line as usize).unwrap_or("");
    assert!(declared.contains("type Container"), "{declared}");

    // Expand the selection from inside `privileged`: each range holds the one before.
    let ranges = client.request(
        "textDocument/selectionRange",
        json!({ "textDocument": { "uri": uri }, "positions": [position(&text, "privileged ??", 3)] }),
    )?;
    let mut chain: Vec<(usize, usize)> = Vec::new();
    let mut node = ranges.get(0);
    while let Some(r) = node {
        chain.push((
            offset(&text, &r["range"]["start"]),
            offset(&text, &r["range"]["end"]),
        ));
        node = r.get("parent");
    }
    let pieces: Vec<&str> = chain
        .iter()
        .map(|(s, e)| text.get(*s..*e).unwrap_or(""))
        .collect();
    assert_eq!(pieces.first(), Some(&"privileged"), "{pieces:?}");
    assert!(
        pieces.contains(&"c.securityContext?.privileged ?? false"),
        "{pieces:?}"
    );
    assert_eq!(pieces.last(), Some(&text.as_str()));
    for pair in chain.windows(2) {
        assert!(
            pair[1].0 <= pair[0].0 && pair[0].1 <= pair[1].1,
            "{chain:?}"
        );
    }
    assert_eq!(client.stop()?, Some(0));
    Ok(())
}

#[test]
fn semantic_token_deltas_rebuild_the_full_tokens() -> Result<(), String> {
    let (root, cache) = workspace("tokens")?;
    let mut client = Client::start(&root, &cache, json!({}))?;
    let uri = uri_of(&root.join("pods.pal"));
    let doc = json!({ "uri": uri });
    let full = client.request(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": doc }),
    )?;
    let id = full["resultId"].clone();
    let mut data: Vec<Value> = full["data"].as_array().cloned().unwrap_or_default();
    assert!(!data.is_empty());
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "palisade", "version": 1, "text": POLICY } }),
    )?;
    let edited = POLICY.replace(
        "violation \"container {c.name}\"",
        "let n = c.name\n      violation \"container {n}\"",
    );
    open(&mut client, &uri, 2, &edited)?;
    let delta = client.request(
        "textDocument/semanticTokens/full/delta",
        json!({ "textDocument": doc, "previousResultId": id }),
    )?;
    let edits = delta["edits"]
        .as_array()
        .cloned()
        .ok_or(format!("no edits: {delta}"))?;
    assert_eq!(edits.len(), 1, "{delta}");
    for e in edits.iter().rev() {
        let start = e["start"].as_u64().unwrap_or(0) as usize;
        let count = e["deleteCount"].as_u64().unwrap_or(0) as usize;
        let new = e["data"].as_array().cloned().unwrap_or_default();
        data.splice(start..start + count, new);
    }
    let again = client.request(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": doc }),
    )?;
    assert_eq!(Some(&data), again["data"].as_array());
    assert_ne!(delta["resultId"], id);
    // An unknown previous result gets the full tokens.
    let unknown = client.request(
        "textDocument/semanticTokens/full/delta",
        json!({ "textDocument": doc, "previousResultId": "nope" }),
    )?;
    assert_eq!(unknown["data"], again["data"]);
    assert_eq!(client.stop()?, Some(0));
    Ok(())
}

#[test]
fn completions_are_plain_text_without_snippet_support() -> Result<(), String> {
    let (root, cache) = workspace("snippets")?;
    for (capabilities, snippets) in [
        (json!({}), false),
        (
            json!({ "textDocument": { "completion": { "completionItem": { "snippetSupport": true } } } }),
            true,
        ),
    ] {
        let mut client = Client::start(&root, &cache, capabilities)?;
        let uri = uri_of(&root.join("pods.pal"));
        let items = client.request(
            "textDocument/completion",
            json!({ "textDocument": { "uri": uri }, "position": position(POLICY, "c.securityContext", 0) }),
        )?;
        let count = items
            .as_array()
            .into_iter()
            .flatten()
            .find(|i| i["label"] == json!("count"))
            .cloned()
            .ok_or(format!("no `count` in {items}"))?;
        if snippets {
            assert_eq!(count["insertText"], json!("count($1)"));
            assert_eq!(count["insertTextFormat"], json!(2));
        } else {
            assert!(count.get("insertText").is_none(), "{count}");
            assert_eq!(count["insertTextFormat"], json!(1));
        }
        assert_eq!(client.stop()?, Some(0));
    }
    Ok(())
}

#[test]
fn an_import_line_completes_the_packages_of_the_workspace_and_the_library() -> Result<(), String> {
    let (root, cache) = workspace("imports")?;
    let mut client = Client::start(&root, &cache, json!({}))?;
    let uri = uri_of(&root.join("pods.pal"));
    let text = "package acme.pods\n\nimport palisade.k\n";
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "palisade", "version": 1, "text": text } }),
    )?;
    let items = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 2, "character": 17 } }),
    )?;
    let labels: Vec<&str> = items
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["label"].as_str())
        .collect();
    // Every library package is offered, not only those already imported somewhere.
    for wanted in ["palisade.k8s", "palisade.images", "palisade.tekton"] {
        assert!(labels.contains(&wanted), "{wanted} in {labels:?}");
    }
    assert!(!labels.contains(&"acme.pods"), "not the file's own package");
    assert!(
        labels.iter().all(|l| !l.contains('(')),
        "packages only: {labels:?}"
    );
    assert_eq!(client.stop()?, Some(0));
    Ok(())
}

#[test]
fn workspace_folders_added_and_removed_are_checked_and_forgotten() -> Result<(), String> {
    let (root, cache) = workspace("folders")?;
    let second = root.with_file_name("second");
    std::fs::create_dir_all(&second).map_err(|e| e.to_string())?;
    let broken = "package acme.second\n\nfn f(x: int) -> int {\n  return y\n}\n";
    std::fs::write(second.join("broken.pal"), broken).map_err(|e| e.to_string())?;
    let mut client = Client::start(&root, &cache, json!({}))?;
    let uri = uri_of(&root.join("pods.pal"));
    client.diagnostics(&uri, |d| !d.is_empty())?;
    let folder = json!({ "uri": uri_of(&second), "name": "second" });
    let broken_uri = uri_of(&second.join("broken.pal"));
    client.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({ "event": { "added": [folder], "removed": [] } }),
    )?;
    let found = client.diagnostics(&broken_uri, |d| !d.is_empty())?;
    assert_eq!(found[0]["code"], json!("E0200"), "{found:?}");
    client.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({ "event": { "added": [], "removed": [folder] } }),
    )?;
    client.diagnostics(&broken_uri, |d| d.is_empty())?;
    assert_eq!(client.stop()?, Some(0));
    Ok(())
}

#[test]
fn schemas_named_in_palisade_toml_are_types_in_the_editor() -> Result<(), String> {
    let (root, cache) = workspace("schemas")?;
    let schema = r#"{"type": "object", "required": ["kind", "size"],
      "properties": {"kind": {"const": "Widget"}, "size": {"type": "integer"}}}"#;
    std::fs::create_dir_all(root.join("schemas")).map_err(|e| e.to_string())?;
    std::fs::write(root.join("schemas/widget.json"), schema).map_err(|e| e.to_string())?;
    std::fs::write(
        root.join("palisade.toml"),
        "[schemas]\n\"acme.crds.Widget\" = \"schemas/widget.json\"\n",
    )
    .map_err(|e| e.to_string())?;
    let policy = "package acme.widgets\n\nimport acme.crds\n\nfn big(w: crds.Widget) -> bool {\n  return w.size > 10\n}\n";
    std::fs::write(root.join("pods.pal"), "package acme.pods\n").map_err(|e| e.to_string())?;
    std::fs::write(root.join("widgets.pal"), policy).map_err(|e| e.to_string())?;
    let mut client = Client::start(&root, &cache, json!({}))?;
    let uri = uri_of(&root.join("widgets.pal"));
    client.diagnostics(&uri, |d| d.is_empty())?;
    // The schema's type is navigable: a read-only generated file.
    let target = client.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": uri }, "position": position(policy, "Widget)", 1) }),
    )?;
    let path = target["uri"]
        .as_str()
        .unwrap_or("")
        .strip_prefix("file://")
        .unwrap_or("")
        .to_owned();
    let generated = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
    assert!(
        generated.contains("package acme.crds") && generated.contains("type Widget"),
        "{generated}"
    );
    client.stop()?;

    // A schema that cannot be read: said on palisade.toml, and the import fails as it would.
    std::fs::remove_file(root.join("schemas/widget.json")).map_err(|e| e.to_string())?;
    let mut client = Client::start(&root, &cache, json!({}))?;
    let config = client.diagnostics(&uri_of(&root.join("palisade.toml")), |d| !d.is_empty())?;
    let message = config[0]["message"].as_str().unwrap_or("");
    assert!(
        message.contains("acme.crds.Widget") && message.contains("widget.json"),
        "{message}"
    );
    client.diagnostics(&uri, |d| !d.is_empty())?;
    assert_eq!(client.stop()?, Some(0));
    Ok(())
}
