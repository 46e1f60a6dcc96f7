//! The Terraform modules of a scan. A `*.tf` file is read with the other `*.tf` files of its
//! directory (its module) as context; when a scan judges several files of one directory, the
//! module's files are read and parsed once, shared by the threads that judge them, and dropped
//! when the last of those files has been judged.

use palisade_engine::{Engine, FileReport, ModuleFiles};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// The directories of a scan's Terraform inputs.
pub(super) struct Modules {
    dirs: HashMap<PathBuf, Dir>,
}

/// One directory: its Terraform files and, while some of its inputs are still to judge, the
/// module parsed.
struct Dir {
    /// The `*.tf` files of the directory, by name.
    files: Vec<PathBuf>,
    /// How many inputs of the directory are still to judge.
    left: AtomicUsize,
    module: Mutex<Option<Arc<Parsed>>>,
}

/// A module parsed, with the position in it of each file of the directory: `None` for a file
/// that is left out (too large or unreadable), which is judged on its own.
struct Parsed {
    files: ModuleFiles,
    positions: Vec<Option<usize>>,
}

impl Modules {
    /// The directories of the Terraform files among `inputs`.
    pub(super) fn of(inputs: &[PathBuf]) -> Modules {
        let mut dirs: HashMap<PathBuf, Dir> = HashMap::new();
        for input in inputs {
            if !palisade_engine::is_terraform(&input.to_string_lossy()) {
                continue;
            }
            let dir = directory(input).to_path_buf();
            dirs.entry(dir.clone())
                .or_insert_with(|| Dir {
                    files: terraform_files(&dir),
                    left: AtomicUsize::new(0),
                    module: Mutex::new(None),
                })
                .left
                .fetch_add(1, Ordering::Relaxed);
        }
        Modules { dirs }
    }

    /// Judges the Terraform file `path`, one of the scan's inputs, with its module: `None` when
    /// it is not part of a module read here (then it is judged as any file is).
    pub(super) fn scan(&self, engine: &Engine, path: &Path) -> Option<FileReport> {
        if !palisade_engine::is_terraform(&path.to_string_lossy()) {
            return None;
        }
        let dir = self.dirs.get(directory(path))?;
        let report = dir.parsed(engine).and_then(|parsed| {
            let at = dir
                .files
                .iter()
                .position(|f| f.file_name() == path.file_name())?;
            let index = (*parsed.positions.get(at)?)?;
            let name = path.display().to_string();
            Some(engine.scan_module_file(&name, &parsed.files, index))
        });
        if dir.left.fetch_sub(1, Ordering::AcqRel) == 1
            && let Ok(mut module) = dir.module.lock()
        {
            *module = None;
        }
        report
    }
}

impl Dir {
    /// The module, read and parsed by the first thread that asks (the others wait for it).
    fn parsed(&self, engine: &Engine) -> Option<Arc<Parsed>> {
        let mut module = self.module.lock().ok()?;
        if module.is_none() {
            let limits = &engine.settings().input_limits;
            let mut bytes = Vec::new();
            let mut positions = Vec::new();
            for file in &self.files {
                let read = std::fs::metadata(file)
                    .is_ok_and(|m| m.len() <= limits.max_bytes as u64)
                    .then(|| std::fs::read(file).ok())
                    .flatten();
                positions.push(read.as_ref().map(|_| bytes.len()));
                bytes.extend(read);
            }
            let slices: Vec<&[u8]> = bytes.iter().map(Vec::as_slice).collect();
            *module = Some(Arc::new(Parsed {
                files: ModuleFiles::parse(&slices, limits),
                positions,
            }));
        }
        module.clone()
    }
}

/// The directory of a file, `.` for a bare file name.
fn directory(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// The `*.tf` files of a directory, by name.
fn terraform_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && palisade_engine::is_terraform(&p.to_string_lossy()))
        .collect();
    names.sort();
    names
}
