//! Writes `benches/RESULTS.md` from one run of `benches/run.sh`: the medians criterion recorded
//! (`target/criterion/<group>/<bench>/new/estimates.json`), the peak memory of the P6 and P7
//! scans, the machine and commit, each target checked, then the analysis of targets not met.
//!
//! `bench-report CRITERION_DIR MEMORY_FILE META_FILE ANALYSIS_FILE LSP_FILE [SERVE_FILE
//! [DOCKER_FILE [GITHUB_FILE [LIST_FILE]]]]` prints the report. MEMORY_FILE holds lines
//! `<manifests> <peak RSS in KiB>`; LIST_FILE lines `<items> <bytes> <peak RSS in KiB>`;
//! META_FILE lines `key: value`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

/// The median of a benchmark in nanoseconds, if it ran.
fn median(criterion: &Path, id: &str) -> Option<f64> {
    let text = std::fs::read_to_string(criterion.join(id).join("new/estimates.json")).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    json.get("median")?.get("point_estimate")?.as_f64()
}

fn time(ns: Option<f64>) -> String {
    match ns {
        None => "not run".to_owned(),
        Some(ns) if ns < 1e3 => format!("{ns:.0} ns"),
        Some(ns) if ns < 1e6 => format!("{:.2} µs", ns / 1e3),
        Some(ns) if ns < 1e9 => format!("{:.1} ms", ns / 1e6),
        Some(ns) => format!("{:.2} s", ns / 1e9),
    }
}

/// How many times faster `ours` is than `theirs`.
fn faster(ours: Option<f64>, theirs: Option<f64>) -> Option<f64> {
    Some(theirs? / ours?)
}

fn ratio(r: Option<f64>) -> String {
    r.map_or_else(|| "—".to_owned(), |r| format!("{r:.2}×"))
}

fn verdict(met: Option<bool>) -> &'static str {
    match met {
        Some(true) => "met",
        Some(false) => "**not met**",
        None => "not measured",
    }
}

struct Report {
    criterion: std::path::PathBuf,
    out: String,
    summary: Vec<(String, String, String, &'static str)>,
}

impl Report {
    fn m(&self, id: &str) -> Option<f64> {
        median(&self.criterion, id)
    }

    fn target(&mut self, what: &str, target: &str, value: String, met: Option<bool>) {
        self.summary
            .push((what.to_owned(), target.to_owned(), value, verdict(met)));
    }

    fn p1(&mut self) {
        self.out.push_str(
            "## P1: Pod Security subset over a 3-container pod\n\n\
             Per-decision latency, policies compiled once (Palisade's options prepared once).\n\n\
             | pod | Palisade | regorus | cel | vs regorus | vs cel |\n|---|---|---|---|---|---|\n",
        );
        for pod in ["pass", "fail"] {
            let group = format!("p1_pod_{pod}");
            let ours = self.m(&format!("{group}/palisade"));
            let rego = self.m(&format!("{group}/regorus"));
            let cel = self.m(&format!("{group}/cel"));
            let (vs_rego, vs_cel) = (faster(ours, rego), faster(ours, cel));
            let _ = writeln!(
                self.out,
                "| {pod}ing | {} | {} | {} | {} faster | {} faster |",
                time(ours),
                time(rego),
                time(cel),
                ratio(vs_rego),
                ratio(vs_cel)
            );
            self.target(
                &format!("P1 {pod}ing pod vs regorus"),
                "≥ 10×",
                ratio(vs_rego),
                vs_rego.map(|r| r >= 10.0),
            );
            // The failing pod's bar against cel is higher: cel stops at its first failing
            // check, while a decision lists every violation.
            let (bar, min) = if pod == "fail" {
                ("≥ 4×", 4.0)
            } else {
                ("≥ 3×", 3.0)
            };
            self.target(
                &format!("P1 {pod}ing pod vs cel"),
                bar,
                ratio(vs_cel),
                vs_cel.map(|r| r >= min),
            );
        }
        self.out.push('\n');
    }

    fn p2(&mut self) {
        self.out.push_str(
            "## P2: attribute-based authorization (Cedar's style)\n\n\
             `palisade` evaluates with options prepared once (the membership graph bound once, as \
             Cedar's entities and regorus' data are); `palisade unprepared` binds them on every \
             request.\n\n\
             | request | Palisade | Palisade unprepared | cedar-policy | regorus | vs cedar | vs regorus |\n\
             |---|---|---|---|---|---|---|\n",
        );
        for request in ["allowed", "denied"] {
            let group = format!("p2_authz_{request}");
            let ours = self.m(&format!("{group}/palisade"));
            let unprepared = self.m(&format!("{group}/palisade_unprepared"));
            let cedar = self.m(&format!("{group}/cedar"));
            let rego = self.m(&format!("{group}/regorus"));
            let vs_cedar = faster(ours, cedar);
            let _ = writeln!(
                self.out,
                "| {request} | {} | {} | {} | {} | {} faster | {} faster |",
                time(ours),
                time(unprepared),
                time(cedar),
                time(rego),
                ratio(vs_cedar),
                ratio(faster(ours, rego))
            );
            self.target(
                &format!("P2 {request} request vs cedar-policy"),
                "≥ 3×",
                ratio(vs_cedar),
                vs_cedar.map(|r| r >= 3.0),
            );
        }
        self.out.push('\n');
    }

    fn p3(&mut self) {
        // The P3 group is named after its number of manifests: take the largest run.
        let count_of = |name: &str| -> Option<usize> {
            name.strip_prefix("p3_scan_")?
                .strip_suffix("_manifests")?
                .parse()
                .ok()
        };
        let Some((count, group)) = std::fs::read_dir(&self.criterion).ok().and_then(|dir| {
            dir.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter_map(|n| Some((count_of(&n)?, n)))
                .max()
        }) else {
            self.target("P3 scan / parse-only throughput", "≥ 0.8", "—".into(), None);
            return;
        };
        let parse = self.m(&format!("{group}/parse_only"));
        let scan = self.m(&format!("{group}/parse_and_stdlib"));
        let count = count as f64;
        let fraction = faster(scan, parse);
        let per = |t: Option<f64>| time(t.map(|t| t / count));
        let _ = write!(
            self.out,
            "## P3: scan throughput\n\n{count} generated manifests (mixed kinds, about 2 KB each), \
             one thread: read from YAML only, and read then judged by the whole standard \
             library.\n\n| | whole run | per manifest |\n|---|---|---|\n\
             | parse only | {} | {} |\n| parse and judge | {} | {} |\n\n\
             Scan throughput as a fraction of parse-only throughput: **{}**.\n\n",
            time(parse),
            per(parse),
            time(scan),
            per(scan),
            fraction.map_or_else(|| "—".to_owned(), |f| format!("{f:.2}"))
        );
        self.target(
            "P3 scan / parse-only throughput",
            "≥ 0.8",
            fraction.map_or_else(|| "—".to_owned(), |f| format!("{f:.2}")),
            fraction.map(|f| f >= 0.8),
        );
    }

    fn p4(&mut self) {
        let cold = self.m("p4_incremental_1000_rules/cold_check");
        let edit = self.m("p4_incremental_1000_rules/recheck_after_body_edit");
        let parse_one = self.m("p4_incremental_1000_rules/parse_one_file");
        let check_one = self.m("p4_incremental_1000_rules/check_one_file");
        let percent = |t: Option<f64>| {
            faster(cold, t).map_or_else(|| "—".to_owned(), |r| format!("{:.1}%", r * 100.0))
        };
        let share = faster(cold, edit).map(|r| r * 100.0);
        let _ = write!(
            self.out,
            "## P4: incremental checking of 1,000 rules\n\n50 generated files of 20 rules; cold \
             check of all, and re-check through the database after one rule body changed. The \
             edited file parsed, and checked from scratch alone, show the floor of re-checking \
             a whole file.\n\n| | time | of the cold check |\n|---|---|---|\n\
             | cold check | {} | 100% |\n| re-check after a body edit | {} | {} |\n\
             | parse the edited file | {} | {} |\n| check the edited file alone | {} | {} |\n\n",
            time(cold),
            time(edit),
            percent(edit),
            time(parse_one),
            percent(parse_one),
            time(check_one),
            percent(check_one)
        );
        self.target(
            "P4 re-check / cold check",
            "≤ 1%",
            share.map_or_else(|| "—".to_owned(), |s| format!("{s:.1}%")),
            share.map(|s| s <= 1.0),
        );
    }

    fn f1(&mut self) {
        let mut rows = String::new();
        let mut worst: Option<f64> = None;
        for (group, what) in [
            ("f1_format_stdlib", "the standard library"),
            ("f1_format_1000_rules", "a generated file of 1,000 rules"),
        ] {
            let parse = self.m(&format!("{group}/parse"));
            let fmt = self.m(&format!("{group}/format"));
            let r = faster(fmt, parse);
            if let Some(r) = r {
                worst = Some(worst.map_or(r, |w: f64| w.min(r)));
            }
            let _ = writeln!(
                rows,
                "| {what} | {} | {} | {} |",
                time(parse),
                time(fmt),
                ratio(r)
            );
        }
        let _ = write!(
            self.out,
            "## F1: formatting throughput\n\n`palisade::format` (which parses, lays out and \
             prints) against `syntax::parse` alone, on the same texts in the same run. The \
             throughput ratio is parse time / format time.\n\n\
             | input | parse | format | throughput ratio |\n|---|---|---|---|\n{rows}\n"
        );
        self.target(
            "F1 format / parse throughput (lower of the two inputs)",
            "≥ 0.5",
            worst.map_or_else(|| "—".to_owned(), |w| format!("{w:.2}")),
            worst.map(|w| w >= 0.5),
        );
    }

    fn l1(&mut self) {
        let shapes = [
            (
                "l1_lsp_stdlib_and_50_files_of_20_rules",
                "50 files of 20 rules",
            ),
            (
                "l1_lsp_stdlib_and_1_file_of_1000_rules",
                "1 file of 1,000 rules",
            ),
        ];
        let mut rows = String::new();
        let mut measured = Vec::new();
        for (group, what) in shapes {
            let keystroke = self.m(&format!("{group}/keystroke_recheck"));
            let completion = self.m(&format!("{group}/completion_at_field"));
            let hover = self.m(&format!("{group}/hover"));
            let cold = self.m(&format!("{group}/cold_check"));
            let _ = writeln!(
                rows,
                "| {what} | {} | {} | {} | {} |",
                time(keystroke),
                time(completion),
                time(hover),
                time(cold)
            );
            measured.push((what, keystroke, completion));
        }
        let _ = write!(
            self.out,
            "## L1: language server work per keystroke and request\n\nThe standard library and \
             1,000 generated rules, in two shapes. The server keeps one incremental host: a \
             keystroke (one character inside one rule) sets that file's text and asks a new \
             snapshot for the set's diagnostics, which parses and checks the edited file again \
             (against the unchanged interfaces of the others). Completion after a `.` checks the \
             enclosing item alone with a placeholder at the cursor. Hover is measured on a \
             snapshot whose positions are already recorded. The cold check builds a new host.\n\n\
             | workspace | keystroke → diagnostics | completion at a field | hover | cold check |\n\
             |---|---|---|---|---|\n{rows}\n"
        );
        let ms = |t: Option<f64>| t.map(|t| t / 1e6);
        for (what, keystroke, completion) in measured {
            self.target(
                &format!("L1 keystroke → diagnostics, {what}"),
                "≤ 10 ms",
                time(keystroke),
                ms(keystroke).map(|t| t <= 10.0),
            );
            self.target(
                &format!("L1 completion at a field access, {what}"),
                "≤ 5 ms",
                time(completion),
                ms(completion).map(|t| t <= 5.0),
            );
        }
    }

    /// `lsp-footprint`'s lines: shape, files, cold first and all diagnostics (ms), keystroke
    /// round trip (ms), peak RSS (KiB).
    fn l2(&mut self, lines: &str) {
        let mut rows = String::new();
        let mut worst_rss: Option<f64> = None;
        for line in lines.lines() {
            let f: Vec<&str> = line.split_whitespace().collect();
            let [shape, files, first, all, keystroke, rss] = f.as_slice() else {
                continue;
            };
            let mb = rss.parse::<f64>().map(|k| k / 1024.0).ok();
            if let Some(mb) = mb {
                worst_rss = Some(worst_rss.map_or(mb, |w: f64| w.max(mb)));
            }
            let shape = match *shape {
                "50x20" => "50 files of 20 rules",
                "1x1000" => "1 file of 1,000 rules",
                other => other,
            };
            let _ = writeln!(
                rows,
                "| {shape} ({files} workspace files) | {first} ms | {all} ms | {keystroke} ms | {} |",
                mb.map_or_else(|| "—".to_owned(), |m| format!("{m:.1} MB"))
            );
        }
        let _ = write!(
            self.out,
            "## L2: the language server as a process\n\n`benches/src/bin/lsp-footprint.rs` starts \
             the release `palisade lsp` on a folder of generated policies (the standard library \
             files they import are added by the server), as an editor does, with \
             `diagnosticsDelayMs: 0` so that no pause in typing is waited for. Cold start is \
             `initialize` sent → first diagnostics published, and → those of every file; a \
             keystroke is a change sent → its diagnostics received (the mean of ten changes that \
             break and mend one rule); peak RSS is `VmHWM` after them.\n\n\
             | workspace | cold: first diagnostics | cold: all files | keystroke round trip | peak RSS |\n\
             |---|---|---|---|---|\n{rows}\n"
        );
        self.target(
            "L2 server peak RSS (larger shape)",
            "≤ 100 MB",
            worst_rss.map_or_else(|| "—".to_owned(), |m| format!("{m:.1} MB")),
            worst_rss.map(|m| m <= 100.0),
        );
    }

    /// D1: the whole `palisade scan` process against the whole `hadolint` process over the
    /// Dockerfile corpus, from the `key=value` lines of `benches/peers-docker.sh`.
    fn d1(&mut self, lines: &str) {
        let get = |key: &str| {
            lines
                .lines()
                .find_map(|l| l.strip_prefix(key)?.strip_prefix('='))
                .map(|v| v.trim().to_owned())
        };
        let num = |key: &str| get(key).and_then(|v| v.parse::<f64>().ok());
        let (Some(p), Some(h)) = (num("docker_palisade_us"), num("docker_hadolint_us")) else {
            self.out
                .push_str("## D1: Dockerfiles against hadolint\n\nNot measured in this run.\n\n");
            return;
        };
        let ratio = h / p;
        let _ = write!(
            self.out,
            "## D1: Dockerfiles against hadolint\n\n`benches/peers-docker.sh` runs `palisade \
             scan` (release) over the {} Dockerfiles of `peers/docker/corpus` and {} over the \
             same files, both as whole processes printing JSON, alternating, {} runs each; \
             medians. `peers/docker/compare.py` checks that they agree \
             (`peers/docker/differences.md`).\n\n\
             | tool | median wall time | |\n|---|---|---|\n\
             | palisade scan | {:.1} ms | 1.00 |\n\
             | hadolint | {:.1} ms | {:.2}× palisade |\n\n",
            get("docker_files").unwrap_or_default(),
            get("docker_hadolint_version").unwrap_or_else(|| "hadolint".to_owned()),
            get("docker_runs").unwrap_or_default(),
            p / 1000.0,
            h / 1000.0,
            ratio,
        );
        self.target(
            "D1 Dockerfile corpus, hadolint time / palisade time",
            "≥ 5×",
            format!("{ratio:.1}×"),
            Some(ratio >= 5.0),
        );
    }

    /// D2: the whole `palisade scan` process against the whole `zizmor --offline` process over
    /// the workflow corpus, from the `key=value` lines of `benches/peers-github.sh`.
    fn d2(&mut self, lines: &str) {
        let get = |key: &str| {
            lines
                .lines()
                .find_map(|l| l.strip_prefix(key)?.strip_prefix('='))
                .map(|v| v.trim().to_owned())
        };
        let num = |key: &str| get(key).and_then(|v| v.parse::<f64>().ok());
        let (Some(p), Some(z)) = (num("github_palisade_us"), num("github_zizmor_us")) else {
            self.out.push_str(
                "## D2: GitHub Actions workflows against zizmor\n\nNot measured in this run.\n\n",
            );
            return;
        };
        let ratio = z / p;
        let _ = write!(
            self.out,
            "## D2: GitHub Actions workflows against zizmor\n\n`benches/peers-github.sh` runs \
             `palisade scan` (release) over the {} workflows and actions of \
             `peers/github/corpus` and {} `--offline` over the same files, both as whole \
             processes printing JSON, alternating, {} runs each; medians. \
             `peers/github/compare.py` checks that they agree \
             (`peers/github/differences.md`).\n\n\
             | tool | median wall time | |\n|---|---|---|\n\
             | palisade scan | {:.1} ms | 1.00 |\n\
             | zizmor | {:.1} ms | {:.2}× palisade |\n\n",
            get("github_files").unwrap_or_default(),
            get("github_zizmor_version").unwrap_or_else(|| "zizmor".to_owned()),
            get("github_runs").unwrap_or_default(),
            p / 1000.0,
            z / 1000.0,
            ratio,
        );
        self.target(
            "D2 workflow corpus, zizmor time / palisade time",
            "≥ 2×",
            format!("{ratio:.1}×"),
            Some(ratio >= 2.0),
        );
    }

    /// D3: the whole `palisade scan` process against the whole `checkov -d` process over the
    /// Terraform corpus, time and peak memory, from the `key=value` lines of
    /// `benches/peers-terraform.sh`.
    fn d3(&mut self, lines: &str) {
        let get = |key: &str| {
            lines
                .lines()
                .find_map(|l| l.strip_prefix(key)?.strip_prefix('='))
                .map(|v| v.trim().to_owned())
        };
        let num = |key: &str| get(key).and_then(|v| v.parse::<f64>().ok());
        let (Some(p), Some(c), Some(pm), Some(cm)) = (
            num("terraform_palisade_us"),
            num("terraform_checkov_us"),
            num("terraform_palisade_kb"),
            num("terraform_checkov_kb"),
        ) else {
            self.out.push_str(
                "## D3: Terraform modules against Checkov\n\nNot measured in this run.\n\n",
            );
            return;
        };
        let (time, memory) = (c / p, cm / pm);
        let _ = write!(
            self.out,
            "## D3: Terraform modules against Checkov\n\n`benches/peers-terraform.sh` runs \
             `palisade scan` (release) over the {} `.tf` files of `peers/terraform/corpus` and \
             {} `-d` over the same folder, both as whole processes printing JSON, alternating, \
             {} runs each; medians of wall time and of peak resident memory (GNU time). \
             `peers/terraform/compare.py` checks that they agree \
             (`peers/terraform/differences.md`).\n\n\
             | tool | median wall time | | peak memory | |\n|---|---|---|---|---|\n\
             | palisade scan | {:.1} ms | 1.00 | {:.1} MB | 1.00 |\n\
             | checkov | {:.1} ms | {:.1}× palisade | {:.1} MB | {:.1}× palisade |\n\n",
            get("terraform_files").unwrap_or_default(),
            get("terraform_checkov_version").unwrap_or_else(|| "checkov".to_owned()),
            get("terraform_runs").unwrap_or_default(),
            p / 1000.0,
            pm / 1024.0,
            c / 1000.0,
            time,
            cm / 1024.0,
            memory,
        );
        self.target(
            "D3 Terraform corpus, checkov time / palisade time",
            "≥ 100×",
            format!("{time:.0}×"),
            Some(time >= 100.0),
        );
        self.target(
            "D3 Terraform corpus, checkov peak memory / palisade peak memory",
            "≥ 50×",
            format!("{memory:.1}×"),
            Some(memory >= 50.0),
        );
    }

    /// S1: `palisade serve` under load, from the `key=value` lines of `benches/serve-load.sh`.
    fn s1(&mut self, lines: &str) {
        let get = |key: &str| {
            lines
                .lines()
                .find_map(|l| l.strip_prefix(key)?.strip_prefix('='))
                .and_then(|v| v.trim().parse::<f64>().ok())
        };
        if lines.trim().is_empty() {
            self.out.push_str(
                "## S1: `palisade serve` under load

Not measured in this run.

",
            );
            return;
        }
        let show = |v: Option<f64>, unit: &str| {
            v.map_or_else(|| "—".to_owned(), |v| format!("{v:.0}{unit}"))
        };
        let ms = |v: Option<f64>| v.map_or_else(|| "—".to_owned(), |v| format!("{v:.2} ms"));
        let throughput = get("closed_req_per_s");
        let p99 = get("rate_p99_ms");
        let (start, end) = (get("soak_rss_start_kib"), get("soak_rss_end_kib"));
        let errors = ["closed_errors", "rate_errors", "soak_errors"]
            .iter()
            .filter_map(|k| get(k))
            .sum::<f64>();
        let _ = write!(
            self.out,
            "## S1: `palisade serve` under load\n\n`benches/serve-load.sh` starts the release \
             server on loopback with a test certificate and sends the privileged-pod review of \
             `examples/admission/` over TLS with `benches/src/bin/serve-load.rs`, which runs on \
             the same 2 cores. Every answer is checked (HTTP 200, uid echoed); errors: {errors:.0}.\n\n\
             | measure | value |\n|---|---|\n\
             | throughput, 8 keep-alive connections | {} requests/s |\n\
             | server CPU time per request (user + system) | {} |\n\
             | latency at 1,000 requests/s: p50 / p99 / p99.9 | {} / {} / {} |\n\
             | soak at 1,000 requests/s for {} s: RSS start → end (largest) | {} → {} ({}) |\n\n",
            show(throughput, ""),
            show(get("closed_server_cpu_us_per_request"), " µs"),
            ms(get("rate_p50_ms")),
            ms(p99),
            ms(get("rate_p999_ms")),
            show(get("soak_secs"), ""),
            show(start.map(|k| k / 1024.0), " MB"),
            show(end.map(|k| k / 1024.0), " MB"),
            show(get("soak_rss_max_kib").map(|k| k / 1024.0), " MB"),
        );
        self.target(
            "S1 serve throughput",
            "≥ 10,000 req/s",
            show(throughput, " req/s"),
            throughput.map(|t| t >= 10_000.0),
        );
        self.target(
            "S1 serve p99 at 1,000 req/s",
            "≤ 5 ms",
            ms(p99),
            p99.map(|p| p <= 5.0),
        );
        let growth = start.zip(end).map(|(s, e)| e / s);
        self.target(
            "S1 serve RSS over the soak",
            "flat (end ≤ 1.1 × start)",
            growth.map_or_else(|| "—".to_owned(), |g| format!("{g:.2}×")),
            growth.map(|g| g <= 1.1),
        );
    }

    fn p5(&mut self) {
        let one = self.m("p5_threads_2000_decisions/1_thread");
        let two = self.m("p5_threads_2000_decisions/2_thread");
        let speedup = faster(two, one);
        let rate = |t: Option<f64>| {
            t.map_or_else(|| "—".to_owned(), |t| format!("{:.0}", 2000.0 / (t / 1e9)))
        };
        let _ = write!(
            self.out,
            "## P5: threads sharing one `PolicySet`\n\n2,000 P1 decisions (passing and failing \
             pods alternating), split between the threads.\n\n\
             | threads | time | decisions per second |\n|---|---|---|\n\
             | 1 | {} | {} |\n| 2 | {} | {} |\n\nSpeed-up with two threads: **{}**.\n\n",
            time(one),
            rate(one),
            time(two),
            rate(two),
            ratio(speedup)
        );
        self.target(
            "P5 two threads / one",
            "≥ 1.8×",
            ratio(speedup),
            speedup.map(|s| s >= 1.8),
        );
    }

    fn p6(&mut self, memory: &BTreeMap<usize, u64>) {
        self.out.push_str(
            "## P6: peak memory of `palisade scan`\n\nPeak resident set size of the release \
             binary (`/usr/bin/time -f %M`) scanning directories of generated manifests with the \
             embedded standard library, human output to a file.\n\n\
             | manifests | peak RSS |\n|---|---|\n",
        );
        for (n, kib) in memory {
            let _ = writeln!(self.out, "| {n} | {:.1} MB |", *kib as f64 / 1024.0);
        }
        self.out.push('\n');
        let small = memory.iter().next().map(|(_, k)| *k as f64);
        let large = memory.iter().next_back().map(|(_, k)| *k as f64);
        let (value, met) = match (small, large) {
            (Some(s), Some(l)) if memory.len() >= 2 => (
                format!(
                    "{:.1} MB vs {:.1} MB ({:.2}×)",
                    l / 1024.0,
                    s / 1024.0,
                    l / s
                ),
                Some(l / s <= 1.5 && l / 1024.0 <= 50.0),
            ),
            _ => ("—".to_owned(), None),
        };
        self.target(
            "P6 peak RSS, most vs fewest manifests",
            "flat (≤ 1.5×) and ≤ 50 MB",
            value,
            met,
        );
    }

    /// P7: a `List` of 1,000 and of 100,000 items; lines `ITEMS BYTES PEAK_RSS_KIB`.
    fn p7(&mut self, list: &str) {
        self.out.push_str(
            "## P7: peak memory of `palisade scan` over one large `List`\n\n\
             Peak resident set size of the release binary scanning one Kubernetes `List` of \
             compliant pods written as `kubectl get -o yaml` writes it (`items` before `kind`), \
             default limits (`benches/list-memory.sh`). The file's text is held whole; what is \
             measured beyond it is the memory of reading and judging.\n\n\
             | items | file | peak RSS | beyond the text |\n|---|---|---|---|\n",
        );
        let rows: Vec<(u64, f64, f64)> = list
            .lines()
            .filter_map(|l| {
                let mut parts = l.split_whitespace().map(str::parse::<u64>);
                let items = parts.next()?.ok()?;
                let bytes = parts.next()?.ok()? as f64 / 1_048_576.0;
                let rss = parts.next()?.ok()? as f64 / 1024.0;
                Some((items, bytes, rss))
            })
            .collect();
        for (items, bytes, rss) in &rows {
            let _ = writeln!(
                self.out,
                "| {items} | {bytes:.1} MB | {rss:.1} MB | {:.1} MB |",
                rss - bytes
            );
        }
        self.out.push('\n');
        let (value, met) = match (rows.first(), rows.last()) {
            (Some((_, sb, sr)), Some((_, lb, lr))) if rows.len() >= 2 => {
                let ratio = (lr - lb) / (sr - sb).max(1.0);
                (
                    format!(
                        "{:.1} MB vs {:.1} MB beyond the text ({ratio:.2}×)",
                        lr - lb,
                        sr - sb
                    ),
                    Some(ratio <= 1.5),
                )
            }
            _ => ("—".to_owned(), None),
        };
        self.target(
            "P7 peak RSS beyond the text, 100,000 items vs 1,000",
            "flat (≤ 1.5×)",
            value,
            met,
        );
    }

    fn values(&mut self) {
        self.out.push_str(
            "## Value representation (the evaluator's choice)\n\n\
             | operation on a 3-container pod | Palisade `Value` | `serde_json::Value` |\n|---|---|---|\n",
        );
        for (what, ours, theirs) in [
            ("clone", "clone_palisade_value", "clone_serde_json_value"),
            (
                "read a 5-step field path",
                "field_palisade_value",
                "field_serde_json_value",
            ),
            (
                "read the JSON text (Palisade also records lines)",
                "read_palisade_document_with_lines",
                "read_serde_json_value",
            ),
        ] {
            let _ = writeln!(
                self.out,
                "| {what} | {} | {} |",
                time(self.m(ours)),
                time(self.m(theirs))
            );
        }
        self.out.push('\n');
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (criterion, memory, meta, analysis, lsp) = match args.as_slice() {
        [c, m, meta, a, l, ..] => (c, m, meta, a, l),
        _ => {
            eprintln!(
                "usage: bench-report CRITERION_DIR MEMORY_FILE META_FILE ANALYSIS_FILE LSP_FILE [SERVE_FILE [DOCKER_FILE [GITHUB_FILE [LIST_FILE [TERRAFORM_FILE]]]]]"
            );
            return ExitCode::from(2);
        }
    };
    let optional = |i: usize| args.get(i);
    let (serve, docker, github) = (optional(5), optional(6), optional(7));
    let list = optional(8)
        .and_then(|l| std::fs::read_to_string(l).ok())
        .unwrap_or_default();
    let docker = docker
        .and_then(|d| std::fs::read_to_string(d).ok())
        .unwrap_or_default();
    let github = github
        .and_then(|g| std::fs::read_to_string(g).ok())
        .unwrap_or_default();
    let terraform = optional(9)
        .and_then(|t| std::fs::read_to_string(t).ok())
        .unwrap_or_default();
    let serve = serve
        .and_then(|s| std::fs::read_to_string(s).ok())
        .unwrap_or_default();
    let lsp = std::fs::read_to_string(lsp).unwrap_or_default();
    let memory: BTreeMap<usize, u64> = std::fs::read_to_string(memory)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| {
            let (n, kib) = l.split_once(' ')?;
            Some((n.trim().parse().ok()?, kib.trim().parse().ok()?))
        })
        .collect();
    let meta = std::fs::read_to_string(meta).unwrap_or_default();
    let analysis = std::fs::read_to_string(analysis).unwrap_or_default();
    let mut report = Report {
        criterion: criterion.into(),
        out: String::new(),
        summary: Vec::new(),
    };
    report.p1();
    report.p2();
    report.p3();
    report.p4();
    report.p5();
    report.p6(&memory);
    report.p7(&list);
    report.f1();
    report.l1();
    report.l2(&lsp);
    report.s1(&serve);
    report.d1(&docker);
    report.d2(&github);
    report.d3(&terraform);
    report.values();
    let mut text = String::from(
        "# Benchmark results\n\nWritten by `benches/run.sh` from one run; `BENCHMARKS.md` explains \
         the method. Times are criterion medians; ratios compare figures of the same run.\n\n",
    );
    for line in meta.lines().filter(|l| !l.trim().is_empty()) {
        let _ = writeln!(text, "- {line}");
    }
    text.push_str("\n## Targets\n\n| scenario | target | result | |\n|---|---|---|---|\n");
    for (what, target, value, verdict) in &report.summary {
        let _ = writeln!(text, "| {what} | {target} | {value} | {verdict} |");
    }
    text.push('\n');
    text.push_str(&report.out);
    text.push_str(&analysis);
    print!("{text}");
    ExitCode::SUCCESS
}
