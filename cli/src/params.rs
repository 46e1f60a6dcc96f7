//! Policy parameters from the command line: `--param package.name=JSON` and `--param-file
//! FILE`, a YAML or JSON mapping of `package.name` to value. `palisade.toml` gives the first
//! values, each `--param-file` (in order) overrides them, and each `--param` overrides those.

use std::path::Path;

use palisade::{InputFormat, InputLimits, read_documents};
use serde_json::Value;

/// The parameters of a `--param-file`, in the order of their names, or why it cannot be used
/// (with the file and line of the problem).
pub fn from_file(path: &Path) -> Result<Vec<(String, Value)>, String> {
    let shown = path.display();
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read `{shown}`: {e}"))?;
    let (docs, errors) = read_documents(&bytes, InputFormat::Detect, &InputLimits::default());
    if let Some(e) = errors.first() {
        return Err(format!("{shown}:{}: {} ({})", e.line, e.message, e.code));
    }
    let [doc] = docs.as_slice() else {
        return Err(format!(
            "`{shown}` must hold one mapping of `package.name` to value; it holds {} documents",
            docs.len()
        ));
    };
    let serde_json::Value::Object(members) = doc.value.to_json() else {
        return Err(format!(
            "{shown}:{}: the parameters must be a mapping of `package.name` to value",
            doc.line
        ));
    };
    let mut out = Vec::with_capacity(members.len());
    for (name, value) in members {
        if !is_qualified(&name) {
            let pointer = format!("/{}", name.replace('~', "~0").replace('/', "~1"));
            return Err(format!(
                "{shown}:{}: `{name}` is not a parameter name: write `package.name` (`palisade.k8s.pss.level`)",
                doc.line_of(&pointer)
            ));
        }
        out.push((name, value));
    }
    Ok(out)
}

/// One `--param package.name=JSON`: the value is JSON, or else the text itself as a string.
pub fn from_flag(flag: &str) -> Result<(String, Value), String> {
    let (name, json) = flag
        .split_once('=')
        .ok_or_else(|| format!("`--param {flag}` must be `package.name=JSON`"))?;
    let value = serde_json::from_str(json).unwrap_or_else(|_| Value::String(json.to_owned()));
    Ok((name.to_owned(), value))
}

/// Whether `name` is `package.name`: dotted words, at least two.
fn is_qualified(name: &str) -> bool {
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() >= 2
        && parts.iter().all(|p| {
            p.chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_flags() {
        assert!(is_qualified("palisade.k8s.pss.level"));
        assert!(is_qualified("acme.max_replicas"));
        assert!(!is_qualified("level"));
        assert!(!is_qualified("acme..x"));
        assert!(!is_qualified("acme.x-y"));
        assert_eq!(from_flag("a.b=3"), Ok(("a.b".to_owned(), Value::from(3))));
        assert_eq!(
            from_flag("a.b=baseline"),
            Ok(("a.b".to_owned(), Value::from("baseline")))
        );
        assert!(from_flag("a.b").is_err());
    }
}
