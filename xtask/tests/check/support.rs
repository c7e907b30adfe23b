//! Running `xtask check` and reading its output.

#![allow(dead_code)] // Each test module uses its own part of this.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// The fake hub of the fetch tests: `xtask fake-hub` on an ephemeral loopback port.
pub use crate::fetch_support::FakeHub;

pub const XTASK: &str = env!("CARGO_BIN_EXE_xtask");

/// The workspace root, where paths in reports are relative to.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_owned()
}

/// The older fixture catalog, relative to the workspace root.
pub const OLD: &str = "tests/fixtures/schemas/2026-06-26";
/// The newer fixture catalog, relative to the workspace root.
pub const NEW: &str = "tests/fixtures/schemas/2026-08-08";
/// The hub snapshot the newer fixture catalog was imported from.
pub const NEW_HUB: &str = "tests/fixtures/hub/2026-08-08";

/// A finished `xtask check`.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

/// `xtask check ARGS` from the workspace root, without colour.
pub fn check(args: &[&str]) -> Run {
    check_with_env(args, &[])
}

pub fn check_with_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    let output = Command::new(XTASK)
        .arg("check")
        .args(args)
        .current_dir(root())
        .env_remove("OXEN_API_KEY")
        .env_remove("OXEN_BASE_URL")
        .envs(env.iter().copied())
        .output()
        .expect("run xtask check");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The drift check between the two fixture catalogs, without the bindings check.
pub fn fixture_drift(extra: &[&str]) -> Run {
    let mut args = vec!["--no-bindings", "--schemas", OLD, "--against", NEW];
    args.extend_from_slice(extra);
    check(&args)
}

/// A copy of a fixture catalog to edit, in a temporary directory.
pub fn copy_of(relative: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&root().join(relative), dir.path());
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("dir entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// Edits one JSON file in place.
pub fn edit_json(path: &Path, edit: impl FnOnce(&mut Value)) {
    let text = std::fs::read_to_string(path).expect("read json");
    let mut value: Value = serde_json::from_str(&text).expect("parse json");
    edit(&mut value);
    std::fs::write(path, oxen_codegen::canonical::to_string(&value)).expect("write json");
}
