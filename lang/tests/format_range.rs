//! Range formatting, as an editor asks for it: the range is marked in the fixture with two `$0`
//! markers, and only the top-level items it overlaps are replaced. Replacing them gives text
//! that formats to what formatting the whole file gives.

use palisade::{FormatOptions, Span, format, format_range};

/// The text without its two `$0` markers, and the range between them.
fn fixture(marked: &str) -> (String, Span) {
    let mut parts = marked.split("$0");
    let (before, inside, after) = (
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
    );
    let span = Span::new(before.len(), before.len() + inside.len());
    (format!("{before}{inside}{after}"), span)
}

fn apply(text: &str, range: Span) -> (String, Option<Span>) {
    match format_range(text, range, &FormatOptions::default()) {
        Ok(Some(r)) => {
            let mut out = text.to_owned();
            out.replace_range(r.span.range(), &r.text);
            (out, Some(r.span))
        }
        Ok(None) => (text.to_owned(), None),
        Err(d) => (format!("refused: {d:?}"), None),
    }
}

#[test]
fn only_the_items_the_range_overlaps_are_formatted() {
    let (text, range) = fixture(
        "package demo\nlet  a=1\nlet  b=[1,\n$02]\nfn  f( x:int )->int {return x}$0\nlet  c=3\n",
    );
    let (out, replaced) = apply(&text, range);
    assert_eq!(
        out,
        "package demo\nlet  a=1\nlet b = [1, 2]\nfn f(x: int) -> int {\n  return x\n}\nlet  c=3\n"
    );
    assert_eq!(
        replaced.and_then(|s| text.get(s.range())),
        Some("let  b=[1,\n2]\nfn  f( x:int )->int {return x}")
    );
    assert_eq!(
        format(&out, &FormatOptions::default()),
        format(&text, &FormatOptions::default())
    );
}

#[test]
fn a_cursor_inside_an_item_formats_that_item() {
    let (text, range) =
        fixture("package demo\n\nrule r(p: P) { violation $0$0\"x\"  at p }\nlet  c=3\n");
    let (out, _) = apply(&text, range);
    assert_eq!(
        out,
        "package demo\n\nrule r(p: P) {\n  violation \"x\" at p\n}\nlet  c=3\n"
    );
}

#[test]
fn formatted_items_and_ranges_between_items_need_no_edit() {
    let (text, range) = fixture("package demo\n\nlet a = 1\n\n$0\n$0\nlet  b=2\n");
    assert_eq!(
        format_range(&text, range, &FormatOptions::default()),
        Ok(None)
    );
    let (text, range) = fixture("package demo\n\n$0let a = 1$0\nlet  b=2\n");
    assert_eq!(
        format_range(&text, range, &FormatOptions::default()),
        Ok(None)
    );
}

#[test]
fn a_file_with_syntax_errors_is_refused_whatever_the_range() {
    let (text, range) = fixture("package demo\n$0let  a=1$0\nrule  x\n");
    let refused = format_range(&text, range, &FormatOptions::default());
    assert!(
        matches!(&refused, Err(d) if d.iter().any(|d| d.code.as_str() == "E0101")),
        "{refused:?}"
    );
}
