//! The formatter's corpus: every `tests/format/ok/*.pal` is formatted and its output pinned by
//! an insta snapshot in `tests/format_snapshots/`; the formatting properties (a fixed point,
//! the same tree and comments, the same diagnostics) are checked on each. Every
//! `tests/format/refused/*.pal` has syntax errors and must be refused with exactly the parser's
//! diagnostics. Each file's first line says what it covers.

#[path = "common/formatting.rs"]
mod formatting;

use formatting::check_formatting;
use libtest_mimic::{Arguments, Failed, Trial};
use std::path::{Path, PathBuf};

fn main() {
    let args = Arguments::from_args();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/format");
    let mut trials = Vec::new();
    for area in ["ok", "refused"] {
        for case in sorted_cases(&root.join(area)) {
            let name = format!(
                "{area}/{}",
                case.file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default()
            );
            let refused = area == "refused";
            trials.push(Trial::test(name.clone(), move || {
                run_case(&name, &case, refused)
            }));
        }
    }
    libtest_mimic::run(&args, trials).exit();
}

fn sorted_cases(dir: &Path) -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    cases.retain(|p| p.extension().is_some_and(|e| e == "pal"));
    cases.sort();
    cases
}

fn run_case(name: &str, case: &Path, refused: bool) -> Result<(), Failed> {
    let text = std::fs::read_to_string(case).map_err(|e| e.to_string())?;
    let outcome = check_formatting(&text)?;
    match (outcome, refused) {
        (Some(formatted), false) => {
            insta::with_settings!({
                snapshot_path => "format_snapshots",
                prepend_module_to_snapshot => false,
                omit_expression => true,
            }, {
                insta::assert_snapshot!(name.replace('/', "__"), formatted);
            });
            Ok(())
        }
        (None, true) => Ok(()),
        (Some(_), true) => Err("a case under refused/ was formatted".into()),
        (None, false) => Err("a case under ok/ has syntax errors".into()),
    }
}
