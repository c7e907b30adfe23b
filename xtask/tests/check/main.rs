//! `cargo xtask check` end to end: the real binary on the committed fixtures.

mod base_url;
mod bindings;
mod exit_codes;
mod formats;
mod messages;
mod snapshot_drift;
mod support;
mod tolerance;
mod workspace_root;

#[path = "../fetch/support.rs"]
mod fetch_support;
