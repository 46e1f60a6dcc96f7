//! The static cost bound as a property: **no rule spends more fuel on a document than its
//! bound computed with the sizes of that document and of the host's values**
//! (`PolicySet::cost_bounds`, spec/limits.md). Each rule is evaluated alone, so its fuel is its
//! own, under the default limits and under limits tight enough that collections and strings
//! built hit them.

use palisade::{Document, EvalOptions, ItemKind, Limits, PolicySet, SizeBounds, Value};

/// Checks every rule's fuel on `document` against its bound, under `options` and under
/// `tight` limits.
pub fn check_cost_bounds(
    set: &PolicySet,
    document: &Document,
    options: &EvalOptions,
    tight: &Limits,
) -> Result<(), String> {
    let mut values = vec![document.value.clone()];
    values.extend(options.params.values().map(Value::from_json));
    values.extend(options.data.values().map(Value::from_json));
    let sizes = SizeBounds::of_values(values.iter());
    let rules = set.rules();
    for limits in [options.limits, *tight] {
        let bounds = set.cost_bounds(&sizes, &limits);
        for (rule, bound) in rules
            .iter()
            .zip(bounds.iter().filter(|c| c.kind == ItemKind::Rule))
        {
            if bound.name != rule.rule {
                return Err(format!(
                    "bounds out of order: {} for {}",
                    bound.name, rule.rule
                ));
            }
            let alone = EvalOptions {
                limits,
                exclude: rules
                    .iter()
                    .filter(|r| r.rule != rule.rule)
                    .map(|r| r.rule.clone())
                    .collect(),
                ..options.clone()
            };
            let fuel = set.evaluate(document, &alone).stats.fuel_used;
            if u128::from(fuel) > bound.bound {
                return Err(format!(
                    "rule {} spent {fuel} steps, over its static bound {} ({}) for sizes {sizes:?} under {limits:?}",
                    rule.rule, bound.bound, bound.dominant
                ));
            }
        }
    }
    Ok(())
}
