//! Variable substitution as the Dockerfile frontend does it in FROM, COPY, ADD, ENV, LABEL,
//! USER, WORKDIR, EXPOSE and the like: `$NAME`, `${NAME}`, `${NAME:-word}`, `${NAME-word}`,
//! `${NAME:+word}` and `${NAME+word}`, with the escape character making `$` literal. Only
//! values known statically (ARG defaults, ENV values) are substituted; a reference to anything
//! else is kept as written and the result is marked unresolved.

use std::collections::BTreeMap;

/// Variables with static values; `None` is declared without a value (`ARG NAME`).
pub type Vars = BTreeMap<String, Option<String>>;

/// `text` with the variables of `vars` substituted, and whether every reference had a value.
pub fn substitute(text: &str, vars: &Vars, escape: char) -> (String, bool) {
    let mut out = String::with_capacity(text.len());
    let mut resolved = true;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == escape {
            match chars.peek() {
                Some(&(_, '$')) => {
                    out.push('$');
                    chars.next();
                }
                Some(&(_, next)) => {
                    out.push(c);
                    out.push(next);
                    chars.next();
                }
                None => out.push(c),
            }
            continue;
        }
        if c != '$' {
            out.push(c);
            continue;
        }
        let rest = text.get(i + 1..).unwrap_or_default();
        if let Some(inner) = rest.strip_prefix('{') {
            let Some(close) = inner.find('}') else {
                out.push_str(text.get(i..).unwrap_or_default());
                resolved = false;
                break;
            };
            let body = inner.get(..close).unwrap_or_default();
            match braced(body, vars) {
                Some(value) => out.push_str(&value),
                None => {
                    out.push_str(text.get(i..i + 2 + close + 1).unwrap_or_default());
                    resolved = false;
                }
            }
            // Skip `{`, the body and `}`.
            let skip = 1 + body.chars().count() + 1;
            for _ in 0..skip {
                chars.next();
            }
            continue;
        }
        let name_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if name_len == 0 {
            out.push('$');
            continue;
        }
        let name = rest.get(..name_len).unwrap_or_default();
        match vars.get(name) {
            Some(Some(value)) => out.push_str(value),
            _ => {
                out.push('$');
                out.push_str(name);
                resolved = false;
            }
        }
        for _ in 0..name_len {
            chars.next();
        }
    }
    (out, resolved)
}

/// The value of `${body}`, or `None` if it is not known statically.
fn braced(body: &str, vars: &Vars) -> Option<String> {
    let name_len = body
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(body.len());
    let name = body.get(..name_len)?;
    let op = body.get(name_len..)?;
    let value = vars.get(name).cloned().flatten();
    let set_nonempty = value.as_deref().is_some_and(|v| !v.is_empty());
    let set = value.is_some();
    if op.is_empty() {
        return value;
    }
    let (word, use_default) = if let Some(w) = op.strip_prefix(":-") {
        (w, !set_nonempty)
    } else if let Some(w) = op.strip_prefix(":+") {
        return Some(if set_nonempty {
            w.to_owned()
        } else {
            String::new()
        });
    } else if let Some(w) = op.strip_prefix('-') {
        (w, !set)
    } else if let Some(w) = op.strip_prefix('+') {
        return Some(if set { w.to_owned() } else { String::new() });
    } else {
        return None;
    };
    if use_default {
        // A default that refers to a variable is not expanded further here.
        (!word.contains('$')).then(|| word.to_owned())
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars() -> Vars {
        let mut v = Vars::new();
        v.insert("GO".into(), Some("1.23".into()));
        v.insert("EMPTY".into(), Some(String::new()));
        v.insert("UNSET".into(), None);
        v
    }

    #[test]
    fn known_values_are_substituted() {
        let v = vars();
        assert_eq!(
            substitute("golang:${GO}-alpine", &v, '\\'),
            ("golang:1.23-alpine".into(), true)
        );
        assert_eq!(
            substitute("golang:$GO", &v, '\\'),
            ("golang:1.23".into(), true)
        );
        assert_eq!(
            substitute("x:${UNSET:-3.20}", &v, '\\'),
            ("x:3.20".into(), true)
        );
        assert_eq!(substitute("x:${EMPTY:-d}", &v, '\\'), ("x:d".into(), true));
        assert_eq!(substitute("x:${EMPTY-d}", &v, '\\'), ("x:".into(), true));
        assert_eq!(
            substitute("${GO:+yes}${UNSET:+no}", &v, '\\'),
            ("yes".into(), true)
        );
        assert_eq!(substitute("a\\$GO", &v, '\\'), ("a$GO".into(), true));
    }

    #[test]
    fn unknown_references_are_kept() {
        let v = vars();
        assert_eq!(substitute("img:$TAG", &v, '\\'), ("img:$TAG".into(), false));
        assert_eq!(
            substitute("img:${TAG}", &v, '\\'),
            ("img:${TAG}".into(), false)
        );
        assert_eq!(
            substitute("img:${UNSET}", &v, '\\'),
            ("img:${UNSET}".into(), false)
        );
        assert_eq!(
            substitute("img:${GO#1}", &v, '\\'),
            ("img:${GO#1}".into(), false)
        );
        assert_eq!(substitute("img:${GO", &v, '\\'), ("img:${GO".into(), false));
        assert_eq!(substitute("$ $", &v, '\\'), ("$ $".into(), true));
    }
}
