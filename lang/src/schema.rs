//! Input schemas written in JSON Schema (draft 2020-12, and the OpenAPI v3 subset Kubernetes
//! CRDs use), turned into Palisade type declarations. A schema becomes generated Palisade
//! source (`package acme.crds` + `type Widget = { ... }`) that goes through the same parse,
//! resolve and check pipeline as any policy, so schema types need no special cases anywhere.
//!
//! The host passes the schema text (JSON or YAML; the library does no IO). A CRD manifest is
//! recognised and its stored version's `openAPIV3Schema` used, with `kind` and `apiVersion`
//! turned into literal types so rules over the resource select its documents.

use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write;

/// A schema to load: the qualified type name it declares (`acme.crds.Widget`: package
/// `acme.crds`, type `Widget`) and its text.
#[derive(Clone, Copy, Debug)]
pub struct SchemaInput<'a> {
    /// `package.path.TypeName`.
    pub name: &'a str,
    /// JSON or YAML text of a JSON Schema or a CustomResourceDefinition.
    pub text: &'a str,
}

/// Generated Palisade source for one package of schema types.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedSource {
    /// The package the source declares.
    pub package: String,
    /// The Palisade text.
    pub text: String,
}

/// Why a schema could not be loaded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("schema `{name}`: {message}")]
pub struct SchemaError {
    /// The qualified name the schema was to declare.
    pub name: String,
    /// What is wrong, lowercase, without a trailing period.
    pub message: String,
}

/// `, max N` for a schema's `maxItems` or `maxProperties` (a non-negative integer, which
/// JSON may write as `64.0`); nothing when the schema sets none or an unusable one.
fn size_bound(object: &Map<String, Value>, keyword: &str) -> String {
    let max = object.get(keyword).and_then(|v| {
        v.as_u64().or_else(|| {
            v.as_f64()
                .filter(|f| f.fract() == 0.0 && (0.0..9.0e15).contains(f))
                .map(|f| f as u64)
        })
    });
    match max.filter(|m| i64::try_from(*m).is_ok()) {
        Some(max) => format!(", max {max}"),
        None => String::new(),
    }
}

/// Nesting deeper than this becomes `json` (schemas of real resources are far shallower).
const MAX_SCHEMA_DEPTH: usize = 32;

/// Converts schemas to Palisade sources, one per package.
///
/// ```
/// use palisade::{FileId, SchemaInput, check_sources, schemas_to_sources};
///
/// let schema = r#"{
///   "type": "object",
///   "required": ["name"],
///   "properties": {
///     "name": { "type": "string" },
///     "replicas": { "type": "integer" }
///   }
/// }"#;
/// let sources = schemas_to_sources(&[SchemaInput { name: "acme.crds.Widget", text: schema }])
///     .expect("a valid schema");
/// assert_eq!(sources.len(), 1);
/// assert_eq!(sources[0].package, "acme.crds");
/// assert!(sources[0].text.contains("type Widget"));
///
/// // The generated source is checked like any policy, and its types can be imported.
/// let policy = "package acme.policy\n\nimport acme.crds\n\nfn big(w: crds.Widget) -> bool {\n  return (w.replicas ?? 1) > 10\n}\n";
/// let result = check_sources(&[(FileId(0), sources[0].text.as_str()), (FileId(1), policy)]);
/// assert!(!result.has_errors(), "{:?}", result.diagnostics);
///
/// let bad = schemas_to_sources(&[SchemaInput { name: "Widget", text: schema }]);
/// assert!(bad.is_err());
/// ```
pub fn schemas_to_sources(inputs: &[SchemaInput<'_>]) -> Result<Vec<GeneratedSource>, SchemaError> {
    let mut packages: BTreeMap<String, String> = BTreeMap::new();
    // Type names taken in each package, so definitions of different schemas never collide
    // with each other or with the schemas' own type names.
    let mut taken: BTreeMap<String, HashSet<String>> = BTreeMap::new();
    for input in inputs {
        if let Some((package, type_name)) = input.name.rsplit_once('.') {
            taken
                .entry(package.to_owned())
                .or_default()
                .insert(type_name.to_owned());
        }
    }
    for input in inputs {
        let error = |message: String| SchemaError {
            name: input.name.to_owned(),
            message,
        };
        let (package, type_name) = input
            .name
            .rsplit_once('.')
            .filter(|(p, t)| valid_path(p) && is_identifier(t))
            .ok_or_else(|| {
                error(
                    "the name must be `package.path.TypeName`, e.g. `acme.crds.Widget`".to_owned(),
                )
            })?;
        let value: Value = serde_saphyr::from_str(input.text)
            .map_err(|e| error(format!("not valid JSON or YAML: {e}")))?;
        let (schema, discriminators) = select_schema(&value).map_err(error)?;
        let mut generator = Generator {
            root: &value,
            defs: BTreeMap::new(),
            by_reference: HashMap::new(),
            in_progress: HashSet::new(),
            taken: taken.entry(package.to_owned()).or_default(),
            layout_origin: 0,
        };
        let body = generator.object_or_type(schema, &discriminators, 0);
        let text = packages
            .entry(package.to_owned())
            .or_insert_with(|| format!("package {package}\n\n# Generated from JSON Schema.\n"));
        let _ = write!(text, "\ntype {type_name} = {body}\n");
        for (name, def) in generator.defs {
            let _ = write!(text, "\ntype {name} = {def}\n");
        }
    }
    Ok(packages
        .into_iter()
        .map(|(package, text)| GeneratedSource { package, text })
        .collect())
}

/// Fields given a literal type (`kind`, `apiVersion` of a CRD), as name and value.
type Discriminators = Vec<(String, String)>;

/// The schema to convert and the literal fields to impose.
fn select_schema(value: &Value) -> Result<(&Value, Discriminators), String> {
    if value.get("kind").and_then(Value::as_str) != Some("CustomResourceDefinition") {
        if !value.is_object() {
            return Err("a schema must be an object".to_owned());
        }
        return Ok((value, Vec::new()));
    }
    let spec = value.get("spec").ok_or("the CRD has no `spec`")?;
    let group = spec
        .get("group")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let kind = spec
        .pointer("/names/kind")
        .and_then(Value::as_str)
        .ok_or("the CRD has no `spec.names.kind`")?;
    let versions = spec
        .get("versions")
        .and_then(Value::as_array)
        .ok_or("the CRD has no `spec.versions`")?;
    let version = versions
        .iter()
        .find(|v| v.get("storage").and_then(Value::as_bool) == Some(true))
        .or_else(|| versions.first())
        .ok_or("the CRD lists no versions")?;
    let name = version
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let schema = version
        .pointer("/schema/openAPIV3Schema")
        .ok_or_else(|| format!("version `{name}` of the CRD has no `schema.openAPIV3Schema`"))?;
    let api_version = if group.is_empty() {
        name.to_owned()
    } else {
        format!("{group}/{name}")
    };
    Ok((
        schema,
        vec![
            ("apiVersion".to_owned(), api_version),
            ("kind".to_owned(), kind.to_owned()),
        ],
    ))
}

struct Generator<'v, 't> {
    root: &'v Value,
    /// Referenced definitions, by generated type name.
    defs: BTreeMap<String, String>,
    /// The type name generated for each reference of this schema.
    by_reference: HashMap<String, String>,
    /// References being expanded: a reference back to one of them is recursive.
    in_progress: HashSet<String>,
    /// Type names already used in the package.
    taken: &'t mut HashSet<String>,
    /// The depth at which the type being written starts, for indentation: definitions are
    /// laid out at the top level however deep their reference was.
    layout_origin: usize,
}

impl Generator<'_, '_> {
    fn object_or_type(
        &mut self,
        schema: &Value,
        discriminators: &[(String, String)],
        depth: usize,
    ) -> String {
        if discriminators.is_empty() {
            return self.type_of(schema, depth);
        }
        self.record(schema, discriminators, depth)
            .unwrap_or_else(|| self.type_of(schema, depth))
    }

    /// The Palisade type for a schema.
    fn type_of(&mut self, schema: &Value, depth: usize) -> String {
        if depth > MAX_SCHEMA_DEPTH {
            return "json".to_owned();
        }
        let Some(object) = schema.as_object() else {
            // `true` (anything) and `false` (nothing) schemas.
            return "json".to_owned();
        };
        if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
            return self.reference(reference, depth);
        }
        if flag(object, "x-kubernetes-int-or-string") {
            return "json".to_owned();
        }
        let nullable = flag(object, "nullable");
        let optional = |t: String| if nullable { format!("{t}?") } else { t };
        if let Some(constant) = object.get("const").and_then(Value::as_str) {
            return optional(string_literal(constant));
        }
        if let Some(values) = object.get("enum").and_then(Value::as_array) {
            let strings: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
            if !strings.is_empty() && strings.len() == values.len() {
                let members: Vec<String> = strings.iter().map(|s| string_literal(s)).collect();
                let union = members.join(" | ");
                return if nullable {
                    format!("({union})?")
                } else {
                    union
                };
            }
        }
        if let Some(all) = object.get("allOf").and_then(Value::as_array)
            && let [only] = all.as_slice()
        {
            return optional(self.type_of(only, depth + 1));
        }
        if object.contains_key("anyOf") || object.contains_key("oneOf") {
            return "json".to_owned();
        }
        let (kind, null_allowed) = match object.get("type") {
            Some(Value::String(t)) => (Some(t.as_str()), false),
            Some(Value::Array(types)) => {
                let names: Vec<&str> = types.iter().filter_map(Value::as_str).collect();
                let non_null: Vec<&str> = names.iter().copied().filter(|t| *t != "null").collect();
                match non_null.as_slice() {
                    [one] => (Some(*one), names.contains(&"null")),
                    _ => return "json".to_owned(),
                }
            }
            _ if object.contains_key("properties") => (Some("object"), false),
            _ => (None, false),
        };
        let base = match kind {
            Some("string") => "string".to_owned(),
            Some("integer") => "int".to_owned(),
            Some("number") => "float".to_owned(),
            Some("boolean") => "bool".to_owned(),
            Some("array") => {
                let element = match object.get("items") {
                    Some(items) => self.type_of(items, depth + 1),
                    None => "json".to_owned(),
                };
                format!("list<{element}{}>", size_bound(object, "maxItems"))
            }
            Some("object") => self.record(schema, &[], depth).unwrap_or_else(|| {
                let value = match object.get("additionalProperties") {
                    Some(value @ Value::Object(_)) => self.type_of(value, depth + 1),
                    _ => "json".to_owned(),
                };
                format!(
                    "map<string, {value}{}>",
                    size_bound(object, "maxProperties")
                )
            }),
            _ => "json".to_owned(),
        };
        if (nullable || null_allowed) && base != "json" {
            format!("{base}?")
        } else {
            base
        }
    }

    /// A record for an object schema with `properties`; `None` when it has none.
    fn record(
        &mut self,
        schema: &Value,
        discriminators: &[(String, String)],
        depth: usize,
    ) -> Option<String> {
        let object = schema.as_object()?;
        let properties = object.get("properties").and_then(Value::as_object);
        if properties.is_none_or(Map::is_empty) && discriminators.is_empty() {
            return None;
        }
        let required: HashSet<&str> = object
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let level = depth.saturating_sub(self.layout_origin);
        let indent = "  ".repeat(level + 1);
        let mut fields = Vec::new();
        for (name, value) in discriminators {
            fields.push(format!(
                "{indent}{}: {}",
                field_name(name),
                string_literal(value)
            ));
        }
        // In name order, whatever order the JSON map keeps (another crate in the build may turn
        // on `serde_json`'s insertion order): the generated source is the same either way.
        let mut sorted: Vec<(&String, &Value)> = properties.into_iter().flatten().collect();
        sorted.sort_by(|a, b| a.0.cmp(b.0));
        for (name, property) in sorted {
            if discriminators.iter().any(|(d, _)| d == name) {
                continue;
            }
            let mut ty = self.type_of(property, depth + 1);
            let mark = if required.contains(name.as_str()) {
                ""
            } else {
                // An optional field already reads as optional: absent and null are one.
                if ty.ends_with('?') && !ty.ends_with(")?") {
                    ty.pop();
                }
                "?"
            };
            fields.push(format!("{indent}{}{mark}: {ty}", field_name(name)));
        }
        let closed = object.get("additionalProperties") == Some(&Value::Bool(false));
        if !closed {
            fields.push(format!("{indent}.."));
        }
        let close = "  ".repeat(level);
        Some(format!("{{\n{},\n{close}}}", fields.join(",\n")))
    }

    /// A `$ref` to a definition of the same document, generated once per reference.
    fn reference(&mut self, reference: &str, depth: usize) -> String {
        if let Some(name) = self.by_reference.get(reference) {
            return name.clone();
        }
        if self.in_progress.contains(reference) || depth > MAX_SCHEMA_DEPTH {
            // Palisade types are finite; a recursive (or absurdly long) chain is left untyped.
            return "json".to_owned();
        }
        let Some(target) = reference
            .strip_prefix('#')
            .and_then(|p| self.root.pointer(p))
        else {
            return "json".to_owned();
        };
        let base = type_name(reference.rsplit('/').next().unwrap_or("Def"));
        let mut unique = base.clone();
        let mut n = 2;
        while self.taken.contains(&unique) {
            unique = format!("{base}{n}");
            n += 1;
        }
        self.taken.insert(unique.clone());
        self.in_progress.insert(reference.to_owned());
        // Definitions are laid out at the top level, but the depth of the reference chain
        // still counts towards the limit.
        let origin = std::mem::replace(&mut self.layout_origin, depth + 1);
        let body = self.type_of(target, depth + 1);
        self.layout_origin = origin;
        self.in_progress.remove(reference);
        self.by_reference
            .insert(reference.to_owned(), unique.clone());
        self.defs.insert(unique.clone(), body);
        unique
    }
}

fn flag(object: &Map<String, Value>, key: &str) -> bool {
    object.get(key).and_then(Value::as_bool) == Some(true)
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && s.len() <= crate::syntax::MAX_IDENT_LEN
}

fn valid_path(p: &str) -> bool {
    !p.is_empty() && p.split('.').all(is_identifier)
}

/// A field name as written in a record type: bare when it is an identifier (keywords are fine
/// as field names), quoted otherwise.
fn field_name(name: &str) -> String {
    if is_identifier(name) {
        name.to_owned()
    } else {
        string_literal(name)
    }
}

/// A string literal with everything that is not literal text escaped.
fn string_literal(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '{' => out.push_str("\\{"),
            '}' => out.push_str("\\}"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A type name from a definition name: its identifier characters, capitalised.
fn type_name(raw: &str) -> String {
    let mut out: String = raw
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut chars = p.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out.insert(0, 'T');
    }
    out.truncate(64);
    out
}
