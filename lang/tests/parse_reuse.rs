//! Parsing a file while reusing items parsed alone gives exactly the parse of the file: the
//! same tree, diagnostics and trivia. Checked on every file of the checker's corpus and of the
//! standard library up to 200 KB (larger ones are limit tests), as they are and after edits
//! that delete text at pseudo-random places
//! (reusing the items of the text before the edit, as the database does).

use palisade::FileId;
use palisade::syntax::{ItemParse, parse, parse_item, parse_reusing};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

#[path = "common/deletions.rs"]
mod deletions;
#[path = "common/pal_files.rs"]
mod pal_files;
use pal_files::pal_files;

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
    let mut deletions = deletions::Deletions::new(0x5eed_1234);
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
            let edited = deletions.apply(&text);
            let whole = parse(FileId(3), &edited);
            assert_eq!(
                cache.parse(&edited),
                whole,
                "{} edited:\n{edited}",
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
