//! `palisade test --watch`: the tests run once, then again after each change the file system
//! reports (through `notify`, debounced), only when a policy or fixture file really changed
//! (its modification time, length or contents), and then only the tests that change affects.

use super::{Args, load, once};
use crate::files::{self, LoadedFile};
use notify::{EventKind, RecursiveMode, Watcher};
use palisade::db::{Database, PolicyFile, PolicySetInput, closure, diagnostics};
use palisade::{FileId, PolicySet};
use salsa::Setter;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};

/// The modification time, length and a hash of the contents of a file, to notice a change
/// (the hash catches an edit of the same length within the file system's time resolution).
type Stamp = Option<(SystemTime, u64, u64)>;

fn stamp(path: &Path) -> Stamp {
    use std::hash::{Hash, Hasher};
    let m = std::fs::metadata(path).ok()?;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    std::fs::read(path).ok()?.hash(&mut hasher);
    Some((m.modified().ok()?, m.len(), hasher.finish()))
}

/// The stamps of the policy files under the paths.
fn stamps(paths: &[PathBuf]) -> Vec<(PathBuf, Stamp)> {
    files::collect(paths)
        .map(|found| {
            found
                .into_iter()
                .map(|p| {
                    let t = stamp(&p);
                    (p, t)
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The stamps of the JSON and YAML files under the paths: the fixtures tests load.
fn fixture_stamps(paths: &[PathBuf]) -> Vec<(PathBuf, Stamp)> {
    files::collect_documents(paths)
        .unwrap_or_default()
        .into_iter()
        .map(|p| {
            let t = stamp(&p);
            (p, t)
        })
        .collect()
}

/// Runs the tests, then again after every change: all of them when files are added or
/// removed or a fixture changed, otherwise those of the changed files and of the files that
/// import them. The database re-checks only what a change affects.
pub(super) fn watch(args: &Args, filter: Option<&regex::Regex>) -> ExitCode {
    let changes = Changes::new(&args.paths);
    let mut db = Database::default();
    let mut inputs: HashMap<PathBuf, PolicyFile> = HashMap::new();
    let mut set_input: Option<PolicySetInput> = None;
    let mut last = Vec::new();
    let mut last_fixtures = Vec::new();
    loop {
        let now = stamps(&args.paths);
        let fixtures_now = fixture_stamps(&args.paths);
        if now != last || fixtures_now != last_fixtures {
            let fixtures_changed = fixtures_now != last_fixtures;
            last_fixtures = fixtures_now;
            let changed: BTreeSet<PathBuf> = now
                .iter()
                .filter(|entry| !last.contains(entry))
                .map(|(p, _)| p.clone())
                .collect();
            let same_files =
                now.len() == last.len() && now.iter().zip(&last).all(|(a, b)| a.0 == b.0);
            last = now;
            let loaded = match load(&args.paths) {
                Ok(l) => l,
                Err(message) => {
                    eprintln!("error: {message}");
                    changes.wait();
                    continue;
                }
            };
            // Keep the database's inputs in step with the files. When files come or go, ids are
            // given afresh, so the database starts over.
            if !same_files {
                db = Database::default();
                inputs.clear();
                set_input = None;
            }
            let mut files = Vec::new();
            for (f, path) in &loaded {
                let input = match inputs.get(path) {
                    Some(input) => {
                        if input.text(&db) != &f.text {
                            input.set_text(&mut db).to(f.text.clone());
                        }
                        *input
                    }
                    None => {
                        let input = PolicyFile::new(&db, f.id, f.text.clone());
                        inputs.insert(path.clone(), input);
                        input
                    }
                };
                files.push(input);
            }
            let set = match set_input {
                Some(s) if same_files => s,
                _ => {
                    let s = PolicySetInput::new(&db, files.clone());
                    set_input = Some(s);
                    s
                }
            };
            let has_errors = diagnostics(&db, set).iter().any(|d| d.is_error());
            let only = if has_errors || !same_files || fixtures_changed {
                None
            } else {
                Some(affected(&db, set, &files, &loaded, &changed))
            };
            crate::report::emit(&format!(
                "--- running tests ({}) ---\n",
                if only.is_some() { "affected" } else { "all" }
            ));
            let _ = once(args, filter, &loaded, only.as_ref(), None);
            let _ = db.take_executed();
        }
        changes.wait();
    }
}

/// How long a burst of changes must be quiet before the tests run: an editor's save is a
/// write, a rename and a change of attributes, a `git checkout` many files.
const SETTLE: Duration = Duration::from_millis(200);
/// The longest a burst of changes delays a run.
const SETTLE_AT_MOST: Duration = Duration::from_secs(2);
/// How often the files are looked at when they cannot be watched.
const POLL: Duration = Duration::from_millis(500);

/// The file system's notices of changes under the watched paths. Directories are watched (a
/// policy file's own folder for a file named alone), since editors replace a file by
/// renaming a new one over it. Where the system cannot watch (no inotify instances left), the
/// files are looked at every half second instead, with a warning.
struct Changes {
    notices: Option<(mpsc::Receiver<()>, notify::RecommendedWatcher)>,
}

impl Changes {
    fn new(paths: &[PathBuf]) -> Changes {
        let (tx, rx) = mpsc::channel();
        let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            if event.is_ok_and(|e| !matches!(e.kind, EventKind::Access(_))) {
                let _ = tx.send(());
            }
        });
        let watched = watcher.map_err(|e| e.to_string()).and_then(|mut watcher| {
            for path in paths {
                let (folder, mode) = if path.is_dir() {
                    (path.as_path(), RecursiveMode::Recursive)
                } else {
                    let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
                    (
                        parent.unwrap_or(Path::new(".")),
                        RecursiveMode::NonRecursive,
                    )
                };
                watcher
                    .watch(folder, mode)
                    .map_err(|e| format!("{}: {e}", folder.display()))?;
            }
            Ok(watcher)
        });
        match watched {
            Ok(watcher) => Changes {
                notices: Some((rx, watcher)),
            },
            Err(e) => {
                eprintln!(
                    "warning: cannot watch the files ({e}); looking at them every half second"
                );
                Changes { notices: None }
            }
        }
    }

    /// Waits for a change, then until changes have been quiet for [`SETTLE`].
    fn wait(&self) {
        let Some((notices, _)) = &self.notices else {
            std::thread::sleep(POLL);
            return;
        };
        if notices.recv().is_err() {
            std::thread::sleep(POLL);
            return;
        }
        let start = Instant::now();
        while start.elapsed() < SETTLE_AT_MOST {
            match notices.recv_timeout(SETTLE) {
                Ok(()) => {}
                Err(mpsc::RecvTimeoutError::Timeout) => return,
                Err(mpsc::RecvTimeoutError::Disconnected) => return,
            }
        }
    }
}

/// The ids of tests whose file, or a file it imports, is among the changed paths.
fn affected(
    db: &Database,
    set: PolicySetInput,
    files: &[PolicyFile],
    loaded: &[(LoadedFile, PathBuf)],
    changed: &BTreeSet<PathBuf>,
) -> BTreeSet<usize> {
    let changed_ids: BTreeSet<FileId> = loaded
        .iter()
        .filter(|(_, p)| changed.contains(p))
        .map(|(f, _)| f.id)
        .collect();
    let dirty_files: BTreeSet<FileId> = files
        .iter()
        .filter(|f| {
            closure(db, set, **f)
                .iter()
                .any(|dep| changed_ids.contains(&dep.id(db)))
        })
        .map(|f| f.id(db))
        .collect();
    let sources: Vec<(FileId, &str)> = loaded
        .iter()
        .map(|(f, _)| (f.id, f.text.as_str()))
        .collect();
    PolicySet::compile(&sources)
        .map(|s| {
            s.tests()
                .into_iter()
                .filter(|t| dirty_files.contains(&t.file))
                .map(|t| t.index)
                .collect()
        })
        .unwrap_or_default()
}
