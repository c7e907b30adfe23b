//! The last touch: rustfmt over every generated Rust file, so the committed crate is exactly
//! what `cargo fmt` leaves (prettyplease prints valid, readable Rust, but not rustfmt's layout).

use std::path::Path;
use std::process::Command;

use crate::tree::FileTree;

#[derive(Debug, thiserror::Error)]
pub enum RustfmtError {
    #[error(
        "cannot run rustfmt ({0}): install it with `rustup component add rustfmt`, or name it in $RUSTFMT"
    )]
    Missing(std::io::Error),
    #[error("rustfmt failed on the generated code: {0}")]
    Failed(String),
    #[error("a scratch directory for rustfmt: {0}")]
    Scratch(std::io::Error),
}

/// Formats every `.rs` file of `tree` in place, with one rustfmt process and its default
/// settings for edition 2024 (those `cargo fmt` uses here: the repository sets none).
pub fn format_tree(tree: &mut FileTree) -> Result<(), RustfmtError> {
    let scratch = tempfile::tempdir().map_err(RustfmtError::Scratch)?;
    let rust: Vec<&Path> = tree
        .0
        .keys()
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .map(|p| p.as_path())
        .collect();
    if rust.is_empty() {
        return Ok(());
    }
    let mut only_rust = FileTree::default();
    for path in &rust {
        only_rust
            .0
            .insert(path.to_path_buf(), tree.0[*path].clone());
    }
    let root = scratch.path().join("crate");
    only_rust
        .write_replacing(&root)
        .map_err(RustfmtError::Scratch)?;
    let rustfmt = std::env::var_os("RUSTFMT").unwrap_or_else(|| "rustfmt".into());
    let output = Command::new(rustfmt)
        .args(["--edition", "2024"])
        .args(rust.iter().map(|p| root.join(p)))
        .output()
        .map_err(RustfmtError::Missing)?;
    if !output.status.success() {
        return Err(RustfmtError::Failed(
            String::from_utf8_lossy(&output.stderr).into_owned(),
        ));
    }
    let formatted = FileTree::read(&root).map_err(RustfmtError::Scratch)?;
    tree.0.extend(formatted.0);
    Ok(())
}
