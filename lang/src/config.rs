//! `palisade.toml`: the settings a repository keeps beside its policies — parameters of the
//! policies, rules to exclude, and the severity that fails a scan. Every host reads the same
//! file the same way (`palisade scan`, the language server); the host reads the bytes, this
//! module gives them meaning.
//!
//! ```toml
//! fail_on = "high"
//! exclude = ["PSS-RESTRICTED-RUN-AS-NON-ROOT"]
//! deny_unjudged = true                        # an object no rule applies to is a finding (E0508)
//!
//! [params]
//! "palisade.k8s.pss.level" = "baseline"
//! "palisade.images.allowed_registries" = ["ghcr.io/acme"]
//!
//! [schemas]                                   # JSON Schemas and CRDs as types, by qualified name
//! "acme.crds.Widget" = "schemas/widget-crd.yaml"
//!
//! [admission]                                 # read by admission hosts (`palisade serve`) only
//! exempt_namespaces = ["sandbox"]
//! ```
//!
//! The `[admission]` table belongs to the hosts that answer admission requests: this module
//! keeps it as JSON without reading it, and such a host gives it meaning (in Palisade's own,
//! `palisade_engine::AdmissionSettings::from_config`).

use serde::Deserialize;
use std::collections::BTreeMap;

/// The settings of `palisade.toml`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    /// The lowest severity that fails a scan.
    pub fail_on: Option<String>,
    /// Rule ids not to report.
    pub exclude: Vec<String>,
    /// Parameter values by qualified name, as JSON.
    pub params: BTreeMap<String, serde_json::Value>,
    /// Schemas loaded as types: qualified type name → file (JSON Schema or CRD, JSON or YAML),
    /// relative to the folder of `palisade.toml`.
    pub schemas: BTreeMap<String, String>,
    /// Whether an object to which no rule applies is denied (E0508) instead of allowed.
    pub deny_unjudged: bool,
    /// The `[admission]` table as JSON, for admission hosts; `None` when absent.
    pub admission: Option<serde_json::Value>,
    /// The `[limits]` table: limits of input documents and of evaluation that differ from the
    /// defaults.
    pub limits: ConfigLimits,
}

/// The `[limits]` of a `palisade.toml`: each one set replaces its default in
/// [`InputLimits`](crate::InputLimits) (`max_bytes`, `max_depth`, `max_nodes`,
/// `max_collection_len`, `max_string_bytes`) or in [`Limits`](crate::Limits) (`fuel`);
/// `max_rule_cost` is the budget of static cost bounds (`PolicySet::cost_over_budget`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigLimits {
    /// The most bytes of an input file.
    pub max_bytes: Option<usize>,
    /// The most nesting of arrays and objects in a document.
    pub max_depth: Option<usize>,
    /// The most values of one document.
    pub max_nodes: Option<usize>,
    /// The most elements of an array or members of an object in a document.
    pub max_collection_len: Option<usize>,
    /// The most bytes of a string or key in a document.
    pub max_string_bytes: Option<usize>,
    /// Evaluation steps for one rule run on one document.
    pub fuel: Option<u64>,
    /// The most a rule's static cost bound may be, in evaluation steps, for documents within
    /// the input limits: a policy set with a rule over it is refused (E0509).
    pub max_rule_cost: Option<u64>,
}

impl ConfigLimits {
    /// `defaults` with the limits set here.
    pub fn input(&self, defaults: crate::InputLimits) -> crate::InputLimits {
        crate::InputLimits {
            max_bytes: self.max_bytes.unwrap_or(defaults.max_bytes),
            max_depth: self.max_depth.unwrap_or(defaults.max_depth),
            max_nodes: self.max_nodes.unwrap_or(defaults.max_nodes),
            max_collection_len: self
                .max_collection_len
                .unwrap_or(defaults.max_collection_len),
            max_string_bytes: self.max_string_bytes.unwrap_or(defaults.max_string_bytes),
        }
    }

    /// These limits with those of `over` put over them (the command line over the file).
    pub fn overridden_by(&self, over: &ConfigLimits) -> ConfigLimits {
        ConfigLimits {
            max_bytes: over.max_bytes.or(self.max_bytes),
            max_depth: over.max_depth.or(self.max_depth),
            max_nodes: over.max_nodes.or(self.max_nodes),
            max_collection_len: over.max_collection_len.or(self.max_collection_len),
            max_string_bytes: over.max_string_bytes.or(self.max_string_bytes),
            fuel: over.fuel.or(self.fuel),
            max_rule_cost: over.max_rule_cost.or(self.max_rule_cost),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    fail_on: Option<String>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    params: BTreeMap<String, toml::Value>,
    #[serde(default)]
    schemas: BTreeMap<String, String>,
    #[serde(default)]
    deny_unjudged: bool,
    admission: Option<toml::Table>,
    #[serde(default)]
    limits: ConfigLimits,
}

impl Config {
    /// Reads the text of a `palisade.toml`. Unknown keys are an error; the message says where.
    ///
    /// ```
    /// use palisade::Config;
    ///
    /// let config = Config::parse(
    ///     r#"
    /// fail_on = "high"
    /// exclude = ["ACME-LATEST-TAG"]
    ///
    /// [params]
    /// "acme.images.allowed_registries" = ["ghcr.io/acme"]
    /// "#,
    /// )
    /// .expect("a valid palisade.toml");
    /// assert_eq!(config.fail_on.as_deref(), Some("high"));
    /// assert_eq!(config.exclude, ["ACME-LATEST-TAG"]);
    /// assert_eq!(
    ///     config.params["acme.images.allowed_registries"],
    ///     serde_json::json!(["ghcr.io/acme"])
    /// );
    ///
    /// assert!(Config::parse("fail_one = \"high\"").is_err());
    ///
    /// let limits = Config::parse("[limits]\nmax_nodes = 5000000\n").expect("valid").limits;
    /// assert_eq!(limits.input(palisade::InputLimits::default()).max_nodes, 5_000_000);
    /// assert!(Config::parse("[limits]\nmax_node = 1\n").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Config, String> {
        let raw: Raw = toml::from_str(text).map_err(|e| e.to_string())?;
        Ok(Config {
            fail_on: raw.fail_on,
            exclude: raw.exclude,
            params: raw
                .params
                .iter()
                .map(|(k, v)| (k.clone(), to_json(v)))
                .collect(),
            schemas: raw.schemas,
            deny_unjudged: raw.deny_unjudged,
            admission: raw.admission.map(|t| to_json(&toml::Value::Table(t))),
            limits: raw.limits,
        })
    }
}

/// A TOML value as JSON (dates as their text).
fn to_json(v: &toml::Value) -> serde_json::Value {
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

#[cfg(test)]
mod tests {
    use super::Config;

    #[test]
    fn parameters_become_json_and_unknown_keys_are_refused() {
        let config = Config::parse(
            "fail_on = \"high\"\nexclude = [\"X-1\"]\n[params]\n\"a.b\" = [\"ghcr.io\"]\n\"a.n\" = 3\n[schemas]\n\"a.W\" = \"w.yaml\"\n",
        );
        let config = config.unwrap_or_default();
        assert_eq!(config.fail_on.as_deref(), Some("high"));
        assert_eq!(config.exclude, vec!["X-1".to_owned()]);
        assert_eq!(
            config.params.get("a.b"),
            Some(&serde_json::json!(["ghcr.io"]))
        );
        assert_eq!(config.params.get("a.n"), Some(&serde_json::json!(3)));
        assert_eq!(
            config.schemas.get("a.W").map(String::as_str),
            Some("w.yaml")
        );
        let refused = Config::parse("fail_one = \"high\"\n");
        assert!(refused.is_err_and(|e| e.contains("fail_one")));
        assert_eq!(config.admission, None);
        // The `[admission]` table is kept for admission hosts, unread.
        let hosted = Config::parse("[admission]\nexempt_namespaces = [\"sandbox\"]\n");
        assert_eq!(
            hosted.unwrap_or_default().admission,
            Some(serde_json::json!({ "exempt_namespaces": ["sandbox"] }))
        );
    }
}
