//! Stand-in for the generated `shared/` (the endpoint bodies that models share), not copied into
//! oxen-models: the committed generated chat body itself, which `chat.rs` adds to.

#[rustfmt::skip]
#[path = "../../generated/src/shared/chat_completions.rs"]
pub mod chat_completions;
