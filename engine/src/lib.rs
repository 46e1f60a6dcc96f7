//! The Palisade engine: judge files as `palisade scan` does, from any Rust program.
//!
//! `palisade` (the language) compiles policies and decides one document; it knows no domain.
//! This crate is the host around it: it compiles the standard library (`palisade-stdlib`) with
//! your policies and a `palisade.toml`'s settings in one call, finds what to judge in the bytes
//! of a file (every document of a YAML stream, the items of a Kubernetes `List`, an
//! `AdmissionReview` and the object it carries; workloads' pod templates through the library's
//! views), and gives decisions and findings whose pointers and lines point into those bytes.
//! The `palisade` command and its admission webhook are hosts of this crate.
//!
//! ```
//! use palisade_engine::Engine;
//!
//! let engine = Engine::with_stdlib().expect("the standard library compiles");
//! let review = br#"{
//!   "apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
//!   "request": { "uid": "705ab4f5", "operation": "CREATE",
//!     "object": { "apiVersion": "v1", "kind": "Pod", "metadata": { "name": "web" },
//!       "spec": { "containers": [ { "name": "app", "image": "nginx:1.27",
//!         "securityContext": { "privileged": true } } ] } } } }"#;
//!
//! let admission = engine.admit(review);
//! assert!(!admission.allowed);
//! assert!(admission.message.contains("/request/object/spec/containers/0/securityContext/privileged"));
//! let response = admission.response();
//! assert_eq!(response["response"]["uid"], "705ab4f5");
//! assert_eq!(response["response"]["allowed"], false);
//!
//! // The same bytes as a file: findings with lines, as `palisade scan` reports them.
//! let report = engine.scan("review.json", review);
//! assert!(report.findings.iter().any(|f| f.rule == "PSS-BASELINE-PRIVILEGED"));
//! ```
//!
//! An engine is `Send + Sync` and cheap to clone: build it once, judge from many threads.

mod admission;
mod builder;
mod engine;
mod findings;
mod parts;
mod stream;
mod targets;

pub use admission::{Admission, AdmissionSettings, MAX_REASONS, MAX_WARNINGS, REVIEW_VERSIONS};
pub use builder::{BuildError, EngineBuilder, SourceFile, Stdlib};
pub use engine::{Engine, Judged, Judgement, Settings, SettingsError};
pub use findings::{FileReport, Finding, JudgedObject, SEVERITIES, rank};
pub use palisade_formats::terraform::ModuleFiles;
pub use parts::{PARTS, Part, part_files};
pub use targets::{fixture_value, is_terraform, read_file, recognizes, walk_target};
