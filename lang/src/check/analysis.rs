//! What checking learns about positions, kept for editors: the type of every expression, every
//! local binding with its type, and what every name refers to. The checker records this only
//! when asked (`check::analyze`), so checking for `palisade check` and evaluation pays nothing.

use super::types::Ty;
use crate::span::{FileId, Span};

/// Positions and what the checker found there. Spans are byte ranges of their file.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    /// Every expression checked, with its type (after narrowing), in checking order.
    pub types: Vec<(FileId, Span, Ty)>,
    /// Every local binding (subject, parameter, `let`, loop, quantifier and comprehension
    /// names, test table names): the span of its name and its type.
    pub bindings: Vec<(FileId, Span, Ty)>,
    /// Every use of a name that resolved, with what it names.
    pub references: Vec<Reference>,
}

/// A use of a name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    /// The file of the use.
    pub file: FileId,
    /// The name as written at the use (for `alias.item`, the `item` part).
    pub span: Span,
    /// What it names.
    pub target: Target,
}

/// What a name refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    /// A local binding, by the span of its name.
    Local {
        /// The file of the binding.
        file: FileId,
        /// The binding's name.
        span: Span,
    },
    /// A top-level item (type, constant, parameter, data, function, rule).
    Item {
        /// The item's file.
        file: FileId,
        /// Its index among the file's items.
        item: usize,
    },
}
