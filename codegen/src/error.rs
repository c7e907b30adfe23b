//! Errors of every stage, each naming the file, model, JSON pointer and keyword involved.

use std::fmt;
use std::path::PathBuf;

use crate::catalog::{EndpointBody, InvalidModelId, ModelId, SchemaSource};
pub use crate::schema::JsonPointer;

/// Reading or writing a `schemas/` directory.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("cannot read {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} is not valid JSON: {source}", path.display())]
    Json {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("{}: {message}", path.display())]
    Invalid { path: PathBuf, message: String },
    #[error(transparent)]
    Overlay(#[from] crate::overlay::OverlayError),
}

/// Hub model objects that cannot become a catalog entry.
#[derive(Debug, thiserror::Error)]
pub enum HubDataError {
    #[error(transparent)]
    InvalidId(#[from] InvalidModelId),
    #[error("model \"{model}\": the hub sent no `{field}`")]
    MissingField { model: ModelId, field: &'static str },
    #[error(
        "model \"{model}\": unknown endpoint \"{endpoint}\" (known: /chat/completions, /images/generate, /images/edit, /videos/generate, /audio/speech, /audio/transcriptions, /audio/generate)"
    )]
    UnknownEndpoint { model: ModelId, endpoint: String },
    #[error("model \"{model}\": json_request_schema is neither an object nor null")]
    SchemaNotObject { model: ModelId },
    #[error("model \"{model}\": its schema is null and there is no endpoints/{}.json body to use instead", body.as_str())]
    MissingEndpointBody { model: ModelId, body: EndpointBody },
    #[error("model \"{model}\" is listed twice")]
    DuplicateModel { model: ModelId },
    #[error("the OpenAPI description has no components.schemas.{component}")]
    MissingOpenApiComponent { component: &'static str },
}

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
    pub error: SchemaError,
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
