//! For every model, the JSON Schema that schemars derives from the generated type states the
//! same properties, required set, enums and bounds as the schema it was generated from.

use oxen_models::{MODELS, Request, RequestVisitor};
use schemars::generate::SchemaSettings;
use serde_json::{Map, Value};

struct DerivedSchema;

impl RequestVisitor for DerivedSchema {
    type Output = Value;
    fn visit<R: Request>(self) -> Value {
        // What a client may send: the deserialize side of the contract.
        let generator = SchemaSettings::draft2020_12()
            .with(|s| s.contract = schemars::generate::Contract::Deserialize)
            .into_generator();
        generator.into_root_schema_for::<R>().to_value()
    }
}

/// The schema behind `$ref`s, and behind the `anyOf [T, null]` schemars writes for `Option<T>`.
fn resolve<'a>(root: &'a Value, schema: &'a Value) -> &'a Value {
    if let Some(pointer) = schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('#'))
    {
        return root
            .pointer(pointer)
            .map_or(schema, |target| resolve(root, target));
    }
    if let Some(Value::Array(branches)) = schema.get("anyOf") {
        let not_null: Vec<&Value> = branches
            .iter()
            .filter(|b| b.get("type") != Some(&Value::from("null")))
            .collect();
        if let [only] = not_null.as_slice() {
            return resolve(root, only);
        }
    }
    schema
}

fn properties(schema: &Value) -> Map<String, Value> {
    let mut properties = schema["properties"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    properties.remove("model");
    properties
}

fn required(schema: &Value) -> Vec<String> {
    let mut required: Vec<String> = schema["required"]
        .as_array()
        .map(|r| {
            r.iter()
                .filter_map(Value::as_str)
                .filter(|r| *r != "model")
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    required.sort();
    required
}

/// Enum values without `null` (nullability is compared through `Option`, not the enum).
fn enum_values(schema: &Value) -> Option<Vec<String>> {
    let values = schema.get("enum")?.as_array()?;
    let mut values: Vec<String> = values
        .iter()
        .filter(|v| !v.is_null())
        .map(|v| match v.as_f64() {
            Some(n) => n.to_string(),
            None => v.to_string(),
        })
        .collect();
    values.sort();
    Some(values)
}

const BOUNDS: &[&str] = &[
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "pattern",
    "format",
    "uniqueItems",
];

/// Formats schemars adds for Rust number widths (`int64`, `double`): annotations of the Rust
/// type, not constraints of the source schema.
const NUMBER_WIDTH_FORMATS: &[&str] = &[
    "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "uint", "int",
    "float", "double",
];

fn bounds(schema: &Value) -> Vec<(String, String)> {
    BOUNDS
        .iter()
        .filter_map(|&key| {
            let value = schema.get(key)?;
            if key == "format"
                && value
                    .as_str()
                    .is_some_and(|f| NUMBER_WIDTH_FORMATS.contains(&f))
            {
                return None;
            }
            let shown = value
                .as_f64()
                .map_or_else(|| value.to_string(), |n| n.to_string());
            Some((key.to_owned(), shown))
        })
        .collect()
}

#[test]
fn derived_schemas_agree_with_the_source_schemas_for_every_model() {
    let mut mismatches = Vec::new();
    for model in &MODELS {
        let source: Value = serde_json::from_str(model.schema).expect("embedded schema is JSON");
        let derived =
            oxen_models::visit_request(model.id, DerivedSchema).expect("every model has a type");
        let (source_properties, derived_properties) = (properties(&source), properties(&derived));
        let names = |p: &Map<String, Value>| p.keys().cloned().collect::<Vec<_>>();
        if names(&source_properties) != names(&derived_properties) {
            mismatches.push(format!(
                "{}: properties {:?} != {:?}",
                model.id,
                names(&source_properties),
                names(&derived_properties)
            ));
            continue;
        }
        if required(&source) != required(&derived) {
            mismatches.push(format!(
                "{}: required {:?} != {:?}",
                model.id,
                required(&source),
                required(&derived)
            ));
        }
        for (name, source_property) in &source_properties {
            let derived_property = resolve(&derived, &derived_properties[name]);
            if enum_values(source_property) != enum_values(derived_property) {
                mismatches.push(format!(
                    "{}/{name}: enum {:?} != {:?}",
                    model.id,
                    enum_values(source_property),
                    enum_values(derived_property)
                ));
            }
            let derived_field = &derived_properties[name];
            if bounds(source_property) != bounds(derived_field) {
                mismatches.push(format!(
                    "{}/{name}: bounds {:?} != {:?}",
                    model.id,
                    bounds(source_property),
                    bounds(derived_field)
                ));
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}
