//! Runtime errors: what stops the evaluation of a rule, a test or a decision. They are data,
//! carried into the decision with a stable code, never panics.

use crate::diagnostics::{Code, codes};

/// A runtime error, before it is attributed to a rule. Boxed: evaluation returns results
/// at every step, and the error side must not make every result large.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RtError(Box<RtErrorData>);

/// What a runtime error says (read through [`RtError`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RtErrorData {
    /// The stable code.
    pub code: Code,
    /// What went wrong, lowercase, user text in backticks.
    pub message: String,
    /// The JSON pointer of the offending member, for values that do not conform.
    pub pointer: Option<String>,
    /// The statement that was running, outermost first: where a test reports the error.
    pub at: Option<crate::span::Span>,
}

impl std::ops::Deref for RtError {
    type Target = RtErrorData;
    fn deref(&self) -> &RtErrorData {
        &self.0
    }
}

impl std::ops::DerefMut for RtError {
    fn deref_mut(&mut self) -> &mut RtErrorData {
        &mut self.0
    }
}

impl From<RtErrorData> for RtError {
    fn from(data: RtErrorData) -> RtError {
        RtError(Box::new(data))
    }
}

impl RtError {
    /// An error with a code and message.
    pub fn new(code: Code, message: impl Into<String>) -> RtError {
        RtError::from(RtErrorData {
            code,
            message: message.into(),
            pointer: None,
            at: None,
        })
    }

    /// What the error says, taken out of its box.
    pub fn into_data(self) -> RtErrorData {
        *self.0
    }

    /// Invalid input to a builtin.
    pub fn builtin(name: &str, message: impl std::fmt::Display) -> RtError {
        RtError::new(codes::BUILTIN_ERROR, format!("`{name}`: {message}"))
    }

    /// Integer overflow, division by zero, a non-finite float.
    pub fn arithmetic(message: impl Into<String>) -> RtError {
        RtError::new(codes::ARITHMETIC_ERROR, message)
    }

    /// A value larger than a limit.
    pub fn too_large(message: impl Into<String>) -> RtError {
        RtError::new(codes::VALUE_TOO_LARGE, message)
    }

    /// A value of the wrong shape where the checker guaranteed one: only reachable through a
    /// defect, reported as data rather than a panic.
    pub fn internal(what: &str) -> RtError {
        RtError::new(
            codes::INTERNAL_ERROR,
            format!("internal error: {what} (please report this policy)"),
        )
    }
}

/// Results of evaluation steps.
pub type Rt<T> = Result<T, RtError>;
