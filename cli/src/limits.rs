//! The limits of input documents and of evaluation on the command line (`--max-nodes N`...),
//! named as in `palisade.toml`'s `[limits]` and the library's `InputLimits` and `Limits`; the
//! command line wins over the file.

use palisade::config::ConfigLimits;

/// `--max-bytes`, `--max-depth`, `--max-nodes`, `--max-collection-len`, `--max-string-bytes`.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct LimitArgs {
    /// The most bytes of an input file (default 64 MiB).
    #[arg(long, value_name = "BYTES")]
    pub max_bytes: Option<usize>,
    /// The most nesting of arrays and objects in a document (default 128).
    #[arg(long, value_name = "N")]
    pub max_depth: Option<usize>,
    /// The most values of one document, YAML aliases expanded (default 1,000,000).
    #[arg(long, value_name = "N")]
    pub max_nodes: Option<usize>,
    /// The most elements of an array or members of an object in a document (default 100,000).
    #[arg(long, value_name = "N")]
    pub max_collection_len: Option<usize>,
    /// The most bytes of a string or key in a document (default 4 MiB).
    #[arg(long, value_name = "BYTES")]
    pub max_string_bytes: Option<usize>,
    /// Refuse the policy set if a rule's static cost bound, for documents within the input
    /// limits, exceeds this many evaluation steps (E0509; `palisade check --cost` shows them).
    #[arg(long, value_name = "STEPS")]
    pub max_rule_cost: Option<u64>,
}

impl LimitArgs {
    /// These flags, and `--fuel`, as the limits they set.
    pub fn config(&self, fuel: Option<u64>) -> ConfigLimits {
        ConfigLimits {
            max_bytes: self.max_bytes,
            max_depth: self.max_depth,
            max_nodes: self.max_nodes,
            max_collection_len: self.max_collection_len,
            max_string_bytes: self.max_string_bytes,
            fuel,
            max_rule_cost: self.max_rule_cost,
        }
    }
}
