//! Dockerfiles (and Containerfiles) read into the typed document that the standard library's
//! `palisade.docker.schema.Dockerfile` declares: directives, global ARGs, and stages with their
//! base image and instructions, every node with its line.
//!
//! Reading is total: whatever the bytes, [`read`] gives the document it could build and the
//! errors it met (an unknown instruction, an instruction before the first FROM, a FROM without
//! an image), each with its line and the stable code `E0400`; an instruction in error is left
//! out and reading goes on. The limits of [`InputLimits`] hold as for JSON and YAML (bytes,
//! nodes, collection lengths, string sizes: the document is built by the library's
//! [`DocumentBuilder`](palisade::DocumentBuilder)), and nothing recurses.

mod emit;
mod instr;
mod subst;
mod text;

use palisade::{Document, InputError, InputLimits};

pub use instr::KEYWORDS;

/// Whether a file name is a Dockerfile's: `Dockerfile`, `Containerfile`, `Dockerfile.*`,
/// `Containerfile.*`, `*.Dockerfile`, `*.Containerfile` (any case for the base names, as
/// build tools accept).
pub fn recognizes(file_name: &str) -> bool {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let lower = base.to_ascii_lowercase();
    ["dockerfile", "containerfile"].iter().any(|name| {
        lower == *name
            || lower
                .strip_prefix(name)
                .is_some_and(|rest| rest.starts_with('.') && rest.len() > 1)
            || lower
                .strip_suffix(name)
                .is_some_and(|rest| rest.ends_with('.') && rest.len() > 1)
    })
}

/// Reads a Dockerfile: its one document (index 0), if any could be built, and the errors met.
///
/// ```
/// use palisade::InputLimits;
///
/// let text = b"FROM golang:1.23 AS build\nRUN go build -o /app .\n\nFROM gcr.io/distroless/static\nCOPY --from=build /app /app\nUSER 65532\n";
/// let (docs, errors) = palisade_formats::dockerfile::read(text, &InputLimits::default());
/// assert!(errors.is_empty());
/// let doc = &docs[0];
/// let json = doc.value.to_json();
/// assert_eq!(json["stages"][1]["instructions"][0]["from_stage"], 0);
/// assert_eq!(doc.line_of("/stages/1/instructions/1"), 6);
/// ```
pub fn read(bytes: &[u8], limits: &InputLimits) -> (Vec<Document>, Vec<InputError>) {
    let text = match palisade::input_text(bytes, limits) {
        Ok(text) => text,
        Err(e) => {
            let error = InputError {
                document: Some(0),
                ..e
            };
            return (Vec::new(), vec![error]);
        }
    };
    let mut errors = Vec::new();
    let file = emit::file(text, &mut errors);
    match emit::build(&file, limits) {
        Ok(Some(doc)) => (vec![doc], errors),
        Ok(None) => (Vec::new(), errors),
        Err(e) => {
            errors.push(InputError {
                document: Some(0),
                ..e
            });
            (Vec::new(), errors)
        }
    }
}

/// An error of the file's one document.
fn error(code: palisade::Code, message: String, line: u32) -> InputError {
    InputError {
        code,
        message,
        document: Some(0),
        line,
        column: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for yes in [
            "Dockerfile",
            "dockerfile",
            "Containerfile",
            "Dockerfile.prod",
            "api.Dockerfile",
            "build/ci.dockerfile",
            "x/Containerfile.arm64",
        ] {
            assert!(recognizes(yes), "{yes}");
        }
        for no in [
            "Dockerfile.",
            ".dockerfile",
            "Dockerfiles",
            "mydockerfile",
            "x.yaml",
        ] {
            assert!(!recognizes(no), "{no}");
        }
    }
}
