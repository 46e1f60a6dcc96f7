//! Opening a bundle: every check of spec/bundles.md, in its order, before anything in it is
//! handed out. Signing and attaching a signature re-open the bundle and write it again.

use super::archive::{self, Entry, FILES, MANIFEST, SIGNATURES};
use super::keys::{PublicKey, SigningKey, TrustedKeys};
use super::manifest::{Manifest, Signature, Signatures, sha256_hex};
use super::{BundleError, BundleFile, BundleLimits, FORMAT, LANGUAGE_VERSION};
use crate::diagnostics::codes;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// What a bundle must prove before it is opened.
#[derive(Clone, Debug)]
pub enum Trust<'a> {
    /// Signatures by enough of these keys.
    Keys(&'a TrustedKeys),
    /// Nothing: signatures are read but not required (`--insecure-skip-verify`, `inspect`,
    /// signing). Every other check still applies.
    SkipVerification,
}

/// An opened bundle: checked entry by entry against its manifest, and verified when opened with
/// trusted keys. Only [`open`] makes one, so a `Bundle` that says it is verified was.
#[derive(Clone, Debug)]
pub struct Bundle {
    manifest: Manifest,
    manifest_bytes: Vec<u8>,
    signatures: Vec<Signature>,
    verified_by: Vec<String>,
    files: Vec<BundleFile>,
}

impl Bundle {
    /// The manifest.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The manifest's bytes, as signed.
    pub fn manifest_bytes(&self) -> &[u8] {
        &self.manifest_bytes
    }

    /// The signatures carried (verified or not).
    pub fn signatures(&self) -> &[Signature] {
        &self.signatures
    }

    /// The key ids of the trusted keys whose signatures verified (empty when not verified).
    pub fn verified_by(&self) -> &[String] {
        &self.verified_by
    }

    /// The files, in path order, paths relative to `files/`.
    pub fn files(&self) -> &[BundleFile] {
        &self.files
    }

    /// Whether trusted keys verified the bundle.
    pub fn is_verified(&self) -> bool {
        !self.verified_by.is_empty()
    }

    /// The bytes of the file at `path` (relative to the bundle's root).
    pub fn file(&self, path: &str) -> Option<&[u8]> {
        self.files
            .binary_search_by(|f| f.path.as_str().cmp(path))
            .ok()
            .and_then(|i| self.files.get(i))
            .map(|f| f.bytes.as_slice())
    }
}

/// Opens a bundle with trusted keys: refused unless enough of them signed it.
pub fn verify(
    bytes: &[u8],
    trusted: &TrustedKeys,
    limits: &BundleLimits,
) -> Result<Bundle, BundleError> {
    open(bytes, Trust::Keys(trusted), limits)
}

/// Opens a bundle. The checks, in order: the archive (limits, safe paths, regular files, no
/// duplicates), the manifest (present, valid, canonical, not too new), the signatures (unless
/// skipped), every file against the manifest, and last the archive's canonical encoding.
pub fn open(bytes: &[u8], trust: Trust<'_>, limits: &BundleLimits) -> Result<Bundle, BundleError> {
    let entries = archive::decode(bytes, limits)?;
    let find = |name: &str| entries.iter().find(|e| e.path == name);
    let manifest_entry = find(MANIFEST).ok_or_else(|| {
        BundleError::new(
            codes::BUNDLE_BAD_MANIFEST,
            format!("the bundle has no `{MANIFEST}`"),
        )
    })?;
    let manifest = Manifest::parse(&manifest_entry.bytes)?;
    check_version(&manifest)?;
    let signatures = match find(SIGNATURES) {
        Some(entry) => Signatures::parse(&entry.bytes)?.signatures,
        None => Vec::new(),
    };
    let verified_by = match trust {
        Trust::Keys(trusted) => {
            let keys = check_signatures(&manifest_entry.bytes, &signatures, trusted)?;
            check_identity(&manifest, trusted)?;
            keys
        }
        Trust::SkipVerification => Vec::new(),
    };
    check_files(&manifest, &entries)?;
    archive::check_canonical(bytes, &layout(manifest_entry, find(SIGNATURES), &entries))?;
    let manifest_bytes = manifest_entry.bytes.clone();
    // The files are moved out of the entries, not copied: a bundle is held once.
    let mut files: Vec<BundleFile> = entries
        .into_iter()
        .filter_map(|e| {
            let relative = e.path.strip_prefix(FILES)?.to_owned();
            Some(BundleFile::new(relative, e.bytes))
        })
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Bundle {
        manifest_bytes,
        manifest,
        signatures,
        verified_by,
        files,
    })
}

/// The entries in canonical order: manifest, signatures, then the files in path order.
fn layout<'e>(
    manifest: &'e Entry,
    signatures: Option<&'e Entry>,
    entries: &'e [Entry],
) -> Vec<&'e Entry> {
    let mut out = vec![manifest];
    out.extend(signatures);
    let mut files: Vec<&Entry> = entries
        .iter()
        .filter(|e| e.path.starts_with(FILES))
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    out.extend(files);
    out
}

fn check_version(manifest: &Manifest) -> Result<(), BundleError> {
    if manifest.bundle != FORMAT {
        return Err(BundleError::new(
            codes::BUNDLE_TOO_NEW,
            format!(
                "is bundle format {}, and this Palisade reads format {FORMAT}",
                manifest.bundle
            ),
        )
        .entry(MANIFEST));
    }
    let ours = semver::Version::parse(LANGUAGE_VERSION).ok();
    let theirs = semver::Version::parse(&manifest.language).map_err(|_| {
        BundleError::new(
            codes::BUNDLE_BAD_MANIFEST,
            format!(
                "gives the language version `{}`, which is not a version",
                manifest.language
            ),
        )
        .entry(MANIFEST)
    })?;
    // Build metadata (`+ci.7`) does not make a version newer (SemVer §10).
    if ours.is_some_and(|ours| theirs.cmp_precedence(&ours).is_gt()) {
        return Err(BundleError::new(
            codes::BUNDLE_TOO_NEW,
            format!(
                "was built by Palisade {theirs}, newer than this Palisade ({LANGUAGE_VERSION}); \
                 upgrade to load it"
            ),
        )
        .entry(MANIFEST));
    }
    Ok(())
}

/// A verified bundle must be the one asked for: its name, and not older than the minimum.
fn check_identity(manifest: &Manifest, trusted: &TrustedKeys) -> Result<(), BundleError> {
    if let Some(name) = &trusted.name
        && &manifest.name != name
    {
        return Err(BundleError::new(
            codes::BUNDLE_WRONG_NAME,
            format!(
                "is bundle `{}`, and `{name}` is the one accepted",
                manifest.name
            ),
        )
        .entry(MANIFEST));
    }
    if let Some(minimum) = &trusted.min_version {
        let version = semver::Version::parse(&manifest.version).ok();
        if version
            .as_ref()
            .is_none_or(|v| v.cmp_precedence(minimum).is_lt())
        {
            return Err(BundleError::new(
                codes::BUNDLE_TOO_OLD,
                format!(
                    "is version `{}`, older than the minimum {minimum} (or not a version): an \
                     older signed bundle is not put back",
                    manifest.version
                ),
            )
            .entry(MANIFEST));
        }
    }
    Ok(())
}

/// The key ids of trusted keys with a valid signature, if they are enough.
fn check_signatures(
    manifest: &[u8],
    signatures: &[Signature],
    trusted: &TrustedKeys,
) -> Result<Vec<String>, BundleError> {
    if signatures.is_empty() {
        return Err(BundleError::new(
            codes::BUNDLE_UNSIGNED,
            "the bundle carries no signature (sign it with `palisade bundle sign`)",
        ));
    }
    let mut verified = Vec::new();
    for signature in signatures {
        let Some(key) = trusted.keys.iter().find(|k| k.keyid() == signature.keyid) else {
            continue;
        };
        key.check(manifest, signature)?;
        verified.push(signature.keyid.clone());
    }
    if verified.is_empty() {
        let ids: Vec<&str> = signatures
            .iter()
            .take(4)
            .map(|s| s.keyid.as_str())
            .collect();
        let more = signatures.len().saturating_sub(ids.len());
        return Err(BundleError::new(
            codes::BUNDLE_UNKNOWN_KEY,
            format!(
                "no signature is by a trusted key: the bundle is signed by {}{}",
                ids.join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            ),
        )
        .entry(SIGNATURES));
    }
    if verified.len() < trusted.require {
        return Err(BundleError::new(
            codes::BUNDLE_TOO_FEW_SIGNATURES,
            format!(
                "{} distinct trusted key(s) signed the bundle, and {} are required",
                verified.len(),
                trusted.require
            ),
        )
        .entry(SIGNATURES));
    }
    Ok(verified)
}

/// Every file of the bundle listed by the manifest with its size and digest, and every listed
/// file present.
fn check_files(manifest: &Manifest, entries: &[Entry]) -> Result<(), BundleError> {
    let mut present = std::collections::HashSet::new();
    for entry in entries {
        if entry.path == MANIFEST || entry.path == SIGNATURES {
            continue;
        }
        let Some(relative) = entry.path.strip_prefix(FILES) else {
            return Err(BundleError::new(
                codes::BUNDLE_UNLISTED_FILE,
                format!(
                    "is not `{MANIFEST}`, `{SIGNATURES}` or under `{FILES}`: a bundle holds nothing else"
                ),
            )
            .entry(&entry.path));
        };
        let Ok(i) = manifest
            .files
            .binary_search_by(|f| f.path.as_str().cmp(relative))
        else {
            return Err(BundleError::new(
                codes::BUNDLE_UNLISTED_FILE,
                "is in the bundle but not in its manifest",
            )
            .entry(&entry.path));
        };
        let Some(listed) = manifest.files.get(i) else {
            continue;
        };
        let digest = sha256_hex(&entry.bytes);
        if listed.size != entry.bytes.len() as u64 || listed.sha256 != digest {
            return Err(BundleError::new(
                codes::BUNDLE_DIGEST_MISMATCH,
                format!(
                    "is {} bytes with SHA-256 {digest}, and the manifest says {} bytes with {}",
                    entry.bytes.len(),
                    listed.size,
                    listed.sha256
                ),
            )
            .entry(&entry.path));
        }
        present.insert(relative);
    }
    for listed in &manifest.files {
        if !present.contains(listed.path.as_str()) {
            return Err(BundleError::new(
                codes::BUNDLE_MISSING_FILE,
                format!("lists `{}`, which is not in the bundle", listed.path),
            )
            .entry(MANIFEST));
        }
    }
    Ok(())
}

/// Writes a bundle in the canonical layout.
pub(super) fn write(
    manifest: &Manifest,
    signatures: &Signatures,
    files: Vec<BundleFile>,
) -> Result<Vec<u8>, BundleError> {
    let mut entries = vec![Entry {
        path: MANIFEST.to_owned(),
        bytes: manifest.to_bytes(),
    }];
    if !signatures.signatures.is_empty() {
        entries.push(Entry {
            path: SIGNATURES.to_owned(),
            bytes: signatures.to_bytes(),
        });
    }
    entries.extend(files.into_iter().map(|f| Entry {
        path: format!("{FILES}{}", f.path),
        bytes: f.bytes,
    }));
    archive::encode(&entries)
}

/// Adds `key`'s signature of the manifest (replacing an earlier one by the same key).
pub fn sign(bytes: &[u8], key: &SigningKey, limits: &BundleLimits) -> Result<Vec<u8>, BundleError> {
    let bundle = open(bytes, Trust::SkipVerification, limits)?;
    let signature = key.signature(&bundle.manifest_bytes);
    with_signature(bundle, signature)
}

/// Adds a signature made elsewhere (`openssl`, `cosign sign-blob`) over the manifest's bytes:
/// `signature` raw (DER or 64 bytes) or Base64 text. It must verify with `key`.
pub fn attach(
    bytes: &[u8],
    signature: &[u8],
    key: &PublicKey,
    limits: &BundleLimits,
) -> Result<Vec<u8>, BundleError> {
    let bundle = open(bytes, Trust::SkipVerification, limits)?;
    let text = String::from_utf8_lossy(signature);
    let decoded = STANDARD.decode(text.trim()).ok();
    let canonical = decoded
        .and_then(|d| key.canonical_signature(&bundle.manifest_bytes, &d))
        .or_else(|| key.canonical_signature(&bundle.manifest_bytes, signature));
    let Some(raw) = canonical else {
        return Err(BundleError::new(
            codes::BUNDLE_BAD_SIGNATURE,
            format!(
                "the signature is not key {}'s signature of this bundle's manifest",
                key.keyid()
            ),
        ));
    };
    let signature = Signature {
        algorithm: key.algorithm().name().to_owned(),
        keyid: key.keyid().to_owned(),
        signature: STANDARD.encode(raw),
    };
    with_signature(bundle, signature)
}

fn with_signature(bundle: Bundle, signature: Signature) -> Result<Vec<u8>, BundleError> {
    let mut signatures = Signatures {
        signatures: bundle.signatures,
    };
    signatures.insert(signature);
    write(&bundle.manifest, &signatures, bundle.files)
}
