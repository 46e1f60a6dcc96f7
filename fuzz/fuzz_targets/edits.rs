//! A sequence of edits through the incremental database gives, after every edit, exactly the
//! diagnostics of checking from scratch. The input is up to three files separated by `0xff`,
//! then a `0xfe` byte and edits of four bytes each: file, position (two bytes), and either a
//! byte to insert (below 0x80) or a number of bytes to delete.
#![no_main]

use libfuzzer_sys::fuzz_target;
use palisade::db::{Database, PolicyFile, PolicySetInput, diagnostics};
use palisade::{FileId, check_sources};
use salsa::Setter;

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|b| *b == 0xfe).unwrap_or(data.len());
    let (files, edits) = data.split_at(split);
    let edits = edits.get(1..).unwrap_or_default();
    let mut texts: Vec<String> = files
        .split(|b| *b == 0xff)
        .take(3)
        .map(|f| String::from_utf8_lossy(f).into_owned())
        .collect();
    let mut db = Database::default();
    let inputs: Vec<PolicyFile> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| PolicyFile::new(&db, FileId(i as u32), t.clone()))
        .collect();
    let set = PolicySetInput::new(&db, inputs.clone());
    let compare = |db: &Database, texts: &[String]| {
        let sources: Vec<(FileId, &str)> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| (FileId(i as u32), t.as_str()))
            .collect();
        assert_eq!(diagnostics(db, set), &check_sources(&sources).diagnostics);
    };
    compare(&db, &texts);
    for edit in edits.chunks_exact(4).take(16) {
        let [file, hi, lo, op] = [edit[0], edit[1], edit[2], edit[3]];
        let index = usize::from(file) % texts.len();
        let text = &texts[index];
        let mut at = (usize::from(hi) << 8 | usize::from(lo)) % (text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let edited = if op < 0x80 {
            format!("{}{}{}", &text[..at], char::from(op), &text[at..])
        } else {
            let mut end = (at + usize::from(op - 0x80)).min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            format!("{}{}", &text[..at], &text[end..])
        };
        texts[index] = edited.clone();
        inputs[index].set_text(&mut db).to(edited);
        compare(&db, &texts);
    }
});
