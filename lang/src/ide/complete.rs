//! Completion. After `.` or `?.` it offers the fields of the record type before the dot (or the
//! items of an imported package), found by checking the file with a placeholder name at the
//! cursor, as rust-analyzer does; elsewhere the names in scope (locals bound before the
//! cursor in the enclosing item, the package's items, imports), builtins with their signatures,
//! keywords, and inside `meta` the metadata keys. Labels that match what is typed best come first.

use super::hover::word_at;
use super::{Snapshot, touches};
use crate::check::types::Ty;
use crate::span::{FileId, Span};
use crate::syntax::ast::ItemKind;

/// What a completion inserts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    /// A field of a record.
    Field,
    /// A local binding.
    Variable,
    /// A module constant, parameter or data item.
    Constant,
    /// A function.
    Function,
    /// A builtin function.
    Builtin,
    /// A rule.
    Rule,
    /// A view.
    View,
    /// A declared type.
    Type,
    /// An imported package.
    Module,
    /// A keyword.
    Keyword,
    /// A metadata key.
    Property,
}

/// One completion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    /// The name offered.
    pub label: String,
    /// What it is.
    pub kind: CompletionKind,
    /// Its type or signature.
    pub detail: Option<String>,
    /// A snippet to insert instead of the label (`name($1)` for functions).
    pub snippet: Option<String>,
}

const PLACEHOLDER: &str = "__palisade_completion";

const KEYWORDS: &[&str] = &[
    "let",
    "for",
    "in",
    "if",
    "then",
    "else",
    "every",
    "some",
    "and",
    "or",
    "not",
    "true",
    "false",
    "none",
    "violation",
    "yield",
    "at",
    "assert",
    "return",
    "with",
];

impl Snapshot {
    /// What may be written at `offset` in `file`.
    pub fn completions(&self, file: FileId, offset: u32) -> Vec<Completion> {
        let Some(text) = self.text(file) else {
            return Vec::new();
        };
        let offset = offset.min(u32::try_from(text.len()).unwrap_or(u32::MAX));
        let (prefix, start) = match word_at(text, offset) {
            Some((word, span)) if span.start < offset => (
                word.get(..(offset - span.start) as usize).unwrap_or(""),
                span.start,
            ),
            _ => ("", offset),
        };
        let before = text.get(..start as usize).unwrap_or("");
        if let Some(mut values) = self.string_completions(file, text, offset) {
            rank(&mut values, prefix);
            return values;
        }
        let mut out = if let Some(dot) = before.strip_suffix('.') {
            let base_end = u32::try_from(dot.strip_suffix('?').unwrap_or(dot).len()).unwrap_or(0);
            self.member_completions(file, text, start, offset, base_end)
                .unwrap_or_default()
        } else {
            self.scope_completions(file, offset)
        };
        rank(&mut out, prefix);
        out
    }

    /// Fields of the value before the dot, or items of the package an alias names.
    fn member_completions(
        &self,
        file: FileId,
        text: &str,
        start: u32,
        offset: u32,
        base_end: u32,
    ) -> Option<Vec<Completion>> {
        let alias = text
            .get(..base_end as usize)
            .and_then(|t| word_at(t, base_end))
            .map(|(w, _)| w);
        if let Some(alias) = alias
            && let Some(items) = self.package_items_of_alias(file, alias)
        {
            return Some(items);
        }
        let mut patched = String::with_capacity(text.len() + PLACEHOLDER.len());
        patched.push_str(text.get(..start as usize).unwrap_or(""));
        patched.push_str(PLACEHOLDER);
        patched.push_str(text.get(offset as usize..).unwrap_or(""));
        // The enclosing item is checked alone with the placeholder, against the file's
        // unchanged interface; outside an item (or where the item does not parse alone), the
        // whole set is checked with the patched file.
        let tree = &self.parse(file)?.file;
        let enclosing = tree
            .items
            .iter()
            .enumerate()
            .find(|(_, i)| i.span.start < start && start <= i.span.end);
        let grown = |s: Span| Span {
            start: s.start,
            end: s.end + u32::try_from(PLACEHOLDER.len()).unwrap_or(0),
        };
        let analysis = enclosing
            .and_then(|(index, item)| self.item_analysis(file, index, grown(item.span), &patched))
            .or_else(|| {
                let sources: Vec<(FileId, String)> = self
                    .files()
                    .map(|f| {
                        let text = if f == file {
                            patched.clone()
                        } else {
                            self.text(f).unwrap_or("").to_owned()
                        };
                        (f, text)
                    })
                    .collect();
                Snapshot::new(sources).analysis(file).cloned()
            })?;
        let base = analysis
            .types
            .iter()
            .filter(|(f, s, _)| *f == file && s.end == base_end && s.start < base_end)
            .max_by_key(|(_, s, _)| s.len())
            .map(|(_, _, t)| t.clone());
        match base.as_ref().map(Ty::strip_optional) {
            Some(Ty::Record(r)) => Some(
                r.fields
                    .iter()
                    .map(|f| Completion {
                        label: f.name.clone(),
                        kind: CompletionKind::Field,
                        detail: Some(if f.optional {
                            format!("{}?", f.ty)
                        } else {
                            f.ty.to_string()
                        }),
                        snippet: None,
                    })
                    .collect(),
            ),
            _ => None,
        }
    }

    /// Inside a string literal: the values its place allows. After `==` or `!=`, the members of
    /// the other side's enum type (`c.imagePullPolicy == "` offers `Always`, `IfNotPresent`,
    /// `Never`); as a metadata value, the severities, enforcements, or the control ids used
    /// elsewhere in the set. `None` outside a string.
    fn string_completions(&self, file: FileId, text: &str, offset: u32) -> Option<Vec<Completion>> {
        let line_start = text
            .get(..offset as usize)?
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let line = text.get(line_start..offset as usize)?;
        if line.matches('"').count() % 2 == 0 {
            return None;
        }
        let quote = line_start + line.rfind('"')?;
        let lead = text.get(..quote)?.trim_end();
        let value = |label: &str, detail: &str| Completion {
            label: label.to_owned(),
            kind: CompletionKind::Constant,
            detail: Some(detail.to_owned()),
            snippet: None,
        };
        let key = line.trim_start().split(':').next().unwrap_or("").trim();
        let in_meta = self.parse(file)?.file.items.iter().any(|i| match &i.kind {
            ItemKind::Rule(r) => r.meta.as_ref().is_some_and(|m| touches(m.span, offset)),
            _ => false,
        });
        if in_meta {
            return Some(match key {
                "severity" => crate::check::SEVERITIES
                    .iter()
                    .map(|s| value(s, "severity"))
                    .collect(),
                "enforcement" => crate::check::ENFORCEMENTS
                    .iter()
                    .map(|s| value(s, "enforcement"))
                    .collect(),
                "controls" => self
                    .control_ids()
                    .into_iter()
                    .map(|c| value(&c, "control"))
                    .collect(),
                _ => Vec::new(),
            });
        }
        let operator = lead
            .strip_suffix("==")
            .or_else(|| lead.strip_suffix("!="))?;
        let end = u32::try_from(operator.trim_end().len()).ok()?;
        let analysis = self.analysis(file)?;
        let ty = analysis
            .types
            .iter()
            .filter(|(f, s, _)| *f == file && s.end == end)
            .max_by_key(|(_, s, _)| s.len())
            .map(|(_, _, t)| t.strip_optional().clone())?;
        let members: Vec<String> = match ty {
            Ty::Enum(m) => m.iter().map(|v| v.to_string()).collect(),
            Ty::Lit(v) => vec![v.to_string()],
            _ => return Some(Vec::new()),
        };
        Some(
            members
                .iter()
                .map(|m| value(m, "member of the type"))
                .collect(),
        )
    }

    /// The control ids that rules of the set name, sorted.
    fn control_ids(&self) -> Vec<String> {
        let mut ids = std::collections::BTreeSet::new();
        for file in self.files() {
            let Some(parse) = self.parse(file) else {
                continue;
            };
            for item in &parse.file.items {
                let ItemKind::Rule(r) = &item.kind else {
                    continue;
                };
                let Some(meta) = &r.meta else { continue };
                for entry in meta.entries.iter().filter(|e| e.key.name == "controls") {
                    if let crate::syntax::ast::ExprKind::List(items) = &entry.value.kind {
                        for i in items {
                            if let crate::syntax::ast::ExprKind::Str(s) = &i.kind
                                && let Some(id) = s.as_plain()
                                && crate::check::valid_control(&id)
                            {
                                ids.insert(id);
                            }
                        }
                    }
                }
            }
        }
        ids.into_iter().collect()
    }

    /// The items of the package that `alias` imports in `file`.
    fn package_items_of_alias(&self, file: FileId, alias: &str) -> Option<Vec<Completion>> {
        let tree = &self.parse(file)?.file;
        let import = tree
            .imports
            .iter()
            .find(|i| i.binding().is_some_and(|b| b.name == alias))?;
        let package = import.path.dotted();
        let mut out = Vec::new();
        for other in self.files() {
            let Some(parse) = self.parse(other) else {
                continue;
            };
            if parse.file.package.as_ref().map(|p| p.dotted()) != Some(package.clone()) {
                continue;
            }
            for item in &parse.file.items {
                out.extend(item_completion(&item.kind));
            }
        }
        Some(out)
    }

    /// Everything a name may refer to at `offset`.
    fn scope_completions(&self, file: FileId, offset: u32) -> Vec<Completion> {
        let mut out = Vec::new();
        let Some(parse) = self.parse(file) else {
            return out;
        };
        let tree = &parse.file;
        let enclosing = tree.items.iter().find(|i| touches(i.span, offset));
        if let Some(item) = enclosing
            && let ItemKind::Rule(rule) = &item.kind
            && let Some(meta) = &rule.meta
            && touches(meta.span, offset)
        {
            return crate::check::META_KEYS
                .iter()
                .map(|k| Completion {
                    label: (*k).to_owned(),
                    kind: CompletionKind::Property,
                    detail: None,
                    snippet: Some(format!("{k}: $1")),
                })
                .collect();
        }
        if let Some(item) = enclosing {
            let text = self.text(file).unwrap_or("");
            let mut seen = std::collections::HashSet::new();
            // The bindings of the enclosing item, checked alone when it parses alone.
            let index = tree
                .items
                .iter()
                .position(|i| std::ptr::eq(i, item))
                .unwrap_or(0);
            let alone = self.item_analysis(file, index, item.span, text);
            let bindings = match &alone {
                Some(a) => a.bindings.as_slice(),
                None => self
                    .analysis(file)
                    .map(|a| a.bindings.as_slice())
                    .unwrap_or(&[]),
            };
            // Where each binding can be used: the smallest expression (a quantifier or a
            // comprehension), block statement (`for`, `if`) or item around it.
            let mut blocks = Vec::new();
            match &item.kind {
                ItemKind::Rule(r) => super::symbols::blocks(&r.body, &mut blocks),
                ItemKind::View(v) => super::symbols::blocks(&v.body, &mut blocks),
                ItemKind::Test(t) => super::symbols::blocks(&t.body, &mut blocks),
                _ => {}
            }
            let types = match &alone {
                Some(a) => a.types.as_slice(),
                None => self
                    .analysis(file)
                    .map(|a| a.types.as_slice())
                    .unwrap_or(&[]),
            };
            let scope = |b: Span| {
                let holds = |s: &Span| s.start <= b.start && b.end <= s.end && *s != b;
                types
                    .iter()
                    .map(|(_, s, _)| s)
                    .chain(&blocks)
                    .filter(|s| holds(s))
                    .min_by_key(|s| s.len())
                    .copied()
                    .unwrap_or(item.span)
            };
            for (f, span, ty) in bindings.iter().rev() {
                let in_item = *f == file && item.span.start <= span.start && span.end <= offset;
                let name = text.get(span.range()).unwrap_or("");
                if in_item && touches(scope(*span), offset) && seen.insert(name) {
                    out.push(Completion {
                        label: name.to_owned(),
                        kind: CompletionKind::Variable,
                        detail: Some(ty.to_string()),
                        snippet: None,
                    });
                }
            }
        }
        let package = tree.package.as_ref().map(|p| p.dotted());
        for other in self.files() {
            let Some(p) = self.parse(other) else { continue };
            if other == file
                || (package.is_some() && p.file.package.as_ref().map(|p| p.dotted()) == package)
            {
                for item in &p.file.items {
                    out.extend(item_completion(&item.kind));
                }
            }
        }
        for import in &tree.imports {
            if let Some(b) = import.binding() {
                out.push(Completion {
                    label: b.name.clone(),
                    kind: CompletionKind::Module,
                    detail: Some(import.path.dotted()),
                    snippet: None,
                });
            }
        }
        for b in crate::builtins::all() {
            out.push(Completion {
                label: b.name.to_owned(),
                kind: CompletionKind::Builtin,
                detail: Some(format!("{}{}", b.name, b.signature)),
                snippet: Some(format!("{}($1)", b.name)),
            });
        }
        for k in KEYWORDS {
            out.push(Completion {
                label: (*k).to_owned(),
                kind: CompletionKind::Keyword,
                detail: None,
                snippet: None,
            });
        }
        out
    }
}

fn item_completion(kind: &ItemKind) -> Option<Completion> {
    let name = kind.name()?.name.clone();
    let (kind, snippet) = match kind {
        ItemKind::Type(_) => (CompletionKind::Type, None),
        ItemKind::Const(_) | ItemKind::Param(_) | ItemKind::Data(_) => {
            (CompletionKind::Constant, None)
        }
        ItemKind::Fn(_) => (CompletionKind::Function, Some(format!("{name}($1)"))),
        ItemKind::Rule(_) => (CompletionKind::Rule, None),
        ItemKind::View(_) => (CompletionKind::View, None),
        ItemKind::Test(_) | ItemKind::Error => return None,
    };
    Some(Completion {
        label: name,
        kind,
        detail: None,
        snippet,
    })
}

/// Orders completions: those starting with what is typed first, then those that contain it,
/// then the closest by edit distance; the rest keep their order (locals first).
fn rank(items: &mut [Completion], prefix: &str) {
    if prefix.is_empty() {
        return;
    }
    let lower = prefix.to_lowercase();
    let score = |c: &Completion| {
        let label = c.label.to_lowercase();
        if label.starts_with(&lower) {
            0
        } else if label.contains(&lower) {
            1
        } else if crate::diagnostics::similar_names(prefix, std::iter::once(c.label.as_str()))
            .is_empty()
        {
            3
        } else {
            2
        }
    };
    items.sort_by_key(score);
}
