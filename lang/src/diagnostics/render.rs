//! Renders diagnostics with ariadne, the only place that does. Spans are bytes, so the
//! report uses `IndexType::Byte`; colour is a choice of the caller (on for terminals only).

use super::{Diagnostic, Severity};
use crate::span::FileId;
use ariadne::{Color, Config, IndexType, Label, Report, ReportKind};

/// How to render.
#[derive(Clone, Copy, Debug, Default)]
pub struct RenderOptions {
    /// Emit ANSI colours.
    pub color: bool,
}

/// One source as the renderer needs it: a display name and the text.
type NamedSource<'a> = (&'a str, &'a str);

/// Renders `diagnostics` to a string. `source_of` gives the display name and the text of a file;
/// diagnostics whose file it does not know are rendered without a snippet.
pub fn render<'a>(
    diagnostics: &[Diagnostic],
    source_of: &dyn Fn(FileId) -> Option<NamedSource<'a>>,
    options: RenderOptions,
) -> String {
    let mut out = Vec::new();
    for diagnostic in diagnostics {
        let Some((name, text)) = source_of(diagnostic.file) else {
            out.extend_from_slice(plain(diagnostic).as_bytes());
            continue;
        };
        let mut files = vec![(diagnostic.file, name, text)];
        for label in &diagnostic.labels {
            if let Some((n, t)) = source_of(label.file) {
                files.push((label.file, n, t));
            }
        }
        let report = build(diagnostic, name, text, source_of, options);
        let mut sources: Vec<(String, &'a str)> = Vec::new();
        for (_, n, t) in &files {
            if !sources.iter().any(|(seen, _)| seen == n) {
                sources.push(((*n).to_owned(), *t));
            }
        }
        if report.write(ariadne::sources(sources), &mut out).is_err() {
            out.extend_from_slice(plain(diagnostic).as_bytes());
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn build<'a>(
    diagnostic: &Diagnostic,
    name: &str,
    text: &str,
    source_of: &dyn Fn(FileId) -> Option<NamedSource<'a>>,
    options: RenderOptions,
) -> Report<'static, (String, std::ops::Range<usize>)> {
    let kind = match diagnostic.severity() {
        Severity::Error => ReportKind::Error,
        Severity::Warning => ReportKind::Warning,
    };
    let primary = clamp(diagnostic.span.range(), text);
    let config = Config::default()
        .with_index_type(IndexType::Byte)
        .with_color(options.color);
    let colour = match diagnostic.severity() {
        Severity::Error => Color::Red,
        Severity::Warning => Color::Yellow,
    };
    let mut report = Report::build(kind, (name.to_owned(), primary.clone()))
        .with_config(config)
        .with_code(diagnostic.code)
        .with_message(&diagnostic.message)
        .with_label(
            Label::new((name.to_owned(), primary))
                .with_message(&diagnostic.message)
                .with_color(colour),
        );
    for label in &diagnostic.labels {
        if let Some((label_name, label_text)) = source_of(label.file) {
            let span = clamp(label.span.range(), label_text);
            report = report.with_label(
                Label::new((label_name.to_owned(), span))
                    .with_message(&label.message)
                    .with_color(Color::Blue),
            );
        }
    }
    if let Some(help) = &diagnostic.help {
        report = report.with_help(help);
    }
    report.finish()
}

/// Keeps a span inside the text and on character boundaries, so ariadne never sees an offset
/// it cannot place (e.g. a diagnostic at end of file).
fn clamp(range: std::ops::Range<usize>, text: &str) -> std::ops::Range<usize> {
    let fix = |mut o: usize| {
        o = o.min(text.len());
        while o > 0 && !text.is_char_boundary(o) {
            o -= 1;
        }
        o
    };
    fix(range.start)..fix(range.end)
}

fn plain(diagnostic: &Diagnostic) -> String {
    let mut s = format!(
        "{}[{}]: {}\n",
        match diagnostic.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        },
        diagnostic.code,
        diagnostic.message
    );
    if let Some(help) = &diagnostic.help {
        s.push_str(&format!("  help: {help}\n"));
    }
    s
}
