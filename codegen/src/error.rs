//! Errors of generation (planning, lowering and emitting a model), each naming the file,
//! model, JSON pointer and keyword involved. Reading a catalog, the hub's data, overlays and
//! comparing catalogs have their errors next to them.

use std::fmt;

use crate::ids::{ModelId, SchemaSource};
use crate::schema::JsonPointer;

/// A schema the generator cannot turn into Rust, located precisely.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{source_file}: at {pointer} (`{keyword}`): {message}")]
pub struct SchemaError {
    pub source_file: SchemaSource,
    pub pointer: JsonPointer,
    pub keyword: String,
    pub message: String,
}

/// One model that failed to generate.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("model \"{model}\": {error}")]
pub struct ModelError {
    pub model: ModelId,
    /// Boxed: the error travels in every `Result` of planning and lowering a model.
    pub error: Box<SchemaError>,
}

/// Something a model's schema gets wrong that does not stop it from generating (a `default`
/// that breaks its own schema, a subschema left as plain JSON).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("model \"{model}\": {warning}")]
pub struct ModelWarning {
    pub model: ModelId,
    pub warning: SchemaError,
}

/// A generation run that failed for one or more models; nothing was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenerateErrors(pub Vec<ModelError>);

impl fmt::Display for GenerateErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} model(s) could not be generated:", self.0.len())?;
        for error in &self.0 {
            writeln!(f, "  - {error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for GenerateErrors {}

/// The `keyword` of a [`SchemaError`] that is the generator's fault, not the schema's: the
/// emitted code is not valid Rust. Fuzzing and property tests fail on it.
pub const GENERATOR_BUG: &str = "generator bug";

impl GenerateErrors {
    /// The failure that is a bug of the generator (see [`GENERATOR_BUG`]), if any.
    pub fn generator_bug(&self) -> Option<&ModelError> {
        self.0.iter().find(|e| e.error.keyword == GENERATOR_BUG)
    }
}
