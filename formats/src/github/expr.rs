//! The `${{ ... }}` expressions of a GitHub Actions value, and the contexts each one reads.
//!
//! This is a scanner, not an evaluator: it finds where each expression starts and ends
//! (a `}}` inside a quoted string does not end one), and within it the property chains that
//! start at a context name (`github.event.pull_request.title`, `steps.build.outputs.tag`,
//! `github.event['issue'].body`), normalised to lower case with dots, since property names in
//! expressions are case-insensitive. Function names (`contains(...)`) and literals are not
//! contexts. One pass, no recursion: any text costs time linear in its length.

/// The contexts an expression can read.
const CONTEXTS: &[&str] = &[
    "github", "env", "vars", "job", "jobs", "steps", "runner", "secrets", "strategy", "matrix",
    "needs", "inputs",
];

/// One expression of a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expression {
    /// The text between `${{` and `}}`, trimmed.
    pub text: String,
    /// The byte offset of its `${{` in the value.
    pub offset: usize,
    /// The contexts it reads, in order of appearance, without repeats.
    pub contexts: Vec<String>,
}

/// The expressions of `text`, in order. An expression without its closing `}}` is not one
/// (GitHub refuses such a workflow), and scanning stops there.
pub fn expressions(text: &str) -> Vec<Expression> {
    let mut out = Vec::new();
    let mut rest = 0;
    while let Some(found) = text[rest..].find("${{") {
        let start = rest + found;
        let body = start + 3;
        let Some(end) = closing(&text[body..]) else {
            break;
        };
        let inner = &text[body..body + end];
        out.push(Expression {
            text: inner.trim().to_owned(),
            offset: start,
            contexts: contexts(inner),
        });
        rest = body + end + 2;
    }
    out
}

/// The offset of the `}}` that closes an expression whose body starts `body`, skipping
/// single-quoted strings (where `''` is a quote).
fn closing(body: &str) -> Option<usize> {
    let bytes = body.as_bytes();
    let mut i = 0;
    let mut quoted = false;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\'' => quoted = !quoted,
            b'}' if !quoted && bytes.get(i + 1) == Some(&b'}') => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

/// The context chains of an expression's body.
fn contexts(body: &str) -> Vec<String> {
    let bytes = body.as_bytes();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'\'' {
            i = skip_string(bytes, i);
            continue;
        }
        let after_word = i
            .checked_sub(1)
            .and_then(|p| bytes.get(p))
            .is_some_and(|&p| is_ident(p) || p == b'.');
        if !is_ident_start(b) || after_word {
            i += 1;
            continue;
        }
        let (head, next) = ident(body, i);
        i = next;
        if bytes.get(i) == Some(&b'(') || !CONTEXTS.contains(&head.to_ascii_lowercase().as_str()) {
            continue;
        }
        let mut chain = head.to_ascii_lowercase();
        loop {
            match bytes.get(i) {
                Some(b'.') => match bytes.get(i + 1) {
                    Some(b'*') => {
                        chain.push_str(".*");
                        i += 2;
                    }
                    Some(&c) if is_ident_start(c) => {
                        let (name, next) = ident(body, i + 1);
                        chain.push('.');
                        chain.push_str(&name.to_ascii_lowercase());
                        i = next;
                    }
                    _ => break,
                },
                Some(b'[') => {
                    if let Some((name, next)) = quoted_index(body, i + 1) {
                        chain.push('.');
                        chain.push_str(&name.to_ascii_lowercase());
                        i = next;
                    } else {
                        // `[*]`, `[0]` or `[matrix.key]`: any element. What is inside is
                        // scanned as expressions of its own.
                        chain.push_str(".*");
                        // The index is simple if only digits, `*` and spaces come before its
                        // `]`; the search stops at the first other byte, so nested `[` cost
                        // nothing more (no quadratic rescans).
                        let rest = bytes.get(i + 1..).unwrap_or_default();
                        let end = rest
                            .iter()
                            .position(|&c| !(c.is_ascii_digit() || c == b'*' || c == b' '));
                        match end {
                            Some(n) if rest.get(n) == Some(&b']') => i += n + 2,
                            _ => {
                                i += 1;
                                break;
                            }
                        }
                    }
                }
                _ => break,
            }
        }
        if !out.contains(&chain) {
            out.push(chain);
        }
    }
    out
}

/// `'name'` (or `"name"`) then `]`, starting at `at`: the name and the offset after `]`.
fn quoted_index(body: &str, at: usize) -> Option<(String, usize)> {
    let bytes = body.as_bytes();
    let quote = *bytes.get(at)?;
    if quote != b'\'' && quote != b'"' {
        return None;
    }
    // The name ends at the first quote or `]` (a name holds neither), so no index is searched
    // past its own end.
    let inside = body.get(at + 1..)?;
    let end = at + 1 + inside.find([quote as char, ']'])?;
    (bytes.get(end) == Some(&quote) && bytes.get(end + 1) == Some(&b']'))
        .then(|| (body.get(at + 1..end).unwrap_or("").to_owned(), end + 2))
}

/// The offset after the single-quoted string that starts at `at`.
fn skip_string(bytes: &[u8], at: usize) -> usize {
    let mut i = at + 1;
    while let Some(&b) = bytes.get(i) {
        if b == b'\'' {
            if bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    i
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// The identifier starting at `at` and the offset after it.
fn ident(body: &str, at: usize) -> (&str, usize) {
    let bytes = body.as_bytes();
    let mut end = at;
    while bytes.get(end).is_some_and(|&b| is_ident(b)) {
        end += 1;
    }
    (&body[at..end], end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(text: &str) -> Vec<Vec<String>> {
        expressions(text).into_iter().map(|e| e.contexts).collect()
    }

    #[test]
    fn finds_expressions_and_their_contexts() {
        let found = expressions("echo \"${{ github.event.issue.title }}\" ${{ 1 }}");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].text, "github.event.issue.title");
        assert_eq!(found[0].offset, 6);
        assert_eq!(found[0].contexts, ["github.event.issue.title"]);
        assert!(found[1].contexts.is_empty());
    }

    #[test]
    fn normalises_indexes_case_and_functions() {
        assert_eq!(
            ctx("${{ GitHub.Event['Pull_Request'].TITLE }}"),
            [["github.event.pull_request.title"]]
        );
        assert_eq!(
            ctx("${{ toJSON(github.event.commits.*.message) }}"),
            [["github.event.commits.*.message"]]
        );
        assert_eq!(
            ctx("${{ contains(github.event.pull_request.labels.*.name, 'ok') && env.X }}"),
            [["github.event.pull_request.labels.*.name", "env.x"]]
        );
        assert_eq!(
            ctx("${{ steps.meta.outputs['tags'] }}"),
            [["steps.meta.outputs.tags"]]
        );
        assert_eq!(
            ctx("${{ github.event.commits[0].author.name }}"),
            [["github.event.commits.*.author.name"]]
        );
        assert_eq!(
            ctx("${{ fromJSON(needs.a.outputs.m)[matrix.os] }}"),
            [["needs.a.outputs.m", "matrix.os"]]
        );
    }

    #[test]
    fn strings_are_not_contexts_and_do_not_close() {
        assert_eq!(ctx("${{ 'github.event }}' }}"), [Vec::<String>::new()]);
        assert_eq!(ctx("${{ 'it''s' == inputs.name }}"), [["inputs.name"]]);
        assert_eq!(
            ctx("${{ format('{0}', github.head_ref) }}"),
            [["github.head_ref"]]
        );
    }

    #[test]
    fn nested_indexes_cost_linear_time() {
        // Each `[` used to search to the end of the expression for its `]`.
        let text = format!("${{{{ {} }}}}", "github[".repeat(200_000));
        let found = expressions(&text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].contexts, ["github.*"]);
        let quotes = format!("${{{{ {} }}}}", "github['".repeat(200_000));
        assert_eq!(expressions(&quotes).len(), 1);
    }

    #[test]
    fn unclosed_and_hostile_texts_end() {
        assert!(expressions("${{ github.event.issue.title").is_empty());
        let deep = "${{ ".repeat(50_000) + &"}} ".repeat(50_000);
        assert_eq!(expressions(&deep).len(), 1);
        let many = "${{ github.x }}".repeat(20_000);
        assert_eq!(expressions(&many).len(), 20_000);
    }
}
