//! Keys that sign bundles and keys that are trusted to have signed them: ECDSA P-256 (with
//! SHA-256, as `openssl dgst -sha256 -sign` and `cosign sign-blob --key` sign) and Ed25519 (as
//! `openssl pkeyutl -sign -rawin` signs). Private keys are PKCS#8 PEM, public keys
//! SubjectPublicKeyInfo PEM; a key's id is the SHA-256 of its public key's DER.

use super::BundleError;
use super::manifest::{Signature, hex};
use crate::diagnostics::codes;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

/// A signature algorithm.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Algorithm {
    /// ECDSA over the NIST P-256 curve, the message hashed with SHA-256.
    EcdsaP256Sha256,
    /// Ed25519 (pure, over the message itself).
    Ed25519,
}

impl Algorithm {
    /// The name written in a bundle's signatures entry.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::EcdsaP256Sha256 => "ecdsa-p256-sha256",
            Algorithm::Ed25519 => "ed25519",
        }
    }
}

/// A key that can sign bundles.
#[derive(Clone)]
pub struct SigningKey(Secret);

#[derive(Clone)]
enum Secret {
    P256(p256::ecdsa::SigningKey),
    Ed25519(ed25519_dalek::SigningKey),
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SigningKey({})", self.public_key().keyid())
    }
}

/// A public key, trusted to sign bundles or not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicKey {
    key: Public,
    keyid: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Public {
    P256(p256::ecdsa::VerifyingKey),
    Ed25519(ed25519_dalek::VerifyingKey),
}

/// Why a key cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyError(pub String);

impl std::fmt::Display for KeyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for KeyError {}

impl SigningKey {
    /// A key from 32 secret bytes (from the operating system's random source): `None` for
    /// P-256 in the negligible case that the bytes are not a valid scalar (draw again).
    pub fn from_secret_bytes(algorithm: Algorithm, secret: &[u8; 32]) -> Option<SigningKey> {
        match algorithm {
            Algorithm::EcdsaP256Sha256 => p256::ecdsa::SigningKey::from_slice(secret)
                .ok()
                .map(|k| SigningKey(Secret::P256(k))),
            Algorithm::Ed25519 => Some(SigningKey(Secret::Ed25519(
                ed25519_dalek::SigningKey::from_bytes(secret),
            ))),
        }
    }

    /// Reads a PKCS#8 PEM private key (`-----BEGIN PRIVATE KEY-----`), P-256 or Ed25519.
    pub fn from_pem(pem: &str) -> Result<SigningKey, KeyError> {
        use p256::pkcs8::DecodePrivateKey;
        let pem = pem.trim();
        if let Ok(k) = p256::ecdsa::SigningKey::from_pkcs8_pem(pem) {
            return Ok(SigningKey(Secret::P256(k)));
        }
        if let Ok(k) = ed25519_dalek::SigningKey::from_pkcs8_pem(pem) {
            return Ok(SigningKey(Secret::Ed25519(k)));
        }
        Err(KeyError(
            "not a PKCS#8 PEM private key (`-----BEGIN PRIVATE KEY-----`) for ECDSA P-256 or Ed25519"
                .to_owned(),
        ))
    }

    /// The key as PKCS#8 PEM. Ed25519 keys are written in PKCS#8 version 1 (RFC 8410, the
    /// secret alone), which every tool reads; OpenSSL 3.0 cannot read version 2.
    pub fn to_pem(&self) -> Result<String, KeyError> {
        use p256::pkcs8::EncodePrivateKey;
        let pem = match &self.0 {
            Secret::P256(k) => k.to_pkcs8_pem(Default::default()),
            Secret::Ed25519(k) => ed25519_dalek::pkcs8::KeypairBytes {
                secret_key: k.to_bytes(),
                public_key: None,
            }
            .to_pkcs8_pem(Default::default()),
        };
        pem.map(|p| p.to_string())
            .map_err(|e| KeyError(format!("cannot encode the key: {e}")))
    }

    /// Its algorithm.
    pub fn algorithm(&self) -> Algorithm {
        match self.0 {
            Secret::P256(_) => Algorithm::EcdsaP256Sha256,
            Secret::Ed25519(_) => Algorithm::Ed25519,
        }
    }

    /// The public half.
    pub fn public_key(&self) -> PublicKey {
        match &self.0 {
            Secret::P256(k) => PublicKey::new(Public::P256(*k.verifying_key())),
            Secret::Ed25519(k) => PublicKey::new(Public::Ed25519(k.verifying_key())),
        }
    }

    /// Signs `message`: DER ECDSA (deterministic, RFC 6979) or a 64-byte Ed25519 signature.
    pub fn sign(&self, message: &[u8]) -> Vec<u8> {
        use p256::ecdsa::signature::Signer;
        match &self.0 {
            Secret::P256(k) => {
                let signature: p256::ecdsa::Signature = k.sign(message);
                let low = signature.normalize_s().unwrap_or(signature);
                low.to_der().as_bytes().to_vec()
            }
            Secret::Ed25519(k) => k.sign(message).to_bytes().to_vec(),
        }
    }

    /// The signature of `message` as a bundle records it.
    pub fn signature(&self, message: &[u8]) -> Signature {
        Signature {
            algorithm: self.algorithm().name().to_owned(),
            keyid: self.public_key().keyid,
            signature: STANDARD.encode(self.sign(message)),
        }
    }
}

impl PublicKey {
    fn new(key: Public) -> PublicKey {
        use p256::pkcs8::EncodePublicKey;
        let der = match &key {
            Public::P256(k) => k.to_public_key_der(),
            Public::Ed25519(k) => k.to_public_key_der(),
        };
        let keyid = der
            .map(|d| hex(&Sha256::digest(d.as_bytes())))
            .unwrap_or_default();
        PublicKey { key, keyid }
    }

    /// Reads a SubjectPublicKeyInfo PEM public key (`-----BEGIN PUBLIC KEY-----`).
    pub fn from_pem(pem: &str) -> Result<PublicKey, KeyError> {
        use p256::pkcs8::DecodePublicKey;
        let pem = pem.trim();
        if let Ok(k) = p256::ecdsa::VerifyingKey::from_public_key_pem(pem) {
            return Ok(PublicKey::new(Public::P256(k)));
        }
        if let Ok(k) = ed25519_dalek::VerifyingKey::from_public_key_pem(pem) {
            return Ok(PublicKey::new(Public::Ed25519(k)));
        }
        Err(KeyError(
            "not a PEM public key (`-----BEGIN PUBLIC KEY-----`) for ECDSA P-256 or Ed25519"
                .to_owned(),
        ))
    }

    /// The key as PEM.
    pub fn to_pem(&self) -> Result<String, KeyError> {
        use p256::pkcs8::EncodePublicKey;
        let pem = match &self.key {
            Public::P256(k) => k.to_public_key_pem(Default::default()),
            Public::Ed25519(k) => k.to_public_key_pem(Default::default()),
        };
        pem.map_err(|e| KeyError(format!("cannot encode the key: {e}")))
    }

    /// The key id: lowercase hex SHA-256 of the DER SubjectPublicKeyInfo.
    pub fn keyid(&self) -> &str {
        &self.keyid
    }

    /// Its algorithm.
    pub fn algorithm(&self) -> Algorithm {
        match self.key {
            Public::P256(_) => Algorithm::EcdsaP256Sha256,
            Public::Ed25519(_) => Algorithm::Ed25519,
        }
    }

    /// The one encoding a bundle records for a signature by this key, if `signature` (raw
    /// bytes: DER or 64-byte r‖s, either S, for P-256; 64 bytes for Ed25519) is this key's
    /// signature of `message`: DER with the low S for P-256, the 64 bytes for Ed25519. What
    /// `openssl` and `cosign` write is brought to it when a signature is attached.
    pub fn canonical_signature(&self, message: &[u8], signature: &[u8]) -> Option<Vec<u8>> {
        match &self.key {
            Public::P256(_) => {
                let parsed = p256::ecdsa::Signature::from_der(signature)
                    .or_else(|_| p256::ecdsa::Signature::from_slice(signature))
                    .ok()?;
                let low = parsed.normalize_s().unwrap_or(parsed);
                let der = low.to_der().as_bytes().to_vec();
                self.verifies(message, &der).then_some(der)
            }
            Public::Ed25519(_) => self
                .verifies(message, signature)
                .then(|| signature.to_vec()),
        }
    }

    /// Whether `signature` is this key's signature of `message` in the one encoding a bundle
    /// records ([`PublicKey::canonical_signature`]).
    pub fn verifies_canonical(&self, message: &[u8], signature: &[u8]) -> bool {
        self.canonical_signature(message, signature)
            .is_some_and(|c| c == signature)
    }

    /// Whether `signature` (raw bytes: DER or 64-byte r‖s for P-256, 64 bytes for Ed25519) is
    /// this key's signature of `message`.
    pub fn verifies(&self, message: &[u8], signature: &[u8]) -> bool {
        match &self.key {
            Public::P256(k) => {
                use p256::ecdsa::signature::Verifier;
                let parsed = p256::ecdsa::Signature::from_der(signature)
                    .or_else(|_| p256::ecdsa::Signature::from_slice(signature));
                parsed.is_ok_and(|s| k.verify(message, &s).is_ok())
            }
            Public::Ed25519(k) => ed25519_dalek::Signature::from_slice(signature)
                .is_ok_and(|s| k.verify_strict(message, &s).is_ok()),
        }
    }

    /// Checks a recorded signature of `message` by this key: its algorithm, its Base64 and the
    /// signature itself.
    pub fn check(&self, message: &[u8], signature: &Signature) -> Result<(), BundleError> {
        let bad = |why: String| {
            BundleError::new(codes::BUNDLE_BAD_SIGNATURE, why).entry(super::archive::SIGNATURES)
        };
        if signature.algorithm != self.algorithm().name() {
            return Err(bad(format!(
                "the signature by key {} says algorithm `{}`, but the trusted key is {}",
                self.keyid,
                signature.algorithm,
                self.algorithm().name()
            )));
        }
        let Ok(raw) = STANDARD.decode(&signature.signature) else {
            return Err(bad(format!(
                "the signature by key {} is not Base64",
                self.keyid
            )));
        };
        if !self.verifies_canonical(message, &raw) {
            return Err(bad(format!(
                "the signature by trusted key {} does not match the manifest (or is not in \
                 its one encoding: DER with the low S for P-256): the manifest was changed \
                 after signing, or the signature was",
                self.keyid
            )));
        }
        Ok(())
    }
}

/// The keys trusted to sign bundles and how many distinct ones must have signed.
#[derive(Clone, Debug)]
pub struct TrustedKeys {
    pub(super) keys: Vec<PublicKey>,
    pub(super) require: usize,
    pub(super) name: Option<String>,
    pub(super) min_version: Option<semver::Version>,
}

impl TrustedKeys {
    /// Trusts these keys; one valid signature by any of them is enough.
    pub fn new(keys: Vec<PublicKey>) -> TrustedKeys {
        TrustedKeys {
            keys,
            require: 1,
            name: None,
            min_version: None,
        }
    }

    /// Accepts only a bundle of this name (a bundle signed by the same keys for another
    /// purpose is refused, E0717).
    pub fn name(mut self, name: impl Into<String>) -> TrustedKeys {
        self.name = Some(name.into());
        self
    }

    /// Accepts only a bundle whose version (SemVer) is at least `version`, so an older signed
    /// bundle cannot be put back (E0718).
    pub fn min_version(mut self, version: semver::Version) -> TrustedKeys {
        self.min_version = Some(version);
        self
    }

    /// Requires signatures by `n` distinct trusted keys (at least 1).
    pub fn require(mut self, n: usize) -> TrustedKeys {
        self.require = n.max(1);
        self
    }

    /// The trusted keys.
    pub fn keys(&self) -> &[PublicKey] {
        &self.keys
    }

    /// How many distinct trusted keys must have signed.
    pub fn required(&self) -> usize {
        self.require
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_through_pem_and_sign_what_they_verify() {
        for algorithm in [Algorithm::EcdsaP256Sha256, Algorithm::Ed25519] {
            let Some(key) = SigningKey::from_secret_bytes(algorithm, &[9; 32]) else {
                unreachable!("a valid scalar")
            };
            let Ok(pem) = key.to_pem() else {
                unreachable!("encodes")
            };
            assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----"));
            let Ok(back) = SigningKey::from_pem(&pem) else {
                unreachable!("reads back")
            };
            let public = back.public_key();
            assert_eq!(public, key.public_key());
            assert_eq!(public.keyid().len(), 64);
            let Ok(public_pem) = public.to_pem() else {
                unreachable!("encodes")
            };
            assert_eq!(PublicKey::from_pem(&public_pem).ok(), Some(public.clone()));
            let signature = key.signature(b"manifest");
            assert!(public.check(b"manifest", &signature).is_ok());
            let Err(e) = public.check(b"manifesT", &signature) else {
                unreachable!("another message does not verify")
            };
            assert_eq!(e.code, codes::BUNDLE_BAD_SIGNATURE);
        }
    }
}
