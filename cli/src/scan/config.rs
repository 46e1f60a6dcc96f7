//! `palisade.toml`: the scan's settings kept in the repository — parameters of the policies,
//! rules to exclude, and the severity that fails the scan. Command-line flags add to it.
//!
//! ```toml
//! fail_on = "high"
//! exclude = ["PSS-RESTRICTED-RUN-AS-NON-ROOT"]
//!
//! [params]
//! "palisade.k8s.pss.level" = "baseline"
//! "palisade.images.allowed_registries" = ["ghcr.io/acme"]
//! ```

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The settings of a scan.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The lowest severity that fails the scan.
    pub fail_on: Option<String>,
    /// Rule ids not to report.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Parameter values by qualified name.
    #[serde(default)]
    pub params: BTreeMap<String, toml::Value>,
}

/// Reads a configuration file; a missing default file is no configuration.
pub fn load(path: &Path, required: bool) -> Result<Config, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => toml::from_str(&text).map_err(|e| format!("`{}`: {e}", path.display())),
        Err(_) if !required => Ok(Config::default()),
        Err(e) => Err(format!("cannot read `{}`: {e}", path.display())),
    }
}

/// A TOML value as JSON.
pub fn to_json(v: &toml::Value) -> serde_json::Value {
    match v {
        toml::Value::String(s) => serde_json::Value::String(s.clone()),
        toml::Value::Integer(i) => serde_json::Value::from(*i),
        toml::Value::Float(f) => serde_json::Number::from_f64(*f)
            .map_or(serde_json::Value::Null, serde_json::Value::Number),
        toml::Value::Boolean(b) => serde_json::Value::Bool(*b),
        toml::Value::Datetime(d) => serde_json::Value::String(d.to_string()),
        toml::Value::Array(items) => serde_json::Value::Array(items.iter().map(to_json).collect()),
        toml::Value::Table(t) => {
            serde_json::Value::Object(t.iter().map(|(k, v)| (k.clone(), to_json(v))).collect())
        }
    }
}
