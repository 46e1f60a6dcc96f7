//! The tracked queries of the database. Each wraps a plain function of the checker, compiler
//! or evaluator; what makes them incremental is what each one reads (see the table in
//! `db/mod.rs`) and that results compare equal when an edit did not change them, so that
//! salsa stops propagating the change there.

use super::{DocumentInput, PolicyFile, PolicySetInput, Settings};
use crate::check::{CROSS_FILE_CODES, Facts, check_trees, cross_file_diagnostics};
use crate::diagnostics::{Diagnostic, codes};
use crate::eval::compile::{CompileError, Tables, compile_module};
use crate::eval::decision::{Decision, DecisionError};
use crate::eval::interp::{RuleRun, fold};
use crate::eval::ir::{Module, Program};
use crate::eval::policy::{assemble, denied_with, run_rules_and_views};
use crate::span::FileId;
use crate::syntax::ast::{ExprKind, ItemKind, Path, SourceFile};
use crate::syntax::{self, Parse};
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

/// Parses a file. Items whose text the database has parsed before, and that parsed cleanly,
/// are not parsed again ([`item_parse`]): an edit inside one item re-parses that item alone.
/// The result is the same as `syntax::parse`'s.
#[salsa::tracked(returns(ref))]
pub fn parse(db: &dyn salsa::Database, file: PolicyFile) -> Arc<Parse> {
    let mut reuse = |text: &str| item_parse(db, ItemText::new(db, text.to_owned())).clone();
    Arc::new(syntax::parse_reusing(
        file.id(db),
        file.text(db),
        &mut reuse,
    ))
}

/// The text of one item of a file, from its first token to its last.
#[salsa::interned]
pub(crate) struct ItemText<'db> {
    #[returns(ref)]
    text: String,
}

/// An item's text parsed alone, when it parses cleanly: shared by every file and revision in
/// which the same text occurs, until salsa collects the interned text after a few revisions in
/// which no parse asked for it (it is parsed again if it comes back). An item that does not
/// parse cleanly, often the one being typed, is parsed twice: alone, and in its file.
#[salsa::tracked(returns(ref))]
pub(crate) fn item_parse<'db>(
    db: &'db dyn salsa::Database,
    text: ItemText<'db>,
) -> Option<Arc<syntax::ItemParse>> {
    syntax::parse_item(text.text(db)).map(Arc::new)
}

/// A tree that compares without its positions: an edit that only moves text leaves it equal,
/// and salsa stops propagating there. The tree itself keeps the real positions.
#[derive(Clone, Debug)]
pub struct Unplaced {
    /// The tree, with its real positions.
    pub tree: Arc<SourceFile>,
    /// The same tree with positions erased, which equality compares.
    key: Arc<SourceFile>,
}

impl Unplaced {
    fn of(tree: SourceFile) -> Unplaced {
        let mut key = tree.clone();
        key.erase_spans();
        Unplaced {
            tree: Arc::new(tree),
            key: Arc::new(key),
        }
    }
}

impl PartialEq for Unplaced {
    fn eq(&self, other: &Unplaced) -> bool {
        self.key == other.key
    }
}

/// What other files see of a file: its declarations with the bodies that no other file's
/// checking depends on removed (rules, tests, functions with a declared return type, constants
/// with a declared type). An edit inside a body, or one that only moves text, leaves the
/// interface equal and stops there.
pub type Interface = Unplaced;

/// The interface of a file.
#[salsa::tracked(returns(ref))]
pub fn interface(db: &dyn salsa::Database, file: PolicyFile) -> Interface {
    Unplaced::of(stripped(&parse(db, file).file))
}

/// A copy of `tree` without the bodies that no other file's checking depends on (rules',
/// views' and tests' statements, the bodies of functions with a return type, the values of
/// typed constants and the defaults of parameters): those are not copied at all, so an
/// interface costs what the declarations cost, not the file.
fn stripped(tree: &SourceFile) -> SourceFile {
    use crate::syntax::ast::{
        ConstDecl, Expr, FnDecl, Item, ParamDecl, RuleDecl, TestDecl, ViewDecl,
    };
    let items = tree
        .items
        .iter()
        .map(|item| {
            let hole = || Expr {
                kind: ExprKind::Error,
                span: item.span,
                depth: 1,
            };
            let kind = match &item.kind {
                ItemKind::Rule(r) => ItemKind::Rule(RuleDecl {
                    name: r.name.clone(),
                    subject: r.subject.clone(),
                    meta: r.meta.clone(),
                    body: Vec::new(),
                }),
                ItemKind::View(v) => ItemKind::View(ViewDecl {
                    name: v.name.clone(),
                    subject: v.subject.clone(),
                    target: v.target.clone(),
                    body: Vec::new(),
                }),
                ItemKind::Test(t) => ItemKind::Test(TestDecl {
                    name: t.name.clone(),
                    with: Vec::new(),
                    table: None,
                    body: Vec::new(),
                }),
                ItemKind::Fn(f) if f.ret.is_some() => ItemKind::Fn(FnDecl {
                    name: f.name.clone(),
                    params: f.params.clone(),
                    ret: f.ret.clone(),
                    lets: Vec::new(),
                    body: hole(),
                }),
                ItemKind::Const(c) if c.ty.is_some() => ItemKind::Const(ConstDecl {
                    name: c.name.clone(),
                    ty: c.ty.clone(),
                    value: hole(),
                }),
                ItemKind::Param(p) => ItemKind::Param(ParamDecl {
                    name: p.name.clone(),
                    ty: p.ty.clone(),
                    default: hole(),
                }),
                other => other.clone(),
            };
            Item {
                kind,
                span: item.span,
            }
        })
        .collect();
    SourceFile {
        package: tree.package.clone(),
        imports: tree.imports.clone(),
        items,
    }
}

/// The result of checking one file against the interfaces of the others.
#[derive(Clone, Debug, PartialEq)]
pub struct FileCheck {
    /// The file's diagnostics, except those computed over the whole set.
    pub diagnostics: Vec<Diagnostic>,
    /// Functions and constants of the file unused by its own code and the other interfaces:
    /// item index and the warning, kept unless another file's code uses the item.
    pub unused: Vec<(usize, Diagnostic)>,
    /// Items of other files this file's code uses.
    pub uses_elsewhere: BTreeSet<(FileId, usize)>,
    /// What compiling the file needs from checking.
    pub facts: Facts,
}

/// A file's tree as a query sees it: borrowed from the database, or a package-only stub.
pub(super) enum Tree<'db> {
    Borrowed(&'db SourceFile),
    Stub(SourceFile),
}

impl Tree<'_> {
    pub(super) fn get(&self) -> &SourceFile {
        match self {
            Tree::Borrowed(t) => t,
            Tree::Stub(t) => t,
        }
    }
}

/// The trees of the set, in order: `file` in full, the others' interfaces. With `visible`, files
/// outside it are package-only stubs: a file is checked against what it imports, transitively,
/// and of the others only the package name matters (suggestions for a misspelt import);
/// whatever they do to its diagnostics (a package or rule id declared twice, an item used from
/// elsewhere) is assembled over the whole set in `diagnostics`. Without it (compiling, whose
/// numbering of items is over the whole set) every file is there.
fn trees_for<'db>(
    db: &'db dyn salsa::Database,
    set: PolicySetInput,
    file: PolicyFile,
    visible: Option<&[PolicyFile]>,
) -> Vec<(FileId, Tree<'db>)> {
    trees_with(db, set, file, &parse(db, file).file, visible)
}

/// [`trees_for`] with `own` standing for `file`'s tree.
pub(super) fn trees_with<'db>(
    db: &'db dyn salsa::Database,
    set: PolicySetInput,
    file: PolicyFile,
    own: &'db SourceFile,
    visible: Option<&[PolicyFile]>,
) -> Vec<(FileId, Tree<'db>)> {
    let packages = packages(db, set);
    set.files(db)
        .iter()
        .zip(packages)
        .map(|(f, (id, package))| {
            let tree = if *f == file {
                Tree::Borrowed(own)
            } else if visible.is_none_or(|v| v.contains(f)) {
                Tree::Borrowed(&interface(db, *f).tree)
            } else {
                Tree::Stub(SourceFile {
                    package: package.clone(),
                    imports: Vec::new(),
                    items: Vec::new(),
                })
            };
            (*id, tree)
        })
        .collect()
}

/// Checks one file.
#[salsa::tracked(returns(ref))]
pub fn check_file(db: &dyn salsa::Database, set: PolicySetInput, file: PolicyFile) -> FileCheck {
    let id = file.id(db);
    let trees = trees_for(db, set, file, Some(closure(db, set, file)));
    let refs: Vec<(FileId, &SourceFile)> = trees.iter().map(|(f, t)| (*f, t.get())).collect();
    let (all, facts) = check_trees(&refs);
    let tree = &parse(db, file).file;
    let mut diagnostics = Vec::new();
    let mut unused = Vec::new();
    for d in all.into_iter().filter(|d| d.file == id) {
        if CROSS_FILE_CODES.contains(&d.code) {
            continue;
        }
        if d.code == codes::UNUSED_ITEM {
            let item = tree
                .items
                .iter()
                .position(|i| i.kind.name().is_some_and(|n| n.span == d.span));
            if let Some(item) = item {
                unused.push((item, d));
                continue;
            }
        }
        diagnostics.push(d);
    }
    let uses_elsewhere = facts
        .used
        .iter()
        .filter(|(f, _)| *f != id)
        .copied()
        .collect();
    let facts = Facts {
        floats: facts.floats.into_iter().filter(|(f, _)| *f == id).collect(),
        item_types: facts
            .item_types
            .into_iter()
            .filter(|((f, _), _)| *f == id)
            .collect(),
        view_targets: facts
            .view_targets
            .into_iter()
            .filter(|((f, _), _)| *f == id)
            .collect(),
        used: Default::default(),
    };
    FileCheck {
        diagnostics,
        unused,
        uses_elsewhere,
        facts,
    }
}

/// What the cross-file checks read of a file, with positions: its package and the `id` entry of
/// each rule's metadata (rules keep their place, without name or subject). A body edit
/// re-derives it for that file alone, and leaves it equal: [`cross_file`] does not re-run.
#[salsa::tracked(returns(ref))]
pub fn declarations(db: &dyn salsa::Database, file: PolicyFile) -> Unplaced {
    let tree = &parse(db, file).file;
    let items = tree
        .items
        .iter()
        .filter_map(|item| {
            let ItemKind::Rule(rule) = &item.kind else {
                return None;
            };
            // Only what the cross-file checks read is copied: the rule's id. Its name and
            // subject are left out (empty), so renaming a rule or retyping its subject leaves
            // the declarations equal.
            use crate::syntax::ast::{Ident, Param, TypeExpr, TypeKind};
            let nothing = Ident {
                name: String::new(),
                span: rule.name.span,
            };
            let rule = crate::syntax::ast::RuleDecl {
                name: nothing.clone(),
                subject: Param {
                    name: nothing,
                    ty: TypeExpr {
                        kind: TypeKind::Error,
                        span: rule.subject.ty.span,
                        depth: 1,
                    },
                },
                meta: rule.meta.as_ref().map(|m| crate::syntax::ast::MetaBlock {
                    entries: m
                        .entries
                        .iter()
                        .filter(|e| e.key.name == "id")
                        .cloned()
                        .collect(),
                    span: m.span,
                }),
                body: Vec::new(),
            };
            Some(crate::syntax::ast::Item {
                kind: ItemKind::Rule(rule),
                span: item.span,
            })
        })
        .collect();
    Unplaced::of(SourceFile {
        package: tree.package.clone(),
        imports: Vec::new(),
        items,
    })
}

/// Whether the set has any cross-file conflict (a package or a rule id declared twice): the
/// cross-file checks over declarations without positions. Only when it has are the checks run
/// again with positions, so a body edit costs nothing over the whole set's rules.
#[salsa::tracked(returns(ref))]
pub fn cross_file(db: &dyn salsa::Database, set: PolicySetInput) -> bool {
    let keys: Vec<(FileId, &SourceFile)> = set
        .files(db)
        .iter()
        .map(|f| (f.id(db), &*declarations(db, *f).key))
        .collect();
    !cross_file_diagnostics(&keys).is_empty()
}

/// Every diagnostic of the set, as checking all files at once reports them.
#[salsa::tracked(returns(ref))]
pub fn diagnostics(db: &dyn salsa::Database, set: PolicySetInput) -> Vec<Diagnostic> {
    let files = set.files(db);
    let checks: Vec<&FileCheck> = files.iter().map(|f| check_file(db, set, *f)).collect();
    let used: BTreeSet<(FileId, usize)> = checks
        .iter()
        .flat_map(|c| c.uses_elsewhere.iter().copied())
        .collect();
    let mut out: Vec<Diagnostic> = Vec::new();
    for (f, c) in files.iter().zip(&checks) {
        let id = f.id(db);
        out.extend(parse(db, *f).diagnostics.iter().cloned());
        out.extend(c.diagnostics.iter().cloned());
        out.extend(
            c.unused
                .iter()
                .filter(|(item, _)| !used.contains(&(id, *item)))
                .map(|(_, d)| d.clone()),
        );
    }
    if *cross_file(db, set) {
        let summaries: Vec<(FileId, &SourceFile)> = files
            .iter()
            .map(|f| (f.id(db), &*declarations(db, *f).tree))
            .collect();
        out.extend(cross_file_diagnostics(&summaries));
    }
    crate::diagnostics::sort_and_dedup(&mut out);
    crate::diagnostics::cap_per_file(&mut out);
    out
}

/// The numbering of every item of the set.
#[salsa::tracked(returns(ref))]
pub fn tables(db: &dyn salsa::Database, set: PolicySetInput) -> Tables {
    let refs: Vec<(FileId, &SourceFile)> = set
        .files(db)
        .iter()
        .map(|f| (f.id(db), &*interface(db, *f).tree))
        .collect();
    Tables::build(&refs)
}

/// The compiled items of one file.
#[salsa::tracked(returns(ref))]
pub fn module_ir(
    db: &dyn salsa::Database,
    set: PolicySetInput,
    file: PolicyFile,
) -> Result<Arc<Module>, CompileError> {
    let files = set.files(db);
    let pos = files.iter().position(|f| *f == file).ok_or(CompileError {
        message: "the file is not part of the policy set".to_owned(),
    })?;
    let trees = trees_for(db, set, file, None);
    let refs: Vec<(FileId, &SourceFile)> = trees.iter().map(|(f, t)| (*f, t.get())).collect();
    let facts = &check_file(db, set, file).facts;
    compile_module(tables(db, set), &refs, facts, pos).map(Arc::new)
}

/// The id of each file of the set and the package it declares, in set order, with its position
/// (stubs keep it for suggestions). Finding a file's imports and stubbing the files outside its
/// closure read this once, instead of every file's interface for every file: after an edit,
/// verifying the per-file queries stays linear in the number of files.
#[salsa::tracked(returns(ref))]
pub fn packages(db: &dyn salsa::Database, set: PolicySetInput) -> Vec<(FileId, Option<Path>)> {
    set.files(db)
        .iter()
        .map(|f| (f.id(db), interface(db, *f).tree.package.clone()))
        .collect()
}

/// The file and every file it imports, transitively, in set order.
#[salsa::tracked(returns(ref))]
pub fn closure(db: &dyn salsa::Database, set: PolicySetInput, file: PolicyFile) -> Vec<PolicyFile> {
    let files = set.files(db);
    let mut by_package: HashMap<String, Vec<PolicyFile>> = HashMap::new();
    for (f, (_, package)) in files.iter().zip(packages(db, set)) {
        if let Some(package) = package {
            by_package.entry(package.dotted()).or_default().push(*f);
        }
    }
    let mut seen: Vec<PolicyFile> = vec![file];
    let mut queue = vec![file];
    while let Some(f) = queue.pop() {
        for import in &super::header(db, f).imports {
            for target in by_package.get(import).into_iter().flatten() {
                if !seen.contains(target) {
                    seen.push(*target);
                    queue.push(*target);
                }
            }
        }
    }
    files.iter().filter(|f| seen.contains(f)).copied().collect()
}

/// The program of a file and the files it imports: everything its rules can reach.
#[salsa::tracked(returns(ref), no_eq)]
pub fn closure_program(
    db: &dyn salsa::Database,
    set: PolicySetInput,
    file: PolicyFile,
) -> Result<Arc<Program>, CompileError> {
    let mut modules = Vec::new();
    for f in closure(db, set, file) {
        modules.push(module_ir(db, set, *f).clone()?);
    }
    let mut program = Program::link(tables(db, set).counts(), modules.iter().map(|m| &**m));
    fold(&mut program);
    Ok(Arc::new(program))
}

/// The static cost bounds of the rules and views of a file's program (the file and what it
/// imports), for documents within the default input limits, evaluated under the default limits.
#[salsa::tracked(returns(ref), no_eq)]
pub fn file_costs(
    db: &dyn salsa::Database,
    set: PolicySetInput,
    file: PolicyFile,
) -> Vec<crate::eval::cost::ItemCost> {
    match closure_program(db, set, file) {
        Ok(program) => crate::eval::cost::analyze(
            program,
            &crate::eval::cost::SizeBounds::of_input_limits(&crate::InputLimits::default()),
            &crate::Limits::default(),
        ),
        Err(_) => Vec::new(),
    }
}

/// The outcome of each rule of one file on a document, with the fuel spent.
#[salsa::tracked(returns(ref))]
pub fn module_runs(
    db: &dyn salsa::Database,
    set: PolicySetInput,
    file: PolicyFile,
    doc: DocumentInput,
    settings: Settings,
) -> (Vec<(u32, RuleRun)>, u64, Vec<DecisionError>) {
    let program = match closure_program(db, set, file) {
        Ok(p) => p.clone(),
        Err(e) => return (Vec::new(), 0, vec![not_evaluable(&e.message)]),
    };
    let module = match module_ir(db, set, file) {
        Ok(m) => m.clone(),
        Err(e) => return (Vec::new(), 0, vec![not_evaluable(&e.message)]),
    };
    let options = settings.options(db);
    let rules: Vec<u32> = module
        .rules
        .iter()
        .filter(|(_, r)| !crate::eval::policy::is_excluded(r, options))
        .map(|(i, _)| *i)
        .collect();
    if rules.is_empty() {
        return (Vec::new(), 0, Vec::new());
    }
    let mut local = (**options).clone();
    local
        .params
        .retain(|name, _| program.params.iter().flatten().any(|g| &g.name == name));
    local
        .data
        .retain(|name, _| program.data.iter().flatten().any(|g| &g.name == name));
    let (host, errors) = crate::eval::policy::bind_host_values(&program, &local);
    if !errors.is_empty() {
        return (Vec::new(), 0, errors);
    }
    let (runs, fuel) =
        run_rules_and_views(&program, &rules, &doc.document(db).value, options, &host);
    (runs, fuel, Vec::new())
}

fn not_evaluable(message: &str) -> DecisionError {
    DecisionError {
        code: codes::NOT_EVALUABLE.as_str().to_owned(),
        message: message.to_owned(),
        rule: None,
        path: None,
    }
}

/// The whole set's program, linked from every module (without folding): what the host's
/// options are checked against.
#[salsa::tracked(returns(ref), no_eq)]
pub fn set_program(
    db: &dyn salsa::Database,
    set: PolicySetInput,
) -> Result<Arc<Program>, CompileError> {
    let mut modules = Vec::new();
    for f in set.files(db) {
        modules.push(module_ir(db, set, *f).clone()?);
    }
    Ok(Arc::new(Program::link(
        tables(db, set).counts(),
        modules.iter().map(|m| &**m),
    )))
}

/// The decision for a document: every rule of the set, assembled from the runs of each file.
/// It equals what `PolicySet::evaluate` gives: options are checked against the whole set the
/// same way, and each rule run has its own fuel in both.
#[salsa::tracked(returns(ref))]
pub fn decision(
    db: &dyn salsa::Database,
    set: PolicySetInput,
    doc: DocumentInput,
    settings: Settings,
) -> Decision {
    if diagnostics(db, set).iter().any(Diagnostic::is_error) {
        return denied_with(not_evaluable("the policy set has errors"));
    }
    let options = settings.options(db);
    let program = match set_program(db, set) {
        Ok(p) => p,
        Err(e) => return denied_with(not_evaluable(&e.message)),
    };
    let (_, mut errors) = crate::eval::policy::bind_host_values(program, options);
    errors.extend(crate::eval::policy::unknown_exclusions(program, options));
    if !errors.is_empty() {
        return crate::eval::policy::denied_with_all(errors);
    }
    let mut entries: Vec<(u32, Arc<crate::eval::ir::Rule>, RuleRun)> = Vec::new();
    let mut fuel = 0;
    for f in set.files(db) {
        if let Ok(m) = module_ir(db, set, *f) {
            let (runs, spent, errs) = module_runs(db, set, *f, doc, settings);
            if let Some(e) = errs.first() {
                return denied_with(e.clone());
            }
            fuel += spent;
            for (i, run) in runs {
                if let Some((_, rule)) = m.rules.iter().find(|(n, _)| n == i) {
                    entries.push((*i, rule.clone(), run.clone()));
                }
            }
        }
    }
    // Rules are numbered in evaluation order.
    entries.sort_by_key(|(i, _, _)| *i);
    assemble(
        entries.iter().map(|(_, r, run)| (&**r, run.clone())),
        doc.document(db),
        options,
        fuel,
    )
}
