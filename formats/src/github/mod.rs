//! GitHub Actions workflows and actions, read into the typed documents that the standard
//! library's `palisade.github.schema` declares (`Workflow`, `Action`): triggers, permissions,
//! jobs, steps, `uses:` references split into their parts, `run:` scripts with their commands,
//! and every `${{ }}` expression with the contexts it reads, each node with its line.
//!
//! A workflow is YAML, read by the library's YAML reader under the same [`InputLimits`]; a
//! document is a workflow when its top level has `on` and `jobs`, an action when it has
//! `runs.using`, wherever the file is. Other YAML documents are left as they are. A file under
//! `.github/workflows/` whose document is neither is reported (`E0400`), since GitHub would
//! refuse it too.

mod emit;
pub mod expr;

use palisade::diagnostics::codes;
use palisade::{Document, InputError, InputFormat, InputLimits, Piece};

pub use emit::{UsesRef, parse_uses};

/// Whether a path is a workflow's by location: a `.yml` or `.yaml` file directly under a
/// `.github/workflows` directory.
pub fn in_workflows_dir(path: &str) -> bool {
    let mut parts = path.rsplit(['/', '\\']);
    let (file, dir, parent) = (parts.next(), parts.next(), parts.next());
    parent == Some(".github")
        && dir == Some("workflows")
        && file.is_some_and(|f| f.ends_with(".yml") || f.ends_with(".yaml"))
}

/// Reads a YAML (or JSON) text: each document that is a workflow or an action is normalised,
/// the others are kept as read. `file_name` decides whether a document that is neither is an
/// error ([`in_workflows_dir`]).
///
/// ```
/// use palisade::InputLimits;
///
/// let text = b"on: pull_request_target\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: echo \"${{ github.event.pull_request.title }}\"\n";
/// let (docs, errors) = palisade_formats::github::read("ci.yml", text, &InputLimits::default());
/// assert!(errors.is_empty());
/// let json = docs[0].value.to_json();
/// assert_eq!(json["triggers"][0]["event"], "pull_request_target");
/// assert_eq!(json["jobs"][0]["steps"][0]["uses"]["action"], "actions/checkout");
/// let expression = &json["jobs"][0]["steps"][1]["run"]["expressions"][0];
/// assert_eq!(expression["contexts"][0], "github.event.pull_request.title");
/// assert_eq!(docs[0].line_of("/jobs/0/steps/1/run"), 7);
/// ```
pub fn read(
    file_name: &str,
    bytes: &[u8],
    limits: &InputLimits,
) -> (Vec<Document>, Vec<InputError>) {
    let mut documents = Vec::new();
    let mut errors = Vec::new();
    read_pieces(file_name, bytes, limits, None, &mut |piece| match piece {
        Piece::Document(document) | Piece::Rest { document, .. } => documents.push(document),
        Piece::Element { element, .. } => documents.push(element),
        Piece::Unreadable(error) => errors.push(error),
    });
    (documents, errors)
}

/// Reads the documents of a YAML (or JSON) file piece by piece, as
/// [`palisade::read_pieces`] does with `split`, each workflow and action normalised as
/// [`read`] normalises it. Elements of a split array and the document they came from are
/// handed over as read (a workflow or an action has no member to split).
pub fn read_pieces(
    file_name: &str,
    bytes: &[u8],
    limits: &InputLimits,
    split: Option<&str>,
    sink: &mut dyn FnMut(Piece),
) {
    // The text is needed only for a workflow or an action (most YAML is neither); the YAML
    // reader checked the bytes already, so a text it read is within the limits.
    let mut source: Option<&str> = None;
    let workflow_dir = in_workflows_dir(file_name);
    // A file where only workflows belong is read whole, whatever it holds.
    let split = split.filter(|_| !workflow_dir);
    palisade::read_pieces(bytes, InputFormat::Detect, limits, split, &mut |piece| {
        let Piece::Document(doc) = piece else {
            return sink(piece);
        };
        match emit::shape(&doc.value) {
            Some(shape) => match emit::build(
                &doc,
                source
                    .get_or_insert_with(|| palisade::input_text(bytes, limits).unwrap_or_default()),
                shape,
                limits,
            ) {
                Ok(Some(built)) => sink(Piece::Document(built)),
                Ok(None) => {}
                Err(e) => sink(Piece::Unreadable(InputError {
                    document: Some(doc.index),
                    ..e
                })),
            },
            None if workflow_dir => sink(Piece::Unreadable(InputError {
                code: codes::MALFORMED_INPUT,
                message: "a workflow needs `on:` (its triggers) and `jobs:` at its top level"
                    .to_owned(),
                document: Some(doc.index),
                line: doc.line,
                column: 0,
            })),
            None => sink(Piece::Document(doc)),
        }
    });
}
