//! `Gen`: items, optionals, lists, sets, maps and record values.

use crate::generator::{Gen, REGEXES, SEPARATORS, base, escape};
use crate::types::{CHECKED, EXACT, LOOSE, Mode, Ty};

impl Gen<'_> {
    pub(crate) fn item_expr(&mut self, m: Mode, d: u32) -> Option<String> {
        Some(match self.tape.below(6) {
            0 | 1 => {
                let b = self.expr(&Ty::Item, EXACT, d);
                let b = base(&b);
                match self.tape.below(3) {
                    0 => {
                        let w = self.expr(&Ty::Float, CHECKED, d);
                        format!("{{ ..{b}, weight: {w} }}")
                    }
                    1 => {
                        let i = self.expr(&Ty::Int, CHECKED, d);
                        format!("{{ ..{b}, id: {i} }}")
                    }
                    _ => {
                        if m.exact {
                            return None;
                        }
                        // Per spec the updated field becomes required; either way the
                        // result is accepted where an `Item` is expected.
                        let l = self.expr(&Ty::Str, CHECKED, d);
                        format!("{{ ..{b}, label: {l} }}")
                    }
                }
            }
            2 => {
                let i = self.expr(&Ty::Int, CHECKED, d);
                format!("h_item({i})")
            }
            3 => {
                let xs = self.expr(&Ty::list(Ty::Item), CHECKED, d);
                let w = self.expr(&Ty::Float, CHECKED, d);
                let dflt = self.expr(&Ty::Item, m.loosened(), d);
                format!("(h_heavy({xs}, {w})[0] ?? {dflt})")
            }
            _ => {
                if m.exact {
                    return None;
                }
                let inner = m.loosened();
                let i = self.expr(&Ty::Int, inner, d);
                let w = self.expr(&Ty::Float, inner, d);
                if self.tape.chance(50) {
                    let l = if m.checked && self.tape.chance(30) {
                        "none".to_owned()
                    } else {
                        self.expr(&Ty::Str, inner, d)
                    };
                    format!("{{ id: {i}, label: {l}, weight: {w} }}")
                } else {
                    format!("{{ weight: {w}, id: {i} }}")
                }
            }
        })
    }

    pub(crate) fn opt_expr(&mut self, inner: &Ty, m: Mode, d: u32) -> Option<String> {
        Some(match self.tape.below(9) {
            0 => {
                let xs = self.expr(&Ty::list(inner.clone()), EXACT, d);
                let i = self.expr(&Ty::Int, CHECKED, d);
                format!("{}[{i}]", base(&xs))
            }
            1 => {
                if self.tape.chance(40) {
                    let mm = self.expr(&Ty::int_map(inner.clone()), EXACT, d);
                    let k = self.expr(&Ty::Int, CHECKED, d);
                    format!("{}[{k}]", base(&mm))
                } else {
                    let mm = self.expr(&Ty::map(inner.clone()), EXACT, d);
                    let k = self.expr(&Ty::Str, CHECKED, d);
                    format!("{}[{k}]", base(&mm))
                }
            }
            2 => {
                let f = self.tape.pick_str(&["min", "max"]);
                let xs = self.expr(&Ty::list(inner.clone()), EXACT, d);
                format!("{f}({xs})")
            }
            3 => {
                let (c, f) = self.cond(d);
                if self.tape.chance(50) {
                    let v = self.with_facts(&f.when_true, |g| g.expr(inner, EXACT, d));
                    format!("(if {c} then {v} else none)")
                } else {
                    let v = self.with_facts(&f.when_false, |g| g.expr(inner, EXACT, d));
                    format!("(if {c} then none else {v})")
                }
            }
            4 => {
                let xs = self.expr(&Ty::list(inner.clone()).opt(), EXACT, d);
                let i = self.expr(&Ty::Int, CHECKED, d);
                format!("{}?[{i}]", base(&xs))
            }
            5 => {
                let field = match inner {
                    Ty::Int => "id",
                    Ty::Str => "label",
                    Ty::Float => "weight",
                    _ => return None,
                };
                if self.tape.chance(50) {
                    let it = self.expr(&Ty::Item.opt(), EXACT, d);
                    format!("{}?.{field}", base(&it))
                } else if field == "label" {
                    let it = self.expr(&Ty::Item, EXACT, d);
                    format!("{}.label", base(&it))
                } else {
                    return None;
                }
            }
            6 => {
                let v = self.any_value(d);
                match inner {
                    Ty::Int => format!("as_int({v})"),
                    Ty::Float => format!("as_float({v})"),
                    Ty::Bool => format!("as_bool({v})"),
                    Ty::Str => format!("as_string({v})"),
                    Ty::List(t) if **t == Ty::Json => format!("as_list({v})"),
                    Ty::Map(t) if **t == Ty::Json => format!("as_map({v})"),
                    _ => return None,
                }
            }
            7 => match inner {
                Ty::Str if self.in_rule && self.tape.chance(15) => {
                    // The join of an open record and a record with `tag`.
                    let (c, f) = self.cond(d);
                    let o = self.with_facts(&f.when_true, |g| g.owner_value(d));
                    let (name, tag) = self.with_facts(&f.when_false, |g| {
                        (g.expr(&Ty::Str, LOOSE, d), g.expr(&Ty::Str, EXACT, d))
                    });
                    format!("(if {c} then {o} else {{ name: {name}, tag: {tag} }}).tag")
                }
                Ty::Str => {
                    let s = self.expr(&Ty::Str, CHECKED, d);
                    let f = self.tape.pick_str(&["tag", "digest"]);
                    format!("parse_image({s})?.{f}")
                }
                Ty::List(t) if **t == Ty::Str => {
                    let p = self.tape.pick_str(REGEXES);
                    let s = self.expr(&Ty::Str, CHECKED, d);
                    format!("regex_captures({p}, {s})")
                }
                _ => return None,
            },
            _ => {
                if m.exact {
                    return None;
                }
                self.expr(inner, m, d)
            }
        })
    }

    pub(crate) fn list_expr(&mut self, inner: &Ty, m: Mode, d: u32) -> Option<String> {
        let list = Ty::list(inner.clone());
        Some(match self.tape.below(10) {
            0 | 1 => {
                let n = if m.exact { 1 } else { 0 } + self.tape.below(3);
                let mut items = Vec::new();
                for i in 0..n {
                    let im = if m.exact && i == 0 {
                        EXACT
                    } else {
                        m.loosened()
                    };
                    items.push(self.expr(inner, im, d));
                }
                format!("[{}]", items.join(", "))
            }
            2 => {
                let (ma, mb) = self.branch_modes(Mode {
                    exact: m.exact,
                    checked: false,
                });
                let a = self.expr(&list, ma, d);
                let b = self.expr(&list, mb, d);
                format!("({a} + {b})")
            }
            3 => {
                let f = self.tape.pick_str(&["sort", "unique"]);
                let xs = self.expr(&list, EXACT, d);
                format!("{f}({xs})")
            }
            4 | 5 => self.comprehension("list", inner, m, d),
            6 => {
                let xss = self.expr(&Ty::list(list.clone()), EXACT, d);
                format!("flatten({xss})")
            }
            7 => {
                let mm = if self.tape.chance(30) {
                    self.expr(&Ty::int_map(inner.clone()), EXACT, d)
                } else {
                    self.expr(&Ty::map(inner.clone()), EXACT, d)
                };
                format!("values({mm})")
            }
            _ => match inner {
                Ty::Str => match self.tape.below(3) {
                    0 => {
                        let mt = self.ty(0);
                        let mm = self.expr(&Ty::map(mt), EXACT, d);
                        format!("keys({mm})")
                    }
                    1 => {
                        let s = self.expr(&Ty::Str, CHECKED, d);
                        let sep = escape(self.tape.pick_str(SEPARATORS));
                        format!("split({s}, \"{sep}\")")
                    }
                    _ => {
                        let p = self.tape.pick_str(REGEXES);
                        let s = self.expr(&Ty::Str, CHECKED, d);
                        format!("(regex_captures({p}, {s}) ?? [])")
                    }
                },
                Ty::Int => {
                    let mt = self.ty(0);
                    let mm = self.expr(&Ty::int_map(mt), EXACT, d);
                    format!("keys({mm})")
                }
                Ty::Json => {
                    let v = self.any_value(d);
                    format!("(as_list({v}) ?? [])")
                }
                Ty::Item => {
                    let xs = self.expr(&list, CHECKED, d);
                    let w = self.expr(&Ty::Float, CHECKED, d);
                    format!("h_heavy({xs}, {w})")
                }
                _ => return None,
            },
        })
    }

    pub(crate) fn set_expr(&mut self, inner: &Ty, m: Mode, d: u32) -> Option<String> {
        Some(match self.tape.below(5) {
            0 | 1 => {
                let n = if m.exact { 1 } else { 0 } + self.tape.below(3);
                let mut items = Vec::new();
                for i in 0..n {
                    let im = if m.exact && i == 0 {
                        EXACT
                    } else {
                        m.loosened()
                    };
                    items.push(self.expr(inner, im, d));
                }
                format!("set{{{}}}", items.join(", "))
            }
            2 => {
                let xs = self.expr(&Ty::list(inner.clone()), EXACT, d);
                format!("to_set({xs})")
            }
            3 => self.comprehension("set", inner, m, d),
            _ => {
                if *inner != Ty::Str {
                    return None;
                }
                let edges = self.expr(&Ty::map(Ty::list(Ty::Str)), CHECKED, d);
                let s = self.expr(&Ty::Str, CHECKED, d);
                format!("reachable({edges}, {s})")
            }
        })
    }

    pub(crate) fn map_expr(&mut self, inner: &Ty, m: Mode, d: u32) -> Option<String> {
        Some(match self.tape.below(5) {
            0 | 1 => {
                let n = if m.exact { 1 } else { 0 } + self.tape.below(3);
                let mut entries = Vec::new();
                for i in 0..n {
                    let im = if m.exact && i == 0 {
                        EXACT
                    } else {
                        m.loosened()
                    };
                    let k = self.expr(&Ty::Str, m.loosened(), d);
                    let v = self.expr(inner, im, d);
                    entries.push(format!("{k}: {v}"));
                }
                format!("map{{{}}}", entries.join(", "))
            }
            2 | 3 => self.comprehension("map", inner, m, d),
            _ => {
                if *inner != Ty::Json {
                    return None;
                }
                let v = self.any_value(d);
                format!("(as_map({v}) ?? map{{}})")
            }
        })
    }

    /// A record with the fields of `Owner` and possibly more undeclared members (the subject's
    /// open `owner`), used where a `Tagged` is expected or joined with a record that declares
    /// `tag`: see `Program::widening`.
    pub(crate) fn owner_value(&mut self, d: u32) -> String {
        self.widening = true;
        let owners: Vec<String> = self
            .entries_of(&Ty::Owner, EXACT)
            .into_iter()
            .map(|e| e.text)
            .collect();
        if !owners.is_empty() && self.tape.chance(40) {
            return self.tape.pick(&owners).cloned().unwrap_or_default();
        }
        let s = self.expr(&Ty::Str, LOOSE, d);
        let defaulted = format!("(d.owner ?? {{ name: {s} }})");
        if self.tape.chance(50) {
            defaulted
        } else {
            let s2 = self.expr(&Ty::Str, CHECKED, d);
            format!("{{ ..{defaulted}, name: {s2} }}")
        }
    }

    pub(crate) fn int_map_expr(&mut self, inner: &Ty, m: Mode, d: u32) -> Option<String> {
        Some(match self.tape.below(3) {
            0 | 1 => {
                let n = if m.exact { 1 } else { 0 } + self.tape.below(3);
                let mut entries = Vec::new();
                for i in 0..n {
                    let im = if m.exact && i == 0 {
                        EXACT
                    } else {
                        m.loosened()
                    };
                    let k = self.expr(&Ty::Int, EXACT, d);
                    let v = self.expr(inner, im, d);
                    entries.push(format!("{k}: {v}"));
                }
                format!("map{{{}}}", entries.join(", "))
            }
            _ => self.comprehension("imap", inner, m, d),
        })
    }
}
