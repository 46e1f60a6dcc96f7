//! A [`Module`] written out as the `TerraformModule` document of the standard library's
//! `palisade.terraform.schema`, node by node with lines, into a [`DocumentBuilder`] (so the
//! input limits hold as for any document).

use palisade::{Document, DocumentBuilder, InputError, InputLimits, Value};

use super::model::{Member, Module, Node, Resource};

/// The module's document.
pub fn build(module: &Module, limits: &InputLimits) -> Result<Option<Document>, InputError> {
    let mut b = DocumentBuilder::new(limits);
    let line = module.line;
    b.begin_object(line)?;
    string(&mut b, "kind", "TerraformModule", line)?;
    string(&mut b, "source", module.source, line)?;
    b.key("resources", line)?;
    b.begin_list(line)?;
    for r in &module.resources {
        resource(&mut b, r, module.source)?;
    }
    b.end()?;
    b.key("context", line)?;
    b.begin_list(line)?;
    for r in &module.context {
        resource(&mut b, r, module.source)?;
    }
    b.end()?;
    b.key("variables", line)?;
    b.begin_list(line)?;
    for v in &module.variables {
        b.begin_object(v.line)?;
        string(&mut b, "name", &v.name, v.line)?;
        if let Some(default) = &v.default {
            b.key("default", v.line)?;
            node(&mut b, default)?;
        }
        int(&mut b, "line", v.line, v.line)?;
        b.end()?;
    }
    b.end()?;
    b.end()?;
    b.finish(0)
}

fn string(b: &mut DocumentBuilder, key: &str, value: &str, line: u32) -> Result<(), InputError> {
    b.key(key, line)?;
    b.value(Value::str(value), line)
}

fn int(b: &mut DocumentBuilder, key: &str, value: u32, line: u32) -> Result<(), InputError> {
    b.key(key, line)?;
    b.value(Value::Int(i64::from(value)), line)
}

fn strings(
    b: &mut DocumentBuilder,
    key: &str,
    values: &[String],
    line: u32,
) -> Result<(), InputError> {
    b.key(key, line)?;
    b.begin_list(line)?;
    for v in values {
        b.value(Value::str(v), line)?;
    }
    b.end()
}

fn resource(b: &mut DocumentBuilder, r: &Resource, source: &str) -> Result<(), InputError> {
    let line = r.line;
    b.begin_object(line)?;
    string(b, "kind", "TerraformResource", line)?;
    string(b, "source", source, line)?;
    string(b, "address", &r.address, line)?;
    string(b, "instance", &r.instance, line)?;
    string(b, "mode", r.mode, line)?;
    string(b, "type", &r.rtype, line)?;
    string(b, "name", &r.name, line)?;
    string(b, "module", &r.module, line)?;
    if let Some(index) = &r.index {
        b.key("index", line)?;
        node(b, index)?;
    }
    b.key("values", line)?;
    members(b, &r.values, line)?;
    strings(b, "unknown", &r.unknown, line)?;
    b.key("references", line)?;
    b.begin_list(line)?;
    for reference in &r.references {
        b.begin_object(line)?;
        string(b, "path", &reference.path, line)?;
        strings(b, "targets", &reference.targets, line)?;
        b.end()?;
    }
    b.end()?;
    string(b, "repeated", r.repeated, line)?;
    strings(b, "actions", &r.actions, line)?;
    int(b, "line", line, line)?;
    b.end()
}

fn members(b: &mut DocumentBuilder, members: &[Member], line: u32) -> Result<(), InputError> {
    b.begin_object(line)?;
    for m in members {
        b.key(&m.key, m.line)?;
        node(b, &m.value)?;
    }
    b.end()
}

fn node(b: &mut DocumentBuilder, n: &Node) -> Result<(), InputError> {
    match n {
        Node::Scalar(v, line) => b.value(v.clone(), *line),
        Node::List(items, line) => {
            b.begin_list(*line)?;
            for item in items {
                node(b, item)?;
            }
            b.end()
        }
        Node::Obj(ms, line) => members(b, ms, *line),
    }
}
