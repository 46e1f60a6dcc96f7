//! Accepting connections: a bounded number at once (beyond it, new connections wait in the
//! listen backlog: back-pressure), the TLS handshake, the first byte of a connection and the
//! request headers each within the read timeout, HTTP/1.1 and HTTP/2 through hyper, and every connection watched for a
//! graceful shutdown: when `stop` fires, the loop stops accepting and the caller drains the
//! connections still open.

use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tokio_rustls::TlsAcceptor;

/// How connections are accepted.
pub struct Limits {
    /// The most connections open at once.
    pub max_connections: usize,
    /// The longest a TLS handshake, or the headers of a request, may take.
    pub read_timeout: Duration,
}

/// Accepts connections on `listener` until `stop` turns true, serving `app` on each; the
/// connections are watched by `graceful`, which the caller drains once this returns.
pub async fn accept(
    listener: TcpListener,
    tls: Option<TlsAcceptor>,
    app: Router,
    limits: &Limits,
    graceful: Arc<GracefulShutdown>,
    mut stop: watch::Receiver<bool>,
) {
    let permits = Arc::new(Semaphore::new(limits.max_connections));
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
        // A peer that stops answering pings is dropped.
        .keep_alive_interval(Some(Duration::from_secs(30)))
        .keep_alive_timeout(Duration::from_secs(20));
    let builder = Arc::new(builder);
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
        let watcher = graceful.watcher();
        let handshake_timeout = limits.read_timeout;
        tokio::spawn(async move {
            let _permit = permit;
            match tls {
                Some(acceptor) => {
                    let stream = match tokio::time::timeout(
                        handshake_timeout,
                        acceptor.accept(stream),
                    )
                    .await
                    {
                        Ok(Ok(stream)) => stream,
                        Ok(Err(e)) => {
                            tracing::debug!(message = "TLS handshake failed", error = %e);
                            return;
                        }
                        Err(_) => {
                            tracing::debug!(message = "TLS handshake timed out");
                            return;
                        }
                    };
                    let stream = FirstByte::new(stream, handshake_timeout);
                    let conn = builder.serve_connection(TokioIo::new(stream), service);
                    if let Err(e) = watcher.watch(conn).await {
                        tracing::debug!(message = "connection ended with an error", error = %e);
                    }
                }
                None => {
                    let stream = FirstByte::new(stream, handshake_timeout);
                    let conn = builder.serve_connection(TokioIo::new(stream), service);
                    if let Err(e) = watcher.watch(conn).await {
                        tracing::debug!(message = "connection ended with an error", error = %e);
                    }
                }
            }
        });
    }
}

/// A connection that must send its first byte within a deadline: a client that connects (and
/// shakes hands) but never sends a request would otherwise hold a connection slot for good.
/// Later waits are bounded by hyper's header timeout (HTTP/1.1) and keep-alive pings (HTTP/2).
struct FirstByte<IO> {
    io: IO,
    deadline: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl<IO> FirstByte<IO> {
    fn new(io: IO, within: Duration) -> FirstByte<IO> {
        FirstByte {
            io,
            deadline: Some(Box::pin(tokio::time::sleep(within))),
        }
    }
}

impl<IO: AsyncRead + Unpin> AsyncRead for FirstByte<IO> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        match Pin::new(&mut self.io).poll_read(cx, buf) {
            Poll::Ready(result) => {
                if buf.filled().len() > before {
                    self.deadline = None;
                }
                Poll::Ready(result)
            }
            Poll::Pending => match self.deadline.as_mut().map(|d| d.as_mut().poll(cx)) {
                Some(Poll::Ready(())) => Poll::Ready(Err(std::io::Error::new(
                    std::io::ErrorKind::TimedOut,
                    "no request within the read timeout",
                ))),
                _ => Poll::Pending,
            },
        }
    }
}

impl<IO: AsyncWrite + Unpin> AsyncWrite for FirstByte<IO> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.io).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}
