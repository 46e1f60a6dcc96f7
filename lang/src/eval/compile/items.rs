//! Item tables and the compilation of each kind of item: functions, constants, parameters,
//! data, rules (with metadata and discriminators) and tests.

use super::CompileError;
use super::scope::{PlaceKind, Scopes};
use crate::check::Facts;
use crate::check::types::Ty;
use crate::eval::ir::{Counts, Func, Global, Module, Rule, RuleMetadata, Test, View, WithTarget};
use crate::eval::value::Str;
use crate::span::FileId;
use crate::syntax::ast::{self, ExprKind, ItemKind, SourceFile};
use std::collections::HashMap;
use std::sync::Arc;

/// What an item name refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemRef {
    /// A module constant.
    Const(u32),
    /// A parameter.
    Param(u32),
    /// A data item.
    Data(u32),
    /// A function.
    Fn(u32),
    /// A rule.
    Rule(u32),
    /// A type or anything else that is not a value.
    Other,
}

/// Where every item of the policy set went.
#[derive(Debug, Default, PartialEq)]
pub struct Tables {
    packages: HashMap<String, HashMap<String, ItemRef>>,
    file_package: Vec<String>,
    file_imports: Vec<HashMap<String, String>>,
    fns: Vec<(usize, usize)>,
    consts: Vec<(usize, usize)>,
    params: Vec<(usize, usize)>,
    data: Vec<(usize, usize)>,
    rules: Vec<(usize, usize)>,
    views: Vec<(usize, usize)>,
    tests: Vec<(usize, usize)>,
}

fn index(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Tables {
    /// Numbers every item; rules are ordered by package name, then declaration order.
    pub fn build(files: &[(FileId, &SourceFile)]) -> Tables {
        let mut t = Tables::default();
        let mut rules: Vec<(String, usize, usize)> = Vec::new();
        let mut views: Vec<(String, usize, usize)> = Vec::new();
        for (pos, (_, tree)) in files.iter().enumerate() {
            let package = tree
                .package
                .as_ref()
                .map(ast::Path::dotted)
                .unwrap_or_default();
            let imports = tree
                .imports
                .iter()
                .filter_map(|i| Some((i.binding()?.name.clone(), i.path.dotted())))
                .collect();
            t.file_imports.push(imports);
            for (i, item) in tree.items.iter().enumerate() {
                let key = (pos, i);
                let r = match &item.kind {
                    ItemKind::Fn(_) => {
                        t.fns.push(key);
                        ItemRef::Fn(index(t.fns.len() - 1))
                    }
                    ItemKind::Const(_) => {
                        t.consts.push(key);
                        ItemRef::Const(index(t.consts.len() - 1))
                    }
                    ItemKind::Param(_) => {
                        t.params.push(key);
                        ItemRef::Param(index(t.params.len() - 1))
                    }
                    ItemKind::Data(_) => {
                        t.data.push(key);
                        ItemRef::Data(index(t.data.len() - 1))
                    }
                    ItemKind::Rule(_) => {
                        rules.push((package.clone(), pos, i));
                        ItemRef::Other
                    }
                    ItemKind::View(_) => {
                        views.push((package.clone(), pos, i));
                        ItemRef::Other
                    }
                    ItemKind::Test(_) => {
                        t.tests.push(key);
                        ItemRef::Other
                    }
                    ItemKind::Type(_) | ItemKind::Error => ItemRef::Other,
                };
                if let Some(name) = item.kind.name() {
                    t.packages
                        .entry(package.clone())
                        .or_default()
                        .entry(name.name.clone())
                        .or_insert(r);
                }
            }
            t.file_package.push(package);
        }
        rules.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        for (n, (package, pos, i)) in rules.into_iter().enumerate() {
            if let Some(name) = files
                .get(pos)
                .and_then(|(_, t)| t.items.get(i))
                .and_then(|it| it.kind.name())
                && let Some(table) = t.packages.get_mut(&package)
            {
                table.insert(name.name.clone(), ItemRef::Rule(index(n)));
            }
            t.rules.push((pos, i));
        }
        views.sort();
        t.views = views.into_iter().map(|(_, pos, i)| (pos, i)).collect();
        t
    }

    /// The item `name` of the package of file `pos`.
    pub fn own(&self, pos: usize, name: &str) -> Option<ItemRef> {
        let package = self.file_package.get(pos)?;
        self.item(package, name)
    }

    /// The item `name` of `package`.
    pub fn item(&self, package: &str, name: &str) -> Option<ItemRef> {
        self.packages.get(package)?.get(name).copied()
    }

    /// The package an import binding `alias` of file `pos` names.
    pub fn import(&self, pos: usize, alias: &str) -> Option<&str> {
        self.file_imports.get(pos)?.get(alias).map(String::as_str)
    }

    /// How many items of each kind there are.
    pub fn counts(&self) -> Counts {
        Counts {
            fns: self.fns.len(),
            consts: self.consts.len(),
            params: self.params.len(),
            data: self.data.len(),
            rules: self.rules.len(),
            views: self.views.len(),
        }
    }

    /// The package of file `pos`.
    pub fn package(&self, pos: usize) -> &str {
        self.file_package.get(pos).map_or("", String::as_str)
    }
}

/// The compiler's view of one item being compiled.
pub struct Cx<'t> {
    pub tables: &'t Tables,
    pub facts: &'t Facts,
    pub file: FileId,
    pub pos: usize,
    pub scopes: Scopes,
}

impl Cx<'_> {
    /// The checked type of the subject of item `item` (a rule or a view), bound as the root of
    /// places in its body.
    fn subject(&mut self, subject: &ast::Param, item: usize) -> Ty {
        self.scopes
            .bind_place(&subject.name.name, PlaceKind::Subject);
        self.facts
            .item_types
            .get(&(self.file, item))
            .cloned()
            .unwrap_or(Ty::Json)
    }
}

fn item_at<'f>(
    files: &[(FileId, &'f SourceFile)],
    (pos, i): (usize, usize),
) -> Result<(FileId, &'f ast::Item), CompileError> {
    files
        .get(pos)
        .and_then(|(f, t)| Some((*f, t.items.get(i)?)))
        .ok_or_else(|| CompileError {
            message: "an item went missing between checking and compiling".to_owned(),
        })
}

fn mismatch() -> CompileError {
    CompileError {
        message: "an item changed kind between checking and compiling".to_owned(),
    }
}

/// Compiles the items of the file at position `pos`.
pub fn compile_module(
    tables: &Tables,
    files: &[(FileId, &SourceFile)],
    facts: &Facts,
    pos: usize,
) -> Result<Module, CompileError> {
    let cx = |pos: usize, file: FileId| Cx {
        tables,
        facts,
        file,
        pos,
        scopes: Scopes::default(),
    };
    let mut module = Module::default();
    let mine = |list: &[(usize, usize)]| -> Vec<(u32, (usize, usize))> {
        list.iter()
            .enumerate()
            .filter(|(_, k)| k.0 == pos)
            .map(|(n, k)| (index(n), *k))
            .collect()
    };
    for (n, key) in mine(&tables.fns) {
        let (file, item) = item_at(files, key)?;
        let ItemKind::Fn(d) = &item.kind else {
            return Err(mismatch());
        };
        let mut c = cx(key.0, file);
        for p in &d.params {
            c.scopes.bind(&p.name.name);
        }
        let mut lets = Vec::new();
        for l in &d.lets {
            let value = c.expr(&l.value)?;
            lets.push((c.scopes.bind(&l.name.name), value, l.span));
        }
        let body = c.expr(&d.body)?;
        module.fns.push((
            n,
            Arc::new(Func {
                name: format!("{}.{}", tables.package(key.0), d.name.name),
                arity: index(d.params.len()),
                slots: c.scopes.slots(),
                lets,
                body,
                file,
                body_span: d.body.span,
            }),
        ));
    }
    for (n, key) in mine(&tables.consts) {
        let (file, item) = item_at(files, key)?;
        let ItemKind::Const(d) = &item.kind else {
            return Err(mismatch());
        };
        let mut c = cx(key.0, file);
        let value = c.expr(&d.value)?;
        module.consts.push((
            n,
            Arc::new(Global {
                name: format!("{}.{}", tables.package(key.0), d.name.name),
                value: Some(value),
                slots: c.scopes.slots(),
                ty: None,
            }),
        ));
    }
    for (n, key) in mine(&tables.params) {
        let (file, item) = item_at(files, key)?;
        let ItemKind::Param(d) = &item.kind else {
            return Err(mismatch());
        };
        let mut c = cx(key.0, file);
        let value = c.expr(&d.default)?;
        module.params.push((
            n,
            Arc::new(Global {
                name: format!("{}.{}", tables.package(key.0), d.name.name),
                value: Some(value),
                slots: c.scopes.slots(),
                ty: facts.item_types.get(&(file, key.1)).cloned(),
            }),
        ));
    }
    for (n, key) in mine(&tables.data) {
        let (file, item) = item_at(files, key)?;
        let ItemKind::Data(d) = &item.kind else {
            return Err(mismatch());
        };
        module.data.push((
            n,
            Arc::new(Global {
                name: format!("{}.{}", tables.package(key.0), d.name.name),
                value: None,
                slots: 0,
                ty: facts.item_types.get(&(file, key.1)).cloned(),
            }),
        ));
    }
    for (n, key) in mine(&tables.rules) {
        let (file, item) = item_at(files, key)?;
        let ItemKind::Rule(d) = &item.kind else {
            return Err(mismatch());
        };
        let mut c = cx(key.0, file);
        let subject = c.subject(&d.subject, key.1);
        let body = c.block(&d.body)?;
        let (id, meta) = metadata(d);
        module.rules.push((
            n,
            Arc::new(Rule {
                id: id.into(),
                qualified: format!("{}.{}", tables.package(key.0), d.name.name).into(),
                severity: meta.severity.as_str().into(),
                meta: Arc::new(meta),
                discriminators: discriminators(&subject),
                subject,
                slots: c.scopes.slots(),
                pointers: c.scopes.pointers(),
                body,
                file,
                span: d.name.span,
            }),
        ));
    }
    for (n, key) in mine(&tables.views) {
        let (file, item) = item_at(files, key)?;
        let ItemKind::View(d) = &item.kind else {
            return Err(mismatch());
        };
        let mut c = cx(key.0, file);
        let subject = c.subject(&d.subject, key.1);
        let target = facts
            .view_targets
            .get(&(file, key.1))
            .cloned()
            .unwrap_or(Ty::Json);
        let body = c.block(&d.body)?;
        module.views.push((
            n,
            Arc::new(View {
                qualified: format!("{}.{}", tables.package(key.0), d.name.name).into(),
                discriminators: discriminators(&subject),
                subject,
                target,
                slots: c.scopes.slots(),
                pointers: c.scopes.pointers(),
                body,
                file,
                span: d.name.span,
            }),
        ));
    }
    for (_, key) in mine(&tables.tests) {
        let (file, item) = item_at(files, key)?;
        let ItemKind::Test(d) = &item.kind else {
            return Err(mismatch());
        };
        module
            .tests
            .push(Arc::new(test(cx(key.0, file), d, item.span)?));
    }
    Ok(module)
}

fn test(mut c: Cx<'_>, d: &ast::TestDecl, span: crate::span::Span) -> Result<Test, CompileError> {
    let mut with = Vec::new();
    for w in &d.with {
        let target = match w.target.segments.as_slice() {
            [name] => c.tables.own(c.pos, &name.name),
            [alias, name] => c
                .tables
                .import(c.pos, &alias.name)
                .and_then(|p| c.tables.item(p, &name.name)),
            _ => None,
        };
        let target = match target {
            Some(ItemRef::Param(p)) => WithTarget::Param(p),
            Some(ItemRef::Data(d)) => WithTarget::Data(d),
            _ => {
                return Err(CompileError {
                    message: format!("`with {}` names no parameter or data", w.target.dotted()),
                });
            }
        };
        with.push((target, c.expr(&w.value)?));
    }
    let table = match &d.table {
        Some(t) => {
            let cases = c.expr(&t.cases)?;
            let binder = c.binder(&t.binder, None);
            Some((binder, cases))
        }
        None => None,
    };
    let body = c.block(&d.body)?;
    let mut fixtures: Vec<String> = Vec::new();
    let mut collect = |e: &crate::eval::ir::Expr| {
        if let crate::eval::ir::Expr::Testing {
            test: crate::eval::testing::TestFn::Fixture,
            args,
            ..
        } = e
            && let Some(crate::eval::ir::Expr::Const(crate::eval::value::Value::Str(path))) =
                args.first()
            && !fixtures.iter().any(|f| **f == **path)
        {
            fixtures.push(path.to_string());
        }
    };
    for (_, e) in &with {
        e.visit(&mut collect);
    }
    if let Some((_, cases)) = &table {
        cases.visit(&mut collect);
    }
    for s in &body {
        s.visit(&mut collect);
    }
    Ok(Test {
        name: d.name.as_plain().unwrap_or_default(),
        fixtures,
        package: c.tables.package(c.pos).to_owned(),
        with,
        table,
        slots: c.scopes.slots(),
        body,
        file: c.file,
        span,
    })
}

/// The rule's id and metadata, from literals the checker has validated.
fn metadata(d: &ast::RuleDecl) -> (String, RuleMetadata) {
    let mut id = String::new();
    let mut meta = RuleMetadata {
        severity: "medium".to_owned(),
        enforcement: "deny".to_owned(),
        ..RuleMetadata::default()
    };
    let text = |e: &ast::Expr| match &e.kind {
        ExprKind::Str(s) => s.as_plain(),
        _ => None,
    };
    let texts = |e: &ast::Expr| match &e.kind {
        ExprKind::List(items) => items.iter().filter_map(text).collect(),
        _ => Vec::new(),
    };
    for entry in d.meta.iter().flat_map(|m| &m.entries) {
        let v = &entry.value;
        match entry.key.name.as_str() {
            "id" => id = text(v).unwrap_or_default(),
            "title" => meta.title = text(v).unwrap_or_default(),
            "severity" => meta.severity = text(v).unwrap_or_else(|| "medium".to_owned()),
            "enforcement" => meta.enforcement = text(v).unwrap_or_else(|| "deny".to_owned()),
            "remediation" => meta.remediation = text(v),
            "description" => meta.description = text(v),
            "controls" => meta.controls = texts(v),
            "tags" => meta.tags = texts(v),
            _ => {}
        }
    }
    (id, meta)
}

/// The required fields of a record subject type whose type is one string literal.
fn discriminators(subject: &Ty) -> Vec<(Str, Str)> {
    let Ty::Record(r) = subject else {
        return Vec::new();
    };
    r.fields
        .iter()
        .filter(|f| !f.optional)
        .filter_map(|f| match &f.ty {
            Ty::Lit(l) => Some((Str::from(f.name.as_str()), l.clone())),
            _ => None,
        })
        .collect()
}
