//! Accepting and ending connections. At most `max_connections` are open at once; beyond that,
//! new ones wait in the listen backlog (back-pressure). Each connection is served by hyper
//! (HTTP/1.1, and HTTP/2 where offered) under deadlines:
//! - the TLS handshake, the first byte, and the headers of each HTTP/1.1 request must arrive
//!   within the read timeout;
//! - a connection that moves no byte either way for the idle timeout is asked to close
//!   (HTTP/1.1: after its current response; HTTP/2: GOAWAY, open streams finish). This covers a
//!   silent HTTP/2 peer and a client that stops reading its answers;
//! - so is one older than the maximum age, so that no connection lives for ever;
//! - a connection asked to close for either reason that has not closed within the request
//!   timeout is dropped.
//!
//! When `stop` fires, the loop stops accepting and asks every connection to close after its
//! requests in flight; [`Drain`] tells when they all have.

use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::service::TowerToHyperService;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tokio_rustls::TlsAcceptor;

/// How connections are accepted and ended.
#[derive(Clone, Copy)]
pub struct Limits {
    /// The most connections open at once.
    pub max_connections: usize,
    /// The longest a TLS handshake, a connection's first byte, or request headers may take.
    pub read_timeout: Duration,
    /// How long a connection may move no byte before it is asked to close.
    pub idle_timeout: Duration,
    /// How long a connection may live before it is asked to close.
    pub max_age: Duration,
    /// How long a connection asked to close (idle or old) may take to do so.
    pub close_timeout: Duration,
    /// Whether HTTP/2 is served (the operations listener speaks HTTP/1.1 only).
    pub http2: bool,
}

/// The connections of one listener: waiting on it tells when they have all ended.
#[derive(Clone)]
pub struct Drain {
    permits: Arc<Semaphore>,
    max: usize,
}

impl Drain {
    /// How many connections are open.
    pub fn open(&self) -> usize {
        self.max - self.permits.available_permits()
    }

    /// Waits until no connection is open.
    pub async fn wait(&self) {
        let max = u32::try_from(self.max).unwrap_or(u32::MAX);
        let _ = self.permits.acquire_many(max).await;
    }
}

fn builder(limits: &Limits) -> auto::Builder<TokioExecutor> {
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.read_timeout)
        .keep_alive(true)
        // Headers and body in one buffer: one TLS record and one write per response.
        .writev(false);
    builder
        .http2()
        .timer(TokioTimer::new())
        .max_concurrent_streams(64)
        // Flow-control windows of the protocol's default size: at most 64 KiB of a body is
        // buffered per stream and per connection before the handler reads it.
        .initial_stream_window_size(64 * 1024)
        .initial_connection_window_size(64 * 1024)
        .max_header_list_size(64 * 1024)
        // A peer that stops answering pings is dropped.
        .keep_alive_interval(Some(Duration::from_secs(30)))
        .keep_alive_timeout(Duration::from_secs(20));
    if limits.http2 {
        builder
    } else {
        builder.http1_only()
    }
}

/// Starts accepting connections on `listener`, serving `app` on each, until `stop` turns true.
/// Returns the accept loop's task and the listener's [`Drain`].
pub fn accept(
    listener: TcpListener,
    tls: Option<TlsAcceptor>,
    app: Router,
    limits: Limits,
    stop: watch::Receiver<bool>,
) -> (tokio::task::JoinHandle<()>, Drain) {
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    let drain = Drain {
        permits: Arc::clone(&permits),
        max: limits.max_connections,
    };
    let task = tokio::spawn(accept_loop(listener, tls, app, limits, permits, stop));
    (task, drain)
}

async fn accept_loop(
    listener: TcpListener,
    tls: Option<TlsAcceptor>,
    app: Router,
    limits: Limits,
    permits: Arc<Semaphore>,
    mut stop: watch::Receiver<bool>,
) {
    let builder = Arc::new(builder(&limits));
    loop {
        let permit = tokio::select! {
            _ = stop.wait_for(|stopped| *stopped) => break,
            permit = Arc::clone(&permits).acquire_owned() => permit,
        };
        let Ok(permit) = permit else { break };
        let accepted = tokio::select! {
            _ = stop.wait_for(|stopped| *stopped) => break,
            accepted = listener.accept() => accepted,
        };
        let (stream, _peer) = match accepted {
            Ok(accepted) => accepted,
            Err(e) => {
                // Out of file descriptors and the like: pause instead of spinning.
                tracing::warn!(message = "accept failed", error = %e);
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let tls = tls.clone();
        let service = TowerToHyperService::new(app.clone());
        let builder = Arc::clone(&builder);
        let stop = stop.clone();
        tokio::spawn(async move {
            let _permit = permit;
            match tls {
                Some(acceptor) => {
                    let handshake = acceptor.accept(stream);
                    match tokio::time::timeout(limits.read_timeout, handshake).await {
                        Ok(Ok(stream)) => serve(&builder, stream, service, &limits, stop).await,
                        Ok(Err(e)) => tracing::debug!(message = "TLS handshake failed", error = %e),
                        Err(_) => tracing::debug!(message = "TLS handshake timed out"),
                    }
                }
                None => serve(&builder, stream, service, &limits, stop).await,
            }
        });
    }
}

/// Why a connection is asked to close.
enum Closing {
    /// The server is stopping: let its requests finish, however long the grace period.
    Stopping,
    /// Idle or too old: it has the close timeout to finish.
    Expired(Instant),
}

/// Serves one connection until it ends, asking it to close when the server stops or the
/// connection is idle or old.
async fn serve<IO>(
    builder: &auto::Builder<TokioExecutor>,
    io: IO,
    service: TowerToHyperService<Router>,
    limits: &Limits,
    mut stop: watch::Receiver<bool>,
) where
    IO: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let born = Instant::now();
    let io = Watched::new(io, limits.read_timeout);
    let activity = Arc::clone(&io.activity);
    let conn = builder.serve_connection(TokioIo::new(io), service);
    tokio::pin!(conn);
    let mut closing: Option<Closing> = None;
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            ended = conn.as_mut() => {
                if let Err(e) = ended {
                    tracing::debug!(message = "connection ended with an error", error = %e);
                }
                return;
            }
            _ = stop.wait_for(|stopped| *stopped), if !matches!(closing, Some(Closing::Stopping)) => {
                conn.as_mut().graceful_shutdown();
                closing = Some(Closing::Stopping);
            }
            _ = tick.tick() => match closing {
                None => {
                    let idle = activity.idle();
                    if idle >= limits.idle_timeout || born.elapsed() >= limits.max_age {
                        conn.as_mut().graceful_shutdown();
                        closing = Some(Closing::Expired(Instant::now() + limits.close_timeout));
                    }
                }
                Some(Closing::Expired(deadline)) if Instant::now() >= deadline => {
                    tracing::debug!(message = "connection dropped: it did not close in time");
                    return;
                }
                _ => {}
            },
        }
    }
}

/// When a connection last moved a byte, in milliseconds since its start.
struct Activity {
    start: Instant,
    last_ms: AtomicU64,
}

impl Activity {
    fn touch(&self) {
        let ms = u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last_ms.store(ms, Ordering::Relaxed);
    }

    fn idle(&self) -> Duration {
        let last = Duration::from_millis(self.last_ms.load(Ordering::Relaxed));
        self.start.elapsed().saturating_sub(last)
    }
}

/// A connection's bytes, watched: every byte read or written is activity, and the first byte
/// must arrive within a deadline (a client that connects and stays silent would otherwise hold
/// a connection slot until the idle timeout).
struct Watched<IO> {
    io: IO,
    activity: Arc<Activity>,
    first_byte: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl<IO> Watched<IO> {
    fn new(io: IO, first_byte_within: Duration) -> Watched<IO> {
        Watched {
            io,
            activity: Arc::new(Activity {
                start: Instant::now(),
                last_ms: AtomicU64::new(0),
            }),
            first_byte: Some(Box::pin(tokio::time::sleep(first_byte_within))),
        }
    }
}

impl<IO: AsyncRead + Unpin> AsyncRead for Watched<IO> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        match Pin::new(&mut self.io).poll_read(cx, buf) {
            Poll::Ready(result) => {
                if buf.filled().len() > before {
                    self.first_byte = None;
                    self.activity.touch();
                }
                Poll::Ready(result)
            }
            Poll::Pending => match self.first_byte.as_mut().map(|d| d.as_mut().poll(cx)) {
                Some(Poll::Ready(())) => Poll::Ready(Err(std::io::Error::new(
                    std::io::ErrorKind::TimedOut,
                    "no request within the read timeout",
                ))),
                _ => Poll::Pending,
            },
        }
    }
}

impl<IO: AsyncWrite + Unpin> AsyncWrite for Watched<IO> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let written = Pin::new(&mut self.io).poll_write(cx, buf);
        if matches!(written, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        written
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}
