//! `Gen`: boolean expressions, with the facts they prove, and the ill-typed booleans the spec
//! rejects.

use crate::generator::{FIXED_BOOLS, Facts, GLOBS, Gen, REGEXES, base};
use crate::types::{CHECKED, EXACT, Entry, LOOSE, Ty};

impl Gen<'_> {
    /// An expression that needs `text` to be a `T` rather than a `T?`.
    pub(crate) fn forced_use(text: &str, ty: &Ty) -> Option<String> {
        Some(match ty {
            Ty::Int => format!("(({text} + 1) > 0)"),
            Ty::Float => format!("(({text} * 2.0) > 0.0)"),
            Ty::Str => format!("(len({text}) > 0)"),
            Ty::Bool => format!("(not {text})"),
            Ty::Item => format!("(({text}).id > 0)"),
            Ty::List(_) | Ty::Set(_) | Ty::Map(_) | Ty::IntMap(_) => {
                format!("(count({text}) >= 0)")
            }
            Ty::Owner => format!("(len(({text}).name) > 0)"),
            Ty::Mode => format!("(len({text}) > 0)"),
            _ => return None,
        })
    }

    /// A boolean the spec rejects: an optional used where narrowing does not reach, or
    /// untyped `json` used as a typed value.
    pub(crate) fn risky_bool(&mut self, d: u32) -> Option<String> {
        let ps: Vec<Entry> = self
            .narrowables()
            .into_iter()
            .filter(|e| matches!(&e.ty, Ty::Opt(t) if Self::forced_use("", t).is_some()))
            .collect();
        let choice = self.tape.below(13);
        let (text, what) = match choice {
            0..=2 | 7..=9 => {
                let p = self.tape.pick(&ps)?.clone();
                let Ty::Opt(t) = &p.ty else { return None };
                let forced = Self::forced_use(&p.text, t)?;
                let t = &p.text;
                match choice {
                    0 => (
                        format!("({t} != none or {forced})"),
                        "narrowing on the right of `or`",
                    ),
                    1 => (
                        format!("({t} == none and {forced})"),
                        "narrowing from `== none` on the right of `and`",
                    ),
                    2 => (
                        format!("(if {t} != none then true else {forced})"),
                        "narrowing in the `else` branch of `!= none`",
                    ),
                    7 => (
                        format!("((if {t} != none then true else false) and {forced})"),
                        "narrowing out of a conditional expression",
                    ),
                    8 => {
                        let v = self.fresh();
                        (
                            format!("((every {v} in [{t}]: {v} != none) and {forced})"),
                            "narrowing out of a quantifier",
                        )
                    }
                    _ => (
                        format!("({t} != (if true then none else none) and {forced})"),
                        "narrowing by a comparison with an expression that is `none`",
                    ),
                }
            }
            3 => {
                let t = self.scalar_ty();
                let xs = self.expr(&Ty::list(t.clone()), EXACT, d);
                let at = format!("{}[0]", base(&xs));
                let forced = Self::forced_use(&at, &t)?;
                (
                    format!("({at} != none and {forced})"),
                    "narrowing through an index",
                )
            }
            4 => {
                let cs: Vec<(String, Ty)> = self
                    .consts
                    .iter()
                    .filter(|(_, t)| matches!(t, Ty::Opt(inner) if Self::forced_use("", inner).is_some()))
                    .cloned()
                    .collect();
                let (c, t) = self.tape.pick(&cs)?.clone();
                let Ty::Opt(inner) = &t else { return None };
                let forced = Self::forced_use(&c, inner)?;
                (
                    format!("({c} != none and {forced})"),
                    "narrowing a module constant or parameter",
                )
            }
            5 => {
                let simple: Vec<Entry> = ps
                    .iter()
                    .filter(|e| e.text == e.root && e.root != "d")
                    .cloned()
                    .collect();
                let p = self.tape.pick(&simple)?.clone();
                let src = self.expr(&Ty::list(p.ty.clone()), EXACT, d);
                let Ty::Opt(t) = &p.ty else { return None };
                let forced = Self::forced_use(&p.text, t)?;
                (
                    format!("({0} != none and (some {0} in {src}: {forced}))", p.text),
                    "narrowing kept by a shadowing binder",
                )
            }
            6 => {
                let s = self.expr(&Ty::Str, CHECKED, d);
                (
                    format!("(parse_image({s})?.tag != none and len(parse_image({s})?.tag) > 0)"),
                    "narrowing through a call",
                )
            }
            10 => {
                let t = self.scalar_ty();
                let forced = Self::forced_use("x", &t)?;
                let x = self.fresh();
                let forced = forced.replace("x", &x);
                let a = self.expr(&Ty::list(t.opt()), EXACT, d);
                let b = self.expr(&Ty::list(t.opt()), EXACT, d);
                (
                    format!(
                        "(count([{forced} for {x} in {a} if {x} != none for {x} in {b}]) >= 0)"
                    ),
                    "narrowing kept by a later comprehension binder",
                )
            }
            11 => {
                let p = self.tape.pick(&self.narrowables())?.clone();
                let Ty::Opt(t) = &p.ty else { return None };
                let forced = Self::forced_use(&p.text, t)?;
                (forced, "an optional used as its payload")
            }
            _ => {
                let j = self.expr(&Ty::Json, EXACT, d);
                match self.tape.below(3) {
                    0 => (format!("(({j}) + 1 > 0)"), "arithmetic on `json`"),
                    1 => (format!("(len({j}) > 0)"), "`json` passed as a string"),
                    _ => (
                        format!("(count({j}) > 0)"),
                        "`json` counted as a collection",
                    ),
                }
            }
        };
        self.risky.push(what);
        Some(text)
    }

    pub(crate) fn bool_compound(&mut self, d: u32) -> Option<(String, Facts)> {
        let none = Facts::default();
        let text = match self.tape.below(24) {
            0 => {
                let (a, facts) = self.cond(d);
                return Some((format!("(not {a})"), facts.swap()));
            }
            1..=3 => {
                let (a, fa) = self.cond(d);
                return Some(if self.tape.chance(50) {
                    let (b, fb) = self.with_facts(&fa.when_true, |g| g.cond(d));
                    let mut when_true = fa.when_true;
                    when_true.extend(fb.when_true);
                    (
                        format!("({a} and {b})"),
                        Facts {
                            when_true,
                            when_false: Vec::new(),
                        },
                    )
                } else {
                    let (b, fb) = self.with_facts(&fa.when_false, |g| g.cond(d));
                    let mut when_false = fa.when_false;
                    when_false.extend(fb.when_false);
                    (
                        format!("({a} or {b})"),
                        Facts {
                            when_true: Vec::new(),
                            when_false,
                        },
                    )
                });
            }
            4 | 5 => {
                let t = self.ty(1);
                let a = self.expr(&t, EXACT, d);
                let b = self.expr(&t, LOOSE, d);
                let op = self.tape.pick_str(&["==", "!="]);
                // `P != none` on a path narrows it, however it was generated.
                let mut facts = Facts::default();
                if b == "none"
                    && let Some(p) = self.narrowables().into_iter().find(|e| e.text == a)
                {
                    if op == "!=" {
                        facts.when_true.push(p);
                    } else {
                        facts.when_false.push(p);
                    }
                }
                let text = if self.tape.chance(20) {
                    format!("({b} {op} {a})")
                } else {
                    format!("({a} {op} {b})")
                };
                return Some((text, facts));
            }
            6 => {
                let t = if self.tape.chance(50) {
                    Ty::Int
                } else {
                    Ty::Float
                };
                let a = self.expr(&t, LOOSE, d);
                let b = self.expr(&Ty::Float, LOOSE, d);
                let op = self.tape.pick_str(&["<", "<=", ">", ">="]);
                format!("({a} {op} {b})")
            }
            7 => {
                let a = self.expr(&Ty::Str, LOOSE, d);
                let b = self.expr(&Ty::Str, LOOSE, d);
                let op = self.tape.pick_str(&["<", "<=", ">", ">=", "==", "!="]);
                let a = if op == "==" || op == "!=" {
                    self.expr(&Ty::Str, EXACT, d)
                } else {
                    a
                };
                format!("({a} {op} {b})")
            }
            8 | 9 => self.membership(d),
            10 => {
                let f = self
                    .tape
                    .pick_str(&["contains", "starts_with", "ends_with"]);
                let a = self.expr(&Ty::Str, CHECKED, d);
                let b = self.expr(&Ty::Str, CHECKED, d);
                format!("{f}({a}, {b})")
            }
            11 => {
                let s = self.expr(&Ty::Str, CHECKED, d);
                if self.tape.chance(50) {
                    let p = self.tape.pick_str(REGEXES);
                    format!("regex_match({p}, {s})")
                } else {
                    let p = self.tape.pick_str(GLOBS);
                    format!("glob_match({p}, {s})")
                }
            }
            12 | 13 => self.quantifier(d),
            14..=16 => return self.narrowing_bool(d),
            17 => {
                let j = self.expr(&Ty::Json, EXACT, d);
                if self.tape.chance(50) {
                    let v = self.any_value(d);
                    format!("({j} == {v})")
                } else {
                    format!("(as_bool({j}) ?? false)")
                }
            }
            18 => self.tape.pick_str(FIXED_BOOLS).to_owned(),
            19 => {
                if !self.tape.chance(8) {
                    return None;
                }
                self.risky_bool(d)?
            }
            20 => {
                if !self.in_rule {
                    return None;
                }
                self.tape
                    .pick_str(&[
                        "(d.flag ?? false)",
                        "(d.flag == true)",
                        "(d.mode == \"fast\")",
                        "(d.mode != \"slow\")",
                        "(d.mode in [\"fast\"])",
                        "((d.mode ?? \"slow\") == \"slow\")",
                        "(d.extra == none)",
                    ])
                    .to_owned()
            }
            21 => self.if_expr(&Ty::Bool, EXACT, d),
            22 => self.coalesce(&Ty::Bool, EXACT, d),
            _ => self.call_fn(&Ty::Bool, EXACT, d)?,
        };
        Some((text, none))
    }

    /// `x in c` and `x not in c` over lists, sets, maps and literal lists.
    pub(crate) fn membership(&mut self, d: u32) -> String {
        let op = self.tape.pick_str(&["in", "not in"]);
        match self.tape.below(4) {
            0 => {
                let t = self.ty(1);
                let x = self.expr(&t, EXACT, d);
                let xs = self.expr(&Ty::list(t), LOOSE, d);
                format!("({x} {op} {xs})")
            }
            1 => {
                let t = self.scalar_ty();
                let x = self.expr(&t, EXACT, d);
                let xs = self.expr(&Ty::set(t), LOOSE, d);
                format!("({x} {op} {xs})")
            }
            2 => {
                let v = self.ty(0);
                if self.tape.chance(30) {
                    let x = self.expr(&Ty::Int, EXACT, d);
                    let m = self.expr(&Ty::int_map(v), LOOSE, d);
                    format!("({x} {op} {m})")
                } else {
                    let x = self.expr(&Ty::Str, EXACT, d);
                    let m = self.expr(&Ty::map(v), LOOSE, d);
                    format!("({x} {op} {m})")
                }
            }
            _ => {
                let t = self.ty(0);
                let x = self.expr(&t, EXACT, d);
                let a = self.expr(&t, LOOSE, d);
                let b = self.expr(&t, LOOSE, d);
                format!("({x} {op} [{a}, {b}])")
            }
        }
    }

    /// Booleans that test an optional path against `none`, and use it where it is present.
    pub(crate) fn narrowing_bool(&mut self, d: u32) -> Option<(String, Facts)> {
        let ps = self.narrowables();
        let p = self.tape.pick(&ps)?.clone();
        let t = p.text.clone();
        let choice = self.tape.below(6);
        if choice >= 4 {
            let (op, facts) = if choice == 4 {
                (
                    "!=",
                    Facts {
                        when_true: vec![p],
                        when_false: Vec::new(),
                    },
                )
            } else {
                (
                    "==",
                    Facts {
                        when_true: Vec::new(),
                        when_false: vec![p],
                    },
                )
            };
            return Some((format!("({t} {op} none)"), facts));
        }
        let (used, fu) = self.with_narrowed(&p, |g| g.cond(d));
        Some(match choice {
            0 | 1 => {
                let mut when_true = vec![p];
                when_true.extend(fu.when_true);
                (
                    format!("({t} != none and {used})"),
                    Facts {
                        when_true,
                        when_false: Vec::new(),
                    },
                )
            }
            2 => {
                let mut when_false = vec![p];
                when_false.extend(fu.when_false);
                (
                    format!("({t} == none or {used})"),
                    Facts {
                        when_true: Vec::new(),
                        when_false,
                    },
                )
            }
            _ => {
                let mut when_true = vec![p];
                when_true.extend(fu.when_true);
                (
                    format!("(not ({t} == none) and {used})"),
                    Facts {
                        when_true,
                        when_false: Vec::new(),
                    },
                )
            }
        })
    }
}
