//! Any bytes as a model's request schema: the catalog loader's JSON step, then every stage of
//! the generator. It may refuse the schema, never panic, and what it emits must parse (emitting
//! code that does not is reported as a generator bug, which fails the target).
#![no_main]

use libfuzzer_sys::fuzz_target;
use oxen_codegen::catalog::{Capabilities, CatalogEntry};
use oxen_codegen::generate::generate_crate;
use oxen_codegen::{Endpoint, ModelId, SchemaSet, SchemaSource};

fuzz_target!(|data: &[u8]| {
    // The first byte picks a model id among hostile ones; the rest is the schema file.
    let Some((&pick, schema)) = data.split_first() else { return };
    let ids = ["fuzz-model", "1password", "a.b.c", "endpoint", "Self"];
    let Ok(schema) = serde_json::from_slice::<serde_json::Value>(schema) else { return };
    let id = ModelId::parse(ids[pick as usize % ids.len()]).expect("valid id");
    let source = SchemaSource::Model(id.clone());
    let mut set = SchemaSet::default();
    set.schemas.insert(source.clone(), schema);
    set.catalog.models.push(CatalogEntry {
        id,
        display_name: "Fuzz".to_owned(),
        summary: None,
        description: None,
        endpoint: Endpoint::ImagesGenerate,
        capabilities: Capabilities::default(),
        schema: source,
    });
    match generate_crate(&set) {
        Ok(files) => {
            for (path, text) in &files.0 {
                if path.extension().is_some_and(|e| e == "rs") {
                    assert!(!text.is_empty(), "{} is empty", path.display());
                }
            }
        }
        // Refusing the schema is fine; emitting code that does not parse is a bug.
        Err(errors) => assert!(errors.generator_bug().is_none(), "{errors}"),
    }
});
