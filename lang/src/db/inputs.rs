//! The inputs of the database: what a host sets and changes.
#![expect(
    missing_docs,
    reason = "salsa generates the constructors and setters of inputs without documentation"
)]

use crate::eval::input::Document;
use crate::eval::policy::EvalOptions;
use crate::span::FileId;
use std::sync::Arc;

/// A policy file: its id and text.
#[salsa::input(debug)]
pub struct PolicyFile {
    /// The file's id, stable across edits.
    #[returns(copy)]
    pub id: FileId,
    /// The file's text.
    #[returns(ref)]
    pub text: String,
}

/// The files that form one policy set, in order.
#[salsa::input(debug)]
pub struct PolicySetInput {
    /// The files.
    #[returns(ref)]
    pub files: Vec<PolicyFile>,
}

/// How documents are evaluated: limits, parameters, data, error mode.
#[salsa::input(debug)]
pub struct Settings {
    /// The options.
    #[returns(ref)]
    pub options: Arc<EvalOptions>,
}

/// A document to evaluate.
#[salsa::input(debug)]
pub struct DocumentInput {
    /// The document.
    #[returns(ref)]
    pub document: Arc<Document>,
}
