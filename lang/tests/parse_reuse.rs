//! Parsing a file while reusing items parsed alone gives exactly the parse of the file: the
//! same tree, diagnostics and trivia. Checked on every file of the checker's corpus and of the
//! standard library, as they are and after edits that delete text at pseudo-random places
//! (reusing the items of the text before the edit, as the database does).

use palisade::FileId;
use palisade::syntax::{ItemParse, parse, parse_item, parse_reusing};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn pal_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            pal_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "pal") {
            out.push(path);
        }
    }
}

/// Items parsed alone, remembered by text, with how many were found again.
#[derive(Default)]
struct Cache {
    items: HashMap<String, Option<Arc<ItemParse>>>,
    hits: usize,
}

impl Cache {
    fn parse(&mut self, text: &str) -> palisade::syntax::Parse {
        parse_reusing(FileId(3), text, &mut |item: &str| {
            if let Some(found) = self.items.get(item) {
                self.hits += usize::from(found.is_some());
                return found.clone();
            }
            let parsed = parse_item(item).map(Arc::new);
            self.items.insert(item.to_owned(), parsed.clone());
            parsed
        })
    }
}

#[test]
fn reusing_items_parses_every_corpus_and_library_file_as_parsing_it_whole() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    pal_files(&root.join("tests/corpus"), &mut files);
    pal_files(&root.join("../stdlib"), &mut files);
    assert!(files.len() > 300, "the corpus was found: {}", files.len());
    let mut seed: u64 = 0x5eed_1234;
    let mut next = |bound: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % bound.max(1)
    };
    let mut cache = Cache::default();
    let mut compared = 0;
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        if text.len() > 200_000 {
            continue;
        }
        let whole = parse(FileId(3), &text);
        assert_eq!(cache.parse(&text), whole, "{}", path.display());
        compared += 1;
        for _ in 0..3 {
            let mut at = next(text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let mut end = (at + next(12)).min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            let edited = format!("{}{}", &text[..at], &text[end..]);
            let whole = parse(FileId(3), &edited);
            assert_eq!(
                cache.parse(&edited),
                whole,
                "{} with {at}..{end} deleted",
                path.display()
            );
            compared += 1;
        }
    }
    assert!(compared > 1_000, "{compared}");
    // Most items of an edited file are those of the file before the edit.
    assert!(
        cache.hits > compared * 3,
        "{} items reused in {compared} parses",
        cache.hits
    );
}
