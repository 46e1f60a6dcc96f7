//! From instructions to the document: stages and their bases resolved (ARG defaults
//! substituted, stage references found), then written node by node, with lines, into a
//! [`DocumentBuilder`].

use palisade::diagnostics::codes;
use palisade::{Document, DocumentBuilder, InputError, InputLimits, Value};

use super::instr::{self, Instr, KEYWORDS};
use super::subst::{Vars, substitute};
use super::text::{self, Directives};

/// A stage read.
pub struct Stage {
    name: Option<String>,
    from: Instr,
    image: String,
    scratch: bool,
    base_stage: Option<usize>,
    resolved: bool,
    platform: Option<String>,
    instructions: Vec<Instr>,
    /// ENV values at the end of the stage (what a stage built on this one inherits).
    env: Vars,
}

/// A Dockerfile read.
pub struct File {
    directives: Directives,
    args: Vec<Instr>,
    stages: Vec<Stage>,
}

/// Reads the text; problems go to `errors`.
pub fn file(text: &str, errors: &mut Vec<InputError>) -> File {
    let (directives, raws) = text::split(text);
    let escape = directives.escape.unwrap_or('\\');
    let mut globals = Vars::new();
    let mut args = Vec::new();
    let mut stages: Vec<Stage> = Vec::new();
    for raw in &raws {
        if !KEYWORDS.contains(&raw.keyword.as_str()) {
            errors.push(super::error(
                codes::MALFORMED_INPUT,
                format!("unknown instruction `{}`", shorten(&raw.keyword)),
                raw.line,
            ));
            continue;
        }
        if raw.keyword == "FROM" {
            match stage(raw, &globals, &stages, escape) {
                Some(s) => stages.push(s),
                None => errors.push(super::error(
                    codes::MALFORMED_INPUT,
                    "FROM needs an image: `FROM image[:tag] [AS name]`".to_owned(),
                    raw.line,
                )),
            }
            continue;
        }
        let Some(current) = stages.last_mut() else {
            if raw.keyword == "ARG" {
                let i = instr::read(raw, &globals, escape);
                for (k, v) in &i.pairs {
                    globals.insert(k.clone(), v.clone());
                }
                args.push(i);
            } else {
                errors.push(super::error(
                    codes::MALFORMED_INPUT,
                    format!(
                        "`{}` before the first FROM (only ARG may come first)",
                        raw.keyword
                    ),
                    raw.line,
                ));
            }
            continue;
        };
        let mut i = instr::read(raw, &current.env, escape);
        match i.keyword.as_str() {
            "ARG" => {
                for (k, v) in &i.pairs {
                    let value = v.clone().or_else(|| globals.get(k).cloned().flatten());
                    current.env.insert(k.clone(), value);
                }
            }
            "ENV" => {
                for (k, v) in &i.pairs {
                    current.env.insert(k.clone(), v.clone());
                }
            }
            "COPY" | "ADD" => {
                let from = i
                    .flags
                    .iter()
                    .find(|f| f.name == "from")
                    .and_then(|f| f.value.clone());
                if let Some(from) = from {
                    let from = substitute(&from, &current.env, escape).0;
                    let here = stages.len().saturating_sub(1);
                    i.from_stage = stage_index(&from, &stages, here);
                }
            }
            _ => {}
        }
        if let Some(current) = stages.last_mut() {
            current.instructions.push(i);
        }
    }
    File {
        directives,
        args,
        stages,
    }
}

/// The earlier stage (before `before`) that `reference` names, by name or index.
fn stage_index(reference: &str, stages: &[Stage], before: usize) -> Option<usize> {
    if let Ok(n) = reference.parse::<usize>() {
        return (n < before).then_some(n);
    }
    let lower = reference.to_ascii_lowercase();
    stages
        .iter()
        .take(before)
        .rposition(|s| s.name.as_deref() == Some(lower.as_str()))
}

/// A FROM instruction read into a stage, or `None` if it names no image.
fn stage(raw: &text::Raw, globals: &Vars, stages: &[Stage], escape: char) -> Option<Stage> {
    let from = instr::read(raw, globals, escape);
    let words = instr::words(&from.text, escape);
    let written = words.first()?;
    let name = match (words.get(1), words.get(2)) {
        (Some(kw), Some(name)) if kw.eq_ignore_ascii_case("as") => Some(name.to_ascii_lowercase()),
        _ => None,
    };
    let (image, resolved) = substitute(written, globals, escape);
    let base_stage = stage_index(&image, stages, stages.len());
    let env = match base_stage.and_then(|i| stages.get(i)) {
        Some(base) => base.env.clone(),
        None => Vars::new(),
    };
    let platform = from
        .flags
        .iter()
        .find(|f| f.name == "platform")
        .and_then(|f| f.value.clone());
    Some(Stage {
        name,
        scratch: image.eq_ignore_ascii_case("scratch"),
        image,
        base_stage,
        resolved,
        platform,
        from,
        instructions: Vec::new(),
        env,
    })
}

/// At most 64 characters of a word, for a message.
fn shorten(word: &str) -> String {
    let mut s: String = word.chars().take(64).collect();
    if s.len() < word.len() {
        s.push('…');
    }
    s
}

/// The document of `file`.
pub fn build(file: &File, limits: &InputLimits) -> Result<Option<Document>, InputError> {
    let mut w = Writer {
        b: DocumentBuilder::new(limits),
    };
    w.b.begin_object(1)?;
    w.string("kind", "Dockerfile", 1)?;
    w.b.key("directives", 1)?;
    w.b.begin_object(1)?;
    let d = &file.directives;
    w.opt_string("syntax", d.syntax.as_deref(), 1)?;
    let escape = d.escape.unwrap_or('\\').to_string();
    w.string("escape", &escape, 1)?;
    w.opt_string("check", d.check.as_deref(), 1)?;
    w.b.end()?;
    w.b.key("args", 1)?;
    w.b.begin_list(1)?;
    for i in &file.args {
        w.instruction(i)?;
    }
    w.b.end()?;
    w.b.key("stages", 1)?;
    w.b.begin_list(1)?;
    let last = file.stages.len().saturating_sub(1);
    for (index, s) in file.stages.iter().enumerate() {
        let line = s.from.line;
        w.b.begin_object(line)?;
        w.int("index", index, line)?;
        w.opt_string("name", s.name.as_deref(), line)?;
        w.bool("last", index == last, line)?;
        w.b.key("base", line)?;
        w.b.begin_object(line)?;
        w.string("image", &s.image, line)?;
        w.bool("scratch", s.scratch, line)?;
        if let Some(stage) = s.base_stage {
            w.int("stage", stage, line)?;
        }
        w.bool("resolved", s.resolved, line)?;
        w.opt_string("platform", s.platform.as_deref(), line)?;
        w.b.end()?;
        w.b.key("from", line)?;
        w.instruction(&s.from)?;
        w.b.key("instructions", line)?;
        w.b.begin_list(line)?;
        for i in &s.instructions {
            w.instruction(i)?;
        }
        w.b.end()?;
        w.b.end()?;
    }
    w.b.end()?;
    w.b.end()?;
    w.b.finish(0)
}

struct Writer<'l> {
    b: DocumentBuilder<'l>,
}

impl Writer<'_> {
    fn string(&mut self, key: &str, value: &str, line: u32) -> Result<(), InputError> {
        self.b.key(key, line)?;
        self.b.value(Value::str(value), line)
    }

    fn opt_string(&mut self, key: &str, value: Option<&str>, line: u32) -> Result<(), InputError> {
        match value {
            Some(v) => self.string(key, v, line),
            None => Ok(()),
        }
    }

    fn int(&mut self, key: &str, value: usize, line: u32) -> Result<(), InputError> {
        self.b.key(key, line)?;
        self.b
            .value(Value::Int(i64::try_from(value).unwrap_or(i64::MAX)), line)
    }

    fn bool(&mut self, key: &str, value: bool, line: u32) -> Result<(), InputError> {
        self.b.key(key, line)?;
        self.b.value(Value::Bool(value), line)
    }

    fn strings(&mut self, key: &str, values: &[String], line: u32) -> Result<(), InputError> {
        self.b.key(key, line)?;
        self.b.begin_list(line)?;
        for v in values {
            self.b.value(Value::str(v), line)?;
        }
        self.b.end()
    }

    fn instruction(&mut self, i: &Instr) -> Result<(), InputError> {
        let line = i.line;
        self.b.begin_object(line)?;
        self.string("keyword", &i.keyword, line)?;
        self.int("line", line as usize, line)?;
        self.string("text", &i.text, line)?;
        self.b.key("flags", line)?;
        self.b.begin_list(line)?;
        for f in &i.flags {
            self.b.begin_object(line)?;
            self.string("name", &f.name, line)?;
            self.opt_string("value", f.value.as_deref(), line)?;
            self.b.end()?;
        }
        self.b.end()?;
        if let Some(exec) = &i.exec {
            self.strings("exec", exec, line)?;
        }
        self.opt_string("shell", i.shell.as_deref(), line)?;
        self.b.key("commands", line)?;
        self.b.begin_list(line)?;
        for c in &i.commands {
            let l = c.line;
            self.b.begin_object(l)?;
            self.string("name", &c.command.name, l)?;
            self.string("program", c.command.program(), l)?;
            self.strings("args", &c.command.args, l)?;
            self.strings("assignments", &c.command.assignments, l)?;
            self.opt_string("pipe_to", c.pipe_to.as_deref(), l)?;
            self.bool("chained", c.command.chained, l)?;
            self.int("line", l as usize, l)?;
            self.b.end()?;
        }
        self.b.end()?;
        self.b.key("pairs", line)?;
        self.b.begin_list(line)?;
        for (k, v) in &i.pairs {
            self.b.begin_object(line)?;
            self.string("key", k, line)?;
            self.opt_string("value", v.as_deref(), line)?;
            self.b.end()?;
        }
        self.b.end()?;
        self.strings("sources", &i.sources, line)?;
        self.opt_string("destination", i.destination.as_deref(), line)?;
        if let Some(stage) = i.from_stage {
            self.int("from_stage", stage, line)?;
        }
        self.opt_string("user", i.user.as_deref(), line)?;
        self.opt_string("group", i.group.as_deref(), line)?;
        self.b.key("ports", line)?;
        self.b.begin_list(line)?;
        for p in &i.ports {
            self.b.begin_object(line)?;
            self.string("text", &p.text, line)?;
            if let Some(port) = p.port {
                self.b.key("port", line)?;
                self.b.value(Value::Int(port), line)?;
            }
            self.string("protocol", &p.protocol, line)?;
            self.b.end()?;
        }
        self.b.end()?;
        self.opt_string("path", i.path.as_deref(), line)?;
        self.b.key("heredocs", line)?;
        self.b.begin_list(line)?;
        for h in &i.heredocs {
            self.b.begin_object(h.line)?;
            self.string("name", &h.name, h.line)?;
            self.string("body", &h.body, h.line)?;
            self.int("line", h.line as usize, h.line)?;
            self.b.end()?;
        }
        self.b.end()?;
        if let Some((keyword, text)) = &i.trigger {
            self.b.key("trigger", line)?;
            self.b.begin_object(line)?;
            self.string("keyword", keyword, line)?;
            self.string("text", text, line)?;
            self.b.end()?;
        }
        self.bool("disabled", i.disabled, line)?;
        self.b.end()
    }
}
