//! Hover: what the thing under the cursor is. A builtin shows its signature and summary; a name
//! shows its declaration (a function's signature, a rule's title, severity and controls, the
//! comments above the item); a local shows its type; any other expression shows its type.

use super::{Snapshot, touches};
use crate::check::analysis::Target;
use crate::span::{FileId, Span};
use crate::syntax::ast::{ExprKind, Item, ItemKind, MetaBlock};

/// What to show for a position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    /// The range the hover is about.
    pub span: Span,
    /// Markdown, with Palisade code in ```` ```pal ```` blocks.
    pub markdown: String,
}

fn code(text: &str) -> String {
    format!("```pal\n{text}\n```")
}

impl Snapshot {
    /// What to show when hovering at `offset`.
    pub fn hover(&self, file: FileId, offset: u32) -> Option<Hover> {
        let text = self.text(file)?;
        if let Some((target, span)) = self.target_at(file, offset) {
            return Some(Hover {
                span,
                markdown: self.describe(target)?,
            });
        }
        if let Some((word, span)) = word_at(text, offset)
            && let Some(b) = crate::builtins::lookup(word)
        {
            return Some(Hover {
                span,
                markdown: format!(
                    "{}\n\n{}",
                    code(&format!("fn {}{}", b.name, b.signature)),
                    b.summary
                ),
            });
        }
        let (_, span, ty) = self
            .analysis(file)?
            .types
            .iter()
            .filter(|(f, s, _)| *f == file && touches(*s, offset))
            .min_by_key(|(_, s, _)| s.len())?;
        Some(Hover {
            span: *span,
            markdown: code(&ty.to_string()),
        })
    }

    /// The hover text of a declaration.
    fn describe(&self, target: Target) -> Option<String> {
        match target {
            Target::Local { file, span } => {
                let name = self.text(file)?.get(span.range())?;
                let ty = self
                    .analysis(file)
                    .and_then(|a| a.bindings.iter().find(|(f, s, _)| *f == file && *s == span))
                    .map(|(_, _, t)| t.to_string())
                    .unwrap_or_else(|| "?".to_owned());
                Some(code(&format!("{name}: {ty}")))
            }
            Target::Item { file, item } => {
                let it = self.item(file, item)?;
                let mut out = code(&self.signature(file, it)?);
                if let ItemKind::Rule(rule) = &it.kind
                    && let Some(meta) = &rule.meta
                {
                    out.push_str("\n\n");
                    out.push_str(&self.meta_summary(file, meta));
                }
                let doc = self.doc_comment(file, it);
                if !doc.is_empty() {
                    out.push_str("\n\n");
                    out.push_str(&doc);
                }
                let package = self.parse(file)?.file.package.as_ref().map(|p| p.dotted());
                if let Some(package) = package {
                    out.push_str(&format!("\n\n*package `{package}`*"));
                }
                Some(out)
            }
        }
    }

    /// An item's declaration without its body, whitespace collapsed.
    pub(super) fn signature(&self, file: FileId, item: &Item) -> Option<String> {
        let text = self.text(file)?;
        let end = match &item.kind {
            ItemKind::Fn(d) => d
                .lets
                .first()
                .map(|l| l.span.start)
                .unwrap_or(d.body.span.start),
            ItemKind::Rule(d) => d
                .meta
                .as_ref()
                .map(|m| m.span.start)
                .or_else(|| d.body.first().map(|s| s.span.start))
                .unwrap_or(item.span.end),
            ItemKind::Test(_) => item.span.start + 4,
            _ => item.span.end,
        };
        let mut head = text.get(item.span.start as usize..end as usize)?.trim_end();
        for cut in ["return", "{"] {
            head = head.trim_end().strip_suffix(cut).unwrap_or(head).trim_end();
        }
        let collapsed: Vec<&str> = head.split_whitespace().collect();
        let mut sig = collapsed.join(" ");
        if let ItemKind::Const(d) = &item.kind
            && d.ty.is_none()
            && let Some((_, _, ty)) = self.analysis(file).and_then(|a| {
                a.types
                    .iter()
                    .find(|(f, s, _)| *f == file && *s == d.value.span)
            })
        {
            sig = format!("let {}: {ty}", d.name.name);
        }
        if sig.len() > 400 {
            sig.truncate(sig.char_indices().take(400).last().map_or(0, |(i, _)| i));
            sig.push_str(" …");
        }
        Some(sig)
    }

    /// A rule's title, severity and controls.
    fn meta_summary(&self, file: FileId, meta: &MetaBlock) -> String {
        let mut lines = Vec::new();
        for entry in &meta.entries {
            let value = match &entry.value.kind {
                ExprKind::Str(s) => s.as_plain().unwrap_or_default(),
                ExprKind::List(items) => items
                    .iter()
                    .filter_map(|i| match &i.kind {
                        ExprKind::Str(s) => s.as_plain(),
                        _ => None,
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
                _ => self
                    .text(file)
                    .and_then(|t| t.get(entry.value.span.range()))
                    .unwrap_or("")
                    .to_owned(),
            };
            match entry.key.name.as_str() {
                "title" => lines.insert(0, format!("**{value}**")),
                "id" | "severity" | "controls" | "enforcement" | "remediation" => {
                    lines.push(format!("{}: {value}", entry.key.name));
                }
                _ => {}
            }
        }
        lines.join("  \n")
    }

    /// The `#` comment lines directly above an item, without their `#`.
    pub(super) fn doc_comment(&self, file: FileId, item: &Item) -> String {
        let (Some(text), Some(parse)) = (self.text(file), self.parse(file)) else {
            return String::new();
        };
        let mut lines: Vec<&str> = Vec::new();
        let mut next_start = item.span.start;
        for c in parse
            .trivia
            .comments
            .iter()
            .rev()
            .filter(|c| c.span.end <= item.span.start)
        {
            let gap = text
                .get(c.span.end as usize..next_start as usize)
                .unwrap_or("x");
            if gap.chars().any(|ch| !ch.is_whitespace()) || gap.matches('\n').count() != 1 {
                break;
            }
            let body = text.get(c.span.range()).unwrap_or("");
            let Some(line) = body.strip_prefix('#') else {
                break;
            };
            lines.push(line.strip_prefix(' ').unwrap_or(line).trim_end());
            next_start = c.span.start;
        }
        lines.reverse();
        lines.join("\n")
    }
}

/// The identifier at `offset` and its span.
pub(crate) fn word_at(text: &str, offset: u32) -> Option<(&str, Span)> {
    let offset = (offset as usize).min(text.len());
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let before = text.get(..offset)?;
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word(*c))
        .last()
        .map_or(offset, |(i, _)| i);
    let after = text.get(offset..)?;
    let end = offset + after.find(|c: char| !is_word(c)).unwrap_or(after.len());
    let word = text.get(start..end)?;
    (!word.is_empty()).then_some((word, Span::new(start, end)))
}
