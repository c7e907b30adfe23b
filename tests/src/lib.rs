//! Integration and snapshot tests live in `tests/`; this library only compiles the README's
//! examples as doctests, so the README cannot drift from the real API.
#![doc = include_str!("../../README.md")]

/// The repository root, for tests that read `schemas/` and `generated/`.
pub fn repo_root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A catalog of models with the given ids and request schemas (each its own schema file),
/// sorted by id as `schemas/catalog.json` is: how tests run the generator on inline schemas.
pub fn catalog_of(models: &[(&str, serde_json::Value)]) -> oxen_codegen::SchemaSet {
    use oxen_codegen::catalog::{Capabilities, CatalogEntry};
    use oxen_codegen::{Endpoint, ModelId, SchemaSet, SchemaSource};
    let mut set = SchemaSet::default();
    for (id, schema) in models {
        let id = ModelId::parse(id).expect("test ids are valid");
        let source = SchemaSource::Model(id.clone());
        set.schemas.insert(source.clone(), schema.clone());
        set.catalog.models.push(CatalogEntry {
            display_name: format!("Test {id}"),
            summary: Some("A test model".into()),
            description: None,
            endpoint: Endpoint::ImagesGenerate,
            capabilities: Capabilities::default(),
            schema: source,
            id,
        });
    }
    set.catalog.models.sort_by(|a, b| a.id.cmp(&b.id));
    set
}
