//! The document IR the formatter lays out, and its printer: a Wadler/Oppen pretty printer in the
//! style of Prettier and `gleam format`. Layout code builds a `Doc` tree of text, line breaks
//! and groups; the printer decides, group by group and left to right, whether a group fits on
//! the rest of the line (then all its line breaks print as spaces or nothing) or breaks (then
//! they print as newlines at the group's indentation). The printer is iterative, so a deep
//! document costs heap, not call stack.

use std::borrow::Cow;

/// A document to lay out.
#[derive(Clone, Debug)]
pub(crate) enum Doc<'a> {
    /// Text without line breaks (a multi-line block comment is the one exception; it comes
    /// with a `BreakParent`).
    Text(Cow<'a, str>),
    /// A space when the enclosing group is flat, a newline when it breaks.
    Line,
    /// Nothing when the enclosing group is flat, a newline when it breaks.
    SoftLine,
    /// Always a newline; a group containing one cannot be flat.
    HardLine,
    /// An empty line: two newlines, no indentation on the empty one.
    BlankLine,
    /// The content, with line breaks indented one more level.
    Nest(Box<Doc<'a>>),
    /// A unit that is printed flat if it fits and broken otherwise; `broken` forces breaking.
    Group(Box<Doc<'a>>, bool),
    /// The first document when the enclosing group breaks, the second when it is flat.
    IfBreak(Box<Doc<'a>>, Box<Doc<'a>>),
    /// The content printed flat, whatever the enclosing group does.
    Flat(Box<Doc<'a>>),
    /// Documents one after another.
    Concat(Vec<Doc<'a>>),
    /// Forces every enclosing group to break (after a line comment).
    BreakParent,
    /// Short texts joined by `,`: as many per line as fit, then a newline.
    Fill(Vec<Cow<'a, str>>),
    /// The first alternative that fits: the first is tried flat, the others as they are;
    /// when none fits, the first is printed broken.
    Choice(Vec<Doc<'a>>),
    /// Records the output offset at this point under the given number.
    Mark(usize),
    /// A space, unless the line is empty so far or already ends with one.
    SoftSpace,
    /// A newline, unless nothing has been written on the current line yet.
    FreshLine,
    /// A block comment written at `column` in the source: its later lines move as far left
    /// or right as its first line moves.
    BlockComment(Cow<'a, str>, usize),
}

impl<'a> Doc<'a> {
    pub(crate) fn text(s: impl Into<Cow<'a, str>>) -> Doc<'a> {
        Doc::Text(s.into())
    }

    pub(crate) fn nest(d: Doc<'a>) -> Doc<'a> {
        Doc::Nest(Box::new(d))
    }

    pub(crate) fn group(d: Doc<'a>) -> Doc<'a> {
        Doc::Group(Box::new(d), false)
    }

    pub(crate) fn broken(d: Doc<'a>) -> Doc<'a> {
        Doc::Group(Box::new(d), true)
    }

    pub(crate) fn if_break(broken: Doc<'a>, flat: Doc<'a>) -> Doc<'a> {
        Doc::IfBreak(Box::new(broken), Box::new(flat))
    }

    pub(crate) fn flat(d: Doc<'a>) -> Doc<'a> {
        Doc::Flat(Box::new(d))
    }

    pub(crate) fn nil() -> Doc<'a> {
        Doc::Concat(Vec::new())
    }

    /// Whether the document can never print on one line (it holds a forced break).
    pub(crate) fn has_hard_break(&self) -> bool {
        let mut stack = vec![self];
        while let Some(d) = stack.pop() {
            match d {
                Doc::HardLine | Doc::BlankLine | Doc::BreakParent | Doc::Group(_, true) => {
                    return true;
                }
                Doc::BlockComment(text, _) if text.contains('\n') => return true,
                Doc::Text(_)
                | Doc::Line
                | Doc::SoftLine
                | Doc::Fill(_)
                | Doc::Mark(_)
                | Doc::SoftSpace
                | Doc::FreshLine
                | Doc::BlockComment(..)
                | Doc::Choice(_) => {}
                Doc::Nest(d) | Doc::Group(d, false) | Doc::Flat(d) => stack.push(d),
                Doc::IfBreak(_, flat) => stack.push(flat),
                Doc::Concat(v) => stack.extend(v.iter()),
            }
        }
        false
    }
}

/// A sequence builder, so layout code reads top to bottom.
#[derive(Default)]
pub(crate) struct Docs<'a>(pub(crate) Vec<Doc<'a>>);

impl<'a> Docs<'a> {
    pub(crate) fn new() -> Docs<'a> {
        Docs(Vec::new())
    }

    pub(crate) fn push(&mut self, d: Doc<'a>) -> &mut Self {
        if !matches!(&d, Doc::Concat(v) if v.is_empty()) {
            self.0.push(d);
        }
        self
    }

    pub(crate) fn text(&mut self, s: impl Into<Cow<'a, str>>) -> &mut Self {
        self.0.push(Doc::Text(s.into()));
        self
    }

    pub(crate) fn build(mut self) -> Doc<'a> {
        if self.0.len() == 1
            && let Some(only) = self.0.pop()
        {
            return only;
        }
        Doc::Concat(self.0)
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mode {
    Flat,
    Break,
}

type Cmd<'d, 'a> = (usize, Mode, &'d Doc<'a>);

/// The printed text and the offsets of its marks.
pub(crate) struct Printed {
    pub text: String,
    /// `(mark number, byte offset)` in the order met.
    pub marks: Vec<(usize, usize)>,
}

/// Lays out `doc` in `width` columns, indenting by `indent` spaces per level.
pub(crate) fn print(doc: &Doc<'_>, width: usize, indent: usize, size_hint: usize) -> Printed {
    let mut p = Printer {
        out: String::with_capacity(size_hint + size_hint / 4),
        marks: Vec::new(),
        col: 0,
        pending: None,
        width,
        indent,
    };
    let mut stack: Vec<Cmd<'_, '_>> = vec![(0, Mode::Break, doc)];
    let mut scratch: Vec<Cmd<'_, '_>> = Vec::new();
    while let Some((ind, mode, doc)) = stack.pop() {
        match doc {
            Doc::Text(s) => p.write(s),
            Doc::Line => match mode {
                Mode::Flat => p.write(" "),
                Mode::Break => p.newline(ind),
            },
            Doc::SoftLine => {
                if mode == Mode::Break {
                    p.newline(ind);
                }
            }
            Doc::HardLine => p.newline(ind),
            Doc::BlankLine => {
                p.newline(ind);
                p.newline(ind);
            }
            Doc::Nest(d) => stack.push((ind + indent, mode, d)),
            Doc::Group(d, forced) => {
                let chosen = if *forced {
                    Mode::Break
                } else if mode == Mode::Flat || p.fits((ind, Mode::Flat, d), &stack, &mut scratch) {
                    Mode::Flat
                } else {
                    Mode::Break
                };
                stack.push((ind, chosen, d));
            }
            Doc::IfBreak(broken, flat) => {
                stack.push((ind, mode, if mode == Mode::Break { broken } else { flat }));
            }
            Doc::Flat(d) => stack.push((ind, Mode::Flat, d)),
            Doc::Concat(v) => stack.extend(v.iter().rev().map(|d| (ind, mode, d))),
            Doc::BreakParent => {}
            Doc::Fill(items) => p.fill(items, ind, mode),
            Doc::Choice(alternatives) => {
                let mut chosen = None;
                for (i, alt) in alternatives.iter().enumerate() {
                    let try_mode = if i == 0 { Mode::Flat } else { mode };
                    if mode == Mode::Flat || p.fits((ind, try_mode, alt), &stack, &mut scratch) {
                        chosen = Some((ind, if mode == Mode::Flat { mode } else { try_mode }, alt));
                        break;
                    }
                }
                // Nothing fits: the first alternative, broken.
                let fallback = alternatives.first().map(|first| (ind, Mode::Break, first));
                stack.extend(chosen.or(fallback));
            }
            Doc::Mark(n) => {
                p.flush_indent();
                p.marks.push((*n, p.out.len()));
            }
            Doc::SoftSpace => {
                if p.pending.is_none() && !p.out.is_empty() && !p.out.ends_with([' ', '\n']) {
                    p.write(" ");
                }
            }
            Doc::FreshLine => {
                if p.pending.is_none() && !p.out.is_empty() && !p.out.ends_with('\n') {
                    p.newline(ind);
                }
            }
            Doc::BlockComment(text, column) => {
                p.flush_indent();
                let shift = p.col as isize - *column as isize;
                p.write(&reindent(text, shift));
            }
        }
    }
    Printed {
        text: p.out,
        marks: p.marks,
    }
}

struct Printer {
    out: String,
    marks: Vec<(usize, usize)>,
    col: usize,
    /// Indentation owed to the current line, written with its first text (so that empty
    /// lines carry no trailing spaces).
    pending: Option<usize>,
    width: usize,
    indent: usize,
}

impl Printer {
    fn flush_indent(&mut self) {
        const SPACES: &str = "                                                                ";
        if let Some(mut n) = self.pending.take() {
            while n > 0 {
                let chunk = n.min(SPACES.len());
                self.out.push_str(SPACES.get(..chunk).unwrap_or(""));
                n -= chunk;
            }
        }
    }

    fn write(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        self.flush_indent();
        self.out.push_str(s);
        match s.rfind('\n') {
            Some(i) => self.col = width(s.get(i + 1..).unwrap_or("")),
            None => self.col += width(s),
        }
    }

    fn newline(&mut self, ind: usize) {
        // Trailing spaces never survive a line break.
        let kept = self.out.trim_end_matches(' ').len();
        self.out.truncate(kept);
        self.out.push('\n');
        self.pending = Some(ind);
        self.col = ind;
    }

    fn fill(&mut self, items: &[Cow<'_, str>], ind: usize, mode: Mode) {
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.write(",");
                // Room for the item and the comma that follows it.
                let need = width(item) + 1;
                if mode == Mode::Flat || self.col + 1 + need <= self.width {
                    self.write(" ");
                } else {
                    self.newline(ind);
                }
            }
            self.write(item);
        }
    }

    /// Whether `next` fits on the rest of the line, followed by what the stack prints until
    /// its next line break.
    fn fits<'d, 'a>(
        &self,
        next: Cmd<'d, 'a>,
        rest: &[Cmd<'d, 'a>],
        cmds: &mut Vec<Cmd<'d, 'a>>,
    ) -> bool {
        let mut remaining = self.width as isize - self.col as isize;
        // A group that cannot fit because of its own text is rejected without walking it.
        if let (_, Mode::Flat, Doc::Text(s)) = next
            && width(s) as isize > remaining
        {
            return false;
        }
        cmds.clear();
        cmds.push(next);
        let mut rest_index = rest.len();
        let mut in_rest = false;
        loop {
            if remaining < 0 {
                return false;
            }
            let (ind, mode, doc) = match cmds.pop() {
                Some(c) => c,
                None => {
                    if rest_index == 0 {
                        return true;
                    }
                    rest_index -= 1;
                    in_rest = true;
                    match rest.get(rest_index) {
                        Some(c) => *c,
                        None => return true,
                    }
                }
            };
            match doc {
                Doc::Text(s) => {
                    if s.contains('\n') {
                        return in_rest && mode == Mode::Break;
                    }
                    remaining -= width(s) as isize;
                }
                Doc::Line => match mode {
                    Mode::Flat => remaining -= 1,
                    Mode::Break => return true,
                },
                Doc::SoftLine => {
                    if mode == Mode::Break {
                        return true;
                    }
                }
                Doc::HardLine | Doc::BlankLine => return mode == Mode::Break,
                Doc::BreakParent => {
                    if mode == Mode::Flat {
                        return false;
                    }
                }
                Doc::Nest(d) => cmds.push((ind + self.indent, mode, d)),
                Doc::Group(d, forced) => {
                    if *forced && mode == Mode::Flat {
                        return false;
                    }
                    cmds.push((ind, if *forced { Mode::Break } else { mode }, d));
                }
                Doc::IfBreak(broken, flat) => {
                    cmds.push((ind, mode, if mode == Mode::Break { broken } else { flat }));
                }
                Doc::Flat(d) => cmds.push((ind, Mode::Flat, d)),
                Doc::Concat(v) => cmds.extend(v.iter().rev().map(|d| (ind, mode, d))),
                Doc::Fill(items) => {
                    // Flat: every item on this line; broken: at least the first one.
                    let shown = if mode == Mode::Flat { items.len() } else { 1 };
                    for item in items.iter().take(shown) {
                        remaining -= width(item) as isize + 2;
                    }
                    if mode == Mode::Break && items.len() > 1 {
                        return remaining >= 0;
                    }
                }
                Doc::Choice(alternatives) => {
                    let shown = if mode == Mode::Flat {
                        alternatives.first()
                    } else {
                        alternatives.last()
                    };
                    if let Some(d) = shown {
                        cmds.push((ind, mode, d));
                    }
                }
                Doc::Mark(_) | Doc::FreshLine => {}
                Doc::SoftSpace => remaining -= 1,
                Doc::BlockComment(text, _) => {
                    if text.contains('\n') {
                        return in_rest && mode == Mode::Break;
                    }
                    remaining -= width(text) as isize;
                }
            }
        }
    }
}

/// The lines after the first of a block comment moved right (`shift > 0`) or left by `shift`
/// columns; a line is moved left only over the blanks it starts with.
pub(crate) fn reindent(text: &str, shift: isize) -> Cow<'_, str> {
    if shift == 0 || !text.contains('\n') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            if shift > 0 && !line.trim().is_empty() {
                out.extend(std::iter::repeat_n(' ', shift.unsigned_abs()));
            }
            if shift < 0 {
                let blanks = line.len() - line.trim_start_matches(' ').len();
                let cut = blanks.min(shift.unsigned_abs());
                out.push_str(line.get(cut..).unwrap_or(line));
                continue;
            }
        }
        out.push_str(line);
    }
    Cow::Owned(out)
}

/// Display width of text, counted in characters.
pub(crate) fn width(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}
