//! One engine, many threads: build once, share it (it is `Send + Sync` and cheap to clone), and
//! judge documents concurrently. Every thread gets the decisions a single thread gets.

use palisade_engine::Engine;
use std::process::ExitCode;

const IMAGE: &str = "registry.example.com/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

fn main() -> ExitCode {
    let engine = match Engine::with_stdlib() {
        Ok(engine) => engine,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let manifests: Vec<Vec<u8>> = (0..64)
        .map(|i| {
            // Hardened pods; every other one shares the host's network, which is denied.
            format!(
                "apiVersion: v1\nkind: Pod\nmetadata: {{ name: pod-{i}, namespace: shop }}\nspec:\n  hostNetwork: {}\n  serviceAccountName: app\n  automountServiceAccountToken: false\n  securityContext: {{ runAsNonRoot: true, seccompProfile: {{ type: RuntimeDefault }} }}\n  containers:\n    - name: app\n      image: {IMAGE}\n      securityContext: {{ allowPrivilegeEscalation: false, capabilities: {{ drop: [ALL] }} }}\n",
                i % 2 == 0
            )
            .into_bytes()
        })
        .collect();
    let expected: Vec<bool> = manifests
        .iter()
        .map(|m| engine.judge(m).is_allowed())
        .collect();
    let threads = std::thread::available_parallelism()
        .map_or(2, usize::from)
        .max(2);
    let results: Vec<Vec<(usize, bool)>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let engine = engine.clone();
                let manifests = &manifests;
                s.spawn(move || {
                    manifests
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| i % threads == t)
                        .map(|(i, m)| (i, engine.judge(m).is_allowed()))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let mut judged = 0;
    for (i, allowed) in results.into_iter().flatten() {
        judged += 1;
        if expected.get(i) != Some(&allowed) {
            eprintln!("document {i}: a thread disagreed with the single-threaded decision");
            return ExitCode::from(1);
        }
    }
    let denied = expected.iter().filter(|a| !**a).count();
    println!("{judged} documents judged on {threads} threads: {denied} denied, as on one thread");
    if judged == manifests.len() && denied == manifests.len() / 2 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
