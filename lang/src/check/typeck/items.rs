//! Checking items and statements: parameters and their defaults, functions against their
//! return types, rules (subject, metadata, body), tests (overrides, tables, body). Constants
//! are inferred on demand. Afterwards, recursion among functions and constants (E0308) and
//! functions and constants nothing uses (W0302) are reported.

use super::env::Env;
use super::expr::{Context, Cx};
use super::lower::{Mode, STACK_GROWTH, STACK_RED_ZONE};
use super::{ItemKey, Memo, Program};
use crate::check::types::Ty;
use crate::diagnostics::{Diagnostic, codes, quote};
use crate::syntax::ast::*;
use std::collections::HashMap;

pub(super) fn check(program: &mut Program<'_>, key: ItemKey, item: &Item) {
    let context = match item.kind {
        ItemKind::Rule(_) => Context::Rule,
        ItemKind::View(_) => Context::View,
        ItemKind::Test(_) => Context::Test,
        _ => Context::Other,
    };
    program.in_item(key, context, |cx| check_in(cx, key, item));
}

fn check_in(cx: &mut Cx<'_, '_>, key: ItemKey, item: &Item) {
    match &item.kind {
        ItemKind::Param(d) => {
            let ty = cx.program.lower(key.file, &d.ty, Mode::Policy);
            cx.check(&d.default, &ty);
            cx.program.item_types.insert((cx.file, key.item), ty);
        }
        ItemKind::Data(d) => {
            let ty = cx.program.lower(key.file, &d.ty, Mode::Policy);
            cx.program.item_types.insert((cx.file, key.item), ty);
        }
        ItemKind::Fn(d) => match &d.ret {
            Some(ret) => {
                let ret = cx.program.lower(key.file, ret, Mode::Policy);
                cx.fn_body(d, Some(&ret));
            }
            // The body is checked where the return type is inferred, once.
            None => {
                cx.program.fn_return(key);
            }
        },
        ItemKind::Rule(d) => {
            let subject = cx.record_type(key, &d.subject.ty, "a rule's subject");
            cx.program
                .item_types
                .insert((cx.file, key.item), subject.clone());
            super::meta::check_rule(cx, d);
            cx.bind_subject(&d.subject, subject);
            cx.block(&d.body);
        }
        ItemKind::View(d) => {
            let subject = cx.record_type(key, &d.subject.ty, "a view's subject");
            cx.program
                .item_types
                .insert((cx.file, key.item), subject.clone());
            let target = cx.record_type(key, &d.target, "a view's target");
            cx.program
                .view_targets
                .insert((cx.file, key.item), target.clone());
            cx.target = Some(target);
            cx.bind_subject(&d.subject, subject);
            cx.block(&d.body);
        }
        ItemKind::Test(d) => {
            for w in &d.with {
                let target = cx.with_target(&w.target);
                match target {
                    Some(ty) => {
                        cx.check(&w.value, &ty);
                    }
                    None => {
                        cx.infer(&w.value);
                    }
                }
            }
            if let Some(table) = &d.table {
                cx.iterate(&table.cases, &table.binder, true);
            }
            cx.block(&d.body);
        }
        ItemKind::Type(_) | ItemKind::Const(_) | ItemKind::Error => {}
    }
}

impl Cx<'_, '_> {
    /// A rule's or view's subject or target type, which must be a record: rules and views
    /// judge and produce documents.
    fn record_type(&mut self, key: ItemKey, ty: &TypeExpr, what: &str) -> Ty {
        let lowered = self.program.lower(key.file, ty, Mode::Policy);
        if !matches!(lowered, Ty::Record(_) | Ty::Error) {
            self.error(
                codes::TYPE_MISMATCH,
                ty.span,
                format!("{what} must be a record type, not `{lowered}`"),
                Some("documents have fields: declare the document's shape as a record".to_owned()),
            );
        }
        lowered
    }

    /// Binds a rule's or view's subject: a place, the root of JSON pointers.
    fn bind_subject(&mut self, subject: &Param, ty: Ty) {
        self.bind(&subject.name.name, ty, subject.name.span, true, false);
    }

    /// Binds the parameters, checks the `let`s and the result (against `ret` when the
    /// function is annotated); returns the result's type.
    fn fn_body(&mut self, d: &FnDecl, ret: Option<&Ty>) -> Ty {
        for p in &d.params {
            let ty = self.program.lower(self.pos, &p.ty, Mode::Policy);
            self.bind(&p.name.name, ty, p.name.span, false, false);
        }
        for l in &d.lets {
            self.let_stmt(l);
        }
        match ret {
            Some(ret) => {
                self.check(&d.body, ret);
                ret.clone()
            }
            None => widen_literal(self.infer(&d.body)),
        }
    }

    pub fn block(&mut self, stmts: &[Stmt]) {
        self.env.push();
        for s in stmts {
            self.stmt(s);
        }
        self.pop();
    }

    pub fn let_stmt(&mut self, l: &LetStmt) {
        let ty = match &l.ty {
            Some(t) => {
                let declared = self.program.lower(self.pos, t, Mode::Policy);
                self.check(&l.value, &declared);
                declared
            }
            None => widen_literal(self.infer(&l.value)),
        };
        self.bind(&l.name.name, ty, l.name.span, false, true);
    }

    fn stmt(&mut self, s: &Stmt) {
        match &s.kind {
            StmtKind::Let(l) => self.let_stmt(l),
            StmtKind::For { binder, iter, body } => {
                self.env.push();
                self.iterate(iter, binder, true);
                self.block(body);
                self.pop();
            }
            StmtKind::If {
                cond,
                then,
                otherwise,
            } => {
                self.condition(cond);
                self.with_facts(cond, true, |cx| cx.block(then));
                self.with_facts(cond, false, |cx| cx.block(otherwise));
            }
            StmtKind::Violation { message, at } => {
                if self.context != Context::Rule {
                    self.error(
                        codes::MISPLACED,
                        s.span,
                        "`violation` can only be used in a rule".to_owned(),
                        None,
                    );
                }
                self.check(message, &Ty::Str);
                if let Some(at) = at {
                    self.infer(at);
                    if self.context == Context::Rule && !self.is_place(at) {
                        self.error(
                            codes::INVALID_PLACE,
                            at.span,
                            "`at` needs a place in the rule's subject".to_owned(),
                            Some(
                                "write a path from the subject or a loop variable over it, \
                                 e.g. `at c.securityContext?.privileged`"
                                    .to_owned(),
                            ),
                        );
                    }
                }
            }
            StmtKind::Yield { value, at } => {
                if self.context != Context::View {
                    self.error(
                        codes::MISPLACED,
                        s.span,
                        "`yield` can only be used in a view".to_owned(),
                        Some("a rule reports problems with `violation`".to_owned()),
                    );
                }
                match self.target.clone() {
                    // A literal is checked against the target now; a `json` value is made to
                    // conform when the view runs.
                    Some(target) => {
                        let expected = Ty::AnyOf(std::sync::Arc::from([target, Ty::Json]));
                        self.check(value, &expected);
                    }
                    None => {
                        self.infer(value);
                    }
                }
                if let Some(at) = at {
                    self.infer(at);
                    if self.context == Context::View && !self.is_place(at) {
                        self.error(
                            codes::INVALID_PLACE,
                            at.span,
                            "`at` needs a place in the view's subject".to_owned(),
                            Some(
                                "write a path from the subject or a loop variable over it, \
                                 e.g. `at d.spec.template`"
                                    .to_owned(),
                            ),
                        );
                    }
                }
            }
            StmtKind::Assert(e) => {
                if self.context != Context::Test {
                    self.error(
                        codes::MISPLACED,
                        s.span,
                        "`assert` can only be used in a test".to_owned(),
                        Some("a rule reports problems with `violation`".to_owned()),
                    );
                }
                self.condition(e);
            }
            StmtKind::Error => {}
        }
    }

    /// The type a `with` target (a `param` or `data`) expects.
    fn with_target(&mut self, target: &Path) -> Option<Ty> {
        let key = match target.segments.as_slice() {
            [one] => self.program.own_item(self.pos, &one.name)?,
            [alias, name] => {
                let package = self.program.imported_package(self.pos, &alias.name)?;
                self.program.package_item(package, &name.name)?
            }
            _ => return None,
        };
        if let Some(name) = target.segments.last() {
            let item = self.program.item_target(key);
            self.program.note_reference(self.file, name.span, item);
        }
        self.program.used.insert(key);
        match &self.program.item(key)?.kind {
            ItemKind::Param(d) => Some(self.program.lower(key.file, &d.ty, Mode::Policy)),
            ItemKind::Data(d) => Some(self.program.lower(key.file, &d.ty, Mode::Policy)),
            _ => None,
        }
    }
}

impl Program<'_> {
    /// Runs `f` with a checker for the item `key`, in a fresh scope whose unused bindings are
    /// reported when it ends.
    pub(super) fn in_item<T>(
        &mut self,
        key: ItemKey,
        context: Context,
        f: impl FnOnce(&mut Cx<'_, '_>) -> T,
    ) -> T {
        let file = self.file_id(key.file);
        let mut cx = Cx {
            program: self,
            pos: key.file,
            file,
            env: Env::default(),
            context,
            current: key,
            target: None,
        };
        cx.env.push();
        let out = f(&mut cx);
        cx.pop();
        out
    }

    /// The type of a module constant, inferred on first use. A constant met again while it
    /// is being inferred depends on itself; that is reported by `report_recursion`.
    pub(super) fn const_type(&mut self, key: ItemKey) -> Ty {
        stacker::maybe_grow(STACK_RED_ZONE, STACK_GROWTH, || self.const_type_inner(key))
    }

    fn const_type_inner(&mut self, key: ItemKey) -> Ty {
        if let Some(t) = Memo::settled(self.consts.get(&key)) {
            return t;
        }
        let Some(item) = self.item(key) else {
            return Ty::Error;
        };
        let ItemKind::Const(decl) = &item.kind else {
            return Ty::Error;
        };
        self.consts.insert(key, Memo::InProgress);
        let ty = self.in_item(key, Context::Other, |cx| match &decl.ty {
            Some(t) => {
                let declared = cx.program.lower(key.file, t, Mode::Policy);
                cx.check(&decl.value, &declared);
                declared
            }
            None => widen_literal(cx.infer(&decl.value)),
        });
        self.consts.insert(key, Memo::Done(ty.clone()));
        ty
    }

    /// A function's return type: its annotation, or the type of its result, inferred (and
    /// the body checked) on first use. A function met again while its type is being inferred
    /// depends on itself; `report_recursion` reports it.
    pub(super) fn fn_return(&mut self, key: ItemKey) -> Ty {
        stacker::maybe_grow(STACK_RED_ZONE, STACK_GROWTH, || self.fn_return_inner(key))
    }

    fn fn_return_inner(&mut self, key: ItemKey) -> Ty {
        let Some(item) = self.item(key) else {
            return Ty::Error;
        };
        let ItemKind::Fn(decl) = &item.kind else {
            return Ty::Error;
        };
        if let Some(ret) = &decl.ret {
            return self.lower(key.file, ret, Mode::Policy);
        }
        if let Some(t) = Memo::settled(self.returns.get(&key)) {
            return t;
        }
        self.returns.insert(key, Memo::InProgress);
        let ty = self.in_item(key, Context::Other, |cx| cx.fn_body(decl, None));
        self.returns.insert(key, Memo::Done(ty.clone()));
        ty
    }

    /// Reports each dependency that closes a cycle among functions and constants.
    pub(super) fn report_recursion(&mut self) {
        let mut graph: HashMap<ItemKey, Vec<(ItemKey, crate::span::Span)>> = HashMap::new();
        let mut edges = self.edges.clone();
        edges.sort();
        edges.dedup();
        for (from, to, span) in edges {
            graph.entry(from).or_default().push((to, span));
        }
        let mut nodes: Vec<ItemKey> = graph.keys().copied().collect();
        nodes.sort();
        // 1 = on the current path, 2 = done.
        let mut state: HashMap<ItemKey, u8> = HashMap::new();
        let mut found = Vec::new();
        for start in nodes {
            if state.contains_key(&start) {
                continue;
            }
            let mut stack: Vec<(ItemKey, usize)> = vec![(start, 0)];
            state.insert(start, 1);
            while let Some((node, next)) = stack.last_mut() {
                let node = *node;
                let Some(&(target, span)) = graph.get(&node).and_then(|e| e.get(*next)) else {
                    state.insert(node, 2);
                    stack.pop();
                    continue;
                };
                *next += 1;
                match state.get(&target) {
                    None => {
                        state.insert(target, 1);
                        stack.push((target, 0));
                    }
                    Some(1) => {
                        let names: Vec<String> = stack
                            .iter()
                            .skip_while(|(n, _)| *n != target)
                            .map(|(n, _)| *n)
                            .chain(std::iter::once(target))
                            .filter_map(|n| self.item(n)?.kind.name().map(|i| i.name.clone()))
                            .collect();
                        found.push((node, span, names));
                    }
                    _ => {}
                }
            }
        }
        for (node, span, names) in found {
            let file = self.file_id(node.file);
            let message = if names.len() <= 2 {
                format!(
                    "{} depends on itself",
                    quote(names.first().map_or("", String::as_str))
                )
            } else {
                format!("{} depend on each other", names.join(" → "))
            };
            self.report(
                Diagnostic::new(codes::RECURSION, file, span, message).with_help(
                    "policies must terminate: functions and constants cannot be recursive; \
                     for graphs use `reachable`",
                ),
            );
        }
    }

    /// Functions and constants that nothing in the policy set uses, in packages that hold
    /// rules or tests. A package without them is a library: its items are exports, used by
    /// policies that may not be part of this check.
    pub(super) fn report_unused_items(&mut self) {
        let mut unused = Vec::new();
        for (pos, (file, tree)) in self.files.iter().enumerate() {
            let is_policy = tree
                .items
                .iter()
                .any(|i| matches!(i.kind, ItemKind::Rule(_) | ItemKind::Test(_)));
            if !is_policy {
                continue;
            }
            for (i, item) in tree.items.iter().enumerate() {
                let key = ItemKey { file: pos, item: i };
                let what = match item.kind {
                    ItemKind::Fn(_) => "function",
                    ItemKind::Const(_) => "constant",
                    _ => continue,
                };
                // A second item of one name (E0203) is not separately unused.
                let first = item.kind.name().and_then(|n| self.own_item(pos, &n.name));
                if self.used.contains(&key) || first != Some(key) {
                    continue;
                }
                if let Some(name) = item.kind.name() {
                    if name.name.starts_with('_') {
                        continue;
                    }
                    unused.push(
                        Diagnostic::new(
                            codes::UNUSED_ITEM,
                            *file,
                            name.span,
                            format!("{what} {} is never used", quote(&name.name)),
                        )
                        .with_help("remove it, or use it from a rule or a test"),
                    );
                }
            }
        }
        for d in unused {
            self.report(d);
        }
    }
}

/// An inferred binding of a single literal is a value, not a constraint: `let mode = "audit"`
/// is a `string` that later code may compare with other strings. Enums (from declared types)
/// are kept.
fn widen_literal(ty: Ty) -> Ty {
    match ty {
        Ty::Lit(_) => Ty::Str,
        other => other,
    }
}
