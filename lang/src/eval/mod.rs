//! Evaluation: input documents, runtime values, the compiled form of a checked policy set and
//! the evaluator over it. Takes plain checked data; knows nothing of salsa or IO.

pub mod compile;
pub mod conform;
pub mod cost;
pub mod coverage;
pub mod decision;
pub mod dispatch;
pub mod error;
pub mod input;
pub mod interp;
pub mod ir;
pub mod limits;
pub mod natives;
pub mod path;
pub mod policy;
pub mod reach;
pub mod suite;
pub mod testing;
pub mod value;
