//! A small language client for tests: it starts `palisade lsp` as an editor does, frames
//! JSON-RPC messages over the child's stdin and stdout, answers nothing the server asks, and
//! keeps the notifications it receives so that tests can wait for them.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

pub struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    /// Notifications and server requests received while waiting for something else.
    pub seen: Vec<Value>,
    next_id: i64,
}

/// How long any one wait may take before the test fails.
const PATIENCE: Duration = Duration::from_secs(30);

impl Client {
    /// Starts the server with its cache under `cache` and initializes it on `root`.
    pub fn start(root: &Path, cache: &Path, capabilities: Value) -> Result<Client, String> {
        let mut child = Command::new(env!("CARGO_BIN_EXE_palisade"))
            .arg("lsp")
            .env("XDG_CACHE_HOME", cache)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start palisade lsp: {e}"))?;
        let stdin = child.stdin.take().ok_or("no stdin")?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let (send, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if send.send(message).is_err() {
                    break;
                }
            }
        });
        let mut client = Client {
            child,
            stdin,
            messages,
            seen: Vec::new(),
            next_id: 0,
        };
        let uri = uri_of(root);
        let reply = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri,
                "workspaceFolders": [{ "uri": uri, "name": "workspace" }],
                "capabilities": capabilities,
            }),
        )?;
        client.seen.push(json!({ "initialize": reply }));
        client.notify("initialized", json!({}))?;
        Ok(client)
    }

    /// The reply to `initialize`.
    pub fn initialize_result(&self) -> Value {
        self.seen
            .iter()
            .find_map(|m| m.get("initialize").cloned())
            .unwrap_or(Value::Null)
    }

    pub fn send_raw(&mut self, body: &str) -> Result<(), String> {
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len())
            .and_then(|()| self.stdin.flush())
            .map_err(|e| format!("cannot write to the server: {e}"))
    }

    pub fn notify(&mut self, method: &str, params: Value) -> Result<(), String> {
        let body = json!({ "jsonrpc": "2.0", "method": method, "params": params }).to_string();
        self.send_raw(&body)
    }

    /// Sends a request and waits for its reply; returns `result`, or `Err` with the error.
    pub fn request(&mut self, method: &str, params: Value) -> Result<Value, String> {
        self.next_id += 1;
        let id = self.next_id;
        let body =
            json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }).to_string();
        self.send_raw(&body)?;
        let reply = self.wait(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())?;
        match reply.get("error") {
            Some(error) => Err(format!("{method} failed: {error}")),
            None => Ok(reply.get("result").cloned().unwrap_or(Value::Null)),
        }
    }

    /// Waits for a message matching `wanted` (looking first at those already received).
    pub fn wait(&mut self, wanted: impl Fn(&Value) -> bool) -> Result<Value, String> {
        if let Some(i) = self.seen.iter().position(&wanted) {
            return Ok(self.seen.remove(i));
        }
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.messages.recv_timeout(left) {
                Ok(m) if wanted(&m) => return Ok(m),
                Ok(m) => {
                    // Requests from the server (registrations) are answered as editors do.
                    if let (Some(id), Some(_)) = (m.get("id"), m.get("method")) {
                        let reply = json!({ "jsonrpc": "2.0", "id": id, "result": null });
                        self.send_raw(&reply.to_string())?;
                    }
                    self.seen.push(m);
                }
                Err(RecvTimeoutError::Timeout) => {
                    return Err("timed out waiting for the server".into());
                }
                Err(RecvTimeoutError::Disconnected) => {
                    return Err("the server closed its output".into());
                }
            }
        }
    }

    /// The next diagnostics published for `uri` that satisfy `done`.
    pub fn diagnostics(
        &mut self,
        uri: &str,
        done: impl Fn(&[Value]) -> bool,
    ) -> Result<Vec<Value>, String> {
        let message = self.wait(|m| {
            m.get("method") == Some(&json!("textDocument/publishDiagnostics"))
                && m.pointer("/params/uri") == Some(&json!(uri))
                && m.pointer("/params/diagnostics")
                    .and_then(Value::as_array)
                    .is_some_and(|d| done(d))
        })?;
        Ok(message
            .pointer("/params/diagnostics")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default())
    }

    /// Shuts the server down and returns its exit status.
    pub fn stop(mut self) -> Result<Option<i32>, String> {
        self.request("shutdown", Value::Null)?;
        self.notify("exit", Value::Null)?;
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Ok(status.code());
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                return Err("the server did not exit".into());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length:") {
            length = n.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// The `file://` URI of a path, as editors write it.
pub fn uri_of(path: &Path) -> String {
    format!("file://{}", path.display())
}
