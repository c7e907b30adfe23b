//! Stand-in for the generated `shared/` (the endpoint bodies that models share), not copied into
//! oxen-models: the committed generated chat body itself, and `chat.rs`, which adds to it (the
//! generated `shared/mod.rs` declares it the same way when the catalog has the chat body).

#[rustfmt::skip]
#[path = "../../generated/src/shared/chat_completions.rs"]
pub mod chat_completions;
#[path = "chat.rs"]
mod chat;
