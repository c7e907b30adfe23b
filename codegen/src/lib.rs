//! The Oxen model catalog generator.
//!
//! Stages, each a module, data flowing one way:
//! [`catalog`] (read `schemas/`) → [`normalize`] (OpenAPI and hub quirks into draft 2020-12)
//! → [`check`] (meta-schema) → [`lower`] (typed intermediate model, [`ir`]) → [`emit`] (Rust).
//! [`generate`] runs them over the whole catalog.

pub mod canonical;
pub mod catalog;
pub mod error;
pub mod hub;
pub mod tree;

pub use catalog::{
    Catalog, CatalogEntry, Endpoint, EndpointBody, ModelId, SchemaSet, SchemaSource,
};
pub use error::JsonPointer;
