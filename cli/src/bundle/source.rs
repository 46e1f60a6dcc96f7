//! `--bundle FILE --trusted-key PUB`: a policy set from a signed bundle instead of files on
//! disk, for `check`, `eval`, `test`, `scan` and `serve`. The bundle is verified before any of
//! its files is read as a policy; its files are then shown as `BUNDLE/path` in diagnostics.

use crate::files::LoadedFile;
use palisade::FileId;
use palisade::bundle::{self, Bundle, BundleLimits, PublicKey, Trust, TrustedKeys};
use std::path::{Component, Path, PathBuf};

/// The options that load policies from a bundle.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct BundleArgs {
    /// Take the policies (and their `palisade.toml` and schemas) from this signed bundle
    /// (`palisade bundle build`), verified before anything in it is read.
    #[arg(long, value_name = "FILE")]
    pub bundle: Option<PathBuf>,
    /// A public key (PEM) trusted to sign bundles; repeatable.
    #[arg(long = "trusted-key", value_name = "PUB", requires = "bundle")]
    pub trusted_keys: Vec<PathBuf>,
    /// How many distinct trusted keys must have signed the bundle.
    #[arg(
        long = "require-signatures",
        value_name = "N",
        default_value_t = 1,
        requires = "bundle"
    )]
    pub require: usize,
    /// Load the bundle without checking its signatures (every other check still applies).
    /// Prints a warning on every run.
    #[arg(long, requires = "bundle", conflicts_with_all = ["trusted_keys", "require"])]
    pub insecure_skip_verify: bool,
    /// Accept only a bundle of this name (its manifest's `name`).
    #[arg(long, value_name = "NAME", requires = "trusted_keys")]
    pub bundle_name: Option<String>,
    /// Accept only a bundle of at least this version (SemVer), so that an older signed bundle
    /// cannot be put back.
    #[arg(long, value_name = "VERSION", requires = "trusted_keys")]
    pub min_bundle_version: Option<String>,
}

/// What a verified bundle must also be: its name, and its version at least.
#[derive(Clone, Debug, Default)]
pub struct Identity {
    pub name: Option<String>,
    pub min_version: Option<String>,
}

/// A verified bundle and the name its files are shown under.
pub struct Opened {
    pub bundle: Bundle,
    /// The bundle's path, the root of its files' names.
    pub root: PathBuf,
}

/// Reads a file of at most `max` bytes; a larger one (or an endless one, such as a device) is
/// refused before more than `max + 1` bytes are read.
pub fn read_bounded(path: &Path, max: usize) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let failed = |e: std::io::Error| format!("cannot read `{}`: {e}", path.display());
    let file = std::fs::File::open(path).map_err(failed)?;
    let too_large = || {
        format!(
            "`{}` is refused: {}: it is larger than {max} bytes",
            path.display(),
            palisade::diagnostics::codes::BUNDLE_TOO_LARGE
        )
    };
    if file.metadata().map_err(failed)?.len() > max as u64 {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    file.take(max as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(failed)?;
    if bytes.len() > max {
        return Err(too_large());
    }
    Ok(bytes)
}

/// Reads trusted public keys (each key once, however often it is named), with what a bundle
/// must also be.
pub fn trusted_keys(
    paths: &[PathBuf],
    require: usize,
    identity: &Identity,
) -> Result<TrustedKeys, String> {
    if require == 0 {
        return Err("at least one signature must be required".to_owned());
    }
    let mut keys: Vec<PublicKey> = Vec::new();
    for path in paths {
        let pem = String::from_utf8(read_bounded(path, 1 << 20)?)
            .map_err(|_| format!("`{}` is not a PEM file", path.display()))?;
        let key = PublicKey::from_pem(&pem).map_err(|e| format!("`{}`: {e}", path.display()))?;
        if !keys.iter().any(|k| k.keyid() == key.keyid()) {
            keys.push(key);
        }
    }
    if require > keys.len() {
        return Err(format!(
            "{require} signatures are required, more than the {} distinct trusted key(s) given",
            keys.len()
        ));
    }
    let mut trusted = TrustedKeys::new(keys).require(require);
    if let Some(name) = &identity.name {
        trusted = trusted.name(name);
    }
    if let Some(version) = &identity.min_version {
        let version = semver::Version::parse(version)
            .map_err(|e| format!("`{version}` is not a version (SemVer): {e}"))?;
        trusted = trusted.min_version(version);
    }
    Ok(trusted)
}

impl BundleArgs {
    /// Opens and verifies the bundle, if one is given.
    pub fn open(&self) -> Result<Option<Opened>, String> {
        let Some(path) = &self.bundle else {
            return Ok(None);
        };
        if self.trusted_keys.is_empty() && !self.insecure_skip_verify {
            return Err(format!(
                "`--bundle {}` needs `--trusted-key PUB` to verify it (or `--insecure-skip-verify`)",
                path.display()
            ));
        }
        let limits = BundleLimits::default();
        let bytes = read_bounded(path, limits.max_bytes)?;
        let opened = if self.insecure_skip_verify {
            let warning = format!(
                "the signatures of `{}` are not verified (--insecure-skip-verify): its \
                 policies are trusted as they are",
                path.display()
            );
            // The server logs JSON lines; the other commands print to stderr.
            if tracing::dispatcher::has_been_set() {
                tracing::warn!(message = %warning);
            } else {
                eprintln!("warning: {warning}");
            }
            bundle::open(&bytes, Trust::SkipVerification, &limits)
        } else {
            let identity = Identity {
                name: self.bundle_name.clone(),
                min_version: self.min_bundle_version.clone(),
            };
            let trusted = trusted_keys(&self.trusted_keys, self.require, &identity)?;
            bundle::verify(&bytes, &trusted, &limits)
        };
        let bundle = opened.map_err(|e| format!("`{}` is refused: {e}", path.display()))?;
        Ok(Some(Opened {
            bundle,
            root: path.clone(),
        }))
    }
}

impl Opened {
    /// The path a bundle file is shown under.
    pub fn path_of(&self, file: &str) -> PathBuf {
        self.root.join(file)
    }

    /// The bundle's `palisade.toml`, or the defaults.
    pub fn config(&self) -> Result<palisade::Config, String> {
        self.bundle
            .config()
            .map(Option::unwrap_or_default)
            .map_err(|e| format!("`{}`: {e}", self.root.display()))
    }

    /// The policy files and the schema packages of its `palisade.toml`, as loaded files with
    /// ids from 0, each with the path it is shown under.
    pub fn sources(&self) -> Result<Vec<(LoadedFile, PathBuf)>, String> {
        let mut out = Vec::new();
        for (path, bytes) in self.bundle.policies() {
            let id = FileId(u32::try_from(out.len()).unwrap_or(u32::MAX));
            let (text, problems) = palisade::decode_source(id, bytes);
            let shown = self.path_of(path);
            out.push((
                LoadedFile {
                    id,
                    display: shown.display().to_string(),
                    bytes: bytes.to_vec(),
                    text,
                    refused: problems.into_iter().next(),
                },
                shown,
            ));
        }
        let config = self.config()?;
        let schemas = self
            .bundle
            .schemas(&config)
            .map_err(|e| format!("`{}`: {e}", self.root.display()))?;
        let inputs: Vec<palisade::SchemaInput<'_>> = schemas
            .iter()
            .map(|(name, text)| palisade::SchemaInput { name, text })
            .collect();
        let generated = palisade::schemas_to_sources(&inputs).map_err(|e| e.to_string())?;
        for source in generated {
            let id = FileId(u32::try_from(out.len()).unwrap_or(u32::MAX));
            let display = format!("<schema package {}>", source.package);
            out.push((
                LoadedFile {
                    id,
                    display: display.clone(),
                    bytes: source.text.clone().into_bytes(),
                    text: source.text,
                    refused: None,
                },
                PathBuf::from(display),
            ));
        }
        Ok(out)
    }

    /// The bytes of a file named by a path under the bundle's root (a test's fixture, relative
    /// to its policy's folder: `..` is resolved within the bundle).
    pub fn read(&self, path: &Path) -> Result<Vec<u8>, String> {
        let relative = path.strip_prefix(&self.root).map_err(|_| {
            format!(
                "`{}` is outside the bundle `{}`",
                path.display(),
                self.root.display()
            )
        })?;
        let mut parts: Vec<String> = Vec::new();
        for component in relative.components() {
            match component {
                Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
                Component::ParentDir => {
                    if parts.pop().is_none() {
                        return Err(format!("`{}` climbs out of the bundle", path.display()));
                    }
                }
                Component::CurDir => {}
                _ => return Err(format!("`{}` is not a path in the bundle", path.display())),
            }
        }
        let name = parts.join("/");
        self.bundle
            .file(&name)
            .map(<[u8]>::to_vec)
            .ok_or_else(|| format!("`{name}` is not in the bundle `{}`", self.root.display()))
    }
}
