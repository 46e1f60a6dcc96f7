//! A check of a Terraform file's brackets before it is parsed: every `{`, `[` and `(` of the
//! code (not of strings, heredocs or comments; a template's `${` and `%{` open one) is closed
//! by its own kind, and nesting stays within [`MAX_DEPTH`].
//!
//! The parser (`hcl-edit`) backtracks through every open bracket when it fails, which takes
//! time exponential in how many are open: 20 unclosed `{` after expressions that do not parse
//! take seconds, 30 would take hours. Refusing unbalanced or over-deep text first, in one pass
//! with no recursion, keeps a hostile file from stalling a scan; a well-formed file is never
//! refused by it.

/// The deepest nesting of brackets accepted (the parser itself stops at 64).
pub const MAX_DEPTH: usize = 32;

/// Why the brackets of a text cannot be parsed, and the 1-based line where it shows.
#[derive(Debug, PartialEq, Eq)]
pub struct Problem {
    pub line: u32,
    pub message: String,
}

#[derive(Clone, Copy, PartialEq)]
enum Open {
    Bracket(u8),
    /// `${` or `%{` inside a string: closing it returns to the string.
    Template,
}

/// Checks the brackets of `text`.
pub fn check(text: &str) -> Result<(), Problem> {
    let bytes = text.as_bytes();
    let mut line: u32 = 1;
    let mut stack: Vec<(Open, u32)> = Vec::new();
    let mut in_string = false;
    let mut i = 0;
    let at = |k: usize| bytes.get(k).copied();
    while let Some(b) = at(i) {
        if b == b'\n' {
            line = line.saturating_add(1);
        }
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' => in_string = false,
                b'$' | b'%' if at(i + 1) == Some(b'{') => {
                    // `$${` and `%%{` are escapes, not templates.
                    if i > 0 && at(i - 1) == Some(b) {
                    } else {
                        stack.push((Open::Template, line));
                        in_string = false;
                        i += 1;
                    }
                }
                _ => {}
            }
            i += 1;
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'#' => i = skip_line(bytes, i),
            b'/' if at(i + 1) == Some(b'/') => i = skip_line(bytes, i),
            b'/' if at(i + 1) == Some(b'*') => {
                let end = text
                    .get(i + 2..)
                    .and_then(|rest| rest.find("*/"))
                    .map_or(bytes.len(), |k| i + 2 + k + 2);
                line = line.saturating_add(count_lines(bytes, i, end));
                i = end;
                continue;
            }
            b'<' if at(i + 1) == Some(b'<') => {
                if let Some((end, lines)) = heredoc(text, i) {
                    line = line.saturating_add(lines);
                    i = end;
                    continue;
                }
            }
            b'{' | b'[' | b'(' => {
                stack.push((Open::Bracket(b), line));
                if stack.len() > MAX_DEPTH {
                    return Err(Problem {
                        line,
                        message: format!("brackets nested more than {MAX_DEPTH} levels deep"),
                    });
                }
            }
            b'}' | b']' | b')' => {
                let want = match b {
                    b'}' => b'{',
                    b']' => b'[',
                    _ => b'(',
                };
                match stack.pop() {
                    Some((Open::Bracket(o), _)) if o == want => {}
                    Some((Open::Template, _)) if b == b'}' => in_string = true,
                    Some((_, opened)) => {
                        return Err(Problem {
                            line,
                            message: format!(
                                "`{}` does not close the bracket opened on line {opened}",
                                char::from(b)
                            ),
                        });
                    }
                    None => {
                        return Err(Problem {
                            line,
                            message: format!("`{}` closes no bracket", char::from(b)),
                        });
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    match stack.first() {
        Some((_, opened)) => Err(Problem {
            line: *opened,
            message: format!(
                "a bracket opened on line {opened} is never closed ({} open at the end)",
                stack.len()
            ),
        }),
        None => Ok(()),
    }
}

/// The offset of the line break ending the line at `i` (or the end).
fn skip_line(bytes: &[u8], i: usize) -> usize {
    bytes
        .get(i..)
        .and_then(|rest| rest.iter().position(|&c| c == b'\n'))
        .map_or(bytes.len(), |k| i + k)
}

fn count_lines(bytes: &[u8], from: usize, to: usize) -> u32 {
    let n = bytes
        .get(from..to.min(bytes.len()))
        .map_or(0, |s| s.iter().filter(|&&c| c == b'\n').count());
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A heredoc starting at `i` (`<<EOF` or `<<-EOF` and a line break): the offset after its
/// closing delimiter line (or the end) and the line breaks it spans; `None` if `<<` does not
/// start one.
fn heredoc(text: &str, i: usize) -> Option<(usize, u32)> {
    let rest = text.get(i + 2..)?;
    let rest_trimmed = rest.strip_prefix('-').unwrap_or(rest);
    let name_len = rest_trimmed
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(rest_trimmed.len());
    let name = rest_trimmed.get(..name_len)?;
    let after = rest_trimmed.get(name_len..)?;
    if name.is_empty() || !(after.starts_with('\n') || after.starts_with("\r\n")) {
        return None;
    }
    let body_start = text.len() - after.len();
    let bytes = text.as_bytes();
    let mut pos = body_start;
    while pos < text.len() {
        let end = skip_line(bytes, pos + 1);
        let l = text.get(pos + 1..end).unwrap_or("");
        if l.trim() == name {
            return Some((end, count_lines(bytes, i, end)));
        }
        pos = end;
    }
    Some((text.len(), count_lines(bytes, i, text.len())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_formed_text_passes() {
        for ok in [
            "resource \"a\" \"b\" {\n  x = [1, (2)]\n  y = { z = \"}\" }\n}\n",
            "x = \"${jsonencode({ a = [1] })}-%{if true}y%{endif}\"\n",
            "x = \"$${not} %%{not} \\\" { [\"\n",
            "# { unclosed in a comment\n// [ too\n/* ( and\n } here */\nx = 1\n",
            "x = <<EOF\n{ [ (\nEOF\ny = <<-JSON\n  {\"a\": \"}\"\n  JSON\n",
            "x = a << b\n",
        ] {
            assert_eq!(check(ok), Ok(()), "{ok:?}");
        }
    }

    #[test]
    fn unbalanced_and_deep_text_is_refused_with_its_line() {
        assert_eq!(check("a {\n  b = [1\n}\n").map_err(|p| p.line), Err(3));
        assert_eq!(check("x = 1\n}\n").map_err(|p| p.line), Err(2));
        assert_eq!(check("x {\n y {\n").map_err(|p| p.line), Err(1));
        assert_eq!(check("x = \"${a\n").map_err(|p| p.line), Err(1));
        let deep = format!(
            "x = {}{}",
            "[".repeat(MAX_DEPTH + 1),
            "]".repeat(MAX_DEPTH + 1)
        );
        assert!(check(&deep).is_err());
        let fine = format!("x = {}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert_eq!(check(&fine), Ok(()));
    }
}
