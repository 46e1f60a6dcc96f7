//! What the `palisade serve` tests share: a test CA and server certificates made with `rcgen`,
//! the real `palisade serve` process on a free loopback port (started and stopped by each
//! test, its JSON log read as it runs), and a TLS client that trusts only the test CA.
#![allow(dead_code, clippy::indexing_slicing)] // `value["key"]` reads Null when absent

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;
use tokio_rustls::rustls;

pub type Result<T> = std::result::Result<T, String>;

/// Turns any error into the test's error text.
pub fn err<E: std::fmt::Display>(what: &str) -> impl FnOnce(E) -> String + '_ {
    move |e| format!("{what}: {e}")
}

/// A folder under the target directory, emptied.
pub fn scratch(name: &str) -> Result<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(err("scratch folder"))?;
    Ok(dir)
}

/// A test CA, and the server certificate it issued last (written to `cert.pem`/`key.pem`).
pub struct Pki {
    pub dir: PathBuf,
    issuer: Issuer<'static, KeyPair>,
    pub ca_pem: String,
}

impl Pki {
    /// A new CA in `dir` (`ca.pem`) and a first server certificate named `name`.
    pub fn new(dir: &Path, name: &str) -> Result<Pki> {
        let mut params = CertificateParams::new(Vec::<String>::new()).map_err(err("CA params"))?;
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params
            .distinguished_name
            .push(DnType::CommonName, "palisade test CA");
        let key = KeyPair::generate().map_err(err("CA key"))?;
        let ca = params.self_signed(&key).map_err(err("CA certificate"))?;
        let ca_pem = ca.pem();
        std::fs::write(dir.join("ca.pem"), &ca_pem).map_err(err("ca.pem"))?;
        let pki = Pki {
            dir: dir.to_path_buf(),
            issuer: Issuer::new(params, key),
            ca_pem,
        };
        pki.issue(name)?;
        Ok(pki)
    }

    /// Issues a server certificate for localhost and 127.0.0.1 with the common name `name`,
    /// written over `cert.pem` and `key.pem` (each replaced by a rename, as a rotation does).
    /// Returns the certificate's DER.
    pub fn issue(&self, name: &str) -> Result<Vec<u8>> {
        let mut params =
            CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()])
                .map_err(err("server params"))?;
        params.distinguished_name.push(DnType::CommonName, name);
        let key = KeyPair::generate().map_err(err("server key"))?;
        let cert = params
            .signed_by(&key, &self.issuer)
            .map_err(err("server certificate"))?;
        for (file, text) in [("key.pem", key.serialize_pem()), ("cert.pem", cert.pem())] {
            let tmp = self.dir.join(format!(".{file}.new"));
            std::fs::write(&tmp, text).map_err(err(file))?;
            std::fs::rename(&tmp, self.dir.join(file)).map_err(err(file))?;
        }
        Ok(cert.der().to_vec())
    }

    pub fn cert(&self) -> PathBuf {
        self.dir.join("cert.pem")
    }

    pub fn key(&self) -> PathBuf {
        self.dir.join("key.pem")
    }

    /// A client that trusts only this CA, without session resumption.
    pub fn client(&self) -> Result<Client> {
        self.client_speaking(&[])
    }

    /// A client that offers these ALPN protocols (`h2`: HTTP/2, as the API server does).
    pub fn client_speaking(&self, alpn: &[&str]) -> Result<Client> {
        let mut roots = rustls::RootCertStore::empty();
        let der = rustls::pki_types::CertificateDer::from_pem_slice(self.ca_pem.as_bytes())
            .map_err(err("CA PEM"))?;
        roots.add(der).map_err(err("CA root"))?;
        // The provider the server uses (ring; no post-quantum key exchange needed here).
        #[allow(deprecated)]
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(err("TLS versions"))?
            .with_root_certificates(roots)
            .with_no_client_auth();
        // Every connection makes a full handshake: a resumed session would not show the
        // certificate the server presents now.
        config.resumption = rustls::client::Resumption::disabled();
        config.alpn_protocols = alpn.iter().map(|p| p.as_bytes().to_vec()).collect();
        Ok(Client {
            connector: TlsConnector::from(Arc::new(config)),
        })
    }
}

use rustls::pki_types::pem::PemObject;

/// A running `palisade serve`, stopped (killed) when dropped.
pub struct Server {
    pub child: Child,
    pub addr: String,
    pub ops_addr: Option<String>,
    log: Arc<Mutex<Vec<serde_json::Value>>>,
}

/// The path of the repository root (tests run in `cli/`).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

impl Server {
    /// Starts `palisade serve` on a free port with the PKI's certificate and `extra` arguments,
    /// in the folder `cwd`, and waits until it listens.
    pub fn start(pki: &Pki, cwd: &Path, extra: &[&str]) -> Result<Server> {
        let mut child = Command::new(env!("CARGO_BIN_EXE_palisade"))
            .current_dir(cwd)
            .args(["serve", "--addr", "127.0.0.1:0", "--tls-cert"])
            .arg(pki.cert())
            .arg("--tls-key")
            .arg(pki.key())
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(err("spawn palisade serve"))?;
        let stderr = child.stderr.take().ok_or("no stderr")?;
        let log = Arc::new(Mutex::new(Vec::new()));
        let lines = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stderr)
                .lines()
                .map_while(|l| l.ok())
            {
                let value = serde_json::from_str(&line).unwrap_or_else(
                    |_| serde_json::json!({ "message": "(not JSON)", "text": line }),
                );
                if let Ok(mut log) = lines.lock() {
                    log.push(value);
                }
            }
        });
        let mut server = Server {
            child,
            addr: String::new(),
            ops_addr: None,
            log,
        };
        let listening = server.wait_for_log("listening", Duration::from_secs(60))?;
        server.addr = listening["addr"].as_str().unwrap_or_default().to_owned();
        server.ops_addr = server
            .logged("operations listening")
            .map(|l| l["addr"].as_str().unwrap_or_default().to_owned());
        Ok(server)
    }

    /// The log lines so far.
    pub fn log(&self) -> Vec<serde_json::Value> {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }

    /// The last log line with this message, if any.
    pub fn logged(&self, message: &str) -> Option<serde_json::Value> {
        self.log()
            .into_iter()
            .rev()
            .find(|l| l["message"] == message)
    }

    /// How many log lines have this message.
    pub fn count_logged(&self, message: &str) -> usize {
        self.log()
            .iter()
            .filter(|l| l["message"] == message)
            .count()
    }

    /// Waits for a log line with this message; fails with the log if the process exits or the
    /// time runs out.
    pub fn wait_for_log(&mut self, message: &str, limit: Duration) -> Result<serde_json::Value> {
        self.wait_for_logs(message, 1, limit)
    }

    /// Waits until `count` log lines have this message; returns the last.
    pub fn wait_for_logs(
        &mut self,
        message: &str,
        count: usize,
        limit: Duration,
    ) -> Result<serde_json::Value> {
        let start = Instant::now();
        loop {
            if self.count_logged(message) >= count
                && let Some(line) = self.logged(message)
            {
                return Ok(line);
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                std::thread::sleep(Duration::from_millis(100));
                return Err(format!(
                    "the server exited ({status}); log: {:?}",
                    self.log()
                ));
            }
            if start.elapsed() > limit {
                return Err(format!(
                    "no log line `{message}` x{count}; log: {:?}",
                    self.log()
                ));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits for the `count`th failed policy reload and checks that its error names `cause`;
    /// returns the log line.
    pub fn wait_for_failed_reload(
        &mut self,
        count: usize,
        cause: &str,
    ) -> Result<serde_json::Value> {
        let failed = self.wait_for_logs(
            "policy reload failed; the previous set keeps serving",
            count,
            Duration::from_secs(30),
        )?;
        if failed["error"].as_str().is_some_and(|e| e.contains(cause)) {
            Ok(failed)
        } else {
            Err(format!(
                "the failed reload does not name `{cause}`: {failed}"
            ))
        }
    }

    /// Whether the process is still running.
    pub fn child_alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Sends a signal with `kill`.
    pub fn signal(&self, name: &str) -> Result<()> {
        let status = Command::new("kill")
            .args([format!("-{name}"), self.child.id().to_string()])
            .status()
            .map_err(err("kill"))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("kill -{name} failed"))
        }
    }

    /// Waits for the process to exit on its own; its exit code.
    pub fn wait_exit(&mut self, limit: Duration) -> Result<Option<i32>> {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().map_err(err("wait"))? {
                return Ok(status.code());
            }
            if start.elapsed() > limit {
                return Err(format!("the server did not exit; log: {:?}", self.log()));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A TLS client trusting only the test CA.
#[derive(Clone)]
pub struct Client {
    connector: TlsConnector,
}

/// An HTTP answer: status and body.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> Result<serde_json::Value> {
        serde_json::from_slice(&self.body)
            .map_err(|e| format!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
}

impl Client {
    /// A TLS connection to `addr` (server name `localhost`).
    pub async fn connect(&self, addr: &str) -> Result<TlsStream<TcpStream>> {
        let tcp = TcpStream::connect(addr).await.map_err(err("connect"))?;
        let name = rustls::pki_types::ServerName::try_from("localhost").map_err(err("name"))?;
        self.connector
            .connect(name, tcp)
            .await
            .map_err(err("TLS handshake"))
    }

    /// The DER of the certificate the server presents to a new connection.
    pub async fn server_certificate(&self, addr: &str) -> Result<Vec<u8>> {
        let stream = self.connect(addr).await?;
        let (_, session) = stream.get_ref();
        session
            .peer_certificates()
            .and_then(|c| c.first())
            .map(|c| c.to_vec())
            .ok_or_else(|| "no peer certificate".to_owned())
    }

    /// An HTTP/1.1 session over one TLS connection, for several requests (keep-alive).
    pub async fn session(&self, addr: &str) -> Result<Session> {
        let stream = self.connect(addr).await?;
        let (sender, conn) =
            hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
                .await
                .map_err(err("HTTP handshake"))?;
        tokio::spawn(async move {
            let _ = conn.await;
        });
        Ok(Session { sender })
    }

    /// `POST /validate` over HTTP/2 (the client must offer `h2`); status and body.
    pub async fn validate_h2(&self, addr: &str, body: &[u8]) -> Result<Answer> {
        let stream = self.connect(addr).await?;
        let (_, session) = stream.get_ref();
        if session.alpn_protocol() != Some(b"h2") {
            return Err("the server did not agree to h2".to_owned());
        }
        let (mut sender, conn) = hyper::client::conn::http2::handshake(
            hyper_util::rt::TokioExecutor::new(),
            hyper_util::rt::TokioIo::new(stream),
        )
        .await
        .map_err(err("HTTP/2 handshake"))?;
        tokio::spawn(async move {
            let _ = conn.await;
        });
        let request = hyper::Request::builder()
            .method("POST")
            .uri("https://localhost/validate")
            .header("content-type", "application/json")
            .body(Full::new(Bytes::copy_from_slice(body)))
            .map_err(err("request"))?;
        let response = sender.send_request(request).await.map_err(err("send"))?;
        let status = response.status().as_u16();
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(err("response body"))?
            .to_bytes()
            .to_vec();
        Ok(Answer { status, body })
    }

    /// One request on a new connection.
    pub async fn request(
        &self,
        addr: &str,
        method: &str,
        path: &str,
        body: &[u8],
    ) -> Result<Answer> {
        self.session(addr).await?.request(method, path, body).await
    }

    /// `POST /validate` with `body`.
    pub async fn validate(&self, addr: &str, body: &[u8]) -> Result<Answer> {
        self.request(addr, "POST", "/validate", body).await
    }
}

/// Requests over one connection.
pub struct Session {
    sender: hyper::client::conn::http1::SendRequest<Full<Bytes>>,
}

impl Session {
    pub async fn request(&mut self, method: &str, path: &str, body: &[u8]) -> Result<Answer> {
        let request = hyper::Request::builder()
            .method(method)
            .uri(path)
            .header("host", "localhost")
            .header("content-type", "application/json")
            .body(Full::new(Bytes::copy_from_slice(body)))
            .map_err(err("request"))?;
        self.sender.ready().await.map_err(err("connection"))?;
        let response = self
            .sender
            .send_request(request)
            .await
            .map_err(err("send"))?;
        let status = response.status().as_u16();
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(err("response body"))?
            .to_bytes()
            .to_vec();
        Ok(Answer { status, body })
    }
}

/// Polls `/metrics` on `addr` until `line` appears (up to 20 s); the metrics last seen.
pub async fn wait_for_metric(client: &Client, addr: &str, line: &str) -> Result<String> {
    let start = Instant::now();
    loop {
        let metrics = client.request(addr, "GET", "/metrics", b"").await?;
        let metrics = String::from_utf8_lossy(&metrics.body).into_owned();
        if metrics.lines().any(|l| l == line) {
            return Ok(metrics);
        }
        if start.elapsed() > Duration::from_secs(20) {
            return Err(format!("`{line}` never appeared in {metrics}"));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A file of `examples/admission/`.
pub fn example(name: &str) -> Result<Vec<u8>> {
    std::fs::read(repo().join("examples/admission").join(name)).map_err(err(name))
}

/// A review of `object` (JSON) by `uid`, created in namespace `ns`.
pub fn review(uid: &str, ns: &str, object: &serde_json::Value) -> Vec<u8> {
    let kind = object["kind"].as_str().unwrap_or("Pod");
    serde_json::json!({
        "apiVersion": "admission.k8s.io/v1",
        "kind": "AdmissionReview",
        "request": {
            "uid": uid,
            "kind": { "group": "", "version": "v1", "kind": kind },
            "resource": { "group": "", "version": "v1", "resource": format!("{}s", kind.to_lowercase()) },
            "namespace": ns,
            "operation": "CREATE",
            "userInfo": { "username": "alice" },
            "object": object,
        },
    })
    .to_string()
    .into_bytes()
}
