//! Default paths are the workspace's whatever directory the commands run from; paths typed on
//! the command line are relative to where they were typed.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

use crate::fetch_support::{FakeHub, committed_schemas, fetch_command};
use crate::support::{OLD, XTASK, root};

/// A workspace of its own: a `[workspace]` manifest, `schemas/` with only what the hub does
/// not serve (endpoint bodies, overlays), and an empty member directory to run from.
fn scratch_workspace() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("Cargo.toml"), "[workspace]\nmembers = []\n").expect("manifest");
    for kept in ["endpoints", "overlays"] {
        copy_dir(
            &committed_schemas().join(kept),
            &dir.path().join("schemas").join(kept),
        );
    }
    let sub = dir.path().join("xtask");
    std::fs::create_dir(&sub).expect("subdirectory");
    (dir, sub)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy");
    }
}

fn xtask_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(XTASK)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run xtask")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn fetch_generate_and_check_from_a_subdirectory_use_the_workspaces_directories() {
    let (workspace, sub) = scratch_workspace();
    let root = workspace.path();
    let hub = FakeHub::start(&[]);

    let fetch = fetch_command()
        .args(["--base-url", &hub.url])
        .current_dir(&sub)
        .output()
        .expect("run xtask fetch");
    assert!(fetch.status.success(), "{}", text(&fetch.stderr));
    assert!(root.join("schemas/catalog.json").is_file());
    assert!(
        !sub.join("schemas").exists(),
        "fetch wrote into the subdirectory"
    );
    assert!(
        text(&fetch.stdout).ends_with(&format!("{} updated\n", root.join("schemas").display())),
        "{}",
        text(&fetch.stdout)
    );

    let generate = xtask_in(&sub, &["generate"]);
    assert!(generate.status.success(), "{}", text(&generate.stderr));
    assert!(root.join("generated/src/lib.rs").is_file());
    assert!(
        !sub.join("generated").exists(),
        "generate wrote into the subdirectory"
    );

    let check = xtask_in(&sub, &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
    assert_eq!(
        text(&check.stdout),
        format!(
            "bindings are up to date with {}\n",
            root.join("schemas").display()
        )
    );
    let up_to_date = xtask_in(&sub, &["generate", "--check"]);
    assert_eq!(
        up_to_date.status.code(),
        Some(0),
        "{}",
        text(&up_to_date.stderr)
    );

    // A typed path is relative to where it was typed.
    let against = xtask_in(&sub, &["check", "--no-bindings", "--against", "../schemas"]);
    assert_eq!(against.status.code(), Some(0), "{}", text(&against.stderr));
    let typed = xtask_in(&sub, &["generate", "--check", "--out", "generated"]);
    assert_eq!(typed.status.code(), Some(1));
    assert!(text(&typed.stdout).contains("  missing  docs/README.md\n"));
}

#[test]
fn stale_bindings_of_another_catalog_advise_the_command_with_its_arguments() {
    let run = Command::new(XTASK)
        .args(["check", "--schemas", OLD])
        .current_dir(root())
        .output()
        .expect("run xtask check");
    assert_eq!(run.status.code(), Some(1));
    let first = text(&run.stdout)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned();
    let count = first
        .strip_prefix("stale bindings: ")
        .and_then(|rest| rest.split(' ').next())
        .unwrap_or_default()
        .to_owned();
    assert_eq!(
        first,
        format!(
            "stale bindings: {count} file(s) differ from what {OLD} generates; run `cargo xtask \
             generate --schemas {OLD}` to regenerate generated from it, or pass --no-bindings if \
             it has no bindings of its own"
        )
    );
}

#[test]
fn generate_check_of_another_catalog_advises_the_command_with_its_arguments() {
    let run = Command::new(XTASK)
        .args(["generate", "--check", "--schemas", OLD])
        .current_dir(root())
        .output()
        .expect("run xtask generate --check");
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(
        text(&run.stderr),
        format!("generated is stale: run `cargo xtask generate --schemas {OLD}`\n")
    );
}
