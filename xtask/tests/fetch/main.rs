//! `cargo xtask fetch` end to end, against `cargo xtask fake-hub` on an ephemeral loopback port.

mod catalog;
mod faults;
mod left_out;
mod messages;
mod secrets;
mod support;
