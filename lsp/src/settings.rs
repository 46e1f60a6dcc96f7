//! The workspace's `palisade.toml` as the server reads it: the parameters evaluations use and
//! the schemas (`[schemas]`: JSON Schemas and CRDs as types) that policies import. Schemas are
//! turned into Palisade source by the library and written read-only beside the library's cache,
//! so that "go to definition" opens them. The file is read again at each sync; work is redone
//! only when it or a schema file changed. What cannot be read is reported on `palisade.toml`.

use palisade::Config;
use std::path::{Path, PathBuf};
use tower_lsp_server::ls_types::Uri;

/// Schema files larger than this are not read.
const MAX_SCHEMA_BYTES: u64 = 16 << 20;

/// `palisade.toml` and what it names, as last read.
#[derive(Default)]
pub struct Settings {
    /// The texts read (configuration, then each schema file), to notice a change.
    key: Vec<String>,
    /// The configuration (defaults when absent or broken).
    pub config: Config,
    /// Generated schema sources: where they are written, and their text.
    pub schemas: Vec<(Uri, String)>,
    /// What went wrong, for a diagnostic on `palisade.toml`.
    pub problems: Vec<String>,
    /// The URI of `palisade.toml`, when there is one.
    pub uri: Option<Uri>,
}

impl Settings {
    /// Reads `root/palisade.toml` and its schemas again; `cache` is where generated schema
    /// sources are written. Returns whether anything changed.
    pub fn reload(&mut self, root: Option<&Path>, cache: Option<&Path>) -> bool {
        let Some(root) = root else {
            return false;
        };
        let path = root.join("palisade.toml");
        let text = std::fs::read_to_string(&path).ok();
        let config = match text.as_deref().map(Config::parse) {
            Some(Ok(c)) => Ok(c),
            Some(Err(e)) => Err(e),
            None => Ok(Config::default()),
        };
        let mut key = vec![text.clone().unwrap_or_default()];
        let mut schema_texts: Vec<(String, Result<String, String>)> = Vec::new();
        if let Ok(c) = &config {
            for (name, file) in &c.schemas {
                let at = root.join(file);
                let read = match std::fs::metadata(&at) {
                    Ok(m) if m.len() > MAX_SCHEMA_BYTES => {
                        Err(format!("`{file}` is larger than {MAX_SCHEMA_BYTES} bytes"))
                    }
                    _ => std::fs::read_to_string(&at)
                        .map_err(|e| format!("cannot read `{file}`: {e}")),
                };
                key.push(read.clone().unwrap_or_default());
                schema_texts.push((name.clone(), read));
            }
        }
        if key == self.key && self.uri.is_some() == text.is_some() {
            return false;
        }
        self.key = key;
        self.uri = text.as_ref().and_then(|_| Uri::from_file_path(&path));
        self.problems.clear();
        self.schemas.clear();
        self.config = match config {
            Ok(c) => c,
            Err(e) => {
                self.problems.push(format!("palisade.toml: {e}"));
                Config::default()
            }
        };
        let mut inputs = Vec::new();
        for (name, read) in &schema_texts {
            match read {
                Ok(text) => inputs.push(palisade::SchemaInput { name, text }),
                Err(e) => self.problems.push(format!("schema `{name}`: {e}")),
            }
        }
        match palisade::schemas_to_sources(&inputs) {
            Ok(generated) => {
                let dir = cache.map(|c| c.join(folder_name(root)));
                for source in generated {
                    let file = dir
                        .as_ref()
                        .map(|d| d.join(format!("{}.pal", source.package)));
                    if let Some(file) = &file {
                        write_read_only(file, &source.text);
                    }
                    let uri = file.as_deref().and_then(Uri::from_file_path).or_else(|| {
                        let virtual_path =
                            PathBuf::from(format!("/palisade-schemas/{}.pal", source.package));
                        Uri::from_file_path(&virtual_path)
                    });
                    if let Some(uri) = uri {
                        self.schemas.push((uri, source.text));
                    }
                }
            }
            Err(e) => self.problems.push(e.to_string()),
        }
        true
    }
}

/// A folder name for a workspace root: its last name and a hash of its path.
fn folder_name(root: &Path) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    root.hash(&mut h);
    let last = root
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!("{last}-{:016x}", h.finish())
}

/// Writes a file and makes it read-only (replacing an older read-only one).
pub fn write_read_only(target: &Path, text: &str) {
    if std::fs::read_to_string(target).is_ok_and(|t| t == text) {
        return;
    }
    if let Some(parent) = target.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    let _ = std::fs::remove_file(target);
    if std::fs::write(target, text).is_ok()
        && let Ok(meta) = std::fs::metadata(target)
    {
        let mut permissions = meta.permissions();
        permissions.set_readonly(true);
        let _ = std::fs::set_permissions(target, permissions);
    }
}
