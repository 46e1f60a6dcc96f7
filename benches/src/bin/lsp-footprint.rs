//! L2: what `palisade lsp` costs a machine, measured on the release binary as an editor drives
//! it: a workspace of generated policies (with the standard library they import) is written to
//! a folder, the server is started on it, and the time from `initialize` to the first published
//! diagnostics and to those of every file is taken; then a file is opened and typed into (one
//! character per change, waiting each time for its diagnostics), and the server's peak resident
//! set size (`VmHWM` of /proc) is read before it is shut down. The server is told not to wait
//! for a pause in typing, so each change is published as soon as it is checked.
//!
//! `lsp-footprint PALISADE_BIN WORK_DIR` prints one line per workspace shape:
//! `shape files cold_first_ms cold_all_ms keystroke_ms peak_rss_kib`.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

const PATIENCE: Duration = Duration::from_secs(120);

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let (Some(bin), Some(work)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: lsp-footprint PALISADE_BIN WORK_DIR");
        return std::process::ExitCode::from(2);
    };
    for (shape, files, per_file) in [("50x20", 50, 20), ("1x1000", 1, 1000)] {
        match measure(
            Path::new(bin),
            &Path::new(work).join(shape),
            files,
            per_file,
        ) {
            Ok(line) => println!("{shape} {files} {line}"),
            Err(e) => {
                eprintln!("lsp-footprint {shape}: {e}");
                return std::process::ExitCode::FAILURE;
            }
        }
    }
    std::process::ExitCode::SUCCESS
}

struct Server {
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
}

impl Server {
    fn send(&mut self, message: Value) -> Result<(), String> {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len())
            .and_then(|()| self.stdin.flush())
            .map_err(|e| e.to_string())
    }

    fn request(&mut self, method: &str, params: Value) -> Result<(), String> {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }))?;
        self.until(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
            .map(|_| ())
    }

    fn notify(&mut self, method: &str, params: Value) -> Result<(), String> {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }))
    }

    /// Waits for a message matching `wanted`, answering the server's own requests.
    fn until(&mut self, wanted: impl Fn(&Value) -> bool) -> Result<Value, String> {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let m = self
                .messages
                .recv_timeout(left)
                .map_err(|e| format!("waiting for the server: {e}"))?;
            if std::env::var_os("LSP_FOOTPRINT_TRACE").is_some() {
                eprintln!("{}", m.to_string().chars().take(200).collect::<String>());
            }
            if wanted(&m) {
                return Ok(m);
            }
            if let (Some(id), Some(_)) = (m.get("id"), m.get("method")) {
                self.send(json!({ "jsonrpc": "2.0", "id": id, "result": null }))?;
            }
        }
    }
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = 0;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length:") {
            length = v.trim().parse().ok()?;
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn is_diagnostics(m: &Value) -> bool {
    m.get("method") == Some(&json!("textDocument/publishDiagnostics"))
}

fn measure(bin: &Path, dir: &Path, files: usize, per_file: usize) -> Result<String, String> {
    let _ = std::fs::remove_dir_all(dir);
    let root = dir.join("workspace");
    std::fs::create_dir_all(&root).map_err(|e| e.to_string())?;
    // URIs need absolute paths.
    let root = std::fs::canonicalize(&root).map_err(|e| e.to_string())?;
    let texts = palisade_benches::generated_policies(files, per_file);
    let paths: Vec<PathBuf> = (0..files)
        .map(|i| root.join(format!("gen{i:03}.pal")))
        .collect();
    for (path, text) in paths.iter().zip(&texts) {
        std::fs::write(path, text).map_err(|e| e.to_string())?;
    }
    let mut child = Command::new(bin)
        .arg("lsp")
        .env("XDG_CACHE_HOME", dir.join("cache"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
    let pid = child.id();
    let stdin = child.stdin.take().ok_or("no stdin")?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let (send, messages) = channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        while let Some(m) = read_message(&mut reader) {
            if send.send(m).is_err() {
                break;
            }
        }
    });
    let mut server = Server {
        stdin,
        messages,
        next_id: 0,
    };
    let started = Instant::now();
    let root_uri = uri(&root);
    server.request(
        "initialize",
        json!({ "processId": null, "rootUri": root_uri, "capabilities": {},
                "workspaceFolders": [{ "uri": root_uri, "name": "bench" }],
                "initializationOptions": { "diagnosticsDelayMs": 0 } }),
    )?;
    server.notify("initialized", json!({}))?;
    server.until(is_diagnostics)?;
    let first = started.elapsed();
    // The first publication covers every file; count them.
    let mut seen = 1;
    while seen < files {
        server.until(is_diagnostics)?;
        seen += 1;
    }
    let all = started.elapsed();

    // Ten changes in the middle rule of the first file, each waited for: a character that
    // breaks the rule, then its removal, so that every change changes the diagnostics.
    let edited = uri(paths.first().ok_or("no file")?);
    let text = texts.first().cloned().unwrap_or_default();
    let anchor = format!("weight(c) > {}", per_file / 2);
    let at = text.find(&anchor).ok_or("no middle rule")? + anchor.len();
    let line = text.get(..at).unwrap_or("").matches('\n').count();
    let column = at
        - text
            .get(..at)
            .unwrap_or("")
            .rfind('\n')
            .map_or(0, |i| i + 1);
    server.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": edited, "languageId": "palisade", "version": 1, "text": text } }),
    )?;
    let typing = Instant::now();
    for n in 0..10 {
        let broken = n % 2 == 0;
        let end = if broken { column } else { column + 1 };
        server.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": edited, "version": n + 2 },
                "contentChanges": [{
                    "range": { "start": { "line": line, "character": column },
                               "end": { "line": line, "character": end } },
                    "text": if broken { "x" } else { "" },
                }],
            }),
        )?;
        server.until(|m| {
            is_diagnostics(m)
                && m.pointer("/params/uri") == Some(&json!(edited))
                && m.pointer("/params/diagnostics")
                    .and_then(Value::as_array)
                    .is_some_and(|d| d.is_empty() != broken)
        })?;
    }
    // The server is started without its pause in typing (`diagnosticsDelayMs: 0`), so this is
    // the work of a change and the round trip, not the wait.
    let keystroke = typing.elapsed() / 10;
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let peak = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .ok_or("no VmHWM in /proc")?;
    server.request("shutdown", Value::Null)?;
    server.notify("exit", Value::Null)?;
    let _ = child.wait();
    Ok(format!(
        "{:.1} {:.1} {:.1} {peak}",
        first.as_secs_f64() * 1e3,
        all.as_secs_f64() * 1e3,
        keystroke.as_secs_f64() * 1e3
    ))
}
