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
    pub certificates: Option<Arc<tls::Certificates>>,
    pub metrics: metrics::Metrics,
    /// Policies are loaded and the server is not stopping.
    pub ready: AtomicBool,
    /// Requests to `/validate` being answered at once; the others wait their turn.
    pub in_flight: tokio::sync::Semaphore,
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
        .map_err(|e| format!("`{}`: {e}", setup.config_path().display()))?;
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
    match runtime.block_on(serve(args)) {
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
        read_timeout: seconds("read-timeout", args.read_timeout)?,
        request_timeout: seconds("request-timeout", args.request_timeout)?,
    };
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
        policies: args.setup.policies.clone(),
        config: args.setup.config_path(),
        tls: vec![args.tls_cert.clone(), args.tls_key.clone()],
    };
    let shared = Arc::new(Shared {
        setup: args.setup,
        policies: ArcSwap::from_pointee(Loaded {
            engine,
            admission: settings,
            generation: 1,
        }),
        admission,
        certificates: Some(Arc::clone(&certificates)),
        metrics: metrics::Metrics::new(),
        ready: AtomicBool::new(false),
        in_flight: tokio::sync::Semaphore::new(args.max_in_flight),
        limits,
    });
    shared.metrics.set_generation(1);
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
    let graceful = Arc::new(hyper_util::server::graceful::GracefulShutdown::new());
    let listen_limits = listen::Limits {
        max_connections: args.max_connections,
        read_timeout: shared.limits.read_timeout,
    };
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(tls_config));
    let main = tokio::spawn({
        let app = http::app(Arc::clone(&shared));
        let graceful = Arc::clone(&graceful);
        let stop = stop_rx.clone();
        async move {
            listen::accept(
                listener,
                Some(acceptor),
                app,
                &listen_limits,
                graceful,
                stop,
            )
            .await;
        }
    });
    let ops = operations.map(|(listener, local)| {
        let app = http::operations_app(Arc::clone(&shared));
        let graceful = Arc::clone(&graceful);
        let stop = stop_rx.clone();
        let limits = listen::Limits {
            max_connections: 64,
            read_timeout: shared.limits.read_timeout,
        };
        tracing::info!(message = "operations listening", addr = %local, tls = false);
        tokio::spawn(async move {
            listen::accept(listener, None, app, &limits, graceful, stop).await;
        })
    });
    tokio::spawn(reload::run(Arc::clone(&shared), watched));
    shared.ready.store(true, Ordering::Release);
    tracing::info!(message = "listening", addr = %bound, tls = true, rules, generation = 1);

    stopping_signal().await?;
    // Stop advertising readiness first, so that endpoints drop this replica, then stop
    // accepting and let the requests already taken finish.
    shared.ready.store(false, Ordering::Release);
    tracing::info!(
        message = "stopping",
        delay_s = delay.as_secs_f64(),
        grace_s = grace.as_secs_f64()
    );
    tokio::time::sleep(delay).await;
    let _ = stop_tx.send(true);
    let _ = main.await;
    if let Some(ops) = ops {
        let _ = ops.await;
    }
    let Ok(graceful) = Arc::try_unwrap(graceful) else {
        return Err("the listeners did not stop".to_owned());
    };
    let open = graceful.count();
    match tokio::time::timeout(grace, graceful.shutdown()).await {
        Ok(()) => tracing::info!(message = "stopped", drained_connections = open),
        Err(_) => tracing::warn!(
            message = "grace period over; exiting with connections still open",
            grace_s = grace.as_secs_f64()
        ),
    }
    Ok(())
}

/// Waits for SIGTERM (Kubernetes stopping the pod) or SIGINT (Ctrl-C).
async fn stopping_signal() -> Result<(), String> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate()).map_err(|e| e.to_string())?;
    let mut int = signal(SignalKind::interrupt()).map_err(|e| e.to_string())?;
    tokio::select! {
        _ = term.recv() => tracing::info!(message = "SIGTERM received"),
        _ = int.recv() => tracing::info!(message = "SIGINT received"),
    }
    Ok(())
}
