//! Every peer engine decides as Palisade on every input of a scenario (CI runs this; it never
//! times anything). The checks are shared with the benchmarks, which run them first.

#[path = "../checks/equivalence.rs"]
mod equivalence;

#[test]
fn p1_regorus_and_cel_decide_as_palisade() {
    equivalence::p1_regorus_and_cel_decide_as_palisade();
}

#[test]
fn p2_cedar_and_regorus_authorize_as_palisade() {
    equivalence::p2_cedar_and_regorus_authorize_as_palisade();
}
