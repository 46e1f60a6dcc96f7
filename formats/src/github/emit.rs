//! From a workflow's (or an action's) YAML document to the normalised document that
//! `palisade.github.schema` declares, written node by node, with the line of every node, into a
//! [`DocumentBuilder`]. The YAML was read by the library's YAML reader; lines come from its
//! line tree, and keys whose value is null (`on: { push: }`) from [`Document::keys_at`].

use palisade::{Document, DocumentBuilder, InputError, InputLimits, Value};

use super::expr::{self, Expression};
use crate::shell;

/// What a document is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Workflow,
    Action,
}

/// Whether `value` is a workflow (`on` and `jobs` at the top) or an action (`runs.using`).
pub fn shape(value: &Value) -> Option<Shape> {
    let Value::Obj(o) = value else {
        return None;
    };
    if o.get("on").is_some() && matches!(o.get("jobs"), Some(Value::Obj(_))) {
        return Some(Shape::Workflow);
    }
    match o.get("runs") {
        Some(Value::Obj(runs)) if matches!(runs.get("using"), Some(Value::Str(_))) => {
            Some(Shape::Action)
        }
        _ => None,
    }
}

/// The member `key` of an object value.
fn get<'v>(v: &'v Value, key: &str) -> Option<&'v Value> {
    match v {
        Value::Obj(o) => o.get(key),
        _ => None,
    }
}

/// A scalar as the text YAML shows for it.
fn text(v: &Value) -> Option<String> {
    match v {
        Value::Str(s) => Some(s.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Int(n) => Some(n.to_string()),
        Value::Float(f) => Some(f.to_string()),
        _ => None,
    }
}

/// A string, or each string of a list.
fn texts(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::List(items)) => items.items().iter().filter_map(text).collect(),
        Some(v) => text(v).into_iter().collect(),
        None => Vec::new(),
    }
}

/// A pointer token with `~` and `/` escaped (RFC 6901).
fn token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

struct Writer<'a> {
    doc: &'a Document,
    source: Vec<&'a str>,
    b: DocumentBuilder<'a>,
}

/// Builds the normalised document of `doc` (of shape `shape`) from its YAML `source` text.
pub fn build(
    doc: &Document,
    source: &str,
    shape: Shape,
    limits: &InputLimits,
) -> Result<Option<Document>, InputError> {
    let mut w = Writer {
        doc,
        source: source.lines().collect(),
        b: DocumentBuilder::new(limits),
    };
    match shape {
        Shape::Workflow => w.workflow()?,
        Shape::Action => w.action()?,
    }
    w.b.finish(doc.index)
}

impl Writer<'_> {
    fn line(&self, pointer: &str) -> u32 {
        self.doc.line_of(pointer)
    }

    fn string(&mut self, key: &str, value: &str, line: u32) -> Result<(), InputError> {
        self.b.key(key, line)?;
        self.b.value(Value::str(value), line)
    }

    /// The scalar at `pointer` under `key`, if there is one.
    fn scalar(&mut self, key: &str, v: Option<&Value>, pointer: &str) -> Result<(), InputError> {
        if let Some(s) = v.and_then(text) {
            let line = self.line(pointer);
            self.string(key, &s, line)?;
        }
        Ok(())
    }

    fn int(&mut self, key: &str, value: usize, line: u32) -> Result<(), InputError> {
        self.b.key(key, line)?;
        self.b.value(Value::Int(value as i64), line)
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

    fn workflow(&mut self) -> Result<(), InputError> {
        let root = self.doc.value.clone();
        let line = self.doc.line;
        self.b.begin_object(line)?;
        self.string("kind", "GitHubWorkflow", line)?;
        self.int("line", line as usize, line)?;
        self.bool("composite", false, line)?;
        self.scalar("name", get(&root, "name"), "/name")?;
        self.triggers(get(&root, "on"))?;
        self.permissions(get(&root, "permissions"), "/permissions")?;
        self.inputs("env", get(&root, "env"), "/env")?;
        let concurrency = get(&root, "concurrency");
        let group = concurrency.and_then(|c| get(c, "group")).or(concurrency);
        self.scalar("concurrency", group, "/concurrency")?;
        let jobs_line = self.line("/jobs");
        self.b.key("jobs", jobs_line)?;
        self.b.begin_list(jobs_line)?;
        let jobs = get(&root, "jobs");
        for (id, _) in self.doc.keys_at("/jobs") {
            if let Some(job) = jobs
                .and_then(|j| get(j, id))
                .filter(|j| matches!(j, Value::Obj(_)))
            {
                self.job(id, job, &format!("/jobs/{}", token(id)))?;
            }
        }
        self.b.end()?;
        self.b.end()
    }

    fn triggers(&mut self, on: Option<&Value>) -> Result<(), InputError> {
        let line = self.line("/on");
        self.b.key("triggers", line)?;
        self.b.begin_list(line)?;
        let events: Vec<(String, u32, Option<Value>)> = match on {
            Some(Value::Obj(o)) => self
                .doc
                .keys_at("/on")
                .into_iter()
                .map(|(k, l)| (k.to_owned(), l, o.get(k).cloned()))
                .collect(),
            Some(Value::List(items)) => items
                .items()
                .iter()
                .enumerate()
                .filter_map(|(i, v)| Some((text(v)?, self.line(&format!("/on/{i}")), None)))
                .collect(),
            Some(v) => text(v).map(|e| (e, line, None)).into_iter().collect(),
            None => Vec::new(),
        };
        for (event, l, config) in events {
            let c = config.as_ref();
            self.b.begin_object(l)?;
            self.string("event", &event, l)?;
            self.int("line", l as usize, l)?;
            for (field, key) in [
                ("types", "types"),
                ("branches", "branches"),
                ("tags", "tags"),
                ("paths", "paths"),
                ("workflows", "workflows"),
            ] {
                self.strings(field, &texts(c.and_then(|c| get(c, key))), l)?;
            }
            let inputs: Vec<String> = self
                .doc
                .keys_at(&format!("/on/{}/inputs", token(&event)))
                .into_iter()
                .map(|(k, _)| k.to_owned())
                .collect();
            self.strings("inputs", &inputs, l)?;
            self.b.end()?;
        }
        self.b.end()
    }

    fn permissions(&mut self, v: Option<&Value>, pointer: &str) -> Result<(), InputError> {
        let line = self.line(pointer);
        let v = match v {
            Some(v) => v,
            // `permissions:` with nothing after it is an empty block, as `{}` is.
            None if self.key_written(pointer) => &Value::Obj(Default::default()),
            None => return Ok(()),
        };
        self.b.key("permissions", line)?;
        self.b.begin_object(line)?;
        self.int("line", line as usize, line)?;
        if let Some(all) = text(v) {
            self.string("all", &all, line)?;
        }
        self.b.key("scopes", line)?;
        self.b.begin_list(line)?;
        if let Value::Obj(o) = v {
            for (name, level) in o.entries() {
                let l = self.line(&format!("{pointer}/{}", token(name)));
                self.b.begin_object(l)?;
                self.string("name", name, l)?;
                self.string("level", &text(level).unwrap_or_default(), l)?;
                self.int("line", l as usize, l)?;
                self.b.end()?;
            }
        }
        self.b.end()?;
        self.b.end()
    }

    /// Whether the key at `pointer` is written, whatever its value.
    fn key_written(&self, pointer: &str) -> bool {
        let (parent, key) = pointer.rsplit_once('/').unwrap_or(("", pointer));
        self.doc
            .keys_at(parent)
            .iter()
            .any(|(k, _)| token(k) == key)
    }

    /// A mapping of names to values (`env:`, `with:`, `secrets:`) as a list of inputs.
    fn inputs(&mut self, key: &str, v: Option<&Value>, pointer: &str) -> Result<(), InputError> {
        let line = self.line(pointer);
        self.b.key(key, line)?;
        self.b.begin_list(line)?;
        if let Some(Value::Obj(o)) = v {
            for (name, value) in o.entries() {
                let p = format!("{pointer}/{}", token(name));
                self.input(name, value, &p)?;
            }
        }
        self.b.end()
    }

    fn input(&mut self, name: &str, value: &Value, pointer: &str) -> Result<(), InputError> {
        let l = self.line(pointer);
        let value = text(value).unwrap_or_default();
        self.b.begin_object(l)?;
        self.string("name", name, l)?;
        self.string("value", &value, l)?;
        self.int("line", l as usize, l)?;
        self.expressions(&value, l)?;
        self.b.end()
    }

    /// The block scalar indicator after the key on `line` (`run: |` gives `|`, `run: >-`
    /// gives `>`), if the value is a block scalar.
    fn block_style(&self, line: u32) -> Option<u8> {
        let source = self.source.get((line as usize).checked_sub(1)?)?;
        let code = source.split(" #").next().unwrap_or(source).trim_end();
        // The value is what follows the key's `:`; it is a block scalar when it is the
        // indicator alone, after an anchor or a tag if any (`run: re |` is a plain scalar).
        let value = code
            .split_once(": ")
            .or_else(|| code.split_once(":\t"))
            .map_or("", |(_, v)| v);
        let mut tokens: Vec<&str> = value.split_whitespace().collect();
        let last = tokens.pop().unwrap_or("");
        if !tokens
            .iter()
            .all(|t| t.starts_with('&') || t.starts_with('!'))
        {
            return None;
        }
        let (indicator, rest) = last.as_bytes().split_first()?;
        let block = matches!(indicator, b'|' | b'>')
            && rest.len() <= 2
            && rest
                .iter()
                .all(|b| *b == b'-' || *b == b'+' || b.is_ascii_digit());
        block.then_some(*indicator)
    }

    /// The line where a scalar whose key is on `line` starts: the next line for a block
    /// scalar (`run: |`), the same line otherwise.
    fn first_content_line(&self, line: u32) -> u32 {
        let last = u32::try_from(self.source.len()).unwrap_or(u32::MAX);
        if self.block_style(line).is_some() && line < last {
            line + 1
        } else {
            line
        }
    }

    /// The lines of the `${{` of a value whose key is on `key_line`. In a literal block
    /// (`|`) the value's newlines are the file's; in any other scalar (plain or quoted over
    /// several lines, folded, or with `\n` escapes) they are not, so the `${{` are found in
    /// the file's text from the key on, within a window bounded by the value's length.
    fn expression_lines(&self, value: &str, key_line: u32, offsets: &[usize]) -> Vec<u32> {
        if self.block_style(key_line) == Some(b'|') {
            let lines = Lines::new(value, key_line + 1);
            return offsets.iter().map(|&o| lines.at(o)).collect();
        }
        let mut out = Vec::with_capacity(offsets.len());
        let mut budget = value.len().saturating_mul(8).saturating_add(4096);
        let start = (key_line as usize).saturating_sub(1);
        for (i, source) in self.source.iter().enumerate().skip(start) {
            let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
            for _ in source.matches("${{") {
                if out.len() < offsets.len() {
                    out.push(line);
                }
            }
            budget = budget.saturating_sub(source.len() + 1);
            if out.len() >= offsets.len() || budget == 0 {
                break;
            }
        }
        let last = out.last().copied().unwrap_or(key_line);
        out.resize(offsets.len(), last);
        out
    }

    /// The `expressions` of a value whose key is on line `key_line`.
    fn expressions(&mut self, value: &str, key_line: u32) -> Result<(), InputError> {
        let first = self.first_content_line(key_line);
        self.b.key("expressions", first)?;
        self.b.begin_list(first)?;
        let found = expr::expressions(value);
        let offsets: Vec<usize> = found.iter().map(|e| e.offset).collect();
        let lines = self.expression_lines(value, key_line, &offsets);
        for (Expression { text, contexts, .. }, l) in found.into_iter().zip(lines) {
            self.b.begin_object(l)?;
            self.string("text", &text, l)?;
            self.int("line", l as usize, l)?;
            self.strings("contexts", &contexts, l)?;
            self.b.end()?;
        }
        self.b.end()
    }

    fn job(&mut self, id: &str, job: &Value, p: &str) -> Result<(), InputError> {
        let line = self.line(p);
        self.b.begin_object(line)?;
        self.string("id", id, line)?;
        self.int("line", line as usize, line)?;
        self.scalar("name", get(job, "name"), &format!("{p}/name"))?;
        let runs_on = get(job, "runs-on");
        let labels = match runs_on {
            Some(v @ Value::Obj(_)) => texts(get(v, "labels")),
            other => texts(other),
        };
        self.strings("runs_on", &labels, self.line(&format!("{p}/runs-on")))?;
        let group = runs_on.and_then(|r| get(r, "group"));
        self.scalar("runner_group", group, &format!("{p}/runs-on/group"))?;
        self.permissions(get(job, "permissions"), &format!("{p}/permissions"))?;
        self.strings(
            "needs",
            &texts(get(job, "needs")),
            self.line(&format!("{p}/needs")),
        )?;
        self.scalar("condition", get(job, "if"), &format!("{p}/if"))?;
        let environment = get(job, "environment");
        let env_name = environment.and_then(|e| get(e, "name")).or(environment);
        self.scalar("environment", env_name, &format!("{p}/environment"))?;
        if let Some(uses) = get(job, "uses").and_then(text) {
            self.uses(&uses, self.line(&format!("{p}/uses")))?;
        }
        self.inputs("with", get(job, "with"), &format!("{p}/with"))?;
        let secrets = get(job, "secrets");
        let inherit = secrets.and_then(text).is_some_and(|s| s == "inherit");
        self.bool(
            "secrets_inherit",
            inherit,
            self.line(&format!("{p}/secrets")),
        )?;
        self.inputs("secrets", secrets, &format!("{p}/secrets"))?;
        self.inputs("env", get(job, "env"), &format!("{p}/env"))?;
        if let Some(c) = get(job, "container") {
            let cp = format!("{p}/container");
            self.b.key("container", self.line(&cp))?;
            self.container("", c, &cp)?;
        }
        let services_line = self.line(&format!("{p}/services"));
        self.b.key("services", services_line)?;
        self.b.begin_list(services_line)?;
        if let Some(Value::Obj(services)) = get(job, "services") {
            for (name, c) in services.entries() {
                self.container(name, c, &format!("{p}/services/{}", token(name)))?;
            }
        }
        self.b.end()?;
        self.steps(get(job, "steps"), &format!("{p}/steps"))?;
        self.b.end()
    }

    fn container(&mut self, name: &str, c: &Value, p: &str) -> Result<(), InputError> {
        let line = self.line(p);
        let image = text(c).or_else(|| get(c, "image").and_then(text));
        self.b.begin_object(line)?;
        self.string("name", name, line)?;
        self.string("image", &image.unwrap_or_default(), line)?;
        self.int("line", line as usize, line)?;
        let credentials = get(c, "credentials");
        for key in ["username", "password"] {
            if let Some(v) = credentials.and_then(|cr| get(cr, key)) {
                let cp = format!("{p}/credentials/{key}");
                self.b.key(key, self.line(&cp))?;
                self.input(key, v, &cp)?;
            }
        }
        self.inputs("env", get(c, "env"), &format!("{p}/env"))?;
        self.b.end()
    }

    fn steps(&mut self, steps: Option<&Value>, p: &str) -> Result<(), InputError> {
        let line = self.line(p);
        self.b.key("steps", line)?;
        self.b.begin_list(line)?;
        if let Some(Value::List(items)) = steps {
            for (i, step) in items.items().iter().enumerate() {
                if matches!(step, Value::Obj(_)) {
                    self.step(i, step, &format!("{p}/{i}"))?;
                }
            }
        }
        self.b.end()
    }

    fn step(&mut self, index: usize, step: &Value, p: &str) -> Result<(), InputError> {
        let line = self.line(p);
        self.b.begin_object(line)?;
        self.int("index", index, line)?;
        self.int("line", line as usize, line)?;
        self.scalar("id", get(step, "id"), &format!("{p}/id"))?;
        self.scalar("name", get(step, "name"), &format!("{p}/name"))?;
        self.scalar("condition", get(step, "if"), &format!("{p}/if"))?;
        if let Some(uses) = get(step, "uses").and_then(text) {
            self.uses(&uses, self.line(&format!("{p}/uses")))?;
        }
        if let Some(run) = get(step, "run").and_then(text) {
            self.script(&run, self.line(&format!("{p}/run")))?;
        }
        self.scalar("shell", get(step, "shell"), &format!("{p}/shell"))?;
        let wd = get(step, "working-directory");
        self.scalar("working_directory", wd, &format!("{p}/working-directory"))?;
        self.inputs("with", get(step, "with"), &format!("{p}/with"))?;
        self.inputs("env", get(step, "env"), &format!("{p}/env"))?;
        self.b.end()
    }

    fn uses(&mut self, written: &str, line: u32) -> Result<(), InputError> {
        let u = parse_uses(written);
        self.b.key("uses", line)?;
        self.b.begin_object(line)?;
        self.string("text", written, line)?;
        self.int("line", line as usize, line)?;
        self.string("kind", u.kind, line)?;
        self.string("owner", &u.owner, line)?;
        self.string("repo", &u.repo, line)?;
        self.string("path", &u.path, line)?;
        self.string("action", &u.action, line)?;
        self.string("ref", &u.reference, line)?;
        self.bool("pinned", u.pinned, line)?;
        self.b.end()
    }

    fn script(&mut self, run: &str, line: u32) -> Result<(), InputError> {
        let first = self.first_content_line(line);
        self.b.key("run", line)?;
        self.b.begin_object(line)?;
        self.string("text", run, line)?;
        self.int("line", line as usize, line)?;
        self.expressions(run, line)?;
        self.b.key("commands", line)?;
        self.b.begin_list(line)?;
        let commands = shell::commands(run);
        // Exact in a literal block; elsewhere the value's newlines may not be the file's
        // (folding, escapes), so a command's line is at most the file's last.
        let lines = Lines::new(run, first);
        let last = u32::try_from(self.source.len().max(1)).unwrap_or(u32::MAX);
        for c in &commands {
            let l = lines.at(c.offset).min(last);
            self.b.begin_object(l)?;
            self.string("name", &c.name, l)?;
            self.string("program", c.program(), l)?;
            self.strings("args", &c.args, l)?;
            self.strings("assignments", &c.assignments, l)?;
            if let Some(next) = c.pipe_to.and_then(|n| commands.get(n)) {
                self.string("pipe_to", next.program(), l)?;
            }
            self.bool("chained", c.chained, l)?;
            self.int("line", l as usize, l)?;
            self.b.end()?;
        }
        self.b.end()?;
        self.b.end()
    }

    fn action(&mut self) -> Result<(), InputError> {
        let root = self.doc.value.clone();
        let line = self.doc.line;
        let runs = get(&root, "runs");
        self.b.begin_object(line)?;
        self.string("kind", "GitHubAction", line)?;
        self.int("line", line as usize, line)?;
        self.scalar("name", get(&root, "name"), "/name")?;
        self.scalar("description", get(&root, "description"), "/description")?;
        let inputs: Vec<String> = self
            .doc
            .keys_at("/inputs")
            .into_iter()
            .map(|(k, _)| k.to_owned())
            .collect();
        self.strings("inputs", &inputs, self.line("/inputs"))?;
        self.scalar("using", runs.and_then(|r| get(r, "using")), "/runs/using")?;
        self.scalar("image", runs.and_then(|r| get(r, "image")), "/runs/image")?;
        self.scalar("main", runs.and_then(|r| get(r, "main")), "/runs/main")?;
        self.steps(runs.and_then(|r| get(r, "steps")), "/runs/steps")?;
        self.b.end()
    }
}

/// Lines of the byte offsets of a value whose text starts on line `first`: the offsets of its
/// newlines, searched in logarithmic time, so a value with many expressions costs no more
/// than its length.
struct Lines {
    newlines: Vec<usize>,
    first: u32,
}

impl Lines {
    fn new(value: &str, first: u32) -> Lines {
        let newlines = value
            .bytes()
            .enumerate()
            .filter(|&(_, b)| b == b'\n')
            .map(|(i, _)| i)
            .collect();
        Lines { newlines, first }
    }

    /// The line of byte `offset`.
    fn at(&self, offset: usize) -> u32 {
        let before = self.newlines.partition_point(|&n| n < offset);
        self.first
            .saturating_add(u32::try_from(before).unwrap_or(u32::MAX))
    }
}

/// A `uses:` reference, split.
#[derive(Debug, PartialEq, Eq)]
pub struct UsesRef {
    /// `repository`, `docker` or `local`.
    pub kind: &'static str,
    /// The owner, lower case ("" unless `repository`).
    pub owner: String,
    /// The repository, lower case ("" unless `repository`).
    pub repo: String,
    /// The path inside the repository, or the local path.
    pub path: String,
    /// `owner/repo[/path]`, lower case.
    pub action: String,
    /// The ref after `@`, or the image of `docker://`.
    pub reference: String,
    /// Whether the reference cannot move (a full commit SHA, an image digest, a local path).
    pub pinned: bool,
}

/// Splits `uses:`: `docker://image`, a local `./path`, or `owner/repo[/path][@ref]`.
pub fn parse_uses(written: &str) -> UsesRef {
    let written = written.trim();
    let mut u = UsesRef {
        kind: "repository",
        owner: String::new(),
        repo: String::new(),
        path: String::new(),
        action: String::new(),
        reference: String::new(),
        pinned: false,
    };
    if let Some(image) = written.strip_prefix("docker://") {
        u.kind = "docker";
        u.reference = image.to_owned();
        u.pinned = image.contains("@sha256:");
        return u;
    }
    if written.starts_with("./") || written.starts_with("../") || written == "." {
        u.kind = "local";
        u.path = written.to_owned();
        u.pinned = true;
        return u;
    }
    let (target, reference) = written.rsplit_once('@').unwrap_or((written, ""));
    let mut parts = target.splitn(3, '/');
    u.owner = parts.next().unwrap_or("").to_ascii_lowercase();
    u.repo = parts.next().unwrap_or("").to_ascii_lowercase();
    u.path = parts.next().unwrap_or("").trim_end_matches('/').to_owned();
    u.action = if u.path.is_empty() {
        format!("{}/{}", u.owner, u.repo)
    } else {
        format!("{}/{}/{}", u.owner, u.repo, u.path.to_ascii_lowercase())
    };
    u.reference = reference.to_owned();
    u.pinned = reference.len() == 40 && reference.bytes().all(|b| b.is_ascii_hexdigit());
    u
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uses_references() {
        let u = parse_uses("Actions/Checkout@v4");
        assert_eq!(
            (u.kind, &*u.action, &*u.reference, u.pinned),
            ("repository", "actions/checkout", "v4", false)
        );
        let sha = "8f4b7f84864484a7bf31766abe9204da3cbe65b3";
        let u = parse_uses(&format!("github/codeql-action/init@{sha}"));
        assert_eq!(
            (&*u.owner, &*u.repo, &*u.path, &*u.action, u.pinned),
            (
                "github",
                "codeql-action",
                "init",
                "github/codeql-action/init",
                true
            )
        );
        let u = parse_uses("docker://alpine:3.20");
        assert_eq!(
            (u.kind, &*u.reference, u.pinned),
            ("docker", "alpine:3.20", false)
        );
        let u = parse_uses("docker://alpine@sha256:abc");
        assert!(u.pinned);
        let u = parse_uses("./.github/actions/setup");
        assert_eq!((u.kind, u.pinned), ("local", true));
        let u = parse_uses("octo/reusable/.github/workflows/ci.yml@main");
        assert_eq!(
            (&*u.path, &*u.reference),
            (".github/workflows/ci.yml", "main")
        );
        let u = parse_uses("octo/action");
        assert_eq!(
            (&*u.action, &*u.reference, u.pinned),
            ("octo/action", "", false)
        );
    }
}
