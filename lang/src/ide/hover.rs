//! Hover: what the thing under the cursor is. A builtin shows its signature and summary; a name
//! shows its declaration (a function's or a view's signature, a rule's title, severity and
//! controls, the comments above the item); a local shows its type; any other expression shows
//! its type.

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
        if let Some(hover) = self.field_hover(file, offset) {
            return Some(hover);
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

    /// On the field of `base.field` (or `base?.field`): the field's declared type, the record
    /// type it belongs to, and the comment above the field in that type's declaration.
    fn field_hover(&self, file: FileId, offset: u32) -> Option<Hover> {
        let text = self.text(file)?;
        let (word, span) = word_at(text, offset)?;
        let before = text.get(..span.start as usize)?;
        let base_end = before
            .strip_suffix("?.")
            .or_else(|| before.strip_suffix('.'))?
            .len();
        let analysis = self.analysis(file)?;
        let base = analysis
            .types
            .iter()
            .filter(|(f, s, _)| {
                *f == file && s.end as usize == base_end && (s.start as usize) < base_end
            })
            .max_by_key(|(_, s, _)| s.len())
            .map(|(_, _, t)| t.strip_optional().clone())?;
        let crate::check::types::Ty::Record(record) = base else {
            return None;
        };
        let field = record.field(word)?;
        let mut markdown = code(&format!(
            "{word}{}: {}",
            if field.optional { "?" } else { "" },
            field.ty
        ));
        if let Some(owner) = &record.name {
            markdown.push_str(&format!("\n\nfield of `{owner}`"));
            if let Some(doc) = self.field_doc(file, owner, word)
                && !doc.is_empty()
            {
                markdown.push_str("\n\n");
                markdown.push_str(&doc);
            }
        }
        Some(Hover { span, markdown })
    }

    /// The comment above field `field` of the record type `owner` declared in `file`'s package
    /// or a package it imports.
    fn field_doc(&self, file: FileId, owner: &str, field: &str) -> Option<String> {
        let tree = &self.parse(file)?.file;
        let mut packages: Vec<String> = tree.imports.iter().map(|i| i.path.dotted()).collect();
        packages.extend(tree.package.as_ref().map(|p| p.dotted()));
        for other in self.files() {
            let Some(p) = self.parse(other) else { continue };
            let visible = other == file
                || p.file
                    .package
                    .as_ref()
                    .is_some_and(|p| packages.contains(&p.dotted()));
            if !visible {
                continue;
            }
            for item in &p.file.items {
                let ItemKind::Type(decl) = &item.kind else {
                    continue;
                };
                if decl.name.name != owner {
                    continue;
                }
                let crate::syntax::ast::TypeKind::Record { fields, .. } = &decl.ty.kind else {
                    continue;
                };
                let declared = fields.iter().find(|f| f.name.name == field)?;
                return Some(self.comment_above(other, declared.name.span.start));
            }
        }
        None
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
                if let ItemKind::Rule(rule) = &it.kind
                    && let Some(cost) = self.cost_of(file, rule.name.span)
                {
                    out.push_str("\n\n");
                    out.push_str(&cost_line(cost));
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
            // Up to the first statement, or (an empty body) to the closing `}`.
            ItemKind::View(d) => d
                .body
                .first()
                .map_or(item.span.end.saturating_sub(1), |s| s.span.start),
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
        self.comment_above(file, item.span.start)
    }

    /// The `#` comment lines directly above the line of `start`, without their `#`.
    fn comment_above(&self, file: FileId, start: u32) -> String {
        let (Some(text), Some(parse)) = (self.text(file), self.parse(file)) else {
            return String::new();
        };
        let line_start = text
            .get(..start as usize)
            .and_then(|t| t.rfind('\n'))
            .map_or(0, |i| i + 1);
        // Only whitespace may come before `start` on its line.
        let start = if text
            .get(line_start..start as usize)
            .is_some_and(|t| t.trim().is_empty())
        {
            u32::try_from(line_start).unwrap_or(start)
        } else {
            return String::new();
        };
        let mut lines: Vec<&str> = Vec::new();
        let mut next_start = start;
        for c in parse
            .trivia
            .comments
            .iter()
            .rev()
            .filter(|c| c.span.end <= start)
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

/// The static cost bound of a rule, for a hover: what one run on a document within the default
/// input limits can spend, and what dominates it.
fn cost_line(cost: &crate::eval::cost::ItemCost) -> String {
    let bound = if cost.bound == u128::MAX {
        "more than 2^128".to_owned()
    } else {
        cost.bound.to_string()
    };
    format!(
        "**Cost:** at most {bound} steps per document within the default input limits \
         (dominated by `{}`; `palisade check --cost`)",
        cost.dominant
    )
}
