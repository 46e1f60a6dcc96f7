//! Code lenses: "Run test" on each test and "Run all tests in file" on the first, "Evaluate"
//! on each rule, whose title becomes the outcome once the rule is evaluated ("✗ 2
//! violation(s) in pod.yaml"). Each runs a command of `capabilities::COMMANDS`.

use crate::convert::{Encoding, Lines};
use crate::evaluate::Outcome;
use crate::workspace::Built;
use palisade::ide::Runnable;
use std::collections::HashMap;
use tower_lsp_server::ls_types::*;

/// The lenses of the file at `uri`; `outcomes` are the evaluations of its rules, by rule.
pub fn lenses(
    built: &Built,
    encoding: Encoding,
    uri: &Uri,
    outcomes: &HashMap<String, Outcome>,
) -> Option<Vec<CodeLens>> {
    let file = built.file_id(uri)?;
    let lines = Lines::new(built.snapshot.text(file)?);
    let arg = |s: &str| serde_json::Value::String(s.to_owned());
    let uri_arg = arg(uri.as_str());
    let mut out = Vec::new();
    let mut first_test = true;
    for (runnable, span) in built.snapshot.runnables(file) {
        let range = lines.range(span, encoding);
        let lens = |title: String, command: &str, arguments: Vec<serde_json::Value>| CodeLens {
            range,
            command: Some(Command {
                title,
                command: command.to_owned(),
                arguments: Some(arguments),
            }),
            data: None,
        };
        match runnable {
            Runnable::Test { name } => {
                if first_test {
                    first_test = false;
                    out.push(lens(
                        "▶ Run all tests in file".to_owned(),
                        "palisade.runTests",
                        vec![uri_arg.clone()],
                    ));
                }
                out.push(lens(
                    "▶ Run test".to_owned(),
                    "palisade.runTest",
                    vec![uri_arg.clone(), arg(&name)],
                ));
            }
            Runnable::Rule { qualified } => {
                let title = outcomes
                    .get(&qualified)
                    .map_or_else(|| "▷ Evaluate".to_owned(), Outcome::title);
                out.push(lens(
                    title,
                    "palisade.evaluate",
                    vec![uri_arg.clone(), arg(&qualified)],
                ));
            }
        }
    }
    Some(out)
}
