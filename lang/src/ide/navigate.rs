//! Going to definitions and finding references: both read what the checker resolved, so a name
//! shadowed by a local, an import alias and an item of another file are told apart exactly as
//! checking tells them apart.

use super::{Location, Snapshot};
use crate::check::analysis::Target;
use crate::span::FileId;

impl Snapshot {
    /// Where the name at `offset` is declared.
    pub fn definition(&self, file: FileId, offset: u32) -> Option<Location> {
        let (target, _) = self.target_at(file, offset)?;
        self.declaration(target)
    }

    /// Every use of what the name at `offset` names, in file and position order, with its
    /// declaration first when `include_declaration`.
    pub fn references(
        &self,
        file: FileId,
        offset: u32,
        include_declaration: bool,
    ) -> Vec<Location> {
        let Some((target, _)) = self.target_at(file, offset) else {
            return Vec::new();
        };
        // A local is used in its own file only; an item anywhere.
        let files: Vec<FileId> = match target {
            Target::Local { file, .. } => vec![file],
            Target::Item { .. } => self.files().collect(),
        };
        let mut uses: Vec<Location> = files
            .into_iter()
            .filter_map(|f| self.analysis(f))
            .flat_map(|a| a.references.iter())
            .filter(|r| r.target == target)
            .map(|r| Location {
                file: r.file,
                span: r.span,
            })
            .collect();
        uses.sort();
        uses.dedup();
        if include_declaration && let Some(decl) = self.declaration(target) {
            uses.retain(|u| *u != decl);
            uses.insert(0, decl);
        }
        uses
    }

    /// The places in `file` that name the same thing as the name at `offset` (for highlighting).
    pub fn highlights(&self, file: FileId, offset: u32) -> Vec<Location> {
        self.references(file, offset, true)
            .into_iter()
            .filter(|l| l.file == file)
            .collect()
    }
}
