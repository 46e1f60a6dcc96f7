//! The bundle verifier on arbitrary bytes: opening never panics, a refusal always has an E07xx
//! code, a bundle is never accepted under a key that did not sign it, and whatever opens (with
//! signatures skipped) signs and then verifies with the same manifest and files.
#![no_main]

use libfuzzer_sys::fuzz_target;
use palisade::bundle::{self, Algorithm, BundleLimits, SigningKey, Trust, TrustedKeys};

fuzz_target!(|data: &[u8]| {
    let limits = BundleLimits {
        max_bytes: 1 << 20,
        max_entries: 64,
        max_file_bytes: 256 << 10,
    };
    let Some(key) = SigningKey::from_secret_bytes(Algorithm::Ed25519, &[42; 32]) else {
        return;
    };
    // A key the fuzzer cannot have signed with: no input verifies under it.
    let Some(other) = SigningKey::from_secret_bytes(Algorithm::EcdsaP256Sha256, &[43; 32]) else {
        return;
    };
    let untrusted = TrustedKeys::new(vec![other.public_key()]);
    match bundle::verify(data, &untrusted, &limits) {
        Ok(_) => panic!("a bundle verified under a key that never signed it"),
        Err(e) => assert!(e.code.as_str().starts_with("E07"), "{e}"),
    }
    let opened = match bundle::open(data, Trust::SkipVerification, &limits) {
        Ok(opened) => opened,
        Err(e) => {
            assert!(e.code.as_str().starts_with("E07"), "{e}");
            return;
        }
    };
    let signed = match bundle::sign(data, &key, &limits) {
        Ok(signed) => signed,
        // Adding a signature can push a bundle at the size limits over them.
        Err(e) if e.code.as_str() == "E0701" => return,
        Err(e) => panic!("an opened bundle cannot be signed: {e}"),
    };
    let trusted = TrustedKeys::new(vec![key.public_key()]);
    let verified = match bundle::verify(&signed, &trusted, &limits) {
        Ok(v) => v,
        Err(e) if e.code.as_str() == "E0701" => return,
        Err(e) => panic!("a bundle just signed does not verify: {e}"),
    };
    assert_eq!(verified.manifest_bytes(), opened.manifest_bytes());
    assert_eq!(verified.files(), opened.files());
});
