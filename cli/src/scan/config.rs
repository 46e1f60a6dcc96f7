//! Reading `palisade.toml` for a scan: the file is optional unless named with `--config`; its
//! meaning is the library's (`palisade::Config`).

use palisade::Config;
use std::path::Path;

/// Reads a configuration file; a missing default file is no configuration.
pub fn load(path: &Path, required: bool) -> Result<Config, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => Config::parse(&text).map_err(|e| format!("`{}`: {e}", path.display())),
        Err(_) if !required => Ok(Config::default()),
        Err(e) => Err(format!("cannot read `{}`: {e}", path.display())),
    }
}
