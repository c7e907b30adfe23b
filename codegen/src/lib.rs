//! The Oxen model catalog generator.
//!
//! Stages, each a module, data flowing one way:
//! [`catalog`] (read `schemas/`) → [`normalize`] (OpenAPI and hub quirks into draft 2020-12)
//! → [`check`] (meta-schema) → [`lower`] (typed intermediate model, [`ir`]) → [`emit`] (Rust).
//! [`generate`] runs them over the whole catalog.

pub mod canonical;
pub mod catalog;
pub mod check;
pub mod drift;
pub mod emit;
pub mod error;
pub mod generate;
pub mod hub;
pub mod ids;
pub mod ir;
pub mod lower;
pub mod names;
pub mod normalize;
pub mod overlay;
pub mod plan;
pub mod schema;
pub mod tree;

pub use catalog::{
    Catalog, CatalogEntry, Endpoint, EndpointBody, ModelId, ResponseBody, SchemaSet, SchemaSource,
};
pub use schema::JsonPointer;
