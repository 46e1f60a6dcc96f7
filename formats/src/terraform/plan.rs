//! The JSON of `terraform show -json PLAN` read into a module (`model::Module`): a resource
//! for each entry of `resource_changes` that is not only being deleted (or forgotten), with
//! the values the plan will apply
//! (`change.after`, each node on its line of the JSON), the pointers of `change.after_unknown`,
//! and the references of its configuration (`configuration.root_module`, through
//! `module_calls` for child modules), made absolute with the module path so that they name the
//! addresses of the plan's resources.
//!
//! The recursion over values is bounded by the JSON reader's depth limit.

use palisade::{Document, Value};

use super::model::{Member, Module, Node, Reference, Resource, reference_target, token};

fn get<'v>(v: &'v Value, key: &str) -> Option<&'v Value> {
    match v {
        Value::Obj(o) => o.get(key),
        _ => None,
    }
}

fn text<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    match get(v, key) {
        Some(Value::Str(s)) => Some(s),
        _ => None,
    }
}

fn items(v: Option<&Value>) -> &[Value] {
    match v {
        Some(Value::List(xs)) => &xs[..],
        _ => &[],
    }
}

/// Whether a document is a plan: an object with `format_version` and `resource_changes` or
/// `planned_values`, and no `kind`.
pub fn is_plan(value: &Value) -> bool {
    text(value, "format_version").is_some()
        && (get(value, "resource_changes").is_some() || get(value, "planned_values").is_some())
        && get(value, "kind").is_none()
}

/// The module of a plan document.
pub fn module(doc: &Document) -> Module {
    let plan = &doc.value;
    let mut resources = Vec::new();
    for (i, rc) in items(get(plan, "resource_changes")).iter().enumerate() {
        let pointer = format!("/resource_changes/{i}");
        let change = get(rc, "change");
        let actions: Vec<String> = items(change.and_then(|c| get(c, "actions")))
            .iter()
            .filter_map(|a| match a {
                Value::Str(s) => Some(s.to_string()),
                _ => None,
            })
            .collect();
        // Deleted (or forgotten) resources are not judged.
        if actions.iter().all(|a| a == "delete" || a == "forget") && !actions.is_empty() {
            continue;
        }
        let (Some(rtype), Some(name)) = (text(rc, "type"), text(rc, "name")) else {
            continue;
        };
        let mode = if text(rc, "mode") == Some("data") {
            "data"
        } else {
            "managed"
        };
        let module = text(rc, "module_address").unwrap_or("").to_owned();
        let local = match mode {
            "data" => format!("data.{rtype}.{name}"),
            _ => format!("{rtype}.{name}"),
        };
        let address = if module.is_empty() {
            local.clone()
        } else {
            format!("{module}.{local}")
        };
        let after_pointer = format!("{pointer}/change/after");
        let values = match change.and_then(|c| get(c, "after")) {
            Some(Value::Obj(_)) => {
                match node(doc, change.and_then(|c| get(c, "after")), &after_pointer) {
                    Node::Obj(members, _) => members,
                    _ => Vec::new(),
                }
            }
            _ => Vec::new(),
        };
        let mut unknown = Vec::new();
        if let Some(u) = change.and_then(|c| get(c, "after_unknown")) {
            unknowns(u, "", &mut unknown);
        }
        let mut references = Vec::new();
        if let Some(config) = config_resource(plan, &module, &local)
            && let Some(expressions) = get(config, "expressions")
        {
            // `each.key` and `each.value` stand for what `for_each` iterates over.
            let mut each = Vec::new();
            if let Some(for_each) = get(config, "for_each_expression") {
                expression_references(for_each, "", &module, &[], &mut each);
            }
            let each: Vec<String> = each.into_iter().flat_map(|r| r.targets).collect();
            expression_references(expressions, "", &module, &each, &mut references);
        }
        let instance = text(rc, "address").map_or_else(|| address.clone(), str::to_owned);
        resources.push(Resource {
            instance,
            address,
            mode,
            rtype: rtype.to_owned(),
            name: name.to_owned(),
            module,
            index: get(rc, "index").map(|v| node(doc, Some(v), &format!("{pointer}/index"))),
            values,
            unknown,
            references,
            repeated: "",
            actions,
            line: doc.line_of(&pointer),
        });
    }
    Module {
        source: "plan",
        resources,
        context: Vec::new(),
        variables: Vec::new(),
        line: doc.line,
    }
}

/// A value of the plan with the line of each node.
fn node(doc: &Document, value: Option<&Value>, pointer: &str) -> Node {
    let line = doc.line_of(pointer);
    match value {
        Some(Value::List(xs)) => Node::List(
            xs.iter()
                .enumerate()
                .map(|(i, x)| node(doc, Some(x), &format!("{pointer}/{i}")))
                .collect(),
            line,
        ),
        Some(Value::Obj(o)) => Node::Obj(
            o.entries()
                .iter()
                .filter(|(_, v)| !v.is_none())
                .map(|(k, v)| {
                    let p = format!("{pointer}/{}", token(k));
                    Member {
                        key: k.to_string(),
                        line: doc.line_of(&p),
                        value: node(doc, Some(v), &p),
                    }
                })
                .collect(),
            line,
        ),
        Some(v) => Node::Scalar(v.clone(), line),
        None => Node::Scalar(Value::None, line),
    }
}

/// The pointers that `after_unknown` marks `true`.
fn unknowns(v: &Value, pointer: &str, out: &mut Vec<String>) {
    match v {
        Value::Bool(true) => out.push(pointer.to_owned()),
        Value::Obj(o) => {
            for (k, x) in o.entries() {
                unknowns(x, &format!("{pointer}/{}", token(k)), out);
            }
        }
        Value::List(xs) => {
            for (i, x) in xs.iter().enumerate() {
                unknowns(x, &format!("{pointer}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// The configuration of the resource `local` (its address within its module) of the module
/// at `module` (`module.a.module.b`, or "" for the root).
fn config_resource<'p>(plan: &'p Value, module: &str, local: &str) -> Option<&'p Value> {
    let mut m = get(get(plan, "configuration")?, "root_module")?;
    let parts = address_parts(module);
    let mut parts = parts.iter().map(String::as_str);
    while let Some(word) = parts.next() {
        if word != "module" {
            return None;
        }
        // `module.net["a"]` calls `net`.
        let call = parts.next()?;
        let call = call.split('[').next().unwrap_or(call);
        m = get(get(get(m, "module_calls")?, call)?, "module")?;
    }
    items(get(m, "resources"))
        .iter()
        .find(|r| text(r, "address") == Some(local))
}

/// The parts of an address between its dots, an instance key in brackets kept whole:
/// `module.env["prod.eu"].module.db` is `module`, `env["prod.eu"]`, `module`, `db`.
fn address_parts(address: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let (mut depth, mut quoted, mut escaped) = (0usize, false, false);
    for c in address.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            '[' if !quoted => depth += 1,
            ']' if !quoted => depth = depth.saturating_sub(1),
            '.' if !quoted && depth == 0 => {
                parts.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    if !current.is_empty() {
        parts.push(current);
    }
    parts
}

/// The references of a configuration's `expressions`: an expression is an object with
/// `references` (or `constant_value`); a nested block is an object of expressions, or a list
/// of them.
fn expression_references(
    v: &Value,
    pointer: &str,
    module: &str,
    each: &[String],
    out: &mut Vec<Reference>,
) {
    match v {
        Value::Obj(o) => {
            if let Some(Value::List(refs)) = o.get("references") {
                let mut targets: Vec<String> = Vec::new();
                for r in refs.iter() {
                    if let Value::Str(s) = r
                        && s.starts_with("each.")
                    {
                        for t in each {
                            if !targets.contains(t) {
                                targets.push(t.clone());
                            }
                        }
                    }
                    if let Value::Str(s) = r
                        && let Some(t) = reference_target(s)
                    {
                        let t = if module.is_empty() || is_input(&t) {
                            t
                        } else {
                            format!("{module}.{t}")
                        };
                        if !targets.contains(&t) {
                            targets.push(t);
                        }
                    }
                }
                if !targets.is_empty() {
                    out.push(Reference {
                        path: pointer.to_owned(),
                        targets,
                    });
                }
                return;
            }
            if o.get("constant_value").is_some() {
                return;
            }
            for (k, x) in o.entries() {
                expression_references(x, &format!("{pointer}/{}", token(k)), module, each, out);
            }
        }
        Value::List(xs) => {
            for (i, x) in xs.iter().enumerate() {
                expression_references(x, &format!("{pointer}/{i}"), module, each, out);
            }
        }
        _ => {}
    }
}

/// `var.x` and `local.x` are the module's own, not addresses of resources.
fn is_input(target: &str) -> bool {
    target.starts_with("var.") || target.starts_with("local.")
}
