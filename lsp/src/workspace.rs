//! The files the server knows: every `.pal` file under the workspace folders (read from disk),
//! the documents the editor has open (their text overrides the disk), and the library files
//! (the embedded standard library, written once to a read-only cache folder so that "go to
//! definition" can open them). A `Built` is one checked snapshot of all of them, with the
//! mapping between protocol URIs and library file ids.

use palisade::FileId;
use palisade::ide::Snapshot;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
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
}

/// Every file of the workspace, by URI.
#[derive(Default)]
pub struct Workspace {
    pub files: BTreeMap<Uri, Entry>,
    /// Library files: URI (in the cache folder) and text.
    pub library: Vec<(Uri, String)>,
}

/// A checked snapshot and the URI of each of its file ids.
pub struct Built {
    pub snapshot: Snapshot,
    pub uris: Vec<Uri>,
    /// How many of the ids (from 0) are workspace files; the rest are library files.
    pub workspace_files: usize,
}

impl Built {
    pub fn file_id(&self, uri: &Uri) -> Option<FileId> {
        self.uris
            .iter()
            .position(|u| u == uri)
            .and_then(|i| u32::try_from(i).ok())
            .map(FileId)
    }

    pub fn uri(&self, file: FileId) -> Option<&Uri> {
        self.uris.get(file.0 as usize)
    }
}

impl Workspace {
    /// Reads every `.pal` file under `roots` (hidden folders, `target` and `node_modules`
    /// skipped); open documents keep their text.
    pub fn scan(&mut self, roots: &[PathBuf]) {
        let mut found = Vec::new();
        for root in roots {
            walk(root, &mut found);
        }
        found.sort();
        found.dedup();
        for path in found.into_iter().take(MAX_WORKSPACE_FILES) {
            self.reload(&path);
        }
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
                let (text, _) = palisade::decode_source(FileId(0), &bytes);
                self.files.insert(
                    uri,
                    Entry {
                        text,
                        version: None,
                        on_disk: true,
                    },
                );
            }
            _ => {
                self.files.remove(&uri);
            }
        }
    }

    /// Checks every file, with the library files the workspace imports.
    pub fn build(&self) -> Built {
        let mut uris: Vec<Uri> = Vec::new();
        let mut sources: Vec<(FileId, String)> = Vec::new();
        for (uri, entry) in &self.files {
            if self.is_library(uri) {
                continue;
            }
            sources.push((id(uris.len()), entry.text.clone()));
            uris.push(uri.clone());
        }
        let workspace_files = uris.len();
        let texts: Vec<&str> = sources.iter().map(|(_, t)| t.as_str()).collect();
        let library_texts: Vec<&str> = self.library.iter().map(|(_, t)| t.as_str()).collect();
        for i in palisade::check::imported_library(&texts, &library_texts) {
            if let Some((uri, text)) = self.library.get(i) {
                sources.push((id(uris.len()), text.clone()));
                uris.push(uri.clone());
            }
        }
        Built {
            snapshot: Snapshot::new(sources),
            uris,
            workspace_files,
        }
    }

    pub fn is_library(&self, uri: &Uri) -> bool {
        self.library.iter().any(|(u, _)| u == uri)
    }

    /// Writes the library files under `dir` (read-only) and remembers their URIs. Files that
    /// cannot be written are still known, under their would-be URI, for checking.
    pub fn set_library(&mut self, dir: &Path, files: &[(&str, &str)]) {
        for (path, text) in files {
            let target = dir.join(path);
            let unchanged = std::fs::read_to_string(&target).is_ok_and(|t| t == *text);
            if !unchanged {
                if let Some(parent) = target.parent() {
                    let _ = std::fs::create_dir_all(parent);
                }
                // A read-only file of an older library is replaced, not written through.
                let _ = std::fs::remove_file(&target);
                if std::fs::write(&target, text).is_ok()
                    && let Ok(meta) = std::fs::metadata(&target)
                {
                    let mut permissions = meta.permissions();
                    permissions.set_readonly(true);
                    let _ = std::fs::set_permissions(&target, permissions);
                }
            }
            if let Some(uri) = Uri::from_file_path(&target) {
                self.library.push((uri, (*text).to_owned()));
            }
        }
    }
}

fn id(n: usize) -> FileId {
    FileId(u32::try_from(n).unwrap_or(u32::MAX))
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
    if found.len() >= MAX_WORKSPACE_FILES {
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
                walk(&path, found);
            }
        } else if path.extension().is_some_and(|e| e == "pal") {
            found.push(path);
        }
    }
}
