//! The protocol handlers. Each request reads one checked snapshot (rebuilt after edits) and
//! answers from the library's editor queries through `convert`. Edits are applied in order,
//! before any `.await`; diagnostics are published after a short pause in typing, for the
//! newest text only. A panic inside a query is caught and answered as an internal error: the
//! server keeps serving.

use crate::capabilities::capabilities;
use crate::convert::Encoding;
use crate::evaluate::{Evaluation, Outcome};
use crate::publish::Pending;
use crate::requests;
use crate::workspace::{Built, Entry, Workspace, is_policy};
use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

/// How long typing must pause before diagnostics are recomputed and published.
/// The client may set it with the initialization option `diagnosticsDelayMs`.
const DEBOUNCE: Duration = Duration::from_millis(50);

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
    /// How long typing must pause before diagnostics are published.
    debounce: Duration,
    /// Whether the host has the texts of the last change.
    synced: bool,
    /// What was last published per URI, so unchanged files are not sent again.
    published: HashMap<Uri, Vec<Diagnostic>>,
    /// Whether the client lets the server register a watcher for `.pal` files.
    watch_files: bool,
    /// Whether the client can be asked to fetch code lenses again.
    lens_refresh: bool,
    /// Failed tests of the last run, by policy file (until the file changes).
    tests: HashMap<Uri, Vec<Diagnostic>>,
    /// The rules the author evaluates.
    evaluations: Vec<Evaluation>,
    /// Their last outcomes, by policy file and rule.
    outcomes: HashMap<(Uri, String), Outcome>,
    /// Whether the client takes snippets in completions.
    snippets: bool,
    /// The semantic tokens last sent per file, with their result id, for deltas.
    tokens: HashMap<Uri, (String, Vec<SemanticToken>)>,
    /// The last result id given.
    token_results: u64,
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
                debounce: DEBOUNCE,
                synced: false,
                published: HashMap::new(),
                watch_files: false,
                lens_refresh: false,
                tests: HashMap::new(),
                evaluations: Vec::new(),
                outcomes: HashMap::new(),
                snippets: false,
                tokens: HashMap::new(),
                token_results: 0,
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

    /// Runs a query on a snapshot of the current texts, on a blocking thread (so that edits
    /// arriving meanwhile are applied, and cancel it), turning a panic into an error reply: a
    /// query cancelled by a newer edit is answered "content modified", any other panic as an
    /// internal error. The server keeps serving either way.
    async fn query<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Built, Encoding) -> Option<T> + Send + 'static,
    ) -> Result<Option<T>> {
        let (built, encoding) = self.built();
        let run = tokio::task::spawn_blocking(move || {
            std::panic::catch_unwind(AssertUnwindSafe(|| f(&built, encoding)))
        });
        let Ok(outcome) = run.await else {
            return Err(Error::internal_error());
        };
        match outcome {
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
        let delay = self.lock().debounce;
        self.changed_after(delay);
    }

    /// Notes a change and publishes diagnostics after `delay`, unless another change comes.
    fn changed_after(&self, delay: Duration) {
        let generation = {
            let mut state = self.lock();
            state.generation += 1;
            state.synced = false;
            state.generation
        };
        let state = Arc::clone(&self.state);
        let client = self.client.clone();
        tokio::spawn(publish_after_pause(state, client, generation, delay));
    }

    /// Runs a command on a snapshot, on a blocking thread.
    async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Built, Encoding) -> T + Send + 'static,
    ) -> Result<T> {
        let (built, encoding) = self.built();
        match tokio::task::spawn_blocking(move || {
            std::panic::catch_unwind(AssertUnwindSafe(|| f(&built, encoding)))
        })
        .await
        {
            Ok(Ok(answer)) => Ok(answer),
            Ok(Err(payload)) if palisade::db::is_cancellation(&*payload) => Err(failed(
                ErrorCode::ContentModified,
                "the workspace changed while the command ran",
            )),
            _ => Err(failed(
                ErrorCode::InternalError,
                "the command failed inside the server",
            )),
        }
    }

    /// Keeps the tokens sent for a file, for the next delta; returns their result id.
    fn keep_tokens(&self, uri: Uri, data: Vec<SemanticToken>) -> String {
        let mut state = self.lock();
        state.token_results += 1;
        let id = state.token_results.to_string();
        state.tokens.insert(uri, (id.clone(), data));
        id
    }

    /// `palisade.runTest` / `palisade.runTests`: runs tests, keeps failures as diagnostics.
    async fn run_tests(&self, uri: Uri, name: Option<String>) -> Result<Option<serde_json::Value>> {
        let target = uri.clone();
        let outcome = self
            .blocking(move |built, encoding| {
                crate::testing::run(built, &target, name.as_deref(), encoding)
            })
            .await?;
        match outcome {
            Ok(run) => {
                let summary = run.summary();
                self.lock().tests.insert(uri, run.diagnostics);
                self.changed();
                self.client
                    .show_message(MessageType::INFO, format!("palisade test: {summary}"))
                    .await;
                Ok(Some(
                    serde_json::json!({ "summary": summary, "results": run.results }),
                ))
            }
            Err(message) => Err(failed(ErrorCode::InvalidParams, &message)),
        }
    }

    /// `palisade.evaluate`: evaluates a rule against inputs and keeps evaluating it.
    async fn evaluate(
        &self,
        policy: Uri,
        rule: String,
        input: Option<PathBuf>,
    ) -> Result<Option<serde_json::Value>> {
        let inputs = match input {
            Some(path) => vec![path],
            None => policy
                .to_file_path()
                .map(|p| crate::evaluate::inputs_beside(&p))
                .unwrap_or_default(),
        };
        if inputs.is_empty() {
            return Err(failed(
                ErrorCode::InvalidParams,
                "no JSON or YAML input beside the policy: name one as the command's third argument",
            ));
        }
        let evaluation = Evaluation {
            policy,
            rule,
            inputs,
        };
        {
            let mut state = self.lock();
            state
                .evaluations
                .retain(|e| (&e.policy, &e.rule) != (&evaluation.policy, &evaluation.rule));
            state.evaluations.push(evaluation.clone());
            state.synced = false;
        }
        let inputs = {
            let mut state = self.lock();
            let _ = current(&mut state);
            state.workspace.inputs()
        };
        let run = evaluation.clone();
        let (_, outcome) = self
            .blocking(move |built, _| crate::evaluate::run(built, &run, &inputs))
            .await?;
        self.changed();
        Ok(Some(
            serde_json::json!({ "title": outcome.title(), "outcome": outcome }),
        ))
    }
}

/// Waits for a pause in typing, then publishes what changed, if no newer change came.
async fn publish_after_pause(
    state: Arc<Mutex<State>>,
    client: Client,
    generation: u64,
    delay: Duration,
) {
    let lock = || {
        state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    };
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let (pending, versions) = {
        let mut state = lock();
        if state.generation != generation {
            return;
        }
        let built = current(&mut state);
        let decodings = state
            .workspace
            .files
            .iter()
            .filter(|(_, e)| !e.decoding.is_empty())
            .map(|(u, e)| (u.clone(), e.decoding.clone()))
            .collect();
        let versions: HashMap<Uri, i32> = state
            .workspace
            .files
            .iter()
            .filter_map(|(u, e)| Some((u.clone(), e.version?)))
            .collect();
        let pending = Pending {
            built,
            encoding: state.encoding,
            decodings,
            tests: state.tests.clone(),
            evaluations: state.evaluations.clone(),
            inputs: state.workspace.inputs(),
            settings: state
                .workspace
                .settings
                .uri
                .clone()
                .map(|uri| (uri, state.workspace.settings.problems.clone())),
        };
        (pending, versions)
    };
    let computed = tokio::task::spawn_blocking(move || {
        std::panic::catch_unwind(AssertUnwindSafe(|| crate::publish::compute(&pending)))
    })
    .await;
    // Cancelled by a newer edit (whose own publication follows), or failed: nothing to send.
    let Ok(Ok(computed)) = computed else {
        return;
    };
    let (batch, refresh) = {
        let mut state = lock();
        if state.generation != generation {
            return;
        }
        let refresh = state.lens_refresh && state.outcomes != computed.outcomes;
        state.outcomes = computed.outcomes;
        let batch = crate::publish::changes(&mut state.published, &versions, computed.files);
        (batch, refresh)
    };
    for (uri, diagnostics, version) in batch {
        client.publish_diagnostics(uri, diagnostics, version).await;
    }
    if refresh {
        let _ = client.code_lens_refresh().await;
    }
}

/// A snapshot of the current texts (the host is given them first if a change came since).
fn current(state: &mut State) -> Built {
    if !state.synced {
        state.workspace.sync();
        let wanted: Vec<PathBuf> = state
            .evaluations
            .iter()
            .flat_map(|e| e.inputs.iter().cloned())
            .collect();
        state.workspace.sync_inputs(&wanted);
        state.synced = true;
    }
    state.workspace.snapshot()
}

/// An error reply.
fn failed(code: ErrorCode, message: &str) -> Error {
    Error {
        code,
        message: message.to_owned().into(),
        data: None,
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
        let lens_refresh = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.code_lens.as_ref())
            .and_then(|c| c.refresh_support)
            .unwrap_or(false);
        let snippets = params
            .capabilities
            .text_document
            .as_ref()
            .and_then(|t| t.completion.as_ref())
            .and_then(|c| c.completion_item.as_ref())
            .and_then(|i| i.snippet_support)
            .unwrap_or(false);
        let prepare_rename = params
            .capabilities
            .text_document
            .as_ref()
            .and_then(|t| t.rename.as_ref())
            .and_then(|r| r.prepare_support)
            .unwrap_or(false);
        let debounce = params
            .initialization_options
            .as_ref()
            .and_then(|o| o.get("diagnosticsDelayMs"))
            .and_then(serde_json::Value::as_u64)
            .map_or(DEBOUNCE, |ms| Duration::from_millis(ms.min(5_000)));
        {
            let mut state = self.lock();
            state.encoding = encoding;
            state.debounce = debounce;
            state.watch_files = watch_files;
            state.lens_refresh = lens_refresh;
            state.snippets = snippets;
            if let Some(dir) = &self.config.library_dir {
                state.workspace.set_library(dir, &self.config.library);
            }
            state.workspace.scan(&roots);
        }
        Ok(InitializeResult {
            capabilities: capabilities(encoding, prepare_rename),
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
                // Policies, the inputs an evaluation may read, and the settings.
                watchers: ["**/*.pal", "**/*.{json,yaml,yml}", "**/palisade.toml"]
                    .into_iter()
                    .map(|glob| FileSystemWatcher {
                        glob_pattern: GlobPattern::String(glob.to_owned()),
                        kind: None,
                    })
                    .collect(),
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
        // The workspace as found: published at once, with no typing to wait for.
        self.changed_after(Duration::ZERO);
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        {
            let mut state = self.lock();
            let doc = params.text_document;
            state.tests.remove(&doc.uri);
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
            state.tests.remove(&params.text_document.uri);
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

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        let paths = |folders: &[WorkspaceFolder]| -> Vec<PathBuf> {
            folders
                .iter()
                .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
                .collect()
        };
        {
            let mut state = self.lock();
            let (added, removed) = (paths(&params.event.added), paths(&params.event.removed));
            state.workspace.change_roots(&added, &removed);
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
                // Inputs of evaluations are read again at the next publication.
                if is_policy(&change.uri) {
                    state.workspace.reload(&path);
                }
            }
        }
        self.changed();
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        self.query(move |built, encoding| requests::hover(built, encoding, &params))
            .await
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        self.query(move |built, encoding| requests::goto_definition(built, encoding, &params))
            .await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        self.query(move |built, encoding| requests::references(built, encoding, &params))
            .await
    }

    async fn document_highlight(
        &self,
        params: DocumentHighlightParams,
    ) -> Result<Option<Vec<DocumentHighlight>>> {
        self.query(move |built, encoding| requests::document_highlight(built, encoding, &params))
            .await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        self.query(move |built, encoding| requests::document_symbol(built, encoding, &params))
            .await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let snippets = self.lock().snippets;
        self.query(move |built, encoding| requests::completion(built, encoding, &params, snippets))
            .await
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        self.query(move |built, encoding| requests::formatting(built, encoding, &params))
            .await
    }

    async fn range_formatting(
        &self,
        params: DocumentRangeFormattingParams,
    ) -> Result<Option<Vec<TextEdit>>> {
        self.query(move |built, encoding| requests::range_formatting(built, encoding, &params))
            .await
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        let answer = self
            .query(move |built, encoding| requests::prepare_rename(built, encoding, &params))
            .await?;
        match answer {
            Some(Ok(range)) => Ok(Some(range)),
            Some(Err(refused)) => Err(refusal(&refused)),
            None => Ok(None),
        }
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let answer = self
            .query(move |built, encoding| requests::rename(built, encoding, &params))
            .await?;
        match answer {
            Some(Ok(edit)) => Ok(Some(edit)),
            Some(Err(refused)) => Err(refusal(&refused)),
            None => Ok(None),
        }
    }

    async fn signature_help(&self, params: SignatureHelpParams) -> Result<Option<SignatureHelp>> {
        self.query(move |built, encoding| requests::signature_help(built, encoding, &params))
            .await
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        let uri = params.text_document.uri;
        let target = uri.clone();
        let Some(data) = self
            .query(move |built, encoding| requests::semantic_tokens(built, encoding, &target))
            .await?
        else {
            return Ok(None);
        };
        let result_id = self.keep_tokens(uri, data.clone());
        Ok(Some(SemanticTokensResult::Tokens(SemanticTokens {
            result_id: Some(result_id),
            data,
        })))
    }

    async fn semantic_tokens_full_delta(
        &self,
        params: SemanticTokensDeltaParams,
    ) -> Result<Option<SemanticTokensFullDeltaResult>> {
        let uri = params.text_document.uri;
        let target = uri.clone();
        let Some(data) = self
            .query(move |built, encoding| requests::semantic_tokens(built, encoding, &target))
            .await?
        else {
            return Ok(None);
        };
        let previous = self
            .lock()
            .tokens
            .get(&uri)
            .filter(|(id, _)| *id == params.previous_result_id)
            .map(|(_, old)| old.clone());
        let result_id = self.keep_tokens(uri, data.clone());
        Ok(Some(match previous {
            Some(old) => SemanticTokensFullDeltaResult::TokensDelta(SemanticTokensDelta {
                result_id: Some(result_id),
                edits: crate::tokens::delta(&old, &data).into_iter().collect(),
            }),
            None => SemanticTokensFullDeltaResult::Tokens(SemanticTokens {
                result_id: Some(result_id),
                data,
            }),
        }))
    }

    async fn goto_type_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        self.query(move |built, encoding| requests::goto_type_definition(built, encoding, &params))
            .await
    }

    async fn selection_range(
        &self,
        params: SelectionRangeParams,
    ) -> Result<Option<Vec<SelectionRange>>> {
        self.query(move |built, encoding| requests::selection_range(built, encoding, &params))
            .await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        self.query(move |built, encoding| requests::code_action(built, encoding, &params))
            .await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        self.query(move |built, encoding| requests::inlay_hint(built, encoding, &params))
            .await
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        self.query(move |built, encoding| requests::symbol(built, encoding, &params))
            .await
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        self.query(move |built, encoding| requests::folding_range(built, encoding, &params))
            .await
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        let uri = params.text_document.uri;
        let outcomes: HashMap<String, Outcome> = self
            .lock()
            .outcomes
            .iter()
            .filter(|((policy, _), _)| *policy == uri)
            .map(|((_, rule), o)| (rule.clone(), o.clone()))
            .collect();
        self.query(move |built, encoding| crate::lens::lenses(built, encoding, &uri, &outcomes))
            .await
    }

    async fn execute_command(
        &self,
        params: ExecuteCommandParams,
    ) -> Result<Option<serde_json::Value>> {
        let text = |i: usize| {
            params
                .arguments
                .get(i)
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        };
        let uri = |i: usize| text(i).and_then(|t| t.parse::<Uri>().ok());
        let missing = || {
            failed(
                ErrorCode::InvalidParams,
                "the command's arguments are missing",
            )
        };
        match params.command.as_str() {
            "palisade.runTests" => self.run_tests(uri(0).ok_or_else(missing)?, None).await,
            "palisade.runTest" => {
                let name = text(1).ok_or_else(missing)?;
                self.run_tests(uri(0).ok_or_else(missing)?, Some(name))
                    .await
            }
            "palisade.evaluate" => {
                let policy = uri(0).ok_or_else(missing)?;
                let rule = text(1).ok_or_else(missing)?;
                // The input, as a URI or a path.
                let input = text(2).map(|t| {
                    t.parse::<Uri>()
                        .ok()
                        .and_then(|u| u.to_file_path().map(|p| p.into_owned()))
                        .unwrap_or_else(|| PathBuf::from(t))
                });
                self.evaluate(policy, rule, input).await
            }
            "palisade.stopEvaluating" => {
                let policy = uri(0).ok_or_else(missing)?;
                let rule = text(1).ok_or_else(missing)?;
                {
                    let mut state = self.lock();
                    state
                        .evaluations
                        .retain(|e| (&e.policy, &e.rule) != (&policy, &rule));
                    state.outcomes.remove(&(policy, rule));
                }
                self.changed();
                Ok(None)
            }
            other => Err(failed(
                ErrorCode::InvalidParams,
                &format!("no command is called `{other}`"),
            )),
        }
    }
}
