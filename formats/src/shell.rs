//! The simple commands of a shell text (a `RUN` line, the body of a here-document it runs):
//! which programs run, with which words, in which pipelines, so that rules can ask "which
//! packages does `apt-get install` install?" or "is `curl` piped into `sh`?".
//!
//! This is a lexer for the POSIX shell's command language, not an interpreter: it follows
//! quoting (single, double, backslash), command substitution (`$(...)` and backticks, whose
//! commands are commands too), parameter expansion (`${...}`, kept as written), operators
//! (`&&`, `||`, `;`, `|`, `&`, `;;`), grouping (`( )`, `{ }`), redirections (their targets are
//! not arguments), here-documents (their bodies are not commands) and the reserved words of
//! compound commands (`if`, `for`, `while`, `case`...), whose bodies yield their commands.
//! Nothing is expanded. It runs in one pass with an explicit stack (no recursion), so any
//! text, however nested, costs time linear in its length and no stack.

/// One simple command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Command {
    /// The command word as written, quotes removed (`/usr/bin/curl`).
    pub name: String,
    /// The words after it, quotes removed, substitutions as written.
    pub args: Vec<String>,
    /// `NAME=value` words written before the command.
    pub assignments: Vec<String>,
    /// The byte offset of its first word in the text.
    pub offset: usize,
    /// The index (in the output) of the next command of its pipeline, if it is piped.
    pub pipe_to: Option<usize>,
    /// Whether it runs only if the command before it succeeded (it follows `&&`).
    pub chained: bool,
}

impl Command {
    /// The last path component of the command word (`curl` for `/usr/bin/curl`).
    pub fn program(&self) -> &str {
        self.name.rsplit('/').next().unwrap_or(&self.name)
    }
}

/// A word being read.
#[derive(Default)]
struct Word {
    text: String,
    start: usize,
    /// Whether any part of it was quoted (a quoted `A=1` is not an assignment, a quoted `if`
    /// is not a reserved word).
    quoted: bool,
}

/// How the words of a command end.
#[derive(Clone, Copy, PartialEq, Eq)]
enum End {
    /// `;`, `&`, a newline, a closing bracket, or the end of the text.
    Plain,
    /// `&&`.
    And,
    /// `||`.
    Or,
    /// `|` or `|&`.
    Pipe,
}

/// The words of the command being read, in one frame.
#[derive(Default)]
struct Pending {
    words: Vec<Word>,
    /// The next word is the target of a redirection.
    redirect: bool,
    /// The next word ends a here-document's header: remember it as a delimiter.
    heredoc: Option<bool>,
    /// The command before this one ended with `&&`.
    chained: bool,
    /// The output index of the command piped into this one.
    piped_from: Option<usize>,
    /// Words to skip up to this word: the header of `for` (up to `do`) or `case` (up to
    /// `in`).
    skip_header: Option<&'static str>,
}

/// A level of command substitution (or the text itself, at the bottom).
struct Frame {
    kind: FrameKind,
    /// Where the substitution's text starts (after `$(` or the backtick).
    start: usize,
    /// Open parentheses inside a `$(` frame, so `$( (a) )` closes at the right one.
    parens: u32,
    /// Whether the frame was opened inside double quotes of its parent.
    in_quotes: bool,
    /// Whether we are inside double quotes in this frame.
    quotes: bool,
    word: Option<Word>,
    pending: Pending,
    /// `case` commands open in this frame: a word before `)` is a pattern.
    cases: u32,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum FrameKind {
    Top,
    Dollar,
    Backtick,
}

impl Frame {
    fn new(kind: FrameKind, start: usize, in_quotes: bool) -> Frame {
        Frame {
            kind,
            start,
            parens: 0,
            in_quotes,
            quotes: false,
            word: None,
            pending: Pending::default(),
            cases: 0,
        }
    }

    /// The word being read, started at `at` if there is none.
    fn word(&mut self, at: usize) -> &mut Word {
        self.word.get_or_insert_with(|| Word {
            start: at,
            ..Word::default()
        })
    }
}

/// The most levels of command substitution whose commands are read.
const MAX_FRAMES: usize = 16;

/// Reserved words that open or continue compound commands: the command after them is the
/// next word.
const RESERVED: &[&str] = &[
    "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "{", "}", "!", "esac",
    "time",
];

/// The simple commands of `text`, in the order they start.
pub fn commands(text: &str) -> Vec<Command> {
    let mut lexer = Lexer {
        text,
        out: Vec::new(),
        frames: vec![Frame::new(FrameKind::Top, 0, false)],
        heredocs: Vec::new(),
    };
    lexer.run();
    let mut order: Vec<usize> = (0..lexer.out.len()).collect();
    order.sort_by_key(|&i| lexer.out.get(i).map_or(0, |c| c.offset));
    let mut position = vec![0; lexer.out.len()];
    for (new, &old) in order.iter().enumerate() {
        if let Some(p) = position.get_mut(old) {
            *p = new;
        }
    }
    let mut sorted: Vec<Command> = Vec::with_capacity(lexer.out.len());
    for &old in &order {
        if let Some(c) = lexer.out.get(old) {
            let mut c = c.clone();
            c.pipe_to = c.pipe_to.and_then(|t| position.get(t).copied());
            sorted.push(c);
        }
    }
    sorted
}

struct Lexer<'t> {
    text: &'t str,
    out: Vec<Command>,
    frames: Vec<Frame>,
    /// Here-document delimiters waiting for the end of the line (`<<-` strips tabs).
    heredocs: Vec<(String, bool)>,
}

impl Lexer<'_> {
    fn frame(&mut self) -> &mut Frame {
        // The bottom frame is never popped.
        let last = self.frames.len() - 1;
        #[expect(
            clippy::indexing_slicing,
            reason = "frames always holds the bottom frame"
        )]
        &mut self.frames[last]
    }

    fn run(&mut self) {
        let bytes = self.text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let c = bytes.get(i).copied().unwrap_or(0);
            let next = bytes.get(i + 1).copied().unwrap_or(0);
            if self.frame().quotes {
                i = self.in_double_quotes(i, c, next);
                continue;
            }
            match c {
                b' ' | b'\t' | b'\r' => {
                    self.end_word();
                    i += 1;
                }
                b'\n' => {
                    self.end_word();
                    self.end_command(End::Plain);
                    i = self.skip_heredoc_bodies(i + 1);
                }
                b'#' if self.frame().word.is_none() => {
                    while i < bytes.len() && bytes.get(i) != Some(&b'\n') {
                        i += 1;
                    }
                }
                b'\\' => {
                    if next == b'\n' {
                        i += 2;
                    } else {
                        let ch = self.char_at(i + 1);
                        let w = self.frame().word(i);
                        w.quoted = true;
                        if let Some(ch) = ch {
                            w.text.push(ch);
                            i += 1 + ch.len_utf8();
                        } else {
                            i += 1;
                        }
                    }
                }
                b'\'' => {
                    let end = self
                        .text
                        .get(i + 1..)
                        .and_then(|r| r.find('\''))
                        .map_or(bytes.len(), |e| i + 1 + e);
                    let part = self.text.get(i + 1..end).unwrap_or_default().to_owned();
                    let w = self.frame().word(i);
                    w.quoted = true;
                    w.text.push_str(&part);
                    i = end + 1;
                }
                b'"' => {
                    let f = self.frame();
                    f.word(i).quoted = true;
                    f.quotes = true;
                    i += 1;
                }
                b'$' | b'`' => i = self.dollar_or_backtick(i, c, next),
                b')' if self.frame().kind == FrameKind::Dollar && self.frame().parens == 0 => {
                    i = self.pop(i, 1);
                }
                b'&' | b'|' | b';' | b'(' | b')' => i = self.operator(i, c, next),
                b'<' | b'>' => i = self.redirection(i, c, next),
                _ => {
                    let ch = self.char_at(i).unwrap_or('\u{fffd}');
                    self.frame().word(i).text.push(ch);
                    i += ch.len_utf8().max(1);
                }
            }
        }
        while self.frames.len() > 1 {
            self.pop(bytes.len(), 0);
        }
        self.end_word();
        self.end_command(End::Plain);
    }

    fn char_at(&self, i: usize) -> Option<char> {
        self.text.get(i..).and_then(|r| r.chars().next())
    }

    /// One step inside double quotes.
    fn in_double_quotes(&mut self, i: usize, c: u8, next: u8) -> usize {
        match c {
            b'"' => {
                self.frame().quotes = false;
                i + 1
            }
            b'\\' if matches!(next, b'"' | b'\\' | b'$' | b'`') => {
                self.frame().word(i).text.push(char::from(next));
                i + 2
            }
            b'\\' if next == b'\n' => i + 2,
            b'$' | b'`' => self.dollar_or_backtick(i, c, next),
            _ => {
                let ch = self.char_at(i).unwrap_or('\u{fffd}');
                self.frame().word(i).text.push(ch);
                i + ch.len_utf8().max(1)
            }
        }
    }

    /// `$(`, `$((`, `${`, `$x` or a backtick at `i`.
    fn dollar_or_backtick(&mut self, i: usize, c: u8, next: u8) -> usize {
        let in_quotes = self.frame().quotes;
        if c == b'`' && self.frame().kind == FrameKind::Backtick && !in_quotes {
            return self.pop(i, 1);
        }
        if self.frames.len() >= MAX_FRAMES && (c == b'`' || next == b'(') {
            // Deeper substitutions are kept as written, without their commands, so that
            // nesting costs no more than a fixed number of copies of the text.
            let end = if c == b'`' {
                self.text
                    .get(i + 1..)
                    .and_then(|r| r.find('`'))
                    .map_or(self.text.len(), |e| i + 2 + e)
            } else {
                self.balanced(i + 1, b'(', b')')
            };
            let part = self.text.get(i..end).unwrap_or_default().to_owned();
            self.frame().word(i).text.push_str(&part);
            return end;
        }
        if c == b'`' {
            self.frame().word(i);
            self.frames
                .push(Frame::new(FrameKind::Backtick, i + 1, in_quotes));
            return i + 1;
        }
        match next {
            b'(' if self.text.as_bytes().get(i + 2) == Some(&b'(') => {
                // Arithmetic: kept as written, no commands inside.
                let end = self.balanced(i + 1, b'(', b')');
                let part = self.text.get(i..end).unwrap_or_default().to_owned();
                self.frame().word(i).text.push_str(&part);
                end
            }
            b'(' => {
                self.frame().word(i);
                self.frames
                    .push(Frame::new(FrameKind::Dollar, i + 2, in_quotes));
                i + 2
            }
            b'{' => {
                let end = self.balanced(i + 1, b'{', b'}');
                let part = self.text.get(i..end).unwrap_or_default().to_owned();
                self.frame().word(i).text.push_str(&part);
                end
            }
            _ => {
                self.frame().word(i).text.push('$');
                i + 1
            }
        }
    }

    /// The offset after the bracket closing the one opened at `open_at`.
    fn balanced(&self, open_at: usize, open: u8, close: u8) -> usize {
        let bytes = self.text.as_bytes();
        let mut depth = 0u32;
        let mut j = open_at;
        while j < bytes.len() {
            let b = bytes.get(j).copied().unwrap_or(0);
            if b == b'\\' {
                j += 2;
                continue;
            }
            if b == open {
                depth += 1;
            } else if b == close {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return j + 1;
                }
            }
            j += 1;
        }
        bytes.len()
    }

    /// Ends the substitution frame whose closing token (`len` bytes) is at `i`: its commands
    /// are done and its text becomes part of the parent's word.
    fn pop(&mut self, i: usize, len: usize) -> usize {
        self.end_word();
        self.end_command(End::Plain);
        if self.frames.len() <= 1 {
            return i + len;
        }
        let Some(frame) = self.frames.pop() else {
            return i + len;
        };
        let opener = match frame.kind {
            FrameKind::Dollar => "$(",
            _ => "`",
        };
        let inner = self.text.get(frame.start..i).unwrap_or_default();
        let closer = self.text.get(i..i + len).unwrap_or_default();
        let text = format!("{opener}{inner}{closer}");
        let parent = self.frame();
        parent.quotes = frame.in_quotes;
        parent.word(frame.start).text.push_str(&text);
        i + len
    }

    fn operator(&mut self, i: usize, c: u8, next: u8) -> usize {
        self.end_word();
        match (c, next) {
            (b'&', b'&') => {
                self.end_command(End::And);
                i + 2
            }
            (b'|', b'|') => {
                self.end_command(End::Or);
                i + 2
            }
            (b'|', b'&') => {
                self.end_command(End::Pipe);
                i + 2
            }
            (b'|', _) => {
                self.end_command(End::Pipe);
                i + 1
            }
            (b';', b';') => {
                self.end_command(End::Plain);
                i + 2
            }
            (b'&', b'>') => self.redirection(i + 1, b'>', 0),
            (b'(', _) => {
                if self.frame().kind == FrameKind::Dollar {
                    self.frame().parens += 1;
                }
                self.end_command(End::Plain);
                i + 1
            }
            (b')', _) => {
                let f = self.frame();
                f.parens = f.parens.saturating_sub(1);
                // A `case` pattern (`x)`) is not a command.
                let pattern = f.cases > 0 && f.pending.words.len() <= 1;
                if pattern {
                    f.pending = Pending::default();
                } else {
                    self.end_command(End::Plain);
                }
                i + 1
            }
            _ => {
                self.end_command(End::Plain);
                i + 1
            }
        }
    }

    /// A redirection operator at `i`; its target word is not an argument.
    fn redirection(&mut self, i: usize, c: u8, next: u8) -> usize {
        // A word of digits right before it is the file descriptor, not an argument.
        if let Some(w) = &self.frame().word
            && !w.quoted
            && !w.text.is_empty()
            && w.text.bytes().all(|b| b.is_ascii_digit())
        {
            self.frame().word = None;
        }
        self.end_word();
        let bytes = self.text.as_bytes();
        let mut j = i + 1;
        if c == b'<' && next == b'<' {
            j += 1;
            if bytes.get(j) == Some(&b'<') {
                j += 1;
                self.frame().pending.redirect = true;
                return j;
            }
            let strip = bytes.get(j) == Some(&b'-');
            if strip {
                j += 1;
            }
            self.frame().pending.heredoc = Some(strip);
            return j;
        }
        if matches!(bytes.get(j), Some(b'>' | b'&' | b'|')) {
            j += 1;
        }
        self.frame().pending.redirect = true;
        j
    }

    /// After a newline: skips the bodies of the here-documents opened on the line.
    fn skip_heredoc_bodies(&mut self, mut i: usize) -> usize {
        let pending = std::mem::take(&mut self.heredocs);
        for (delimiter, strip) in pending {
            loop {
                let rest = self.text.get(i..).unwrap_or_default();
                if rest.is_empty() {
                    return self.text.len();
                }
                let end = rest.find('\n').map_or(rest.len(), |e| e);
                let line = rest.get(..end).unwrap_or_default();
                let line = if strip {
                    line.trim_start_matches('\t')
                } else {
                    line
                };
                i += end + 1;
                if line == delimiter {
                    break;
                }
            }
        }
        i.min(self.text.len())
    }

    fn end_word(&mut self) {
        let f = self.frame();
        let Some(word) = f.word.take() else {
            return;
        };
        if f.pending.redirect {
            f.pending.redirect = false;
            return;
        }
        if let Some(strip) = f.pending.heredoc.take() {
            let delimiter = word.text;
            self.heredocs.push((delimiter, strip));
            return;
        }
        let p = &mut f.pending;
        // The header of `for`/`select` (up to `do`) or `case` (up to `in`) holds no command.
        if let Some(end) = p.skip_header {
            if word.text == end && !word.quoted {
                p.skip_header = None;
                if end == "in" {
                    f.cases += 1;
                }
            }
            return;
        }
        let command_started = p.words.iter().any(|w| !is_assignment(w));
        if !command_started && !word.quoted {
            match word.text.as_str() {
                "for" | "select" => {
                    p.skip_header = Some("do");
                    return;
                }
                "case" => {
                    p.skip_header = Some("in");
                    return;
                }
                "esac" => f.cases = f.cases.saturating_sub(1),
                _ => {}
            }
            if RESERVED.contains(&word.text.as_str()) {
                return;
            }
        }
        p.words.push(word);
    }

    fn end_command(&mut self, end: End) {
        let frame = self.frame();
        let pending = std::mem::take(&mut frame.pending);
        let skip_header = pending.skip_header;
        let mut assignments = Vec::new();
        let mut words = pending.words.into_iter().peekable();
        while let Some(w) = words.next_if(is_assignment) {
            assignments.push(w.text);
        }
        let index = self.out.len();
        let made = match words.next() {
            Some(name) => {
                self.out.push(Command {
                    offset: name.start,
                    name: name.text,
                    args: words.map(|w| w.text).collect(),
                    assignments,
                    pipe_to: None,
                    chained: pending.chained,
                });
                if let Some(from) = pending.piped_from
                    && let Some(c) = self.out.get_mut(from)
                {
                    c.pipe_to = Some(index);
                }
                true
            }
            None => false,
        };
        let next = &mut self.frame().pending;
        next.skip_header = if made { None } else { skip_header };
        match end {
            End::And => next.chained = true,
            End::Pipe if made => next.piped_from = Some(index),
            End::Pipe | End::Or | End::Plain => {}
        }
    }
}

/// Whether a word is a variable assignment (`NAME=value`, unquoted name).
fn is_assignment(w: &Word) -> bool {
    let Some((name, _)) = w.text.split_once('=') else {
        return false;
    };
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(text: &str) -> Vec<String> {
        commands(text)
            .iter()
            .map(|c| {
                let mut s = c.name.clone();
                for a in &c.args {
                    s.push(' ');
                    s.push_str(a);
                }
                if let Some(t) = c.pipe_to {
                    s.push_str(&format!(" |{t}"));
                }
                if c.chained {
                    s.insert_str(0, "&& ");
                }
                s
            })
            .collect()
    }

    #[test]
    fn chains_pipes_and_quotes() {
        assert_eq!(
            show("apt-get update && apt-get install -y 'a b' c=1 ; curl -fsSL \"x y\" | sh -"),
            [
                "apt-get update",
                "&& apt-get install -y a b c=1",
                "curl -fsSL x y |3",
                "sh -"
            ]
        );
    }

    #[test]
    fn assignments_redirections_and_fds() {
        let c = commands("DEBIAN_FRONTEND=noninteractive apt-get install -y x > /dev/null 2>&1");
        assert_eq!(c.len(), 1);
        let c = &c[0];
        assert_eq!(c.name, "apt-get");
        assert_eq!(c.assignments, ["DEBIAN_FRONTEND=noninteractive"]);
        assert_eq!(c.args, ["install", "-y", "x"]);
    }

    #[test]
    fn substitutions_hold_commands() {
        assert_eq!(
            show("sh -c \"$(curl -fsSL https://x/install.sh)\" && echo `wget -qO- y | bash`"),
            [
                "sh -c $(curl -fsSL https://x/install.sh)",
                "curl -fsSL https://x/install.sh",
                "&& echo `wget -qO- y | bash`",
                "wget -qO- y |4",
                "bash",
            ]
        );
    }

    #[test]
    fn compound_commands_yield_their_bodies() {
        assert_eq!(
            show("if [ -f x ]; then rm x; else touch y; fi; for p in a b; do pip install $p; done"),
            ["[ -f x ]", "rm x", "touch y", "pip install $p"]
        );
        assert_eq!(
            show("case \"$A\" in amd64) echo a ;; *) echo b ;; esac"),
            ["echo a", "echo b"]
        );
        assert_eq!(
            show("(cd /x && make) || { echo failed; exit 1; }"),
            ["cd /x", "&& make", "echo failed", "exit 1"]
        );
    }

    #[test]
    fn heredoc_bodies_are_not_commands() {
        assert_eq!(
            show("cat <<EOF > /etc/x\nrm -rf /\nEOF\necho done"),
            ["cat", "echo done"]
        );
    }

    #[test]
    fn parameter_expansion_and_arithmetic_stay_words() {
        assert_eq!(
            show("echo ${A:-$(id -u)} $((1 + 2)) $HOME"),
            ["echo ${A:-$(id -u)} $((1 + 2)) $HOME"]
        );
    }

    #[test]
    fn hostile_texts_stay_linear_and_total() {
        let deep = "$(".repeat(100_000);
        let c = commands(&deep);
        assert!(c.len() <= MAX_FRAMES + 1);
        let closed = format!("{}x{}", "$(".repeat(50_000), ")".repeat(50_000));
        assert!(commands(&closed).len() <= MAX_FRAMES + 1);
        let quotes = "\"".repeat(10_001);
        let _ = commands(&quotes);
        let ops = "&&|;()".repeat(50_000);
        assert!(commands(&ops).is_empty());
        for text in ["\\", "'", "$", "`", "${", "$((", "<<", "a <<", "x)", "))))"] {
            let _ = commands(text);
        }
    }
}
