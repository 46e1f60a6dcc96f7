//! Runnable programs that embed Palisade (see `examples/`); this library is empty. Run one with
//! `cargo run -p palisade-embedding-examples --example judge_manifest`, or all of them with
//! `examples/embedding/run.sh`.
