//! Pseudo-random edits for tests that compare incremental work with work from scratch: each
//! deletes up to eleven bytes at a place drawn from a fixed seed, on character boundaries, so
//! a run is the same every time.

/// A seeded source of deletions.
pub struct Deletions(u64);

impl Deletions {
    /// Deletions drawn from `seed`.
    pub fn new(seed: u64) -> Deletions {
        Deletions(seed)
    }

    /// A number below `bound` (0 when `bound` is 0).
    pub fn below(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % bound.max(1)
    }

    /// `text` with up to eleven bytes deleted at a pseudo-random place.
    pub fn apply(&mut self, text: &str) -> String {
        let mut at = self.below(text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let mut end = (at + self.below(12)).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}{}", &text[..at], &text[end..])
    }
}
