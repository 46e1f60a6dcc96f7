//! The Palisade language server (`palisade lsp`): the Language Server Protocol over stdio, on
//! the library's editor queries (`palisade::ide`). This crate is the only one that knows the
//! protocol; positions and diagnostics are converted in `convert.rs`, the files the server
//! knows are kept in `workspace.rs`, the handlers are in `server.rs` (answers to requests in
//! `requests.rs`, diagnostics in `publish.rs`, running tests and evaluating rules in
//! `testing.rs`, `evaluate.rs` and `lens.rs`).

mod capabilities;
mod convert;
mod evaluate;
mod frames;
mod lens;
mod publish;
mod requests;
mod server;
mod settings;
mod testing;
mod tokens;
mod workspace;

pub use capabilities::{COMMANDS, capabilities};
pub use convert::{Encoding, Lines, apply_change};
pub use server::{Backend, Config};

use tower_lsp_server::{LspService, Server};

/// Serves the protocol on standard input and output until the client exits.
pub fn run_stdio(config: Config) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let (service, socket) = LspService::new(move |client| Backend::new(client, config));
        let (filtered, input) = tokio::io::duplex(1 << 16);
        tokio::spawn(frames::filter(tokio::io::stdin(), filtered));
        Server::new(input, tokio::io::stdout(), socket)
            .serve(service)
            .await;
    });
    // The reader of standard input may still be blocked in a read: do not wait for it.
    runtime.shutdown_background();
    Ok(())
}

/// This crate's README (the page crates.io shows), compiled as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct CrateReadmeDoctests;
