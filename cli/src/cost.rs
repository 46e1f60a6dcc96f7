//! `palisade check --cost` and the cost budget: the static cost bound of each rule and view of
//! the policies checked (the most evaluation steps one run can spend on a document within the
//! input limits), and an error (E0509) for each one over `max_rule_cost` from `palisade.toml`
//! or `--max-rule-cost`. The bounds are the library's (`PolicySet::cost_bounds`).

use crate::files::LoadedFile;
use crate::limits::LimitArgs;
use palisade::{Diagnostic, EvalOptions, FileId, InputLimits, ItemCost, ItemKind, PolicySet};
use palisade::{SizeBounds, diagnostics::LineIndex};
use std::path::PathBuf;

/// What `palisade check` is asked about costs.
#[derive(Clone, Debug, Default)]
pub struct CostArgs {
    /// `--cost`: print each rule's bound.
    pub show: bool,
    /// `--config`: the settings file (its `[limits]`); `palisade.toml` when present.
    pub config: Option<PathBuf>,
    /// `--max-*` and `--max-rule-cost`, over the file's `[limits]`.
    pub limits: LimitArgs,
    /// `--fuel`: evaluation under other limits than the defaults uses no folded constants.
    pub fuel: Option<u64>,
}

/// What the analysis found: the bounds to show, and the errors of the budget.
pub struct CostReport {
    /// The text (human) or value (JSON) of the bounds, when asked for.
    pub human: Option<String>,
    /// The bounds as JSON.
    pub json: Option<serde_json::Value>,
    /// E0509 for each rule over the budget.
    pub errors: Vec<Diagnostic>,
}

/// Compiles the checked files and analyses them; `user` are the files named on the command
/// line (the bounds shown are theirs, not those of the library files they import).
/// `None` when neither the bounds nor a budget are asked for.
pub fn analyse(
    loaded: &[LoadedFile],
    user: &[FileId],
    args: &CostArgs,
) -> Result<Option<CostReport>, String> {
    let path = args
        .config
        .clone()
        .unwrap_or_else(|| PathBuf::from("palisade.toml"));
    let config = crate::scan::config::load(&path, args.config.is_some())?;
    let limits = config.limits.overridden_by(&args.limits.config(args.fuel));
    if !args.show && limits.max_rule_cost.is_none() {
        return Ok(None);
    }
    let input = limits.input(InputLimits::default());
    let mut options = EvalOptions::default();
    if let Some(fuel) = limits.fuel {
        options.limits.fuel = fuel;
    }
    let sources: Vec<(FileId, &str)> = loaded.iter().map(|f| (f.id, f.text.as_str())).collect();
    let set = PolicySet::compile(&sources).map_err(|_| "the policies do not compile".to_owned())?;
    let errors = match limits.max_rule_cost {
        Some(budget) => set.cost_over_budget(budget, &input, &options),
        None => Vec::new(),
    };
    if !args.show {
        return Ok(Some(CostReport {
            human: None,
            json: None,
            errors,
        }));
    }
    let sizes = SizeBounds::of_input_limits(&input);
    let mut items: Vec<ItemCost> = set
        .cost_bounds(&sizes, &options.limits)
        .into_iter()
        .filter(|c| c.kind != ItemKind::Function && user.contains(&c.file))
        .collect();
    items.sort_by(|a, b| b.bound.cmp(&a.bound).then_with(|| a.name.cmp(&b.name)));
    Ok(Some(CostReport {
        human: Some(human(loaded, &items, &sizes, limits.max_rule_cost)),
        json: Some(json(loaded, &items, &sizes, limits.max_rule_cost)),
        errors,
    }))
}

/// Where items are declared: `file:line` of a span, with one line index per file.
struct Locator<'a> {
    files: Vec<(&'a LoadedFile, LineIndex)>,
}

impl<'a> Locator<'a> {
    fn new(loaded: &'a [LoadedFile]) -> Locator<'a> {
        Locator {
            files: loaded
                .iter()
                .map(|f| (f, LineIndex::new(&f.text)))
                .collect(),
        }
    }

    fn locate(&self, file: FileId, offset: u32) -> (String, u32) {
        match self.files.iter().find(|(f, _)| f.id == file) {
            Some((f, index)) => {
                let at = index.line_col(&f.text, offset as usize);
                (f.display.clone(), at.line)
            }
            None => (String::new(), 0),
        }
    }
}

/// `1,234,567`, or `≥ 2^128` for a bound past counting.
fn steps(n: impl Into<u128>) -> String {
    let n: u128 = n.into();
    if n == u128::MAX {
        return "≥ 2^128".to_owned();
    }
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn label(c: &ItemCost) -> String {
    match (&c.kind, &c.id) {
        (ItemKind::Rule, Some(id)) => id.clone(),
        _ => format!("view {}", c.name),
    }
}

fn human(
    loaded: &[LoadedFile],
    items: &[ItemCost],
    sizes: &SizeBounds,
    budget: Option<u64>,
) -> String {
    let mut out = format!(
        "Cost bounds in evaluation steps per document, for documents within the input limits \
         (collections of up to {} elements, strings of up to {} bytes, {} values):\n\n",
        steps(sizes.collection_len),
        steps(sizes.string_bytes),
        steps(sizes.nodes)
    );
    let at = Locator::new(loaded);
    let rows: Vec<[String; 4]> = items
        .iter()
        .map(|c| {
            let (file, line) = at.locate(c.file, c.span.start);
            let over = budget.is_some_and(|b| c.bound > u128::from(b));
            [
                format!("{}{}", steps(c.bound), if over { " !" } else { "" }),
                label(c),
                c.dominant.to_string(),
                format!("{file}:{line}"),
            ]
        })
        .collect();
    let header = [
        "bound".to_owned(),
        "rule".to_owned(),
        "dominated by".to_owned(),
        "declared at".to_owned(),
    ];
    let mut widths = [0usize; 4];
    for row in std::iter::once(&header).chain(&rows) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let [w_bound, w_rule, w_term, _] = widths;
    for row in std::iter::once(&header).chain(&rows) {
        let [bound, rule, term, at] = row;
        let pad = |s: &str, w: usize| " ".repeat(w.saturating_sub(s.chars().count()));
        out.push_str(&format!(
            "{}{bound}  {rule}{}  {term}{}  {at}\n",
            pad(bound, w_bound),
            pad(rule, w_rule),
            pad(term, w_term),
        ));
    }
    if items.is_empty() {
        out.push_str("(no rules)\n");
    }
    if let Some(b) = budget {
        let over = items.iter().filter(|c| c.bound > u128::from(b)).count();
        out.push_str(&format!(
            "\nBudget `max_rule_cost` = {}: {over} over (marked !).\n",
            steps(b)
        ));
    }
    out
}

fn json(
    loaded: &[LoadedFile],
    items: &[ItemCost],
    sizes: &SizeBounds,
    budget: Option<u64>,
) -> serde_json::Value {
    let at = Locator::new(loaded);
    let rows: Vec<serde_json::Value> = items
        .iter()
        .map(|c| {
            let (file, line) = at.locate(c.file, c.span.start);
            let mut row = serde_json::to_value(c).unwrap_or_default();
            if let Some(obj) = row.as_object_mut() {
                obj.insert("file".into(), file.into());
                obj.insert("line".into(), line.into());
                obj.insert("dominated_by".into(), c.dominant.to_string().into());
            }
            row
        })
        .collect();
    serde_json::json!({
        "sizes": sizes,
        "max_rule_cost": budget,
        "items": rows,
    })
}
