//! The language server in process, behind the message filter of `palisade lsp`, fed a sequence
//! of messages derived structurally from the input: documents opened (real policies or fuzzer
//! text), edited at any range (past the end, inside a UTF-16 surrogate pair or a UTF-8
//! sequence), closed, queried at any position with every request the server advertises,
//! cancelled, shut down; and, between them, garbage bytes, arbitrary JSON bodies and messages
//! with a wrong `Content-Length`. Properties: no panic (even one the server would catch), no
//! hang, every output frame is well formed, and every well-framed request sent before an
//! `exit` is answered (garbage ends with an empty line, after which the filter always finds
//! the next good message).
#![no_main]

// The filter is private to `palisade-lsp` (its `run_stdio` serves only standard input and
// output), so its source is compiled into the target.
#[path = "../../lsp/src/frames.rs"]
mod frames;

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use palisade_lsp::{Backend, Config, Encoding, Lines, apply_change};
use serde_json::{Value, json};
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::LazyLock;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tower_lsp_server::ls_types::{Position, Range};
use tower_lsp_server::{LspService, Server};

/// Texts a document can start from: policies that check, so requests reach deep.
const SAMPLES: &[&str] = &[
    include_str!("../../lang/tests/corpus/valid/comprehensions.pal"),
    include_str!("../../lang/tests/corpus/valid/items_every_kind.pal"),
    include_str!("../../lang/tests/corpus/valid/fn_bodies.pal"),
    include_str!("../../lang/tests/corpus/valid/builtins_every_call.pal"),
    include_str!("../../lang/tests/corpus/valid/comments_and_layout.pal"),
    include_str!("../../lang/tests/corpus/valid/strings_and_interpolation.pal"),
    include_str!("../../lang/tests/corpus/valid/types_every_form.pal"),
    include_str!("../../lang/tests/corpus/valid/tests_with_and_for.pal"),
    include_str!("../../lang/tests/corpus/valid/rule_statements.pal"),
    include_str!("../../stdlib/images/images.pal"),
];

/// The library the server offers for imports (what `palisade lsp` embeds, in part).
const LIBRARY: &[(&str, &str)] = &[
    (
        "k8s/schema.pal",
        include_str!("../../stdlib/k8s/schema.pal"),
    ),
    (
        "images/images.pal",
        include_str!("../../stdlib/images/images.pal"),
    ),
];

/// Pieces of text edits insert: tokens, line breaks of both kinds, wide characters.
const PIECES: &[&str] = &[
    "",
    "\n",
    "\r\n",
    " ",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    ".",
    ",",
    ":",
    "\"",
    "#",
    "/*",
    "*/",
    "rule ",
    "deny ",
    "let x = ",
    "fn f(a: int) -> int { a }",
    "import palisade.k8s\n",
    "import palisade.images as im\n",
    "input.",
    "k8s.Pod",
    "type T = { a?: string }",
    "test t { }",
    "meta { id: \"X\" }",
    "é",
    "🎉",
    "ñ🎉",
    "\u{feff}",
    "\0",
    "\t",
    "every c in x: c",
    "x ?? y",
    "!= ",
    "== ",
    "if a then b else c",
    "$\"{x}\"",
];

static LIBRARY_DIR: LazyLock<PathBuf> =
    LazyLock::new(|| std::env::temp_dir().join("palisade-fuzz-lsp-library"));

#[derive(Arbitrary, Debug)]
struct Input {
    utf8: bool,
    watch_files: bool,
    steps: Vec<Step>,
}

#[derive(Arbitrary, Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Doc {
    A,
    B,
    /// Not a file path.
    Untitled,
    /// A file of the read-only library.
    Library,
    /// Never opened.
    Missing,
}

#[derive(Arbitrary, Debug)]
enum Text {
    Sample(u8),
    Piece(u8),
    Raw(String),
}

/// A position, chosen the ways clients get them right and wrong.
#[derive(Arbitrary, Debug, Clone, Copy)]
enum Place {
    /// At a byte offset of the document (modulo its length), converted correctly.
    Offset(u16),
    /// One unit past an offset: inside a surrogate pair or a UTF-8 sequence at wide characters.
    Inside(u16),
    /// A line of the document, any character.
    Line(u8, u16),
    /// Anything, mostly past the end.
    Raw(u32, u32),
}

#[derive(Arbitrary, Debug)]
struct Change {
    /// No range: the whole text.
    whole: bool,
    start: Place,
    end: Place,
    text: Text,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Query {
    Hover,
    Completion,
    Definition,
    References,
    Highlight,
    SignatureHelp,
    PrepareRename,
    DocumentSymbol,
    Formatting,
    SemanticTokens,
    FoldingRange,
}

#[derive(Arbitrary, Debug)]
enum Step {
    Open(Doc, Text),
    Change(Doc, Vec<Change>),
    Close(Doc),
    Save(Doc),
    Watched(Doc),
    Query(Doc, Query, Place),
    Rename(Doc, Place, Text),
    RangeFormatting(Doc, Place, Place),
    CodeAction(Doc, Place, Place),
    InlayHint(Doc, Place, Place),
    WorkspaceSymbol(String),
    /// Cancels one of the requests sent so far.
    Cancel(u8),
    Initialize,
    Shutdown,
    Exit,
    /// Bytes on the wire, then an empty line.
    Garbage(Vec<u8>),
    /// A body of any text, framed correctly.
    Body(String),
    /// The next step's message with its `Content-Length` off by this much.
    Misframe(i16),
}

/// The client's side: the wire bytes and what the server must answer.
struct Client {
    encoding: Encoding,
    texts: HashMap<Doc, String>,
    wire: Vec<u8>,
    next_id: u64,
    /// Requests sent well framed before any `exit`: each must be answered.
    expected: BTreeSet<String>,
    misframe: Option<i16>,
    exited: bool,
    version: i32,
}

fn uri(doc: Doc) -> String {
    match doc {
        Doc::A => "file:///palisade-fuzz/a.pal".to_owned(),
        Doc::B => "file:///palisade-fuzz/b.pal".to_owned(),
        Doc::Untitled => "untitled:Untitled-1".to_owned(),
        Doc::Library => format!("file://{}/k8s/schema.pal", LIBRARY_DIR.display()),
        Doc::Missing => "file:///palisade-fuzz/missing.pal".to_owned(),
    }
}

fn text(t: &Text) -> String {
    match t {
        Text::Sample(i) => SAMPLES[usize::from(*i) % SAMPLES.len()].to_owned(),
        Text::Piece(i) => PIECES[usize::from(*i) % PIECES.len()].to_owned(),
        Text::Raw(s) => s.clone(),
    }
}

impl Client {
    fn text(&self, doc: Doc) -> &str {
        match doc {
            Doc::Library => LIBRARY[0].1,
            _ => self.texts.get(&doc).map_or("", String::as_str),
        }
    }

    fn position(&self, doc: Doc, place: Place) -> Position {
        let text = self.text(doc);
        let lines = Lines::new(text);
        let offset = |o: u16| usize::from(o) % (text.len() + 1);
        match place {
            Place::Offset(o) => lines.position(offset(o), self.encoding),
            Place::Inside(o) => {
                let p = lines.position(offset(o), self.encoding);
                Position::new(p.line, p.character + 1)
            }
            Place::Line(l, c) => {
                let count = text.lines().count() + 1;
                Position::new((usize::from(l) % count) as u32, u32::from(c % 200))
            }
            Place::Raw(l, c) => Position::new(l, c),
        }
    }

    fn range(&self, doc: Doc, start: Place, end: Place) -> Value {
        let (s, e) = (self.position(doc, start), self.position(doc, end));
        json!({"start": {"line": s.line, "character": s.character},
               "end": {"line": e.line, "character": e.character}})
    }

    fn at(&self, doc: Doc, place: Place) -> Value {
        let p = self.position(doc, place);
        json!({"textDocument": {"uri": uri(doc)}, "position": {"line": p.line, "character": p.character}})
    }

    fn frame(&mut self, body: &[u8]) {
        let length = match self.misframe.take() {
            Some(delta) => (body.len() as i64 + i64::from(delta)).max(0) as usize,
            None => body.len(),
        };
        self.wire
            .extend_from_slice(format!("Content-Length: {length}\r\n\r\n").as_bytes());
        self.wire.extend_from_slice(body);
    }

    fn notify(&mut self, method: &str, params: Value) {
        // Even a misframed `exit` may get through (its body followed by blanks is still JSON).
        if method == "exit" {
            self.exited = true;
        }
        let body = json!({"jsonrpc": "2.0", "method": method, "params": params});
        self.frame(body.to_string().as_bytes());
    }

    fn request(&mut self, method: &str, params: Value) {
        self.next_id += 1;
        let id = format!("fuzz-{}", self.next_id);
        if self.misframe.is_none() && !self.exited {
            self.expected.insert(id.clone());
        }
        let body = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
        self.frame(body.to_string().as_bytes());
    }

    fn initialize(&mut self, utf8: bool, watch_files: bool) {
        let encodings = if utf8 {
            vec!["utf-8", "utf-16"]
        } else {
            vec!["utf-16"]
        };
        self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": null,
                "capabilities": {
                    "general": {"positionEncodings": encodings},
                    "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": watch_files}},
                },
            }),
        );
    }

    fn step(&mut self, step: &Step) {
        self.version += 1;
        match step {
            Step::Open(doc, t) => {
                let t = text(t);
                self.texts.insert(*doc, t.clone());
                let params = json!({"textDocument": {
                    "uri": uri(*doc), "languageId": "palisade", "version": self.version, "text": t,
                }});
                self.notify("textDocument/didOpen", params);
            }
            Step::Change(doc, changes) => {
                let mut content = Vec::new();
                for change in changes.iter().take(8) {
                    let inserted = text(&change.text);
                    let range = (!change.whole).then(|| {
                        let (s, e) = (
                            self.position(*doc, change.start),
                            self.position(*doc, change.end),
                        );
                        Range::new(s, e)
                    });
                    match range {
                        Some(r) => content.push(json!({"range": {
                            "start": {"line": r.start.line, "character": r.start.character},
                            "end": {"line": r.end.line, "character": r.end.character},
                        }, "text": inserted})),
                        None => content.push(json!({"text": inserted})),
                    }
                    if let Some(current) = self.texts.get_mut(doc) {
                        apply_change(current, range, &inserted, self.encoding);
                    }
                }
                let params = json!({
                    "textDocument": {"uri": uri(*doc), "version": self.version},
                    "contentChanges": content,
                });
                self.notify("textDocument/didChange", params);
            }
            Step::Close(doc) => {
                self.texts.remove(doc);
                self.notify(
                    "textDocument/didClose",
                    json!({"textDocument": {"uri": uri(*doc)}}),
                );
            }
            Step::Save(doc) => {
                self.notify(
                    "textDocument/didSave",
                    json!({"textDocument": {"uri": uri(*doc)}}),
                );
            }
            Step::Watched(doc) => {
                let params = json!({"changes": [{"uri": uri(*doc), "type": 2}]});
                self.notify("workspace/didChangeWatchedFiles", params);
            }
            Step::Query(doc, query, place) => {
                let document = json!({"textDocument": {"uri": uri(*doc)}});
                let formatting = json!({"textDocument": {"uri": uri(*doc)},
                                        "options": {"tabSize": 2, "insertSpaces": true}});
                let mut at = self.at(*doc, *place);
                let (method, params) = match query {
                    Query::Hover => ("textDocument/hover", at),
                    Query::Completion => ("textDocument/completion", at),
                    Query::Definition => ("textDocument/definition", at),
                    Query::References => {
                        at["context"] = json!({"includeDeclaration": true});
                        ("textDocument/references", at)
                    }
                    Query::Highlight => ("textDocument/documentHighlight", at),
                    Query::SignatureHelp => ("textDocument/signatureHelp", at),
                    Query::PrepareRename => ("textDocument/prepareRename", at),
                    Query::DocumentSymbol => ("textDocument/documentSymbol", document),
                    Query::Formatting => ("textDocument/formatting", formatting),
                    Query::SemanticTokens => ("textDocument/semanticTokens/full", document),
                    Query::FoldingRange => ("textDocument/foldingRange", document),
                };
                self.request(method, params);
            }
            Step::Rename(doc, place, name) => {
                let mut params = self.at(*doc, *place);
                params["newName"] = json!(text(name));
                self.request("textDocument/rename", params);
            }
            Step::RangeFormatting(doc, start, end) => {
                let params = json!({"textDocument": {"uri": uri(*doc)},
                                    "range": self.range(*doc, *start, *end),
                                    "options": {"tabSize": 2, "insertSpaces": true}});
                self.request("textDocument/rangeFormatting", params);
            }
            Step::CodeAction(doc, start, end) => {
                let params = json!({"textDocument": {"uri": uri(*doc)},
                                    "range": self.range(*doc, *start, *end),
                                    "context": {"diagnostics": []}});
                self.request("textDocument/codeAction", params);
            }
            Step::InlayHint(doc, start, end) => {
                let params = json!({"textDocument": {"uri": uri(*doc)},
                                    "range": self.range(*doc, *start, *end)});
                self.request("textDocument/inlayHint", params);
            }
            Step::WorkspaceSymbol(query) => {
                self.request("workspace/symbol", json!({"query": query}));
            }
            Step::Cancel(back) => {
                let id = self.next_id.saturating_sub(u64::from(*back));
                self.notify("$/cancelRequest", json!({"id": format!("fuzz-{id}")}));
            }
            Step::Initialize => self.initialize(false, false),
            Step::Shutdown => self.request("shutdown", Value::Null),
            Step::Exit => self.notify("exit", Value::Null),
            Step::Garbage(bytes) => {
                // Garbage can hold a whole message, an `exit` too.
                if bytes.windows(4).any(|w| w == b"exit") {
                    self.exited = true;
                }
                self.wire.extend_from_slice(bytes);
                self.wire.extend_from_slice(b"\r\n\r\n");
            }
            Step::Body(body) => {
                // A body the fuzzer wrote may well say `exit`: expect nothing after one.
                let says_exit = serde_json::from_str::<Value>(body)
                    .is_ok_and(|v| v.to_string().contains("exit"));
                if says_exit {
                    self.exited = true;
                }
                self.frame(body.as_bytes());
            }
            Step::Misframe(delta) => self.misframe = (*delta != 0).then_some(*delta),
        }
    }
}

/// The messages the server wrote, checked to be well framed.
fn messages(mut out: &[u8]) -> Vec<Value> {
    let mut found = Vec::new();
    while !out.is_empty() {
        let header_end = out
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a frame without the end of its header");
        let header = std::str::from_utf8(&out[..header_end]).expect("a header that is not text");
        let length: usize = header
            .strip_prefix("Content-Length: ")
            .and_then(|l| l.parse().ok())
            .unwrap_or_else(|| panic!("a header without a length: {header:?}"));
        let body = &out[header_end + 4..header_end + 4 + length];
        found.push(serde_json::from_slice(body).expect("a body that is not JSON"));
        out = &out[header_end + 4 + length..];
    }
    found
}

fuzz_target!(|input: Input| {
    let mut client = Client {
        encoding: if input.utf8 {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        },
        texts: HashMap::new(),
        wire: Vec::new(),
        next_id: 0,
        expected: BTreeSet::new(),
        misframe: None,
        exited: false,
        version: 0,
    };
    client.initialize(input.utf8, input.watch_files);
    client.notify("initialized", json!({}));
    for step in input.steps.iter().take(48) {
        client.step(step);
    }
    let Client { wire, expected, .. } = client;
    // What was sent, for the report of a failure.
    let sent = String::from_utf8_lossy(&wire).into_owned();

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()
        .expect("a runtime");
    let out = runtime.block_on(async move {
        let config = Config {
            library: LIBRARY.to_vec(),
            library_dir: Some(LIBRARY_DIR.clone()),
        };
        let (service, socket) = LspService::new(move |c| Backend::new(c, config));
        let (mut to_filter, filter_in) = tokio::io::duplex(1 << 16);
        let (filter_out, server_in) = tokio::io::duplex(1 << 16);
        let (server_out, mut from_server) = tokio::io::duplex(1 << 16);
        tokio::spawn(frames::filter(filter_in, filter_out));
        tokio::spawn(async move {
            let _ = to_filter.write_all(&wire).await;
        });
        let reader = tokio::spawn(async move {
            let mut out = Vec::new();
            let _ = from_server.read_to_end(&mut out).await;
            out
        });
        Server::new(server_in, server_out, socket)
            .serve(service)
            .await;
        reader.await.expect("the reader")
    });
    drop(runtime);

    let mut answered = BTreeSet::new();
    for message in messages(&out) {
        if message.get("method").is_some() {
            continue;
        }
        if let Some(code) = message.pointer("/error/code") {
            assert_ne!(code, -32603, "an internal error: {message}; sent: {sent:?}");
        }
        if let Some(Value::String(id)) = message.get("id") {
            answered.insert(id.clone());
        }
    }
    let missing: Vec<&String> = expected.difference(&answered).collect();
    assert!(
        missing.is_empty(),
        "requests without an answer: {missing:?}; sent: {sent:?}"
    );
});
