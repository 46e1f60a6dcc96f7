//! Building an engine in one call: the standard library (or only what the policies import, or
//! none), the host's own policy files, schemas, and the settings of a `palisade.toml`.

use crate::engine::{Engine, Settings, SettingsError};
use palisade::diagnostics::{RenderOptions, render};
use palisade::{Config, Diagnostic, FileId, PolicySet, SchemaInput};

/// Which part of the standard library a built engine compiles.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Stdlib {
    /// Every check of the library (as `palisade scan` judges).
    #[default]
    All,
    /// Only the packages the host's policies import, with the library's views over their types
    /// (a policy over `palisade.k8s.Pod` judges workloads' pod templates too).
    Imported,
    /// None of it.
    None,
    /// Every check of the library, compiled in parts as documents need them: a Terraform
    /// module, a Dockerfile or a GitHub workflow is judged by the part of the library that can
    /// judge it ([`PARTS`](crate::PARTS), compiled when the first such document comes), any
    /// other document by the whole library (compiled when the first one comes; once it is
    /// there it judges everything). Verdicts, violations and errors are those of
    /// [`Stdlib::All`]: each part holds every rule and view of the library that can reach its
    /// documents. A decision by a part lists only the part's rules, so the rules it reports as
    /// skipped (and their count) are fewer. With policies, schemas, parameters, data, excluded
    /// rules, an entrypoint, a cost budget or `deny_unjudged` (whose message counts the rules
    /// skipped), the same as [`Stdlib::All`].
    AsNeeded,
}

/// Builds an [`Engine`]: `Engine::builder().policy(..).config(&config).build()`.
#[derive(Clone, Debug, Default)]
pub struct EngineBuilder {
    stdlib: Stdlib,
    policies: Vec<(String, String)>,
    schemas: Vec<(String, String)>,
    settings: Settings,
}

/// A source file of a built engine, for rendering its diagnostics.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    /// The id its diagnostics name.
    pub id: FileId,
    /// The name it was given (`<stdlib>/…` for the library, `<schema package …>` for schemas).
    pub name: String,
    /// Its text.
    pub text: String,
}

/// Why an engine could not be built.
#[derive(Clone, Debug)]
pub enum BuildError {
    /// The policies do not check: every diagnostic, with the files they point into.
    Compile {
        /// The sources, policies first, then schemas, then the library.
        files: Vec<SourceFile>,
        /// The diagnostics, errors and warnings.
        diagnostics: Vec<Diagnostic>,
    },
    /// A schema cannot be turned into types.
    Schema(String),
    /// The settings do not fit the policy set.
    Settings(SettingsError),
    /// A bundle's `palisade.toml`, schemas or policy files cannot be read.
    Bundle(String),
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::Compile { files, diagnostics } => {
                let source_of = |id: FileId| {
                    files
                        .iter()
                        .find(|s| s.id == id)
                        .map(|s| (s.name.as_str(), s.text.as_str()))
                };
                let text = render(diagnostics, &source_of, RenderOptions { color: false });
                write!(f, "the policies do not compile:\n{text}")
            }
            BuildError::Schema(message) => write!(f, "a schema cannot be loaded: {message}"),
            BuildError::Settings(e) => write!(f, "{e}"),
            BuildError::Bundle(message) => write!(f, "the bundle: {message}"),
        }
    }
}

impl std::error::Error for BuildError {}

impl EngineBuilder {
    /// Which part of the standard library to compile (all of it by default).
    pub fn stdlib(mut self, stdlib: Stdlib) -> EngineBuilder {
        self.stdlib = stdlib;
        self
    }

    /// Adds a policy file of the host's: its name (for diagnostics) and text.
    pub fn policy(mut self, name: impl Into<String>, text: impl Into<String>) -> EngineBuilder {
        self.policies.push((name.into(), text.into()));
        self
    }

    /// Adds a schema (JSON Schema or CRD, JSON or YAML text) as the type `name`
    /// (`acme.crds.Widget`), as `[schemas]` of `palisade.toml` does.
    pub fn schema(mut self, name: impl Into<String>, text: impl Into<String>) -> EngineBuilder {
        self.schemas.push((name.into(), text.into()));
        self
    }

    /// Takes the parameters, the excluded rules, `deny_unjudged` and the `[limits]` of a
    /// `palisade.toml`. Its schemas are files the host reads and adds with
    /// [`EngineBuilder::schema`]; `fail_on` is the host's to apply to findings.
    pub fn config(mut self, config: &Config) -> EngineBuilder {
        if let Some(fuel) = config.limits.fuel {
            self.settings.options.limits.fuel = fuel;
        }
        self.settings.input_limits = config.limits.input(self.settings.input_limits);
        for (name, value) in &config.params {
            self.settings
                .options
                .params
                .insert(name.clone(), value.clone());
        }
        self.settings
            .options
            .exclude
            .extend(config.exclude.iter().cloned());
        self.settings.deny_unjudged |= config.deny_unjudged;
        self
    }

    /// Adds what an opened (verified) bundle holds: its policy files, the schemas and the
    /// settings of its `palisade.toml`. Open it with `palisade::bundle::verify` first:
    ///
    /// ```
    /// use palisade::bundle::{self, Algorithm, BundleFile, BundleLimits, SigningKey, TrustedKeys};
    /// use palisade_engine::Engine;
    ///
    /// let policy = "package acme\n\nimport palisade.k8s\n\nrule host_network(pod: k8s.Pod) {\n  \
    ///     meta { id: \"ACME-HOST-NETWORK\" title: \"Host network\" severity: \"high\" }\n  \
    ///     if pod.spec.hostNetwork ?? false {\n    violation \"host network\" at pod.spec.hostNetwork\n  }\n}\n";
    /// let unsigned = bundle::build("acme", "1.0.0", vec![BundleFile::new("acme.pal", policy)])?;
    /// let key = SigningKey::from_secret_bytes(Algorithm::Ed25519, &[3; 32]).expect("a key");
    /// let signed = bundle::sign(&unsigned, &key, &BundleLimits::default())?;
    ///
    /// let trusted = TrustedKeys::new(vec![key.public_key()]);
    /// let opened = bundle::verify(&signed, &trusted, &BundleLimits::default())?;
    /// let engine = Engine::builder().bundle(&opened)?.build()?;
    /// let report = engine.scan("pod.yaml", b"apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  hostNetwork: true\n  containers: [{name: c, image: x}]\n");
    /// assert!(report.findings.iter().any(|f| f.rule == "ACME-HOST-NETWORK"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn bundle(
        mut self,
        bundle: &palisade::bundle::Bundle,
    ) -> Result<EngineBuilder, BuildError> {
        let config = bundle
            .config()
            .map_err(BuildError::Bundle)?
            .unwrap_or_default();
        for (path, bytes) in bundle.policies() {
            let text = String::from_utf8(bytes.to_vec())
                .map_err(|_| BuildError::Bundle(format!("`{path}` is not UTF-8")))?;
            self = self.policy(path, text);
        }
        for (name, text) in bundle.schemas(&config).map_err(BuildError::Bundle)? {
            self = self.schema(name, text);
        }
        Ok(self.config(&config))
    }

    /// Sets a parameter by qualified name (`palisade.images.allowed_registries`).
    pub fn param(mut self, name: impl Into<String>, value: serde_json::Value) -> EngineBuilder {
        self.settings.options.params.insert(name.into(), value);
        self
    }

    /// Supplies a `data` item by qualified name.
    pub fn data(mut self, name: impl Into<String>, value: serde_json::Value) -> EngineBuilder {
        self.settings.options.data.insert(name.into(), value);
        self
    }

    /// Leaves out a rule by its metadata id.
    pub fn exclude(mut self, id: impl Into<String>) -> EngineBuilder {
        self.settings.options.exclude.push(id.into());
        self
    }

    /// Denies objects to which no rule applied (E0508).
    pub fn deny_unjudged(mut self, deny: bool) -> EngineBuilder {
        self.settings.deny_unjudged = deny;
        self
    }

    /// Replaces the settings wholesale (limits, error mode, entrypoint, …).
    pub fn settings(mut self, settings: Settings) -> EngineBuilder {
        self.settings = settings;
        self
    }

    /// Compiles the policies with the library and binds the settings.
    pub fn build(mut self) -> Result<Engine, BuildError> {
        if self.stdlib == Stdlib::AsNeeded {
            let options = &self.settings.options;
            if self.policies.is_empty()
                && self.schemas.is_empty()
                && options.params.is_empty()
                && options.data.is_empty()
                && options.exclude.is_empty()
                && self.settings.entrypoint.is_none()
                && self.settings.max_rule_cost.is_none()
                && !self.settings.deny_unjudged
                && !options.deny_unjudged
            {
                return Ok(Engine::as_needed(self.settings));
            }
            self.stdlib = Stdlib::All;
        }
        let mut files: Vec<SourceFile> = Vec::new();
        let next_id = |files: &Vec<SourceFile>| FileId(u32::try_from(files.len()).unwrap_or(0));
        for (name, text) in self.policies {
            files.push(SourceFile {
                id: next_id(&files),
                name,
                text,
            });
        }
        let inputs: Vec<SchemaInput<'_>> = self
            .schemas
            .iter()
            .map(|(name, text)| SchemaInput { name, text })
            .collect();
        let generated =
            palisade::schemas_to_sources(&inputs).map_err(|e| BuildError::Schema(e.to_string()))?;
        for source in generated {
            files.push(SourceFile {
                id: next_id(&files),
                name: format!("<schema package {}>", source.package),
                text: source.text,
            });
        }
        let library = match self.stdlib {
            Stdlib::All | Stdlib::AsNeeded => palisade_stdlib::files(),
            Stdlib::Imported => {
                let texts: Vec<&str> = files.iter().map(|f| f.text.as_str()).collect();
                palisade_stdlib::imported_with_views(&texts)
            }
            Stdlib::None => Vec::new(),
        };
        for file in library {
            files.push(SourceFile {
                id: next_id(&files),
                name: format!("{}{}", palisade_stdlib::DISPLAY_PREFIX, file.path),
                text: file.text.to_owned(),
            });
        }
        let sources: Vec<(FileId, &str)> = files.iter().map(|f| (f.id, f.text.as_str())).collect();
        let set = PolicySet::compile(&sources).map_err(|failure| BuildError::Compile {
            diagnostics: failure.diagnostics,
            files: files.clone(),
        })?;
        let engine = Engine::new(set, self.settings).map_err(BuildError::Settings)?;
        match engine.option_problems() {
            [] => Ok(engine),
            problems => Err(BuildError::Settings(SettingsError::Options(
                problems.to_vec(),
            ))),
        }
    }
}

impl Engine {
    /// A builder: the whole standard library by default, plus what is added.
    pub fn builder() -> EngineBuilder {
        EngineBuilder::default()
    }

    /// The standard library alone, with default settings.
    pub fn with_stdlib() -> Result<Engine, BuildError> {
        Engine::builder().build()
    }
}
