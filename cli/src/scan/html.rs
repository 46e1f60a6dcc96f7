//! `palisade scan --format html`: one self-contained page (inline CSS, SVG and script; no
//! network) for people who ask "how do we stand against CIS Kubernetes / NIST 800-53?".
//!
//! - A summary per framework: controls checked, passed and failed, with a bar per control
//!   family. A control is *checked* when a rule implementing it applied to at least one
//!   object, *failed* when such a rule found something (or could not judge), *passed* when
//!   checked and not failed.
//! - A table per framework: each control with its title, rules and counts.
//! - The findings grouped by file, each with the offending source line, rendered by the
//!   page's script a page of rows at a time (so 10,000 files stay usable), with filters by
//!   severity, framework and file that need no server.
//! - The scan's inputs (the paths it was given), time and Palisade version.
//! - A control's findings count links to its findings (the control filter).
//!
//! The page's data is one JSON object embedded in it; the summary and control tables are
//! written as HTML, so they read without the script.

use palisade::PolicySet;
use palisade_engine::{FileReport, rank};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

const STYLE: &str = include_str!("report.css");
const SCRIPT: &str = include_str!("report.js");
/// The longest source line a finding shows; longer ones are cut.
const LINE_CHARS: usize = 240;

/// What is known of one control after a scan.
#[derive(Default)]
struct ControlState {
    rules: BTreeSet<String>,
    /// Objects a rule of the control applied to.
    applied: usize,
    /// Of those, objects where such a rule failed (or could not judge).
    failed: usize,
    /// Findings of its rules.
    findings: usize,
}

impl ControlState {
    fn status(&self) -> &'static str {
        match (self.applied, self.failed) {
            (0, _) => "not checked",
            (_, 0) => "passed",
            _ => "failed",
        }
    }
}

/// The page being gathered as files are scanned: what each file adds is taken at once (the
/// file's reports are not kept), so a scan of 10,000 files holds the page's data, not the
/// scan's findings.
pub struct Page {
    rules: BTreeMap<String, palisade::RuleInfo>,
    /// Control id to its state, from every rule's controls and every object's results.
    controls: BTreeMap<String, ControlState>,
    /// Each rule's title, remediation and controls, written once.
    rule_data: BTreeMap<String, Value>,
    /// Per file with findings: its name and its data, as JSON text (a tenth of the memory of
    /// the parsed form).
    files: Vec<(String, String)>,
    /// The paths the scan was given.
    inputs: Vec<String>,
    scanned: usize,
    objects: usize,
    findings: usize,
}

impl Page {
    pub fn new(set: &PolicySet, inputs: Vec<String>) -> Page {
        let rules: BTreeMap<String, palisade::RuleInfo> =
            set.rules().into_iter().map(|r| (r.id.clone(), r)).collect();
        let mut controls: BTreeMap<String, ControlState> = BTreeMap::new();
        for (id, info) in &rules {
            for c in &info.metadata.controls {
                controls
                    .entry(c.clone())
                    .or_default()
                    .rules
                    .insert(id.clone());
            }
        }
        Page {
            rules,
            controls,
            rule_data: BTreeMap::new(),
            files: Vec::new(),
            inputs,
            scanned: 0,
            objects: 0,
            findings: 0,
        }
    }

    /// Takes what one file's report adds to the page.
    pub fn add(&mut self, file: &FileReport) {
        self.scanned += 1;
        self.objects += file.objects.len();
        self.findings += file.findings.len();
        for object in &file.objects {
            // Each object counts once per control, however many of its rules applied.
            let mut applied: BTreeSet<&String> = BTreeSet::new();
            let mut failed: BTreeSet<&String> = BTreeSet::new();
            for (id, outcome) in &object.results {
                let controls = self.rules.get(id).map(|r| &r.metadata.controls);
                for c in controls.into_iter().flatten() {
                    applied.insert(c);
                    if *outcome != "pass" {
                        failed.insert(c);
                    }
                }
            }
            for c in applied {
                if let Some(state) = self.controls.get_mut(c) {
                    state.applied += 1;
                    state.failed += usize::from(failed.contains(c));
                }
            }
        }
        for f in &file.findings {
            for c in &f.controls {
                if let Some(state) = self.controls.get_mut(c) {
                    state.findings += 1;
                }
            }
        }
        if !file.findings.is_empty() || file.unreadable.is_some() {
            let data = file_data(file, &mut self.rule_data).to_string();
            self.files.push((file.file.clone(), data));
        }
    }

    /// The whole page.
    pub fn finish(self, fail_on: &str) -> String {
        let mut page = String::with_capacity(64 * 1024);
        let _ = write!(
            page,
            "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>Palisade compliance report</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n\
             <header><h1>Compliance report</h1>\n<p class=\"meta\">{}, {}, {} · scanned {} · \
             Palisade {} · failing at <code>{}</code> and above</p>\n\
             <p class=\"meta\" id=\"inputs\">inputs: {}</p>\n</header>\n",
            count(self.scanned, "file"),
            count(self.objects, "object"),
            count(self.findings, "finding"),
            scan_time(),
            env!("CARGO_PKG_VERSION"),
            escape(fail_on),
            self.inputs
                .iter()
                .map(|i| format!("<code>{}</code>", escape(i)))
                .collect::<Vec<_>>()
                .join(" "),
        );
        page.push_str("<main>\n<section id=\"frameworks\">\n<h2>Frameworks</h2>\n");
        let mut by_framework: BTreeMap<String, Vec<(&String, &ControlState)>> = BTreeMap::new();
        for (id, state) in &self.controls {
            let prefix = id.split_once(':').map_or(id.as_str(), |(p, _)| p);
            by_framework
                .entry(prefix.to_owned())
                .or_default()
                .push((id, state));
        }
        page.push_str("<div class=\"cards\">\n");
        for (prefix, list) in &by_framework {
            framework_card(&mut page, prefix, list);
        }
        page.push_str("</div>\n</section>\n<section id=\"controls\">\n<h2>Controls</h2>\n");
        for (prefix, list) in &by_framework {
            control_table(&mut page, prefix, list);
        }
        page.push_str(
            "</section>\n<section id=\"findings\">\n<h2>Findings</h2>\n\
             <form id=\"filters\" onsubmit=\"return false\">\n",
        );
        let names: Vec<&str> = self.files.iter().map(|(name, _)| name.as_str()).collect();
        filters(&mut page, &names, &by_framework);
        page.push_str(
            "</form>\n<p id=\"shown\"></p>\n<div id=\"rows\"><noscript>The findings need the page's \
             script.</noscript></div>\n<nav id=\"pages\"></nav>\n</section>\n</main>\n",
        );
        page.push_str("<script type=\"application/json\" id=\"data\">");
        let rules = Value::Object(self.rule_data.into_iter().collect()).to_string();
        let _ = write!(page, "{{\"rules\":{},\"files\":[", embed(&rules));
        for (i, (_, data)) in self.files.iter().enumerate() {
            if i > 0 {
                page.push(',');
            }
            page.push_str(&embed(data));
        }
        let _ = write!(
            page,
            "]}}</script>\n<script>\n{SCRIPT}</script>\n</body>\n</html>\n"
        );
        page
    }
}

/// The title of a framework by its prefix, or the prefix.
fn framework_title(prefix: &str) -> String {
    palisade_stdlib::framework(&format!("{prefix}:x"))
        .map_or(prefix.to_owned(), |f| f.title.to_owned())
}

/// The family of a control: the part of its id before the last `.` or `-` (`5.2` of
/// `cis-k8s:5.2.2`, `AC` of `nist-800-53:AC-6`, `T1078` of `attack:T1078.001`).
fn family(id: &str) -> String {
    let local = id.split_once(':').map_or(id, |(_, l)| l);
    local
        .rsplit_once(['.', '-'])
        .map_or(local, |(head, _)| head)
        .to_owned()
}

fn framework_card(page: &mut String, prefix: &str, list: &[(&String, &ControlState)]) {
    let count = |status: &str| list.iter().filter(|(_, s)| s.status() == status).count();
    let (passed, failed) = (count("passed"), count("failed"));
    let _ = write!(
        page,
        "<article class=\"card\" data-framework=\"{p}\">\n<h3>{}</h3>\n<p><b>{}</b> controls checked: \
         <span class=\"pass\">{passed} passed</span>, <span class=\"fail\">{failed} failed</span>; \
         {} not checked</p>\n",
        escape(&framework_title(prefix)),
        passed + failed,
        count("not checked"),
        p = escape(prefix),
    );
    // A bar per family: passed and failed controls side by side, to scale.
    let mut families: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (id, state) in list {
        let entry = families.entry(family(id)).or_default();
        match state.status() {
            "passed" => entry.0 += 1,
            "failed" => entry.1 += 1,
            _ => {}
        }
    }
    families.retain(|_, (p, f)| *p + *f > 0);
    let widest = families
        .values()
        .map(|(p, f)| p + f)
        .max()
        .unwrap_or(1)
        .max(1);
    let row = 18;
    let height = row * families.len().max(1);
    let _ = writeln!(
        page,
        "<svg class=\"bars\" viewBox=\"0 0 320 {height}\" width=\"320\" height=\"{height}\" role=\"img\" \
         aria-label=\"passed and failed controls per family\">"
    );
    for (i, (name, (p, f))) in families.iter().enumerate() {
        let y = i * row;
        let scale = |n: usize| n * 200 / widest;
        let _ = writeln!(
            page,
            "<text x=\"0\" y=\"{}\" class=\"label\">{}</text>\
             <rect x=\"100\" y=\"{}\" width=\"{}\" height=\"12\" class=\"pass\"><title>{p} passed</title></rect>\
             <rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"12\" class=\"fail\"><title>{f} failed</title></rect>",
            y + 12,
            escape(name),
            y + 2,
            scale(*p),
            100 + scale(*p),
            y + 2,
            scale(*f),
        );
    }
    page.push_str("</svg>\n</article>\n");
}

fn control_table(page: &mut String, prefix: &str, list: &[(&String, &ControlState)]) {
    let _ = write!(
        page,
        "<details class=\"framework\" data-framework=\"{}\"><summary>{}</summary>\n<table>\n\
         <thead><tr><th>control</th><th>title</th><th>status</th><th>rules</th><th>objects judged</th><th>findings</th></tr></thead>\n<tbody>\n",
        escape(prefix),
        escape(&framework_title(prefix)),
    );
    for (id, state) in list {
        let title = palisade_stdlib::control(id).map_or("", |c| c.title);
        let rules: Vec<String> = state
            .rules
            .iter()
            .map(|r| format!("<code>{}</code>", escape(r)))
            .collect();
        let _ = writeln!(
            page,
            "<tr class=\"{}\"><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            state.status().replace(' ', "-"),
            escape(id),
            escape(title),
            state.status(),
            rules.join(" "),
            state.applied,
            if state.findings == 0 {
                "0".to_owned()
            } else {
                format!(
                    "<a href=\"#findings\" class=\"show-control\" data-control=\"{}\">{}</a>",
                    escape(id),
                    state.findings
                )
            },
        );
    }
    page.push_str("</tbody>\n</table>\n</details>\n");
}

fn filters(
    page: &mut String,
    files: &[&str],
    frameworks: &BTreeMap<String, Vec<(&String, &ControlState)>>,
) {
    page.push_str("<fieldset><legend>severity</legend>");
    for s in palisade_engine::SEVERITIES.iter().rev() {
        let _ = write!(
            page,
            "<label><input type=\"checkbox\" name=\"severity\" value=\"{s}\" checked> {s}</label> "
        );
    }
    page.push_str(
        "</fieldset>\n<label>framework <select name=\"framework\"><option value=\"\">all</option>",
    );
    for prefix in frameworks.keys() {
        let _ = write!(
            page,
            "<option value=\"{}\">{}</option>",
            escape(prefix),
            escape(&framework_title(prefix))
        );
    }
    page.push_str("</select></label>\n<label>control <select name=\"control\"><option value=\"\">all</option>");
    for (id, state) in frameworks.values().flatten() {
        if state.findings > 0 {
            let _ = write!(page, "<option value=\"{0}\">{0}</option>", escape(id));
        }
    }
    page.push_str(
        "</select></label>\n<label>file <select name=\"file\"><option value=\"\">all</option>",
    );
    for file in files {
        let _ = write!(page, "<option value=\"{0}\">{0}</option>", escape(file));
    }
    page.push_str("</select></label>\n");
}

/// One file's findings as the script renders them, each with its source line; what a
/// finding shares with its rule (title, remediation, controls) goes to `rules`, once.
fn file_data(r: &FileReport, rules: &mut BTreeMap<String, Value>) -> Value {
    let text = std::fs::read_to_string(&r.file).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    let mut findings: Vec<&palisade_engine::Finding> = r.findings.iter().collect();
    findings.sort_by(|a, b| {
        rank(&b.severity)
            .cmp(&rank(&a.severity))
            .then(a.line.cmp(&b.line))
    });
    let findings: Vec<Value> = findings
        .into_iter()
        .map(|f| {
            rules.entry(f.rule.clone()).or_insert_with(|| {
                let frameworks: BTreeSet<&str> = f
                    .controls
                    .iter()
                    .map(|c| c.split_once(':').map_or(c.as_str(), |(p, _)| p))
                    .collect();
                json!({
                    "title": f.title, "enforcement": f.enforcement,
                    "controls": f.controls, "frameworks": frameworks,
                    "remediation": f.remediation,
                })
            });
            let source = usize::try_from(f.line)
                .ok()
                .and_then(|l| l.checked_sub(1))
                .and_then(|i| lines.get(i))
                .map(|l| l.trim_end().chars().take(LINE_CHARS).collect::<String>())
                .unwrap_or_default();
            json!({
                "rule": f.rule, "severity": f.severity, "message": f.message,
                "line": f.line, "path": f.path, "object": f.object, "source": source,
            })
        })
        .collect();
    json!({ "file": r.file, "unreadable": r.unreadable, "findings": findings })
}

fn scan_time() -> String {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs())
        });
    let days = seconds / 86_400;
    let (h, m) = ((seconds % 86_400) / 3600, (seconds % 3600) / 60);
    let (y, mo, d) = civil(days);
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{m:02} UTC")
}

/// The calendar date of a day count since 1970-01-01 (proleptic Gregorian).
fn civil(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + u64::from(m <= 2);
    (y, m, d)
}

/// `1 file`, `2 files`.
fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// JSON text inside a `<script>` element. `<`, `>` and `&` become JSON escapes (`\u003c`…),
/// which `JSON.parse` reads back as the same characters, so no text (a `</script>`, or a
/// `<!--` that would put the parser in its escaped mode) can end the element early. They can
/// only occur inside strings in JSON text.
fn embed(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// Text for HTML: `&`, `<`, `>` and quotes escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_json_cannot_close_its_script_element() {
        let json = serde_json::json!({ "m": "</script><!--<script> & >" }).to_string();
        let embedded = embed(&json);
        assert!(!embedded.contains('<') && !embedded.contains('>') && !embedded.contains('&'));
        let back: Value = serde_json::from_str(&embedded).unwrap_or_default();
        assert_eq!(back["m"], "</script><!--<script> & >");
    }

    #[test]
    fn families_and_dates() {
        assert_eq!(family("cis-k8s:5.2.2"), "5.2");
        assert_eq!(family("nist-800-53:AC-6"), "AC");
        assert_eq!(family("attack:T1078.001"), "T1078");
        assert_eq!(family("attack:T1611"), "T1611");
        assert_eq!(family("owasp-cicd:CICD-SEC-4"), "CICD-SEC");
        assert_eq!(civil(0), (1970, 1, 1));
        assert_eq!(civil(20_428), (2025, 12, 6));
        assert_eq!(civil(20_793), (2026, 12, 6));
        assert_eq!(civil(11_016), (2000, 2, 29));
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
