//! Input and evaluation limits set by users, through the built binary: `[limits]` in
//! `palisade.toml` and `--max-*`/`--fuel` on `scan` and `eval`, the command line over the file,
//! each limit refusing with its own code, and unknown keys refused.

use std::path::PathBuf;
use std::process::Output;

#[path = "runner_support/binary.rs"]
mod binary;
use binary::palisade;

#[expect(clippy::panic, reason = "a test helper fails its test by panicking")]
fn workspace(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("palisade-limits-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    for (file, text) in files {
        std::fs::write(dir.join(file), text).unwrap_or_else(|e| panic!("{e}"));
    }
    dir
}

const POD: &str = "\
apiVersion: v1
kind: Pod
metadata: { name: web, namespace: shop, labels: { a: '1', b: '2', c: '3' } }
spec:
  containers:
    - name: app
      image: nginx:1.27
      args: [one, two, three, four, five, six]
";

fn codes(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn flags_and_palisade_toml_set_input_limits() {
    let dir = workspace("input", &[("pod.yaml", POD)]);
    let plain = palisade(&dir, &["scan", "pod.yaml"]);
    assert!(!codes(&plain).contains("E040"), "{}", codes(&plain));
    let cases: [(&[&str], &str); 4] = [
        (&["--max-nodes", "10"], "E0402"),
        (&["--max-depth", "2"], "E0401"),
        (&["--max-collection-len", "3"], "E0403"),
        (&["--max-string-bytes", "4"], "E0404"),
    ];
    for (flags, code) in cases {
        let mut args = vec!["scan", "pod.yaml"];
        args.extend_from_slice(flags);
        let out = palisade(&dir, &args);
        assert_eq!(out.status.code(), Some(1), "{flags:?}");
        assert!(codes(&out).contains(code), "{flags:?}: {}", codes(&out));
    }
    let out = palisade(&dir, &["scan", "pod.yaml", "--max-bytes", "20"]);
    assert!(codes(&out).contains("E0402"), "{}", codes(&out));

    // The same from palisade.toml, and the command line over it.
    std::fs::write(dir.join("palisade.toml"), "[limits]\nmax_nodes = 10\n").ok();
    let out = palisade(&dir, &["scan", "pod.yaml"]);
    assert!(codes(&out).contains("E0402"), "{}", codes(&out));
    let out = palisade(&dir, &["scan", "pod.yaml", "--max-nodes", "1000"]);
    assert!(!codes(&out).contains("E0402"), "{}", codes(&out));
    std::fs::write(dir.join("palisade.toml"), "[limits]\nmax_node = 10\n").ok();
    let out = palisade(&dir, &["scan", "pod.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("max_node"));
}

#[test]
fn fuel_from_the_command_line_and_the_file() {
    let dir = workspace("fuel", &[("pod.yaml", POD)]);
    let out = palisade(&dir, &["scan", "pod.yaml", "--fuel", "5"]);
    assert!(codes(&out).contains("ran out of fuel"), "{}", codes(&out));
    std::fs::write(dir.join("palisade.toml"), "[limits]\nfuel = 5\n").ok();
    let out = palisade(&dir, &["scan", "pod.yaml"]);
    assert!(codes(&out).contains("ran out of fuel"), "{}", codes(&out));
    let out = palisade(&dir, &["scan", "pod.yaml", "--fuel", "10000000"]);
    assert!(!codes(&out).contains("ran out of fuel"), "{}", codes(&out));
}

#[test]
fn eval_takes_the_input_limits_too() {
    let policy = "package acme\n\ntype P = { kind: \"Pod\", .. }\n\nrule named(p: P) {\n  meta { id: \"ACME-POD\" title: \"Pods\" severity: \"low\" }\n  if p.kind == \"Pod\" and false {\n    violation \"never\"\n  }\n}\n";
    let dir = workspace("eval", &[("pod.yaml", POD), ("acme.pal", policy)]);
    let ok = palisade(&dir, &["eval", "-p", "acme.pal", "-i", "pod.yaml"]);
    assert_eq!(ok.status.code(), Some(0), "{}", codes(&ok));
    let out = palisade(
        &dir,
        &[
            "eval",
            "-p",
            "acme.pal",
            "-i",
            "pod.yaml",
            "--max-nodes",
            "10",
        ],
    );
    assert_ne!(out.status.code(), Some(0));
    let all = format!("{}{}", codes(&out), String::from_utf8_lossy(&out.stderr));
    assert!(all.contains("E0402"), "{all}");
}
