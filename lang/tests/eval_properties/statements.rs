//! `Gen`: statements, and the items of a policy (rules, constants, functions, host values).

use crate::generator::{EXPR_DEPTH, Func, Gen, TEXTS};
use crate::types::{CHECKED, EXACT, Entry, Env, Ty};
use serde_json::{Value as Json, json};

impl Gen<'_> {
    // --------------------------------------------------------------------------------------
    // Statements
    // --------------------------------------------------------------------------------------

    /// A place in the subject, for `violation … at`.
    pub(crate) fn place(&mut self) -> String {
        let mut places: Vec<String> = self
            .env
            .visible()
            .into_iter()
            .filter(|e| e.place)
            .map(|e| e.text)
            .collect();
        places.push("d".to_owned());
        if self.tape.chance(25) {
            let i = self.expr(&Ty::Int, CHECKED, 1);
            let s = self.expr(&Ty::Str, CHECKED, 1);
            return self
                .tape
                .pick(&[
                    format!("d.items[{i}]?.weight"),
                    format!("d.items[{i}]"),
                    format!("d.labels[{s}]"),
                    format!("d.tags[{i}]"),
                    format!("d.counts?[{s}]"),
                    format!("d.scores?[{i}]"),
                    "d.owner?.name".to_owned(),
                ])
                .cloned()
                .unwrap_or_else(|| "d".to_owned());
        }
        self.tape
            .pick(&places)
            .cloned()
            .unwrap_or_else(|| "d".to_owned())
    }

    pub(crate) fn block(&mut self, depth: u32, max: usize) -> String {
        self.env.push();
        let n = self.tape.below(max + 1);
        let mut out = Vec::new();
        for _ in 0..n {
            out.push(self.stmt(depth));
        }
        self.env.pop();
        out.join("\n")
    }

    pub(crate) fn stmt(&mut self, depth: u32) -> String {
        let choice = if depth == 0 {
            self.tape.below(2)
        } else {
            self.tape.below(10)
        };
        match choice {
            0 => {
                let msg = self.expr(&Ty::Str, CHECKED, EXPR_DEPTH);
                if self.tape.chance(70) {
                    let at = self.place();
                    format!("violation {msg} at {at}")
                } else {
                    format!("violation {msg}")
                }
            }
            1 => self.let_stmt(),
            2 | 3 => {
                let (c, f) = self.cond(EXPR_DEPTH);
                let a = self.with_facts(&f.when_true, |g| g.block(depth - 1, 3));
                match self.tape.below(3) {
                    0 => format!("if {c} {{\n{a}\n}}"),
                    1 => {
                        let b = self.with_facts(&f.when_false, |g| g.block(depth - 1, 3));
                        format!("if {c} {{\n{a}\n}} else {{\n{b}\n}}")
                    }
                    _ => self.with_facts(&f.when_false, |g| {
                        let (c2, f2) = g.cond(EXPR_DEPTH);
                        let b = g.with_facts(&f2.when_true, |g| g.block(depth - 1, 2));
                        let e = g.with_facts(&f2.when_false, |g| g.block(depth - 1, 2));
                        format!("if {c} {{\n{a}\n}} else if {c2} {{\n{b}\n}} else {{\n{e}\n}}")
                    }),
                }
            }
            4 | 5 => self.narrowing_stmt(depth),
            6..=8 => {
                let (src, coll, place) = self.source(EXPR_DEPTH);
                self.env.push();
                let binders = self.bind_binders(&coll, place);
                let body = self.block(depth - 1, 4);
                self.env.pop();
                format!("for {binders} in {src} {{\n{body}\n}}")
            }
            _ => self.risky_stmt(depth).unwrap_or_else(|| self.let_stmt()),
        }
    }

    pub(crate) fn let_stmt(&mut self) -> String {
        let ty = self.ty(2);
        let name = self.binder_name();
        let text = if self.tape.chance(60) {
            let v = self.expr(&ty, CHECKED, EXPR_DEPTH);
            format!("let {name}: {} = {v}", ty.text())
        } else {
            let v = self.expr(&ty, EXACT, EXPR_DEPTH);
            format!("let {name} = {v}")
        };
        self.bind(&name, &ty, false);
        text
    }

    pub(crate) fn narrowing_stmt(&mut self, depth: u32) -> String {
        let ps = self.narrowables();
        let Some(p) = self.tape.pick(&ps).cloned() else {
            return self.let_stmt();
        };
        let t = p.text.clone();
        match self.tape.below(4) {
            0 | 1 => {
                let a = self.with_narrowed(&p, |g| g.block(depth - 1, 3));
                let b = self.block(depth - 1, 2);
                format!("if {t} != none {{\n{a}\n}} else {{\n{b}\n}}")
            }
            2 => {
                let a = self.block(depth - 1, 2);
                let (c, b) = self.with_narrowed(&p, |g| {
                    let (c, f) = g.cond(EXPR_DEPTH);
                    (c, g.with_facts(&f.when_true, |g| g.block(depth - 1, 3)))
                });
                format!("if {t} == none {{\n{a}\n}} else if {c} {{\n{b}\n}}")
            }
            _ => {
                let (c, a) = self.with_narrowed(&p, |g| {
                    let (c, f) = g.cond(EXPR_DEPTH);
                    (c, g.with_facts(&f.when_true, |g| g.block(depth - 1, 3)))
                });
                format!("if {t} != none and {c} {{\n{a}\n}}")
            }
        }
    }

    /// Statements the spec rejects: narrowing used after its scope or under a shadowing name.
    pub(crate) fn risky_stmt(&mut self, depth: u32) -> Option<String> {
        if !self.tape.chance(2) {
            return None;
        }
        let ps: Vec<Entry> = self
            .narrowables()
            .into_iter()
            .filter(|e| matches!(&e.ty, Ty::Opt(t) if Self::forced_use("", t).is_some()))
            .collect();
        let p = self.tape.pick(&ps)?.clone();
        let Ty::Opt(t) = &p.ty else { return None };
        let forced = Self::forced_use(&p.text, t)?;
        let inside = self.with_narrowed(&p, |g| g.block(depth - 1, 2));
        let text = &p.text;
        let simple = p.text == p.root && p.root != "d";
        let (stmt, what) = match self.tape.below(4) {
            0 if simple => (
                format!(
                    "if {text} != none {{\nlet {text}: {} = none\nif {forced} {{\nviolation \"shadowed\"\n}}\n}}",
                    p.ty.text()
                ),
                "narrowing kept by a shadowing `let`",
            ),
            1 if simple => {
                let y = self.fresh();
                let forced_y = Self::forced_use(&y, t)?;
                (
                    format!(
                        "let {y} = {text}\nif {text} != none {{\nif {forced_y} {{\nviolation \"alias\"\n}}\n}}"
                    ),
                    "narrowing passed to an alias",
                )
            }
            2 if matches!(**t, Ty::List(_) | Ty::Map(_)) => {
                let x = self.fresh();
                (
                    format!("for {x} in {text} {{\nviolation \"it\"\n}}"),
                    "iterating over an optional collection",
                )
            }
            _ => (
                format!(
                    "if {text} != none {{\n{inside}\n}}\nif {forced} {{\nviolation \"after\"\n}}"
                ),
                "narrowing used after its `if`",
            ),
        };
        self.risky.push(what);
        Some(stmt)
    }

    // --------------------------------------------------------------------------------------
    // Items
    // --------------------------------------------------------------------------------------

    pub(crate) fn subject_entries(&mut self) {
        self.env = Env::default();
        self.env.push();
        self.env.bindings.push(("d".to_owned(), 0));
        let fields: &[(&str, Ty, bool)] = &[
            ("d.name", Ty::Str, false),
            ("d.n", Ty::Int, false),
            ("d.f", Ty::Float, false),
            ("d.flag", Ty::Bool.opt(), true),
            ("d.tags", Ty::list(Ty::Str), false),
            ("d.images", Ty::list(Ty::Str), false),
            ("d.labels", Ty::map(Ty::Str), false),
            ("d.byid", Ty::int_map(Ty::Str), false),
            ("d.counts", Ty::map(Ty::Int).opt(), true),
            ("d.items", Ty::list(Ty::Item), false),
            ("d.scores", Ty::list(Ty::Float).opt(), true),
            ("d.ids", Ty::set(Ty::Int), false),
            ("d.extra", Ty::Json, false),
            ("d.owner", Ty::Owner.opt(), true),
            ("d.mode", Ty::Mode.opt(), true),
        ];
        for (text, ty, narrowable) in fields {
            self.env.add(Entry {
                text: (*text).to_owned(),
                ty: ty.clone(),
                root: "d".to_owned(),
                root_id: 0,
                narrowable: *narrowable,
                place: true,
            });
        }
        self.env
            .add_fields("d.owner", &Ty::Owner.opt(), "d", 0, true, &[]);
    }

    pub(crate) fn rule(&mut self, index: usize) -> String {
        self.subject_entries();
        self.in_rule = true;
        let n = 2 + self.tape.below(6);
        let mut body = Vec::new();
        for _ in 0..n {
            body.push(self.stmt(3));
        }
        self.in_rule = false;
        self.env = Env::default();
        let enforcement = self.tape.pick_str(&["deny", "warn"]);
        format!(
            "rule r{index}(d: Doc) {{\n  meta {{ id: \"GEN-R{index}\" title: \"generated {index}\" severity: \"low\" enforcement: \"{enforcement}\" }}\n{}\n}}\n",
            body.join("\n")
        )
    }

    pub(crate) fn constant(&mut self, index: usize) -> String {
        self.env = Env::default();
        let ty = self.ty(1);
        let (kw, name) = if self.tape.chance(25) && ty.is_scalar() {
            ("param", format!("p{index}"))
        } else {
            ("let", format!("c{index}"))
        };
        let v = self.expr(&ty, CHECKED, EXPR_DEPTH - 1);
        self.consts.push((name.clone(), ty.clone()));
        if kw == "param" {
            self.params.push((name.clone(), ty.clone()));
        }
        format!("{kw} {name}: {} = {v}\n", ty.text())
    }

    /// A value the host may supply for a `param` of a scalar type; `int`s sometimes as
    /// integral floats, `float`s sometimes as integers.
    pub(crate) fn host_value(&mut self, ty: &Ty) -> Json {
        match ty {
            Ty::Int => self
                .tape
                .pick(&[
                    json!(7),
                    json!(-5),
                    json!(2.0),
                    json!(9_007_199_254_740_993_i64),
                ])
                .cloned()
                .unwrap_or(Json::Null),
            Ty::Float => self
                .tape
                .pick(&[
                    json!(1),
                    json!(2.5),
                    json!(-0.0),
                    json!(1e300),
                    json!(u64::MAX),
                ])
                .cloned()
                .unwrap_or(Json::Null),
            Ty::Bool => json!(self.tape.chance(50)),
            _ => json!(self.tape.pick_str(TEXTS)),
        }
    }

    /// The value of `data cfg`, which conforms to its type.
    pub(crate) fn host_data(&mut self) -> Json {
        let limit = self.host_value(&Ty::Int);
        let names: Vec<&str> = (0..self.tape.below(4))
            .map(|_| self.tape.pick_str(TEXTS))
            .collect();
        let mut weights = serde_json::Map::new();
        for _ in 0..self.tape.below(3) {
            let k = self.tape.pick_str(TEXTS).to_owned();
            let v = self.host_value(&Ty::Float);
            weights.insert(k, v);
        }
        let mut cfg = serde_json::Map::new();
        cfg.insert("limit".to_owned(), limit);
        cfg.insert("names".to_owned(), json!(names));
        cfg.insert("weights".to_owned(), Json::Object(weights));
        if self.tape.chance(50) {
            cfg.insert("note".to_owned(), json!(self.tape.pick_str(TEXTS)));
        }
        if self.tape.chance(30) {
            cfg.insert("x-more".to_owned(), json!([1, "two", null]));
        }
        Json::Object(cfg)
    }

    pub(crate) fn function(&mut self, index: usize) -> String {
        self.env = Env::default();
        self.env.push();
        let name = format!("g{index}");
        let n = self.tape.below(3);
        let mut params = Vec::new();
        let mut tys = Vec::new();
        for i in 0..n {
            let t = self.ty(1);
            let p = format!("a{index}_{i}");
            params.push(format!("{p}: {}", t.text()));
            self.bind(&p, &t, false);
            tys.push(t);
        }
        let mut lets = Vec::new();
        for _ in 0..self.tape.below(3) {
            lets.push(self.let_stmt());
        }
        let ret = self.ty(1);
        let annotated = self.tape.chance(60);
        let body = if annotated {
            self.expr(&ret, CHECKED, EXPR_DEPTH)
        } else {
            self.expr(&ret, EXACT, EXPR_DEPTH)
        };
        self.env = Env::default();
        let sig = if annotated {
            format!("-> {} ", ret.text())
        } else {
            String::new()
        };
        self.funcs.push(Func {
            name: name.clone(),
            params: tys,
            ret,
        });
        let lets: String = lets.iter().map(|l| format!("  {l}\n")).collect();
        format!(
            "fn {name}({}) {sig}{{\n{lets}  return {body}\n}}\n",
            params.join(", ")
        )
    }
}
