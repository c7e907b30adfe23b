//! One insta snapshot per model of the committed catalog: the generated module and the
//! reference page, as a reviewer reads them. A change to the generator or to a schema shows up
//! here, file by file.

use oxen_codegen::SchemaSet;
use oxen_codegen::generate::{generate_crate, model_names};
use oxen_codegen::tree::FileTree;
use oxen_tests::repo_root;

/// The crate as `cargo xtask generate` writes it.
fn committed_crate(set: &SchemaSet) -> FileTree {
    generate_crate(set).expect("the committed catalog generates")
}

#[test]
fn every_model_module_matches_its_snapshot() {
    let set = SchemaSet::read(&repo_root().join("schemas")).expect("committed schemas load");
    let files = committed_crate(&set);
    let names = model_names(&set.catalog.models);
    for (entry, name) in set.catalog.models.iter().zip(&names) {
        let path = format!("src/models/{}.rs", name.module);
        let module = &files.0[std::path::Path::new(&path)];
        insta::assert_snapshot!(format!("model__{}", entry.id), module);
    }
}

#[test]
fn every_reference_page_matches_its_snapshot() {
    let set = SchemaSet::read(&repo_root().join("schemas")).expect("committed schemas load");
    let files = committed_crate(&set);
    for entry in &set.catalog.models {
        let page = &files.0[std::path::Path::new(&format!("docs/{}.md", entry.id))];
        insta::assert_snapshot!(format!("docs__{}", entry.id), page);
    }
    insta::assert_snapshot!(
        "docs__index",
        &files.0[std::path::Path::new("docs/README.md")]
    );
}

/// Every file of `dir` (e.g. `src/shared`) as a snapshot named `<prefix>__<file stem>`.
fn every_file_matches_its_snapshot(dir: &str, prefix: &str) {
    let set = SchemaSet::read(&repo_root().join("schemas")).expect("committed schemas load");
    let files = committed_crate(&set);
    let chosen: Vec<_> = files
        .0
        .iter()
        .filter(|(path, _)| path.starts_with(dir))
        .collect();
    assert!(!chosen.is_empty());
    for (path, text) in chosen {
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("unnamed");
        insta::assert_snapshot!(format!("{prefix}__{stem}"), text);
    }
}

#[test]
fn every_shared_body_matches_its_snapshot() {
    every_file_matches_its_snapshot("src/shared", "shared");
}

#[test]
fn every_response_body_matches_its_snapshot() {
    every_file_matches_its_snapshot("src/responses", "response");
}
