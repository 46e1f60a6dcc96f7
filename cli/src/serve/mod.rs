//! `palisade serve`: a Kubernetes validating admission webhook over HTTPS. It judges each
//! `AdmissionReview` with the engine (the standard library plus `--policy` folders, with
//! `palisade.toml`), and fails closed: an error, a limit hit or a request that cannot be read
//! never admits anything. Policies reload on SIGHUP and on file change, swapped in only when
//! they compile; the certificate reloads when its files change; SIGTERM drains the requests in
//! flight before exiting. `spec/serve.md` is the user's documentation.

mod http;
mod listen;
mod metrics;
mod reload;
mod tls;

use crate::scan::{self, Refusal, Setup};
use arc_swap::ArcSwap;
use palisade_engine::{AdmissionSettings, Engine, SEVERITIES};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// The arguments of `palisade serve`.
pub struct Args {
    pub setup: Setup,
    pub addr: String,
    pub tls_cert: PathBuf,
    pub tls_key: PathBuf,
    pub metrics_addr: Option<String>,
    pub deny_severity: Option<String>,
    pub exempt_namespaces: Vec<String>,
    pub exempt_labels: Vec<String>,
    pub max_body: usize,
    pub max_connections: usize,
    pub max_in_flight: usize,
    pub read_timeout: f64,
    pub request_timeout: f64,
    pub idle_timeout: f64,
    pub grace_period: f64,
    pub shutdown_delay: f64,
    pub log_level: String,
}

/// The limits of a request to `/validate`.
pub struct RequestLimits {
    pub max_body: usize,
    pub read_timeout: Duration,
    pub request_timeout: Duration,
}

/// A compiled policy set with its admission settings, and how many were loaded before it.
pub struct Loaded {
    pub engine: Engine,
    /// `[admission]` of `palisade.toml` with the command line's added.
    pub admission: Arc<AdmissionSettings>,
    pub generation: u64,
}

/// What every request and the reloader share.
pub struct Shared {
    pub setup: Setup,
    pub policies: ArcSwap<Loaded>,
    /// The admission settings of the command line.
    pub admission: AdmissionSettings,
    pub certificates: Arc<tls::Certificates>,
    pub metrics: metrics::Metrics,
    /// Policies are loaded and the server is not stopping.
    pub ready: AtomicBool,
    /// A stopping signal came: HTTP/1.1 answers ask their clients to close the connection.
    pub stopping: AtomicBool,
    /// Reviews being judged at once; the others wait their turn (after their body is read).
    pub in_flight: Arc<tokio::sync::Semaphore>,
    /// Reviews judged on the blocking pool at once (over 16 KiB): as many as there are cores.
    pub medium: Arc<tokio::sync::Semaphore>,
    /// Reviews over 256 KiB are judged one at a time: judging takes memory in proportion to
    /// the review (tens of times its size).
    pub large: Arc<tokio::sync::Semaphore>,
    /// Bytes of request bodies held at once, taken as they arrive.
    pub body_bytes: Arc<tokio::sync::Semaphore>,
    pub limits: RequestLimits,
}

/// Builds the engine of `setup`, as `palisade scan` does, with the admission settings of its
/// `palisade.toml` and then those of the command line (`host`).
pub fn build_engine(
    setup: &Setup,
    host: &AdmissionSettings,
) -> Result<(Engine, Arc<AdmissionSettings>), Refusal> {
    let (engine, config) = scan::engine(setup)?;
    let settings = AdmissionSettings::from_config(&config)
        .map_err(|e| format!("`{}`: {e}", setup.settings_name()))?;
    Ok((engine, Arc::new(settings.with(host))))
}

/// Text without the colour codes of a terminal, for logs.
pub fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // CSI sequences: ESC [ parameters final-byte.
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn positive(name: &str, value: f64) -> Result<Duration, String> {
    let duration = seconds(name, value)?;
    if duration.is_zero() {
        return Err(format!("`--{name}` must be above 0"));
    }
    Ok(duration)
}

fn seconds(name: &str, value: f64) -> Result<Duration, String> {
    Duration::try_from_secs_f64(value)
        .map_err(|_| format!("`--{name} {value}`: not a duration in seconds"))
}

fn parse_addr(name: &str, addr: &str) -> Result<SocketAddr, String> {
    addr.parse()
        .map_err(|_| format!("`--{name} {addr}`: expected an address like 127.0.0.1:8443"))
}

pub fn run(args: Args) -> ExitCode {
    let filter = match tracing_subscriber::EnvFilter::try_new(&args.log_level) {
        Ok(filter) => filter,
        Err(e) => {
            eprintln!("error: `--log-level {}`: {e}", args.log_level);
            return ExitCode::from(2);
        }
    };
    tracing_subscriber::fmt()
        .json()
        .flatten_event(true)
        .with_current_span(false)
        .with_span_list(false)
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            tracing::error!(message = "cannot start the runtime", error = %e);
            return ExitCode::from(2);
        }
    };
    let result = runtime.block_on(serve(args));
    // Judging still running on the blocking pool (past the grace period) does not hold up the
    // exit.
    runtime.shutdown_timeout(Duration::from_millis(100));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            tracing::error!(message = "cannot serve", error = %message);
            ExitCode::from(2)
        }
    }
}

fn exempt_labels(labels: &[String]) -> Result<Vec<(String, String)>, String> {
    labels
        .iter()
        .map(|l| {
            l.split_once('=')
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .filter(|(k, _)| !k.is_empty())
                .ok_or_else(|| format!("`--exempt-label {l}` must be `KEY=VALUE`"))
        })
        .collect()
}

async fn serve(args: Args) -> Result<(), String> {
    if let Some(severity) = &args.deny_severity
        && !SEVERITIES.contains(&severity.as_str())
    {
        return Err(format!(
            "`--deny-severity {severity}`: the severities are {}",
            SEVERITIES.join(", ")
        ));
    }
    if args.max_body == 0 || args.max_connections == 0 || args.max_in_flight == 0 {
        return Err(
            "`--max-body`, `--max-connections` and `--max-in-flight` must be above 0".to_owned(),
        );
    }
    let addr = parse_addr("addr", &args.addr)?;
    let metrics_addr = args
        .metrics_addr
        .as_deref()
        .map(|a| parse_addr("metrics-addr", a))
        .transpose()?;
    let limits = RequestLimits {
        max_body: args.max_body,
        read_timeout: positive("read-timeout", args.read_timeout)?,
        request_timeout: positive("request-timeout", args.request_timeout)?,
    };
    let idle_timeout = positive("idle-timeout", args.idle_timeout)?;
    if idle_timeout < limits.request_timeout {
        return Err(format!(
            "`--idle-timeout {}` must be at least `--request-timeout {}`: a connection waiting \
             for its answer moves no byte",
            args.idle_timeout, args.request_timeout
        ));
    }
    let grace = seconds("grace-period", args.grace_period)?;
    let delay = seconds("shutdown-delay", args.shutdown_delay)?;
    let certificates = tls::Certificates::load(args.tls_cert.clone(), args.tls_key.clone())?;
    let tls_config = certificates.server_config()?;
    let admission = AdmissionSettings {
        deny_severity: args.deny_severity.clone(),
        exempt_namespaces: args.exempt_namespaces.clone(),
        exempt_labels: exempt_labels(&args.exempt_labels)?,
    };
    let (engine, settings) = tokio::task::block_in_place(|| build_engine(&args.setup, &admission))
        .map_err(|refusal| {
            eprint!("{}", refusal.diagnostics);
            refusal.message
        })?;
    let rules = engine.policy_set().rules().len();
    let watched = reload::Watched {
        // A bundle is one file: its replacement is reloaded (and refused unless it verifies).
        // Its trusted keys too: when they change, the bundle is verified again with them (and
        // refused, the old set serving on, if they no longer trust it).
        policies: match &args.setup.bundle.bundle {
            Some(bundle) => std::iter::once(bundle.clone())
                .chain(args.setup.bundle.trusted_keys.iter().cloned())
                .collect(),
            None => args.setup.policies.clone(),
        },
        // With a bundle, its `palisade.toml` is inside it: no other settings file is read.
        config: match &args.setup.bundle.bundle {
            Some(bundle) => bundle.clone(),
            None => args.setup.config_path(),
        },
        tls: vec![args.tls_cert.clone(), args.tls_key.clone()],
    };
    // Bodies being read share this many bytes: at least 64 MiB, and room for two of the
    // largest.
    let body_budget = (64usize << 20).max(args.max_body.saturating_mul(2));
    let shared = Arc::new(Shared {
        setup: args.setup,
        policies: ArcSwap::from_pointee(Loaded {
            engine,
            admission: settings,
            generation: 1,
        }),
        admission,
        certificates: Arc::clone(&certificates),
        metrics: metrics::Metrics::new(),
        ready: AtomicBool::new(false),
        stopping: AtomicBool::new(false),
        in_flight: Arc::new(tokio::sync::Semaphore::new(args.max_in_flight)),
        medium: Arc::new(tokio::sync::Semaphore::new(
            std::thread::available_parallelism().map_or(2, usize::from),
        )),
        large: Arc::new(tokio::sync::Semaphore::new(1)),
        body_bytes: Arc::new(tokio::sync::Semaphore::new(body_budget)),
        limits,
    });
    shared.metrics.set_generation(1);
    // Reloads (SIGHUP and file changes) are set up before the server says it is ready.
    reload::start(Arc::clone(&shared), watched).await?;
    let mut stopping = Stopping::new()?;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let bound = listener.local_addr().map_err(|e| e.to_string())?;
    let operations = match metrics_addr {
        Some(a) => {
            let l = tokio::net::TcpListener::bind(a)
                .await
                .map_err(|e| format!("cannot listen on {a}: {e}"))?;
            let local = l.local_addr().map_err(|e| e.to_string())?;
            Some((l, local))
        }
        None => None,
    };
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let connection_limits = listen::Limits {
        max_connections: args.max_connections,
        read_timeout: shared.limits.read_timeout,
        idle_timeout,
        max_age: Duration::from_secs(600),
        close_timeout: shared.limits.request_timeout,
        http2: true,
    };
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(tls_config));
    let app = http::app(Arc::clone(&shared));
    let mut listeners = vec![listen::accept(
        listener,
        Some(acceptor),
        app,
        connection_limits,
        stop_rx.clone(),
    )];
    if let Some((listener, local)) = operations {
        let app = http::operations_app(Arc::clone(&shared));
        let limits = listen::Limits {
            max_connections: 64,
            http2: false,
            ..connection_limits
        };
        listeners.push(listen::accept(listener, None, app, limits, stop_rx.clone()));
        tracing::info!(message = "operations listening", addr = %local, tls = false);
    }
    shared.ready.store(true, Ordering::Release);
    tracing::info!(message = "listening", addr = %bound, tls = true, rules, generation = 1);

    stopping.first().await;
    // Stop advertising readiness first, so that endpoints drop this replica; HTTP/1.1 answers
    // ask their clients to close; then stop accepting and let the requests already taken
    // finish. A second signal ends the wait.
    shared.ready.store(false, Ordering::Release);
    shared.stopping.store(true, Ordering::Release);
    tracing::info!(
        message = "stopping",
        delay_s = delay.as_secs_f64(),
        grace_s = grace.as_secs_f64()
    );
    let drains: Vec<listen::Drain> = listeners.iter().map(|(_, d)| d.clone()).collect();
    let drained = async {
        tokio::time::sleep(delay).await;
        let _ = stop_tx.send(true);
        let open: usize = drains.iter().map(listen::Drain::open).sum();
        for (task, _) in listeners {
            let _ = task.await;
        }
        let finished = async {
            for drain in &drains {
                drain.wait().await;
            }
        };
        match tokio::time::timeout(grace, finished).await {
            Ok(()) => tracing::info!(message = "stopped", drained_connections = open),
            Err(_) => tracing::warn!(
                message = "grace period over; exiting with connections still open",
                grace_s = grace.as_secs_f64()
            ),
        }
    };
    tokio::select! {
        () = drained => {}
        () = stopping.again() => tracing::warn!(message = "second signal: exiting at once"),
    }
    Ok(())
}

/// SIGTERM (Kubernetes stopping the pod) and SIGINT (Ctrl-C), listened for from the start.
struct Stopping {
    term: tokio::signal::unix::Signal,
    int: tokio::signal::unix::Signal,
}

impl Stopping {
    fn new() -> Result<Stopping, String> {
        use tokio::signal::unix::{SignalKind, signal};
        Ok(Stopping {
            term: signal(SignalKind::terminate()).map_err(|e| e.to_string())?,
            int: signal(SignalKind::interrupt()).map_err(|e| e.to_string())?,
        })
    }

    /// The first signal.
    async fn first(&mut self) {
        tokio::select! {
            _ = self.term.recv() => tracing::info!(message = "SIGTERM received"),
            _ = self.int.recv() => tracing::info!(message = "SIGINT received"),
        }
    }

    /// Another signal, while stopping.
    async fn again(&mut self) {
        tokio::select! {
            _ = self.term.recv() => {}
            _ = self.int.recv() => {}
        }
    }
}
