//! One renderer-neutral diagnostic type shared by every phase. Phases build `Diagnostic`s;
//! `render` turns them into ariadne reports for terminals, `lines` into 1-based line and
//! character-column positions for JSON and editors. Nothing here knows about syntax or types.

pub mod codes;
mod lines;
mod render;
mod suggest;

pub use codes::Code;
pub use lines::{LineCol, LineIndex};
pub use render::{RenderOptions, render};
pub use suggest::{did_you_mean, similar_names};

use crate::span::{FileId, Span};
use serde::Serialize;

/// How serious a diagnostic is; it follows from the code's letter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Must be fixed: a policy set with errors is not evaluated.
    Error,
    /// Worth fixing; does not stop evaluation.
    Warning,
}

/// A secondary location with a short explanation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// Where the label points. Labels may point into another file than the primary span.
    pub file: FileId,
    /// The byte span it underlines.
    pub span: Span,
    /// What the label says about that place.
    pub message: String,
}

/// A problem found in policy source, with a stable code and a precise location.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The stable code; also decides the severity.
    pub code: Code,
    /// Lowercase one-line message; user text in backticks.
    pub message: String,
    /// The file the primary span belongs to.
    pub file: FileId,
    /// The primary location.
    pub span: Span,
    /// Secondary locations.
    pub labels: Vec<Label>,
    /// A hint on how to fix it, if there is one.
    pub help: Option<String>,
    /// Edits that fix it, when the fix is certain enough to offer as one action (the one
    /// did-you-mean candidate for a misspelt name).
    pub fixes: Vec<Fix>,
}

/// Edits that fix a diagnostic, in the diagnostic's file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, for a menu: "Replace with `privileged`".
    pub title: String,
    /// The replacements: a span (empty to insert) and its new text; they do not overlap.
    pub edits: Vec<(Span, String)>,
}

impl Diagnostic {
    /// A diagnostic with no labels and no help.
    pub fn new(code: Code, file: FileId, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            message: message.into(),
            file,
            span,
            labels: Vec::new(),
            help: None,
            fixes: Vec::new(),
        }
    }

    /// Offers replacing the primary span with the one candidate a misspelt `name` may have
    /// meant (nothing when there are none or several).
    pub fn with_name_fix<'a>(
        mut self,
        name: &str,
        candidates: impl IntoIterator<Item = &'a str>,
    ) -> Diagnostic {
        if let [only] = similar_names(name, candidates).as_slice() {
            self.fixes.push(Fix {
                title: format!("Replace with `{only}`"),
                edits: vec![(self.span, only.clone())],
            });
        }
        self
    }

    /// Adds a fix.
    pub fn with_fix(mut self, title: impl Into<String>, edits: Vec<(Span, String)>) -> Diagnostic {
        self.fixes.push(Fix {
            title: title.into(),
            edits,
        });
        self
    }

    /// Adds a secondary label in the same file.
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.labels.push(Label {
            file: self.file,
            span,
            message: message.into(),
        });
        self
    }

    /// Adds a secondary label in another file.
    pub fn with_label_in(
        mut self,
        file: FileId,
        span: Span,
        message: impl Into<String>,
    ) -> Diagnostic {
        self.labels.push(Label {
            file,
            span,
            message: message.into(),
        });
        self
    }

    /// Sets the help text.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Sets the help text when there is one.
    pub fn with_help_opt(mut self, help: Option<String>) -> Diagnostic {
        self.help = help;
        self
    }

    /// Error or warning, from the code.
    pub fn severity(&self) -> Severity {
        if self.code.is_warning() {
            Severity::Warning
        } else {
            Severity::Error
        }
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity() == Severity::Error
    }
}

/// Formats a piece of user text for a message: in backticks, shortened when very long and with
/// control characters escaped, so that a hostile name cannot flood or garble the terminal.
pub fn quote(text: &str) -> String {
    const MAX: usize = 64;
    let mut out = String::from("`");
    for (n, ch) in text.chars().enumerate() {
        if n == MAX {
            out.push('…');
            break;
        }
        if ch.is_control() {
            out.extend(ch.escape_default());
        } else {
            out.push(ch);
        }
    }
    out.push('`');
    out
}

/// At most this many diagnostics are kept per file; a final E0104 says how many were dropped.
pub const MAX_PER_FILE: usize = 200;

/// Keeps the first `MAX_PER_FILE` diagnostics of each file (in position order, so the input
/// must be sorted) and replaces the rest by one E0104 that counts them.
pub fn cap_per_file(diagnostics: &mut Vec<Diagnostic>) {
    let mut kept: Vec<Diagnostic> = Vec::with_capacity(diagnostics.len().min(4096));
    let mut dropped: Vec<(FileId, usize, Span)> = Vec::new();
    let mut count: std::collections::HashMap<FileId, usize> = std::collections::HashMap::new();
    for d in diagnostics.drain(..) {
        let n = count.entry(d.file).or_insert(0);
        *n += 1;
        if *n <= MAX_PER_FILE {
            kept.push(d);
        } else if let Some(entry) = dropped.iter_mut().find(|(f, _, _)| *f == d.file) {
            entry.1 += 1;
        } else {
            dropped.push((d.file, 1, d.span));
        }
    }
    for (file, n, span) in dropped {
        kept.push(
            Diagnostic::new(
                codes::TOO_MANY_ERRORS,
                file,
                span,
                format!("too many diagnostics in this file: {n} more not shown"),
            )
            .with_help("fix the ones above and check again"),
        );
    }
    *diagnostics = kept;
}

/// Orders diagnostics by file and position and drops exact repeats (same code, file and span),
/// keeping the first, which is the more specific when two phases see one problem.
pub fn sort_and_dedup(diagnostics: &mut Vec<Diagnostic>) {
    let mut seen = std::collections::HashSet::new();
    diagnostics.retain(|d| seen.insert((d.code, d.file, d.span)));
    diagnostics.sort_by_key(|d| (d.file, d.span.start, d.span.end));
}
