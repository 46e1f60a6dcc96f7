//! Hot reload. On SIGHUP, and when a watched file changes, the policies (and the `[admission]`
//! settings of `palisade.toml`) are loaded and compiled again; the new set replaces the old one
//! atomically, and only if it compiles, its options fit and its settings are valid: otherwise
//! the old set keeps serving and the diagnostics are logged. A change to
//! the certificate or key is read into the TLS resolver the same way (the old pair stays on an
//! error). Changes arriving close together are handled once.
//!
//! Directories are watched, not files: editors replace a file by renaming a new one over it,
//! and Kubernetes updates a mounted Secret or ConfigMap by swapping a symlink.

use super::{Loaded, Shared};
use notify::{EventKind, RecursiveMode, Watcher};
use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;

/// How long changes are gathered after the first before reloading.
const SETTLE: Duration = Duration::from_millis(300);

/// What to reload.
#[derive(Clone, Copy, Debug, Default)]
struct Due {
    policies: bool,
    tls: bool,
}

/// The folders to watch: those of the policies (recursively), of `palisade.toml`, and of the
/// certificate and key.
pub struct Watched {
    pub policies: Vec<PathBuf>,
    pub config: PathBuf,
    pub tls: Vec<PathBuf>,
}

/// What a change reloads.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Policies,
    Tls,
}

/// A watched folder and the changes in it that count.
struct Point {
    folder: PathBuf,
    recursive: bool,
    /// The names that count in the folder; `None`: every `.pal` file below it.
    names: Option<Vec<OsString>>,
    kind: Kind,
}

impl Point {
    /// A file (its folder, only its name) or a folder of policies (recursively, `.pal` files).
    fn of(path: &Path, kind: Kind) -> Point {
        let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        if path.is_dir() {
            return Point {
                folder: path,
                recursive: true,
                names: None,
                kind,
            };
        }
        Point {
            folder: path.parent().map_or(path.clone(), Path::to_path_buf),
            recursive: false,
            names: Some(
                path.file_name()
                    .map(OsStr::to_os_string)
                    .into_iter()
                    .collect(),
            ),
            kind,
        }
    }

    /// Whether a change to `path` counts. Kubernetes swaps a mounted volume through the
    /// `..data` symlink and `..<timestamp>` folders: changes to those count everywhere.
    fn counts(&self, path: &Path) -> bool {
        let Ok(inside) = path.strip_prefix(&self.folder) else {
            return false;
        };
        let mut parts = inside.components().map(|c| c.as_os_str());
        let Some(first) = parts.next() else {
            return false;
        };
        if first.to_string_lossy().starts_with("..") {
            return true;
        }
        match &self.names {
            Some(names) => parts.next().is_none() && names.iter().any(|n| n == first),
            None => self.recursive && path.extension() == Some(OsStr::new("pal")),
        }
    }
}

/// Sets up reloading on SIGHUP and on changes to the watched folders, for as long as the
/// process runs. A failure to watch is logged (SIGHUP still reloads); a failure to listen for
/// SIGHUP is an error (the default action of SIGHUP would end the process).
pub async fn start(shared: Arc<Shared>, watched: Watched) -> Result<(), String> {
    let mut hangups = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())
        .map_err(|e| format!("cannot listen for SIGHUP: {e}"))?;
    let (tx, mut rx) = mpsc::unbounded_channel::<Due>();
    let mut points: Vec<Point> = watched
        .policies
        .iter()
        .map(|p| Point::of(p, Kind::Policies))
        .collect();
    points.push(Point::of(&watched.config, Kind::Policies));
    points.extend(watched.tls.iter().map(|p| Point::of(p, Kind::Tls)));
    // One watch per folder, recursive if any point in it is.
    let mut folders: BTreeMap<PathBuf, bool> = BTreeMap::new();
    for point in &points {
        *folders.entry(point.folder.clone()).or_default() |= point.recursive;
    }
    let events = tx.clone();
    let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        if matches!(event.kind, EventKind::Access(_)) {
            return;
        }
        let mut due = Due::default();
        for path in &event.paths {
            for point in points.iter().filter(|p| p.counts(path)) {
                match point.kind {
                    Kind::Policies => due.policies = true,
                    Kind::Tls => due.tls = true,
                }
            }
        }
        if due.policies || due.tls {
            let _ = events.send(due);
        }
    });
    let watcher = match watcher {
        Ok(mut watcher) => {
            for (folder, recursive) in folders {
                let mode = if recursive {
                    RecursiveMode::Recursive
                } else {
                    RecursiveMode::NonRecursive
                };
                if folder.is_dir()
                    && let Err(e) = watcher.watch(&folder, mode)
                {
                    tracing::warn!(message = "cannot watch a folder", folder = %folder.display(), error = %e);
                }
            }
            Some(watcher)
        }
        Err(e) => {
            tracing::warn!(message = "cannot watch files; SIGHUP still reloads", error = %e);
            None
        }
    };
    let hangup = tx;
    tokio::spawn(async move {
        while hangups.recv().await.is_some() {
            tracing::info!(message = "SIGHUP: reloading");
            let _ = hangup.send(Due {
                policies: true,
                tls: true,
            });
        }
    });
    tokio::spawn(async move {
        // Kept alive for as long as the reloads run.
        let _watcher = watcher;
        while let Some(mut due) = rx.recv().await {
            // Changes within SETTLE of the first (an editor's save, a symlink swap) are
            // taken together.
            tokio::time::sleep(SETTLE).await;
            while let Ok(more) = rx.try_recv() {
                due.policies |= more.policies;
                due.tls |= more.tls;
            }
            if due.tls {
                reload_tls(&shared);
            }
            if due.policies {
                reload_policies(&shared).await;
            }
        }
    });
    Ok(())
}

fn reload_tls(shared: &Shared) {
    let certs = &shared.certificates;
    match certs.reload() {
        Ok(()) => {
            shared.metrics.reloaded("tls", true);
            tracing::info!(message = "certificate reloaded", cert = %certs.cert.display());
        }
        Err(e) => {
            shared.metrics.reloaded("tls", false);
            tracing::error!(message = "certificate reload failed; the old one stays", error = %e);
        }
    }
}

/// Loads the policies again and swaps them in if they compile.
pub async fn reload_policies(shared: &Arc<Shared>) {
    let building = Arc::clone(shared);
    let built = tokio::task::spawn_blocking(move || {
        super::build_engine(&building.setup, &building.admission)
    })
    .await;
    match built {
        Ok(Ok((engine, admission))) => {
            let generation = shared.policies.load().generation + 1;
            let rules = engine.policy_set().rules().len();
            shared.policies.store(Arc::new(Loaded {
                engine,
                admission,
                generation,
            }));
            shared.metrics.reloaded("policies", true);
            shared.metrics.set_generation(generation);
            tracing::info!(message = "policies reloaded", generation, rules);
        }
        Ok(Err(refusal)) => {
            shared.metrics.reloaded("policies", false);
            tracing::error!(
                message = "policy reload failed; the previous set keeps serving",
                error = %refusal.message,
                diagnostics = %super::plain(&refusal.diagnostics),
                generation = shared.policies.load().generation
            );
        }
        Err(e) => {
            shared.metrics.reloaded("policies", false);
            tracing::error!(message = "policy reload failed", error = %e);
        }
    }
}
