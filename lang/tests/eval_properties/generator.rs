//! The program generator: `Gen`, its constants and text helpers, and its basic methods
//! (names, bindings, random types, literals).

use crate::types::{Entry, Env, Mode, Tape, Ty};

// ------------------------------------------------------------------------------------------
// The program generator
// ------------------------------------------------------------------------------------------

/// A declared function the generator can call.
#[derive(Clone, Debug)]
pub(crate) struct Func {
    pub(crate) name: String,
    pub(crate) params: Vec<Ty>,
    pub(crate) ret: Ty,
}

/// What a condition proves present when it is true and when it is false.
#[derive(Clone, Debug, Default)]
pub(crate) struct Facts {
    pub(crate) when_true: Vec<Entry>,
    pub(crate) when_false: Vec<Entry>,
}

impl Facts {
    pub(crate) fn swap(self) -> Facts {
        Facts {
            when_true: self.when_false,
            when_false: self.when_true,
        }
    }
}

pub(crate) const EXPR_DEPTH: u32 = 3;

pub(crate) const TEXTS: &[&str] = &[
    "",
    "a",
    "abc",
    "Abc",
    "x/y",
    "a,b,,c",
    " padded ",
    "é",
    "日本",
    "😀",
    "ẞ",
    "İ",
    "ﬁ",
    "{x}",
    "q\"q",
    "back\\slash",
    "tab\tnew\nline",
    "nginx:1.27",
    "ghcr.io/acme/app@sha256:9b2c1b1c5f3d8e7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a",
    "localhost:5000/app:dev",
    "Not an image!",
    "fast",
    "slow",
];

pub(crate) const SEPARATORS: &[&str] = &[",", "/", ":", "é", "ab", " "];

pub(crate) const REGEXES: &[&str] = &[
    r#"r"^[a-z]+$""#,
    r#"r"\d+""#,
    r#"r"(a|b)*c""#,
    r#"r"^\p{L}+$""#,
    r#"r".""#,
    r#"r"^$""#,
    r#"r"[é😀]""#,
    r#"r"^([a-z]+)[:/](.*)$""#,
];

pub(crate) const GLOBS: &[&str] = &[
    r#""ghcr.io/**""#,
    r#""*.io/*""#,
    r#""[a-c]?x""#,
    r#""**""#,
    r#""a\\*b""#,
    r#""[!a]*""#,
];

pub(crate) const POINTERS: &[&str] = &[
    "\"\"",
    "\"/a\"",
    "\"/a/0\"",
    "\"/k~1x\"",
    "\"/0\"",
    "\"/~0\"",
];

pub(crate) const FIXED_BOOLS: &[&str] = &[
    r#"semver_satisfies("1.2.3", "^1.0.0")"#,
    r#"semver_satisfies("v0.2.3", ">=0.2.0, <0.3.0")"#,
    r#"cidr_contains("10.0.0.0/8", "10.1.2.3")"#,
    r#"cidr_contains("fd00::/8", "10.1.2.3")"#,
    r#"cidr_overlaps("10.0.0.0/8", "10.128.0.0/9")"#,
];

pub(crate) const FIXED_INTS: &[&str] = &[
    r#"semver_compare("1.2.3", "1.10.0")"#,
    r#"semver_compare("2.0.0-rc.1", "2.0.0")"#,
    r#"time_parse("2024-02-29T12:00:00+01:00")"#,
    r#"duration_parse("1h30m")"#,
    r#"duration_parse("90s")"#,
];

pub(crate) struct Gen<'a> {
    pub(crate) tape: Tape<'a>,
    pub(crate) env: Env,
    pub(crate) next_id: u32,
    /// A production the spec rejects was used: the program must not compile.
    pub(crate) risky: Vec<&'static str>,
    /// An open record was widened to a type declaring more optional fields (see
    /// `open_record_member_read_through_a_wider_type`).
    pub(crate) widening: bool,
    pub(crate) funcs: Vec<Func>,
    /// Module constants, parameters and paths into `data`: named anywhere, never narrowed.
    pub(crate) consts: Vec<(String, Ty)>,
    /// The `param` items, which the host may override.
    pub(crate) params: Vec<(String, Ty)>,
    /// Inside a rule, where `d` is the subject.
    pub(crate) in_rule: bool,
}

/// Escapes text for a string literal.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '{' => out.push_str("\\{"),
            '}' => out.push_str("\\}"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            c if c.is_control() || (c.is_whitespace() && c != ' ') => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

/// Whether `s` can be followed by a postfix operator without parentheses.
pub(crate) fn is_simple(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '?')
        && s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
}

pub(crate) fn base(s: &str) -> String {
    if is_simple(s) {
        s.to_owned()
    } else {
        format!("({s})")
    }
}

impl Gen<'_> {
    pub(crate) fn fresh(&mut self) -> String {
        self.next_id += 1;
        format!("v{}", self.next_id)
    }

    /// A name for a new binding: usually fresh, sometimes one that shadows a local.
    pub(crate) fn binder_name(&mut self) -> String {
        if self.tape.chance(12) {
            let names = self.env.local_names();
            if let Some(n) = self.tape.pick(&names) {
                return n.clone();
            }
        }
        self.fresh()
    }

    pub(crate) fn bind(&mut self, name: &str, ty: &Ty, place: bool) {
        self.next_id += 1;
        let id = self.next_id;
        self.env.bind(name, ty, id, place);
    }

    /// A random type: mostly scalars, some collections, items, optionals and `json`.
    pub(crate) fn ty(&mut self, depth: u32) -> Ty {
        let n = if depth == 0 { 6 } else { 12 };
        match self.tape.below(n) {
            0 => Ty::Int,
            1 => Ty::Str,
            2 => Ty::Bool,
            3 => Ty::Float,
            4 => Ty::Item,
            5 => Ty::Json,
            6 => self.ty(0).opt(),
            7 | 8 => Ty::list(self.ty(depth - 1)),
            9 => {
                if self.tape.chance(70) {
                    Ty::set(self.scalar_ty())
                } else {
                    Ty::set(self.ty(depth - 1))
                }
            }
            10 => Ty::int_map(self.ty(depth - 1)),
            _ => Ty::map(self.ty(depth - 1)),
        }
    }

    pub(crate) fn scalar_ty(&mut self) -> Ty {
        match self.tape.below(4) {
            0 => Ty::Int,
            1 => Ty::Str,
            2 => Ty::Bool,
            _ => Ty::Float,
        }
    }

    pub(crate) fn text_lit(&mut self) -> String {
        let t = self.tape.pick_str(TEXTS);
        format!("\"{}\"", escape(t))
    }

    pub(crate) fn int_lit(&mut self) -> String {
        match self.tape.below(10) {
            0..=5 => self.tape.below(10).to_string(),
            6 => format!("(-{})", self.tape.below(100)),
            7 => "1_000".to_owned(),
            8 => "9223372036854775807".to_owned(),
            _ => format!("{}", self.tape.draw() % 100_000),
        }
    }

    pub(crate) fn float_lit(&mut self) -> String {
        self.tape
            .pick_str(&[
                "0.5",
                "2.0",
                "1.5",
                "(-0.25)",
                "0.0",
                "1e3",
                "(-2.5e-3)",
                "1e300",
            ])
            .to_owned()
    }

    /// The visible entries of exactly this type (for a loose `float`, `int` ones too).
    pub(crate) fn entries_of(&self, ty: &Ty, m: Mode) -> Vec<Entry> {
        self.env
            .visible()
            .into_iter()
            .filter(|e| {
                e.ty == *ty
                    || (!m.exact && *ty == Ty::Float && e.ty == Ty::Int)
                    || (!m.exact && *ty == Ty::Str && e.ty == Ty::Mode)
            })
            .collect()
    }
}
