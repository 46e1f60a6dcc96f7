//! Builtin signatures as types. The shared table in `crate::builtins` writes each signature in
//! Palisade notation; it is parsed here once, with the type variables `T`, `K`, `V` and
//! `rule<T>` of builtin signatures, so there is exactly one description of every builtin.

use super::lower::Mode;
use crate::builtins::{self, Availability};
use crate::check::types::Ty;
use crate::span::FileId;
use crate::syntax::ast::ItemKind;
use std::collections::HashMap;

/// One builtin's parameter and result types.
#[derive(Clone, Debug)]
pub(super) struct Signature {
    pub params: Vec<Ty>,
    pub ret: Ty,
    pub availability: Availability,
}

/// Every builtin's signature by name.
pub(super) struct Signatures(HashMap<&'static str, Signature>);

impl Signatures {
    /// Parses the table. A signature that does not parse is a defect of the table, caught by
    /// this module's test; at run time it would make the builtin accept anything.
    pub(super) fn parse() -> Signatures {
        let mut out = HashMap::new();
        for b in builtins::all() {
            // `rule` is a keyword; builtin signatures spell rule references `Rule<T>` inside.
            let signature = b.signature.replace("rule<", "Rule<");
            let text = format!("package builtins\nfn f{signature} {{ return none }}\n");
            let parse = crate::syntax::parse(FileId(u32::MAX), &text);
            let decl = parse.file.items.first().and_then(|i| match &i.kind {
                ItemKind::Fn(f) => Some(f.clone()),
                _ => None,
            });
            let Some(decl) = decl else { continue };
            let params = decl.params.iter().map(|p| lower_builtin(&p.ty)).collect();
            let Some(ret) = decl.ret.as_ref().map(lower_builtin) else {
                continue;
            };
            out.insert(
                b.name,
                Signature {
                    params,
                    ret,
                    availability: b.availability,
                },
            );
        }
        Signatures(out)
    }

    /// The table, parsed once per process: every check of a set, and of each item an editor
    /// re-checks, reads it.
    pub(super) fn table() -> &'static Signatures {
        static TABLE: std::sync::OnceLock<Signatures> = std::sync::OnceLock::new();
        TABLE.get_or_init(Signatures::parse)
    }

    pub(super) fn empty() -> &'static Signatures {
        static EMPTY: std::sync::OnceLock<Signatures> = std::sync::OnceLock::new();
        EMPTY.get_or_init(|| Signatures(HashMap::new()))
    }

    pub(super) fn get(&self, name: &str) -> Option<&Signature> {
        self.0.get(name)
    }
}

/// Lowers a builtin's type: no declared names exist there, so a throwaway program suffices.
fn lower_builtin(t: &crate::syntax::ast::TypeExpr) -> Ty {
    let index = crate::check::packages::PackageIndex::default();
    let files = [];
    let mut program = super::Program::new_bare(&index, &files);
    program.lower(0, t, Mode::Builtin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_signature_parses_and_lowers() {
        let signatures = Signatures::parse();
        for b in builtins::all() {
            let sig = signatures.get(b.name);
            assert!(sig.is_some(), "{} has a malformed signature", b.name);
            let sig = sig.map(|s| (s.params.clone(), s.ret.clone()));
            if let Some((params, ret)) = sig {
                assert!(!params.contains(&Ty::Error), "{}: {params:?}", b.name);
                assert_ne!(ret, Ty::Error, "{}", b.name);
            }
        }
        let count = signatures.get("count").map(|s| s.params[0].to_string());
        assert_eq!(count.as_deref(), Some("list<T> | set<T> | map<K, V>"));
    }
}
