//! A Terraform file (HCL) read into a [`Module`]: its `resource` and `data` blocks with the
//! values known before apply, and its `variable` blocks.
//!
//! Values are evaluated as far as the file alone allows: literals, `var.NAME` with a default,
//! `local.NAME` (locals may use each other, in any order), `jsonencode`, `merge`, `concat`,
//! `tolist`, `toset`, `lower`, `upper`, conditionals on a known condition, and string
//! templates whose parts are known. Anything else (a reference to a resource, a variable
//! without a default, another function, `for` expressions, `dynamic` blocks) is *unknown*: left
//! out of the values, its pointer listed, its references kept. The parser bounds nesting
//! (hcl-edit refuses input nested more than 64 deep), which bounds the recursion here.

use hcl_edit::Span;
use hcl_edit::expr::{BinaryOperator, Expression, ObjectKey, TraversalOperator, UnaryOperator};
use hcl_edit::structure::{Block, BlockLabel, Body, Structure};
use hcl_edit::template::{Element, Template};
use palisade::Value;
use std::cell::Cell;
use std::collections::HashMap;

use super::model::{Member, Members, Module, Node, Reference, Resource, Variable, token};

/// Byte offsets of line starts, to give every node its 1-based line.
pub struct Lines(Vec<usize>);

impl Lines {
    pub fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines(starts)
    }

    /// The line of a byte offset.
    pub fn at(&self, offset: usize) -> u32 {
        let line = self.0.partition_point(|&start| start <= offset);
        u32::try_from(line.max(1)).unwrap_or(u32::MAX)
    }

    fn of(&self, span: Option<std::ops::Range<usize>>, fallback: u32) -> u32 {
        span.map_or(fallback, |s| self.at(s.start))
    }
}

/// What evaluating an expression gives.
enum Eval {
    Known(Node),
    Unknown,
}

/// How many nodes the values of variables and locals may add to a module when they are used
/// (each use copies the value): past it, a use is unknown. `[local.a, local.a]` nested 30 deep
/// would otherwise be a billion nodes from a few hundred bytes.
const VALUE_BUDGET: usize = 1_000_000;

/// The scope of a file: variables' defaults and locals, and what is left of the budget for
/// copying them.
struct Scope {
    vars: HashMap<String, (Node, usize)>,
    locals: HashMap<String, (Node, usize)>,
    budget: Cell<usize>,
}

/// Evaluates expressions of one resource, collecting the pointers of unknown values and the
/// references met.
struct Evaluator<'a> {
    scope: &'a Scope,
    lines: &'a Lines,
    unknown: Vec<String>,
    references: Vec<Reference>,
    /// Where each path's entry of `references` is.
    reference_index: HashMap<String, usize>,
    /// The references of the resource's `for_each`, which `each.key` and `each.value` stand for.
    each: Vec<String>,
    /// The instance being read, when `count` or `for_each` is known.
    instance: Option<Instance>,
}

/// An instance of a resource with a known `count` (its `count.index`) or `for_each` (its
/// `each.key` and `each.value`).
#[derive(Clone, Debug, Default)]
struct Instance {
    index: Option<i64>,
    key: Option<Node>,
    value: Option<Node>,
    /// `[0]` or `["a"]`, after the address.
    suffix: String,
}

/// Instances past this many are not expanded: the resource is read once, its `count.index` or
/// `each` not known.
const MAX_INSTANCES: usize = 256;

/// Reads the module of a parsed body. `context` holds the bodies of the other files of the
/// same module (directory): their variables and locals are in scope, and their resources are
/// kept as the module's context (to follow references to them), without lines of this file.
pub fn module(body: &Body, context: &[&Body], lines: &Lines) -> Module {
    let mut bodies = vec![body];
    bodies.extend(context.iter().copied());
    let scope = scope(&bodies, lines);
    let mut variables = Vec::new();
    for block in body.iter().filter_map(Structure::as_block) {
        if let ("variable", [name]) = (block.ident.value().as_str(), labels(block).as_slice()) {
            variables.push(Variable {
                name: name.clone(),
                default: scope.vars.get(name).map(|(v, _)| v.clone()),
                line: lines.of(block.span(), 1),
            });
        }
    }
    let resources = resources_of(body, &scope, lines);
    // Lines of other files mean nothing here: every node of the context is on line 1.
    let no_lines = Lines(vec![0]);
    let context = context
        .iter()
        .flat_map(|b| resources_of(b, &scope, &no_lines))
        .collect();
    Module {
        source: "hcl",
        resources,
        context,
        variables,
        line: 1,
    }
}

fn resources_of(body: &Body, scope: &Scope, lines: &Lines) -> Vec<Resource> {
    let mut out = Vec::new();
    for block in body.iter().filter_map(Structure::as_block) {
        match (block.ident.value().as_str(), labels(block).as_slice()) {
            ("resource", [rtype, name]) => {
                out.extend(resource(block, "managed", rtype, name, scope, lines));
            }
            ("data", [rtype, name]) => {
                out.extend(resource(block, "data", rtype, name, scope, lines));
            }
            _ => {}
        }
    }
    out
}

fn labels(block: &Block) -> Vec<String> {
    block
        .labels
        .iter()
        .map(|l| match l {
            BlockLabel::Ident(i) => i.value().as_str().to_owned(),
            BlockLabel::String(s) => s.value().clone(),
        })
        .collect()
}

/// Variables with known defaults, then locals, from every file of the module. Locals may use
/// each other in any order: each is evaluated once, after the locals it names (in an order
/// found without recursion); locals in a cycle, and those that use them, stay unknown.
fn scope(bodies: &[&Body], lines: &Lines) -> Scope {
    let mut scope = Scope {
        vars: HashMap::new(),
        locals: HashMap::new(),
        budget: Cell::new(VALUE_BUDGET),
    };
    for block in bodies
        .iter()
        .flat_map(|b| b.iter())
        .filter_map(Structure::as_block)
    {
        if let ("variable", [name]) = (block.ident.value().as_str(), labels(block).as_slice())
            && let Some(default) = block.body.get_attribute("default")
        {
            let mut ev = Evaluator::new(&scope, lines);
            if let Eval::Known(v) = ev.eval(&default.value, "") {
                let size = v.size();
                scope.vars.insert(name.clone(), (v, size));
            }
        }
    }
    let locals: Vec<(String, &Expression)> = bodies
        .iter()
        .flat_map(|b| b.iter())
        .filter_map(Structure::as_block)
        .filter(|b| b.ident.value().as_str() == "locals")
        .flat_map(|b| b.body.iter().filter_map(Structure::as_attribute))
        .map(|a| (a.key.value().as_str().to_owned(), &a.value))
        .collect();
    // The locals each local names (found by evaluating it once with no locals known).
    let index: HashMap<&str, usize> = locals
        .iter()
        .enumerate()
        .map(|(i, (name, _))| (name.as_str(), i))
        .collect();
    let mut users: Vec<Vec<usize>> = vec![Vec::new(); locals.len()];
    let mut waiting: Vec<usize> = vec![0; locals.len()];
    for (i, (_, expr)) in locals.iter().enumerate() {
        let mut ev = Evaluator::new(&scope, lines);
        let _ = ev.eval(expr, "");
        let mut named: Vec<usize> = ev
            .references
            .iter()
            .flat_map(|r| r.targets.iter())
            .filter_map(|t| t.strip_prefix("local."))
            .filter_map(|n| index.get(n).copied())
            .collect();
        named.sort_unstable();
        named.dedup();
        for n in named {
            if let (Some(u), Some(w)) = (users.get_mut(n), waiting.get_mut(i)) {
                u.push(i);
                *w += 1;
            }
        }
    }
    let mut ready: Vec<usize> = (0..locals.len())
        .filter(|&i| waiting.get(i) == Some(&0))
        .collect();
    while let Some(i) = ready.pop() {
        if let Some((name, expr)) = locals.get(i) {
            let mut ev = Evaluator::new(&scope, lines);
            if let Eval::Known(v) = ev.eval(expr, "")
                && ev.unknown.is_empty()
            {
                let size = v.size();
                scope.locals.insert(name.clone(), (v, size));
            }
        }
        for &u in users.get(i).map(Vec::as_slice).unwrap_or(&[]) {
            if let Some(w) = waiting.get_mut(u) {
                *w -= 1;
                if *w == 0 {
                    ready.push(u);
                }
            }
        }
    }
    scope
}

/// Meta-arguments and blocks that configure Terraform, not the resource.
const META: &[&str] = &[
    "count",
    "for_each",
    "provider",
    "depends_on",
    "lifecycle",
    "provisioner",
    "connection",
];

/// The instances of a `resource` or `data` block: one, or one per element of a `count` or
/// `for_each` known before apply (none for `count = 0` or an empty collection, as Terraform
/// creates none).
fn resource(
    block: &Block,
    mode: &'static str,
    rtype: &str,
    name: &str,
    scope: &Scope,
    lines: &Lines,
) -> Vec<Resource> {
    let line = lines.of(block.span(), 1);
    let mut each = Vec::new();
    let mut instances: Option<Vec<Instance>> = None;
    if let Some(count) = block.body.get_attribute("count") {
        let mut ev = Evaluator::new(scope, lines);
        if let Eval::Known(Node::Scalar(v, _)) = ev.eval(&count.value, "") {
            let n = match v {
                Value::Int(n) => usize::try_from(n).ok(),
                Value::Float(f) if f.fract() == 0.0 && f >= 0.0 => Some(f as usize),
                Value::Str(s) => s.trim().parse::<usize>().ok(),
                _ => None,
            };
            instances = n.filter(|&n| n <= MAX_INSTANCES).map(|n| {
                (0..n)
                    .map(|i| Instance {
                        index: i64::try_from(i).ok(),
                        suffix: format!("[{i}]"),
                        ..Instance::default()
                    })
                    .collect()
            });
        }
    } else if let Some(for_each) = block.body.get_attribute("for_each") {
        // What `for_each` iterates over is what `each.key` and `each.value` name.
        let mut ev = Evaluator::new(scope, lines);
        let mut known = ev.eval(&for_each.value, "");
        // An object with members not known (`{ a = aws_s3_bucket.a.id }`) has known keys but
        // not values: the instances are not known.
        if !ev.unknown.is_empty() {
            known = Eval::Unknown;
        }
        each = ev.references.into_iter().flat_map(|r| r.targets).collect();
        instances = match known {
            Eval::Known(Node::Obj(members, _)) if members.len() <= MAX_INSTANCES => {
                let mut members = members;
                members.sort_by(|a, b| a.key.cmp(&b.key));
                Some(
                    members
                        .into_iter()
                        .map(|m| Instance {
                            suffix: format!("[{}]", serde_json::Value::String(m.key.clone())),
                            key: Some(Node::Scalar(Value::str(&m.key), m.line)),
                            value: Some(m.value),
                            index: None,
                        })
                        .collect(),
                )
            }
            // A set of strings: each key and value is the string.
            Eval::Known(Node::List(items, _)) if items.len() <= MAX_INSTANCES => {
                let mut keys: Vec<String> = Vec::new();
                for item in &items {
                    match item {
                        Node::Scalar(Value::Str(s), _) => keys.push(s.to_string()),
                        _ => {
                            return vec![single(
                                block, mode, rtype, name, scope, lines, &each, None,
                            )];
                        }
                    }
                }
                keys.sort();
                keys.dedup();
                Some(
                    keys.into_iter()
                        .map(|k| Instance {
                            suffix: format!("[{}]", serde_json::Value::String(k.clone())),
                            key: Some(Node::Scalar(Value::str(&k), line)),
                            value: Some(Node::Scalar(Value::str(&k), line)),
                            index: None,
                        })
                        .collect(),
                )
            }
            _ => None,
        };
    }
    match instances {
        Some(list) => list
            .into_iter()
            .map(|i| single(block, mode, rtype, name, scope, lines, &each, Some(i)))
            .collect(),
        None => vec![single(block, mode, rtype, name, scope, lines, &each, None)],
    }
}

/// One instance of a block (or the block read once, when its instances are not known).
#[allow(
    clippy::too_many_arguments,
    reason = "the parts of one block, passed as they are"
)]
fn single(
    block: &Block,
    mode: &'static str,
    rtype: &str,
    name: &str,
    scope: &Scope,
    lines: &Lines,
    each: &[String],
    instance: Option<Instance>,
) -> Resource {
    let line = lines.of(block.span(), 1);
    let mut ev = Evaluator::new(scope, lines);
    ev.each = each.to_vec();
    let suffix = instance
        .as_ref()
        .map(|i| i.suffix.clone())
        .unwrap_or_default();
    let index = instance.as_ref().and_then(|i| {
        i.index
            .map(|n| Node::Scalar(Value::Int(n), line))
            .or_else(|| i.key.clone())
    });
    ev.instance = instance;
    let values = ev.body(&block.body, "");
    let repeated = if block.body.has_attribute("count") {
        "count"
    } else if block.body.has_attribute("for_each") {
        "for_each"
    } else {
        ""
    };
    let address = match mode {
        "data" => format!("data.{rtype}.{name}"),
        _ => format!("{rtype}.{name}"),
    };
    Resource {
        instance: format!("{address}{suffix}"),
        address,
        mode,
        rtype: rtype.to_owned(),
        name: name.to_owned(),
        module: String::new(),
        index,
        values,
        unknown: ev.unknown,
        references: ev
            .references
            .into_iter()
            .filter(|r| !r.targets.is_empty())
            .collect(),
        repeated,
        actions: Vec::new(),
        line,
    }
}

impl<'a> Evaluator<'a> {
    fn new(scope: &'a Scope, lines: &'a Lines) -> Evaluator<'a> {
        Evaluator {
            scope,
            lines,
            unknown: Vec::new(),
            references: Vec::new(),
            reference_index: HashMap::new(),
            each: Vec::new(),
            instance: None,
        }
    }

    /// The members of a block body: attributes, and nested blocks as lists of objects.
    fn body(&mut self, body: &Body, path: &str) -> Vec<Member> {
        let mut members = Members::default();
        let mut blocks: Vec<(String, u32, Vec<Node>)> = Vec::new();
        let mut block_index: HashMap<String, usize> = HashMap::new();
        for structure in body.iter() {
            match structure {
                Structure::Attribute(a) => {
                    let key = a.key.value().as_str();
                    if path.is_empty() && META.contains(&key) {
                        continue;
                    }
                    let line = self.lines.of(a.span(), 1);
                    let pointer = format!("{path}/{}", token(key));
                    match self.eval(&a.value, &pointer) {
                        Eval::Known(Node::Scalar(Value::None, _)) => {}
                        Eval::Known(value) => members.set(Member {
                            key: key.to_owned(),
                            line,
                            value,
                        }),
                        Eval::Unknown => self.unknown.push(pointer),
                    }
                }
                Structure::Block(b) => {
                    let ident = b.ident.value().as_str();
                    if path.is_empty() && META.contains(&ident) {
                        continue;
                    }
                    let line = self.lines.of(b.span(), 1);
                    if ident == "dynamic" {
                        // `dynamic "ingress" { for_each = ... content { ... } }`: how many
                        // blocks, and with what, is known only at plan time.
                        if let Some(name) = labels(b).first() {
                            let pointer = format!("{path}/{}", token(name));
                            let before = self.references.len();
                            self.collect_references(&b.body, &pointer);
                            // The iterator (`ingress.value`, or the name `iterator` gives)
                            // is the block's own, not a reference.
                            let iterator = match b.body.get_attribute("iterator").map(|a| &a.value)
                            {
                                Some(Expression::Variable(v)) => v.value().as_str().to_owned(),
                                _ => name.clone(),
                            };
                            let own = format!("{iterator}.");
                            for r in self.references.iter_mut().skip(before) {
                                r.targets.retain(|t| !t.starts_with(&own));
                            }
                            // (Entries left with no target are dropped with the resource's.)
                            self.unknown.push(pointer);
                        }
                        continue;
                    }
                    let index = block_index.get(ident).copied();
                    let n = index.map_or(0, |i| blocks.get(i).map_or(0, |b| b.2.len()));
                    let pointer = format!("{path}/{}/{n}", token(ident));
                    let node = Node::Obj(self.body(&b.body, &pointer), line);
                    match index.and_then(|i| blocks.get_mut(i)) {
                        Some(entry) => entry.2.push(node),
                        None => {
                            block_index.insert(ident.to_owned(), blocks.len());
                            blocks.push((ident.to_owned(), line, vec![node]));
                        }
                    }
                }
            }
        }
        for (key, line, nodes) in blocks {
            members.set(Member {
                key,
                line,
                value: Node::List(nodes, line),
            });
        }
        members.into_vec()
    }

    /// The references of everything in a body whose values are not kept.
    fn collect_references(&mut self, body: &Body, pointer: &str) {
        let saved = self.unknown.len();
        for structure in body.iter() {
            match structure {
                Structure::Attribute(a) => {
                    let _ = self.eval(&a.value, pointer);
                }
                Structure::Block(b) => self.collect_references(&b.body, pointer),
            }
        }
        self.unknown.truncate(saved);
    }

    fn reference(&mut self, path: &str, target: String) {
        match self
            .reference_index
            .get(path)
            .and_then(|&i| self.references.get_mut(i))
        {
            Some(r) => {
                if !r.targets.contains(&target) {
                    r.targets.push(target);
                }
            }
            None => {
                self.reference_index
                    .insert(path.to_owned(), self.references.len());
                self.references.push(Reference {
                    path: path.to_owned(),
                    targets: vec![target],
                });
            }
        }
    }

    fn eval(&mut self, expr: &Expression, path: &str) -> Eval {
        let line = self.lines.of(expr.span(), 1);
        let scalar = |v: Value| Eval::Known(Node::Scalar(v, line));
        match expr {
            Expression::Null(_) => scalar(Value::None),
            Expression::Bool(b) => scalar(Value::Bool(*b.value())),
            Expression::Number(n) => {
                let n = n.value();
                match (n.as_i64(), n.as_f64()) {
                    (Some(i), _) if !n.is_f64() => scalar(Value::Int(i)),
                    (_, Some(f)) => scalar(Value::float(f)),
                    _ => Eval::Unknown,
                }
            }
            Expression::String(s) => scalar(Value::str(s.value())),
            Expression::Array(items) => {
                let mut out = Vec::new();
                let mut known = true;
                for (i, item) in items.iter().enumerate() {
                    match self.eval(item, &format!("{path}/{i}")) {
                        Eval::Known(v) => out.push(v),
                        Eval::Unknown => known = false,
                    }
                }
                if known {
                    Eval::Known(Node::List(out, line))
                } else {
                    // The list is unknown as a whole; `PATH/-` says that it also holds known
                    // elements (`[aws_vpc.main.cidr_block, "0.0.0.0/0"]`), so that no rule
                    // takes it for a list of references alone.
                    if !out.is_empty() {
                        self.unknown.push(format!("{path}/-"));
                    }
                    Eval::Unknown
                }
            }
            Expression::Object(object) => {
                let mut members = Members::default();
                for (key, value) in object.iter() {
                    let key = match key {
                        ObjectKey::Ident(i) => Some(i.value().as_str().to_owned()),
                        ObjectKey::Expression(e) => match self.eval(e, path) {
                            Eval::Known(Node::Scalar(Value::Str(s), _)) => Some(s.to_string()),
                            _ => None,
                        },
                    };
                    let Some(key) = key else {
                        // A computed key: the object's shape is not known.
                        let _ = self.eval(value.expr(), path);
                        return Eval::Unknown;
                    };
                    let pointer = format!("{path}/{}", token(&key));
                    let key_line = self.lines.of(value.expr().span(), line);
                    match self.eval(value.expr(), &pointer) {
                        Eval::Known(v) => members.set(Member {
                            key,
                            line: key_line,
                            value: v,
                        }),
                        Eval::Unknown => self.unknown.push(pointer),
                    }
                }
                Eval::Known(Node::Obj(members.into_vec(), line))
            }
            Expression::StringTemplate(t) => self.template(t, path, line),
            Expression::HeredocTemplate(h) => self.template(&h.template, path, line),
            Expression::Parenthesis(p) => self.eval(p.inner(), path),
            Expression::Variable(_) => Eval::Unknown,
            Expression::Traversal(t) => self.traversal(&t.expr, &t.operators, path),
            Expression::FuncCall(call) => {
                let args: Vec<Eval> = call.args.iter().map(|a| self.eval(a, path)).collect();
                if !call.name.namespace.is_empty() {
                    return Eval::Unknown;
                }
                function(call.name.name.value().as_str(), args, line)
            }
            Expression::Conditional(c) => match self.eval(&c.cond_expr, path) {
                // A known condition: only the branch taken is evaluated (the other one's
                // references and unknowns are not the value's).
                Eval::Known(Node::Scalar(Value::Bool(true), _)) => self.eval(&c.true_expr, path),
                Eval::Known(Node::Scalar(Value::Bool(false), _)) => self.eval(&c.false_expr, path),
                _ => {
                    let _ = self.eval(&c.true_expr, path);
                    let _ = self.eval(&c.false_expr, path);
                    Eval::Unknown
                }
            },
            Expression::UnaryOp(op) => {
                let value = self.eval(&op.expr, path);
                match (op.operator.value(), value) {
                    (UnaryOperator::Not, Eval::Known(Node::Scalar(Value::Bool(b), _))) => {
                        scalar(Value::Bool(!b))
                    }
                    (UnaryOperator::Neg, Eval::Known(Node::Scalar(Value::Int(i), _))) => i
                        .checked_neg()
                        .map_or(Eval::Unknown, |n| scalar(Value::Int(n))),
                    (UnaryOperator::Neg, Eval::Known(Node::Scalar(Value::Float(f), _))) => {
                        scalar(Value::float(-f))
                    }
                    _ => Eval::Unknown,
                }
            }
            Expression::BinaryOp(op) => {
                let lhs = self.eval(&op.lhs_expr, path);
                let rhs = self.eval(&op.rhs_expr, path);
                match (lhs, rhs) {
                    (Eval::Known(a), Eval::Known(b)) => {
                        binary(*op.operator.value(), &a, &b).map_or(Eval::Unknown, scalar)
                    }
                    _ => Eval::Unknown,
                }
            }
            Expression::ForExpr(f) => {
                let _ = self.eval(&f.intro.collection_expr, path);
                Eval::Unknown
            }
        }
    }

    fn template(&mut self, template: &Template, path: &str, line: u32) -> Eval {
        let mut out = String::new();
        let mut known = true;
        for element in template.iter() {
            match element {
                Element::Literal(s) => out.push_str(s.value()),
                Element::Interpolation(i) => match self.eval(&i.expr, path) {
                    Eval::Known(Node::Scalar(v, _)) => match v {
                        Value::Str(s) => out.push_str(&s),
                        Value::Int(_) | Value::Float(_) | Value::Bool(_) => {
                            out.push_str(&v.to_json().to_string());
                        }
                        _ => known = false,
                    },
                    _ => known = false,
                },
                Element::Directive(_) => known = false,
            }
        }
        if known {
            Eval::Known(Node::Scalar(Value::str(&out), line))
        } else {
            Eval::Unknown
        }
    }

    fn traversal(
        &mut self,
        root: &Expression,
        operators: &[hcl_edit::Decorated<TraversalOperator>],
        path: &str,
    ) -> Eval {
        let Expression::Variable(first) = root else {
            let _ = self.eval(root, path);
            for op in operators {
                if let TraversalOperator::Index(e) = op.value() {
                    let _ = self.eval(e, path);
                }
            }
            return Eval::Unknown;
        };
        let mut names: Vec<&str> = vec![first.value().as_str()];
        for op in operators {
            match op.value() {
                TraversalOperator::GetAttr(i) => names.push(i.value().as_str()),
                TraversalOperator::Index(e) => {
                    let _ = self.eval(e, path);
                    break;
                }
                _ => break,
            }
        }
        let text = names.join(".");
        if names.first() == Some(&"each") {
            for target in self.each.clone() {
                self.reference(path, target);
            }
            let bound = match (&self.instance, names.get(1)) {
                (Some(i), Some(&"key")) => i.key.clone(),
                (Some(i), Some(&"value")) => i.value.clone(),
                _ => None,
            };
            return match bound {
                Some(value) => self.steps(value, operators, root, path),
                None => Eval::Unknown,
            };
        }
        if names.first() == Some(&"count") {
            return match (&self.instance, names.get(1)) {
                (Some(i), Some(&"index")) => i.index.map_or(Eval::Unknown, |n| {
                    Eval::Known(Node::Scalar(Value::Int(n), 1))
                }),
                _ => Eval::Unknown,
            };
        }
        let Some(target) = super::model::reference_target(&text) else {
            return Eval::Unknown;
        };
        self.reference(path, target.clone());
        let (kind, name) = target.split_once('.').unwrap_or(("", ""));
        let found = match kind {
            "var" => self.scope.vars.get(name),
            "local" => self.scope.locals.get(name),
            _ => None,
        };
        let Some((value, size)) = found else {
            return Eval::Unknown;
        };
        // Each use copies the value: the copies are paid for from the module's budget.
        let size = *size;
        match self.scope.budget.get().checked_sub(size) {
            Some(left) => self.scope.budget.set(left),
            None => return Eval::Unknown,
        }
        self.steps(value.clone(), operators, root, path)
    }

    /// The steps after `var.NAME` (or `each.value`): attributes and literal indexes of the
    /// known value, relined to where it is used.
    fn steps(
        &mut self,
        value: Node,
        operators: &[hcl_edit::Decorated<TraversalOperator>],
        root: &Expression,
        path: &str,
    ) -> Eval {
        let mut node = value;
        for op in operators.iter().skip(1) {
            let next = match (op.value(), &node) {
                (TraversalOperator::GetAttr(i), Node::Obj(members, _)) => {
                    member(members, i.value().as_str())
                }
                (TraversalOperator::Index(e), _) => match (self.eval(e, path), &node) {
                    (Eval::Known(Node::Scalar(Value::Str(k), _)), Node::Obj(members, _)) => {
                        member(members, &k)
                    }
                    (Eval::Known(Node::Scalar(Value::Int(i), _)), Node::List(items, _)) => {
                        usize::try_from(i).ok().and_then(|i| items.get(i)).cloned()
                    }
                    _ => None,
                },
                (TraversalOperator::LegacyIndex(i), Node::List(items, _)) => {
                    usize::try_from(*i.value())
                        .ok()
                        .and_then(|i| items.get(i))
                        .cloned()
                }
                _ => None,
            };
            match next {
                Some(n) => node = n,
                None => return Eval::Unknown,
            }
        }
        // The value is where it is used: its default or local may be in another file.
        Eval::Known(relined(node, self.lines.of(root.span(), 1)))
    }
}

/// A value with every node on `line`.
fn relined(node: Node, line: u32) -> Node {
    match node {
        Node::Scalar(v, _) => Node::Scalar(v, line),
        Node::List(items, _) => {
            Node::List(items.into_iter().map(|n| relined(n, line)).collect(), line)
        }
        Node::Obj(members, _) => Node::Obj(
            members
                .into_iter()
                .map(|m| Member {
                    key: m.key,
                    line,
                    value: relined(m.value, line),
                })
                .collect(),
            line,
        ),
    }
}

/// A binary operation on known values, as Terraform computes it, or `None` where it would
/// fail (or where this reader does not follow it: numbers beyond 64-bit integers and floats).
fn binary(op: BinaryOperator, a: &Node, b: &Node) -> Option<Value> {
    use BinaryOperator as B;
    let number = |n: &Node| match n {
        Node::Scalar(Value::Int(i), _) => Some(*i as f64),
        Node::Scalar(Value::Float(f), _) => Some(*f),
        // Terraform converts a string of a number where a number is needed.
        Node::Scalar(Value::Str(s), _) => s.trim().parse::<f64>().ok(),
        _ => None,
    };
    let boolean = |n: &Node| match n {
        Node::Scalar(Value::Bool(b), _) => Some(*b),
        Node::Scalar(Value::Str(s), _) => match s.as_ref() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        },
        _ => None,
    };
    let int_result = |f: f64| {
        if f.fract() == 0.0 && f.abs() < 9.0e15 {
            Value::Int(f as i64)
        } else {
            Value::float(f)
        }
    };
    match op {
        B::Eq => Some(Value::Bool(a.to_json() == b.to_json())),
        B::NotEq => Some(Value::Bool(a.to_json() != b.to_json())),
        B::And => Some(Value::Bool(boolean(a)? && boolean(b)?)),
        B::Or => Some(Value::Bool(boolean(a)? || boolean(b)?)),
        B::Less => Some(Value::Bool(number(a)? < number(b)?)),
        B::LessEq => Some(Value::Bool(number(a)? <= number(b)?)),
        B::Greater => Some(Value::Bool(number(a)? > number(b)?)),
        B::GreaterEq => Some(Value::Bool(number(a)? >= number(b)?)),
        B::Plus => Some(int_result(number(a)? + number(b)?)),
        B::Minus => Some(int_result(number(a)? - number(b)?)),
        B::Mul => Some(int_result(number(a)? * number(b)?)),
        B::Div => {
            let (n, d) = (number(a)?, number(b)?);
            (d != 0.0).then(|| int_result(n / d))
        }
        B::Mod => {
            let (n, d) = (number(a)?, number(b)?);
            (d != 0.0).then(|| int_result(n % d))
        }
    }
}

fn member(members: &[Member], key: &str) -> Option<Node> {
    members
        .iter()
        .find(|m| m.key == key)
        .map(|m| m.value.clone())
}

/// The functions evaluated when their arguments are known.
fn function(name: &str, args: Vec<Eval>, line: u32) -> Eval {
    let mut known = Vec::new();
    for a in args {
        match a {
            Eval::Known(n) => known.push(n),
            Eval::Unknown => return Eval::Unknown,
        }
    }
    match (name, known.as_slice()) {
        ("jsonencode", [v]) => {
            Eval::Known(Node::Scalar(Value::str(&v.to_json().to_string()), line))
        }
        ("tolist" | "toset", [v @ Node::List(..)]) => Eval::Known(v.clone()),
        ("tostring", [v @ Node::Scalar(Value::Str(_), _)]) => Eval::Known(v.clone()),
        ("lower", [Node::Scalar(Value::Str(s), _)]) => {
            Eval::Known(Node::Scalar(Value::str(&s.to_lowercase()), line))
        }
        ("upper", [Node::Scalar(Value::Str(s), _)]) => {
            Eval::Known(Node::Scalar(Value::str(&s.to_uppercase()), line))
        }
        ("merge", objects) if objects.iter().all(|o| matches!(o, Node::Obj(..))) => {
            let mut members = Members::default();
            for o in objects {
                if let Node::Obj(ms, _) = o {
                    for m in ms {
                        members.set(m.clone());
                    }
                }
            }
            Eval::Known(Node::Obj(members.into_vec(), line))
        }
        ("concat", lists) if lists.iter().all(|l| matches!(l, Node::List(..))) => {
            let mut items = Vec::new();
            for l in lists {
                if let Node::List(xs, _) = l {
                    items.extend(xs.iter().cloned());
                }
            }
            Eval::Known(Node::List(items, line))
        }
        _ => Eval::Unknown,
    }
}
