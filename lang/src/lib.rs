//! Palisade: a typed, total policy language for CI/CD pipelines.
//!
//! This crate is the embeddable library. It does no IO: hosts hand it sources as `(FileId,
//! text)` and documents as bytes or values, and get back diagnostics and decisions.
//!
//! Compile a policy set once, then evaluate documents against it, from as many threads as you
//! like (`PolicySet` is `Send + Sync` and cheap to clone):
//!
//! ```
//! use palisade::{EvalOptions, FileId, InputFormat, InputLimits, PolicySet, read_documents};
//!
//! let policy = r#"
//! package acme.pods
//!
//! type Container = { name: string, image: string, securityContext?: { privileged?: bool, .. }, .. }
//! type Pod = { apiVersion: "v1", kind: "Pod", spec: { containers: list<Container>, .. }, .. }
//!
//! rule privileged(pod: Pod) {
//!   meta { id: "ACME-PRIVILEGED" title: "Privileged containers" severity: "high" }
//!   for c in pod.spec.containers {
//!     if c.securityContext?.privileged ?? false {
//!       violation "container `{c.name}` runs privileged" at c.securityContext?.privileged
//!     }
//!   }
//! }
//! "#;
//! let set = PolicySet::compile(&[(FileId(0), policy)]).expect("the policy checks");
//!
//! let manifest = b"apiVersion: v1
//! kind: Pod
//! spec:
//!   containers:
//!     - name: app
//!       image: nginx:1.27
//!       securityContext:
//!         privileged: true
//! ";
//! let (documents, errors) = read_documents(manifest, InputFormat::Yaml, &InputLimits::default());
//! assert!(errors.is_empty());
//! let decision = set.evaluate(&documents[0], &EvalOptions::default());
//! assert!(!decision.is_allowed());
//! let (rule, violation) = decision.violations().next().expect("one violation");
//! assert_eq!(rule.id, "ACME-PRIVILEGED");
//! assert_eq!(violation.path, "/spec/containers/0/securityContext/privileged");
//! assert_eq!(violation.line, Some(8));
//! println!("{}", serde_json::to_string_pretty(&decision).unwrap());
//! ```
//!
//! Checking alone (for editors and `palisade check`):
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
pub mod config;
pub mod db;
pub mod diagnostics;
pub mod eval;
pub mod format;
pub mod ide;
pub mod schema;
pub mod source;
pub mod span;
pub mod syntax;

pub use check::{CheckResult, check_bytes, check_sources};
pub use config::Config;
pub use diagnostics::{Code, Diagnostic, Severity};
pub use eval::coverage::{Coverable, Coverage};
pub use eval::decision::{
    Decision, DecisionError, Outcome, RuleResult, SharedStr, Stats, Status, Violation,
};
pub use eval::input::{Document, InputError, InputFormat, InputLimits, read_documents};
pub use eval::ir::RuleMetadata;
pub use eval::limits::Limits;
pub use eval::policy::{
    CompileFailure, ErrorMode, EvalOptions, PolicySet, PreparedOptions, RuleInfo,
};
pub use eval::suite::{
    FixtureError, TestFailure, TestInfo, TestOptions, TestResult, TestStatus, fixture_value,
};
pub use eval::value::Value;
pub use format::{FormatOptions, Replacement, format, format_range};
pub use schema::{GeneratedSource, SchemaError, SchemaInput, schemas_to_sources};
pub use source::decode_source;
pub use span::{FileId, Span};

/// The README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
