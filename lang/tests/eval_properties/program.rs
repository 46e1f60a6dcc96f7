//! The fixed prelude of every generated policy, and `program`, which builds a policy from a tape.

use crate::generator::{Func, Gen};
use crate::types::{Env, Tape, Ty};
use serde_json::Value as Json;
use std::collections::BTreeMap;

pub(crate) const PRELUDE: &str = r#"package gen

type Item = { id: int, label?: string, weight: float }
type Owner = { name: string, uid?: int, .. }
type Doc = {
  kind: "Doc",
  name: string,
  n: int,
  f: float,
  flag?: bool,
  mode?: "fast" | "slow",
  tags: list<string, max 3>,
  images: list<string>,
  labels: map<string, string, max 3>,
  byid: map<int, string>,
  counts?: map<string, int>,
  items: list<Item, max 3>,
  scores?: list<float>,
  ids: set<int>,
  owner?: Owner,
  extra?: json,
  ..
}
type Other = { kind: "Other", .. }
type Tagged = { name: string, tag?: string, .. }

data cfg: { limit: int, names: list<string>, weights: map<string, float>, note?: string, .. }

fn h_clamp(x: int, lo: int, hi: int) -> int {
  return if x < lo then lo else if x > hi then hi else x
}
fn h_half(x: float) -> float {
  return x / 2
}
fn h_label(it: Item) -> string {
  return it.label ?? "<none>"
}
fn h_heavy(items: list<Item>, min: float) {
  return [it for it in items if it.weight >= min]
}
fn h_item(id: int) -> Item {
  return { id: id, weight: 1.0 }
}
fn h_pair(a: string, b: int) {
  return "{a}#{b}"
}
fn h_tag(t: Tagged) -> string {
  return t.tag ?? "-"
}

rule other(o: Other) {
  meta { id: "GEN-OTHER" title: "never applies to a Doc" }
  violation "other {to_string(o)}" at o
}
"#;

/// A generated policy: its source, and why it must be rejected (if it must).
pub(crate) struct Program {
    pub(crate) text: String,
    pub(crate) risky: Vec<&'static str>,
    /// Whether an open record is widened to a type that declares more optional fields: an
    /// `Owner` passed where a `Tagged` is expected, or joined with a record that has `tag`.
    /// spec/types.md accepts both, which is unsound (the open record's value may carry an
    /// undeclared `tag` of any type); a checker that refuses them is not counted as rejecting
    /// a well-typed program, and one that accepts them must still raise no `E0507`.
    pub(crate) widening: bool,
    /// Values the host supplies for some `param`s and for `data cfg`, by qualified name.
    pub(crate) params: BTreeMap<String, Json>,
    pub(crate) data: BTreeMap<String, Json>,
}

pub(crate) fn program(tape: &[u32]) -> Program {
    let mut g = Gen {
        tape: Tape { data: tape, pos: 0 },
        env: Env::default(),
        next_id: 0,
        risky: Vec::new(),
        widening: false,
        funcs: vec![
            Func {
                name: "h_clamp".to_owned(),
                params: vec![Ty::Int, Ty::Int, Ty::Int],
                ret: Ty::Int,
            },
            Func {
                name: "h_half".to_owned(),
                params: vec![Ty::Float],
                ret: Ty::Float,
            },
            Func {
                name: "h_label".to_owned(),
                params: vec![Ty::Item],
                ret: Ty::Str,
            },
            Func {
                name: "h_heavy".to_owned(),
                params: vec![Ty::list(Ty::Item), Ty::Float],
                ret: Ty::list(Ty::Item),
            },
            Func {
                name: "h_item".to_owned(),
                params: vec![Ty::Int],
                ret: Ty::Item,
            },
            Func {
                name: "h_pair".to_owned(),
                params: vec![Ty::Str, Ty::Int],
                ret: Ty::Str,
            },
        ],
        consts: Vec::new(),
        params: Vec::new(),
        in_rule: false,
    };
    let mut text = String::from(PRELUDE);
    for i in 0..g.tape.below(3) {
        text.push('\n');
        text.push_str(&g.constant(i));
    }
    // The host supplies `data`: not folded, not narrowed (like constants), conformed at run time.
    g.consts.extend([
        ("cfg.limit".to_owned(), Ty::Int),
        ("cfg.names".to_owned(), Ty::list(Ty::Str)),
        ("cfg.weights".to_owned(), Ty::map(Ty::Float)),
        ("cfg.note".to_owned(), Ty::Str.opt()),
    ]);
    for i in 0..g.tape.below(3) {
        text.push('\n');
        text.push_str(&g.function(i));
    }
    for i in 0..1 + g.tape.below(2) {
        text.push('\n');
        text.push_str(&g.rule(i));
    }
    let mut params = BTreeMap::new();
    for (name, ty) in g.params.clone() {
        if g.tape.chance(50) {
            params.insert(format!("gen.{name}"), g.host_value(&ty));
        }
    }
    let mut data = BTreeMap::new();
    data.insert("gen.cfg".to_owned(), g.host_data());
    Program {
        text,
        risky: g.risky,
        widening: g.widening,
        params,
        data,
    }
}
