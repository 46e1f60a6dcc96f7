//! A Dockerfile's text as instructions: parser directives read off the top, comment lines
//! dropped, continuation lines joined (with the escape character the `escape` directive
//! chooses), and the bodies of here-documents (`RUN <<EOF`, `COPY <<EOF /dest`) taken whole.
//! Every instruction keeps the line it starts on and, for its joined text, the line each part
//! came from.

/// The parser directives.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Directives {
    pub syntax: Option<String>,
    pub escape: Option<char>,
    pub check: Option<String>,
}

/// A here-document: its delimiter, its body, and the line its body starts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heredoc {
    pub name: String,
    pub body: String,
    pub line: u32,
    /// `<<-`: leading tabs were stripped from the body.
    pub strip: bool,
}

/// One instruction as written: keyword, the rest of its text (continuations joined) and the
/// line where each joined part starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Raw {
    pub keyword: String,
    pub rest: String,
    pub line: u32,
    /// `(offset in rest, line)`: the part of `rest` from that offset came from that line.
    pub parts: Vec<(usize, u32)>,
    pub heredocs: Vec<Heredoc>,
}

impl Raw {
    /// The line of byte `offset` of `rest`.
    pub fn line_at(&self, offset: usize) -> u32 {
        let i = self.parts.partition_point(|(start, _)| *start <= offset);
        self.parts
            .get(i.saturating_sub(1))
            .map_or(self.line, |(_, line)| *line)
    }
}

/// Reads the directives and splits the rest into instructions.
pub fn split(text: &str) -> (Directives, Vec<Raw>) {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut directives = Directives::default();
    let mut i = 0;
    // Directives: `# key=value` lines at the very top; anything else ends them.
    while let Some(line) = lines.get(i) {
        let Some((key, value)) = directive(line) else {
            break;
        };
        match key.as_str() {
            "syntax" if directives.syntax.is_none() => directives.syntax = Some(value),
            "escape" if directives.escape.is_none() => {
                directives.escape = match value.as_str() {
                    "`" => Some('`'),
                    _ => Some('\\'),
                }
            }
            "check" if directives.check.is_none() => directives.check = Some(value),
            // An unknown key, or a directive written twice: a comment from here on.
            _ => break,
        }
        i += 1;
    }
    let escape = directives.escape.unwrap_or('\\');
    let mut out = Vec::new();
    while let Some(line) = lines.get(i) {
        let trimmed = line.trim_start();
        let number = line_number(i);
        if trimmed.trim_end().is_empty() || trimmed.starts_with('#') {
            i += 1;
            continue;
        }
        // Join continuation lines; comment and empty lines inside are skipped.
        let mut rest = String::new();
        let mut parts = Vec::new();
        let mut current = trimmed.trim_end_matches('\r');
        let mut current_line = number;
        loop {
            let (body, continued) = continuation(current, escape);
            parts.push((rest.len(), current_line));
            rest.push_str(body);
            i += 1;
            if !continued {
                break;
            }
            // The next line that is not a comment or empty continues this one.
            loop {
                match lines.get(i) {
                    Some(next) if next.trim().is_empty() || next.trim_start().starts_with('#') => {
                        i += 1;
                    }
                    _ => break,
                }
            }
            match lines.get(i) {
                Some(next) => {
                    current = next.trim_end_matches('\r');
                    current_line = line_number(i);
                }
                None => break,
            }
        }
        let (keyword, after) = split_keyword(&rest);
        let offset = rest.len() - after.len();
        let parts = parts
            .into_iter()
            .map(|(start, line)| (start.saturating_sub(offset), line))
            .collect();
        let mut raw = Raw {
            keyword: keyword.to_ascii_uppercase(),
            rest: after.to_owned(),
            line: number,
            parts,
            heredocs: Vec::new(),
        };
        let takes_heredocs = matches!(raw.keyword.as_str(), "RUN" | "COPY" | "ADD")
            || (raw.keyword == "ONBUILD" && heredoc_trigger(&raw.rest));
        if takes_heredocs {
            for (name, strip) in heredoc_names(&raw.rest) {
                let start = i;
                let mut body = String::new();
                let mut closed = false;
                while let Some(line) = lines.get(i) {
                    i += 1;
                    let line = line.trim_end_matches('\r');
                    let candidate = if strip {
                        line.trim_start_matches('\t')
                    } else {
                        line
                    };
                    if candidate == name {
                        closed = true;
                        break;
                    }
                    body.push_str(candidate);
                    body.push('\n');
                }
                raw.heredocs.push(Heredoc {
                    name: if closed { name } else { String::new() },
                    body,
                    line: line_number(start),
                    strip,
                });
            }
        }
        out.push(raw);
    }
    (directives, out)
}

/// `# key=value` as a parser directive: key lower case, value trimmed.
fn directive(line: &str) -> Option<(String, String)> {
    let body = line.trim().strip_prefix('#')?;
    let (key, value) = body.split_once('=')?;
    let key = key.trim();
    if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    Some((key.to_ascii_lowercase(), value.trim().to_owned()))
}

/// A line without its continuation escape, and whether it continues.
fn continuation(line: &str, escape: char) -> (&str, bool) {
    let trimmed = line.trim_end();
    match trimmed.strip_suffix(escape) {
        Some(body) => (body, true),
        None => (line, false),
    }
}

/// The keyword and the text after it (leading whitespace removed).
fn split_keyword(text: &str) -> (&str, &str) {
    let end = text.find(|c: char| c.is_whitespace()).unwrap_or(text.len());
    let (keyword, rest) = text.split_at(end);
    (keyword, rest.trim_start())
}

/// Whether an ONBUILD registers a RUN, COPY or ADD that could carry here-documents.
fn heredoc_trigger(rest: &str) -> bool {
    let (keyword, _) = split_keyword(rest);
    matches!(
        keyword.to_ascii_uppercase().as_str(),
        "RUN" | "COPY" | "ADD"
    )
}

/// The here-documents an instruction opens, in order: `<<NAME`, `<<-NAME`, `<<"NAME"`,
/// `<<'NAME'`, outside quotes.
pub fn heredoc_names(text: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut quote: Option<u8> = None;
    while i < bytes.len() {
        let b = bytes.get(i).copied().unwrap_or(0);
        if let Some(q) = quote {
            if b == q {
                quote = None;
            }
            i += 1;
            continue;
        }
        if b == b'\'' || b == b'"' {
            quote = Some(b);
            i += 1;
            continue;
        }
        if b == b'<' && bytes.get(i + 1) == Some(&b'<') && bytes.get(i + 2) != Some(&b'<') {
            let mut j = i + 2;
            let strip = bytes.get(j) == Some(&b'-');
            if strip {
                j += 1;
            }
            let quoted = match bytes.get(j) {
                Some(&q @ (b'"' | b'\'')) => {
                    j += 1;
                    Some(q)
                }
                _ => None,
            };
            let start = j;
            while matches!(bytes.get(j), Some(c) if c.is_ascii_alphanumeric() || *c == b'_' || *c == b'-' || *c == b'.')
            {
                j += 1;
            }
            if j > start
                && let Some(name) = text.get(start..j)
            {
                out.push((name.to_owned(), strip));
                if quoted.is_some() && bytes.get(j) == quoted.as_ref() {
                    j += 1;
                }
            }
            i = j.max(i + 2);
            continue;
        }
        i += 1;
    }
    out
}

/// The 1-based line number of 0-based line `i`.
fn line_number(i: usize) -> u32 {
    u32::try_from(i + 1).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_continuations_and_comments() {
        let text = "# syntax=docker/dockerfile:1\n# escape=`\n\nFROM alpine\nRUN apk add \\\n  curl `\n  # a comment\n\n  jq\n";
        let (d, raws) = split(text);
        assert_eq!(d.syntax.as_deref(), Some("docker/dockerfile:1"));
        assert_eq!(d.escape, Some('`'));
        // With the backtick escape, a backslash does not continue the line: `curl` starts an
        // instruction of its own, continued past the comment and the empty line.
        assert_eq!(raws.len(), 3);
        assert_eq!((raws[1].keyword.as_str(), raws[1].line), ("RUN", 5));
        assert_eq!(raws[1].rest, "apk add \\");
        assert_eq!(
            (raws[2].keyword.as_str(), raws[2].rest.as_str()),
            ("CURL", "jq")
        );
        let (_, raws) = split("FROM a\nRUN a \\\n  b \\\n  # c\n  d\n");
        let run = &raws[1];
        assert_eq!(run.rest, "a   b   d");
        assert_eq!(run.line_at(0), 2);
        assert_eq!(run.line_at(4), 3);
        assert_eq!(run.line_at(8), 5);
    }

    #[test]
    fn heredocs_are_taken_whole() {
        let text = "FROM a\nRUN <<EOF bash\napt-get update\nEOF\nCOPY <<-\"A\" <<B /x/\n\tone\n\tA\ntwo\nB\nUSER app\n";
        let (_, raws) = split(text);
        let kinds: Vec<&str> = raws.iter().map(|r| r.keyword.as_str()).collect();
        assert_eq!(kinds, ["FROM", "RUN", "COPY", "USER"]);
        assert_eq!(raws[1].heredocs[0].body, "apt-get update\n");
        assert_eq!(raws[1].heredocs[0].line, 3);
        assert_eq!(raws[2].heredocs[0].body, "one\n");
        assert_eq!(raws[2].heredocs[1].body, "two\n");
        assert_eq!(raws[3].line, 10);
    }

    #[test]
    fn an_unclosed_heredoc_takes_the_rest() {
        let (_, raws) = split("FROM a\nRUN <<EOF\nx\ny\n");
        assert_eq!(raws.len(), 2);
        assert_eq!(raws[1].heredocs[0].name, "");
        assert_eq!(raws[1].heredocs[0].body, "x\ny\n\n");
    }
}
