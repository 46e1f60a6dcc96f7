//! Encoding and hashing builtins.

use super::{Builtin, f};

const D: &str = "encoding";

pub(super) const BUILTINS: &[Builtin] = &[
    f(
        D,
        "base64_encode",
        "(s: string) -> string",
        "standard base64 of the UTF-8 bytes",
    ),
    f(
        D,
        "base64_decode",
        "(s: string) -> string",
        "the decoded text",
    ),
    f(
        D,
        "hex_encode",
        "(s: string) -> string",
        "lower-case hex of the UTF-8 bytes",
    ),
    f(D, "hex_decode", "(s: string) -> string", "the decoded text"),
    f(
        D,
        "sha256",
        "(s: string) -> string",
        "lower-case hex SHA-256 of the UTF-8 bytes",
    ),
];

use super::BuiltinError;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};
use std::fmt::Write;

/// Standard base64 (with padding) of the UTF-8 bytes.
pub fn base64_encode(text: &str) -> String {
    STANDARD.encode(text)
}

/// The text standard base64 decodes to; an error when it is not base64 or not UTF-8.
pub fn base64_decode(encoded: &str) -> Result<String, BuiltinError> {
    let bytes = STANDARD
        .decode(encoded.trim())
        .map_err(|e| BuiltinError::new(format!("not valid base64: {e}")))?;
    String::from_utf8(bytes).map_err(|_| BuiltinError::new("the decoded bytes are not UTF-8 text"))
}

/// Lower-case hex of the UTF-8 bytes.
pub fn hex_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for b in text.bytes() {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// The text hex digits decode to; an error when they are not hex or not UTF-8.
pub fn hex_decode(encoded: &str) -> Result<String, BuiltinError> {
    if !encoded.len().is_multiple_of(2) {
        return Err(BuiltinError::new("hex text has an odd number of digits"));
    }
    let bytes = (0..encoded.len())
        .step_by(2)
        .map(|i| {
            encoded
                .get(i..i + 2)
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
                .ok_or_else(|| BuiltinError::new(format!("`{encoded}` is not hex")))
        })
        .collect::<Result<Vec<u8>, _>>()?;
    String::from_utf8(bytes).map_err(|_| BuiltinError::new("the decoded bytes are not UTF-8 text"))
}

/// Lower-case hex SHA-256 of the UTF-8 bytes.
pub fn sha256(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut out = String::with_capacity(64);
    for b in digest {
        let _ = write!(out, "{b:02x}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_known_values() {
        assert_eq!(base64_encode("palisade"), "cGFsaXNhZGU=");
        assert_eq!(base64_decode("cGFsaXNhZGU="), Ok("palisade".to_owned()));
        assert!(base64_decode("not base64!").is_err());
        assert!(base64_decode("/w==").is_err(), "0xff is not UTF-8");
        assert_eq!(hex_encode("é"), "c3a9");
        assert_eq!(hex_decode("c3a9"), Ok("é".to_owned()));
        assert!(hex_decode("abc").is_err());
        assert!(hex_decode("zz").is_err());
        assert_eq!(
            sha256("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            sha256(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
