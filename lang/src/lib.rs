//! Palisade: a typed, total policy language for CI/CD pipelines.
//!
//! This crate is the embeddable library. It does no IO: hosts hand it sources as `(FileId,
//! text)` and get back trees, diagnostics and (in later layers) decisions.
//!
//! ```
//! use palisade::{FileId, check_sources};
//!
//! let text = "package demo\n\nlet limit = 3\nlet doubled = limit * 2\n";
//! let result = check_sources(&[(FileId(0), text)]);
//! assert!(result.diagnostics.is_empty());
//! ```

pub mod builtins;
pub mod check;
pub mod diagnostics;
pub mod schema;
pub mod source;
pub mod span;
pub mod syntax;

pub use check::{CheckResult, check_bytes, check_sources};
pub use diagnostics::{Code, Diagnostic, Severity};
pub use schema::{GeneratedSource, SchemaError, SchemaInput, schemas_to_sources};
pub use source::decode_source;
pub use span::{FileId, Span};
