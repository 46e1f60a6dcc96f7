//! Printing diagnostics: rendered with ariadne for people, or as the JSON object of the CLI
//! contract (`spec/diagnostics.md`) for tools.

use crate::files::LoadedFile;
use palisade::diagnostics::{LineIndex, RenderOptions, render};
use palisade::{Diagnostic, FileId};
use serde::Serialize;
use std::io::{IsTerminal, Write};

/// Writes text to stdout; a closed pipe (`palisade … | head`) ends the output quietly instead
/// of panicking.
pub fn emit(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

/// Renders every diagnostic and a summary line.
pub fn human(files: &[LoadedFile], diagnostics: &[Diagnostic]) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(render_human(files, diagnostics).as_bytes());
}

/// Every diagnostic rendered for people, and a summary line.
pub fn render_human(files: &[LoadedFile], diagnostics: &[Diagnostic]) -> String {
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let source_of = |id: FileId| {
        files
            .iter()
            .find(|f| f.id == id)
            .map(|f| (f.display.as_str(), f.text.as_str()))
    };
    let mut text = render(diagnostics, &source_of, RenderOptions { color });
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    text.push_str(&format!(
        "checked {} {}: {} {}, {} {}\n",
        files.len(),
        plural(files.len(), "file", "files"),
        errors,
        plural(errors, "error", "errors"),
        warnings,
        plural(warnings, "warning", "warnings"),
    ));
    text
}

pub fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    diagnostics: Vec<JsonDiagnostic<'a>>,
    /// `palisade check --cost`: the static cost bounds.
    #[serde(skip_serializing_if = "Option::is_none")]
    costs: Option<serde_json::Value>,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'static str,
    severity: palisade::Severity,
    message: &'a str,
    file: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    labels: Vec<JsonLabel<'a>>,
    help: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    message: &'a str,
    file: &'a str,
    line: u32,
    column: u32,
}

/// Prints the JSON report on stdout.
pub fn json(files: &[LoadedFile], diagnostics: &[Diagnostic]) {
    json_with(files, diagnostics, None);
}

/// The JSON object of the CLI contract, with the cost bounds of `palisade check --cost`.
pub fn json_with(
    files: &[LoadedFile],
    diagnostics: &[Diagnostic],
    costs: Option<serde_json::Value>,
) {
    let indexes: Vec<(FileId, LineIndex)> = files
        .iter()
        .map(|f| (f.id, LineIndex::new(&f.text)))
        .collect();
    let locate = |id: FileId, offset: u32| {
        let file = files.iter().find(|f| f.id == id);
        let index = indexes.iter().find(|(i, _)| *i == id).map(|(_, x)| x);
        match (file, index) {
            (Some(f), Some(x)) => (f.display.as_str(), x.line_col(&f.text, offset as usize)),
            _ => ("", palisade::diagnostics::LineCol { line: 1, column: 1 }),
        }
    };
    let report = JsonReport {
        diagnostics: diagnostics
            .iter()
            .map(|d| {
                let (file, start) = locate(d.file, d.span.start);
                let (_, end) = locate(d.file, d.span.end);
                JsonDiagnostic {
                    code: d.code.as_str(),
                    severity: d.severity(),
                    message: &d.message,
                    file,
                    line: start.line,
                    column: start.column,
                    end_line: end.line,
                    end_column: end.column,
                    labels: d
                        .labels
                        .iter()
                        .map(|l| {
                            let (file, at) = locate(l.file, l.span.start);
                            JsonLabel {
                                message: &l.message,
                                file,
                                line: at.line,
                                column: at.column,
                            }
                        })
                        .collect(),
                    help: d.help.as_deref(),
                }
            })
            .collect(),
        costs,
    };
    let mut out = std::io::stdout().lock();
    let _ = serde_json::to_writer(&mut out, &report);
    let _ = writeln!(out);
}
