//! `palisade lsp` driven over stdio the way an editor drives it: a workspace on disk, documents
//! opened and edited, diagnostics waited for, requests for every advertised capability, the
//! standard library opened through "go to definition", garbage on the wire, and a clean exit.

#[path = "lsp/client.rs"]
mod client;

use client::{Client, uri_of};
use serde_json::{Value, json};
use std::path::PathBuf;

const POLICY: &str = "package acme.pods

import palisade.k8s

# Containers must not run privileged.
rule privileged(pod: k8s.Pod) {
  meta {
    id: \"ACME-PRIV\"
    title: \"No privileged containers\"
    severity: \"high\"
  }
  for c in pod.spec.containers {
    if starts_with(c.name, \"app\") and c.securityContext?.privilegd ?? false {
      violation \"container `{c.name}` is privileged\" at c.securityContext?.privileged
    }
  }
}
";

fn workspace(name: &str) -> Result<(PathBuf, PathBuf), String> {
    let base = std::env::temp_dir().join(format!("palisade-lsp-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let root = base.join("workspace");
    let cache = base.join("cache");
    std::fs::create_dir_all(&root).map_err(|e| e.to_string())?;
    std::fs::write(root.join("pods.pal"), POLICY).map_err(|e| e.to_string())?;
    Ok((root, cache))
}

/// The UTF-16 position of the `n`th occurrence of `needle` in `text`, plus `shift` columns.
fn position(text: &str, needle: &str, shift: u32) -> Value {
    let offset = text.find(needle).unwrap_or(0);
    let before = text.get(..offset).unwrap_or("");
    let line = before.matches('\n').count();
    let column = before
        .rsplit('\n')
        .next()
        .unwrap_or("")
        .encode_utf16()
        .count();
    json!({ "line": line, "character": column as u32 + shift })
}

fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .filter_map(|d| d.get("code").and_then(Value::as_str).map(str::to_owned))
        .collect()
}

#[test]
fn an_editor_session_from_error_to_fix() -> Result<(), String> {
    let (root, cache) = workspace("session")?;
    let mut client = Client::start(&root, &cache, json!({}))?;
    let uri = uri_of(&root.join("pods.pal"));

    // The workspace file is checked without being opened: the typo is reported where it is.
    let diagnostics = client.diagnostics(&uri, |d| !d.is_empty())?;
    assert_eq!(codes(&diagnostics), ["E0301"], "{diagnostics:?}");
    let typo = position(POLICY, "privilegd", 0);
    assert_eq!(diagnostics[0].pointer("/range/start"), Some(&typo));
    assert!(
        diagnostics[0]
            .pointer("/codeDescription/href")
            .and_then(Value::as_str)
            .is_some_and(|h| h.ends_with("spec/diagnostics.md#e0301"))
    );

    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "palisade", "version": 1, "text": POLICY } }),
    )?;
    let doc = json!({ "uri": uri });

    // Hover on a local shows its type; on the rule, its metadata.
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": doc, "position": position(POLICY, "c in pod", 0) }),
    )?;
    let text = hover
        .pointer("/contents/value")
        .and_then(Value::as_str)
        .unwrap_or("");
    assert!(text.contains("c: Container"), "{hover}");

    // Go to the definition of `k8s.Pod`: a read-only file of the standard library.
    let def = client.request(
        "textDocument/definition",
        json!({ "textDocument": doc, "position": position(POLICY, "Pod)", 1) }),
    )?;
    let target = def.get("uri").and_then(Value::as_str).unwrap_or("");
    assert!(
        target.starts_with(&uri_of(&cache)) && target.ends_with("k8s/schema.pal"),
        "{def}"
    );
    let path = PathBuf::from(target.trim_start_matches("file://"));
    let library_text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
    assert!(library_text.contains("type Pod ="));
    let readonly = std::fs::metadata(&path).map(|m| m.permissions().readonly());
    assert_eq!(readonly.ok(), Some(true));

    // Complete the field being typed: the fields of `SecurityContext`, `privileged` first.
    let completion = client.request(
        "textDocument/completion",
        json!({ "textDocument": doc, "position": position(POLICY, "privilegd", 5) }),
    )?;
    let first = completion.pointer("/0/label").and_then(Value::as_str);
    assert_eq!(first, Some("privileged"), "{completion}");

    // Fix the typo with an incremental edit: the diagnostics are cleared.
    let start = position(POLICY, "privilegd", 0);
    let end = position(POLICY, "privilegd", 9);
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri, "version": 2 },
            "contentChanges": [{ "range": { "start": start, "end": end }, "text": "privileged" }],
        }),
    )?;
    let cleared = client.diagnostics(&uri, <[Value]>::is_empty)?;
    assert!(cleared.is_empty());

    // Now that the rule compiles, hovering its name also shows its static cost bound.
    let fixed = POLICY.replace("privilegd", "privileged");
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": doc, "position": position(&fixed, "privileged(pod", 2) }),
    )?;
    let text = hover
        .pointer("/contents/value")
        .and_then(Value::as_str)
        .unwrap_or("");
    assert!(
        text.contains("**No privileged containers**")
            && text.contains("**Cost:** at most ")
            && text.contains("(dominated by `containers × "),
        "{hover}"
    );

    // Break the layout and format it back.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri, "version": 3 },
            "contentChanges": [{ "text": POLICY.replace("privilegd", "privileged").replace("  meta {", "meta   {") }],
        }),
    )?;
    let edits = client.request(
        "textDocument/formatting",
        json!({ "textDocument": doc, "options": { "tabSize": 2, "insertSpaces": true } }),
    )?;
    let new_text = edits
        .pointer("/0/newText")
        .and_then(Value::as_str)
        .unwrap_or("");
    assert_eq!(new_text, POLICY.replace("privilegd", "privileged"));

    assert_eq!(client.stop()?, Some(0));
    Ok(())
}

#[test]
fn every_advertised_capability_answers() -> Result<(), String> {
    let (root, cache) = workspace("capabilities")?;
    let mut client = Client::start(&root, &cache, json!({}))?;
    let uri = uri_of(&root.join("pods.pal"));
    let caps = client
        .initialize_result()
        .get("capabilities")
        .cloned()
        .unwrap_or(Value::Null);
    let doc = json!({ "uri": uri });
    let at = position(POLICY, "c.name", 0);
    let requests: &[(&str, &str, Value)] = &[
        (
            "hoverProvider",
            "textDocument/hover",
            json!({ "textDocument": doc, "position": at }),
        ),
        (
            "definitionProvider",
            "textDocument/definition",
            json!({ "textDocument": doc, "position": at }),
        ),
        (
            "referencesProvider",
            "textDocument/references",
            json!({ "textDocument": doc, "position": at, "context": { "includeDeclaration": true } }),
        ),
        (
            "documentHighlightProvider",
            "textDocument/documentHighlight",
            json!({ "textDocument": doc, "position": at }),
        ),
        (
            "documentSymbolProvider",
            "textDocument/documentSymbol",
            json!({ "textDocument": doc }),
        ),
        (
            "completionProvider",
            "textDocument/completion",
            json!({ "textDocument": doc, "position": at }),
        ),
        (
            "documentFormattingProvider",
            "textDocument/formatting",
            json!({ "textDocument": doc, "options": { "tabSize": 2, "insertSpaces": true } }),
        ),
        (
            "documentRangeFormattingProvider",
            "textDocument/rangeFormatting",
            json!({ "textDocument": doc, "range": { "start": at, "end": at }, "options": { "tabSize": 2, "insertSpaces": true } }),
        ),
        (
            "foldingRangeProvider",
            "textDocument/foldingRange",
            json!({ "textDocument": doc }),
        ),
        (
            "renameProvider",
            "textDocument/rename",
            json!({ "textDocument": doc, "position": at, "newName": "container" }),
        ),
        (
            "inlayHintProvider",
            "textDocument/inlayHint",
            json!({
                "textDocument": doc,
                "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 99, "character": 0 } },
            }),
        ),
        (
            "workspaceSymbolProvider",
            "workspace/symbol",
            json!({ "query": "priv" }),
        ),
        (
            "codeActionProvider",
            "textDocument/codeAction",
            json!({
                "textDocument": doc,
                "range": { "start": position(POLICY, "privilegd", 0), "end": position(POLICY, "privilegd", 9) },
                "context": { "diagnostics": [] },
            }),
        ),
        (
            "semanticTokensProvider",
            "textDocument/semanticTokens/full",
            json!({ "textDocument": doc }),
        ),
        (
            "signatureHelpProvider",
            "textDocument/signatureHelp",
            json!({ "textDocument": doc, "position": position(POLICY, "c.name, ", 8) }),
        ),
        (
            "codeLensProvider",
            "textDocument/codeLens",
            json!({ "textDocument": doc }),
        ),
        (
            "executeCommandProvider",
            "workspace/executeCommand",
            json!({
                "command": "palisade.evaluate",
                "arguments": [uri, "acme.pods.privileged", root.join("pod.json")],
            }),
        ),
        (
            "typeDefinitionProvider",
            "textDocument/typeDefinition",
            json!({ "textDocument": doc, "position": at }),
        ),
        (
            "selectionRangeProvider",
            "textDocument/selectionRange",
            json!({ "textDocument": doc, "positions": [at] }),
        ),
    ];
    std::fs::write(
        root.join("pod.json"),
        r#"{"apiVersion": "v1", "kind": "Pod", "spec": {"containers": []}}"#,
    )
    .map_err(|e| e.to_string())?;
    let advertised: Vec<&str> = caps
        .as_object()
        .map(|o| {
            o.keys()
                .map(String::as_str)
                .filter(|k| k.ends_with("Provider"))
                .collect()
        })
        .unwrap_or_default();
    for name in &advertised {
        assert!(
            requests.iter().any(|(cap, _, _)| cap == name),
            "no test request for the advertised `{name}`"
        );
    }
    for (cap, method, params) in requests {
        assert!(caps.get(cap).is_some(), "`{cap}` is not advertised");
        let reply = client.request(method, params.clone())?;
        assert!(!reply.is_null(), "{method} answered nothing");
    }
    let refs = client.request("textDocument/references", requests[2].2.clone())?;
    assert_eq!(
        refs.as_array().map(Vec::len),
        Some(5),
        "the binding of `c` and its four uses: {refs}"
    );
    // The misspelt field has a quick fix: the one field it may have meant.
    let actions = client.request("textDocument/codeAction", requests[12].2.clone())?;
    assert_eq!(
        actions.pointer("/0/title"),
        Some(&json!("Replace with `privileged`")),
        "{actions}"
    );
    let fix = actions.pointer(&format!(
        "/0/edit/changes/{}/0/newText",
        uri.replace('/', "~1")
    ));
    assert_eq!(fix, Some(&json!("privileged")), "{actions}");
    // The policy does not check: evaluating it says so rather than judging anything.
    let evaluated = client.request("workspace/executeCommand", requests[16].2.clone())?;
    assert_eq!(
        evaluated.get("title"),
        Some(&json!("⚠ the policies have errors: nothing evaluated")),
        "{evaluated}"
    );
    let rename = client.request("textDocument/rename", requests[9].2.clone())?;
    let edits = rename
        .get("changes")
        .and_then(|c| c.get(&uri))
        .and_then(Value::as_array)
        .map(Vec::len);
    assert_eq!(edits, Some(5), "{rename}");
    let tokens = client.request("textDocument/semanticTokens/full", requests[13].2.clone())?;
    let data: Vec<u64> = tokens
        .get("data")
        .and_then(Value::as_array)
        .map(|d| d.iter().filter_map(Value::as_u64).collect())
        .unwrap_or_default();
    // `package` first: line 0, column 0, 7 long, a keyword (type 0), no modifiers.
    assert_eq!(data.get(..5), Some(&[0, 0, 7, 0, 0][..]), "{tokens}");
    assert!(
        data.len() > 5 * 30,
        "five numbers per classified token: {}",
        data.len()
    );
    let help = client.request("textDocument/signatureHelp", requests[14].2.clone())?;
    assert_eq!(help.pointer("/activeParameter"), Some(&json!(1)), "{help}");
    let label = help
        .pointer("/signatures/0/label")
        .and_then(Value::as_str)
        .unwrap_or("");
    assert!(label.starts_with("starts_with("), "{help}");
    // The standard library is read-only: renaming `k8s.Pod` is refused with a reason.
    let refused = client.request(
        "textDocument/prepareRename",
        json!({ "textDocument": doc, "position": position(POLICY, "Pod)", 1) }),
    );
    assert!(refused.is_err_and(|e| e.contains("read-only")));
    assert_eq!(client.stop()?, Some(0));
    Ok(())
}

#[test]
fn garbage_on_the_wire_does_not_stop_the_server() -> Result<(), String> {
    let (root, cache) = workspace("garbage")?;
    let mut client = Client::start(&root, &cache, json!({}))?;
    client.send_raw("{ this is not json")?;
    client.send_raw(
        r#"{"jsonrpc":"2.0","id":99,"method":"textDocument/hover","params":{"nonsense":true}}"#,
    )?;
    let uri = uri_of(&root.join("pods.pal"));
    // Positions past the end of the line and of the file are clamped, not trusted.
    for position in [
        json!({ "line": 3, "character": 9999 }),
        json!({ "line": 9999, "character": 0 }),
    ] {
        client.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": position }),
        )?;
    }
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    )?;
    assert!(
        symbols.as_array().is_some_and(|s| s.len() == 3),
        "{symbols}"
    );
    assert_eq!(client.stop()?, Some(0));
    Ok(())
}

#[test]
fn utf8_positions_are_used_when_the_client_offers_them() -> Result<(), String> {
    let (root, cache) = workspace("utf8")?;
    let text = "package acme.wide\n\n# é 🎉 wide characters before the name\nlet ünïcödé_free = 1\nlet b = [\"🎉\", \"x\"] # the list\nlet c = count(b)\n";
    std::fs::write(root.join("wide.pal"), text).map_err(|e| e.to_string())?;
    let capabilities = json!({ "general": { "positionEncodings": ["utf-8", "utf-16"] } });
    let mut client = Client::start(&root, &cache, capabilities)?;
    let negotiated = client
        .initialize_result()
        .pointer("/capabilities/positionEncoding")
        .cloned();
    assert_eq!(negotiated, Some(json!("utf-8")));
    let uri = uri_of(&root.join("wide.pal"));
    let line = 5;
    let byte_column = "let c = count(".len() as u32;
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": byte_column } }),
    )?;
    let shown = hover
        .pointer("/contents/value")
        .and_then(Value::as_str)
        .unwrap_or("");
    assert!(shown.contains("b: list<string>"), "{hover}");
    assert_eq!(client.stop()?, Some(0));
    Ok(())
}
