//! The corpus harness: every case under `tests/corpus/<area>/` becomes one test. A case is a
//! `.pal` file, or a directory of `.pal` files checked together (its header is in `main.pal`).
//! The first line says what to expect: `# expect: ok`, or the exact multiset of codes, e.g.
//! `# expect: E0100 E0100 W0200`. Each area asserts the phases it is about: `lex`, `syntax`
//! and `resolve` cases the front-end codes (E00xx–E02xx, W00xx–W02xx), `types` and `valid`
//! cases every code. Codes are asserted here; the rendered diagnostics are pinned separately
//! by one insta snapshot per case in `tests/corpus_snapshots/`.

use libtest_mimic::{Arguments, Failed, Trial};
use palisade::diagnostics::{LineIndex, RenderOptions, render};
use palisade::{CheckResult, FileId, check_bytes};
use std::path::{Path, PathBuf};

fn main() {
    let args = Arguments::from_args();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut trials = Vec::new();
    for area in sorted_entries(&root) {
        if !area.is_dir() {
            continue;
        }
        for case in sorted_entries(&area) {
            let is_case = case.is_dir() || case.extension().is_some_and(|e| e == "pal");
            if !is_case {
                continue;
            }
            let name = case
                .strip_prefix(&root)
                .unwrap_or(&case)
                .with_extension("")
                .to_string_lossy()
                .replace('\\', "/");
            trials.push(Trial::test(name.clone(), move || run_case(&name, &case)));
        }
    }
    libtest_mimic::run(&args, trials).exit();
}

/// Codes of the lexical, syntax and name phases.
fn is_front_end(code: &str) -> bool {
    code.get(2..3).is_some_and(|phase| phase < "3")
}

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    entries.sort();
    entries
}

/// The files of a case and the file holding its header.
fn case_files(case: &Path) -> Result<(Vec<PathBuf>, PathBuf), Failed> {
    if case.is_dir() {
        let files: Vec<PathBuf> = sorted_entries(case)
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "pal"))
            .collect();
        let main = case.join("main.pal");
        if !main.exists() {
            return Err(format!("{} has no main.pal", case.display()).into());
        }
        Ok((files, main))
    } else {
        Ok((vec![case.to_path_buf()], case.to_path_buf()))
    }
}

fn expected_codes(header_file: &Path) -> Result<Vec<String>, Failed> {
    let bytes = std::fs::read(header_file).map_err(|e| e.to_string())?;
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let line = String::from_utf8_lossy(first_line);
    let spec = line
        .trim()
        .strip_prefix("# expect:")
        .ok_or_else(|| format!("{} does not start with `# expect:`", header_file.display()))?
        .trim()
        .to_owned();
    if spec == "ok" {
        return Ok(Vec::new());
    }
    let mut codes: Vec<String> = spec.split_whitespace().map(str::to_owned).collect();
    codes.sort();
    Ok(codes)
}

fn run_case(name: &str, case: &Path) -> Result<(), Failed> {
    let (files, header) = case_files(case)?;
    let expected = expected_codes(&header)?;
    let contents: Vec<Vec<u8>> = files
        .iter()
        .map(std::fs::read)
        .collect::<Result<_, _>>()
        .map_err(|e| e.to_string())?;
    let sources: Vec<(FileId, &[u8])> = contents
        .iter()
        .enumerate()
        .map(|(i, bytes)| (FileId(i as u32), bytes.as_slice()))
        .collect();
    let (texts, mut result) = check_bytes(&sources);
    let area = name.split('/').next().unwrap_or_default();
    if matches!(area, "lex" | "syntax" | "resolve") {
        result.diagnostics.retain(|d| is_front_end(d.code.as_str()));
    }
    let mut actual: Vec<String> = result
        .diagnostics
        .iter()
        .map(|d| d.code.as_str().to_owned())
        .collect();
    actual.sort();
    let names: Vec<String> = files
        .iter()
        .map(|f| {
            f.file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let report = describe(&result, &names, &texts);
    if actual != expected {
        return Err(
            format!("expected codes {expected:?}\n     got codes {actual:?}\n{report}").into(),
        );
    }
    let snapshot_name = name.replace('/', "__");
    insta::with_settings!({
        snapshot_path => "corpus_snapshots",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(snapshot_name, report);
    });
    Ok(())
}

/// A stable text form of the diagnostics: one compact line each (code, position, message,
/// help), then the ariadne rendering when the sources are small enough to show.
fn describe(result: &CheckResult, names: &[String], texts: &[String]) -> String {
    let indexes: Vec<LineIndex> = texts.iter().map(|t| LineIndex::new(t)).collect();
    let mut out = String::new();
    for d in &result.diagnostics {
        let i = d.file.0 as usize;
        let (Some(text), Some(index), Some(name)) = (texts.get(i), indexes.get(i), names.get(i))
        else {
            continue;
        };
        let start = index.line_col(text, d.span.start as usize);
        let end = index.line_col(text, d.span.end as usize);
        out.push_str(&format!(
            "{} {}:{}:{}-{}:{} {}\n",
            d.code, name, start.line, start.column, end.line, end.column, d.message
        ));
        if let Some(help) = &d.help {
            out.push_str(&format!("    help: {help}\n"));
        }
    }
    let small = texts
        .iter()
        .all(|t| t.len() <= 16 * 1024 && t.lines().all(|l| l.len() <= 300));
    if small && !result.diagnostics.is_empty() {
        let source_of = |id: FileId| {
            let i = id.0 as usize;
            Some((names.get(i)?.as_str(), texts.get(i)?.as_str()))
        };
        out.push('\n');
        out.push_str(&render(
            &result.diagnostics,
            &source_of,
            RenderOptions { color: false },
        ));
    }
    if out.is_empty() {
        out.push_str("no diagnostics\n");
    }
    out
}
