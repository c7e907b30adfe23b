//! Real hub data never blocks regeneration (issue 11), proven on crates generated from catalogs
//! of the tests' own making, built and tested as a user of `oxen-models` would:
//! - the fixtures with rules no Rust type states (`tests/fixtures/hostile/shapeless-*.json`),
//!   bad defaults and subschemas left as JSON: the `agreement` proptest (the very file the
//!   committed catalog is checked with) holds `validate()` to the schema validator on them;
//! - a catalog without `flux-2-pro` and the GPT 5.x models (whose overlays are then stale):
//!   the generated crate's own tests and doctests pass, so nothing hand-written in it depends
//!   on a particular model.

use std::path::{Path, PathBuf};

use oxen_codegen::SchemaSet;
use oxen_codegen::catalog::Endpoint;
use oxen_codegen::generate::generate;
use oxen_codegen::tree::FileTree;
use oxen_tests::{catalog_of, repo_root, scratch_cargo, scratch_workspace};
use serde_json::Value;

/// The hostile fixtures that exercise tolerance: rules without a Rust shape, bad defaults,
/// subschemas left as plain JSON.
fn tolerated_fixtures() -> Vec<(String, Value)> {
    let dir = repo_root().join("tests/fixtures/hostile");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixture directory")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            // Not `default-null-not-allowed`: its optional object also takes `[]`, since
            // serde's derived structs accept a JSON array of their fields, a gap of every
            // generated struct that has nothing to do with defaults.
            name.starts_with("shapeless-")
                || (name.starts_with("default-") && name != "default-null-not-allowed.json")
                || matches!(
                    name,
                    "all-of-closed-member.json"
                        | "all-of-conflicting-patterns.json"
                        | "all-of-cycle.json"
                        | "all-of-no-common-type.json"
                        | "const-null-only.json"
                        | "ref-anchor.json"
                        | "ref-cycle-ref-to-ref.json"
                        | "ref-cycle-through-array.json"
                )
        })
        .collect();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|path| {
            let fixture: Value =
                serde_json::from_str(&std::fs::read_to_string(&path).expect("readable"))
                    .expect("JSON");
            // Only the fixtures that generate (those with a payload).
            fixture.get("payload")?;
            let id = path.file_stem()?.to_str()?.to_owned();
            Some((id, fixture["schema"].clone()))
        })
        .collect()
}

fn run_ok(dir: &Path, args: &[&str]) -> String {
    let output = scratch_cargo(dir, args);
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        output.status.success(),
        "cargo {args:?} failed:\n{stderr}\n{stdout}"
    );
    format!("{stdout}\n{stderr}")
}

#[test]
fn types_and_schemas_agree_on_every_tolerated_fixture() {
    let fixtures = tolerated_fixtures();
    assert!(fixtures.len() >= 20, "{} fixtures", fixtures.len());
    let borrowed: Vec<(&str, Value)> = fixtures
        .iter()
        .map(|(id, schema)| (id.as_str(), schema.clone()))
        .collect();
    let generated = generate(&catalog_of(&borrowed), false).unwrap_or_else(|e| panic!("{e}"));
    let dir = scratch_workspace(&generated.files);
    let krate = dir.path().join("oxen-models");
    let manifest = std::fs::read_to_string(krate.join("Cargo.toml")).expect("manifest");
    std::fs::write(
        krate.join("Cargo.toml"),
        format!("{manifest}\n[dev-dependencies]\nproptest.workspace = true\n"),
    )
    .expect("manifest");
    std::fs::create_dir_all(krate.join("tests")).expect("tests dir");
    // The catalog part: the fixture part after it needs the generator.
    let agreement =
        std::fs::read_to_string(repo_root().join("tests/tests/agreement.rs")).expect("agreement");
    let marker = "// Beyond the catalog";
    let catalog_part = agreement.split(marker).next().expect("a part");
    std::fs::write(krate.join("tests/agreement.rs"), catalog_part).expect("agreement test");
    let report = run_ok(dir.path(), &["test", "--quiet", "--test", "agreement"]);
    assert!(report.contains("2 passed"), "{report}");
}

/// The committed catalog without `flux-2-pro` and the GPT 5.x models, one model per endpoint
/// (to keep the build short); the overlays stay, so the GPT 5.x ones match nothing.
fn catalog_without_the_documented_models() -> SchemaSet {
    let mut set = SchemaSet::read(&repo_root().join("schemas")).expect("committed catalog");
    let mut endpoints: Vec<Endpoint> = set.catalog.models.iter().map(|m| m.endpoint).collect();
    endpoints.sort();
    endpoints.dedup();
    let mut seen: Vec<Endpoint> = Vec::new();
    set.catalog.models.retain(|entry| {
        let id = entry.id.as_str();
        let keep =
            id != "flux-2-pro" && !id.starts_with("gpt-5") && !seen.contains(&entry.endpoint);
        if keep {
            seen.push(entry.endpoint);
        }
        keep
    });
    assert_eq!(seen.len(), endpoints.len(), "one model per endpoint");
    set
}

#[test]
fn the_generated_crates_own_tests_pass_without_flux_2_pro_and_the_gpt_5_models() {
    let set = catalog_without_the_documented_models();
    let generated = generate(&set, false).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        generated
            .unmatched_overlays
            .iter()
            .any(|name| name == "gpt-5-reasoning-effort"),
        "{:?}",
        generated.unmatched_overlays
    );
    let files: &FileTree = &generated.files;
    assert!(
        files
            .0
            .keys()
            .all(|f| !f.to_string_lossy().contains("flux_2_pro")),
        "flux-2-pro is gone"
    );
    let dir = scratch_workspace(files);
    // Unit tests, the binaries and every doctest: the runtime's and each model's examples.
    let report = run_ok(dir.path(), &["test", "--quiet"]);
    assert!(report.contains("test result: ok"), "{report}");
    assert!(!report.contains("FAILED"), "{report}");
}
