//! The abstract syntax tree. Every node carries its byte span; expression, type and statement
//! nodes also carry their nesting depth, computed as the parser builds them bottom-up, so that
//! no tree deeper than `MAX_DEPTH` ever exists (later phases recurse over trees freely).

use crate::span::Span;

/// A parsed `.pal` file. Parts that failed to parse are `Error` nodes; the rest is intact.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct SourceFile {
    /// The `package` declaration, absent if the file lacks one (reported as E0103).
    pub package: Option<Path>,
    /// Imports, in source order.
    pub imports: Vec<Import>,
    /// Items, in source order.
    pub items: Vec<Item>,
}

/// A name with its location.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Ident {
    /// The text of the name.
    pub name: String,
    /// Where it is written.
    pub span: Span,
}

/// A dotted name such as `k8s.pod_security`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Path {
    /// The segments, at least one.
    pub segments: Vec<Ident>,
    /// The whole path.
    pub span: Span,
}

impl Path {
    /// The segments joined with dots.
    pub fn dotted(&self) -> String {
        let names: Vec<&str> = self.segments.iter().map(|s| s.name.as_str()).collect();
        names.join(".")
    }

    /// The last segment.
    pub fn last(&self) -> Option<&Ident> {
        self.segments.last()
    }
}

/// `import a.b.c [as x]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Import {
    /// The imported package.
    pub path: Path,
    /// The local name, if renamed.
    pub alias: Option<Ident>,
    /// The whole declaration.
    pub span: Span,
}

impl Import {
    /// The name this import binds: the alias or the last path segment.
    pub fn binding(&self) -> Option<&Ident> {
        self.alias.as_ref().or_else(|| self.path.last())
    }
}

/// A top-level declaration.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// What kind of item.
    pub kind: ItemKind,
    /// The whole declaration.
    pub span: Span,
}

/// The kinds of top-level declaration.
#[derive(Clone, Debug, PartialEq)]
pub enum ItemKind {
    /// `type Name = T`
    Type(TypeDecl),
    /// `let name [: T] = e`
    Const(ConstDecl),
    /// `param name: T = e`
    Param(ParamDecl),
    /// `data name: T`
    Data(DataDecl),
    /// `fn name(params) -> T { ... }`
    Fn(FnDecl),
    /// `rule name(subject: T) { ... }`
    Rule(RuleDecl),
    /// `view name(subject: T) -> U { ... }`
    View(ViewDecl),
    /// `test "name" { ... }`
    Test(TestDecl),
    /// A declaration that did not parse.
    Error,
}

impl ItemKind {
    /// The declared name, for items that have one.
    pub fn name(&self) -> Option<&Ident> {
        match self {
            ItemKind::Type(d) => Some(&d.name),
            ItemKind::Const(d) => Some(&d.name),
            ItemKind::Param(d) => Some(&d.name),
            ItemKind::Data(d) => Some(&d.name),
            ItemKind::Fn(d) => Some(&d.name),
            ItemKind::Rule(d) => Some(&d.name),
            ItemKind::View(d) => Some(&d.name),
            ItemKind::Test(_) | ItemKind::Error => None,
        }
    }
}

/// `type Name = T`.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeDecl {
    /// The type's name.
    pub name: Ident,
    /// Its definition.
    pub ty: TypeExpr,
}

/// A module constant.
#[derive(Clone, Debug, PartialEq)]
pub struct ConstDecl {
    /// The constant's name.
    pub name: Ident,
    /// Its annotation, if any.
    pub ty: Option<TypeExpr>,
    /// Its value.
    pub value: Expr,
}

/// A parameter the host (or a test's `with`) may override.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamDecl {
    /// The parameter's name.
    pub name: Ident,
    /// Its type.
    pub ty: TypeExpr,
    /// Its default value.
    pub default: Expr,
}

/// An external document the host supplies.
#[derive(Clone, Debug, PartialEq)]
pub struct DataDecl {
    /// The document's name.
    pub name: Ident,
    /// Its type.
    pub ty: TypeExpr,
}

/// A pure function.
#[derive(Clone, Debug, PartialEq)]
pub struct FnDecl {
    /// The function's name.
    pub name: Ident,
    /// Its parameters.
    pub params: Vec<Param>,
    /// Its return type, if annotated; otherwise inferred from the result.
    pub ret: Option<TypeExpr>,
    /// `let` bindings before the result.
    pub lets: Vec<LetStmt>,
    /// The result expression.
    pub body: Expr,
}

/// A typed name: a function parameter or a rule subject.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// The bound name.
    pub name: Ident,
    /// Its type.
    pub ty: TypeExpr,
}

/// A rule: a subject, metadata, and statements that yield violations.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleDecl {
    /// The rule's name.
    pub name: Ident,
    /// The document the rule judges.
    pub subject: Param,
    /// The `meta { ... }` block, if present.
    pub meta: Option<MetaBlock>,
    /// The body.
    pub body: Vec<Stmt>,
}

/// A view: documents of the subject's type contain documents of the target type, which
/// `yield` statements produce (with where they come from, for pointers into the subject).
#[derive(Clone, Debug, PartialEq)]
pub struct ViewDecl {
    /// The view's name.
    pub name: Ident,
    /// The document the view reads.
    pub subject: Param,
    /// The type of the documents it produces.
    pub target: TypeExpr,
    /// The body.
    pub body: Vec<Stmt>,
}

/// `meta { key: value ... }`.
#[derive(Clone, Debug, PartialEq)]
pub struct MetaBlock {
    /// The entries in source order.
    pub entries: Vec<MetaEntry>,
    /// The whole block.
    pub span: Span,
}

/// One metadata entry.
#[derive(Clone, Debug, PartialEq)]
pub struct MetaEntry {
    /// The key, such as `severity`.
    pub key: Ident,
    /// The value.
    pub value: Expr,
}

/// A unit test of policies.
#[derive(Clone, Debug, PartialEq)]
pub struct TestDecl {
    /// The test's name, as written (a string literal without interpolation).
    pub name: StringLit,
    /// Parameter overrides from `with`.
    pub with: Vec<WithBinding>,
    /// The table of cases from `for`, if any.
    pub table: Option<TestTable>,
    /// The body.
    pub body: Vec<Stmt>,
}

/// `with path = e` in a test header.
#[derive(Clone, Debug, PartialEq)]
pub struct WithBinding {
    /// The overridden parameter.
    pub target: Path,
    /// The value for this test.
    pub value: Expr,
}

/// `for case in cases` in a test header.
#[derive(Clone, Debug, PartialEq)]
pub struct TestTable {
    /// The names bound per case.
    pub binder: Binder,
    /// The cases.
    pub cases: Expr,
}

/// One or two names bound by `for`, a comprehension or a quantifier.
#[derive(Clone, Debug, PartialEq)]
pub struct Binder {
    /// The first name (the element, or the index or key when there are two).
    pub first: Ident,
    /// The second name (the element or value), if given.
    pub second: Option<Ident>,
}

impl Binder {
    /// The bound names in order.
    pub fn names(&self) -> impl Iterator<Item = &Ident> {
        std::iter::once(&self.first).chain(self.second.as_ref())
    }
}

/// A statement in a rule, test, or (only `let`) function body.
#[derive(Clone, Debug, PartialEq)]
pub struct Stmt {
    /// What kind of statement.
    pub kind: StmtKind,
    /// The whole statement.
    pub span: Span,
    /// Nesting depth of the statement tree below and including this node.
    pub depth: u32,
}

/// `let name [: T] = e`.
#[derive(Clone, Debug, PartialEq)]
pub struct LetStmt {
    /// The bound name.
    pub name: Ident,
    /// Its annotation, if any.
    pub ty: Option<TypeExpr>,
    /// Its value.
    pub value: Expr,
    /// The whole statement.
    pub span: Span,
}

/// The kinds of statement.
#[derive(Clone, Debug, PartialEq)]
pub enum StmtKind {
    /// `let x = e`
    Let(LetStmt),
    /// `for b in e { ... }`
    For {
        /// The bound names.
        binder: Binder,
        /// The collection.
        iter: Expr,
        /// The loop body.
        body: Vec<Stmt>,
    },
    /// `if c { ... } else { ... }`; `else if` nests an `If` in `otherwise`.
    If {
        /// The condition.
        cond: Expr,
        /// Statements when true.
        then: Vec<Stmt>,
        /// Statements when false.
        otherwise: Vec<Stmt>,
    },
    /// `violation message [at place]`
    Violation {
        /// The message.
        message: Expr,
        /// The offending place.
        at: Option<Expr>,
    },
    /// `assert e`
    Assert(Expr),
    /// `yield value [at place]` (views)
    Yield {
        /// The produced document.
        value: Expr,
        /// Where it is in the subject, for pointers into parts not taken from a place.
        at: Option<Expr>,
    },
    /// A statement that did not parse.
    Error,
}

/// A type expression.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeExpr {
    /// What kind of type.
    pub kind: TypeKind,
    /// Where it is written.
    pub span: Span,
    /// Nesting depth.
    pub depth: u32,
}

/// The most elements a collection type admits: `max 64` in `list<Container, max 64>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SizeBound {
    /// The bound.
    pub value: u64,
    /// Where `max N` is written.
    pub span: Span,
    /// Where the number is written.
    pub number: Span,
}

/// The kinds of type expression.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    /// A named type, possibly with arguments: `int`, `Pod`, `core.Pod`, `list<T>`,
    /// `map<K, V>`. The resolver checks names and arity.
    Named {
        /// The name.
        name: Path,
        /// Type arguments between `<` and `>`.
        args: Vec<TypeExpr>,
        /// A size bound after the arguments: `list<T, max 64>` (boxed: it is rare, and types
        /// sit inside every item).
        max: Option<Box<SizeBound>>,
    },
    /// A record type.
    Record {
        /// The declared fields.
        fields: Vec<FieldDecl>,
        /// Whether `..` allows further fields.
        open: bool,
    },
    /// A string literal type such as `"Pod"`.
    Literal(String),
    /// `T?`
    Optional(Box<TypeExpr>),
    /// `A | B | ...` (the checker allows only string literal members).
    Union(Vec<TypeExpr>),
    /// A type that did not parse, or was too deep.
    Error,
}

/// A field in a record type.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldDecl {
    /// The field's name (identifier, keyword or quoted).
    pub name: Ident,
    /// Whether the field may be absent (`name?: T`).
    pub optional: bool,
    /// The field's type.
    pub ty: TypeExpr,
}

/// An expression.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    /// What kind of expression.
    pub kind: ExprKind,
    /// Where it is written.
    pub span: Span,
    /// Nesting depth of the tree below and including this node.
    pub depth: u32,
}

/// Unary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    /// `not`
    Not,
    /// `-`
    Neg,
}

/// Binary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    /// `or`
    Or,
    /// `and`
    And,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `in`
    In,
    /// `not in`
    NotIn,
    /// `??`
    Coalesce,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Rem,
}

/// `every` or `some`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quantifier {
    /// Holds for all elements (true on an empty collection).
    Every,
    /// Holds for at least one element.
    Some,
}

/// What a comprehension builds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CollectionKind {
    /// `[...]`
    List,
    /// `set{...}`
    Set,
    /// `map{...}`
    Map,
}

/// A `for` or `if` clause of a comprehension.
#[derive(Clone, Debug, PartialEq)]
pub enum Clause {
    /// `for b in e`
    For {
        /// The bound names.
        binder: Binder,
        /// The collection.
        iter: Expr,
    },
    /// `if e`
    If(Expr),
}

/// A field in a record literal.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordField {
    /// The field's name.
    pub name: Ident,
    /// Its value.
    pub value: Expr,
}

/// A string literal: text and interpolated expressions in order.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct StringLit {
    /// The parts in order; adjacent text is merged.
    pub parts: Vec<StrPart>,
}

impl StringLit {
    /// The text if the literal has no interpolation.
    pub fn as_plain(&self) -> Option<String> {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                StrPart::Text(t) => out.push_str(t),
                StrPart::Interp(_) => return None,
            }
        }
        Some(out)
    }
}

/// A piece of a string literal.
#[derive(Clone, Debug, PartialEq)]
pub enum StrPart {
    /// Literal text, escapes decoded.
    Text(String),
    /// `{expr}`.
    Interp(Expr),
}

/// The kinds of expression.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// An integer literal.
    Int(i64),
    /// A float literal.
    Float(f64),
    /// A string literal.
    Str(StringLit),
    /// `true` or `false`.
    Bool(bool),
    /// `none`.
    None,
    /// A name.
    Name(Ident),
    /// `base.name` or `base?.name`.
    Field {
        /// The record (or package, for a qualified name).
        base: Box<Expr>,
        /// The field.
        name: Ident,
        /// `?.` rather than `.`.
        optional: bool,
    },
    /// `base[index]` or `base?[index]`.
    Index {
        /// The collection.
        base: Box<Expr>,
        /// The index or key.
        index: Box<Expr>,
        /// `?[` rather than `[`.
        optional: bool,
    },
    /// `callee(args)`.
    Call {
        /// The function.
        callee: Box<Expr>,
        /// The arguments.
        args: Vec<Expr>,
    },
    /// A prefix operator.
    Unary {
        /// The operator.
        op: UnaryOp,
        /// The operand.
        operand: Box<Expr>,
    },
    /// An infix operator.
    Binary {
        /// The operator.
        op: BinaryOp,
        /// The left operand.
        lhs: Box<Expr>,
        /// The right operand.
        rhs: Box<Expr>,
    },
    /// `if c then a else b`.
    If {
        /// The condition.
        cond: Box<Expr>,
        /// The value when true.
        then: Box<Expr>,
        /// The value when false.
        otherwise: Box<Expr>,
    },
    /// `every b in xs: p` / `some b in xs: p`.
    Quantified {
        /// Which quantifier.
        quantifier: Quantifier,
        /// The bound names.
        binder: Binder,
        /// The collection.
        iter: Box<Expr>,
        /// The predicate.
        body: Box<Expr>,
    },
    /// `[a, b]`.
    List(Vec<Expr>),
    /// `set{a, b}`.
    Set(Vec<Expr>),
    /// `map{k: v}`.
    Map(Vec<(Expr, Expr)>),
    /// `{ ..base, name: e }`.
    Record {
        /// The record being updated, if any.
        spread: Option<Box<Expr>>,
        /// The fields given.
        fields: Vec<RecordField>,
    },
    /// `[e for ...]`, `set{e for ...}`, `map{k: v for ...}`.
    Comprehension {
        /// What is built.
        kind: CollectionKind,
        /// The key, for map comprehensions.
        key: Option<Box<Expr>>,
        /// The element (or value, for maps).
        element: Box<Expr>,
        /// The `for` and `if` clauses in order.
        clauses: Vec<Clause>,
    },
    /// An expression that did not parse, or was too deep.
    Error,
}

impl Expr {
    /// Direct sub-expressions, in source order.
    pub fn children(&self) -> Vec<&Expr> {
        match &self.kind {
            ExprKind::Int(_)
            | ExprKind::Float(_)
            | ExprKind::Bool(_)
            | ExprKind::None
            | ExprKind::Name(_)
            | ExprKind::Error => Vec::new(),
            ExprKind::Str(s) => s
                .parts
                .iter()
                .filter_map(|p| match p {
                    StrPart::Interp(e) => Some(e),
                    StrPart::Text(_) => None,
                })
                .collect(),
            ExprKind::Field { base, .. } => vec![base],
            ExprKind::Index { base, index, .. } => vec![base, index],
            ExprKind::Call { callee, args } => std::iter::once(&**callee).chain(args).collect(),
            ExprKind::Unary { operand, .. } => vec![operand],
            ExprKind::Binary { lhs, rhs, .. } => vec![lhs, rhs],
            ExprKind::If {
                cond,
                then,
                otherwise,
            } => vec![cond, then, otherwise],
            ExprKind::Quantified { iter, body, .. } => vec![iter, body],
            ExprKind::List(items) | ExprKind::Set(items) => items.iter().collect(),
            ExprKind::Map(entries) => entries.iter().flat_map(|(k, v)| [k, v]).collect(),
            ExprKind::Record { spread, fields } => spread
                .iter()
                .map(|s| &**s)
                .chain(fields.iter().map(|f| &f.value))
                .collect(),
            ExprKind::Comprehension {
                key,
                element,
                clauses,
                ..
            } => {
                let mut out: Vec<&Expr> = Vec::new();
                for clause in clauses {
                    match clause {
                        Clause::For { iter, .. } => out.push(iter),
                        Clause::If(cond) => out.push(cond),
                    }
                }
                out.extend(key.iter().map(|k| &**k));
                out.push(element);
                out
            }
        }
    }
}
