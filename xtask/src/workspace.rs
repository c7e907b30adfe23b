//! Where the workspace is, and the directories the commands use by default.
//!
//! Default paths (`schemas/`, `generated/`) are the workspace's, whatever directory
//! `cargo xtask` runs from; a path typed on the command line is relative to where it was typed,
//! as in cargo.

use std::path::{Path, PathBuf};

/// The committed catalog, below the workspace root.
pub const SCHEMAS: &str = "schemas";
/// The generated crate, below the workspace root.
pub const GENERATED: &str = "generated";

/// The workspace root: the nearest directory at or above the current one whose `Cargo.toml`
/// has a `[workspace]` table, which is the one cargo found when it ran `cargo xtask`. Outside
/// any workspace, the current directory.
pub fn project_root() -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    cwd.ancestors()
        .find(|dir| is_workspace_root(dir))
        .unwrap_or(&cwd)
        .to_owned()
}

fn is_workspace_root(dir: &Path) -> bool {
    std::fs::read_to_string(dir.join("Cargo.toml"))
        .is_ok_and(|manifest| manifest.lines().any(|line| line.trim() == "[workspace]"))
}

/// The workspace's directory `name`, written as short as it can be: plain `name` from the
/// root itself, an absolute path from anywhere else.
pub fn default_dir(name: &str) -> PathBuf {
    let root = project_root();
    match std::env::current_dir() {
        Ok(cwd) if cwd == root => PathBuf::from(name),
        _ => root.join(name),
    }
}

/// A directory given on the command line, or the workspace's `name` when none was.
pub fn dir_or_default(given: &Option<PathBuf>, name: &str) -> PathBuf {
    given.clone().unwrap_or_else(|| default_dir(name))
}

/// The `cargo xtask generate` that makes `out` what `schemas` generate, naming each directory
/// that is not the workspace's default (the advice of a stale-bindings report).
pub fn generate_command(schemas: &Path, out: &Path) -> String {
    let mut command = String::from("cargo xtask generate");
    for (flag, dir, default) in [("--schemas", schemas, SCHEMAS), ("--out", out, GENERATED)] {
        if !same_dir(dir, &default_dir(default)) {
            command.push_str(&format!(" {flag} {}", shell_word(dir)));
        }
    }
    command
}

fn same_dir(a: &Path, b: &Path) -> bool {
    a == b
        || matches!(
            (a.canonicalize(), b.canonicalize()),
            (Ok(a), Ok(b)) if a == b
        )
}

/// A path as one word for a POSIX shell: quoted when it has anything but plain characters.
fn shell_word(path: &Path) -> String {
    let text = path.display().to_string();
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+:@%".contains(c))
    {
        text
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workspace_root_is_found_from_a_subdirectory() {
        // Unit tests run in the package directory, xtask/.
        let root = project_root();
        assert!(
            root.join("xtask/Cargo.toml").is_file(),
            "{}",
            root.display()
        );
        assert!(is_workspace_root(&root));
    }

    #[test]
    fn the_advice_names_only_directories_that_are_not_the_defaults() {
        let root = project_root();
        assert_eq!(
            generate_command(&root.join(SCHEMAS), &root.join(GENERATED)),
            "cargo xtask generate"
        );
        assert_eq!(
            generate_command(Path::new("other/schemas"), &root.join(GENERATED)),
            "cargo xtask generate --schemas other/schemas"
        );
        assert_eq!(
            generate_command(Path::new("my schemas"), Path::new("out")),
            "cargo xtask generate --schemas 'my schemas' --out out"
        );
    }
}
