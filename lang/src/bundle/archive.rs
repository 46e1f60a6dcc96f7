//! The archive of a bundle: a plain tar file in one canonical encoding (spec/bundles.md).
//! Reading takes hostile bytes: every entry must be a regular file with a safe, unique path,
//! within the limits, and the whole input must be exactly what [`encode`] would write for the
//! same entries, so that no byte of a bundle goes unchecked.

use super::{BundleError, BundleLimits};
use crate::diagnostics::codes;
use std::io::Read;

/// The name of the manifest entry.
pub const MANIFEST: &str = "manifest.json";
/// The name of the signatures entry.
pub const SIGNATURES: &str = "signatures.json";
/// The folder of the policy files.
pub const FILES: &str = "files/";

/// One entry of an archive: its path and bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The path inside the archive (`files/k8s/pss.pal`).
    pub path: String,
    /// The content.
    pub bytes: Vec<u8>,
}

/// Writes entries in the canonical encoding, in the order given: ustar headers with mode 0644,
/// owner 0:0, no owner names and modification time 0; GNU long-name entries for paths over 100
/// bytes; and the two zero blocks that end an archive, with no padding after them.
pub fn encode(entries: &[Entry]) -> Result<Vec<u8>, BundleError> {
    let mut builder = tar::Builder::new(Vec::new());
    for entry in entries {
        let mut header = tar::Header::new_ustar();
        header.set_mode(0o644);
        header.set_uid(0);
        header.set_gid(0);
        header.set_mtime(0);
        header.set_entry_type(tar::EntryType::Regular);
        header.set_size(entry.bytes.len() as u64);
        builder
            .append_data(&mut header, &entry.path, entry.bytes.as_slice())
            .map_err(|e| {
                BundleError::new(
                    codes::BUNDLE_UNSAFE_PATH,
                    format!("cannot be written to the archive: {e}"),
                )
                .entry(&entry.path)
            })?;
    }
    builder
        .into_inner()
        .map_err(|e| BundleError::new(codes::BUNDLE_UNREADABLE, format!("cannot be written: {e}")))
}

/// Reads the entries of an archive, in order, refusing anything but regular files with safe,
/// unique paths within the limits. Whether the encoding is canonical is checked separately
/// ([`check_canonical`]), after the more specific checks, so that a tampered bundle is refused
/// with the most telling code.
pub fn decode(bytes: &[u8], limits: &BundleLimits) -> Result<Vec<Entry>, BundleError> {
    if bytes.len() > limits.max_bytes {
        return Err(BundleError::new(
            codes::BUNDLE_TOO_LARGE,
            format!(
                "the bundle is {} bytes, more than the limit of {}",
                bytes.len(),
                limits.max_bytes
            ),
        ));
    }
    let unreadable = |e: std::io::Error, at: Option<u64>| {
        let mut error = BundleError::new(
            codes::BUNDLE_UNREADABLE,
            format!("the bundle is not a readable tar archive: {e}"),
        );
        error.offset = at;
        error
    };
    let mut archive = tar::Archive::new(bytes);
    let iter = archive.entries().map_err(|e| unreadable(e, None))?;
    let mut entries: Vec<Entry> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for item in iter {
        let mut entry = item.map_err(|e| unreadable(e, None))?;
        let offset = entry.raw_header_position();
        if entries.len() >= limits.max_entries {
            return Err(BundleError::new(
                codes::BUNDLE_TOO_LARGE,
                format!("the bundle has more than {} entries", limits.max_entries),
            )
            .at(offset));
        }
        let raw_path = entry.path_bytes().into_owned();
        let path = String::from_utf8(raw_path).map_err(|_| {
            BundleError::new(codes::BUNDLE_UNSAFE_PATH, "an entry's path is not UTF-8").at(offset)
        })?;
        if let Some(problem) = unsafe_path(&path) {
            return Err(BundleError::new(codes::BUNDLE_UNSAFE_PATH, problem)
                .entry(&path)
                .at(offset));
        }
        let kind = entry.header().entry_type();
        if kind != tar::EntryType::Regular {
            return Err(BundleError::new(
                codes::BUNDLE_NOT_A_FILE,
                format!(
                    "is a {}, and a bundle holds only regular files",
                    kind_name(kind)
                ),
            )
            .entry(&path)
            .at(offset));
        }
        if !seen.insert(path.clone()) {
            return Err(BundleError::new(
                codes::BUNDLE_DUPLICATE_ENTRY,
                "appears twice in the archive",
            )
            .entry(&path)
            .at(offset));
        }
        let size = entry.size();
        if size > limits.max_file_bytes as u64 {
            return Err(BundleError::new(
                codes::BUNDLE_TOO_LARGE,
                format!(
                    "is {size} bytes, more than the limit of {} per file",
                    limits.max_file_bytes
                ),
            )
            .entry(&path)
            .at(offset));
        }
        let mut content = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
        (&mut entry)
            .take(size)
            .read_to_end(&mut content)
            .map_err(|e| unreadable(e, Some(offset)))?;
        if content.len() as u64 != size {
            return Err(BundleError::new(
                codes::BUNDLE_UNREADABLE,
                "the archive ends inside this entry",
            )
            .entry(&path)
            .at(offset));
        }
        entries.push(Entry {
            path,
            bytes: content,
        });
    }
    Ok(entries)
}

/// Refuses input that is not exactly the canonical encoding of its entries: different header
/// fields, extension headers, bytes after the end of the archive.
pub fn check_canonical(bytes: &[u8], entries: &[Entry]) -> Result<(), BundleError> {
    let expected = encode(entries)?;
    if expected == bytes {
        return Ok(());
    }
    let differs = expected
        .iter()
        .zip(bytes)
        .position(|(a, b)| a != b)
        .unwrap_or(expected.len().min(bytes.len()));
    Err(BundleError::new(
        codes::BUNDLE_NOT_CANONICAL,
        format!(
            "the archive is not in the canonical encoding of its entries (it differs at byte {differs}; \
             it is {} bytes where {} are expected)",
            bytes.len(),
            expected.len()
        ),
    )
    .at(differs as u64))
}

/// Why a path may not name an entry, if it may not: it must be relative, UTF-8 without control
/// characters or backslashes, and made of non-empty components other than `.` and `..`.
pub fn unsafe_path(path: &str) -> Option<String> {
    if path.is_empty() {
        return Some("an entry has an empty path".to_owned());
    }
    if path.len() > 1024 {
        return Some("the path is longer than 1024 bytes".to_owned());
    }
    if path.starts_with('/') {
        return Some("the path is absolute".to_owned());
    }
    if path.contains('\\') {
        return Some("the path contains a backslash".to_owned());
    }
    if path.chars().any(char::is_control) {
        return Some("the path contains a control character".to_owned());
    }
    if path.as_bytes().get(1) == Some(&b':') {
        return Some("the path starts with a drive letter".to_owned());
    }
    for part in path.split('/') {
        match part {
            "" => return Some("the path has an empty component (`//` or a final `/`)".to_owned()),
            "." => return Some("the path has a `.` component".to_owned()),
            ".." => return Some("the path climbs out with `..`".to_owned()),
            _ => {}
        }
    }
    None
}

fn kind_name(kind: tar::EntryType) -> &'static str {
    match kind {
        tar::EntryType::Symlink => "symbolic link",
        tar::EntryType::Link => "hard link",
        tar::EntryType::Char => "character device",
        tar::EntryType::Block => "block device",
        tar::EntryType::Directory => "directory",
        tar::EntryType::Fifo => "named pipe",
        tar::EntryType::Continuous => "contiguous file",
        tar::EntryType::GNUSparse => "sparse file",
        tar::EntryType::XGlobalHeader => "global extension header",
        _ => "special entry",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_climb_out_or_are_absolute_are_unsafe() {
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "files/../../x",
            "files//x",
            "files/x/",
            "./x",
            "a\\b",
            "C:x",
            "a\nb",
        ] {
            assert!(unsafe_path(bad).is_some(), "{bad:?} should be unsafe");
        }
        for good in [
            "manifest.json",
            "files/k8s/pss.pal",
            "files/.hidden",
            "files/a..b",
        ] {
            assert_eq!(unsafe_path(good), None, "{good:?} should be safe");
        }
    }

    #[test]
    fn encoding_round_trips_and_is_canonical() {
        let long = format!("files/{}/x.pal", "d".repeat(150));
        let entries = vec![
            Entry {
                path: "manifest.json".into(),
                bytes: b"{}".to_vec(),
            },
            Entry {
                path: long,
                bytes: vec![b'x'; 700],
            },
        ];
        let Ok(bytes) = encode(&entries) else {
            unreachable!("encodes")
        };
        assert_eq!(bytes.len() % 512, 0);
        let Ok(back) = decode(&bytes, &BundleLimits::default()) else {
            unreachable!("decodes")
        };
        assert_eq!(back, entries);
        assert!(check_canonical(&bytes, &back).is_ok());
        let mut padded = bytes.clone();
        padded.extend_from_slice(&[0; 512]);
        let Err(e) = check_canonical(&padded, &back) else {
            unreachable!("padding is refused")
        };
        assert_eq!(e.code, codes::BUNDLE_NOT_CANONICAL);
    }
}
