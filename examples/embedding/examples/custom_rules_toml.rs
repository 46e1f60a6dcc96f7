//! A rule set of your own, with parameters from a `palisade.toml`, and the library packages it
//! imports: here a limit on replicas, set to 3 by the TOML, judged on a Deployment.

use palisade::Config;
use palisade_engine::{Engine, Stdlib};
use std::process::ExitCode;

const POLICY: &str = r#"package acme.replicas

import palisade.k8s

param max_replicas: int = 10

rule bounded(d: k8s.Deployment) {
  meta {
    id: "ACME-REPLICAS"
    title: "Deployments stay within the replica budget"
    severity: "medium"
    controls: ["nist-800-53:SC-6"]
  }
  if (d.spec.replicas ?? 1) > max_replicas {
    violation "`{d.metadata.name ?? "?"}` asks for {d.spec.replicas ?? 1} replicas, more than {max_replicas}" at d.spec.replicas
  }
}
"#;

const TOML: &str = r#"fail_on = "medium"

[params]
"acme.replicas.max_replicas" = 3
"#;

const DEPLOYMENT: &[u8] = b"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 5
  template:
    spec:
      containers:
        - name: app
          image: nginx:1.27
";

fn main() -> ExitCode {
    let config = match Config::parse(TOML) {
        Ok(config) => config,
        Err(e) => {
            eprintln!("palisade.toml: {e}");
            return ExitCode::from(2);
        }
    };
    let engine = match Engine::builder()
        .stdlib(Stdlib::Imported)
        .policy("acme/replicas.pal", POLICY)
        .config(&config)
        .build()
    {
        Ok(engine) => engine,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let report = engine.scan("deployment.yaml", DEPLOYMENT);
    for f in &report.findings {
        println!(
            "{}:{} {} {} at {}",
            report.file, f.line, f.rule, f.message, f.path
        );
    }
    // The parameter from the TOML decided: 5 replicas is over the limit of 3, on line 6.
    match report.findings.as_slice() {
        [f] if f.rule == "ACME-REPLICAS" && f.line == 6 => ExitCode::SUCCESS,
        _ => {
            eprintln!("expected exactly one ACME-REPLICAS finding on line 6");
            ExitCode::from(1)
        }
    }
}
