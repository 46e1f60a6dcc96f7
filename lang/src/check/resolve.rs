//! Name resolution inside items. Every name is looked up, innermost first: local bindings,
//! then the items of the file's package, then its imports, then builtins. Unknown names get a
//! did-you-mean; a name of the wrong kind (a type used as a value, a rule called like a
//! function) is reported as such. Unused imports are reported at the end of each file.

use super::packages::{ImportBinding, ItemKindTag, PackageIndex};
use crate::builtins;
use crate::diagnostics::{Diagnostic, codes, did_you_mean, quote};
use crate::span::{FileId, Span};
use crate::syntax::ast::*;
use std::collections::{HashMap, HashSet};

/// Unknown names after this many in one file are reported without suggestions.
const MAX_SUGGESTED: usize = 100;

/// What a name in value position refers to.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Meaning {
    Local,
    Item(ItemKindTag),
    Package(usize),
    Builtin,
}

pub(super) fn resolve_file(
    index: &PackageIndex,
    file: FileId,
    tree: &SourceFile,
    diagnostics: &mut Vec<Diagnostic>,
) {
    // A file whose package is owned by another file was already reported; its names are
    // still checked against its own items.
    let own_items: HashMap<String, ItemKindTag> = match index.package_of(file) {
        Some(p) => p.items.iter().map(|(k, v)| (k.clone(), v.kind)).collect(),
        None => tree
            .items
            .iter()
            .filter_map(|item| {
                Some((
                    item.kind.name()?.name.clone(),
                    super::packages::kind_tag(&item.kind)?,
                ))
            })
            .collect(),
    };
    let mut resolver = Resolver {
        index,
        file,
        items: own_items,
        imports: index.imports_of(file),
        used_imports: HashSet::new(),
        scopes: Vec::new(),
        locals: HashMap::new(),
        unknown_reported: 0,
        after_error: false,
        diagnostics,
    };
    for item in &tree.items {
        resolver.item(item);
    }
    for binding in resolver
        .imports
        .iter()
        .filter(|b| b.package.is_some() && !resolver.used_imports.contains(&b.name))
    {
        resolver.diagnostics.push(
            Diagnostic::new(
                codes::UNUSED_IMPORT,
                file,
                binding.span,
                format!("import {} is never used", quote(&binding.name)),
            )
            .with_help("remove it"),
        );
    }
}

struct Resolver<'a> {
    index: &'a PackageIndex,
    file: FileId,
    items: HashMap<String, ItemKindTag>,
    imports: &'a [ImportBinding],
    used_imports: HashSet<String>,
    scopes: Vec<Vec<String>>,
    /// How many bindings of each name are in scope, so lookups do not scan the scopes.
    locals: HashMap<String, u32>,
    /// Unknown names reported so far; past a limit no suggestions are computed, which keeps a
    /// file full of unknown names linear.
    unknown_reported: usize,
    /// Set after a statement that failed to parse: it may have bound names we cannot see, so
    /// unknown names later in the block are not reported (they would only be noise).
    after_error: bool,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl Resolver<'_> {
    fn item(&mut self, item: &Item) {
        match &item.kind {
            ItemKind::Type(d) => self.ty(&d.ty),
            ItemKind::Const(d) => {
                if let Some(t) = &d.ty {
                    self.ty(t);
                }
                self.expr(&d.value);
            }
            ItemKind::Param(d) => {
                self.ty(&d.ty);
                self.expr(&d.default);
            }
            ItemKind::Data(d) => self.ty(&d.ty),
            ItemKind::Fn(d) => {
                self.push_scope();
                self.params(&d.params);
                if let Some(ret) = &d.ret {
                    self.ty(ret);
                }
                for l in &d.lets {
                    self.let_stmt(l);
                }
                self.expr(&d.body);
                self.pop_scope();
            }
            ItemKind::Rule(d) => {
                self.push_scope();
                self.params(std::slice::from_ref(&d.subject));
                if let Some(meta) = &d.meta {
                    let mut seen: HashMap<&str, Span> = HashMap::new();
                    for entry in &meta.entries {
                        if let Some(first) = seen.insert(&entry.key.name, entry.key.span) {
                            self.duplicate("metadata key", &entry.key, first);
                        }
                        // Values are literals, validated by the checker; not resolved.
                    }
                }
                self.block(&d.body);
                self.pop_scope();
            }
            ItemKind::View(d) => {
                self.push_scope();
                self.params(std::slice::from_ref(&d.subject));
                self.ty(&d.target);
                self.block(&d.body);
                self.pop_scope();
            }
            ItemKind::Test(d) => {
                for w in &d.with {
                    self.with_target(&w.target);
                    self.expr(&w.value);
                }
                self.push_scope();
                if let Some(table) = &d.table {
                    self.expr(&table.cases);
                    self.bind_binder(&table.binder);
                }
                self.block(&d.body);
                self.pop_scope();
            }
            ItemKind::Error => {}
        }
    }

    fn params(&mut self, params: &[Param]) {
        let mut seen: HashMap<&str, Span> = HashMap::new();
        for p in params {
            self.ty(&p.ty);
            if let Some(first) = seen.insert(&p.name.name, p.name.span) {
                self.duplicate("parameter", &p.name, first);
            }
            self.bind(&p.name.name);
        }
    }

    fn duplicate(&mut self, what: &str, name: &Ident, first: Span) {
        self.diagnostics.push(
            Diagnostic::new(
                codes::DUPLICATE_FIELD,
                self.file,
                name.span,
                format!("{what} {} is given twice", quote(&name.name)),
            )
            .with_label(first, "first given here"),
        );
    }

    fn bind(&mut self, name: &str) {
        if let Some(scope) = self.scopes.last_mut() {
            scope.push(name.to_owned());
            *self.locals.entry(name.to_owned()).or_insert(0) += 1;
        }
    }

    fn push_scope(&mut self) {
        self.scopes.push(Vec::new());
    }

    fn pop_scope(&mut self) {
        for name in self.scopes.pop().unwrap_or_default() {
            if let Some(n) = self.locals.get_mut(&name) {
                *n -= 1;
                if *n == 0 {
                    self.locals.remove(&name);
                }
            }
        }
    }

    fn bind_binder(&mut self, binder: &Binder) {
        if let Some(second) = &binder.second
            && second.name == binder.first.name
        {
            self.duplicate("binding", second, binder.first.span);
        }
        for name in binder.names() {
            self.bind(&name.name);
        }
    }

    fn is_local(&self, name: &str) -> bool {
        self.locals.contains_key(name)
    }

    fn block(&mut self, stmts: &[Stmt]) {
        let outer_error = self.after_error;
        self.push_scope();
        for s in stmts {
            self.stmt(s);
            if s.kind == StmtKind::Error {
                self.after_error = true;
            }
        }
        self.pop_scope();
        self.after_error = outer_error;
    }

    fn let_stmt(&mut self, l: &LetStmt) {
        if let Some(t) = &l.ty {
            self.ty(t);
        }
        self.expr(&l.value);
        self.bind(&l.name.name);
    }

    fn stmt(&mut self, stmt: &Stmt) {
        match &stmt.kind {
            StmtKind::Let(l) => self.let_stmt(l),
            StmtKind::For { binder, iter, body } => {
                self.expr(iter);
                self.push_scope();
                self.bind_binder(binder);
                self.block(body);
                self.pop_scope();
            }
            StmtKind::If {
                cond,
                then,
                otherwise,
            } => {
                self.expr(cond);
                self.block(then);
                self.block(otherwise);
            }
            StmtKind::Violation { message, at } => {
                self.expr(message);
                if let Some(at) = at {
                    self.expr(at);
                }
            }
            StmtKind::Assert(e) => self.expr(e),
            StmtKind::Yield { value, at } => {
                self.expr(value);
                if let Some(at) = at {
                    self.expr(at);
                }
            }
            StmtKind::Error => {}
        }
    }

    /// Looks a name up in value position; reports it when unknown.
    fn lookup(&mut self, name: &Ident) -> Option<Meaning> {
        let n = name.name.as_str();
        if self.is_local(n) {
            return Some(Meaning::Local);
        }
        if let Some(kind) = self.items.get(n) {
            return Some(Meaning::Item(*kind));
        }
        if let Some(b) = self.imports.iter().find(|b| b.name == n) {
            self.used_imports.insert(b.name.clone());
            return b.package.map(Meaning::Package);
        }
        if builtins::lookup(n).is_some() {
            return Some(Meaning::Builtin);
        }
        if self.after_error {
            return None;
        }
        self.unknown_reported += 1;
        if self.unknown_reported > MAX_SUGGESTED {
            self.diagnostics.push(Diagnostic::new(
                codes::UNKNOWN_NAME,
                self.file,
                name.span,
                format!("unknown name {}", quote(n)),
            ));
            return None;
        }
        let mut candidates: Vec<&str> = self
            .locals
            .keys()
            .map(String::as_str)
            .chain(
                self.items
                    .iter()
                    .filter(|(_, k)| **k != ItemKindTag::Type)
                    .map(|(k, _)| k.as_str()),
            )
            .chain(self.imports.iter().map(|b| b.name.as_str()))
            .chain(builtins::all().map(|b| b.name))
            .collect();
        candidates.sort_unstable();
        let mut d = Diagnostic::new(
            codes::UNKNOWN_NAME,
            self.file,
            name.span,
            format!("unknown name {}", quote(n)),
        )
        .with_help_opt(did_you_mean(n, candidates.iter().copied()))
        .with_name_fix(n, candidates);
        if d.help.is_none() && !self.items.contains_key(n) && builtins::SCALAR_TYPES.contains(&n) {
            d = d.with_help(format!("{} is a type, not a value", quote(n)));
        }
        self.diagnostics.push(d);
        None
    }

    fn wrong_kind(&mut self, span: Span, message: String, help: Option<String>) {
        self.diagnostics
            .push(Diagnostic::new(codes::WRONG_KIND, self.file, span, message).with_help_opt(help));
    }

    /// Resolves `alias.name` to an item of an imported package.
    fn qualified(&mut self, package: usize, name: &Ident) -> Option<ItemKindTag> {
        let entry = self.index.package(package)?;
        if let Some(item) = entry.items.get(&name.name) {
            return Some(item.kind);
        }
        self.diagnostics.push(
            Diagnostic::new(
                codes::UNKNOWN_ITEM,
                self.file,
                name.span,
                format!(
                    "package {} has no item {}",
                    quote(&entry.name),
                    quote(&name.name)
                ),
            )
            .with_help_opt(did_you_mean(
                &name.name,
                entry.items.keys().map(String::as_str),
            ))
            .with_name_fix(&name.name, entry.items.keys().map(String::as_str)),
        );
        None
    }

    /// What an expression in callee or value position names, if it is a (qualified) name.
    fn named(&mut self, e: &Expr) -> Option<(Meaning, Span, String)> {
        match &e.kind {
            ExprKind::Name(id) => {
                let meaning = self.lookup(id)?;
                Some((meaning, id.span, id.name.clone()))
            }
            // `alias.item`, and `alias?.item` too (the `?` is needless, reported by the checker,
            // but the item must exist).
            ExprKind::Field { base, name, .. } => {
                if let ExprKind::Name(head) = &base.kind
                    && !self.is_local(&head.name)
                    && !self.items.contains_key(&head.name)
                    && let Some(b) = self.imports.iter().find(|b| b.name == head.name)
                {
                    self.used_imports.insert(b.name.clone());
                    let package = b.package?;
                    let kind = self.qualified(package, name)?;
                    return Some((
                        Meaning::Item(kind),
                        e.span,
                        format!("{}.{}", head.name, name.name),
                    ));
                }
                None
            }
            _ => None,
        }
    }

    fn expr(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::Name(_) => {
                if let Some((meaning, span, text)) = self.named(e) {
                    self.check_value(meaning, span, &text);
                }
            }
            ExprKind::Field { base, .. } => {
                if let Some((meaning, span, text)) = self.named(e) {
                    self.check_value(meaning, span, &text);
                } else if !self.is_qualified_attempt(e) {
                    self.expr(base);
                }
            }
            ExprKind::Call { callee, args } => {
                self.callee(callee);
                for a in args {
                    self.expr(a);
                }
            }
            ExprKind::Quantified {
                binder, iter, body, ..
            } => {
                self.expr(iter);
                self.push_scope();
                self.bind_binder(binder);
                self.expr(body);
                self.pop_scope();
            }
            ExprKind::Comprehension {
                key,
                element,
                clauses,
                ..
            } => {
                self.push_scope();
                for clause in clauses {
                    match clause {
                        Clause::For { binder, iter } => {
                            self.expr(iter);
                            self.bind_binder(binder);
                        }
                        Clause::If(cond) => self.expr(cond),
                    }
                }
                if let Some(k) = key {
                    self.expr(k);
                }
                self.expr(element);
                self.pop_scope();
            }
            ExprKind::Record { spread, fields } => {
                if let Some(s) = spread {
                    self.expr(s);
                }
                let mut seen: HashMap<&str, Span> = HashMap::new();
                for f in fields {
                    if let Some(first) = seen.insert(&f.name.name, f.name.span) {
                        self.duplicate("field", &f.name, first);
                    }
                    self.expr(&f.value);
                }
            }
            _ => {
                for child in e.children() {
                    self.expr(child);
                }
            }
        }
    }

    /// `alias.x` where `alias` is an import was fully handled by `named` (reported if wrong).
    fn is_qualified_attempt(&self, e: &Expr) -> bool {
        let ExprKind::Field { base, .. } = &e.kind else {
            return false;
        };
        let ExprKind::Name(head) = &base.kind else {
            return false;
        };
        !self.is_local(&head.name)
            && !self.items.contains_key(&head.name)
            && self.imports.iter().any(|b| b.name == head.name)
    }

    /// A name used as a value must denote one.
    fn check_value(&mut self, meaning: Meaning, span: Span, text: &str) {
        let (what, help) = match meaning {
            Meaning::Local
            | Meaning::Item(ItemKindTag::Const | ItemKindTag::Param | ItemKindTag::Data)
            | Meaning::Item(ItemKindTag::Rule) => return,
            Meaning::Item(ItemKindTag::Type) => ("a type", None),
            Meaning::Item(ItemKindTag::View) => (
                "a view",
                Some(
                    "views are not values: rules over its target type judge what it yields"
                        .to_owned(),
                ),
            ),
            Meaning::Item(ItemKindTag::Fn) | Meaning::Builtin => {
                ("a function", Some(format!("call it: `{text}(...)`")))
            }
            Meaning::Package(_) => (
                "a package",
                Some(format!("refer to one of its items: `{text}.name`")),
            ),
        };
        self.wrong_kind(
            span,
            format!("{} is {what}, not a value", quote(text)),
            help,
        );
    }

    fn callee(&mut self, callee: &Expr) {
        let Some((meaning, span, text)) = self.named(callee) else {
            if !matches!(callee.kind, ExprKind::Name(_)) && !self.is_qualified_attempt(callee) {
                let before = self.diagnostics.len();
                self.expr(callee);
                if self.diagnostics.len() > before {
                    // The callee itself is already reported (an unknown name, say).
                    return;
                }
                self.wrong_kind(
                    callee.span,
                    "only functions can be called".to_owned(),
                    Some("call a function by its name, e.g. `count(xs)`".to_owned()),
                );
            }
            return;
        };
        let (what, help) = match meaning {
            Meaning::Item(ItemKindTag::Fn) | Meaning::Builtin => return,
            Meaning::Item(ItemKindTag::Rule) => (
                "a rule",
                Some(format!(
                    "rules are not called; in tests use `violations({text}, input)` or `denies({text}, input)`"
                )),
            ),
            Meaning::Item(ItemKindTag::Type) => ("a type", None),
            Meaning::Item(ItemKindTag::View) => ("a view", None),
            Meaning::Local | Meaning::Item(_) => ("a value", None),
            Meaning::Package(_) => ("a package", None),
        };
        self.wrong_kind(
            span,
            format!("{} is {what}, not a function", quote(&text)),
            help,
        );
    }

    fn with_target(&mut self, target: &Path) {
        let kind = match target.segments.as_slice() {
            [one] => {
                let id = one.clone();
                let e = Expr {
                    kind: ExprKind::Name(id),
                    span: target.span,
                    depth: 1,
                };
                self.named(&e).map(|(m, _, _)| m)
            }
            [head, name] => {
                let e = Expr {
                    kind: ExprKind::Field {
                        base: Box::new(Expr {
                            kind: ExprKind::Name(head.clone()),
                            span: head.span,
                            depth: 1,
                        }),
                        name: name.clone(),
                        optional: false,
                    },
                    span: target.span,
                    depth: 2,
                };
                self.named(&e).map(|(m, _, _)| m)
            }
            _ => {
                self.wrong_kind(
                    target.span,
                    format!(
                        "{} is not a parameter or data document",
                        quote(&target.dotted())
                    ),
                    Some(
                        "`with` overrides a `param` or `data`: write `name` or `package.name`"
                            .to_owned(),
                    ),
                );
                return;
            }
        };
        match kind {
            Some(Meaning::Item(ItemKindTag::Param | ItemKindTag::Data)) | None => {}
            Some(_) => self.wrong_kind(
                target.span,
                format!(
                    "{} is not a parameter or data document",
                    quote(&target.dotted())
                ),
                Some("`with` overrides items declared with `param` or `data`".to_owned()),
            ),
        }
    }

    fn ty(&mut self, t: &TypeExpr) {
        match &t.kind {
            // A size bound follows at least one type argument, so on a type other than
            // `list`, `set` and `map` (which take none) it is already E0210 for the arguments.
            TypeKind::Named { name, args, .. } => {
                self.type_name(name, args.len(), t.span);
                for a in args {
                    self.ty(a);
                }
            }
            TypeKind::Record { fields, .. } => {
                let mut seen: HashMap<&str, Span> = HashMap::new();
                for f in fields {
                    if let Some(first) = seen.insert(&f.name.name, f.name.span) {
                        self.duplicate("field", &f.name, first);
                    }
                    self.ty(&f.ty);
                }
            }
            TypeKind::Optional(inner) => self.ty(inner),
            TypeKind::Union(members) => {
                for m in members {
                    self.ty(m);
                }
            }
            TypeKind::Literal(_) | TypeKind::Error => {}
        }
    }

    fn type_name(&mut self, name: &Path, arity: usize, span: Span) {
        let text = name.dotted();
        let expected = match name.segments.as_slice() {
            [one] => {
                let n = one.name.as_str();
                if let Some((_, a)) = builtins::GENERIC_TYPES.iter().find(|(g, _)| *g == n) {
                    Some(*a)
                } else if builtins::SCALAR_TYPES.contains(&n) {
                    Some(0)
                } else if let Some(kind) = self.items.get(n) {
                    self.type_kind(*kind, &text, one.span).then_some(0)
                } else {
                    let candidates: Vec<&str> = builtins::SCALAR_TYPES
                        .iter()
                        .copied()
                        .chain(builtins::GENERIC_TYPES.iter().map(|(g, _)| *g))
                        .chain(
                            self.items
                                .iter()
                                .filter(|(_, k)| **k == ItemKindTag::Type)
                                .map(|(k, _)| k.as_str()),
                        )
                        .collect();
                    self.diagnostics.push(
                        Diagnostic::new(
                            codes::UNKNOWN_TYPE,
                            self.file,
                            one.span,
                            format!("unknown type {}", quote(n)),
                        )
                        .with_help_opt(did_you_mean(n, candidates.iter().copied()))
                        .with_name_fix(n, candidates),
                    );
                    None
                }
            }
            [head, item] => match self.imports.iter().find(|b| b.name == head.name) {
                Some(b) => {
                    self.used_imports.insert(b.name.clone());
                    match b.package {
                        Some(p) => self
                            .qualified(p, item)
                            .and_then(|k| self.type_kind(k, &text, name.span).then_some(0)),
                        None => None,
                    }
                }
                None => {
                    self.diagnostics.push(
                        Diagnostic::new(
                            codes::UNKNOWN_TYPE,
                            self.file,
                            head.span,
                            format!(
                                "unknown package {} in type {}",
                                quote(&head.name),
                                quote(&text)
                            ),
                        )
                        .with_help_opt(did_you_mean(
                            &head.name,
                            self.imports.iter().map(|b| b.name.as_str()),
                        )),
                    );
                    None
                }
            },
            _ => {
                self.diagnostics.push(
                    Diagnostic::new(
                        codes::UNKNOWN_TYPE,
                        self.file,
                        name.span,
                        format!("unknown type {}", quote(&text)),
                    )
                    .with_help("refer to a type of another package as `alias.Type` after `import`"),
                );
                None
            }
        };
        if let Some(expected) = expected
            && expected != arity
        {
            let message = match expected {
                0 => format!("type {} takes no type arguments", quote(&text)),
                1 => format!("type {} takes 1 type argument, not {arity}", quote(&text)),
                n => format!(
                    "type {} takes {n} type arguments, not {arity}",
                    quote(&text)
                ),
            };
            let help = match text.as_str() {
                "list" => Some("write `list<T>`"),
                "set" => Some("write `set<T>`"),
                "map" => Some("write `map<K, V>`"),
                _ => None,
            };
            self.diagnostics.push(
                Diagnostic::new(codes::WRONG_TYPE_ARITY, self.file, span, message)
                    .with_help_opt(help.map(str::to_owned)),
            );
        }
    }

    /// Whether an item used in type position is a type; reports it otherwise.
    fn type_kind(&mut self, kind: ItemKindTag, text: &str, span: Span) -> bool {
        if kind == ItemKindTag::Type {
            return true;
        }
        self.wrong_kind(
            span,
            format!("{} is {}, not a type", quote(text), kind.noun()),
            None,
        );
        false
    }
}
