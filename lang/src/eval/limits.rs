//! Evaluation limits. Every evaluation terminates (the language has no recursion and no
//! unbounded loops), but work and values are still proportional to the input; these bound
//! them, and exceeding one is a runtime error that fails closed.

/// Bounds on one evaluation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Evaluation steps for one decision (every expression evaluated and every loop iteration
    /// costs one). Default 10,000,000.
    pub fuel: u64,
    /// Elements of a list or set, or entries of a map, built during evaluation.
    /// Default 100,000.
    pub max_collection_len: usize,
    /// Bytes of a string built during evaluation. Default 4 MiB.
    pub max_string_bytes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            fuel: 10_000_000,
            max_collection_len: 100_000,
            max_string_bytes: 4 << 20,
        }
    }
}
