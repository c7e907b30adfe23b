//! Schema drift: every difference between two catalogs, classified by what it does to a
//! client sending requests built from the old one.
//!
//! [`compare`] walks the catalogs model by model and each model's schema recursively
//! (properties, items, unions, `additionalProperties`, followed `$ref`s), producing
//! [`Change`]s in a stable order: by model, then pointer, then kind, then traversal order.
//! [`lines`] maps a change back to a line of the committed file, for CI annotations.

mod catalog;
mod change;
mod error;
pub mod field;
mod keywords;
pub mod lines;
mod overlays;
mod resolve;
mod walk;

#[cfg(test)]
mod tests;

pub use change::{Bound, BoundChange, Change, ChangeKind, Combinator, Counts, Severity};
pub use error::{DriftError, Side};

use crate::catalog::SchemaSet;
use crate::lower::on_worker_stacks;

/// Every change from `old` to `new`, sorted by model, pointer and kind.
///
/// Fails only when a catalog entry names a schema its set does not hold.
///
/// Runs on the generator's threads ([`on_worker_stacks`]): the walk recurses once per level of
/// subschemas, to [`MAX_SCHEMA_DEPTH`](crate::lower::MAX_SCHEMA_DEPTH).
pub fn compare(old: &SchemaSet, new: &SchemaSet) -> Result<Vec<Change>, DriftError> {
    on_worker_stacks(|| compare_here(old, new))
}

pub(crate) fn compare_here(old: &SchemaSet, new: &SchemaSet) -> Result<Vec<Change>, DriftError> {
    let mut changes = catalog::compare(old, new)?;
    changes.extend(overlays::compare(old, new));
    // A stable sort keeps traversal order among equal keys (enum values in list order).
    changes.sort_by(|a, b| (&a.model, &a.pointer, a.kind).cmp(&(&b.model, &b.pointer, b.kind)));
    Ok(changes)
}
