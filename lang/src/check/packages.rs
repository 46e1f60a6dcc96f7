//! The package index: which file declares which package, what items each package holds, and
//! what each file's imports bind. Reports duplicate packages and items, unknown or self
//! imports, clashing import names and import cycles.

use crate::diagnostics::{Diagnostic, codes, did_you_mean, quote};
use crate::span::{FileId, Span};
use crate::syntax::ast::{Import, ItemKind, SourceFile};
use std::collections::HashMap;

/// What kind of thing an item name denotes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKindTag {
    /// A type declaration.
    Type,
    /// A module constant (`let`).
    Const,
    /// A parameter.
    Param,
    /// An external data document.
    Data,
    /// A function.
    Fn,
    /// A rule.
    Rule,
    /// A view.
    View,
}

impl ItemKindTag {
    /// The word used for it in messages.
    pub fn noun(self) -> &'static str {
        match self {
            ItemKindTag::Type => "a type",
            ItemKindTag::Const => "a constant",
            ItemKindTag::Param => "a parameter",
            ItemKindTag::Data => "a data document",
            ItemKindTag::Fn => "a function",
            ItemKindTag::Rule => "a rule",
            ItemKindTag::View => "a view",
        }
    }
}

/// A named item of a package.
#[derive(Clone, Copy, Debug)]
pub struct ItemEntry {
    /// Its kind.
    pub kind: ItemKindTag,
    /// Where its name is declared.
    pub span: Span,
}

/// One package: its file and items.
#[derive(Clone, Debug)]
pub struct PackageEntry {
    /// The dotted name.
    pub name: String,
    /// The declaring file.
    pub file: FileId,
    /// The name in the `package` declaration.
    pub span: Span,
    /// Items by name.
    pub items: HashMap<String, ItemEntry>,
}

/// What an import binds in its file.
#[derive(Clone, Debug)]
pub struct ImportBinding {
    /// The bound name.
    pub name: String,
    /// The imported package's index, if it exists.
    pub package: Option<usize>,
    /// The import declaration.
    pub span: Span,
}

/// Packages, items and imports of a whole policy set.
#[derive(Clone, Debug, Default)]
pub struct PackageIndex {
    /// All packages, in order of their files.
    pub packages: Vec<PackageEntry>,
    by_name: HashMap<String, usize>,
    by_file: HashMap<FileId, usize>,
    imports: HashMap<FileId, Vec<ImportBinding>>,
}

impl PackageIndex {
    /// Indexes the files and reports package- and import-level problems.
    pub fn build(
        files: &[(FileId, &SourceFile)],
        diagnostics: &mut Vec<Diagnostic>,
    ) -> PackageIndex {
        let mut index = PackageIndex::default();
        for (file, tree) in files {
            let Some(path) = &tree.package else { continue };
            let name = path.dotted();
            if let Some(&first) = index.by_name.get(&name) {
                if let Some(other) = index.packages.get(first) {
                    diagnostics.push(
                        Diagnostic::new(
                            codes::DUPLICATE_PACKAGE,
                            *file,
                            path.span,
                            format!("package {} is declared by two files", quote(&name)),
                        )
                        .with_label_in(other.file, other.span, "first declared here")
                        .with_help("a package lives in exactly one file: rename one of them"),
                    );
                }
                continue;
            }
            let items = index_items(*file, tree, diagnostics);
            index.by_name.insert(name.clone(), index.packages.len());
            index.by_file.insert(*file, index.packages.len());
            index.packages.push(PackageEntry {
                name,
                file: *file,
                span: path.span,
                items,
            });
        }
        for (file, tree) in files {
            let bindings = index.bind_imports(*file, tree, diagnostics);
            index.imports.insert(*file, bindings);
        }
        index.report_cycles(files, diagnostics);
        index
    }

    /// The package a file declares (if it is the file that owns it).
    pub fn package_of(&self, file: FileId) -> Option<&PackageEntry> {
        self.by_file.get(&file).and_then(|&i| self.packages.get(i))
    }

    /// The index of the package a file declares (if it is the file that owns it).
    pub fn package_index_of(&self, file: FileId) -> Option<usize> {
        self.by_file.get(&file).copied()
    }

    /// A package by index.
    pub fn package(&self, index: usize) -> Option<&PackageEntry> {
        self.packages.get(index)
    }

    /// The imports of a file.
    pub fn imports_of(&self, file: FileId) -> &[ImportBinding] {
        self.imports.get(&file).map_or(&[], Vec::as_slice)
    }

    fn bind_imports(
        &self,
        file: FileId,
        tree: &SourceFile,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Vec<ImportBinding> {
        let own = self.package_of(file);
        let mut bindings: Vec<ImportBinding> = Vec::new();
        for import in &tree.imports {
            let Some(binding) = import.binding() else {
                continue;
            };
            let target = import.path.dotted();
            let package = self.by_name.get(&target).copied();
            if package.is_none() {
                diagnostics.push(
                    Diagnostic::new(
                        codes::UNKNOWN_PACKAGE,
                        file,
                        import.path.span,
                        format!("no file declares package {}", quote(&target)),
                    )
                    .with_help_opt(did_you_mean(
                        &target,
                        self.packages.iter().map(|p| p.name.as_str()),
                    )),
                );
            } else if own.is_some_and(|p| p.name == target) {
                diagnostics.push(
                    Diagnostic::new(
                        codes::SELF_IMPORT,
                        file,
                        import.span,
                        format!("package {} imports itself", quote(&target)),
                    )
                    .with_help("remove the import: a package's own items are always in scope"),
                );
            }
            if let Some(previous) = bindings.iter().find(|b| b.name == binding.name) {
                diagnostics.push(
                    Diagnostic::new(
                        codes::DUPLICATE_IMPORT,
                        file,
                        binding.span,
                        format!("{} is imported twice", quote(&binding.name)),
                    )
                    .with_label(previous.span, "first bound here")
                    .with_help("give one of the imports another name with `as`"),
                );
                continue;
            }
            if let Some(item) = own.and_then(|p| p.items.get(&binding.name)) {
                diagnostics.push(
                    Diagnostic::new(
                        codes::DUPLICATE_IMPORT,
                        file,
                        binding.span,
                        format!(
                            "import {} has the same name as {} of this package",
                            quote(&binding.name),
                            item.kind.noun()
                        ),
                    )
                    .with_label(item.span, "declared here")
                    .with_help("give the import another name with `as`"),
                );
                continue;
            }
            bindings.push(ImportBinding {
                name: binding.name.clone(),
                package,
                span: import.span,
            });
        }
        bindings
    }

    /// Reports each import that closes a cycle, found by depth-first search in file order.
    fn report_cycles(&self, files: &[(FileId, &SourceFile)], diagnostics: &mut Vec<Diagnostic>) {
        let edges: Vec<Vec<(usize, FileId, Span)>> = self
            .packages
            .iter()
            .map(|p| {
                let imports = files
                    .iter()
                    .find(|(f, _)| *f == p.file)
                    .map_or(&[][..], |(_, t)| t.imports.as_slice());
                imports
                    .iter()
                    .filter_map(|i: &Import| {
                        let target = *self.by_name.get(&i.path.dotted())?;
                        (target != self.by_file.get(&p.file).copied()?)
                            .then_some((target, p.file, i.span))
                    })
                    .collect()
            })
            .collect();
        // 0 = unvisited, 1 = on the current path, 2 = done.
        let mut state = vec![0u8; self.packages.len()];
        for start in 0..self.packages.len() {
            if state.get(start) != Some(&0) {
                continue;
            }
            let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
            if let Some(s) = state.get_mut(start) {
                *s = 1;
            }
            while let Some((node, next)) = stack.last_mut() {
                let node = *node;
                let Some(&(target, file, span)) = edges.get(node).and_then(|e| e.get(*next)) else {
                    if let Some(s) = state.get_mut(node) {
                        *s = 2;
                    }
                    stack.pop();
                    continue;
                };
                *next += 1;
                match state.get(target) {
                    Some(0) => {
                        if let Some(s) = state.get_mut(target) {
                            *s = 1;
                        }
                        stack.push((target, 0));
                    }
                    Some(1) => {
                        let cycle: Vec<&str> = stack
                            .iter()
                            .skip_while(|(n, _)| *n != target)
                            .filter_map(|(n, _)| self.packages.get(*n).map(|p| p.name.as_str()))
                            .chain(self.packages.get(target).map(|p| p.name.as_str()))
                            .collect();
                        diagnostics.push(
                            Diagnostic::new(
                                codes::IMPORT_CYCLE,
                                file,
                                span,
                                format!("import cycle: {}", cycle.join(" → ")),
                            )
                            .with_help("move what both packages need into a third package"),
                        );
                    }
                    _ => {}
                }
            }
        }
    }
}

/// The kind of a named item.
pub(super) fn kind_tag(kind: &ItemKind) -> Option<ItemKindTag> {
    Some(match kind {
        ItemKind::Type(_) => ItemKindTag::Type,
        ItemKind::Const(_) => ItemKindTag::Const,
        ItemKind::Param(_) => ItemKindTag::Param,
        ItemKind::Data(_) => ItemKindTag::Data,
        ItemKind::Fn(_) => ItemKindTag::Fn,
        ItemKind::Rule(_) => ItemKindTag::Rule,
        ItemKind::View(_) => ItemKindTag::View,
        ItemKind::Test(_) | ItemKind::Error => return None,
    })
}

fn index_items(
    file: FileId,
    tree: &SourceFile,
    diagnostics: &mut Vec<Diagnostic>,
) -> HashMap<String, ItemEntry> {
    let mut items: HashMap<String, ItemEntry> = HashMap::new();
    for item in &tree.items {
        let Some(name) = item.kind.name() else {
            continue;
        };
        let Some(kind) = kind_tag(&item.kind) else {
            continue;
        };
        if let Some(first) = items.get(&name.name) {
            diagnostics.push(
                Diagnostic::new(
                    codes::DUPLICATE_ITEM,
                    file,
                    name.span,
                    format!("{} is defined twice in this package", quote(&name.name)),
                )
                .with_label(first.span, "first defined here")
                .with_help("rename one of them"),
            );
            continue;
        }
        items.insert(
            name.name.clone(),
            ItemEntry {
                kind,
                span: name.span,
            },
        );
    }
    items
}
