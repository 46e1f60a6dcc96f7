//! `--param-file` through the built binary: parameters from a YAML or JSON file change what
//! `scan` and `eval` report, `--param` overrides the file, and a file that is not a mapping of
//! qualified names is refused with its line.

use std::path::PathBuf;
use std::process::Output;

#[path = "runner_support/binary.rs"]
mod binary;
use binary::palisade;

#[expect(clippy::panic, reason = "a test helper fails its test by panicking")]
fn workspace(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("palisade-params-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (file, text) in files {
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(dir.join(file), text).unwrap_or_else(|e| panic!("{e}"));
    }
    dir
}

const POD: &str = "\
apiVersion: v1
kind: Pod
metadata: { name: web, namespace: shop }
spec:
  containers:
    - name: app
      image: nginx:1.27
";

fn restricted_findings(out: &Output) -> usize {
    String::from_utf8_lossy(&out.stdout)
        .matches("PSS-RESTRICTED-")
        .count()
}

#[test]
fn a_param_file_sets_parameters_and_param_overrides_it() {
    let dir = workspace(
        "override",
        &[
            ("pod.yaml", POD),
            (
                "baseline.yaml",
                "# only the baseline level\npalisade.k8s.pss.level: baseline\n",
            ),
            (
                "baseline.json",
                "{\"palisade.k8s.pss.level\": \"baseline\"}",
            ),
        ],
    );
    let plain = palisade(&dir, &["scan", "pod.yaml"]);
    assert!(restricted_findings(&plain) > 0);
    for file in ["baseline.yaml", "baseline.json"] {
        let out = palisade(&dir, &["scan", "pod.yaml", "--param-file", file]);
        assert_eq!(
            restricted_findings(&out),
            0,
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
    let out = palisade(
        &dir,
        &[
            "scan",
            "pod.yaml",
            "--param-file",
            "baseline.yaml",
            "--param",
            "palisade.k8s.pss.level=restricted",
        ],
    );
    assert_eq!(restricted_findings(&out), restricted_findings(&plain));
}

#[test]
fn bad_param_files_are_refused_with_their_line() {
    let dir = workspace(
        "bad",
        &[
            ("pod.yaml", POD),
            (
                "short.yaml",
                "# a name without its package\n\nlevel: baseline\n",
            ),
            ("list.yaml", "- palisade.k8s.pss.level\n"),
            ("broken.yaml", "palisade.k8s.pss.level: [\n"),
            ("unknown.yaml", "palisade.k8s.pss.levle: baseline\n"),
        ],
    );
    let cases = [
        (
            "short.yaml",
            "short.yaml:3: `level` is not a parameter name",
        ),
        ("list.yaml", "list.yaml:1: the parameters must be a mapping"),
        ("broken.yaml", "broken.yaml:"),
        ("missing.yaml", "cannot read `missing.yaml`"),
        ("unknown.yaml", "levle"),
    ];
    for (file, expected) in cases {
        let out = palisade(&dir, &["scan", "pod.yaml", "--param-file", file]);
        assert_eq!(out.status.code(), Some(2), "{file}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(expected), "{file}: {err}");
    }
}

#[test]
fn eval_reads_param_files_too() {
    let policy = "package acme\n\nparam max: int = 3\n\ntype D = { kind: \"Deployment\", spec: { replicas: int, .. }, .. }\n\nrule replicas(d: D) {\n  meta { id: \"ACME-REPLICAS\" title: \"Few replicas\" severity: \"low\" }\n  if d.spec.replicas > max {\n    violation \"too many\"\n  }\n}\n";
    let dir = workspace(
        "eval",
        &[
            ("acme.pal", policy),
            ("d.yaml", "kind: Deployment\nspec: { replicas: 5 }\n"),
            ("ten.yaml", "acme.max: 10\n"),
        ],
    );
    let denied = palisade(&dir, &["eval", "-p", "acme.pal", "-i", "d.yaml"]);
    assert_eq!(denied.status.code(), Some(1));
    let allowed = palisade(
        &dir,
        &[
            "eval",
            "-p",
            "acme.pal",
            "-i",
            "d.yaml",
            "--param-file",
            "ten.yaml",
        ],
    );
    assert_eq!(
        allowed.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&allowed.stdout)
    );
}
