//! Judge a manifest with the standard library, as `palisade scan` would: findings with rule ids,
//! controls and lines. `cargo run -p palisade-embedding-examples --example judge_manifest -- FILE`
//! (a privileged DaemonSet from `examples/k8s` without an argument). Exits 1 when a denying rule
//! found something.

use palisade_engine::Engine;
use std::process::ExitCode;

fn main() -> ExitCode {
    let path = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../k8s/privileged-daemonset.yaml"
        )
        .to_owned()
    });
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("cannot read {path}: {e}");
            return ExitCode::from(2);
        }
    };
    let engine = match Engine::with_stdlib() {
        Ok(engine) => engine,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let report = engine.scan(&path, &bytes);
    for f in &report.findings {
        println!(
            "{}:{} {} [{} {}] {} ({})",
            report.file,
            f.line,
            f.rule,
            f.severity,
            f.enforcement,
            f.message,
            f.controls.join(", ")
        );
    }
    let denying = report
        .findings
        .iter()
        .filter(|f| f.enforcement == "deny")
        .count();
    println!(
        "{} objects judged, {} findings, {denying} from denying rules",
        report.documents,
        report.findings.len()
    );
    if denying > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
