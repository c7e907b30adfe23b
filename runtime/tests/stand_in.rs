//! The stand-ins of the generated modules say what the generator writes, and this crate builds
//! the copied files with the features and dependencies oxen-models gives them.

use std::path::PathBuf;

use quote::ToTokens;

fn read(path: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The items of `file` named `names` (an `impl` by its type), as token text.
fn items_named(file: &str, names: &[&str]) -> Vec<String> {
    let file = syn::parse_file(&read(file)).expect("parses");
    let name_of = |item: &syn::Item| match item {
        syn::Item::Enum(e) => Some(e.ident.to_string()),
        syn::Item::Struct(s) => Some(s.ident.to_string()),
        syn::Item::Fn(f) => Some(f.sig.ident.to_string()),
        syn::Item::Impl(i) => Some(i.self_ty.to_token_stream().to_string()),
        _ => None,
    };
    file.items
        .iter()
        .filter(|item| name_of(item).is_some_and(|name| names.contains(&name.as_str())))
        .map(|item| item.to_token_stream().to_string())
        .collect()
}

#[test]
fn the_stand_in_catalog_defines_its_types_as_the_generated_catalog_does() {
    let names = ["Endpoint", "ModelInfo", "Parameter", "LeftOut", "model"];
    let generated = items_named("../generated/src/catalog.rs", &names);
    assert_eq!(
        generated.len(),
        6,
        "Endpoint, its impl, ModelInfo, Parameter, model, LeftOut"
    );
    assert_eq!(items_named("src/catalog.rs", &names), generated);
}

#[test]
fn the_stand_in_model_is_one_of_the_committed_catalog() {
    let info = oxen_models::model("flux-2-pro").expect("the stand-in's model");
    let catalog = read("../generated/src/catalog.rs");
    let entry = format!(
        "ModelInfo {{\n        id: \"{}\",\n        display_name: \"{}\",\n        summary: Some(\"{}\"),\n        endpoint: Endpoint::ImagesEdit,\n        schema_file: \"{}\",",
        info.id,
        info.display_name,
        info.summary.expect("a summary"),
        info.schema_file
    );
    assert!(catalog.contains(&entry), "{entry}");
    assert_eq!(info.endpoint, oxen_models::Endpoint::ImagesEdit);
}

/// The lines of the TOML table `[name]` of `manifest`, without comments and blank lines.
fn table(manifest: &str, name: &str) -> Vec<String> {
    let header = format!("[{name}]");
    manifest
        .lines()
        .skip_while(|line| *line != header)
        .skip(1)
        .take_while(|line| !line.starts_with('['))
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

#[test]
fn this_crate_has_the_dependencies_of_oxen_models() {
    let here = read("Cargo.toml");
    let generated = read("../generated/Cargo.toml");
    assert_eq!(
        table(&here, "dependencies"),
        table(&generated, "dependencies")
    );
}

#[test]
fn this_crate_has_the_features_of_oxen_models_that_the_copied_files_use() {
    let here = table(&read("Cargo.toml"), "features");
    let generated = table(&read("../generated/Cargo.toml"), "features");
    for feature in ["parallel", "cli", "client", "oxen"] {
        let line = |lines: &[String]| {
            lines
                .iter()
                .find(|line| line.starts_with(&format!("{feature} = ")))
                .cloned()
        };
        assert_eq!(line(&here), line(&generated), "feature {feature}");
        assert!(line(&here).is_some(), "feature {feature}");
    }
}
