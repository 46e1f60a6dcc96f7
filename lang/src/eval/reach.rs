//! Which rules and views of a policy set can take part in judging a document whose top-level
//! string fields are known by name (and some by value: `kind` is `"TerraformModule"`): the
//! rules whose discriminators the document, or a document that views yield from it
//! (transitively), can match. Every other
//! rule skips such a document, so a set that holds the same rules and views reaching it
//! judges it the same: a host may compile part of a large set for documents it knows the
//! kind of.

use super::ir::Program;
use super::policy::PolicySet;
use super::value::Str;
use crate::check::types::Ty;

/// The rules and views that may judge a document ([`PolicySet::reaching`]), by qualified
/// name (`package.name`), in the set's order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reach {
    /// The rules that may apply to the document or to a document yielded from it.
    pub rules: Vec<String>,
    /// The views that may read the document or a document yielded from it.
    pub views: Vec<String>,
}

/// A document the set may see: the one judged, with its known fields, or one a view yields,
/// of the view's target type.
enum Shape<'a> {
    Root(&'a [(&'a str, Option<&'a str>)]),
    Yielded(&'a Ty),
}

impl Shape<'_> {
    /// Whether a document of this shape may have these discriminators.
    fn may_match(&self, discriminators: &[(Str, Str)]) -> bool {
        match self {
            // A discriminator needs its field, a string: one of those named, of the value
            // given if one is.
            Shape::Root(strings) => discriminators.iter().all(|(field, value)| {
                strings
                    .iter()
                    .any(|(f, v)| **f == **field && v.is_none_or(|v| *v == **value))
            }),
            Shape::Yielded(target) => super::cost::may_feed(target, discriminators),
        }
    }
}

impl PolicySet {
    /// The rules and views that may take part in judging a document whose top-level fields
    /// holding strings are exactly those of `strings` (with their values where given),
    /// directly or through the documents views yield from it. An over-approximation: a rule
    /// left out skips every such document (its discriminators cannot match), one kept may
    /// still skip some.
    ///
    /// ```
    /// use palisade::{FileId, PolicySet};
    ///
    /// let src = "package p\n\ntype A = { kind: \"A\", bs: list<B> }\ntype B = { kind: \"B\", n: int }\ntype C = { kind: \"C\" }\n\n\
    ///     view bs(a: A) -> B {\n  for b in a.bs { yield b }\n}\n\n\
    ///     rule on_b(b: B) {\n  meta { id: \"ON-B\" title: \"B\" severity: \"low\" }\n  if b.n > 1 { violation \"big\" }\n}\n\n\
    ///     rule on_c(c: C) {\n  meta { id: \"ON-C\" title: \"C\" severity: \"low\" }\n  if c.kind == \"C\" { violation \"c\" }\n}\n";
    /// let set = PolicySet::compile(&[(FileId(0), src)]).expect("checks");
    /// let reach = set.reaching(&[("kind", Some("A"))]);
    /// assert_eq!(reach.views, ["p.bs"]);
    /// assert_eq!(reach.rules, ["p.on_b"]);
    /// assert_eq!(set.reaching(&[("kind", Some("C"))]).rules, ["p.on_c"]);
    /// assert_eq!(set.reaching(&[("kind", None)]).rules, ["p.on_b", "p.on_c"]);
    /// ```
    pub fn reaching(&self, strings: &[(&str, Option<&str>)]) -> Reach {
        reaching(self.program(), strings)
    }
}

fn reaching(program: &Program, strings: &[(&str, Option<&str>)]) -> Reach {
    let views: Vec<_> = program.linked_views().collect();
    let mut reached = vec![false; views.len()];
    let mut shapes = vec![Shape::Root(strings)];
    // Each view reached adds its target once: at most one pass per view.
    let mut next = 0;
    while let Some(shape) = shapes.get(next) {
        let mut found = Vec::new();
        for (view, seen) in views.iter().zip(reached.iter_mut()) {
            if !*seen && shape.may_match(&view.discriminators) {
                *seen = true;
                found.push(Shape::Yielded(&view.target));
            }
        }
        shapes.extend(found);
        next += 1;
    }
    Reach {
        rules: program
            .linked_rules()
            .filter(|(_, r)| shapes.iter().any(|s| s.may_match(&r.discriminators)))
            .map(|(_, r)| r.qualified.to_string())
            .collect(),
        views: views
            .iter()
            .zip(&reached)
            .filter(|(_, r)| **r)
            .map(|(v, _)| v.qualified.to_string())
            .collect(),
    }
}
