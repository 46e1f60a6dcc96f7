//! The type checker. It runs after name resolution on the same trees and reports E03xx/W03xx.
//! `Program` is the policy set as the checker sees it: items by package, lowered types,
//! inferred constants, builtin signatures. Checking proceeds item by item; function signatures
//! and declared types are looked up on demand, constants inferred on demand (with cycle
//! detection), so the order of items and files does not matter.

mod access;
mod builtins;
mod calls;
mod env;
mod expr;
mod items;
mod lower;
mod meta;
mod narrow;
mod operators;

pub(crate) use meta::{
    ENFORCEMENTS, KEYS as META_KEYS, SEVERITIES, duplicate_rule_ids, valid_control,
};

use super::analysis::{Reference, Target};
use super::packages::PackageIndex;
use super::types::Ty;
use crate::diagnostics::Diagnostic;
use crate::span::FileId;
use crate::span::Span;
use crate::syntax::ast::{Item, ItemKind, SourceFile};
use std::collections::HashMap;

/// An item, by the position of its file in the policy set and its index in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct ItemKey {
    pub file: usize,
    pub item: usize,
}

/// Progress of an on-demand computation, to detect cycles.
#[derive(Clone, Debug)]
enum Memo {
    InProgress,
    Done(Ty),
}

impl Memo {
    /// The settled answer of an entry: its value once done, `Ty::Error` while in progress (a
    /// cycle, reported elsewhere), `None` when it has not started.
    fn settled(entry: Option<&Memo>) -> Option<Ty> {
        match entry {
            Some(Memo::Done(t)) => Some(t.clone()),
            Some(Memo::InProgress) => Some(Ty::Error),
            None => None,
        }
    }
}

/// The policy set being checked.
pub(crate) struct Program<'a> {
    index: &'a PackageIndex,
    files: &'a [(FileId, &'a SourceFile)],
    /// For each package of the index: item name → key.
    package_items: Vec<HashMap<&'a str, ItemKey>>,
    /// File position → package index, for files that own their package.
    file_package: Vec<Option<usize>>,
    /// For files that do not own their package: their own items by name.
    file_items: Vec<HashMap<&'a str, ItemKey>>,
    types: HashMap<ItemKey, Memo>,
    consts: HashMap<ItemKey, Memo>,
    /// Inferred return types of functions without an annotation.
    returns: HashMap<ItemKey, Memo>,
    builtins: &'static builtins::Signatures,
    /// Function and constant dependencies, for the recursion check and unused items.
    edges: Vec<(ItemKey, ItemKey, crate::span::Span)>,
    /// Items used from anywhere (including tests).
    used: std::collections::HashSet<ItemKey>,
    diagnostics: Vec<Diagnostic>,
    /// Expressions whose type is `float` (or `float?`), by file and span.
    floats: std::collections::HashSet<(FileId, crate::span::Span)>,
    /// Declared types of rule subjects, parameters and data items.
    item_types: HashMap<(FileId, usize), Ty>,
    view_targets: HashMap<(FileId, usize), Ty>,
    /// Positions for editors, when recording.
    analysis: Option<crate::check::analysis::Analysis>,
}

/// What evaluation needs to know from checking, beyond the trees.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facts {
    /// Expressions whose type is `float` or `float?`: arithmetic there is done in floats, and
    /// interpolation writes a float, even where an `int` value was accepted for a `float`.
    pub floats: std::collections::HashSet<(FileId, crate::span::Span)>,
    /// The declared type of each rule's subject, `param` and `data` item, by file and item
    /// index, with names expanded.
    pub item_types: HashMap<(FileId, usize), Ty>,
    /// The target type of each view, by file and item index.
    pub view_targets: HashMap<(FileId, usize), Ty>,
    /// Every function and constant used from somewhere, by file and item index.
    pub used: std::collections::HashSet<(FileId, usize)>,
}

/// Type-checks a resolved policy set; with `record`, also the positions editors need.
pub(crate) fn check(
    index: &PackageIndex,
    files: &[(FileId, &SourceFile)],
    diagnostics: &mut Vec<Diagnostic>,
    record: bool,
) -> (Facts, Option<crate::check::analysis::Analysis>) {
    let mut program = Program::new(index, files);
    if record {
        program.analysis = Some(crate::check::analysis::Analysis::default());
    }
    check_with(program, diagnostics)
}

fn check_with(
    mut program: Program<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Facts, Option<crate::check::analysis::Analysis>) {
    let files = program.files;
    for (file, (_, tree)) in files.iter().enumerate() {
        for (item, _) in tree.items.iter().enumerate() {
            program.check_item(ItemKey { file, item });
        }
    }
    program.report_recursion();
    program.report_unused_items();
    let ids = meta::duplicate_id_diagnostics(&program);
    diagnostics.append(&mut program.diagnostics);
    diagnostics.extend(ids);
    let used = program
        .used
        .iter()
        .map(|k| (program.file_id(k.file), k.item))
        .collect();
    let facts = Facts {
        floats: std::mem::take(&mut program.floats),
        item_types: std::mem::take(&mut program.item_types),
        view_targets: std::mem::take(&mut program.view_targets),
        used,
    };
    (facts, program.analysis.take())
}

impl<'a> Program<'a> {
    /// A program with no builtin signatures, for lowering the signatures themselves.
    fn new_bare(index: &'a PackageIndex, files: &'a [(FileId, &'a SourceFile)]) -> Program<'a> {
        Program {
            index,
            files,
            package_items: Vec::new(),
            file_package: Vec::new(),
            file_items: Vec::new(),
            types: HashMap::new(),
            consts: HashMap::new(),
            returns: HashMap::new(),
            builtins: builtins::Signatures::empty(),
            edges: Vec::new(),
            used: std::collections::HashSet::new(),
            diagnostics: Vec::new(),
            floats: std::collections::HashSet::new(),
            item_types: HashMap::new(),
            view_targets: HashMap::new(),
            analysis: None,
        }
    }

    fn new(index: &'a PackageIndex, files: &'a [(FileId, &'a SourceFile)]) -> Program<'a> {
        let mut package_items: Vec<HashMap<&'a str, ItemKey>> =
            vec![HashMap::new(); index.packages.len()];
        let mut file_package = Vec::with_capacity(files.len());
        let mut file_items = Vec::with_capacity(files.len());
        for (pos, (file, tree)) in files.iter().enumerate() {
            let package = index.package_index_of(*file);
            file_package.push(package);
            let mut own: HashMap<&'a str, ItemKey> = HashMap::new();
            if package.is_none() {
                for (i, item) in tree.items.iter().enumerate() {
                    if let Some(name) = item.kind.name() {
                        own.entry(name.name.as_str())
                            .or_insert(ItemKey { file: pos, item: i });
                    }
                }
            }
            file_items.push(own);
            let Some(p) = package else { continue };
            for (i, item) in tree.items.iter().enumerate() {
                if let (Some(name), Some(table)) = (item.kind.name(), package_items.get_mut(p)) {
                    table
                        .entry(name.name.as_str())
                        .or_insert(ItemKey { file: pos, item: i });
                }
            }
        }
        Program {
            index,
            files,
            package_items,
            file_package,
            file_items,
            types: HashMap::new(),
            consts: HashMap::new(),
            returns: HashMap::new(),
            builtins: builtins::Signatures::table(),
            edges: Vec::new(),
            used: std::collections::HashSet::new(),
            diagnostics: Vec::new(),
            floats: std::collections::HashSet::new(),
            item_types: HashMap::new(),
            view_targets: HashMap::new(),
            analysis: None,
        }
    }

    fn item(&self, key: ItemKey) -> Option<&'a Item> {
        self.files
            .get(key.file)
            .and_then(|(_, t)| t.items.get(key.item))
    }

    /// Records what a name refers to, when recording.
    pub(super) fn note_reference(&mut self, file: FileId, span: Span, target: Target) {
        if let Some(a) = &mut self.analysis {
            a.references.push(Reference { file, span, target });
        }
    }

    /// The reference target of an item.
    pub(super) fn item_target(&self, key: ItemKey) -> Target {
        Target::Item {
            file: self.file_id(key.file),
            item: key.item,
        }
    }

    fn file_id(&self, pos: usize) -> FileId {
        self.files.get(pos).map_or(FileId(0), |(f, _)| *f)
    }

    /// The item `name` of the package of file `pos`. A file whose package another file owns
    /// (reported as E0204) sees its own items.
    fn own_item(&self, pos: usize, name: &str) -> Option<ItemKey> {
        match self.file_package.get(pos).copied().flatten() {
            Some(package) => self.package_items.get(package)?.get(name).copied(),
            None => self.file_items.get(pos)?.get(name).copied(),
        }
    }

    /// The package an import binding `alias` of file `pos` names.
    fn imported_package(&self, pos: usize, alias: &str) -> Option<usize> {
        let file = self.file_id(pos);
        self.index
            .imports_of(file)
            .iter()
            .find(|b| b.name == alias)
            .and_then(|b| b.package)
    }

    fn package_item(&self, package: usize, name: &str) -> Option<ItemKey> {
        self.package_items.get(package)?.get(name).copied()
    }

    fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    fn check_item(&mut self, key: ItemKey) {
        let Some(item) = self.item(key) else { return };
        match &item.kind {
            ItemKind::Type(_) => {
                let _ = self.declared_type(key);
            }
            ItemKind::Const(_) => {
                let _ = self.const_type(key);
            }
            ItemKind::Param(_)
            | ItemKind::Data(_)
            | ItemKind::Fn(_)
            | ItemKind::Rule(_)
            | ItemKind::View(_)
            | ItemKind::Test(_) => items::check(self, key, item),
            ItemKind::Error => {}
        }
    }
}
