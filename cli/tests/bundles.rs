//! `palisade bundle` as a release engineer runs it, and `--bundle` as CI and clusters load it:
//! build → keygen → sign → verify → scan gives the findings of the folder itself; `test`,
//! `check` and `eval` read policies, settings, schemas and fixtures from the bundle; builds are
//! byte-identical across folders and times; and tampered bundles are refused with their codes
//! before anything is scanned. The full tamper suite (a bundle per refusal code, random byte
//! flips) is `lang/tests/bundles.rs`; signatures made and checked by `openssl` are
//! `cli/tests/bundle/openssl.sh`.

#[path = "runner_support/binary.rs"]
mod binary;

use binary::palisade;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bundle")
}

fn inputs() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/bundle_inputs")
        .display()
        .to_string()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("palisade-bundle-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_default();
    dir
}

/// Copies the fixture folder to `to`.
fn copy_fixture(to: &Path) {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap_or_default();
        let entries = std::fs::read_dir(from).unwrap_or_else(|e| unreachable!("{e}"));
        for entry in entries.flatten() {
            let target = to.join(entry.file_name());
            if entry.path().is_dir() {
                copy(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), &target).unwrap_or_else(|e| unreachable!("{e}"));
            }
        }
    }
    copy(&fixture(), to);
}

fn ok(out: &Output) {
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A folder with the fixture's policies in `policies/`, two keys, and the bundle built and
/// signed by both.
fn signed(name: &str) -> PathBuf {
    let dir = scratch(name);
    copy_fixture(&dir.join("policies"));
    ok(&palisade(&dir, &["bundle", "keygen", "-o", "release"]));
    ok(&palisade(
        &dir,
        &["bundle", "keygen", "-o", "security", "--algorithm", "p256"],
    ));
    ok(&palisade(
        &dir,
        &[
            "bundle",
            "build",
            "policies",
            "-o",
            "acme.bundle",
            "--name",
            "acme",
            "--bundle-version",
            "2.1.0",
        ],
    ));
    ok(&palisade(
        &dir,
        &["bundle", "sign", "acme.bundle", "--key", "release.key"],
    ));
    ok(&palisade(
        &dir,
        &["bundle", "sign", "acme.bundle", "--key", "security.key"],
    ));
    dir
}

/// `palisade bundle verify --format json` of `acme.bundle` with these trusted keys (and
/// `--require N` when given), and its answer.
fn verify(dir: &Path, keys: &[&str], require: Option<&str>) -> (Output, Value) {
    let mut args = vec!["bundle", "verify", "acme.bundle", "--format", "json"];
    for key in keys {
        args.extend(["--trusted-key", key]);
    }
    if let Some(n) = require {
        args.extend(["--require", n]);
    }
    let out = palisade(dir, &args);
    let answer = serde_json::from_slice(&out.stdout).unwrap_or_default();
    (out, answer)
}

/// `palisade bundle build policies -o out.bundle` in `dir` exits `code`, says `why`, and
/// writes nothing.
fn build_refused(dir: &Path, code: i32, why: &str) {
    let out = palisade(dir, &["bundle", "build", "policies", "-o", "out.bundle"]);
    assert_eq!(out.status.code(), Some(code), "{out:?}");
    assert!(stderr(&out).contains(why), "{out:?}");
    assert!(!dir.join("out.bundle").exists());
}

/// The findings of a JSON scan report, as (file, line, rule, message), sorted.
fn findings(out: &Output) -> Vec<(String, u64, String, String)> {
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| unreachable!("not JSON ({e}): {out:?}"));
    let files = report.get("files").and_then(Value::as_array);
    let list: Vec<Value> = files
        .into_iter()
        .flatten()
        .flat_map(|f| f.get("findings").and_then(Value::as_array).cloned())
        .flatten()
        .collect();
    let field = |f: &Value, k: &str| f.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
    let mut out: Vec<_> = list
        .iter()
        .map(|f| {
            (
                field(f, "file"),
                f.get("line").and_then(Value::as_u64).unwrap_or(0),
                field(f, "rule"),
                field(f, "message"),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn a_signed_bundle_scans_as_its_folder_does() {
    let dir = signed("round-trip");
    let (verified, answer) = verify(&dir, &["release.pub", "security.pub"], Some("2"));
    ok(&verified);
    assert_eq!(answer["verified"], true);
    assert_eq!(answer["keys"].as_array().map(Vec::len), Some(2));

    let from_folder = palisade(
        &dir,
        &[
            "scan",
            "--policy",
            "policies",
            "--config",
            "policies/palisade.toml",
            "--format",
            "json",
            &inputs(),
        ],
    );
    let from_bundle = palisade(
        &dir,
        &[
            "scan",
            "--bundle",
            "acme.bundle",
            "--trusted-key",
            "security.pub",
            "--format",
            "json",
            &inputs(),
        ],
    );
    assert_eq!(from_folder.status.code(), Some(1), "{from_folder:?}");
    assert_eq!(from_bundle.status.code(), Some(1), "{from_bundle:?}");
    let expected = findings(&from_folder);
    assert_eq!(findings(&from_bundle), expected);
    let rules: Vec<&str> = expected.iter().map(|f| f.2.as_str()).collect();
    // The bundle's own rules, with its signed parameter and the CRD schema it carries.
    assert!(rules.contains(&"ACME-TRUSTED-REGISTRY"), "{rules:?}");
    assert!(rules.contains(&"ACME-PRIVILEGED-STAGE"), "{rules:?}");
}

#[test]
fn test_check_and_eval_read_everything_from_the_bundle() {
    let dir = signed("commands");
    // Nothing on disk is read: the fixture and the schema exist only in the bundle now.
    std::fs::remove_dir_all(dir.join("policies")).unwrap_or_default();
    let trusted = ["--bundle", "acme.bundle", "--trusted-key", "release.pub"];

    let tested = palisade(&dir, &[&["test"][..], &trusted].concat());
    ok(&tested);
    assert!(
        String::from_utf8_lossy(&tested.stdout).contains("1 passed, 0 failed"),
        "{tested:?}"
    );

    let checked = palisade(&dir, &[&["check"][..], &trusted].concat());
    ok(&checked);

    let workloads = format!("{}/workloads.yaml", inputs());
    let evaluated = palisade(
        &dir,
        &[
            &["eval", "--format", "json", "-i", &workloads][..],
            &trusted,
        ]
        .concat(),
    );
    assert_eq!(evaluated.status.code(), Some(1), "{evaluated:?}");
    let text = String::from_utf8_lossy(&evaluated.stdout);
    assert!(text.contains("ACME-PRIVILEGED-STAGE"), "{text}");
    // The bundle's `palisade.toml` sets the trusted registries: ghcr.io/acme is not reported.
    assert!(text.contains("docker.io/library/api:2"), "{text}");
    assert!(!text.contains("ghcr.io/acme/builder"), "{text}");
}

#[test]
fn builds_of_one_tree_are_byte_identical_wherever_and_whenever_they_are_made() {
    let dir = scratch("determinism");
    copy_fixture(&dir.join("first/policies"));
    copy_fixture(&dir.join("second/elsewhere/policies"));
    // Other modification times and permissions on the second copy.
    let old = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
    let file = dir.join("second/elsewhere/policies/registries.pal");
    let handle = std::fs::File::options()
        .write(true)
        .open(&file)
        .unwrap_or_else(|e| unreachable!("{e}"));
    handle.set_modified(old).unwrap_or_default();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap_or_default();
    }
    let build = |at: &Path| {
        ok(&palisade(
            at,
            &[
                "bundle",
                "build",
                "policies",
                "-o",
                "out.bundle",
                "--name",
                "acme",
            ],
        ));
        std::fs::read(at.join("out.bundle")).unwrap_or_default()
    };
    let first = build(&dir.join("first"));
    let second = build(&dir.join("second/elsewhere"));
    assert!(!first.is_empty());
    assert!(first == second, "two builds of one tree differ");
}

/// Changes the first occurrence of `from` in `bytes` to `to` (same length).
fn replaced(bytes: &[u8], from: &str, to: &str) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let at = bytes
        .windows(from.len())
        .position(|w| w == from.as_bytes())
        .unwrap_or_else(|| unreachable!("`{from}` is not in the bundle"));
    let mut out = bytes.to_vec();
    out.splice(at..at + from.len(), to.bytes());
    out
}

#[test]
fn scan_refuses_every_tampered_bundle_with_its_code_and_scans_nothing() {
    let dir = signed("tamper");
    let good = std::fs::read(dir.join("acme.bundle")).unwrap_or_default();
    ok(&palisade(&dir, &["bundle", "keygen", "-o", "stranger"]));
    ok(&palisade(
        &dir,
        &[
            "bundle",
            "build",
            "policies",
            "-o",
            "unsigned.bundle",
            "--name",
            "acme",
        ],
    ));
    std::fs::copy(dir.join("unsigned.bundle"), dir.join("stranger.bundle")).unwrap_or_default();
    ok(&palisade(
        &dir,
        &["bundle", "sign", "stranger.bundle", "--key", "stranger.key"],
    ));

    let manifest = palisade(
        &dir,
        &["bundle", "inspect", "acme.bundle", "--format", "json"],
    );
    let inspected: Value = serde_json::from_slice(&manifest.stdout).unwrap_or_default();
    // The signature by `release`, the key the cases trust.
    let (_, release) = verify(&dir, &["release.pub"], None);
    let signature = inspected["signatures"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|s| s["keyid"] == release["keys"][0])
        .and_then(|s| s["signature"].as_str())
        .unwrap_or_default()
        .to_owned();
    assert!(!signature.is_empty(), "{inspected}");
    // A signature altered but still Base64 of the same length.
    let first = signature.chars().next().unwrap_or('A');
    let altered = format!(
        "{}{}",
        if first == 'B' { 'C' } else { 'B' },
        &signature[1..]
    );
    let mut appended = good.clone();
    appended.extend_from_slice(&[0u8; 512]);

    // The second trusted key of the threshold case signed nothing.
    let two: &[&str] = &["--trusted-key", "stranger.pub", "--require-signatures", "2"];
    let cases: Vec<(&str, Vec<u8>, &[&str])> = vec![
        ("E0700", good[..good.len() / 2].to_vec(), &[]),
        (
            "E0708",
            replaced(&good, "trusted registry\"", "trusted rEgistry\""),
            &[],
        ),
        (
            "E0711",
            std::fs::read(dir.join("unsigned.bundle")).unwrap_or_default(),
            &[],
        ),
        (
            "E0712",
            std::fs::read(dir.join("stranger.bundle")).unwrap_or_default(),
            &[],
        ),
        ("E0713", replaced(&good, &signature, &altered), &[]),
        ("E0714", good.clone(), two),
        ("E0716", appended, &[]),
    ];
    for (code, bytes, extra) in cases {
        std::fs::write(dir.join("case.bundle"), &bytes).unwrap_or_default();
        let inputs = inputs();
        let args = [
            &[
                "scan",
                "--bundle",
                "case.bundle",
                "--trusted-key",
                "release.pub",
            ][..],
            extra,
            &["--format", "json", &inputs][..],
        ]
        .concat();
        let out = palisade(&dir, &args);
        assert_eq!(out.status.code(), Some(2), "{code}: {out:?}");
        assert!(stderr(&out).contains(code), "{code}: {}", stderr(&out));
        assert!(
            out.stdout.is_empty(),
            "{code}: something was scanned: {out:?}"
        );
    }
}

#[test]
fn without_a_trusted_key_a_bundle_is_refused_unless_verification_is_skipped_loudly() {
    let dir = signed("insecure");
    let refused = palisade(&dir, &["scan", "--bundle", "acme.bundle", &inputs()]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).contains("--trusted-key"), "{refused:?}");

    ok(&palisade(
        &dir,
        &["bundle", "build", "policies", "-o", "unsigned.bundle"],
    ));
    let skipped = palisade(
        &dir,
        &[
            "scan",
            "--bundle",
            "unsigned.bundle",
            "--insecure-skip-verify",
            &inputs(),
        ],
    );
    assert_eq!(skipped.status.code(), Some(1), "{skipped:?}");
    assert!(
        stderr(&skipped).contains("warning: the signatures of"),
        "{skipped:?}"
    );
    // Skipping signatures skips nothing else: a changed file is still refused.
    let bytes = std::fs::read(dir.join("unsigned.bundle")).unwrap_or_default();
    let changed = replaced(&bytes, "trusted registry\"", "trusted rEgistry\"");
    std::fs::write(dir.join("changed.bundle"), changed).unwrap_or_default();
    let out = palisade(
        &dir,
        &[
            "scan",
            "--bundle",
            "changed.bundle",
            "--insecure-skip-verify",
            &inputs(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("E0708"), "{out:?}");
}

#[test]
fn keygen_makes_an_owner_only_private_key_and_never_overwrites_one() {
    let dir = scratch("keygen");
    ok(&palisade(
        &dir,
        &["bundle", "keygen", "-o", "k", "--algorithm", "p256"],
    ));
    let private = std::fs::read_to_string(dir.join("k.key")).unwrap_or_default();
    assert!(
        private.starts_with("-----BEGIN PRIVATE KEY-----"),
        "{private}"
    );
    let public = std::fs::read_to_string(dir.join("k.pub")).unwrap_or_default();
    assert!(public.starts_with("-----BEGIN PUBLIC KEY-----"), "{public}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.join("k.key")).map(|m| m.permissions().mode());
        assert_eq!(mode.ok().map(|m| m & 0o777), Some(0o600));
    }
    let again = palisade(&dir, &["bundle", "keygen", "-o", "k"]);
    assert_eq!(again.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(dir.join("k.key")).unwrap_or_default(),
        private
    );
}

#[test]
fn a_folder_with_errors_builds_no_bundle() {
    let dir = scratch("broken");
    copy_fixture(&dir.join("policies"));
    let file = dir.join("policies/registries.pal");
    let text = std::fs::read_to_string(&file).unwrap_or_default();
    std::fs::write(&file, text.replace("k8s.Pod", "k8s.Podd")).unwrap_or_default();
    build_refused(&dir, 1, "Podd");

    // Settings that do not fit the policies are found at build time, not where it is loaded.
    std::fs::write(&file, text).unwrap_or_default();
    let config = dir.join("policies/palisade.toml");
    let settings = std::fs::read_to_string(&config).unwrap_or_default();
    std::fs::write(
        &config,
        settings.replace("registries.allowed", "registries.alowed"),
    )
    .unwrap_or_default();
    build_refused(&dir, 1, "alowed");
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_in_the_folder_is_refused_rather_than_left_out() {
    let dir = scratch("symlink");
    copy_fixture(&dir.join("policies"));
    copy_fixture(&dir.join("shared"));
    std::os::unix::fs::symlink(dir.join("shared/testdata"), dir.join("policies/linked"))
        .unwrap_or_default();
    build_refused(&dir, 2, "symbolic link");
}

#[cfg(unix)]
#[test]
fn signing_in_place_keeps_the_file_its_mode_and_where_a_link_points() {
    use std::os::unix::fs::PermissionsExt;
    let dir = signed("in-place");
    let real = dir.join("acme.bundle");
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap_or_default();
    std::os::unix::fs::symlink(&real, dir.join("current.bundle")).unwrap_or_default();
    ok(&palisade(&dir, &["bundle", "keygen", "-o", "third"]));
    ok(&palisade(
        &dir,
        &["bundle", "sign", "current.bundle", "--key", "third.key"],
    ));
    let link = std::fs::symlink_metadata(dir.join("current.bundle"));
    assert!(
        link.is_ok_and(|m| m.file_type().is_symlink()),
        "the link was replaced"
    );
    let mode = std::fs::metadata(&real).map(|m| m.permissions().mode() & 0o777);
    assert_eq!(mode.ok(), Some(0o600));
    let (out, answer) = verify(&dir, &["third.pub", "release.pub"], Some("2"));
    ok(&out);
    assert_eq!(answer["verified"], true);
    // No temporary file is left beside it.
    let names: Vec<String> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

#[test]
fn eval_applies_every_setting_the_bundle_signs() {
    let dir = scratch("eval-settings");
    copy_fixture(&dir.join("policies"));
    let config = dir.join("policies/palisade.toml");
    let settings = std::fs::read_to_string(&config).unwrap_or_default();
    let settings = settings.replace(
        "exclude = []",
        "exclude = [\"ACME-TRUSTED-REGISTRY\"]\ndeny_unjudged = true",
    );
    std::fs::write(&config, settings).unwrap_or_default();
    ok(&palisade(&dir, &["bundle", "keygen", "-o", "release"]));
    ok(&palisade(
        &dir,
        &["bundle", "build", "policies", "-o", "acme.bundle"],
    ));
    ok(&palisade(
        &dir,
        &["bundle", "sign", "acme.bundle", "--key", "release.key"],
    ));
    std::fs::write(
        dir.join("input.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\n\
         apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: docker.io/x}]\n",
    )
    .unwrap_or_default();
    let out = palisade(
        &dir,
        &[
            "eval",
            "--bundle",
            "acme.bundle",
            "--trusted-key",
            "release.pub",
            "-i",
            "input.yaml",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("E0508"),
        "the unjudged ConfigMap is not denied: {text}"
    );
    assert!(
        !text.contains("from no trusted registry"),
        "the excluded rule ran: {text}"
    );
}

#[test]
fn an_oversized_bundle_is_refused_before_it_is_read() {
    let dir = scratch("oversized");
    ok(&palisade(&dir, &["bundle", "keygen", "-o", "release"]));
    // 65 MiB of nothing on disk (sparse): over the 64 MiB limit.
    let file =
        std::fs::File::create(dir.join("big.bundle")).unwrap_or_else(|e| unreachable!("{e}"));
    file.set_len(65 << 20).unwrap_or_default();
    let out = palisade(
        &dir,
        &[
            "scan",
            "--bundle",
            "big.bundle",
            "--trusted-key",
            "release.pub",
            &inputs(),
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(stderr(&out).contains("E0701"), "{out:?}");
}

#[test]
fn a_bundle_of_another_name_or_an_older_version_is_refused() {
    let dir = signed("identity");
    let scan = |extra: &[&str]| {
        let inputs = inputs();
        let args = [
            &[
                "scan",
                "--bundle",
                "acme.bundle",
                "--trusted-key",
                "release.pub",
            ][..],
            extra,
            &["--format", "json", &inputs][..],
        ]
        .concat();
        palisade(&dir, &args)
    };
    let other = scan(&["--bundle-name", "other"]);
    assert_eq!(other.status.code(), Some(2), "{other:?}");
    assert!(stderr(&other).contains("E0717"), "{other:?}");
    let older = scan(&["--min-bundle-version", "2.2.0"]);
    assert_eq!(older.status.code(), Some(2), "{older:?}");
    assert!(stderr(&older).contains("E0718"), "{older:?}");
    let current = scan(&["--bundle-name", "acme", "--min-bundle-version", "2.1.0"]);
    assert_eq!(current.status.code(), Some(1), "{current:?}");
}
