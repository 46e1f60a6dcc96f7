//! Signature help: while the cursor is inside the parentheses of a call, the callee's signature
//! with the parameter being written highlighted. It reads the text backwards from the cursor
//! (the call is usually unfinished, so there is no tree for it yet): the unclosed `(`, the name
//! before it (`name` or `alias.name`), and the commas at the call's own level.

use super::Snapshot;
use crate::span::FileId;
use crate::syntax::ast::ItemKind;

/// A signature and the parameter at the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureHelp {
    /// The whole signature, e.g. `starts_with(s: string, prefix: string) -> bool`.
    pub label: String,
    /// Each parameter's byte range within `label`.
    pub parameters: Vec<(usize, usize)>,
    /// The parameter the cursor is in (from 0).
    pub active: usize,
    /// What the function does, when known.
    pub documentation: Option<String>,
}

/// The callee name and the number of commas before the cursor, for the innermost unclosed call.
fn open_call(text: &str, offset: usize) -> Option<(&str, usize)> {
    let before = text.get(..offset.min(text.len()))?;
    let bytes = before.as_bytes();
    let (mut depth, mut commas) = (0usize, 0usize);
    let mut i = bytes.len();
    let mut in_string = false;
    while i > 0 {
        i -= 1;
        let b = *bytes.get(i)?;
        match b {
            b'"' => in_string = !in_string,
            _ if in_string => {}
            b')' | b']' | b'}' => depth += 1,
            b'[' | b'{' => {
                if depth == 0 {
                    return None;
                }
                depth -= 1;
            }
            b'(' => {
                if depth == 0 {
                    let head = before.get(..i)?.trim_end();
                    let start = head
                        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
                        .map_or(0, |p| p + 1);
                    let name = head.get(start..)?;
                    return (!name.is_empty() && !name.starts_with('.')).then_some((name, commas));
                }
                depth -= 1;
            }
            b',' if depth == 0 => commas += 1,
            _ => {}
        }
    }
    None
}

/// Splits `(a: T, b: map<K, V>) -> R` into the byte ranges of its parameters.
fn parameter_ranges(label: &str, open: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = open + 1;
    for (i, c) in label.char_indices().skip_while(|(i, _)| *i <= open) {
        match c {
            '<' | '(' | '{' | '[' => depth += 1,
            '>' | '}' | ']' => depth = depth.saturating_sub(1),
            ')' if depth == 0 => {
                if label.get(start..i).is_some_and(|p| !p.trim().is_empty()) {
                    out.push(trimmed(label, start, i));
                }
                break;
            }
            ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(trimmed(label, start, i));
                start = i + 1;
            }
            _ => {}
        }
    }
    out
}

fn trimmed(label: &str, start: usize, end: usize) -> (usize, usize) {
    let part = label.get(start..end).unwrap_or("");
    let lead = part.len() - part.trim_start().len();
    (start + lead, start + part.trim_end().len())
}

impl Snapshot {
    /// The signature of the call the cursor is in.
    pub fn signature_help(&self, file: FileId, offset: u32) -> Option<SignatureHelp> {
        let text = self.text(file)?;
        let (name, commas) = open_call(text, offset as usize)?;
        let (label, documentation) = match name.rsplit_once('.') {
            None => match crate::builtins::lookup(name) {
                Some(b) => (
                    format!("{}{}", b.name, b.signature),
                    Some(b.summary.to_owned()),
                ),
                None => self.function_signature(file, None, name)?,
            },
            Some((alias, item)) => self.function_signature(file, Some(alias), item)?,
        };
        let open = label.find('(')?;
        let parameters = parameter_ranges(&label, open);
        Some(SignatureHelp {
            active: commas.min(parameters.len().saturating_sub(1)),
            parameters,
            label,
            documentation,
        })
    }

    /// A function declared in the file's package (or in the package `alias` imports).
    fn function_signature(
        &self,
        file: FileId,
        alias: Option<&str>,
        name: &str,
    ) -> Option<(String, Option<String>)> {
        let tree = &self.parse(file)?.file;
        let package = match alias {
            None => tree.package.as_ref()?.dotted(),
            Some(alias) => tree
                .imports
                .iter()
                .find(|i| i.binding().is_some_and(|b| b.name == alias))?
                .path
                .dotted(),
        };
        for other in self.files() {
            let Some(parse) = self.parse(other) else {
                continue;
            };
            if parse.file.package.as_ref().map(|p| p.dotted()).as_deref() != Some(package.as_str())
            {
                continue;
            }
            for item in &parse.file.items {
                if let ItemKind::Fn(d) = &item.kind
                    && d.name.name == name
                {
                    let signature = self.signature(other, item)?;
                    let doc = self.doc_comment(other, item);
                    let label = signature
                        .strip_prefix("fn ")
                        .unwrap_or(&signature)
                        .to_owned();
                    return Some((label, (!doc.is_empty()).then_some(doc)));
                }
            }
        }
        None
    }
}
