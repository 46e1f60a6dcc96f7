//! `palisade serve --bundle`: the webhook serves a signed bundle's policies and its hot reload
//! accepts only bundles that verify. A replacement signed by an unknown key, or tampered, is
//! logged with its code and the old set keeps serving; a properly signed one replaces it.
// Reading a JSON field with `value["key"]` gives Null when it is absent; it does not panic.
#![allow(clippy::indexing_slicing)]

mod webhook;

use palisade::bundle::{self, Algorithm, BundleFile, BundleLimits, SigningKey};
use std::path::Path;
use std::time::Duration;
use webhook::{Pki, Result, Server, review, scratch};

const WARN: &str = include_str!("fixtures/serve/team_warn.pal");

fn key(seed: u8) -> Result<SigningKey> {
    SigningKey::from_secret_bytes(Algorithm::EcdsaP256Sha256, &[seed; 32])
        .ok_or_else(|| "not a key".to_owned())
}

/// A bundle of one policy file, signed by `key` (unsigned without one).
fn bundle_of(policy: &str, key: Option<&SigningKey>) -> Result<Vec<u8>> {
    let files = vec![BundleFile::new("team.pal", policy)];
    let unsigned = bundle::build("team", "1.0.0", files).map_err(|e| e.to_string())?;
    match key {
        Some(key) => {
            bundle::sign(&unsigned, key, &BundleLimits::default()).map_err(|e| e.to_string())
        }
        None => Ok(unsigned),
    }
}

/// Replaces a file the way a deployment does: a new file renamed over the old one.
fn replace(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, bytes).map_err(|e| e.to_string())?;
    std::fs::rename(&tmp, path).map_err(|e| e.to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_a_verified_bundle_replaces_the_served_one() -> Result<()> {
    let dir = scratch("serve-bundle")?;
    let pki = Pki::new(&dir, "first")?;
    let trusted = key(11)?;
    let stranger = key(12)?;
    let public = trusted.public_key().to_pem().map_err(|e| e.to_string())?;
    std::fs::write(dir.join("trusted.pub"), public).map_err(|e| e.to_string())?;
    let file = dir.join("policy.bundle");
    replace(&file, &bundle_of(WARN, Some(&trusted))?)?;
    let mut server = Server::start(
        &pki,
        &dir,
        &["--bundle", "policy.bundle", "--trusted-key", "trusted.pub"],
    )?;
    let client = pki.client()?;
    let pod = serde_json::json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": { "name": "web", "namespace": "shop" },
        "spec": { "containers": [{ "name": "app", "image": "ghcr.io/acme/web:1.2.3" }] },
    });
    let body = review("u-1", "shop", &pod);
    let by = |response: &serde_json::Value, how: &str| {
        response["auditAnnotations"][how]
            .as_str()
            .is_some_and(|w| w.contains("ACME-TEAM-LABEL"))
    };
    let response = client.validate(&server.addr, &body).await?.json()?["response"].clone();
    assert!(by(&response, "warned-by"), "{response}");

    let denying = WARN.replace("enforcement: \"warn\"", "enforcement: \"deny\"");
    // Signed, but by a key nobody trusts: refused, the old set keeps serving.
    replace(&file, &bundle_of(&denying, Some(&stranger))?)?;
    server.wait_for_failed_reload(1, "E0712")?;
    let response = client.validate(&server.addr, &body).await?.json()?["response"].clone();
    assert!(
        by(&response, "warned-by"),
        "a refused bundle is serving: {response}"
    );

    // The trusted signature over a changed file: refused too.
    let mut tampered = bundle_of(&denying, Some(&trusted))?;
    let at = tampered
        .windows(4)
        .position(|w| w == b"deny")
        .ok_or("no `deny` in the bundle")?;
    if let Some(byte) = tampered.get_mut(at) {
        *byte = b'D';
    }
    replace(&file, &tampered)?;
    server.wait_for_failed_reload(2, "E0708")?;
    let response = client.validate(&server.addr, &body).await?.json()?["response"].clone();
    assert!(
        by(&response, "warned-by"),
        "a tampered bundle is serving: {response}"
    );

    // Signed by the trusted key: it serves.
    replace(&file, &bundle_of(&denying, Some(&trusted))?)?;
    server.wait_for_log("policies reloaded", Duration::from_secs(30))?;
    let response = client.validate(&server.addr, &body).await?.json()?["response"].clone();
    assert!(by(&response, "denied-by"), "{response}");
    assert_eq!(response["allowed"], false);

    // The trusted key file is watched too: trusting another key re-verifies the bundle, which
    // that key did not sign.
    let public = stranger.public_key().to_pem().map_err(|e| e.to_string())?;
    replace(&dir.join("trusted.pub"), public.as_bytes())?;
    server.wait_for_failed_reload(3, "E0712")?;
    Ok(())
}

#[test]
fn serve_does_not_start_on_an_unverified_bundle() -> Result<()> {
    let dir = scratch("serve-bundle-start")?;
    let pki = Pki::new(&dir, "first")?;
    let trusted = key(21)?;
    let public = trusted.public_key().to_pem().map_err(|e| e.to_string())?;
    std::fs::write(dir.join("trusted.pub"), public).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("policy.bundle"), bundle_of(WARN, None)?).map_err(|e| e.to_string())?;
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_palisade"))
        .current_dir(&dir)
        .args(["serve", "--addr", "127.0.0.1:0", "--tls-cert"])
        .arg(pki.cert())
        .arg("--tls-key")
        .arg(pki.key())
        .args(["--bundle", "policy.bundle", "--trusted-key", "trusted.pub"])
        .output()
        .map_err(|e| e.to_string())?;
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("E0711"),
        "{out:?}"
    );
    Ok(())
}
