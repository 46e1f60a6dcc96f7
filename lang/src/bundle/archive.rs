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

/// The most bytes of a path in the archive: a ustar header holds a name of 100 bytes and a
/// prefix of 155, joined by `/`.
pub const MAX_PATH: usize = 256;

/// Writes entries in the canonical encoding (spec/bundles.md, "Archive"), in the order given:
/// a ustar header per entry and its content padded to 512 bytes, then two zero blocks and
/// nothing after them. Every byte of a header is fixed by the entry's path and size.
pub fn encode(entries: &[Entry]) -> Result<Vec<u8>, BundleError> {
    let total: usize = entries
        .iter()
        .map(|e| 512 + e.bytes.len().div_ceil(512) * 512)
        .sum();
    let mut out = Vec::with_capacity(total + 1024);
    for entry in entries {
        out.extend_from_slice(&header(&entry.path, entry.bytes.len() as u64)?);
        out.extend_from_slice(&entry.bytes);
        out.resize(out.len().div_ceil(512) * 512, 0);
    }
    out.resize(out.len() + 1024, 0);
    Ok(out)
}

/// Writes `value` in octal into `field`: zero-padded digits filling all but the last byte,
/// which is NUL.
fn octal(field: &mut [u8], value: u64) {
    let width = field.len().saturating_sub(1);
    let digits = format!("{value:0width$o}");
    for (slot, digit) in field.iter_mut().zip(digits.bytes()) {
        *slot = digit;
    }
    if let Some(last) = field.last_mut() {
        *last = 0;
    }
}

/// The ustar header of a regular file: name (and prefix, for a path over 100 bytes: its
/// longest parent of at most 155 bytes), mode 0644, owner 0:0, time 0, the size, type `0`,
/// magic `ustar\0` version `00`, and the checksum; every other byte zero.
fn header(path: &str, size: u64) -> Result<[u8; 512], BundleError> {
    let too_long = || {
        BundleError::new(
            codes::BUNDLE_UNSAFE_PATH,
            format!(
                "cannot be written in a ustar header: a path is at most {MAX_PATH} bytes, split \
                 at a `/` into a folder of at most 155 bytes and a rest of at most 100"
            ),
        )
        .entry(path)
    };
    let (prefix, name) = if path.len() <= 100 {
        ("", path)
    } else {
        let mut cut = None;
        for (i, b) in path.bytes().enumerate().rev() {
            if b == b'/' && i <= 155 {
                cut = Some(i);
                break;
            }
        }
        let i = cut.ok_or_else(too_long)?;
        (path.get(..i).unwrap_or(""), path.get(i + 1..).unwrap_or(""))
    };
    if name.len() > 100 || name.is_empty() {
        return Err(too_long());
    }
    let mut h = [0u8; 512];
    let mut put = |range: std::ops::Range<usize>, bytes: &[u8]| {
        if let Some(field) = h.get_mut(range) {
            for (slot, b) in field.iter_mut().zip(bytes) {
                *slot = *b;
            }
        }
    };
    put(0..100, name.as_bytes());
    put(156..157, b"0");
    put(257..263, b"ustar\0");
    put(263..265, b"00");
    put(345..500, prefix.as_bytes());
    if let Some(f) = h.get_mut(100..108) {
        octal(f, 0o644);
    }
    if let Some(f) = h.get_mut(108..116) {
        octal(f, 0);
    }
    if let Some(f) = h.get_mut(116..124) {
        octal(f, 0);
    }
    if let Some(f) = h.get_mut(124..136) {
        octal(f, size);
    }
    if let Some(f) = h.get_mut(136..148) {
        octal(f, 0);
    }
    // The checksum is the sum of the header's bytes with its own field read as spaces.
    let sum: u64 = h
        .iter()
        .enumerate()
        .map(|(i, b)| {
            if (148..156).contains(&i) {
                32
            } else {
                u64::from(*b)
            }
        })
        .sum();
    if let Some(f) = h.get_mut(148..156) {
        octal(f, sum);
    }
    Ok(h)
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

/// Refuses input that is not exactly the canonical encoding of its entries, in the order
/// given: different header fields, extension headers, bytes after the end of the archive. It
/// compares block by block against the input, so it needs no second copy of the bundle.
pub fn check_canonical(bytes: &[u8], entries: &[&Entry]) -> Result<(), BundleError> {
    let expected: usize = entries
        .iter()
        .map(|e| 512 + e.bytes.len().div_ceil(512) * 512)
        .sum::<usize>()
        + 1024;
    let refuse = |at: usize| {
        BundleError::new(
            codes::BUNDLE_NOT_CANONICAL,
            format!(
                "the archive is not in the canonical encoding of its entries (it is {} bytes \
                 where {expected} are expected)",
                bytes.len()
            ),
        )
        .at(at as u64)
    };
    // The first byte of `bytes[at..]` that differs from `want`, if any.
    let compare = |at: usize, want: &[u8]| -> Result<(), BundleError> {
        let have = bytes.get(at..).unwrap_or_default();
        match have.iter().zip(want).position(|(a, b)| a != b) {
            Some(i) => Err(refuse(at + i)),
            None if have.len() < want.len() => Err(refuse(bytes.len())),
            None => Ok(()),
        }
    };
    let zeros = [0u8; 1024];
    let mut at = 0;
    for entry in entries {
        compare(at, &header(&entry.path, entry.bytes.len() as u64)?)?;
        at += 512;
        compare(at, &entry.bytes)?;
        at += entry.bytes.len();
        let padding = at.div_ceil(512) * 512 - at;
        compare(at, zeros.get(..padding).unwrap_or_default())?;
        at += padding;
    }
    compare(at, &zeros)?;
    at += zeros.len();
    if bytes.len() != at {
        return Err(refuse(at));
    }
    Ok(())
}

/// Why a path may not name an entry, if it may not: it must be relative, UTF-8 without control
/// characters or backslashes, and made of non-empty components other than `.` and `..`.
pub fn unsafe_path(path: &str) -> Option<String> {
    if path.is_empty() {
        return Some("an entry has an empty path".to_owned());
    }
    if path.len() > MAX_PATH {
        return Some(format!("the path is longer than {MAX_PATH} bytes"));
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

    /// The same entries written by the `tar` crate with the fields of the canonical encoding.
    fn with_tar_crate(entries: &[Entry]) -> Vec<u8> {
        let mut builder = tar::Builder::new(Vec::new());
        for entry in entries {
            let mut header = tar::Header::new_ustar();
            header.set_mode(0o644);
            header.set_uid(0);
            header.set_gid(0);
            header.set_mtime(0);
            header.set_entry_type(tar::EntryType::Regular);
            header.set_size(entry.bytes.len() as u64);
            let appended = builder.append_data(&mut header, &entry.path, entry.bytes.as_slice());
            assert!(appended.is_ok(), "{appended:?}");
        }
        builder.into_inner().unwrap_or_default()
    }

    #[test]
    fn the_encoding_is_the_one_the_tar_crate_writes_for_ustar_paths() {
        let paths = [
            "manifest.json".to_owned(),
            format!("files/{}", "a".repeat(94)),
            format!("files/{}", "a".repeat(95)),
            format!("files/{}/{}", "b".repeat(149), "c".repeat(100)),
            format!("files/{}/{}/x.pal", "d".repeat(60), "e".repeat(70)),
            format!(
                "files/{}/{}/{}",
                "f".repeat(40),
                "g".repeat(60),
                "h".repeat(99)
            ),
        ];
        for (i, path) in paths.iter().enumerate() {
            let entries = vec![Entry {
                path: path.clone(),
                bytes: vec![b'x'; i * 300],
            }];
            let ours = encode(&entries);
            assert_eq!(
                ours.as_ref().ok(),
                Some(&with_tar_crate(&entries)),
                "{path}"
            );
        }
        let unwritable = format!("files/{}", "z".repeat(120));
        let Err(e) = encode(&[Entry {
            path: unwritable,
            bytes: Vec::new(),
        }]) else {
            unreachable!("a last component over 100 bytes cannot be written")
        };
        assert_eq!(e.code, codes::BUNDLE_UNSAFE_PATH);
    }

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
        let long = format!("files/{}/x.pal", "d".repeat(140));
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
        let refs: Vec<&Entry> = back.iter().collect();
        assert!(check_canonical(&bytes, &refs).is_ok());
        let mut padded = bytes.clone();
        padded.extend_from_slice(&[0; 512]);
        let Err(e) = check_canonical(&padded, &refs) else {
            unreachable!("padding is refused")
        };
        assert_eq!(e.code, codes::BUNDLE_NOT_CANONICAL);
    }
}
