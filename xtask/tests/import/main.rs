//! `cargo xtask import`: the committed `schemas/` are reproducible from the snapshot and the
//! OpenAPI description committed in `tests/fixtures/hub/`, and importing keeps the overlays.

use std::path::{Path, PathBuf};
use std::process::Command;

use oxen_codegen::overlay::OVERLAY_DIR;
use oxen_codegen::tree::FileTree;

const XTASK: &str = env!("CARGO_BIN_EXE_xtask");

fn repo(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(relative)
}

/// Runs `xtask import` from the committed snapshot and OpenAPI description into `schemas`.
fn import_into(schemas: &Path) {
    let out = Command::new(XTASK)
        .arg("import")
        .arg("--snapshot")
        .arg(repo("tests/fixtures/hub/2026-08-08"))
        .arg("--openapi")
        .arg(repo("tests/fixtures/hub/openapi/oxen-hub-api.json"))
        .arg("--schemas")
        .arg(schemas)
        .output()
        .expect("xtask runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn committed_schemas() -> FileTree {
    FileTree::read(&repo("schemas")).expect("committed schemas")
}

#[test]
fn importing_the_committed_sources_over_schemas_reproduces_it_byte_for_byte() {
    let dir = tempfile::tempdir().expect("tempdir");
    let schemas = dir.path().join("schemas");
    let committed = committed_schemas();
    committed.write_replacing(&schemas).expect("copy");
    import_into(&schemas);
    let imported = FileTree::read(&schemas).expect("read");
    assert!(
        imported == committed,
        "the import differs from the committed schemas/:\n{}",
        committed.diff(&imported)
    );
}

#[test]
fn importing_keeps_the_overlays_and_drops_models_the_snapshot_lacks() {
    let dir = tempfile::tempdir().expect("tempdir");
    let schemas = dir.path().join("schemas");
    let mut before = committed_schemas();
    let overlays: Vec<PathBuf> = before
        .0
        .keys()
        .filter(|p| p.starts_with(OVERLAY_DIR))
        .cloned()
        .collect();
    assert!(!overlays.is_empty(), "the catalog has overlays");
    before
        .0
        .insert(PathBuf::from("models/gone-model.json"), "{}\n".to_owned());
    before.write_replacing(&schemas).expect("copy");
    import_into(&schemas);
    let after = FileTree::read(&schemas).expect("read");
    for overlay in &overlays {
        assert_eq!(
            after.0.get(overlay),
            before.0.get(overlay),
            "{}",
            overlay.display()
        );
    }
    assert!(!after.0.contains_key(Path::new("models/gone-model.json")));
}

#[test]
fn importing_into_an_empty_directory_writes_the_catalog_without_overlays() {
    let dir = tempfile::tempdir().expect("tempdir");
    let schemas = dir.path().join("schemas");
    import_into(&schemas);
    let imported = FileTree::read(&schemas).expect("read");
    let mut committed = committed_schemas();
    committed.0.retain(|p, _| !p.starts_with(OVERLAY_DIR));
    assert!(imported == committed, "{}", committed.diff(&imported));
}
