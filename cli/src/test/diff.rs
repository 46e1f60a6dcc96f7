//! A line diff of two texts (longest common subsequence), for showing what a false comparison
//! compared: lines only on the left start with `-`, only on the right with `+`.

/// Texts longer than this many lines are not diffed (the table would be too large); both are
/// shown whole instead.
const MAX_LINES: usize = 2_000;

/// The diff of `left` and `right`, or `None` when they are too long to diff.
pub fn lines(left: &str, right: &str) -> Option<Vec<String>> {
    let a: Vec<&str> = left.lines().collect();
    let b: Vec<&str> = right.lines().collect();
    if a.len() > MAX_LINES || b.len() > MAX_LINES {
        return None;
    }
    // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            let value = if a.get(i) == b.get(j) {
                lcs.get(i + 1)
                    .and_then(|r| r.get(j + 1))
                    .copied()
                    .unwrap_or(0)
                    + 1
            } else {
                let down = lcs.get(i + 1).and_then(|r| r.get(j)).copied().unwrap_or(0);
                let right = lcs.get(i).and_then(|r| r.get(j + 1)).copied().unwrap_or(0);
                down.max(right)
            };
            if let Some(cell) = lcs.get_mut(i).and_then(|r| r.get_mut(j)) {
                *cell = value;
            }
        }
    }
    let at = |i: usize, j: usize| lcs.get(i).and_then(|r| r.get(j)).copied().unwrap_or(0);
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < a.len() || j < b.len() {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x == y => {
                out.push(format!("  {x}"));
                i += 1;
                j += 1;
            }
            (Some(x), Some(_)) if at(i + 1, j) >= at(i, j + 1) => {
                out.push(format!("- {x}"));
                i += 1;
            }
            (_, Some(y)) => {
                out.push(format!("+ {y}"));
                j += 1;
            }
            (Some(x), None) => {
                out.push(format!("- {x}"));
                i += 1;
            }
            (None, None) => break,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::lines;

    #[test]
    fn marks_removed_and_added_lines() {
        let d = lines("a\nb\nc\n", "a\nx\nc\n").unwrap_or_default();
        assert_eq!(d, ["  a", "- b", "+ x", "  c"]);
        let d = lines("", "new\n").unwrap_or_default();
        assert_eq!(d, ["+ new"]);
    }
}
