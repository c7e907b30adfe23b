//! Typed request builders for every model of the Oxen.ai inference hub.
//!
//! Each model has a module in [`models`], a marker type naming it (e.g. [`Flux2Pro`]) and a
//! request type (e.g. [`Flux2ProRequest`]) whose constructor takes the required properties and
//! whose setters take the optional ones. `validate()` checks every value constraint of the schema.
//! Chat models share one body, [`shared::chat_completions::ChatCompletionsRequest`], through a
//! per-model alias such as [`Gpt5_5_2026_04_23Request`].
//!
//! Cargo features `chat`, `image`, `video` and `audio` (all on by default) select the endpoint
//! families to compile; [`MODELS`] and the embedded schemas are always there.

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
#[rustfmt::skip]
pub mod models;
pub mod runtime;
#[rustfmt::skip]
pub mod shared;
pub mod validate;

pub use catalog::*;
pub use runtime::{Model, ModelTag, Request, RequestVisitor, Violation, Violations};
pub use validate::{
    PayloadError, PayloadViolation, UnknownModel, ValidateSchema, validate_payload,
};
