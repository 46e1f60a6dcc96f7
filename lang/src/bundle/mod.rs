//! Signed policy bundles (spec/bundles.md): a policy set packed into one deterministic tar
//! archive with a manifest of every file's SHA-256, signed by one or more keys, and verified
//! before a byte of it is parsed.
//!
//! ```
//! use palisade::bundle::{self, Algorithm, BundleLimits, BundleFile, SigningKey, TrustedKeys};
//! use palisade::PolicySet;
//!
//! let policy = r#"
//! package acme
//!
//! type Pod = { kind: "Pod", spec: { hostNetwork?: bool, .. }, .. }
//!
//! rule host_network(pod: Pod) {
//!   meta { id: "ACME-HOST-NETWORK" title: "Host network" severity: "high" }
//!   if pod.spec.hostNetwork ?? false {
//!     violation "the pod shares the host's network" at pod.spec.hostNetwork
//!   }
//! }
//! "#;
//! let files = vec![BundleFile::new("acme.pal", policy)];
//! let unsigned = bundle::build("acme", "1.0.0", files).expect("builds");
//! let key = SigningKey::from_secret_bytes(Algorithm::Ed25519, &[7; 32]).expect("a key");
//! let signed = bundle::sign(&unsigned, &key, &BundleLimits::default()).expect("signs");
//!
//! let trusted = TrustedKeys::new(vec![key.public_key()]);
//! let set = PolicySet::from_verified_bundle(&signed, &trusted).expect("verifies and compiles");
//! assert_eq!(set.rules().len(), 1);
//!
//! // The unsigned bundle is refused before anything in it is read as a policy.
//! let refused = PolicySet::from_verified_bundle(&unsigned, &trusted).unwrap_err();
//! assert_eq!(refused.code().map(|c| c.as_str()), Some("E0711"));
//! ```

mod archive;
mod keys;
mod load;
mod manifest;
mod open;

pub use archive::{Entry, FILES, MANIFEST, SIGNATURES, unsafe_path};
pub use keys::{Algorithm, KeyError, PublicKey, SigningKey, TrustedKeys};
pub use load::BundleLoadError;
pub use manifest::{FORMAT, Manifest, ManifestFile, Signature, Signatures, sha256_hex};
pub use open::{Bundle, Trust, attach, open, sign, verify};

use crate::diagnostics::Code;

/// The version of Palisade that builds bundles; a bundle built by a newer one is refused.
pub const LANGUAGE_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Limits on what a bundle may hold, checked while reading it (archive bombs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BundleLimits {
    /// The most bytes of the whole bundle (default 64 MiB).
    pub max_bytes: usize,
    /// The most entries (default 10,000).
    pub max_entries: usize,
    /// The most bytes of one file (default 16 MiB).
    pub max_file_bytes: usize,
}

impl Default for BundleLimits {
    fn default() -> Self {
        BundleLimits {
            max_bytes: 64 << 20,
            max_entries: 10_000,
            max_file_bytes: 16 << 20,
        }
    }
}

/// Why a bundle is refused: a stable code (E07xx), a message, and where: the entry and the
/// byte offset in the archive, when they are known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BundleError {
    /// The stable code.
    pub code: Code,
    /// What is wrong.
    pub message: String,
    /// The archive entry concerned (`files/k8s/pss.pal`, `manifest.json`).
    pub entry: Option<String>,
    /// The byte offset in the archive (of the entry's header, or of the first stray byte).
    pub offset: Option<u64>,
}

impl BundleError {
    /// An error with no location yet.
    pub fn new(code: Code, message: impl Into<String>) -> BundleError {
        BundleError {
            code,
            message: message.into(),
            entry: None,
            offset: None,
        }
    }

    /// The entry concerned.
    pub fn entry(mut self, entry: &str) -> BundleError {
        self.entry = Some(entry.to_owned());
        self
    }

    /// The byte offset concerned.
    pub fn at(mut self, offset: u64) -> BundleError {
        self.offset = Some(offset);
        self
    }
}

impl std::fmt::Display for BundleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: ", self.code)?;
        if let Some(entry) = &self.entry {
            write!(f, "`{entry}` ")?;
        }
        f.write_str(&self.message)?;
        if let Some(offset) = self.offset {
            write!(f, " (at byte {offset} of the bundle)")?;
        }
        Ok(())
    }
}

impl std::error::Error for BundleError {}

/// A file to put in a bundle: its path relative to the bundle's root (`k8s/pss.pal`,
/// `palisade.toml`) and its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BundleFile {
    /// The path, `/`-separated.
    pub path: String,
    /// The content.
    pub bytes: Vec<u8>,
}

impl BundleFile {
    /// A file from a path and its content.
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> BundleFile {
        BundleFile {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}

/// Builds an unsigned bundle of `files`: the same name, version and files give the same bytes,
/// whatever their order. Paths must be safe (relative, no `..`) and unique.
pub fn build(name: &str, version: &str, files: Vec<BundleFile>) -> Result<Vec<u8>, BundleError> {
    let mut files = files;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    for pair in files.windows(2) {
        if let [a, b] = pair
            && a.path == b.path
        {
            return Err(
                BundleError::new(codes::BUNDLE_DUPLICATE_ENTRY, "is given twice").entry(&a.path),
            );
        }
    }
    for file in &files {
        if let Some(problem) = unsafe_path(&file.path) {
            return Err(BundleError::new(codes::BUNDLE_UNSAFE_PATH, problem).entry(&file.path));
        }
    }
    let manifest = Manifest {
        bundle: FORMAT,
        files: files
            .iter()
            .map(|f| ManifestFile {
                path: f.path.clone(),
                sha256: sha256_hex(&f.bytes),
                size: f.bytes.len() as u64,
            })
            .collect(),
        language: LANGUAGE_VERSION.to_owned(),
        name: name.to_owned(),
        version: version.to_owned(),
    };
    // What a reader would refuse (a name with a control character, say) is refused here.
    Manifest::parse(&manifest.to_bytes())?;
    open::write(&manifest, &Signatures::default(), files)
}

use crate::diagnostics::codes;
