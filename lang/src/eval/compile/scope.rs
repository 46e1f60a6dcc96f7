//! Local scopes while compiling one item: names to frame slots, innermost first. Each binding
//! gets its own slot (slots are not reused), so a frame's size is the number of bindings in
//! the item. A binder over a place also gets a pointer slot, where the evaluator keeps the JSON
//! pointer of the current element.

use crate::eval::ir::Slot;

/// A local binding.
#[derive(Clone, Debug)]
pub struct Local {
    /// The name.
    pub name: String,
    /// Its value slot.
    pub slot: Slot,
    /// For the subject and placed binders: where its pointer is.
    pub place: Option<PlaceKind>,
}

/// How a placed local's pointer is found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlaceKind {
    /// The rule's subject: the document root.
    Subject,
    /// A placed binder with its pointer slot.
    Pointer(Slot),
}

/// The scopes of one item.
#[derive(Debug, Default)]
pub struct Scopes {
    locals: Vec<Local>,
    marks: Vec<usize>,
    slots: Slot,
    pointers: Slot,
}

impl Scopes {
    /// Opens a block.
    pub fn push(&mut self) {
        self.marks.push(self.locals.len());
    }

    /// Closes the innermost block.
    pub fn pop(&mut self) {
        let mark = self.marks.pop().unwrap_or(0);
        self.locals.truncate(mark);
    }

    /// Binds `name` to a new slot.
    pub fn bind(&mut self, name: &str) -> Slot {
        let slot = self.slots;
        self.slots += 1;
        self.locals.push(Local {
            name: name.to_owned(),
            slot,
            place: None,
        });
        slot
    }

    /// Binds `name` to a new slot, as a place of the given kind.
    pub fn bind_place(&mut self, name: &str, place: PlaceKind) -> Slot {
        let slot = self.bind(name);
        if let Some(local) = self.locals.last_mut() {
            local.place = Some(place);
        }
        slot
    }

    /// A new pointer slot.
    pub fn pointer_slot(&mut self) -> Slot {
        let slot = self.pointers;
        self.pointers += 1;
        slot
    }

    /// The innermost binding of `name`.
    pub fn lookup(&self, name: &str) -> Option<&Local> {
        self.locals.iter().rev().find(|l| l.name == name)
    }

    /// The number of value slots used.
    pub fn slots(&self) -> Slot {
        self.slots
    }

    /// The number of pointer slots used.
    pub fn pointers(&self) -> Slot {
        self.pointers
    }
}
