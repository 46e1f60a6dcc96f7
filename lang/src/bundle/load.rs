//! A policy set from a verified bundle: the bundle is opened with the trusted keys first, and
//! only a bundle that passes every check has its policies decoded and compiled.

use super::{Bundle, BundleError, BundleLimits, TrustedKeys, verify};
use crate::diagnostics::Code;
use crate::eval::policy::PolicySet;
use crate::{Config, Diagnostic, FileId, SchemaInput};

/// Why a policy set could not be made from a bundle.
#[derive(Clone, Debug)]
pub enum BundleLoadError {
    /// The bundle is refused: nothing in it was parsed.
    Bundle(BundleError),
    /// Its `palisade.toml` or a schema it names cannot be read.
    Config(String),
    /// The verified policies do not compile: the diagnostics, and the files they point into
    /// (`FileId(i)` is `files[i]`, as `(path, text)`).
    Compile {
        /// The files, policies then generated schema packages.
        files: Vec<(String, String)>,
        /// The diagnostics.
        diagnostics: Vec<Diagnostic>,
    },
}

impl BundleLoadError {
    /// The bundle refusal's code, when the bundle itself was refused.
    pub fn code(&self) -> Option<Code> {
        match self {
            BundleLoadError::Bundle(e) => Some(e.code),
            _ => None,
        }
    }
}

impl std::fmt::Display for BundleLoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BundleLoadError::Bundle(e) => write!(f, "the bundle is refused: {e}"),
            BundleLoadError::Config(e) => write!(f, "the bundle's settings: {e}"),
            BundleLoadError::Compile { diagnostics, .. } => write!(
                f,
                "the bundle's policies do not compile ({} diagnostics)",
                diagnostics.len()
            ),
        }
    }
}

impl std::error::Error for BundleLoadError {}

impl Bundle {
    /// The bundle's `palisade.toml`, if it has one.
    pub fn config(&self) -> Result<Option<Config>, String> {
        let Some(bytes) = self.file("palisade.toml") else {
            return Ok(None);
        };
        let text = std::str::from_utf8(bytes).map_err(|_| "`palisade.toml` is not UTF-8")?;
        Config::parse(text)
            .map(Some)
            .map_err(|e| format!("`palisade.toml`: {e}"))
    }

    /// The policy files (`.pal`), as `(path, bytes)`, in path order.
    pub fn policies(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files()
            .iter()
            .filter(|f| f.path.ends_with(".pal"))
            .map(|f| (f.path.as_str(), f.bytes.as_slice()))
    }

    /// The schemas its `palisade.toml` names, as `(type name, text)`; each file must be in the
    /// bundle.
    pub fn schemas(&self, config: &Config) -> Result<Vec<(String, String)>, String> {
        config
            .schemas
            .iter()
            .map(|(name, path)| {
                let path = path.trim_start_matches("./");
                let bytes = self.file(path).ok_or_else(|| {
                    format!("`palisade.toml` names the schema `{path}`, which is not in the bundle")
                })?;
                let text = String::from_utf8(bytes.to_vec())
                    .map_err(|_| format!("the schema `{path}` is not UTF-8"))?;
                Ok((name.clone(), text))
            })
            .collect()
    }
}

impl PolicySet {
    /// Verifies a bundle with the trusted keys (default limits) and compiles its policies, with
    /// the schemas its `palisade.toml` names. A bundle refused for any reason (unsigned,
    /// tampered, signed by an unknown key, ...) is refused before any policy in it is parsed.
    /// The standard library is not added, and the other settings of its `palisade.toml`
    /// (parameters, exclusions, limits) are the host's to apply ([`Bundle::config`]): a host
    /// that wants both builds from the verified [`Bundle`], as `palisade_engine` does.
    pub fn from_verified_bundle(
        bytes: &[u8],
        trusted: &TrustedKeys,
    ) -> Result<PolicySet, BundleLoadError> {
        let bundle =
            verify(bytes, trusted, &BundleLimits::default()).map_err(BundleLoadError::Bundle)?;
        let config = bundle
            .config()
            .map_err(BundleLoadError::Config)?
            .unwrap_or_default();
        let mut files: Vec<(String, String)> = Vec::new();
        let mut problems = Vec::new();
        for (i, (path, bytes)) in bundle.policies().enumerate() {
            let id = FileId(u32::try_from(i).unwrap_or(u32::MAX));
            let (text, diagnostics) = crate::decode_source(id, bytes);
            problems.extend(diagnostics);
            files.push((path.to_owned(), text));
        }
        let schemas = bundle.schemas(&config).map_err(BundleLoadError::Config)?;
        let inputs: Vec<SchemaInput<'_>> = schemas
            .iter()
            .map(|(name, text)| SchemaInput { name, text })
            .collect();
        let generated = crate::schemas_to_sources(&inputs)
            .map_err(|e| BundleLoadError::Config(e.to_string()))?;
        for source in generated {
            files.push((format!("<schema package {}>", source.package), source.text));
        }
        if !problems.is_empty() {
            return Err(BundleLoadError::Compile {
                files,
                diagnostics: problems,
            });
        }
        let sources: Vec<(FileId, &str)> = files
            .iter()
            .enumerate()
            .map(|(i, (_, text))| (FileId(u32::try_from(i).unwrap_or(u32::MAX)), text.as_str()))
            .collect();
        PolicySet::compile(&sources).map_err(|failure| BundleLoadError::Compile {
            diagnostics: failure.diagnostics,
            files: files.clone(),
        })
    }
}
