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
use std::collections::BTreeSet;
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

/// The folder in which a change to `path` shows (the file's own folder for a file).
fn folder_of(path: &Path) -> PathBuf {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    if path.is_dir() {
        path
    } else {
        path.parent().map_or(path.clone(), Path::to_path_buf)
    }
}

/// Reloads on SIGHUP and on changes to the watched folders, until the process ends. A failure
/// to watch is logged: SIGHUP still reloads.
pub async fn run(shared: Arc<Shared>, watched: Watched) {
    let (tx, mut rx) = mpsc::unbounded_channel::<Due>();
    let policy_dirs: Vec<PathBuf> = watched.policies.iter().map(|p| folder_of(p)).collect();
    let config_dir = folder_of(&watched.config);
    let tls_dirs: BTreeSet<PathBuf> = watched.tls.iter().map(|p| folder_of(p)).collect();
    let config_name = watched
        .config
        .file_name()
        .map(std::ffi::OsStr::to_os_string);
    let tls_names: Vec<std::ffi::OsString> = watched
        .tls
        .iter()
        .filter_map(|p| p.file_name().map(std::ffi::OsStr::to_os_string))
        .collect();
    let classify = {
        let policy_dirs = policy_dirs.clone();
        let config_dir = config_dir.clone();
        let tls_dirs = tls_dirs.clone();
        // In the folders of single files, only those files count, and the `..data` symlink
        // and `..<timestamp>` folders through which Kubernetes swaps a mounted volume.
        let named = |path: &Path, names: &[&std::ffi::OsStr]| {
            path.file_name()
                .is_some_and(|n| names.contains(&n) || n.to_string_lossy().starts_with(".."))
        };
        move |path: &Path| {
            let config: Vec<&std::ffi::OsStr> = config_name.iter().map(|n| n.as_os_str()).collect();
            let tls: Vec<&std::ffi::OsStr> = tls_names.iter().map(|n| n.as_os_str()).collect();
            Due {
                policies: policy_dirs.iter().any(|d| path.starts_with(d))
                    || (path.parent() == Some(config_dir.as_path()) && named(path, &config)),
                tls: tls_dirs.iter().any(|d| path.parent() == Some(d.as_path()))
                    && named(path, &tls),
            }
        }
    };
    let events = tx.clone();
    let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        if matches!(event.kind, EventKind::Access(_)) {
            return;
        }
        let mut due = Due::default();
        for path in &event.paths {
            let d = classify(path);
            due.policies |= d.policies;
            due.tls |= d.tls;
        }
        if due.policies || due.tls {
            let _ = events.send(due);
        }
    });
    // Kept alive for as long as this task runs.
    let _watcher = match watcher {
        Ok(mut watcher) => {
            let mut folders: Vec<(PathBuf, RecursiveMode)> = policy_dirs
                .into_iter()
                .map(|d| (d, RecursiveMode::Recursive))
                .collect();
            folders.push((config_dir, RecursiveMode::NonRecursive));
            folders.extend(
                tls_dirs
                    .into_iter()
                    .map(|d| (d, RecursiveMode::NonRecursive)),
            );
            for (folder, mode) in folders {
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
        let Ok(mut signal) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())
        else {
            tracing::warn!(message = "cannot listen for SIGHUP");
            return;
        };
        while signal.recv().await.is_some() {
            tracing::info!(message = "SIGHUP: reloading");
            let _ = hangup.send(Due {
                policies: true,
                tls: true,
            });
        }
    });
    while let Some(mut due) = rx.recv().await {
        // Let a burst of changes settle (an editor's save, a symlink swap) and take it whole.
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
}

fn reload_tls(shared: &Shared) {
    let Some(certs) = &shared.certificates else {
        return;
    };
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
