//! Which rules may apply to a document, found from the values of the few fields rules
//! discriminate on. A rule with discriminators applies only to objects whose fields hold its
//! string literals (`kind: "Pod"`), so one of them, its *key*, is enough to rule it out: a
//! document whose key field does not hold the key's literal skips the rule, and checking its
//! other discriminators is left to the rules that remain. Built once per program; a document
//! then costs a lookup per key field instead of a check per rule.

use super::ir::Program;
use super::value::{Str, Value};
use std::collections::HashMap;

/// The rules of a program grouped by the literal of their key discriminator.
#[derive(Debug, Default)]
pub struct Dispatch {
    /// For each field that is some rule's key, the rules keyed on each literal, ascending.
    keyed: Vec<(Str, HashMap<Str, Vec<u32>>)>,
    /// Rules without discriminators: they apply to every document.
    open: Vec<u32>,
    /// The number of rule slots of the program.
    len: usize,
}

/// How many rules a set of candidates holds without allocating.
const INLINE_WORDS: usize = 8;

/// The rules that may apply to one document: a set of rule numbers, kept inline for programs
/// of up to 512 rules.
pub struct Candidates {
    inline: [u64; INLINE_WORDS],
    heap: Vec<u64>,
}

impl Candidates {
    fn with_capacity(rules: usize) -> Candidates {
        let words = rules.div_ceil(64);
        Candidates {
            inline: [0; INLINE_WORDS],
            heap: if words > INLINE_WORDS {
                vec![0; words]
            } else {
                Vec::new()
            },
        }
    }

    fn words(&self) -> &[u64] {
        if self.heap.is_empty() {
            &self.inline
        } else {
            &self.heap
        }
    }

    /// Whether rule `index` may apply.
    pub fn contains(&self, index: u32) -> bool {
        let i = index as usize;
        self.words()
            .get(i / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    fn insert(&mut self, index: u32) {
        let i = index as usize;
        let words = if self.heap.is_empty() {
            &mut self.inline[..]
        } else {
            &mut self.heap[..]
        };
        if let Some(w) = words.get_mut(i / 64) {
            *w |= 1 << (i % 64);
        }
    }
}

impl Dispatch {
    /// The grouping of a program's linked rules.
    pub fn of(program: &Program) -> Dispatch {
        let mut dispatch = Dispatch {
            len: program.rules.len(),
            ..Dispatch::default()
        };
        for (index, rule) in program.linked_rules() {
            // The first discriminator is the key: any would do, since a matching document
            // holds every one of them.
            let Some((field, literal)) = rule.discriminators.first() else {
                dispatch.open.push(index);
                continue;
            };
            let at = match dispatch.keyed.iter().position(|(f, _)| f == field) {
                Some(at) => at,
                None => {
                    dispatch.keyed.push((field.clone(), HashMap::new()));
                    dispatch.keyed.len() - 1
                }
            };
            if let Some((_, by_literal)) = dispatch.keyed.get_mut(at) {
                by_literal.entry(literal.clone()).or_default().push(index);
            }
        }
        dispatch
    }

    /// The rules that may apply to `doc`: those without discriminators, and those whose key
    /// field holds their key literal in `doc`.
    pub fn candidates(&self, doc: &Value) -> Candidates {
        let mut found = Candidates::with_capacity(self.len);
        for &index in &self.open {
            found.insert(index);
        }
        if let Value::Obj(o) = doc {
            for (field, by_literal) in &self.keyed {
                if let Some(Value::Str(value)) = o.get(field)
                    && let Some(rules) = by_literal.get(value)
                {
                    for &index in rules {
                        found.insert(index);
                    }
                }
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::FileId;

    const POLICY: &str = r#"package t

type Pod = { kind: "Pod", .. }
type Deployment = { apiVersion: "apps/v1", kind: "Deployment", .. }
type Event = { type: "push", .. }
type Anything = { .. }

rule pod(p: Pod) { meta { id: "POD" title: "t" } }
rule deployment(d: Deployment) { meta { id: "DEPLOYMENT" title: "t" } }
rule event(e: Event) { meta { id: "EVENT" title: "t" } }
rule anything(a: Anything) { meta { id: "ANY" title: "t" } }
rule pod_too(p: Pod) { meta { id: "POD2" title: "t" } }
"#;

    fn program() -> Program {
        let (result, facts) = crate::check::check_with_facts(&[(FileId(0), POLICY)]);
        assert!(!result.has_errors(), "{:?}", result.diagnostics);
        let files: Vec<_> = result.parses.iter().map(|(id, p)| (*id, &p.file)).collect();
        crate::eval::compile::compile(&files, &facts)
            .unwrap_or_else(|e| unreachable!("compiles: {e:?}"))
    }

    /// The ids of the rules a document may meet, and of those it matches.
    fn ids(program: &Program, json: serde_json::Value) -> (Vec<String>, Vec<String>) {
        let doc = Value::from_json(&json);
        let found = program.dispatch.candidates(&doc);
        let mut candidates = Vec::new();
        let mut matching = Vec::new();
        for (index, rule) in program.linked_rules() {
            let matches = crate::eval::conform::matches_discriminators(&doc, &rule.discriminators);
            // No rule that matches is left out.
            assert!(!matches || found.contains(index), "{} left out", rule.id);
            if found.contains(index) {
                candidates.push(rule.id.to_string());
            }
            if matches {
                matching.push(rule.id.to_string());
            }
        }
        (candidates, matching)
    }

    #[test]
    fn sets_of_candidates_hold_any_number_of_rules() {
        for rules in [1, 64, 65, 512, 513, 2000] {
            let mut set = Candidates::with_capacity(rules);
            let picked: Vec<u32> = (0..rules as u32)
                .filter(|i| i % 7 == 3 || *i + 1 == rules as u32)
                .collect();
            for &i in &picked {
                set.insert(i);
            }
            for i in 0..rules as u32 + 70 {
                assert_eq!(set.contains(i), picked.contains(&i), "{i} of {rules}");
            }
        }
    }

    #[test]
    fn a_document_meets_the_rules_of_its_key_literals_and_the_open_ones() {
        let program = program();
        // In evaluation order (declaration order within a package).
        let (c, m) = ids(&program, serde_json::json!({ "kind": "Pod" }));
        assert_eq!(c, ["POD", "ANY", "POD2"]);
        assert_eq!(m, c);
        // The key of the Deployment rule is one of its two discriminators: of two documents
        // that each hold one of them, one is a candidate, and neither matches.
        let (c1, m1) = ids(
            &program,
            serde_json::json!({ "kind": "Deployment", "apiVersion": "v1" }),
        );
        let (c2, m2) = ids(
            &program,
            serde_json::json!({ "kind": "Job", "apiVersion": "apps/v1" }),
        );
        let has = |c: &[String]| c.iter().any(|id| id == "DEPLOYMENT");
        assert!(has(&c1) != has(&c2), "{c1:?} {c2:?}");
        assert_eq!((m1, m2), (vec!["ANY".to_owned()], vec!["ANY".to_owned()]));
        let (_, m) = ids(
            &program,
            serde_json::json!({ "kind": "Deployment", "apiVersion": "apps/v1" }),
        );
        assert_eq!(m, ["DEPLOYMENT", "ANY"]);
        let (c, m) = ids(
            &program,
            serde_json::json!({ "type": "push", "kind": "Pod" }),
        );
        assert_eq!(c, ["POD", "EVENT", "ANY", "POD2"]);
        assert_eq!(m, c);
        // A key field that holds no string, and documents that are not objects.
        assert_eq!(ids(&program, serde_json::json!({ "kind": 1 })).0, ["ANY"]);
        assert_eq!(
            ids(&program, serde_json::json!([{ "kind": "Pod" }])).0,
            ["ANY"]
        );
        assert_eq!(ids(&program, serde_json::json!("Pod")).0, ["ANY"]);
    }
}
