//! Judging a file piece by piece: the readers hand over each document of a stream, and each
//! item of a document's `items` array, as soon as it is read, and each is judged and dropped
//! before the next is read. Only what the caller keeps of a decision (a report's findings, or
//! the decision itself) outlives it, so a `List` of 100,000 objects is read under the input
//! limits per item and in the memory of one.
//!
//! Whether a document is a `List` is known only once it has been read whole: `kubectl`
//! writes `items` before `kind`. So the items of a document are judged as they come and kept
//! aside; when the document ends, they are taken if it is a `List`, and otherwise (a document
//! that only has a member called `items`, or a JSON object that writes `items` twice) the
//! document is read again whole and judged as it is. That second reading is the rare case.

use crate::engine::{Engine, Judged};
use crate::targets::{LIST_ITEMS, is_list};
use palisade::{Document, InputError, Piece};

/// What a file gave: the number of documents read, what the caller kept of each judged
/// target, and the errors of reading.
pub(crate) struct Streamed<T> {
    pub documents: usize,
    pub outputs: Vec<T>,
    pub unreadable: Vec<InputError>,
}

/// A reader of a file: reads it with the given split member, handing the pieces over.
pub(crate) type Reader<'r> = dyn FnMut(Option<&str>, &mut dyn FnMut(Piece)) + 'r;

/// What the items of the document being read gave so far.
struct Pending<T> {
    document: usize,
    outputs: Vec<T>,
    unreadable: Vec<InputError>,
}

/// Reads a file with `read` and judges it piece by piece, keeping `keep(decision, target)` of
/// each decision, in file order.
pub(crate) fn judge<T>(
    engine: &Engine,
    read: &mut Reader<'_>,
    keep: &mut dyn FnMut(Judged, &Document) -> T,
) -> Streamed<T> {
    let mut done = Streamed {
        documents: 0,
        outputs: Vec::new(),
        unreadable: Vec::new(),
    };
    let mut pending: Option<Pending<T>> = None;
    // Documents to read again whole, by their position in the stream.
    let mut again: Vec<(usize, usize)> = Vec::new();
    read(Some(LIST_ITEMS), &mut |piece| match piece {
        Piece::Element { position, element } => {
            let judged = engine.judge_item(&element, position);
            let kept = keep(judged, &element);
            pending_for(&mut pending, element.index, &mut done)
                .outputs
                .push(kept);
        }
        // An error about one document waits with it: if the document is read again whole,
        // that reading reports its errors instead.
        Piece::Unreadable(error) => match error.document {
            Some(index) => pending_for(&mut pending, index, &mut done)
                .unreadable
                .push(error),
            None => done.unreadable.push(error),
        },
        Piece::Rest {
            document, exact, ..
        } => {
            let items = match pending.take() {
                Some(p) if p.document == document.index => Some(p),
                other => {
                    abandon(other, &mut done);
                    None
                }
            };
            done.documents += 1;
            if exact && is_list(&document.value) {
                if let Some(p) = items {
                    done.outputs.extend(p.outputs);
                    done.unreadable.extend(p.unreadable);
                }
            } else {
                // Judged again below, in its place; its items' decisions and errors go.
                again.push((document.index, done.outputs.len()));
            }
        }
        Piece::Document(document) => {
            abandon(pending.take(), &mut done);
            done.documents += 1;
            engine.judge_document(&document, &mut |j, target| {
                done.outputs.push(keep(j, target));
            });
        }
    });
    abandon(pending, &mut done);
    if !again.is_empty() {
        read_again(engine, read, keep, &again, &mut done);
    }
    done
}

/// The pending pieces of document `index`: those already gathered, or a fresh start (what was
/// gathered for another document is settled first, see [`abandon`]).
fn pending_for<'p, T>(
    pending: &'p mut Option<Pending<T>>,
    index: usize,
    done: &mut Streamed<T>,
) -> &'p mut Pending<T> {
    if pending.as_ref().is_some_and(|p| p.document != index) {
        abandon(pending.take(), done);
    }
    pending.get_or_insert_with(|| Pending {
        document: index,
        outputs: Vec::new(),
        unreadable: Vec::new(),
    })
}

/// The pieces of a document that never ended (the stream broke inside it, or it was refused
/// whole): whether it was a `List` is unknown, so the decisions of its items are dropped; the
/// errors met in it are kept.
fn abandon<T>(pending: Option<Pending<T>>, done: &mut Streamed<T>) {
    if let Some(p) = pending {
        done.unreadable.extend(p.unreadable);
    }
}

/// Reads the file again without splitting and judges the documents of `again` whole, each
/// put back where its items would have been; the errors of those documents come from this
/// reading.
fn read_again<T>(
    engine: &Engine,
    read: &mut Reader<'_>,
    keep: &mut dyn FnMut(Judged, &Document) -> T,
    again: &[(usize, usize)],
    done: &mut Streamed<T>,
) {
    let mut inserted = 0;
    let wanted = |index: Option<usize>| again.iter().find(|(i, _)| Some(*i) == index);
    read(None, &mut |piece| match piece {
        Piece::Document(document) | Piece::Rest { document, .. } => {
            let Some(&(_, at)) = wanted(Some(document.index)) else {
                return;
            };
            let mut outputs = Vec::new();
            engine.judge_document(&document, &mut |j, target| outputs.push(keep(j, target)));
            let at = (at + inserted).min(done.outputs.len());
            inserted += outputs.len();
            done.outputs.splice(at..at, outputs);
        }
        Piece::Unreadable(error) if wanted(error.document).is_some() => {
            done.unreadable.push(error);
        }
        Piece::Unreadable(_) | Piece::Element { .. } => {}
    });
}
