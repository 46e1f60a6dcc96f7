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
use hcl_edit::expr::{Expression, ObjectKey, TraversalOperator};
use hcl_edit::structure::{Block, BlockLabel, Body, Structure};
use hcl_edit::template::{Element, Template};
use palisade::Value;

use super::model::{Member, Module, Node, Reference, Resource, Variable, set_member, token};

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

/// The scope of a file: variables' defaults and locals.
struct Scope {
    vars: Vec<(String, Node)>,
    locals: Vec<(String, Node)>,
}

/// Evaluates expressions of one resource, collecting the pointers of unknown values and the
/// references met.
struct Evaluator<'a> {
    scope: &'a Scope,
    lines: &'a Lines,
    unknown: Vec<String>,
    references: Vec<Reference>,
    /// The references of the resource's `for_each`, which `each.key` and `each.value` stand for.
    each: Vec<String>,
}

/// Reads the module of a parsed body. `context` holds the bodies of the other files of the
/// same module (directory): their variables and locals are in scope, and their resources are
/// kept as the module's context (to follow references to them), without lines of this file.
pub fn module(body: &Body, context: &[Body], lines: &Lines) -> Module {
    let mut bodies = vec![body];
    bodies.extend(context.iter());
    let scope = scope(&bodies, lines);
    let mut variables = Vec::new();
    for block in body.iter().filter_map(Structure::as_block) {
        if let ("variable", [name]) = (block.ident.value().as_str(), labels(block).as_slice()) {
            variables.push(Variable {
                name: name.clone(),
                default: scope
                    .vars
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, v)| v.clone()),
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
                out.push(resource(block, "managed", rtype, name, scope, lines));
            }
            ("data", [rtype, name]) => {
                out.push(resource(block, "data", rtype, name, scope, lines));
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

/// Variables with known defaults, then locals evaluated until no more become known (each
/// round makes at least one known, or stops), from every file of the module.
fn scope(bodies: &[&Body], lines: &Lines) -> Scope {
    let mut scope = Scope {
        vars: Vec::new(),
        locals: Vec::new(),
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
                scope.vars.push((name.clone(), v));
            }
        }
    }
    let pending: Vec<(String, &Expression)> = bodies
        .iter()
        .flat_map(|b| b.iter())
        .filter_map(Structure::as_block)
        .filter(|b| b.ident.value().as_str() == "locals")
        .flat_map(|b| b.body.iter().filter_map(Structure::as_attribute))
        .map(|a| (a.key.value().as_str().to_owned(), &a.value))
        .collect();
    let mut pending = pending;
    loop {
        let before = pending.len();
        let mut still = Vec::new();
        for (name, expr) in pending {
            let mut ev = Evaluator::new(&scope, lines);
            match ev.eval(expr, "") {
                Eval::Known(v) if ev.unknown.is_empty() => scope.locals.push((name, v)),
                _ => still.push((name, expr)),
            }
        }
        pending = still;
        if pending.is_empty() || pending.len() == before {
            break;
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

fn resource(
    block: &Block,
    mode: &'static str,
    rtype: &str,
    name: &str,
    scope: &Scope,
    lines: &Lines,
) -> Resource {
    let line = lines.of(block.span(), 1);
    let mut ev = Evaluator::new(scope, lines);
    // What `for_each` iterates over is what `each.key` and `each.value` name.
    if let Some(for_each) = block.body.get_attribute("for_each") {
        let mut over = Evaluator::new(scope, lines);
        let _ = over.eval(&for_each.value, "");
        ev.each = over
            .references
            .into_iter()
            .flat_map(|r| r.targets)
            .collect();
    }
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
        instance: address.clone(),
        address,
        mode,
        rtype: rtype.to_owned(),
        name: name.to_owned(),
        module: String::new(),
        index: None,
        values,
        unknown: ev.unknown,
        references: ev.references,
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
            each: Vec::new(),
        }
    }

    /// The members of a block body: attributes, and nested blocks as lists of objects.
    fn body(&mut self, body: &Body, path: &str) -> Vec<Member> {
        let mut members: Vec<Member> = Vec::new();
        let mut blocks: Vec<(String, u32, Vec<Node>)> = Vec::new();
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
                        Eval::Known(value) => set_member(
                            &mut members,
                            Member {
                                key: key.to_owned(),
                                line,
                                value,
                            },
                        ),
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
                            self.references.retain(|r| !r.targets.is_empty());
                            self.unknown.push(pointer);
                        }
                        continue;
                    }
                    let index = blocks.iter().position(|(k, _, _)| k == ident);
                    let n = index.map_or(0, |i| blocks.get(i).map_or(0, |b| b.2.len()));
                    let pointer = format!("{path}/{}/{n}", token(ident));
                    let node = Node::Obj(self.body(&b.body, &pointer), line);
                    match index.and_then(|i| blocks.get_mut(i)) {
                        Some(entry) => entry.2.push(node),
                        None => blocks.push((ident.to_owned(), line, vec![node])),
                    }
                }
            }
        }
        for (key, line, nodes) in blocks {
            set_member(
                &mut members,
                Member {
                    key,
                    line,
                    value: Node::List(nodes, line),
                },
            );
        }
        members
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
        match self.references.iter_mut().find(|r| r.path == path) {
            Some(r) => {
                if !r.targets.contains(&target) {
                    r.targets.push(target);
                }
            }
            None => self.references.push(Reference {
                path: path.to_owned(),
                targets: vec![target],
            }),
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
                    Eval::Unknown
                }
            }
            Expression::Object(object) => {
                let mut members = Vec::new();
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
                        Eval::Known(v) => set_member(
                            &mut members,
                            Member {
                                key,
                                line: key_line,
                                value: v,
                            },
                        ),
                        Eval::Unknown => self.unknown.push(pointer),
                    }
                }
                Eval::Known(Node::Obj(members, line))
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
            Expression::Conditional(c) => {
                let cond = self.eval(&c.cond_expr, path);
                let yes = self.eval(&c.true_expr, path);
                let no = self.eval(&c.false_expr, path);
                match cond {
                    Eval::Known(Node::Scalar(Value::Bool(true), _)) => yes,
                    Eval::Known(Node::Scalar(Value::Bool(false), _)) => no,
                    _ => Eval::Unknown,
                }
            }
            Expression::UnaryOp(op) => {
                let _ = self.eval(&op.expr, path);
                Eval::Unknown
            }
            Expression::BinaryOp(op) => {
                let _ = self.eval(&op.lhs_expr, path);
                let _ = self.eval(&op.rhs_expr, path);
                Eval::Unknown
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
            return Eval::Unknown;
        }
        let Some(target) = super::model::reference_target(&text) else {
            return Eval::Unknown;
        };
        self.reference(path, target.clone());
        let (kind, name) = target.split_once('.').unwrap_or(("", ""));
        let found = match kind {
            "var" => self.scope.vars.iter().find(|(n, _)| n == name),
            "local" => self.scope.locals.iter().find(|(n, _)| n == name),
            _ => None,
        };
        let Some((_, value)) = found else {
            return Eval::Unknown;
        };
        // Steps after `var.NAME`: attributes and literal indexes of the known value.
        let mut node = value.clone();
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
            let mut members = Vec::new();
            for o in objects {
                if let Node::Obj(ms, _) = o {
                    for m in ms {
                        set_member(&mut members, m.clone());
                    }
                }
            }
            Eval::Known(Node::Obj(members, line))
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
