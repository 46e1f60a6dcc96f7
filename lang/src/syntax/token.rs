//! Token kinds. `Lexeme` is what logos recognises; `Tok` is what the grammar consumes, with
//! literal values decoded. Keywords are distinct kinds, never compared as strings.

use logos::Logos;

/// The raw lexical classes, recognised by logos. Scanners for strings, block comments and
/// numbers are hand-written callbacks in `lexer.rs` because they need more than a regex.
#[derive(Logos, Clone, Copy, Debug, PartialEq, Eq)]
#[logos(skip r"[ \t\r\n\f]+")]
pub(crate) enum Lexeme {
    #[regex(r"#[^\n]*", allow_greedy = true)]
    LineComment,
    #[token("/*", super::lexer::block_comment)]
    BlockComment(bool),
    #[token("\"", super::lexer::string)]
    Str(bool),
    #[token("r\"", super::lexer::raw_string)]
    RawStr(bool),
    #[regex(r"[0-9]", super::lexer::number)]
    Number,
    #[regex(r"[A-Za-z_][A-Za-z0-9_]*")]
    Ident,

    #[token("package")]
    Package,
    #[token("import")]
    Import,
    #[token("as")]
    As,
    #[token("type")]
    Type,
    #[token("let")]
    Let,
    #[token("param")]
    Param,
    #[token("data")]
    Data,
    #[token("fn")]
    Fn,
    #[token("rule")]
    Rule,
    #[token("meta")]
    Meta,
    #[token("test")]
    Test,
    #[token("with")]
    With,
    #[token("for")]
    For,
    #[token("in")]
    In,
    #[token("if")]
    If,
    #[token("then")]
    Then,
    #[token("else")]
    Else,
    #[token("every")]
    Every,
    #[token("some")]
    Some,
    #[token("and")]
    And,
    #[token("or")]
    Or,
    #[token("not")]
    Not,
    #[token("true")]
    True,
    #[token("false")]
    False,
    #[token("none")]
    None,
    #[token("violation")]
    Violation,
    #[token("at")]
    At,
    #[token("assert")]
    Assert,
    #[token("view")]
    View,
    #[token("yield")]
    Yield,
    #[token("return")]
    Return,
    #[token("list")]
    List,
    #[token("set")]
    Set,
    #[token("map")]
    Map,

    #[token("(")]
    LParen,
    #[token(")")]
    RParen,
    #[token("[")]
    LBracket,
    #[token("]")]
    RBracket,
    #[token("{")]
    LBrace,
    #[token("}")]
    RBrace,
    #[token(",")]
    Comma,
    #[token(".")]
    Dot,
    #[token("..")]
    DotDot,
    #[token("?.")]
    QuestionDot,
    #[token("?[")]
    QuestionBracket,
    #[token("??")]
    QuestionQuestion,
    #[token("?")]
    Question,
    #[token(":")]
    Colon,
    #[token("=")]
    Eq,
    #[token("==")]
    EqEq,
    #[token("!=")]
    NotEq,
    #[token("<")]
    Lt,
    #[token("<=")]
    Le,
    #[token(">")]
    Gt,
    #[token(">=")]
    Ge,
    #[token("+")]
    Plus,
    #[token("-")]
    Minus,
    #[token("*")]
    Star,
    #[token("/")]
    Slash,
    #[token("%")]
    Percent,
    #[token("->")]
    Arrow,
    #[token("|")]
    Pipe,
}

/// A token as the grammar sees it. Literal payloads are decoded; a string literal is an index
/// into the parse's table of string literals, whose interpolations are parsed separately.
#[derive(Clone, Debug, PartialEq)]
pub enum Tok<'a> {
    /// An identifier.
    Ident(&'a str),
    /// An integer literal that fits in `i64`.
    Int(i64),
    /// A finite float literal.
    Float(f64),
    /// A string literal, by index into the string table.
    Str(u32),
    /// A keyword or punctuation, identified by its raw class.
    Punct(Lexeme),
}

impl Lexeme {
    /// The keyword or punctuation text, for messages; `None` for classes with a payload.
    pub(crate) fn text(self) -> Option<&'static str> {
        Some(match self {
            Self::LineComment
            | Self::BlockComment(_)
            | Self::Str(_)
            | Self::RawStr(_)
            | Self::Number
            | Self::Ident => return None,
            Self::Package => "package",
            Self::Import => "import",
            Self::As => "as",
            Self::Type => "type",
            Self::Let => "let",
            Self::Param => "param",
            Self::Data => "data",
            Self::Fn => "fn",
            Self::Rule => "rule",
            Self::Meta => "meta",
            Self::Test => "test",
            Self::With => "with",
            Self::For => "for",
            Self::In => "in",
            Self::If => "if",
            Self::Then => "then",
            Self::Else => "else",
            Self::Every => "every",
            Self::Some => "some",
            Self::And => "and",
            Self::Or => "or",
            Self::Not => "not",
            Self::True => "true",
            Self::False => "false",
            Self::None => "none",
            Self::Violation => "violation",
            Self::At => "at",
            Self::Assert => "assert",
            Self::View => "view",
            Self::Yield => "yield",
            Self::Return => "return",
            Self::List => "list",
            Self::Set => "set",
            Self::Map => "map",
            Self::LParen => "(",
            Self::RParen => ")",
            Self::LBracket => "[",
            Self::RBracket => "]",
            Self::LBrace => "{",
            Self::RBrace => "}",
            Self::Comma => ",",
            Self::Dot => ".",
            Self::DotDot => "..",
            Self::QuestionDot => "?.",
            Self::QuestionBracket => "?[",
            Self::QuestionQuestion => "??",
            Self::Question => "?",
            Self::Colon => ":",
            Self::Eq => "=",
            Self::EqEq => "==",
            Self::NotEq => "!=",
            Self::Lt => "<",
            Self::Le => "<=",
            Self::Gt => ">",
            Self::Ge => ">=",
            Self::Plus => "+",
            Self::Minus => "-",
            Self::Star => "*",
            Self::Slash => "/",
            Self::Percent => "%",
            Self::Arrow => "->",
            Self::Pipe => "|",
        })
    }

    /// Whether this is a keyword (usable as a field name).
    pub(crate) fn is_keyword(self) -> bool {
        self.text()
            .is_some_and(|t| t.chars().all(|c| c.is_ascii_alphabetic()))
    }
}
