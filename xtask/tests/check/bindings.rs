//! The stale-bindings half of the check: the committed crate against what the committed
//! schemas generate.

use std::process::Command;

use tempfile::TempDir;

use crate::support::{NEW, XTASK, check, root};

/// Bindings generated from the committed `schemas/` into a temporary directory.
fn fresh_bindings() -> TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let status = Command::new(XTASK)
        .args(["generate", "--schemas", "schemas", "--out"])
        .arg(dir.path().join("generated"))
        .current_dir(root())
        .status()
        .expect("run xtask generate");
    assert!(status.success(), "xtask generate failed");
    dir
}

fn bindings_path(dir: &TempDir) -> String {
    dir.path()
        .join("generated")
        .to_str()
        .expect("utf-8 temp path")
        .to_owned()
}

/// Appends a line to the generated `lib.rs`, as a hand edit would.
fn make_stale(dir: &TempDir) {
    let lib = dir.path().join("generated/src/lib.rs");
    let mut text = std::fs::read_to_string(&lib).expect("read lib.rs");
    text.push_str("// edited by hand\n");
    std::fs::write(&lib, text).expect("write lib.rs");
}

#[test]
fn bindings_generated_from_the_schemas_are_up_to_date() {
    let dir = fresh_bindings();
    let run = check(&["--bindings", &bindings_path(&dir)]);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stdout, "bindings are up to date with schemas\n");
}

#[test]
fn edited_bindings_are_reported_stale_and_fail_the_check() {
    let dir = fresh_bindings();
    make_stale(&dir);
    let run = check(&["--bindings", &bindings_path(&dir)]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stdout.starts_with("stale bindings: 1 file(s) differ"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("generated/src/lib.rs"),
        "{}",
        run.stdout
    );
}

#[test]
fn stale_bindings_count_as_breaking() {
    let dir = fresh_bindings();
    make_stale(&dir);
    let run = check(&["--bindings", &bindings_path(&dir), "--fail-on", "breaking"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
}

#[test]
fn stale_bindings_are_flagged_in_the_json_summary() {
    let dir = fresh_bindings();
    make_stale(&dir);
    let run = check(&[
        "--bindings",
        &bindings_path(&dir),
        "--against",
        NEW,
        "--format",
        "json",
    ]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(run.json()["summary"]["stale_bindings"], true);
}

#[test]
fn stale_bindings_are_an_error_annotation_on_the_stale_file() {
    let dir = fresh_bindings();
    make_stale(&dir);
    let bindings = bindings_path(&dir);
    let run = check(&["--bindings", &bindings, "--format", "github"]);
    let prefix = format!("::error file={bindings}/src/lib.rs,title=stale bindings::");
    assert!(
        run.stdout.lines().any(|l| l.starts_with(&prefix)),
        "{prefix}\nnot in\n{}",
        run.stdout
    );
}

#[test]
fn bindings_that_cannot_be_read_exit_2() {
    let file = tempfile::NamedTempFile::new().expect("temp file");
    let run = check(&["--bindings", file.path().to_str().expect("utf-8 temp path")]);
    assert_eq!(run.code, Some(2), "{}", run.stdout);
}
