//! `Gen`: expressions of a requested type, and the forms shared by all types (leaves,
//! literals, `if`, `??`, calls, narrowing, comprehensions, quantifiers).

use crate::generator::{Facts, Func, Gen};
use crate::types::{CHECKED, EXACT, Entry, LOOSE, Mode, Ty};

impl Gen<'_> {
    // --------------------------------------------------------------------------------------
    // Expressions
    // --------------------------------------------------------------------------------------

    /// An expression of type `ty` used in mode `m`, at most `depth` levels deep.
    pub(crate) fn expr(&mut self, ty: &Ty, m: Mode, depth: u32) -> String {
        let m = if m.checked {
            Mode {
                exact: false,
                checked: true,
            }
        } else {
            m
        };
        if *ty == Ty::Bool {
            return self.cond(depth).0;
        }
        if depth > 0
            && self.tape.chance(55)
            && let Some(e) = self.compound(ty, m, depth - 1)
        {
            return e;
        }
        self.leaf(ty, m)
    }

    /// A boolean, with what it proves about optional paths (for `and`, `or`, `if`).
    pub(crate) fn cond(&mut self, depth: u32) -> (String, Facts) {
        if depth > 0
            && self.tape.chance(55)
            && let Some(r) = self.bool_compound(depth - 1)
        {
            return r;
        }
        (self.leaf(&Ty::Bool, EXACT), Facts::default())
    }

    /// Narrows `facts` (entries proven present) in the current scope.
    pub(crate) fn assume(&mut self, facts: &[Entry]) {
        for f in facts {
            self.env.narrow(f);
        }
    }

    /// Runs `f` in a scope where `facts` hold.
    pub(crate) fn with_facts<T>(&mut self, facts: &[Entry], f: impl FnOnce(&mut Self) -> T) -> T {
        self.env.push();
        self.assume(facts);
        let out = f(self);
        self.env.pop();
        out
    }

    /// A leaf: a local, a constant, a literal, a path. Always succeeds.
    pub(crate) fn leaf(&mut self, ty: &Ty, m: Mode) -> String {
        if self.tape.chance(60) {
            let mut names: Vec<String> =
                self.entries_of(ty, m).into_iter().map(|e| e.text).collect();
            names.extend(
                self.consts
                    .iter()
                    .filter(|(_, t)| t == ty)
                    .map(|(n, _)| n.clone()),
            );
            if let Some(n) = self.tape.pick(&names) {
                return n.clone();
            }
        }
        if m.checked && *ty == Ty::Json && self.tape.chance(50) {
            return self.any_value(0);
        }
        self.literal(ty, m)
    }

    /// A literal-like expression of the type, in the mode.
    pub(crate) fn literal(&mut self, ty: &Ty, m: Mode) -> String {
        match ty {
            Ty::Bool => self.tape.pick_str(&["true", "false"]).to_owned(),
            Ty::Int => self.int_lit(),
            Ty::Float => {
                if !m.exact && self.tape.chance(30) {
                    self.int_lit()
                } else {
                    self.float_lit()
                }
            }
            Ty::Str => {
                let lit = self.text_lit();
                if m.exact {
                    format!("({lit} + \"\")")
                } else {
                    lit
                }
            }
            Ty::Json => {
                let v = self.int_lit();
                let p = self.tape.pick_str(&["\"\"", "\"/a\""]);
                format!("json_pointer({v}, {p})")
            }
            Ty::Owner => "{ name: \"o\" }".to_owned(),
            Ty::Mode => "\"fast\"".to_owned(),
            Ty::Item => {
                if m.exact {
                    let i = self.int_lit();
                    format!("h_item({i})")
                } else {
                    let i = self.int_lit();
                    let w = self.literal(&Ty::Float, m);
                    if self.tape.chance(40) {
                        let l = self.literal(&Ty::Str, m);
                        format!("{{ id: {i}, label: {l}, weight: {w} }}")
                    } else {
                        format!("{{ id: {i}, weight: {w} }}")
                    }
                }
            }
            Ty::Opt(inner) => {
                if m.exact {
                    let v = self.literal(inner, m);
                    format!("(if true then {v} else none)")
                } else if self.tape.chance(50) {
                    self.literal(inner, m)
                } else {
                    "none".to_owned()
                }
            }
            Ty::List(inner) => {
                if m.exact || self.tape.chance(50) {
                    let v = self.literal(inner, m);
                    format!("[{v}]")
                } else {
                    "[]".to_owned()
                }
            }
            Ty::Set(inner) => {
                if m.exact || self.tape.chance(50) {
                    let v = self.literal(inner, m);
                    format!("set{{{v}}}")
                } else {
                    "set{}".to_owned()
                }
            }
            Ty::IntMap(inner) => {
                if m.exact || self.tape.chance(50) {
                    let k = self.int_lit();
                    let v = self.literal(inner, m);
                    format!("map{{{k}: {v}}}")
                } else {
                    "map{}".to_owned()
                }
            }
            Ty::Map(inner) => {
                if m.exact || self.tape.chance(50) {
                    let k = self.text_lit();
                    let v = self.literal(inner, m);
                    format!("map{{{k}: {v}}}")
                } else {
                    "map{}".to_owned()
                }
            }
        }
    }

    /// Any value at all, for a position that expects `json`.
    pub(crate) fn any_value(&mut self, depth: u32) -> String {
        if self.in_rule && self.tape.chance(10) {
            return "d".to_owned();
        }
        let ty = self.ty(1);
        self.expr(&ty, LOOSE, depth)
    }

    /// A compound expression, or `None` when the chosen form does not apply.
    pub(crate) fn compound(&mut self, ty: &Ty, m: Mode, d: u32) -> Option<String> {
        match self.tape.below(16) {
            0 => return Some(self.if_expr(ty, m, d)),
            1 => return Some(self.coalesce(ty, m, d)),
            2 => {
                if let Some(e) = self.call_fn(ty, m, d) {
                    return Some(e);
                }
            }
            3 => {
                if let Some(e) = self.narrowed_if(ty, m, d) {
                    return Some(e);
                }
            }
            _ => {}
        }
        match ty {
            Ty::Bool => self.bool_compound(d).map(|(t, _)| t),
            Ty::Int => self.int_expr(d),
            Ty::Float => self.float_expr(m, d),
            Ty::Str => self.str_expr(m, d),
            Ty::Json => self.json_expr(m, d),
            Ty::Item => self.item_expr(m, d),
            Ty::Owner | Ty::Mode => None,
            Ty::Opt(inner) => self.opt_expr(inner, m, d),
            Ty::List(inner) => self.list_expr(inner, m, d),
            Ty::Set(inner) => self.set_expr(inner, m, d),
            Ty::Map(inner) => self.map_expr(inner, m, d),
            Ty::IntMap(inner) => self.int_map_expr(inner, m, d),
        }
    }

    /// The modes of two branches whose common type must be exact when `m` is.
    pub(crate) fn branch_modes(&mut self, m: Mode) -> (Mode, Mode) {
        let loose = m.loosened();
        if m.exact {
            if self.tape.chance(50) {
                (EXACT, loose)
            } else {
                (loose, EXACT)
            }
        } else {
            (loose, loose)
        }
    }

    pub(crate) fn if_expr(&mut self, ty: &Ty, m: Mode, d: u32) -> String {
        let (c, facts) = self.cond(d);
        let (m1, m2) = self.branch_modes(m);
        let a = self.with_facts(&facts.when_true, |g| g.expr(ty, m1, d));
        let b = self.with_facts(&facts.when_false, |g| g.expr(ty, m2, d));
        format!("(if {c} then {a} else {b})")
    }

    /// `x ?? default`: exact whenever `x` is, since the default joins with its payload.
    pub(crate) fn coalesce(&mut self, ty: &Ty, m: Mode, d: u32) -> String {
        let lhs = self.expr(&ty.opt(), EXACT, d);
        let rhs = if *ty == Ty::Json {
            // The default of a `json` value is inferred, never checked: any single value.
            if self.tape.chance(50) {
                self.any_value(d)
            } else {
                self.expr(ty, LOOSE, d)
            }
        } else if m.exact && matches!(ty, Ty::Opt(_)) {
            // `T? ?? T` is a `T`: an exact `T?` needs an optional default.
            self.expr(ty, EXACT, d)
        } else {
            self.expr(ty, m.loosened(), d)
        };
        format!("({lhs} ?? {rhs})")
    }

    /// A call of a declared function returning the type.
    pub(crate) fn call_fn(&mut self, ty: &Ty, m: Mode, d: u32) -> Option<String> {
        let candidates: Vec<Func> = self
            .funcs
            .iter()
            .filter(|f| f.ret == *ty || (!m.exact && *ty == Ty::Float && f.ret == Ty::Int))
            .cloned()
            .collect();
        let f = self.tape.pick(&candidates)?.clone();
        let args: Vec<String> = f.params.iter().map(|p| self.expr(p, CHECKED, d)).collect();
        Some(format!("{}({})", f.name, args.join(", ")))
    }

    /// Visible optional paths that `!= none` narrows.
    pub(crate) fn narrowables(&self) -> Vec<Entry> {
        self.env
            .visible()
            .into_iter()
            .filter(|e| e.narrowable && matches!(e.ty, Ty::Opt(_)))
            .collect()
    }

    /// Runs `f` with `p` narrowed to present.
    pub(crate) fn with_narrowed<T>(&mut self, p: &Entry, f: impl FnOnce(&mut Self) -> T) -> T {
        self.env.push();
        self.env.narrow(p);
        let out = f(self);
        self.env.pop();
        out
    }

    /// `if P != none then … P … else …`.
    pub(crate) fn narrowed_if(&mut self, ty: &Ty, m: Mode, d: u32) -> Option<String> {
        let ps = self.narrowables();
        let p = self.tape.pick(&ps)?.clone();
        let (m1, m2) = self.branch_modes(m);
        let present = self.with_narrowed(&p, |g| g.expr(ty, m1, d));
        let absent = self.expr(ty, m2, d);
        Some(if self.tape.chance(50) {
            format!("(if {} != none then {present} else {absent})", p.text)
        } else {
            format!("(if {} == none then {absent} else {present})", p.text)
        })
    }

    /// A collection to iterate over, exact: its text, its type, whether it is a place.
    pub(crate) fn source(&mut self, d: u32) -> (String, Ty, bool) {
        if self.tape.chance(60) {
            let candidates: Vec<Entry> = self
                .env
                .visible()
                .into_iter()
                .filter(|e| {
                    matches!(e.ty, Ty::List(_) | Ty::Set(_) | Ty::Map(_) | Ty::IntMap(_))
                        || matches!(&e.ty, Ty::Opt(t) if matches!(**t, Ty::List(_) | Ty::Map(_)))
                })
                .collect();
            if let Some(e) = self.tape.pick(&candidates) {
                return match &e.ty {
                    Ty::Opt(inner) => {
                        let empty = if matches!(**inner, Ty::Map(_)) {
                            "map{}"
                        } else {
                            "[]"
                        };
                        (
                            format!("({} ?? {empty})", e.text),
                            (**inner).clone(),
                            e.place,
                        )
                    }
                    other => (e.text.clone(), other.clone(), e.place),
                };
            }
        }
        let element = self.ty(1);
        let coll = match self.tape.below(5) {
            0 | 1 => Ty::list(element),
            2 => Ty::set(self.scalar_ty()),
            3 => Ty::int_map(element),
            _ => Ty::map(element),
        };
        let text = self.expr(&coll, EXACT, d);
        (text, coll, false)
    }

    /// Binds the binders of an iteration over `coll`; returns their source text.
    pub(crate) fn bind_binders(&mut self, coll: &Ty, place: bool) -> String {
        let two = self.tape.chance(40);
        match coll {
            Ty::List(t) if two => {
                let i = self.binder_name();
                let x = self.binder_name();
                if i == x {
                    let x = self.fresh();
                    self.bind(&i, &Ty::Int, false);
                    self.bind(&x, t, place);
                    return format!("{i}, {x}");
                }
                self.bind(&i, &Ty::Int, false);
                self.bind(&x, t, place);
                format!("{i}, {x}")
            }
            Ty::Map(v) if two => {
                let k = self.binder_name();
                let mut x = self.binder_name();
                if k == x {
                    x = self.fresh();
                }
                self.bind(&k, &Ty::Str, false);
                self.bind(&x, v, place);
                format!("{k}, {x}")
            }
            Ty::List(t) | Ty::Set(t) => {
                let x = self.binder_name();
                self.bind(&x, t, place);
                x
            }
            Ty::IntMap(v) if two => {
                let k = self.binder_name();
                let mut x = self.binder_name();
                if k == x {
                    x = self.fresh();
                }
                self.bind(&k, &Ty::Int, false);
                self.bind(&x, v, place);
                format!("{k}, {x}")
            }
            Ty::Map(_) => {
                let k = self.binder_name();
                self.bind(&k, &Ty::Str, place);
                k
            }
            Ty::IntMap(_) => {
                let k = self.binder_name();
                self.bind(&k, &Ty::Int, place);
                k
            }
            _ => {
                let x = self.binder_name();
                self.bind(&x, &Ty::Int, false);
                x
            }
        }
    }

    /// The clauses of a comprehension (binders left in scope for the element), as text.
    pub(crate) fn clauses(&mut self, d: u32) -> String {
        let mut out = Vec::new();
        let n = 1 + usize::from(self.tape.chance(25));
        for _ in 0..n {
            let (src, coll, _) = self.source(d);
            let binders = self.bind_binders(&coll, false);
            out.push(format!("for {binders} in {src}"));
            if self.tape.chance(40) {
                // Narrow an optional binder, or filter on any condition.
                let ps: Vec<Entry> = self
                    .narrowables()
                    .into_iter()
                    .filter(|e| binders.split(", ").any(|b| b == e.root))
                    .collect();
                match self.tape.pick(&ps).cloned() {
                    Some(p) if self.tape.chance(70) => {
                        out.push(format!("if {} != none", p.text));
                        self.env.narrow(&p);
                    }
                    _ => {
                        let (c, facts) = self.cond(d);
                        out.push(format!("if {c}"));
                        self.assume(&facts.when_true);
                    }
                }
            }
        }
        out.join(" ")
    }

    pub(crate) fn comprehension(&mut self, kind: &str, elem: &Ty, m: Mode, d: u32) -> String {
        self.env.push();
        let clauses = self.clauses(d);
        let e = self.expr(elem, if m.exact { EXACT } else { LOOSE }, d);
        let out = match kind {
            "map" => {
                let k = self.expr(&Ty::Str, LOOSE, d);
                format!("map{{{k}: {e} {clauses}}}")
            }
            "imap" => {
                let k = self.expr(&Ty::Int, EXACT, d);
                format!("map{{{k}: {e} {clauses}}}")
            }
            "set" => format!("set{{{e} {clauses}}}"),
            _ => format!("[{e} {clauses}]"),
        };
        self.env.pop();
        out
    }

    pub(crate) fn quantifier(&mut self, d: u32) -> String {
        let (src, coll, _) = self.source(d);
        self.env.push();
        let binders = self.bind_binders(&coll, false);
        let body = self.expr(&Ty::Bool, EXACT, d);
        self.env.pop();
        let q = self.tape.pick_str(&["every", "some"]);
        format!("({q} {binders} in {src}: {body})")
    }
}
