//! Why two catalogs could not be compared.

use std::fmt;

use crate::catalog::{ModelId, SchemaSource};

/// Which of the two catalogs a problem is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Old,
    New,
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Side::Old => "old",
            Side::New => "new",
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DriftError {
    /// A catalog entry names a schema file the set does not hold (an endpoint body file that
    /// is missing from the directory is skipped when it is read).
    #[error(
        "model \"{model}\" in the {side} catalog is described by {schema}, which is not in that catalog"
    )]
    MissingSchema {
        model: ModelId,
        schema: SchemaSource,
        side: Side,
    },
}
