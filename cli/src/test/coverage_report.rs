//! Coverage for tools and people: an lcov tracefile (`palisade test --format lcov`) that
//! genhtml, Codecov and editors' coverage gutters read, and one self-contained HTML page
//! (`--format html`) with each policy file's lines marked as run or never reached.
//!
//! Palisade records whether a line ran, not how often, so lcov's hit counts are 1 or 0.

use super::coverage::{FileSummary, Summary};
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// The lcov tracefile: a record per policy file with `DA` lines and line totals. Branches are
/// left out: lcov wants a `BRDA` record per branch, and the summary has only their counts
/// (totals without records make genhtml say "no data found").
pub fn lcov(summary: &Summary) -> String {
    let mut out = String::new();
    for f in &summary.files {
        let _ = writeln!(out, "TN:\nSF:{}", f.file);
        let run: BTreeSet<u32> = f.run_lines.iter().copied().collect();
        let mut all: Vec<u32> = f
            .run_lines
            .iter()
            .chain(&f.uncovered_lines)
            .copied()
            .collect();
        all.sort_unstable();
        for line in all {
            let _ = writeln!(out, "DA:{line},{}", u8::from(run.contains(&line)));
        }
        let _ = writeln!(out, "LF:{}\nLH:{}\nend_of_record", f.lines, f.covered_lines);
    }
    out
}

/// The coverage page: totals, a table of files, then each file's source with the lines that
/// ran and the lines no test reached.
pub fn html(summary: &Summary, tests: &str) -> String {
    let mut out = String::from(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>Palisade test coverage</title>\n<style>\n\
         body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 0 auto; padding: 1rem; }\n\
         table { border-collapse: collapse; }\n\
         td, th { padding: 0 0.5rem; text-align: left; }\n\
         table.files td, table.files th { border-bottom: 1px solid #ddd; padding: 0.2rem 0.5rem; }\n\
         pre { margin: 0; }\n\
         table.source td.n { color: #888; text-align: right; user-select: none; }\n\
         tr.run td.code { background: #e6f4ea; }\n\
         tr.missed td.code { background: #fde7e9; }\n\
         tr.missed td.n::after { content: ' ✗'; color: #c62828; }\n\
         </style>\n</head>\n<body>\n<h1>Test coverage</h1>\n",
    );
    let _ = writeln!(
        out,
        "<p id=\"totals\">{:.1}% of lines ({}/{}), {}/{} branches, {}/{} rules · tests: {}</p>",
        summary.line_percent,
        summary.covered_lines,
        summary.lines,
        summary.covered_branches,
        summary.branches,
        summary.covered_rules,
        summary.rules,
        escape(tests),
    );
    if !summary.uncovered_rules.is_empty() {
        let _ = writeln!(
            out,
            "<p>Rules no test ran: {}</p>",
            escape(&summary.uncovered_rules.join(", "))
        );
    }
    out.push_str(
        "<table class=\"files\">\n<thead><tr><th>file</th><th>lines</th><th>covered</th><th>branches</th></tr></thead>\n<tbody>\n",
    );
    for (i, f) in summary.files.iter().enumerate() {
        let percent = if f.lines == 0 {
            100.0
        } else {
            100.0 * f.covered_lines as f64 / f.lines as f64
        };
        let _ = writeln!(
            out,
            "<tr><td><a href=\"#file-{i}\">{}</a></td><td>{}/{}</td><td>{percent:.1}%</td><td>{}/{}</td></tr>",
            escape(&f.file),
            f.covered_lines,
            f.lines,
            f.covered_branches,
            f.branches
        );
    }
    out.push_str("</tbody>\n</table>\n");
    for (i, f) in summary.files.iter().enumerate() {
        source(&mut out, i, f);
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// One file's source, each line marked `run`, `missed` or neither (no code on it).
fn source(out: &mut String, i: usize, f: &FileSummary) {
    let run: BTreeSet<u32> = f.run_lines.iter().copied().collect();
    let missed: BTreeSet<u32> = f.uncovered_lines.iter().copied().collect();
    let _ = writeln!(
        out,
        "<h2 id=\"file-{i}\">{}</h2>\n<table class=\"source\" data-file=\"{}\">",
        escape(&f.file),
        escape(&f.file)
    );
    for (n, text) in (1u32..).zip(f.text.lines()) {
        let class = if run.contains(&n) {
            " class=\"run\""
        } else if missed.contains(&n) {
            " class=\"missed\""
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "<tr{class} data-line=\"{n}\"><td class=\"n\">{n}</td><td class=\"code\"><pre>{}</pre></td></tr>",
            escape(text)
        );
    }
    out.push_str("</table>\n");
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
