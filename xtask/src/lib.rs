//! The maintainer commands behind `cargo xtask`, as a library so tests can drive them.

pub mod check;
pub mod fake_hub;
pub mod fetch;
pub mod generate;
pub mod import;
pub mod stale;
pub mod validate;
pub mod workspace;
