//! The outline of a file (document symbols) and the regions an editor may fold: items, blocks
//! (of rules, views and tests), `meta` blocks, multi-line literals and runs of comment lines.

use super::Snapshot;
use crate::span::{FileId, Span};
use crate::syntax::ast::{ItemKind, Stmt, StmtKind};

/// What kind of declaration a symbol is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    /// `package`
    Package,
    /// `import`
    Import,
    /// `type`
    Type,
    /// A module `let`.
    Constant,
    /// `param`
    Parameter,
    /// `data`
    Data,
    /// `fn`
    Function,
    /// `rule`
    Rule,
    /// `view`
    View,
    /// `test`
    Test,
}

/// One entry of the outline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    /// The name shown.
    pub name: String,
    /// What it is.
    pub kind: SymbolKind,
    /// A short detail: a rule's id, a view's subject and target types, a parameter's type.
    pub detail: Option<String>,
    /// The whole declaration.
    pub span: Span,
    /// The name within it.
    pub selection: Span,
}

impl Snapshot {
    /// The declarations of a file, in source order.
    pub fn symbols(&self, file: FileId) -> Vec<Symbol> {
        let (Some(parse), Some(text)) = (self.parse(file), self.text(file)) else {
            return Vec::new();
        };
        let tree = &parse.file;
        let slice = |s: Span| text.get(s.range()).unwrap_or("").to_owned();
        let mut out = Vec::new();
        if let Some(p) = &tree.package {
            out.push(Symbol {
                name: p.dotted(),
                kind: SymbolKind::Package,
                detail: None,
                span: p.span,
                selection: p.span,
            });
        }
        for i in &tree.imports {
            out.push(Symbol {
                name: i.path.dotted(),
                kind: SymbolKind::Import,
                detail: i.alias.as_ref().map(|a| format!("as {}", a.name)),
                span: i.span,
                selection: i.path.span,
            });
        }
        for item in &tree.items {
            let (kind, detail) = match &item.kind {
                ItemKind::Type(_) => (SymbolKind::Type, None),
                ItemKind::Const(_) => (SymbolKind::Constant, None),
                ItemKind::Param(d) => (SymbolKind::Parameter, Some(slice(d.ty.span))),
                ItemKind::Data(d) => (SymbolKind::Data, Some(slice(d.ty.span))),
                ItemKind::Fn(_) => (SymbolKind::Function, None),
                ItemKind::Rule(d) => (
                    SymbolKind::Rule,
                    d.meta.as_ref().and_then(|m| {
                        m.entries
                            .iter()
                            .find(|e| e.key.name == "id")
                            .map(|e| slice(e.value.span).trim_matches('"').to_owned())
                    }),
                ),
                ItemKind::View(d) => (
                    SymbolKind::View,
                    Some(format!(
                        "{} -> {}",
                        collapsed(&slice(d.subject.ty.span)),
                        collapsed(&slice(d.target.span))
                    )),
                ),
                ItemKind::Test(_) => (SymbolKind::Test, None),
                ItemKind::Error => continue,
            };
            let (name, selection) = match (&item.kind, item.kind.name()) {
                (_, Some(n)) => (n.name.clone(), n.span),
                (ItemKind::Test(t), None) => {
                    let name = t.name.as_plain().unwrap_or_default();
                    (
                        format!("test \"{name}\""),
                        Span::new(item.span.start as usize, item.span.start as usize + 4),
                    )
                }
                _ => continue,
            };
            out.push(Symbol {
                name,
                kind,
                detail,
                span: item.span,
                selection,
            });
        }
        out
    }

    /// Regions that can be folded, as byte spans that cover more than one line.
    pub fn folding_ranges(&self, file: FileId) -> Vec<Span> {
        let (Some(parse), Some(text)) = (self.parse(file), self.text(file)) else {
            return Vec::new();
        };
        let multiline = |s: Span| text.get(s.range()).is_some_and(|t| t.contains('\n'));
        let mut out: Vec<Span> = Vec::new();
        for item in &parse.file.items {
            out.push(item.span);
            match &item.kind {
                ItemKind::Rule(d) => {
                    if let Some(m) = &d.meta {
                        out.push(m.span);
                    }
                    blocks(&d.body, &mut out);
                }
                ItemKind::View(d) => blocks(&d.body, &mut out),
                ItemKind::Test(d) => blocks(&d.body, &mut out),
                _ => {}
            }
        }
        // Runs of consecutive comment lines.
        let mut run: Option<Span> = None;
        for c in &parse.trivia.comments {
            run = match run {
                Some(r)
                    if text
                        .get(r.end as usize..c.span.start as usize)
                        .is_some_and(|gap| {
                            gap.trim().is_empty() && gap.matches('\n').count() == 1
                        }) =>
                {
                    Some(r.to(c.span))
                }
                Some(r) => {
                    out.push(r);
                    Some(c.span)
                }
                None => Some(c.span),
            };
        }
        out.extend(run);
        out.retain(|s| multiline(*s));
        out.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
        out.dedup();
        out
    }
}

/// A type as written, its whitespace collapsed to single spaces (a record type may span lines).
fn collapsed(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The `for` and `if` statements, nested ones included.
pub(super) fn blocks(stmts: &[Stmt], out: &mut Vec<Span>) {
    for s in stmts {
        match &s.kind {
            StmtKind::For { body, .. } => {
                out.push(s.span);
                blocks(body, out);
            }
            StmtKind::If {
                then, otherwise, ..
            } => {
                out.push(s.span);
                blocks(then, out);
                blocks(otherwise, out);
            }
            _ => {}
        }
    }
}
