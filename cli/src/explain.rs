//! `palisade explain RULE`: everything the policy set knows of one rule, for the person who
//! just saw its id in a finding: title, severity and enforcement, the controls it implements
//! with their titles and frameworks (from the standard library's control catalog), tags, why
//! it matters, how to fix it, and where the rule is written.

use std::path::PathBuf;
use std::process::ExitCode;

use palisade::RuleInfo;

use crate::Format;
use crate::files::LoadedFile;

/// The arguments of `palisade explain`.
pub struct Args {
    pub rule: String,
    pub policies: Vec<PathBuf>,
    pub no_stdlib: bool,
    pub format: Format,
}

pub fn run(args: &Args) -> ExitCode {
    let (set, loaded) = match crate::scan::policy_set(&args.policies, &[], args.no_stdlib) {
        Ok(pair) => pair,
        Err(refusal) => {
            eprint!("{}", refusal.diagnostics);
            eprintln!("error: {}", refusal.message);
            return ExitCode::from(2);
        }
    };
    let rules = set.rules();
    let wanted = args.rule.trim();
    // By id, by `package.rule`, or by the rule's own name when only one rule has it.
    let by_name: Vec<&RuleInfo> = rules
        .iter()
        .filter(|r| r.rule.rsplit('.').next() == Some(wanted))
        .collect();
    let Some(rule) = rules
        .iter()
        .find(|r| r.id.eq_ignore_ascii_case(wanted) || r.rule == wanted)
        .or(match by_name.as_slice() {
            [only] => Some(*only),
            _ => None,
        })
    else {
        eprintln!("error: no rule `{wanted}`{}", suggestions(&rules, wanted));
        return ExitCode::from(2);
    };
    let location = location(rule, &loaded);
    let text = match args.format {
        Format::Json => json(rule, &location),
        Format::Human => human(rule, &location),
    };
    crate::report::emit(&text);
    ExitCode::SUCCESS
}

/// `file:line` of the rule's name.
fn location(rule: &RuleInfo, loaded: &[LoadedFile]) -> (String, usize) {
    let Some(file) = loaded.iter().find(|f| f.id == rule.file) else {
        return (String::new(), 0);
    };
    let before = file.text.get(..rule.span.start as usize).unwrap_or("");
    (file.display.clone(), before.matches('\n').count() + 1)
}

/// ` (did you mean ...?)` with the ids closest to what was asked, if any are close.
fn suggestions(rules: &[RuleInfo], wanted: &str) -> String {
    let wanted = wanted.to_ascii_uppercase();
    let mut close: Vec<(usize, &str)> = rules
        .iter()
        .map(|r| (distance(&r.id, &wanted), r.id.as_str()))
        .filter(|(d, id)| *d <= 3 || (wanted.len() >= 4 && id.contains(wanted.as_str())))
        .collect();
    close.sort_unstable();
    close.truncate(3);
    if close.is_empty() {
        return "; `palisade scan --list-rules` lists every rule".to_owned();
    }
    let names: Vec<String> = close.iter().map(|(_, id)| format!("`{id}`")).collect();
    format!("; did you mean {}?", names.join(" or "))
}

/// The Levenshtein distance of two ASCII-ish strings, by characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let above = row.get(j + 1).copied().unwrap_or(usize::MAX);
            let left = row.get(j).copied().unwrap_or(usize::MAX);
            let cost = diagonal + usize::from(ca != *cb);
            diagonal = above;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = cost.min(above + 1).min(left + 1);
            }
        }
    }
    row.last().copied().unwrap_or(0)
}

fn human(rule: &RuleInfo, (file, line): &(String, usize)) -> String {
    let m = &rule.metadata;
    let mut out = format!("{}: {}\n", rule.id, m.title);
    out.push_str(&format!(
        "  severity    {} ({})\n",
        m.severity, m.enforcement
    ));
    out.push_str(&format!("  rule        {}\n", rule.rule));
    if !file.is_empty() {
        out.push_str(&format!("  written in  {file}:{line}\n"));
    }
    for (i, id) in m.controls.iter().enumerate() {
        let label = if i == 0 { "controls" } else { "" };
        let title = palisade_stdlib::control(id).map(|c| c.title);
        let framework = palisade_stdlib::framework(id).map(|f| f.title);
        match (title, framework) {
            (Some(t), Some(f)) => out.push_str(&format!("  {label:<10}  {id}: {t} — {f}\n")),
            _ => out.push_str(&format!("  {label:<10}  {id}\n")),
        }
    }
    if !m.tags.is_empty() {
        out.push_str(&format!("  tags        {}\n", m.tags.join(", ")));
    }
    if let Some(d) = &m.description {
        out.push_str("\nWhy\n");
        out.push_str(&wrap(d, 2, 96));
    }
    if let Some(r) = &m.remediation {
        out.push_str("\nFix\n");
        out.push_str(&wrap(r, 2, 96));
    }
    out
}

fn json(rule: &RuleInfo, (file, line): &(String, usize)) -> String {
    let m = &rule.metadata;
    let controls: Vec<serde_json::Value> = m
        .controls
        .iter()
        .map(|id| {
            serde_json::json!({
                "id": id,
                "title": palisade_stdlib::control(id).map(|c| c.title),
                "framework": palisade_stdlib::framework(id).map(|f| f.title),
            })
        })
        .collect();
    let value = serde_json::json!({
        "id": rule.id,
        "rule": rule.rule,
        "title": m.title,
        "severity": m.severity,
        "enforcement": m.enforcement,
        "controls": controls,
        "tags": m.tags,
        "description": m.description,
        "remediation": m.remediation,
        "file": file,
        "line": line,
    });
    format!(
        "{}\n",
        serde_json::to_string_pretty(&value).unwrap_or_default()
    )
}

/// `text` in lines of at most `width` columns (a longer word stands alone), each indented.
fn wrap(text: &str, indent: usize, width: usize) -> String {
    let pad = " ".repeat(indent);
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && indent + line.len() + 1 + word.len() > width {
            out.push_str(&pad);
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push_str(&pad);
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_and_wrapping() {
        assert_eq!(distance("GHA-SECRETS-INHERIT", "GHA-SECRET-INHERIT"), 1);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("kitten", "sitting"), 3);
        let wrapped = wrap("one two three four five", 2, 12);
        assert_eq!(wrapped, "  one two\n  three four\n  five\n");
    }
}
