//! The generator's types (`Ty`, `Mode`), its tape of choices (`Tape`) and its environment
//! of locals and paths (`Env`, `Entry`).

// ------------------------------------------------------------------------------------------
// Types of the generator
// ------------------------------------------------------------------------------------------

/// The types the generator produces expressions of. `Map` is `map<string, V>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Ty {
    Bool,
    Int,
    Float,
    Str,
    Json,
    Item,
    /// The subject's `owner` record: only ever a path, never generated.
    Owner,
    /// The subject's `mode` enum, `"fast" | "slow"`: only ever a path, accepted as a string.
    Mode,
    List(Box<Ty>),
    Set(Box<Ty>),
    Map(Box<Ty>),
    /// `map<int, V>`.
    IntMap(Box<Ty>),
    Opt(Box<Ty>),
}

impl Ty {
    /// `T?`, without nesting (and `json?` is `json`).
    pub(crate) fn opt(&self) -> Ty {
        match self {
            Ty::Opt(_) | Ty::Json => self.clone(),
            other => Ty::Opt(Box::new(other.clone())),
        }
    }

    pub(crate) fn list(t: Ty) -> Ty {
        Ty::List(Box::new(t))
    }

    pub(crate) fn set(t: Ty) -> Ty {
        Ty::Set(Box::new(t))
    }

    pub(crate) fn map(t: Ty) -> Ty {
        Ty::Map(Box::new(t))
    }

    pub(crate) fn int_map(t: Ty) -> Ty {
        Ty::IntMap(Box::new(t))
    }

    /// The type as Palisade source.
    pub(crate) fn text(&self) -> String {
        match self {
            Ty::Bool => "bool".to_owned(),
            Ty::Int => "int".to_owned(),
            Ty::Float => "float".to_owned(),
            Ty::Str => "string".to_owned(),
            Ty::Json => "json".to_owned(),
            Ty::Item => "Item".to_owned(),
            Ty::Owner => "Owner".to_owned(),
            Ty::Mode => "(\"fast\" | \"slow\")".to_owned(),
            Ty::List(t) => format!("list<{}>", t.text()),
            Ty::Set(t) => format!("set<{}>", t.text()),
            Ty::Map(t) => format!("map<string, {}>", t.text()),
            Ty::IntMap(t) => format!("map<int, {}>", t.text()),
            Ty::Opt(t) => format!("{}?", t.text()),
        }
    }

    /// Types whose values are strings, numbers or booleans (set elements, interpolation).
    pub(crate) fn is_scalar(&self) -> bool {
        matches!(self, Ty::Bool | Ty::Int | Ty::Float | Ty::Str)
    }
}

/// How an expression is used, which decides the forms it may take.
///
/// - `checked`: the position has an expected type that the checker pushes into the expression
///   (a `let` annotation, a function or non-generic builtin argument, a `violation` message,
///   and through `if` branches, collection literal elements and record literal fields). There,
///   any expression *accepted* for the type is fine, even one that would not type on its own
///   (a `json` list mixing numbers and strings, a record literal with `label: none`).
/// - `exact`: the expression's inferred type must be the requested type itself, because later
///   code relies on it: the value of an unannotated `let`, an iterated collection, the left of
///   `==`, `??`, `[`, `.` and record updates, the argument of a generic builtin. Exact excludes
///   `int` for `float`, string literal and enum types for `string`, `none` for `T?`, empty
///   collection literals (element type without values) and record literals for `Item`.
/// - neither (loose): accepted for the type, and typed on its own, so that two loose
///   expressions of the same requested type always have a common type.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Mode {
    pub(crate) exact: bool,
    pub(crate) checked: bool,
}

pub(crate) const EXACT: Mode = Mode {
    exact: true,
    checked: false,
};
pub(crate) const LOOSE: Mode = Mode {
    exact: false,
    checked: false,
};
pub(crate) const CHECKED: Mode = Mode {
    exact: false,
    checked: true,
};

impl Mode {
    /// The mode of a sub-expression the checker still checks against the same type.
    pub(crate) fn loosened(self) -> Mode {
        Mode {
            exact: false,
            checked: self.checked,
        }
    }
}

// ------------------------------------------------------------------------------------------
// The tape of choices
// ------------------------------------------------------------------------------------------

/// Random choices read from a vector; once it runs out every choice is 0, the simplest.
pub(crate) struct Tape<'a> {
    pub(crate) data: &'a [u32],
    pub(crate) pos: usize,
}

impl Tape<'_> {
    pub(crate) fn draw(&mut self) -> u32 {
        let v = self.data.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        v
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        if n <= 1 {
            self.draw();
            return 0;
        }
        self.draw() as usize % n
    }

    /// True with probability `percent`; false once the tape has run out.
    pub(crate) fn chance(&mut self, percent: u32) -> bool {
        self.draw() % 100 >= 100 - percent.min(100)
    }

    pub(crate) fn pick<'s, T>(&mut self, items: &'s [T]) -> Option<&'s T> {
        let i = self.below(items.len());
        items.get(i)
    }

    pub(crate) fn pick_str(&mut self, items: &[&'static str]) -> &'static str {
        self.pick(items).copied().unwrap_or("")
    }
}

// ------------------------------------------------------------------------------------------
// The environment of locals and paths
// ------------------------------------------------------------------------------------------

/// Something an expression can name: a local, a path into a local, a module constant.
#[derive(Clone, Debug)]
pub(crate) struct Entry {
    /// The source text (`v3`, `d.flag`, `v3.label`).
    pub(crate) text: String,
    pub(crate) ty: Ty,
    /// The local the path starts at, and which binding of that name.
    pub(crate) root: String,
    pub(crate) root_id: u32,
    /// Whether `!= none` narrows it (a local, or fields from a local).
    pub(crate) narrowable: bool,
    /// Whether it is a place in the subject, usable after `at`.
    pub(crate) place: bool,
}

#[derive(Default)]
pub(crate) struct Env {
    pub(crate) entries: Vec<Entry>,
    pub(crate) bindings: Vec<(String, u32)>,
    pub(crate) scopes: Vec<(usize, usize)>,
}

impl Env {
    pub(crate) fn push(&mut self) {
        self.scopes.push((self.entries.len(), self.bindings.len()));
    }

    pub(crate) fn pop(&mut self) {
        if let Some((entries, bindings)) = self.scopes.pop() {
            self.entries.truncate(entries);
            self.bindings.truncate(bindings);
        }
    }

    pub(crate) fn current(&self, root: &str) -> Option<u32> {
        self.bindings
            .iter()
            .rev()
            .find(|(name, _)| name == root)
            .map(|(_, id)| *id)
    }

    /// The entries in scope: the latest entry for each text, of the current binding of its
    /// root (a shadowed local's paths, and their narrowing, are gone).
    pub(crate) fn visible(&self) -> Vec<Entry> {
        let mut seen: Vec<&str> = Vec::new();
        let mut out = Vec::new();
        for e in self.entries.iter().rev() {
            if seen.contains(&e.text.as_str()) {
                continue;
            }
            seen.push(&e.text);
            if self.current(&e.root) == Some(e.root_id) {
                out.push(e.clone());
            }
        }
        out.reverse();
        out
    }

    /// Names of locals that can be shadowed (not the subject).
    pub(crate) fn local_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .bindings
            .iter()
            .filter(|(n, _)| n != "d" && n.starts_with('v'))
            .map(|(n, _)| n.clone())
            .collect();
        names.sort();
        names.dedup();
        names
    }

    pub(crate) fn add(&mut self, e: Entry) {
        self.entries.push(e);
    }

    /// Binds a local, with the paths into it that the generator uses.
    pub(crate) fn bind(&mut self, name: &str, ty: &Ty, id: u32, place: bool) {
        self.bindings.push((name.to_owned(), id));
        self.add(Entry {
            text: name.to_owned(),
            ty: ty.clone(),
            root: name.to_owned(),
            root_id: id,
            narrowable: true,
            place,
        });
        self.add_fields(name, ty, name, id, place, &[]);
    }

    /// Paths into a value of type `ty` written `text`: the fields of an item or owner. Paths
    /// in `present` (normalised, see `norm`) are known present.
    pub(crate) fn add_fields(
        &mut self,
        text: &str,
        ty: &Ty,
        root: &str,
        id: u32,
        place: bool,
        present: &[String],
    ) {
        let (record, optional) = match ty {
            Ty::Opt(inner) => (&**inner, true),
            other => (other, false),
        };
        for (field, fty, required) in record_fields(record) {
            let forms = if optional {
                vec![format!("{text}?.{field}")]
            } else if present.iter().any(|p| *p == norm(text)) {
                // A narrowed base: the program may write either form.
                vec![format!("{text}.{field}"), format!("{text}?.{field}")]
            } else {
                vec![format!("{text}.{field}")]
            };
            for form in forms {
                let known = present.contains(&norm(&form));
                let ty = if known || (required && !optional) {
                    fty.clone()
                } else {
                    fty.opt()
                };
                let already = self
                    .visible()
                    .into_iter()
                    .any(|e| e.text == form && !matches!(e.ty, Ty::Opt(_)));
                if already {
                    continue;
                }
                self.add(Entry {
                    text: form,
                    ty,
                    root: root.to_owned(),
                    root_id: id,
                    narrowable: true,
                    place,
                });
            }
        }
    }

    /// Assumes `e` (an optional path) present in the current scope, and with it every prefix
    /// of the path (`x?.a?.b != none` proves `x`, `x.a` and `x.a.b`).
    pub(crate) fn narrow(&mut self, e: &Entry) {
        let target = norm(&e.text);
        let mut present = vec![target.clone()];
        for (i, c) in target.char_indices() {
            if c == '.' {
                present.push(target.get(..i).unwrap_or_default().to_owned());
            }
        }
        let targets: Vec<Entry> = self
            .visible()
            .into_iter()
            .filter(|v| {
                v.narrowable
                    && v.root == e.root
                    && matches!(v.ty, Ty::Opt(_))
                    && present.contains(&norm(&v.text))
            })
            .collect();
        for t in &targets {
            if let Ty::Opt(inner) = &t.ty {
                self.add_fields(&t.text, inner, &t.root, t.root_id, t.place, &present);
            }
        }
        for t in targets {
            if let Ty::Opt(inner) = &t.ty {
                let ty = (**inner).clone();
                self.add(Entry { ty, ..t });
            }
        }
    }
}

/// A path without the difference between `.` and `?.`, as the checker's narrowing sees it.
pub(crate) fn norm(path: &str) -> String {
    path.replace("?.", ".")
}

/// The fields of the record types: name, type, required.
pub(crate) fn record_fields(record: &Ty) -> Vec<(&'static str, Ty, bool)> {
    match record {
        Ty::Item => vec![
            ("id", Ty::Int, true),
            ("label", Ty::Str, false),
            ("weight", Ty::Float, true),
        ],
        Ty::Owner => vec![("name", Ty::Str, true), ("uid", Ty::Int, false)],
        _ => Vec::new(),
    }
}
