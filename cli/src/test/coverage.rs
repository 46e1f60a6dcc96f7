//! Coverage of policy code by the tests that ran: lines (of statements, function results and
//! `let`s in rules and functions), branches (each way of each `if` statement) and rules (run at
//! least once). Files that hold tests but no rules are test code and not counted.

use crate::files::LoadedFile;
use palisade::diagnostics::LineIndex;
use palisade::{Coverable, Coverage, FileId, TestInfo};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// Coverage of one file.
#[derive(Clone, Debug, Serialize)]
pub struct FileSummary {
    /// The file as shown.
    pub file: String,
    /// Lines with code that tests could run.
    pub lines: usize,
    /// Of those, lines that ran.
    pub covered_lines: usize,
    /// Lines that did not run, ascending.
    pub uncovered_lines: Vec<u32>,
    /// Lines that ran, ascending (for the lcov and HTML reports).
    #[serde(skip)]
    pub run_lines: Vec<u32>,
    /// The file's text (for the HTML report).
    #[serde(skip)]
    pub text: String,
    /// Ways `if` statements can go (two per statement).
    pub branches: usize,
    /// Of those, ways taken.
    pub covered_branches: usize,
}

/// Coverage of the policy set.
#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    /// Percentage of lines covered, 100 when there is nothing to cover.
    pub line_percent: f64,
    /// Lines with code.
    pub lines: usize,
    /// Lines covered.
    pub covered_lines: usize,
    /// Branches.
    pub branches: usize,
    /// Branches taken.
    pub covered_branches: usize,
    /// Rules.
    pub rules: usize,
    /// Rules run at least once.
    pub covered_rules: usize,
    /// Ids of the rules no test ran.
    pub uncovered_rules: Vec<String>,
    /// Per file.
    pub files: Vec<FileSummary>,
}

/// Compares what ran with what could.
pub fn summarize(
    coverable: &Coverable,
    covered: &Coverage,
    tests: &[TestInfo],
    files: &[LoadedFile],
) -> Summary {
    let with_rules: BTreeSet<FileId> = coverable.rules.iter().map(|(f, _, _)| *f).collect();
    let test_only: BTreeSet<FileId> = tests
        .iter()
        .map(|t| t.file)
        .filter(|f| !with_rules.contains(f))
        .collect();
    let mut per_file = Vec::new();
    for (file, units) in &coverable.units {
        if test_only.contains(file) {
            continue;
        }
        let Some(loaded) = files.iter().find(|f| f.id == *file) else {
            continue;
        };
        // The embedded standard library is not the code under test.
        if loaded.display.starts_with("<stdlib>/") {
            continue;
        }
        let index = LineIndex::new(&loaded.text);
        let line = |offset: u32| index.line_col(&loaded.text, offset as usize).line;
        let mut lines: BTreeMap<u32, bool> = BTreeMap::new();
        for span in units {
            let hit = covered.hits.contains(&(*file, *span));
            let entry = lines.entry(line(span.start)).or_insert(false);
            *entry |= hit;
        }
        let ifs = coverable.branches.get(file).map_or(0, BTreeSet::len);
        let taken = covered
            .branches
            .iter()
            .filter(|(f, span, _)| {
                f == file
                    && coverable
                        .branches
                        .get(file)
                        .is_some_and(|set| set.contains(span))
            })
            .count();
        per_file.push(FileSummary {
            file: loaded.display.clone(),
            lines: lines.len(),
            covered_lines: lines.values().filter(|hit| **hit).count(),
            uncovered_lines: lines
                .iter()
                .filter(|(_, hit)| !**hit)
                .map(|(l, _)| *l)
                .collect(),
            run_lines: lines
                .iter()
                .filter(|(_, hit)| **hit)
                .map(|(l, _)| *l)
                .collect(),
            text: loaded.text.clone(),
            branches: 2 * ifs,
            covered_branches: taken,
        });
    }
    let own = |f: &FileId| {
        files
            .iter()
            .find(|l| l.id == *f)
            .is_some_and(|l| !l.display.starts_with("<stdlib>/"))
    };
    let rules: Vec<&(FileId, palisade::Span, String)> =
        coverable.rules.iter().filter(|(f, _, _)| own(f)).collect();
    let uncovered_rules: Vec<String> = rules
        .iter()
        .filter(|(f, span, _)| !covered.hits.contains(&(*f, *span)))
        .map(|(_, _, id)| id.clone())
        .collect();
    let lines: usize = per_file.iter().map(|f| f.lines).sum();
    let covered_lines: usize = per_file.iter().map(|f| f.covered_lines).sum();
    Summary {
        line_percent: if lines == 0 {
            100.0
        } else {
            100.0 * covered_lines as f64 / lines as f64
        },
        lines,
        covered_lines,
        branches: per_file.iter().map(|f| f.branches).sum(),
        covered_branches: per_file.iter().map(|f| f.covered_branches).sum(),
        rules: rules.len(),
        covered_rules: rules.len() - uncovered_rules.len(),
        uncovered_rules,
        files: per_file,
    }
}

/// Line numbers as ranges: `3, 7-9, 12`.
fn ranges(lines: &[u32]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while let Some(&start) = lines.get(i) {
        let mut end = start;
        while lines.get(i + 1) == Some(&(end + 1)) {
            end += 1;
            i += 1;
        }
        out.push(if start == end {
            start.to_string()
        } else {
            format!("{start}-{end}")
        });
        i += 1;
    }
    out.join(", ")
}

/// The human coverage report: totals, then the lines no test ran, per file.
pub fn human(s: &Summary) -> String {
    let mut out = format!(
        "coverage: {:.1}% of lines ({}/{}), {}/{} branches, {}/{} rules\n",
        s.line_percent,
        s.covered_lines,
        s.lines,
        s.covered_branches,
        s.branches,
        s.covered_rules,
        s.rules
    );
    for f in &s.files {
        if !f.uncovered_lines.is_empty() {
            let noun = if f.uncovered_lines.len() == 1 {
                "line"
            } else {
                "lines"
            };
            let _ = writeln!(
                out,
                "  {}: {noun} {} not run",
                f.file,
                ranges(&f.uncovered_lines)
            );
        }
    }
    if !s.uncovered_rules.is_empty() {
        let _ = writeln!(out, "  rules no test ran: {}", s.uncovered_rules.join(", "));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::ranges;

    #[test]
    fn consecutive_lines_form_ranges() {
        assert_eq!(ranges(&[3, 7, 8, 9, 12]), "3, 7-9, 12");
        assert_eq!(ranges(&[]), "");
    }
}
