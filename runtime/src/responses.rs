//! Stand-in for the generated `responses/`, not copied into oxen-models: the committed
//! generated response types themselves, which the client decodes into.

#[rustfmt::skip]
#[path = "../../generated/src/responses/mod.rs"]
mod generated;

pub use generated::*;
