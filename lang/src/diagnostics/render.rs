//! Renders diagnostics with ariadne, the only place that does. Spans are bytes, so the
//! report uses `IndexType::Byte`; colour is a choice of the caller (on for terminals only).

use super::{Diagnostic, LineIndex, Severity};
use crate::span::FileId;
use ariadne::{Cache, Color, Config, IndexType, Label, Report, ReportKind, Source};
use std::collections::HashMap;
use std::fmt;

/// How to render.
#[derive(Clone, Copy, Debug, Default)]
pub struct RenderOptions {
    /// Emit ANSI colours.
    pub color: bool,
}

/// One source as the renderer needs it: a display name and the text.
type NamedSource<'a> = (&'a str, &'a str);

/// Renders `diagnostics` to a string. `source_of` gives the display name and the text of a file;
/// diagnostics whose file it does not know are rendered without a snippet. Each file is indexed
/// once, however many diagnostics point into it.
pub fn render<'a>(
    diagnostics: &[Diagnostic],
    source_of: &dyn Fn(FileId) -> Option<NamedSource<'a>>,
    options: RenderOptions,
) -> String {
    let mut out = Vec::new();
    let mut line_indexes: HashMap<FileId, LineIndex> = HashMap::new();
    let mut cache = SourceCache {
        sources: HashMap::new(),
        source_of,
    };
    for diagnostic in diagnostics {
        let Some((name, text)) = source_of(diagnostic.file) else {
            out.extend_from_slice(plain(diagnostic).as_bytes());
            continue;
        };
        let index = line_indexes
            .entry(diagnostic.file)
            .or_insert_with(|| LineIndex::new(text));
        if touches_long_line(diagnostic, text, index) {
            // A snippet would repeat a huge line (minified or generated input): say where
            // instead.
            let at = index.line_col(text, diagnostic.span.start as usize);
            out.extend_from_slice(format!("{name}:{}:{}: ", at.line, at.column).as_bytes());
            out.extend_from_slice(plain(diagnostic).as_bytes());
            continue;
        }
        let report = build(diagnostic, text, source_of, options);
        if report.write(&mut cache, &mut out).is_err() {
            out.extend_from_slice(plain(diagnostic).as_bytes());
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Indexed sources by file, built on first use.
struct SourceCache<'a, 'f> {
    sources: HashMap<FileId, Source<&'a str>>,
    source_of: &'f dyn Fn(FileId) -> Option<NamedSource<'a>>,
}

impl<'a> Cache<FileId> for SourceCache<'a, '_> {
    type Storage = &'a str;

    fn fetch(&mut self, id: &FileId) -> Result<&Source<&'a str>, impl fmt::Debug> {
        if !self.sources.contains_key(id) {
            let Some((_, text)) = (self.source_of)(*id) else {
                return Err(format!("unknown source {}", id.0));
            };
            self.sources.insert(*id, Source::from(text));
        }
        self.sources
            .get(id)
            .ok_or_else(|| format!("unknown source {}", id.0))
    }

    fn display<'b>(&self, id: &'b FileId) -> Option<impl fmt::Display + 'b> {
        (self.source_of)(*id).map(|(name, _)| name.to_owned())
    }
}

fn build<'a>(
    diagnostic: &Diagnostic,
    text: &str,
    source_of: &dyn Fn(FileId) -> Option<NamedSource<'a>>,
    options: RenderOptions,
) -> Report<'static, (FileId, std::ops::Range<usize>)> {
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
    let mut report = Report::build(kind, (diagnostic.file, primary.clone()))
        .with_config(config)
        .with_code(diagnostic.code)
        .with_message(&diagnostic.message)
        .with_label(
            Label::new((diagnostic.file, primary))
                .with_message(&diagnostic.message)
                .with_color(colour),
        );
    for label in &diagnostic.labels {
        if let Some((_, label_text)) = source_of(label.file) {
            let span = clamp(label.span.range(), label_text);
            report = report.with_label(
                Label::new((label.file, span))
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

/// Source lines longer than this are not shown in snippets.
const MAX_SNIPPET_LINE: usize = 400;

/// Whether the first or last line the span touches is too long to show.
fn touches_long_line(diagnostic: &Diagnostic, text: &str, index: &LineIndex) -> bool {
    let long = |offset: u32| {
        let (start, end) = index.line_bounds(text, offset as usize);
        end.saturating_sub(start) > MAX_SNIPPET_LINE
    };
    long(diagnostic.span.start) || long(diagnostic.span.end)
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
