//! `Gen`: `int`, `float`, `string` and `json` expressions.

use crate::generator::{FIXED_INTS, Gen, POINTERS, REGEXES, SEPARATORS, TEXTS, base, escape};
use crate::types::{CHECKED, EXACT, LOOSE, Mode, Ty};

impl Gen<'_> {
    pub(crate) fn int_expr(&mut self, d: u32) -> Option<String> {
        Some(match self.tape.below(16) {
            0..=2 => {
                let a = self.expr(&Ty::Int, EXACT, d);
                let b = self.expr(&Ty::Int, EXACT, d);
                let op = self.tape.pick_str(&["+", "-", "*", "/", "%"]);
                format!("({a} {op} {b})")
            }
            3 => {
                let a = self.expr(&Ty::Int, EXACT, d);
                format!("(-{})", base(&a))
            }
            4 => {
                let t = self.ty(1);
                let c = match self.tape.below(4) {
                    0 => Ty::list(t),
                    1 => Ty::set(self.scalar_ty()),
                    2 => Ty::int_map(t),
                    _ => Ty::map(t),
                };
                let c = self.expr(&c, LOOSE, d);
                format!("count({c})")
            }
            5 => {
                let s = self.expr(&Ty::Str, CHECKED, d);
                format!("len({s})")
            }
            6 => {
                let xs = self.expr(&Ty::list(Ty::Int), CHECKED, d);
                format!("sum({xs})")
            }
            7 => {
                let f = self.tape.pick_str(&["min", "max"]);
                let xs = self.expr(&Ty::list(Ty::Int), EXACT, d);
                let i = self.expr(&Ty::Int, EXACT, d);
                format!("({f}({xs}) ?? {i})")
            }
            8 => {
                let j = self.any_value(d);
                let i = self.expr(&Ty::Int, EXACT, d);
                format!("(as_int({j}) ?? {i})")
            }
            9 => {
                let i = self.expr(&Ty::Int, EXACT, d);
                if self.tape.chance(50) {
                    let xs = self.expr(&Ty::list(Ty::Int), EXACT, d);
                    let k = self.expr(&Ty::Int, CHECKED, d);
                    format!("({}[{k}] ?? {i})", base(&xs))
                } else {
                    let m = self.expr(&Ty::map(Ty::Int), EXACT, d);
                    let k = self.expr(&Ty::Str, CHECKED, d);
                    format!("({}[{k}] ?? {i})", base(&m))
                }
            }
            10 => {
                let it = self.expr(&Ty::Item, EXACT, d);
                format!("{}.id", base(&it))
            }
            11 => self.tape.pick_str(FIXED_INTS).to_owned(),
            12 => {
                let a = self.expr(&Ty::Int, CHECKED, d);
                let b = self.expr(&Ty::Int, CHECKED, d);
                let c = self.expr(&Ty::Int, CHECKED, d);
                format!("h_clamp({a}, {b}, {c})")
            }
            13 => {
                if !self.in_rule {
                    return None;
                }
                let i = self.int_lit();
                self.tape
                    .pick(&[
                        format!("(d.owner?.uid ?? {i})"),
                        format!("(d.items[{i}]?.id ?? 0)"),
                        format!("(d.counts?[\"a\"] ?? {i})"),
                        "count(d.ids)".to_owned(),
                    ])?
                    .clone()
            }
            _ => return None,
        })
    }

    pub(crate) fn float_expr(&mut self, m: Mode, d: u32) -> Option<String> {
        Some(match self.tape.below(12) {
            0..=2 => {
                let op = self.tape.pick_str(&["+", "-", "*", "/", "%"]);
                let (ma, mb) = self.branch_modes(Mode {
                    exact: m.exact,
                    checked: false,
                });
                let a = self.expr(&Ty::Float, ma, d);
                let b = self.expr(&Ty::Float, mb, d);
                format!("({a} {op} {b})")
            }
            3 => {
                let a = self.expr(&Ty::Float, EXACT, d);
                format!("(-{})", base(&a))
            }
            4 => {
                let f = self.tape.pick_str(&["min", "max"]);
                let xs = self.expr(&Ty::list(Ty::Float), EXACT, d);
                let x = self.expr(&Ty::Float, LOOSE, d);
                format!("({f}({xs}) ?? {x})")
            }
            5 => {
                let j = self.any_value(d);
                let x = self.expr(&Ty::Float, LOOSE, d);
                format!("(as_float({j}) ?? {x})")
            }
            6 => {
                let it = self.expr(&Ty::Item, EXACT, d);
                format!("{}.weight", base(&it))
            }
            7 => {
                let x = self.expr(&Ty::Float, CHECKED, d);
                format!("h_half({x})")
            }
            8 => {
                let x = self.expr(&Ty::Float, LOOSE, d);
                let xs = self.expr(&Ty::list(Ty::Float), EXACT, d);
                let k = self.expr(&Ty::Int, CHECKED, d);
                format!("({}[{k}] ?? {x})", base(&xs))
            }
            9 => {
                if !self.in_rule {
                    return None;
                }
                let x = self.expr(&Ty::Float, LOOSE, d);
                let i = self.int_lit();
                self.tape
                    .pick(&[
                        format!("(d.items[{i}]?.weight ?? {x})"),
                        format!("(d.scores?[{i}] ?? {x})"),
                        format!("(min(d.scores ?? []) ?? {x})"),
                    ])?
                    .clone()
            }
            _ => return None,
        })
    }

    /// An interpolated string with at least one interpolation.
    pub(crate) fn interpolation(&mut self, d: u32) -> String {
        let mut out = String::from("\"");
        let n = 1 + self.tape.below(3);
        for i in 0..n {
            if i > 0 || self.tape.chance(50) {
                out.push_str(&escape(self.tape.pick_str(TEXTS)));
            }
            let t = self.scalar_ty();
            let e = self.expr(&t, LOOSE, d);
            out.push('{');
            out.push_str(&e);
            out.push('}');
        }
        if self.tape.chance(50) {
            out.push_str(&escape(self.tape.pick_str(TEXTS)));
        }
        out.push('"');
        out
    }

    pub(crate) fn str_expr(&mut self, m: Mode, d: u32) -> Option<String> {
        Some(match self.tape.below(18) {
            0..=2 => self.interpolation(d),
            3 => {
                let a = self.expr(&Ty::Str, LOOSE, d);
                let b = self.expr(&Ty::Str, LOOSE, d);
                format!("({a} + {b})")
            }
            4 | 5 => {
                let s = self.expr(&Ty::Str, CHECKED, d);
                match self.tape.below(8) {
                    0 => format!("lower({s})"),
                    1 => format!("upper({s})"),
                    2 => format!("trim({s})"),
                    3 => format!("sha256({s})"),
                    4 => format!("base64_encode({s})"),
                    5 => format!("hex_encode({s})"),
                    6 => format!("base64_decode(base64_encode({s}))"),
                    _ => format!("hex_decode(hex_encode({s}))"),
                }
            }
            6 => {
                let s = self.expr(&Ty::Str, CHECKED, d);
                let t = self.expr(&Ty::Str, CHECKED, d);
                match self.tape.below(3) {
                    0 => format!("trim_prefix({s}, {t})"),
                    1 => format!("trim_suffix({s}, {t})"),
                    _ => {
                        let from = escape(self.tape.pick_str(SEPARATORS));
                        format!("replace({s}, \"{from}\", {t})")
                    }
                }
            }
            7 => {
                let xs = self.expr(&Ty::list(Ty::Str), CHECKED, d);
                let s = self.expr(&Ty::Str, CHECKED, d);
                format!("join({xs}, {s})")
            }
            8 => {
                if self.tape.chance(50) {
                    let i = self.expr(&Ty::Int, CHECKED, d);
                    format!("format_int({i})")
                } else {
                    let v = self.any_value(d);
                    format!("to_string({v})")
                }
            }
            9 => {
                let s = self.expr(&Ty::Str, LOOSE, d);
                match self.tape.below(3) {
                    0 => {
                        let j = self.any_value(d);
                        format!("(as_string({j}) ?? {s})")
                    }
                    1 => {
                        let img = self.expr(&Ty::Str, CHECKED, d);
                        format!("(parse_image({img})?.registry ?? {s})")
                    }
                    _ => {
                        let img = self.expr(&Ty::Str, CHECKED, d);
                        format!("(parse_image({img})?.repository ?? {s})")
                    }
                }
            }
            10 => {
                let s = self.expr(&Ty::Str, LOOSE, d);
                match self.tape.below(3) {
                    0 => {
                        let xs = self.expr(&Ty::list(Ty::Str), EXACT, d);
                        let i = self.expr(&Ty::Int, CHECKED, d);
                        format!("({}[{i}] ?? {s})", base(&xs))
                    }
                    1 => {
                        let mm = self.expr(&Ty::map(Ty::Str), EXACT, d);
                        let k = self.expr(&Ty::Str, CHECKED, d);
                        format!("({}[{k}] ?? {s})", base(&mm))
                    }
                    _ => {
                        let f = self.tape.pick_str(&["min", "max"]);
                        let xs = self.expr(&Ty::list(Ty::Str), EXACT, d);
                        format!("({f}({xs}) ?? {s})")
                    }
                }
            }
            11 => {
                let s = self.expr(&Ty::Str, CHECKED, d);
                let sep = escape(self.tape.pick_str(SEPARATORS));
                let i = self.expr(&Ty::Int, CHECKED, d);
                let dflt = self.expr(&Ty::Str, LOOSE, d);
                format!("(split({s}, \"{sep}\")[{i}] ?? {dflt})")
            }
            12 => {
                let p = self.tape.pick_str(REGEXES);
                let s = self.expr(&Ty::Str, CHECKED, d);
                let i = self.tape.below(3);
                let dflt = self.expr(&Ty::Str, LOOSE, d);
                format!("(regex_captures({p}, {s})?[{i}] ?? {dflt})")
            }
            13 => {
                if self.tape.chance(50) {
                    let it = self.expr(&Ty::Item, CHECKED, d);
                    format!("h_label({it})")
                } else {
                    let s = self.expr(&Ty::Str, CHECKED, d);
                    let i = self.expr(&Ty::Int, CHECKED, d);
                    format!("h_pair({s}, {i})")
                }
            }
            14 => {
                let it = self.expr(&Ty::Item, EXACT, d);
                let s = self.expr(&Ty::Str, LOOSE, d);
                format!("({}.label ?? {s})", base(&it))
            }
            15 => {
                if m.exact || !self.in_rule {
                    return None;
                }
                // An enum, accepted where a string is.
                let v = self.tape.pick_str(&["\"fast\"", "\"slow\""]);
                format!("(d.mode ?? {v})")
            }
            16 => {
                if !self.in_rule {
                    return None;
                }
                if self.tape.chance(15) {
                    let o = self.owner_value(d);
                    format!("h_tag({o})")
                } else {
                    let s = self.expr(&Ty::Str, LOOSE, d);
                    format!("(d.owner?.name ?? {s})")
                }
            }
            _ => {
                if m.exact {
                    return None;
                }
                // A conditional between two literals is an enum.
                let a = self.text_lit();
                let b = self.text_lit();
                let c = self.expr(&Ty::Bool, EXACT, d);
                format!("(if {c} then {a} else {b})")
            }
        })
    }

    pub(crate) fn json_expr(&mut self, m: Mode, d: u32) -> Option<String> {
        if m.checked && self.tape.chance(40) {
            return Some(self.any_value(d));
        }
        Some(match self.tape.below(6) {
            0 => {
                let v = self.any_value(d);
                let k = self.expr(&Ty::Str, CHECKED, d);
                format!("get({v}, {k})")
            }
            1 => {
                let v = self.any_value(d);
                let p = self.tape.pick_str(POINTERS);
                format!("json_pointer({v}, {p})")
            }
            2 => {
                let v = self.any_value(d);
                let i = self.expr(&Ty::Int, CHECKED, d);
                format!("as_list({v})?[{i}]")
            }
            3 => {
                let v = self.any_value(d);
                let k = self.expr(&Ty::Str, CHECKED, d);
                format!("as_map({v})?[{k}]")
            }
            4 => {
                let f = self.tape.pick_str(&["min", "max"]);
                let xs = self.expr(&Ty::list(Ty::Json), EXACT, d);
                format!("{f}({xs})")
            }
            _ => {
                if !self.in_rule {
                    return None;
                }
                "d.extra".to_owned()
            }
        })
    }
}
