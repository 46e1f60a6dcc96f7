//! The files the server knows: every `.pal` file under the workspace folders (read from disk),
//! the documents the editor has open (their text overrides the disk), and the library files
//! (the embedded standard library, written once to a read-only cache folder so that "go to
//! definition" can open them). Each URI keeps one file id for the session, and the texts live
//! in the library's incremental `Host`: a `Built` is one snapshot of the set, which recomputes
//! only what changed since the last one.

use crate::evaluate::{Input, MAX_INPUT_BYTES, document_key, read_input};
use crate::settings::Settings;
use palisade::FileId;
use palisade::check::Header;
use palisade::db::Host;
use palisade::ide::Snapshot;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower_lsp_server::ls_types::Uri;

/// At most this many `.pal` files are read from the workspace folders.
pub const MAX_WORKSPACE_FILES: usize = 20_000;

/// One known file.
#[derive(Clone, Debug)]
pub struct Entry {
    pub text: String,
    /// The editor's version, while the document is open.
    pub version: Option<i32>,
    /// Whether the file exists on disk (so closing it falls back to the disk's text).
    pub on_disk: bool,
    /// What decoding the file's bytes from disk reported (invalid UTF-8), with file id 0.
    pub decoding: Vec<palisade::Diagnostic>,
}

/// Every file of the workspace, by URI.
#[derive(Default)]
pub struct Workspace {
    pub files: BTreeMap<Uri, Entry>,
    /// Library files: URI (in the cache folder), text and header.
    library: Vec<(Uri, String, Header)>,
    /// The workspace folders.
    roots: Vec<PathBuf>,
    host: Host,
    /// The file id of every URI seen, for the session, and the URI of every id.
    ids: Arc<HashMap<Uri, FileId>>,
    uris: Arc<Vec<Uri>>,
    /// The workspace files of the set, as of the last `sync`.
    members: Arc<Vec<FileId>>,
    /// The input files of evaluations, as last read.
    inputs: Arc<BTreeMap<PathBuf, Input>>,
    /// `palisade.toml` of the first workspace folder, and the schemas it names.
    pub settings: Settings,
    /// Where generated schema sources are written.
    schema_cache: Option<PathBuf>,
}

/// A snapshot of the set and the URI of each of its file ids.
pub struct Built {
    pub snapshot: Snapshot,
    ids: Arc<HashMap<Uri, FileId>>,
    uris: Arc<Vec<Uri>>,
    /// The workspace files of the set (the others are library files), in URI order.
    pub workspace: Arc<Vec<FileId>>,
    /// Every package of the library (imported or not).
    pub library_packages: Arc<Vec<String>>,
}

impl Built {
    /// The id of a file of the set, by its URI as the client spells it or in its normal form.
    pub fn file_id(&self, uri: &Uri) -> Option<FileId> {
        let member = |u: &Uri| {
            let id = *self.ids.get(u)?;
            self.snapshot.text(id).map(|_| id)
        };
        member(uri).or_else(|| member(&normalize(uri)))
    }

    pub fn uri(&self, file: FileId) -> Option<&Uri> {
        self.uris.get(file.0 as usize)
    }

    /// Whether a file may be edited (a workspace file, not the library).
    pub fn editable(&self, file: FileId) -> bool {
        self.workspace.contains(&file)
    }
}

/// The one spelling of a URI the server uses: a `file:` URI is rebuilt from its path (so
/// `file:///a%2Db.pal` and `file:///a-b.pal` are one file); others are kept as they are.
pub fn normalize(uri: &Uri) -> Uri {
    uri.to_file_path()
        .and_then(|p| Uri::from_file_path(&p))
        .unwrap_or_else(|| uri.clone())
}

impl Workspace {
    /// Reads every `.pal` file under `roots` (hidden folders, `target` and `node_modules`
    /// skipped); open documents keep their text.
    pub fn scan(&mut self, roots: &[PathBuf]) {
        self.roots = roots.to_vec();
        let mut found = Vec::new();
        let mut visited = HashSet::new();
        for root in roots {
            walk(root, &mut found, &mut visited);
        }
        found.sort();
        found.dedup();
        for path in found.into_iter().take(MAX_WORKSPACE_FILES) {
            self.reload(&path);
        }
    }

    /// Adds and removes workspace folders: the files of an added folder are read, those of a
    /// removed one leave the set unless they are open or under a remaining folder.
    pub fn change_roots(&mut self, added: &[PathBuf], removed: &[PathBuf]) {
        self.roots.retain(|r| !removed.contains(r));
        let roots = self.roots.clone();
        let gone: Vec<Uri> = self
            .files
            .iter()
            .filter(|(uri, entry)| {
                entry.version.is_none()
                    && uri.to_file_path().is_some_and(|p| {
                        removed.iter().any(|r| p.starts_with(r))
                            && !roots.iter().any(|r| p.starts_with(r))
                    })
            })
            .map(|(uri, _)| uri.clone())
            .collect();
        for uri in gone {
            self.files.remove(&uri);
        }
        let mut found = Vec::new();
        let mut visited = HashSet::new();
        for root in added {
            walk(root, &mut found, &mut visited);
            if !self.roots.contains(root) {
                self.roots.push(root.clone());
            }
        }
        found.sort();
        found.dedup();
        let room = MAX_WORKSPACE_FILES.saturating_sub(self.files.len());
        for path in found.into_iter().take(room) {
            self.reload(&path);
        }
    }

    /// Opens a document: its text overrides the disk's, and the same file read from disk under
    /// another spelling of its URI is dropped, so that it is not checked twice.
    pub fn open(&mut self, uri: Uri, entry: Entry) {
        let normal = normalize(&uri);
        self.files
            .retain(|u, e| *u == uri || e.version.is_some() || normalize(u) != normal);
        self.files.insert(uri, entry);
    }

    /// Closes a document: a file of the workspace folders goes back to its text on disk; any
    /// other leaves the set (and loses its diagnostics).
    pub fn close(&mut self, uri: &Uri) {
        let on_disk = self.files.get(uri).is_some_and(|e| e.on_disk);
        self.files.remove(uri);
        if on_disk
            && let Some(path) = uri.to_file_path()
            && self.in_roots(&path)
        {
            self.reload(&path);
        }
    }

    /// Whether a path lies under a workspace folder.
    pub fn in_roots(&self, path: &Path) -> bool {
        self.roots.iter().any(|r| path.starts_with(r))
    }

    /// Reads a file from disk again (unless it is open in the editor).
    pub fn reload(&mut self, path: &Path) {
        let Some(uri) = Uri::from_file_path(path) else {
            return;
        };
        if self.files.get(&uri).is_some_and(|e| e.version.is_some()) {
            return;
        }
        match std::fs::read(path) {
            Ok(bytes) if bytes.len() <= palisade::syntax::MAX_SOURCE_LEN => {
                let (text, decoding) = palisade::decode_source(FileId(0), &bytes);
                self.files.insert(
                    uri,
                    Entry {
                        text,
                        version: None,
                        on_disk: true,
                        decoding,
                    },
                );
            }
            _ => {
                self.files.remove(&uri);
            }
        }
    }

    /// Gives the host the texts as they are now: every workspace file, with the library files
    /// it imports. Texts that did not change are not checked again. Waits until every snapshot
    /// of an older state is dropped (queries still running on one are cancelled).
    pub fn sync(&mut self) {
        let root = self.roots.first().cloned();
        self.settings
            .reload(root.as_deref(), self.schema_cache.as_deref());
        let Workspace {
            files,
            library,
            host,
            ids,
            uris,
            members: workspace_members,
            settings,
            ..
        } = self;
        let mut workspace = Vec::with_capacity(files.len());
        let mut headers = Vec::with_capacity(files.len());
        for (uri, entry) in files.iter() {
            if !is_policy(uri) || library.iter().any(|(u, _, _)| u == uri) {
                continue;
            }
            let id = id_of(ids, uris, uri);
            host.set_text(id, &entry.text);
            headers.push(host.header(id).unwrap_or_default());
            workspace.push(id);
        }
        // Schema packages are part of the set, read-only, like the library.
        let mut schemas = Vec::new();
        for (uri, text) in &settings.schemas {
            let id = id_of(ids, uris, uri);
            host.set_text(id, text);
            headers.push(host.header(id).unwrap_or_default());
            schemas.push(id);
        }
        let library_headers: Vec<Header> = library.iter().map(|(_, _, h)| h.clone()).collect();
        let mut members = workspace.clone();
        members.extend(schemas);
        for i in palisade::check::imported_by_headers(&headers, &library_headers) {
            if let Some((uri, text, _)) = library.get(i) {
                let id = id_of(ids, uris, uri);
                host.set_text(id, text);
                members.push(id);
            }
        }
        host.set_members(&members);
        *workspace_members = Arc::new(workspace);
    }

    /// Reads the input files of evaluations (an open document's text, else the disk's) and
    /// gives the host their documents; files that did not change are not read into documents
    /// again. Also sets the evaluation options: the parameters of the first workspace folder's
    /// `palisade.toml` (read by `sync`).
    pub fn sync_inputs(&mut self, wanted: &[PathBuf]) {
        let mut inputs: BTreeMap<PathBuf, Input> = BTreeMap::new();
        for path in wanted {
            if inputs.contains_key(path) {
                continue;
            }
            let open = Uri::from_file_path(path).and_then(|u| {
                self.files
                    .get(&u)
                    .filter(|e| e.version.is_some())
                    .map(|e| e.text.clone())
            });
            let text = open.or_else(|| {
                let size = std::fs::metadata(path).ok()?.len();
                if size > MAX_INPUT_BYTES {
                    return None;
                }
                std::fs::read(path)
                    .ok()
                    .map(|b| String::from_utf8_lossy(&b).into_owned())
            });
            let Some(text) = text else {
                continue;
            };
            let input = match self.inputs.get(path) {
                Some(old) if old.text == text => old.clone(),
                _ => {
                    let input = read_input(text);
                    for (i, doc) in input.documents.iter().enumerate() {
                        self.host
                            .set_document(&document_key(path, i), Arc::clone(doc));
                    }
                    input
                }
            };
            inputs.insert(path.clone(), input);
        }
        let keys: HashSet<String> = inputs
            .iter()
            .flat_map(|(p, i)| (0..i.documents.len()).map(|n| document_key(p, n)))
            .collect();
        self.host.retain_documents(|k| keys.contains(k));
        self.inputs = Arc::new(inputs);
        if !wanted.is_empty() {
            let options = palisade::EvalOptions {
                params: self.settings.config.params.clone(),
                ..Default::default()
            };
            self.host.set_options(options);
        }
    }

    /// The input files of evaluations, as last read.
    pub fn inputs(&self) -> Arc<BTreeMap<PathBuf, Input>> {
        Arc::clone(&self.inputs)
    }

    /// A snapshot of the host as of the last `sync`.
    pub fn snapshot(&self) -> Built {
        Built {
            snapshot: Snapshot::of(&self.host),
            ids: Arc::clone(&self.ids),
            uris: Arc::clone(&self.uris),
            workspace: Arc::clone(&self.members),
            library_packages: Arc::new(
                self.library
                    .iter()
                    .filter_map(|(_, _, h)| h.package.clone())
                    .collect(),
            ),
        }
    }

    /// Writes the library files under `dir` (read-only) and remembers their URIs. Files that
    /// cannot be written are still known, under their would-be URI, for checking.
    pub fn set_library(&mut self, dir: &Path, files: &[(&str, &str)]) {
        // Generated schema sources go beside the library.
        self.schema_cache = dir.parent().map(|p| p.join("schemas"));
        for (path, text) in files {
            let target = dir.join(path);
            crate::settings::write_read_only(&target, text);
            if let Some(uri) = Uri::from_file_path(&target) {
                let header = Header::of(&palisade::syntax::parse(FileId(0), text).file);
                self.library.push((uri, (*text).to_owned(), header));
            }
        }
    }
}

/// Whether a URI names a policy file (others, such as input documents open for evaluation,
/// are not part of the set).
pub fn is_policy(uri: &Uri) -> bool {
    uri.path().as_str().ends_with(".pal")
}

/// The session's id of a URI, given on first sight.
fn id_of(ids: &mut Arc<HashMap<Uri, FileId>>, uris: &mut Arc<Vec<Uri>>, uri: &Uri) -> FileId {
    if let Some(id) = ids.get(uri) {
        return *id;
    }
    let id = FileId(u32::try_from(uris.len()).unwrap_or(u32::MAX));
    Arc::make_mut(ids).insert(uri.clone(), id);
    Arc::make_mut(uris).push(uri.clone());
    id
}

/// Collects the `.pal` files under `dir`; a folder reached twice (through a symbolic link) is
/// walked once.
fn walk(dir: &Path, found: &mut Vec<PathBuf>, visited: &mut HashSet<PathBuf>) {
    if found.len() >= MAX_WORKSPACE_FILES {
        return;
    }
    let Ok(real) = std::fs::canonicalize(dir) else {
        return;
    };
    if !visited.insert(real) {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if path.is_dir() {
            if !name.starts_with('.') && name != "target" && name != "node_modules" {
                walk(&path, found, visited);
            }
        } else if path.extension().is_some_and(|e| e == "pal") {
            found.push(path);
        }
    }
}
