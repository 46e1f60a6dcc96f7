//! The cost budget of `palisade serve`: a policy set with a rule whose static cost bound is
//! over `--max-rule-cost` does not start the server (exit code 2, E0509 named), and a reload
//! that would bring such a rule in is refused while the previous set keeps serving.
// Reading a JSON field with `value["key"]` gives Null when it is absent; it does not panic.
#![allow(clippy::indexing_slicing)]

mod webhook;

use std::process::{Command, Stdio};
use webhook::{Pki, Result, Server, repo, scratch};

/// The rules of `cli/tests/fixtures/cost/pairs.pal` with one loop and two nested loops.
fn within_budget() -> Result<String> {
    let all = std::fs::read_to_string(repo().join("cli/tests/fixtures/cost/pairs.pal"))
        .map_err(|e| e.to_string())?;
    let cut = all.find("rule triples").ok_or("no triples rule")?;
    Ok(all.get(..cut).unwrap_or_default().to_owned())
}

/// Room for two nested loops over 1,000 elements, not for three.
const BUDGET: [&str; 6] = [
    "--no-stdlib",
    "--max-collection-len",
    "1000",
    "--max-rule-cost",
    "100000000",
    "--policy",
];

#[test]
fn a_set_over_the_budget_does_not_start() -> Result<()> {
    let dir = scratch("serve-cost-start")?;
    let pki = Pki::new(&dir, "first")?;
    let out = Command::new(env!("CARGO_BIN_EXE_palisade"))
        .current_dir(repo())
        .args(["serve", "--addr", "127.0.0.1:0", "--tls-cert"])
        .arg(pki.cert())
        .arg("--tls-key")
        .arg(pki.key())
        .args(BUDGET)
        .arg("cli/tests/fixtures/cost/pairs.pal")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| e.to_string())?;
    let log = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{log}");
    assert!(
        log.contains("E0509") && log.contains("ACME-TRIPLES"),
        "{log}"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reload_over_the_budget_keeps_the_previous_set() -> Result<()> {
    let dir = scratch("serve-cost-reload")?;
    let pki = Pki::new(&dir, "first")?;
    let file = dir.join("pairs.pal");
    std::fs::write(&file, within_budget()?).map_err(|e| e.to_string())?;
    let mut args: Vec<&str> = BUDGET.to_vec();
    args.push("pairs.pal");
    let mut server = Server::start(&pki, &dir, &args)?;
    // The third rule comes in: its three nested loops are over the budget.
    let tmp = dir.join("pairs.tmp");
    std::fs::copy(repo().join("cli/tests/fixtures/cost/pairs.pal"), &tmp)
        .map_err(|e| e.to_string())?;
    std::fs::rename(&tmp, &file).map_err(|e| e.to_string())?;
    let failed = server.wait_for_failed_reload(1, "cost budget")?;
    assert!(failed.to_string().contains("ACME-TRIPLES"), "{failed}");
    assert!(server.child_alive());
    // The probes still answer: the previous set serves.
    let client = pki.client()?;
    let ready = client.request(&server.addr, "GET", "/readyz", b"").await?;
    assert_eq!(ready.status, 200);
    Ok(())
}
