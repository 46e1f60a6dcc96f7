//! The one did-you-mean helper. Phases pass the misspelt name and the candidates in scope;
//! this module decides which are close enough to suggest and words the hint.

/// The candidates closest to `name`, at most three of equal distance. Closeness is the optimal
/// string alignment distance, allowing about one edit per three characters; a case-only
/// difference always counts as closest.
pub fn similar_names<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let limit = (name.chars().count() / 3).max(1);
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter(|c| *c != name)
        .filter_map(|c| {
            if c.eq_ignore_ascii_case(name) {
                return Some((0, c));
            }
            let d = distance(name, c, limit)?;
            (d <= limit).then_some((d, c))
        })
        .collect();
    scored.sort();
    scored.dedup();
    // Only the closest candidates: a distance-1 match makes a distance-2 one noise.
    let best = scored.first().map_or(0, |(d, _)| *d);
    scored
        .into_iter()
        .take_while(|(d, _)| *d == best)
        .take(3)
        .map(|(_, c)| c.to_owned())
        .collect()
}

/// A help line such as ``did you mean `privileged`?`` when some candidate is close.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let names = similar_names(name, candidates);
    match names.as_slice() {
        [] => None,
        [one] => Some(format!("did you mean `{one}`?")),
        many => {
            let list: Vec<String> = many.iter().map(|n| format!("`{n}`")).collect();
            Some(format!("did you mean one of {}?", list.join(", ")))
        }
    }
}

/// Optimal string alignment distance, or `None` as soon as it must exceed `limit` (cheap on the
/// long names hostile input may contain).
#[expect(
    clippy::indexing_slicing,
    reason = "rows have b.len() + 1 cells and j < b.len(), so every index is in bounds"
)]
fn distance(a: &str, b: &str, limit: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit || a.len() > 256 || b.len() > 256 {
        return None;
    }
    let width = b.len() + 1;
    let mut prev2 = vec![0usize; width];
    let mut prev: Vec<usize> = (0..width).collect();
    let mut cur = vec![0usize; width];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let mut best = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            if i > 0 && j > 0 && a.get(i - 1) == Some(cb) && b.get(j - 1) == Some(ca) {
                best = best.min(prev2[j - 1] + 1);
            }
            cur[j + 1] = best;
            row_min = row_min.min(best);
        }
        if row_min > limit {
            return None;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.last().copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_best_first() {
        let names = ["privileged", "procMount", "readOnlyRootFilesystem"];
        assert_eq!(similar_names("privilegd", names), vec!["privileged"]);
        assert_eq!(
            did_you_mean("privilegd", names).as_deref(),
            Some("did you mean `privileged`?")
        );
        assert_eq!(similar_names("runAsUser", names), Vec::<String>::new());
        assert_eq!(similar_names("Privileged", names), vec!["privileged"]);
    }

    #[test]
    fn transpositions_count_once() {
        assert_eq!(
            similar_names("contianers", ["containers"]),
            vec!["containers"]
        );
    }

    #[test]
    fn only_the_closest_candidates_are_offered() {
        assert_eq!(
            similar_names("alowed", ["allowed", "lower"]),
            vec!["allowed"]
        );
        assert_eq!(
            similar_names("cat", ["bat", "hat", "cart"]),
            vec!["bat", "cart", "hat"]
        );
    }

    #[test]
    fn exact_match_is_not_a_suggestion() {
        assert!(did_you_mean("x", ["x"]).is_none());
    }
}
