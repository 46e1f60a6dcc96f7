//! Hot reload of `palisade serve`: a policy file replaced by a broken one leaves the old set
//! serving and counts a failed reload; fixing it brings the new set in; SIGHUP reloads too; the
//! `[admission]` settings of `palisade.toml` reload with the policies (invalid ones are refused);
//! a rotated certificate is presented to new connections without a restart.
// Reading a JSON field with `value["key"]` gives Null when it is absent; it does not panic.
#![allow(clippy::indexing_slicing)]

mod webhook;

use std::time::Duration;
use webhook::{Pki, Result, Server, review, scratch};

const WARN: &str = include_str!("fixtures/serve/team_warn.pal");

/// Writes a policy file the way an editor or a ConfigMap update does: a new file renamed over.
fn replace(path: &std::path::Path, text: &str) -> Result<()> {
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, text).map_err(|e| e.to_string())?;
    std::fs::rename(&tmp, path).map_err(|e| e.to_string())
}

fn metric(metrics: &str, line_start: &str) -> Option<f64> {
    metrics
        .lines()
        .find(|l| l.starts_with(line_start))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broken_policy_keeps_the_old_set_and_a_fixed_one_replaces_it() -> Result<()> {
    let dir = scratch("serve-reload-policies")?;
    let pki = Pki::new(&dir, "first")?;
    let policies = dir.join("policies");
    std::fs::create_dir_all(&policies).map_err(|e| e.to_string())?;
    let file = policies.join("team.pal");
    replace(&file, WARN)?;
    let mut server = Server::start(&pki, &dir, &["--policy", "policies"])?;
    let client = pki.client()?;
    let pod = serde_json::json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": { "name": "web", "namespace": "shop" },
        "spec": { "containers": [{ "name": "app", "image": "ghcr.io/acme/web:1.2.3" }] },
    });
    let body = review("u-1", "shop", &pod);
    let warned = |response: &serde_json::Value| {
        response["auditAnnotations"]["warned-by"]
            .as_str()
            .is_some_and(|w| w.contains("ACME-TEAM-LABEL"))
    };
    let denied = |response: &serde_json::Value| {
        response["auditAnnotations"]["denied-by"]
            .as_str()
            .is_some_and(|w| w.contains("ACME-TEAM-LABEL"))
    };
    let response = client.validate(&server.addr, &body).await?.json()?["response"].clone();
    assert!(warned(&response), "{response}");

    // Broken: a type that does not exist. The old set keeps serving.
    replace(&file, &WARN.replace("k8s.Pod", "k8s.Podd"))?;
    let failed = server.wait_for_log(
        "policy reload failed; the previous set keeps serving",
        Duration::from_secs(30),
    )?;
    assert!(
        failed["diagnostics"]
            .as_str()
            .is_some_and(|d| d.contains("Podd")),
        "{failed}"
    );
    assert!(
        !failed["diagnostics"]
            .as_str()
            .unwrap_or_default()
            .contains('\u{1b}')
    );
    let response = client.validate(&server.addr, &body).await?.json()?["response"].clone();
    assert!(
        warned(&response),
        "the old set is no longer serving: {response}"
    );
    let metrics = client.request(&server.addr, "GET", "/metrics", b"").await?;
    let metrics = String::from_utf8_lossy(&metrics.body).into_owned();
    assert_eq!(
        metric(
            &metrics,
            "palisade_reloads_total{what=\"policies\",result=\"error\"}"
        ),
        Some(1.0),
        "{metrics}"
    );
    assert_eq!(metric(&metrics, "palisade_policy_generation"), Some(1.0));

    // Fixed, and now denying: the new set serves.
    replace(
        &file,
        &WARN.replace("enforcement: \"warn\"", "enforcement: \"deny\""),
    )?;
    server.wait_for_log("policies reloaded", Duration::from_secs(30))?;
    let response = client.validate(&server.addr, &body).await?.json()?["response"].clone();
    assert!(denied(&response), "{response}");
    assert_eq!(response["allowed"], false);

    // SIGHUP reloads as well.
    server.signal("HUP")?;
    let reloaded = server.wait_for_logs("policies reloaded", 2, Duration::from_secs(30))?;
    assert_eq!(reloaded["generation"], 3, "{reloaded}");
    let metrics = client.request(&server.addr, "GET", "/metrics", b"").await?;
    let metrics = String::from_utf8_lossy(&metrics.body).into_owned();
    assert_eq!(
        metric(
            &metrics,
            "palisade_reloads_total{what=\"policies\",result=\"ok\"}"
        ),
        Some(2.0),
        "{metrics}"
    );
    assert_eq!(metric(&metrics, "palisade_policy_generation"), Some(3.0));
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admission_settings_of_palisade_toml_reload_with_the_policies() -> Result<()> {
    let dir = scratch("serve-reload-settings")?;
    let pki = Pki::new(&dir, "first")?;
    let config = dir.join("palisade.toml");
    replace(&config, "exclude = [\"IMAGES-DIGEST\"]\n")?;
    let mut server = Server::start(&pki, &dir, &[])?;
    let client = pki.client()?;
    let body = webhook::example("privileged-pod-review.json")?;
    let mut review: serde_json::Value = serde_json::from_slice(&body).map_err(|e| e.to_string())?;
    review["request"]["namespace"] = serde_json::json!("sandbox");
    let body = review.to_string().into_bytes();
    let response = client.validate(&server.addr, &body).await?.json()?["response"].clone();
    assert_eq!(response["allowed"], false);
    let denied_by = response["auditAnnotations"]["denied-by"]
        .as_str()
        .unwrap_or_default();
    assert!(!denied_by.contains("IMAGES-DIGEST"), "{denied_by}");

    replace(
        &config,
        "exclude = [\"IMAGES-DIGEST\"]\n\n[admission]\nexempt_namespaces = [\"sandbox\"]\n",
    )?;
    server.wait_for_log("policies reloaded", Duration::from_secs(30))?;
    let response = client.validate(&server.addr, &body).await?.json()?["response"].clone();
    assert_eq!(response["allowed"], true, "{response}");
    assert_eq!(response["auditAnnotations"]["exempt"], "namespace sandbox");

    // A setting that is not valid keeps the previous settings.
    replace(&config, "[admission]\ndeny_severity = \"urgent\"\n")?;
    server.wait_for_failed_reload(1, "urgent")?;
    let response = client.validate(&server.addr, &body).await?.json()?["response"].clone();
    assert_eq!(response["allowed"], true, "{response}");
    Ok(())
}

/// Kubernetes updates a mounted ConfigMap by writing a new `..<timestamp>` folder and renaming
/// a `..data` symlink over the old one; `palisade.toml` is a symlink through `..data`.
fn mount(folder: &std::path::Path, stamp: &str, config: &str) -> Result<()> {
    let data = folder.join(stamp);
    std::fs::create_dir_all(&data).map_err(|e| e.to_string())?;
    std::fs::write(data.join("palisade.toml"), config).map_err(|e| e.to_string())?;
    let tmp = folder.join("..data_tmp");
    let _ = std::fs::remove_file(&tmp);
    std::os::unix::fs::symlink(stamp, &tmp).map_err(|e| e.to_string())?;
    std::fs::rename(&tmp, folder.join("..data")).map_err(|e| e.to_string())?;
    let link = folder.join("palisade.toml");
    if link.symlink_metadata().is_err() {
        std::os::unix::fs::symlink("..data/palisade.toml", &link).map_err(|e| e.to_string())?;
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_config_map_swap_reloads_and_other_files_beside_do_not() -> Result<()> {
    let dir = scratch("serve-reload-mounted")?;
    let pki = Pki::new(&dir, "first")?;
    let config = dir.join("config");
    mount(&config, "..2026_12_06_01", "")?;
    // The policy named as a file; its folder also holds a file that keeps changing.
    let policies = dir.join("policies");
    std::fs::create_dir_all(&policies).map_err(|e| e.to_string())?;
    replace(&policies.join("team.pal"), WARN)?;
    let mut server = Server::start(
        &pki,
        &dir,
        &[
            "--policy",
            "policies/team.pal",
            "--config",
            "config/palisade.toml",
        ],
    )?;
    let client = pki.client()?;
    let body = review(
        "u-mount",
        "sandbox",
        &serde_json::json!({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": { "name": "web", "namespace": "sandbox" },
            "spec": { "hostPID": true, "containers": [{ "name": "app", "image": "ghcr.io/acme/web:1.2.3" }] },
        }),
    );
    let response = client.validate(&server.addr, &body).await?.json()?["response"].clone();
    assert_eq!(response["allowed"], false);

    for i in 0..5 {
        std::fs::write(policies.join("serve.log"), format!("line {i}\n"))
            .map_err(|e| e.to_string())?;
        std::fs::write(config.join("notes.txt"), format!("{i}")).map_err(|e| e.to_string())?;
    }
    // Were they taken for changes, a reload would start within this time (and the generations
    // counted below would be off by one).
    tokio::time::sleep(Duration::from_millis(1000)).await;
    mount(
        &config,
        "..2026_12_06_02",
        "[admission]\nexempt_namespaces = [\"sandbox\"]\n",
    )?;
    let reloaded = server.wait_for_log("policies reloaded", Duration::from_secs(30))?;
    assert_eq!(reloaded["generation"], 2, "{reloaded}");
    let response = client.validate(&server.addr, &body).await?.json()?["response"].clone();
    assert_eq!(response["allowed"], true, "{response}");
    // Only that swap reloaded: a SIGHUP now is the next generation, and the files that keep
    // changing beside the policy and the settings caused none.
    server.signal("HUP")?;
    let again = server.wait_for_logs("policies reloaded", 2, Duration::from_secs(30))?;
    assert_eq!(again["generation"], 3, "{again}");
    assert_eq!(server.count_logged("policies reloaded"), 2);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rotated_certificate_is_served_to_new_connections() -> Result<()> {
    let dir = scratch("serve-reload-tls")?;
    let pki = Pki::new(&dir, "first")?;
    let first = std::fs::read_to_string(pki.cert()).map_err(|e| e.to_string())?;
    let mut server = Server::start(&pki, &dir, &[])?;
    let client = pki.client()?;
    let before = client.server_certificate(&server.addr).await?;
    // An open connection made before the rotation.
    let mut old = client.session(&server.addr).await?;

    let second = pki.issue("second")?;
    assert_ne!(
        first,
        std::fs::read_to_string(pki.cert()).map_err(|e| e.to_string())?
    );
    server.wait_for_log("certificate reloaded", Duration::from_secs(30))?;
    let after = client.server_certificate(&server.addr).await?;
    assert_ne!(before, after);
    assert_eq!(after, second);
    // The connection made before still works.
    let answer = old.request("GET", "/readyz", b"").await?;
    assert_eq!(answer.status, 200);

    // A broken key file is refused; the current pair stays.
    std::fs::write(pki.key(), "not a key").map_err(|e| e.to_string())?;
    server.wait_for_log(
        "certificate reload failed; the old one stays",
        Duration::from_secs(30),
    )?;
    assert_eq!(client.server_certificate(&server.addr).await?, second);
    Ok(())
}
