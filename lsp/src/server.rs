//! The protocol handlers. Each request reads one checked snapshot (rebuilt after edits) and
//! answers from the library's editor queries through `convert`. Edits are applied in order,
//! before any `.await`; diagnostics are published after a short pause in typing, for the
//! newest text only. A panic inside a query is caught and answered as an internal error: the
//! server keeps serving.

use crate::convert::{Encoding, Lines, diagnostic};
use crate::workspace::{Built, Entry, Workspace};
use palisade::ide::{CompletionKind, SymbolKind};
use palisade::{FileId, FormatOptions, Span};
use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

/// How long typing must pause before diagnostics are recomputed and published.
const DEBOUNCE: Duration = Duration::from_millis(150);

/// What the server was started with.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// Library files (path under the library, text), offered to policies that import them.
    pub library: Vec<(&'static str, &'static str)>,
    /// Where library files are written for editors to open (read-only).
    pub library_dir: Option<PathBuf>,
}

struct State {
    workspace: Workspace,
    encoding: Encoding,
    /// Bumped by every change; a debounced publication runs only if it is still current.
    generation: u64,
    /// Whether the host has the texts of the last change.
    synced: bool,
    /// What was last published per URI, so unchanged files are not sent again.
    published: HashMap<Uri, Vec<Diagnostic>>,
    /// Whether the client lets the server register a watcher for `.pal` files.
    watch_files: bool,
}

/// The language server.
pub struct Backend {
    client: Client,
    config: Config,
    state: Arc<Mutex<State>>,
}

impl Backend {
    /// A server that talks to `client`.
    pub fn new(client: Client, config: Config) -> Backend {
        Backend {
            client,
            config,
            state: Arc::new(Mutex::new(State {
                workspace: Workspace::default(),
                encoding: Encoding::Utf16,
                generation: 0,
                synced: false,
                published: HashMap::new(),
                watch_files: false,
            })),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A snapshot of the current texts, and the position encoding.
    fn built(&self) -> (Built, Encoding) {
        let mut state = self.lock();
        (current(&mut state), state.encoding)
    }

    /// Runs a query on a snapshot of the current texts, turning a panic into an error reply: a
    /// query cancelled by a newer edit is answered "content modified", any other panic as an
    /// internal error. The server keeps serving either way.
    fn query<T>(&self, f: impl FnOnce(&Built, Encoding) -> Option<T>) -> Result<Option<T>> {
        let (built, encoding) = self.built();
        match std::panic::catch_unwind(AssertUnwindSafe(|| f(&built, encoding))) {
            Ok(answer) => Ok(answer),
            Err(payload) if palisade::db::is_cancellation(&*payload) => Err(Error {
                code: tower_lsp_server::jsonrpc::ErrorCode::ContentModified,
                message: "the document changed while the request ran".into(),
                data: None,
            }),
            Err(_) => {
                let mut error = Error::internal_error();
                error.message = "the request failed inside the server; it keeps running".into();
                Err(error)
            }
        }
    }

    /// Notes a change and publishes diagnostics once typing pauses.
    fn changed(&self) {
        let generation = {
            let mut state = self.lock();
            state.generation += 1;
            state.synced = false;
            state.generation
        };
        let state = Arc::clone(&self.state);
        let client = self.client.clone();
        tokio::spawn(async move {
            tokio::time::sleep(DEBOUNCE).await;
            let batch = {
                let mut guard = state
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                if guard.generation != generation {
                    return;
                }
                publication(&mut guard)
            };
            for (uri, diagnostics, version) in batch {
                client.publish_diagnostics(uri, diagnostics, version).await;
            }
        });
    }
}

/// A snapshot of the current texts (the host is given them first if a change came since).
fn current(state: &mut State) -> Built {
    if !state.synced {
        state.workspace.sync();
        state.synced = true;
    }
    state.workspace.snapshot()
}

/// The diagnostics to publish: every workspace file whose diagnostics changed.
fn publication(state: &mut State) -> Vec<(Uri, Vec<Diagnostic>, Option<i32>)> {
    let built = current(state);
    let encoding = state.encoding;
    let workspace = &state.workspace;
    let Ok(batch) = std::panic::catch_unwind(AssertUnwindSafe(|| {
        let mut out = Vec::new();
        for &file in built.workspace.iter() {
            let (Some(uri), Some(text)) = (built.uri(file), built.snapshot.text(file)) else {
                continue;
            };
            let lines = Lines::new(text);
            let locate = |f: FileId, s: Span| location(&built, f, s, encoding);
            let decoding = workspace
                .files
                .get(uri)
                .map_or(&[][..], |e| &e.decoding[..]);
            let diagnostics: Vec<Diagnostic> = with_decoding(&built, file, text, decoding)
                .iter()
                .map(|d| diagnostic(d, &lines, encoding, &locate))
                .collect();
            out.push((uri.clone(), diagnostics));
        }
        out
    })) else {
        return Vec::new();
    };
    let mut changed = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (uri, diagnostics) in batch {
        seen.insert(uri.clone());
        if state.published.get(&uri) != Some(&diagnostics) {
            let version = state.workspace.files.get(&uri).and_then(|e| e.version);
            state.published.insert(uri.clone(), diagnostics.clone());
            changed.push((uri, diagnostics, version));
        }
    }
    // Files that left the workspace lose their diagnostics.
    let gone: Vec<Uri> = state
        .published
        .keys()
        .filter(|u| !seen.contains(*u))
        .cloned()
        .collect();
    for uri in gone {
        state.published.remove(&uri);
        changed.push((uri, Vec::new(), None));
    }
    changed
}

/// A file's diagnostics, with those of decoding its bytes from disk (where they were not all
/// UTF-8) in place of the lexer's echo of them, as `palisade check` reports them.
fn with_decoding(
    built: &Built,
    file: FileId,
    text: &str,
    decoding: &[palisade::Diagnostic],
) -> Vec<palisade::Diagnostic> {
    let checked = built.snapshot.diagnostics_of(file).cloned();
    if decoding.is_empty() {
        return checked.collect();
    }
    let mut all: Vec<palisade::Diagnostic> = checked
        .filter(|d| !palisade::check::is_decoding_echo(d, text))
        .chain(
            decoding
                .iter()
                .map(|d| palisade::Diagnostic { file, ..d.clone() }),
        )
        .collect();
    palisade::diagnostics::sort_and_dedup(&mut all);
    palisade::diagnostics::cap_per_file(&mut all);
    all
}

fn location(built: &Built, file: FileId, span: Span, encoding: Encoding) -> Option<Location> {
    let uri = built.uri(file)?.clone();
    let text = built.snapshot.text(file)?;
    Some(Location::new(uri, Lines::new(text).range(span, encoding)))
}

/// The file and byte offset of a protocol position.
fn at(
    built: &Built,
    position: &TextDocumentPositionParams,
    encoding: Encoding,
) -> Option<(FileId, u32)> {
    let file = built.file_id(&position.text_document.uri)?;
    let text = built.snapshot.text(file)?;
    let offset = Lines::new(text).offset(position.position, encoding);
    Some((file, u32::try_from(offset).unwrap_or(u32::MAX)))
}

fn symbol_kind(kind: SymbolKind) -> tower_lsp_server::ls_types::SymbolKind {
    use tower_lsp_server::ls_types::SymbolKind as K;
    match kind {
        SymbolKind::Package => K::PACKAGE,
        SymbolKind::Import => K::MODULE,
        SymbolKind::Type => K::STRUCT,
        SymbolKind::Constant => K::CONSTANT,
        SymbolKind::Parameter => K::PROPERTY,
        SymbolKind::Data => K::VARIABLE,
        SymbolKind::Function => K::FUNCTION,
        SymbolKind::Rule => K::EVENT,
        SymbolKind::Test => K::METHOD,
    }
}

fn completion_kind(kind: CompletionKind) -> CompletionItemKind {
    match kind {
        CompletionKind::Field => CompletionItemKind::FIELD,
        CompletionKind::Variable => CompletionItemKind::VARIABLE,
        CompletionKind::Constant => CompletionItemKind::CONSTANT,
        CompletionKind::Function | CompletionKind::Builtin => CompletionItemKind::FUNCTION,
        CompletionKind::Rule => CompletionItemKind::EVENT,
        CompletionKind::Type => CompletionItemKind::STRUCT,
        CompletionKind::Module => CompletionItemKind::MODULE,
        CompletionKind::Keyword => CompletionItemKind::KEYWORD,
        CompletionKind::Property => CompletionItemKind::PROPERTY,
    }
}

/// The capabilities advertised; `tests` check each has a working handler.
pub fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(match encoding {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![".".to_owned()]),
            ..Default::default()
        }),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_highlight_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        document_range_formatting_provider: Some(OneOf::Left(true)),
        folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: WorkDoneProgressOptions::default(),
        })),
        inlay_hint_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..Default::default()
        })),
        semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
            SemanticTokensOptions {
                legend: crate::tokens::legend(),
                full: Some(SemanticTokensFullOptions::Bool(true)),
                range: None,
                work_done_progress_options: WorkDoneProgressOptions::default(),
            },
        )),
        signature_help_provider: Some(SignatureHelpOptions {
            trigger_characters: Some(vec!["(".to_owned(), ",".to_owned()]),
            retrigger_characters: None,
            work_done_progress_options: WorkDoneProgressOptions::default(),
        }),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        ..Default::default()
    }
}

/// A rename refused, as the error the protocol expects.
fn refusal(r: &palisade::ide::RenameRefused) -> Error {
    let mut error = Error::invalid_request();
    error.message = r.message.clone().into();
    error
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let utf8 = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|e| e.contains(&PositionEncodingKind::UTF8));
        let encoding = if utf8 {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        };
        let mut roots: Vec<PathBuf> = params
            .workspace_folders
            .unwrap_or_default()
            .iter()
            .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
            .collect();
        #[expect(
            deprecated,
            reason = "clients without workspace folders send only a root URI"
        )]
        if roots.is_empty()
            && let Some(root) = params.root_uri.as_ref().and_then(|u| u.to_file_path())
        {
            roots.push(root.into_owned());
        }
        let watch_files = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false);
        {
            let mut state = self.lock();
            state.encoding = encoding;
            state.watch_files = watch_files;
            if let Some(dir) = &self.config.library_dir {
                state.workspace.set_library(dir, &self.config.library);
            }
            state.workspace.scan(&roots);
        }
        Ok(InitializeResult {
            capabilities: capabilities(encoding),
            server_info: Some(ServerInfo {
                name: "palisade".to_owned(),
                version: Some(env!("CARGO_PKG_VERSION").to_owned()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let watch = Registration {
            id: "palisade-watch".to_owned(),
            method: "workspace/didChangeWatchedFiles".to_owned(),
            register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions {
                watchers: vec![FileSystemWatcher {
                    glob_pattern: GlobPattern::String("**/*.pal".to_owned()),
                    kind: None,
                }],
            })
            .ok(),
        };
        if self.lock().watch_files {
            // Not awaited here: notifications are handled in order, and a client that is slow
            // to answer must not hold up the documents it sends next.
            let client = self.client.clone();
            tokio::spawn(async move {
                let _ = client.register_capability(vec![watch]).await;
            });
        }
        self.changed();
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        {
            let mut state = self.lock();
            let doc = params.text_document;
            let on_disk = doc.uri.to_file_path().is_some_and(|p| p.exists());
            state.workspace.open(
                doc.uri,
                Entry {
                    text: doc.text,
                    version: Some(doc.version),
                    on_disk,
                    decoding: Vec::new(),
                },
            );
        }
        self.changed();
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        {
            let mut state = self.lock();
            let encoding = state.encoding;
            let Some(entry) = state.workspace.files.get_mut(&params.text_document.uri) else {
                return;
            };
            for change in params.content_changes {
                crate::convert::apply_change(&mut entry.text, change.range, &change.text, encoding);
            }
            entry.version = Some(params.text_document.version);
        }
        self.changed();
    }

    async fn did_save(&self, _: DidSaveTextDocumentParams) {}

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        {
            let mut state = self.lock();
            state.workspace.close(&params.text_document.uri);
        }
        self.changed();
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        {
            let mut state = self.lock();
            for change in params.changes {
                let Some(path) = change.uri.to_file_path().map(|p| p.into_owned()) else {
                    continue;
                };
                state.workspace.reload(&path);
            }
        }
        self.changed();
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        self.query(|built, encoding| {
            let (file, offset) = at(built, &params.text_document_position_params, encoding)?;
            let hover = built.snapshot.hover(file, offset)?;
            let text = built.snapshot.text(file)?;
            Some(Hover {
                contents: HoverContents::Markup(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: hover.markdown,
                }),
                range: Some(Lines::new(text).range(hover.span, encoding)),
            })
        })
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        self.query(|built, encoding| {
            let (file, offset) = at(built, &params.text_document_position_params, encoding)?;
            let target = built.snapshot.definition(file, offset)?;
            location(built, target.file, target.span, encoding).map(GotoDefinitionResponse::Scalar)
        })
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        self.query(|built, encoding| {
            let (file, offset) = at(built, &params.text_document_position, encoding)?;
            let refs = built
                .snapshot
                .references(file, offset, params.context.include_declaration);
            Some(
                refs.into_iter()
                    .filter_map(|l| location(built, l.file, l.span, encoding))
                    .collect(),
            )
        })
    }

    async fn document_highlight(
        &self,
        params: DocumentHighlightParams,
    ) -> Result<Option<Vec<DocumentHighlight>>> {
        self.query(|built, encoding| {
            let (file, offset) = at(built, &params.text_document_position_params, encoding)?;
            let lines = Lines::new(built.snapshot.text(file)?);
            Some(
                built
                    .snapshot
                    .highlights(file, offset)
                    .into_iter()
                    .map(|l| DocumentHighlight {
                        range: lines.range(l.span, encoding),
                        kind: None,
                    })
                    .collect(),
            )
        })
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        self.query(|built, encoding| {
            let file = built.file_id(&params.text_document.uri)?;
            let lines = Lines::new(built.snapshot.text(file)?);
            #[expect(deprecated, reason = "the `deprecated` field must still be given")]
            let symbols = built
                .snapshot
                .symbols(file)
                .into_iter()
                .map(|s| DocumentSymbol {
                    name: s.name,
                    detail: s.detail,
                    kind: symbol_kind(s.kind),
                    tags: None,
                    deprecated: None,
                    range: lines.range(s.span, encoding),
                    selection_range: lines.range(s.selection, encoding),
                    children: None,
                })
                .collect();
            Some(DocumentSymbolResponse::Nested(symbols))
        })
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        self.query(|built, encoding| {
            let (file, offset) = at(built, &params.text_document_position, encoding)?;
            let items = built
                .snapshot
                .completions(file, offset)
                .into_iter()
                .enumerate()
                .map(|(rank, c)| CompletionItem {
                    label: c.label,
                    kind: Some(completion_kind(c.kind)),
                    detail: c.detail,
                    sort_text: Some(format!("{rank:05}")),
                    insert_text: c.snippet,
                    insert_text_format: Some(InsertTextFormat::SNIPPET),
                    ..Default::default()
                })
                .collect();
            Some(CompletionResponse::Array(items))
        })
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        self.query(|built, encoding| {
            let file = built.file_id(&params.text_document.uri)?;
            let text = built.snapshot.text(file)?;
            let formatted = palisade::format(text, &FormatOptions::default()).ok()?;
            if formatted == text {
                return Some(Vec::new());
            }
            let whole = Span::new(0, text.len());
            Some(vec![TextEdit::new(
                Lines::new(text).range(whole, encoding),
                formatted,
            )])
        })
    }

    async fn range_formatting(
        &self,
        params: DocumentRangeFormattingParams,
    ) -> Result<Option<Vec<TextEdit>>> {
        self.query(|built, encoding| {
            let file = built.file_id(&params.text_document.uri)?;
            let text = built.snapshot.text(file)?;
            let lines = Lines::new(text);
            let range = lines.span(params.range, encoding);
            match palisade::format_range(text, range, &FormatOptions::default()).ok()? {
                Some(r) => Some(vec![TextEdit::new(lines.range(r.span, encoding), r.text)]),
                None => Some(Vec::new()),
            }
        })
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        let answer = self.query(|built, encoding| {
            let (file, offset) = at(built, &params, encoding)?;
            let editable = |f: FileId| built.editable(f);
            let lines = Lines::new(built.snapshot.text(file)?);
            Some(
                built
                    .snapshot
                    .prepare_rename(file, offset, &editable)
                    .map(|span| PrepareRenameResponse::Range(lines.range(span, encoding))),
            )
        })?;
        match answer {
            Some(Ok(range)) => Ok(Some(range)),
            Some(Err(refused)) => Err(refusal(&refused)),
            None => Ok(None),
        }
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let answer = self.query(|built, encoding| {
            let (file, offset) = at(built, &params.text_document_position, encoding)?;
            let editable = |f: FileId| built.editable(f);
            let places = match built
                .snapshot
                .rename(file, offset, &params.new_name, &editable)
            {
                Ok(places) => places,
                Err(refused) => return Some(Err(refused)),
            };
            let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
            for place in places {
                let (Some(uri), Some(text)) =
                    (built.uri(place.file), built.snapshot.text(place.file))
                else {
                    continue;
                };
                let range = Lines::new(text).range(place.span, encoding);
                changes
                    .entry(uri.clone())
                    .or_default()
                    .push(TextEdit::new(range, params.new_name.clone()));
            }
            Some(Ok(WorkspaceEdit {
                changes: Some(changes),
                ..Default::default()
            }))
        })?;
        match answer {
            Some(Ok(edit)) => Ok(Some(edit)),
            Some(Err(refused)) => Err(refusal(&refused)),
            None => Ok(None),
        }
    }

    async fn signature_help(&self, params: SignatureHelpParams) -> Result<Option<SignatureHelp>> {
        self.query(|built, encoding| {
            let (file, offset) = at(built, &params.text_document_position_params, encoding)?;
            let help = built.snapshot.signature_help(file, offset)?;
            // Parameter ranges are sent as UTF-16 offsets into the label.
            let units = |byte: usize| {
                let prefix = help.label.get(..byte).unwrap_or("");
                u32::try_from(prefix.encode_utf16().count()).unwrap_or(u32::MAX)
            };
            let parameters = help
                .parameters
                .iter()
                .map(|(a, b)| ParameterInformation {
                    label: ParameterLabel::LabelOffsets([units(*a), units(*b)]),
                    documentation: None,
                })
                .collect();
            Some(SignatureHelp {
                signatures: vec![SignatureInformation {
                    label: help.label.clone(),
                    documentation: help.documentation.clone().map(Documentation::String),
                    parameters: Some(parameters),
                    active_parameter: u32::try_from(help.active).ok(),
                }],
                active_signature: Some(0),
                active_parameter: u32::try_from(help.active).ok(),
            })
        })
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        self.query(|built, encoding| {
            let file = built.file_id(&params.text_document.uri)?;
            let text = built.snapshot.text(file)?;
            let data = crate::tokens::encode(text, &built.snapshot.highlights_of(file), encoding);
            Some(SemanticTokensResult::Tokens(SemanticTokens {
                result_id: None,
                data,
            }))
        })
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        self.query(|built, encoding| {
            let file = built.file_id(&params.text_document.uri)?;
            let text = built.snapshot.text(file)?;
            let lines = Lines::new(text);
            let wanted = lines.span(params.range, encoding);
            let locate = |f: FileId, s: Span| location(built, f, s, encoding);
            let (lines, uri) = (&lines, &params.text_document.uri);
            let actions = built
                .snapshot
                .diagnostics_of(file)
                .filter(|d| d.span.start <= wanted.end && wanted.start <= d.span.end)
                .flat_map(|d| {
                    let shown = diagnostic(d, lines, encoding, &locate);
                    d.fixes.iter().map(move |fix| {
                        let edit =
                            TextEdit::new(lines.range(fix.span, encoding), fix.replacement.clone());
                        CodeActionOrCommand::CodeAction(CodeAction {
                            title: format!("Replace with `{}`", fix.replacement),
                            kind: Some(CodeActionKind::QUICKFIX),
                            diagnostics: Some(vec![shown.clone()]),
                            edit: Some(WorkspaceEdit {
                                changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
                                ..Default::default()
                            }),
                            is_preferred: Some(true),
                            ..Default::default()
                        })
                    })
                })
                .collect();
            Some(actions)
        })
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        self.query(|built, encoding| {
            let file = built.file_id(&params.text_document.uri)?;
            let lines = Lines::new(built.snapshot.text(file)?);
            let wanted = lines.span(params.range, encoding);
            Some(
                built
                    .snapshot
                    .inlay_hints(file)
                    .into_iter()
                    .filter(|h| wanted.start <= h.offset && h.offset <= wanted.end)
                    .map(|h| InlayHint {
                        position: lines.position(h.offset as usize, encoding),
                        label: InlayHintLabel::String(h.label),
                        kind: Some(InlayHintKind::TYPE),
                        text_edits: None,
                        tooltip: None,
                        padding_left: None,
                        padding_right: None,
                        data: None,
                    })
                    .collect(),
            )
        })
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        self.query(|built, encoding| {
            let symbols = built
                .snapshot
                .workspace_symbols(&params.query)
                .into_iter()
                .filter(|(file, _)| built.editable(*file))
                .filter_map(|(file, s)| {
                    Some(WorkspaceSymbol {
                        name: s.name,
                        kind: symbol_kind(s.kind),
                        tags: None,
                        container_name: built
                            .snapshot
                            .parse(file)
                            .and_then(|p| p.file.package.as_ref().map(|p| p.dotted())),
                        location: OneOf::Left(location(built, file, s.selection, encoding)?),
                        data: None,
                    })
                })
                .collect();
            Some(WorkspaceSymbolResponse::Nested(symbols))
        })
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        self.query(|built, encoding| {
            let file = built.file_id(&params.text_document.uri)?;
            let lines = Lines::new(built.snapshot.text(file)?);
            Some(
                built
                    .snapshot
                    .folding_ranges(file)
                    .into_iter()
                    .map(|s| {
                        let r = lines.range(s, encoding);
                        FoldingRange {
                            start_line: r.start.line,
                            end_line: r.end.line,
                            ..Default::default()
                        }
                    })
                    .collect(),
            )
        })
    }
}
