//! One instruction's text read into its parts: flags, exec or shell form, the commands of a
//! shell-form RUN, key-value pairs, sources and destination, user and group, ports, and the
//! trigger of an ONBUILD.

use super::subst::{Vars, substitute};
use super::text::Raw;
use crate::shell;

/// The instructions a Dockerfile may contain.
pub const KEYWORDS: &[&str] = &[
    "ADD",
    "ARG",
    "CMD",
    "COPY",
    "ENTRYPOINT",
    "ENV",
    "EXPOSE",
    "FROM",
    "HEALTHCHECK",
    "LABEL",
    "MAINTAINER",
    "ONBUILD",
    "RUN",
    "SHELL",
    "STOPSIGNAL",
    "USER",
    "VOLUME",
    "WORKDIR",
];

/// A flag: `--name=value` or `--name`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flag {
    pub name: String,
    pub value: Option<String>,
}

/// A command of a RUN, with its line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cmd {
    pub command: shell::Command,
    pub pipe_to: Option<String>,
    pub line: u32,
}

/// A port of EXPOSE.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Port {
    pub text: String,
    pub port: Option<i64>,
    pub protocol: String,
}

/// An instruction read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Instr {
    pub keyword: String,
    pub line: u32,
    pub text: String,
    pub flags: Vec<Flag>,
    pub exec: Option<Vec<String>>,
    pub shell: Option<String>,
    pub commands: Vec<Cmd>,
    pub pairs: Vec<(String, Option<String>)>,
    pub sources: Vec<String>,
    pub destination: Option<String>,
    pub from_stage: Option<usize>,
    pub user: Option<String>,
    pub group: Option<String>,
    pub ports: Vec<Port>,
    pub path: Option<String>,
    pub heredocs: Vec<super::text::Heredoc>,
    pub trigger: Option<(String, String)>,
    pub disabled: bool,
}

/// Reads `raw`, substituting `vars` where the frontend does.
pub fn read(raw: &Raw, vars: &Vars, escape: char) -> Instr {
    let (flags, after_flags) = take_flags(&raw.rest);
    let flag_len = raw.rest.len() - after_flags.len();
    let mut out = Instr {
        keyword: raw.keyword.clone(),
        line: raw.line,
        text: after_flags.trim_end().to_owned(),
        flags,
        heredocs: raw.heredocs.clone(),
        ..Instr::default()
    };
    let sub = |s: &str| substitute(s, vars, escape).0;
    match raw.keyword.as_str() {
        "RUN" => {
            match exec_form(after_flags) {
                Some(words) => {
                    let command = words_command(&words);
                    out.commands.extend(command.map(|command| Cmd {
                        command,
                        pipe_to: None,
                        line: raw.line,
                    }));
                    // `["sh", "-c", "a | b"]`: the script's commands are commands too.
                    if let Some(script) = shell_script(&words) {
                        out.commands.extend(text_commands(script, raw.line));
                    }
                    out.exec = Some(words);
                }
                None => {
                    out.commands = run_commands(raw, flag_len, after_flags);
                    out.shell = Some(after_flags.trim_end().to_owned());
                }
            }
            for h in &raw.heredocs {
                // A heredoc given to the shell (`RUN <<EOF`, `RUN bash <<EOF`) holds commands.
                let runs = out.commands.first().is_none_or(|c| {
                    matches!(c.command.program(), "sh" | "bash" | "ash" | "dash" | "zsh")
                });
                if runs {
                    out.commands.extend(text_commands(&h.body, h.line));
                }
            }
        }
        "CMD" | "ENTRYPOINT" => match exec_form(after_flags) {
            Some(words) => out.exec = Some(words),
            None => out.shell = Some(after_flags.trim_end().to_owned()),
        },
        "SHELL" => out.exec = exec_form(after_flags),
        "HEALTHCHECK" => {
            let (keyword, rest) = split_word(after_flags);
            if keyword.eq_ignore_ascii_case("NONE") {
                out.disabled = true;
            } else if keyword.eq_ignore_ascii_case("CMD") {
                match exec_form(rest) {
                    Some(words) => out.exec = Some(words),
                    None => out.shell = Some(rest.trim_end().to_owned()),
                }
            }
        }
        "ENV" | "LABEL" => out.pairs = pairs(after_flags, escape, vars),
        "ARG" => {
            for word in words(after_flags, escape) {
                match word.split_once('=') {
                    Some((k, v)) => out.pairs.push((k.to_owned(), Some(sub(v)))),
                    None => out.pairs.push((word, None)),
                }
            }
        }
        "COPY" | "ADD" => {
            let mut parts = exec_form(after_flags).unwrap_or_else(|| words(after_flags, escape));
            parts.iter_mut().for_each(|p| *p = sub(p));
            out.destination = parts.pop();
            // Here-documents (`COPY <<EOF /dest`) are sources given in `heredocs`.
            parts.retain(|p| !p.starts_with("<<") || raw.heredocs.is_empty());
            out.sources = parts;
        }
        "USER" => {
            let text = sub(after_flags.trim());
            match text.split_once(':') {
                Some((u, g)) => {
                    out.user = Some(u.to_owned());
                    out.group = Some(g.to_owned());
                }
                None => out.user = Some(text),
            }
        }
        "EXPOSE" => {
            for word in words(after_flags, escape) {
                let text = sub(&word);
                let (port, protocol) = match text.split_once('/') {
                    Some((p, proto)) => (p.to_owned(), proto.to_ascii_lowercase()),
                    None => (text.clone(), "tcp".to_owned()),
                };
                out.ports.push(Port {
                    port: port.parse().ok(),
                    text,
                    protocol,
                });
            }
        }
        "WORKDIR" => {
            let path = after_flags.trim();
            let path = unquote(path);
            out.path = Some(sub(path));
        }
        "ONBUILD" => {
            let (keyword, rest) = split_word(after_flags);
            out.trigger = Some((keyword.to_ascii_uppercase(), rest.trim_end().to_owned()));
        }
        _ => {}
    }
    out
}

/// The flags at the start of `text` and the text after them.
fn take_flags(text: &str) -> (Vec<Flag>, &str) {
    let mut flags = Vec::new();
    let mut rest = text.trim_start();
    while rest.starts_with("--") {
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let (word, after) = rest.split_at(end);
        let body = word.get(2..).unwrap_or_default();
        let flag = match body.split_once('=') {
            Some((n, v)) => Flag {
                name: n.to_ascii_lowercase(),
                value: Some(unquote(v).to_owned()),
            },
            None => Flag {
                name: body.to_ascii_lowercase(),
                value: None,
            },
        };
        flags.push(flag);
        rest = after.trim_start();
    }
    (flags, rest)
}

/// The first word of `text` and what follows it.
fn split_word(text: &str) -> (&str, &str) {
    let text = text.trim_start();
    let end = text.find(char::is_whitespace).unwrap_or(text.len());
    let (word, rest) = text.split_at(end);
    (word, rest.trim_start())
}

/// The exec form (a JSON array of strings), if `text` is one.
pub fn exec_form(text: &str) -> Option<Vec<String>> {
    let text = text.trim();
    if !text.starts_with('[') {
        return None;
    }
    serde_json::from_str::<Vec<String>>(text).ok()
}

/// The script of a shell run as `sh -c SCRIPT` (or bash, ash, dash, zsh).
fn shell_script(words: &[String]) -> Option<&str> {
    let (name, args) = words.split_first()?;
    let program = name.rsplit('/').next().unwrap_or(name);
    if !matches!(program, "sh" | "bash" | "ash" | "dash" | "zsh") {
        return None;
    }
    let at = args
        .iter()
        .position(|a| a.starts_with('-') && !a.starts_with("--") && a.contains('c'))?;
    args.get(at + 1).map(String::as_str)
}

/// A command made of exec-form words.
fn words_command(words: &[String]) -> Option<shell::Command> {
    let (name, args) = words.split_first()?;
    Some(shell::Command {
        name: name.clone(),
        args: args.to_vec(),
        assignments: Vec::new(),
        offset: 0,
        pipe_to: None,
        chained: false,
    })
}

/// The commands of a shell-form RUN, each with the Dockerfile line it starts on.
fn run_commands(raw: &Raw, flag_len: usize, text: &str) -> Vec<Cmd> {
    let commands = shell::commands(text);
    let names: Vec<String> = commands.iter().map(|c| c.program().to_owned()).collect();
    commands
        .into_iter()
        .map(|command| Cmd {
            line: raw.line_at(flag_len + command.offset),
            pipe_to: command.pipe_to.and_then(|t| names.get(t).cloned()),
            command,
        })
        .collect()
}

/// The commands of a here-document body starting at `line`.
fn text_commands(body: &str, line: u32) -> Vec<Cmd> {
    let commands = shell::commands(body);
    let names: Vec<String> = commands.iter().map(|c| c.program().to_owned()).collect();
    let mut starts = vec![0usize];
    starts.extend(body.match_indices('\n').map(|(i, _)| i + 1));
    commands
        .into_iter()
        .map(|command| {
            let lines_before = starts
                .partition_point(|s| *s <= command.offset)
                .saturating_sub(1);
            Cmd {
                line: line.saturating_add(u32::try_from(lines_before).unwrap_or(u32::MAX)),
                pipe_to: command.pipe_to.and_then(|t| names.get(t).cloned()),
                command,
            }
        })
        .collect()
}

/// `text` without one pair of surrounding double or single quotes.
fn unquote(text: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = text.strip_prefix(q).and_then(|t| t.strip_suffix(q)) {
            return inner;
        }
    }
    text
}

/// Words as the frontend splits ENV, LABEL, ARG, COPY, EXPOSE: whitespace separates, quotes
/// group and are removed, the escape character makes the next character literal.
pub fn words(text: &str, escape: char) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match quote {
            Some(q) if c == q => quote = None,
            Some('"') if c == escape => {
                if let Some(n) = chars.next() {
                    if n != '"' && n != escape {
                        word.push(c);
                    }
                    word.push(n);
                }
            }
            Some(_) => word.push(c),
            None if c.is_whitespace() => {
                if in_word {
                    out.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            None => {
                in_word = true;
                if c == '"' || c == '\'' {
                    quote = Some(c);
                } else if c == escape {
                    if let Some(n) = chars.next() {
                        word.push(n);
                    }
                } else {
                    word.push(c);
                }
            }
        }
    }
    if in_word {
        out.push(word);
    }
    out
}

/// The pairs of ENV or LABEL: `k=v k2="v 2"`, or the legacy `ENV key value with spaces`.
fn pairs(text: &str, escape: char, vars: &Vars) -> Vec<(String, Option<String>)> {
    let sub = |s: &str| substitute(s, vars, escape).0;
    let (first, rest) = split_word(text);
    if !first.contains('=') {
        let value = words(rest, escape).join(" ");
        return vec![(first.to_owned(), Some(sub(&value)))];
    }
    words(text, escape)
        .into_iter()
        .map(|w| match w.split_once('=') {
            Some((k, v)) => (k.to_owned(), Some(sub(v))),
            None => (w, None),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(keyword: &str, rest: &str) -> Raw {
        Raw {
            keyword: keyword.into(),
            rest: rest.into(),
            line: 4,
            parts: vec![(0, 4)],
            heredocs: Vec::new(),
        }
    }

    #[test]
    fn flags_and_forms() {
        let i = read(
            &raw("RUN", "--mount=type=secret,id=npm --network=none npm ci"),
            &Vars::new(),
            '\\',
        );
        assert_eq!(i.flags.len(), 2);
        assert_eq!(i.flags[0].value.as_deref(), Some("type=secret,id=npm"));
        assert_eq!(i.text, "npm ci");
        assert_eq!(i.commands[0].command.name, "npm");
        let i = read(
            &raw("CMD", r#"["nginx", "-g", "daemon off;"]"#),
            &Vars::new(),
            '\\',
        );
        assert_eq!(
            i.exec.as_deref(),
            Some(&["nginx".to_owned(), "-g".into(), "daemon off;".into()][..])
        );
        let i = read(
            &raw("RUN", r#"["/bin/sh", "-c", "echo hi | tee /x"]"#),
            &Vars::new(),
            '\\',
        );
        let names: Vec<&str> = i.commands.iter().map(|c| c.command.program()).collect();
        assert_eq!(names, ["sh", "echo", "tee"]);
        assert_eq!(i.commands[1].pipe_to.as_deref(), Some("tee"));
        let i = read(&raw("ENTRYPOINT", "[not json"), &Vars::new(), '\\');
        assert_eq!(i.shell.as_deref(), Some("[not json"));
    }

    #[test]
    fn pairs_and_words() {
        let mut vars = Vars::new();
        vars.insert("V".into(), Some("1".into()));
        let i = read(&raw("ENV", r#"A=1 B="two words" C=$V"#), &vars, '\\');
        assert_eq!(
            i.pairs,
            [
                ("A".into(), Some("1".into())),
                ("B".into(), Some("two words".into())),
                ("C".into(), Some("1".into()))
            ]
        );
        let i = read(&raw("ENV", "LEGACY value with spaces"), &vars, '\\');
        assert_eq!(
            i.pairs,
            [("LEGACY".into(), Some("value with spaces".into()))]
        );
        let i = read(
            &raw("COPY", "--chown=app a.txt \"b c\" /dest/"),
            &vars,
            '\\',
        );
        assert_eq!(i.sources, ["a.txt", "b c"]);
        assert_eq!(i.destination.as_deref(), Some("/dest/"));
        let i = read(&raw("USER", "1000:1000"), &vars, '\\');
        assert_eq!(
            (i.user.as_deref(), i.group.as_deref()),
            (Some("1000"), Some("1000"))
        );
        let i = read(&raw("EXPOSE", "80 53/UDP 8000-8010 $V"), &vars, '\\');
        let ports: Vec<_> = i
            .ports
            .iter()
            .map(|p| (p.text.as_str(), p.port, p.protocol.as_str()))
            .collect();
        assert_eq!(
            ports,
            [
                ("80", Some(80), "tcp"),
                ("53/UDP", Some(53), "udp"),
                ("8000-8010", None, "tcp"),
                ("1", Some(1), "tcp")
            ]
        );
        let i = read(
            &raw("HEALTHCHECK", "--interval=5s CMD curl -f http://localhost/"),
            &vars,
            '\\',
        );
        assert_eq!(i.shell.as_deref(), Some("curl -f http://localhost/"));
        let i = read(&raw("ONBUILD", "run make"), &vars, '\\');
        assert_eq!(i.trigger, Some(("RUN".into(), "make".into())));
    }
}
