//! Input formats for Palisade beyond JSON and YAML, read into documents the language judges
//! like any other: values with the source line of every node, built by the library's
//! [`palisade::DocumentBuilder`] under the same [`palisade::InputLimits`].
//!
//! - [`dockerfile`]: Dockerfiles and Containerfiles, as the standard library's
//!   `palisade.docker.schema.Dockerfile` declares them;
//! - [`github`]: GitHub Actions workflows and actions, as `palisade.github.schema` declares
//!   them (a YAML document with `on` and `jobs`, or with `runs.using`);
//! - [`terraform`]: Terraform files (`*.tf`, HCL) and plans (`terraform show -json`), as
//!   `palisade.terraform.schema.TerraformModule` declares them;
//! - [`shell`]: the simple commands of a shell text (the `RUN` lines of a Dockerfile), which
//!   the Dockerfile reader uses and other formats' readers can too.
//!
//! The language core knows none of these formats; the engine (`palisade-engine`) picks a
//! reader by file name.

pub mod dockerfile;
pub mod github;
pub mod shell;
pub mod terraform;

use palisade::{Document, InputError, InputLimits, Piece, Value};

/// The documents of a file, read by the reader its name calls for: the Dockerfile reader for
/// a Dockerfile's name ([`dockerfile::recognizes`]), the Terraform reader for a `*.tf` file
/// ([`terraform::recognizes`]), JSON or YAML (detected from the text) otherwise, with GitHub
/// Actions workflows and actions normalised ([`github::read`]) and Terraform plans read as
/// modules ([`terraform::from_plan`]).
pub fn read_file(
    file_name: &str,
    bytes: &[u8],
    limits: &InputLimits,
) -> (Vec<Document>, Vec<InputError>) {
    if dockerfile::recognizes(file_name) {
        dockerfile::read(bytes, limits)
    } else if terraform::recognizes(file_name) {
        terraform::read(bytes, limits)
    } else {
        let mut documents = Vec::new();
        let mut errors = Vec::new();
        read_file_pieces(file_name, bytes, limits, None, &mut |piece| match piece {
            Piece::Document(document) | Piece::Rest { document, .. } => documents.push(document),
            Piece::Element { element, .. } => documents.push(element),
            Piece::Unreadable(error) => errors.push(error),
        });
        (documents, errors)
    }
}

/// The pieces of a file, read as [`read_file`] reads it but handed to `sink` one at a time,
/// with the elements of the array under `split` of a JSON or YAML document handed over one by
/// one (see [`palisade::read_pieces`]); a Dockerfile and a Terraform file are one document.
pub fn read_file_pieces(
    file_name: &str,
    bytes: &[u8],
    limits: &InputLimits,
    split: Option<&str>,
    sink: &mut dyn FnMut(Piece),
) {
    read_file_pieces_with_context(file_name, bytes, &[], limits, split, sink);
}

/// [`read_file_pieces`] for a file that belongs with others: `context` holds the bytes of the
/// other files of its Terraform module (the `*.tf` files of the same directory), read by
/// [`terraform::read_in_module`]. Other formats have no context and ignore it.
pub fn read_file_pieces_with_context(
    file_name: &str,
    bytes: &[u8],
    context: &[&[u8]],
    limits: &InputLimits,
    split: Option<&str>,
    sink: &mut dyn FnMut(Piece),
) {
    let whole = if dockerfile::recognizes(file_name) {
        dockerfile::read(bytes, limits)
    } else if terraform::recognizes(file_name) {
        terraform::read_in_module(bytes, context, limits)
    } else {
        github::read_pieces(file_name, bytes, limits, split, &mut |piece| match piece {
            Piece::Document(doc) if terraform::plan::is_plan(&doc.value) => {
                sink(match terraform::from_plan(&doc, limits) {
                    Ok(Some(module)) => Piece::Document(module),
                    Ok(None) => return,
                    Err(e) => Piece::Unreadable(InputError {
                        document: Some(doc.index),
                        ..e
                    }),
                })
            }
            other => sink(other),
        });
        return;
    };
    let (documents, errors) = whole;
    errors
        .into_iter()
        .map(Piece::Unreadable)
        .chain(documents.into_iter().map(Piece::Document))
        .for_each(sink);
}

/// The one document of a test fixture file named `name`, read as [`read_file`] reads it (so a
/// `fixture("testdata/root.Dockerfile")` in a policy test is the document a scan judges).
pub fn fixture_value(name: &str, bytes: &[u8]) -> Result<Value, palisade::FixtureError> {
    let (mut docs, errors) = read_file(name, bytes, &InputLimits::default());
    if let Some(e) = errors.into_iter().next() {
        return Err(palisade::FixtureError::Input(e));
    }
    match docs.len() {
        1 => Ok(docs.remove(0).value),
        n => Err(palisade::FixtureError::Documents(n)),
    }
}
