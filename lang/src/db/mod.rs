//! The incremental database, for hosts that live long (the language server, `palisade test
//! --watch`, an admission server): the only code that knows salsa. Inputs are policy files,
//! the set they form, evaluation settings and documents; tracked queries parse, check and
//! compile per module, and evaluate per module, so that an edit re-runs only what depends on it.
//!
//! The queries and what each reads:
//!
//! | query | reads | re-runs when |
//! |---|---|---|
//! | `parse(file)` | the file's text, `item_parse` of each item's text | the file changes (items whose text the database parsed before are not parsed again) |
//! | `item_parse(text)` | an item's text (interned) | never: one per distinct text, dropped with the text when salsa collects it |
//! | `interface(file)` | `parse(file)` | the file's declarations change (not its rule, test or annotated function bodies; positions are ignored) |
//! | `packages(set)` | every `interface` | a file's package declaration changes (a move alone leaves it equal, with the old positions: stubs use the names only) |
//! | `check_file(set, file)` | `parse(file)`, `packages`, `interface` of the files it imports | the file or an imported file's declarations change |
//! | `tables(set)` | every `interface` | any declaration is added, removed or renamed |
//! | `module_ir(set, file)` | `parse(file)`, `check_file`, `tables` | the file or the numbering changes |
//! | `closure_program(set, file)` | `module_ir` of the file and the files it imports, transitively | one of those modules changes |
//! | `file_costs(set, file)` | `closure_program`: the static cost bounds of its rules and views | that program changes |
//! | `module_runs(set, file, doc)` | `closure_program`, the document, the settings | that program, the document or the settings change |
//! | `declarations(file)` | `parse(file)`: package and rule ids | a rule is added or removed, or a rule id or the package changes (positions, rule names and subjects are ignored) |
//! | `cross_file(set)` | every `declarations` | a rule id or a package changes anywhere |
//! | `decision(set, doc)` / `diagnostics(set)` | every `module_runs` / `check_file`; `declarations` with positions only when `cross_file` found a conflict | anything changes, but they only assemble |
//!
//! | `file_analysis(set, file)` | like `check_file`, recording positions | the file or an interface it reads changes (only when an editor asks) |
//! | `header(file)` | `interface(file)` | the file's package or imports change |
//!
//! One-shot evaluation (`PolicySet`) needs none of this: it checks and compiles the whole set
//! at once.

mod editor;
mod host;
mod inputs;
mod queries;

pub use editor::{file_analysis, header, item_analysis};
pub use host::{Host, is_cancellation};
pub use inputs::{DocumentInput, PolicyFile, PolicySetInput, Settings};
pub use queries::{
    FileCheck, Interface, check_file, closure, closure_program, decision, diagnostics, file_costs,
    interface, module_ir, module_runs, parse, tables,
};

use std::sync::{Arc, Mutex};

/// A salsa database with a log of the queries it executed, for hosts and for tests that
/// assert what re-ran.
#[salsa::db]
#[derive(Clone)]
pub struct Database {
    storage: salsa::Storage<Self>,
    executed: Arc<Mutex<Vec<String>>>,
}

impl Default for Database {
    fn default() -> Database {
        let executed: Arc<Mutex<Vec<String>>> = Arc::default();
        let log = executed.clone();
        let storage = salsa::Storage::new(Some(Box::new(move |event: salsa::Event| {
            if let salsa::EventKind::WillExecute { database_key } = event.kind
                && let Ok(mut log) = log.lock()
            {
                log.push(format!("{database_key:?}"));
            }
        })));
        Database { storage, executed }
    }
}

#[salsa::db]
impl salsa::Database for Database {}

impl Database {
    /// The queries executed since the last call, as `name(Id(..))`, in order.
    pub fn take_executed(&self) -> Vec<String> {
        self.executed
            .lock()
            .map(|mut log| std::mem::take(&mut *log))
            .unwrap_or_default()
    }
}
