//! Integration and snapshot tests live in `tests/`; this library only compiles the README's
//! examples as doctests, so the README cannot drift from the real API.
#![doc = include_str!("../../README.md")]

/// The repository root, for tests that read `schemas/` and `generated/`.
pub fn repo_root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}
