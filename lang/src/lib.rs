//! Palisade: a typed, total policy language for CI/CD pipelines.
//!
//! This crate is the embeddable library. It does no IO: hosts hand it sources as `(FileId,
//! text)` and documents as bytes or values, and get back diagnostics and decisions.
//!
//! # Compiling and evaluating
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
//! # Options: `EvalOptions` and `PolicySet::prepare`
//!
//! [`EvalOptions`] carry the values of `param` and `data` items (as JSON, by qualified name),
//! the limits, and what to do with errors and with documents no rule applies to.
//! [`PolicySet::check_options`] says what is wrong with them for a set; [`PolicySet::prepare`]
//! checks and converts them once into [`PreparedOptions`] for any number of evaluations.
//!
//! ```
//! use palisade::{Document, EvalOptions, FileId, PolicySet, Value};
//!
//! let policy = r#"
//! package acme.replicas
//!
//! type Deployment = { kind: "Deployment", spec: { replicas: int, .. }, .. }
//!
//! param max_replicas: int = 10
//!
//! rule bounded(d: Deployment) {
//!   meta { id: "ACME-REPLICAS" title: "Bounded replicas" severity: "medium" }
//!   if d.spec.replicas > max_replicas {
//!     violation "{d.spec.replicas} replicas, more than {max_replicas}" at d.spec.replicas
//!   }
//! }
//! "#;
//! let set = PolicySet::compile(&[(FileId(0), policy)]).expect("the policy checks");
//! let json = |text: &str| serde_json::from_str::<serde_json::Value>(text).expect("JSON");
//! let document = |text: &str| Document::from_value(0, Value::from_json(&json(text)));
//! let deployment = document(r#"{"kind": "Deployment", "spec": {"replicas": 20}}"#);
//!
//! let mut options = EvalOptions::default();
//! assert!(!set.evaluate(&deployment, &options).is_allowed());
//!
//! // Parameters are checked against their declared type before anything is evaluated.
//! options.params.insert("acme.replicas.max_replicas".into(), json(r#""many""#));
//! assert_eq!(set.check_options(&options).len(), 1);
//! assert!(set.prepare(&options).is_err());
//!
//! // Prepared once, the options serve every evaluation (from any thread).
//! options.params.insert("acme.replicas.max_replicas".into(), json("50"));
//! let prepared = set.prepare(&options).expect("the options fit the set");
//! assert!(set.evaluate_prepared(&deployment, &prepared).is_allowed());
//!
//! // A document that no rule applies to is allowed, unless the host says otherwise.
//! let service = document(r#"{"kind": "Service"}"#);
//! assert!(set.evaluate(&service, &options).is_allowed());
//! options.deny_unjudged = true;
//! let decision = set.evaluate(&service, &options);
//! assert!(!decision.is_allowed());
//! assert_eq!(decision.errors[0].code, "E0508");
//! ```
//!
//! # Reading a `Decision`
//!
//! A [`Decision`] holds the outcome, the result of every rule (with its violations), the
//! errors and statistics; it serialises to the JSON that `palisade eval` prints.
//!
//! ```
//! use palisade::{Document, EvalOptions, FileId, Outcome, PolicySet, Status, Value};
//!
//! let policy = r#"
//! package acme.kinds
//!
//! type Pod = { kind: "Pod", metadata: { name: string, .. }, .. }
//! type Service = { kind: "Service", .. }
//!
//! rule pod_named(pod: Pod) {
//!   meta { id: "ACME-POD-NAME" title: "Pods have a real name" severity: "low" }
//!   if pod.metadata.name == "" {
//!     violation "the pod has an empty name" at pod.metadata.name
//!   }
//! }
//!
//! rule no_services(svc: Service) {
//!   meta { id: "ACME-NO-SERVICES" title: "No services" severity: "high" }
//!   violation "services are not allowed" at svc
//! }
//! "#;
//! let set = PolicySet::compile(&[(FileId(0), policy)]).expect("the policy checks");
//! let json = serde_json::json!({"kind": "Pod", "metadata": {"name": ""}});
//! let pod = Document::from_value(0, Value::from_json(&json));
//! let decision = set.evaluate(&pod, &EvalOptions::default());
//!
//! assert_eq!(decision.decision, Outcome::Denied);
//! let statuses: Vec<(&str, Status)> =
//!     decision.rules.iter().map(|r| (&*r.id, r.status)).collect();
//! assert_eq!(
//!     statuses,
//!     [("ACME-POD-NAME", Status::Fail), ("ACME-NO-SERVICES", Status::Skipped)]
//! );
//! assert_eq!((decision.stats.fail, decision.stats.skipped), (1, 1));
//! assert_eq!(decision.applicable(), 1);
//! assert!(decision.errors.is_empty());
//!
//! let (rule, violation) = decision.violations().next().expect("one violation");
//! assert_eq!(rule.rule, "acme.kinds.pod_named");
//! assert_eq!((violation.path.as_str(), &*violation.severity), ("/metadata/name", "low"));
//! assert_eq!(violation.line, None, "a document built from a value has no lines");
//!
//! let value = serde_json::to_value(&decision).expect("a decision serialises");
//! assert_eq!(value["decision"], "denied");
//! assert_eq!(value["rules"][0]["violations"][0]["message"], "the pod has an empty name");
//! ```
//!
//! # Checking
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
pub mod bundle;
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
pub use eval::cost::{Factor, ItemCost, ItemKind, SizeBounds, Term};
pub use eval::coverage::{Coverable, Coverage};
pub use eval::decision::{
    Decision, DecisionError, Outcome, RuleResult, SharedStr, Stats, Status, Violation,
};
pub use eval::input::{
    Document, DocumentBuilder, InputError, InputFormat, InputLimits, Piece, input_text,
    read_documents, read_pieces,
};
pub use eval::ir::RuleMetadata;
pub use eval::limits::Limits;
pub use eval::path::ViolationPath;
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

/// This crate's own README (the page crates.io shows), compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct CrateReadmeDoctests;
