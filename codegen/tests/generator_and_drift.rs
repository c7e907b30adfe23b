//! The generator and the drift check read a schema the same way: a `$ref` the generator
//! follows to a definition is one the drift check follows to the same definition, so a change
//! there is reported where the generated type changes. Each spelling of a local reference is
//! checked on both.

use std::collections::BTreeMap;

use oxen_codegen::catalog::{Capabilities, Catalog, CatalogEntry};
use oxen_codegen::drift::{self, Severity};
use oxen_codegen::ir::{Literal, TypeDef, TypeRef};
use oxen_codegen::lower::lower_request;
use oxen_codegen::{Endpoint, ModelId, SchemaSet, SchemaSource};
use serde_json::{Value, json};

/// Every way a local reference can name the definition at `/$defs/<key>` (whose `$anchor`
/// is `sizes`): the key, and the reference to it.
const SPELLINGS: &[(&str, &str)] = &[
    ("Sizes", "#/$defs/Sizes"),
    ("Aspect sizes", "#/$defs/Aspect%20sizes"),
    ("a/b", "#/$defs/a~1b"),
    ("Sizes", "#sizes"),
];

fn schema(key: &str, reference: &str, values: Value) -> Value {
    json!({
        "type": "object",
        "$defs": {key: {"$anchor": "sizes", "type": "string", "enum": values}},
        "properties": {"size": {"$ref": reference}}
    })
}

fn id() -> ModelId {
    ModelId::parse("m").expect("valid id")
}

/// The values of the enum the generator makes the type of `size`.
fn generated_values(schema: &Value) -> Vec<String> {
    let lowered = lower_request(schema, "Request", &SchemaSource::Model(id()), &[])
        .unwrap_or_else(|error| panic!("{error}"));
    let field = lowered
        .request
        .body
        .fields
        .iter()
        .find(|f| f.json_name == "size");
    let Some(TypeRef::Named(name)) = field.map(|f| &f.ty) else {
        panic!("`size` is not a named type: {field:?}");
    };
    let Some(TypeDef::LiteralEnum(def)) = lowered.request.types.iter().find(|t| t.name() == name)
    else {
        panic!("{name} is not an enum");
    };
    def.variants
        .iter()
        .map(|v| match &v.value {
            Literal::Str(text) => text.clone(),
            other => panic!("not a string: {other:?}"),
        })
        .collect()
}

fn catalog(schema: Value) -> SchemaSet {
    let entry = CatalogEntry {
        id: id(),
        display_name: "M".to_owned(),
        summary: None,
        description: None,
        endpoint: Endpoint::ImagesGenerate,
        capabilities: Capabilities::default(),
        schema: SchemaSource::Model(id()),
    };
    SchemaSet {
        catalog: Catalog {
            models: vec![entry],
            left_out: Vec::new(),
        },
        schemas: BTreeMap::from([(SchemaSource::Model(id()), schema)]),
        overlays: Vec::new(),
        unreadable: BTreeMap::new(),
    }
}

#[test]
fn the_generator_follows_every_spelling_of_a_local_ref_to_its_definition() {
    for (key, reference) in SPELLINGS {
        let values = generated_values(&schema(key, reference, json!(["a", "b"])));
        assert_eq!(values, ["a", "b"], "{reference}");
    }
}

#[test]
fn the_drift_check_reports_a_change_behind_every_spelling_where_the_generator_sees_it() {
    for (key, reference) in SPELLINGS {
        let old = catalog(schema(key, reference, json!(["a", "b"])));
        let new = catalog(schema(key, reference, json!(["a"])));
        let changes = drift::compare(&old, &new).expect("comparable");
        let seen: Vec<(&str, Severity)> = changes
            .iter()
            .map(|c| (c.pointer.as_str(), c.severity))
            .collect();
        assert_eq!(
            seen,
            [("/properties/size/enum", Severity::Breaking)],
            "{reference}"
        );
    }
}
