//! A long-lived owner of the database for editors: files by stable id, the policy set they
//! form, and read-only snapshots for queries. Setting a text cancels the queries still running
//! on older snapshots (they unwind with a cancellation, which [`is_cancellation`] recognises)
//! and waits until those snapshots are dropped, so a host must not keep one across an edit.

use super::{Database, DocumentInput, PolicyFile, PolicySetInput, Settings};
use crate::check::Header;
use crate::eval::input::Document;
use crate::eval::policy::EvalOptions;
use crate::span::FileId;
use salsa::Setter;
use std::collections::HashMap;
use std::sync::Arc;

/// The database, the files it knows and the set they form, and the documents evaluated
/// against it (by a key of the host's choosing) with the evaluation settings.
///
/// ```
/// use palisade::db::Host;
/// use palisade::ide::Snapshot;
/// use palisade::{FileId, InputFormat, InputLimits, read_documents};
/// use std::sync::Arc;
///
/// let policy = |forbidden: &str| {
///     format!(
///         r#"package acme
///
/// type Pod = {{ kind: "Pod", metadata: {{ name: string, .. }}, .. }}
///
/// rule named(pod: Pod) {{
///   meta {{ id: "ACME-NAME" title: "Pods are not called {forbidden}" severity: "low" }}
///   if pod.metadata.name == "{forbidden}" {{
///     violation "the pod is called `{forbidden}`" at pod.metadata.name
///   }}
/// }}
/// "#
///     )
/// };
/// let mut host = Host::default();
/// host.set_text(FileId(0), &policy("default"));
/// host.set_members(&[FileId(0)]);
/// let yaml = b"kind: Pod\nmetadata:\n  name: default\n";
/// let (documents, _) = read_documents(yaml, InputFormat::Yaml, &InputLimits::default());
/// let pod = documents.into_iter().next().expect("one document");
/// host.set_document("pod.yaml", Arc::new(pod));
///
/// let snapshot = Snapshot::of(&host);
/// assert!(snapshot.diagnostics().is_empty());
/// let decision = snapshot.decision("pod.yaml").expect("the document is set");
/// assert!(!decision.is_allowed());
/// drop(snapshot); // before the host is edited again
///
/// // An unchanged text changes nothing: the next snapshot re-runs no query.
/// host.take_executed();
/// host.set_text(FileId(0), &policy("default"));
/// let snapshot = Snapshot::of(&host);
/// assert!(!snapshot.decision("pod.yaml").expect("set").is_allowed());
/// assert!(host.take_executed().is_empty());
/// drop(snapshot);
///
/// // An edit re-runs what depends on it.
/// host.set_text(FileId(0), &policy("scratch"));
/// let snapshot = Snapshot::of(&host);
/// assert!(snapshot.decision("pod.yaml").expect("set").is_allowed());
/// assert!(!host.take_executed().is_empty());
/// ```
pub struct Host {
    db: Database,
    set: PolicySetInput,
    files: HashMap<FileId, PolicyFile>,
    members: Vec<FileId>,
    documents: HashMap<String, DocumentInput>,
    settings: Settings,
}

impl Default for Host {
    fn default() -> Host {
        let db = Database::default();
        let set = PolicySetInput::new(&db, Vec::new());
        let settings = Settings::new(&db, Arc::new(EvalOptions::default()));
        Host {
            db,
            set,
            files: HashMap::new(),
            members: Vec::new(),
            documents: HashMap::new(),
            settings,
        }
    }
}

/// What a snapshot reads of its host.
pub(crate) struct Parts {
    pub db: Database,
    pub set: PolicySetInput,
    pub members: Vec<(FileId, PolicyFile)>,
    pub documents: HashMap<String, DocumentInput>,
    pub settings: Settings,
}

impl Host {
    /// Sets the text of a file, adding it when it is new. An unchanged text changes nothing.
    pub fn set_text(&mut self, file: FileId, text: &str) {
        match self.files.get(&file) {
            Some(input) => {
                if input.text(&self.db) != text {
                    input.set_text(&mut self.db).to(text.to_owned());
                }
            }
            None => {
                let input = PolicyFile::new(&self.db, file, text.to_owned());
                self.files.insert(file, input);
            }
        }
    }

    /// Forgets a file (and takes it out of the set).
    pub fn remove(&mut self, file: FileId) {
        self.files.remove(&file);
        if self.members.contains(&file) {
            let members: Vec<FileId> = self
                .members
                .iter()
                .copied()
                .filter(|f| *f != file)
                .collect();
            self.set_members(&members);
        }
    }

    /// Which known files form the policy set, in order (unknown ids are left out).
    pub fn set_members(&mut self, members: &[FileId]) {
        let members: Vec<FileId> = members
            .iter()
            .copied()
            .filter(|f| self.files.contains_key(f))
            .collect();
        if members == self.members {
            return;
        }
        let inputs: Vec<PolicyFile> = members
            .iter()
            .filter_map(|f| self.files.get(f))
            .copied()
            .collect();
        self.set.set_files(&mut self.db).to(inputs);
        self.members = members;
    }

    /// Sets the document evaluated under `key`, adding it when it is new.
    pub fn set_document(&mut self, key: &str, document: Arc<Document>) {
        match self.documents.get(key) {
            Some(input) => {
                input.set_document(&mut self.db).to(document);
            }
            None => {
                let input = DocumentInput::new(&self.db, document);
                self.documents.insert(key.to_owned(), input);
            }
        }
    }

    /// Forgets the documents whose keys `keep` refuses.
    pub fn retain_documents(&mut self, keep: impl Fn(&str) -> bool) {
        self.documents.retain(|k, _| keep(k));
    }

    /// The keys of the documents set.
    pub fn document_keys(&self) -> impl Iterator<Item = &str> {
        self.documents.keys().map(String::as_str)
    }

    /// Sets how documents are evaluated (parameters, data, limits); equal options change
    /// nothing.
    pub fn set_options(&mut self, options: EvalOptions) {
        if **self.settings.options(&self.db) != options {
            self.settings
                .set_options(&mut self.db)
                .to(Arc::new(options));
        }
    }

    /// The package and imports of a known file (memoised: only an edited file is parsed again).
    pub fn header(&self, file: FileId) -> Option<Header> {
        let input = self.files.get(&file)?;
        Some(super::editor::header(&self.db, *input).clone())
    }

    /// The queries executed since the last call (see [`Database::take_executed`]).
    pub fn take_executed(&self) -> Vec<String> {
        self.db.take_executed()
    }

    /// What a snapshot reads.
    pub(crate) fn parts(&self) -> Parts {
        let members = self
            .members
            .iter()
            .filter_map(|f| Some((*f, *self.files.get(f)?)))
            .collect();
        Parts {
            db: self.db.clone(),
            set: self.set,
            members,
            documents: self.documents.clone(),
            settings: self.settings,
        }
    }
}

/// Whether a panic's payload is a query's cancellation (an edit made its snapshot stale), not
/// a failure.
pub fn is_cancellation(payload: &(dyn std::any::Any + Send)) -> bool {
    payload.downcast_ref::<salsa::Cancelled>().is_some()
}
