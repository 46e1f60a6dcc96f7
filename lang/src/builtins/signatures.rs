//! Signature verification, offline: a policy is given signatures and trusted public keys as
//! data, and checks that a payload was signed by one of the keys. ECDSA P-256 (with SHA-256, as
//! cosign signs) and Ed25519 keys in PEM (SubjectPublicKeyInfo); signatures in Base64, DER or
//! fixed-size for P-256.

use super::{Builtin, BuiltinError, f};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

const D: &str = "signatures";

pub(super) const BUILTINS: &[Builtin] = &[
    f(
        D,
        "verify_signature",
        "(public_key: string, payload: string, signature: string) -> bool",
        "whether `signature` (Base64) is a valid signature of `payload` by the PEM `public_key`",
    ),
    f(
        D,
        "dsse_pae",
        "(payload_type: string, payload: string) -> string",
        "the DSSE pre-authentication encoding of a payload, which DSSE signatures sign",
    ),
];

/// The DSSE v1 pre-authentication encoding: `DSSEv1 <len(type)> <type> <len(payload)>
/// <payload>`, lengths in bytes as ASCII decimal. A DSSE signature signs these bytes, not the
/// payload alone, so a signature over one payload type cannot be replayed as another.
pub fn dsse_pae(payload_type: &str, payload: &str) -> String {
    format!(
        "DSSEv1 {} {payload_type} {} {payload}",
        payload_type.len(),
        payload.len()
    )
}

/// A public key in PEM.
enum Key {
    P256(p256::ecdsa::VerifyingKey),
    Ed25519(ed25519_dalek::VerifyingKey),
}

fn key(pem: &str) -> Result<Key, BuiltinError> {
    use p256::pkcs8::DecodePublicKey;
    let pem = pem.trim();
    if let Ok(k) = p256::ecdsa::VerifyingKey::from_public_key_pem(pem) {
        return Ok(Key::P256(k));
    }
    if let Ok(k) = ed25519_dalek::VerifyingKey::from_public_key_pem(pem) {
        return Ok(Key::Ed25519(k));
    }
    Err(BuiltinError::new(
        "the public key is not a PEM ECDSA P-256 or Ed25519 public key",
    ))
}

/// Whether `signature` (Base64; DER or 64 bytes for P-256, 64 bytes for Ed25519) is a valid
/// signature of the UTF-8 bytes of `payload` by `public_key`. A key that cannot be read is an
/// error (the policy's configuration is wrong); a signature that cannot be read is simply not a
/// valid one.
pub fn verify_signature(
    public_key: &str,
    payload: &str,
    signature: &str,
) -> Result<bool, BuiltinError> {
    let key = key(public_key)?;
    let Ok(bytes) = STANDARD.decode(signature.trim()) else {
        return Ok(false);
    };
    Ok(match key {
        Key::P256(k) => {
            use p256::ecdsa::signature::Verifier;
            let sig = p256::ecdsa::Signature::from_der(&bytes)
                .or_else(|_| p256::ecdsa::Signature::from_slice(&bytes));
            match sig {
                Ok(sig) => k.verify(payload.as_bytes(), &sig).is_ok(),
                Err(_) => false,
            }
        }
        Key::Ed25519(k) => match ed25519_dalek::Signature::from_slice(&bytes) {
            Ok(sig) => k.verify_strict(payload.as_bytes(), &sig).is_ok(),
            Err(_) => false,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pre_authentication_encoding_counts_bytes() {
        // The example of the DSSE protocol document.
        assert_eq!(
            dsse_pae("http://example.com/HelloWorld", "hello world"),
            "DSSEv1 29 http://example.com/HelloWorld 11 hello world"
        );
        assert_eq!(dsse_pae("t", "é"), "DSSEv1 1 t 2 é");
    }
    use ed25519_dalek::pkcs8::EncodePublicKey as _;
    use p256::ecdsa::signature::Signer;

    fn p256_pair() -> (p256::ecdsa::SigningKey, String) {
        let secret =
            p256::ecdsa::SigningKey::from_slice(&[7u8; 32]).unwrap_or_else(|_| unreachable!());
        let pem = secret
            .verifying_key()
            .to_public_key_pem(Default::default())
            .unwrap_or_default();
        (secret, pem)
    }

    #[test]
    fn p256_signatures_verify_in_der_and_fixed_form() {
        let (secret, pem) = p256_pair();
        let sig: p256::ecdsa::Signature = secret.sign(b"payload");
        let der = STANDARD.encode(sig.to_der().as_bytes());
        let fixed = STANDARD.encode(sig.to_bytes());
        assert_eq!(verify_signature(&pem, "payload", &der), Ok(true));
        assert_eq!(verify_signature(&pem, "payload", &fixed), Ok(true));
        assert_eq!(verify_signature(&pem, "tampered", &der), Ok(false));
        assert_eq!(verify_signature(&pem, "payload", "not base64!"), Ok(false));
        assert!(verify_signature("not a key", "payload", &der).is_err());
    }

    #[test]
    fn ed25519_signatures_verify() {
        let secret = ed25519_dalek::SigningKey::from_bytes(&[9u8; 32]);
        let pem = secret
            .verifying_key()
            .to_public_key_pem(Default::default())
            .unwrap_or_default();
        let sig = STANDARD.encode(secret.sign(b"payload").to_bytes());
        assert_eq!(verify_signature(&pem, "payload", &sig), Ok(true));
        assert_eq!(verify_signature(&pem, "other", &sig), Ok(false));
        // A P-256 key does not verify an Ed25519 signature.
        let (_, p256_pem) = p256_pair();
        assert_eq!(verify_signature(&p256_pem, "payload", &sig), Ok(false));
    }
}
