//! Typed request builders for every model of the Oxen.ai inference hub.
//!
//! Each model has a module in [`models`], a marker type naming it and a request type whose
//! constructor takes the required properties and whose setters take the optional ones.
//! `validate()` checks the request's JSON with the JSON Schema validator behind
//! [`validate_payload`] (one judge: the same violations, in the same order). Chat models share
//! one body, `shared::chat_completions`, through a per-model alias.
//!
//! Cargo features `chat`, `image`, `video` and `audio` (all on by default) select the endpoint
//! families to compile; [`MODELS`] and the embedded schemas are always there. [`LEFT_OUT`]
//! lists the hub's models this crate could not be generated for, with the reason. What the hub
//! answers with is in [`responses`]; the feature `client` (off by default) adds `Client`,
//! which sends requests and decodes those responses.

#![forbid(unsafe_code)]
#![deny(rustdoc::broken_intra_doc_links)]
#![warn(missing_docs)]

// The generated modules are laid out by prettyplease when they are generated; `cargo fmt`
// leaves them alone, so `cargo xtask generate` needs no rustfmt and stays fast.
pub mod batch;
#[rustfmt::skip]
mod catalog;
#[cfg(feature = "cli")]
pub mod cli;
#[cfg(feature = "client")]
pub mod client;
#[rustfmt::skip]
pub mod models;
pub mod runtime;
#[rustfmt::skip]
pub mod responses;
#[rustfmt::skip]
pub mod shared;
pub mod validate;

pub use catalog::*;
#[cfg(feature = "client")]
pub use client::{Client, ClientError};
pub use runtime::{Model, ModelTag, Request, RequestVisitor, Violations, WideInteger};
pub use validate::{
    HubSchema, PayloadError, PayloadViolation, UnknownModel, ValidateSchema, validate_payload,
};
