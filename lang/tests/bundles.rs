//! Signed policy bundles (`palisade::bundle`, spec/bundles.md) from the outside, as a host and
//! as an attacker see them. A bundle of two policies, a `palisade.toml` and a data file round
//! trips through building, signing with Ed25519 and P-256 keys, verifying and compiling; the
//! same files give the same bytes in any order (and a golden digest pins the encoding). Every
//! refusal code of the archive, E0700 to E0716, has hostile archives written with the `tar`
//! crate or a bundle whose manifest or signatures were edited, and each is refused with its
//! code both by
//! `bundle::open` and by `PolicySet::from_verified_bundle`, the latter without parsing a file
//! (`palisade::syntax::parses_on_this_thread` does not move). Last, properties: a bundle with
//! any one byte flipped, or cut short anywhere, is refused with an E07xx code, unparsed. A
//! verified bundle of another name or an older version than asked is refused too (E0717,
//! E0718).

#![expect(
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "the helpers of these tests fail them by panicking, as the tests themselves may"
)]

use palisade::PolicySet;
use palisade::bundle::{
    self, Algorithm, BundleError, BundleFile, BundleLimits, Manifest, ManifestFile, Signatures,
    SigningKey, Trust, TrustedKeys,
};
use palisade::syntax::parses_on_this_thread;
use proptest::prelude::*;
use std::collections::BTreeSet;
use std::sync::LazyLock;
use tar::{EntryType, Header};

/// An archive entry as written by hand: a header and the content after it.
type Raw = (Header, Vec<u8>);
/// The entries of an archive as read: paths and contents.
type Entries = Vec<(String, Vec<u8>)>;

const PODS: &str = r#"package acme.pods

type Pod = { kind: "Pod", spec: { hostNetwork?: bool, .. }, .. }

rule host_network(pod: Pod) {
  meta { id: "ACME-HOST-NETWORK" title: "Host network" severity: "high" }
  if pod.spec.hostNetwork ?? false {
    violation "the pod shares the host's network" at pod.spec.hostNetwork
  }
}
"#;

const IMAGES: &str = r#"package acme.images

type Container = { image: string, .. }
type Pod = { kind: "Pod", spec: { containers: list<Container>, .. }, .. }

rule latest_tag(pod: Pod) {
  meta { id: "ACME-LATEST-TAG" title: "No latest tag" severity: "medium" }
  for c in pod.spec.containers {
    if ends_with(c.image, ":latest") {
      violation "the image uses the `latest` tag" at c.image
    }
  }
}
"#;

const SETTINGS: &str = "fail_on = \"high\"\nexclude = []\n";
const DATA: &str = "{\"registries\":[\"ghcr.io/acme\"]}\n";

/// The files of the bundle most tests start from, in path order.
fn files() -> Vec<BundleFile> {
    vec![
        BundleFile::new("acme/images.pal", IMAGES),
        BundleFile::new("acme/pods.pal", PODS),
        BundleFile::new("data/registries.json", DATA),
        BundleFile::new("palisade.toml", SETTINGS),
    ]
}

fn key(algorithm: Algorithm, secret: u8) -> SigningKey {
    SigningKey::from_secret_bytes(algorithm, &[secret; 32]).expect("a valid secret")
}

fn ed25519() -> SigningKey {
    key(Algorithm::Ed25519, 7)
}

fn p256() -> SigningKey {
    key(Algorithm::EcdsaP256Sha256, 9)
}

/// A key nobody trusts.
fn stranger() -> SigningKey {
    key(Algorithm::Ed25519, 42)
}

fn trust(keys: &[&SigningKey]) -> TrustedKeys {
    TrustedKeys::new(keys.iter().map(|k| k.public_key()).collect())
}

fn unsigned() -> Vec<u8> {
    bundle::build("acme", "1.0.0", files()).expect("the bundle builds")
}

fn signed_by(bytes: &[u8], keys: &[&SigningKey]) -> Vec<u8> {
    keys.iter().fold(bytes.to_vec(), |bytes, key| {
        bundle::sign(&bytes, key, &BundleLimits::default()).expect("the bundle is signed")
    })
}

/// The bundle the tamper suite starts from: signed by the Ed25519 key alone.
fn signed() -> Vec<u8> {
    signed_by(&unsigned(), &[&ed25519()])
}

fn manifest_of(bytes: &[u8]) -> Manifest {
    bundle::open(bytes, Trust::SkipVerification, &BundleLimits::default())
        .expect("the bundle opens")
        .manifest()
        .clone()
}

// ---- Archives written by hand ------------------------------------------------------------

/// A header as the canonical encoding writes one (ustar, 0644, 0:0, time 0), with the name
/// field set byte by byte so that any name can be written, `../x` and `/etc/passwd` included.
fn header(kind: EntryType, name: &[u8], size: u64) -> Header {
    let mut header = Header::new_ustar();
    header.as_old_mut().name[..name.len()].copy_from_slice(name);
    header.set_mode(0o644);
    header.set_uid(0);
    header.set_gid(0);
    header.set_mtime(0);
    header.set_entry_type(kind);
    header.set_size(size);
    header.set_cksum();
    header
}

/// An archive of these headers and contents, ended by the two zero blocks.
fn archive(entries: &[Raw]) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    for (header, data) in entries {
        builder.append(header, data.as_slice()).expect("appends");
    }
    builder.into_inner().expect("ends the archive")
}

/// The canonical encoding of entries (path, bytes), written independently of `palisade`, the
/// `tar` crate choosing how to spell long paths.
fn encode(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    for (path, bytes) in entries {
        let mut header = header(EntryType::Regular, b"", bytes.len() as u64);
        builder
            .append_data(&mut header, path, bytes.as_slice())
            .expect("appends");
    }
    builder.into_inner().expect("ends the archive")
}

/// A regular file entry, its name written as given (at most 100 bytes).
fn file(path: &str, bytes: &[u8]) -> Raw {
    let header = header(EntryType::Regular, path.as_bytes(), bytes.len() as u64);
    (header, bytes.to_vec())
}

/// The entries of an archive, read with the `tar` crate.
fn entries(bytes: &[u8]) -> Entries {
    let mut archive = tar::Archive::new(bytes);
    let mut out = Vec::new();
    for entry in archive.entries().expect("a tar archive") {
        let mut entry = entry.expect("an entry");
        let path = String::from_utf8(entry.path_bytes().into_owned()).expect("a UTF-8 path");
        let mut content = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut content).expect("its content");
        out.push((path, content));
    }
    out
}

/// `bytes` re-encoded after `change` edits its entries.
fn edited(bytes: &[u8], change: impl FnOnce(&mut Entries)) -> Vec<u8> {
    let mut all = entries(bytes);
    change(&mut all);
    encode(&all)
}

/// `bytes` with a raw entry inserted before its entry number `index`.
fn with_extra_at(bytes: &[u8], index: usize, extra: Raw) -> Vec<u8> {
    let mut all: Vec<Raw> = entries(bytes).iter().map(|(p, b)| file(p, b)).collect();
    all.insert(index, extra);
    archive(&all)
}

/// `bytes` with these raw entries added after its own.
fn with_extra(bytes: &[u8], extra: Vec<Raw>) -> Vec<u8> {
    let mut all: Vec<Raw> = entries(bytes).iter().map(|(p, b)| file(p, b)).collect();
    all.extend(extra);
    archive(&all)
}

/// A bundle of this manifest, signed by `key` over its canonical bytes whatever it says, and of
/// these `files/` entries.
fn assemble(manifest: &Manifest, key: &SigningKey, files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let bytes = manifest.to_bytes();
    let signatures = Signatures {
        signatures: vec![key.signature(&bytes)],
    };
    let mut all = vec![
        ("manifest.json".to_owned(), bytes),
        ("signatures.json".to_owned(), signatures.to_bytes()),
    ];
    all.extend(files.iter().cloned());
    encode(&all)
}

/// `bytes` with the header of its entry number `index` changed by `change` (checksum fixed).
fn with_header(bytes: &[u8], index: usize, change: impl FnOnce(&mut Header)) -> Vec<u8> {
    let mut archive = tar::Archive::new(bytes);
    let entry = archive.entries().expect("a tar archive").nth(index);
    let at = entry
        .expect("the entry")
        .expect("reads")
        .raw_header_position() as usize;
    let mut header = Header::from_byte_slice(&bytes[at..at + 512]).clone();
    change(&mut header);
    header.set_cksum();
    let mut out = bytes.to_vec();
    out[at..at + 512].copy_from_slice(header.as_bytes());
    out
}

/// A PAX extended header (`x`) of one record, `key=value`, that applies to the next entry.
fn pax(key: &str, value: &str) -> Raw {
    let body = format!(" {key}={value}\n");
    let mut len = body.len() + 1;
    while format!("{len}{body}").len() != len {
        len += 1;
    }
    let record = format!("{len}{body}").into_bytes();
    (
        header(EntryType::XHeader, b"PaxHeader", record.len() as u64),
        record,
    )
}

/// A GNU long-name entry (`L`) that names the next entry `name`.
fn gnu_long_name(name: &str) -> Raw {
    let data = format!("{name}\0").into_bytes();
    let mut long = Header::new_gnu();
    long.as_old_mut().name[..13].copy_from_slice(b"././@LongLink");
    long.set_entry_type(EntryType::GNULongName);
    long.set_size(data.len() as u64);
    long.set_cksum();
    (long, data)
}

/// An entry of another kind than a regular file, with no content.
fn special(kind: EntryType) -> Raw {
    let mut raw = header(kind, b"files/x", 0);
    raw.as_old_mut().linkname[..11].copy_from_slice(b"/etc/passwd");
    raw.set_cksum();
    (raw, Vec::new())
}

/// Deterministic noise.
fn noise(len: usize) -> Vec<u8> {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1);
        (state >> 56) as u8
    };
    (0..len).map(|_| next()).collect()
}

// ---- Round trip and determinism ------------------------------------------------------------

fn code(result: Result<bundle::Bundle, BundleError>) -> String {
    match result {
        Ok(_) => "accepted".to_owned(),
        Err(e) => e.code.as_str().to_owned(),
    }
}

#[test]
fn a_bundle_signed_by_two_keys_verifies_and_compiles() {
    let (ed, ec, other) = (ed25519(), p256(), stranger());
    let unsigned = unsigned();
    let signed = signed_by(&unsigned, &[&ed, &ec]);
    let limits = BundleLimits::default();
    let both = trust(&[&ed, &ec]);

    let opened = bundle::verify(&signed, &both, &limits).expect("verifies with both keys");
    assert_eq!(opened.verified_by().len(), 2);
    assert!(opened.is_verified());
    assert_eq!(
        (
            opened.manifest().name.as_str(),
            opened.manifest().version.as_str()
        ),
        ("acme", "1.0.0")
    );
    assert_eq!(opened.manifest().language, bundle::LANGUAGE_VERSION);
    assert_eq!(opened.files(), files());
    assert_eq!(opened.file("palisade.toml"), Some(SETTINGS.as_bytes()));
    assert_eq!(opened.policies().count(), 2);
    assert!(opened.config().expect("settings read").is_some());

    for one in [&ed, &ec] {
        assert_eq!(
            code(bundle::verify(&signed, &trust(&[one]), &limits)),
            "accepted"
        );
    }
    let pem = ec.public_key().to_pem().expect("encodes");
    let from_pem = TrustedKeys::new(vec![bundle::PublicKey::from_pem(&pem).expect("reads")]);
    assert_eq!(
        code(bundle::verify(&signed, &from_pem, &limits)),
        "accepted"
    );
    assert_eq!(
        code(bundle::verify(&signed, &both.clone().require(2), &limits)),
        "accepted"
    );
    assert_eq!(
        code(bundle::verify(&signed, &both.clone().require(3), &limits)),
        "E0714"
    );
    assert_eq!(
        code(bundle::verify(&signed, &trust(&[&other]), &limits)),
        "E0712"
    );
    assert_eq!(code(bundle::verify(&unsigned, &both, &limits)), "E0711");
    assert_eq!(
        code(bundle::open(&unsigned, Trust::SkipVerification, &limits)),
        "accepted"
    );

    let before = parses_on_this_thread();
    let set = PolicySet::from_verified_bundle(&signed, &both).expect("verifies and compiles");
    assert!(
        parses_on_this_thread() > before,
        "compiling a verified bundle parses its policies (else the counter proves nothing)"
    );
    let mut ids: Vec<String> = set.rules().into_iter().map(|r| r.id).collect();
    ids.sort();
    assert_eq!(ids, ["ACME-HOST-NETWORK", "ACME-LATEST-TAG"]);
}

#[test]
fn the_same_files_give_the_same_bytes_and_signatures() {
    let forward = unsigned();
    let mut reversed = files();
    reversed.reverse();
    let mut rotated = files();
    rotated.rotate_left(1);
    for order in [reversed, rotated] {
        assert_eq!(
            bundle::build("acme", "1.0.0", order).expect("builds"),
            forward
        );
    }
    assert_eq!(
        encode(&entries(&forward)),
        forward,
        "the encoding is the canonical one"
    );

    let (ed, ec) = (ed25519(), p256());
    for key in [&ed, &ec] {
        let once = signed_by(&forward, &[key]);
        assert_eq!(
            signed_by(&forward, &[key]),
            once,
            "{key:?} signs deterministically"
        );
        assert_eq!(
            signed_by(&once, &[key]),
            once,
            "signing again replaces the signature"
        );
    }
    let both = signed_by(&forward, &[&ed, &ec]);
    assert_eq!(
        signed_by(&forward, &[&ec, &ed]),
        both,
        "signatures are kept in key id order"
    );
    assert_eq!(encode(&entries(&both)), both);
}

/// The SHA-256 of the bundle of `the_encoding_of_a_fixed_bundle_is_pinned`, its manifest's
/// `language` set to `0.0.0` so that a release does not move it. A change of this digest means the bundle
/// encoding changed: spec/bundles.md and the bundle format version (`bundle::FORMAT`) must
/// change with it, since bundles already signed would no longer be reproducible.
const GOLDEN: &str = "a366b33792bd7950db16bfd57e2f440f54d7b85b55b10b492d240593ab7053ef";

#[test]
fn the_encoding_of_a_fixed_bundle_is_pinned() {
    let files = vec![
        BundleFile::new("data/b.json", "{\"b\":1}\n"),
        BundleFile::new("a.pal", "package a\n"),
    ];
    let bytes = bundle::build("golden", "1.2.3", files).expect("builds");
    // The helper `encode` writes exactly what `bundle::build` writes, so pinning what it writes
    // for the normalised entries pins the bundle encoding.
    let mut all = entries(&bytes);
    assert_eq!(encode(&all), bytes);
    let mut manifest = manifest_of(&bytes);
    manifest.language = "0.0.0".to_owned();
    all[0].1 = manifest.to_bytes();
    assert_eq!(bundle::sha256_hex(&encode(&all)), GOLDEN);
}

// ---- Every refusal -------------------------------------------------------------------------

/// A tampered bundle: what was done, the code it must be refused with, and its bytes. Each is
/// checked against the Ed25519 and the P-256 key, one signature enough (two for E0714).
type Case = (&'static str, &'static str, Vec<u8>);

fn cases() -> Vec<Case> {
    let (ed, ec) = (ed25519(), p256());
    let signed = signed();
    let manifest = manifest_of(&signed);
    let files: Entries = entries(&signed).into_iter().skip(2).collect();
    let pods = 2 + files
        .iter()
        .position(|(p, _)| p == "files/acme/pods.pal")
        .expect("there");
    let extra = |raw: Raw| with_extra(&signed, vec![raw]);
    let edit = |change: &dyn Fn(&mut Entries)| edited(&signed, change);
    // The manifest respelled, the signature kept; or changed and signed again.
    let spell = |change: &dyn Fn(String) -> String| {
        let text = String::from_utf8(manifest.to_bytes()).expect("UTF-8");
        edited(&signed, |all| all[0].1 = change(text).into_bytes())
    };
    let sign = |change: &dyn Fn(&mut Manifest)| {
        let mut changed = manifest.clone();
        change(&mut changed);
        assemble(&changed, &ed, &files)
    };
    // The signatures entry of a bundle signed by both keys, changed.
    let sigs = |change: &dyn Fn(&mut Signatures)| {
        edited(&signed_by(&unsigned(), &[&ed, &ec]), |all| {
            let mut signatures = serde_json::from_slice(&all[1].1).expect("signatures");
            change(&mut signatures);
            all[1].1 = serde_json::to_vec(&signatures).expect("serialises");
        })
    };
    // Ten bytes into `palisade.toml`, the last entry: its one block starts 1536 bytes from the end.
    let cut = signed[..signed.len() - 1526].to_vec();
    let mut broken = signed.clone();
    broken[100] ^= 1; // the manifest header's mode, its checksum left as it was
    let many = (0..10_000)
        .map(|i| file(&format!("files/n/{i}"), b""))
        .collect();
    let many = with_extra(&signed, many);
    let big = extra(file("files/x", &vec![0; (16 << 20) + 1]));
    let not_utf8 = extra((header(EntryType::Regular, b"files/\xff", 0), Vec::new()));
    let long = with_extra(&signed, vec![gnu_long_name("../x"), file("f", b"")]);
    let pax_path = with_extra(&signed, vec![pax("path", "/x"), file("f", b"")]);
    let again = extra(file("files/acme/pods.pal", PODS.as_bytes()));
    let absent = ManifestFile {
        path: "zzz.pal".to_owned(),
        sha256: bundle::sha256_hex(b""),
        size: 0,
    };
    let empty = (
        "signatures.json".to_owned(),
        b"{\"signatures\":[]}".to_vec(),
    );
    // Another character of the Ed25519 signature's Base64: still Base64, still canonical.
    let altered = sigs(&|s| {
        let ed = s.signatures.iter_mut().find(|s| s.algorithm == "ed25519");
        let ed = &mut ed.expect("signed").signature;
        let other = if ed.as_bytes()[10] == b'A' { "B" } else { "A" };
        ed.replace_range(10..11, other);
    });
    let ed_only = |s: &mut Signatures| {
        s.signatures
            .iter_mut()
            .for_each(|s| s.algorithm = "ed25519".into());
    };
    let twice = |s: &mut Signatures| s.signatures.push(s.signatures[0].clone());
    // The P-256 signature in another valid form: raw r‖s, or with S replaced by n − S. Both
    // verify mathematically; neither is the one encoding a bundle records.
    let p256_as = |form: fn(p256::ecdsa::Signature) -> Vec<u8>| {
        sigs(&move |s: &mut Signatures| {
            use base64::Engine as _;
            let b64 = base64::engine::general_purpose::STANDARD;
            let ec = s
                .signatures
                .iter_mut()
                .find(|s| s.algorithm == "ecdsa-p256-sha256");
            let ec = ec.expect("signed by P-256");
            let der = b64.decode(&ec.signature).expect("Base64");
            let parsed = p256::ecdsa::Signature::from_der(&der).expect("DER");
            ec.signature = b64.encode(form(parsed));
        })
    };
    let raw = p256_as(|sig| sig.to_bytes().to_vec());
    let high_s = p256_as(|sig| {
        let (r, s) = sig.split_scalars();
        let high = p256::ecdsa::Signature::from_scalars(r.to_bytes(), (-*s).to_bytes());
        high.expect("a signature").to_der().as_bytes().to_vec()
    });
    let gnu = |h: &mut Header| h.as_mut_bytes()[257..265].copy_from_slice(b"ustar  \0");
    vec![
        ("re-encoded", "accepted", encode(&entries(&signed))),
        ("noise", "E0700", noise(2048)),
        ("cut in a header", "E0700", signed[..300].to_vec()),
        ("cut in a file", "E0700", cut),
        ("a checksum wrong", "E0700", broken),
        // The default limits, as `from_verified_bundle` applies them.
        ("max_bytes", "E0701", vec![0; (64 << 20) + 1]),
        ("max_entries", "E0701", many),
        ("max_file_bytes", "E0701", big),
        ("../x", "E0702", extra(file("../x", b"x"))),
        ("/etc/passwd", "E0702", extra(file("/etc/passwd", b"x"))),
        ("files/../../x", "E0702", extra(file("files/../../x", b"x"))),
        ("escape", "E0702", extra(file("files/\u{1b}", b"x"))),
        ("not UTF-8", "E0702", not_utf8),
        ("GNU long name", "E0702", long),
        ("PAX path", "E0702", pax_path),
        ("listed ..", "E0702", spell(&|s| s.replace("acme", ".."))),
        ("symlink", "E0703", extra(special(EntryType::Symlink))),
        ("hard link", "E0703", extra(special(EntryType::Link))),
        ("char device", "E0703", extra(special(EntryType::Char))),
        ("block device", "E0703", extra(special(EntryType::Block))),
        ("directory", "E0703", extra(special(EntryType::Directory))),
        ("fifo", "E0703", extra(special(EntryType::Fifo))),
        ("a file twice", "E0704", again),
        ("manifest twice", "E0704", edit(&|e| e.push(e[0].clone()))),
        ("no manifest", "E0705", edit(&|e| drop(e.remove(0)))),
        ("nothing", "E0705", encode(&[])),
        ("not JSON", "E0705", spell(&|_| "{".to_owned())),
        (
            "unknown",
            "E0705",
            spell(&|s| s.replace("}]", "}],\"x\":1")),
        ),
        ("not a version", "E0705", sign(&|m| m.language = "x".into())),
        ("a space", "E0706", spell(&|s| s.replacen(",\"", ", \"", 1))),
        ("unsorted", "E0706", sign(&|m| m.files.reverse())),
        (
            "listed twice",
            "E0706",
            sign(&|m| m.files[1] = m.files[0].clone()),
        ),
        ("99.0.0", "E0707", sign(&|m| m.language = "99.0.0".into())),
        ("format 2", "E0707", sign(&|m| m.bundle = 2)),
        ("changed", "E0708", edit(&|e| e[pods].1.push(b'\n'))),
        ("same size", "E0708", edit(&|e| e[pods].1[0] ^= 1)),
        ("re-signed", "E0708", sign(&|m| m.files[1].size += 1)),
        ("unlisted", "E0709", extra(file("files/z.pal", b""))),
        ("evil.sh", "E0709", extra(file("evil.sh", b"rm -rf /"))),
        ("a file removed", "E0710", edit(&|e| drop(e.remove(pods)))),
        (
            "listed, absent",
            "E0710",
            sign(&|m| m.files.push(absent.clone())),
        ),
        ("unsigned", "E0711", unsigned()),
        (
            "empty list",
            "E0715",
            edited(&unsigned(), |e| e.insert(1, empty)),
        ),
        ("stranger", "E0712", signed_by(&unsigned(), &[&stranger()])),
        ("altered", "E0713", altered),
        ("other algorithm", "E0713", sigs(&ed_only)),
        ("changed", "E0713", spell(&|s| s.replace("1.0.0", "1.0.1"))),
        ("one of two", "E0714", signed.clone()),
        ("not JSON", "E0715", edit(&|e| e[1].1 = b"[".to_vec())),
        ("unsorted", "E0715", sigs(&|s| s.signatures.reverse())),
        ("a key twice", "E0715", sigs(&twice)),
        (
            "key id not hex",
            "E0715",
            sigs(&|s| s.signatures[0].keyid = "\n".repeat(64)),
        ),
        (
            "unknown algorithm",
            "E0715",
            sigs(&|s| s.signatures[0].algorithm = "rsa".into()),
        ),
        ("P-256 raw r‖s", "E0713", raw),
        ("P-256 high S", "E0713", high_s),
        (
            "control character",
            "E0705",
            sign(&|m| m.name = "acme\u{1b}[8m".into()),
        ),
        ("512 zeros", "E0716", [&signed[..], &[0; 512]].concat()),
        (
            "mtime",
            "E0716",
            with_header(&signed, 2, |h| h.set_mtime(1)),
        ),
        (
            "owner",
            "E0716",
            with_header(&signed, 0, |h| h.set_uid(1000)),
        ),
        ("GNU header", "E0716", with_header(&signed, 3, gnu)),
        ("files unsorted", "E0716", edit(&|e| e[2..].reverse())),
        ("signatures later", "E0716", edit(&|e| e.swap(1, 2))),
        (
            "PAX",
            "E0716",
            with_extra_at(&signed, 2, pax("comment", "hi")),
        ),
    ]
}

/// Why a case is not refused as it should be by `bundle::open` and by
/// `PolicySet::from_verified_bundle`, the latter refusing before it parses anything.
fn check((what, expected, bytes): &Case) -> Option<String> {
    let (ed, ec) = (ed25519(), p256());
    let trusted = trust(&[&ed, &ec]).require(if *expected == "E0714" { 2 } else { 1 });
    let opened = code(bundle::open(
        bytes,
        Trust::Keys(&trusted),
        &BundleLimits::default(),
    ));
    let before = parses_on_this_thread();
    let loaded = match PolicySet::from_verified_bundle(bytes, &trusted) {
        Ok(_) => "accepted".to_owned(),
        Err(e) => e
            .code()
            .map_or_else(|| e.to_string(), |c| c.as_str().to_owned()),
    };
    let parsed = parses_on_this_thread() - before;
    if opened != *expected || loaded != *expected {
        Some(format!(
            "{what}: `open` gives {opened}, `from_verified_bundle` {loaded}, not {expected}"
        ))
    } else if *expected != "accepted" && parsed != 0 {
        Some(format!("{what}: refused after parsing {parsed} file(s)"))
    } else {
        None
    }
}

#[test]
fn every_tampered_bundle_is_refused_with_its_code_before_anything_is_parsed() {
    let cases = cases();
    let failures: Vec<String> = cases.iter().filter_map(check).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let covered: BTreeSet<&str> = cases.iter().map(|c| c.1).collect();
    let every: BTreeSet<String> = (700..=716).map(|n| format!("E0{n}")).collect();
    let missing: Vec<&String> = every
        .iter()
        .filter(|c| !covered.contains(c.as_str()))
        .collect();
    assert!(missing.is_empty(), "no case triggers {missing:?}");
}

#[test]
fn smaller_limits_are_honoured_and_a_bundle_at_the_limits_opens() {
    let signed = signed();
    let count = entries(&signed).len();
    let biggest = entries(&signed)
        .iter()
        .map(|(_, b)| b.len())
        .max()
        .unwrap_or(0);
    let at = BundleLimits {
        max_bytes: signed.len(),
        max_entries: count,
        max_file_bytes: biggest,
    };
    let trusted = trust(&[&ed25519()]);
    assert_eq!(
        code(bundle::open(&signed, Trust::Keys(&trusted), &at)),
        "accepted"
    );
    for below in [
        BundleLimits {
            max_bytes: signed.len() - 1,
            ..at
        },
        BundleLimits {
            max_entries: count - 1,
            ..at
        },
        BundleLimits {
            max_file_bytes: biggest - 1,
            ..at
        },
    ] {
        let opened = bundle::open(&signed, Trust::Keys(&trusted), &below);
        assert_eq!(code(opened), "E0701", "{below:?}");
    }
}

/// SemVer gives build metadata no precedence, so a bundle built by this very release with build
/// metadata in its version (`0.1.0+ci.7`) is not newer than this Palisade, and opens.
#[test]
fn build_metadata_does_not_make_a_bundle_too_new() {
    let signed = signed();
    let mut manifest = manifest_of(&signed);
    manifest.language = format!("{}+ci.7", bundle::LANGUAGE_VERSION);
    let files: Entries = entries(&signed).into_iter().skip(2).collect();
    let bytes = assemble(&manifest, &ed25519(), &files);
    let opened = bundle::verify(&bytes, &trust(&[&ed25519()]), &BundleLimits::default());
    assert_eq!(code(opened), "accepted");
}

// ---- Properties ----------------------------------------------------------------------------

/// A bundle of two policies signed by both keys, both required: no signature is spare, so no
/// byte of it is.
static SIGNED: LazyLock<(Vec<u8>, TrustedKeys)> = LazyLock::new(|| {
    let (ed, ec) = (ed25519(), p256());
    (
        signed_by(&unsigned(), &[&ed, &ec]),
        trust(&[&ed, &ec]).require(2),
    )
});

fn refused_unparsed(bytes: &[u8], trusted: &TrustedKeys) -> Result<(), TestCaseError> {
    let before = parses_on_this_thread();
    let result = PolicySet::from_verified_bundle(bytes, trusted);
    prop_assert_eq!(parses_on_this_thread(), before, "nothing is parsed");
    let code = match &result {
        Ok(_) => None,
        Err(e) => e.code().map(|c| c.as_str()),
    };
    prop_assert!(
        code.is_some_and(|c| c.starts_with("E07")),
        "refused with an E07xx code, got {:?}",
        result.err().map(|e| e.to_string())
    );
    Ok(())
}

#[test]
fn the_property_bundle_is_accepted_as_it_is() {
    let (bytes, trusted) = &*SIGNED;
    assert!(PolicySet::from_verified_bundle(bytes, trusted).is_ok());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn a_bundle_with_one_byte_flipped_is_refused(at in any::<prop::sample::Index>(), mask in 1..=u8::MAX) {
        let (bytes, trusted) = &*SIGNED;
        let mut bytes = bytes.clone();
        let at = at.index(bytes.len());
        bytes[at] ^= mask;
        refused_unparsed(&bytes, trusted)?;
    }

    #[test]
    fn a_truncated_bundle_is_refused(at in any::<prop::sample::Index>()) {
        let (bytes, trusted) = &*SIGNED;
        refused_unparsed(&bytes[..at.index(bytes.len())], trusted)?;
    }
}

#[test]
fn a_verified_bundle_must_be_the_one_asked_for_and_not_older_than_the_minimum() {
    let ed = ed25519();
    let bytes = signed();
    let limits = BundleLimits::default();
    let version = |v: &str| semver::Version::parse(v).expect("a version");
    let cases = [
        (trust(&[&ed]).name("acme"), "accepted"),
        (trust(&[&ed]).name("other"), "E0717"),
        (trust(&[&ed]).min_version(version("1.0.0")), "accepted"),
        (trust(&[&ed]).min_version(version("0.9.0")), "accepted"),
        (trust(&[&ed]).min_version(version("1.0.1")), "E0718"),
        (
            trust(&[&ed]).name("acme").min_version(version("2.0.0")),
            "E0718",
        ),
    ];
    for (trusted, expected) in cases {
        assert_eq!(code(bundle::verify(&bytes, &trusted, &limits)), expected);
        let before = parses_on_this_thread();
        let loaded = PolicySet::from_verified_bundle(&bytes, &trusted);
        if expected != "accepted" {
            assert_eq!(
                loaded.err().and_then(|e| e.code()).map(|c| c.as_str()),
                Some(expected)
            );
            assert_eq!(parses_on_this_thread(), before, "parsed before refusing");
        }
    }
    // A version that is not SemVer is never at least the minimum.
    let odd = bundle::build("acme", "2024-06", files()).expect("builds");
    let odd = signed_by(&odd, &[&ed]);
    let minimum = trust(&[&ed]).min_version(version("1.0.0"));
    assert_eq!(code(bundle::verify(&odd, &minimum, &limits)), "E0718");
}
