//! The manifest of a bundle (what it holds, with a SHA-256 per file) and its signatures entry,
//! both JSON in one canonical form: keys in alphabetical order, no spaces, lists sorted. The
//! manifest's bytes are what a signature signs, so they must have exactly one spelling.

use super::BundleError;
use crate::diagnostics::codes;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The format version written in new bundles.
pub const FORMAT: u32 = 1;

/// What a bundle holds. Fields are declared in alphabetical order: serde writes them so, which
/// makes the compact JSON canonical.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// The bundle format version (1).
    pub bundle: u32,
    /// Every file, sorted by path.
    pub files: Vec<ManifestFile>,
    /// The version of Palisade that built the bundle; a Palisade older than this refuses it.
    pub language: String,
    /// The bundle's name.
    pub name: String,
    /// The bundle's version, as its authors number it.
    pub version: String,
}

/// One file of a manifest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestFile {
    /// Its path under `files/` in the archive.
    pub path: String,
    /// The SHA-256 of its bytes, lowercase hexadecimal.
    pub sha256: String,
    /// Its size in bytes.
    pub size: u64,
}

/// One signature of a bundle's manifest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    /// `ecdsa-p256-sha256` or `ed25519`.
    pub algorithm: String,
    /// The key id: the SHA-256 of the public key's DER SubjectPublicKeyInfo, lowercase hex.
    pub keyid: String,
    /// The signature in standard Base64: DER (or 64 bytes r‖s) for P-256, 64 bytes for Ed25519.
    pub signature: String,
}

/// The signatures entry.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signatures {
    /// The signatures, sorted by key id, one per key.
    pub signatures: Vec<Signature>,
}

/// Lowercase hexadecimal SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Whether `text` is 64 lowercase hexadecimal digits (a SHA-256).
fn is_hex_digest(text: &str) -> bool {
    text.len() == 64
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Lowercase hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn to_json<T: Serialize>(value: &T) -> Vec<u8> {
    // Serialising plain structs of strings and numbers cannot fail.
    serde_json::to_vec(value).unwrap_or_default()
}

impl Manifest {
    /// The canonical bytes: what is stored and what signatures sign.
    pub fn to_bytes(&self) -> Vec<u8> {
        to_json(self)
    }

    /// Reads a manifest and refuses any spelling but the canonical one.
    pub fn parse(bytes: &[u8]) -> Result<Manifest, BundleError> {
        let manifest: Manifest = serde_json::from_slice(bytes).map_err(|e| {
            BundleError::new(
                codes::BUNDLE_BAD_MANIFEST,
                format!("is not a bundle manifest: {e}"),
            )
            .entry(super::archive::MANIFEST)
        })?;
        for file in &manifest.files {
            if let Some(problem) = super::archive::unsafe_path(&file.path) {
                return Err(BundleError::new(
                    codes::BUNDLE_UNSAFE_PATH,
                    format!("lists `{}`: {problem}", file.path),
                )
                .entry(super::archive::MANIFEST));
            }
            if !is_hex_digest(&file.sha256) {
                return Err(BundleError::new(
                    codes::BUNDLE_BAD_MANIFEST,
                    format!(
                        "gives `{}` a sha256 that is not 64 lowercase hexadecimal digits",
                        file.path
                    ),
                )
                .entry(super::archive::MANIFEST));
            }
        }
        for (field, text) in [("name", &manifest.name), ("version", &manifest.version)] {
            if text.is_empty() || text.len() > 128 || text.chars().any(char::is_control) {
                return Err(BundleError::new(
                    codes::BUNDLE_BAD_MANIFEST,
                    format!(
                        "has a {field} that is empty, longer than 128 bytes or holds a control character"
                    ),
                )
                .entry(super::archive::MANIFEST));
            }
        }
        let sorted = manifest.files.windows(2).all(|w| match w {
            [a, b] => a.path < b.path,
            _ => true,
        });
        if !sorted || manifest.to_bytes() != bytes {
            return Err(BundleError::new(
                codes::BUNDLE_MANIFEST_NOT_CANONICAL,
                "is not in canonical form (compact JSON, keys in alphabetical order, files sorted by \
                 path and each listed once); it cannot be what was signed",
            )
            .entry(super::archive::MANIFEST));
        }
        Ok(manifest)
    }
}

impl Signatures {
    /// The canonical bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        to_json(self)
    }

    /// Reads the signatures entry, refusing any spelling but the canonical one.
    pub fn parse(bytes: &[u8]) -> Result<Signatures, BundleError> {
        let bad = |why: String| {
            BundleError::new(codes::BUNDLE_BAD_SIGNATURES_ENTRY, why)
                .entry(super::archive::SIGNATURES)
        };
        let signatures: Signatures = serde_json::from_slice(bytes)
            .map_err(|e| bad(format!("is not a signatures entry: {e}")))?;
        if signatures.signatures.is_empty() {
            return Err(bad(
                "lists no signature (an unsigned bundle has no signatures entry)".to_owned(),
            ));
        }
        for signature in &signatures.signatures {
            if !is_hex_digest(&signature.keyid) {
                return Err(bad(
                    "has a key id that is not 64 lowercase hexadecimal digits".to_owned(),
                ));
            }
            if !["ecdsa-p256-sha256", "ed25519"].contains(&signature.algorithm.as_str()) {
                return Err(bad(format!(
                    "names an algorithm that is neither `ecdsa-p256-sha256` nor `ed25519`, for key {}",
                    signature.keyid
                )));
            }
        }
        let sorted = signatures.signatures.windows(2).all(|w| match w {
            [a, b] => a.keyid < b.keyid,
            _ => true,
        });
        if !sorted || signatures.to_bytes() != bytes {
            return Err(bad(
                "is not in canonical form (compact JSON, sorted by key id, one signature per key)"
                    .to_owned(),
            ));
        }
        Ok(signatures)
    }

    /// Adds or replaces the signature of `signature.keyid`, keeping the order.
    pub fn insert(&mut self, signature: Signature) {
        self.signatures.retain(|s| s.keyid != signature.keyid);
        self.signatures.push(signature);
        self.signatures.sort_by(|a, b| a.keyid.cmp(&b.keyid));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest() -> Manifest {
        Manifest {
            bundle: FORMAT,
            files: vec![ManifestFile {
                path: "a.pal".into(),
                sha256: sha256_hex(b"x"),
                size: 1,
            }],
            language: "0.1.0".into(),
            name: "acme".into(),
            version: "1.0.0".into(),
        }
    }

    #[test]
    fn the_canonical_manifest_reads_back_and_respellings_are_refused() {
        let bytes = manifest().to_bytes();
        assert!(bytes.starts_with(b"{\"bundle\":1,\"files\":[{\"path\":\"a.pal\""));
        assert_eq!(Manifest::parse(&bytes).ok(), Some(manifest()));
        let spaced = String::from_utf8_lossy(&bytes).replace(",\"language\"", ", \"language\"");
        let Err(e) = Manifest::parse(spaced.as_bytes()) else {
            unreachable!("a space is refused")
        };
        assert_eq!(e.code, codes::BUNDLE_MANIFEST_NOT_CANONICAL);
        let upper = String::from_utf8_lossy(&bytes)
            .replace(&sha256_hex(b"x"), &sha256_hex(b"x").to_uppercase());
        let Err(e) = Manifest::parse(upper.as_bytes()) else {
            unreachable!("an uppercase digest is refused")
        };
        assert_eq!(e.code, codes::BUNDLE_BAD_MANIFEST);
    }
}
